"""Parse the HTML page of a published report.

The page is decoded (declared charset, then UTF-8, then charset-normalizer's
detection), parsed with lxml, and turned into lines: one per paragraph of text
and one per table row. Table cells keep their position in the table's grid
with ``rowspan``/``colspan`` expanded. The lines go to the same engine as
:func:`gxopen.parse_text`.

The page is read as a browser shows it, and where markup makes a number
uncertain the cell is left unread (``None``, with an error) rather than guessed:

* elements hidden with the ``hidden`` attribute or an inline ``display:none``
  / ``visibility:hidden`` are not read (a warning counts them); a cell holding
  a number *and* hidden text is unread, since browsers and copies disagree;
* a number cell with a superscript or subscript (``1<sup>2</sup>``), a line
  break between digits (``1<br>234``) or several numbers separated by spaces
  (``<span>1</span> <span>2</span>``) is unread;
* a declared charset that is not a text encoding of web pages (``hex``,
  ``rot13``, ``undefined`` …) is ignored with a warning; a page declared UTF-7
  (which can hide markup) is refused;
* ``rowspan`` and ``colspan`` are capped by the table's own size.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

import attrs

from gxopen._parse._engine import build
from gxopen._parse._grid import grid_line
from gxopen._parse._result import IssueLevel, ParseIssue, ParseResult
from gxopen._parse._tokens import Line, Piece, PieceKind, classify
from gxopen.exceptions import ParseError

__all__ = ["decode", "parse_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "csgb2312"}


_WEB_ENCODINGS = frozenset(
    [
        "utf-8",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "gb18030",
        "big5",
        "big5hkscs",
        "cp950",
        "shift_jis",
        "cp932",
        "euc_jp",
        "iso2022_jp",
        "euc_kr",
        "cp949",
        "ascii",
        "latin-1",
        "koi8-r",
        "koi8-u",
        "mac-roman",
        *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
        *(f"cp{n}" for n in (866, 874, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258)),
    ]
)
"""The encodings of web pages (Python's names): a declared charset is used only when it is one of these."""


def _lookup(name: str) -> str | None:
    """Python's name of a charset a page may be in, or ``None`` for an unknown one or one that is not for text."""
    name = name.lower()
    if name in _GB:
        return "gb18030"  # a superset of GB2312 and GBK: pages declared GB2312 often hold GBK characters
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    return found if found in _WEB_ENCODINGS else None


def _is_utf7(name: str) -> bool:
    try:
        return codecs.lookup(name).name == "utf-7"
    except LookupError:
        return False


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
    label = match.group(1).decode("ascii") if match else None
    declared = _lookup(label) if label else None
    if label and _is_utf7(label):
        raise ParseError(f"the page declares the charset {label}, which gxopen refuses (UTF-7 can hide markup)")
    if label and declared is None:
        issues.append(
            ParseIssue(
                IssueLevel.WARNING,
                "encoding.ignored",
                f"declared charset {label!r} is not a text encoding of web pages; ignored",
            )
        )
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
    name = _lookup(name) or "gb18030"  # never a detected UTF-7 or a codec that is not for text
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


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(el: Any) -> bool:
    """Whether a browser hides ``el`` by its own markup (``hidden``, inline ``display:none``/``visibility:hidden``)."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


class _Walker:
    """Turns a parsed page into lines: text blocks and table rows."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.tables = 0
        self.hidden = 0
        self.unreadable: dict[tuple[int, int, int], tuple[str, str]] = {}
        """(table, row, column) → (the cell as published, why it is not read)."""

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
        if tag and _hidden(el):
            self.hidden += 1
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
        for row in _grid_rows(table):
            cells = []
            for r, c, cell in row:
                text = _cell_text(cell)
                cells.append((r, c, text.visible))
                self.hidden += text.hidden
                if text.unreadable:
                    self.unreadable[(index, r, c)] = (_published(cell), text.unreadable)
            line = grid_line(cells, len(self.lines) + 1, index)
            if line is not None:
                self.lines.append(self._unread(line))

    def _unread(self, line: Line) -> Line:
        """The line with each unreadable cell as one "not read" piece whose raw token is the cell as published."""
        if not self.unreadable:
            return line
        pieces: list[Piece] = []
        done: set[tuple[int, int, int]] = set()
        for piece in line.pieces:
            if piece.loc is None or piece.loc not in self.unreadable:
                pieces.append(piece)
            elif piece.loc not in done:
                done.add(piece.loc)
                pieces.append(Piece(self.unreadable[piece.loc][0], PieceKind.NULL, piece.line, loc=piece.loc))
        return Line(line.text, line.number, pieces)


def _has_nested_table(table: Any) -> bool:
    return any(True for _ in table.iterdescendants("table"))


@attrs.frozen
class _CellText:
    visible: str
    """What a browser shows, white space folded; ``<br>`` joins without a space (split header words)."""
    unreadable: str | None = None
    """Why the cell, a number, cannot be read with certainty."""
    hidden: int = 0
    """Hidden elements left out."""


_BREAKS = frozenset({"br", "p", "div", "li"})
_DIGIT_BREAK_DIGIT = re.compile(r"\d\s*\n\s*\d")


def _fold(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _is_number(text: str) -> bool:
    return bool(text) and classify(text, 0).kind is PieceKind.NUMBER


def _cell_text(cell: Any) -> _CellText:
    """A cell's text as a browser shows it, and whether markup makes its number uncertain."""
    shown: list[str] = []  # visible text; "\n" where a line break or block splits it
    everything: list[str] = []  # hidden text too, as a copy of the page's text would have it
    scripts: list[str] = []  # superscript and subscript text
    hidden = 0

    def walk(el: Any, visible: bool) -> None:
        nonlocal hidden
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            return
        if tag and visible and _hidden(el):
            hidden += 1
            visible = False
        if tag in _BREAKS and visible:
            shown.append("\n")
        if el.text and tag:
            everything.append(el.text)
            if visible:
                shown.append(el.text)
                if tag in ("sup", "sub"):
                    scripts.append(el.text)
        for child in el:
            walk(child, visible)
            if child.tail:
                everything.append(child.tail)
                if visible:
                    shown.append(child.tail)

    walk(cell, True)
    raw = "".join(shown)
    visible = _fold(raw.replace("\n", ""))
    full = _fold("".join(everything))
    if hidden and full != visible and (_is_number(visible) or _is_number(full)):
        return _CellText(visible, "hidden text (display:none or hidden) in a number cell", hidden)
    if any(s.strip() for s in scripts) and _is_number(visible):
        return _CellText(visible, "a superscript or subscript beside the digits", hidden)
    if _DIGIT_BREAK_DIGIT.search(raw) and _is_number(visible):
        return _CellText(visible, "a line break between digits: one number or two", hidden)
    words = visible.split(" ")
    if len(words) > 1 and all(_is_number(w) for w in words):
        return _CellText(visible, "several numbers in one cell", hidden)
    return _CellText(visible, None, hidden)


def _published(cell: Any) -> str:
    """A cell's inner markup as published (shortened), for provenance and messages."""
    inner = (cell.text or "") + "".join(lxml_tostring(child) for child in cell)
    inner = " ".join(inner.split())
    return inner if len(inner) <= 80 else inner[:77] + "..."


def lxml_tostring(el: Any) -> str:
    """An element's markup with its tail."""
    from lxml import etree  # noqa: PLC0415 - optional dependency, imported by parse_html already

    return str(etree.tostring(el, encoding="unicode", method="html"))


def _span(cell: Any, name: str, limit: int) -> int:
    match = re.match(r"\s*(\d{1,9})", cell.get(name) or "1")
    value = int(match.group(1)) if match else 1
    return min(max(value, 1), limit)


_SPAN_WORK = 64
"""Grid work allowed per cell of a table: far more than any real table takes, linear in the page's size."""


def _grid_rows(table: Any) -> Iterator[list[tuple[int, int, Any]]]:
    """Each row's own cells as (grid row, grid column, cell element), with spans expanded.

    A ``rowspan`` reaches at most the table's last row, a ``colspan`` at most
    the table's number of cells (and HTML's 1000); and once the work of
    expanding spans passes :data:`_SPAN_WORK` per cell, further spans are read
    as 1. So absurd spans (10^9) cost time and memory in proportion to the
    page, never to the numbers written in it.
    """
    rows = [
        [cell for cell in tr if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")]
        for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    ]
    n_cells = sum(map(len, rows))
    max_colspan = max(1, min(1000, n_cells))
    budget = _SPAN_WORK * n_cells + 4096
    busy: dict[int, int] = {}  # grid column -> the first row where it is free again
    for r, cells in enumerate(rows):
        c = 0
        out = []
        for cell in cells:
            while busy.get(c, 0) > r:
                c += 1
                budget -= 1
            rowspan = _span(cell, "rowspan", len(rows) - r)
            colspan = _span(cell, "colspan", max_colspan)
            if budget <= 0:
                busy.clear()
                rowspan = colspan = 1
            budget -= colspan
            if rowspan > 1:
                for column in range(c, c + colspan):
                    busy[column] = r + rowspan
            out.append((r, c, cell))
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
        ParseError: when the page holds no report. A page without a year
            still has its tables read: the result's ``report`` is then ``None``.
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
    if walker.hidden:
        issues.append(
            ParseIssue(
                IssueLevel.WARNING,
                "html.hidden",
                f"{walker.hidden} hidden element(s) (hidden, display:none, visibility:hidden) not read",
            )
        )
    result = build(
        walker.lines,
        source=source,
        encoding=encoding,
        extra_titles=titles,
        warnings=issues,
        year=year,
        agency=agency,
    )
    return _unread_errors(result, walker.unreadable)


def _unread_errors(result: ParseResult, unreadable: dict[tuple[int, int, int], tuple[str, str]]) -> ParseResult:
    """The result with an error for each cell left unread because of its markup."""
    if not unreadable:
        return result
    errors = []
    for where, cell in result.cells.items():
        found = unreadable.get((cell.table, cell.row, cell.column))  # type: ignore[arg-type]
        if found is not None:
            published, why = found
            message = f"{published!r}: {why}; cell left unread"
            errors.append(ParseIssue(IssueLevel.ERROR, "html.unreadable", message, cell.line, where))
    return attrs.evolve(result, errors=(*result.errors, *errors))
