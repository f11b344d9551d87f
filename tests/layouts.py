"""Write a report in each layout published copies use (FORMAT.md section 8)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import gxopen
from gxopen._cells import get, table2_rows, table3_rows_spec, table4_rows
from gxopen._codes import Edition

from . import official_labels as official

FULL = str.maketrans("0123456789()./,:", "０１２３４５６７８９（）．／，：")

Cell = int | Decimal | str | None
"""A cell: its number, or (2019 table 2) its text as published: ``+6``, ``251000.0元``."""


def show(value: Cell, blank: str = "") -> str:
    return blank if value is None else str(value)


def heading(i: int) -> str:
    return official.PARTS[i]


def narrative(report: gxopen.Report, key: str) -> list[str]:
    text = getattr(report, key)
    return [] if text is None else text.split("\n")


def _published(row: object, key: str) -> Cell:
    """A table 2 cell as publishers write it: 本年增/减 signed, 采购总金额 with the report's unit."""
    value: Cell = getattr(row, key)
    if value is None:
        return value
    if key == "change":
        return f"{value:+d}" if value else "0"
    if isinstance(row, gxopen.Procurement) and key == "amount":
        assert isinstance(value, Decimal)
        return f"{value * 10000:f}元" if row.reported_unit == "元" else f"{value:f}{row.reported_unit or ''}"
    return value


def t2_rows(report: gxopen.Report) -> list[tuple[str, str, list[str], list[Cell]]]:
    """(block label, row label, column labels, values) for table 2 of the report's edition.

    Labels come from the hand-written :mod:`tests.official_labels`; the model's
    paths from the code table, row by row in printed order.
    """
    table = official.TABLE2_2021 if report.edition is Edition.E2021 else official.TABLE2_2019
    labelled = [(block, cols, row) for block, cols, rows in table for row in rows]
    specs = table2_rows(report.edition)
    assert len(labelled) == len(specs)
    out = []
    for (block, cols, row), spec in zip(labelled, specs, strict=True):
        values = get(report, spec.path)
        assert len(cols) == len(spec.columns)
        out.append((block, row, list(cols), [_published(values, c.key or "") for c in spec.columns]))
    return out


def t3_rows(report: gxopen.Report) -> list[tuple[list[str], list[Cell] | None]]:
    """(labels, values) in printed order; a group heading has values None."""
    specs = iter(table3_rows_spec(report.edition))
    out: list[tuple[list[str], list[Cell] | None]] = []
    rows = official.TABLE3_ROWS_2021 if report.edition is Edition.E2021 else official.TABLE3_ROWS_2019
    for number, label in rows:
        if number in official.TABLE3_GROUPS[report.edition.value]:
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


# ---------------------------------------------------------------- PDF-derived text (issue 9)

_WRAP = 12
"""Characters of a label on one line of a PDF table cell before it wraps."""


def _wrap(label: str, width: int = _WRAP) -> list[str]:
    return [label[i : i + width] for i in range(0, len(label), width)] or [""]


def pdf_layout(report: gxopen.Report, *, numbers_on: str = "first") -> str:
    """``pdftotext -layout`` of a printed report: what real PDF text looks like.

    * the title wrapped over two lines with the year first;
    * long labels wrapped over 2–4 lines, the numbers on the first line
      (``numbers_on="first"``), on the last (``"last"``) or on a line of their
      own between the label's parts (``"alone"``);
    * the group labels of table 3 written downward two characters a line,
      glued to the front of the item labels (``（三）不  4.保护第三方…``);
    * a page footer (``— 2 —``) and a form feed inside table 3, and a footer
      glued to the end of a row (``… 0 -3-``);
    * table 4's column labels printed in two lines of their cells (``结果``
      over ``维持``), the lower halves of the first group on the line of the
      upper halves of the others;
    * blank cells as ``—``.
    """

    def fmt(v: Cell) -> str:
        return show(v, "—")

    def t2() -> list[str]:
        out: list[str] = []
        last = None
        for block, lab, cols, values in t2_rows(report):
            if block != last:
                out += [f"     {block}", "          信息内容    " + "    ".join(cols)]
                last = block
            out.append(f"     {lab}        " + "       ".join(fmt(v) for v in values))
        return out

    def t3() -> list[str]:
        out = [
            "                                   申请人情况",
            f"     {official.TABLE3_NOTE[:24]}          法人或其他组织",
            f"     {official.TABLE3_NOTE[24:]}          自然",
            "                   人       商业    科研 社会公 法律服 其他 总计",
            "                           企业    机构 益组织 务机构",
        ]
        group_lines: list[str] = []
        for n, (labels, values) in enumerate(t3_rows(report)):
            label = labels[0]
            if values is None:
                # A group label is written downward two characters a line, in front of its items.
                group_lines = _wrap(label, 2) if label.startswith("（") else [label]
                if not label.startswith("（"):
                    out.append(f"     {label}")
                    group_lines = []
                continue
            parts = _wrap(label)
            cells = "     ".join(fmt(v) for v in values)
            front = [group_lines.pop(0) if group_lines else "" for _ in parts]
            lines = [f"     {f:<4} {p}" for f, p in zip(front, parts, strict=True)]
            if numbers_on == "first" or len(lines) == 1:
                lines[0] += f"          {cells}"
            elif numbers_on == "last":
                lines[-1] += f"          {cells}"
            else:
                lines.insert(1, f"                              {cells}")
            out += lines
            if n == 9:
                out += ["", "                                  — 2 —", "\f"]
            if n == 14:
                out[-1] += " -3-" if numbers_on == "first" else ""
        return out

    def t4() -> list[str]:
        # Each column label printed in two lines of its cell (结果 over 维持), as pdftotext -layout keeps them.
        tops = " ".join(c[:2] for c in official.TABLE4_COLUMNS)
        bottoms = " ".join(c[2:] for c in official.TABLE4_COLUMNS if c[2:])
        return [
            f"            {official.TABLE4_REVIEW}            {official.TABLE4_LITIGATION}",
            "            " + "       ".join(official.TABLE4_GROUPS[1:]),
            f"      {tops}",
            f"      {bottoms}     {tops} {tops}",
            f"                      {bottoms}      {bottoms}",
            "        " + "  ".join(fmt(v) for v in t4_values(report)),
        ]

    text = _document(report, t2, t3, t4)
    title = f"{report.year}年{report.agency}政府信息公开工作"
    return text.replace(text.split("\n", 1)[0], f"{title}\n年度报告", 1)


def markdown_pieces(report: gxopen.Report) -> str:
    """A PDF→Markdown converter's table 3: many small tables under ``###`` headings.

    Each row gets a heading repeating its label and a table with a generic
    header (``类别 | 数据1 | … | 总计``); the applicant header becomes small
    tables of placeholder rows (``| - | - |``); one table's header row is made
    of row labels (debris that names rows but holds no values).
    """

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    generic = row(["类别", *(f"数据{i}" for i in range(1, 7)), "总计"])

    def t2() -> list[str]:
        out: list[str] = []
        last = None
        for block, label, cols, values in t2_rows(report):
            if block != last:
                out += ["", f"### {block}", row(["信息内容", *cols]), "|---" * (len(cols) + 1) + "|"]
                last = block
            out.append(row([label, *(show(v) for v in values)]))
        return out

    def t3() -> list[str]:
        out = [f"({official.TABLE3_NOTE[1:-1]})", ""]
        out += ["### 申请人情况 (自然人)", "| (数据项目) | 数量 |", "|---|---|", "| - | - |", ""]
        out += ["### 申请人情况 (法人或其他组织)", row(list(official.TABLE3_COLUMNS[1:6])), "|---" * 5 + "|"]
        out += [row(["-"] * 5), ""]
        rows = t3_rows(report)
        for n, (labels, values) in enumerate(rows):
            label = labels[0]
            out.append(f"### {label}")
            if values is None:
                continue
            if n == len(rows) - 3:
                out += [row(["项目", "本年新收件数", "上年结转件数", "予以公开", "部分公开", "不予公开", "总计"])]
            else:
                out += [generic]
            out += ["|---" * 8 + "|", row([label.split("、", 1)[-1], *(show(v) for v in values)]), ""]
        return out

    def t4() -> list[str]:
        out: list[str] = []
        for group, values in zip(
            ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"),
            _chunks(t4_values(report)),
            strict=True,
        ):
            out += [
                f"### {group}",
                row(list(official.TABLE4_COLUMNS)),
                "|---" * 5 + "|",
                row([show(v) for v in values]),
            ]
        return out

    return _document(report, t2, t3, t4, headings=[f"## {h}" for h in official.PARTS])


def _chunks(values: list[Cell]) -> list[list[Cell]]:
    return [values[i : i + 5] for i in range(0, len(values), 5)]


def stacked_labels(report: gxopen.Report, *, stack: tuple[int, ...] = (8, 9, 12)) -> str:
    """Markdown rows where some rows' labels stand stacked before rows of bare numbers.

    The rows with the given indexes (into the 25 data rows) lose their label
    from their row: their labels are written together, in reverse order,
    before the first of them, and each row keeps only its numbers.
    """

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    def t3() -> list[str]:
        out = [row(["", *official.TABLE3_COLUMNS]), "|---" * 8 + "|"]
        data = 0
        stacked = [labels[0] for labels, values in t3_rows(report) if values is not None]
        stacked = [stacked[i] for i in stack]
        for labels, values in t3_rows(report):
            if values is None:
                out.append(labels[0])
                continue
            if data == stack[0]:
                out += list(reversed(stacked))
            cells = [show(v) for v in values]
            out.append(row(cells) if data in stack else row([labels[0], *cells]))
            data += 1
        return out

    md = markdown_rows(report)
    t3_start = md.index(official.PARTS[2]) + len(official.PARTS[2]) + 1
    t3_end = md.index(official.PARTS[3])
    return md[:t3_start] + "\n".join(t3()) + "\n" + md[t3_end:]


def renumbered_parts(report: gxopen.Report) -> str:
    """A report whose narrative uses 一、二、三… for its own topics, then numbers the tables' parts anew."""
    topics = ["一、总体情况", "二、工作机制", "三、主动公开工作", "四、依申请公开工作", "五、平台建设"]
    md = markdown_rows(report)
    body = md.split("\n", 1)[1]
    body = body.replace(
        official.PARTS[0] + "\n", "\n".join(f"{t}\n本单位在这一方面做了不少工作。" for t in topics) + "\n", 1
    )
    for old, new in [
        (official.PARTS[1], "一、" + official.PARTS[1][2:]),
        (official.PARTS[2], "二、" + official.PARTS[2][2:]),
        (official.PARTS[3], "三、" + official.PARTS[3][2:]),
        (official.PARTS[4], "四、" + official.PARTS[4][2:]),
        (official.PARTS[5], "五、" + official.PARTS[5][2:]),
    ]:
        body = body.replace(old, new, 1)
    return md.split("\n", 1)[0] + "\n" + body


def table4_header(report: gxopen.Report, groups: tuple[int, ...], columns: tuple[int, ...]) -> str:
    """Markdown rows whose table 4 header names the groups and columns in the given order.

    The header has the official two levels: 行政复议 beside 行政诉讼, and the two
    litigation groups under 行政诉讼; ``groups`` must keep those two together.
    """
    md = markdown_rows(report)
    values = _chunks(t4_values(report))
    names = list(official.TABLE4_GROUPS)
    assert groups[0] == 0 or groups[-1] == 0, "行政复议 stands beside the two litigation groups"
    t4 = [
        "| 行政复议 | 行政诉讼 |" if groups[0] == 0 else "| 行政诉讼 | 行政复议 |",
        "| " + " | ".join(names[g] for g in groups if g != 0) + " |",
        "| " + " | ".join(official.TABLE4_COLUMNS[c] for _ in groups for c in columns) + " |",
        "| " + " | ".join(show(values[g][c]) for g in groups for c in columns) + " |",
    ]
    start = md.index(official.PARTS[3]) + len(official.PARTS[3]) + 1
    end = md.index(official.PARTS[4])
    return md[:start] + "\n".join(t4) + "\n" + md[end:]


def glued(report: gxopen.Report, *, lines_per_row: bool = False) -> str:
    """A crawler's text dump: every boundary between cells dropped.

    The whole report is one line after the title: an introduction listing the
    six part names in prose, the headings glued to the narrative, table 2
    with its block and column headers, table 3 with stray spaces in its column
    headers and a group label, each row's values one run of digits glued to
    its label and to the next label's numbering (``…4100000416.属于…``), and
    table 4's 15 values as one run after a header of glued labels. With
    ``lines_per_row``, each row (label and run) stands on a line of its own.
    Blank cells cannot be told apart in such a dump; ``report`` should have none.
    """

    def fmt(v: Cell) -> str:
        return format(v, "f") if isinstance(v, Decimal) else show(v)

    names = "、".join(p.split("、", 1)[1] for p in official.PARTS)
    out = [f"本报告共分6个部分：{names}。本报告所列数据统计期限为{report.year}年1月1日至12月31日。"]
    out += [official.PARTS[0], "".join(narrative(report, "overview")), official.PARTS[1]]
    last = None
    for block, label, cols, values in t2_rows(report):
        if block != last:
            out += [block, official.TABLE2_HEADER, *cols]
            last = block
        out.append(label + "".join(fmt(v) for v in values))
    out += [official.PARTS[2], official.TABLE3_NOTE, official.TABLE3_APPLICANT_HEADER, "自然人"]
    out += [official.TABLE3_ORGANIZATION_HEADER, "总计商业企业科研机构社会公益 组织 法律服务 机构 其他"]
    for labels, row in t3_rows(report):
        label = "三、本年度办 理结果 " if labels[0] == "三、本年度办理结果" else labels[0]
        out.append(label + ("" if row is None else "".join(fmt(v) for v in row)))
    out += [official.PARTS[3], official.TABLE4_REVIEW, official.TABLE4_LITIGATION, *official.TABLE4_COLUMNS]
    out += [*official.TABLE4_GROUPS[1:], *official.TABLE4_COLUMNS * 2, "".join(fmt(v) for v in t4_values(report))]
    out += [official.PARTS[4], "".join(narrative(report, "problems"))]
    out += [official.PARTS[5], "".join(narrative(report, "other_matters"))]
    title = report.title or f"{report.agency}{report.year}年政府信息公开工作年度报告"
    return "\n".join([title, *out]) if lines_per_row else title + "\n" + "".join(out)
