"""The validator: check a loaded report's identities and return findings as data.

This is the *semantic* layer. It takes a :class:`~gxopen.Report` that already
loaded (types and shapes are right) and says which numbers do not add up,
where, and by how much.
"""

from __future__ import annotations

import enum
import operator
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from gxopen._cells import Path, all_rows, pointer
from gxopen._codes import Edition
from gxopen._convert import json_number
from gxopen._evidence import Explanation, TextSpan, evidence_dict
from gxopen._model import Proactive, Report
from gxopen._rules import RULES, SEVERITY_RANK, Check, Severity, Side, Term, checks
from gxopen.exceptions import InvalidReportError, ReportPairError

__all__ = [
    "PLAUSIBILITY_RULES",
    "Finding",
    "FindingKind",
    "PlausibilityRule",
    "TermValue",
    "check",
    "is_valid",
    "iter_findings",
    "validate",
]


class FindingKind(enum.StrEnum):
    """What kind of finding it is."""

    MISMATCH = "mismatch"
    """Every term is present and the two sides differ."""
    EXCEEDS = "exceeds"
    """Some terms are missing, but the present ones already break the identity."""
    NOT_ASSESSABLE = "not_assessable"
    """Some terms are missing (blank or ``/``), so the identity cannot be checked."""
    PLAUSIBILITY = "plausibility"
    """Not an identity, but something that is probably a mistake."""


@attrs.frozen
class TermValue:
    """A term of a finding with the value the report holds there.

    Attributes:
        pointer: The JSON pointer of the cell.
        report: ``"current"``, or ``"previous"`` for last year's report.
        label_zh: A short Chinese name.
        label_en: A short English name.
        weight: ``+1`` or ``-1``.
        value: The cell's value; ``None`` when not reported.
    """

    pointer: str
    report: str
    label_zh: str
    label_en: str
    weight: int
    value: int | Decimal | None


@attrs.frozen(order=False)
class Finding:
    """One thing a validator found, as data.

    Attributes:
        rule: The rule id, e.g. ``t3.balance``.
        severity: ``error``, ``warning`` or ``info``.
        kind: Mismatch, exceeds, not assessable, or plausibility.
        pointer: The JSON pointer of the cell a reader should look at first
            (the total, for identities).
        scope: The column, row or group the finding is about, e.g.
            ``natural_person``; empty for whole-report findings.
        totals: The total side with values.
        operands: The operand side with values.
        expected: The operands' sum (what the total should be), if computable.
        actual: The totals' sum, if computable.
        difference: ``actual - expected``, if both are known.
        missing: Pointers of the terms that are not reported; a term of last
            year's report is prefixed ``previous:``.
        message_zh: The finding in Chinese.
        message_en: The finding in English.
        spans: Where the narrative states the number a finding is about
            (the ``n.*`` rules).
        explanations: For ``d.pinpoint``, the sets of cell corrections that
            make every identity hold; one when the wrong cell is certain.
    """

    rule: str
    severity: Severity
    kind: FindingKind
    pointer: str
    scope: str
    message_zh: str
    message_en: str
    totals: tuple[TermValue, ...] = ()
    operands: tuple[TermValue, ...] = ()
    expected: int | Decimal | None = None
    actual: int | Decimal | None = None
    difference: int | Decimal | None = None
    missing: tuple[str, ...] = ()
    spans: tuple[TextSpan, ...] = ()
    explanations: tuple[Explanation, ...] = ()

    def sort_key(self) -> tuple[int, tuple[int, int, int], str, str, str]:
        """The deterministic order of findings: severity, then document order."""
        return (
            SEVERITY_RANK[self.severity],
            _POSITION.get(self.pointer, _NOWHERE),
            self.pointer,
            self.rule,
            self.scope,
        )

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain JSON-ready data; money is a number, as in report JSON (:func:`gxopen.dump`)."""

        def num(v: int | Decimal | None) -> int | float | None:
            return json_number(v) if isinstance(v, Decimal) else v

        def term(t: TermValue) -> dict[str, Any]:
            return {
                "pointer": t.pointer,
                "report": t.report,
                "label_zh": t.label_zh,
                "label_en": t.label_en,
                "weight": t.weight,
                "value": num(t.value),
            }

        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "kind": self.kind.value,
            "pointer": self.pointer,
            "scope": self.scope,
            "expected": num(self.expected),
            "actual": num(self.actual),
            "difference": num(self.difference),
            "missing": list(self.missing),
            "totals": [term(t) for t in self.totals],
            "operands": [term(t) for t in self.operands],
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "spans": [evidence_dict(s) for s in self.spans],
            "explanations": [evidence_dict(e) for e in self.explanations],
        }


_TABLE_ORDER = {"proactive": 2, "requests": 3, "review_litigation": 4}
_NOWHERE = (-1, -1, -1)
_POSITION: dict[str, tuple[int, int, int]] = {}
for _edition in (Edition.E2021, Edition.E2019):  # (table, row, column): a report has one edition's pointers
    for _i, _row in enumerate(all_rows(_edition)):
        _POSITION.setdefault(pointer(_row.path), (_TABLE_ORDER[_row.path[0]], _i, -1))
        for _j, _col in enumerate(_row.columns):
            _POSITION.setdefault(pointer(_row.cell(_col)), (_TABLE_ORDER[_row.path[0]], _i, _j))


# ---------------------------------------------------------------- identities

_Getter = Callable[[Any], Any]
_GETTERS: dict[Path, _Getter] = {}


def _getter(path: Path) -> _Getter:
    g = _GETTERS.get(path)
    if g is None:
        g = _GETTERS[path] = operator.attrgetter(".".join(path))
    return g


def _fmt(terms: tuple[TermValue, ...], zh: bool) -> str:
    parts: list[str] = []
    for i, t in enumerate(terms):
        label = t.label_zh if zh else t.label_en
        value = "空" if zh and t.value is None else ("blank" if t.value is None else str(t.value))
        sign = "" if i == 0 and t.weight > 0 else (" − " if t.weight < 0 else " + ")
        parts.append(f"{sign}{label} {value}")
    return "".join(parts)


def _fmt_many(terms: tuple[TermValue, ...], total: int | Decimal | None, zh: bool) -> str:
    if len(terms) == 1 or total is None:
        return _fmt(terms, zh)
    if len(terms) <= 7:
        return f"{_fmt(terms, zh)} = {total}"
    shown = tuple(t for t in terms if t.value != 0)
    what = f"{len(terms)} 项之和" if zh else f"sum of {len(terms)} rows"
    head = what if total is None else f"{what} {total}"
    if not shown:
        return f"{head}（各项均为 0）" if zh else f"{head} (all zero)"
    if len(shown) > 6:
        return head
    return f"{head}（{_fmt(shown, zh)}）" if zh else f"{head} ({_fmt(shown, zh)})"


_Compiled = tuple[tuple[tuple[_Getter, int, bool], ...], tuple[tuple[_Getter, int, bool], ...]]
_COMPILED: dict[int, _Compiled] = {}


def _compiled(chk: Check) -> _Compiled:
    key = id(chk)
    found = _COMPILED.get(key)
    if found is None:

        def side(terms: tuple[Term, ...]) -> tuple[tuple[_Getter, int, bool], ...]:
            return tuple((_getter(t.path), t.weight, t.side is Side.PREVIOUS) for t in terms)

        found = _COMPILED[key] = (side(chk.totals), side(chk.operands))
    return found


def _quick_ok(chk: Check, report: Report, previous: Report | None, blank_as_zero: bool) -> bool:
    """True when the check certainly yields no finding: the common case, without building terms."""
    totals, operands = _compiled(chk)
    balance = 0
    blank = present = 0
    for terms, sign in ((totals, 1), (operands, -1)):
        for getter, weight, prev in terms:
            v = getter(previous if prev else report)
            if v is None:
                if not blank_as_zero:
                    blank += 1
                    continue
                v = 0
            present += 1
            balance += sign * weight * v
    if blank:
        return present == 0  # all blank: nothing reported, nothing said
    return balance == 0


def _evaluate(chk: Check, report: Report, previous: Report | None, blank_as_zero: bool) -> Finding | None:
    if _quick_ok(chk, report, previous, blank_as_zero):
        return None

    def values(terms: tuple[Term, ...]) -> tuple[TermValue, ...]:
        out = []
        for t in terms:
            source = previous if t.side is Side.PREVIOUS else report
            v = _getter(t.path)(source)
            if v is None and blank_as_zero:
                v = 0
            out.append(TermValue(t.pointer, t.side.value, t.label_zh, t.label_en, t.weight, v))
        return tuple(out)

    totals = values(chk.totals)
    operands = values(chk.operands)
    every = totals + operands
    missing = tuple(t for t in every if t.value is None)
    if len(missing) == len(every):
        return None  # nothing reported, nothing said
    rule = chk.rule
    where = totals[0].pointer
    head_zh = f"{rule.id} {chk.scope_zh}"
    head_en = f"{rule.id} [{chk.scope_en}]"
    if not missing:
        expected = sum(t.weight * t.value for t in operands if t.value is not None)
        actual = sum(t.weight * t.value for t in totals if t.value is not None)
        if expected == actual:
            return None
        diff = actual - expected
        return Finding(
            rule=rule.id,
            severity=rule.severity,
            kind=FindingKind.MISMATCH,
            pointer=where,
            scope=chk.scope_key,
            totals=totals,
            operands=operands,
            expected=expected,
            actual=actual,
            difference=diff,
            message_zh=f"{head_zh}: {_fmt_many(operands, expected, True)} ≠ {_fmt_many(totals, actual, True)}"
            f" (差 {abs(diff)})",
            message_en=f"{head_en}: {_fmt_many(operands, expected, False)}, but {_fmt_many(totals, actual, False)}"
            f" (off by {abs(diff)}) at {where}",
        )
    missing_ptrs = tuple(t.pointer if t.report == "current" else f"previous:{t.pointer}" for t in missing)
    if all(t.weight > 0 for t in every) and not any(t.signed for t in (*chk.totals, *chk.operands)):
        present_ops = sum(t.value for t in operands if t.value is not None)
        present_tot = sum(t.value for t in totals if t.value is not None)
        complete_tot = all(t.value is not None for t in totals)
        complete_ops = all(t.value is not None for t in operands)
        if (complete_tot and present_ops > present_tot) or (complete_ops and present_tot > present_ops):
            return Finding(
                rule=rule.id,
                severity=rule.severity,
                kind=FindingKind.EXCEEDS,
                pointer=where,
                scope=chk.scope_key,
                totals=totals,
                operands=operands,
                expected=present_ops if complete_ops else None,
                actual=present_tot if complete_tot else None,
                missing=missing_ptrs,
                message_zh=f"{head_zh}: 已填各项 {_fmt_many(operands, present_ops, True)} 与"
                f" {_fmt_many(totals, present_tot, True)} 不可能相等（空项不能为负数）",
                message_en=f"{head_en}: the filled cells already disagree — {_fmt_many(operands, present_ops, False)}"
                f" vs {_fmt_many(totals, present_tot, False)}; blank cells cannot be negative, at {where}",
            )
    names_zh = "、".join(t.label_zh for t in missing)
    names_en = ", ".join(t.label_en for t in missing)
    return Finding(
        rule=rule.id,
        severity=Severity.INFO,
        kind=FindingKind.NOT_ASSESSABLE,
        pointer=where,
        scope=chk.scope_key,
        totals=totals,
        operands=operands,
        missing=missing_ptrs,
        message_zh=f"{head_zh}: 无法核对，未填写: {names_zh}",
        message_en=f"{head_en}: not assessable; not reported: {names_en} ({', '.join(missing_ptrs)})",
    )


# ---------------------------------------------------------------- plausibility


@attrs.frozen
class PlausibilityRule:
    """A check that is not an identity but catches real mistakes.

    Attributes:
        id: A stable id, e.g. ``p.fee_unit``.
        severity: The severity of its findings.
        description_zh: What it checks, in Chinese.
        description_en: What it checks, in English.
    """

    id: str
    severity: Severity
    description_zh: str
    description_en: str


FEE_UNIT_THRESHOLD = Decimal(10_000)
"""A fee amount of at least this many 万元 (100 million yuan) looks like 元 typed into the 万元 cell."""

PLAUSIBILITY_RULES: tuple[PlausibilityRule, ...] = (
    PlausibilityRule(
        "p.edition_year",
        Severity.WARNING,
        "2021 年版格式自 2021 年度报告起使用，2019 年版用于 2019、2020 年度报告；版本与年度不符。",
        "The 2021 edition is used from the 2021 reports on and the 2019 edition for 2019–2020: edition and year "
        "disagree.",
    ),
    PlausibilityRule(
        "p.fee_unit",
        Severity.WARNING,
        "行政事业性收费金额单位为万元；整数且不少于 10000 万元的数值多半是按元填写的。",
        "The fee amount is in 万元 (10,000 yuan); a whole number of at least 10,000 万元 was probably typed in 元.",
    ),
    PlausibilityRule(
        "p.procurement_unit",
        Severity.WARNING,
        "2019 年版格式未规定“采购总金额”的单位；报告未注明单位时按万元计，请核对。",
        "The 2019 edition names no unit for the procurement amount (采购总金额); the report names none either, "
        "so 万元 was assumed: check it.",
    ),
    PlausibilityRule(
        "p.regulations_agency",
        Severity.WARNING,
        "只有省级和设区的市级人民政府可以制定规章；街道、乡镇、县级机关填报规章件数可能有误。",
        "Only provincial governments and those of cities with districts make 规章; a street office, township "
        "or county body reporting regulations is probably mistaken.",
    ),
)
"""The plausibility checks, in catalogue order."""

_PLAUSIBILITY = {r.id: r for r in PLAUSIBILITY_RULES}


def _plausible(rule_id: str, where: str, zh: str, en: str, **kw: Any) -> Finding:
    rule = _PLAUSIBILITY[rule_id]
    return Finding(
        rule=rule_id,
        severity=rule.severity,
        kind=FindingKind.PLAUSIBILITY,
        pointer=where,
        scope="",
        message_zh=f"{rule_id}: {zh}",
        message_en=f"{rule_id}: {en} at {where}",
        **kw,
    )


_LOWER_LEVEL = re.compile(r"街道|乡|镇|县")


def _plausibility(report: Report) -> Iterator[Finding]:
    if (report.edition is Edition.E2021) != (report.year >= 2021):
        yield _plausible(
            "p.edition_year",
            "/edition",
            f"{report.year} 年度报告使用了 {report.edition.value} 年版格式",
            f"a {report.year} report uses the {report.edition.value} edition",
        )
    table2 = report.proactive
    if isinstance(table2, Proactive):
        yield from _fee_unit(table2)
        regs = table2.regulations
        made, stock, words = regs.issued, regs.in_force, ("制发", "现行有效", "issued", "in force")
    else:
        procurement = table2.procurement
        if procurement.amount is not None and procurement.reported_unit is None:
            yield _plausible(
                "p.procurement_unit",
                "/proactive/procurement/reported_unit",
                f"采购总金额 {procurement.amount} 未注明单位，已按万元计",
                f"the procurement amount {procurement.amount} names no unit; 万元 was assumed",
                actual=procurement.amount,
            )
        made, stock = table2.regulations.made, table2.regulations.total_published
        words = ("新制作", "对外公开总数", "made", "published in total")
    if _LOWER_LEVEL.search(report.agency) and any(v for v in (made, stock)):
        yield _plausible(
            "p.regulations_agency",
            "/proactive/regulations",
            f"{report.agency} 不具有规章制定权，却填报规章（{words[0]} {made}，{words[1]} {stock}）",
            f"{report.agency} cannot make 规章 but reports {words[2]} {made}, {words[3]} {stock}",
        )


def _fee_unit(table2: Proactive) -> Iterator[Finding]:
    amount = table2.fees.amount
    if amount is not None and amount >= FEE_UNIT_THRESHOLD and amount == amount.to_integral_value():
        yield _plausible(
            "p.fee_unit",
            "/proactive/fees/amount",
            f"收费金额 {amount} 万元（即 {amount * 10000} 元）疑为按元填写",
            f"a fee amount of {amount} 万元 ({amount * 10000} yuan) looks like yuan typed into the 万元 cell",
            actual=amount,
        )


# ---------------------------------------------------------------- the engine


def _check_pair(report: Report, previous: Report) -> None:
    if " ".join(previous.agency.split()) != " ".join(report.agency.split()):
        raise ReportPairError(
            f"previous report is of another agency: {previous.agency!r}, not {report.agency!r}"
        ) from None
    if previous.year != report.year - 1:
        raise ReportPairError(
            f"previous report is for {previous.year}, not {report.year - 1} (the year before {report.year})"
        ) from None


def iter_findings(
    report: Report, previous: Report | None = None, *, blank_as_zero: bool = False, diagnose: bool = False
) -> Iterator[Finding]:
    """Yield the findings of ``report`` as they are found (not sorted).

    Args:
        report: The report to check.
        previous: Last year's report of the same agency; enables the cross-year
            rules that apply to both reports' editions: ``x.carry`` always
            (also from a 2020 report in the 2019 edition to a 2021 report in
            the 2021 edition), ``x.items`` between two 2019-edition reports,
            ``x.in_force`` between two 2021-edition reports.
        blank_as_zero: Read blank (``None``) cells as 0 — the explicit opt-in
            for reports that leave zeros blank. Never the default.
        diagnose: Add the diagnosis findings (:func:`gxopen.diagnose`): the
            cell that is probably wrong (``d.pinpoint``), numbers stated in the
            narrative (``n.*``), missing parts and tables (``s.*``),
            year-over-year jumps and repeated text (``y.*``), the publication
            deadline (``p.deadline``).

    Raises:
        ReportPairError: ``previous`` is of another agency or not the year before.
    """
    if previous is not None:
        _check_pair(report, previous)
    mismatch = False
    for rule in RULES:
        if report.edition not in rule.editions:
            continue
        if rule.cross_year and (previous is None or previous.edition not in rule.editions):
            continue
        for chk in checks(rule, report.edition):
            finding = _evaluate(chk, report, previous, blank_as_zero)
            if finding is not None:
                mismatch = mismatch or (finding.kind is FindingKind.MISMATCH and finding.severity is Severity.ERROR)
                yield finding
    yield from _plausibility(report)
    if diagnose:
        from gxopen._diagnose import _diagnose  # noqa: PLC0415 - the diagnosis builds on this module

        yield from _diagnose(report, previous, mismatch, blank_as_zero)


def validate(
    report: Report, previous: Report | None = None, *, blank_as_zero: bool = False, diagnose: bool = False
) -> list[Finding]:
    """Check the accounting identities and plausibility of ``report``.

    Returns every finding, errors first, then in document order. An empty
    list means the report is consistent. See :func:`iter_findings` for the
    arguments.
    """
    found = iter_findings(report, previous, blank_as_zero=blank_as_zero, diagnose=diagnose)
    return sorted(found, key=Finding.sort_key)


def is_valid(report: Report, previous: Report | None = None, *, blank_as_zero: bool = False) -> bool:
    """Whether ``report`` has no finding of severity error."""
    return not any(f.severity is Severity.ERROR for f in iter_findings(report, previous, blank_as_zero=blank_as_zero))


def check(report: Report, previous: Report | None = None, *, blank_as_zero: bool = False) -> list[Finding]:
    """Raise if ``report`` has errors; otherwise return its (non-error) findings.

    Raises:
        InvalidReportError: carrying every finding when any is an error.
    """
    findings = validate(report, previous, blank_as_zero=blank_as_zero)
    if any(f.severity is Severity.ERROR for f in findings):
        raise InvalidReportError(findings)
    return findings
