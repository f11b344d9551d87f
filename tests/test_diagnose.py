"""Diagnosis: pinpoint the wrong cell, numbers in the narrative, structure, year over year, deadline."""

from __future__ import annotations

import datetime
import re
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gxopen
from gxopen._cells import Path, get, pointer, replace, table3_rows_spec, table4_rows
from gxopen._codes import Edition
from gxopen.strategies import reports

T3_CELLS: list[Path] = [row.cell(col) for row in table3_rows_spec(Edition.E2021) for col in row.columns]
T4_CELLS: list[Path] = [row.cell(col) for row in table4_rows() for col in row.columns]


def _changed(report: gxopen.Report, path: Path, value: int) -> gxopen.Report:
    changed: gxopen.Report = replace(report, path, value)
    return changed


# ---------------------------------------------------------------- pinpoint


def test_a_consistent_report_has_nothing_to_pinpoint(seed: gxopen.Report) -> None:
    assert gxopen.pinpoint(seed) == ()
    assert [f for f in gxopen.validate(seed, diagnose=True) if f.rule == "d.pinpoint"] == []


def test_an_outcomes_total_off_by_one_is_pinpointed(seed: gxopen.Report) -> None:
    # The published case of FORMAT.md: every cell of a column agrees but its outcomes total is one more.
    assert seed.requests.outcomes.total.natural_person == 4
    report = _changed(seed, ("requests", "outcomes", "total", "natural_person"), 5)
    (explanation,) = gxopen.pinpoint(report)
    assert explanation.fixes == (gxopen.CellFix("/requests/outcomes/total/natural_person", 5, 4, "digit"),)
    (finding,) = [f for f in gxopen.validate(report, diagnose=True) if f.rule == "d.pinpoint"]
    assert finding.severity is gxopen.Severity.INFO
    assert (finding.pointer, finding.actual, finding.expected, finding.difference) == (
        "/requests/outcomes/total/natural_person",
        5,
        4,
        1,
    )
    assert finding.message_zh == (
        "d.pinpoint: 改正此单元格即可使全部勾稽关系成立: "
        "/requests/outcomes/total/natural_person: 5 → 4（疑似一位数字录错）"
    )
    assert finding.to_dict()["explanations"] == [
        {
            "typo": True,
            "fixes": [
                {"pointer": "/requests/outcomes/total/natural_person", "published": 5, "balancing": 4, "typo": "digit"}
            ],
        }
    ]


@settings(max_examples=60)  # each example draws a whole report
@given(report=reports(blanks="none"), index=st.integers(0, len(T3_CELLS) - 1), value=st.integers(0, 10_000))
def test_one_changed_table3_cell_is_named_with_its_original_value(
    report: gxopen.Report, index: int, value: int
) -> None:
    path = T3_CELLS[index]
    original = get(report, path)
    assume(value != original)
    (explanation,) = gxopen.pinpoint(_changed(report, path, value))
    assert [(f.pointer, f.published, f.balancing) for f in explanation.fixes] == [(pointer(path), value, original)]


@settings(max_examples=60)  # each example draws a whole report
@given(report=reports(blanks="none"), index=st.integers(0, len(T4_CELLS) - 1), value=st.integers(0, 1000))
def test_one_changed_table4_cell_is_a_candidate_never_a_wrong_certainty(
    report: gxopen.Report, index: int, value: int
) -> None:
    # Each cell of table 4 sits in one identity only: any of its group's five cells may explain the failure,
    # unless correcting the others would take them below zero.
    path = T4_CELLS[index]
    original = get(report, path)
    assume(value != original)
    found = [
        tuple((f.pointer, f.published, f.balancing) for f in e.fixes)
        for e in gxopen.pinpoint(_changed(report, path, value))
    ]
    assert ((pointer(path), value, original),) in found
    assert len(found) <= 5


@settings(max_examples=60)  # each example draws a whole report
@given(report=reports(blanks="none"), data=st.data())
def test_two_swapped_digits_are_explained_as_a_transposition(report: gxopen.Report, data: st.DataObject) -> None:
    swappable = [p for p in T3_CELLS if len(d := str(get(report, p))) >= 2 and d[0] != d[1] and d[1] != "0"]
    assume(swappable)
    path = data.draw(st.sampled_from(swappable))
    digits = str(get(report, path))
    swapped = int(digits[1] + digits[0] + digits[2:])
    (explanation,) = gxopen.pinpoint(_changed(report, path, swapped))
    (fix,) = explanation.fixes
    assert (fix.pointer, fix.published, fix.balancing, fix.typo) == (
        pointer(path),
        swapped,
        int(digits),
        "transposition",
    )


@st.composite
def two_cells(draw: st.DrawFn) -> tuple[Path, Path]:
    rows = table3_rows_spec(Edition.E2021)
    r1, r2 = draw(st.lists(st.integers(0, len(rows) - 1), min_size=2, max_size=2, unique=True))
    c1, c2 = draw(st.lists(st.integers(0, 6), min_size=2, max_size=2, unique=True))
    return rows[r1].cell(rows[r1].columns[c1]), rows[r2].cell(rows[r2].columns[c2])


@settings(max_examples=60)  # each example draws a whole report
@given(report=reports(blanks="none"), cells=two_cells(), values=st.tuples(st.integers(0, 2000), st.integers(0, 2000)))
def test_two_changed_cells_are_found_or_listed_never_a_wrong_cell_as_certain(
    report: gxopen.Report, cells: tuple[Path, Path], values: tuple[int, int]
) -> None:
    (a, b), (va, vb) = cells, values
    oa, ob = get(report, a), get(report, b)
    assume(va != oa and vb != ob)
    found = gxopen.pinpoint(_changed(_changed(report, a, va), b, vb))
    truth = {(pointer(a), va, oa), (pointer(b), vb, ob)}
    explanations = [{(f.pointer, f.published, f.balancing) for f in e.fixes} for e in found]
    if len(explanations) == 1:
        assert explanations[0] == truth
    else:
        assert truth in explanations or not explanations


def test_a_value_typed_into_the_neighbouring_cell(seed: gxopen.Report) -> None:
    # The 4 new requests of natural persons typed one cell to the right.
    report = _changed(seed, ("requests", "new", "natural_person"), 0)
    report = _changed(report, ("requests", "new", "commercial_enterprise"), 4)
    found = gxopen.pinpoint(attrs.evolve(report, overview=None))
    assert [(f.pointer, f.published, f.balancing, f.typo) for f in found[0].fixes] == [
        ("/requests/new/natural_person", 0, 4, "neighbour"),
        ("/requests/new/commercial_enterprise", 4, 0, "neighbour"),
    ]


def test_blank_cells_take_no_part_unless_read_as_zero(seed: gxopen.Report) -> None:
    report = _changed(seed, ("requests", "new", "total"), 5)
    report = replace(report, ("requests", "new", "commercial_enterprise"), None)
    # The new-requests row cannot be assessed; the balance of the total column fails, and of its four cells
    # only the new total sits in no identity that holds. The blank cell itself is never a candidate.
    (explanation,) = gxopen.pinpoint(report)
    assert [(f.pointer, f.balancing) for f in explanation.fixes] == [("/requests/new/total", 4)]
    (explanation,) = gxopen.pinpoint(report, blank_as_zero=True)
    assert [(f.pointer, f.balancing) for f in explanation.fixes] == [("/requests/new/total", 4)]


# ---------------------------------------------------------------- narrative


def _narrative(r: gxopen.Report) -> str:
    t3 = r.requests
    o = t3.outcomes

    def group(node: Any) -> int:
        return sum(getattr(node, f.name).total for f in attrs.fields(type(node)))

    rl = r.review_litigation
    assert rl.litigation_direct.total is not None
    assert rl.litigation_after_review.total is not None
    return (
        "（二）依申请公开情况。\n"
        f"本年度共收到政府信息公开申请{t3.new.total}件，上年结转{t3.carried_over.total}件。"
        f"从办理结果看，予以公开{o.granted.total}件，部分公开{o.partially_granted.total}件，"
        f"不予公开{group(o.denied)}件，无法提供{group(o.unavailable)}件，不予处理{group(o.not_processed)}件，"
        f"其他处理{group(o.other)}件；全年办结{o.total.total}件，结转下年度继续办理{t3.carried_forward.total}件。"
        f"因政府信息公开被申请行政复议{rl.review.total}件，被提起行政诉讼"
        f"{rl.litigation_direct.total + rl.litigation_after_review.total}件。"
    )


_STATED_RULES = [
    "n.new_requests",
    "n.carried_over",
    "n.outcome",
    "n.outcome",
    "n.outcome",
    "n.outcome",
    "n.outcome",
    "n.outcome",
    "n.handled",
    "n.carried_forward",
    "n.review",
    "n.litigation",
]


@settings(max_examples=60)  # each example draws a whole report
@given(report=reports(blanks="none"))
def test_a_generated_narrative_states_every_number_and_agrees(report: gxopen.Report) -> None:
    report = attrs.evolve(report, overview=_narrative(report), other_matters=None)
    statements = gxopen.narrative_statements(report)
    assert [s.rule for s in statements] == _STATED_RULES
    assert [f for f in gxopen.diagnose(report) if f.rule.startswith("n.")] == []


@settings(max_examples=60)  # each example draws a whole report
@given(report=reports(blanks="none"), which=st.integers(0, len(_STATED_RULES) - 1), delta=st.integers(1, 50))
def test_an_altered_stated_number_is_found_at_its_span(report: gxopen.Report, which: int, delta: int) -> None:
    text = _narrative(report)
    numbers = list(re.finditer(r"\d+(?=件)", text))
    target = numbers[which]
    stated = int(target.group()) + delta
    altered = text[: target.start()] + str(stated) + text[target.end() :]
    report = attrs.evolve(report, overview=altered, other_matters=None)
    (finding,) = [f for f in gxopen.diagnose(report) if f.rule.startswith("n.")]
    assert finding.rule == _STATED_RULES[which]
    assert (finding.expected, finding.difference) == (stated, -delta)
    (span,) = finding.spans
    assert span.pointer == "/overview"
    assert altered[span.start : span.end] == span.text
    assert span.text.endswith(f"{stated}件")
    assert finding.to_dict()["spans"] == [attrs.asdict(span)]


def test_the_seed_narrative_agrees_with_its_tables(seed: gxopen.Report) -> None:
    assert [s.value for s in gxopen.narrative_statements(seed)] == [4]
    assert gxopen.diagnose(seed) == []


def test_a_stated_percentage_is_checked(seed: gxopen.Report) -> None:
    # The seed received 4 requests; 1 of 4 is 25%.
    ok = attrs.evolve(seed, other_matters="本年度不予公开1件（占25%）。")
    ok = _changed(ok, ("requests", "outcomes", "denied", "state_secret", "natural_person"), 1)
    wrong = attrs.evolve(ok, other_matters="本年度不予公开1件（1.68%）。")
    assert [f.rule for f in gxopen.diagnose(ok) if f.rule.startswith("n.")] == ["n.outcome"]  # table says 0
    rules = [(f.rule, f.actual) for f in gxopen.diagnose(wrong) if f.rule == "n.percentage"]
    assert [(r, str(a)) for r, a in rules] == [("n.percentage", "1.68")]


@pytest.mark.parametrize(
    "sentence",
    [
        "已办结的申请中有12件同意公开。",  # 办结 is not what 12 counts (中 in between)
        "收到申请后15个工作日内答复。",  # a count of days, not of requests
        "2024年收到群众意见和建议2条。",  # no 申请
    ],
)
def test_sentences_that_state_nothing_about_the_tables(seed: gxopen.Report, sentence: str) -> None:
    report = attrs.evolve(seed, overview=sentence)
    assert gxopen.narrative_statements(report) == []


def test_words_broken_over_lines_still_state_a_number(seed: gxopen.Report) -> None:
    report = attrs.evolve(seed, overview="本年共收到政府信息\n公开申请 5 件，转下一\n年度继续办理 0 件。")
    assert [(s.rule, s.value) for s in gxopen.narrative_statements(report)] == [
        ("n.new_requests", 5),
        ("n.carried_forward", 0),
    ]


# ---------------------------------------------------------------- structure, year over year, deadline


def test_missing_parts_and_tables(seed: gxopen.Report) -> None:
    blank_t4 = attrs.evolve(seed, problems=None, other_matters="  ")
    for path in T4_CELLS:
        blank_t4 = replace(blank_t4, path, None)
    found = [(f.rule, f.pointer) for f in gxopen.diagnose(blank_t4)]
    assert found == [
        ("s.part_missing", "/problems"),
        ("s.part_missing", "/other_matters"),
        ("s.table_missing", "/review_litigation"),
    ]


def test_a_count_that_jumps_more_than_fivefold(seed: gxopen.Report) -> None:
    previous = attrs.evolve(seed, year=2023, overview=None, problems=None, other_matters=None)
    report = _changed(seed, ("proactive", "licensing", "decisions"), 264 * 6)
    jumps = [(f.rule, f.pointer, f.expected, f.actual) for f in gxopen.diagnose(report, previous)]
    assert jumps == [("y.jump", "/proactive/licensing/decisions", 264, 1584)]
    # A small absolute change is no jump even when the ratio is large (0 → 20).
    small = _changed(seed, ("proactive", "coercion", "decisions"), 20)
    assert [f.rule for f in gxopen.diagnose(small, previous) if f.rule == "y.jump"] == []


def test_text_repeated_from_last_year(seed: gxopen.Report) -> None:
    previous = attrs.evolve(seed, year=2023, overview="完全不同的一段总体情况文字。" * 20)
    found = {f.pointer for f in gxopen.diagnose(seed, previous) if f.rule == "y.repeated_text"}
    assert found == {"/problems", "/other_matters"}


@pytest.mark.parametrize(
    ("agency", "published", "late"),
    [
        ("某县发展和改革局", datetime.date(2025, 1, 31), False),
        ("某县发展和改革局", datetime.date(2025, 2, 1), True),
        ("某县人民政府", datetime.date(2025, 3, 31), False),
        ("某县人民政府", datetime.date(2025, 4, 1), True),
    ],
)
def test_publication_deadline(seed: gxopen.Report, agency: str, published: datetime.date, late: bool) -> None:
    report = attrs.evolve(seed, agency=agency, published=published)
    rules = [f.rule for f in gxopen.diagnose(report)]
    assert rules == (["p.deadline"] if late else [])


def test_text_copied_with_its_numbers_updated_is_still_repeated(seed: gxopen.Report) -> None:
    assert seed.overview is not None
    previous = attrs.evolve(
        seed, year=2023, overview=seed.overview.replace("372", "410").replace("14个", "12个"), problems=None
    )
    found = [(f.pointer, f.actual) for f in gxopen.diagnose(seed, previous) if f.rule == "y.repeated_text"]
    assert [p for p, _ in found] == ["/overview", "/other_matters"]
    assert 0.99 < float(found[0][1] or 0) < 1
