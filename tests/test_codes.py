"""The code table agrees with the official template, typed by hand in :mod:`tests.official_labels`."""

from __future__ import annotations

import pytest

from gxopen._codes import (
    PARTS,
    TABLE3_APPLICANT_HEADER,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE3_ORGANIZATION_HEADER,
    TABLE4_COLUMNS,
    TABLE4_DATA_GROUPS,
    TABLE4_GROUPS,
    Code,
    Edition,
    table2,
    table3_rows,
)

from . import official_labels as official


def test_part_headings() -> None:
    assert tuple(p.zh for p in PARTS) == official.PARTS


@pytest.mark.parametrize(
    ("edition", "expected"), [(Edition.E2021, official.TABLE2_2021), (Edition.E2019, official.TABLE2_2019)]
)
def test_table2_blocks_rows_and_columns(edition: Edition, expected: tuple[official.Block, ...]) -> None:
    actual = tuple(
        (block.zh, tuple(c.zh for c in block.columns), tuple(r.zh for r in block.children))
        for block in table2(edition).children
    )
    assert actual == expected


def _printed(codes: tuple[Code, ...]) -> list[tuple[str, str]]:
    return [(c.code, c.zh) for top in codes for c in top.walk()]


@pytest.mark.parametrize(
    ("edition", "expected"), [(Edition.E2021, official.TABLE3_ROWS_2021), (Edition.E2019, official.TABLE3_ROWS_2019)]
)
def test_table3_rows(edition: Edition, expected: tuple[tuple[str, str], ...]) -> None:
    assert _printed(table3_rows(edition)) == list(expected)
    groups = {c.code for top in table3_rows(edition) for c in top.walk() if c.children}
    assert groups == official.TABLE3_GROUPS[edition.value]


def test_table3_headers_and_columns() -> None:
    assert TABLE3_NOTE == official.TABLE3_NOTE
    assert TABLE3_APPLICANT_HEADER == official.TABLE3_APPLICANT_HEADER
    assert TABLE3_ORGANIZATION_HEADER == official.TABLE3_ORGANIZATION_HEADER
    assert tuple(c.zh for c in TABLE3_COLUMNS) == official.TABLE3_COLUMNS


def test_table4_groups_and_columns() -> None:
    assert tuple(g.zh for g in TABLE4_DATA_GROUPS) == official.TABLE4_GROUPS
    assert (TABLE4_GROUPS[0].zh, TABLE4_GROUPS[1].zh) == (official.TABLE4_REVIEW, official.TABLE4_LITIGATION)
    assert tuple(c.zh for c in TABLE4_COLUMNS) == official.TABLE4_COLUMNS
