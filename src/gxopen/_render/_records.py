"""Plain data: the report as a dict, as tidy records (one per cell), as CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import attrs

from gxopen._cells import all_rows, get, pointer
from gxopen._convert import dump
from gxopen._model import Report

__all__ = ["RECORD_FIELDS", "Record", "records", "render_csv", "render_dict"]


def render_dict(report: Report) -> dict[str, Any]:
    """The report as the JSON shape of FORMAT.md section 9 (same as :func:`gxopen.dump`)."""
    return dump(report)


@attrs.frozen
class Record:
    """One cell of tables 2–4 in tidy form: what analysts load into pandas or DuckDB.

    Attributes:
        agency: The publishing agency.
        year: The year reported on.
        table: ``"2"``, ``"3"`` or ``"4"``.
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
        value: The cell's value; ``None`` when not reported.
    """

    agency: str
    year: int
    table: str
    row_code: str
    row_key: str
    row_label: str
    row_label_en: str
    column_code: str
    column_key: str
    column_label: str
    column_label_en: str
    pointer: str
    value: int | Decimal | None


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
            out.append(
                Record(
                    agency=report.agency,
                    year=report.year,
                    table=_TABLE[row.path[0]],
                    row_code=row.code.code,
                    row_key=".".join(row.path[1:]),
                    row_label=row.code.zh,
                    row_label_en=row.code.en,
                    column_code=column.code,
                    column_key=key,
                    column_label=column.zh,
                    column_label_en=column.en,
                    pointer=pointer(row.cell(column)),
                    value=getattr(values, key),
                )
            )
    return out


def render_csv(report: Report) -> str:
    """The tidy records as CSV text (UTF-8, header row, empty value for "not reported")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RECORD_FIELDS)
    for record in records(report):
        row = attrs.astuple(record)
        writer.writerow(["" if v is None else str(v) for v in row])
    return buffer.getvalue()
