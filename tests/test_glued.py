"""Crawler dumps with the cells glued together: separating the text, splitting the digit runs."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gxopen
from gxopen._cells import get, iter_cells, pointer, replace, table3_rows_spec, table4_rows
from gxopen._cli import run
from gxopen._codes import TABLE3_COLUMNS, Edition
from gxopen._model import ApplicantCounts, DocumentCounts, ReviewCounts
from gxopen._parse._glued import (
    BudgetExceededError,
    GluedRun,
    LinearCheck,
    column_checks,
    resolve,
    row_identities,
    search,
    separate,
    split_run,
)
from gxopen.strategies import reports

from . import layouts

T3 = table3_rows_spec(Edition.E2021)


def cells(spec: object) -> tuple[str, ...]:
    return tuple(pointer(spec.cell(c)) for c in spec.columns)  # type: ignore[attr-defined]


T3_IDENTITY = row_identities(cells(T3[0]))
T4_CELLS = tuple(p for spec in table4_rows() for p in cells(spec))
T4_IDENTITIES = row_identities(T4_CELLS)


def oracle_splits(digits: str, n: int) -> list[tuple[int, ...]]:
    """Every split of ``digits`` into ``n`` parts without leading zeros, by brute force."""
    out = []
    for cuts in itertools.combinations(range(1, len(digits)), n - 1):
        bounds = (0, *cuts, len(digits))
        parts = [digits[a:b] for a, b in itertools.pairwise(bounds)]
        if all(p == "0" or p[0] != "0" for p in parts):
            out.append(tuple(int(p) for p in parts))
    return out


# ---------------------------------------------------------------- the identities come from the rules


def test_identities_are_read_from_the_rule_table() -> None:
    assert [(i.rule, i.total, i.operands) for i in T3_IDENTITY] == [("t3.applicants", 6, (0, 1, 2, 3, 4, 5))]
    assert [(i.rule, i.total, i.operands) for i in T4_IDENTITIES] == [
        ("t4.total", 4, (0, 1, 2, 3)),
        ("t4.total", 9, (5, 6, 7, 8)),
        ("t4.total", 14, (10, 11, 12, 13)),
    ]
    found = column_checks()
    assert sorted({c.rule for c in found}) == ["t3.balance", "t3.outcomes"]
    assert len(found) == 14
    balance = next(c for c in found if c.rule == "t3.balance" and c.scope == "total")
    assert sorted(balance.terms) == [
        ("/requests/carried_forward/total", 1),
        ("/requests/carried_over/total", -1),
        ("/requests/new/total", -1),
        ("/requests/outcomes/total/total", 1),
    ]


# ---------------------------------------------------------------- splitting one run


def test_leading_zeros_prune_the_splits() -> None:
    assert split_run(["000"], 3).candidates == ((0, 0, 0),)
    assert split_run(["1000"], 2).candidates == ((100, 0),)
    assert split_run(["0000000"], 7, T3_IDENTITY).candidates == ((0,) * 7,)
    # A unique split stands even if it does not balance: the text leaves no choice.
    unique = split_run(["1000000"], 7, T3_IDENTITY)
    assert (unique.all_splits, unique.candidates, unique.rules) == (1, ((1, 0, 0, 0, 0, 0, 0),), ())


def test_the_row_identity_chooses_among_the_splits() -> None:
    found = split_run(["31520000317"], 7, T3_IDENTITY)
    assert found.candidates == ((315, 2, 0, 0, 0, 0, 317),)
    assert found.rules == ("t3.applicants",)
    assert found.all_splits > 1


def test_an_ambiguous_run_keeps_every_candidate() -> None:
    found = split_run(["340030138"], 7, T3_IDENTITY)
    assert found.candidates == ((3, 4, 0, 0, 30, 1, 38), (34, 0, 0, 3, 0, 1, 38))
    free = split_run(["5122380"], 3)
    assert free.candidates == tuple(oracle_splits("5122380", 3))
    assert len(free.candidates) == 15


def test_white_space_in_the_run_is_a_boundary() -> None:
    assert split_run(["500000", "5"], 7, T3_IDENTITY).candidates == ((5, 0, 0, 0, 0, 0, 5),)
    assert split_run(["12", "3"], 2).candidates == ((12, 3),)
    assert split_run(["12", "3"], 3).candidates == ((1, 2, 3),)


def test_table4_as_one_run_of_fifteen() -> None:
    found = split_run(["31217000001235020"], 15, T4_IDENTITIES)
    assert found.candidates == ((3, 1, 2, 1, 7, 0, 0, 0, 0, 0, 12, 3, 5, 0, 20),)
    assert found.rules == ("t4.total",)


def test_the_budget_bounds_the_work() -> None:
    with pytest.raises(BudgetExceededError):
        split_run(["1" * 80], 15, T4_IDENTITIES, budget=500)
    with pytest.raises(ValueError, match="not a run of digits"):
        split_run(["12.5"], 2)


@settings(max_examples=30)
@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=7))
def test_splits_match_brute_force(values: list[int]) -> None:
    digits = "".join(map(str, values))
    n = len(values)
    found = split_run([digits], n, limit=10_000)
    assert found.candidates == tuple(oracle_splits(digits, n))
    assert tuple(values) in found.candidates


@settings(max_examples=30)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=6, max_size=6))
def test_the_true_row_is_always_a_candidate(operands: list[int]) -> None:
    row = (*operands, sum(operands))
    found = split_run(["".join(map(str, row))], 7, T3_IDENTITY, limit=10_000)
    assert row in found.candidates
    oracle = [s for s in oracle_splits("".join(map(str, row)), 7) if sum(s[:6]) == s[6]]
    assert list(found.candidates) == oracle


# ---------------------------------------------------------------- the search over rows

ONE = ("/a", "/b")
TWO = ("/c", "/d")
SUM = LinearCheck("t.sum", "x", (("/t", 1), ("/a", -1), ("/c", -1)))


def test_search_decides_when_exactly_one_combination_fits() -> None:
    found = search({"/t": 5}, [(ONE, [(1, 0), (4, 9)]), (TWO, [(3, 3), (4, 4)])], checks_=[SUM])
    assert found.solutions == 1
    assert dict(found.values) == {"/a": 1, "/b": 0, "/c": 4, "/d": 4}
    assert found.rules["/a"] == ("t.sum",)
    assert not found.undecided


def test_search_leaves_undecided_what_two_combinations_disagree_on() -> None:
    found = search({"/t": 5}, [(ONE, [(1, 7), (4, 7)]), (TWO, [(4, 1), (1, 1)])], checks_=[SUM])
    assert found.solutions == 2
    assert dict(found.values) == {"/b": 7, "/d": 1}
    assert dict(found.undecided) == {"/a": (1, 4), "/c": (1, 4)}


def test_search_is_not_run_when_the_cells_read_do_not_balance() -> None:
    other = LinearCheck("t.sum", "y", (("/u", 1), ("/v", -1)))
    found = search(
        {"/t": 5, "/u": 3, "/v": 4}, [(ONE, [(1, 0), (4, 9)]), (TWO, [(1, 1), (4, 4)])], checks_=[SUM, other]
    )
    assert found.unbalanced == (other,)
    assert not found.values


def test_a_check_with_a_cell_not_read_does_not_constrain() -> None:
    found = search({"/t": None}, [(ONE, [(1, 0), (4, 9)])], checks_=[SUM])
    assert found.solutions == 2
    assert dict(found.undecided) == {"/a": (1, 4), "/b": (0, 9)}


def test_search_budget() -> None:
    rows = [((f"/r{i}",), [(0,), (1,)]) for i in range(30)]
    free = LinearCheck("t.none", "x", ())
    with pytest.raises(BudgetExceededError):
        search({}, rows, checks_=[free], budget=100, limit=10**9)


def test_resolve_nulls_a_run_whose_split_exceeds_the_budget() -> None:
    run = GluedRun(T4_CELLS, ("1" * 80,), "table 4", 3)
    inferred, issues = resolve([run], {}, budget=500)
    assert inferred == []
    (issue,) = issues
    assert (issue.code, issue.level, issue.line, issue.pointer) == (
        "glued.budget",
        gxopen.IssueLevel.ERROR,
        3,
        "/review_litigation",
    )
    assert "took more than 500 steps" in issue.message


def test_resolve_reads_unique_runs_and_names_the_rules() -> None:
    new = GluedRun(cells(T3[0]), ("31520000317",), "一、本年新收", 7)
    zeros = GluedRun(cells(T3[1]), ("0000000",), "二、上年结转", 8)
    inferred, issues = resolve([new, zeros], {})
    assert [(c.pointer.rsplit("/", 1)[1], c.value, c.raw, c.rules) for c in inferred[:2]] == [
        ("natural_person", 315, "315", ("t3.applicants",)),
        ("commercial_enterprise", 2, "2", ("t3.applicants",)),
    ]
    assert [c.value for c in inferred[7:]] == [0] * 7
    assert all(c.rules == () for c in inferred[7:])
    assert [(i.code, i.pointer) for i in issues] == [("glued.inferred", "/requests/new"), ("glued.split", None)]


# ---------------------------------------------------------------- separating the text


def test_a_numbering_prefix_belongs_to_the_next_label() -> None:
    text = (
        "（三）不予公开1.属于国家秘密50000052.其他法律行政法规禁止公开0000000"
        "5.属于三类内部事务信息4100000416.属于四类过程性信息0000000"
    )
    assert separate([text]) == {
        0: [
            "（三）不予公开",
            "1.属于国家秘密 | 5000005",
            "2.其他法律行政法规禁止公开 | 0000000",
            "5.属于三类内部事务信息 | 410000041",
            "6.属于四类过程性信息 | 0000000",
        ]
    }


def test_prose_list_of_part_names_is_not_a_heading() -> None:
    text = (
        "本报告共分6个部分：总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况。"
        "一、总体情况 本年度公开信息12条。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数"
        "规章000行政规范性文件1203"
    )
    assert separate(["标题", text]) == {
        1: [
            "本报告共分6个部分：总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况。",
            "一、总体情况",
            "本年度公开信息12条。",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "信息内容",
            "本年制发件数",
            "规章 | 000",
            "行政规范性文件 | 1203",
        ]
    }


@pytest.mark.parametrize(
    "text",
    [
        gxopen.example_text(),
        layouts.markdown_rows(gxopen.load_example()),
        layouts.space_separated(gxopen.load_example()),
        "一、总体情况\n全年办理行政许可3817件、行政处罚960件，规章0件。\n二、主动公开政府信息情况\n规章 0 0 0",
    ],
)
def test_separated_layouts_and_narrative_are_left_alone(text: str) -> None:
    assert separate(text.split("\n")) is None


def test_a_row_on_a_line_of_its_own() -> None:
    assert separate(["规章000", "全年办理行政许可3817件"]) == {0: ["规章 | 000"]}


# ---------------------------------------------------------------- whole reports through the parser


def errors_cover(result: gxopen.ParseResult, where: str) -> bool:
    """Whether an error names the cell, its row or its table."""
    return any(
        e.pointer is not None and (where == e.pointer or where.startswith(e.pointer + "/")) for e in result.errors
    )


def parsed(text: str) -> tuple[gxopen.ParseResult, gxopen.Report]:
    result = gxopen.parse_text(text)
    assert result.report is not None
    return result, result.report


def assert_exact_or_flagged(result: gxopen.ParseResult, report: gxopen.Report) -> int:
    """Every cell comes back exactly, or is None with an error; returns how many came back."""
    assert result.report is not None
    got = dict(iter_cells(result.report))
    exact = 0
    for path, value in iter_cells(report):
        where = pointer(path)
        if got[path] is None:
            assert errors_cover(result, where), where
        else:
            assert got[path] == value, (where, got[path], value)
            assert where in result.cells
            exact += 1
    return exact


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(reports(blanks="none"), st.booleans())
def test_glued_dumps_give_every_cell_or_an_error(report: gxopen.Report, per_row: bool) -> None:
    report = attrs.evolve(report, agency="某某综合实验区", title=None)
    result, got = parsed(layouts.glued(report, lines_per_row=per_row))
    assert_exact_or_flagged(result, report)
    assert (got.agency, got.year) == (report.agency, report.year)


def applicants(*values: int) -> ApplicantCounts:
    keys = [c.key or "" for c in TABLE3_COLUMNS]
    return ApplicantCounts(**dict(zip(keys, (*values, sum(values)), strict=True)))


def column_sum(rows: list[ApplicantCounts]) -> ApplicantCounts:
    keys = [c.key or "" for c in TABLE3_COLUMNS[:6]]
    return applicants(*(sum(getattr(r, k) for r in rows) for k in keys))


OUTCOMES = "/requests/outcomes/"


@pytest.fixture
def glued_seed(seed: gxopen.Report) -> gxopen.Report:
    """The seed with multi-digit counts, some of whose glued runs need the identities to split."""
    report = attrs.evolve(seed, overview="本年度共收到政府信息公开申请若干件。")
    report = replace(report, ("proactive", "normative_documents"), DocumentCounts(issued=51, repealed=22, in_force=380))
    report = replace(report, ("requests", "outcomes", "granted"), applicants(34, 0, 0, 3, 0, 1))
    report = replace(report, ("requests", "outcomes", "unavailable", "not_held"), applicants(189, 1, 0, 0, 0, 3))
    leaves = [get(report, spec.path) for spec in T3 if spec.path[1] == "outcomes" and spec.path[2] != "total"]
    total = column_sum(leaves)
    report = replace(report, ("requests", "outcomes", "total"), total)
    report = replace(report, ("requests", "new"), total)
    review = ReviewCounts(upheld=3, corrected=1, other=2, pending=1, total=7)
    done: gxopen.Report = replace(report, ("review_litigation", "review"), review)
    return done


def test_a_glued_report_reads_with_inferred_cells(glued_seed: gxopen.Report) -> None:
    assert gxopen.validate(glued_seed) == []
    result, got = parsed(layouts.glued(glued_seed))
    assert assert_exact_or_flagged(result, glued_seed) == 197
    # The one row without an identity and several splits stays unread, naming the candidates.
    nulls = [pointer(p) for p, v in iter_cells(got) if v is None]
    assert nulls == [f"/proactive/normative_documents/{k}" for k in ("issued", "repealed", "in_force")]
    (error,) = result.errors
    assert error.code == "glued.ambiguous"
    assert "'5122380'" in error.message
    assert "51 22 380" in error.message
    assert "(15 in all)" in error.message
    # Leading zeros: '000' is three zeros, the only split.
    values = {pointer(p): v for p, v in iter_cells(got)}
    assert [values[f"/proactive/regulations/{k}"] for k in ("issued", "repealed", "in_force")] == [0, 0, 0]
    # The column identities chose between the two readings of 予以公开 '340030138' that balance.
    (granted,) = [w for w in result.warnings if w.pointer == OUTCOMES + "granted"]
    assert "3 4 0 0 30 1 38 | 34 0 0 3 0 1 38" in granted.message
    assert "t3.applicants, t3.outcomes" in granted.message
    # Provenance: the cell was inferred, by which passes and rules, from which digits.
    source = result.cells[OUTCOMES + "granted/natural_person"]
    assert (source.raw, source.inferred, source.passes) == ("34", True, ("separate_glued", "split_glued_runs"))
    assert source.rules == ("t3.applicants", "t3.outcomes")
    zero = result.cells["/proactive/regulations/repealed"]
    assert (zero.raw, zero.inferred, zero.rules) == ("0", True, ())
    licensing = result.cells["/proactive/licensing/decisions"]
    assert (licensing.raw, licensing.inferred, licensing.passes) == ("264", False, ("separate_glued",))


def errors_found(report: gxopen.Report) -> set[str]:
    return {f.rule for f in gxopen.validate(report) if f.severity is gxopen.Severity.ERROR}


def test_a_report_that_does_not_balance_is_not_repaired(glued_seed: gxopen.Report) -> None:
    # A run with one split only is read as it stands, balanced or not; the validator finds it.
    unbalanced = replace(glued_seed, ("requests", "carried_over", "natural_person"), 1)
    result, got = parsed(layouts.glued(unbalanced))
    assert got.requests.carried_over == unbalanced.requests.carried_over
    assert errors_found(got) == {"t3.applicants", "t3.balance"}
    # The identities are not trusted to choose in a table that already breaks them.
    (error,) = [e for e in result.errors if e.pointer == OUTCOMES + "granted"]
    assert "the cells read already break t3.balance [natural_person]" in error.message
    # The outcomes total one more than its rows: the identities cannot choose a reading of 予以公开.
    for column in ("natural_person", "total"):
        unbalanced = replace(unbalanced, ("requests", "carried_over", column), 0)
        for row in ("new", "outcomes"):
            path = ("requests", row, column) if row == "new" else ("requests", "outcomes", "total", column)
            unbalanced = replace(unbalanced, path, get(unbalanced, path) + 1)
    result, got = parsed(layouts.glued(unbalanced))
    assert_exact_or_flagged(result, unbalanced)
    assert got.requests.outcomes.granted == ApplicantCounts(
        **dict.fromkeys((c.key or "" for c in TABLE3_COLUMNS), None)
    )
    (error,) = [e for e in result.errors if e.pointer == OUTCOMES + "granted"]
    assert "no combination satisfies the table's identities" in error.message
    assert errors_found(got) == set()


def test_cli_text_lists_the_inferred_cells(glued_seed: gxopen.Report, tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(layouts.glued(glued_seed), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(["parse", "--format", "text", str(path)], out, err) == 1
    text = out.getvalue()
    assert "197 of 200 cells read (193 inferred), 1 error(s)" in text
    assert (
        f"inferred: {OUTCOMES}granted/natural_person = 34 from '34' (line 2; rules t3.applicants, t3.outcomes)" in text
    )
    assert "inferred: /proactive/regulations/issued = 0 from '0' (line 2; rules -)" in text
