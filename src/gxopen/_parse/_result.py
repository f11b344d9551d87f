"""What a parser returns: the report, and an honest account of how it was read."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from gxopen._codes import Edition
from gxopen._model import Report

__all__ = ["CellSource", "CellSources", "IssueLevel", "ParseIssue", "ParseResult"]


@attrs.frozen
class CellSource:
    """Where one cell of the report came from.

    Attributes:
        pointer: The cell's JSON pointer.
        raw: The token as published (``"0"``, ``"/"``, ``""``, ``"251000元"``),
            so a blank, a slash and a zero are never confused.
        line: The 1-based line of the text (for HTML, of the page's text
            rendering, which :attr:`ParseResult.lines` holds).
        table: For HTML, the 0-based index of the ``<table>`` in the page.
        row: For HTML, the 0-based row of the expanded table grid.
        column: For HTML, the 0-based column of the expanded table grid.
    """

    pointer: str
    raw: str
    line: int
    table: int | None = None
    row: int | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return attrs.asdict(self)


_Raw = tuple[str, int, "tuple[int, int, int] | None"]


class CellSources(Mapping[str, CellSource]):
    """Pointer → :class:`CellSource`, built on access from compact records."""

    __slots__ = ("_raw",)

    def __init__(self, raw: dict[str, _Raw]) -> None:
        self._raw = raw

    def __getitem__(self, key: str) -> CellSource:
        raw, line, loc = self._raw[key]
        if loc is None:
            return CellSource(key, raw, line)
        return CellSource(key, raw, line, *loc)

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"CellSources({len(self)} cells)"


class IssueLevel(enum.StrEnum):
    """How bad a parse issue is."""

    WARNING = "warning"
    """Something was guessed: a paraphrased label, an inferred edition, a unit converted."""
    ERROR = "error"
    """Something could not be read; the affected cells are ``None``."""


@attrs.frozen
class ParseIssue:
    """Something a parser guessed or could not read.

    Attributes:
        level: Warning (guessed) or error (not read).
        code: A stable id, e.g. ``cells.dropped``.
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
        edition: The edition detected from the labels.
        cells: For every cell of tables 2–4 that was read, where it came from.
        warnings: What was guessed.
        errors: What could not be read.
        preamble: Text before part 一 (the introduction), kept so nothing is lost.
        lines: The text the parser read, one entry per line (for HTML, the
            page's text rendering): :attr:`CellSource.line` indexes it.
        source: The file name given by the caller.
        encoding: For bytes input, the encoding used to decode them.
    """

    report: Report
    edition: Edition
    cells: Mapping[str, CellSource]
    warnings: tuple[ParseIssue, ...] = ()
    errors: tuple[ParseIssue, ...] = ()
    preamble: str | None = None
    lines: tuple[str, ...] = ()
    source: str | None = None
    encoding: str | None = None

    @property
    def complete(self) -> bool:
        """Whether every cell was read and nothing is in :attr:`errors`."""
        return not self.errors

    def issues(self) -> tuple[ParseIssue, ...]:
        """Errors, then warnings."""
        return (*self.errors, *self.warnings)
