"""Parsers: the scraped text and the HTML of published reports, back into the model."""

from gxopen._parse._html import parse_html
from gxopen._parse._result import CellSource, IssueLevel, ParseIssue, ParseResult
from gxopen._parse._text import parse_text

__all__ = ["CellSource", "IssueLevel", "ParseIssue", "ParseResult", "parse_html", "parse_text"]
