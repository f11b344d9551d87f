"""The report as plain text in the official order, tables drawn with aligned columns."""

from __future__ import annotations

from gxopen._model import Report
from gxopen._render._layout import FlatTable, flat_tables, format_value, labeler, parts, title

__all__ = ["display_width", "render_text"]


def display_width(text: str) -> int:
    """The number of terminal columns ``text`` takes (CJK characters take two).

    Uses the ``wcwidth`` library (the ``render`` extra).
    """
    try:
        from wcwidth import wcswidth  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('render_text needs wcwidth: pip install "gxopen[render]"') from None
    width = wcswidth(text)
    if width < 0:  # control characters: count them as one column each rather than fail
        return sum(max(wcswidth(ch), 1) for ch in text)
    return int(width)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def draw_table(table: FlatTable) -> list[str]:
    """A flat table drawn with box characters; group rows span the whole width."""
    ncol = len(table.header)
    labels = ["\u3000" * row.depth + row.label.replace("\n", " ") for row in table.rows]
    widths = [display_width(h) for h in table.header]
    widths[0] = max([widths[0], *(display_width(lab) for lab in labels)])
    for row in table.rows:
        for i, v in enumerate(row.values or ()):
            widths[i + 1] = max(widths[i + 1], display_width(format_value(v)))

    def line(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2) for w in widths) + right

    total = sum(widths) + 3 * (ncol - 1)
    out = [line("┌", "┬", "┐")]
    out.append("│ " + " │ ".join(_pad(h, widths[i], False) for i, h in enumerate(table.header)) + " │")
    out.append(line("├", "┼", "┤"))
    for row, label in zip(table.rows, labels, strict=True):
        if row.values is None:
            out.append("│ " + _pad(label, total, False) + " │")
            continue
        values = [_pad(format_value(v), widths[i + 1], True) for i, v in enumerate(row.values)]
        out.append("│ " + " │ ".join([_pad(label, widths[0], False), *values]) + " │")
    out.append(line("└", "┴", "┘"))
    return out


def render_text(report: Report, *, bilingual: bool = False) -> str:
    """The whole report as plain text: title, the six parts, and tables 2–4.

    Chinese characters count two columns, so the tables line up in any
    monospace terminal font. A cell that is not reported is left empty, never
    shown as 0.

    Args:
        report: The report.
        bilingual: Show English labels beside the Chinese ones.
    """
    lab = labeler(bilingual)
    tables = flat_tables(report, lab)
    out = [title(report), ""]
    for key, heading, text in parts(report, lab):
        out.append(heading)
        if key in tables:
            for table in tables[key]:
                if key == "proactive":
                    out.append(table.title)
                out.extend(draw_table(table))
        elif text is not None:
            out.append(text)
        out.append("")
    return "\n".join(out)
