"""The parser as a pipeline of small named passes.

The engine (:func:`gxopen._parse._engine.build`) runs these steps, in order.
Each pass has a name; a piece (cell) that a pass makes or moves records the
name (``piece.touched(name)``), and the name reaches the cell's provenance
(:attr:`gxopen.CellSource.passes`).

Document passes, over every line (``DOCUMENT_PASSES``, :mod:`._document`):

1. ``depaginate`` — page footers (``— 4 —``, ``-4-``, ``第 4 页``) and form
   feeds are removed, also a footer glued to the end of a row.
2. ``markdown_debris`` — Markdown heading marks (``###``) are cut off and
   placeholder rows (``| - | - |``) dropped.

Then the engine finds the part headings, the title, agency and year, and the
lines of each table (:mod:`._meta`).

Table passes, over the lines of each table (``TABLE_PASSES``, :mod:`._labels`;
``ctx.table`` says which table):

3. ``vertical_labels`` — a group label written downward one character per
   line leaves single characters glued to the front of item labels
   (``本   2.其他法律…``); they are cut off.
4. ``join_wrapped_labels`` — a label wrapped over 2–4 lines becomes one piece.
5. (``glued`` — :mod:`._glued` splits runs of glued digits; register it here.)

Reading, tables 2 and 3 (:mod:`._rows`):

6. ``match_rows`` — each label takes the values after it when their count is
   unambiguous; header lines and Markdown headings repeating a label are skipped.
7. ``assign_bare_rows`` — rows of numbers whose label stands elsewhere go, in
   the official order, to the unread rows between two read rows, only when
   the counts match exactly.

Reading, table 4 (:mod:`._table4`):

8. ``table4_by_header`` — the 15 values are placed by the group and column
   labels of the header; a garbled header falls back to the official order
   only when every group's total checks out.

A new pass is a function ``(ctx) -> None`` that rewrites ``ctx.lines`` and
reports through ``ctx.issues``; add it to ``DOCUMENT_PASSES`` or
``TABLE_PASSES`` below at its place in the order, add a line to the list
above and to ``docs/explanation.md``, and give it its own tests.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from gxopen._codes import Edition
from gxopen._parse._result import IssueLevel, ParseIssue
from gxopen._parse._tokens import Line

__all__ = ["DocumentContext", "Issues", "Pass", "TableContext"]


@attrs.define
class Issues:
    """Where passes and readers report what they guessed (warnings) and could not read (errors)."""

    warnings: list[ParseIssue] = attrs.Factory(list)
    errors: list[ParseIssue] = attrs.Factory(list)

    def warn(self, code: str, message: str, line: int | None = None, where: str | None = None) -> None:
        """Record a warning."""
        self.warnings.append(ParseIssue(IssueLevel.WARNING, code, message, line, where))

    def error(self, code: str, message: str, line: int | None = None, where: str | None = None) -> None:
        """Record an error."""
        self.errors.append(ParseIssue(IssueLevel.ERROR, code, message, line, where))


@attrs.define
class DocumentContext:
    """What a document pass works on: every line of the input."""

    lines: list[Line]
    issues: Issues


@attrs.define
class TableContext:
    """What a table pass works on: the lines of one table.

    Attributes:
        table: ``"2"``, ``"3"`` or ``"4"``.
        edition: The edition being read.
        lines: The table's lines; a pass replaces them (``Line(text, number, pieces)``
            keeps the original line number).
        issues: Where to report.
    """

    table: str
    edition: Edition
    lines: list[Line]
    issues: Issues


@attrs.frozen
class Pass:
    """A named step of the pipeline."""

    name: str
    run: Callable[..., None]
    summary: str
