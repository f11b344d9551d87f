"""Parse the HTML page of a published report.

The page is decoded (declared charset, then UTF-8, then charset-normalizer's
detection), parsed with lxml, and turned into lines: one per paragraph of text
and one per table row. Table cells keep their position in the table's grid
with ``rowspan``/``colspan`` expanded. The lines go to the same engine as
:func:`gxopen.parse_text`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

from gxopen._parse._engine import build
from gxopen._parse._grid import grid_line
from gxopen._parse._result import IssueLevel, ParseIssue, ParseResult
from gxopen._parse._tokens import Line
from gxopen.exceptions import ParseError

__all__ = ["decode", "parse_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "csgb2312"}


def _lookup(name: str) -> str | None:
    name = name.lower()
    if name in _GB:
        return "gb18030"  # a superset of GB2312 and GBK: pages declared GB2312 often hold GBK characters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes) -> tuple[str, str, list[ParseIssue]]:
    """Decode a page: BOM, then the declared charset, then UTF-8, then detection.

    Returns:
        The text, the encoding used, and warnings about what was guessed.
    """
    issues: list[ParseIssue] = []
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name, issues
    match = _META_CHARSET.search(data[:4096])
    declared = _lookup(match.group(1).decode("ascii")) if match else None
    if declared:
        try:
            return data.decode(declared), declared, issues
        except UnicodeDecodeError:
            issues.append(
                ParseIssue(IssueLevel.WARNING, "encoding.mismatch", f"declared {declared}, but the bytes are not")
            )
    try:
        return data.decode("utf-8"), "utf-8", issues
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('parse_html needs charset-normalizer and lxml: pip install "gxopen[html]"') from None
    best = from_bytes(data[:65536]).best()
    name = best.encoding if best is not None else "gb18030"
    name = _lookup(name) or "gb18030"
    issues.append(ParseIssue(IssueLevel.WARNING, "encoding.guessed", f"no usable declared encoding; detected {name}"))
    return data.decode(name, errors="replace"), name, issues


_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "ul",
        "tr",
        "caption",
    ]
)
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "select", "option", "button", "svg"})


class _Walker:
    """Turns a parsed page into lines: text blocks and table rows."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        if not self.buffer:
            return
        text = "".join(self.buffer)
        self.buffer = []
        for part in text.split("\n"):
            if part.strip():
                self.lines.append(Line(part, len(self.lines) + 1))

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP:
            return
        if tag == "table" and not _has_nested_table(el):
            self.flush()
            self.table(el)
        elif tag == "br":
            self.buffer.append("\n")
        else:
            block = tag in _BLOCK or tag in ("table", "td", "th")
            if block:
                self.flush()
            if el.text and tag:
                self.buffer.append(el.text)
            for child in el:
                self.walk(child)
                if child.tail:
                    self.buffer.append(child.tail)
            if block:
                self.flush()

    def table(self, table: Any) -> None:
        index = self.tables
        self.tables += 1
        for cells in _grid_rows(table):
            line = grid_line(cells, len(self.lines) + 1, index)
            if line is not None:
                self.lines.append(line)


def _has_nested_table(table: Any) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _cell_text(cell: Any) -> str:
    """A cell's text: ``<br>`` joins without a space (split header words), white space folded."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            return
        if tag == "br":
            parts.append("")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(cell)
    text = "".join(parts).replace("\xa0", " ")
    return " ".join(text.split())


def _span(cell: Any, name: str) -> int:
    raw = cell.get(name) or "1"
    match = re.match(r"\s*(\d{1,4})", raw)
    value = int(match.group(1)) if match else 1
    return min(max(value, 1), 1000)


def _grid_rows(table: Any) -> Iterator[list[tuple[int, int, str]]]:
    """Each row's own cells as (grid row, grid column, text), with spans expanded."""
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    taken: dict[int, set[int]] = {}
    for r, tr in enumerate(rows):
        occupied = taken.pop(r, set())
        c = 0
        out = []
        for cell in tr:
            tag = cell.tag.lower() if isinstance(cell.tag, str) else ""
            if tag not in ("td", "th"):
                continue
            while c in occupied:
                c += 1
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            for dr in range(1, min(rowspan, len(rows) - r)):
                taken.setdefault(r + dr, set()).update(range(c, c + colspan))
            out.append((r, c, _cell_text(cell)))
            c += colspan
        yield out


def parse_html(
    page: bytes | str, *, source: str | None = None, year: int | None = None, agency: str | None = None
) -> ParseResult:
    """Read a report from the HTML page it was published on.

    Finds the tables by their labels, expands ``rowspan``/``colspan`` into a
    grid (each cell's provenance names its table, row and column), reads
    ``&nbsp;`` as blank and ``<br>`` inside headers, and extracts the six
    narrative parts, the agency and the year from the page text. Bytes are
    decoded by BOM, the declared charset (GB2312 and GBK read as GB18030), UTF-8,
    or else charset-normalizer's detection (with a warning).

    Args:
        page: The page as bytes (encoding detected) or text.
        source: A file name for messages (a name holding the title also
            helps find the agency and year).
        year: The report's year, when the page does not say it (see
            :func:`gxopen.parse_text`).
        agency: The publishing agency, likewise.

    Raises:
        ParseError: when the page holds no report, or the 2019 edition (not
            supported yet). A page without a year still has its tables read:
            the result's ``report`` is then ``None``.
    """
    try:
        import lxml.html  # noqa: PLC0415 - optional dependency
        from lxml import etree  # noqa: PLC0415
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('parse_html needs lxml and charset-normalizer: pip install "gxopen[html]"') from None
    issues: list[ParseIssue] = []
    encoding = None
    if isinstance(page, bytes):
        text, encoding, issues = decode(page)
    elif isinstance(page, str):
        text = page
    else:
        raise ParseError(f"parse_html takes bytes or str, not {type(page).__name__}", source)
    text = text.replace("\x00", "")
    if not text.strip():
        raise ParseError("no report found: the page is empty", source)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not an HTML page: {exc}", source) from None
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    titles = [" ".join(str(t.text_content()).split()) for t in root.iter("title") if hasattr(t, "text_content")]
    return build(
        walker.lines,
        source=source,
        encoding=encoding,
        extra_titles=titles,
        warnings=issues,
        year=year,
        agency=agency,
    )
