"""Renderers: a report as plain data, tidy records, CSV, text, Markdown and HTML."""

from gxopen._render._html import render_html
from gxopen._render._markdown import render_markdown
from gxopen._render._records import RECORD_FIELDS, Record, records, render_csv, render_dict
from gxopen._render._text import render_text

__all__ = [
    "RECORD_FIELDS",
    "Record",
    "records",
    "render_csv",
    "render_dict",
    "render_html",
    "render_markdown",
    "render_text",
]
