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


def test_schema_refuses_other_editions() -> None:
    with pytest.raises(ValueError, match="not supported yet"):
        json_schema("2019")
    with pytest.raises(ValueError, match="unknown edition '2020'"):
        json_schema("2020")


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


def test_corpus_holds_valid_and_invalid_documents() -> None:
    verdicts = [gxopen_accepts(doc) for _, doc in CORPUS]
    assert verdicts.count(True) == 21
    assert verdicts.count(False) == 21 * 13


def test_jsonschema_agrees_with_gxopen() -> None:
    validator = Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    for name, doc in CORPUS:
        assert validator.is_valid(doc) == gxopen_accepts(doc), name


def _write_corpus(tmp_path: Path) -> list[Path]:
    paths = []
    for i, (_, doc) in enumerate(CORPUS):
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


def test_check_jsonschema_agrees_with_gxopen(tmp_path: Path) -> None:
    tool = _external("check-jsonschema")
    paths = _write_corpus(tmp_path)
    result = subprocess.run(
        [tool, "--output-format", "json", "--schemafile", str(SCHEMA_FILE), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    rejected = {Path(e["filename"]).name for e in json.loads(result.stdout)["errors"]}
    for (name, doc), path in zip(CORPUS, paths, strict=True):
        assert (path.name not in rejected) == gxopen_accepts(doc), name


def test_ajv_strict_agrees_with_gxopen(tmp_path: Path) -> None:
    node = _external("node")
    if not (NODE_DIR / "node_modules" / "ajv").exists():
        if REQUIRE_EXTERNAL:
            pytest.fail(f"ajv is not installed under {NODE_DIR}")
        pytest.skip(f"ajv is not installed under {NODE_DIR} (npm install --prefix {NODE_DIR})")
    docs = tmp_path / "docs.json"
    docs.write_text(json.dumps([doc for _, doc in CORPUS], ensure_ascii=False), encoding="utf-8")
    script = Path(__file__).with_name("ajv_check.cjs")
    result = subprocess.run(
        [node, str(script), str(NODE_DIR), str(SCHEMA_FILE), str(docs)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    verdicts = json.loads(result.stdout)
    assert len(verdicts) == len(CORPUS)
    for (name, doc), verdict in zip(CORPUS, verdicts, strict=True):
        assert verdict == gxopen_accepts(doc), name


def test_money_with_a_fraction_passes_all_layers() -> None:
    doc = seed_doc_plain()
    doc["proactive"]["fees"]["amount"] = 12.5
    assert Draft202012Validator(json_schema()).is_valid(doc)
    assert gxopen.loads(json.dumps(doc)).proactive.fees.amount == Decimal("12.5")
