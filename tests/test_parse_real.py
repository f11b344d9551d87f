"""Parsing reports as they are really published (issue 9) and the parser defects of issue 17.

Every fixture is synthetic: invented numbers and sentences, with the layout
traits of real PDF text and PDF→Markdown copies reproduced by the writers in
:mod:`tests.layouts`. The oracle everywhere: a cell is either the report's
value, or ``None`` with an error naming it; never another number.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import gxopen
from gxopen._cells import iter_cells, pointer, replace
from gxopen._cli import run
from gxopen._parse._result import ISSUE_CODES
from gxopen.strategies import reports

from . import layouts
from . import official_labels as official
from .test_render import _browser

REQUIRE_EXTERNAL = bool(os.environ.get("GXOPEN_REQUIRE_EXTERNAL"))

SEED_TEXT = gxopen.example_text()


def tables(report: gxopen.Report) -> dict[str, object]:
    return {pointer(path): value for path, value in iter_cells(report)}


@pytest.fixture
def busy(seed: gxopen.Report) -> gxopen.Report:
    """The seed with distinct numbers in many cells, so a misplaced value shows."""
    report = seed
    rng = random.Random(11)
    for path, _ in iter_cells(seed):
        report = replace(report, path, Decimal("12.5") if path[-1] == "amount" else rng.randint(0, 999))
    return report


def _digits(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isdigit()).lstrip("0") or "0"


def assert_no_invention(result: gxopen.ParseResult) -> None:
    """Every cell read has the digits of its raw token (unless inferred, or converted from 元)."""
    for where, source in result.cells.items():
        value = result.values[where]
        if value is None or source.inferred or "元" in source.raw:
            continue
        assert _digits(str(value)) == _digits(source.raw), (where, value, source.raw)


def assert_exact_or_flagged(result: gxopen.ParseResult, report: gxopen.Report) -> None:
    """Each cell is the report's value, or None with an error that names it (or its row or table)."""
    assert_no_invention(result)
    flagged = [e.pointer or "" for e in result.errors]
    for where, want in tables(report).items():
        got = result.values[where]
        if got == want:
            continue
        assert got is None, (where, got, want)
        assert any(f and where.startswith(f) for f in flagged), (where, want, result.errors)


def assert_exact(result: gxopen.ParseResult, report: gxopen.Report) -> None:
    assert result.errors == ()
    assert result.values == tables(report)
    assert_no_invention(result)


# ---------------------------------------------------------------- layouts of PDF text and PDF→Markdown

PDF_LAYOUTS: dict[str, Callable[[gxopen.Report], str]] = {
    "pdftotext -layout, numbers on the label's first line": layouts.pdf_layout,
    "pdftotext -layout, numbers on the label's last line": lambda r: layouts.pdf_layout(r, numbers_on="last"),
    "pdftotext -layout, numbers on a line of their own": lambda r: layouts.pdf_layout(r, numbers_on="alone"),
    "PDF to Markdown, table 3 in many small tables": layouts.markdown_pieces,
    "stacked labels before bare rows": layouts.stacked_labels,
    "parts renumbered after a narrative of its own": layouts.renumbered_parts,
    "table 4 header in another order": lambda r: layouts.table4_header(r, (2, 1, 0), (4, 3, 0, 1, 2)),
}


@pytest.mark.parametrize("layout", sorted(PDF_LAYOUTS))
def test_each_pdf_layout_parses_cell_exact(busy: gxopen.Report, layout: str) -> None:
    result = gxopen.parse_text(PDF_LAYOUTS[layout](busy))
    assert_exact(result, busy)
    assert (result.agency, result.year) == (busy.agency, busy.year)
    assert result.report is not None


@settings(max_examples=15, suppress_health_check=list(HealthCheck), deadline=None)
@given(reports())
def test_random_reports_through_every_pdf_layout(report: gxopen.Report) -> None:
    report = attrs.evolve(report, agency="某某县人民政府办公室", title=None)
    for layout in PDF_LAYOUTS.values():
        assert_exact_or_flagged(gxopen.parse_text(layout(report)), report)


def test_pdf_layout_provenance_names_the_passes(busy: gxopen.Report) -> None:
    result = gxopen.parse_text(layouts.stacked_labels(busy))
    moved = {where for where, source in result.cells.items() if source.passes}
    # The stacked rows (8, 9, 12 of table 3) were read by position; no other cell was moved.
    specs = [pointer(p) for p, _ in iter_cells(busy) if p[0] == "requests"]
    rows = sorted({w.rsplit("/", 1)[0] for w in specs}, key=[w.rsplit("/", 1)[0] for w in specs].index)
    assert {w.rsplit("/", 1)[0] for w in moved} == {rows[8], rows[9], rows[12]}
    assert all(result.cells[w].passes == ("assign_bare_rows",) for w in moved)
    assert [w.code for w in result.warnings] == ["rows.by_position", "rows.by_position"]


# ---------------------------------------------------------------- one failure class, one test


def test_page_footers_and_form_feeds_inside_a_table(busy: gxopen.Report) -> None:
    text = layouts.space_separated(busy)
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("5.属于三类内部事务信息"))
    lines[at:at] = ["", "— 4 —", "\f-5-", "第 5 页"]
    lines[at + 5] += " -5-"  # a footer number glued to the end of a row
    result = gxopen.parse_text("\n".join(lines))
    assert_exact(result, busy)


def test_a_footer_with_spaces_at_the_end_of_a_row_is_not_cut(busy: gxopen.Report) -> None:
    # "- 4 -" could be three cells (blank, 4, blank): only a whole-line footer or one without spaces is cut.
    text = layouts.space_separated(busy)
    row = next(line for line in text.split("\n") if line.startswith("四、结转下年度继续办理"))
    result = gxopen.parse_text(text.replace(row, row + " - 4 -"))
    assert [(e.code, e.pointer) for e in result.errors] == [("cells.ambiguous", "/requests/carried_forward")]
    assert_exact_or_flagged(result, busy)


def test_a_wrapped_label_with_its_numbers_on_no_line_of_it(busy: gxopen.Report) -> None:
    result = gxopen.parse_text(layouts.pdf_layout(busy, numbers_on="alone"))
    assert_exact(result, busy)
    joined = [w for w, s in result.cells.items() if "join_wrapped_labels" in s.passes]
    assert joined == []  # the labels are joined, the cells are not moved


def test_group_label_characters_glued_to_item_labels(busy: gxopen.Report) -> None:
    text = layouts.space_separated(busy)
    text = text.replace("\n2.其他法律行政法规禁止公开 ", "\n本   2.其他法律行政法规禁止公开 ")
    text = text.replace("\n3.其他 ", "\n理 3.其他 ")
    result = gxopen.parse_text(text)
    assert_exact(result, busy)


def test_group_label_split_over_lines_and_labels_cut_mid_word(busy: gxopen.Report) -> None:
    text = layouts.space_separated(busy)
    text = text.replace("（三）不予公开\n", "（三）不\n予公开\n")
    text = text.replace("\n5.属于三类内部事务信息 ", "\n5.属于三类内部事务信\n息 ")
    result = gxopen.parse_text(text)
    assert_exact(result, busy)


def test_markdown_headings_repeating_a_row_are_not_rows(busy: gxopen.Report) -> None:
    result = gxopen.parse_text(layouts.markdown_pieces(busy))
    assert_exact(result, busy)
    assert "row.duplicate" not in [w.code for w in result.warnings]


def test_a_header_row_made_of_labels_is_not_rows(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy)
    text = text.replace("| 3.其他 |", "| 项目 | 予以公开 | 部分公开 | 总计 |\n|---|---|---|---|\n| 3.其他 |")
    assert_exact(gxopen.parse_text(text), busy)


def test_bare_rows_are_not_given_when_the_counts_differ(busy: gxopen.Report) -> None:
    text = layouts.stacked_labels(busy)
    lines = text.split("\n")
    # Drop one of the three bare rows: two rows for three unread rows is not certain.
    bare = [i for i, line in enumerate(lines) if re.fullmatch(r"\| \d+( \| \d+){6} \|", line)]
    assert len(bare) == 3
    del lines[bare[1]]
    result = gxopen.parse_text("\n".join(lines))
    assert_exact_or_flagged(result, busy)
    # The gap of rows 8 and 9 has one bare row: both unread. Row 12's gap still reads.
    assert [(e.code, e.pointer) for e in result.errors] == [
        ("cells.missing", "/requests/outcomes/denied/internal_affairs"),
        ("cells.missing", "/requests/outcomes/denied/process_information"),
    ]
    assert (
        result.values["/requests/outcomes/unavailable/not_held/total"]
        == busy.requests.outcomes.unavailable.not_held.total
    )


def test_a_stacked_label_next_to_a_bare_row_does_not_claim_it(busy: gxopen.Report) -> None:
    # The last stacked label stands right before the first bare row, which is not its row.
    text = layouts.stacked_labels(busy, stack=(8, 12))
    result = gxopen.parse_text(text)
    assert_exact(result, busy)


def test_a_lone_page_number_between_rows_is_ignored(busy: gxopen.Report) -> None:
    text = layouts.stacked_labels(busy)
    lines = text.split("\n")
    first_bare = next(i for i, line in enumerate(lines) if re.fullmatch(r"\| \d+( \| \d+){6} \|", line))
    lines.insert(first_bare, "7")
    result = gxopen.parse_text("\n".join(lines))
    assert_exact(result, busy)
    assert "value.stray" in [w.code for w in result.warnings]


def test_table2_row_with_a_remark(busy: gxopen.Report) -> None:
    assert isinstance(busy.proactive, gxopen.Proactive)
    issued = busy.proactive.normative_documents.issued
    text = layouts.markdown_rows(busy)
    row = next(line for line in text.split("\n") if line.startswith("| 行政规范性文件 |"))
    cells = row.split("|")
    cells[2] = f" {issued}（其中修订 16 件） "
    result = gxopen.parse_text(text.replace(row, "|".join(cells)))
    assert_exact(result, busy)
    assert [w.code for w in result.warnings] == ["value.remark"]
    # Two values for three columns: the row is an error, never a guess.
    two = "|".join([*cells[:3], *cells[4:]])
    result = gxopen.parse_text(text.replace(row, two))
    assert [(e.code, e.pointer) for e in result.errors] == [("cells.ambiguous", "/proactive/normative_documents")]


def test_table4_running_into_the_narrative_without_heading_five(busy: gxopen.Report) -> None:
    text = layouts.space_separated(busy).replace(official.PARTS[4] + "\n", "（一）主要问题\n")
    text = text.replace(
        "（一）主要问题\n", "（一）主要问题\n今年共有 3 件事项，本单位将在明年继续改进，确保工作质量。\n4\n"
    )
    result = gxopen.parse_text(text)
    assert_exact_or_flagged(result, busy)
    assert tables(gxopen.load_example()).keys() == result.values.keys()
    assert [result.values[f"/review_litigation/review/{k}"] for k in ("upheld", "total")] == [
        busy.review_litigation.review.upheld,
        busy.review_litigation.review.total,
    ]


# ---------------------------------------------------------------- table 4 by its labels (issue 17)


def test_table4_reordered_groups_follow_the_labels(busy: gxopen.Report) -> None:
    result = gxopen.parse_text(layouts.table4_header(busy, (1, 2, 0), (0, 1, 2, 3, 4)))
    assert_exact(result, busy)
    assert [w.code for w in result.warnings] == ["table4.reordered"]


def test_table4_reordered_columns_follow_the_labels(busy: gxopen.Report) -> None:
    result = gxopen.parse_text(layouts.table4_header(busy, (0, 1, 2), (4, 3, 2, 1, 0)))
    assert_exact(result, busy)


def _garbled_table4(report: gxopen.Report) -> str:
    md = layouts.markdown_rows(report)
    t4 = [
        "行政复议行政诉讼",
        "结果结果其他尚未",
        "总计总计",
        "维持纠正结果审结维持纠正结果审结",
        "| " + " | ".join(layouts.show(v) for v in layouts.t4_values(report)) + " |",
    ]
    start = md.index(official.PARTS[3]) + len(official.PARTS[3]) + 1
    return md[:start] + "\n".join(t4) + "\n" + md[md.index(official.PARTS[4]) :]


def test_table4_garbled_header_with_totals_that_check_out(seed: gxopen.Report) -> None:
    report = seed
    for group, values in (("review", (3, 1, 0, 2, 6)), ("litigation_after_review", (0, 1, 1, 0, 2))):
        for key, value in zip(("upheld", "corrected", "other", "pending", "total"), values, strict=True):
            report = replace(report, ("review_litigation", group, key), value)
    result = gxopen.parse_text(_garbled_table4(report))
    assert_exact(result, report)
    assert [w.code for w in result.warnings] == ["table4.order_assumed"]
    assert result.cells["/review_litigation/review/total"].passes == ("table4_order_assumed",)


def test_table4_garbled_header_with_totals_that_do_not_check_out(busy: gxopen.Report) -> None:
    result = gxopen.parse_text(_garbled_table4(busy))
    assert [(e.code, e.pointer) for e in result.errors] == [("table4.header", "/review_litigation")]
    assert all(result.values[w] is None for w in result.values if w.startswith("/review_litigation/"))
    assert_exact_or_flagged(result, busy)


def test_table4_column_labels_printed_in_two_lines(busy: gxopen.Report) -> None:
    result = gxopen.parse_text(layouts.pdf_layout(busy))
    assert_exact(result, busy)
    assert result.warnings == tuple(w for w in result.warnings if not w.code.startswith("table4"))
    text = layouts.pdf_layout(busy).replace(
        "      维持 纠正 结果 审结     结果", "      维持 纠正 审结 结果     结果", 1
    )
    result = gxopen.parse_text(text)  # a pair that is no label: the lines are not joined, the header is garbled
    assert [(e.code, e.pointer) for e in result.errors] == [("table4.header", "/review_litigation")]


def test_table4_sectioned_layout(busy: gxopen.Report) -> None:
    result = gxopen.parse_text(layouts.markdown_pieces(busy))
    assert_exact(result, busy)


# ---------------------------------------------------------------- metadata never stops parsing


def test_title_wrapped_with_the_year_first(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy)
    first = text.split("\n", 1)[0]
    text = text.replace(first, f"正文\n{busy.year} 年{busy.agency}政府信息公开工作\n年度报告", 1)
    result = gxopen.parse_text(text)
    assert (result.agency, result.year) == (busy.agency, busy.year)
    assert_exact(result, busy)


def test_title_wrapped_over_three_lines(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy)
    first = text.split("\n", 1)[0]
    text = text.replace(first, f"{busy.agency}\n{busy.year}年政府信息公开\n工作年度报告", 1)
    result = gxopen.parse_text(text)
    assert (result.agency, result.year) == (busy.agency, busy.year)


def test_no_title_the_year_from_the_period_sentence_wrapped(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy).split("\n", 1)[1]
    text = "本报告所列数据的统计期限\n为 2023 年 1 月 1 日至 12 月 31 日。\n" + text
    result = gxopen.parse_text(text)
    assert result.year == 2023
    assert [(e.code) for e in result.errors] == ["meta.agency"]
    assert ("meta.year", "the report year 2023 was taken from the period") in [
        (w.code, w.message) for w in result.warnings
    ]
    assert result.report is not None
    assert tables(result.report) == tables(busy)


def test_no_year_anywhere_reads_the_tables_and_reports_none(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy).split("\n", 1)[1]
    result = gxopen.parse_text(text)
    assert result.report is None
    assert [e.code for e in result.errors] == ["meta.year", "meta.agency"]
    assert result.values == tables(busy)
    given = gxopen.parse_text(text, year=2024, agency="某某局")
    assert given.report is not None
    assert (given.report.year, given.report.agency, given.errors) == (2024, "某某局", ())
    assert tables(given.report) == tables(busy)


def test_year_and_agency_from_the_file_name(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy).split("\n", 1)[1]
    result = gxopen.parse_text(text, source="/tmp/某某区教育局2022年政府信息公开工作年度报告.txt")
    assert (result.agency, result.year) == ("某某区教育局", 2022)
    assert sorted(w.code for w in result.warnings) == ["meta.agency", "meta.year"]
    assert result.errors == ()


def test_a_given_year_wins_with_a_warning(busy: gxopen.Report) -> None:
    result = gxopen.parse_text(layouts.markdown_rows(busy), year=2021)
    assert result.report is not None
    assert result.report.year == 2021
    assert [w.code for w in result.warnings] == ["meta.year"]


def test_cli_parse_year_and_agency_and_exit_status(tmp_path: Path, busy: gxopen.Report) -> None:
    src = tmp_path / "report.txt"
    src.write_text(layouts.markdown_rows(busy).split("\n", 1)[1], encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(["parse", str(src)], out, err) == 1  # tables read, year unknown: 1, not 2
    assert out.getvalue() == ""
    assert "[meta.year]" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert run(["parse", str(src), "--year", "2024", "--agency", "某某局"], out, err) == 0
    assert err.getvalue() == ""
    report = gxopen.loads(out.getvalue())
    assert (report.year, report.agency) == (2024, "某某局")
    assert tables(report) == tables(busy)
    out = io.StringIO()
    assert run(["parse", str(src), "--format", "text"], out, io.StringIO()) == 1
    assert out.getvalue().startswith(f"{src}: (agency unknown) (year unknown), edition 2021, 200 of 200 cells read")


def test_cli_parse_exits_1_when_some_table_was_read(tmp_path: Path) -> None:
    src = tmp_path / "half.txt"
    src.write_text(SEED_TEXT[: SEED_TEXT.index("三、收到和处理")], encoding="utf-8")
    assert run(["parse", str(src)], io.StringIO(), io.StringIO()) == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("一、总体情况\n本单位工作良好。\n", encoding="utf-8")
    assert run(["parse", str(empty)], io.StringIO(), io.StringIO()) == 2


# ---------------------------------------------------------------- numbers never read wrong (issue 9 §4)


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("1²", "value.unreadable"),
        ("1٢", "value.unreadable"),
        ("①", "value.unreadable"),
        ("1\u200b2", "value.unreadable"),
        ("1\u20602", "value.unreadable"),
        ("1\x002", "value.unreadable"),
        ("4万元", "value.unit"),
        ("4元", "value.unit"),
    ],
)
def test_a_suspect_number_is_null_with_an_error(token: str, code: str) -> None:
    text = SEED_TEXT.replace(
        "一、本年新收政府信息公开申请数量 |\n4 |", f"一、本年新收政府信息公开申请数量 |\n{token} |"
    )
    result = gxopen.parse_text(text)
    assert [(e.code, e.pointer) for e in result.errors] == [(code, "/requests/new/natural_person")]
    assert result.values["/requests/new/natural_person"] is None
    assert result.cells["/requests/new/natural_person"].raw == token.strip("\x00")
    others = {k: v for k, v in result.values.items() if k != "/requests/new/natural_person"}
    assert others == {k: v for k, v in tables(gxopen.load_example()).items() if k != "/requests/new/natural_person"}


@pytest.mark.parametrize("token", ["4件", "4个", "4次", "４", "\u200b4\u200b"])
def test_a_count_with_a_count_unit_or_full_width_digits_reads(token: str) -> None:
    text = SEED_TEXT.replace(
        "一、本年新收政府信息公开申请数量 |\n4 |", f"一、本年新收政府信息公开申请数量 |\n{token} |"
    )
    result = gxopen.parse_text(text)
    assert result.errors == ()
    assert result.values["/requests/new/natural_person"] == 4


def test_a_count_unit_in_the_money_cell_is_an_error() -> None:
    text = SEED_TEXT.replace("行政事业性收费 |\n0 |", "行政事业性收费 |\n3件 |")
    result = gxopen.parse_text(text)
    assert [(e.code, e.pointer) for e in result.errors] == [("value.unit", "/proactive/fees/amount")]


# ---------------------------------------------------------------- issue 17: parser defects


@pytest.mark.parametrize("where", ["first", "last", "middle"])
def test_a_blank_cell_in_the_one_cell_per_line_layout(busy: gxopen.Report, where: str) -> None:
    column = {"first": "natural_person", "last": "total", "middle": "research_institution"}[where]
    report = replace(busy, ("requests", "carried_over", column), None)
    result = gxopen.parse_text(layouts.one_cell_per_line(report, blank=""))
    assert_exact(result, report)
    assert result.cells[f"/requests/carried_over/{column}"].raw == ""


def test_a_sentence_is_never_a_heading_even_when_the_heading_is_paraphrased(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy)
    text = text.replace(official.PARTS[1], "二、主动公开的政府信息情况", 1)
    overview = (busy.overview or "").split("\n")[0]
    text = text.replace(overview, "二、主动公开方面，本单位及时公开各类信息。\n" + overview, 1)
    result = gxopen.parse_text(text)
    assert_exact(result, busy)
    assert result.report is not None
    assert (result.report.overview or "").startswith("二、主动公开方面")


def test_parse_issue_docstring_names_real_codes() -> None:
    doc = gxopen.ParseIssue.__doc__ or ""
    named = re.findall(r"``([a-z0-9_]+\.[a-z_.]+)``", doc)
    assert named
    assert all(code in ISSUE_CODES for code in named)


def test_every_issue_code_is_in_the_how_to_guide() -> None:
    guide = (Path(__file__).parent.parent / "docs" / "howto" / "parse-published.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z0-9_.]+)` \|", guide, flags=re.MULTILINE)
    assert listed == sorted(ISSUE_CODES)


def _with(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _md(busy: gxopen.Report) -> str:
    return layouts.markdown_rows(busy)


_CASES: dict[str, Callable[[gxopen.Report], tuple[str | bytes, str | None]]] = {
    "cells.ambiguous": lambda r: (_with(_md(r), "| 规章 |", "| 规章 | 9 |"), "/proactive/regulations"),
    "cells.missing": lambda r: (
        _with(_md(r), f"| 行政许可 | {r.proactive.licensing.decisions} |", "| 行政许可 |"),
        "/proactive/licensing",
    ),
    "edition.inferred": lambda r: (
        "某局2024年政府信息公开工作年度报告\n一、总体情况\n好。\n三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1",
        None,
    ),
    "encoding.guessed": lambda r: (gxopen.render_html(r).replace('<meta charset="utf-8"/>', "").encode("gbk"), None),
    "encoding.mismatch": lambda r: (
        gxopen.render_html(r).replace('charset="utf-8"', 'charset="ascii"').encode("utf-8"),
        None,
    ),
    "heading.missing": lambda r: (_with(_md(r), official.PARTS[4], "（一）存在问题"), None),
    "heading.paraphrased": lambda r: (_with(_md(r), official.PARTS[4], "五、存在问题和改进措施"), None),
    "label.paraphrased": lambda r: (
        _with(_md(r), "| 1.属于国家秘密 |", "| 1.涉及国家秘密的 |"),
        "/requests/outcomes/denied/state_secret",
    ),
    "label.variant": lambda r: (
        _with(_md(r), "| 行政规范性文件 |", "| 规范性文件 |"),
        "/proactive/normative_documents",
    ),
    "meta.agency": lambda r: (_md(r).split("\n", 1)[1], None),
    "meta.year": lambda r: (_md(r).split("\n", 1)[1], None),
    "row.duplicate": lambda r: (
        _with(
            _md(r),
            f"| 行政许可 | {r.proactive.licensing.decisions} |",
            f"| 行政许可 | {r.proactive.licensing.decisions} |\n| 行政许可 | 5 |",
        ),
        None,
    ),
    "row.not_found": lambda r: (
        _with(_md(r), f"| 行政许可 | {r.proactive.licensing.decisions} |\n", ""),
        "/proactive/licensing",
    ),
    "rows.by_position": lambda r: (layouts.stacked_labels(r), None),
    "table.not_found": lambda r: (
        _md(r)[: _md(r).index(official.PARTS[3])] + _md(r)[_md(r).index(official.PARTS[4]) :],
        "/review_litigation",
    ),
    "table4.header": lambda r: (_garbled_table4(r), "/review_litigation"),
    "table4.order_assumed": lambda r: (_garbled_table4(gxopen.load_example()), "/review_litigation"),
    "table4.reordered": lambda r: (layouts.table4_header(r, (1, 2, 0), (0, 1, 2, 3, 4)), "/review_litigation"),
    "unit.assumed": lambda r: (
        _with(gxopen.example_text("example-2020-yunling"), "| 146 | 31875420.6元 |", "| 146 | 3187.5 |"),
        "/proactive/procurement/amount",
    ),
    "unit.converted": lambda r: (
        _with(_md(r), "| 行政事业性收费 | 12.5 |", "| 行政事业性收费 | 125000元 |"),
        "/proactive/fees/amount",
    ),
    "value.negative": lambda r: (
        _with(_md(r), "| 行政事业性收费 | 12.5 |", "| 行政事业性收费 | -3 |"),
        "/proactive/fees/amount",
    ),
    "value.not_a_count": lambda r: (
        _with(_md(r), f"| 行政许可 | {r.proactive.licensing.decisions} |", "| 行政许可 | 2.5 |"),
        "/proactive/licensing/decisions",
    ),
    "value.out_of_range": lambda r: (
        _with(_md(r), "| 行政事业性收费 | 12.5 |", "| 行政事业性收费 | 0.0000001 |"),
        "/proactive/fees/amount",
    ),
    "value.remark": lambda r: (
        _with(
            _md(r),
            f"| 行政许可 | {r.proactive.licensing.decisions} |",
            f"| 行政许可 | {r.proactive.licensing.decisions}（其中网办 3 件） |",
        ),
        None,
    ),
    "value.stray": lambda r: (_with(layouts.stacked_labels(r), "\n| 3.其他 |", "\n8\n| 3.其他 |"), None),
    "value.unit": lambda r: (
        _with(_md(r), f"| 行政许可 | {r.proactive.licensing.decisions} |", "| 行政许可 | 3万元 |"),
        "/proactive/licensing/decisions",
    ),
    "value.unreadable": lambda r: (
        _with(_md(r), f"| 行政许可 | {r.proactive.licensing.decisions} |", "| 行政许可 | 3² |"),
        "/proactive/licensing/decisions",
    ),
    "values.unplaced": lambda r: (_with(_md(r), "| 规章 |", "| 1 | 2 | 3 |\n| 规章 |"), None),
}


def test_every_issue_code_has_a_case() -> None:
    assert sorted(_CASES) == sorted(ISSUE_CODES)


@pytest.mark.parametrize("code", sorted(_CASES))
def test_each_issue_code_is_produced(busy: gxopen.Report, code: str) -> None:
    data, where = _CASES[code](busy)
    result = gxopen.parse_html(data) if isinstance(data, bytes) else gxopen.parse_text(data)
    issues = [i for i in result.issues() if i.code == code]
    assert issues, [i.code for i in result.issues()]
    if where is not None:
        assert where in [i.pointer for i in issues]
    assert_no_invention(result)


# ---------------------------------------------------------------- real PDF text (Chromium prints, pdftotext reads)


def _pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        if REQUIRE_EXTERNAL:
            pytest.fail("pdftotext (poppler-utils) is not installed but GXOPEN_REQUIRE_EXTERNAL is set")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return found


def test_real_pdf_text_of_a_printed_report(busy: gxopen.Report, tmp_path: Path) -> None:
    """A synthetic report printed to PDF by Chromium and read back by pdftotext, with and without -layout."""
    pdftotext = _pdftotext()
    page = tmp_path / "report.html"
    page.write_text(gxopen.render_html(busy), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    done = _browser([f"--print-to-pdf={pdf}", "--no-pdf-header-footer"], page)
    assert pdf.exists(), done.stderr[-2000:]
    for mode in (["-layout"], []):
        subprocess.run([pdftotext, *mode, str(pdf), str(tmp_path / "report.txt")], check=True, timeout=60)
        result = gxopen.parse_text((tmp_path / "report.txt").read_text(encoding="utf-8"))
        assert_exact_or_flagged(result, busy)
        if mode:  # -layout keeps rows: every cell reads
            assert (result.agency, result.year) == (busy.agency, busy.year)
            assert_exact(result, busy)
