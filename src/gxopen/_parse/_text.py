"""Parse the scraped text of a published report."""

from __future__ import annotations

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


def parse_text(text: str, *, source: str | None = None) -> ParseResult:
    """Read a report from the scraped text of its web page, PDF or document.

    Handles every layout of FORMAT.md section 8: one cell per line ending in
    ``|``, Markdown pipe rows, rows without pipes, space-separated PDF rows,
    split header words, full-width or ASCII digits and punctuation, label
    variants, blank / ``/`` / dropped cells, and paraphrased headings. A row's
    values are placed only when their count is unambiguous.

    Args:
        text: The text.
        source: A file name for messages.

    Returns:
        The report with the provenance of every cell, the warnings (what was
        guessed) and the errors (what could not be read; those cells are
        ``None``).

    Raises:
        ParseError: when the text holds no report (no part headings and no
            table labels), no report year, or uses the 2019 edition (not
            supported yet).
    """
    if not isinstance(text, str):
        raise ParseError(f"parse_text takes str, not {type(text).__name__}; decode bytes first", source)
    return build(text_lines(text.replace("\x00", "")), source=source)
