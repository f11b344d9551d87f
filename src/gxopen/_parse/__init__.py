"""Parsers: published reports (text, HTML, Word, PDF) back into the model."""

from gxopen._parse._detect import DocumentFormat, detect_format, parse
from gxopen._parse._docx import parse_docx
from gxopen._parse._html import parse_html
from gxopen._parse._pdf import parse_pdf
from gxopen._parse._result import CellSource, IssueLevel, ParseIssue, ParseResult
from gxopen._parse._text import parse_text

__all__ = [
    "CellSource",
    "DocumentFormat",
    "IssueLevel",
    "ParseIssue",
    "ParseResult",
    "detect_format",
    "parse",
    "parse_docx",
    "parse_html",
    "parse_pdf",
    "parse_text",
]
