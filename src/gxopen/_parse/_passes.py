"""The parser's pipeline: what a pass works on, and how it reports.

The passes, their order and where a new one is registered are listed at the
top of :mod:`gxopen._parse._engine`. A pass is a function ``(ctx) -> None``
over a :class:`DocumentContext` (every line) or a :class:`TableContext` (one
table's lines); it rewrites ``ctx.lines`` and reports through ``ctx.issues``.
A piece it makes or moves records the pass's name (``piece.touched(name)``),
which reaches the cell's provenance (:attr:`gxopen.CellSource.passes`).
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

    def text(self) -> str:
        """The lines' text joined by newlines (for a pass's quick test of whether it has work)."""
        return "\n".join(line.text for line in self.lines)


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
