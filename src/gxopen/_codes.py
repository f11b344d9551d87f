"""Category codes: every table, block, group, row and column of both editions.

This module is the single source of truth for the official format. The model
(:mod:`gxopen._model`), the converter, the JSON Schema, the validator's rules,
the renderers, the parsers and the documentation's code tables all read it.

A :class:`Code` carries the official numbering (``"3.3.1"``), the JSON key
(``"state_secret"``), the exact Chinese label of the official template, the
label variants seen in published reports, and an English label.

Numbering used for parts of the format that the template does not number:

* Table 2 blocks are numbered by the article item they implement: ``20.1`` is
  ``第二十条第（一）项``; its rows are ``20.1.1``, ``20.1.2``; columns are
  numbered ``1``, ``2``, ``3`` within the block.
* Table 3 columns (applicant types) are numbered ``1``–``7`` left to right.
* Table 4 groups are ``1`` (行政复议), ``2`` (行政诉讼) with ``2.1`` and ``2.2``;
  its columns are ``1``–``5``.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterator

import attrs

__all__ = [
    "PARTS",
    "TABLE2_2019",
    "TABLE2_2021",
    "TABLE3_COLUMNS",
    "TABLE3_NOTE",
    "TABLE3_ROWS_2019",
    "TABLE3_ROWS_2021",
    "TABLE4_COLUMNS",
    "TABLE4_GROUPS",
    "Code",
    "Edition",
    "Kind",
    "normalize_label",
    "table2",
    "table3_rows",
]


class Edition(enum.StrEnum):
    """An edition of the official report format."""

    E2019 = "2019"
    """国办公开办函〔2019〕60号, the trial format used for the 2019 and 2020 reports."""
    E2021 = "2021"
    """国办公开办函〔2021〕30号, used from the 2021 reports on."""


class Kind(enum.StrEnum):
    """What a :class:`Code` names."""

    PART = "part"
    TABLE = "table"
    BLOCK = "block"
    GROUP = "group"
    ROW = "row"
    COLUMN = "column"


BOTH = frozenset({Edition.E2019, Edition.E2021})
ONLY_2019 = frozenset({Edition.E2019})
ONLY_2021 = frozenset({Edition.E2021})


@attrs.frozen
class Code:
    """One named element of the official format.

    Attributes:
        code: The official numbering (``"3.3.1"``), or the numbering this
            module documents where the template has none.
        key: The JSON key of the element, or ``None`` for a header that has no
            place in the JSON (``行政诉讼`` spans two groups of table 4).
        zh: The exact Chinese label of the official template.
        en: An English label.
        kind: What the element is.
        editions: The editions that contain the element.
        variants: Other spellings of the label seen in published reports.
        unit: The unit of a column's values in the model: the one the label
            names, or (``采购总金额``, whose label names none) the one gxopen
            normalises to.
        signed: Whether a column's values may be negative (``本年增/减``).
        children: Rows of a group or block, groups of a table.
        columns: The columns of a table 2 block.
        keywords: Words that name the element on their own when its label is
            paraphrased, wrapped over lines or garbled; the parsers match them
            inside a label (the longest label matching exactly still wins).
    """

    code: str
    key: str | None
    zh: str
    en: str
    kind: Kind
    editions: frozenset[Edition] = BOTH
    variants: tuple[str, ...] = ()
    unit: str | None = None
    children: tuple[Code, ...] = ()
    columns: tuple[Code, ...] = ()
    keywords: tuple[str, ...] = ()
    signed: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        """The official label followed by its variants."""
        return (self.zh, *self.variants)

    def walk(self) -> Iterator[Code]:
        """Yield this code and all its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def leaves(self) -> tuple[Code, ...]:
        """The data rows below this code (itself if it has no children)."""
        if not self.children:
            return (self,)
        return tuple(leaf for c in self.children for leaf in c.leaves)


def _row(
    code: str,
    key: str,
    zh: str,
    en: str,
    *variants: str,
    editions: frozenset[Edition] = BOTH,
    keywords: tuple[str, ...] = (),
) -> Code:
    return Code(code, key, zh, en, Kind.ROW, editions, variants, keywords=keywords)


def _col(
    code: str,
    key: str,
    zh: str,
    en: str,
    *variants: str,
    unit: str | None = None,
    keywords: tuple[str, ...] = (),
    signed: bool = False,
) -> Code:
    return Code(code, key, zh, en, Kind.COLUMN, BOTH, variants, unit, keywords=keywords, signed=signed)


def _group(
    code: str,
    key: str | None,
    zh: str,
    en: str,
    children: tuple[Code, ...],
    *variants: str,
    keywords: tuple[str, ...] = (),
) -> Code:
    return Code(code, key, zh, en, Kind.GROUP, BOTH, variants, children=children, keywords=keywords)


# ---------------------------------------------------------------- the six parts

PARTS: tuple[Code, ...] = (
    Code("1", "overview", "一、总体情况", "Overview", Kind.PART, keywords=("总体情况",)),
    Code("2", "proactive", "二、主动公开政府信息情况", "Proactive disclosure", Kind.PART, keywords=("主动公开",)),
    Code(
        "3",
        "requests",
        "三、收到和处理政府信息公开申请情况",
        "Requests received and handled",
        Kind.PART,
        keywords=("收到和处理", "申请情况"),
    ),
    Code(
        "4",
        "review_litigation",
        "四、政府信息公开行政复议、行政诉讼情况",
        "Administrative review and litigation",
        Kind.PART,
        variants=("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",),
        keywords=("行政复议", "行政诉讼"),
    ),
    Code(
        "5",
        "problems",
        "五、存在的主要问题及改进情况",
        "Main problems and improvements",
        Kind.PART,
        variants=("五、政府信息公开工作存在的主要问题及改进情况",),
        keywords=("问题", "改进"),
    ),
    Code("6", "other_matters", "六、其他需要报告的事项", "Other matters", Kind.PART, keywords=("其他",)),
)
"""The six parts of a report, in order, keyed by their JSON key."""

# ---------------------------------------------------------------- table 2

_DOC_COLUMNS_2021 = (
    _col("1", "issued", "本年制发件数", "Issued this year"),
    _col("2", "repealed", "本年废止件数", "Repealed this year"),
    _col("3", "in_force", "现行有效件数", "In force at year end"),
)
_DECISIONS_2021 = (_col("1", "decisions", "本年处理决定数量", "Decisions this year"),)

TABLE2_2021 = Code(
    "2",
    "proactive",
    "主动公开政府信息情况",
    "Proactive disclosure",
    Kind.TABLE,
    ONLY_2021,
    children=(
        Code(
            "20.1",
            None,
            "第二十条第（一）项",
            "Article 20 item (1): rules and normative documents",
            Kind.BLOCK,
            ONLY_2021,
            children=(
                _row("20.1.1", "regulations", "规章", "Regulations", editions=ONLY_2021),
                _row(
                    "20.1.2",
                    "normative_documents",
                    "行政规范性文件",
                    "Normative documents",
                    "规范性文件",
                    editions=ONLY_2021,
                ),
            ),
            columns=_DOC_COLUMNS_2021,
        ),
        Code(
            "20.5",
            None,
            "第二十条第（五）项",
            "Article 20 item (5): administrative licensing",
            Kind.BLOCK,
            ONLY_2021,
            children=(_row("20.5.1", "licensing", "行政许可", "Administrative licensing", editions=ONLY_2021),),
            columns=_DECISIONS_2021,
        ),
        Code(
            "20.6",
            None,
            "第二十条第（六）项",
            "Article 20 item (6): penalties and coercive measures",
            Kind.BLOCK,
            ONLY_2021,
            children=(
                _row("20.6.1", "penalty", "行政处罚", "Administrative penalties", editions=ONLY_2021),
                _row("20.6.2", "coercion", "行政强制", "Administrative coercion", editions=ONLY_2021),
            ),
            columns=_DECISIONS_2021,
        ),
        Code(
            "20.8",
            None,
            "第二十条第（八）项",
            "Article 20 item (8): administrative fees",
            Kind.BLOCK,
            ONLY_2021,
            children=(_row("20.8.1", "fees", "行政事业性收费", "Administrative fees", editions=ONLY_2021),),
            columns=(
                _col(
                    "1",
                    "amount",
                    "本年收费金额（单位：万元）",
                    "Fees collected this year (10,000 yuan)",
                    unit="万元",
                ),
            ),
        ),
    ),
)
"""Table 2 of the 2021 edition (10 cells)."""

TABLE2_CONTENT_HEADER = "信息内容"
"""The header of the row-label column of each table 2 block, in both editions."""

_DOC_COLUMNS_2019 = (
    _col("1", "made", "本年新制作数量", "Newly made this year"),
    _col("2", "published", "本年新公开数量", "Newly published this year"),
    _col("3", "total_published", "对外公开总数量", "Published in total"),
)
_ITEM_COLUMNS_2019 = (
    _col("1", "previous_items", "上一年项目数量", "Items in the previous year"),
    _col("2", "change", "本年增/减", "Change this year (signed)", "本年增／减", signed=True),
    _col("3", "decisions", "处理决定数量", "Decisions"),
)

TABLE2_2019 = Code(
    "2",
    "proactive",
    "主动公开政府信息情况",
    "Proactive disclosure",
    Kind.TABLE,
    ONLY_2019,
    children=(
        Code(
            "20.1",
            None,
            "第二十条第（一）项",
            "Article 20 item (1): rules and normative documents",
            Kind.BLOCK,
            ONLY_2019,
            children=(
                _row("20.1.1", "regulations", "规章", "Regulations", editions=ONLY_2019),
                _row("20.1.2", "normative_documents", "规范性文件", "Normative documents", editions=ONLY_2019),
            ),
            columns=_DOC_COLUMNS_2019,
        ),
        Code(
            "20.5",
            None,
            "第二十条第（五）项",
            "Article 20 item (5): licensing and other services",
            Kind.BLOCK,
            ONLY_2019,
            children=(
                _row("20.5.1", "licensing", "行政许可", "Administrative licensing", editions=ONLY_2019),
                _row(
                    "20.5.2",
                    "other_services",
                    "其他对外管理服务事项",
                    "Other external management services",
                    editions=ONLY_2019,
                ),
            ),
            columns=_ITEM_COLUMNS_2019,
        ),
        Code(
            "20.6",
            None,
            "第二十条第（六）项",
            "Article 20 item (6): penalties and coercive measures",
            Kind.BLOCK,
            ONLY_2019,
            children=(
                _row("20.6.1", "penalty", "行政处罚", "Administrative penalties", editions=ONLY_2019),
                _row("20.6.2", "coercion", "行政强制", "Administrative coercion", editions=ONLY_2019),
            ),
            columns=_ITEM_COLUMNS_2019,
        ),
        Code(
            "20.8",
            None,
            "第二十条第（八）项",
            "Article 20 item (8): administrative fees",
            Kind.BLOCK,
            ONLY_2019,
            children=(_row("20.8.1", "fees", "行政事业性收费", "Administrative fees", editions=ONLY_2019),),
            columns=_ITEM_COLUMNS_2019[:2],
        ),
        Code(
            "20.9",
            None,
            "第二十条第（九）项",
            "Article 20 item (9): centralised procurement",
            Kind.BLOCK,
            ONLY_2019,
            children=(
                _row("20.9.1", "procurement", "政府集中采购", "Centralised government procurement", editions=ONLY_2019),
            ),
            columns=(
                _col("1", "projects", "采购项目数量", "Procurement projects"),
                _col("2", "amount", "采购总金额", "Total procurement amount", unit="万元"),
            ),
        ),
    ),
)
"""Table 2 of the 2019 edition (22 cells)."""

# ---------------------------------------------------------------- table 3

TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
"""The note in the top-left cell of table 3: the one identity the format states."""

TABLE3_COLUMNS: tuple[Code, ...] = (
    _col("1", "natural_person", "自然人", "Natural persons"),
    _col("2", "commercial_enterprise", "商业企业", "Commercial enterprises"),
    _col("3", "research_institution", "科研机构", "Research institutions"),
    _col("4", "public_welfare_organization", "社会公益组织", "Public welfare organisations"),
    _col("5", "legal_service_institution", "法律服务机构", "Legal service institutions"),
    _col("6", "other_organization", "其他", "Other organisations"),
    _col("7", "total", "总计", "Total"),
)
"""The seven applicant columns of table 3; columns 2–6 sit under ``法人或其他组织``."""

TABLE3_APPLICANT_HEADER = "申请人情况"
TABLE3_ORGANIZATION_HEADER = "法人或其他组织"

_DENIED = _group(
    "3.3",
    "denied",
    "（三）不予公开",
    "Denied",
    (
        _row("3.3.1", "state_secret", "1.属于国家秘密", "State secret", keywords=("国家秘密",)),
        _row(
            "3.3.2",
            "prohibited_by_law",
            "2.其他法律行政法规禁止公开",
            "Prohibited by other laws",
            keywords=("行政法规禁止公开",),
        ),
        _row(
            "3.3.3",
            "security_and_stability",
            "3.危及“三安全一稳定”",
            "Endangers the three securities and stability",
            '3.危及"三安全一稳定"',
            keywords=("三安全一稳定",),
        ),
        _row(
            "3.3.4",
            "third_party_rights",
            "4.保护第三方合法权益",
            "Protects third-party rights",
            keywords=("第三方合法权益",),
        ),
        _row("3.3.5", "internal_affairs", "5.属于三类内部事务信息", "Internal affairs", keywords=("内部事务",)),
        _row("3.3.6", "process_information", "6.属于四类过程性信息", "Process information", keywords=("过程性信息",)),
        _row(
            "3.3.7", "enforcement_case_file", "7.属于行政执法案卷", "Enforcement case file", keywords=("行政执法案卷",)
        ),
        _row("3.3.8", "administrative_inquiry", "8.属于行政查询事项", "Administrative inquiry", keywords=("行政查询",)),
    ),
    keywords=("不予公开",),
)
_UNAVAILABLE = _group(
    "3.4",
    "unavailable",
    "（四）无法提供",
    "Cannot be provided",
    (
        _row("3.4.1", "not_held", "1.本机关不掌握相关政府信息", "Not held by this agency", keywords=("不掌握",)),
        _row(
            "3.4.2",
            "requires_creation",
            "2.没有现成信息需要另行制作",
            "Would have to be created",
            keywords=("另行制作",),
        ),
        _row(
            "3.4.3",
            "unclear_after_correction",
            "3.补正后申请内容仍不明确",
            "Still unclear after correction",
            keywords=("仍不明确",),
        ),
    ),
    keywords=("无法提供",),
)
_NOT_PROCESSED = _group(
    "3.5",
    "not_processed",
    "（五）不予处理",
    "Not processed",
    (
        _row(
            "3.5.1",
            "petition_or_complaint",
            "1.信访举报投诉类申请",
            "Petition, report or complaint",
            keywords=("信访举报投诉",),
        ),
        _row("3.5.2", "duplicate", "2.重复申请", "Duplicate request", keywords=("重复申请",)),
        _row("3.5.3", "publication", "3.要求提供公开出版物", "Asks for a publication", keywords=("公开出版物",)),
        _row("3.5.4", "excessive", "4.无正当理由大量反复申请", "Excessive repeated requests", keywords=("大量反复",)),
        _row(
            "3.5.5",
            "confirmation",
            "5.要求行政机关确认或重新出具已获取信息",
            "Asks to confirm or reissue information already obtained",
            keywords=("重新出具",),
        ),
    ),
    keywords=("不予处理",),
)
_OTHER_2021 = Code(
    "3.6",
    "other",
    "（六）其他处理",
    "Otherwise handled",
    Kind.GROUP,
    ONLY_2021,
    keywords=("其他处理",),
    children=(
        _row(
            "3.6.1",
            "no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "Applicant did not correct the request in time",
            "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
            editions=ONLY_2021,
            keywords=("逾期不补正",),
        ),
        _row(
            "3.6.2",
            "fee_unpaid",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "Applicant did not pay the fee in time",
            "2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请",
            editions=ONLY_2021,
            keywords=("缴纳费用",),
        ),
        _row("3.6.3", "other", "3.其他", "Other", editions=ONLY_2021),
    ),
)
_OTHER_2019 = _row("3.6", "other", "（六）其他处理", "Otherwise handled", editions=ONLY_2019, keywords=("其他处理",))


def _table3(edition: Edition, other: Code) -> tuple[Code, ...]:
    editions = frozenset({edition})
    outcomes = Code(
        "3",
        "outcomes",
        "三、本年度办理结果",
        "Outcomes this year",
        Kind.GROUP,
        editions,
        keywords=("本年度办理结果",),
        children=(
            _row("3.1", "granted", "（一）予以公开", "Granted", keywords=("予以公开",)),
            _row(
                "3.2",
                "partially_granted",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "Partially granted",
                "（二）部分公开",
                keywords=("部分公开",),
            ),
            _DENIED,
            _UNAVAILABLE,
            _NOT_PROCESSED,
            other,
            _row("3.7", "total", "（七）总计", "Total"),
        ),
    )
    return (
        _row("1", "new", "一、本年新收政府信息公开申请数量", "New requests this year", keywords=("本年新收",)),
        _row(
            "2",
            "carried_over",
            "二、上年结转政府信息公开申请数量",
            "Carried over from last year",
            keywords=("上年结转",),
        ),
        outcomes,
        _row(
            "4", "carried_forward", "四、结转下年度继续办理", "Carried forward to next year", keywords=("结转下年度",)
        ),
    )


TABLE3_ROWS_2021 = _table3(Edition.E2021, _OTHER_2021)
"""Rows of table 3 in the 2021 edition: 25 data rows below 4 top-level codes."""
TABLE3_ROWS_2019 = _table3(Edition.E2019, _OTHER_2019)
"""Rows of table 3 in the 2019 edition: 23 data rows, （六） a single row."""

# ---------------------------------------------------------------- table 4

TABLE4_COLUMNS: tuple[Code, ...] = (
    _col("1", "upheld", "结果维持", "Upheld", keywords=("维持",)),
    _col("2", "corrected", "结果纠正", "Corrected", keywords=("纠正",)),
    _col("3", "other", "其他结果", "Other result", keywords=("其他",)),
    _col("4", "pending", "尚未审结", "Pending", keywords=("尚未", "审结")),
    _col("5", "total", "总计", "Total", keywords=("总计",)),
)
"""The five columns of each table 4 group."""

TABLE4_GROUPS: tuple[Code, ...] = (
    _group("1", "review", "行政复议", "Administrative review", (), keywords=("行政复议",)),
    _group(
        "2",
        None,
        "行政诉讼",
        "Administrative litigation",
        (
            _group(
                "2.1",
                "litigation_direct",
                "未经复议直接起诉",
                "Sued directly, without review",
                (),
                keywords=("直接起诉",),
            ),
            _group("2.2", "litigation_after_review", "复议后起诉", "Sued after review", (), keywords=("复议后",)),
        ),
    ),
)
"""The groups of table 4; ``行政诉讼`` is a header over ``2.1`` and ``2.2``."""

TABLE4_DATA_GROUPS: tuple[Code, ...] = (TABLE4_GROUPS[0], *TABLE4_GROUPS[1].children)
"""The three groups of table 4 that hold cells, in order."""


def table2(edition: Edition) -> Code:
    """Return table 2 of ``edition``."""
    return TABLE2_2021 if edition is Edition.E2021 else TABLE2_2019


def table3_rows(edition: Edition) -> tuple[Code, ...]:
    """Return the top-level rows of table 3 of ``edition``."""
    return TABLE3_ROWS_2021 if edition is Edition.E2021 else TABLE3_ROWS_2019


EDITION_MARKS: dict[Edition, tuple[str, ...]] = {
    Edition.E2019: ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购"),
    Edition.E2021: ("本年制发件数", "本年废止件数", "现行有效件数", "逾期不补正"),
}
"""Labels (or key words of labels) found in one edition's tables only: the parsers count them to detect the edition."""

# ---------------------------------------------------------------- label matching

_PUNCTUATION = {
    "、": ".",
    ",": ".",
    "。": ".",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "\u3000": "",
    " ": "",
    "\t": "",
    "\n": "",
    "\r": "",
    "\xa0": "",
}

# Traditional characters of the official labels and headings, to their simplified
# forms: some sites publish a Traditional-script mirror of their pages.
_TRADITIONAL = dict(
    zip(
        "規範許處罰強費額單萬發廢現數項條內決請況業機構組織務計總結轉辦開區這國護權類過執詢關補確訪舉報訴復複獲繳納議訟維糾審經體動問題進製穩沒無當認繼續屬於會係後採購對減",
        "规范许处罚强费额单万发废现数项条内决请况业机构组织务计总结转办开区这国护权类过执询关补确访举报诉复复获缴纳议讼维纠审经体动问题进制稳没无当认继续属于会系后采购对减",
        strict=True,
    )
)

LABEL_FOLD = str.maketrans({**_PUNCTUATION, **_TRADITIONAL})
"""The translation :func:`normalize_label` applies after NFKC."""


def normalize_label(text: str) -> str:
    """Fold a label to a canonical form for matching.

    NFKC folds full-width digits, letters and brackets to ASCII; white space of
    every kind is removed; ``、``, ``，`` and ``．`` become ``.``; curly quotes
    become straight ones; the Traditional characters of the official labels
    become Simplified. Two labels that differ only in such typography or
    script normalise to the same string.

    >>> normalize_label("（三）不予公开") == normalize_label("(三) 不予公开")
    True
    """
    return unicodedata.normalize("NFKC", text).translate(LABEL_FOLD)
