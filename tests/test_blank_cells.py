"""Blank cells through the parser and the HTML renderer: tests that killed surviving mutants (issue 17)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from lxml import etree

import gxopen
from gxopen._cells import iter_cells, pointer, replace

SEED_LINES = gxopen.example_text().splitlines()
T4_CELLS = [
    f"/review_litigation/{group}/{column}"
    for group in ("review", "litigation_direct", "litigation_after_review")
    for column in ("upheld", "corrected", "other", "pending", "total")
]


def cells(report: gxopen.Report) -> dict[str, object]:
    return {pointer(path): value for path, value in iter_cells(report)}


@pytest.mark.parametrize("index", [1, 3, 7, 13])
def test_a_blank_interior_table4_cell_in_the_seed_layout_is_none(seed: gxopen.Report, index: int) -> None:
    # The seed prints table 4 as 15 lines `0 |` after its headers; one of them published blank (` |`).
    first = next(i for i, line in enumerate(SEED_LINES) if line == "总计 | |||||") + 1
    values = list(range(first, first + 15))
    assert all(re.fullmatch(r"\d+ \|", SEED_LINES[i]) for i in values)
    lines = SEED_LINES[:]
    lines[values[index]] = " |"
    result = gxopen.parse_text("\n".join(lines))
    assert result.errors == ()
    assert result.report is not None
    blank = T4_CELLS[index]
    assert cells(result.report) == {**cells(seed), blank: None}
    assert result.cells[blank].raw == ""
    assert result.cells[blank].line == values[index] + 1


def parse_xhtml(page: str) -> Any:
    return etree.fromstring(page.removeprefix("<!DOCTYPE html>\n").encode("utf-8"))


def marks(page: str) -> dict[str, str]:
    return {
        td.get("data-pointer"): td.get("class")
        for td in parse_xhtml(page).iter("td")
        if "finding-" in (td.get("class") or "")
    }


def test_html_highlights_a_blank_cell_a_finding_names_as_missing(seed: gxopen.Report) -> None:
    blank = ("requests", "outcomes", "denied", "state_secret", "research_institution")
    report = replace(seed, blank, None)
    page = gxopen.render_html(report, findings=gxopen.validate(report))
    assert marks(page) == {
        pointer(blank): "num finding-info",
        "/requests/outcomes/denied/state_secret/total": "num finding-info",
        "/requests/outcomes/total/research_institution": "num finding-info",
    }
    td = parse_xhtml(page).find(f".//td[@data-pointer='{pointer(blank)}']")
    assert td.text is None
    # Two info findings name the cell: the title holds both, in the validator's order (XML reads newlines as spaces).
    assert td.get("title") == (
        "t3.applicants 3.3.1 属于国家秘密: 无法核对，未填写: 科研机构 t3.applicants [State secret]: not assessable;"
        " not reported: research institutions (/requests/outcomes/denied/state_secret/research_institution)"
        " t3.outcomes 科研机构: 无法核对，未填写: 3.3.1 属于国家秘密 t3.outcomes [Research institutions]:"
        " not assessable; not reported: State secret (/requests/outcomes/denied/state_secret/research_institution)"
    )


def test_html_marks_a_cell_with_its_worst_finding(seed: gxopen.Report) -> None:
    # outcomes/total/research_institution: the total of a not-assessable t3.outcomes (info)
    # and of a t3.balance mismatch (error): the error wins, whichever comes first.
    report = replace(seed, ("requests", "outcomes", "denied", "state_secret", "research_institution"), None)
    report = replace(report, ("requests", "outcomes", "total", "research_institution"), 5)
    findings = gxopen.validate(report)
    where = "/requests/outcomes/total/research_institution"
    assert {(f.rule, f.severity.value) for f in findings if f.pointer == where} == {
        ("t3.balance", "error"),
        ("t3.outcomes", "info"),
    }
    for ordered in (findings, findings[::-1]):
        page = gxopen.render_html(report, findings=ordered)
        assert marks(page)[where] == "num finding-error"
        td = parse_xhtml(page).find(f".//td[@data-pointer='{where}']")
        assert "t3.balance 科研机构:" in td.get("title")
        assert "t3.outcomes 科研机构:" in td.get("title")
