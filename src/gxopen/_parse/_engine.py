"""From lines and pieces to a report: headings, labels, values, provenance.

Both parsers end here. The engine finds the six part headings by number and
key words, reads the title for agency and year, detects the edition from the
labels, and reads each table row by its label: the values after a label belong
to it when their count is unambiguous. It never invents a number and never
fills a zero: a cell it cannot place is ``None`` with an error saying why.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from gxopen._cells import RowSpec, pointer, table2_rows, table3_rows_spec, table4_rows
from gxopen._codes import _TRADITIONAL, PARTS, Code, Edition, normalize_label, table3_rows
from gxopen._convert import money_problem
from gxopen._model import Proactive, Report, Requests, ReviewLitigation
from gxopen._parse._result import CellSources, IssueLevel, ParseIssue, ParseResult
from gxopen._parse._tokens import Line, Piece, PieceKind
from gxopen.exceptions import ParseError

__all__ = ["build"]

Value = int | Decimal | None

# ---------------------------------------------------------------- headings

_NUMERALS = "一二三四五六"
_HEADING_WORDS: dict[int, tuple[str, ...]] = {
    1: ("总体情况",),
    2: ("主动公开",),
    3: ("收到和处理", "申请情况"),
    4: ("行政复议", "行政诉讼"),
    5: ("问题", "改进"),
    6: ("其他",),
}
_HEADING_START = re.compile(r"([一二三四五六])[.、．]?")


_LEAD = " #*\t\u3000\xa0|│>"


def _heading_part(line: Line) -> int | None:  # noqa: PLR0911 - one early return per test
    """The part number (1–6) whose heading this line is, if it is one."""
    lead = line.text.lstrip(_LEAD)[:1]
    if not lead or lead not in _NUMERALS:
        return None
    first = line.pieces[0].norm.lstrip("#")[:1] if line.pieces else ""
    if not first or first not in _NUMERALS:
        return None
    texts = [p for p in line.pieces if p.kind is PieceKind.TEXT]
    if len(texts) != 1 or any(p.kind is PieceKind.NUMBER for p in line.pieces):
        return None
    norm = texts[0].norm.lstrip("#")
    if len(norm) > 40 or "。" in norm:
        return None
    match = _HEADING_START.match(norm)
    if not match:
        return None
    part = _NUMERALS.index(match.group(1)) + 1
    rest = norm[match.end() :]
    if any(word in rest for word in _HEADING_WORDS[part]):
        return part
    return None


_OFFICIAL_HEADINGS = {n: {normalize_label(label) for label in code.labels} for n, code in enumerate(PARTS, start=1)}


def _find_headings(lines: Sequence[Line]) -> dict[int, int]:
    """Part number → index of its heading line; parts must appear in order.

    An official heading wins over an earlier paraphrase of it (a narrative
    sub-heading such as ``二、主动公开情况`` inside part 一 is not part 二).
    """
    candidates = [(i, part) for i, line in enumerate(lines) if (part := _heading_part(line)) is not None]
    found: dict[int, int] = {}
    start = 0
    for part in range(1, 7):
        mine = [i for i, p in candidates if i >= start and p == part]
        if not mine:
            continue
        official = [i for i in mine if "".join(q.norm for q in lines[i].pieces).lstrip("#") in _OFFICIAL_HEADINGS[part]]
        nxt = [i for i, p in candidates if i >= start and p > part]
        # Take the first official heading unless a later part's heading comes before it.
        pick = official[0] if official and (not nxt or official[0] < min(nxt)) else mine[0]
        found[part] = pick
        start = pick + 1
    return found


# ---------------------------------------------------------------- title, agency, year

_TITLE = re.compile(r"([1-9]\d{3})\s*年度?\s*(?:政府)?信息公开(?:工作)?年度?报告")
_QUOTED_TITLE = re.compile(r"《([^《》]{2,60}?)([1-9]\d{3})\s*年度?\s*(?:政府)?信息公开(?:工作)?年度?报告》")
_PERIOD = re.compile(r"(?:统计(?:时间|期限)[为是]?|时间为)\s*([1-9]\d{3})\s*年")


@attrs.define
class _Meta:
    agency: str = ""
    year: int | None = None
    title: str | None = None
    title_lines: set[int] = attrs.Factory(set)


def _meta(lines: Sequence[Line], limit: int, extra_titles: Iterable[str]) -> _Meta:
    meta = _Meta()
    for i in range(min(limit, len(lines))):
        text = lines[i].text.strip().lstrip("#").strip()
        match = _TITLE.search(text)
        if not match or len(text) > 120:
            continue
        meta.year = int(match.group(1))
        agency = text[: match.start()].strip(" ：:　")
        meta.title_lines.add(i)
        if agency:
            meta.agency, meta.title = agency, text
        elif i > 0 and lines[i - 1].text.strip() and len(lines[i - 1].text.strip()) <= 60:
            meta.agency = lines[i - 1].text.strip().lstrip("#").strip()
            meta.title = meta.agency + text
            meta.title_lines.add(i - 1)
        return meta
    for text in extra_titles:
        match = _TITLE.search(text)
        if match:
            meta.year = int(match.group(1))
            meta.agency = text[: match.start()].strip()
            meta.title = text.strip()
            return meta
    for line in lines[:limit]:
        match = _QUOTED_TITLE.search(line.text)
        if match:
            meta.agency, meta.year = match.group(1).strip(), int(match.group(2))
            meta.title = match.group(0).strip("《》")
            return meta
    for line in lines[:limit]:
        match = _PERIOD.search(line.text)
        if match:
            meta.year = int(match.group(1))
            break
    return meta


# ---------------------------------------------------------------- edition

_MARKS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购")
_MARKS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "逾期不补正")


_SIMPLE_TO_TRADITIONAL = {simple: t for t, simple in _TRADITIONAL.items()}


def _forms(marks: Sequence[str]) -> tuple[str, ...]:
    """Each mark in Simplified and in Traditional script."""
    return tuple({form for mark in marks for form in (mark, "".join(_SIMPLE_TO_TRADITIONAL.get(c, c) for c in mark))})


_FORMS_2019 = _forms(_MARKS_2019)
_FORMS_2021 = _forms(_MARKS_2021)


_MARKS = re.compile("|".join(map(re.escape, sorted({*_FORMS_2019, *_FORMS_2021}, key=len, reverse=True))))


def _edition(lines: Sequence[Line]) -> tuple[int, int]:
    """How many labels of the 2019 and of the 2021 edition the text holds.

    Only short lines are searched (labels sit in table cells, not in long
    paragraphs); white space is ignored, so a header split over lines counts.
    """
    short = "".join([line.text for line in lines if len(line.text) < 200])
    found = _MARKS.findall("".join(unicodedata.normalize("NFKC", short).split()))
    n2019 = sum(1 for mark in found if mark in _FORMS_2019)
    return n2019, len(found) - n2019


# ---------------------------------------------------------------- row labels

_NUMBERING = re.compile(r"\(?[一二三四五六七八九十]{1,2}\)?\.?|\d{1,2}\.?")


def _strip_numbering(norm: str) -> str:
    match = _NUMBERING.match(norm)
    return norm[match.end() :] if match else norm


@attrs.frozen
class _RowLabel:
    spec: RowSpec | None  # None for a group heading (no values)
    exact: tuple[str, ...]
    keyword: str | None


_T3_KEYWORDS = {
    "new": "本年新收",
    "carried_over": "上年结转",
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "state_secret": "国家秘密",
    "prohibited_by_law": "行政法规禁止公开",
    "security_and_stability": "三安全一稳定",
    "third_party_rights": "第三方合法权益",
    "internal_affairs": "内部事务",
    "process_information": "过程性信息",
    "enforcement_case_file": "行政执法案卷",
    "administrative_inquiry": "行政查询",
    "not_held": "不掌握",
    "requires_creation": "另行制作",
    "unclear_after_correction": "仍不明确",
    "petition_or_complaint": "信访举报投诉",
    "duplicate": "重复申请",
    "publication": "公开出版物",
    "excessive": "大量反复",
    "confirmation": "重新出具",
    "no_correction": "逾期不补正",
    "fee_unpaid": "缴纳费用",
    "carried_forward": "结转下年度",
}
_T3_GROUP_KEYWORDS = {"outcomes": "本年度办理结果", "denied": "不予公开", "unavailable": "无法提供"}
_T3_GROUP_KEYWORDS |= {"not_processed": "不予处理", "other": "其他处理"}


def _t3_labels(edition: Edition) -> list[_RowLabel]:
    labels = []
    for spec in table3_rows_spec(edition):
        key = spec.path[-1]
        keyword = None if spec.code.code in ("3.6.3", "3.7") else _T3_KEYWORDS.get(key)
        labels.append(_RowLabel(spec, tuple(normalize_label(s) for s in spec.code.labels), keyword))
    for top in table3_rows(edition):
        for code in top.walk():
            if code.children:
                labels.append(_RowLabel(None, (normalize_label(code.zh),), _T3_GROUP_KEYWORDS[code.key or ""]))
    return labels


def _t2_labels(edition: Edition) -> list[_RowLabel]:
    return [_RowLabel(spec, tuple(normalize_label(s) for s in spec.code.labels), None) for spec in table2_rows(edition)]


@attrs.define
class _Matcher:
    labels: list[_RowLabel]
    exact: dict[str, _RowLabel] = attrs.field(init=False)
    loose: dict[str, _RowLabel] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.exact = {}
        self.loose = {}
        for label in self.labels:
            for text in label.exact:
                self.exact.setdefault(text, label)
                bare = _strip_numbering(text)
                if bare not in ("其他", "总计"):
                    self.loose.setdefault(bare, label)

    def match(self, piece: Piece) -> tuple[_RowLabel, bool] | None:
        """The label a text piece names, and whether the match was exact."""
        norm = piece.norm
        found = self.exact.get(norm)
        if found is not None:
            return found, True
        found = self.loose.get(_strip_numbering(norm))
        if found is not None:
            return found, False
        if len(norm) > 70 or "。" in norm:
            return None
        for label in self.labels:
            if label.keyword is not None and label.keyword in norm:
                return label, False
        return None


_MATCHERS: dict[tuple[str, Edition], _Matcher] = {}


def _matcher(table: str, edition: Edition) -> _Matcher:
    key = (table, edition)
    if key not in _MATCHERS:
        _MATCHERS[key] = _Matcher(_t2_labels(edition) if table == "2" else _t3_labels(edition))
    return _MATCHERS[key]


# ---------------------------------------------------------------- the reader


@attrs.define
class _Reader:
    edition: Edition
    cells: dict[str, Value] = attrs.Factory(dict)
    sources: dict[str, tuple[str, int, tuple[int, int, int] | None]] = attrs.Factory(dict)
    warnings: list[ParseIssue] = attrs.Factory(list)
    errors: list[ParseIssue] = attrs.Factory(list)

    def warn(self, code: str, message: str, line: int | None = None, where: str | None = None) -> None:
        self.warnings.append(ParseIssue(IssueLevel.WARNING, code, message, line, where))

    def error(self, code: str, message: str, line: int | None = None, where: str | None = None) -> None:
        self.errors.append(ParseIssue(IssueLevel.ERROR, code, message, line, where))

    # -------------------------------------------------- cells

    def put(self, spec: RowSpec, column: Code, piece: Piece, where: str) -> None:
        self.sources[where] = (piece.raw, piece.line, piece.loc)
        if piece.kind is _NUMBER and type(piece.value) is int and column.unit is None and not piece.signed:
            self.cells[where] = piece.value  # the common case: a plain count
        else:
            self.cells[where] = self._value(spec, column, piece, where)

    def _value(self, spec: RowSpec, column: Code, piece: Piece, where: str) -> Value:
        if piece.kind is not PieceKind.NUMBER:
            return None
        value = piece.value
        if column.unit == "万元":
            amount = Decimal(value) if isinstance(value, int) else value
            assert amount is not None
            if piece.unit == "元":
                self.warn("unit.converted", f"{spec.code.zh}: {piece.raw} converted from 元 to 万元", piece.line, where)
                amount = amount / 10000
            if amount < 0:
                self.error("value.negative", f"{spec.code.zh}: negative amount {piece.raw!r}", piece.line, where)
                return None
            bound = money_problem(amount)
            if bound is not None:
                message = f"{spec.code.zh}: {piece.raw!r} is not {bound}; cell left unread"
                self.error("value.out_of_range", message, piece.line, where)
                return None
            return amount
        if not isinstance(value, int) or value < 0 or (piece.signed and value != 0):
            self.error(
                "value.not_a_count",
                f"{spec.code.zh} / {column.zh}: {piece.raw!r} is not a count; cell left unread",
                piece.line,
                where,
            )
            return None
        return value

    # -------------------------------------------------- rows

    def finish_row(self, spec: RowSpec, candidates: list[Piece], label_line: int) -> None:
        """Place the values collected after a row label, if their count is unambiguous."""
        chosen = _choose(candidates, len(spec.columns))
        if chosen is None:
            strong = sum(p.kind in (PieceKind.NUMBER, PieceKind.NULL) for p in candidates)
            raw = " ".join(p.raw or "∅" for p in candidates)
            self.error(
                "cells.ambiguous" if strong else "cells.missing",
                f"{spec.code.zh}: {strong} values for {len(spec.columns)} columns"
                + (f" ({raw})" if raw else "")
                + "; the row's cells are left unread",
                label_line,
                pointer(spec.path),
            )
            return
        for column, piece, where in zip(spec.columns, chosen, _cell_pointers(spec), strict=True):
            self.put(spec, column, piece, where)

    def read_rows(self, region: Sequence[Line], table: str) -> None:
        matcher = _matcher(table, self.edition)
        current: RowSpec | None = None
        candidates: list[Piece] = []
        label_line = 0
        seen: set[str] = set()

        def close() -> None:
            nonlocal current
            if current is not None:
                self.finish_row(current, candidates, label_line)
            current = None

        text_kind = PieceKind.TEXT
        for line in region:
            for piece in line.pieces:
                if piece.kind is text_kind:
                    found = matcher.match(piece)
                    if found is None:
                        if current is not None and candidates:
                            close()
                        continue
                    label, exact = found
                    close()
                    candidates = []
                    if label.spec is None:
                        continue
                    where = pointer(label.spec.path)
                    if where in seen:
                        self.warn("row.duplicate", f"{piece.raw}: row appears again; the first is kept", piece.line)
                        continue
                    seen.add(where)
                    if not exact:
                        self.warn(
                            "label.paraphrased",
                            f"{piece.raw!r} read as {label.spec.code.code} {label.spec.code.zh}",
                            piece.line,
                            where,
                        )
                    elif label.exact[0] != piece.norm:
                        self.warn(
                            "label.variant",
                            f"{piece.raw!r} read as {label.spec.code.zh} (a variant label)",
                            piece.line,
                            where,
                        )
                    current, label_line = label.spec, piece.line
                elif current is not None:
                    candidates.append(piece)
        close()
        specs = table2_rows(self.edition) if table == "2" else table3_rows_spec(self.edition)
        for spec in specs:
            if pointer(spec.path) not in seen:
                self.error("row.not_found", f"row {spec.code.code} {spec.code.zh} not found", None, pointer(spec.path))

    def read_table4(self, region: Sequence[Line]) -> None:
        candidates = [p for line in region for p in line.pieces if p.kind is not PieceKind.TEXT]
        specs = table4_rows()
        cells = [(spec, column) for spec in specs for column in spec.columns]
        chosen = _choose(candidates, len(cells))
        if chosen is None:
            strong = sum(p.kind in (PieceKind.NUMBER, PieceKind.NULL) for p in candidates)
            line = region[0].number if region else None
            self.error(
                "cells.ambiguous" if strong else "cells.missing",
                f"table 4: {strong} values for 15 cells; left unread",
                line,
                "/review_litigation",
            )
            return
        for (spec, column), piece in zip(cells, chosen, strict=True):
            self.put(spec, column, piece, pointer(spec.cell(column)))


_POINTERS: dict[int, tuple[str, ...]] = {}
_NUMBER = PieceKind.NUMBER


def _cell_pointers(spec: RowSpec) -> tuple[str, ...]:
    """The JSON pointers of a row's cells (cached: row specs are module constants)."""
    found = _POINTERS.get(id(spec))
    if found is None:
        found = _POINTERS[id(spec)] = tuple(pointer(spec.cell(c)) for c in spec.columns)
    return found


def _choose(candidates: list[Piece], n: int) -> list[Piece] | None:
    """The n pieces that are a row's values, or None when the count is ambiguous."""
    strong = [p for p in candidates if p.kind is not PieceKind.EMPTY]
    if len(strong) == n:
        return strong
    if strong:
        first = candidates.index(strong[0])
        last = len(candidates) - 1 - candidates[::-1].index(strong[-1])
        interior = candidates[first : last + 1]
        if len(interior) == n:
            return interior
    if len(candidates) == n:
        return candidates
    return None


# ---------------------------------------------------------------- assembling the report


_Plan = tuple[type, tuple[tuple[str, "str | _Plan"], ...]]
_PLANS: dict[tuple[type, str], _Plan] = {}


def _plan(cls: type[Any], base: str) -> _Plan:
    """For each field of ``cls`` under ``base``: its cell's pointer, or the plan of its class."""
    key = (cls, base)
    if key not in _PLANS:
        hints = typing.get_type_hints(cls)
        fields = []
        for field in attrs.fields(cls):
            where = f"{base}/{field.name}"
            tp = hints[field.name]
            fields.append((field.name, _plan(tp, where) if attrs.has(tp) else where))
        _PLANS[key] = (cls, tuple(fields))
    return _PLANS[key]


def _from_cells(cls: type[Any], base: str, cells: dict[str, Value]) -> Any:
    """Build a model class from the cells read, by its fields: a cell not read is None."""

    def build(plan: _Plan) -> Any:
        kind, fields = plan
        return kind(**{name: cells.get(sub) if isinstance(sub, str) else build(sub) for name, sub in fields})

    return build(_plan(cls, base))


def _assemble(meta: _Meta, edition: Edition, cells: dict[str, Value], narratives: dict[str, str | None]) -> Report:
    assert meta.year is not None
    return Report(
        edition=edition,
        agency=meta.agency,
        year=meta.year,
        title=meta.title,
        overview=narratives["overview"],
        proactive=_from_cells(Proactive, "/proactive", cells),
        requests=_from_cells(Requests, "/requests", cells),
        review_litigation=_from_cells(ReviewLitigation, "/review_litigation", cells),
        problems=narratives["problems"],
        other_matters=narratives["other_matters"],
    )


# ---------------------------------------------------------------- entry point

_T2_ANCHOR = normalize_label("第二十条")
_T3_ANCHORS = (normalize_label("勾稽关系"), normalize_label("本年新收"), normalize_label("申请人情况"))
_T4_ANCHOR = normalize_label("行政复议")


def _anchor(lines: Sequence[Line], start: int, words: Sequence[str]) -> int | None:
    for i in range(start, len(lines)):
        for piece in lines[i].pieces:
            if piece.kind is PieceKind.TEXT and any(w in piece.norm for w in words):
                return i
    return None


def _narrative(lines: Sequence[Line]) -> str | None:
    text = "\n".join(t for t in (line.text.strip(" \t\r\n\xa0\u3000\ufeff") for line in lines) if t)
    return text or None


def _heading_issues(lines: Sequence[Line], heads: dict[int, int]) -> Iterator[ParseIssue]:
    """Warnings for part headings that are missing or paraphrased."""
    for part, code in enumerate(PARTS, start=1):
        if part not in heads:
            yield ParseIssue(IssueLevel.WARNING, "heading.missing", f"heading {code.zh} not found")
            continue
        line = lines[heads[part]]
        norm = "".join(p.norm for p in line.pieces).lstrip("#")
        if all(normalize_label(label) != norm for label in code.labels):
            yield ParseIssue(
                IssueLevel.WARNING, "heading.paraphrased", f"{line.text.strip()!r} read as {code.zh}", line.number
            )


Span = tuple[int, int]


def _part_spans(lines: Sequence[Line], heads: dict[int, int]) -> dict[int, Span]:
    """Each found part's lines: from after its heading to the next heading."""
    starts = sorted(heads.values())
    spans = {}
    for part, at in heads.items():
        later = [i for i in starts if i > at]
        spans[part] = (at + 1, later[0] if later else len(lines))
    return spans


def _table_spans(lines: Sequence[Line], heads: dict[int, int], spans: dict[int, Span]) -> list[Span | None]:
    """The lines of tables 2, 3 and 4; a table whose heading is missing is found by its labels."""
    t2, t3, t4 = spans.get(2), spans.get(3), spans.get(4)
    if t2 is None:
        a = _anchor(lines, 0, (_T2_ANCHOR,))
        t2 = (a, (t3 or t4 or (len(lines),))[0]) if a is not None else None
    if t3 is None:
        a = _anchor(lines, t2[0] if t2 else 0, _T3_ANCHORS)
        t3 = (a, (t4 or (len(lines),))[0]) if a is not None else None
    if t4 is None:
        a = _anchor(lines, t3[1] if t3 else 0, (_T4_ANCHOR,))
        end = heads.get(5, len(lines))
        t4 = (a, end if end > a else len(lines)) if a is not None else None
    return [t2, t3, t4]


_TABLES = (
    ("2", "table 2 (主动公开政府信息情况)", "/proactive"),
    ("3", "table 3 (收到和处理政府信息公开申请情况)", "/requests"),
    ("4", "table 4 (行政复议、行政诉讼情况)", "/review_litigation"),
)


def _front_matter(
    lines: Sequence[Line], heads: dict[int, int], extra_titles: Iterable[str], source: str | None
) -> tuple[_Meta, list[ParseIssue]]:
    """Agency, year and title, and warnings about them and the edition."""
    n2019, n2021 = _edition(lines)
    if not heads and n2019 + n2021 == 0:
        raise ParseError("no report found: none of the six part headings and no table labels", source)
    if n2019 > n2021:
        raise ParseError(
            f"this report uses the 2019 edition of the format ({n2019} labels of the 2019 tables);"
            " gxopen parses the 2021 edition only, for now",
            source,
        )
    meta = _meta(lines, max(min(heads.values(), default=len(lines)), 12), extra_titles)
    if meta.year is None:
        raise ParseError("no report year found (expected a title like '…2024年政府信息公开工作年度报告')", source)
    issues = []
    if not meta.agency:
        issues.append(ParseIssue(IssueLevel.WARNING, "meta.agency", "the publishing agency was not found; left empty"))
    if n2021 == 0:
        issues.append(
            ParseIssue(
                IssueLevel.WARNING,
                "edition.inferred",
                f"no edition-specific labels found; the 2021 edition is assumed for a {meta.year} report",
            )
        )
    return meta, issues


def build(
    lines: Sequence[Line],
    *,
    source: str | None = None,
    encoding: str | None = None,
    extra_titles: Iterable[str] = (),
    warnings: Iterable[ParseIssue] = (),
) -> ParseResult:
    """Read a report from lines; see the module docstring."""
    heads = _find_headings(lines)
    meta, issues = _front_matter(lines, heads, extra_titles, source)
    edition = Edition.E2021
    reader = _Reader(edition)
    reader.warnings.extend([*warnings, *issues, *_heading_issues(lines, heads)])
    spans = _part_spans(lines, heads)
    for (table, name, where), span in zip(_TABLES, _table_spans(lines, heads, spans), strict=True):
        if span is None:
            reader.error("table.not_found", f"{name} not found", None, where)
        elif table == "4":
            reader.read_table4(lines[span[0] : span[1]])
        else:
            reader.read_rows(lines[span[0] : span[1]], table)

    def text(part: int) -> str | None:
        span = spans.get(part)
        return None if span is None else _narrative(lines[span[0] : span[1]])

    narratives = {"overview": text(1), "problems": text(5), "other_matters": text(6)}
    first_heading = min(heads.values(), default=len(lines))
    preamble = _narrative([line for i, line in enumerate(lines[:first_heading]) if i not in meta.title_lines])
    return ParseResult(
        report=_assemble(meta, edition, reader.cells, narratives),
        edition=edition,
        cells=CellSources(reader.sources),
        warnings=tuple(reader.warnings),
        errors=tuple(reader.errors),
        preamble=preamble,
        lines=tuple(line.text for line in lines),
        source=source,
        encoding=encoding,
    )
