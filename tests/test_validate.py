"""The validator: identities, missing values, plausibility, and findings as data."""

from __future__ import annotations

import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gxopen
from gxopen._cells import get, pointer, replace
from gxopen.exceptions import InvalidReportError, ReportPairError
from gxopen.strategies import Perturbation, perturbations, report_pairs, reports

from . import oracle

COLUMNS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_welfare_organization",
    "legal_service_institution",
    "other_organization",
)


def summary(findings: list[gxopen.Finding]) -> list[tuple[str, str, str, str]]:
    return [(f.rule, f.severity.value, f.kind.value, f.pointer) for f in findings]


def test_seed_validates_clean(seed: gxopen.Report) -> None:
    assert gxopen.validate(seed) == []
    assert gxopen.is_valid(seed)
    assert gxopen.check(seed) == []


def test_published_case_60_plus_0_against_61_plus_0(seed: gxopen.Report) -> None:
    # FORMAT.md section 8: a column with 新收 60 + 结转 0 but 总计 61 + 结转下年 0.
    report = attrs.evolve(seed, overview=None)  # its narrative states 4 requests
    for path, value in [
        (("requests", "new", "natural_person"), 60),
        (("requests", "new", "total"), 60),
        (("requests", "outcomes", "granted", "natural_person"), 59),
        (("requests", "outcomes", "granted", "total"), 59),
        (("requests", "outcomes", "total", "natural_person"), 61),
        (("requests", "outcomes", "total", "total"), 61),
    ]:
        report = replace(report, path, value)
    findings = gxopen.validate(report)
    assert summary(findings) == [
        ("t3.balance", "error", "mismatch", "/requests/outcomes/total/natural_person"),
        ("t3.balance", "error", "mismatch", "/requests/outcomes/total/total"),
    ]
    first = findings[0]
    assert first.message_zh == (
        "t3.balance 自然人: 新收 60 + 上年结转 0 = 60 ≠ 办理结果总计 61 + 结转下年度 0 = 61 (差 1)"
    )
    assert first.message_en == (
        "t3.balance [Natural persons]: new 60 + carried over 0 = 60, but outcomes total 61 + carried forward 0"
        " = 61 (off by 1) at /requests/outcomes/total/natural_person"
    )
    assert (first.expected, first.actual, first.difference) == (60, 61, 1)
    assert [t.pointer for t in first.operands] == [
        "/requests/new/natural_person",
        "/requests/carried_over/natural_person",
    ]
    assert [t.value for t in first.totals] == [61, 0]
    assert not gxopen.is_valid(report)
    with pytest.raises(InvalidReportError) as info:
        gxopen.check(report)
    assert info.value.findings == tuple(findings)


def test_finding_dumps_to_plain_json(seed: gxopen.Report) -> None:
    report = replace(seed, ("review_litigation", "review", "total"), 2)
    (finding,) = gxopen.validate(report)
    data = finding.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["rule"] == "t4.total"
    assert data["pointer"] == "/review_litigation/review/total"
    assert (data["expected"], data["actual"], data["difference"]) == (0, 2, 2)
    assert (
        data["message_zh"] == "t4.total 行政复议: 结果维持 0 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 0 ≠ 总计 2 (差 2)"
    )


def test_blank_cells_are_not_zero(seed: gxopen.Report) -> None:
    report = replace(seed, ("requests", "outcomes", "denied", "state_secret", "research_institution"), None)
    findings = gxopen.validate(report)
    assert summary(findings) == [
        ("t3.applicants", "info", "not_assessable", "/requests/outcomes/denied/state_secret/total"),
        ("t3.outcomes", "info", "not_assessable", "/requests/outcomes/total/research_institution"),
    ]
    assert findings[0].missing == ("/requests/outcomes/denied/state_secret/research_institution",)
    assert findings[0].message_zh == "t3.applicants 3.3.1 属于国家秘密: 无法核对，未填写: 科研机构"
    assert gxopen.is_valid(report)
    assert gxopen.validate(report, blank_as_zero=True) == []


def test_a_wholly_blank_rule_says_nothing(seed: gxopen.Report) -> None:
    report = seed
    for key in ("upheld", "corrected", "other", "pending", "total"):
        report = replace(report, ("review_litigation", "litigation_direct", key), None)
    assert gxopen.validate(report) == []


def test_present_operands_exceeding_the_total_are_an_error_despite_blanks(seed: gxopen.Report) -> None:
    report = replace(seed, ("review_litigation", "review", "upheld"), 3)
    report = replace(report, ("review_litigation", "review", "corrected"), None)
    (finding,) = gxopen.validate(report)
    assert (finding.rule, finding.severity, finding.kind) == (
        "t4.total",
        gxopen.Severity.ERROR,
        gxopen.FindingKind.EXCEEDS,
    )
    assert finding.missing == ("/review_litigation/review/corrected",)
    assert finding.actual == 0
    assert finding.expected is None
    assert "blank cells cannot be negative" in finding.message_en


def test_a_total_exceeding_complete_operands_with_a_blank_total_term_is_an_error(seed: gxopen.Report) -> None:
    # t3.balance natural_person: new 4 + carried over 0 = 4; outcomes total 9 + carried forward blank.
    report = replace(seed, ("requests", "outcomes", "total", "natural_person"), 9)
    report = replace(report, ("requests", "carried_forward", "natural_person"), None)
    balance = [f for f in gxopen.validate(report) if f.rule == "t3.balance"]
    assert [(f.kind.value, f.scope, f.expected, f.actual) for f in balance] == [("exceeds", "natural_person", 4, None)]


def test_blank_as_zero_reads_blanks_as_zero_and_still_finds_mismatches(seed: gxopen.Report) -> None:
    report = replace(seed, ("requests", "new", "commercial_enterprise"), None)
    report = replace(report, ("requests", "new", "total"), 5)
    findings = gxopen.validate(report, blank_as_zero=True)
    assert summary(findings) == [
        ("t3.applicants", "error", "mismatch", "/requests/new/total"),
        ("t3.balance", "error", "mismatch", "/requests/outcomes/total/total"),
    ]


def test_previous_report_must_be_the_same_agency_and_the_year_before(seed: gxopen.Report) -> None:
    with pytest.raises(ReportPairError, match="another agency"):
        gxopen.validate(seed, attrs.evolve(seed, agency="别的机关", year=2023))
    with pytest.raises(ReportPairError, match="previous report is for 2022, not 2023"):
        gxopen.validate(seed, attrs.evolve(seed, year=2022))
    assert gxopen.validate(seed, attrs.evolve(seed, year=2023)) == []


def test_x_carry_and_x_in_force_across_years(seed: gxopen.Report) -> None:
    previous = attrs.evolve(seed, year=2023)
    previous = replace(previous, ("requests", "carried_forward", "natural_person"), 2)
    previous = replace(previous, ("proactive", "normative_documents", "in_force"), 7)
    findings = gxopen.validate(seed, previous)
    assert summary(findings) == [
        ("x.in_force", "warning", "mismatch", "/proactive/normative_documents/in_force"),
        ("x.carry", "warning", "mismatch", "/requests/carried_over/natural_person"),
    ]
    assert findings[0].message_en == (
        "x.in_force [Normative documents]: in force last year 7 + issued 0 − repealed 0 = 7, but in force 0"
        " (off by 7) at /proactive/normative_documents/in_force"
    )
    assert findings[1].operands[0].report == "previous"
    assert gxopen.is_valid(seed, previous)


def test_plausibility_edition_year(seed: gxopen.Report) -> None:
    report = attrs.evolve(seed, year=2020)
    assert summary(gxopen.validate(report)) == [("p.edition_year", "warning", "plausibility", "/edition")]


@pytest.mark.parametrize(
    ("amount", "fires"),
    [("251000", True), ("10000", True), ("9999", False), ("12000.5", False), ("3.25", False), ("0", False)],
)
def test_plausibility_fee_unit(seed: gxopen.Report, amount: str, fires: bool) -> None:
    report = replace(seed, ("proactive", "fees", "amount"), Decimal(amount))
    rules = [f.rule for f in gxopen.validate(report)]
    assert rules == (["p.fee_unit"] if fires else [])


def test_plausibility_regulations_at_a_street_office(seed: gxopen.Report) -> None:
    report = replace(seed, ("proactive", "regulations", "in_force"), 3)
    assert summary(gxopen.validate(report)) == [
        ("p.regulations_agency", "warning", "plausibility", "/proactive/regulations")
    ]
    city = attrs.evolve(report, agency="重庆市人民政府")
    assert gxopen.validate(city) == []


def test_plausibility_narrative_requests(seed: gxopen.Report) -> None:
    assert seed.overview is not None
    assert "收到并处理依申请公开政府信息4条" in seed.overview
    report = attrs.evolve(seed, overview=seed.overview.replace("依申请公开政府信息4条", "依申请公开政府信息5条"))
    assert gxopen.validate(report) == []  # narrative checks are part of the diagnosis
    (finding,) = gxopen.validate(report, diagnose=True)
    assert (finding.rule, finding.expected, finding.actual) == ("n.new_requests", 5, 4)


def test_findings_sort_errors_first_then_document_order(seed: gxopen.Report) -> None:
    report = attrs.evolve(seed, year=2020)
    report = replace(report, ("review_litigation", "review", "total"), 1)
    report = replace(report, ("requests", "new", "total"), 5)
    findings = gxopen.validate(report)
    assert [f.rule for f in findings] == [
        "t3.applicants",
        "t3.balance",
        "t4.total",
        "p.edition_year",
    ]
    shuffled = [*findings[2:], *findings[:2]]
    assert findings == sorted(shuffled, key=gxopen.Finding.sort_key)


def test_rules_document_matches_the_rules() -> None:
    doc = gxopen.rules_document()
    assert [r["id"] for r in doc["rules"]] == [
        "t3.balance",
        "t3.outcomes",
        "t3.applicants",
        "t4.total",
        "x.carry",
        "x.in_force",
    ]
    counts = {r["id"]: len(r["checks"]) for r in doc["rules"]}
    assert counts == {
        "t3.balance": 7,
        "t3.outcomes": 7,
        "t3.applicants": 25,
        "t4.total": 3,
        "x.carry": 7,
        "x.in_force": 2,
    }
    outcomes = doc["rules"][1]["checks"][0]
    assert len(outcomes["operands"]) == 21
    assert outcomes["totals"][0]["pointer"] == "/requests/outcomes/total/natural_person"


# ---------------------------------------------------------------- properties


@given(reports(blanks="none"))
def test_reports_valid_by_construction_have_no_findings(report: gxopen.Report) -> None:
    findings = gxopen.validate(report)
    assert findings == [], [f.message_en for f in findings]


def assert_exactly_not_assessable(
    findings: list[gxopen.Finding], report: gxopen.Report, previous: gxopen.Report | None = None
) -> None:
    """Blanks in a consistent report: one info note per partly blank check, naming its blank cells."""
    expected = oracle.not_assessable(report, previous)
    assert {(f.rule, f.scope): set(f.missing) for f in findings} == expected
    assert len(findings) == len(expected)
    for f in findings:
        assert (f.severity, f.kind) == (gxopen.Severity.INFO, gxopen.FindingKind.NOT_ASSESSABLE)
        assert (f.expected, f.actual, f.difference) == (None, None, None)
        assert f.pointer == f.totals[0].pointer
        blank = [t for t in (*f.totals, *f.operands) if t.value is None]
        assert [t.pointer if t.report == "current" else f"previous:{t.pointer}" for t in blank] == list(f.missing)
        assert f.message_en.endswith(f"({', '.join(f.missing)})")
        assert all(t.label_zh in f.message_zh for t in blank)


@given(reports(blanks="any"))
def test_blanks_leave_exactly_the_checks_they_touch_not_assessable(report: gxopen.Report) -> None:
    findings = gxopen.validate(report)
    assert_exactly_not_assessable(findings, report)
    assert gxopen.is_valid(report)


@given(reports())
def test_generated_reports_have_no_error_or_warning_and_blank_as_zero_only_adds_mismatches(
    report: gxopen.Report,
) -> None:
    assert_exactly_not_assessable(gxopen.validate(report), report)
    for f in gxopen.validate(report, blank_as_zero=True):
        assert (f.severity, f.kind, f.missing) == (gxopen.Severity.ERROR, gxopen.FindingKind.MISMATCH, ())


@given(reports(blanks="zeros"))
def test_zero_cells_left_blank_read_back_clean_with_blank_as_zero(report: gxopen.Report) -> None:
    assert gxopen.validate(report, blank_as_zero=True) == []
    assert_exactly_not_assessable(gxopen.validate(report), report)


@given(report_pairs(blanks="any"))
def test_blanks_in_either_year_leave_the_cross_year_checks_not_assessable(
    pair: tuple[gxopen.Report, gxopen.Report],
) -> None:
    previous, current = pair
    assert_exactly_not_assessable(gxopen.validate(current, previous), current, previous)


def assert_fires_exactly(p: Perturbation, findings: list[gxopen.Finding], *, cross_year: bool) -> None:
    changed = pointer(p.path)
    fee = oracle.fee_unit_fires(get(p.report, p.path)) if p.path[-2:] == ("fees", "amount") else False
    assert {(f.rule, f.scope) for f in findings} == (
        oracle.rules_for(p.path, cross_year=cross_year) | ({("p.fee_unit", "")} if fee else set())
    )
    for f in findings:
        if f.rule == "p.fee_unit":
            assert (f.severity, f.kind, f.pointer, f.actual) == (
                gxopen.Severity.WARNING,
                gxopen.FindingKind.PLAUSIBILITY,
                changed,
                get(p.report, p.path),
            )
            continue
        assert f.severity is (gxopen.Severity.WARNING if f.rule.startswith("x.") else gxopen.Severity.ERROR)
        assert f.kind is gxopen.FindingKind.MISMATCH
        on_total = changed in [t.pointer for t in f.totals if t.report == "current"]
        on_operand = changed in [t.pointer for t in f.operands if t.report == "current"]
        assert on_total != on_operand
        assert on_total == oracle.is_total(p.path, (f.rule, f.scope))
        signed = oracle.weight(p.path) * p.delta
        assert f.difference == (signed if on_total else -signed)
        assert f.actual is not None
        assert f.expected is not None
        assert f.actual - f.expected == f.difference
        assert f.pointer == f.totals[0].pointer
        # The finding's total is where a report writer looks: the row's total cell or the column's total row.
        if f.rule in {"t3.applicants", "t4.total"}:
            assert f.pointer.endswith("/total")
        elif f.rule in {"t3.balance", "t3.outcomes"}:
            assert f.pointer == f"/requests/outcomes/total/{f.scope}"
        elif f.rule == "x.carry":
            assert f.pointer == f"/requests/carried_over/{f.scope}"
        elif f.rule == "x.items":
            assert f.pointer == f"/proactive/{f.scope}/previous_items"
        else:
            assert f.pointer == f"/proactive/{f.scope}/in_force"


@given(perturbations())
def test_one_changed_cell_fires_exactly_its_rules_at_the_right_place(p: Perturbation) -> None:
    assert p.previous is None
    assert_fires_exactly(p, gxopen.validate(p.report), cross_year=False)


@given(perturbations(cross_year=True))
def test_one_changed_cell_fires_exactly_its_rules_across_years(p: Perturbation) -> None:
    assert p.previous is not None
    assert gxopen.validate(p.original, p.previous) == []
    assert_fires_exactly(p, gxopen.validate(p.report, p.previous), cross_year=True)


@given(report_pairs(blanks="none"))
def test_consecutive_generated_pairs_satisfy_the_cross_year_rules(pair: tuple[gxopen.Report, gxopen.Report]) -> None:
    previous, current = pair
    assert gxopen.validate(current, previous) == []


@given(report_pairs(blanks="none"), st.sampled_from((*COLUMNS, "total")), st.integers(min_value=1, max_value=30))
def test_changing_a_carried_count_fires_x_carry_in_that_column(
    pair: tuple[gxopen.Report, gxopen.Report], column: str, delta: int
) -> None:
    previous, current = pair
    path = ("requests", "carried_forward", column)
    changed = replace(previous, path, get(previous, path) + delta)
    findings = gxopen.validate(current, changed)
    assert [(f.rule, f.scope, f.difference) for f in findings] == [("x.carry", column, -delta)]
    assert findings[0].severity is gxopen.Severity.WARNING


@given(
    report_pairs(blanks="none"),
    st.sampled_from(["regulations", "normative_documents"]),
    st.integers(min_value=1, max_value=30),
)
def test_changing_last_years_in_force_fires_x_in_force(
    pair: tuple[gxopen.Report, gxopen.Report], row: str, delta: int
) -> None:
    previous, current = pair
    path = ("proactive", row, "in_force")
    changed = replace(previous, path, get(previous, path) + delta)
    findings = gxopen.validate(current, changed)
    assert [(f.rule, f.scope, f.difference) for f in findings] == [("x.in_force", row, -delta)]


@given(perturbations(), st.data())
def test_blanking_a_perturbed_cell_is_never_silently_zero(p: Perturbation, data: st.DataObject) -> None:
    blanked = replace(p.original, p.path, None)
    findings = gxopen.validate(blanked)
    assert {(f.rule, f.scope) for f in findings} == oracle.rules_for(p.path)
    for f in findings:
        assert f.missing == (pointer(p.path),)
        assert f.kind is gxopen.FindingKind.NOT_ASSESSABLE
