"""What a file is, from its bytes (magic numbers), and the reader for it.

:func:`detect_format` names the format; :func:`parse` reads a report from any file
gxopen can read and raises :class:`~gxopen.exceptions.UnsupportedDocumentError`,
saying what the file is and what to do, for the ones it cannot (a legacy
``.doc``, a WPS file, an encrypted Office file, an image …).
"""

from __future__ import annotations

import codecs
import enum
import io
import zipfile

from gxopen._parse._result import ParseResult
from gxopen.exceptions import ParseError, UnsupportedDocumentError

__all__ = ["DocumentFormat", "detect_format", "parse"]


class DocumentFormat(enum.StrEnum):
    """A file format :func:`detect_format` tells apart."""

    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"
    TEXT = "text"
    DOC = "doc"
    """Word 97–2003 (an OLE2 compound file holding a ``WordDocument`` stream)."""
    WPS = "wps"
    """A binary document written by Kingsoft WPS Office (``.wps``, or a ``.doc`` it saved)."""
    OFFICE_ENCRYPTED = "office-encrypted"
    """A password-protected Office file (OOXML wrapped in an OLE2 file)."""
    OLE2 = "ole2"
    """Another OLE2 compound file (an old Excel or PowerPoint file …)."""
    SPREADSHEET = "spreadsheet"
    PRESENTATION = "presentation"
    ODF = "odf"
    ZIP = "zip"
    RTF = "rtf"
    IMAGE = "image"
    EMPTY = "empty"
    BINARY = "binary"


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ole2(data: bytes) -> DocumentFormat:
    """Which kind of OLE2 compound file: stream names are stored in UTF-16 in its directory."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return DocumentFormat.OFFICE_ENCRYPTED
    # WPS Office writes a WpsCustomData stream and a KSOProductBuildVer property into its binary files.
    if _utf16("WpsCustomData") in data or _utf16("KSOProduct") in data or b"KSOProduct" in data:
        return DocumentFormat.WPS
    if _utf16("WordDocument") in data:
        return DocumentFormat.DOC
    if _utf16("Workbook") in data or _utf16("Book") + b"\x00\x00" in data:
        return DocumentFormat.SPREADSHEET
    if _utf16("PowerPoint Document") in data:
        return DocumentFormat.PRESENTATION
    return DocumentFormat.OLE2


def _zip(data: bytes) -> DocumentFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        return DocumentFormat.DOCX if b"word/document.xml" in data[:65536] else DocumentFormat.ZIP
    if "word/document.xml" in names:
        return DocumentFormat.DOCX
    if "xl/workbook.xml" in names:
        return DocumentFormat.SPREADSHEET
    if "ppt/presentation.xml" in names:
        return DocumentFormat.PRESENTATION
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return DocumentFormat.ODF
    return DocumentFormat.ZIP


_HTML_MARKS = (b"<html", b"<!doctype html", b"<table", b"<body", b"<head", b"<meta", b"<p>", b"<div")


def _textual(data: bytes) -> bool:
    """Whether bytes look like text in some encoding rather than binary."""
    head = data[:4096]
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls * 10 <= len(head)  # a stray NUL in text is stripped by the text reader


def detect_format(data: bytes) -> DocumentFormat:  # noqa: PLR0911 - one return per format
    """The format of a file, from its first bytes and (for ZIP and OLE2 files) their directory.

    >>> from gxopen import detect_format
    >>> detect_format(b"%PDF-1.7 ...")
    <DocumentFormat.PDF: 'pdf'>
    """
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    if not data.strip():
        return DocumentFormat.EMPTY
    if b"%PDF-" in data[:1024]:
        return DocumentFormat.PDF
    if data.startswith(_OLE2):
        return _ole2(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip(data)
    if head.startswith(b"{\\rtf"):
        return DocumentFormat.RTF
    if data.startswith(_IMAGES) or data[8:12] == b"WEBP":
        return DocumentFormat.IMAGE
    if not _textual(data):
        return DocumentFormat.BINARY
    lowered = data[:4096].lower()
    if any(mark in lowered for mark in _HTML_MARKS):
        return DocumentFormat.HTML
    if codecs.BOM_UTF16_LE in data[:2] or codecs.BOM_UTF16_BE in data[:2]:
        html = data.decode("utf-16", errors="replace")[:4096].lower()
        if any(mark.decode() in html for mark in _HTML_MARKS):
            return DocumentFormat.HTML
    return DocumentFormat.TEXT


_CONVERT = "open it in LibreOffice, WPS or Word and save it as .docx or PDF, or convert it with"
_ADVICE: dict[DocumentFormat, str] = {
    DocumentFormat.DOC: (
        "a legacy Word 97-2003 document (.doc), which gxopen cannot read; convert it to .docx first:"
        " soffice --headless --convert-to docx FILE"
    ),
    DocumentFormat.WPS: (
        "a binary WPS Office document (.wps, or a .doc saved by WPS), which gxopen cannot read; save it as .docx"
        " in WPS, or convert it:"
        " soffice --headless --convert-to docx FILE"
    ),
    DocumentFormat.OFFICE_ENCRYPTED: (
        "a password-protected Office document; open it with the password and save it without one"
        " (or print it to PDF), then parse that"
    ),
    DocumentFormat.OLE2: f"an old Office file that is not a Word document; {_CONVERT} soffice --convert-to docx",
    DocumentFormat.SPREADSHEET: (
        "a spreadsheet, not a report document; gxopen reads reports as text, HTML, Word (.docx) or PDF"
    ),
    DocumentFormat.PRESENTATION: "a presentation, not a report document; gxopen reads text, HTML, .docx or PDF",
    DocumentFormat.ODF: f"an OpenDocument file (.odt); {_CONVERT} soffice --headless --convert-to docx FILE",
    DocumentFormat.ZIP: "a ZIP archive, not a report; unpack it and parse the report inside",
    DocumentFormat.RTF: f"an RTF document; {_CONVERT} soffice --headless --convert-to docx FILE",
    DocumentFormat.IMAGE: (
        "an image, not text; a scanned report needs OCR first (for example ocrmypdf -l chi_sim on a PDF of it)"
    ),
    DocumentFormat.EMPTY: "an empty file",
    DocumentFormat.BINARY: "a binary file of unknown format, not a report (text, HTML, .docx or PDF)",
}


def parse(
    data: bytes | str, *, source: str | None = None, year: int | None = None, agency: str | None = None
) -> ParseResult:
    """Read a report from a file of any format gxopen reads, detected from its bytes.

    PDF goes to :func:`gxopen.parse_pdf`, Word (``.docx``) to
    :func:`gxopen.parse_docx`, an HTML page to :func:`gxopen.parse_html`, and
    anything else textual to :func:`gxopen.parse_text` (decoded as UTF-8, else
    by detection: GBK and GB18030 files are common).

    Args:
        data: The file's bytes (or text, read as HTML or text).
        source: A file name for messages (a name holding the agency and year
            helps when the document does not say them).
        year: The report's year, when the document does not say it.
        agency: The publishing agency, likewise.

    Raises:
        UnsupportedDocumentError: for a file gxopen cannot read — a legacy
            ``.doc``, a WPS file, an encrypted, scanned or damaged file, an
            image, a spreadsheet …; the message says what it is and what to do.
        ParseError: when the file holds no report.
    """
    from gxopen._parse import _docx, _html, _pdf, _text  # noqa: PLC0415 - avoids importing unused readers

    if isinstance(data, str):
        if any(mark.decode() in data[:4096].lower() for mark in _HTML_MARKS):
            return _html.parse_html(data, source=source, year=year, agency=agency)
        return _text.parse_text(data, source=source, year=year, agency=agency)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ParseError(f"parse takes bytes or str, not {type(data).__name__}", source)
    data = bytes(data)
    kind = detect_format(data)
    if kind is DocumentFormat.PDF:
        return _pdf.parse_pdf(data, source=source, year=year, agency=agency)
    if kind is DocumentFormat.DOCX:
        return _docx.parse_docx(data, source=source, year=year, agency=agency)
    if kind is DocumentFormat.HTML:
        return _html.parse_html(data, source=source, year=year, agency=agency)
    if kind is DocumentFormat.TEXT:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _html.decode(data)[0]
        return _text.parse_text(text, source=source, year=year, agency=agency)
    raise UnsupportedDocumentError(_ADVICE[kind], source, kind=kind.value)
