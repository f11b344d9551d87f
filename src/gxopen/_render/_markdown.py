"""The report as GitHub-flavoured Markdown, tables as pipe tables."""

from __future__ import annotations

from gxopen._model import Report
from gxopen._render._layout import FlatTable, flat_tables, format_value, labeler, parts, title

__all__ = ["render_markdown"]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _table(table: FlatTable) -> list[str]:
    n = len(table.header)
    out = [
        "| " + " | ".join(_escape(h) for h in table.header) + " |",
        "|" + "|".join(["---", *["---:"] * (n - 1)]) + "|",
    ]
    for row in table.rows:
        label = "\u3000" * row.depth + _escape(row.label)
        if row.values is None:
            out.append(f"| **{label.strip()}** |" + " |" * (n - 1))
        else:
            out.append("| " + " | ".join([label, *(format_value(v) for v in row.values)]) + " |")
    return out


def render_markdown(report: Report, *, bilingual: bool = False) -> str:
    """The whole report as GitHub-flavoured Markdown.

    Headings for the title and the six parts, narrative text as paragraphs,
    tables 2–4 as pipe tables. A cell that is not reported is empty, never 0.

    Args:
        report: The report.
        bilingual: Show English labels beside the Chinese ones.
    """
    lab = labeler(bilingual)
    tables = flat_tables(report, lab)
    out = [f"# {_escape(title(report))}", ""]
    for key, heading, text in parts(report, lab):
        out += [f"## {heading}", ""]
        if key in tables:
            for table in tables[key]:
                if key == "proactive":
                    out += [f"### {table.title}", ""]
                out += [*_table(table), ""]
        elif text is not None:
            for para in text.split("\n"):
                if para.strip():
                    out += [_paragraph(para.strip()), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _paragraph(text: str) -> str:
    """A narrative line as a Markdown paragraph: no accidental heading, list or quote."""
    text = text.replace("\\", "\\\\").replace("<", "&lt;")
    if text[0] in "#>-+*=`~|":
        text = "\\" + text
    return text
