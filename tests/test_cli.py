"""The command line, called through run(argv, stdout, stderr)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import gxopen
from gxopen._cli import run


def call(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out, err, io.BytesIO(stdin))
    return status, out.getvalue(), err.getvalue()


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


def test_validate_clean_seed_exits_0(seed_file: Path) -> None:
    status, out, err = call("validate", str(seed_file))
    assert (status, err) == (0, "")
    assert out == f"{seed_file}: OK — 0 error(s), 0 warning(s), 0 note(s)\n"


def test_validate_broken_copy_exits_1_naming_rule_and_path(broken_file: Path) -> None:
    status, out, err = call("validate", str(broken_file))
    assert status == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == f"{broken_file}: FAILED — 3 error(s), 0 warning(s), 0 note(s)"
    assert lines[1] == "  表三 收到和处理政府信息公开申请情况 / Table 3, requests"
    assert "    [error] t3.balance at /requests/outcomes/total/natural_person" in lines
    assert "      t3.balance 自然人: 新收 4 + 上年结转 0 = 4 ≠ 办理结果总计 5 + 结转下年度 0 = 5 (差 1)" in lines


def test_validate_json_output_one_object_per_file(seed_file: Path, broken_file: Path) -> None:
    status, out, _ = call("validate", str(seed_file), str(broken_file), "--format", "json")
    assert status == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["file"], r["valid"], r["errors"]) for r in records] == [
        (str(seed_file), True, 0),
        (str(broken_file), False, 3),
    ]
    assert records[1]["findings"][0]["rule"] == "t3.balance"


def test_garbage_exits_2_with_one_clear_line() -> None:
    status, out, err = call("validate", "-", stdin=b"this is not json")
    assert status == 2
    assert out == ""
    assert err == "not a valid report in <stdin>: /: not JSON: Expecting value at line 1 column 1\n"


def test_not_utf8_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes('{"agency": "街道"}'.encode("gbk"))
    status, _, err = call("validate", str(path))
    assert status == 2
    assert err == f"{path}: not UTF-8 JSON text (bad byte at offset 12)\n"


def test_not_a_report_lists_pointers(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"edition": "2021"}', encoding="utf-8")
    status, out, err = call("validate", str(path), "--format", "json")
    assert status == 2
    record = json.loads(out)
    assert record["valid"] is False
    assert {"pointer": "/agency", "message": "missing required key"} in record["problems"]
    assert err.startswith(f"not a valid report in {path}: 8 problems\n  /agency: missing required key")


def test_missing_file_and_unknown_option_exit_2_without_traceback(tmp_path: Path) -> None:
    status, _, err = call("validate", str(tmp_path / "nope.json"))
    assert (status, err) == (2, f"{tmp_path / 'nope.json'}: cannot read: No such file or directory\n")
    status, _, err = call("validate", "--bogus", "x.json")
    assert status == 2
    assert err == "gxopen: error: unrecognized arguments: --bogus (try 'gxopen --help')\n"
    status, _, err = call("validate")
    assert status == 2
    assert err.count("\n") == 1
    assert "the following arguments are required: FILE" in err
    status, _, err = call("frobnicate")
    assert status == 2
    assert "invalid choice: 'frobnicate'" in err


def test_worst_status_wins_across_files(seed_file: Path, broken_file: Path, tmp_path: Path) -> None:
    status, _, _ = call("validate", str(seed_file), str(broken_file), str(tmp_path / "missing.json"))
    assert status == 2


def test_previous_enables_cross_year_rules(seed_file: Path, tmp_path: Path) -> None:
    doc = json.loads(gxopen.example_json())
    doc["year"] = 2023
    doc["requests"]["carried_forward"]["natural_person"] = 1
    previous = tmp_path / "2023.json"
    previous.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    status, out, _ = call("validate", str(seed_file), "--previous", str(previous))
    assert status == 0
    assert "[warning] x.carry at /requests/carried_over/natural_person" in out
    doc["year"] = 2020
    previous.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    status, _, err = call("validate", str(seed_file), "--previous", str(previous))
    assert status == 2
    assert "previous report is for 2020, not 2023" in err
    status, _, err = call("validate", str(seed_file), str(seed_file), "--previous", str(previous))
    assert (status, err) == (2, "gxopen validate: error: --previous goes with exactly one FILE\n")


def test_blank_as_zero(tmp_path: Path) -> None:
    doc = json.loads(gxopen.example_json())
    doc["requests"]["new"]["commercial_enterprise"] = None
    path = tmp_path / "blank.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _, out, _ = call("validate", str(path))
    assert "2 note(s)" in out.splitlines()[0]  # t3.applicants [new] and t3.balance [commercial_enterprise]
    _, out, _ = call("validate", str(path), "--blank-as-zero")
    assert "0 note(s)" in out.splitlines()[0]


def test_schema_and_rules_commands() -> None:
    status, out, _ = call("schema")
    assert status == 0
    assert json.loads(out) == gxopen.json_schema()
    status, out, _ = call("schema", "--edition", "2019")
    assert (status, json.loads(out)) == (0, gxopen.json_schema("2019"))
    status, out, _ = call("schema", "--edition", "any")
    assert (status, json.loads(out)) == (0, gxopen.json_schema("any"))
    status, _, err = call("schema", "--edition", "2020")
    assert (status, err) == (2, "gxopen schema: unknown edition '2020'; expected one of: 2019, 2021, any\n")
    status, out, _ = call("rules")
    assert json.loads(out) == gxopen.rules_document()


def test_example_command_pipes_into_validate() -> None:
    status, out, _ = call("example")
    assert status == 0
    assert gxopen.loads(out) == gxopen.load_example()
    assert call("validate", "-", stdin=out.encode())[0] == 0
    status, out, _ = call("example", "--text")
    assert out == gxopen.example_text()


@pytest.mark.parametrize("command", ["validate", "schema", "rules", "example", "render", "parse"])
def test_every_subcommand_has_help_with_an_example(command: str) -> None:
    status, out, err = call(command, "--help")
    assert (status, err) == (0, "")
    assert "example:\n  gxopen " in out


def test_top_level_help_and_version() -> None:
    status, out, _ = call()
    assert status == 2
    assert "validate" in out
    status, out, _ = call("--version")
    assert (status, out) == (0, f"gxopen {gxopen.__version__}\n")


def test_python_dash_m_gxopen_runs(seed_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gxopen", "validate", str(seed_file)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{seed_file}: OK")


def test_validate_points_to_parse_for_a_published_report(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(gxopen.example_text(), encoding="utf-8")
    status, _, err = call("validate", str(path))
    assert status == 2
    assert err == f"{path}: not JSON — it looks like a published report; read it with: gxopen parse {path}\n"
    page = tmp_path / "page.html"
    page.write_bytes(gxopen.render_html(gxopen.load_example()).encode("gbk", errors="replace"))
    status, _, err = call("validate", str(page))
    assert status == 2
    assert "read it with: gxopen parse" in err


def test_validate_explain_pinpoints_the_wrong_cell(broken_file: Path, tmp_path: Path) -> None:
    assert call("validate", str(broken_file))[1].count("d.pinpoint") == 0
    status, out, _ = call("validate", str(broken_file), "--explain")
    assert status == 1
    assert "d.pinpoint" in out
    assert "/requests/outcomes/total/natural_person: 5 → 4" in out
    doc = json.loads(gxopen.example_json())
    doc["overview"] = "本年度共收到政府信息公开申请7件。"
    stated = tmp_path / "stated.json"
    stated.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    status, out, _ = call("validate", str(stated), "--explain", "--format", "json")
    (finding,) = json.loads(out)["findings"]
    assert (status, finding["rule"], finding["expected"], finding["actual"]) == (0, "n.new_requests", 7, 4)
    assert finding["spans"] == [{"pointer": "/overview", "start": 4, "end": 16, "text": "收到政府信息公开申请7件"}]
    schema = json.loads((Path(__file__).parent.parent / "schemas" / "validate-output.schema.json").read_text("utf-8"))
    jsonschema.validate(json.loads(out), schema, cls=jsonschema.Draft202012Validator)
    status, out, _ = call("validate", str(broken_file), "--explain", "--format", "json")
    jsonschema.validate(json.loads(out), schema, cls=jsonschema.Draft202012Validator)
    (pin,) = [f for f in json.loads(out)["findings"] if f["rule"] == "d.pinpoint"]
    assert pin["explanations"][0]["fixes"][0]["balancing"] == 4


@pytest.mark.parametrize(
    ("to", "option", "message"),
    [
        ("csv", "--bilingual", "--bilingual applies to --to text, markdown, html, not --to csv"),
        ("json", "--bilingual", "--bilingual applies to --to text, markdown, html, not --to json"),
        ("csv", "--highlight", "--highlight applies to --to html, not --to csv"),
        ("text", "--highlight", "--highlight applies to --to html, not --to text"),
    ],
)
def test_render_refuses_an_option_the_format_would_ignore(seed_file: Path, to: str, option: str, message: str) -> None:
    status, out, err = call("render", str(seed_file), "--to", to, option)
    assert (status, out) == (2, "")
    assert err.startswith(f"gxopen render: error: {message}: ")
    assert err.endswith(" (try 'gxopen render --help')\n")


@pytest.mark.parametrize("to", ["text", "markdown", "html"])
def test_render_bilingual_shows_english_labels(seed_file: Path, to: str) -> None:
    status, out, err = call("render", str(seed_file), "--to", to, "--bilingual")
    assert (status, err) == (0, "")
    assert "New requests this year" in out
    status, plain, _ = call("render", str(seed_file), "--to", to)
    assert "New requests this year" not in plain
