"""Diagnosis: which cell is wrong, and what else a careful reader checks.

The validator says *that* an identity fails. This module goes further:

* **Pinpoint** (``d.pinpoint``): the smallest set of cells whose change makes
  every failing identity hold while every holding one still holds. Each
  assessable identity is a linear equation over cells; a cell's change moves
  every equation it appears in, so one wrong cell must appear in every failing
  equation and in no holding one, with one consistent change. When no single
  cell explains the failures, pairs of cells are searched. Only a unique
  answer is named as *the* cell; otherwise the candidates are listed, the
  ones that look like a typing error (two digits swapped, one digit wrong, the
  value typed into the neighbouring cell) first.
* **Narrative against tables** (``n.*``): numbers stated in the prose of parts
  一 and 三 (``共收到政府信息公开申请34件``, ``予以公开9件``, ``行政复议1件`` …)
  compared with the table cells they speak of, percentages included.
* **Structure** (``s.*``): a part or a table that the report does not have.
* **Year over year** (``y.*``, with last year's report): a count that jumps
  more than fivefold, and a narrative part repeated almost word for word.
* **Deadline** (``p.deadline``): a report published after the date the
  Regulations set (art. 49).

Every check here is a rule with an id, a severity and messages in Chinese and
English; the findings are ordinary :class:`~gxopen.Finding` values.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal

import attrs

from gxopen._cells import all_rows, get, pointer
from gxopen._codes import Edition
from gxopen._evidence import CellFix, Explanation, TextSpan
from gxopen._model import Report
from gxopen._rules import RULES, Check, Severity, Side, checks
from gxopen._validate import Finding, FindingKind, PlausibilityRule

__all__ = [
    "DIAGNOSIS_RULES",
    "CellFix",
    "Explanation",
    "Statement",
    "TextSpan",
    "diagnose",
    "narrative_statements",
    "pinpoint",
]

DIAGNOSIS_RULES: tuple[PlausibilityRule, ...] = (
    PlausibilityRule(
        "d.pinpoint",
        Severity.INFO,
        "在不平衡的勾稽关系中找出最少的、改正后能使全部关系成立的单元格，并给出应填数值；"
        "答案唯一时指明该单元格，否则列出候选（疑似两位数字颠倒、一位数字录错或填入相邻格的优先）。",
        "The fewest cells whose correction makes every failing identity hold, with the balancing value; named "
        "when the answer is unique, else the candidates are listed (digit swaps, one-digit slips and values "
        "typed into the neighbouring cell first).",
    ),
    PlausibilityRule(
        "n.new_requests",
        Severity.WARNING,
        "正文所述收到申请件数与表三“本年新收”总计不一致。",
        "The number of requests received stated in the narrative differs from table 3's new requests total.",
    ),
    PlausibilityRule(
        "n.carried_over",
        Severity.WARNING,
        "正文所述上年结转件数与表三“上年结转”总计不一致。",
        "The carried-over requests stated in the narrative differ from table 3's carried-over total.",
    ),
    PlausibilityRule(
        "n.outcome",
        Severity.WARNING,
        "正文所述某类办理结果（予以公开、部分公开、不予公开、无法提供、不予处理、其他处理）的件数与表三不一致。",
        "A number of outcomes of one kind (granted, partially granted, denied, unavailable, not processed, other) "
        "stated in the narrative differs from table 3.",
    ),
    PlausibilityRule(
        "n.handled",
        Severity.WARNING,
        "正文所述办结件数与表三“（七）总计”不一致。",
        "The number of requests completed stated in the narrative differs from table 3's outcomes total.",
    ),
    PlausibilityRule(
        "n.carried_forward",
        Severity.WARNING,
        "正文所述结转下年度件数与表三“结转下年度继续办理”总计不一致。",
        "The requests carried forward stated in the narrative differ from table 3's carried-forward total.",
    ),
    PlausibilityRule(
        "n.review",
        Severity.WARNING,
        "正文所述行政复议件数与表四行政复议总计不一致。",
        "The number of administrative reviews stated in the narrative differs from table 4's review total.",
    ),
    PlausibilityRule(
        "n.litigation",
        Severity.WARNING,
        "正文所述行政诉讼件数与表四两组行政诉讼总计之和不一致。",
        "The number of lawsuits stated in the narrative differs from the sum of table 4's two litigation totals.",
    ),
    PlausibilityRule(
        "n.percentage",
        Severity.WARNING,
        "正文所述百分比与所述件数及申请总数不符。",
        "A percentage stated in the narrative does not match its count and the number of requests.",
    ),
    PlausibilityRule(
        "s.part_missing",
        Severity.WARNING,
        "年度报告应包括六个部分；缺少总体情况、存在的主要问题及改进情况或其他需要报告的事项。",
        "A report has six parts; the overview, the problems and improvements, or the other matters are missing.",
    ),
    PlausibilityRule(
        "s.table_missing",
        Severity.WARNING,
        "表二、表三或表四的全部单元格均未填写，该表缺失。",
        "Every cell of table 2, 3 or 4 is blank: the table is missing.",
    ),
    PlausibilityRule(
        "y.jump",
        Severity.WARNING,
        "与上年报告相比，某项数量增减超过五倍（且绝对变化较大），请核实。",
        "Compared with last year's report, a count grew or shrank more than fivefold (by a sizeable amount).",
    ),
    PlausibilityRule(
        "y.repeated_text",
        Severity.WARNING,
        "某部分正文与上年报告的同一部分相似度达 90% 以上，疑似照搬上年内容。",
        "A narrative part is at least 90% the same text as the same part of last year's report.",
    ),
    PlausibilityRule(
        "p.deadline",
        Severity.WARNING,
        "工作部门应于每年 1 月 31 日前、人民政府应于 3 月 31 日前公布上一年度报告（条例第四十九条）；"
        "发布日期晚于期限。",
        "Departments publish by 31 January and people's governments by 31 March (Regulations art. 49); the "
        "report was published later.",
    ),
)
"""The diagnosis checks, in catalogue order."""

_RULE = {r.id: r for r in DIAGNOSIS_RULES}

JUMP_FACTOR = 5
"""A count that grows or shrinks by more than this factor year over year is a ``y.jump``."""
JUMP_MINIMUM = 20
"""…and only when it changes by more than this many."""
REPEAT_RATIO = 0.9
"""A narrative part at least this similar to last year's is a ``y.repeated_text``."""
PINPOINT_BUDGET = 20_000
"""The most cell pairs the pinpoint search examines before it gives up."""


# ---------------------------------------------------------------- data


@attrs.frozen
class Statement:
    """A number stated in the narrative, with the table cells it speaks of.

    Attributes:
        rule: The narrative rule (``n.new_requests`` …).
        span: Where the statement stands.
        value: The number stated.
        cells: The table cells whose sum it states.
        percent: A percentage stated with it (``20件（1.68%）``), if any.
    """

    rule: str
    span: TextSpan
    value: int
    cells: tuple[str, ...]
    percent: Decimal | None = None


# ---------------------------------------------------------------- pinpoint

_Equation = tuple[dict[str, int], int]  # coefficients by pointer, residual Σ coef·value


def _equations(report: Report, blank_as_zero: bool) -> tuple[list[_Equation], dict[str, int]]:
    """Every assessable identity of the report as (coefficients, residual), and the cells' values."""
    values: dict[str, int] = {}
    out: list[_Equation] = []
    for rule in RULES:
        if rule.cross_year or report.edition not in rule.editions or rule.severity is not Severity.ERROR:
            continue
        for chk in checks(rule):
            eq = _equation(chk, report, blank_as_zero, values)
            if eq is not None:
                out.append(eq)
    return out, values


def _equation(chk: Check, report: Report, blank_as_zero: bool, values: dict[str, int]) -> _Equation | None:
    coefs: dict[str, int] = {}
    residual = 0
    for terms, sign in ((chk.totals, 1), (chk.operands, -1)):
        for t in terms:
            if t.side is not Side.CURRENT:
                return None
            v = get(report, t.path)
            if v is None:
                if not blank_as_zero:
                    return None
                v = 0
            if not isinstance(v, int):
                return None
            where = t.pointer
            values[where] = v
            coefs[where] = coefs.get(where, 0) + sign * t.weight
            residual += sign * t.weight * v
    return coefs, residual


def _typo(published: int, balancing: int) -> str | None:
    a, b = str(published), str(balancing)
    if len(a) != len(b):
        return None
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return "digit"
    if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
        return "transposition"
    return None


def pinpoint(report: Report, *, blank_as_zero: bool = False) -> tuple[Explanation, ...]:
    """Every smallest explanation of the report's failing identities.

    Only identities whose every cell is reported take part (with
    ``blank_as_zero``, blanks count as 0). Returns ``()`` when every identity
    holds or when no explanation of one or two cells exists (or the search
    budget :data:`PINPOINT_BUDGET` is spent). Explanations that look like
    typing errors come first.

    >>> import attrs, gxopen
    >>> r = gxopen.load_example()
    >>> new = attrs.evolve(r.requests.new, natural_person=40)
    >>> r = attrs.evolve(r, requests=attrs.evolve(r.requests, new=new))
    >>> [(f.pointer, f.published, f.balancing) for e in gxopen.pinpoint(r) for f in e.fixes]
    [('/requests/new/natural_person', 40, 4)]
    """
    equations, values = _equations(report, blank_as_zero)
    failing = [i for i, (_, r) in enumerate(equations) if r != 0]
    if not failing:
        return ()
    where: dict[str, list[int]] = {}
    for i, (coefs, _) in enumerate(equations):
        for cell, c in coefs.items():
            if c:
                where.setdefault(cell, []).append(i)
    failing_set = set(failing)
    candidates = sorted({cell for i in failing for cell, c in equations[i][0].items() if c}, key=_order)
    singles = [e for cell in candidates if (e := _single(cell, equations, where, failing_set, values)) is not None]
    found = singles or _pairs(candidates, equations, where, failing_set, values)
    return tuple(sorted(found, key=lambda e: not e.typo))


def _order(cell: str) -> int:
    return _POSITION.get(cell, len(_POSITION))


_POSITION: dict[str, int] = {}
for _edition in Edition:
    for _row in all_rows(_edition):
        for _col in _row.columns:
            _POSITION.setdefault(pointer(_row.cell(_col)), len(_POSITION))


def _single(
    cell: str, equations: list[_Equation], where: dict[str, list[int]], failing: set[int], values: dict[str, int]
) -> Explanation | None:
    mine = where[cell]
    if not failing.issubset(mine):
        return None
    delta: int | None = None
    for i in mine:
        coefs, residual = equations[i]
        c = coefs[cell]
        if residual % c:
            return None
        d = -residual // c
        if d == 0 or (delta is not None and d != delta):
            return None
        delta = d
    assert delta is not None
    new = values[cell] + delta
    if new < 0:
        return None
    return Explanation((CellFix(cell, values[cell], new, _typo(values[cell], new)),))


def _pairs(
    candidates: Sequence[str],
    equations: list[_Equation],
    where: dict[str, list[int]],
    failing: set[int],
    values: dict[str, int],
) -> list[Explanation]:
    found: list[Explanation] = []
    budget = PINPOINT_BUDGET
    for a, b in itertools.combinations(candidates, 2):
        budget -= 1
        if budget < 0:
            return []
        solved = _solve_pair(a, b, equations, where, failing)
        if solved is None:
            continue
        da, db = solved
        na, nb = values[a] + da, values[b] + db
        if na < 0 or nb < 0:
            continue
        va, vb = values[a], values[b]
        neighbour = "neighbour" if (na == vb or nb == va) and _adjacent(a, b) else None
        found.append(
            Explanation(
                (CellFix(a, va, na, neighbour or _typo(va, na)), CellFix(b, vb, nb, neighbour or _typo(vb, nb)))
            )
        )
    return found


def _solve_pair(
    a: str, b: str, equations: list[_Equation], where: dict[str, list[int]], failing: set[int]
) -> tuple[int, int] | None:
    """The non-zero changes of cells a and b that satisfy every equation they appear in, if determined."""
    touched = set(where[a]) | set(where[b])
    if not failing.issubset(touched):
        return None
    rows = [(equations[i][0].get(a, 0), equations[i][0].get(b, 0), -equations[i][1]) for i in touched]
    for (a1, b1, r1), (a2, b2, r2) in itertools.combinations(rows, 2):
        det = a1 * b2 - a2 * b1
        if det:  # two independent equations determine both changes (Cramer's rule)
            num_a, num_b = r1 * b2 - r2 * b1, a1 * r2 - a2 * r1
            if num_a % det or num_b % det:
                return None
            da, db = num_a // det, num_b // det
            break
    else:
        return None  # not determined: infinitely many changes
    if not da or not db or any(ca * da + cb * db != r for ca, cb, r in rows):
        return None
    return da, db


def _adjacent(a: str, b: str) -> bool:
    """Whether two cells are neighbours: the same row, or the same column in consecutive rows."""
    ra, _, ca = a.rpartition("/")
    rb, _, cb = b.rpartition("/")
    if ra == rb:
        return True
    return ca == cb and abs(_row_position(ra) - _row_position(rb)) == 1


def _row_position(row: str) -> int:
    return _ROWS.get(row, -10)


_ROWS: dict[str, int] = {}
for _edition in Edition:
    for _row in all_rows(_edition):
        _ROWS.setdefault(pointer(_row.path), len(_ROWS))


_TYPO_ZH = {"transposition": "疑似两位数字颠倒", "digit": "疑似一位数字录错", "neighbour": "疑似填入相邻单元格"}
_TYPO_EN = {
    "transposition": "two digits swapped?",
    "digit": "one digit mistyped?",
    "neighbour": "value typed into the neighbouring cell?",
}


def _fix_text(f: CellFix, zh: bool) -> str:
    note = (_TYPO_ZH if zh else _TYPO_EN).get(f.typo or "", "")
    arrow = f"{f.pointer}: {f.published} → {f.balancing}"
    return f"{arrow}（{note}）" if zh and note else (f"{arrow} ({note})" if note else arrow)


def _pinpoint_findings(report: Report, blank_as_zero: bool) -> Iterator[Finding]:
    found = pinpoint(report, blank_as_zero=blank_as_zero)
    if not found:
        return
    rule = _RULE["d.pinpoint"]
    first = found[0].fixes[0]
    if len(found) == 1:
        fixes = found[0].fixes
        zh = "；".join(_fix_text(f, True) for f in fixes)
        en = "; ".join(_fix_text(f, False) for f in fixes)
        single = len(fixes) == 1
        yield Finding(
            rule=rule.id,
            severity=rule.severity,
            kind=FindingKind.PLAUSIBILITY,
            pointer=first.pointer,
            scope="",
            message_zh=f"d.pinpoint: 改正{'此单元格' if single else '这些单元格'}即可使全部勾稽关系成立: {zh}",
            message_en=f"d.pinpoint: correcting {'this cell' if single else 'these cells'} makes every identity "
            f"hold: {en}",
            expected=first.balancing if single else None,
            actual=first.published if single else None,
            difference=first.published - first.balancing if single else None,
            explanations=found,
        )
        return
    shown = found[:6]
    more = f" … (+{len(found) - len(shown)})" if len(found) > len(shown) else ""
    zh = " 或 ".join("、".join(_fix_text(f, True) for f in e.fixes) for e in shown)
    en = " or ".join(", ".join(_fix_text(f, False) for f in e.fixes) for e in shown)
    yield Finding(
        rule=rule.id,
        severity=rule.severity,
        kind=FindingKind.PLAUSIBILITY,
        pointer=first.pointer,
        scope="",
        message_zh=f"d.pinpoint: 有 {len(found)} 种改法可使全部勾稽关系成立，无法确定是哪一格: {zh}{more}",
        message_en=f"d.pinpoint: {len(found)} corrections would make every identity hold, so no cell is certain: "
        f"{en}{more}",
        explanations=found,
    )


# ---------------------------------------------------------------- narrative

_T3 = "/requests"


def _outcome_cells(group: str, report: Report) -> tuple[str, ...]:
    node = getattr(report.requests.outcomes, group)
    if hasattr(node, "total"):  # a single row (granted, partially granted, the 2019 "other")
        return (f"{_T3}/outcomes/{group}/total",)
    return tuple(f"{_T3}/outcomes/{group}/{f.name}/total" for f in attrs.fields(type(node)))


def _any(*words: str) -> str:
    return "(?:" + "|".join(map(re.escape, words)) + ")"


# Each statement kind: rule, the words that name it (matched with white space removed), and what it counts.
_KEYWORDS: tuple[tuple[str, str, str], ...] = (
    ("n.carried_over", _any("上年结转", "上年度结转"), "carried_over"),
    (
        "n.carried_forward",
        _any("结转下年度", "结转至下年度", "转下一年度", "转入下一年度", "结转下一年度"),
        "carried_forward",
    ),
    ("n.new_requests", _any("收到", "新收", "受理") + r"[^，。；,;\d]{0,12}?申请", "new"),
    ("n.outcome", r"(?<!不)予以公开", "granted"),
    ("n.outcome", "部分公开", "partially_granted"),
    ("n.outcome", "不予公开", "denied"),
    ("n.outcome", "无法提供", "unavailable"),
    ("n.outcome", "不予处理", "not_processed"),
    ("n.outcome", "其他处理", "other"),
    ("n.handled", "办结", "handled"),
    ("n.review", "行政复议", "review"),
    ("n.litigation", "行政诉讼", "litigation"),
)
_KEYWORD = re.compile("|".join(f"(?P<k{i}>{pattern})" for i, (_, pattern, _) in enumerate(_KEYWORDS)))
"""Every statement kind's words in one pattern; the group ``k<i>`` names the kind ``_KEYWORDS[i]``."""
_HINT = re.compile("结转|年度|申请|公开|提供|处理|办结|复议|诉讼")
"""Every word of :data:`_KEYWORDS` contains one of these: a count with none of them just before it states nothing."""
_LOOKBACK = 30
_GAP = re.compile(r"[^，。；,;：:\d中]{0,10}")
"""What may stand between the words and the count: no clause break, no other number, no 其中."""
_PERCENT = re.compile(r"\s*[（(]\s*(?:占[^）)%％]{0,8}?)?(\d{1,3}(?:\.\d{1,3})?)\s*[%％]\s*[）)]")
_WHITE = " \t\r\n\u3000\xa0"


def narrative_statements(report: Report) -> list[Statement]:
    """The numbers of requests, outcomes, reviews and lawsuits the narrative states.

    A statement is a count in ``件`` (or ``条``) shortly after words that
    name what it counts (``共收到政府信息公开申请34件``, ``予以公开9件``,
    ``行政复议1件``), in the same clause, with no other number or ``其中`` in
    between. Parts 一 (``/overview``) and 六 (``/other_matters``) are read;
    white space inside the words is allowed (PDF text breaks lines anywhere).
    When words of several kinds precede a count, the nearest wins.
    """
    out: list[Statement] = []
    for field in ("overview", "other_matters"):
        text = getattr(report, field)
        if text:
            out.extend(_statements(text, f"/{field}", report))
    return out


def _statements(text: str, where: str, report: Report) -> list[Statement]:
    found = []
    for unit in "件条":
        at = text.find(unit)
        while at >= 0:
            statement = _statement(text, at, where, report)
            if statement is not None:
                found.append(statement)
            at = text.find(unit, at + 1)
    if len(found) > 1:
        found.sort(key=lambda s: s.span.start)
    return found


def _statement(text: str, unit: int, where: str, report: Report) -> Statement | None:
    """The statement whose count ends just before ``text[unit]`` (a 件 or 条), if any."""
    end = unit
    while end > 0 and text[end - 1] in _WHITE:
        end -= 1
    start = end
    while start > 0 and "0" <= text[start - 1] <= "9":
        start -= 1
    if start == end or end - start > 7:
        return None
    lo = max(0, start - _LOOKBACK)
    head = text[lo:start]
    compact = "".join(head.split())
    if not _HINT.search(compact):
        return None
    best: tuple[int, int, int] | None = None  # (gap length, keyword start in compact, kind)
    for kw in _KEYWORD.finditer(compact):
        gap = len(compact) - kw.end()
        if _GAP.fullmatch(compact, kw.end()) and (best is None or gap <= best[0]):
            best = (gap, kw.start(), _kind(kw))
    if best is None:
        return None
    _, at, kind = best
    span_start = lo + _uncompact(head, at)
    rule, _, what = _KEYWORDS[kind]
    stop = unit + 1
    percent = None
    match = _PERCENT.match(text, stop)
    if match:
        percent, stop = Decimal(match.group(1)), match.end()
    span = TextSpan(where, span_start, stop, text[span_start:stop])
    return Statement(rule, span, int(text[start:end]), _cells_of(what, report), percent)


def _uncompact(text: str, index: int) -> int:
    """The index in ``text`` of the character at ``index`` of ``text`` with its white space removed."""
    seen = -1
    for i, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
            if seen == index:
                return i
    return len(text)


def _kind(match: re.Match[str]) -> int:
    return next(i for i in range(len(_KEYWORDS)) if match.group(f"k{i}") is not None)


def _cells_of(what: str, report: Report) -> tuple[str, ...]:
    if what in ("new", "carried_over", "carried_forward"):
        return (f"{_T3}/{what}/total",)
    if what == "handled":
        return (f"{_T3}/outcomes/total/total",)
    if what == "review":
        return ("/review_litigation/review/total",)
    if what == "litigation":
        return ("/review_litigation/litigation_direct/total", "/review_litigation/litigation_after_review/total")
    return _outcome_cells(what, report)


def _narrative_findings(report: Report) -> Iterator[Finding]:
    statements = narrative_statements(report)
    if not statements:
        return
    base = report.requests.new.total
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for st in statements:
        table = _sum(report, st.cells)
        if table is not None and table != st.value and (st.rule, st.cells) not in seen:
            seen.add((st.rule, st.cells))
            yield _narrative_finding(st, table)
        if st.percent is not None and base:
            bases = [b for b in (base, _sum(report, (f"{_T3}/outcomes/total/total",))) if b]
            if not any(_rounds_to(st.value, b, st.percent) for b in bases):
                yield _percent_finding(st, base)


def _sum(report: Report, cells: Iterable[str]) -> int | None:
    total = 0
    for cell in cells:
        v = get(report, tuple(cell.strip("/").split("/")))
        if v is None:
            return None
        total += v
    return total


def _rounds_to(count: int, base: int, percent: Decimal) -> bool:
    exponent = percent.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    unit = Decimal(1).scaleb(-places)
    exact = Decimal(count) * 100 / Decimal(base)
    return abs(exact - percent) <= unit  # rounding or truncation to the stated places


def _narrative_finding(st: Statement, table: int) -> Finding:
    rule = _RULE[st.rule]
    cells = " + ".join(st.cells)
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        kind=FindingKind.PLAUSIBILITY,
        pointer=st.cells[0],
        scope="",
        message_zh=f"{rule.id}: 正文称“{st.span.text}”（{st.value} 件），表中为 {table}",
        message_en=f"{rule.id}: the narrative says {st.value} ({st.span.text!r} at {st.span.pointer} "
        f"{st.span.start}–{st.span.end}), the table says {table} at {cells}",
        expected=st.value,
        actual=table,
        difference=table - st.value,
        spans=(st.span,),
    )


def _percent_finding(st: Statement, base: int) -> Finding:
    rule = _RULE["n.percentage"]
    exact = (Decimal(st.value) * 100 / Decimal(base)).quantize(Decimal("0.01"))
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        kind=FindingKind.PLAUSIBILITY,
        pointer=st.cells[0],
        scope="",
        message_zh=f"n.percentage: 正文称“{st.span.text}”，但 {st.value}/{base} = {exact}%，不是 {st.percent}%",
        message_en=f"n.percentage: the narrative states {st.percent}% ({st.span.text!r}), but {st.value} of {base} "
        f"requests is {exact}%",
        expected=exact,
        actual=st.percent,
        spans=(st.span,),
    )


# ---------------------------------------------------------------- structure

_PARTS: tuple[tuple[str, str, str], ...] = (
    ("overview", "一、总体情况", "part 1, overview"),
    ("problems", "五、存在的主要问题及改进情况", "part 5, problems"),
    ("other_matters", "六、其他需要报告的事项", "part 6, other matters"),
)
_TABLES: tuple[tuple[str, str, str], ...] = (
    ("proactive", "表二（主动公开政府信息情况）", "table 2"),
    ("requests", "表三（收到和处理政府信息公开申请情况）", "table 3"),
    ("review_litigation", "表四（行政复议、行政诉讼情况）", "table 4"),
)


def _structure_findings(report: Report) -> Iterator[Finding]:
    for field, zh, en in _PARTS:
        text = getattr(report, field)
        if text is None or not text.strip():
            rule = _RULE["s.part_missing"]
            yield Finding(
                rule=rule.id,
                severity=rule.severity,
                kind=FindingKind.PLAUSIBILITY,
                pointer=f"/{field}",
                scope="",
                message_zh=f"s.part_missing: 缺少{zh}",
                message_en=f"s.part_missing: {en} is missing at /{field}",
            )
    for field, zh, en in _TABLES:
        if all(v is None for _, v in _cell_values(report, field)):
            rule = _RULE["s.table_missing"]
            yield Finding(
                rule=rule.id,
                severity=rule.severity,
                kind=FindingKind.PLAUSIBILITY,
                pointer=f"/{field}",
                scope="",
                message_zh=f"s.table_missing: {zh}各单元格均未填写",
                message_en=f"s.table_missing: every cell of {en} is blank at /{field}",
            )


def _cell_values(report: Report, table: str | None = None) -> Iterator[tuple[str, object]]:
    """Each cell's pointer and value, of one table (``proactive``, ``requests`` …) or of all."""
    for where, getter in _GETTERS[report.edition, table]:
        yield where, getter(report)


_GETTERS: dict[tuple[Edition, str | None], list[tuple[str, Callable[[Report], object]]]] = {}
for _edition in Edition:
    for _row in all_rows(_edition):
        for _col in _row.columns:
            _path = _row.cell(_col)
            _entry = (pointer(_path), operator.attrgetter(".".join(_path)))
            _GETTERS.setdefault((_edition, None), []).append(_entry)
            _GETTERS.setdefault((_edition, _path[0]), []).append(_entry)


# ---------------------------------------------------------------- year over year


def _year_findings(report: Report, previous: Report) -> Iterator[Finding]:
    before = dict(_cell_values(previous))
    jump = _RULE["y.jump"]
    for where, now in _cell_values(report):
        then = before.get(where)
        if not isinstance(now, int) or not isinstance(then, int) or abs(now - then) <= JUMP_MINIMUM:
            continue
        low, high = sorted((now, then))
        if high > JUMP_FACTOR * low:
            yield Finding(
                rule=jump.id,
                severity=jump.severity,
                kind=FindingKind.PLAUSIBILITY,
                pointer=where,
                scope="",
                message_zh=f"y.jump: {where} 由上年的 {then} 变为 {now}",
                message_en=f"y.jump: {then} last year, {now} this year at {where}",
                expected=then,
                actual=now,
                difference=now - then,
            )
    repeated = _RULE["y.repeated_text"]
    for field in ("overview", "problems", "other_matters"):
        a, b = getattr(report, field), getattr(previous, field)
        if not a or not b or len(a) < 40:
            continue
        ratio = similarity(a, b)
        if ratio >= REPEAT_RATIO:
            yield Finding(
                rule=repeated.id,
                severity=repeated.severity,
                kind=FindingKind.PLAUSIBILITY,
                pointer=f"/{field}",
                scope="",
                message_zh=f"y.repeated_text: 本部分正文与上年报告相似度为 {ratio:.0%}",
                message_en=f"y.repeated_text: the text is {ratio:.0%} the same as last year's at /{field}",
                actual=Decimal(f"{ratio:.3f}"),
            )


_SENTENCE = re.compile(r"(?<=[。；;！!？?\n])")


def similarity(a: str, b: str) -> float:
    """How much of two texts is the same, from 0 to 1 (difflib's ratio, computed sentence by sentence).

    The texts are aligned by sentences; sentences that differ only in part
    (a number updated, a word changed) are compared character by character.
    This is close to ``difflib.SequenceMatcher(None, a, b).ratio()`` for texts
    that were copied and edited, at a fraction of its cost on long texts.
    """
    if a == b:
        return 1.0
    sa, sb = _SENTENCE.split(a), _SENTENCE.split(b)
    same = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes():
        if tag == "equal":
            same += sum(map(len, sa[i1:i2]))
        elif tag == "replace":
            for x, y in zip(sa[i1:i2], sb[j1:j2], strict=False):
                same += sum(block.size for block in difflib.SequenceMatcher(None, x, y).get_matching_blocks())
    return 2 * same / (len(a) + len(b))


# ---------------------------------------------------------------- deadline


def _due(report: Report) -> datetime.date:
    """The last day on which ``report`` may be published (Regulations art. 49).

    A people's government's consolidated report (the agency's name ends in
    ``人民政府``) is due by 31 March of the following year; every other
    body's by 31 January.
    """
    if report.agency.strip().endswith("人民政府"):
        return datetime.date(report.year + 1, 3, 31)
    return datetime.date(report.year + 1, 1, 31)


def _deadline_findings(report: Report) -> Iterator[Finding]:
    if report.published is None:
        return
    due = _due(report)
    if report.published > due:
        rule = _RULE["p.deadline"]
        late = (report.published - due).days
        yield Finding(
            rule=rule.id,
            severity=rule.severity,
            kind=FindingKind.PLAUSIBILITY,
            pointer="/published",
            scope="",
            message_zh=f"p.deadline: 发布日期 {report.published} 晚于期限 {due}（迟 {late} 天）",
            message_en=f"p.deadline: published {report.published}, {late} days after the deadline {due}",
        )


# ---------------------------------------------------------------- entry point


def diagnose(
    report: Report,
    previous: Report | None = None,
    *,
    findings: Iterable[Finding] | None = None,
    blank_as_zero: bool = False,
) -> list[Finding]:
    """The diagnosis findings of ``report`` (see the module docstring).

    :func:`gxopen.validate` includes them unless called with
    ``diagnose=False``; call this directly to have them alone.

    Args:
        report: The report.
        previous: Last year's report of the same agency, for the ``y.*`` rules.
        findings: The report's identity findings, if already computed; pinpoint
            runs only when one of them is an error.
        blank_as_zero: Read blank cells as 0 in the pinpoint search.
    """
    mismatch = findings is None or any(
        f.severity is Severity.ERROR and f.kind is FindingKind.MISMATCH for f in findings
    )
    return list(_diagnose(report, previous, mismatch, blank_as_zero))


def _diagnose(report: Report, previous: Report | None, mismatch: bool, blank_as_zero: bool) -> Iterator[Finding]:
    if mismatch:
        yield from _pinpoint_findings(report, blank_as_zero)
    yield from _narrative_findings(report)
    yield from _structure_findings(report)
    yield from _deadline_findings(report)
    if previous is not None:
        yield from _year_findings(report, previous)
