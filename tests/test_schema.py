"""The exported JSON Schema, checked by three validators that are not gxopen."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import gxopen
from gxopen._generated import generated_files
from gxopen._schema import json_schema
from gxopen.exceptions import LoadError
from gxopen.strategies import reports

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "report-2021.schema.json"
SCHEMA_2019_FILE = ROOT / "schemas" / "report-2019.schema.json"
SCHEMA_ANY_FILE = ROOT / "schemas" / "report.schema.json"
NODE_DIR = Path(os.environ.get("GXOPEN_AJV_DIR", ROOT / ".ci" / "node"))
REQUIRE_EXTERNAL = bool(os.environ.get("GXOPEN_REQUIRE_EXTERNAL"))


def plain(report: gxopen.Report) -> Any:
    """A report as the json module reads its JSON text (money as a JSON number)."""
    return json.loads(gxopen.dumps(report))


@pytest.mark.parametrize("rel", sorted(generated_files()))
def test_committed_generated_file_is_current(rel: str) -> None:
    path = ROOT / rel
    assert path.exists(), f"{rel} is missing: run python scripts/generate.py"
    assert path.read_text(encoding="utf-8") == generated_files()[rel], f"{rel} drifted: run python scripts/generate.py"


def test_schema_is_a_valid_draft_2020_12_schema_with_codes() -> None:
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:gxopen:schema:report:2021"
    state_secret = schema["properties"]["requests"]["properties"]["outcomes"]["properties"]["denied"]["properties"][
        "state_secret"
    ]
    assert state_secret == {
        "$ref": "#/$defs/ApplicantCounts",
        "title": "1.属于国家秘密",
        "description": "State secret",
        "x-gxopen-code": "3.3.1",
    }
    fee = schema["$defs"]["FeeAmount"]["properties"]["amount"]
    assert fee["title"] == "本年收费金额（单位：万元）"
    assert fee["description"] == "Fees collected this year (10,000 yuan); unit: 万元"
    assert schema["$defs"]["count"]["type"] == ["integer", "null"]
    assert schema["$defs"]["count"]["minimum"] == 0


def test_every_property_has_a_title_description_and_code() -> None:
    def walk(node: Any, where: str) -> int:
        seen = 0
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                for key in ("title", "description", "x-gxopen-code"):
                    assert key in prop, f"{where}/{name} lacks {key}"
                seen += 1
            for key, value in node.items():
                seen += walk(value, f"{where}/{key}")
        return seen

    # Report 12, proactive 6, requests 4, outcomes 7, denied 8, unavailable 3, not_processed 5,
    # other 3, review_litigation 3; $defs: ApplicantCounts 7, ReviewCounts 5, DocumentCounts 3,
    # DecisionCount 1, FeeAmount 1.
    assert walk(json_schema(), "") == 12 + 6 + 4 + 7 + 8 + 3 + 5 + 3 + 3 + 7 + 5 + 3 + 1 + 1


def test_schema_refuses_unknown_editions() -> None:
    with pytest.raises(ValueError, match="unknown edition '2020'; expected one of: 2019, 2021, any"):
        json_schema("2020")


def test_2019_schema_has_the_2019_tables_with_codes() -> None:
    schema = json_schema("2019")
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "urn:gxopen:schema:report:2019"
    assert schema["properties"]["edition"]["const"] == "2019"
    proactive = schema["properties"]["proactive"]["properties"]
    assert list(proactive) == [
        *("regulations", "normative_documents", "licensing", "other_services"),
        *("penalty", "coercion", "fees", "procurement"),
    ]
    assert proactive["other_services"] == {
        "$ref": "#/$defs/ItemCounts",
        "title": "其他对外管理服务事项",
        "description": "Other external management services",
        "x-gxopen-code": "20.5.2",
    }
    change = schema["$defs"]["ItemCounts"]["properties"]["change"]
    assert change == {"$ref": "#/$defs/signed", "title": "本年增/减", "description": "Change this year (signed)",
                      "x-gxopen-code": "2"}  # fmt: skip
    assert schema["$defs"]["signed"]["type"] == ["integer", "null"]
    amount = schema["$defs"]["Procurement"]["properties"]["amount"]
    assert amount["description"] == "Total procurement amount; unit: 万元"
    assert schema["$defs"]["Procurement"]["properties"]["reported_unit"]["enum"] == ["元", "万元", None]
    other = schema["properties"]["requests"]["properties"]["outcomes"]["properties"]["other"]
    assert other == {
        "$ref": "#/$defs/ApplicantCounts",
        "title": "（六）其他处理",
        "description": "Otherwise handled",
        "x-gxopen-code": "3.6",
    }


def test_schema_of_either_edition_is_chosen_by_edition() -> None:
    schema = json_schema("any")
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "urn:gxopen:schema:report"
    assert schema["then"] == {"$ref": "#/$defs/Report2019"}
    assert schema["else"] == {"$ref": "#/$defs/Report2021"}
    # Classes both editions share have one definition; the edition-specific ones are all there.
    assert sorted(schema["$defs"]) == sorted(
        {*json_schema("2019")["$defs"], *json_schema("2021")["$defs"], "Report2019", "Report2021"}
    )


# ---------------------------------------------------------------- mutations


def mutations(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Documents that break the structure in the four ways the issue names, and a few more."""
    out = []

    def mutate(name: str, fn: Any) -> None:
        d = copy.deepcopy(doc)
        fn(d)
        out.append((name, d))

    mutate("wrong type: string count", lambda d: d["requests"]["new"].update(total="4"))
    mutate("wrong type: boolean count", lambda d: d["review_litigation"]["review"].update(upheld=True))
    mutate("wrong type: array row", lambda d: d["requests"].update(carried_over=[0] * 7))
    mutate("wrong type: agency", lambda d: d.update(agency=5))
    mutate("negative count", lambda d: d["requests"]["outcomes"]["denied"]["state_secret"].update(total=-1))
    mutate("negative money", lambda d: d["proactive"]["fees"].update(amount=-1))
    mutate("extra key", lambda d: d["requests"]["outcomes"]["other"].update(surplus=0))
    mutate("extra top-level key", lambda d: d.update(remarks="x"))
    mutate("missing key", lambda d: d["requests"]["outcomes"]["unavailable"].pop("not_held"))
    mutate("missing cell", lambda d: d["proactive"]["regulations"].pop("in_force"))
    mutate("missing edition", lambda d: d.pop("edition"))
    mutate("wrong edition", lambda d: d.update(edition="2020"))
    mutate("null metadata", lambda d: d.update(title=None))
    return out


def gxopen_accepts(doc: Any) -> bool:
    try:
        gxopen.loads(json.dumps(doc, ensure_ascii=False))
    except LoadError:
        return False
    return True


def seed_doc_plain() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(gxopen.example_json())
    return doc


def corpus() -> list[tuple[str, Any]]:
    seed = seed_doc_plain()
    docs: list[tuple[str, Any]] = [("seed", seed)]
    docs += [(f"seed, {name}", d) for name, d in mutations(seed)]
    generated = st.lists(reports(), min_size=20, max_size=20)

    @settings(max_examples=1, database=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(generated)
    def collect(rs: list[gxopen.Report]) -> None:
        for i, r in enumerate(rs):
            doc = plain(r)
            docs.append((f"generated {i}", doc))
            docs.extend((f"generated {i}, {name}", d) for name, d in mutations(doc))

    collect()
    return docs


CORPUS = corpus()


def mutations_2019(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any], bool]]:
    """2019-edition documents changed in ways gxopen accepts (True) or rejects (False)."""
    out = []

    def mutate(name: str, fn: Any, accepted: bool = False) -> None:
        d = copy.deepcopy(doc)
        fn(d)
        out.append((name, d, accepted))

    mutate("negative change", lambda d: d["proactive"]["licensing"].update(change=-7), accepted=True)
    mutate("null change", lambda d: d["proactive"]["fees"].update(change=None), accepted=True)
    mutate("no unit", lambda d: d["proactive"]["procurement"].update(reported_unit=None), accepted=True)
    mutate("wrong type: float change", lambda d: d["proactive"]["penalty"].update(change=1.5))
    mutate("wrong type: boolean change", lambda d: d["proactive"]["coercion"].update(change=False))
    mutate("negative count", lambda d: d["proactive"]["licensing"].update(previous_items=-1))
    mutate("negative money", lambda d: d["proactive"]["procurement"].update(amount=-1))
    mutate("unknown unit", lambda d: d["proactive"]["procurement"].update(reported_unit="千元"))
    mutate("missing unit", lambda d: d["proactive"]["procurement"].pop("reported_unit"))
    mutate("2021 cell in a 2019 row", lambda d: d["proactive"]["fees"].update(decisions=0))
    mutate("extra key in the single （六） row", lambda d: d["requests"]["outcomes"]["other"].update(fee_unpaid=0))
    mutate("missing cell", lambda d: d["proactive"]["regulations"].pop("made"))
    mutate("2021 edition on a 2019 report", lambda d: d.update(edition="2021"))
    mutate("missing edition", lambda d: d.pop("edition"))
    mutate("string count", lambda d: d["requests"]["new"].update(total="4"))
    return out


def corpus_2019() -> list[tuple[str, Any, bool]]:
    example = json.loads(gxopen.example_json("example-2020-yunling"))
    docs: list[tuple[str, Any, bool]] = [("example", example, True)]
    docs += [(f"example, {name}", d, ok) for name, d, ok in mutations_2019(example)]
    generated = st.lists(reports(edition=gxopen.Edition.E2019), min_size=10, max_size=10)

    @settings(max_examples=1, database=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(generated)
    def collect(rs: list[gxopen.Report]) -> None:
        for i, r in enumerate(rs):
            doc = plain(r)
            docs.append((f"generated {i}", doc, True))
            docs.extend((f"generated {i}, {name}", d, ok) for name, d, ok in mutations_2019(doc))

    collect()
    return docs


CORPUS_2019 = corpus_2019()
CORPORA = {
    "2021": (SCHEMA_FILE, CORPUS),
    "2019": (SCHEMA_2019_FILE, [(name, doc) for name, doc, _ in CORPUS_2019]),
    "any": (SCHEMA_ANY_FILE, CORPUS + [(name, doc) for name, doc, _ in CORPUS_2019]),
}


def test_2019_corpus_verdicts_are_the_intended_ones() -> None:
    for name, doc, accepted in CORPUS_2019:
        assert gxopen_accepts(doc) == accepted, name
    assert sum(ok for _, _, ok in CORPUS_2019) == 11 * 4


def test_corpus_holds_valid_and_invalid_documents() -> None:
    verdicts = [gxopen_accepts(doc) for _, doc in CORPUS]
    assert verdicts.count(True) == 21
    assert verdicts.count(False) == 21 * 13


@pytest.mark.parametrize("edition", sorted(CORPORA))
def test_jsonschema_agrees_with_gxopen(edition: str) -> None:
    schema_file, docs = CORPORA[edition]
    validator = Draft202012Validator(json.loads(schema_file.read_text(encoding="utf-8")))
    for name, doc in docs:
        assert validator.is_valid(doc) == gxopen_accepts(doc), name


def _write_corpus(tmp_path: Path, corpus: list[tuple[str, Any]]) -> list[Path]:
    paths = []
    for i, (_, doc) in enumerate(corpus):
        path = tmp_path / f"{i:04d}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def _external(tool: str) -> str:
    found = shutil.which(tool) or (shutil.which(tool, path=str(Path(sys.executable).parent)))
    if found is None:
        if REQUIRE_EXTERNAL:
            pytest.fail(f"{tool} is not installed but GXOPEN_REQUIRE_EXTERNAL is set")
        pytest.skip(f"{tool} is not installed")
    return found


@pytest.mark.parametrize("edition", sorted(CORPORA))
def test_check_jsonschema_agrees_with_gxopen(tmp_path: Path, edition: str) -> None:
    tool = _external("check-jsonschema")
    schema_file, corpus = CORPORA[edition]
    paths = _write_corpus(tmp_path, corpus)
    result = subprocess.run(
        [tool, "--output-format", "json", "--schemafile", str(schema_file), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    rejected = {Path(e["filename"]).name for e in json.loads(result.stdout)["errors"]}
    for (name, doc), path in zip(corpus, paths, strict=True):
        assert (path.name not in rejected) == gxopen_accepts(doc), name


@pytest.mark.parametrize("edition", sorted(CORPORA))
def test_ajv_strict_agrees_with_gxopen(tmp_path: Path, edition: str) -> None:
    schema_file, corpus = CORPORA[edition]
    node = _external("node")
    if not (NODE_DIR / "node_modules" / "ajv").exists():
        if REQUIRE_EXTERNAL:
            pytest.fail(f"ajv is not installed under {NODE_DIR}")
        pytest.skip(f"ajv is not installed under {NODE_DIR} (npm install --prefix {NODE_DIR})")
    docs = tmp_path / "docs.json"
    docs.write_text(json.dumps([doc for _, doc in corpus], ensure_ascii=False), encoding="utf-8")
    script = Path(__file__).with_name("ajv_check.cjs")
    result = subprocess.run(
        [node, str(script), str(NODE_DIR), str(schema_file), str(docs)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    verdicts = json.loads(result.stdout)
    assert len(verdicts) == len(corpus)
    for (name, doc), verdict in zip(corpus, verdicts, strict=True):
        assert verdict == gxopen_accepts(doc), name


def test_money_with_a_fraction_passes_all_layers() -> None:
    doc = seed_doc_plain()
    doc["proactive"]["fees"]["amount"] = 12.5
    assert Draft202012Validator(json_schema()).is_valid(doc)
    table2 = gxopen.loads(json.dumps(doc)).proactive
    assert isinstance(table2, gxopen.Proactive)
    assert table2.fees.amount == Decimal("12.5")
