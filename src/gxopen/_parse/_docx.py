"""Read a report from a Word document (``.docx``, the Office Open XML format).

The document body is read straight from ``word/document.xml`` with lxml:
paragraphs become lines, tables become grids (``gridSpan`` columns,
``vMerge`` rows and ``gridBefore`` offsets expanded) whose rows go through the
same grid-to-lines step as an HTML table. A table holding tables is a layout
table: its cells are read in order as paragraphs and tables. Text in text
boxes is read where the box is anchored (once: the DrawingML box, not its VML
copy). Deleted revisions and field instructions are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from gxopen._parse._engine import build
from gxopen._parse._grid import grid_line, join_wrapped
from gxopen._parse._result import ParseResult
from gxopen._parse._tokens import Line
from gxopen.exceptions import ParseError, UnsupportedDocumentError

__all__ = ["parse_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC, _R, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
_TAB, _BR, _CR, _TXBX = _w("tab"), _w("br"), _w("cr"), _w("txbxContent")
_TCPR, _TRPR, _SPAN, _VMERGE, _HMERGE, _BEFORE = (
    _w("tcPr"),
    _w("trPr"),
    _w("gridSpan"),
    _w("vMerge"),
    _w("hMerge"),
    _w("gridBefore"),
)
_VAL = _w("val")
_SKIP = frozenset({_w("del"), _w("delText"), _w("instrText"), _w("pPr"), _w("rPr"), _w("moveFrom"), _w("tblPr")})
_SKIP |= {_w("tblGrid"), _w("sectPr"), _w("footnoteReference"), _w("commentReference")}
_CHOICE, _FALLBACK, _ALTERNATE = f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback", f"{{{_MC}}}AlternateContent"
_MAX_XML = 64 * 1024 * 1024
"""A document.xml larger than this (uncompressed) is refused: no report is that long."""


def _int(el: Any, default: int) -> int:
    if el is None:
        return default
    match = re.match(r"\s*(\d{1,4})", el.get(_VAL) or "")
    return min(max(int(match.group(1)), 1), 1000) if match else default


class _Reader:
    """Walks the body: paragraphs to lines, tables to grid rows."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.tables = 0

    def add(self, text: str) -> None:
        for part in text.split("\n"):
            if part.strip():
                self.lines.append(Line(part, len(self.lines) + 1))

    def blocks(self, parent: Any) -> None:
        """Read block content (a body, a cell, a text box) in order."""
        for el in parent:
            tag = el.tag
            if tag == _P:
                boxes: list[Any] = []
                self.add(_paragraph_text(el, boxes))
                for box in boxes:
                    self.blocks(box)
            elif tag == _TBL:
                self.table(el)
            elif isinstance(tag, str) and tag not in _SKIP:
                self.blocks(el)  # w:sdt, w:sdtContent, w:customXml, w:ins … wrap blocks

    def table(self, tbl: Any) -> None:
        rows = list(_rows(tbl))
        if any(True for _ in tbl.iter(_TBL) if _ is not tbl):
            for tr in rows:  # a layout table: read its cells' content in order
                for tc in _cells(tr):
                    self.blocks(tc)
            return
        index = self.tables
        self.tables += 1
        for r, tr in enumerate(rows):
            cells = []
            before = tr.find(_TRPR)
            c = _int(before.find(_BEFORE) if before is not None else None, 0)
            for tc in _cells(tr):
                props = tc.find(_TCPR)
                span = _int(props.find(_SPAN) if props is not None else None, 1)
                vmerge = props.find(_VMERGE) if props is not None else None
                hmerge = props.find(_HMERGE) if props is not None else None
                continued = (vmerge is not None and vmerge.get(_VAL) != "restart") or (
                    hmerge is not None and hmerge.get(_VAL) != "restart"
                )
                if not continued:
                    cells.append((r, c, _cell_text(tc)))
                c += span
            line = grid_line(cells, len(self.lines) + 1, index)
            if line is not None:
                self.lines.append(line)


def _rows(tbl: Any) -> Any:
    """A table's rows, through content controls and revision wrappers."""
    for el in tbl:
        if el.tag == _TR:
            yield el
        elif isinstance(el.tag, str) and el.tag not in _SKIP and el.tag != _TBL:
            yield from _rows(el)


def _cells(tr: Any) -> Any:
    for el in tr:
        if el.tag == _TC:
            yield el
        elif isinstance(el.tag, str) and el.tag not in _SKIP and el.tag != _TRPR:
            yield from _cells(el)


def _paragraph_text(p: Any, boxes: list[Any]) -> str:
    """A paragraph's text; text boxes anchored in it are collected into ``boxes``."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append(" ")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _TXBX:
                boxes.append(child)
            elif tag == _ALTERNATE:
                choice = child.find(_CHOICE)
                walk(choice if choice is not None else child)
            elif tag == _FALLBACK or tag in _SKIP or not isinstance(tag, str):
                continue
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    """A cell's text: its paragraphs (and any text boxes in them) joined as wrapped lines."""
    lines: list[str] = []

    def collect(parent: Any) -> None:
        for el in parent:
            if el.tag == _P:
                boxes: list[Any] = []
                lines.extend(_paragraph_text(el, boxes).split("\n"))
                for box in boxes:
                    collect(box)
            elif el.tag == _TBL:
                continue
            elif isinstance(el.tag, str) and el.tag not in _SKIP and el.tag != _TCPR:
                collect(el)

    collect(tc)
    return join_wrapped(lines)


def _document_xml(data: bytes, source: str | None) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnsupportedDocumentError(
            f"a damaged Word document: not a readable ZIP archive ({exc}); open it in Word, WPS or LibreOffice"
            " and save it again as .docx",
            source,
            kind="docx-damaged",
        ) from None
    with archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            raise UnsupportedDocumentError(
                "not a Word document: a ZIP archive without word/document.xml", source, kind="not-docx"
            ) from None
        if info.file_size > _MAX_XML:
            raise UnsupportedDocumentError(
                f"word/document.xml is {info.file_size} bytes uncompressed; refusing to read more than {_MAX_XML}",
                source,
                kind="docx-damaged",
            )
        try:
            return archive.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise UnsupportedDocumentError(
                f"a damaged Word document: word/document.xml cannot be read ({exc}); open it in Word, WPS or"
                " LibreOffice and save it again as .docx",
                source,
                kind="docx-damaged",
            ) from None


def parse_docx(
    data: bytes, *, source: str | None = None, year: int | None = None, agency: str | None = None
) -> ParseResult:
    """Read a report from a Word document (``.docx``).

    Tables are read as grids, merged cells (``gridSpan``, ``vMerge``)
    expanded, so each cell's provenance names its table, grid row and column;
    a table holding tables is read as layout; text in text boxes is read where
    the box is anchored. The lines go to the engine of
    :func:`gxopen.parse_text`, with every rule it applies.

    Needs the ``docx`` extra (``pip install "gxopen[docx]"``: lxml).

    Args:
        data: The ``.docx`` file's bytes.
        source: A file name for messages (a name holding the agency and year
            helps when the document does not say them).
        year: The report's year, when the document does not say it.
        agency: The publishing agency, likewise.

    Raises:
        UnsupportedDocumentError: for a damaged file or a ZIP archive that is
            not a Word document.
        ParseError: when the document holds no report, no report year, or the
            2019 edition (not supported yet).
    """
    try:
        from lxml import etree  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('parse_docx needs lxml: pip install "gxopen[docx]"') from None
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ParseError(f"parse_docx takes bytes, not {type(data).__name__}", source)
    xml = _document_xml(bytes(data), source).replace(_STRICT, _W.encode())
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise UnsupportedDocumentError(
            f"a damaged Word document: word/document.xml is not well-formed XML ({exc}); open it in Word, WPS"
            " or LibreOffice and save it again as .docx",
            source,
            kind="docx-damaged",
        ) from None
    body = root.find(_w("body"))
    reader = _Reader()
    reader.blocks(body if body is not None else root)
    if not reader.lines:
        raise ParseError("no report found: the Word document has no text", source)
    return build(reader.lines, source=source, year=year, agency=agency)
