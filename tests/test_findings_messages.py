"""Finding messages for long sums, written for mutants of _validate that survived (scripts/mutate.py)."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import gxopen
from gxopen._cells import replace

COLUMN = "research_institution"
WHERE = f"/requests/outcomes/total/{COLUMN}"


@pytest.fixture
def quiet(seed: gxopen.Report) -> gxopen.Report:
    """The seed without the narrative that states a request count."""
    return attrs.evolve(seed, overview=None)


def outcomes(report: gxopen.Report) -> gxopen.Finding:
    (finding,) = [f for f in gxopen.validate(report) if f.rule == "t3.outcomes"]
    return finding


def with_ones(report: gxopen.Report, rows: list[tuple[str, ...]]) -> gxopen.Report:
    for row in rows:
        report = replace(report, ("requests", "outcomes", *row, COLUMN), 1)
    return report


def test_a_sum_of_21_zero_rows_says_all_zero(quiet: gxopen.Report) -> None:
    f = outcomes(replace(quiet, ("requests", "outcomes", "total", COLUMN), 1))
    assert (f.kind, f.pointer, f.expected, f.actual, f.difference) == (gxopen.FindingKind.MISMATCH, WHERE, 0, 1, 1)
    assert f.message_zh == "t3.outcomes 科研机构: 21 项之和 0（各项均为 0） ≠ 办理结果总计 1 (差 1)"
    assert f.message_en == (
        f"t3.outcomes [Research institutions]: sum of 21 rows 0 (all zero), but outcomes total 1 (off by 1) at {WHERE}"
    )


def test_a_sum_of_21_rows_names_the_non_zero_ones(quiet: gxopen.Report) -> None:
    report = replace(quiet, ("requests", "outcomes", "granted", COLUMN), 3)
    f = outcomes(replace(report, ("requests", "outcomes", "denied", "state_secret", COLUMN), 2))
    assert (f.expected, f.actual, f.difference) == (5, 0, -5)
    assert (
        f.message_zh
        == "t3.outcomes 科研机构: 21 项之和 5（3.1 予以公开 3 + 3.3.1 属于国家秘密 2） ≠ 办理结果总计 0 (差 5)"
    )
    assert f.message_en == (
        "t3.outcomes [Research institutions]: sum of 21 rows 5 (Granted 3 + State secret 2), but outcomes total 0"
        f" (off by 5) at {WHERE}"
    )


SIX = [
    ("granted",),
    ("partially_granted",),
    ("denied", "state_secret"),
    ("denied", "prohibited_by_law"),
    ("unavailable", "not_held"),
    ("other", "fee_unpaid"),
]


def test_six_non_zero_rows_are_named_seven_are_not(quiet: gxopen.Report) -> None:
    six = outcomes(with_ones(quiet, SIX))
    assert six.message_en == (
        "t3.outcomes [Research institutions]: sum of 21 rows 6 (Granted 1 + Partially granted 1 + State secret 1"
        " + Prohibited by other laws 1 + Not held by this agency 1 + Applicant did not pay the fee in time 1),"
        f" but outcomes total 0 (off by 6) at {WHERE}"
    )
    seven = outcomes(with_ones(quiet, [*SIX, ("not_processed", "duplicate")]))
    assert seven.message_zh == "t3.outcomes 科研机构: 21 项之和 7 ≠ 办理结果总计 0 (差 7)"
    assert seven.message_en == (
        f"t3.outcomes [Research institutions]: sum of 21 rows 7, but outcomes total 0 (off by 7) at {WHERE}"
    )


def test_exceeds_messages_show_blank_terms(seed: gxopen.Report) -> None:
    report = replace(seed, ("review_litigation", "review", "upheld"), 3)
    (f,) = gxopen.validate(replace(report, ("review_litigation", "review", "corrected"), None))
    assert f.message_zh == (
        "t4.total 行政复议: 已填各项 结果维持 3 + 结果纠正 空 + 其他结果 0 + 尚未审结 0 = 3 与 总计 0"
        " 不可能相等（空项不能为负数）"
    )
    assert f.message_en == (
        "t4.total [Administrative review]: the filled cells already disagree — upheld 3 + corrected blank"
        " + other result 0 + pending 0 = 3 vs total 0; blank cells cannot be negative,"
        " at /review_litigation/review/total"
    )


def test_fee_unit_message_converts_to_yuan(seed: gxopen.Report) -> None:
    (f,) = gxopen.validate(replace(seed, ("proactive", "fees", "amount"), Decimal(251000)))
    assert f.message_zh == "p.fee_unit: 收费金额 251000 万元（即 2510000000 元）疑为按元填写"
    assert f.message_en == (
        "p.fee_unit: a fee amount of 251000 万元 (2510000000 yuan) looks like yuan typed into the 万元 cell"
        " at /proactive/fees/amount"
    )


def test_narrative_requests_difference_is_table_minus_narrative(seed: gxopen.Report) -> None:
    assert seed.overview is not None
    report = attrs.evolve(seed, overview=seed.overview.replace("依申请公开政府信息4条", "依申请公开政府信息9条"))
    assert gxopen.validate(report) == []
    (f,) = gxopen.validate(report, diagnose=True)
    assert (f.rule, f.expected, f.actual, f.difference) == ("n.new_requests", 9, 4, -5)


def test_a_2021_report_in_the_2021_edition_is_not_an_edition_mismatch(seed: gxopen.Report) -> None:
    assert gxopen.validate(attrs.evolve(seed, year=2021)) == []
    assert [f.rule for f in gxopen.validate(attrs.evolve(seed, year=2020))] == ["p.edition_year"]


def test_blank_is_not_zero_unless_asked_in_every_entry_point(quiet: gxopen.Report) -> None:
    # natural_person of row 1 is 4: read as 0 it breaks t3.applicants and t3.balance.
    report = replace(quiet, ("requests", "new", "natural_person"), None)
    kinds = {f.kind for f in gxopen.iter_findings(report)}
    assert kinds == {gxopen.FindingKind.NOT_ASSESSABLE}
    assert {f.kind for f in gxopen.validate(report)} == kinds
    assert gxopen.is_valid(report)
    assert [f.rule for f in gxopen.check(report)] == ["t3.applicants", "t3.balance"]
    assert not gxopen.is_valid(report, blank_as_zero=True)
    assert {f.kind for f in gxopen.iter_findings(report, blank_as_zero=True)} == {gxopen.FindingKind.MISMATCH}


def test_findings_have_no_natural_order(quiet: gxopen.Report) -> None:
    first, second = gxopen.validate(replace(quiet, ("requests", "new", "natural_person"), None))
    with pytest.raises(TypeError):
        _ = first < second  # type: ignore[operator]
    assert first.sort_key() < second.sort_key()
