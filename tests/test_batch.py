"""gxopen batch: a folder of mixed inputs in, a dataset out — checked against independent oracles."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gxopen
import gxopen.batch
from gxopen._batch import _run
from gxopen._batch._inputs import sniff
from gxopen._batch._pairing import agency_key, pair
from gxopen._batch._table import CELL_COLUMNS, FINDING_COLUMNS
from gxopen._cli import run as cli

REQUIRE_EXTERNAL = os.environ.get("GXOPEN_REQUIRE_EXTERNAL") == "1"
CROSS = {"x.carry", "x.in_force"}


def need(module: str) -> Any:
    """Import an optional test dependency, or skip (fail when external tools are required)."""
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        if REQUIRE_EXTERNAL:
            pytest.fail(f"{module} is not installed but GXOPEN_REQUIRE_EXTERNAL is set")
        pytest.skip(f"{module} is not installed")


# ---------------------------------------------------------------- the corpus


def seed_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(gxopen.example_json(), parse_float=Decimal)
    return doc


def dump(doc: dict[str, Any]) -> str:
    return gxopen.dumps(gxopen.load(doc))


def with_carried_forward(doc: dict[str, Any], n: int) -> dict[str, Any]:
    """``doc`` with ``n`` more requests of natural persons received and carried forward (still balanced)."""
    for row in ("new", "carried_forward"):
        doc["requests"][row]["natural_person"] += n
        doc["requests"][row]["total"] += n
    doc["overview"] = None
    return doc


def make_corpus(root: Path) -> dict[str, Path]:
    """A folder of mixed inputs with known fates; returns the interesting paths by name."""
    files: dict[str, Path] = {}

    def write(name: str, rel: str, content: str | bytes) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        files[name] = path

    for year in (2022, 2023):
        doc = seed_doc()
        doc.update(agency="甲县人民政府", year=year)
        del doc["title"]
        write(f"a{year}", f"2023/甲/{year}.json", dump(doc))
    wrong = seed_doc()
    wrong.update(agency="甲县政府", year=2024)  # the same body, spelled shorter: paired
    wrong["requests"]["outcomes"]["total"]["total"] += 1  # t3.balance and t3.outcomes break
    write("a2024", "2024/甲.json", dump(wrong))
    b2023 = with_carried_forward(seed_doc(), 2)
    b2023.update(agency="乙 市 教育局", year=2023)
    write("b2023", "2023/乙.json", dump(b2023))
    b2024 = seed_doc()
    b2024.update(agency="乙市教育局", year=2024, overview=None)  # carries over 0, not 2: x.carry
    write("b2024", "2024/乙.json", dump(b2024))
    # Published copies: an HTML page gxopen rendered, and the seed's scraped text.
    c = gxopen.load(seed_doc())
    write("html", "pages/丙.html", gxopen.render_html(attrs.evolve(c, agency="丙县司法局", year=2024)))
    write("text", "pages/seed.txt", gxopen.example_text())
    write("duplicate", "copies/甲-2022.json", files["a2022"].read_bytes())
    old = seed_doc()  # a 2021-edition table 2 under "edition": "2019": not a report of either edition
    old.update(edition="2019", year=2020, agency="丁县人民政府")
    write("e2019", "2020/丁.json", json.dumps(old, ensure_ascii=False, default=str))
    write("badjson", "junk/broken.json", '{"edition": "2021", ')
    write("notreport", "junk/other.json", '{"hello": "world"}')
    write("binary", "junk/blob.bin", bytes(range(256)) * 4)
    write("pdf", "junk/scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    write("hidden", ".hidden/ignored.json", dump(seed_doc()))
    return files


EXPECTED_STATUS = {
    "a2022": "valid",
    "a2023": "valid",
    "a2024": "invalid",
    "b2023": "valid",
    "b2024": "valid",
    "html": "valid",
    "text": "valid",
    "duplicate": "duplicate",
    "e2019": "unreadable",
    "badjson": "unreadable",
    "notreport": "unreadable",
    "binary": "unreadable",
    "pdf": "unsupported",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("corpus")
    return root, make_corpus(root)


@pytest.fixture(scope="module")
def batch_out(corpus: tuple[Path, dict[str, Path]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root, _ = corpus
    out = tmp_path_factory.mktemp("out")
    summary = gxopen.batch.run([root], out, jobs=1, progress=False)
    assert not summary.interrupted
    return out


def read_lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def by_path(out: Path) -> dict[str, dict[str, Any]]:
    return {line["path"]: line for line in read_lines(out)}


def same_agency(previous: gxopen.Report, current: gxopen.Report) -> gxopen.Report:
    """``previous`` under ``current``'s spelling: gxopen.validate pairs names only up to white space."""
    return attrs.evolve(previous, agency=current.agency)


# ---------------------------------------------------------------- reports.jsonl


def test_every_input_gets_one_line_with_its_status(corpus: tuple[Path, dict[str, Path]], batch_out: Path) -> None:
    _, files = corpus
    lines = by_path(batch_out)
    assert len(lines) == len(EXPECTED_STATUS)  # the hidden folder and the output are not inputs
    assert {name: lines[str(files[name])]["status"] for name in EXPECTED_STATUS} == EXPECTED_STATUS
    formats = {name: lines[str(files[name])]["format"] for name in ("html", "text", "binary", "pdf", "a2022")}
    assert formats == {"html": "html", "text": "text", "binary": "binary", "pdf": "pdf", "a2022": "json"}
    assert lines[str(files["duplicate"])]["reason"] == f"same bytes as {files['a2022']}"
    assert "table 2 has the shape of the 2021 edition" in lines[str(files["e2019"])]["reason"]
    assert lines[str(files["badjson"])]["reason"].startswith("not a valid report: /: not JSON")
    for name, status in EXPECTED_STATUS.items():
        line = lines[str(files[name])]
        assert line["sha256"] == hashlib.sha256(files[name].read_bytes()).hexdigest()
        assert (line["report"] is None) == (status not in ("valid", "invalid"))


def test_lines_hold_the_report_and_its_findings_as_the_library_gives_them(
    corpus: tuple[Path, dict[str, Path]], batch_out: Path
) -> None:
    _, files = corpus
    lines = by_path(batch_out)
    for name in ("a2022", "a2024", "b2024", "html", "text"):
        line = lines[str(files[name])]
        result = next(gxopen.batch.scan([files[name]]))
        assert result.report is not None
        assert gxopen.load(json.loads(json.dumps(line["report"]), parse_float=Decimal)) == result.report
        assert line["findings"] == [f.to_dict() for f in result.findings]
        assert line["issues"] == [i.to_dict() for i in result.issues]
        assert (line["agency"], line["year"], line["edition"]) == (result.agency, result.year, "2021")


def test_consecutive_years_are_paired_across_spellings_and_checked(
    corpus: tuple[Path, dict[str, Path]], batch_out: Path
) -> None:
    _, files = corpus
    lines = by_path(batch_out)

    def link(name: str, key: str) -> str | None:
        found = lines[str(files[name])][key]
        return None if found is None else found["path"]

    assert link("a2022", "next") == str(files["a2023"])
    assert link("a2023", "previous") == str(files["a2022"])
    assert link("a2024", "previous") == str(files["a2023"])  # 甲县政府 = 甲县人民政府: only one spelling a year
    assert link("b2024", "previous") == str(files["b2023"])  # spaces in 乙 市 教育局 do not matter
    assert lines[str(files["a2024"])]["agency_key"] == "甲县人民政府"
    assert lines[str(files["b2023"])]["agency_key"] == "乙市教育局"
    assert link("duplicate", "previous") is None
    # The oracle: the validator given both years, keeping the cross-year rules.
    current = gxopen.loads(files["b2024"].read_text(encoding="utf-8"))
    previous = gxopen.loads(files["b2023"].read_text(encoding="utf-8"))
    expected = [f.to_dict() for f in gxopen.validate(current, same_agency(previous, current)) if f.rule in CROSS]
    assert [f["scope"] for f in expected] == ["natural_person", "total"]
    assert lines[str(files["b2024"])]["cross_year_findings"] == expected
    assert lines[str(files["a2023"])]["cross_year_findings"] == []


# ---------------------------------------------------------------- findings.csv


def oracle_findings(files: dict[str, Path]) -> Counter[tuple[str, str, str]]:
    """(report_id, rule, severity) of every finding, from gxopen.validate on each report and each pair."""
    reports = {}
    for name, status in EXPECTED_STATUS.items():
        if status in ("valid", "invalid"):
            reports[name] = next(gxopen.batch.scan([files[name]]))
    pairs = {"a2023": "a2022", "a2024": "a2023", "b2024": "b2023"}
    found: Counter[tuple[str, str, str]] = Counter()
    for name, result in reports.items():
        assert result.report is not None
        findings = list(result.findings)
        if name in pairs:
            previous = reports[pairs[name]].report
            assert previous is not None
            findings += [
                f for f in gxopen.validate(result.report, same_agency(previous, result.report)) if f.rule in CROSS
            ]
        for f in findings:
            found[result.report_id, f.rule, f.severity.value] += 1
    return found


def test_findings_csv_has_one_row_per_finding(corpus: tuple[Path, dict[str, Path]], batch_out: Path) -> None:
    _, files = corpus
    rows = read_csv(batch_out / "findings.csv")
    assert list(rows[0]) == [c.name for c in FINDING_COLUMNS]
    assert Counter((r["report_id"], r["rule"], r["severity"]) for r in rows) == oracle_findings(files)
    keys = [(r["report_id"], r["finding_no"]) for r in rows]
    assert len(set(keys)) == len(keys)
    carry = [r for r in rows if r["rule"] == "x.carry"]
    b2023 = hashlib.sha256(files["b2023"].read_bytes()).hexdigest()[:16]
    assert {(r["scope"], r["expected"], r["actual"], r["previous_report_id"]) for r in carry} == {
        ("natural_person", "2", "0", b2023),
        ("total", "2", "0", b2023),
    }


# ---------------------------------------------------------------- cells


def reports_read(files: dict[str, Path]) -> list[gxopen.batch.InputResult]:
    return [
        r for r in gxopen.batch.scan([files[n] for n in EXPECTED_STATUS if n != "duplicate"]) if r.report is not None
    ]


def test_cells_csv_is_one_row_per_cell_with_the_records_labels(
    corpus: tuple[Path, dict[str, Path]], batch_out: Path
) -> None:
    _, files = corpus
    rows = read_csv(batch_out / "cells.csv")
    assert list(rows[0]) == [c.name for c in CELL_COLUMNS]
    read = reports_read(files)
    assert len(rows) == 200 * len(read)
    by_report = {(r["report_id"], r["pointer"]): r for r in rows}
    for result in read:
        assert result.report is not None
        for record in gxopen.records(result.report):
            row = by_report[result.report_id, record.pointer]
            value = record.value
            assert (row["agency"], row["year"], row["table_no"]) == (
                record.agency,
                str(record.year),
                record.table_number,
            )
            assert (row["row_code"], row["row_label"]) == (record.row_code, record.row_label)
            assert (row["column_code"], row["column_label"]) == (record.column_code, record.column_label)
            if isinstance(value, Decimal):
                assert (row["value_count"], Decimal(row["value_amount"]), row["unit"]) == ("", value, "万元")
            else:
                assert (row["value_count"], row["value_amount"], row["unit"]) == (
                    "" if value is None else str(value),
                    "",
                    "件",
                )
            assert row["source_path"] == result.path


def test_duckdb_reads_cells_parquet_with_the_documented_types(
    corpus: tuple[Path, dict[str, Path]], batch_out: Path
) -> None:
    duckdb = need("duckdb")
    _, files = corpus
    parquet = str(batch_out / "cells.parquet")
    con = duckdb.connect()
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{parquet}')").fetchall()
    assert [(name, kind) for name, kind, *_ in described] == [
        ("report_id", "VARCHAR"),
        ("agency", "VARCHAR"),
        ("year", "SMALLINT"),
        ("edition", "VARCHAR"),
        ("table_no", "TINYINT"),
        ("row_code", "VARCHAR"),
        ("row_label", "VARCHAR"),
        ("column_code", "VARCHAR"),
        ("column_label", "VARCHAR"),
        ("pointer", "VARCHAR"),
        ("value_count", "BIGINT"),
        ("value_amount", "DECIMAL(24,6)"),
        ("unit", "VARCHAR"),
        ("source_path", "VARCHAR"),
    ]
    got = con.execute(
        f"""SELECT agency, year, value_count FROM read_parquet('{parquet}')
            WHERE pointer = '/requests/outcomes/total/total' ORDER BY source_path"""
    ).fetchall()
    read = sorted(reports_read(files), key=lambda r: r.path)
    assert got == [(r.agency, r.year, r.report.requests.outcomes.total.total) for r in read if r.report]
    amounts = con.execute(f"SELECT sum(value_amount) FROM read_parquet('{parquet}') WHERE unit = '万元'").fetchone()
    fees = [r.report.proactive.fees for r in read if r.report and isinstance(r.report.proactive, gxopen.Proactive)]
    assert amounts == (sum((f.amount or 0) for f in fees),)
    # The parquet and the CSV hold the same rows.
    csv_path = str(batch_out / "cells.csv")
    diff = con.execute(
        f"""SELECT count(*) FROM (SELECT report_id, pointer, value_count, value_amount FROM read_parquet('{parquet}')
            EXCEPT SELECT report_id, pointer, value_count, value_amount FROM read_csv('{csv_path}',
            types={{'value_count': 'BIGINT', 'value_amount': 'DECIMAL(24,6)'}}))"""
    ).fetchone()
    assert diff == (0,)


def test_pandas_reads_cells_parquet_as_to_dataframe_builds_it(
    corpus: tuple[Path, dict[str, Path]], batch_out: Path
) -> None:
    pd = need("pandas")
    _, files = corpus
    frame = pd.read_parquet(batch_out / "cells.parquet", dtype_backend="pyarrow")
    built = gxopen.to_dataframe(gxopen.batch.scan([files[n] for n in EXPECTED_STATUS if n != "duplicate"]))
    assert dict(frame.dtypes.astype(str)) == dict(built.dtypes.astype(str))
    assert str(frame.dtypes["value_amount"]) == "decimal128(24, 6)[pyarrow]"
    assert str(frame.dtypes["value_count"]) == "int64[pyarrow]"
    pd.testing.assert_frame_equal(
        frame.sort_values(["source_path", "pointer"]).reset_index(drop=True),
        built.sort_values(["source_path", "pointer"]).reset_index(drop=True),
    )


def test_to_dataframe_of_a_bare_report_uses_the_hash_of_its_json(seed: gxopen.Report) -> None:
    need("pandas")
    frame = gxopen.to_dataframe([seed])
    assert len(frame) == 200
    assert set(frame["report_id"]) == {hashlib.sha256(gxopen.dumps(seed).encode()).hexdigest()[:16]}
    new_total = frame[frame["pointer"] == "/requests/new/total"]["value_count"].tolist()
    assert new_total == [seed.requests.new.total]
    assert len(gxopen.to_dataframe([])) == 0


# ---------------------------------------------------------------- data package


def test_frictionless_validates_the_data_package(batch_out: Path) -> None:
    frictionless = need("frictionless")
    report = frictionless.validate(str(batch_out / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    descriptor = json.loads((batch_out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == ["reports", "cells", "findings"]
    cells = descriptor["resources"][1]["schema"]
    assert cells["primaryKey"] == ["report_id", "pointer"]
    assert [f["name"] for f in cells["fields"]] == [c.name for c in CELL_COLUMNS]


def test_no_column_is_an_sql_reserved_word() -> None:
    duckdb = need("duckdb")
    query = "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'"
    reserved = {row[0].lower() for row in duckdb.sql(query).fetchall()}
    assert {"table", "select", "order"} <= reserved
    reserved |= {"count", "value", "row", "column", "key", "values"}  # reserved in SQL:2016 or common engines
    assert [c.name for c in (*CELL_COLUMNS, *FINDING_COLUMNS) if c.name in reserved] == []


# ---------------------------------------------------------------- summary.html


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        if REQUIRE_EXTERNAL:
            pytest.fail("chromium is not installed but GXOPEN_REQUIRE_EXTERNAL is set")
        pytest.skip("chromium is not installed")
    return found


def _dump_dom(page: Path, tmp_path: Path) -> str:
    result = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_summary_renders_in_chromium_and_its_numbers_match_findings_csv(batch_out: Path, tmp_path: Path) -> None:
    dom = _dump_dom(batch_out / "summary.html", tmp_path)
    assert "<svg" in dom
    assert "http://" not in dom.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in dom
    rows = read_csv(batch_out / "findings.csv")
    by_rule = Counter((r["rule"], r["severity"]) for r in rows)
    shown = {
        (m.group(1), m.group(2)): int(m.group(3))
        for m in re.finditer(r'data-rule="([^"]+)" data-severity="([^"]+)">(\d+)<', dom)
    }
    assert shown == dict(by_rule)
    severity = Counter(r["severity"] for r in rows)
    totals = {m.group(1): int(m.group(2)) for m in re.finditer(r'<td class="num" data-severity="(\w+)">(\d+)<', dom)}
    assert totals == {"error": severity["error"], "warning": severity["warning"], "info": severity["info"]}
    pairs = sum(line["previous"] is not None for line in read_lines(batch_out))
    assert pairs == 3
    assert f'<span id="pairs">{pairs}</span>' in dom
    assert "<td>甲县人民政府</td><td>甲县人民政府 · 甲县政府</td>" in dom
    assert "<td>乙市教育局</td><td>乙 市 教育局 · 乙市教育局</td>" in dom
    statuses = Counter(line["status"] for line in read_lines(batch_out))
    shown_status = {m.group(1): int(m.group(2)) for m in re.finditer(r'data-status="(\w+)">(\d+)<', dom)}
    assert shown_status == dict(statuses)


def test_summary_links_resolve_to_rendered_reports_with_the_wrong_cells_marked(
    corpus: tuple[Path, dict[str, Path]], batch_out: Path, tmp_path: Path
) -> None:
    _, files = corpus
    dom = _dump_dom(batch_out / "summary.html", tmp_path)
    links = re.findall(r'<a href="([^"]+)">', dom)
    ids = {
        line["report_id"]
        for line in read_lines(batch_out)
        if line["errors"] or line["warnings"] or any(f["severity"] != "info" for f in line["cross_year_findings"])
    }
    assert sorted(links) == sorted(f"reports/{i}.html" for i in ids)
    wrong = hashlib.sha256(files["a2024"].read_bytes()).hexdigest()[:16]
    page = _dump_dom(batch_out / f"reports/{wrong}.html", tmp_path)
    marked = set(re.findall(r'data-pointer="([^"]+)"[^>]*class="[^"]*finding-error', page))
    assert "/requests/outcomes/total/total" in marked
    carry = hashlib.sha256(files["b2024"].read_bytes()).hexdigest()[:16]
    page = _dump_dom(batch_out / f"reports/{carry}.html", tmp_path)
    assert set(re.findall(r'data-pointer="([^"]+)"[^>]*class="[^"]*finding-warning', page)) >= {
        "/requests/carried_over/natural_person",
        "/requests/carried_over/total",
    }


# ---------------------------------------------------------------- running


def canonical(out: Path) -> tuple[list[str], list[str], int]:
    """What must not depend on how the work was run: the lines, the findings, the cells."""
    lines = sorted((out / "reports.jsonl").read_text(encoding="utf-8").splitlines())
    findings = sorted((out / "findings.csv").read_text(encoding="utf-8").splitlines())
    cells = len((out / "cells.csv").read_text(encoding="utf-8").splitlines())
    return lines, findings, cells


def test_two_processes_give_the_same_output(
    corpus: tuple[Path, dict[str, Path]], batch_out: Path, tmp_path: Path
) -> None:
    root, _ = corpus
    gxopen.batch.run([root], tmp_path / "out", jobs=2, chunk_size=3, progress=False)
    assert canonical(tmp_path / "out") == canonical(batch_out)


def test_a_dask_cluster_executor_gives_the_same_output(
    corpus: tuple[Path, dict[str, Path]], batch_out: Path, tmp_path: Path
) -> None:
    distributed = need("distributed")
    root, _ = corpus
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        summary = gxopen.batch.run([root], tmp_path / "out", executor=client.get_executor(), chunk_size=2)
    assert summary.processed == len(EXPECTED_STATUS)
    assert canonical(tmp_path / "out") == canonical(batch_out)


def test_resume_skips_what_is_done_and_ends_with_the_same_output(
    corpus: tuple[Path, dict[str, Path]], batch_out: Path, tmp_path: Path
) -> None:
    root, files = corpus
    out = tmp_path / "out"
    first = gxopen.batch.run([root / "2023"], out, jobs=1, progress=False)
    assert first.processed == 3
    second = gxopen.batch.run([root], out, jobs=1, resume=True, progress=False)
    assert (second.skipped, second.processed, second.inputs) == (3, len(EXPECTED_STATUS) - 3, len(EXPECTED_STATUS))
    assert canonical(out) == canonical(batch_out)
    pd = need("pandas")
    assert len(pd.read_parquet(out / "cells.parquet")) == len(pd.read_parquet(batch_out / "cells.parquet"))
    third = gxopen.batch.run([root], out, jobs=1, resume=True, progress=False)
    assert (third.skipped, third.processed) == (len(EXPECTED_STATUS), 0)
    assert canonical(out) == canonical(batch_out)
    del files


def test_ctrl_c_leaves_complete_output_for_what_was_done(
    corpus: tuple[Path, dict[str, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = corpus
    real_add = _run._Output.add
    calls = []

    def add_then_interrupt(self: Any, items: Any, batch: Any) -> None:
        calls.append(len(items))
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while a chunk is being written: it is written whole
        real_add(self, items, batch)

    monkeypatch.setattr(_run._Output, "add", add_then_interrupt)
    out = tmp_path / "out"
    summary = gxopen.batch.run([root], out, jobs=1, chunk_size=3, progress=False)
    assert summary.interrupted
    assert summary.processed == summary.inputs == 6
    assert len(read_lines(out)) == 6
    assert (out / "summary.html").read_text(encoding="utf-8").count("interrupted") == 1
    pd = need("pandas")
    with_report = sum(line["report"] is not None for line in read_lines(out))
    assert len(pd.read_parquet(out / "cells.parquet")) == 200 * with_report
    monkeypatch.setattr(_run._Output, "add", real_add)
    resumed = gxopen.batch.run([root], out, jobs=1, resume=True, progress=False)
    assert (resumed.skipped, resumed.inputs, resumed.interrupted) == (6, len(EXPECTED_STATUS), False)


# ---------------------------------------------------------------- command line


def test_cli_exit_statuses(corpus: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    root, files = corpus
    out, err = io.StringIO(), io.StringIO()
    clean = [str(files[n]) for n in ("a2022", "a2023", "b2023", "b2024")]
    assert cli(["batch", *clean, "-o", str(tmp_path / "clean")], out, err) == 0
    assert err.getvalue() == ""  # no progress bar when standard error is not a terminal
    assert out.getvalue().startswith(f"{tmp_path / 'clean'}: 4 inputs (4 valid); 0 error(s), 2 warning(s)")
    assert cli(["batch", *clean, "-o", str(tmp_path / "w"), "--fail-on", "warning"], out, err) == 1
    wrong = [*clean, str(files["a2024"])]
    assert cli(["batch", *wrong, "-o", str(tmp_path / "e")], out, err) == 1
    assert cli(["batch", *wrong, "-o", str(tmp_path / "e"), "--fail-on", "never"], out, err) == 0
    unread = [*clean, str(files["badjson"])]
    assert cli(["batch", *unread, "-o", str(tmp_path / "u"), "--fail-on", "never"], out, err) == 1
    assert cli(["batch", "-o", str(tmp_path / "x")], out, err) == 2
    assert cli(["batch", str(tmp_path / "nothing-here"), "-o", str(tmp_path / "x")], out, err) == 2
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    err = io.StringIO()
    assert cli(["batch", *clean, "-o", str(blocker / "out")], out, err) == 2
    assert "cannot write the output folder" in err.getvalue()
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(clean) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert cli(["batch", "--files-from", str(listing), "-o", str(tmp_path / "l")], out, io.StringIO()) == 0
    assert ": 4 inputs" in out.getvalue()
    del root


def test_progress_bar_when_asked(corpus: tuple[Path, dict[str, Path]], tmp_path: Path, capsys: Any) -> None:
    need("tqdm")
    root, _ = corpus
    gxopen.batch.run([root], tmp_path / "out", jobs=1, progress=True)
    assert re.search(r"\d+/13 \[.*report/s\]", capsys.readouterr().err)


def test_importing_gxopen_loads_no_optional_library() -> None:
    code = (
        "import sys, gxopen; gxopen.to_dataframe; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'pyarrow','pandas','duckdb','frictionless','dask','distributed','tqdm','rich','numpy'} "
        "or m == 'gxopen.batch'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'\xef\xbb\xbf  {"edition": "2021"}', "json"),
        (b"<!DOCTYPE html><html><body><table></table>", "html"),
        ("一、总体情况\n本机关……".encode(), "text"),
        ("一、总体情况".encode("gb18030"), "text"),
        (b"%PDF-1.4\n", "pdf"),
        (b"PK\x03\x04" + b"\0" * 26 + b"word/document.xml", "docx"),
        (b"PK\x03\x04" + b"\0" * 40, "binary"),
        (b"\x00\x01\x02", "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8, "doc"),
        ('{"edition": "2021"}'.encode("utf-16"), "json"),
        (b"", "text"),
    ],
)
def test_sniff(data: bytes, expected: str) -> None:
    assert sniff(data) == expected


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_json_in_any_unicode_encoding_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "report.json"
    path.write_bytes(gxopen.example_json().encode(encoding))
    result = next(gxopen.batch.scan([path]))
    assert (result.status, result.format, result.report) == ("valid", "json", gxopen.load_example())


def test_agency_key_normalises_width_and_spaces() -> None:
    assert agency_key("Ａ县　人民 政府（办公室）") == "A县人民政府(办公室)"
    assert agency_key(" 乙市\t教育局\n") == "乙市教育局"


def test_both_spellings_in_one_year_keep_two_bodies_apart() -> None:
    entries = [(0, "丙县人民政府", 2022), (1, "丙县政府", 2022), (2, "丙县政府", 2023), (3, "丙县人民政府", 2023)]
    got = pair(entries)
    assert got.previous == {2: 1, 3: 0}
    assert got.kept_apart == (("丙县人民政府", "丙县政府"),)
    merged = pair([(0, "丙县人民政府", 2022), (1, "丙县政府", 2023)])
    assert (merged.previous, merged.merged) == ({1: 0}, {"丙县人民政府": ("丙县人民政府", "丙县政府")})


def test_two_inputs_for_one_agency_year_are_not_paired() -> None:
    got = pair([(0, "丁局", 2022), (1, "丁局", 2023), (2, "丁 局", 2023), (3, "丁局", 2024)])
    assert got.previous == {}
    assert got.notes[1] == got.notes[2] == "not paired: 2 different inputs for 丁局 2023"


_NAMES = st.sampled_from(["甲县人民政府", "甲县政府", "甲 县人民政府", "乙局", "Ｂ局", "B局"])


@given(st.lists(st.tuples(_NAMES, st.integers(2019, 2025)), max_size=25))
def test_pairs_join_one_key_in_consecutive_years_at_most_once(entries: list[tuple[str, int]]) -> None:
    indexed = [(i, name, year) for i, (name, year) in enumerate(entries)]
    got = pair(indexed)
    assert len(set(got.previous.values())) == len(got.previous)
    assert {v: k for k, v in got.following.items()} == got.previous
    for current, previous in got.previous.items():
        assert entries[current][1] == entries[previous][1] + 1
        assert got.keys[current] == got.keys[previous]
        assert agency_key(entries[current][0]).replace("人民政府", "政府") == agency_key(entries[previous][0]).replace(
            "人民政府", "政府"
        )
    same_year = Counter((got.keys[i], year) for i, _, year in indexed)
    for i, _, year in indexed:
        if same_year[got.keys[i], year] > 1:
            assert i not in got.previous
            assert i not in got.following
