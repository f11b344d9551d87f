"""Which identities a cell takes part in, worked out from FORMAT.md section 7, not from the rule table.

The validator's property tests compare its findings with this oracle: a
changed cell fires exactly the checks it is a term of; a blank cell leaves
exactly those checks not assessable, unless every term of a check is blank.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import gxopen
from gxopen._cells import Path, iter_cells, pointer

Check = tuple[str, str]
"""(rule id, scope key) of one instance of a rule."""

DOCUMENT_ROWS = ("regulations", "normative_documents")
IN_FORCE_COLUMNS = ("issued", "repealed", "in_force")  # 2021 edition
ITEM_COLUMNS = ("previous_items", "change")  # 2019 edition
BALANCE_ROWS = {("new",), ("carried_over",), ("carried_forward",), ("outcomes", "total")}


def rules_for(path: Path, *, cross_year: bool = False, previous: bool = False, same_edition: bool = True) -> set[Check]:
    """The checks a cell of the current (or, with ``previous``, last year's) report is a term of.

    Across editions (a 2020 report in the 2019 edition, then a 2021 report) only
    table 3's carry-over is compared: table 2 has other cells in each edition.
    """
    *row, column = path
    fired: set[Check] = set()
    if previous:
        if row == ["requests", "carried_forward"]:
            fired.add(("x.carry", column))
        if same_edition and row[0] == "proactive" and row[1] in DOCUMENT_ROWS and column == "in_force":
            fired.add(("x.in_force", row[1]))
        if same_edition and row[0] == "proactive" and column in ITEM_COLUMNS:
            fired.add(("x.items", row[1]))
        return fired
    if row[0] == "proactive":
        # No identity binds table 2 within one year; x.in_force (2021) or x.items (2019) across two.
        if cross_year and same_edition and row[1] in DOCUMENT_ROWS and column in IN_FORCE_COLUMNS:
            fired.add(("x.in_force", row[1]))
        if cross_year and same_edition and column == "previous_items":
            fired.add(("x.items", row[1]))
        return fired
    if row[0] == "review_litigation":
        return {("t4.total", row[1])}
    fired.add(("t3.applicants", row[-1]))
    rel = tuple(row[1:])
    if rel in BALANCE_ROWS:
        fired.add(("t3.balance", column))
    if rel[0] == "outcomes":
        fired.add(("t3.outcomes", column))
    if cross_year and rel == ("carried_over",):
        fired.add(("x.carry", column))
    return fired


def weight(path: Path) -> int:
    """The sign a cell has in its identities: 本年废止 is subtracted in x.in_force, all else added."""
    return -1 if path[-1] == "repealed" else 1


def is_total(path: Path, check: Check) -> bool:
    """Whether the cell is on the total side of ``check``."""
    rule, _ = check
    *row, column = path
    if rule in {"t3.applicants", "t4.total"}:
        return column == "total"
    if rule == "t3.balance":
        return tuple(row[1:]) in {("outcomes", "total"), ("carried_forward",)}
    if rule == "t3.outcomes":
        return tuple(row[1:]) == ("outcomes", "total")
    if rule == "x.carry":
        return tuple(row) == ("requests", "carried_over")
    if rule == "x.items":
        return column == "previous_items"  # this year's items of the previous year
    return column == "in_force"  # x.in_force: this year's in force


def terms(report: gxopen.Report, previous: gxopen.Report | None = None) -> dict[Check, set[str]]:
    """Every check with the pointers of its terms (last year's prefixed ``previous:``)."""
    out: dict[Check, set[str]] = defaultdict(set)
    same = previous is None or previous.edition is report.edition
    for path, _ in iter_cells(report):
        for chk in rules_for(path, cross_year=previous is not None, same_edition=same):
            out[chk].add(pointer(path))
    if previous is not None:
        for path, _ in iter_cells(previous):
            for chk in rules_for(path, previous=True, same_edition=same):
                out[chk].add("previous:" + pointer(path))
    return dict(out)


def blanks(report: gxopen.Report, previous: gxopen.Report | None = None) -> set[str]:
    """The pointers of the blank cells of tables 2–4 (last year's prefixed ``previous:``)."""
    found = {pointer(path) for path, value in iter_cells(report) if value is None}
    if previous is not None:
        found |= {"previous:" + pointer(path) for path, value in iter_cells(previous) if value is None}
    return found


def not_assessable(report: gxopen.Report, previous: gxopen.Report | None = None) -> dict[Check, set[str]]:
    """The checks a consistent report's blanks leave unchecked, with the blank terms of each.

    A check whose terms are all blank says nothing (nothing was reported).
    """
    blank = blanks(report, previous)
    return {chk: ts & blank for chk, ts in terms(report, previous).items() if ts & blank and not ts <= blank}


def fee_unit_fires(amount: Decimal | int | None) -> bool:
    """FORMAT.md: a whole fee amount of 10,000 万元 or more looks like 元 typed into the 万元 cell."""
    return amount is not None and amount >= 10_000 and amount == int(amount)
