"""The 2019 edition end to end: model, converter, schema, rules, validator, across years and editions."""

from __future__ import annotations

import csv
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
from gxopen._cells import get, iter_cells, pointer, replace, table3_rows_spec
from gxopen._cli import run
from gxopen.strategies import Perturbation, perturbations, report_pairs, reports

from . import layouts
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


# ---------------------------------------------------------------- renderers


def test_text_and_markdown_show_the_2019_table_2_as_published(example: gxopen.Report) -> None:
    text = gxopen.render_text(example)
    assert "│ 其他对外管理服务事项 │             74 │        -3 │         1260 │" in text
    assert "│ 行政许可             │            215 │        +6 │         3841 │" in text
    assert "│ 政府集中采购 │          146 │ 31875420.6元 │" in text
    assert "（六）其他处理" in text
    assert "1.申请人无正当理由逾期不补正" not in text
    markdown = gxopen.render_markdown(example)
    assert "| 信息内容 | 上一年项目数量 | 本年增/减 |\n|---|---:|---:|\n| 行政事业性收费 | 9 | -2 |" in markdown
    assert "| 政府集中采购 | 146 | 31875420.6元 |" in markdown
    assert "| \u3000（六）其他处理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |" in markdown


@pytest.mark.parametrize(
    ("unit", "amount", "cell"),
    [("元", "25.1", "251000元"), ("万元", "25.1", "25.1万元"), (None, "25.1", "25.1"), ("元", "0", "0元")],
)
def test_the_procurement_amount_is_shown_in_the_reports_unit(
    example: gxopen.Report, unit: str | None, amount: str, cell: str
) -> None:
    report = replace(example, ("proactive", "procurement"), gxopen.Procurement(
        projects=6, amount=Decimal(amount), reported_unit=unit  # type: ignore[arg-type]
    ))  # fmt: skip
    assert f"| 政府集中采购 | 6 | {cell} |" in gxopen.render_markdown(report)
    assert f'data-pointer="/proactive/procurement/amount" class="num">{cell}</td>' in gxopen.render_html(report)
    (record,) = [r for r in gxopen.records(report) if r.pointer == "/proactive/procurement/amount"]
    assert record.value == Decimal(amount)  # records keep the amount in 万元


def test_html_reproduces_the_2019_template_grid(example: gxopen.Report) -> None:
    import xml.etree.ElementTree as ET  # noqa: PLC0415

    page = gxopen.render_html(example)
    root = ET.fromstring(page.replace("<!DOCTYPE html>", ""))
    table = root.find(".//table[@data-part='proactive']")
    assert table is not None
    widths = {sum(int(c.get("colspan", "1")) for c in row) for row in table}
    assert widths == {5}  # a label column and four value columns, as the official template
    heads = [[c.text for c in row] for row in table if row[0].text == "信息内容"]
    assert heads == [
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["信息内容", "上一年项目数量", "本年增/减"],
        ["信息内容", "采购项目数量", "采购总金额"],
    ]
    cells = {c.get("data-pointer"): c.text or "" for c in root.iter("td")}
    assert len(cells) == 22 + 23 * 7 + 15
    assert cells["/requests/outcomes/other/total"] == "2"
    assert cells["/proactive/coercion/change"] == "0"


def test_tidy_records_of_both_editions_stack_by_official_code(example: gxopen.Report) -> None:
    seed = gxopen.load_example()
    ours, theirs = gxopen.records(example), gxopen.records(seed)
    assert (len(ours), len(theirs)) == (22 + 161 + 15, 10 + 175 + 15)
    shared = {(r.table_number, r.row_code, r.column_code, r.column_key) for r in ours} & {
        (r.table_number, r.row_code, r.column_code, r.column_key) for r in theirs
    }
    # Table 3 (all but （六）, 22 rows) and table 4 share their codes; table 2 has other columns in each edition.
    assert len(shared) == 22 * 7 + 15
    rows = list(csv.DictReader(io.StringIO(gxopen.render_csv(example))))
    assert [r["value"] for r in rows if r["row_key"] == "other_services"] == ["74", "-3", "1260"]
    assert [r["value"] for r in rows if r["row_key"] == "procurement"] == ["146", "3187.54206"]
    assert [r["row_code"] for r in rows if r["row_key"] == "outcomes.other"] == ["3.6"] * 7


# ---------------------------------------------------------------- parsers


def cells_of(report: gxopen.Report) -> dict[str, object]:
    """Every cell of tables 2–4, and the unit of the procurement amount (a unit has no meaning without one)."""
    found: dict[str, object] = {pointer(path): value for path, value in iter_cells(report)}
    procurement = table2(report).procurement
    found["/proactive/procurement/reported_unit"] = (
        procurement.reported_unit if procurement.amount is not None else None
    )
    return found


def parsed(result: gxopen.ParseResult) -> gxopen.Report:
    assert result.report is not None, result.errors
    assert result.errors == (), result.errors
    return result.report


def test_the_example_page_text_parses_to_the_example(example: gxopen.Report) -> None:
    result = gxopen.parse_text(gxopen.example_text(EXAMPLE), source="example.txt")
    assert (result.edition, result.errors, result.warnings) == (E2019, (), ())
    report = parsed(result)
    assert cells_of(report) == cells_of(example)
    assert (report.agency, report.year, report.title) == (example.agency, example.year, example.title)
    assert report.overview == example.overview
    assert result.cells["/proactive/procurement/amount"].raw == "31875420.6元"
    assert result.cells["/proactive/other_services/change"].raw == "-3"
    assert gxopen.validate(report) == []


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_example_parses_back_from_each_rendering_exactly(example: gxopen.Report, fmt: str) -> None:
    rendered = getattr(gxopen, f"render_{fmt}")(example)
    result = gxopen.parse_html(rendered) if fmt == "html" else gxopen.parse_text(rendered)
    assert (result.edition, result.errors, result.warnings) == (E2019, (), ())
    assert result.report == example


@given(reports(edition=E2019))
def test_generated_2019_reports_survive_text_markdown_and_html(report: gxopen.Report) -> None:
    report = attrs.evolve(report, agency="青溪市人民政府", title=None)
    for rendered in (gxopen.render_text(report), gxopen.render_markdown(report)):
        result = gxopen.parse_text(rendered)
        assert result.edition is E2019
        assert cells_of(parsed(result)) == cells_of(report)
        assert (parsed(result).agency, parsed(result).year) == (report.agency, report.year)
    result = gxopen.parse_html(gxopen.render_html(report))
    assert result.edition is E2019
    assert cells_of(parsed(result)) == cells_of(report)


@pytest.mark.parametrize(
    "layout",
    [
        layouts.one_cell_per_line,
        layouts.markdown_rows,
        lambda r: layouts.markdown_rows(r, leading_pipe=False),
        layouts.space_separated,
        lambda r: layouts.space_separated(r, full_width=True),
    ],
    ids=["one-cell-per-line", "markdown", "no-leading-pipe", "pdf-text", "pdf-text-full-width"],
)
def test_published_2019_layouts_parse(layout: Any) -> None:
    @given(reports(edition=E2019, blanks="none"))
    def check(report: gxopen.Report) -> None:
        report = attrs.evolve(report, agency="青溪市人民政府", title=None)
        result = gxopen.parse_text(layout(report))
        assert result.edition is E2019
        assert cells_of(parsed(result)) == cells_of(report)

    check()


def _example_text_with(old: str, new: str) -> str:
    text = gxopen.example_text(EXAMPLE)
    assert old in text
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("header", "cell", "amount", "unit", "warnings"),
    [
        ("采购总金额", "251000元", "25.1", "元", []),
        ("采购总金额", "25.1万元", "25.1", "万元", []),
        ("采购总金额（万元）", "25.1", "25.1", "万元", []),
        ("采购总金额(元)", "251000", "25.1", "元", []),
        ("采购总金额（单位：元）", "251000.00", "25.1", "元", []),
        ("采购总金额", "25.1", "25.1", None, ["unit.assumed"]),
    ],
)
def test_the_procurement_amount_keeps_its_unit(
    header: str, cell: str, amount: str, unit: str | None, warnings: list[str]
) -> None:
    text = _example_text_with("| 采购项目数量 | 采购总金额 |", f"| 采购项目数量 | {header} |")
    text = text.replace("| 146 | 31875420.6元 |", f"| 146 | {cell} |")
    result = gxopen.parse_text(text)
    procurement = table2(parsed(result)).procurement
    assert (procurement.amount, procurement.reported_unit) == (Decimal(amount), unit)
    assert [w.code for w in result.warnings] == warnings
    findings = gxopen.validate(parsed(result))
    assert [f.rule for f in findings] == (["p.procurement_unit"] if unit is None else [])


@pytest.mark.parametrize(
    ("cell", "value"), [("+6", 6), ("＋6", 6), ("－3", -3), ("-3", -3), ("0", 0), ("6", 6), ("+0", 0)]
)
def test_signed_changes_are_read_with_their_sign(cell: str, value: int) -> None:
    result = gxopen.parse_text(
        _example_text_with("| 行政许可 | 215 | +6 | 3841 |", f"| 行政许可 | 215 | {cell} | 3841 |")
    )
    assert table2(parsed(result)).licensing == gxopen.ItemCounts(previous_items=215, change=value, decisions=3841)


def test_a_signed_number_outside_the_change_column_is_still_an_error() -> None:
    result = gxopen.parse_text(_example_text_with("| 行政许可 | 215 | +6 | 3841 |", "| 行政许可 | +215 | +6 | 3841 |"))
    assert [(e.code, e.pointer) for e in result.errors] == [
        ("value.not_a_count", "/proactive/licensing/previous_items")
    ]
    assert result.report is not None
    assert table2(result.report).licensing.previous_items is None


def test_the_edition_comes_from_the_labels_not_the_year(example: gxopen.Report) -> None:
    # A 2021 report still in the 2019 tables is read as the 2019 edition; the validator warns about the year.
    text = gxopen.example_text(EXAMPLE).replace("2020年政府信息公开工作年度报告", "2021年政府信息公开工作年度报告")
    result = gxopen.parse_text(text)
    assert (result.edition, parsed(result).year) == (E2019, 2021)
    assert [f.rule for f in gxopen.validate(parsed(result))] == ["p.edition_year"]
    # A 2020 report whose prose mentions the 2021 edition's labels stays a 2019-edition report.
    prose = (
        "（六）新格式说明。2021年起，年报表二改为统计本年制发件数、本年废止件数、现行有效件数，本报告仍按原格式填报。"
    )
    text = gxopen.example_text(EXAMPLE).replace("二、主动公开政府信息情况", f"{prose * 2}\n二、主动公开政府信息情况")
    result = gxopen.parse_text(text)
    assert (result.edition, result.errors, result.warnings) == (E2019, (), ())
    # A 2020 report in the 2021 tables is read as the 2021 edition.
    seed_text = gxopen.example_text().replace("2024年", "2020年")
    assert gxopen.parse_text(seed_text).edition is E2021


def test_without_edition_labels_the_year_decides_with_a_warning(example: gxopen.Report) -> None:
    text = gxopen.render_markdown(example)
    start, end = text.index("## 二、"), text.index("## 三、")
    text = text[:start] + "## 二、主动公开政府信息情况\n\n见附件。\n\n" + text[end:]
    result = gxopen.parse_text(text)
    assert result.edition is E2019
    assert [w.code for w in result.warnings][:1] == ["edition.inferred"]
    assert "the 2019 edition is assumed for a 2020 report" in result.warnings[0].message
    assert cells_of(parsed_partly(result))["/requests/outcomes/other/total"] == 2


def parsed_partly(result: gxopen.ParseResult) -> gxopen.Report:
    assert result.report is not None
    return result.report


def test_parse_cli_reads_a_2019_page(tmp_path: Path, example: gxopen.Report) -> None:
    page = tmp_path / "page.html"
    page.write_text(gxopen.render_html(example), encoding="utf-8")
    status, out, err = _call("parse", str(page))
    assert (status, err) == (0, "")
    assert gxopen.loads(out) == example
