"""Parsers: the seed, every published layout, HTML variants, round trips and fuzzing."""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gxopen
from gxopen._cells import iter_cells, pointer, replace
from gxopen._cli import run
from gxopen.exceptions import GxopenError, ParseError
from gxopen.strategies import reports

from . import layouts
from .fuzzing import fuzz_examples
from .test_parse_real import assert_no_invention

SEED_TEXT = gxopen.example_text()
SEED_LINES = SEED_TEXT.splitlines()


def tables(report: gxopen.Report) -> dict[str, object]:
    return {pointer(path): value for path, value in iter_cells(report)}


def report_of(result: gxopen.ParseResult) -> gxopen.Report:
    """The report of a result that must have one (its year was found)."""
    assert result.report is not None, result.errors
    return result.report


def assert_same_tables(result: gxopen.ParseResult, report: gxopen.Report) -> None:
    assert result.errors == ()
    assert tables(report_of(result)) == tables(report)


# ---------------------------------------------------------------- the seed


def test_seed_text_parses_to_exactly_the_fixture(seed: gxopen.Report) -> None:
    result = gxopen.parse_text(SEED_TEXT, source="seed.txt")
    assert result.report == seed
    assert gxopen.dump(result.report) == gxopen.dump(seed)
    assert (result.errors, result.warnings) == ((), ())
    assert result.complete
    assert gxopen.validate(result.report) == []
    assert result.edition is gxopen.Edition.E2021
    assert result.preamble is not None
    assert result.preamble.startswith("石柱土家族自治县人民政府南宾街道办事处\n2024年政府信息公开工作年度报告\n根据")


def test_seed_provenance_points_at_the_right_lines() -> None:
    result = gxopen.parse_text(SEED_TEXT)
    assert len(result.cells) == 200
    for where, source in result.cells.items():
        line = SEED_LINES[source.line - 1]
        assert line.split("|")[0].strip() == source.raw, where
    # Spot checks against the file itself.
    assert result.cells["/proactive/licensing/decisions"].line == SEED_LINES.index("264 | ||") + 1
    new = SEED_LINES.index("一、本年新收政府信息公开申请数量 |")
    assert result.cells["/requests/new/natural_person"].line == new + 2
    assert result.cells["/requests/new/total"].line == new + 8
    assert result.cells["/requests/new/total"].raw == "4"


# ---------------------------------------------------------------- text layouts


@pytest.fixture
def busy(seed: gxopen.Report) -> gxopen.Report:
    """The seed with distinct numbers in many cells, so a misplaced value shows."""
    report = seed
    rng = random.Random(7)
    for path, _ in iter_cells(seed):
        if path[-1] == "amount":
            report = replace(report, path, Decimal("12.5"))
        else:
            report = replace(report, path, rng.randint(0, 999))
    return report


LAYOUTS: dict[str, Callable[[gxopen.Report], str]] = {
    "one cell per line": layouts.one_cell_per_line,
    "markdown rows": layouts.markdown_rows,
    "rows without leading pipe": lambda r: layouts.markdown_rows(r, leading_pipe=False),
    "space separated (PDF)": layouts.space_separated,
    "full-width digits and brackets": lambda r: layouts.space_separated(r, full_width=True),
    "our text renderer": gxopen.render_text,
    "our Markdown renderer": gxopen.render_markdown,
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_text_layout_parses_cell_exact(busy: gxopen.Report, layout: str) -> None:
    text = LAYOUTS[layout](busy)
    result = gxopen.parse_text(text)
    assert_same_tables(result, busy)
    assert report_of(result).agency == busy.agency
    assert report_of(result).year == 2024


def test_blank_and_slash_cells_are_none_with_their_raw_token(busy: gxopen.Report) -> None:
    report = replace(busy, ("requests", "new", "research_institution"), None)
    report = replace(report, ("review_litigation", "review", "pending"), None)
    cases: list[tuple[Callable[[gxopen.Report], str], str]] = [
        (lambda r: layouts.markdown_rows(r, blank=""), ""),
        (lambda r: layouts.markdown_rows(r, blank="/"), "/"),
        (lambda r: layouts.one_cell_per_line(r, blank="—"), "—"),
        (layouts.space_separated, "/"),
    ]
    for layout, raw in cases:
        result = gxopen.parse_text(layout(report))
        assert_same_tables(result, report)
        assert result.cells["/requests/new/research_institution"].raw == raw
        assert result.cells["/review_litigation/review/pending"].raw == raw


def test_a_dropped_cell_is_an_error_never_a_guess(busy: gxopen.Report) -> None:
    text = layouts.space_separated(busy)
    row = next(line for line in text.splitlines() if line.startswith("一、本年新收"))
    dropped = " ".join(row.split()[:-1])  # the total dropped altogether
    result = gxopen.parse_text(text.replace(row, dropped))
    assert [(e.code, e.pointer) for e in result.errors] == [("cells.ambiguous", "/requests/new")]
    assert report_of(result).requests.new == gxopen.ApplicantCounts(
        natural_person=None,
        commercial_enterprise=None,
        research_institution=None,
        public_welfare_organization=None,
        legal_service_institution=None,
        other_organization=None,
        total=None,
    )
    assert "6 values for 7 columns" in result.errors[0].message
    assert not result.complete
    others = {k: v for k, v in tables(report_of(result)).items() if not k.startswith("/requests/new/")}
    assert others == {k: v for k, v in tables(busy).items() if not k.startswith("/requests/new/")}


def test_label_variants_and_typography(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy)
    text = text.replace("| 行政规范性文件 |", "| 规范性文件 |")
    text = text.replace("| 1.属于国家秘密 |", "| 1、属于国家秘密 |")
    text = text.replace("| 2.其他法律行政法规禁止公开 |", "| 2．其他法律行政法规禁止公开 |")
    text = text.replace("“三安全一稳定”", '"三安全一稳定"')
    text = text.replace("逾期不补正、行政机关", "逾期不补正，行政机关")
    text = text.replace("| （一）予以公开 |", "| (一) 予以公开 |")
    result = gxopen.parse_text(text)
    assert_same_tables(result, busy)
    assert [(w.code, w.pointer) for w in result.warnings] == [("label.variant", "/proactive/normative_documents")]


def test_paraphrased_headings_and_a_sentence_before_the_table(busy: gxopen.Report) -> None:
    headings = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "五、存在问题和改进措施",
        "六、其他需要报告的事项",
    ]
    md = layouts.markdown_rows(busy)
    t2 = md.split("二、主动公开政府信息情况\n")[1].split("\n三、")[0].splitlines()
    t3 = md.split("三、收到和处理政府信息公开申请情况\n")[1].split("\n四、政府")[0].splitlines()
    t4 = md.split("四、政府信息公开行政复议、行政诉讼情况\n")[1].split("\n五、")[0].splitlines()
    text = layouts._document(
        busy,
        t2.copy,
        t3.copy,
        t4.copy,
        headings=headings,
        intro="该部分以表格形式报告。表格如下：",
    )
    result = gxopen.parse_text(text)
    assert_same_tables(result, busy)
    assert report_of(result).problems == busy.problems
    assert report_of(result).overview == busy.overview
    # 四 is a known variant (FORMAT.md); 五 is paraphrased.
    assert [(w.code, w.line) for w in result.warnings] == [
        ("heading.paraphrased", text.splitlines().index(headings[4]) + 1)
    ]


def test_split_header_words_and_row_label_before_heading(busy: gxopen.Report) -> None:
    # FORMAT.md: 四、结转下年度继续办理 immediately followed by the heading 四、政府信息公开行政复议…
    text = layouts.space_separated(busy)
    assert "四、结转下年度继续办理" in text
    result = gxopen.parse_text(text)
    assert_same_tables(result, busy)


def test_money_with_units(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy).replace("| 行政事业性收费 | 12.5 |", "| 行政事业性收费 | 251000元 |")
    result = gxopen.parse_text(text)
    table2 = report_of(result).proactive
    assert isinstance(table2, gxopen.Proactive)
    assert table2.fees.amount == Decimal("25.1")
    assert result.cells["/proactive/fees/amount"].raw == "251000元"
    assert [w.code for w in result.warnings] == ["unit.converted"]
    text = layouts.markdown_rows(busy).replace("| 行政事业性收费 | 12.5 |", "| 行政事业性收费 | 3.2万元 |")
    assert report_of(gxopen.parse_text(text)).proactive == attrs.evolve(
        table2, fees=gxopen.FeeAmount(amount=Decimal("3.2"))
    )


def test_a_signed_or_fractional_count_is_an_error(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy).replace(
        f"| 行政许可 | {busy.proactive.licensing.decisions} |", "| 行政许可 | +14 |"
    )
    result = gxopen.parse_text(text)
    assert report_of(result).proactive.licensing.decisions is None
    assert [(e.code, e.pointer) for e in result.errors] == [("value.not_a_count", "/proactive/licensing/decisions")]


def test_missing_table_is_an_error_and_the_edition_comes_from_table_3(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy)
    text = text[: text.index("二、主动公开")] + text[text.index("三、收到和处理") :]
    result = gxopen.parse_text(text)
    assert [(e.code, e.pointer) for e in result.errors] == [("table.not_found", "/proactive")]
    # Table 3's （六）1–3 rows exist only in the 2021 edition: detected, not inferred, so no edition warning.
    assert result.edition is gxopen.Edition.E2021
    assert [w.code for w in result.warnings] == ["heading.missing"]
    assert report_of(result).proactive.licensing.decisions is None
    assert tables(report_of(result))["/requests/new/total"] == busy.requests.new.total


def test_2019_edition_is_detected_from_its_labels() -> None:
    text = "\n".join(
        [
            "某某局2020年政府信息公开工作年度报告",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "信息内容 本年新制作数量 本年新公开数量 对外公开总数量",
            "规章 0 0 0",
        ]
    )
    result = gxopen.parse_text(text)
    assert result.edition is gxopen.Edition.E2019
    assert result.values["/proactive/regulations/made"] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no report found"),
        ("hello\nworld", "no report found"),
        ("\x00\x01\x02", "no report found"),
    ],
)
def test_text_without_a_report(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        gxopen.parse_text(text, source="x.txt")


def test_truncated_text_reports_what_is_missing() -> None:
    cut = SEED_TEXT[: SEED_TEXT.index("(五)不予处理")]
    result = gxopen.parse_text(cut)
    codes = {(e.code, e.pointer) for e in result.errors}
    assert ("row.not_found", "/requests/outcomes/total") in codes
    assert ("table.not_found", "/review_litigation") in codes
    assert report_of(result).requests.new.total == 4
    assert report_of(result).requests.outcomes.total.total is None


# ---------------------------------------------------------------- HTML


def page(body: str, charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}<title>t</title></head><body>{body}</body></html>"


def test_our_html_parses_cell_exact_with_grid_positions(busy: gxopen.Report) -> None:
    result = gxopen.parse_html(gxopen.render_html(busy).encode("utf-8"))
    assert result.report == busy
    src = result.cells["/requests/outcomes/denied/state_secret/research_institution"]
    assert (src.table, src.row, src.column) == (1, 3 + 4, 5)
    fee = result.cells["/proactive/fees/amount"]
    assert (fee.table, fee.raw) == (0, "12.5")
    assert result.encoding == "utf-8"


@pytest.mark.parametrize("declared", ["gb2312", "gbk", "GB18030", None])
def test_gbk_pages_declared_or_not(busy: gxopen.Report, declared: str | None) -> None:
    html = gxopen.render_html(busy).replace(
        '<meta charset="utf-8"/>', f'<meta charset="{declared}"/>' if declared else ""
    )
    result = gxopen.parse_html(html.encode("gbk"))
    assert_same_tables(result, busy)
    assert report_of(result).agency == busy.agency
    assert result.encoding == "gb18030"
    assert [w.code for w in result.warnings] == ([] if declared else ["encoding.guessed"])


def test_misaligned_colspans_nbsp_and_br(busy: gxopen.Report) -> None:
    html = gxopen.render_html(busy)
    html = html.replace('<th rowspan="2">自然人</th>', '<th rowspan="2" colspan="2">自然<br/>人</th>')
    html = html.replace("<th>商业企业</th>", "<th>商业<br>企业</th>")
    html = html.replace(
        "<h2>四、政府信息公开行政复议、行政诉讼情况</h2>",
        "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>",
    )
    result = gxopen.parse_html(html)
    assert_same_tables(result, busy)
    blank = replace(busy, ("requests", "carried_over", "total"), None)
    html = gxopen.render_html(blank).replace(
        'data-pointer="/requests/carried_over/total" class="num"></td>', 'class="num">&nbsp;</td>'
    )
    result = gxopen.parse_html(html)
    assert_same_tables(result, blank)
    assert result.cells["/requests/carried_over/total"].raw == ""


def test_a_layout_table_around_the_report(busy: gxopen.Report) -> None:
    inner = gxopen.render_html(busy).split("<body>")[1].split("</body>")[0]
    html = page(f'<table width="100%"><tr><td class="nav">首页</td></tr><tr><td>{inner}</td></tr></table>')
    result = gxopen.parse_html(html)
    assert_same_tables(result, busy)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the page is empty"),
        (b"   ", "the page is empty"),
        (b"<html><body><p>nothing here</p></body></html>", "no report found"),
        (bytes(range(256)) * 4, "no report found"),
    ],
)
def test_pages_without_a_report(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        gxopen.parse_html(data, source="p.html")


# ---------------------------------------------------------------- property round trips


@given(reports())
def test_generated_reports_survive_text_markdown_and_html(report: gxopen.Report) -> None:
    report = attrs.evolve(report, agency="重庆市人民政府", title=None)
    for text in (gxopen.render_text(report), gxopen.render_markdown(report)):
        result = gxopen.parse_text(text)
        assert_same_tables(result, report)
        assert (report_of(result).agency, report_of(result).year) == (report.agency, report.year)
    result = gxopen.parse_html(gxopen.render_html(report))
    assert_same_tables(result, report)


# ---------------------------------------------------------------- fuzzing


@settings(max_examples=fuzz_examples(300), suppress_health_check=list(HealthCheck), deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("|│ \n0123456789/一二三四五六、（）()总计其他规章行政许可年报告政府信息公开工作2024.-—")
        ),
        max_size=400,
    )
)
def test_fuzz_text_raises_only_parse_error(text: str) -> None:
    try:
        result = gxopen.parse_text(text)
    except ParseError:
        return
    # A report, or None with the error saying the year is missing; never a number not in the text.
    assert isinstance(result.report, gxopen.Report) or "meta.year" in [e.code for e in result.errors]
    assert_no_invention(result)


@settings(max_examples=fuzz_examples(200), suppress_health_check=list(HealthCheck), deadline=None)
@given(st.data())
def test_fuzz_mutated_seed_text(data: st.DataObject) -> None:
    lines = SEED_LINES[:]
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "dup", "junk", "swap"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "junk":
            lines[i] = data.draw(st.text(max_size=20))
        elif i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        if not lines:
            break
    text = "\n".join(lines)
    try:
        result = gxopen.parse_text(text)
    except ParseError:
        return
    # Whatever was read came from the text: every cell read has a source line holding its raw token.
    numbered = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for where, source in result.cells.items():
        assert source.raw in numbered[source.line - 1], where
    assert_no_invention(result)


@settings(max_examples=fuzz_examples(200), suppress_health_check=list(HealthCheck), deadline=None)
@given(st.binary(max_size=2000) | st.builds(lambda s: s.encode("utf-8"), st.text(max_size=500)))
def test_fuzz_html_raises_only_parse_error(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        assert_no_invention(gxopen.parse_html(data))


@settings(max_examples=fuzz_examples(100), suppress_health_check=list(HealthCheck), deadline=None)
@given(st.data())
def test_fuzz_mutated_html(data: st.DataObject) -> None:
    html = gxopen.render_html(gxopen.load_example())
    for _ in range(data.draw(st.integers(1, 5))):
        i = data.draw(st.integers(0, len(html) - 1))
        j = data.draw(st.integers(i, min(len(html), i + 200)))
        html = (
            html[:i]
            + data.draw(st.sampled_from(["", "<td>", "</tr>", "<table>", 'colspan="9999"', "|", "0"]))
            + html[j:]
        )
    with contextlib.suppress(ParseError):
        assert_no_invention(gxopen.parse_html(html))


def test_huge_inputs_parse_in_bounded_time() -> None:
    # A guard against super-linear behaviour, not a benchmark (see benchmarks/bench_parse.py).
    text = SEED_TEXT + "\n" + ("这是一段很长的说明文字，" * 40 + "\n") * 3600
    assert len(text.encode()) > 5_000_000
    start = time.perf_counter()
    gxopen.parse_text(text)
    assert time.perf_counter() - start < 20
    html = gxopen.render_html(gxopen.load_example()).replace("<body>", "<body>" + "<p>长文本段落。</p>" * 40_000)
    html = html.replace("</body>", "<p>" + "长文本段落。" * 250_000 + "</p></body>")
    assert len(html.encode()) > 5_000_000
    start = time.perf_counter()
    gxopen.parse_html(html.encode())
    assert time.perf_counter() - start < 20
    cells = "<tr>" + "<td>0</td>" * 2000 + "</tr>"
    with pytest.raises(GxopenError):
        gxopen.parse_html(page("<table>" + cells * 300 + "</table>"))


# ---------------------------------------------------------------- CLI


def test_cli_parse_seed_text_then_validate(tmp_path: Path) -> None:
    src = tmp_path / "seed.txt"
    src.write_text(SEED_TEXT, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(["parse", str(src)], out, err) == 0
    assert err.getvalue() == ""
    assert gxopen.loads(out.getvalue()) == gxopen.load_example()
    out2 = io.StringIO()
    assert run(["validate", "-"], out2, io.StringIO(), io.BytesIO(out.getvalue().encode())) == 0


def test_cli_parse_html_gbk_to_dir_and_text_summary(tmp_path: Path) -> None:
    src = tmp_path / "page.html"
    src.write_bytes(gxopen.render_html(gxopen.load_example()).replace("utf-8", "gbk").encode("gbk"))
    out, err = io.StringIO(), io.StringIO()
    assert run(["parse", str(src), "-o", str(tmp_path)], out, err) == 0
    assert out.getvalue() == f"{tmp_path / 'page.json'}\n"
    assert gxopen.loads((tmp_path / "page.json").read_text(encoding="utf-8")) == gxopen.load_example()
    out = io.StringIO()
    assert run(["parse", str(src), "--format", "text"], out, io.StringIO()) == 0
    agency = "石柱土家族自治县人民政府南宾街道办事处"
    assert out.getvalue() == f"{src}: {agency} 2024, edition 2021, 200 of 200 cells read, 0 error(s), 0 warning(s)\n"


def test_cli_parse_several_files_prints_json_lines(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(SEED_TEXT, encoding="gbk")
    html = tmp_path / "b.html"
    html.write_text(gxopen.render_html(gxopen.load_example()), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(["parse", str(text), str(html)], out, err) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert [gxopen.loads(line) for line in lines] == [gxopen.load_example()] * 2


def test_cli_parse_partial_and_unreadable(tmp_path: Path) -> None:
    partial = tmp_path / "partial.txt"
    partial.write_text(SEED_TEXT[: SEED_TEXT.index("四、政府信息公开行政复议")], encoding="utf-8")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\xff garbage")
    out, err = io.StringIO(), io.StringIO()
    assert run(["parse", str(partial)], out, err) == 1
    assert json.loads(out.getvalue())["review_litigation"]["review"]["total"] is None
    assert f"{partial}: error: table 4 (行政复议、行政诉讼情况) not found [table.not_found]" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert run(["parse", str(junk)], out, err) == 2
    assert err.getvalue() == f"{junk}: no report found: none of the six part headings and no table labels\n"
    assert re.fullmatch(r"", out.getvalue())


def test_traditional_script_mirror(busy: gxopen.Report) -> None:
    # Hand-written Traditional forms of some labels, as a mirror site shows them.
    text = layouts.markdown_rows(busy)
    for simplified, traditional in [
        ("行政规范性文件", "行政規範性文件"),
        ("一、本年新收政府信息公开申请数量", "一、本年新收政府信息公開申請數量"),
        ("1.属于国家秘密", "1.屬於國家秘密"),
        ("（三）不予公开", "（三）不予公開"),
        ("四、结转下年度继续办理", "四、結轉下年度繼續辦理"),
        ("二、主动公开政府信息情况", "二、主動公開政府信息情況"),
    ]:
        assert simplified in text
        text = text.replace(simplified, traditional)
    result = gxopen.parse_text(text)
    assert_same_tables(result, busy)
    assert result.warnings == ()


def test_a_narrative_subheading_is_not_taken_for_a_part_heading(busy: gxopen.Report) -> None:
    text = layouts.markdown_rows(busy)
    assert busy.overview is not None
    first = busy.overview.split("\n")[0]
    text = text.replace(first, "二、主动公开情况\n" + first, 1)
    result = gxopen.parse_text(text)
    assert_same_tables(result, busy)
    assert report_of(result).overview == "二、主动公开情况\n" + busy.overview


def test_agency_and_year_from_the_introduction_when_there_is_no_title_line() -> None:
    text = SEED_TEXT.split("\n", 3)[3]  # drop the three title lines
    assert text.startswith("根据《中华人民共和国政府信息公开条例》规定")
    result = gxopen.parse_text(text)
    assert (report_of(result).agency, report_of(result).year) == ("石柱土家族自治县南宾街道办事处", 2024)
    assert report_of(result).title == "石柱土家族自治县南宾街道办事处2024年政府信息公开工作年度报告"
    assert tables(report_of(result)) == tables(gxopen.load_example())


def test_a_messy_cms_page(busy: gxopen.Report) -> None:
    """th as td, cell text wrapped in p/span with &nbsp; padding, headings in bold paragraphs, GBK bytes."""
    html = gxopen.render_html(busy)
    html = re.sub(r"<th([^>]*)>", r"<td\1>", html).replace("</th>", "</td>")
    html = re.sub(
        r"(<td[^>]*>)([^<]*)</td>",
        lambda m: f'{m.group(1)}<p style="text-align:center"><span>&nbsp;{m.group(2)}&nbsp;</span></p></td>',
        html,
    )
    html = re.sub(r"<h2>(.*?)</h2>", r'<p style="text-indent:2em"><strong><span>\1</span></strong></p>', html)
    html = html.replace(
        "<body>", '<body><div class="header">首页 &gt; 政府信息公开 &gt; 年度报告</div><div class="content">'
    )
    html = html.replace("</body>", '</div><div class="footer">主办单位：某某 版权所有</div></body>')
    html = html.replace(
        '<meta charset="utf-8"/>', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    result = gxopen.parse_html(html.encode("gbk"), source="cms.html")
    assert_same_tables(result, busy)
    assert report_of(result).agency == busy.agency
    other = report_of(result).other_matters
    assert other is not None
    assert other.startswith(busy.other_matters or "")
    assert result.encoding == "gb18030"
