"""From lines to a report: the parser's pipeline of named passes.

Both parsers end here. The engine never invents a number and never fills a
zero: a cell it cannot place with certainty is ``None`` with an error saying
why. Metadata never stops it: a report whose year or agency cannot be found
still has its tables read, and the error says what is missing.

The pipeline, in order (each pass is a small function with its own tests and
a line in ``docs/explanation.md``; :mod:`gxopen._parse._passes` has the
contexts they work on):

====  ========================  =============================================
 1    ``depaginate``            page footers and form feeds removed
 2    ``markdown_debris``       ``###`` marks cut, placeholder rows dropped
 3    ``separate_glued``        glued crawler dumps: each label on its own line
 —    (front matter)            headings, title, agency, year, edition, table spans
 4    ``remarks``               a remark in a row (``22（其中修订 16 件）``) set aside
 5    ``vertical_labels``       stray characters of a downward label cut off
 6    ``join_wrapped_labels``   a label wrapped over 2–4 lines joined
 6b   ``stacked_header_words``  table 4: a column label printed in two lines joined
 7    ``match_rows``            tables 2, 3: a label takes the values after it
 8    ``assign_bare_rows``      tables 2, 3: unlabeled rows by official order
 9    ``table4_by_header``      table 4: values placed by the header's labels
10    ``split_glued_runs``      runs of glued digits split by the identities
====  ========================  =============================================

To add a pass: write ``def name(ctx: DocumentContext | TableContext) -> None``
in its own module, append it to ``DOCUMENT_PASSES`` or ``TABLE_PASSES`` below
at its place (table passes run on each table's lines before the reading
passes 7–10), mark what it makes or moves with ``piece.touched("name")``, and
add its line to the table above and to the docs.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from gxopen._cells import pointer, table2_rows, table3_rows_spec, table4_rows
from gxopen._codes import PARTS, TABLE3_APPLICANT_HEADER, TABLE3_NOTE, TABLE4_GROUPS, Edition, normalize_label, table2
from gxopen._model import Report, Requests, ReviewLitigation, edition_types
from gxopen._parse._document import depaginate, markdown_debris, remarks
from gxopen._parse._glued import PASS, separate_glued, split_glued_runs
from gxopen._parse._labels import join_wrapped_labels, vertical_labels
from gxopen._parse._meta import Meta, edition_marks, find_headings, find_meta, heading_is_official
from gxopen._parse._passes import DocumentContext, Issues, Pass, TableContext
from gxopen._parse._result import CellSources, ParseIssue, ParseResult
from gxopen._parse._rows import read_rows
from gxopen._parse._store import Store, procurement_unit
from gxopen._parse._table4 import read_table4, stacked_header_words
from gxopen._parse._tokens import Line, PieceKind
from gxopen.exceptions import ParseError

__all__ = ["DOCUMENT_PASSES", "TABLE_PASSES", "build"]

DOCUMENT_PASSES: tuple[Pass, ...] = (
    Pass("depaginate", depaginate, "page footers (— 4 —, -4-, 第4页) and form feeds removed"),
    Pass("markdown_debris", markdown_debris, "Markdown heading marks cut, placeholder rows dropped"),
    Pass(PASS, separate_glued, "glued crawler dumps: each label of the code table on a line of its own"),
)
"""Passes over every line, before the headings are found."""

TABLE_PASSES: tuple[Pass, ...] = (
    Pass("remarks", remarks, "a remark in a row (22（其中修订 16 件）) set aside"),
    Pass("vertical_labels", vertical_labels, "stray characters of a downward group label cut off item labels"),
    Pass("join_wrapped_labels", join_wrapped_labels, "a label wrapped over 2–4 lines joined into one piece"),
    Pass("stacked_header_words", stacked_header_words, "table 4: a column label printed in two lines joined"),
)
"""Passes over each table's lines, before the rows are read; register new ones here."""


# ---------------------------------------------------------------- assembling the report

_Plan = tuple[type, tuple[tuple[str, "str | _Plan"], ...]]
_PLANS: dict[tuple[type, str, Edition], _Plan] = {}


def _plan(cls: type[Any], base: str, edition: Edition) -> _Plan:
    """For each field of ``cls`` under ``base``: its cell's pointer, or the plan of its class in ``edition``."""
    key = (cls, base, edition)
    if key not in _PLANS:
        hints = typing.get_type_hints(cls)
        shaped = edition_types(edition)
        fields = []
        for field in attrs.fields(cls):
            where = f"{base}/{field.name}"
            tp = shaped.get((cls, field.name), hints[field.name])
            fields.append((field.name, _plan(tp, where, edition) if attrs.has(tp) else where))
        _PLANS[key] = (cls, tuple(fields))
    return _PLANS[key]


def _from_cells(cls: type[Any], base: str, cells: Mapping[str, object], edition: Edition) -> Any:
    """Build a model class from the cells read, by its fields: a cell not read is None."""

    def build(plan: _Plan) -> Any:
        kind, fields = plan
        return kind(**{name: cells.get(sub) if isinstance(sub, str) else build(sub) for name, sub in fields})

    return build(_plan(cls, base, edition))


def _assemble(meta: Meta, edition: Edition, cells: Mapping[str, object], narratives: dict[str, str | None]) -> Report:
    assert meta.year is not None
    return Report(
        edition=edition,
        agency=meta.agency,
        year=meta.year,
        title=meta.title,
        overview=narratives["overview"],
        proactive=_from_cells(edition_types(edition)[Report, "proactive"], "/proactive", cells, edition),
        requests=_from_cells(Requests, "/requests", cells, edition),
        review_litigation=_from_cells(ReviewLitigation, "/review_litigation", cells, edition),
        problems=narratives["problems"],
        other_matters=narratives["other_matters"],
    )


# ---------------------------------------------------------------- parts and tables

_T2_ANCHOR = normalize_label(table2(Edition.E2021).children[0].zh)[:4]  # 第二十条
_T3_ANCHORS = (
    normalize_label(TABLE3_NOTE)[5:9],  # 勾稽关系
    normalize_label(table3_rows_spec(Edition.E2021)[0].code.keywords[0]),  # 本年新收
    normalize_label(TABLE3_APPLICANT_HEADER),
)
_T4_ANCHOR = normalize_label(TABLE4_GROUPS[0].zh)  # 行政复议


def _anchor(lines: Sequence[Line], start: int, words: Sequence[str]) -> int | None:
    for i in range(start, len(lines)):
        for piece in lines[i].pieces:
            if piece.kind is PieceKind.TEXT and any(w in piece.norm for w in words):
                return i
    return None


def _narrative(lines: Sequence[Line]) -> str | None:
    text = "\n".join(t for t in (line.text.strip(" \t\r\n\xa0\u3000\ufeff") for line in lines) if t)
    return text or None


def _heading_issues(lines: Sequence[Line], heads: dict[int, int], issues: Issues) -> None:
    """Warnings for part headings that are missing or paraphrased."""
    for part, code in enumerate(PARTS, start=1):
        if part not in heads:
            issues.warn("heading.missing", f"heading {code.zh} not found")
            continue
        line = lines[heads[part]]
        if not heading_is_official(line, part):
            issues.warn("heading.paraphrased", f"{line.text.strip()!r} read as {code.zh}", line.number)


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


def _front_matter(  # noqa: PLR0917 - internal, called once
    lines: Sequence[Line],
    heads: dict[int, int],
    extra_titles: Iterable[str],
    source: str | None,
    year: int | None,
    agency: str | None,
    issues: Issues,
) -> tuple[Meta, Edition]:
    """Agency, year, title and edition; what is missing or guessed goes to ``issues``."""
    n2019, n2021 = edition_marks(lines)
    if not heads and n2019 + n2021 == 0:
        raise ParseError("no report found: none of the six part headings and no table labels", source)
    meta = find_meta(lines, max(min(heads.values(), default=len(lines)), 12), extra_titles, source)
    if year is not None:
        if meta.year is not None and meta.year != year:
            issues.warn("meta.year", f"the year {year} given is used; the {meta.year_from} says {meta.year}")
        meta.year, meta.year_from = year, "caller"
    if agency:
        meta.agency, meta.agency_from = agency, "caller"
    if meta.year is None:
        issues.error(
            "meta.year",
            "no report year found (no title like '…2024年政府信息公开工作年度报告', no period sentence);"
            " the tables are read, but a report needs its year: give it (parse_text(…, year=…),"
            " gxopen parse --year)",
        )
    elif meta.year_from in ("period", "file name"):
        issues.warn("meta.year", f"the report year {meta.year} was taken from the {meta.year_from}")
    if not meta.agency:
        issues.error("meta.agency", "the publishing agency was not found; left empty (give it: gxopen parse --agency)")
    elif meta.agency_from == "file name":
        issues.warn("meta.agency", f"the agency {meta.agency!r} was taken from the file name")
    return meta, _edition(n2019, n2021, meta.year, issues)


def _edition(n2019: int, n2021: int, year: int | None, issues: Issues) -> Edition:
    """The edition the labels name; only when they name neither (or both equally) the year decides."""
    if n2019 != n2021:
        return Edition.E2019 if n2019 > n2021 else Edition.E2021
    edition = Edition.E2019 if year is not None and year <= 2020 else Edition.E2021
    found = "no edition-specific labels found" if n2019 == 0 else f"{n2019} labels of each edition found"
    issues.warn(
        "edition.inferred",
        f"{found}; the {edition.value} edition is assumed" + (f" for a {year} report" if year is not None else ""),
    )
    return edition


_POINTERS: dict[Edition, tuple[str, ...]] = {}


def _pointers(edition: Edition) -> tuple[str, ...]:
    """The pointers of every cell of tables 2–4, in printed order."""
    if edition not in _POINTERS:
        specs = (*table2_rows(edition), *table3_rows_spec(edition), *table4_rows())
        _POINTERS[edition] = tuple(pointer(spec.cell(column)) for spec in specs for column in spec.columns)
    return _POINTERS[edition]


def build(
    lines: Sequence[Line],
    *,
    source: str | None = None,
    encoding: str | None = None,
    extra_titles: Iterable[str] = (),
    warnings: Iterable[ParseIssue] = (),
    year: int | None = None,
    agency: str | None = None,
) -> ParseResult:
    """Read a report from lines; see the module docstring."""
    issues = Issues(warnings=list(warnings))
    original = lines
    document = DocumentContext(list(lines), issues)
    for step in DOCUMENT_PASSES:
        step.run(document)
    lines = document.lines
    heads = find_headings(lines)
    meta, edition = _front_matter(lines, heads, extra_titles, source, year, agency, issues)
    _heading_issues(lines, heads, issues)
    store = Store(issues)
    spans = _part_spans(lines, heads)
    for (table, name, where), span in zip(_TABLES, _table_spans(lines, heads, spans), strict=True):
        if span is None:
            issues.error("table.not_found", f"{name} not found", None, where)
            continue
        ctx = TableContext(table, edition, list(lines[span[0] : span[1]]), issues)
        for step in TABLE_PASSES:
            step.run(ctx)
        if table == "4":
            read_table4(ctx, store)
        else:
            read_rows(ctx, store)
        if table == "2":
            procurement_unit(ctx, store)

    split_glued_runs(store.glued, store.cells, store.sources, issues)

    def text(part: int) -> str | None:
        span = spans.get(part)
        return None if span is None else _narrative(lines[span[0] : span[1]])

    narratives = {"overview": text(1), "problems": text(5), "other_matters": text(6)}
    first_heading = min(heads.values(), default=len(lines))
    preamble = _narrative([line for i, line in enumerate(lines[:first_heading]) if i not in meta.title_lines])
    values = {where: store.cells.get(where) for where in _pointers(edition)}
    return ParseResult(
        report=_assemble(meta, edition, {**store.cells, **store.units}, narratives) if meta.year is not None else None,
        edition=edition,
        cells=CellSources(store.sources),
        warnings=tuple(issues.warnings),
        errors=tuple(issues.errors),
        preamble=preamble,
        lines=tuple(line.text for line in original),
        source=source,
        encoding=encoding,
        values=values,
        agency=meta.agency,
        year=meta.year,
    )
