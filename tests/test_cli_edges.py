"""Command-line edges (issue 14): no traceback, no silent success, no silent overwrite."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import gxopen
from gxopen._cli import run

ROOT = Path(__file__).resolve().parent.parent


def call(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out, err, io.BytesIO(stdin))
    return status, out.getvalue(), err.getvalue()


def gx(*argv: str, **kw: Any) -> subprocess.CompletedProcess[bytes]:
    """The command line as a process, as a shell runs it."""
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "gxopen", *argv], check=False, **kw)


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "seed.json"
    path.write_text(gxopen.example_json(), encoding="utf-8")
    return path


@pytest.fixture
def broken_file(tmp_path: Path) -> Path:
    doc = json.loads(gxopen.example_json())
    doc["requests"]["outcomes"]["total"]["natural_person"] = 5
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------- tracebacks


def test_closed_standard_input_exits_2_with_a_message() -> None:
    result = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m gxopen validate - <&-'], capture_output=True, check=False
    )
    assert (result.returncode, result.stderr.decode()) == (2, "<stdin>: standard input is closed\n")


def test_parse_into_a_folder_where_the_name_is_a_folder(tmp_path: Path) -> None:
    source = tmp_path / "x.txt"
    source.write_text(gxopen.example_text(), encoding="utf-8")
    out = tmp_path / "out"
    (out / "x.json").mkdir(parents=True)
    status, stdout, err = call("parse", str(source), "-o", str(out))
    assert status == 2
    assert stdout == ""
    assert err == f"{source}: cannot write {out / 'x.json'}: Is a directory\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_full_disk_on_stdout_exits_2_with_a_message() -> None:
    with open("/dev/full", "wb") as full:
        result = gx("example", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2
    assert result.stderr.decode() == "gxopen: cannot write the output: No space left on device\n"


def test_an_ascii_only_stdout_gets_utf8_not_a_traceback() -> None:
    result = gx("example", env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode("utf-8") == gxopen.example_json()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_input_is_cut_at_64_mib() -> None:
    status, _, err = call("validate", "/dev/zero")
    assert status == 2
    assert err == "/dev/zero: larger than 64 MiB, which no report is; not read\n"
    status, _, err = call("parse", "/dev/zero")
    assert (status, err) == (2, "/dev/zero: larger than 64 MiB, which no report is; not read\n")


def test_render_json_of_a_lone_surrogate_is_refused_at_load(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(gxopen.example_json().replace('"agency": "', '"agency": "\\ud800', 1), encoding="utf-8")
    status, out, err = call("render", str(path), "--to", "json")
    assert (status, out) == (2, "")
    assert err == (
        f"not a valid report in {path}: /agency: expected text without lone surrogates, got U+D800 at character 0\n"
    )


def test_a_missing_extra_is_named_with_exit_2(seed_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "wcwidth", None)
    status, out, err = call("render", str(seed_file))
    assert (status, out) == (2, "")
    assert err == 'gxopen render: render_text needs wcwidth: pip install "gxopen[render]"\n'
    page = tmp_path / "page.html"
    page.write_text(gxopen.render_html(gxopen.load_example()), encoding="utf-8")
    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setitem(sys.modules, "lxml.html", None)
    status, out, err = call("parse", str(page))
    assert (status, out) == (2, "")
    assert err == 'gxopen parse: parse_html needs lxml and charset-normalizer: pip install "gxopen[html]"\n'


def _closed_pipe_run(*argv: str) -> subprocess.CompletedProcess[bytes]:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone, as after `| head -1`
    try:
        return gx(*argv, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)


def test_findings_keep_exit_1_when_the_reader_of_stdout_is_gone(broken_file: Path, seed_file: Path) -> None:
    result = _closed_pipe_run("validate", str(broken_file))
    assert (result.returncode, result.stderr) == (1, b"")
    result = _closed_pipe_run("validate", str(seed_file), str(broken_file), "--format", "json")
    assert (result.returncode, result.stderr) == (1, b"")
    result = _closed_pipe_run("validate", str(seed_file))
    assert (result.returncode, result.stderr) == (0, b"")


# ---------------------------------------------------------------- silent surprises


def test_a_json_syntax_error_is_not_called_a_published_report(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    text = gxopen.example_json()
    path.write_text(text.replace('"year": 2024,', '"year": 2024', 1), encoding="utf-8")
    assert "政府信息公开" in text
    status, _, err = call("validate", str(path))
    assert status == 2
    assert err == f"not a valid report in {path}: /: not JSON: Expecting ',' delimiter at line 5 column 3\n"


def test_a_pdf_is_called_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    status, _, err = call("validate", str(path))
    assert (status, err) == (
        2,
        f"{path}: not report JSON but a PDF file; if it is a published report, read it with: gxopen parse {path}\n",
    )
    status, _, err = call("parse", str(path))
    assert status == 2
    assert err.startswith(f"{path}: a damaged PDF that cannot be opened (")


def test_parse_never_overwrites_a_report_of_this_run_and_creates_the_folder(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    text, html = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.html"
    text.write_text(gxopen.example_text(), encoding="utf-8")
    html.write_text("<html><body><p>nothing here</p></body></html>", encoding="utf-8")
    out = tmp_path / "new" / "out"
    status, stdout, err = call("parse", str(text), str(html), "-o", str(out))
    assert status == 2
    assert stdout == f"{out / 'x.json'}\n"
    assert err == (
        f"{html}: not written: {out / 'x.json'} already holds the report read from {text}"
        " (parse files with the same name into different folders)\n"
    )
    assert gxopen.loads((out / "x.json").read_text(encoding="utf-8")) == gxopen.parse_text(gxopen.example_text()).report


def test_parse_output_folder_that_is_a_file(tmp_path: Path) -> None:
    source = tmp_path / "x.txt"
    source.write_text(gxopen.example_text(), encoding="utf-8")
    status, _, err = call("parse", str(source), "-o", str(source))
    assert status == 2
    assert err == f"gxopen parse: cannot create the folder {source}: File exists\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_validate_reads_utf16_and_utf32_json(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(gxopen.example_json().encode(codec))
    status, out, err = call("validate", str(path))
    assert (status, err) == (0, "")
    assert out.startswith(f"{path}: OK")


def test_a_duplicate_key_is_refused_by_validate(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text(gxopen.example_json().replace('"year": 2024', '"year": 2024, "year": 2023'), encoding="utf-8")
    status, _, err = call("validate", str(path))
    assert status == 2
    assert err == (
        f"not a valid report in {path}: /year: expected a four-digit year,"
        " got a duplicate key, given 2 times (2024, then 2023)\n"
    )


# ---------------------------------------------------------------- validate --format json and --fail-on


@pytest.fixture
def warning_file(tmp_path: Path) -> Path:
    """A report whose only finding is a warning: a fee that looks like 元 in the 万元 cell."""
    report = gxopen.replace(gxopen.load_example(), {"/proactive/fees/amount": Decimal(25000)})
    assert {f.severity for f in gxopen.validate(report)} == {gxopen.Severity.WARNING}
    path = tmp_path / "warning.json"
    path.write_text(gxopen.dumps(report), encoding="utf-8")
    return path


def test_fail_on_warning(warning_file: Path) -> None:
    assert call("validate", str(warning_file))[0] == 0
    assert call("validate", str(warning_file), "--fail-on", "warning")[0] == 1
    assert call("validate", str(warning_file), "--fail-on", "info")[0] == 1
    assert call("validate", str(warning_file), "--fail-on", "error")[0] == 0


def test_validate_json_lines_follow_the_committed_schema(
    seed_file: Path, broken_file: Path, warning_file: Path, tmp_path: Path
) -> None:
    schema = json.loads((ROOT / "schemas" / "validate-output.schema.json").read_text(encoding="utf-8"))
    assert schema == gxopen._validate_output.validate_output_schema()  # the committed copy is current
    jsonschema.Draft202012Validator.check_schema(schema)
    bad = tmp_path / "bad.json"
    bad.write_text('{"edition": "2021"}', encoding="utf-8")
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{", encoding="utf-8")
    files = [seed_file, broken_file, warning_file, bad, garbage]
    status, out, _ = call("validate", *map(str, files), "--format", "json")
    assert status == 2
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in records] == list(map(str, files))
    for record in records:
        jsonschema.validate(record, schema, cls=jsonschema.Draft202012Validator)
    fee = next(f for f in records[2]["findings"] if f["pointer"] == "/proactive/fees/amount")
    assert fee["actual"] == 25000  # money is a JSON number, as in report JSON, never a string
    assert [r["valid"] for r in records] == [True, False, True, False, False]
