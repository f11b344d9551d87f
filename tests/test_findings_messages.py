"""Finding messages for long sums, written for mutants of _validate that survived (scripts/mutate.py)."""

from __future__ import annotations

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
