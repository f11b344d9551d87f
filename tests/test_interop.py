"""gxopen.interop: other tools' JSON through mappings kept as data."""

from __future__ import annotations

import copy
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gxopen
from gxopen import interop
from gxopen._cells import iter_cells, pointer, replace
from gxopen._cli import run
from gxopen.exceptions import LoadError, MappingError, Problem
from gxopen.strategies import reports

DATA = Path(__file__).parent / "data"
AGENCY = "青禾县人民政府柳溪街道办事处"
NARRATIVE = ("overview", "problems", "other_matters")
META_DROPPED = {"title": None, "published": None, "source": None}


def t2(report: gxopen.Report) -> gxopen.Proactive:
    """Table 2 of a 2021-edition report."""
    assert isinstance(report.proactive, gxopen.Proactive)
    return report.proactive


def their_doc(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"), parse_float=Decimal)
    return doc


@st.composite
def reports_with_blanks(draw: st.DrawFn) -> gxopen.Report:
    """Generated reports with some cells blanked (None), as published reports have."""
    report = draw(reports())
    cells = [path for path, _ in iter_cells(report)]
    for path in draw(st.lists(st.sampled_from(cells), max_size=6, unique=True)):
        report = replace(report, path, None)
    return report


def expected_back(report: gxopen.Report, mapping: str) -> gxopen.Report:
    """What survives a trip through ``mapping``: its shape has no title, publication date or URL."""
    lost: dict[str, Any] = dict(META_DROPPED)
    if mapping == "kirogovcompare-v2":
        lost.update(dict.fromkeys(NARRATIVE))
    return attrs.evolve(report, **lost)


def blank_pointers(report: gxopen.Report) -> tuple[str, ...]:
    cells = {pointer(path) for path, value in iter_cells(report) if value is None}
    cells |= {f"/{k}" for k in NARRATIVE if getattr(report, k) is None}
    order = [e.field.pointer for e in interop.get_mapping("kirogovcompare").entries]
    return tuple(p for p in order if p in cells)


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("mapping", interop.MAPPINGS)
@given(report=reports_with_blanks())
def test_generated_reports_round_trip_through_their_json(mapping: str, report: gxopen.Report) -> None:
    theirs = interop.dump(report, mapping)
    text = interop.dumps_json(theirs)
    result = interop.load(text, mapping, agency=report.agency, year=report.year)
    back = expected_back(report, mapping)
    assert result.report == back
    assert gxopen.dumps(result.report) == gxopen.dumps(back)  # money written with the same digits
    assert result.unused == ()
    assert result.missing == blank_pointers(back)
    assert result.warnings == ()
    assert interop.dump(result.report, mapping) == theirs


def test_their_json_holds_the_year_but_not_the_agency() -> None:
    report = gxopen.load_example()
    theirs = interop.dump(report, "kirogovcompare")
    assert theirs["year"] == 2024
    assert interop.load(theirs, agency=report.agency).report.year == 2024
    with pytest.raises(LoadError) as info:
        interop.load(theirs)
    assert info.value.problems == (
        Problem("", "KIROGOVCOMPARE report JSON holds no agency: pass agency=… (on the command line --agency)"),
    )
    del theirs["year"]
    with pytest.raises(LoadError, match=r"holds no agency and year: pass agency=…, year=…"):
        interop.load(theirs)


def test_dump_writes_their_shape() -> None:
    report = gxopen.load_example()
    theirs = interop.dump(report, "kirogovcompare")
    titles = [(s["type"], s["title"]) for s in theirs["sections"]]
    assert titles == [
        ("text", "一、总体情况"),
        ("table_2", "二、主动公开政府信息情况"),
        ("table_3", "三、收到和处理政府信息公开申请情况"),
        ("table_4", "四、政府信息公开行政复议、行政诉讼情况"),
        ("text", "五、存在的主要问题及改进情况"),
        ("text", "六、其他需要报告的事项"),
    ]
    table3 = theirs["sections"][2]["tableData"]
    assert table3["naturalPerson"]["newReceived"] == report.requests.new.natural_person
    assert table3["legalPerson"]["commercial"]["results"]["denied"]["adminQuery"] == 0
    assert table3["total"]["results"]["carriedForward"] == report.requests.carried_forward.total
    assert theirs["sections"][1]["activeDisclosureData"]["licensing"] == {"processed": 264}
    v2 = interop.dump(report, "kirogovcompare-v2")
    assert v2["schema_version"] == "annual_report_table_schema_v2"
    assert v2["tables"]["sec3_requests"]["cells"]["new_received__total"] == {"value": 4}
    assert v2["tables"]["sec4_review_litigation"]["cells"]["counts__lawsuit_after_total"] == {"value": 0}
    assert sorted(v2["tables"]) == ["sec2_art20_1", "sec2_art20_5", "sec2_art20_6", "sec2_art20_8", "sec3_requests",
                                    "sec4_review_litigation"]  # fmt: skip


# ---------------------------------------------------------------- a document in their shape


def test_a_document_in_their_shape_validates_with_the_findings_expected() -> None:
    result = interop.load(their_doc("kirogovcompare-2023.json"), agency=AGENCY, year=2023)
    previous = interop.load(their_doc("kirogovcompare-2022.json"), agency=AGENCY, year=2022)
    report = result.report
    # Blank tokens are "not reported", never 0; the digit string "3" is read as 3.
    assert t2(report).penalty.decisions is None  # "/"
    assert t2(report).coercion.decisions is None  # ""
    assert t2(report).normative_documents.issued == 3
    assert t2(report).fees.amount == Decimal(26500)
    assert report.problems == "公开栏目更新不够及时。下一步将按月检查。"  # title 五、存在的主要问题和改进情况
    assert result.missing == (
        "/proactive/penalty/decisions",
        "/proactive/coercion/decisions",
        "/requests/outcomes/denied/administrative_inquiry/public_welfare_organization",
    )
    assert result.unused == ("/sections/6", "/visual_audit", "/raw_text")
    assert previous.unused == ()
    found = [(f.rule, f.severity.value, f.pointer) for f in gxopen.validate(report, previous.report)]
    assert sorted(found) == sorted(
        [
            # table 2 rules their tool lacks
            ("p.regulations_agency", "warning", "/proactive/regulations"),
            ("x.in_force", "warning", "/proactive/normative_documents/in_force"),
            ("p.fee_unit", "warning", "/proactive/fees/amount"),
            # the outcome rows of 商业企业 add up to 2, its total says 3; so the total column is off too
            ("t3.outcomes", "error", "/requests/outcomes/total/commercial_enterprise"),
            ("t3.outcomes", "error", "/requests/outcomes/total/total"),
            # the "/" in 社会公益组织 × 属于行政查询事项 leaves two identities unassessable
            ("t3.applicants", "info", "/requests/outcomes/denied/administrative_inquiry/total"),
            ("t3.outcomes", "info", "/requests/outcomes/total/public_welfare_organization"),
            ("t4.total", "error", "/review_litigation/litigation_after_review/total"),
        ]
    )
    in_force = next(f for f in gxopen.validate(report, previous.report) if f.rule == "x.in_force")
    assert (in_force.expected, in_force.actual) == (16, 17)
    assert gxopen.validate(previous.report) == [
        f for f in gxopen.validate(previous.report) if f.rule == "p.regulations_agency"
    ]


def test_a_2020_report_in_their_2021_shape_is_warned_about() -> None:
    result = interop.load(their_doc("kirogovcompare-2022.json"), agency=AGENCY, year=2020)
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("2020 reports follow the 2019 edition, but KIROGOVCOMPARE report JSON")


def test_year_given_and_held_disagree() -> None:
    theirs = interop.dump(gxopen.load_example(), "kirogovcompare")
    result = interop.load(theirs, agency="某机关", year=2023)
    assert result.report.year == 2023
    assert result.warnings == ("year 2023 given overrides 2024 at /year",)


def test_digit_strings_and_integral_numbers_are_counts() -> None:
    doc = their_doc("kirogovcompare-2022.json")
    doc["sections"][1]["activeDisclosureData"]["licensing"]["processed"] = " ４１ "
    doc["sections"][1]["activeDisclosureData"]["punishment"]["processed"] = Decimal("7.0")
    doc["sections"][1]["activeDisclosureData"]["coercion"]["processed"] = 2.0
    doc["sections"][1]["activeDisclosureData"]["fees"]["amount"] = 0.35
    report = interop.load(doc, agency=AGENCY, year=2022).report
    assert (t2(report).licensing.decisions, t2(report).penalty.decisions) == (41, 7)
    assert t2(report).coercion.decisions == 2
    assert t2(report).fees.amount == Decimal("0.35")


@pytest.mark.parametrize("token", ["", "/", "-", "—", "－", "空", "无", "不适用", " / ", None])
def test_blank_tokens_are_not_reported_never_zero(token: str | None) -> None:
    doc = their_doc("kirogovcompare-2022.json")
    doc["sections"][3]["reviewLitigationData"]["review"]["maintain"] = token
    result = interop.load(doc, agency=AGENCY, year=2022)
    assert result.report.review_litigation.review.upheld is None
    assert result.missing == (
        "/proactive/penalty/decisions",  # "/" in the file
        "/proactive/coercion/decisions",  # ""
        "/review_litigation/review/upheld",
    )


def test_absent_sections_leave_their_values_null() -> None:
    doc = their_doc("kirogovcompare-2022.json")
    del doc["sections"][3]  # no table_4
    doc["sections"][1]["activeDisclosureData"] = None
    result = interop.load(doc, agency=AGENCY, year=2022)
    assert result.report.review_litigation.review == gxopen.ReviewCounts(
        upheld=None, corrected=None, other=None, pending=None, total=None
    )
    assert len(result.missing) == 10 + 15
    assert result.missing[0] == "/proactive/regulations/issued"
    assert result.missing[-1] == "/review_litigation/litigation_after_review/total"


# ---------------------------------------------------------------- wrong shapes


def problems_of(doc: object) -> tuple[Problem, ...]:
    with pytest.raises(LoadError) as info:
        interop.load(doc, agency=AGENCY, year=2022, source="x.json")
    assert "in x.json" in str(info.value)
    return info.value.problems


def test_wrong_shapes_get_errors_with_paths() -> None:
    doc = their_doc("kirogovcompare-2022.json")
    sections = doc["sections"]
    sections[1]["activeDisclosureData"]["licensing"]["processed"] = "约40"
    sections[1]["activeDisclosureData"]["fees"]["amount"] = -1
    sections[2]["tableData"]["legalPerson"] = [1, 2]
    sections[3]["reviewLitigationData"]["review"]["total"] = True
    sections[0]["content"] = 5
    blanks = '"", "-", "/", "—", "不适用", "无", "空", "－"'
    assert problems_of(doc) == (
        Problem("/sections/0/content", "expected a string or null, got number 5"),
        Problem(
            "/sections/1/activeDisclosureData/licensing/processed",
            f'expected a count (a whole number ≥ 0) or a digit string, null or a blank ({blanks}), got string "约40"',
        ),
        Problem(
            "/sections/1/activeDisclosureData/fees/amount",
            f"expected an amount ≥ 0 in 万元 or a number string, null or a blank ({blanks}), got number -1",
        ),
        Problem("/sections/2/tableData/legalPerson", "expected an object (to find 'commercial'), got an array"),
        Problem(
            "/sections/3/reviewLitigationData/review/total",
            f"expected a count (a whole number ≥ 0) or a digit string, null or a blank ({blanks}), got true",
        ),
    )


def test_two_sections_of_one_type_are_ambiguous() -> None:
    doc = their_doc("kirogovcompare-2022.json")
    doc["sections"].append(copy.deepcopy(doc["sections"][3]))
    found = problems_of(doc)
    assert set(found) == {
        Problem(
            "/sections",
            "2 elements match sections[type=table_4] (/sections/3, /sections/6); expected one",
        )
    }


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ([], Problem("", "expected an object (KIROGOVCOMPARE report JSON), got an array")),
        ({"sections": {"type": "table_2"}},
         Problem("/sections", "expected an array (to select sections[type=text][title=一、总体情况]), got an object")),
        ("{not json", Problem("", "not JSON: Expecting property name enclosed in double quotes at line 1 column 2")),
    ],
)  # fmt: skip
def test_documents_that_are_not_their_shape(doc: object, expected: Problem) -> None:
    assert problems_of(doc)[0] == expected


def test_unused_keys_are_listed_whole_or_in_part() -> None:
    doc = their_doc("kirogovcompare-2022.json")
    doc["sections"][2]["tableData"]["naturalPerson"]["results"]["withdrawn"] = 2
    doc["sections"][2]["tableData"]["media"] = {"newReceived": 1, "results": {"granted": 1}}
    doc["sections"][2]["note"] = None  # null carries nothing
    doc["issues"] = []  # neither does an empty array
    doc["basic_info"] = {"region": "青禾县", "tags": ["街道"]}
    result = interop.load(doc, agency=AGENCY, year=2022)
    assert result.unused == (
        "/sections/2/tableData/naturalPerson/results/withdrawn",
        "/sections/2/tableData/media",
        "/basic_info",
    )


# ---------------------------------------------------------------- mappings


def minimal_mapping() -> dict[str, Any]:
    """A user's mapping of a flat shape: every cell under its gxopen pointer joined by dots."""
    fields: dict[str, str | None] = {}
    for entry in interop.get_mapping("kirogovcompare").entries:
        fields[entry.field.pointer] = "cells." + entry.field.pointer[1:].replace("/", ".")
    fields["/problems"] = None
    return {
        "format": "gxopen-mapping/1",
        "name": "flat",
        "title": "A flat shape",
        "edition": "2021",
        "blanks": ["/"],
        "fields": fields,
        "units": {"/proactive/fees/amount": "元"},
        "metadata": {"/agency": "who", "/year": "when"},
        "constants": {"kind": "flat-report"},
        "ignore": ["debug", "cells.*.comment"],
    }


def test_a_users_mapping_file_works_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "flat.json"
    path.write_text(json.dumps(minimal_mapping()), encoding="utf-8")
    report = gxopen.load_example()
    theirs = interop.dump(report, path)
    assert theirs["who"] == report.agency
    assert theirs["when"] == 2024
    assert theirs["kind"] == "flat-report"
    assert "problems" not in theirs["cells"]
    assert theirs["cells"]["proactive"]["licensing"]["decisions"] == 264
    theirs["cells"]["proactive"]["fees"]["amount"] = Decimal(2500)  # 元
    theirs["debug"] = {"pages": 3}
    result = interop.load(theirs, path)
    assert result.mapping == "flat"
    assert t2(result.report).fees.amount == Decimal("0.25")  # 万元
    assert result.report == attrs.evolve(report, problems=None, title=None, proactive=result.report.proactive)
    assert result.missing == ("/problems",)
    assert result.unused == ()


def mapping_problems(doc: object) -> tuple[Problem, ...]:
    with pytest.raises(MappingError) as info:
        interop.load_mapping(doc, source="mine.json")
    assert "in mine.json" in str(info.value)
    return info.value.problems


def test_bad_mappings_get_errors_with_paths() -> None:
    doc = minimal_mapping()
    doc["format"] = "gxopen-mapping/9"
    doc["extra"] = 1
    doc["fields"]["/requests/new/everyone"] = "x.y"
    doc["fields"]["/overview"] = "sections[type=text"
    del doc["fields"]["/requests/carried_forward/total"]
    doc["fields"]["/proactive/penalty/decisions"] = doc["fields"]["/proactive/licensing/decisions"]
    doc["units"]["/proactive/penalty/decisions"] = "元"
    doc["units"]["/proactive/fees/amount"] = "千元"
    doc["ignore"].append(3)
    doc["constants"]["cells.requests"] = "x"
    assert mapping_problems(doc) == (
        Problem("/extra", "unknown key (expected one of blanks, constants, description, edition, fields, format, "
                "grids, ignore, metadata, name, numeric_strings, title, units, url)"),
        Problem("/format", "expected 'gxopen-mapping/1', got \"gxopen-mapping/9\""),
        Problem("/fields/~1overview", "bad path 'sections[type=text': bad segment 'sections[type=text' "
                "(expected key, key[field=value] or key[*])"),
        Problem("/fields/~1requests~1new~1everyone", "/requests/new/everyone is not a cell or narrative part of a "
                "report"),
        Problem("/fields", "no place given for /requests/carried_forward/total (map it, or set it to null when the "
                "other shape has none)"),
        Problem("/units/~1proactive~1fees~1amount", "expected one of 万元, 元, got \"千元\""),
        Problem("/units/~1proactive~1penalty~1decisions", "/proactive/penalty/decisions is not a money cell"),
        Problem("/ignore/2", "expected a path (a string), got a number"),
        Problem("/fields/~1proactive~1penalty~1decisions", "path cells.proactive.licensing.decisions is also used at "
                "/fields/~1proactive~1licensing~1decisions"),
        Problem("/constants/cells.requests", "path cells.requests holds a value but "
                "/fields/~1requests~1new~1natural_person writes inside it"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"edition": "2020"}, Problem("/edition", 'expected "2021" or "2019", got "2020"')),
        ({"name": "Flat Shape"}, Problem("/name", "expected a short name of lower-case letters, digits, - and _")),
        ({"grids": [{"path": "t.{row}", "rows": {}, "columns": {}}]},
         Problem("/grids/0/path", "expected a path containing {row} and {column}")),
        ({"grids": [{"path": "t.{row}.{column}", "rows": {"/requests/new": "n"}, "columns": {"total": "t"}}]},
         Problem("/grids/0/rows/~1requests~1new", "/requests/new/total is placed twice (also at "
                 "/fields/~1requests~1new~1total)")),
        ({"metadata": {"/edition": "e"}},
         Problem("/metadata/~1edition", "expected one of /agency, /year, /title, /published, /source")),
        ({"blanks": "/"}, Problem("/blanks", "expected an array of strings")),
        ({"fields": []}, Problem("/fields", "expected an object, got an array")),
    ],
)  # fmt: skip
def test_more_bad_mappings(change: dict[str, Any], expected: Problem) -> None:
    doc = minimal_mapping()
    doc.update(change)
    assert mapping_problems(doc)[0] == expected


def test_a_path_ending_in_a_selector_and_a_wildcard_outside_ignore_are_refused() -> None:
    doc = minimal_mapping()
    doc["fields"]["/overview"] = "sections[type=text]"
    doc["fields"]["/other_matters"] = "parts.*.text"
    assert mapping_problems(doc) == (
        Problem("/fields/~1overview", "bad path 'sections[type=text]': it must end in a key, not a selector"),
        Problem("/fields/~1other_matters", "bad path 'parts.*.text': wildcards (* and [*]) are only allowed in "
                "ignore paths"),
    )  # fmt: skip


def test_unknown_mapping_names_and_unreadable_files() -> None:
    with pytest.raises(MappingError, match=r"no built-in mapping named 'kiro' \(built-in: kirogovcompare, "):
        interop.load({}, "kiro")
    with pytest.raises(MappingError, match=r"not a valid mapping in /nonexistent\.json: /: cannot read"):
        interop.load({}, Path("/nonexistent.json"))
    with pytest.raises(MappingError, match=r"not JSON"):
        interop.load_mapping("{")


def test_a_2019_mapping_is_checked_against_the_2019_fields() -> None:
    mapping = minimal_mapping()
    mapping["edition"] = "2019"
    found = mapping_problems(mapping)
    assert (
        Problem(
            "/fields/~1requests~1outcomes~1other~1no_correction~1total",
            "/requests/outcomes/other/no_correction/total is not a cell or narrative part of a report of the 2019 "
            "edition",
        )
        in found
    )
    assert (
        Problem(
            "/fields",
            "no place given for /proactive/procurement/amount (map it, or set it to null when the other shape has "
            "none)",
        )
        in found
    )


def test_dump_refuses_a_report_of_another_edition() -> None:
    mapping = minimal_mapping()
    mapping["edition"] = "2019"
    mapping["fields"] = {f.pointer: "v." + f.pointer[1:].replace("/", ".") for f in interop.known_fields("2019")}
    del mapping["units"]
    with pytest.raises(gxopen.GxopenError) as info:
        interop.dump(gxopen.load_example(), interop.load_mapping(mapping))
    assert str(info.value) == "mapping flat holds 2019-edition reports; this report follows the 2021 edition"


def test_builtin_mappings_follow_the_committed_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    root = Path(__file__).parent.parent
    schema = json.loads((root / "schemas" / "mapping.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for name in interop.MAPPINGS:
        validator.validate(json.loads((root / "schemas" / "mappings" / f"{name}.json").read_text(encoding="utf-8")))
    validator.validate(minimal_mapping())
    bad = minimal_mapping()
    bad["units"]["/proactive/fees/amount"] = "千元"
    bad["format"] = "other"
    assert len(list(validator.iter_errors(bad))) == 2


def test_mapping_entries_cover_every_value_in_document_order() -> None:
    m = interop.get_mapping("kirogovcompare")
    report = gxopen.load_example()
    cells = [pointer(path) for path, _ in iter_cells(report)]
    assert [e.field.pointer for e in m.entries] == ["/overview", *cells, "/problems", "/other_matters"]
    assert len({str(e.path) for e in m.entries}) == len(m.entries) == 203
    assert repr(m) == "<Mapping 'kirogovcompare' (2021 edition, 203 entries)>"


# ---------------------------------------------------------------- command line


def call(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out, err, io.BytesIO(stdin))
    return status, out.getvalue(), err.getvalue()


def test_cli_validates_their_json() -> None:
    current, previous = str(DATA / "kirogovcompare-2023.json"), str(DATA / "kirogovcompare-2022.json")
    status, out, err = call(
        "validate", "--from", "kirogovcompare", current, "--previous", previous, "--agency", AGENCY, "--year", "2023"
    )
    assert (status, err) == (1, "")
    assert out.startswith(f"{current}: FAILED — 3 error(s), 3 warning(s), 2 note(s)\n")
    assert "    [warning] x.in_force at /proactive/normative_documents/in_force\n" in out
    assert out.endswith(
        "  read through mapping kirogovcompare: 3 value(s) not in the source (/proactive/penalty/decisions, "
        "/proactive/coercion/decisions, /requests/outcomes/denied/administrative_inquiry/public_welfare_organization)\n"
        "    unused source keys: /sections/6, /visual_audit, /raw_text\n"
    )
    status, out, _ = call("validate", "--from", "kirogovcompare", current, "--agency", AGENCY, "--year", "2023",
                          "--format", "json")  # fmt: skip
    record = json.loads(out)
    assert (status, record["errors"], record["warnings"]) == (1, 3, 2)
    assert record["import"]["unused"] == ["/sections/6", "/visual_audit", "/raw_text"]
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA.parent.parent / "schemas" / "validate-output.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(record)
    assert len(record["import"]["missing"]) == 3


def test_cli_says_what_is_missing_and_refuses_agency_without_from() -> None:
    current = str(DATA / "kirogovcompare-2023.json")
    status, out, err = call("validate", "--from", "kirogovcompare", current)
    assert (status, out) == (2, "")
    assert err == (
        f"not a valid report in {current}: /: KIROGOVCOMPARE report JSON holds no agency and year: "
        "pass agency=…, year=… (on the command line --agency, --year)\n"
    )
    status, _, err = call("validate", current, "--agency", AGENCY)
    assert (status, err) == (2, "gxopen validate: error: --agency and --year go with --from\n")


def test_cli_converts_both_ways(tmp_path: Path) -> None:
    status, theirs, err = call("convert", "-", "--from", "gxopen", "--to", "kirogovcompare",
                               stdin=gxopen.example_json().encode())  # fmt: skip
    assert (status, err) == (0, "<stdin>: not written (the target has no place for them): /agency, /title\n")
    assert json.loads(theirs)["sections"][2]["type"] == "table_3"
    path = tmp_path / "theirs.json"
    path.write_text(theirs, encoding="utf-8")
    status, back, err = call("convert", str(path), "--from", "kirogovcompare", "--agency", "某机关")
    assert (status, err) == (0, "")
    report = gxopen.loads(back)
    assert report == attrs.evolve(gxopen.load_example(), agency="某机关", title=None)
    status, v2, err = call("convert", str(path), "--from", "kirogovcompare", "--to", "kirogovcompare-v2",
                           "--agency", "某机关", "--year", "2020")  # fmt: skip
    assert status == 0
    assert json.loads(v2)["tables"]["sec3_requests"]["cells"]["new_received__total"] == {"value": 4}
    assert err.splitlines() == [
        f"{path}: warning: year 2020 given overrides 2024 at /year",
        f"{path}: warning: 2020 reports follow the 2019 edition, but KIROGOVCOMPARE report JSON holds only "
        "2021-edition fields: its extraction mapped the 2019 tables into them lossily (table 2's 2019 columns and "
        "（六）其他处理 as one row have no 2021 place), so compare with the published report",
        f"{path}: not written (the target has no place for them): /agency, /year, /overview, /problems, /other_matters",
    ]


def test_cli_convert_with_a_mapping_file_and_bad_inputs(tmp_path: Path) -> None:
    mapping = tmp_path / "flat.json"
    mapping.write_text(json.dumps(minimal_mapping()), encoding="utf-8")
    status, flat, err = call("convert", "-", "--from", "gxopen", "--to", str(mapping),
                             stdin=gxopen.example_json().encode())  # fmt: skip
    assert (status, err) == (0, "<stdin>: not written (the target has no place for them): /title, /problems\n")
    assert json.loads(flat)["who"] == gxopen.load_example().agency
    status, out, err = call("convert", "-", "--from", str(mapping), stdin=flat.encode())
    assert (status, err) == (0, "-: 1 value(s) not in the source, left null\n".replace("-:", "<stdin>:"))
    bad = minimal_mapping()
    bad["edition"] = "1999"
    mapping.write_text(json.dumps(bad), encoding="utf-8")
    status, out, err = call("convert", "-", "--from", str(mapping), stdin=flat.encode())
    assert (status, out) == (2, "")
    assert err == f'not a valid mapping in {mapping}: /edition: expected "2021" or "2019", got "1999"\n'
    status, _, err = call("convert", "-", "--from", "nope", stdin=flat.encode())
    assert (status, err) == (2, "gxopen: error: 'nope' is neither a mapping name (kirogovcompare, kirogovcompare-v2, "
                                "gxopen) nor a file\n")  # fmt: skip
    status, _, err = call("convert", str(tmp_path / "absent.json"), "--from", "kirogovcompare")
    assert (status, err) == (2, f"{tmp_path / 'absent.json'}: cannot read: No such file or directory\n")
    status, _, err = call("validate", "--from", "kirogovcompare", "-", "--agency", "x", "--year", "2023",
                          stdin=b'{"sections": 3}')  # fmt: skip
    assert status == 2
    assert err == (
        "not a valid report in <stdin>: /sections: expected an array (to select "
        "sections[type=text][title=一、总体情况]), got a number\n"
    )


def test_values_beyond_gxopens_bounds_are_refused_at_their_place_in_the_source(tmp_path: Path) -> None:
    doc = their_doc("kirogovcompare-2022.json")
    doc["sections"][1]["activeDisclosureData"]["licensing"]["processed"] = 10**15
    doc["sections"][1]["activeDisclosureData"]["fees"]["amount"] = Decimal("0.1234567")
    found = problems_of(doc)
    assert [p.pointer for p in found] == [
        "/sections/1/activeDisclosureData/licensing/processed",
        "/sections/1/activeDisclosureData/fees/amount",
    ]
    assert found[1].message == "expected at most 6 digits after the decimal point (in 万元), got number 0.1234567 万元"


def test_yuan_amounts_convert_exactly_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "flat.json"
    path.write_text(json.dumps(minimal_mapping()), encoding="utf-8")
    report = attrs.evolve(
        gxopen.load_example(),
        proactive=attrs.evolve(t2(gxopen.load_example()), fees=gxopen.FeeAmount(amount=Decimal("0.123456"))),
    )
    theirs = interop.dump(report, path)
    assert interop.dumps_json(theirs["cells"]["proactive"]["fees"]) == '{\n  "amount": 1234.56\n}'
    theirs["cells"]["proactive"]["fees"]["amount"] = Decimal("1234.5600")
    assert t2(interop.load(theirs, path).report).fees.amount == Decimal("0.123456")


def test_not_written_lists_what_the_target_has_no_place_for(tmp_path: Path) -> None:
    report = attrs.evolve(gxopen.load_example(), source="https://example.org/r", problems=None)
    assert interop.not_written(report, "kirogovcompare") == ("/agency", "/title", "/source")
    assert interop.not_written(report, "kirogovcompare-v2") == (
        "/agency", "/year", "/title", "/source", "/overview", "/other_matters",
    )  # fmt: skip
    path = tmp_path / "r.json"
    path.write_text(gxopen.dumps(report), encoding="utf-8")
    status, _, err = call("convert", str(path), "--from", "gxopen", "--to", "kirogovcompare-v2")
    assert (status, err) == (
        0,
        f"{path}: not written (the target has no place for them): /agency, /year, /title, /source, /overview, "
        "/other_matters\n",
    )


@pytest.mark.parametrize(
    ("token", "expected"),
    [("+14", 14), ("-3", -3), ("＋14", 14), ("−3", -3), (" 0 ", 0), (-2, -2), (Decimal("-2.0"), -2), ("/", None)],
)
def test_signed_changes_are_read_with_their_sign(token: object, expected: int | None) -> None:
    from gxopen._interop._engine import _count  # noqa: PLC0415 - the 2019 edition's 本年增/减 reader

    mapping = interop.load_mapping({**minimal_mapping(), "numeric_strings": True})
    assert _count(mapping, token, signed=True) == expected


@pytest.mark.parametrize("token", ["+", "1.5", "+-1", True])
def test_signed_changes_refuse_what_is_not_a_whole_number(token: object) -> None:
    from gxopen._interop._engine import _count, _RejectedError  # noqa: PLC0415

    mapping = interop.load_mapping({**minimal_mapping(), "numeric_strings": True})
    with pytest.raises(_RejectedError, match=r"^expected a whole number \(signed\) or a digit string"):
        _count(mapping, token, signed=True)


# ---------------------------------------------------------------- the 2019 edition


def flat_mapping(edition: str) -> dict[str, Any]:
    """A mapping of a flat shape holding every value of ``edition`` under its gxopen pointer."""
    return {
        "format": "gxopen-mapping/1",
        "name": f"flat-{edition}",
        "title": f"A flat shape, {edition} edition",
        "edition": edition,
        "blanks": ["/"],
        "numeric_strings": True,
        "fields": {f.pointer: "v." + f.pointer[1:].replace("/", ".") for f in interop.known_fields(edition)},
        "metadata": {p: p[1:] for p in ("/agency", "/year", "/title", "/published", "/source")},
    }


@given(report=reports(edition=gxopen.Edition.E2019))
def test_2019_reports_round_trip_through_a_2019_mapping(report: gxopen.Report) -> None:
    mapping = interop.load_mapping(flat_mapping("2019"))
    theirs = interop.dump(report, mapping)
    result = interop.load(interop.dumps_json(theirs), mapping)
    assert result.report == report
    assert (result.unused, result.warnings) == ((), ())
    assert interop.not_written(report, mapping) == ()


def test_2019_signed_changes_and_the_procurement_unit() -> None:
    mapping = interop.load_mapping(flat_mapping("2019"))
    report = gxopen.load_example("example-2020-yunling")
    theirs = interop.dump(report, mapping)
    table2 = theirs["v"]["proactive"]
    table2["licensing"]["change"] = "＋14"
    table2["penalty"]["change"] = "-3"
    table2["coercion"]["change"] = Decimal(-2)
    table2["procurement"]["reported_unit"] = "/"
    back = interop.load(theirs, mapping)
    proactive = back.report.proactive
    assert isinstance(proactive, gxopen.Proactive2019)
    assert (proactive.licensing.change, proactive.penalty.change, proactive.coercion.change) == (14, -3, -2)
    assert proactive.procurement.reported_unit is None
    assert back.missing == ("/proactive/procurement/reported_unit",)
    table2["other_services"]["change"] = "+"
    table2["procurement"]["reported_unit"] = "千元"
    with pytest.raises(LoadError) as info:
        interop.load(theirs, mapping)
    assert [str(p) for p in info.value.problems] == [
        "/v/proactive/other_services/change: expected a whole number (signed) or a digit string, null or a blank "
        '("/"), got string "+"',
        '/v/proactive/procurement/reported_unit: expected one of 万元, 元 or null, got string "千元"',
    ]


def test_a_2019_report_cannot_be_written_in_kirogovcompares_2021_shape() -> None:
    report = gxopen.load_example("example-2020-yunling")
    with pytest.raises(gxopen.GxopenError, match=r"^mapping kirogovcompare-v2 holds 2021-edition reports"):
        interop.dump(report, "kirogovcompare-v2")
