"""The 2019 edition end to end: model, converter, schema, rules, validator, across years and editions."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import gxopen
from gxopen import Edition
from gxopen._cells import get, pointer, replace, table3_rows_spec
from gxopen._cli import run
from gxopen.strategies import Perturbation, perturbations, report_pairs, reports

from .test_validate import assert_exactly_not_assessable, assert_fires_exactly

E2019, E2021 = Edition.E2019, Edition.E2021
EXAMPLE = "example-2020-yunling"
ITEM_ROWS = ("licensing", "other_services", "penalty", "coercion", "fees")


@pytest.fixture
def example() -> gxopen.Report:
    return gxopen.load_example(EXAMPLE)


def table2(report: gxopen.Report) -> gxopen.Proactive2019:
    assert isinstance(report.proactive, gxopen.Proactive2019)
    return report.proactive


def summary(findings: list[gxopen.Finding]) -> list[tuple[str, str, str, str]]:
    return [(f.rule, f.severity.value, f.kind.value, f.pointer) for f in findings]


# ---------------------------------------------------------------- model and converter


def test_example_loads_to_its_numbers(example: gxopen.Report) -> None:
    assert (example.edition, example.agency, example.year) == (E2019, "青溪市云岭区人民政府", 2020)
    t2 = table2(example)
    assert t2.normative_documents == gxopen.DocumentCounts2019(made=12, published=12, total_published=87)
    assert t2.other_services == gxopen.ItemCounts(previous_items=74, change=-3, decisions=1260)
    assert t2.fees == gxopen.FeeItems(previous_items=9, change=-2)
    assert t2.procurement == gxopen.Procurement(projects=146, amount=Decimal("3187.54206"), reported_unit="元")
    assert example.requests.outcomes.other == gxopen.ApplicantCounts(
        natural_person=2,
        commercial_enterprise=0,
        research_institution=0,
        public_welfare_organization=0,
        legal_service_institution=0,
        other_organization=0,
        total=2,
    )
    assert example.requests.new.total == 54
    assert len(table3_rows_spec(E2019)) == 23


def test_example_round_trips_through_dict_and_text(example: gxopen.Report) -> None:
    doc = json.loads(gxopen.example_json(EXAMPLE), parse_float=Decimal)
    assert gxopen.dump(example) == doc
    assert gxopen.loads(gxopen.dumps(example)) == example
    assert gxopen.dumps(example) + "\n" == gxopen.example_json(EXAMPLE)


def test_a_report_whose_shapes_do_not_match_its_edition_cannot_be_built(example: gxopen.Report) -> None:
    with pytest.raises(ValueError, match=r"^Report: edition is '2021', but proactive is a Proactive2019, expected"):
        attrs.evolve(example, edition=E2021)
    seed = gxopen.load_example()
    with pytest.raises(ValueError, match=r"expected Proactive$") as info:
        attrs.evolve(seed, proactive=example.proactive)
    assert str(info.value) == "Report: edition is '2021', but proactive is a Proactive2019, expected Proactive"


def test_signed_changes_and_units_in_the_model() -> None:
    assert gxopen.ItemCounts(previous_items=3, change=-3, decisions=None).change == -3
    with pytest.raises(ValueError, match=r"ItemCounts\.previous_items: expected a non-negative integer"):
        gxopen.ItemCounts(previous_items=-1, change=0, decisions=0)
    with pytest.raises(ValueError, match=r"FeeItems.change: expected an integer \(signed\) or None, got 1.5"):
        gxopen.FeeItems(previous_items=1, change=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"Procurement\.reported_unit: expected '元', '万元' or None, got '千元'"):
        gxopen.Procurement(projects=1, amount=Decimal(1), reported_unit="千元")  # type: ignore[arg-type]


def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(gxopen.example_json(EXAMPLE), parse_float=Decimal)
    return doc


@pytest.mark.parametrize(
    ("where", "value", "problem"),
    [
        (("proactive", "licensing", "change"), True, "expected an integer (signed) or null, got true"),
        (("proactive", "licensing", "change"), "+6", 'expected an integer (signed) or null, got string "+6"'),
        (("proactive", "licensing", "previous_items"), -1, "expected a non-negative integer or null, got -1"),
        (("proactive", "procurement", "reported_unit"), "yuan", 'expected "元", "万元" or null, got string "yuan"'),
        (("proactive", "procurement", "amount"), -1, "expected a non-negative number or null, got -1"),
    ],
)
def test_bad_2019_cells_are_named_by_their_pointer(where: tuple[str, ...], value: object, problem: str) -> None:
    doc = _doc()
    node = doc
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    with pytest.raises(gxopen.exceptions.LoadError) as info:
        gxopen.load(doc)
    assert [(p.pointer, p.message) for p in info.value.problems] == [(pointer(where), problem)]


@given(reports(edition=E2019))
def test_generated_2019_reports_round_trip_and_pass_the_schemas(report: gxopen.Report) -> None:
    assert gxopen.load(gxopen.dump(report)) == report
    assert gxopen.loads(gxopen.dumps(report)) == report
    doc = json.loads(gxopen.dumps(report))
    assert _VALIDATOR_2019.is_valid(doc)
    assert _VALIDATOR_ANY.is_valid(doc)
    assert not _VALIDATOR_2021.is_valid(doc)


_VALIDATOR_2019 = Draft202012Validator(gxopen.json_schema("2019"))
_VALIDATOR_2021 = Draft202012Validator(gxopen.json_schema("2021"))
_VALIDATOR_ANY = Draft202012Validator(gxopen.json_schema("any"))


# ---------------------------------------------------------------- rules and the validator


def test_example_validates_clean(example: gxopen.Report) -> None:
    assert gxopen.validate(example) == []


def test_rules_document_of_the_2019_edition() -> None:
    doc = gxopen.rules_document("2019")
    counts = {r["id"]: len(r["checks"]) for r in doc["rules"]}
    assert counts == {"t3.balance": 7, "t3.outcomes": 7, "t3.applicants": 23, "t4.total": 3, "x.carry": 7, "x.items": 5}
    outcomes = doc["rules"][1]["checks"][6]
    assert len(outcomes["operands"]) == 19
    assert outcomes["operands"][-1] == {
        "pointer": "/requests/outcomes/other/total",
        "weight": 1,
        "report": "current",
        "label_zh": "3.6 其他处理",
        "label_en": "Otherwise handled",
    }
    items = doc["rules"][5]["checks"]
    assert [c["scope_key"] for c in items] == list(ITEM_ROWS)
    assert items[4]["operands"][1] == {
        "pointer": "/proactive/fees/change",
        "weight": 1,
        "report": "previous",
        "label_zh": "上年报告本年增/减",
        "label_en": "last year's change",
        "signed": True,
    }
    assert "signed" in doc["description"]
    assert "signed" not in gxopen.rules_document("2021")["description"]


def test_the_single_other_row_counts_in_t3_outcomes(example: gxopen.Report) -> None:
    report = replace(example, ("requests", "outcomes", "other", "natural_person"), 5)
    report = replace(report, ("requests", "outcomes", "other", "total"), 5)
    findings = gxopen.validate(report)
    assert summary(findings) == [
        ("t3.outcomes", "error", "mismatch", "/requests/outcomes/total/natural_person"),
        ("t3.outcomes", "error", "mismatch", "/requests/outcomes/total/total"),
    ]
    assert findings[0].message_en == (
        "t3.outcomes [Natural persons]: sum of 19 rows 49, but outcomes total 46 (off by 3)"
        " at /requests/outcomes/total/natural_person"
    )
    assert findings[0].operands[-1].label_zh == "3.6 其他处理"
    assert (findings[0].expected, findings[0].actual, findings[0].difference) == (49, 46, -3)


def test_plausibility_of_a_2019_report(example: gxopen.Report) -> None:
    report = attrs.evolve(example, year=2022)
    report = replace(report, ("proactive", "procurement", "reported_unit"), None)
    findings = gxopen.validate(report)
    assert summary(findings) == [
        ("p.edition_year", "warning", "plausibility", "/edition"),
        ("p.procurement_unit", "warning", "plausibility", "/proactive/procurement/reported_unit"),
    ]
    assert findings[0].message_en == "p.edition_year: a 2022 report uses the 2019 edition at /edition"
    assert findings[1].message_zh == "p.procurement_unit: 采购总金额 3187.54206 未注明单位，已按万元计"
    street = attrs.evolve(example, agency="青溪市云岭区城关街道办事处")
    street = replace(street, ("proactive", "regulations", "made"), 1)
    (finding,) = gxopen.validate(street)
    assert finding.message_en == (
        "p.regulations_agency: 青溪市云岭区城关街道办事处 cannot make 规章 but reports made 1, published in total 0"
        " at /proactive/regulations"
    )


def _carry_into(current: gxopen.Report, carried: gxopen.ApplicantCounts) -> gxopen.Report:
    """``current`` with 上年结转 set to ``carried``, kept balanced: the difference is granted this year."""
    out = replace(current, ("requests", "carried_over"), carried)
    for col in attrs.fields(gxopen.ApplicantCounts):
        delta = getattr(carried, col.name) - get(current, ("requests", "carried_over", col.name))
        for row in (("granted",), ("total",)):
            path = ("requests", "outcomes", *row, col.name)
            out = replace(out, path, get(current, path) + delta)
    assert isinstance(out, gxopen.Report)
    return out


def _next_year(report: gxopen.Report) -> gxopen.Report:
    """The report's next year, consistent across years: 上一年项目数量 and 上年结转 carried over."""
    t2 = table2(report)
    rows = {}
    for key in ITEM_ROWS:
        row = getattr(t2, key)
        rows[key] = attrs.evolve(row, previous_items=row.previous_items + row.change, change=0)
    current = attrs.evolve(report, year=report.year + 1, proactive=attrs.evolve(t2, **rows))
    return _carry_into(current, report.requests.carried_forward)


def _year_2021(previous: gxopen.Report) -> gxopen.Report:
    """A 2021-edition report for 2021 of ``previous``'s agency, carrying its requests over."""
    seed = attrs.evolve(gxopen.load_example(), agency=previous.agency, year=2021, overview=None)
    return _carry_into(seed, previous.requests.carried_forward)


def test_a_2019_to_2020_pair_checks_x_items_and_x_carry(example: gxopen.Report) -> None:
    previous = attrs.evolve(example, year=2019, title=None)
    current = _next_year(previous)
    assert gxopen.validate(current, previous) == []
    moved = replace(current, ("proactive", "other_services", "previous_items"), 74)
    findings = gxopen.validate(moved, previous)
    assert summary(findings) == [("x.items", "warning", "mismatch", "/proactive/other_services/previous_items")]
    assert findings[0].message_en == (
        "x.items [Other external management services]: last year's items of its previous year 74 + last year's"
        " change -3 = 71, but items of the previous year 74 (off by 3) at /proactive/other_services/previous_items"
    )
    assert [t.pointer for t in findings[0].operands] == [
        "/proactive/other_services/previous_items",
        "/proactive/other_services/change",
    ]
    assert [t.report for t in findings[0].operands] == ["previous", "previous"]


def test_a_blank_signed_change_makes_x_items_not_assessable_never_exceeds(example: gxopen.Report) -> None:
    previous = attrs.evolve(example, year=2019)
    previous = replace(previous, ("proactive", "penalty", "change"), None)
    current = _next_year(attrs.evolve(example, year=2019))
    current = replace(current, ("proactive", "penalty", "previous_items"), 3)  # less than last year's 388
    findings = gxopen.validate(current, previous)
    assert [(f.rule, f.kind.value, f.missing) for f in findings] == [
        ("x.items", "not_assessable", ("previous:/proactive/penalty/change",))
    ]


def test_a_2020_report_in_the_2019_edition_then_a_2021_report(example: gxopen.Report) -> None:
    current = _year_2021(example)
    assert gxopen.validate(current) == []
    # Only x.carry crosses editions; x.items and x.in_force compare cells one edition lacks.
    assert gxopen.validate(current, example) == []
    broken = replace(example, ("requests", "carried_forward", "natural_person"), 4)
    findings = gxopen.validate(current, broken)
    assert [(f.rule, f.scope, f.difference) for f in findings] == [("x.carry", "natural_person", -1)]


# ---------------------------------------------------------------- properties


@given(reports(edition=E2019, blanks="none"))
def test_2019_reports_valid_by_construction_have_no_findings(report: gxopen.Report) -> None:
    assert gxopen.validate(report) == []


@given(reports(edition=E2019, blanks="any"))
def test_blanks_in_a_2019_report_leave_exactly_their_checks_not_assessable(report: gxopen.Report) -> None:
    assert_exactly_not_assessable(gxopen.validate(report), report)


@given(perturbations(edition=E2019))
def test_one_changed_2019_cell_fires_exactly_its_rules(p: Perturbation) -> None:
    assert_fires_exactly(p, gxopen.validate(p.report), cross_year=False)


@given(perturbations(edition=E2019, cross_year=True))
def test_one_changed_2020_cell_fires_exactly_its_rules_across_years(p: Perturbation) -> None:
    assert p.previous is not None
    assert gxopen.validate(p.original, p.previous) == []
    assert_fires_exactly(p, gxopen.validate(p.report, p.previous), cross_year=True)


@pytest.mark.parametrize("editions", [(E2019, E2019), (E2019, E2021)], ids=["2019-2020", "2020-2021"])
def test_blanks_in_pairs_leave_exactly_the_cross_year_checks_that_apply_not_assessable(
    editions: tuple[Edition, Edition],
) -> None:
    @given(report_pairs(editions, blanks="any"))
    def check(pair: tuple[gxopen.Report, gxopen.Report]) -> None:
        previous, current = pair
        assert_exactly_not_assessable(gxopen.validate(current, previous), current, previous)

    check()


@pytest.mark.parametrize("editions", [(E2019, E2019), (E2019, E2021)], ids=["2019-2020", "2020-2021"])
def test_generated_pairs_satisfy_the_rules_that_apply(editions: tuple[Edition, Edition]) -> None:
    @given(report_pairs(editions, blanks="none"))
    def check(pair: tuple[gxopen.Report, gxopen.Report]) -> None:
        previous, current = pair
        assert (previous.edition, current.edition) == editions
        assert current.year == previous.year + 1 == (2020 if editions[1] is E2019 else 2021)
        assert gxopen.validate(current, previous) == []

    check()


@given(report_pairs((E2019, E2019), blanks="none"), st.sampled_from(ITEM_ROWS), st.integers(min_value=1, max_value=30))
def test_changing_last_years_change_fires_x_items_in_that_row(
    pair: tuple[gxopen.Report, gxopen.Report], row: str, delta: int
) -> None:
    previous, current = pair
    path = ("proactive", row, "change")
    findings = gxopen.validate(current, replace(previous, path, get(previous, path) + delta))
    assert [(f.rule, f.scope, f.difference, f.severity.value) for f in findings] == [
        ("x.items", row, -delta, "warning")
    ]


@given(report_pairs((E2019, E2021), blanks="none"), st.sampled_from(["natural_person", "total"]), st.integers(1, 30))
def test_changing_a_carried_count_across_editions_fires_x_carry(
    pair: tuple[gxopen.Report, gxopen.Report], column: str, delta: int
) -> None:
    previous, current = pair
    path = ("requests", "carried_forward", column)
    findings = gxopen.validate(current, replace(previous, path, get(previous, path) + delta))
    assert [(f.rule, f.scope, f.difference) for f in findings] == [("x.carry", column, -delta)]


# ---------------------------------------------------------------- command line


def _call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_cli_validates_pairs_of_every_kind(tmp_path: Path, example: gxopen.Report) -> None:
    y2019 = attrs.evolve(example, year=2019, title=None)
    y2020 = _next_year(y2019)
    y2021 = replace(_year_2021(y2020), ("requests", "carried_over", "natural_person"), 0)
    files = {}
    for report in (y2019, y2020, y2021):
        files[report.year] = tmp_path / f"{report.year}.json"
        files[report.year].write_text(gxopen.dumps(report), encoding="utf-8")
    status, out, _ = _call("validate", str(files[2020]), "--previous", str(files[2019]))
    assert (status, out.splitlines()[0]) == (0, f"{files[2020]}: OK — 0 error(s), 0 warning(s), 0 note(s)")
    status, out, _ = _call("validate", str(files[2021]), "--previous", str(files[2020]), "--format", "json")
    record = json.loads(out)
    assert status == 1  # 上年结转 of 自然人 set to 0 (its total kept) breaks its row, its column, and x.carry
    assert [(f["rule"], f["scope"]) for f in record["findings"]] == [
        ("t3.applicants", "carried_over"),
        ("t3.balance", "natural_person"),
        ("x.carry", "natural_person"),
    ]
    status, out, _ = _call("rules", "--edition", "2019")
    assert (status, json.loads(out)) == (0, gxopen.rules_document("2019"))
    status, out, _ = _call("example", EXAMPLE)
    assert gxopen.loads(out) == example
