"""Hypothesis strategies for reports, for gxopen's tests and for yours.

Needs the ``hypothesis`` extra (``pip install "gxopen[hypothesis]"``).

:func:`reports` draws reports that are valid *by construction*: the leaf cells
are drawn and every total is computed from them, so each accounting identity
holds. :func:`report_pairs` draws two consecutive years of one agency whose
cross-year identities hold too. Both take the edition(s) to draw: the 2021
edition by default, the 2019 edition (reports for 2019 and 2020), or a 2020
report in the 2019 edition followed by a 2021 report in the 2021 edition.

Real reports leave cells blank (``None``: "not reported", never zero), so by
default both draw blanks too, in one of three shapes per report (see
:data:`BlankMode`): none, zero cells left blank, or blanks anywhere. Blanks
are made *after* the consistent report is built, so the validator never finds
an error or warning in a drawn report, only ``not_assessable`` notes for the
identities a blank leaves unchecked. Pass ``blanks="none"`` where a test needs
every cell filled.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError('gxopen.strategies needs Hypothesis: pip install "gxopen[hypothesis]"') from exc

import attrs

from gxopen._cells import Path, get, iter_cells, replace, table2_rows, table3_rows_spec, table4_rows
from gxopen._codes import TABLE3_COLUMNS, Edition
from gxopen._model import (
    ApplicantCounts,
    DecisionCount,
    Denied,
    DocumentCounts,
    DocumentCounts2019,
    FeeAmount,
    FeeItems,
    ItemCounts,
    NotProcessed,
    OtherOutcomes,
    Outcomes,
    Proactive,
    Proactive2019,
    Procurement,
    Report,
    Requests,
    ReviewCounts,
    ReviewLitigation,
    Unavailable,
)
from gxopen._validate import _LOWER_LEVEL

__all__ = [
    "BlankMode",
    "Perturbation",
    "agencies",
    "applicant_counts",
    "blank_cells",
    "counts",
    "money",
    "perturbations",
    "proactive",
    "proactive_2019",
    "report_pairs",
    "reports",
    "review_counts",
]

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]),
    max_size=60,
)

_APPLICANT_KEYS = tuple(c.key or "" for c in TABLE3_COLUMNS[:6])
"""The six applicant columns whose sum is the total."""


def counts(max_value: int = 500) -> st.SearchStrategy[int]:
    """Non-negative counts, small ones (and zero) most often."""
    return st.one_of(st.just(0), st.integers(min_value=0, max_value=9), st.integers(min_value=0, max_value=max_value))


def money() -> st.SearchStrategy[Decimal]:
    """Non-negative exact amounts in 万元 with 0–4 decimal places, below 10,000 万元.

    Larger whole amounts trip the ``p.fee_unit`` plausibility warning.
    """
    return st.integers(min_value=0, max_value=4).flatmap(
        lambda places: st.integers(min_value=0, max_value=10 ** (4 + places) - 1).map(
            lambda n: Decimal(n).scaleb(-places)
        )
    )


_AGENCIES = st.sampled_from(
    [
        "重庆市人民政府",
        "北京市交通委员会",
        "广东省人民政府办公厅",
        "上海市浦东新区人民政府",
        "浙江省杭州市人民政府",
    ]
)


def agencies() -> st.SearchStrategy[str]:
    """Agency names that may make 规章 (so ``p.regulations_agency`` stays quiet)."""
    return _AGENCIES | _TEXT.filter(lambda t: not _LOWER_LEVEL.search(t))


def _row(values: dict[str, int]) -> ApplicantCounts:
    return ApplicantCounts(**values, total=sum(values.values()))


def _applicants(max_value: int) -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries({k: counts(max_value) for k in _APPLICANT_KEYS})


def applicant_counts(max_value: int = 500) -> st.SearchStrategy[ApplicantCounts]:
    """A table 3 row whose total is the sum of its six applicant columns."""
    return _applicants(max_value).map(_row)


def review_counts(max_value: int = 50) -> st.SearchStrategy[ReviewCounts]:
    """A table 4 group whose total is the sum of its four results."""
    return st.tuples(*(counts(max_value) for _ in range(4))).map(
        lambda v: ReviewCounts(upheld=v[0], corrected=v[1], other=v[2], pending=v[3], total=sum(v))
    )


def proactive() -> st.SearchStrategy[Proactive]:
    """Table 2 of the 2021 edition (no identities bind it within one year)."""
    docs = st.builds(DocumentCounts, issued=counts(50), repealed=counts(50), in_force=counts(1000))
    decisions = st.builds(DecisionCount, decisions=counts(100_000))
    return st.builds(
        Proactive,
        regulations=docs,
        normative_documents=docs,
        licensing=decisions,
        penalty=decisions,
        coercion=decisions,
        fees=st.builds(FeeAmount, amount=money()),
    )


def _items(draw: st.DrawFn, previous: tuple[int | None, int | None] | None, decisions: bool) -> Any:
    """A 2019 item row; ``previous`` is last year's (上一年项目数量, 本年增/减), which fixes this year's count."""
    items: int | None
    if previous is None:
        items = draw(counts(500))
    elif previous[0] is None or previous[1] is None:
        items = draw(st.none() | counts(500))
    else:
        items = previous[0] + previous[1]
    change = draw(st.integers(min_value=-(items or 0), max_value=50))
    if decisions:
        return ItemCounts(previous_items=items, change=change, decisions=draw(counts(100_000)))
    return FeeItems(previous_items=items, change=change)


_ITEM_ROWS = ("licensing", "other_services", "penalty", "coercion", "fees")


@st.composite
def proactive_2019(draw: st.DrawFn, *, previous: Proactive2019 | None = None) -> Proactive2019:
    """Table 2 of the 2019 edition; with ``previous``, its 上一年项目数量 follow from last year's.

    Signed changes never take an item count below zero. The procurement amount
    is in 万元, with the unit the report used drawn from 元 and 万元 (a report
    that names none draws the ``p.procurement_unit`` warning).
    """
    docs = st.builds(DocumentCounts2019, made=counts(50), published=counts(50), total_published=counts(1000))

    def last(key: str) -> tuple[int | None, int | None] | None:
        if previous is None:
            return None
        row = getattr(previous, key)
        return row.previous_items, row.change

    rows = {key: _items(draw, last(key), key != "fees") for key in _ITEM_ROWS}
    procurement = Procurement(
        projects=draw(counts(5000)),
        amount=draw(money()),
        reported_unit=draw(st.sampled_from(["元", "万元"])),
    )
    return Proactive2019(regulations=draw(docs), normative_documents=draw(docs), **rows, procurement=procurement)


def _requests_from(
    leaves: dict[tuple[str, ...], dict[str, int]],
    carried_over_wish: dict[str, int],
    carried_forward: dict[str, int],
) -> Requests:
    """Build table 3 from its outcome leaves, computing every total."""
    rows = {path: _row(values) for path, values in leaves.items()}
    total = {k: sum(v[k] for v in leaves.values()) for k in _APPLICANT_KEYS}
    # new + carried_over = total + carried_forward; carried_over may not exceed the right side.
    carried_over = {k: min(carried_over_wish[k], total[k] + carried_forward[k]) for k in _APPLICANT_KEYS}
    new = {k: total[k] + carried_forward[k] - carried_over[k] for k in _APPLICANT_KEYS}

    def group(cls: type[Any], name: str) -> Any:
        return cls(**{path[1]: row for path, row in rows.items() if path[0] == name and len(path) == 2})

    return Requests(
        new=_row(new),
        carried_over=_row(carried_over),
        outcomes=Outcomes(
            granted=rows[("granted",)],
            partially_granted=rows[("partially_granted",)],
            denied=group(Denied, "denied"),
            unavailable=group(Unavailable, "unavailable"),
            not_processed=group(NotProcessed, "not_processed"),
            other=rows[("other",)] if ("other",) in rows else group(OtherOutcomes, "other"),
            total=_row(total),
        ),
        carried_forward=_row(carried_forward),
    )


_LEAF_PATHS = {
    edition: tuple(
        spec.path[2:]
        for spec in table3_rows_spec(edition)
        if spec.path[1] == "outcomes" and spec.path[2:] != ("total",)
    )
    for edition in Edition
}
_YEARS = {Edition.E2019: (2019, 2020), Edition.E2021: (2021, 2030)}


BlankMode = Literal["mixed", "none", "zeros", "any"]
"""Which cells a drawn report leaves blank (``None``).

* ``"none"``: every cell is filled.
* ``"zeros"``: some or all cells whose value is 0 are blank, as publishers who
  fill only the non-zero cells do; reading blanks as zero
  (``blank_as_zero=True``) gives back a consistent report.
* ``"any"``: any cells may be blank, totals included.
* ``"mixed"``: one of the three above, drawn per report (the default).
"""

_BLANK_MODES: tuple[BlankMode, ...] = ("none", "zeros", "any")


@st.composite
def blank_cells(draw: st.DrawFn, report: Report, mode: BlankMode = "mixed") -> Report:
    """Draw a copy of ``report`` with some of its table cells blank (``None``).

    Args:
        draw: Supplied by Hypothesis.
        report: The report to blank cells of.
        mode: Which cells may become blank; see :data:`BlankMode`.
    """
    if mode == "mixed":
        mode = draw(st.sampled_from(_BLANK_MODES))
    if mode == "none":
        return report
    cells = [(path, value) for path, value in iter_cells(report) if value is not None]
    if mode == "zeros":
        zeros = [path for path, value in cells if value == 0]
        # Either every zero left blank (the usual publisher) or some of them.
        chosen: Iterable[Path] = zeros if not zeros or draw(st.booleans()) else draw(st.sets(st.sampled_from(zeros)))
    else:
        chosen = draw(st.sets(st.sampled_from([path for path, _ in cells]), min_size=1, max_size=12))
    for path in chosen:
        report = replace(report, path, None)
    return report


@st.composite
def reports(
    draw: st.DrawFn,
    *,
    agency: str | None = None,
    year: int | None = None,
    carried_over: ApplicantCounts | None = None,
    in_force: tuple[int | None, int | None] | None = None,
    blanks: BlankMode = "mixed",
    edition: Edition = Edition.E2021,
    previous_items: Proactive2019 | None = None,
) -> Report:
    """Draw a report whose numbers are consistent by construction.

    Args:
        draw: Supplied by Hypothesis.
        agency: Fix the agency instead of drawing it.
        year: Fix the year (default: drawn from 2021–2030 for the 2021
            edition, 2019–2020 for the 2019 edition).
        carried_over: Fix table 3 row 2 (for a consecutive year); blank cells
            in it are read as 0.
        in_force: Last year's 现行有效件数 of 规章 and 行政规范性文件; this
            year's is then computed from issued and repealed (2021 edition).
        blanks: Which cells to leave blank (default: drawn per report); see
            :data:`BlankMode`. Blanks are made after the numbers are made
            consistent, so no identity is broken by a blank, only left
            unchecked.
        edition: The edition of the report.
        previous_items: Last year's 2019-edition table 2; this year's
            上一年项目数量 then follow from its counts and changes.
    """
    report = draw(
        _complete_reports(
            agency=agency,
            year=year,
            carried_over=carried_over,
            in_force=in_force,
            edition=edition,
            previous_items=previous_items,
        )
    )
    return draw(blank_cells(report, blanks))


@st.composite
def _complete_reports(
    draw: st.DrawFn,
    *,
    agency: str | None,
    year: int | None,
    carried_over: ApplicantCounts | None,
    in_force: tuple[int | None, int | None] | None,
    edition: Edition,
    previous_items: Proactive2019 | None,
) -> Report:
    wish = None if carried_over is None else {k: getattr(carried_over, k) or 0 for k in _APPLICANT_KEYS}
    requests = _draw_requests(draw, wish, edition)
    table2: Proactive | Proactive2019 = (
        draw(proactive_2019(previous=previous_items)) if edition is Edition.E2019 else draw(proactive())
    )
    if in_force is not None and isinstance(table2, Proactive):
        table2 = attrs.evolve(
            table2,
            regulations=_flow(draw, in_force[0]),
            normative_documents=_flow(draw, in_force[1]),
        )
    first, last = _YEARS[edition]
    return Report(
        edition=edition,
        agency=agency if agency is not None else draw(agencies()),
        year=year if year is not None else draw(st.integers(min_value=first, max_value=last)),
        overview=draw(st.none() | _TEXT),
        proactive=table2,
        requests=requests,
        review_litigation=draw(
            st.builds(
                ReviewLitigation,
                review=review_counts(),
                litigation_direct=review_counts(),
                litigation_after_review=review_counts(),
            )
        ),
        problems=draw(st.none() | _TEXT),
        other_matters=draw(st.none() | _TEXT),
        title=draw(st.none() | _TEXT),
        published=draw(st.none() | _DATES),
        source=draw(st.none() | _TEXT),
    )


_DATES = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31))


def _flow(draw: st.DrawFn, previous: int | None) -> DocumentCounts:
    if previous is None:
        return draw(st.builds(DocumentCounts, issued=counts(50), repealed=counts(50), in_force=counts(1000)))
    issued = draw(counts(50))
    repealed = draw(st.integers(min_value=0, max_value=previous + issued))
    return DocumentCounts(issued=issued, repealed=repealed, in_force=previous + issued - repealed)


def _draw_requests(draw: st.DrawFn, carried_over: dict[str, int] | None, edition: Edition) -> Requests:
    # Most leaves are zero in real reports: draw each leaf row as all-zero or as counts.
    zero = dict.fromkeys(_APPLICANT_KEYS, 0)
    leaves = {path: draw(st.just(zero) | _applicants(50)) for path in _LEAF_PATHS[edition]}
    forward = draw(_applicants(50))
    if carried_over is None:
        return _requests_from(leaves, draw(_applicants(50)), forward)
    # Last year's carried-forward requests must be handled or carried on: make room in 予以公开.
    total = {k: sum(v[k] for v in leaves.values()) for k in _APPLICANT_KEYS}
    granted = leaves[("granted",)]
    leaves[("granted",)] = {k: granted[k] + max(0, carried_over[k] - total[k] - forward[k]) for k in _APPLICANT_KEYS}
    return _requests_from(leaves, carried_over, forward)


@st.composite
def report_pairs(
    draw: st.DrawFn,
    editions: tuple[Edition, Edition] = (Edition.E2021, Edition.E2021),
    *,
    blanks: BlankMode = "mixed",
) -> tuple[Report, Report]:
    """Draw ``(previous, current)``: consecutive reports of one agency.

    Table 3 row 2 of ``current`` equals row 4 of ``previous``. Between two
    2021-edition reports this year's 现行有效件数 follow from last year's plus
    issued minus repealed; between two 2019-edition reports (2019 → 2020) this
    year's 上一年项目数量 are last year's plus its 本年增/减. Each report then
    gets its own blanks (see :data:`BlankMode`).

    Args:
        draw: Supplied by Hypothesis.
        editions: The editions of ``previous`` and ``current``:
            ``(E2019, E2021)`` draws a 2020 report in the 2019 edition and a
            2021 report in the 2021 edition.
        blanks: Which cells to leave blank.
    """
    before, after = editions
    if before is Edition.E2021 and after is Edition.E2021:
        year = draw(st.integers(min_value=2021, max_value=2029))
    elif before is Edition.E2019 and after is Edition.E2019:
        year = 2019
    elif before is Edition.E2019:
        year = 2020
    else:
        raise ValueError("a 2021-edition report is not followed by a 2019-edition one")
    complete = draw(reports(year=year, blanks="none", edition=before))
    p2 = complete.proactive
    same = before is after
    current = draw(
        reports(
            agency=complete.agency,
            year=complete.year + 1,
            carried_over=complete.requests.carried_forward,
            in_force=(p2.regulations.in_force, p2.normative_documents.in_force)
            if same and isinstance(p2, Proactive)
            else None,
            blanks=blanks,
            edition=after,
            previous_items=p2 if same and isinstance(p2, Proactive2019) else None,
        )
    )
    return draw(blank_cells(complete, blanks)), current


@attrs.frozen
class Perturbation:
    """A valid, complete report with one cell of tables 2–4 changed.

    Attributes:
        original: The valid report, every cell filled.
        report: The report with the cell changed.
        path: The path of the changed cell.
        delta: How much the cell changed (never 0; the new value is ≥ 0).
        previous: Last year's report when drawn with ``cross_year=True``
            (``original`` and ``previous`` then satisfy the cross-year rules).
    """

    original: Report
    report: Report
    path: tuple[str, ...]
    delta: int
    previous: Report | None = None


_CELL_PATHS = {
    edition: tuple(
        row.cell(col)
        for row in (*table2_rows(edition), *table3_rows_spec(edition), *table4_rows())
        for col in row.columns
    )
    for edition in Edition
}


@st.composite
def perturbations(draw: st.DrawFn, *, cross_year: bool = False, edition: Edition = Edition.E2021) -> Perturbation:
    """Draw a consistent, complete report and change one cell of table 2, 3 or 4.

    Table 2 has no identity within one year: changing its cells fires nothing
    unless the change trips a plausibility check (a whole fee amount of
    10,000 万元 or more), or ``cross_year`` is set.

    Args:
        draw: Supplied by Hypothesis.
        cross_year: Draw a consecutive pair and change the current report, so
            the cross-year rules (``x.carry``, ``x.in_force``, ``x.items``)
            are in play.
        edition: The edition of the changed report (and of last year's).
    """
    previous: Report | None = None
    if cross_year:
        previous, original = draw(report_pairs((edition, edition), blanks="none"))
    else:
        original = draw(reports(blanks="none", edition=edition))
    path = draw(st.sampled_from(_CELL_PATHS[edition]))
    value = get(original, path)
    # A count or an amount stays non-negative; a signed change (本年增/减) may already be below zero.
    low = -int(value) if value >= 0 else -100
    delta = draw(st.integers(min_value=low, max_value=100).filter(lambda d: d != 0))
    return Perturbation(original, replace(original, path, value + delta), path, delta, previous)
