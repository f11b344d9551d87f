"""Renderers: every cell can be read back exactly from text, Markdown, HTML and CSV."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from lxml import etree
from wcwidth import wcswidth

import gxopen
from gxopen._cells import all_rows, get, iter_cells, pointer, replace, table3_rows_spec, table4_rows
from gxopen._cli import run
from gxopen._codes import PARTS, TABLE3_COLUMNS, TABLE4_COLUMNS, TABLE4_GROUPS, Edition, table2
from gxopen.strategies import reports

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("GXOPEN_ARTIFACTS", ROOT / "build" / "test-artifacts"))
REQUIRE_EXTERNAL = bool(os.environ.get("GXOPEN_REQUIRE_EXTERNAL"))


def value_text(value: int | Decimal | None) -> str:
    return "" if value is None else str(value)


def cells(report: gxopen.Report) -> list[tuple[str, str]]:
    """(pointer, shown text) for every cell, in printed order."""
    return [(pointer(path), value_text(value)) for path, value in iter_cells(report)]


def with_blanks(report: gxopen.Report) -> gxopen.Report:
    """The seed with a few cells not reported and a fractional fee, to see blanks and decimals."""
    report = replace(report, ("requests", "new", "research_institution"), None)
    report = replace(report, ("review_litigation", "litigation_direct", "pending"), None)
    changed: gxopen.Report = replace(report, ("proactive", "fees", "amount"), Decimal("12.3400"))
    return changed


# ---------------------------------------------------------------- text


def read_text_tables(text: str) -> list[list[str]]:
    """Every value of every data row of the box-drawn tables, in order, as shown."""
    values: list[list[str]] = []
    for line in text.splitlines():
        if not line.startswith("│"):
            continue
        parts = [p.strip() for p in line.strip("│").split("│")]
        if len(parts) == 1 or (parts[1:] and all(re.fullmatch(r"[^\d]*", p) and p for p in parts[1:])):
            continue  # a group heading row or a header row
        values.append(parts[1:])
    return values


def expected_rows(report: gxopen.Report) -> list[list[str]]:
    return [
        [value_text(getattr(get(report, row.path), c.key or "")) for c in row.columns]
        for row in all_rows(report.edition)
    ]


def test_text_shows_every_label_of_the_format(seed: gxopen.Report) -> None:
    text = gxopen.render_text(seed)
    labels = [p.zh for p in PARTS]
    for block in table2(Edition.E2021).children:
        labels += [block.zh, *(r.zh for r in block.children), *(c.zh for c in block.columns)]
    labels += [spec.code.zh for spec in table3_rows_spec(Edition.E2021)]
    labels += ["三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]
    labels += [c.zh for c in TABLE3_COLUMNS] + [c.zh for c in TABLE4_COLUMNS]
    labels += [g.zh for g in TABLE4_GROUPS] + [g.zh for g in TABLE4_GROUPS[1].children]
    missing = [label for label in labels if label not in text]
    assert missing == []
    assert seed.overview is not None
    assert seed.overview in text


def test_text_values_read_back_exactly(seed: gxopen.Report) -> None:
    report = with_blanks(seed)
    assert read_text_tables(gxopen.render_text(report)) == expected_rows(report)


def test_text_tables_line_up_in_a_monospace_font(seed: gxopen.Report) -> None:
    text = gxopen.render_text(with_blanks(seed), bilingual=True)
    table: list[str] = []
    tables = []
    for line in text.splitlines():
        if line and line[0] in "┌│├└":
            table.append(line)
            if line.startswith("└"):
                tables.append(table)
                table = []
    assert len(tables) == 6
    for t in tables:
        widths = {wcswidth(line) for line in t}
        assert len(widths) == 1, t

        # Column borders sit at the same display column on every non-heading row.
        def borders(line: str) -> list[int]:
            return [wcswidth(line[:i]) for i, ch in enumerate(line) if ch in "│┼┬┴├┤┌┐└┘"]

        full = [borders(line) for line in t if line.count("│") > 2 or line[0] in "┌├└"]
        assert all(b == full[0] for b in full), t


def test_text_blank_is_empty_never_zero(seed: gxopen.Report) -> None:
    text = gxopen.render_text(with_blanks(seed))
    row = next(line for line in text.splitlines() if "一、本年新收" in line)
    assert [p.strip() for p in row.strip("│").split("│")][1:] == ["4", "0", "", "0", "0", "0", "4"]


@given(reports())
def test_text_round_trips_generated_reports(report: gxopen.Report) -> None:
    assert read_text_tables(gxopen.render_text(report)) == expected_rows(report)


# ---------------------------------------------------------------- Markdown


def read_markdown_tables(text: str) -> list[list[str]]:
    values = []
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith("| **"):
            continue
        parts = [p.strip() for p in re.split(r"(?<!\\)\|", line)[1:-1]]
        if parts[1:] and not any(re.fullmatch(r"[\d.]*", p) for p in parts[1:]):
            continue  # header row
        values.append(parts[1:])
    return values


def test_markdown_values_read_back_exactly(seed: gxopen.Report) -> None:
    report = with_blanks(seed)
    text = gxopen.render_markdown(report)
    assert read_markdown_tables(text) == expected_rows(report)
    assert text.startswith("# 石柱土家族自治县人民政府南宾街道办事处2024年政府信息公开工作年度报告\n")
    assert "## 三、收到和处理政府信息公开申请情况" in text
    assert "| **三、本年度办理结果** | | | | | | | |" in text


def test_markdown_escapes_narrative_markup(seed: gxopen.Report) -> None:
    report = attrs.evolve(seed, problems="# not a heading\n- not a list | pipe\n<b>x</b>")
    text = gxopen.render_markdown(report)
    assert "\\# not a heading" in text
    assert "\\- not a list | pipe" in text
    assert "&lt;b>x&lt;/b>" in text


@given(reports())
def test_markdown_round_trips_generated_reports(report: gxopen.Report) -> None:
    assert read_markdown_tables(gxopen.render_markdown(report)) == expected_rows(report)


# ---------------------------------------------------------------- HTML


def parse_xhtml(page: str) -> Any:
    """The page parsed as XML: proves it is well-formed."""
    body = page.removeprefix("<!DOCTYPE html>\n")
    return etree.fromstring(body.encode("utf-8"))


def grid(table: Any) -> list[list[Any]]:
    """Expand rowspan/colspan into a rectangular grid of cell elements."""
    out: list[list[Any]] = []
    pending: dict[tuple[int, int], Any] = {}
    for r, tr in enumerate(table.iter("tr")):
        row: list[Any] = []
        c = 0
        cells_ = list(tr)
        i = 0
        while i < len(cells_) or (r, c) in pending:
            if (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
                continue
            cell = cells_[i]
            i += 1
            rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            row.extend([cell] * cs)
            for dr in range(1, rs):
                for dc in range(cs):
                    pending[(r + dr, c + dc)] = cell
            c += cs
        out.append(row)
    return out


def test_html_is_well_formed_with_the_official_merged_cells(seed: gxopen.Report) -> None:
    root = parse_xhtml(gxopen.render_html(seed))
    tables = root.findall(".//table")
    assert [t.get("data-part") for t in tables] == ["proactive", "requests", "review_litigation"]
    t3 = grid(tables[1])
    assert {len(row) for row in t3} == {10}
    assert len(t3) == 3 + 25
    corner = t3[0][0]
    assert corner.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert (corner.get("rowspan"), corner.get("colspan")) == ("3", "3")
    assert t3[0][3].text == "申请人情况"
    assert t3[1][4].text == "法人或其他组织"
    assert t3[1][4].get("colspan") == "5"
    outcome_label = t3[5][0]
    assert outcome_label.text == "三、本年度办理结果"
    assert outcome_label.get("rowspan") == "22"
    assert [t3[r][1].text for r in (7, 15, 18, 23)] == [
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ]
    assert t3[7][1].get("rowspan") == "8"
    t4 = grid(tables[2])
    assert {len(row) for row in t4} == {15}
    assert t4[0][0].text == "行政复议"
    assert t4[0][5].text == "行政诉讼"
    assert t4[0][5].get("colspan") == "10"


def test_html_cells_read_back_by_grid_position(seed: gxopen.Report) -> None:
    report = with_blanks(seed)
    root = parse_xhtml(gxopen.render_html(report))
    t3 = grid(root.findall(".//table")[1])
    for spec, row in zip(table3_rows_spec(Edition.E2021), t3[3:], strict=True):
        assert row[2].text == spec.code.zh
        shown = [cell.text or "" for cell in row[3:]]
        assert shown == [value_text(getattr(get(report, spec.path), c.key or "")) for c in TABLE3_COLUMNS]
    t4 = grid(root.findall(".//table")[2])
    assert [c.text or "" for c in t4[3]] == [
        value_text(getattr(get(report, spec.path), c.key or "")) for spec in table4_rows() for c in TABLE4_COLUMNS
    ]
    fee = root.find(".//td[@data-pointer='/proactive/fees/amount']")
    assert fee is not None
    assert fee.text == "12.3400"
    blank = root.find(".//td[@data-pointer='/requests/new/research_institution']")
    assert blank is not None
    assert blank.text is None


def test_html_highlights_cells_named_by_findings(seed: gxopen.Report) -> None:
    report = replace(seed, ("requests", "outcomes", "total", "natural_person"), 5)
    page = gxopen.render_html(report, findings=gxopen.validate(report))
    root = parse_xhtml(page)
    cell = root.find(".//td[@data-pointer='/requests/outcomes/total/natural_person']")
    assert cell is not None
    assert cell.get("class") == "num finding-error"
    assert "t3.balance 自然人" in (cell.get("title") or "")
    marked = {td.get("data-pointer") for td in root.iter("td") if "finding-" in (td.get("class") or "")}
    assert marked == {
        "/requests/outcomes/total/natural_person",
        "/requests/outcomes/total/total",
        "/requests/carried_forward/natural_person",
    }


def test_html_escapes_text(seed: gxopen.Report) -> None:
    report = attrs.evolve(seed, agency="<script>alert(1)</script>&", title=None)
    page = gxopen.render_html(report)
    assert "<script>" not in page
    parse_xhtml(page)


@given(reports())
def test_html_round_trips_generated_reports(report: gxopen.Report) -> None:
    root = parse_xhtml(gxopen.render_html(report))
    found = {td.get("data-pointer"): td.text or "" for td in root.iter("td")}
    assert found == dict(cells(report))
    t3 = grid(root.findall(".//table")[1])
    for spec, row in zip(table3_rows_spec(Edition.E2021), t3[3:], strict=True):
        assert [c.get("data-pointer") for c in row[3:]] == [pointer(spec.cell(c)) for c in TABLE3_COLUMNS]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        if REQUIRE_EXTERNAL:
            pytest.fail("chromium is not installed but GXOPEN_REQUIRE_EXTERNAL is set")
        pytest.skip("chromium is not installed")
    return found


_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _browser(args: list[str], page: Path) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [_chromium(), *_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def expected_by_labels(report: gxopen.Report) -> dict[tuple[tuple[str, ...], tuple[str, ...]], str]:
    """Each cell keyed by (row labels right to left, column labels bottom up), from the code table."""
    out: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
    for row in all_rows(report.edition):
        values = get(report, row.path)
        for column in row.columns:
            rows: tuple[str, ...]
            cols: tuple[str, ...]
            if row.path[0] == "proactive":
                rows, cols = (row.code.zh,), (column.zh,)
            elif row.path[0] == "requests":
                rows = (row.code.zh, *(p.zh for p in reversed(row.parents)))
                org = ("法人或其他组织",) if column.code in "23456" else ()
                cols = (column.zh, *org, "申请人情况")
            else:
                group = row.code
                parent = ("行政诉讼",) if group.code.startswith("2.") else ()
                rows, cols = (), (column.zh, group.zh, *parent)
            out[(rows, cols)] = value_text(getattr(values, column.key or ""))
    return out


def test_html_in_headless_chromium_reads_back_every_cell_by_row_and_column_label(seed: gxopen.Report) -> None:
    report = with_blanks(seed)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = ARTIFACTS / "seed.html"
    page.write_text(gxopen.render_html(report), encoding="utf-8")
    probe = ARTIFACTS / "seed-readback.html"
    script = (Path(__file__).parent / "readback.js").read_text(encoding="utf-8")
    probe.write_text(gxopen.render_html(report).replace("</body>", f"<script>{script}</script>\n</body>"), "utf-8")
    result = _browser(["--dump-dom", "--virtual-time-budget=5000"], probe)
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.findall(r'<pre id="gx-readback">(\[.*?)</pre>', result.stdout, re.S)
    assert found, result.stdout[-2000:]
    seen = json.loads(html.unescape(found[-1]))
    assert len(seen) == 200
    assert all(cell["width"] > 10 and cell["height"] > 10 for cell in seen)
    got: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
    for cell in seen:
        cols = tuple(c for c in cell["columns"] if not c.startswith("第二十条"))
        if cell["part"] == "proactive":
            cols = cols[:1]
        if cell["part"] == "requests":
            cols = tuple(c for c in cols if not c.startswith("（本列数据"))
        key = (tuple(cell["rows"]), cols)
        assert key not in got, key
        got[key] = cell["text"]
    assert got == expected_by_labels(report)
    shot = _browser(["--window-size=1200,2600", f"--screenshot={ARTIFACTS / 'seed.png'}"], page)
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert (ARTIFACTS / "seed.png").stat().st_size > 50_000


# ---------------------------------------------------------------- records and CSV


def test_records_are_one_per_cell(seed: gxopen.Report) -> None:
    records = gxopen.records(seed)
    assert len(records) == 10 + 175 + 15
    r = next(r for r in records if r.pointer == "/requests/outcomes/denied/state_secret/commercial_enterprise")
    assert (
        r.table_number,
        r.row_code,
        r.row_key,
        r.row_label,
        r.column_code,
        r.column_key,
        r.column_label,
        r.value,
    ) == (
        "3",
        "3.3.1",
        "outcomes.denied.state_secret",
        "1.属于国家秘密",
        "2",
        "commercial_enterprise",
        "商业企业",
        0,
    )
    assert (r.agency, r.year) == (seed.agency, 2024)


def test_csv_reads_back_exactly(seed: gxopen.Report) -> None:
    report = with_blanks(seed)
    rows = list(csv.DictReader(io.StringIO(gxopen.render_csv(report))))
    assert list(rows[0]) == list(gxopen.RECORD_FIELDS)
    assert [(r["pointer"], r["value"]) for r in rows] == cells(report)


def test_render_dict_is_the_json_shape(seed: gxopen.Report) -> None:
    assert gxopen.render_dict(seed) == json.loads(gxopen.example_json(), parse_float=Decimal)


def test_bilingual_labels(seed: gxopen.Report) -> None:
    for render in (gxopen.render_text, gxopen.render_markdown, gxopen.render_html):
        assert "自然人 Natural persons" in render(seed, bilingual=True)
        assert "Natural persons" not in render(seed)


# ---------------------------------------------------------------- CLI


@pytest.mark.parametrize("to", ["text", "markdown", "html", "csv", "json"])
def test_cli_render(tmp_path: Path, to: str) -> None:
    src = tmp_path / "seed.json"
    src.write_text(gxopen.example_json(), encoding="utf-8")
    target = tmp_path / f"out.{to}"
    out, err = io.StringIO(), io.StringIO()
    assert run(["render", str(src), "--to", to, "-o", str(target)], out, err) == 0
    assert (out.getvalue(), err.getvalue()) == ("", "")
    seed = gxopen.load_example()
    expected = {
        "text": gxopen.render_text(seed),
        "markdown": gxopen.render_markdown(seed),
        "html": gxopen.render_html(seed),
        "csv": gxopen.render_csv(seed),
        "json": gxopen.dumps(seed) + "\n",
    }[to]
    assert target.read_bytes().decode("utf-8") == expected


def test_cli_render_errors(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["render", str(tmp_path / "none.json")], out, err) == 2
    assert err.getvalue() == f"{tmp_path / 'none.json'}: cannot read: No such file or directory\n"
    out, err = io.StringIO(), io.StringIO()
    assert run(["render", "-", "--to", "pdf"], out, err, io.BytesIO(b"")) == 2
    assert "invalid choice: 'pdf'" in err.getvalue()
