"""Write a report in each layout published copies use (FORMAT.md section 8)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import gxopen
from gxopen._cells import get, table2_rows, table3_rows_spec, table4_rows
from gxopen._codes import Edition

from . import official_labels as official

FULL = str.maketrans("0123456789()./,:", "０１２３４５６７８９（）．／，：")

Cell = int | Decimal | None


def show(value: Cell, blank: str = "") -> str:
    return blank if value is None else str(value)


def heading(i: int) -> str:
    return official.PARTS[i]


def narrative(report: gxopen.Report, key: str) -> list[str]:
    text = getattr(report, key)
    return [] if text is None else text.split("\n")


def t2_rows(report: gxopen.Report) -> list[tuple[str, str, list[str], list[Cell]]]:
    """(block label, row label, column labels, values) for table 2 (2021 edition).

    Labels come from the hand-written :mod:`tests.official_labels`; the model's
    paths from the code table, row by row in printed order.
    """
    labelled = [(block, cols, row) for block, cols, rows in official.TABLE2_2021 for row in rows]
    specs = table2_rows(Edition.E2021)
    assert len(labelled) == len(specs)
    out = []
    for (block, cols, row), spec in zip(labelled, specs, strict=True):
        values = get(report, spec.path)
        assert len(cols) == len(spec.columns)
        out.append((block, row, list(cols), [getattr(values, c.key or "") for c in spec.columns]))
    return out


def t3_rows(report: gxopen.Report) -> list[tuple[list[str], list[Cell] | None]]:
    """(labels, values) in printed order; a group heading has values None."""
    specs = iter(table3_rows_spec(Edition.E2021))
    out: list[tuple[list[str], list[Cell] | None]] = []
    for number, label in official.TABLE3_ROWS_2021:
        if number in official.TABLE3_GROUPS["2021"]:
            out.append(([label], None))
            continue
        spec = next(specs)
        assert spec.code.code == number, (spec.code.code, number)
        row = get(report, spec.path)
        out.append(([label], [getattr(row, c.key or "") for c in spec.columns]))
    return out


def t4_values(report: gxopen.Report) -> list[Cell]:
    return [getattr(get(report, spec.path), c.key or "") for spec in table4_rows() for c in spec.columns]


def _document(
    report: gxopen.Report,
    write_t2: Callable[[], list[str]],
    write_t3: Callable[[], list[str]],
    write_t4: Callable[[], list[str]],
    *,
    headings: list[str] | None = None,
    intro: str | None = None,
) -> str:
    h = headings or list(official.PARTS)
    lines = [report.title or f"{report.agency}{report.year}年政府信息公开工作年度报告"]
    lines += [h[0], *narrative(report, "overview"), h[1]]
    if intro:
        lines.append(intro)
    lines += write_t2()
    lines.append(h[2])
    if intro:
        lines.append(intro)
    lines += write_t3()
    lines.append(h[3])
    lines += write_t4()
    lines += [h[4], *narrative(report, "problems"), h[5], *narrative(report, "other_matters")]
    return "\n".join(lines)


def one_cell_per_line(report: gxopen.Report, blank: str = "") -> str:
    """Like the seed: each cell on its own line ending in ' |', filler pipes."""

    def t2() -> list[str]:
        out: list[str] = []
        last = None
        for block, label, cols, values in t2_rows(report):
            if block != last:
                out += [f"{block} | |||", "信息内容 |", *(f"{c} |" for c in cols)]
                last = block
            out += [f"{label} |", *(f"{show(v, blank)} |" for v in values)]
        return out

    def t3() -> list[str]:
        out = [f"{official.TABLE3_NOTE} |"]
        out += ["申请人情况 | ||||||||", "自然人 |", "法人或其他组织 |", "总计 | |||||||"]
        out += ["商业 企业 |", "科研 机构 |", "社会公益组织 |", "法律服务机构 |", "其他 | |||||"]
        for labels, values in t3_rows(report):
            out += [f"{labels[0]} |"]
            if values is not None:
                out += [f"{show(v, blank)} |" for v in values[:-1]] + [f"{show(values[-1], blank)} | ||"]
        return out

    def t4() -> list[str]:
        out = [
            "行政复议 |",
            "行政诉讼 | |||||||||||||",
            "结果维持 |",
            "结果 |",
            "纠正 |",
            "其他 |",
            "尚未 |",
            "审结 |",
            "总计 |",
        ]
        out += ["未经复议直接起诉 |", "复议后起诉 | ||||||||"]
        out += [f"{show(v, blank)} |" for v in t4_values(report)]
        return out

    return _document(report, t2, t3, t4)


def markdown_rows(report: gxopen.Report, *, leading_pipe: bool = True, blank: str = "") -> str:
    """Markdown-style rows `| 规章 | 0 | 0 | 0 |` (or without the leading pipe)."""
    lead = "| " if leading_pipe else ""

    def row(cells: list[str]) -> str:
        return lead + " | ".join(cells) + " |"

    def t2() -> list[str]:
        out: list[str] = []
        last = None
        for block, label, cols, values in t2_rows(report):
            if block != last:
                out += [row([block]), row(["信息内容", *cols])]
                last = block
            out.append(row([label, *(show(v, blank) for v in values)]))
        return out

    def t3() -> list[str]:
        out = [
            row(["", *official.TABLE3_COLUMNS]),
            "|---|---|---|---|---|---|---|---|",
        ]
        for labels, values in t3_rows(report):
            out.append(row(labels) if values is None else row([*labels, *(show(v, blank) for v in values)]))
        return out

    def t4() -> list[str]:
        return [
            row([official.TABLE4_REVIEW, official.TABLE4_LITIGATION]),
            row([*official.TABLE4_COLUMNS, *official.TABLE4_GROUPS[1:]]),
            row([show(v, blank) for v in t4_values(report)]),
        ]

    return _document(report, t2, t3, t4)


def space_separated(report: gxopen.Report, *, full_width: bool = False) -> str:
    """PDF text: `四、结转下年度继续办理 0 0 0 0 0 0 0`, headers split one character per line."""

    def fmt(v: Cell) -> str:
        text = show(v, "/")
        return text.translate(FULL) if full_width else text

    def label(text: str) -> str:
        return text.translate(FULL) if full_width else text

    def t2() -> list[str]:
        out: list[str] = []
        last = None
        for block, lab, cols, values in t2_rows(report):
            if block != last:
                out += [label(block), "信息内容 " + " ".join(cols)]
                last = block
            out.append(" ".join([label(lab), *(fmt(v) for v in values)]))
        return out

    def t3() -> list[str]:
        out = [
            "申请人情况",
            "自",
            "然",
            "人",
            "法人或其他组织",
            "商业",
            "企业",
            "科研",
            "机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ]
        for labels, values in t3_rows(report):
            out.append(label(labels[0]) if values is None else " ".join([label(labels[0]), *(fmt(v) for v in values)]))
        return out

    def t4() -> list[str]:
        return [
            f"{official.TABLE4_REVIEW} {official.TABLE4_LITIGATION}",
            " ".join(official.TABLE4_GROUPS[1:]),
            " ".join(official.TABLE4_COLUMNS),
            " ".join(fmt(v) for v in t4_values(report)),
        ]

    return _document(report, t2, t3, t4)
