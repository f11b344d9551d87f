"""The accounting identities (勾稽关系) as data.

A :class:`Rule` is declarative: an id, a severity, a scope and two sides — the
*total* terms and the *operand* terms, each a path relative to the scope with a
weight. The identity is ``Σ total = Σ weight × operand``. :func:`checks`
expands every rule over its scope in one edition (the 7 columns of table 3, its
25 or 23 rows, the 3 groups of table 4, …) into :class:`Check` records with
concrete paths; a term naming a group of table 3 (``（三）不予公开``) expands into
the group's rows in that edition, so ``t3.outcomes`` sums three rows of （六）
in the 2021 edition and its single row in the 2019 edition.

The same records drive :func:`gxopen.validate`, the documentation's rule
catalogue, and the exported ``schemas/rules-2021.json`` and
``schemas/rules-2019.json``.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from gxopen._cells import Path, pointer, table3_rows_spec, table4_rows
from gxopen._codes import TABLE3_COLUMNS, TABLE4_COLUMNS, Code, Edition, table2

__all__ = [
    "RULES",
    "SEVERITY_RANK",
    "Check",
    "Rule",
    "Scope",
    "Severity",
    "Side",
    "Term",
    "checks",
    "rules_document",
]


class Severity(enum.StrEnum):
    """How much a finding matters."""

    ERROR = "error"
    """The numbers are certainly inconsistent."""
    WARNING = "warning"
    """Probably wrong, but legitimate reasons exist (corrections, lapses)."""
    INFO = "info"
    """Worth knowing; not a defect (e.g. a rule that could not be assessed)."""


SEVERITY_RANK: dict[Severity, int] = {s: i for i, s in enumerate(Severity)}
"""Worst first: error 0, warning 1, info 2 (the order findings are sorted and cells highlighted in)."""


class Scope(enum.StrEnum):
    """What one instance of a rule ranges over."""

    T3_COLUMN = "table3.column"
    """Each of the 7 applicant columns of table 3."""
    T3_ROW = "table3.row"
    """Each data row of table 3."""
    T4_GROUP = "table4.group"
    """Each of the 3 groups of table 4."""
    T2_DOCUMENT_ROW = "table2.document_row"
    """Each document row of table 2 block （一） (规章, 行政规范性文件)."""
    T2_ITEM_ROW = "table2.item_row"
    """Each row of table 2 that counts items (2019 edition: blocks （五）, （六） and （八）)."""


class Side(enum.StrEnum):
    """Which report a term reads, for rules across two years."""

    CURRENT = "current"
    PREVIOUS = "previous"


@attrs.frozen
class Term:
    """One term of an identity.

    Attributes:
        path: The path of JSON keys; relative to the scope in a :class:`Rule`,
            absolute in a :class:`Check`.
        weight: ``+1`` or ``-1``.
        side: Which report the term reads.
        label_zh: A short Chinese name for messages.
        label_en: A short English name for messages.
        signed: Whether the cell may be negative (``本年增/减``).
    """

    path: Path
    weight: int = 1
    side: Side = Side.CURRENT
    label_zh: str = ""
    label_en: str = ""
    signed: bool = False

    @property
    def pointer(self) -> str:
        """The JSON pointer of the term (in the report named by :attr:`side`)."""
        return pointer(self.path)


@attrs.frozen
class Rule:
    """An accounting identity: ``Σ totals = Σ weight × operands`` over a scope.

    Attributes:
        id: A stable id, e.g. ``t3.balance``.
        severity: The severity of a violation.
        scope: What the rule is instantiated over.
        totals: The total side, relative to the scope.
        operands: The operand side, relative to the scope.
        cross_year: Whether the rule needs last year's report.
        editions: The editions the rule applies to; a cross-year rule applies
            to a pair when both reports are of an edition it names.
        description_zh: What the rule says, in Chinese.
        description_en: What the rule says, in English.
    """

    id: str
    severity: Severity
    scope: Scope
    totals: tuple[Term, ...]
    operands: tuple[Term, ...]
    description_zh: str
    description_en: str
    cross_year: bool = False
    editions: frozenset[Edition] = frozenset(Edition)


@attrs.frozen
class Check:
    """One instance of a :class:`Rule`, with absolute paths.

    Attributes:
        rule: The rule.
        scope_key: The column, row or group key this instance covers.
        scope_zh: Its Chinese label.
        scope_en: Its English label.
        totals: The total side.
        operands: The operand side.
    """

    rule: Rule
    scope_key: str
    scope_zh: str
    scope_en: str
    totals: tuple[Term, ...]
    operands: tuple[Term, ...]


# ---------------------------------------------------------------- short labels

_SHORT: dict[str, tuple[str, str]] = {
    "new": ("新收", "new"),
    "carried_over": ("上年结转", "carried over"),
    "carried_forward": ("结转下年度", "carried forward"),
    "outcomes.total": ("办理结果总计", "outcomes total"),
}


def _row_label(path: Path, code: Code) -> tuple[str, str]:
    key = ".".join(path[1:])
    if key in _SHORT:
        return _SHORT[key]
    return (f"{code.code} {code.zh.split('（区分')[0].lstrip('（）一二三四五六七八九、.0123456789')}", code.en)


_T3 = {spec.path[1:]: spec for spec in table3_rows_spec(Edition.E2021)}


def _t3_term(rel: str, weight: int = 1, side: Side = Side.CURRENT) -> Term:
    spec = _T3[tuple(rel.split("."))]
    zh, en = _row_label(spec.path, spec.code)
    return Term(spec.path, weight, side, zh, en)


def _t3_group(rel: str) -> Term:
    """A term naming a row or a group of table 3: it expands into the group's rows in each edition."""
    return Term(("requests", *rel.split(".")))


_OUTCOME_GROUPS = ("granted", "partially_granted", "denied", "unavailable", "not_processed", "other")

RULES: tuple[Rule, ...] = (
    Rule(
        "t3.balance",
        Severity.ERROR,
        Scope.T3_COLUMN,
        totals=(_t3_term("outcomes.total"), _t3_term("carried_forward")),
        operands=(_t3_term("new"), _t3_term("carried_over")),
        description_zh="第一项加第二项之和，等于第三项加第四项之和（表三左上角注明的勾稽关系）。",
        description_en=(
            "New requests plus requests carried over equal the outcomes total plus requests carried "
            "forward (the identity printed in table 3's corner)."
        ),
    ),
    Rule(
        "t3.outcomes",
        Severity.ERROR,
        Scope.T3_COLUMN,
        totals=(_t3_term("outcomes.total"),),
        operands=tuple(_t3_group(f"outcomes.{g}") for g in _OUTCOME_GROUPS),
        description_zh="（七）总计等于（一）至（六）各项之和。",
        description_en="Outcome (7) total equals the sum of outcomes (1) to (6), every sub-row counted once.",
    ),
    Rule(
        "t3.applicants",
        Severity.ERROR,
        Scope.T3_ROW,
        totals=(Term(("total",), label_zh="总计", label_en="total"),),
        operands=tuple(Term((c.key or "",), 1, Side.CURRENT, c.zh, c.en.lower()) for c in TABLE3_COLUMNS[:6]),
        description_zh="每行的总计等于自然人与法人或其他组织五列之和。",
        description_en="In every row, the total equals natural persons plus the five organisation columns.",
    ),
    Rule(
        "t4.total",
        Severity.ERROR,
        Scope.T4_GROUP,
        totals=(Term(("total",), label_zh="总计", label_en="total"),),
        operands=tuple(Term((c.key or "",), 1, Side.CURRENT, c.zh, c.en.lower()) for c in TABLE4_COLUMNS[:4]),
        description_zh="行政复议、行政诉讼各组的总计等于结果维持、结果纠正、其他结果、尚未审结之和。",
        description_en="In each group of table 4, the total equals upheld + corrected + other + pending.",
    ),
    Rule(
        "x.carry",
        Severity.WARNING,
        Scope.T3_COLUMN,
        totals=(_t3_term("carried_over"),),
        operands=(
            Term(
                ("requests", "carried_forward"), 1, Side.PREVIOUS, "上年报告结转下年度", "last year's carried forward"
            ),
        ),
        description_zh="本年“上年结转”等于上年报告的“结转下年度继续办理”。",
        description_en="This year's carried-over requests equal last year's carried-forward requests.",
        cross_year=True,
    ),
    Rule(
        "x.items",
        Severity.WARNING,
        Scope.T2_ITEM_ROW,
        totals=(Term(("previous_items",), label_zh="上一年项目数量", label_en="items of the previous year"),),
        operands=(
            Term(
                ("previous_items",),
                1,
                Side.PREVIOUS,
                "上年报告上一年项目数量",
                "last year's items of its previous year",
            ),
            Term(("change",), 1, Side.PREVIOUS, "上年报告本年增/减", "last year's change", signed=True),
        ),
        description_zh="本年“上一年项目数量”等于上年报告的“上一年项目数量”加其“本年增/减”（2019 年版格式）。",
        description_en=(
            "This year's items of the previous year equal last year's items of its previous year plus last "
            "year's signed change (2019 edition)."
        ),
        cross_year=True,
        editions=frozenset({Edition.E2019}),
    ),
    Rule(
        "x.in_force",
        Severity.WARNING,
        Scope.T2_DOCUMENT_ROW,
        totals=(Term(("in_force",), label_zh="现行有效件数", label_en="in force"),),
        operands=(
            Term(("in_force",), 1, Side.PREVIOUS, "上年现行有效件数", "in force last year"),
            Term(("issued",), 1, Side.CURRENT, "本年制发", "issued"),
            Term(("repealed",), -1, Side.CURRENT, "本年废止", "repealed"),
        ),
        description_zh="现行有效件数等于上年现行有效件数加本年制发减本年废止（文件也会自然失效，故为警告）。",
        description_en=(
            "Documents in force equal last year's in force plus issued minus repealed "
            "(documents also lapse, hence a warning)."
        ),
        cross_year=True,
        editions=frozenset({Edition.E2021}),
    ),
)
"""Every accounting identity gxopen checks, in catalogue order."""


def _t3_leaves(term: Term, edition: Edition) -> tuple[Term, ...]:
    """A table 3 term in ``edition``: itself for a row, the group's rows for a group."""
    specs = table3_rows_spec(edition)
    n = len(term.path)
    found = [s for s in specs if s.path[:n] == term.path]
    if len(found) == 1 and found[0].path == term.path and term.label_zh:
        return (term,)
    return tuple(
        attrs.evolve(term, path=s.path, label_zh=_row_label(s.path, s.code)[0], label_en=_row_label(s.path, s.code)[1])
        for s in found
    )


def _item_rows(edition: Edition) -> list[tuple[Path, str, str, str]]:
    return [
        (("proactive", r.key or ""), r.key or "", r.zh, r.en)
        for block in table2(edition).children
        if any(c.key == "previous_items" for c in block.columns)
        for r in block.children
    ]


def _expand(rule: Rule, edition: Edition) -> list[Check]:
    out: list[Check] = []
    if rule.scope is Scope.T3_COLUMN:
        totals = tuple(t for term in rule.totals for t in _t3_leaves(term, edition))
        operands = tuple(t for term in rule.operands for t in _t3_leaves(term, edition))
        for col in TABLE3_COLUMNS:
            assert col.key is not None

            def at(t: Term, key: str = col.key) -> Term:
                return attrs.evolve(t, path=(*t.path, key))

            out.append(Check(rule, col.key, col.zh, col.en, tuple(map(at, totals)), tuple(map(at, operands))))
    else:
        if rule.scope is Scope.T3_ROW:
            rows = [(s.path, s.path[-1], *_row_label(s.path, s.code)) for s in table3_rows_spec(edition)]
        elif rule.scope is Scope.T4_GROUP:
            rows = [(s.path, s.path[-1], s.code.zh, s.code.en) for s in table4_rows()]
        elif rule.scope is Scope.T2_ITEM_ROW:
            rows = _item_rows(edition)
        else:
            block = table2(edition).children[0]
            rows = [(("proactive", r.key or ""), r.key or "", r.zh, r.en) for r in block.children]
        for path, key, zh, en in rows:

            def under(t: Term, base: Path = path) -> Term:
                return attrs.evolve(t, path=(*base, *t.path))

            out.append(Check(rule, key, zh, en, tuple(map(under, rule.totals)), tuple(map(under, rule.operands))))
    return out


_CHECKS: dict[tuple[str, Edition], tuple[Check, ...]] = {
    (rule.id, edition): tuple(_expand(rule, edition)) for rule in RULES for edition in rule.editions
}


def checks(rule: Rule, edition: Edition = Edition.E2021) -> tuple[Check, ...]:
    """Every instance of ``rule`` in ``edition``, with absolute paths.

    Raises:
        KeyError: when ``rule`` does not apply to ``edition``.
    """
    return _CHECKS[rule.id, edition]


def _term_dict(t: Term) -> dict[str, Any]:
    found: dict[str, Any] = {
        "pointer": t.pointer,
        "weight": t.weight,
        "report": t.side.value,
        "label_zh": t.label_zh,
        "label_en": t.label_en,
    }
    if t.signed:
        found["signed"] = True
    return found


_DESCRIPTION = (
    "Each check: sum(weight * totals) == sum(weight * operands). A null cell is 'not reported': "
    "a check with every term null says nothing; with some null it is not assessable, unless the "
    "present non-negative operands already exceed the total."
)
_SIGNED_NOTE = " A term marked signed (本年增/减) may be negative, so a check with one is never decided by that bound."


def rules_document(edition: Edition | str = Edition.E2021) -> dict[str, Any]:
    """The rules of ``edition`` as a JSON-ready document (``schemas/rules-2021.json``, ``rules-2019.json``).

    Each rule lists its instances with concrete JSON pointers, so a program in
    any language can apply them: for each check, ``Σ weight × value(totals)``
    must equal ``Σ weight × value(operands)``; terms whose ``report`` is
    ``previous`` read last year's report of the same agency. A cross-year rule
    applies to a pair of reports when it is listed in the documents of both
    editions (``x.carry`` holds across editions; ``x.items`` and
    ``x.in_force`` only between reports of their own edition).

    Raises:
        ValueError: for an unknown edition.
    """
    edition = Edition(edition)
    return {
        "id": f"urn:gxopen:rules:{edition.value}",
        "title": f"gxopen accounting identities, {edition.value} edition",
        "description": _DESCRIPTION + (_SIGNED_NOTE if edition is Edition.E2019 else ""),
        "edition": edition.value,
        "rules": [
            {
                "id": rule.id,
                "severity": rule.severity.value,
                "scope": rule.scope.value,
                "cross_year": rule.cross_year,
                "description_zh": rule.description_zh,
                "description_en": rule.description_en,
                "checks": [
                    {
                        "scope_key": c.scope_key,
                        "scope_zh": c.scope_zh,
                        "scope_en": c.scope_en,
                        "totals": [_term_dict(t) for t in c.totals],
                        "operands": [_term_dict(t) for t in c.operands],
                    }
                    for c in checks(rule, edition)
                ],
            }
            for rule in RULES
            if edition in rule.editions
        ],
    }
