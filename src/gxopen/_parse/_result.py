"""What a parser returns: the report, and an honest account of how it was read."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from gxopen._codes import Edition
from gxopen._model import Report
from gxopen._parse._tokens import Piece

__all__ = ["ISSUE_CODES", "CellSource", "CellSources", "IssueLevel", "ParseIssue", "ParseResult"]


@attrs.frozen
class CellSource:
    """Where one cell of the report came from.

    Attributes:
        pointer: The cell's JSON pointer.
        raw: The token as published (``"0"``, ``"/"``, ``""``, ``"251000元"``),
            so a blank, a slash and a zero are never confused.
        line: The 1-based line of the text (for HTML, of the page's text
            rendering, which :attr:`ParseResult.lines` holds).
        table: For HTML, the 0-based index of the ``<table>`` in the page; for
            Word and PDF, of the table in the document.
        row: For HTML, Word and PDF, the 0-based row of the expanded table grid.
        column: For HTML, Word and PDF, the 0-based column of the expanded table grid.
        passes: The names of the parser's passes that touched the cell beyond
            reading it where it stood, in order (e.g. ``"assign_bare_rows"``
            for a row of numbers whose label stands elsewhere); see the
            explanation of how parsing works in the docs.
        inferred: Whether the value was not written as a token of its own
            but inferred (a run of glued digits split with the help of the
            table's identities); such a cell always has a warning too.
        rules: For an inferred value, the ids of the identities used.
        page: For PDF, the 1-based page.
        box: For PDF, the cell's box on the page: ``(x0, top, x1, bottom)``
            in points from the page's top-left corner.
    """

    pointer: str
    raw: str
    line: int
    table: int | None = None
    row: int | None = None
    column: int | None = None
    passes: tuple[str, ...] = ()
    inferred: bool = False
    rules: tuple[str, ...] = ()
    page: int | None = None
    box: tuple[float, float, float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return attrs.asdict(self)


_Place = tuple[int, tuple[float, float, float, float]]


class CellSources(Mapping[str, CellSource]):
    """Pointer → :class:`CellSource`, built on access from the pieces read."""

    __slots__ = ("_places", "_raw")

    def __init__(self, raw: dict[str, Piece], places: Mapping[tuple[int, int, int], _Place] | None = None) -> None:
        self._raw = raw
        self._places = places or {}

    def placed(self, places: Mapping[tuple[int, int, int], _Place]) -> CellSources:
        """The same records with the page and box of each ``(table, row, column)`` (for PDF)."""
        return CellSources(self._raw, places)

    def __getitem__(self, key: str) -> CellSource:
        piece = self._raw[key]
        table, row, column = piece.loc or (None, None, None)
        page, box = self._places.get(piece.loc, (None, None)) if piece.loc is not None else (None, None)
        return CellSource(
            key, piece.raw, piece.line, table, row, column, piece.passes, piece.inferred, piece.rules, page, box
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"CellSources({len(self)} cells)"


class IssueLevel(enum.StrEnum):
    """How bad a parse issue is."""

    WARNING = "warning"
    """Something was guessed (a paraphrased label, an inferred edition, a unit converted)."""
    ERROR = "error"
    """Something could not be read; the affected cells are ``None``."""


ISSUE_CODES: dict[str, str] = {
    "cells.ambiguous": "a row's values are too many or too few for its columns; the row is left unread",
    "cells.missing": "a row's label was found but no values for it; the row is left unread",
    "edition.inferred": "no edition-specific label was found (or as many of each); the year decides: 2019 edition"
    " up to 2020, 2021 edition after",
    "encoding.guessed": "a page's encoding was detected, not declared",
    "encoding.mismatch": "a page's declared encoding does not decode its bytes",
    "heading.missing": "a part heading was not found",
    "heading.paraphrased": "a part heading was read from its number and key words, or its wording under another number",
    "label.paraphrased": "a row label was read from its key words",
    "label.variant": "a row label is a known variant of the official one",
    "meta.agency": "the agency was not found (error), or taken from the file name (warning)",
    "meta.year": "the year was not found (error: no report), taken from the period sentence or the file name,"
    " or overridden by the caller (warnings)",
    "row.duplicate": "a row appears twice; the first is kept",
    "row.not_found": "a row's label was not found",
    "rows.by_position": "rows of numbers without labels were given, in the official order, to the unread rows"
    " between two read rows",
    "table.not_found": "a table was not found",
    "table4.header": "table 4's labels could not be read and its totals do not confirm the official order;"
    " its cells are left unread",
    "table4.order_assumed": "table 4's labels could not be read; the official order is assumed because every"
    " group's total checks out",
    "table4.reordered": "table 4's labels are not in the official order; the values follow the labels",
    "unit.assumed": "a 2019 procurement amount names no unit in its cell or header; 万元 is assumed",
    "unit.converted": "an amount in 元 was converted to 万元",
    "value.negative": "a negative amount; the cell is left unread",
    "value.not_a_count": "a signed, fractional or too large number in a count cell; the cell is left unread",
    "value.out_of_range": "an amount beyond gxopen's bounds; the cell is left unread",
    "value.remark": "a remark inside a row (22（其中修订 16 件）) was set aside",
    "value.stray": "a lone number between rows (a page number) was ignored",
    "value.unit": "a money unit in a count cell, or a count unit in a money cell; the cell is left unread",
    "value.unreadable": "a number written with a superscript, another script's digit or an invisible character;"
    " the cell is left unread",
    "values.unplaced": "a row of values without a label had no unread row to go to",
}
"""Every code a :class:`ParseIssue` can carry, with what it means."""


@attrs.frozen
class ParseIssue:
    """Something a parser guessed or could not read.

    Attributes:
        level: Warning (guessed) or error (not read).
        code: A stable id, e.g. ``cells.ambiguous``; every code is listed, with
            its meaning, in the how-to guide on parsing published reports.
        message: What happened, naming the row and what was found.
        line: The 1-based line it concerns, if any.
        pointer: The JSON pointer it concerns, if any.
    """

    level: IssueLevel
    code: str
    message: str
    line: int | None = None
    pointer: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{self.level.value}: {where}{self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {**attrs.asdict(self), "level": self.level.value}


@attrs.frozen
class ParseResult:
    """A parsed report with its provenance.

    Attributes:
        report: The report. Cells that could not be read are ``None`` and each
            has an error in :attr:`errors`; nothing is ever filled in.
            ``None`` only when the report's year could not be found (the
            model needs it): the tables are still read, :attr:`values` holds
            them, an error ``meta.year`` says so, and passing ``year=`` to
            the parser (``gxopen parse --year``) gives the report.
        edition: The edition detected from the labels.
        cells: For every cell of tables 2–4 that was read, where it came from.
        warnings: What was guessed.
        errors: What could not be read.
        preamble: Text before part 一 (the introduction), kept so nothing is lost.
        lines: The text the parser read, one entry per line (for HTML, the
            page's text rendering): :attr:`CellSource.line` indexes it.
        source: The file name given by the caller.
        encoding: For bytes input, the encoding used to decode them.
        values: Every cell of tables 2–4 by JSON pointer, ``None`` where not
            read: the tables, also when :attr:`report` is ``None``.
        agency: The publishing agency found (or given); empty when unknown.
        year: The report's year found (or given); ``None`` when unknown.
    """

    report: Report | None
    edition: Edition
    cells: Mapping[str, CellSource]
    warnings: tuple[ParseIssue, ...] = ()
    errors: tuple[ParseIssue, ...] = ()
    preamble: str | None = None
    lines: tuple[str, ...] = ()
    source: str | None = None
    encoding: str | None = None
    values: Mapping[str, int | Decimal | None] = attrs.field(factory=dict)
    agency: str = ""
    year: int | None = None

    @property
    def complete(self) -> bool:
        """Whether every cell was read and nothing is in :attr:`errors`."""
        return not self.errors

    def issues(self) -> tuple[ParseIssue, ...]:
        """Errors, then warnings."""
        return (*self.errors, *self.warnings)
