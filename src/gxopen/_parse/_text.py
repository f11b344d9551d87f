"""Parse the scraped text of a published report."""

from __future__ import annotations

import re

from gxopen._parse._engine import build
from gxopen._parse._result import ParseResult
from gxopen._parse._tokens import Line
from gxopen.exceptions import ParseError

__all__ = ["parse_text", "text_lines"]


def text_lines(text: str) -> list[Line]:
    r"""The lines of ``text`` with their pieces (see :func:`split_text_line`).

    Lines end at ``\n``, ``\r\n`` or ``\r`` only (not at form feeds or other
    Unicode separators), so line numbers match what an editor shows.
    """
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Line(raw, i) for i, raw in enumerate(raw_lines, start=1)]


def parse_text(
    text: str, *, source: str | None = None, year: int | None = None, agency: str | None = None
) -> ParseResult:
    """Read a report from the scraped text of its web page, PDF or document.

    Handles every layout published copies take (see :doc:`/format`): one
    cell per line ending in ``|``, Markdown pipe rows, rows without pipes, space-separated PDF rows,
    split header words, full-width or ASCII digits and punctuation, label
    variants, blank / ``/`` / dropped cells, and paraphrased headings; and
    text extracted from PDFs (``pdftotext``, PDF→Markdown converters): page
    footers inside tables, labels wrapped over lines, rows of numbers whose
    labels stand elsewhere, tables cut into pieces. A row's values are placed
    only when their count is unambiguous.

    Args:
        text: The text.
        source: A file name for messages; a name such as
            ``某某局2024年政府信息公开工作年度报告.txt`` also helps find the
            agency and year when the text does not say them.
        year: The report's year, when the text does not say it (or says it
            wrongly: the given year wins, with a warning).
        agency: The publishing agency, likewise.

    Returns:
        The report with the provenance of every cell, the warnings (what was
        guessed) and the errors (what could not be read; those cells are
        ``None``). Its ``report`` is ``None`` only when no year was found or
        given; the tables are in ``values`` all the same.

    Raises:
        ParseError: when the text holds no report (no part headings and no
            table labels).
    """
    if not isinstance(text, str):
        raise ParseError(f"parse_text takes str, not {type(text).__name__}; decode bytes first", source)
    return build(text_lines(_NUL.sub("", text)), source=source, year=year, agency=agency)


_NUL = re.compile(r"(?<![0-9０-９])\x00|\x00(?![0-9０-９])")
"""NUL characters are dropped, except inside a number, where they make the number unreadable."""
