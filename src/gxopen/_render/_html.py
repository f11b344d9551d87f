"""The report as a standalone HTML page whose tables reproduce the official template."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape as _escape

from gxopen._model import Report
from gxopen._render._layout import GridCell, labeler, official_grids, parts, title
from gxopen._rules import SEVERITY_RANK
from gxopen._validate import Finding

__all__ = ["render_html"]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def escape(text: str) -> str:
    """Escape text for HTML; control characters, which no HTML page may hold, become U+FFFD."""
    return _escape(_CONTROL.sub("\ufffd", text))


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       max-width: 72em; margin: 2em auto; padding: 0 1em; line-height: 1.6; color: #222; }
h1 { text-align: center; font-size: 1.5em; }
h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.8em 0; width: 100%; }
th, td { border: 1px solid #555; padding: 0.25em 0.5em; vertical-align: middle; }
th { font-weight: normal; background: #f4f4f4; text-align: center; }
th.label { text-align: left; }
th.block { text-align: left; font-weight: bold; }
th.note { font-size: 0.85em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; min-width: 2.5em; }
td.finding-error { background: #fdd; outline: 2px solid #c00; }
td.finding-warning { background: #ffd; outline: 2px solid #c90; }
td.finding-info { background: #eef; }
p { text-indent: 2em; margin: 0.4em 0; }
""".strip()


def _cell(cell: GridCell, marks: dict[str, tuple[str, str]]) -> str:
    tag = "th" if cell.header else "td"
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    css = cell.css
    if cell.pointer is not None:
        attrs.append(f'data-pointer="{escape(cell.pointer)}"')
        if cell.pointer in marks:
            severity, message = marks[cell.pointer]
            css = f"{css} finding-{severity}".strip()
            attrs.append(f'title="{escape(message)}"')
    if css:
        attrs.append(f'class="{css}"')
    open_tag = f"<{tag} {' '.join(attrs)}>" if attrs else f"<{tag}>"
    return f"{open_tag}{escape(cell.text)}</{tag}>"


def _marks(findings: Iterable[Finding]) -> dict[str, tuple[str, str]]:
    """Each cell a finding names, with the worst severity there and every message about it.

    A finding names its pointer, its totals, its missing terms and, for
    ``d.pinpoint``, every cell of its explanations.
    """
    worst: dict[str, Finding] = {}
    messages: dict[str, list[str]] = {}
    for f in findings:
        fixes = {fix.pointer for e in f.explanations for fix in e.fixes}
        for where in {f.pointer, *(t.pointer for t in f.totals if t.report == "current"), *f.missing, *fixes}:
            if where not in worst or SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst[where].severity]:
                worst[where] = f
            messages.setdefault(where, []).append(f"{f.message_zh}\n{f.message_en}")
    return {p: (f.severity.value, "\n".join(messages[p])) for p, f in worst.items()}


def render_html(report: Report, *, bilingual: bool = False, findings: Iterable[Finding] = ()) -> str:
    """The whole report as a standalone, well-formed HTML page.

    The page is also well-formed XML. Control characters in the report's text
    (which no HTML page may hold) are shown as U+FFFD. Tables 2–4 follow the
    official template, with its merged header cells and the 勾稽关系 note in
    table 3's corner. Every value cell carries its JSON
    pointer in ``data-pointer``; a cell that is not reported is empty, never 0.

    Args:
        report: The report.
        bilingual: Show English labels beside the Chinese ones.
        findings: Findings to highlight (e.g. ``gxopen.validate(report)``):
            the cells they name get a ``finding-<severity>`` class and the
            messages as a tooltip.
    """
    lab = labeler(bilingual)
    marks = _marks(findings)
    grids = official_grids(report, lab)
    name = escape(title(report))
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8"/>',
        '<meta name="generator" content="gxopen"/>',
        f"<title>{name}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{name}</h1>",
    ]
    for key, heading, text in parts(report, lab):
        out.append(f'<section id="{key}">')
        out.append(f"<h2>{escape(heading)}</h2>")
        if key in grids:
            out.append(f'<table class="gx-table" data-part="{key}">')
            for row in grids[key]:
                out.append("<tr>" + "".join(_cell(c, marks) for c in row) + "</tr>")
            out.append("</table>")
        elif text is not None:
            out.extend(f"<p>{escape(line.strip())}</p>" for line in text.split("\n") if line.strip())
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
