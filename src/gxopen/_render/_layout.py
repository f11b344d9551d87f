"""The tables of a report laid out once, for every renderer.

:func:`flat_tables` gives each table as a header and rows of values (text,
Markdown, records); :func:`official_grids` gives the official template with its
merged cells (HTML).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

import attrs

from gxopen._cells import Path, get, pointer, table2_rows, table4_rows
from gxopen._codes import (
    PARTS,
    TABLE3_APPLICANT_HEADER,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE3_ORGANIZATION_HEADER,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    Code,
    Edition,
    table2,
    table3_rows,
)
from gxopen._convert import plain
from gxopen._model import Procurement, Report

__all__ = ["FlatRow", "FlatTable", "GridCell", "Labeler", "flat_tables", "format_value", "official_grids", "parts"]

Value = int | Decimal | str | None
"""A cell as laid out: its number, or its text as the official layout writes it (``+6``, ``251000元``)."""
Labeler = Callable[[str, str], str]
"""Turns a Chinese and an English label into the label shown."""


def chinese(zh: str, en: str) -> str:
    """Chinese labels only."""
    return zh


def bilingual(zh: str, en: str) -> str:
    """Chinese and English labels."""
    return f"{zh} {en}"


def labeler(bilingual_labels: bool) -> Labeler:
    """The labeler for the renderers' ``bilingual`` option."""
    return bilingual if bilingual_labels else chinese


def format_value(value: Value) -> str:
    """A cell as shown: the number exactly, in plain decimal notation (never ``1E+5``), or empty for "not reported"."""
    if value is None:
        return ""
    return plain(value) if isinstance(value, Decimal) else str(value)


def shown(row: object, column: Code) -> Value:
    """A table 2 cell as the 2019 layout writes it: ``本年增/减`` with its sign, 采购总金额 in the report's unit.

    The procurement amount is kept in 万元; a report that wrote it in 元 is
    shown in 元 (``251000元``), one that named no unit without one.
    """
    value: Value = getattr(row, column.key or "")
    if value is None or isinstance(value, str):
        return value
    if column.signed:
        return f"{value:+d}" if value else "0"
    if isinstance(row, Procurement) and isinstance(value, Decimal):
        if row.reported_unit == "元":
            return f"{(value * 10000).normalize():f}元"
        return f"{value:f}" + (row.reported_unit or "")
    return value


@attrs.frozen
class FlatRow:
    """A row of a flat table; ``values`` is ``None`` for a group heading row."""

    label: str
    depth: int
    values: tuple[Value, ...] | None


@attrs.frozen
class FlatTable:
    """A table as a header and rows: what text and Markdown draw."""

    title: str
    header: tuple[str, ...]
    rows: tuple[FlatRow, ...]


def _t3_rows(report: Report, codes: tuple[Code, ...], prefix: Path, depth: int, lab: Labeler) -> Iterator[FlatRow]:
    for code in codes:
        assert code.key is not None
        path = (*prefix, code.key)
        if code.children:
            yield FlatRow(lab(code.zh, code.en), depth, None)
            yield from _t3_rows(report, code.children, path, depth + 1, lab)
        else:
            row = get(report, path)
            yield FlatRow(lab(code.zh, code.en), depth, tuple(getattr(row, c.key or "") for c in TABLE3_COLUMNS))


def flat_tables(report: Report, lab: Labeler = chinese) -> dict[str, list[FlatTable]]:
    """The tables of parts 二, 三 and 四 as flat tables, keyed by part JSON key."""
    t2: list[FlatTable] = []
    specs = table2_rows(report.edition)
    for block in table2(report.edition).children:
        rows = []
        for spec in specs:
            if spec.parents[0] is not block:
                continue
            values = get(report, spec.path)
            rows.append(FlatRow(lab(spec.code.zh, spec.code.en), 0, tuple(shown(values, c) for c in block.columns)))
        header = (lab("信息内容", "Item"), *(lab(c.zh, c.en) for c in block.columns))
        t2.append(FlatTable(lab(block.zh, block.en), header, tuple(rows)))
    t3 = FlatTable(
        lab("申请人情况", "Applicants"),
        (lab("项目", "Item"), *(lab(c.zh, c.en) for c in TABLE3_COLUMNS)),
        tuple(_t3_rows(report, table3_rows(report.edition), ("requests",), 0, lab)),
    )
    t4_rows = []
    for spec in table4_rows():
        group = get(report, spec.path)
        label = lab(spec.code.zh, spec.code.en)
        if spec.code.code.startswith("2."):
            parent = TABLE4_GROUPS[1]
            label = f"{lab(parent.zh, parent.en)}·{label}"
        t4_rows.append(FlatRow(label, 0, tuple(getattr(group, c.key or "") for c in TABLE4_COLUMNS)))
    t4 = FlatTable(
        lab("行政复议、行政诉讼", "Review and litigation"),
        (lab("类别", "Kind"), *(lab(c.zh, c.en) for c in TABLE4_COLUMNS)),
        tuple(t4_rows),
    )
    return {"proactive": t2, "requests": [t3], "review_litigation": [t4]}


def parts(report: Report, lab: Labeler = chinese) -> list[tuple[str, str, str | None]]:
    """The six parts in order: (JSON key, heading, narrative or ``None`` for a table part)."""
    out: list[tuple[str, str, str | None]] = []
    for part in PARTS:
        key = part.key or ""
        text = getattr(report, key) if key in ("overview", "problems", "other_matters") else None
        out.append((key, lab(part.zh, part.en), text))
    return out


def title(report: Report) -> str:
    """The report's title, or the conventional one."""
    return report.title or f"{report.agency}{report.year}年政府信息公开工作年度报告"


# ---------------------------------------------------------------- the official grids (HTML)


@attrs.frozen
class GridCell:
    """A cell of the official template, with its spans."""

    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    pointer: str | None = None
    css: str = ""


def _value(report: Report, path: Path) -> GridCell:
    return GridCell(format_value(get(report, path)), pointer=pointer(path), css="num")


_T2_WIDTH = {Edition.E2021: 3, Edition.E2019: 4}
"""Value columns of table 2 in each edition's template: blocks of 3, 2 and 1 columns span them."""


def _spans(n: int, width: int) -> list[int]:
    """Column spans of ``n`` value cells across ``width`` columns; a remainder widens the middle cells."""
    base, extra = divmod(width, n)
    spans = [base] * n
    for i in range(extra):
        spans[(n // 2 + i) % n] += 1
    return spans


def _grid2(report: Report, lab: Labeler) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = []
    specs = table2_rows(report.edition)
    inner = _T2_WIDTH[report.edition]
    for block in table2(report.edition).children:
        rows.append([GridCell(lab(block.zh, block.en), header=True, colspan=inner + 1, css="block")])
        spans = _spans(len(block.columns), inner)
        head = [GridCell(lab("信息内容", "Item"), header=True)]
        head += [GridCell(lab(c.zh, c.en), header=True, colspan=n) for c, n in zip(block.columns, spans, strict=True)]
        rows.append(head)
        for spec in specs:
            if spec.parents[0] is block:
                values = get(report, spec.path)
                cells = [GridCell(lab(spec.code.zh, spec.code.en), header=True, css="label")]
                cells += [
                    GridCell(format_value(shown(values, c)), colspan=n, pointer=pointer(spec.cell(c)), css="num")
                    for c, n in zip(block.columns, spans, strict=True)
                ]
                rows.append(cells)
    return rows


def _grid3(report: Report, lab: Labeler) -> list[list[GridCell]]:
    cols = TABLE3_COLUMNS
    rows: list[list[GridCell]] = [
        [
            GridCell(TABLE3_NOTE, header=True, rowspan=3, colspan=3, css="note"),
            GridCell(lab(TABLE3_APPLICANT_HEADER, "Applicants"), header=True, colspan=7),
        ],
        [
            GridCell(lab(cols[0].zh, cols[0].en), header=True, rowspan=2),
            GridCell(lab(TABLE3_ORGANIZATION_HEADER, "Legal persons or other organisations"), header=True, colspan=5),
            GridCell(lab(cols[6].zh, cols[6].en), header=True, rowspan=2),
        ],
        [GridCell(lab(c.zh, c.en), header=True) for c in cols[1:6]],
    ]

    def values(path: Path) -> list[GridCell]:
        return [_value(report, (*path, c.key or "")) for c in cols]

    for top in table3_rows(report.edition):
        assert top.key is not None
        if not top.children:
            rows.append(
                [GridCell(lab(top.zh, top.en), header=True, colspan=3, css="label"), *values(("requests", top.key))]
            )
            continue
        first_of_top = True
        n_top = len(top.leaves)
        for mid in top.children:
            assert mid.key is not None
            lead = [GridCell(lab(top.zh, top.en), header=True, rowspan=n_top, css="label")] if first_of_top else []
            first_of_top = False
            if not mid.children:
                label = GridCell(lab(mid.zh, mid.en), header=True, colspan=2, css="label")
                rows.append([*lead, label, *values(("requests", top.key, mid.key))])
                continue
            for i, leaf in enumerate(mid.children):
                assert leaf.key is not None
                group = [GridCell(lab(mid.zh, mid.en), header=True, rowspan=len(mid.children), css="label")]
                cells = (lead + group) if i == 0 else []
                cells.append(GridCell(lab(leaf.zh, leaf.en), header=True, css="label"))
                rows.append([*cells, *values(("requests", top.key, mid.key, leaf.key))])
                lead = []
    return rows


def _grid4(report: Report, lab: Labeler) -> list[list[GridCell]]:
    review, litigation = TABLE4_GROUPS
    head = [GridCell(lab(c.zh, c.en), header=True, rowspan=2) for c in TABLE4_COLUMNS]
    return [
        [
            GridCell(lab(review.zh, review.en), header=True, colspan=5),
            GridCell(lab(litigation.zh, litigation.en), header=True, colspan=10),
        ],
        [*head, *(GridCell(lab(g.zh, g.en), header=True, colspan=5) for g in litigation.children)],
        [GridCell(lab(c.zh, c.en), header=True) for _ in litigation.children for c in TABLE4_COLUMNS],
        [_value(report, spec.cell(c)) for spec in table4_rows() for c in TABLE4_COLUMNS],
    ]


def official_grids(report: Report, lab: Labeler = chinese) -> dict[str, list[list[GridCell]]]:
    """Tables 2–4 in the official template's layout, keyed by part JSON key."""
    return {
        "proactive": _grid2(report, lab),
        "requests": _grid3(report, lab),
        "review_litigation": _grid4(report, lab),
    }
