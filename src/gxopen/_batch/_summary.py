"""The batch's ``summary.html`` (one self-contained page) and ``datapackage.json``."""

from __future__ import annotations

import datetime
import json
import os
import shutil
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gxopen._batch._table import CELL_COLUMNS, FINDING_COLUMNS, Column
from gxopen._render._html import escape, render_html

if TYPE_CHECKING:
    from gxopen._batch._pairing import Pairing
    from gxopen._batch._run import BatchSummary, Finished, KeyRow

__all__ = ["write_package", "write_summary"]

_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       max-width: 75em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.8em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; }
th { background: #f4f4f4; font-weight: normal; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.error { background: #fdd; } td.warning { background: #ffd; }
.muted { color: #777; font-size: 0.9em; }
svg text { font-size: 12px; font-family: sans-serif; }
""".strip()

_COLORS = {"valid": "#4a9", "invalid": "#d44", "error": "#d44", "warning": "#e9b226", "info": "#89b"}


def _num(value: int, **data: str) -> str:
    attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in data.items())
    return f'<td class="num"{attrs}>{value}</td>'


def _bars_by_year(by_year: dict[int, Counter[str]]) -> str:
    """Stacked bars: valid and invalid reports per year."""
    years = sorted(by_year)
    if not years:
        return ""
    top = max(sum(c[s] for s in ("valid", "invalid")) for c in by_year.values()) or 1
    width, height, bar = 60 * len(years) + 60, 240, 36
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="reports per year" id="chart-years">'
    ]
    for k, year in enumerate(years):
        x = 50 + 60 * k
        y = 200.0
        for status in ("valid", "invalid"):
            n = by_year[year][status]
            h = 180 * n / top
            y -= h
            out.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{_COLORS[status]}">'
                f"<title>{year} {status}: {n}</title></rect>"
            )
        out.append(f'<text x="{x + bar / 2}" y="218" text-anchor="middle">{year}</text>')
    out.append(f'<text x="4" y="20">{top}</text><line x1="46" y1="200" x2="{width - 10}" y2="200" stroke="#333"/>')
    out.append(
        f'<rect x="{width - 150}" y="8" width="10" height="10" fill="{_COLORS["valid"]}"/>'
        f'<text x="{width - 136}" y="17">valid</text>'
        f'<rect x="{width - 90}" y="8" width="10" height="10" fill="{_COLORS["invalid"]}"/>'
        f'<text x="{width - 76}" y="17">invalid</text></svg>'
    )
    return "".join(out)


def _bars_by_rule(by_rule: dict[tuple[str, str], int]) -> str:
    """Horizontal bars: findings per rule and severity."""
    items = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    if not items:
        return ""
    top = max(n for _, n in items)
    height = 24 * len(items) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="640" height="{height}" role="img" '
        f'aria-label="findings per rule" id="chart-rules">'
    ]
    for k, ((rule, severity), n) in enumerate(items):
        y = 5 + 24 * k
        w = 400 * n / top
        out.append(f'<text x="0" y="{y + 14}">{escape(rule)} ({severity})</text>')
        out.append(
            f'<rect x="190" y="{y}" width="{w:.1f}" height="18" fill="{_COLORS.get(severity, "#888")}">'
            f"<title>{escape(rule)} {severity}: {n}</title></rect>"
        )
        out.append(f'<text x="{190 + w + 4:.1f}" y="{y + 14}">{n}</text>')
    out.append("</svg>")
    return "".join(out)


def _worst(rows: Sequence[KeyRow], cross_counts: dict[int, tuple[int, int]], n: int) -> list[int]:
    def badness(i: int) -> tuple[int, int]:
        e, w, _ = rows[i].severities
        ce, cw = cross_counts.get(i, (0, 0))
        return (e + ce, w + cw)

    candidates = [i for i, row in enumerate(rows) if row.has_report and badness(i) != (0, 0)]
    candidates.sort(key=lambda i: (-badness(i)[0], -badness(i)[1], rows[i].path))
    return candidates[:n]


def write_summary(out: str, finished: Finished, summary: BatchSummary, *, worst: int, blank_as_zero: bool) -> None:
    """Write ``summary.html`` and the HTML pages of the worst reports under ``reports/``."""
    from gxopen import __version__  # noqa: PLC0415 - avoids an import cycle
    from gxopen._batch._run import reprocess  # noqa: PLC0415

    rows, pairing, cross = finished.rows, finished.pairing, finished.cross
    by_rule: Counter[tuple[str, str]] = Counter()
    by_year: dict[int, Counter[str]] = defaultdict(Counter)
    by_agency: dict[str, Counter[int]] = defaultdict(Counter)
    agency_years: dict[str, set[int]] = defaultdict(set)
    reasons: Counter[str] = Counter()
    cross_counts: dict[int, tuple[int, int]] = {}
    for i, found in cross.items():
        for f in found:
            by_rule[f.rule, f.severity.value] += 1
        cross_counts[i] = (
            sum(f.severity.value == "error" for f in found),
            sum(f.severity.value == "warning" for f in found),
        )
    for i, row in enumerate(rows):
        for rule, n in row.rules.items():
            rule_id, severity = rule.split(" ")
            by_rule[rule_id, severity] += n
        if row.has_report and row.year is not None:
            by_year[row.year][row.status] += 1
            by_year[row.year]["errors"] += row.severities[0] + cross_counts.get(i, (0, 0))[0]
            by_year[row.year]["warnings"] += row.severities[1] + cross_counts.get(i, (0, 0))[1]
            key = pairing.keys.get(i, row.agency or "")
            by_agency[key][row.year] += row.severities[0]
            agency_years[key].add(row.year)
        elif row.status in ("unreadable", "unsupported"):
            reasons[f"{row.status}: {row.reason or ''}"[:160]] += 1
    worst_rows = _worst(rows, cross_counts, worst)
    pages = os.path.join(out, "reports")
    shutil.rmtree(pages, ignore_errors=True)
    os.makedirs(pages, exist_ok=True)
    links: dict[int, str] = {}
    for i in worst_rows:
        previous = pairing.previous.get(i)
        report, findings = reprocess(rows[i], None if previous is None else rows[previous], blank_as_zero=blank_as_zero)
        if report is None:
            continue
        name = f"reports/{rows[i].report_id}.html"
        with open(os.path.join(out, name), "w", encoding="utf-8") as page:
            page.write(render_html(report, findings=findings))
        links[i] = name
    html = _page(
        summary,
        rows=rows,
        by_rule=by_rule,
        by_year=by_year,
        by_agency=by_agency,
        agency_years=agency_years,
        reasons=reasons,
        worst_rows=worst_rows,
        pairing=pairing,
        links=links,
        cross_counts=cross_counts,
    )
    html = html.replace("@@VERSION@@", escape(__version__))
    with open(os.path.join(out, "summary.html"), "w", encoding="utf-8") as target:
        target.write(html)


def _pairing_section(pairing: Pairing) -> str:
    """How reports were paired: pairs, merged spellings, bodies kept apart, years with several inputs."""
    o = [
        '<h2 id="pairing">Cross-year pairing</h2>',
        f'<p><span id="pairs">{len(pairing.previous)}</span> pairs of consecutive years checked with the '
        f"cross-year rules; {len(pairing.merged)} agencies written in more than one way were merged; "
        f"{len(pairing.notes)} reports not paired because their agency has several inputs for one year.</p>",
    ]
    if pairing.merged:
        o.append('<table id="merged"><tr><th>agency key</th><th>spellings merged</th></tr>')
        for key, names in sorted(pairing.merged.items())[:30]:
            o.append(f"<tr><td>{escape(key)}</td><td>{' · '.join(escape(n) for n in names)}</td></tr>")
        o.append("</table>")
    if pairing.kept_apart:
        kept = "; ".join(" / ".join(escape(k) for k in group) for group in pairing.kept_apart[:30])
        o.append(f"<p>Kept apart (both forms publish in one year): {kept}</p>")
    if pairing.notes:
        shown = sorted(set(pairing.notes.values()))[:10]
        o.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in shown) + "</ul>")
    return "\n".join(o)


def _page(
    summary: BatchSummary,
    *,
    rows: Sequence[KeyRow],
    by_rule: Counter[tuple[str, str]],
    by_year: dict[int, Counter[str]],
    by_agency: dict[str, Counter[int]],
    agency_years: dict[str, set[int]],
    reasons: Counter[str],
    worst_rows: Sequence[int],
    links: dict[int, str],
    cross_counts: dict[int, tuple[int, int]],
    pairing: Pairing,
) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    o = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8"/><meta name="generator" content="gxopen"/>',
        "<title>gxopen batch summary</title>",
        f"<style>\n{_CSS}\n</style></head><body>",
        "<h1>政府信息公开工作年度报告 · batch summary</h1>",
        f'<p class="muted">gxopen @@VERSION@@ · {now} · {summary.inputs} inputs'
        + (" · <strong>interrupted: covers the inputs done</strong>" if summary.interrupted else "")
        + "</p>",
        '<h2 id="status">Inputs by status</h2><table id="by-status"><tr><th>status</th><th>inputs</th></tr>',
    ]
    for status, n in summary.statuses.items():
        o.append(f"<tr><td>{escape(status)}</td>{_num(n, status=status)}</tr>")
    o.append("</table>")
    o.append(
        '<table id="totals"><tr><th>findings</th><th>count</th></tr>'
        f"<tr><td>error</td>{_num(summary.errors, severity='error')}</tr>"
        f"<tr><td>warning</td>{_num(summary.warnings, severity='warning')}</tr>"
        f"<tr><td>info</td>{_num(summary.notes, severity='info')}</tr>"
        f"<tr><td>parse errors (cells not read)</td>{_num(summary.parse_errors)}</tr>"
        f"<tr><td>pairs checked across years</td>{_num(summary.pairs)}</tr></table>"
    )
    o.append('<h2 id="years">Reports by year</h2>')
    o.append(_bars_by_year(by_year))
    o.append('<table id="by-year"><tr><th>year</th><th>valid</th><th>invalid</th><th>errors</th><th>warnings</th></tr>')
    for year in sorted(by_year):
        c = by_year[year]
        o.append(
            f"<tr><td>{year}</td>{_num(c['valid'])}{_num(c['invalid'])}"
            f"{_num(c['errors'], year=str(year), severity='error')}"
            f"{_num(c['warnings'], year=str(year), severity='warning')}</tr>"
        )
    o.append("</table>")
    o.append('<h2 id="rules">Findings by rule</h2>')
    o.append(_bars_by_rule(by_rule))
    o.append('<table id="by-rule"><tr><th>rule</th><th>severity</th><th>findings</th></tr>')
    for (rule, severity), n in sorted(by_rule.items()):
        o.append(
            f'<tr><td>{escape(rule)}</td><td class="{severity}">{severity}</td>'
            f"{_num(n, rule=rule, severity=severity)}</tr>"
        )
    o.append("</table>")
    years = sorted(by_year)
    top = sorted(by_agency, key=lambda a: (-sum(by_agency[a].values()), a))[:20]
    top = [a for a in top if sum(by_agency[a].values())]
    o.append('<h2 id="agencies">Agencies with the most errors, by year</h2>')
    if top:
        o.append('<table id="by-agency"><tr><th>agency</th>' + "".join(f"<th>{y}</th>" for y in years) + "</tr>")
        for agency in top:
            cells = []
            for y in years:
                if y not in agency_years[agency]:
                    cells.append('<td class="num muted">—</td>')
                else:
                    n = by_agency[agency][y]
                    cells.append(f'<td class="num{" error" if n else ""}">{n}</td>')
            o.append(f"<tr><td>{escape(agency)}</td>{''.join(cells)}</tr>")
        o.append("</table>")
    else:
        o.append("<p>No errors.</p>")
    o.append(f'<h2 id="worst">The {len(worst_rows)} reports with the most findings</h2>')
    o.append(
        '<table id="worst-reports"><tr><th>report</th><th>agency</th><th>year</th>'
        "<th>errors</th><th>warnings</th><th>input</th></tr>"
    )
    for i in worst_rows:
        row = rows[i]
        ce, cw = cross_counts.get(i, (0, 0))
        link = links.get(i)
        name = f'<a href="{escape(link)}">{row.report_id}</a>' if link else row.report_id
        o.append(
            f"<tr><td>{name}</td><td>{escape(row.agency or '')}</td><td>{row.year}</td>"
            f"{_num(row.severities[0] + ce)}{_num(row.severities[1] + cw)}"
            f'<td class="muted">{escape(row.path)}</td></tr>'
        )
    o.append("</table>")
    o.append(_pairing_section(pairing))
    if reasons:
        o.append('<h2 id="unread">Inputs without a report</h2><table id="reasons"><tr><th>why</th><th>inputs</th></tr>')
        for reason, n in reasons.most_common(30):
            o.append(f"<tr><td>{escape(reason)}</td>{_num(n)}</tr>")
        o.append("</table>")
    o.append(
        '<p class="muted">Data: reports.jsonl, cells.csv, cells.parquet, findings.csv, described by '
        "datapackage.json.</p></body></html>\n"
    )
    return "\n".join(o)


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.frictionless, "description": column.description}
    if column.required:
        field["constraints"] = {"required": True}
    return field


_REPORT_FIELDS: tuple[tuple[str, str, str, bool], ...] = (
    ("path", "string", "The input file.", True),
    ("report_id", "string", "First 16 hex digits of sha256 (empty when the file could not be read).", False),
    ("sha256", "string", "SHA-256 of the input's bytes.", False),
    ("size", "integer", "The input's size in bytes.", False),
    ("format", "string", "json, html, text, pdf, docx, doc or binary, detected from the bytes.", True),
    ("status", "string", "valid, invalid, unsupported, unreadable or duplicate.", True),
    ("reason", "string", "Why there is no report.", False),
    ("edition", "string", "The format edition.", False),
    ("agency", "string", "The agency as the report writes it.", False),
    ("year", "integer", "The year reported on.", False),
    ("agency_key", "string", "The normalised agency name the pairing used.", False),
    ("previous", "object", "The input of the year before it was paired with: path and report_id.", False),
    ("next", "object", "The input of the year after it was paired with.", False),
    ("pairing_note", "string", "Why a report was not paired.", False),
    ("cross_year_findings", "array", "Findings of the cross-year rules against the previous year.", False),
    ("errors", "integer", "Findings of severity error (this report alone).", True),
    ("warnings", "integer", "Findings of severity warning (this report alone).", True),
    ("notes", "integer", "Findings of severity info (this report alone).", True),
    ("issues", "array", "What a parser guessed or could not read.", True),
    ("findings", "array", "The validator's findings on this report alone.", True),
    ("report", "object", "The report in gxopen's JSON shape.", False),
)


def package(*, csv: bool, parquet: bool) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of a batch's output."""
    resources: list[dict[str, Any]] = [
        {
            "name": "reports",
            "path": "reports.jsonl",
            "format": "jsonl",
            "mediatype": "application/jsonl",
            "encoding": "utf-8",
            "description": "One line per input: what it was, what became of it, its report and findings.",
            "schema": {
                "fields": [
                    {"name": n, "type": t, "description": d, **({"constraints": {"required": True}} if r else {})}
                    for n, t, d, r in _REPORT_FIELDS
                ],
                "primaryKey": ["path"],
            },
        }
    ]
    cells_note = " The same rows are in cells.parquet (Parquet, zstd)." if parquet else ""
    if csv:
        resources.append(
            {
                "name": "cells",
                "path": "cells.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": "One row per cell of tables 2-4 of every report read." + cells_note,
                "schema": {
                    "fields": [_field(c) for c in CELL_COLUMNS],
                    "primaryKey": ["report_id", "pointer"],
                },
            }
        )
    resources.append(
        {
            "name": "findings",
            "path": "findings.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": "One row per finding, cross-year findings included.",
            "schema": {
                "fields": [_field(c) for c in FINDING_COLUMNS],
                "primaryKey": ["report_id", "finding_no"],
            },
        }
    )
    return {
        "name": "gxopen-batch",
        "title": "Government Information Disclosure Annual Reports, validated by gxopen",
        "created": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "resources": resources,
    }


def write_package(out: str, *, csv: bool, parquet: bool) -> None:
    """Write ``datapackage.json``."""
    with open(os.path.join(out, "datapackage.json"), "w", encoding="utf-8") as f:
        json.dump(package(csv=csv, parquet=parquet), f, ensure_ascii=False, indent=2)
        f.write("\n")
