"""Document passes: ``depaginate`` and ``markdown_debris`` (see :mod:`gxopen._parse._engine`)."""

from __future__ import annotations

import re

from gxopen._parse._passes import DocumentContext, TableContext
from gxopen._parse._tokens import Line

__all__ = ["depaginate", "markdown_debris", "remarks"]

_DASH = "-—–－―~～"
_FOOTER = re.compile(
    rf"[{_DASH}]{{1,2}}\s*\d{{1,3}}\s*[{_DASH}]{{1,2}}"  # — 4 —, -4-
    r"|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"  # 第4页, 第4页 共9页
    r"|\d{1,3}\s*/\s*\d{1,3}"  # 4/9
)
_GLUED_FOOTER = re.compile(rf"(?<=\s)[{_DASH}]\d{{1,3}}[{_DASH}]\s*$")
"""A footer without inner spaces glued to the end of a row (``… 0 0 -4-``); with spaces it could be cells."""


_ANY_FOOTER = re.compile(
    r"^[ \t]*(?:[-—–－―~～]{1,2}[ \t]*\d{1,3}[ \t]*[-—–－―~～]{1,2}"
    r"|第[ \t]*\d{1,3}[ \t]*页|\d{1,3}[ \t]*/[ \t]*\d{1,3}[ \t]*$)"
    rf"|[{_DASH}]\d{{1,3}}[{_DASH}]",
    re.MULTILINE,
)
"""Whether the text holds anything for ``depaginate`` to do (one search over the whole text)."""
_MAYBE_FOOTER = re.compile(rf"[{_DASH}][ \t]*\d{{1,3}}[ \t]*[{_DASH}]|\d[ \t]*/[ \t]*\d")


def depaginate(ctx: DocumentContext) -> None:
    """Drop page footers and form feeds, so a table split over pages reads as one.

    A line that is only a footer (``— 4 —``, ``-4-``, ``第 4 页``, ``4/9``) is
    dropped; a footer without inner spaces at the end of a row is cut off;
    form feeds (pdftotext's page breaks) are removed.
    """
    text = ctx.text()
    if "\f" not in text and "页" not in text and not _MAYBE_FOOTER.search(text):
        return  # nothing that could be a footer: no page break, no 页, no number between dashes or over a slash
    out = []
    for line in ctx.lines:
        text = line.text
        if "\f" in text:
            text = text.replace("\f", "")
        stripped = text.strip()
        if stripped and len(stripped) <= 16 and _FOOTER.fullmatch(stripped):
            continue
        if stripped[-1:].isdigit() or stripped[-1:] in _DASH:
            cut = _GLUED_FOOTER.search(text)
            if cut is not None:
                text = text[: cut.start()].rstrip()
        out.append(line if text is line.text else Line(text, line.number))
    ctx.lines = out


_HEADING_MARKS = re.compile(r"\s*#{1,6}\s+")
_PLACEHOLDER = re.compile(r"\|(?:\s*[-—]\s*\|)+")


_ANY_DEBRIS = re.compile(r"^[^\S\n]*#{1,6}[^\S\n]|^\|(?:[^\S\n]*[-—][^\S\n]*\|)+", re.MULTILINE)


def markdown_debris(ctx: DocumentContext) -> None:
    """Cut Markdown heading marks (``### 二、…``) and drop placeholder rows (``| - | - |``).

    A converter's heading over a small table repeats the row's label; with its
    marks cut it reads as the label, and the row reader skips a label
    repeated before the row that holds the values.
    """
    if not _ANY_DEBRIS.search(ctx.text()):
        return
    out = []
    for line in ctx.lines:
        text = line.text
        if text[:1] == "#" or text[:2].isspace():
            match = _HEADING_MARKS.match(text)
            if match is not None:
                out.append(Line(text[match.end() :], line.number))
                continue
        if text[:1] == "|" and _PLACEHOLDER.fullmatch(text.strip()):
            continue
        out.append(line)
    ctx.lines = out


_REMARK = re.compile(r"[（(]\s*其中[^（()）]{0,30}[）)]")


def remarks(ctx: TableContext) -> None:
    """Set aside a remark inside a table row (``22（其中修订 16 件）``), with a warning.

    The remark's number is not a cell: without it, the row's values are
    counted as usual (a row left with too few values is an error, never a guess).
    """
    if ctx.table not in ("2", "3"):
        return
    out = []
    for line in ctx.lines:
        if "其中" in line.text and _REMARK.search(line.text):
            text = _REMARK.sub(" ", line.text)
            ctx.issues.warn(
                "value.remark", f"a remark in a table row was set aside: {line.text.strip()!r}", line.number
            )
            out.append(Line(text, line.number))
        else:
            out.append(line)
    ctx.lines = out
