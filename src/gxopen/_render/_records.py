"""Plain data: the report as a dict, as tidy records (one per cell), as CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import attrs

from gxopen._cells import all_rows, get, pointer
from gxopen._convert import dump, plain
from gxopen._model import Report

__all__ = ["RECORD_FIELDS", "Record", "records", "render_csv", "render_dict"]


def render_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-shaped data (same as :func:`gxopen.dump`; see :doc:`/format`)."""
    return dump(report)


@attrs.frozen
class Record:
    """One cell of tables 2–4 in tidy form: what analysts load into pandas or DuckDB.

    A count and an amount of money have their own typed columns, so a decimal
    fee never turns the counts into floats or decimals; ``value`` holds either.
    No column is named after an SQL reserved word.

    Attributes:
        agency: The publishing agency.
        year: The year reported on.
        table_number: ``"2"``, ``"3"`` or ``"4"``.
        row_code: The row's official numbering, e.g. ``"3.3.1"``.
        row_key: The row's path of JSON keys below the table, dotted, e.g.
            ``"outcomes.denied.state_secret"``.
        row_label: The row's Chinese label.
        row_label_en: The row's English label.
        column_code: The column's numbering within its table or block.
        column_key: The column's JSON key.
        column_label: The column's Chinese label.
        column_label_en: The column's English label.
        pointer: The cell's JSON pointer.
        unit: ``"件"`` for a count, the unit of money (``"万元"`` for table 2's fees).
        value: The cell's value, count or money; ``None`` when not reported.
        count: The value when the cell is a count, else ``None``.
        amount: The value when the cell is money, else ``None``.
    """

    agency: str
    year: int
    table_number: str
    row_code: str
    row_key: str
    row_label: str
    row_label_en: str
    column_code: str
    column_key: str
    column_label: str
    column_label_en: str
    pointer: str
    unit: str
    value: int | Decimal | None
    count: int | None
    amount: Decimal | None


RECORD_FIELDS: tuple[str, ...] = tuple(a.name for a in attrs.fields(Record))
"""The fields of a :class:`Record`, in CSV column order."""

_TABLE = {"proactive": "2", "requests": "3", "review_litigation": "4"}


def records(report: Report) -> list[Record]:
    """Every cell of tables 2–4 as a :class:`Record`, in printed order."""
    out = []
    for row in all_rows(report.edition):
        values = get(report, row.path)
        for column in row.columns:
            key = column.key or ""
            value = getattr(values, key)
            money = column.unit in ("万元", "元")
            out.append(
                Record(
                    agency=report.agency,
                    year=report.year,
                    table_number=_TABLE[row.path[0]],
                    row_code=row.code.code,
                    row_key=".".join(row.path[1:]),
                    row_label=row.code.zh,
                    row_label_en=row.code.en,
                    column_code=column.code,
                    column_key=key,
                    column_label=column.zh,
                    column_label_en=column.en,
                    pointer=pointer(row.cell(column)),
                    unit=column.unit if money and column.unit else "件",
                    value=value,
                    count=None if money else value,
                    amount=value if money else None,
                )
            )
    return out


def _csv_field(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def render_csv(report: Report) -> str:
    """The tidy records as CSV text (RFC 4180).

    A header row of :data:`RECORD_FIELDS`, rows ending in CRLF, a field quoted
    when it holds a comma, a quote or a line break (a lone carriage return too), money in
    plain decimal notation, and an empty field for "not reported".
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(RECORD_FIELDS)
    for record in records(report):
        writer.writerow([_csv_field(v) for v in attrs.astuple(record)])
    return buffer.getvalue()
