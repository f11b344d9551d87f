"""The tidy cells table and the findings table: columns, CSV text and Arrow batches.

One row of ``cells`` is one cell of tables 2–4 of one report. The columns that
depend only on the cell (table, codes, labels, pointer, unit) are the same for
every report of an edition, so they are computed once per edition: a report
contributes its values, and its own columns (id, agency, year, edition, path)
once. That keeps the per-report cost at a few microseconds per cell, which is
what lets a batch write 20 million rows.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from gxopen._cells import all_rows, pointer
from gxopen._codes import Edition
from gxopen._model import Report
from gxopen._validate import Finding

__all__ = [
    "AMOUNT_SCALE",
    "CELL_COLUMNS",
    "FINDING_COLUMNS",
    "CellSpec",
    "Column",
    "cell_specs",
    "cells_csv",
    "csv_field",
    "findings_csv",
]

AMOUNT_SCALE = 6
"""Decimal places of ``value_amount`` (万元 to six places is 0.01 元)."""
AMOUNT_PRECISION = 24


@attrs.frozen
class Column:
    """A column of an output table: its name, types and meaning.

    Attributes:
        name: The column name (never an SQL-reserved word).
        arrow: The Arrow/Parquet type, as its name (``"string"``, ``"int16"`` …).
        frictionless: The Table Schema type.
        description: What the column holds.
        required: Whether a value is always present.
    """

    name: str
    arrow: str
    frictionless: str
    description: str
    required: bool = True


CELL_COLUMNS: tuple[Column, ...] = (
    Column("report_id", "string", "string", "The report: first 16 hex digits of the input's SHA-256."),
    Column("agency", "string", "string", "The publishing agency, as the report writes it."),
    Column("year", "int16", "integer", "The year reported on."),
    Column("edition", "string", "string", 'The format edition: "2019" or "2021".'),
    Column("table_no", "int8", "integer", "The table of the report: 2, 3 or 4."),
    Column("row_code", "string", "string", 'The row\'s official numbering, e.g. "3.3.1".'),
    Column("row_label", "string", "string", "The row's official Chinese label."),
    Column("column_code", "string", "string", "The column's numbering within its table or block."),
    Column("column_label", "string", "string", "The column's official Chinese label."),
    Column("pointer", "string", "string", "The cell's JSON pointer in the report."),
    Column(
        "value_count",
        "int64",
        "integer",
        "The value of a count cell; empty when not reported or when the cell is an amount.",
        required=False,
    ),
    Column(
        "value_amount",
        f"decimal({AMOUNT_PRECISION},{AMOUNT_SCALE})",
        "number",
        "The value of a money cell, exact; empty when not reported or when the cell is a count.",
        required=False,
    ),
    Column("unit", "string", "string", "件 for counts, 万元 for amounts.", required=False),
    Column("source_path", "string", "string", "The input file the report was read from."),
)
"""The columns of ``cells.csv`` and ``cells.parquet``, in order."""

FINDING_COLUMNS: tuple[Column, ...] = (
    Column("report_id", "string", "string", "The report the finding is about."),
    Column("finding_no", "int32", "integer", "The finding's position among its report's findings, from 1."),
    Column("agency", "string", "string", "The publishing agency."),
    Column("year", "int16", "integer", "The year reported on."),
    Column("rule", "string", "string", 'The rule id, e.g. "t3.balance" (see gxopen rules).'),
    Column("severity", "string", "string", "error, warning or info."),
    Column("kind", "string", "string", "mismatch, exceeds, not_assessable or plausibility."),
    Column("pointer", "string", "string", "The JSON pointer of the cell to look at first."),
    Column("scope", "string", "string", "The column, row or group the finding is about.", required=False),
    Column("expected", "string", "number", "What the total should be (the operands' sum).", required=False),
    Column("actual", "string", "number", "What the report says (the totals' sum).", required=False),
    Column("difference", "string", "number", "actual - expected.", required=False),
    Column("missing", "string", "string", "Pointers of the terms not reported, space-separated.", required=False),
    Column(
        "previous_report_id",
        "string",
        "string",
        "For a cross-year finding, the report of the year before.",
        required=False,
    ),
    Column("message_zh", "string", "string", "The finding in Chinese."),
    Column("message_en", "string", "string", "The finding in English."),
    Column("source_path", "string", "string", "The input file of the report."),
)
"""The columns of ``findings.csv``, in order."""


def csv_field(value: str) -> str:
    """One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break."""
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def header(columns: Sequence[Column]) -> bytes:
    """The CSV header line of ``columns``."""
    return (",".join(c.name for c in columns) + "\n").encode()


@attrs.frozen
class CellSpec:
    """One cell of an edition with everything about it that does not depend on the report."""

    table_no: int
    row_code: str
    row_label: str
    column_code: str
    column_label: str
    pointer: str
    money: bool
    unit: str | None
    getter: Callable[[Any], Any]
    csv_middle: str
    """The fields from ``table_no`` to ``pointer`` as CSV text, with the commas around them."""


_TABLE_NO = {"proactive": 2, "requests": 3, "review_litigation": 4}


@functools.cache
def cell_specs(edition: Edition) -> tuple[CellSpec, ...]:
    """Every cell of ``edition`` in printed order (the order of :func:`gxopen.records`)."""
    out = []
    for row in all_rows(edition):
        for column in row.columns:
            path = row.cell(column)
            money = "万元" in column.zh or column.key == "amount"
            unit = ("万元" if "万元" in column.zh else None) if money else "件"
            fields = (str(_TABLE_NO[row.path[0]]), row.code.code, row.code.zh, column.code, column.zh, pointer(path))
            out.append(
                CellSpec(
                    table_no=_TABLE_NO[row.path[0]],
                    row_code=row.code.code,
                    row_label=row.code.zh,
                    column_code=column.code,
                    column_label=column.zh,
                    pointer=pointer(path),
                    money=money,
                    unit=unit,
                    getter=operator.attrgetter(".".join(path)),
                    csv_middle="," + ",".join(csv_field(f) for f in fields) + ",",
                )
            )
    return tuple(out)


def cell_values(report: Report) -> list[Any]:
    """The report's values in the order of :func:`cell_specs`."""
    return [spec.getter(report) for spec in cell_specs(report.edition)]


def amount_fits(value: Decimal) -> bool:
    """Whether ``value`` fits ``value_amount`` exactly (at most :data:`AMOUNT_SCALE` places)."""
    exponent = value.as_tuple().exponent
    return (
        isinstance(exponent, int) and exponent >= -AMOUNT_SCALE and value.adjusted() < AMOUNT_PRECISION - AMOUNT_SCALE
    )


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


@functools.cache
def _csv_template(edition: Edition) -> tuple[str, tuple[int, ...]]:
    """All of a report's rows as one format string, and the positions of the money cells.

    ``{h}`` stands for the report's leading fields, ``{t}`` for its trailing
    ones, and ``{}`` for each value: one ``str.format`` call writes the 200 rows.
    """
    parts, money = [], []
    for i, spec in enumerate(cell_specs(edition)):
        unit = spec.unit or ""
        if spec.money:
            before, after = spec.csv_middle + ",", "," + unit
            money.append(i)
        else:
            before, after = spec.csv_middle, ",," + unit
        parts.append("{h}" + _braces(before) + "{}" + _braces(after) + "{t}")
    return "".join(parts), tuple(money)


def cells_csv(report: Report, values: Sequence[Any], report_id: str, source_path: str) -> str:
    """The report's rows of ``cells.csv`` (no header)."""
    template, money = _csv_template(report.edition)
    fields = ["" if v is None else v for v in values]
    for i in money:
        if values[i] is not None and not amount_fits(values[i]):
            fields[i] = ""
    head = f"{report_id},{csv_field(report.agency)},{report.year},{report.edition.value}"
    return template.format(*fields, h=head, t="," + csv_field(source_path) + "\n")


def _num(value: int | Decimal | None) -> str:
    return "" if value is None else str(value)


def findings_csv(
    findings: Sequence[Finding],
    *,
    report_id: str,
    agency: str,
    year: int,
    source_path: str,
    first_no: int = 1,
    previous_report_id: str = "",
) -> str:
    """Rows of ``findings.csv`` (no header) for ``findings`` of one report."""
    head = f"{report_id},"
    middle = f",{csv_field(agency)},{year},"
    lines = []
    for no, f in enumerate(findings, start=first_no):
        fields = (
            f.rule,
            f.severity.value,
            f.kind.value,
            f.pointer,
            f.scope,
            _num(f.expected),
            _num(f.actual),
            _num(f.difference),
            " ".join(f.missing),
            previous_report_id,
            f.message_zh,
            f.message_en,
            source_path,
        )
        lines.append(f"{head}{no}{middle}{','.join(csv_field(x) for x in fields)}\n")
    return "".join(lines)
