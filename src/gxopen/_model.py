"""The report model: frozen attrs classes that *are* the official format.

Field names are the JSON keys of :mod:`gxopen._codes`; a test keeps the two in
step. Cells follow the format (:doc:`/format`, what a cell holds):

* a count is a non-negative :class:`int`, or ``None`` when the report leaves
  the cell blank, ``/`` or drops it ("not reported" — never zero);
* a money amount is an exact :class:`~decimal.Decimal` (万元 in table 2), or
  ``None``.

* a signed change (``本年增/减``, 2019 edition only) is an :class:`int` of
  either sign, or ``None``.

Constructing a class checks each cell's type and sign; whether the numbers add
up is the validator's business, never the model's.

Both editions share one :class:`Report` class, discriminated by
:attr:`Report.edition`. Two fields take the edition's shape: table 2
(:class:`Proactive` or :class:`Proactive2019`) and table 3's （六）其他处理
(:class:`OtherOutcomes`, three rows, or one :class:`ApplicantCounts` row in
2019). Everything else — table 3's columns and other rows, table 4, the
narrative parts — is the same class in both. Constructing a report whose
shapes do not match its edition raises :class:`ValueError`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal, TypeGuard

import attrs

from gxopen._codes import Edition

__all__ = [
    "ApplicantCounts",
    "DecisionCount",
    "Denied",
    "DocumentCounts",
    "DocumentCounts2019",
    "FeeAmount",
    "FeeItems",
    "ItemCounts",
    "NotProcessed",
    "OtherOutcomes",
    "Outcomes",
    "Proactive",
    "Proactive2019",
    "Procurement",
    "Report",
    "Requests",
    "ReviewCounts",
    "ReviewLitigation",
    "Unavailable",
]

Count = int | None
"""A count cell: a non-negative integer, or ``None`` for "not reported"."""

Money = Decimal | None
"""A money cell: a non-negative exact decimal, or ``None``."""

Signed = int | None
"""A signed change cell (``本年增/减``): an integer of either sign, or ``None``."""


def is_count(value: object) -> TypeGuard[int | None]:
    """Whether ``value`` is a valid count cell: ``None`` or an ``int`` (not ``bool``) ≥ 0."""
    return value is None or (type(value) is int and value >= 0)


def is_year(value: object) -> TypeGuard[int]:
    """Whether ``value`` is a valid report year: a four-digit ``int`` (not ``bool``)."""
    return type(value) is int and 1000 <= value <= 9999


def _check_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if is_count(value):
        return
    raise ValueError(
        f"{type(instance).__name__}.{attribute.name}: expected a non-negative integer or None, got {value!r}"
    )


def _check_money(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None or (type(value) is Decimal and value.is_finite() and value >= 0):
        return
    raise ValueError(
        f"{type(instance).__name__}.{attribute.name}: expected a non-negative finite Decimal or None, got {value!r}"
    )


def _check_signed(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None or type(value) is int:
        return
    raise ValueError(f"{type(instance).__name__}.{attribute.name}: expected an integer (signed) or None, got {value!r}")


def _count() -> Any:
    return attrs.field(validator=_check_count)


def _signed() -> Any:
    return attrs.field(validator=_check_signed, metadata={SIGNED: True})


SIGNED = "gxopen.signed"
"""The attrs metadata key that marks a signed cell (its type alias is the count's, ``int | None``)."""


def _money() -> Any:
    return attrs.field(validator=_check_money)


# ---------------------------------------------------------------- table 2


@attrs.frozen(kw_only=True)
class DocumentCounts:
    """A table 2 row of block （一）: documents issued, repealed, in force (2021)."""

    issued: Count = _count()
    """本年制发件数 — issued this year."""
    repealed: Count = _count()
    """本年废止件数 — repealed this year."""
    in_force: Count = _count()
    """现行有效件数 — in force at year end (a stock, not a flow)."""


@attrs.frozen(kw_only=True)
class DecisionCount:
    """A table 2 row of blocks （五） and （六）: decisions this year (2021)."""

    decisions: Count = _count()
    """本年处理决定数量 — decisions made this year."""


@attrs.frozen(kw_only=True)
class FeeAmount:
    """The table 2 row of block （八）: administrative fees collected (2021)."""

    amount: Money = _money()
    """本年收费金额（单位：万元） — in 万元 (10,000 yuan), exact."""


@attrs.frozen(kw_only=True)
class Proactive:
    """Table 2, proactive disclosure (主动公开), 2021 edition: 10 cells."""

    regulations: DocumentCounts
    """规章."""
    normative_documents: DocumentCounts
    """行政规范性文件."""
    licensing: DecisionCount
    """行政许可."""
    penalty: DecisionCount
    """行政处罚."""
    coercion: DecisionCount
    """行政强制."""
    fees: FeeAmount
    """行政事业性收费."""


# ---------------------------------------------------------------- table 2, 2019 edition


@attrs.frozen(kw_only=True)
class DocumentCounts2019:
    """A table 2 row of block （一） in the 2019 edition: documents made and published."""

    made: Count = _count()
    """本年新制作数量 — newly made this year."""
    published: Count = _count()
    """本年新公开数量 — newly published this year."""
    total_published: Count = _count()
    """对外公开总数量 — published in total (a stock)."""


@attrs.frozen(kw_only=True)
class ItemCounts:
    """A table 2 row of blocks （五） and （六） in the 2019 edition: items and decisions."""

    previous_items: Count = _count()
    """上一年项目数量 — items in the previous year."""
    change: Signed = _signed()
    """本年增/减 — the signed change this year (``+14``, ``-3``)."""
    decisions: Count = _count()
    """处理决定数量 — decisions."""


@attrs.frozen(kw_only=True)
class FeeItems:
    """The table 2 row of block （八） in the 2019 edition: fee items, not amounts."""

    previous_items: Count = _count()
    """上一年项目数量 — fee items in the previous year."""
    change: Signed = _signed()
    """本年增/减 — the signed change this year."""


AmountUnit = Literal["元", "万元"]
"""A unit a report writes an amount in."""


def _check_unit(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None or value in ("元", "万元"):
        return
    raise ValueError(f"{type(instance).__name__}.{attribute.name}: expected '元', '万元' or None, got {value!r}")


@attrs.frozen(kw_only=True)
class Procurement:
    """The table 2 row of block （九） in the 2019 edition: centralised procurement.

    The template names no unit for 采购总金额 and publishers write 元 or 万元.
    gxopen keeps :attr:`amount` in one documented unit, 万元 (like the 2021
    edition's fee amount), exactly; :attr:`reported_unit` records the unit the
    report used, so the published figure is ``amount × 10000`` when it is
    ``"元"``. ``None`` means the report named no unit and 万元 was assumed
    (the validator warns with ``p.procurement_unit``).
    """

    projects: Count = _count()
    """采购项目数量 — procurement projects."""
    amount: Money = _money()
    """采购总金额 — the total amount, in 万元 (10,000 yuan), exact."""
    reported_unit: AmountUnit | None = attrs.field(validator=_check_unit)
    """The unit the report wrote the amount in; ``None`` when it named none."""


@attrs.frozen(kw_only=True)
class Proactive2019:
    """Table 2, proactive disclosure (主动公开), 2019 edition: 22 cells."""

    regulations: DocumentCounts2019
    """规章."""
    normative_documents: DocumentCounts2019
    """规范性文件."""
    licensing: ItemCounts
    """行政许可."""
    other_services: ItemCounts
    """其他对外管理服务事项."""
    penalty: ItemCounts
    """行政处罚."""
    coercion: ItemCounts
    """行政强制."""
    fees: FeeItems
    """行政事业性收费."""
    procurement: Procurement
    """政府集中采购."""


# ---------------------------------------------------------------- table 3


@attrs.frozen(kw_only=True)
class ApplicantCounts:
    """One row of table 3: a count for each of the seven applicant columns."""

    natural_person: Count = _count()
    """自然人."""
    commercial_enterprise: Count = _count()
    """商业企业."""
    research_institution: Count = _count()
    """科研机构."""
    public_welfare_organization: Count = _count()
    """社会公益组织."""
    legal_service_institution: Count = _count()
    """法律服务机构."""
    other_organization: Count = _count()
    """其他 (organisations of other kinds)."""
    total: Count = _count()
    """总计."""


@attrs.frozen(kw_only=True)
class Denied:
    """Table 3 group （三）不予公开: eight reasons for denial."""

    state_secret: ApplicantCounts
    prohibited_by_law: ApplicantCounts
    security_and_stability: ApplicantCounts
    third_party_rights: ApplicantCounts
    internal_affairs: ApplicantCounts
    process_information: ApplicantCounts
    enforcement_case_file: ApplicantCounts
    administrative_inquiry: ApplicantCounts


@attrs.frozen(kw_only=True)
class Unavailable:
    """Table 3 group （四）无法提供: three reasons."""

    not_held: ApplicantCounts
    requires_creation: ApplicantCounts
    unclear_after_correction: ApplicantCounts


@attrs.frozen(kw_only=True)
class NotProcessed:
    """Table 3 group （五）不予处理: five reasons."""

    petition_or_complaint: ApplicantCounts
    duplicate: ApplicantCounts
    publication: ApplicantCounts
    excessive: ApplicantCounts
    confirmation: ApplicantCounts


@attrs.frozen(kw_only=True)
class OtherOutcomes:
    """Table 3 group （六）其他处理 of the 2021 edition: three rows.

    The 2019 edition has （六） as a single row, an :class:`ApplicantCounts`.
    """

    no_correction: ApplicantCounts
    fee_unpaid: ApplicantCounts
    other: ApplicantCounts


@attrs.frozen(kw_only=True)
class Outcomes:
    """Table 3 group 三、本年度办理结果: the outcomes (1)–(7)."""

    granted: ApplicantCounts
    """（一）予以公开."""
    partially_granted: ApplicantCounts
    """（二）部分公开."""
    denied: Denied
    """（三）不予公开."""
    unavailable: Unavailable
    """（四）无法提供."""
    not_processed: NotProcessed
    """（五）不予处理."""
    other: OtherOutcomes | ApplicantCounts
    """（六）其他处理: three rows (2021 edition) or a single row (2019 edition)."""
    total: ApplicantCounts
    """（七）总计."""


@attrs.frozen(kw_only=True)
class Requests:
    """Table 3, requests received and handled: 25 (2021) or 23 (2019) rows × 7 columns."""

    new: ApplicantCounts
    """一、本年新收政府信息公开申请数量."""
    carried_over: ApplicantCounts
    """二、上年结转政府信息公开申请数量."""
    outcomes: Outcomes
    """三、本年度办理结果."""
    carried_forward: ApplicantCounts
    """四、结转下年度继续办理."""


# ---------------------------------------------------------------- table 4


@attrs.frozen(kw_only=True)
class ReviewCounts:
    """One group of table 4: five result columns."""

    upheld: Count = _count()
    """结果维持."""
    corrected: Count = _count()
    """结果纠正."""
    other: Count = _count()
    """其他结果."""
    pending: Count = _count()
    """尚未审结."""
    total: Count = _count()
    """总计."""


@attrs.frozen(kw_only=True)
class ReviewLitigation:
    """Table 4, administrative review and litigation: 3 groups × 5 columns."""

    review: ReviewCounts
    """行政复议."""
    litigation_direct: ReviewCounts
    """行政诉讼 — 未经复议直接起诉."""
    litigation_after_review: ReviewCounts
    """行政诉讼 — 复议后起诉."""


# ---------------------------------------------------------------- the report


def _check_year(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if is_year(value):
        return
    raise ValueError(f"Report.year: expected a four-digit year, got {value!r}")


@attrs.frozen(kw_only=True)
class Report:
    """A Government Information Disclosure Annual Report.

    The six parts of the report are :attr:`overview` (一), :attr:`proactive`
    (二, table 2), :attr:`requests` (三, table 3), :attr:`review_litigation`
    (四, table 4), :attr:`problems` (五) and :attr:`other_matters` (六).
    A narrative part is ``None`` when the report does not contain it.
    """

    edition: Edition = attrs.field(validator=attrs.validators.instance_of(Edition))
    """The edition of the format the report follows."""
    agency: str = attrs.field(validator=attrs.validators.instance_of(str))
    """The publishing body, e.g. ``…人民政府…街道办事处``."""
    year: int = attrs.field(validator=_check_year)
    """The year reported on (not the year of publication)."""
    title: str | None = None
    """The report's title, if known."""
    published: datetime.date | None = None
    """The date of publication, if known."""
    source: str | None = None
    """Where the report was published (a URL), if known."""
    overview: str | None
    """一、总体情况."""
    proactive: Proactive | Proactive2019
    """二、主动公开政府信息情况 (table 2), in the shape of :attr:`edition`."""
    requests: Requests
    """三、收到和处理政府信息公开申请情况 (table 3)."""
    review_litigation: ReviewLitigation
    """四、政府信息公开行政复议、行政诉讼情况 (table 4)."""
    problems: str | None
    """五、存在的主要问题及改进情况."""
    other_matters: str | None
    """六、其他需要报告的事项."""

    def __attrs_post_init__(self) -> None:
        mismatch = edition_mismatch(self.edition, self.proactive, self.requests.outcomes.other)
        if mismatch is not None:
            raise ValueError(f"Report: {mismatch}")


_SHAPES: dict[Edition, tuple[type, type, str, str]] = {
    Edition.E2019: (Proactive2019, ApplicantCounts, "Proactive2019", "a single row (ApplicantCounts)"),
    Edition.E2021: (Proactive, OtherOutcomes, "Proactive", "three rows (OtherOutcomes)"),
}


def edition_mismatch(edition: Edition, proactive: object, other: object) -> str | None:
    """Why table 2 and table 3's （六） do not have the shape of ``edition``; ``None`` when they do."""
    table2, other_type, table2_name, other_name = _SHAPES[edition]
    found = []
    if type(proactive) is not table2:
        found.append(f"proactive is a {type(proactive).__name__}, expected {table2_name}")
    if type(other) is not other_type:
        found.append(f"requests.outcomes.other is a {type(other).__name__}, expected {other_name}")
    if not found:
        return None
    return f"edition is {edition.value!r}, but " + "; ".join(found)


def edition_types(edition: Edition) -> dict[tuple[type, str], type]:
    """The concrete class of each field whose type depends on the edition."""
    table2, other_type, _, _ = _SHAPES[edition]
    return {(Report, "proactive"): table2, (Outcomes, "other"): other_type}
