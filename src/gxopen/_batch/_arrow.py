"""The cells table as Arrow record batches and a Parquet file (needs the ``parquet`` extra: pyarrow).

The columns that depend only on the cell are dictionary-encoded against one
dictionary per column built once per process, so a batch of a thousand reports
is a few ``take`` calls in Arrow's C++ and one Python pass over the values.
The Parquet file is written without Arrow's own schema, so every reader
(DuckDB, pandas, Spark, R's arrow) sees plain strings, not categories.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gxopen._batch._table import AMOUNT_PRECISION, AMOUNT_SCALE, CELL_COLUMNS, CellSpec, amount_fits, cell_specs
from gxopen._codes import Edition

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["CellsEntry", "batch_schema", "cells_batch", "cells_schema", "open_writer"]

CellsEntry = tuple[str, str, int, Edition, str, Sequence[Any]]
"""One report's part of the cells table: report id, agency, year, edition, source path, values."""

_STATIC = ("row_code", "row_label", "column_code", "column_label", "pointer", "unit")


def cells_schema() -> pa.Schema:
    """The Arrow schema of ``cells.parquet`` (plain types, as readers see them)."""
    import pyarrow as pa  # noqa: PLC0415 - optional dependency

    types = {
        "string": pa.string(),
        "int8": pa.int8(),
        "int16": pa.int16(),
        "int64": pa.int64(),
        f"decimal({AMOUNT_PRECISION},{AMOUNT_SCALE})": pa.decimal128(AMOUNT_PRECISION, AMOUNT_SCALE),
    }
    return pa.schema([pa.field(c.name, types[c.arrow], nullable=not c.required) for c in CELL_COLUMNS])


@functools.cache
def _static() -> tuple[dict[Edition, tuple[int, Any]], dict[str, tuple[Any, Any]], Any, dict[Edition, Any], Any]:
    """Global cell indices per edition, and per static column a (lookup, dictionary) pair."""
    import pyarrow as pa  # noqa: PLC0415

    offsets: dict[Edition, tuple[int, Any]] = {}
    specs: list[CellSpec] = []
    for edition in Edition:
        offsets[edition] = (len(specs), array("i", range(len(specs), len(specs) + len(cell_specs(edition)))))
        specs.extend(cell_specs(edition))
    columns: dict[str, tuple[Any, Any]] = {}
    for name in _STATIC:
        values = [getattr(s, name) for s in specs]
        uniques = [v for v in dict.fromkeys(values) if v is not None]
        position = {v: i for i, v in enumerate(uniques)}
        lookup = pa.array([position.get(v) for v in values], pa.int32())
        columns[name] = (lookup, pa.array(uniques, pa.string()))
    table_no = pa.array([s.table_no for s in specs], pa.int8())
    money = {e: [i for i, s in enumerate(cell_specs(e)) if s.money] for e in Edition}
    # For each cell, its place among its edition's money cells (null for counts).
    place = [m.index(i) if i in m else None for e in Edition for m in (money[e],) for i in range(len(cell_specs(e)))]
    return offsets, columns, table_no, money, pa.array(place, pa.int32())


def cells_batch(entries: Sequence[CellsEntry]) -> pa.RecordBatch:
    """The rows of ``entries`` as one record batch with dictionary-encoded string columns."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    offsets, columns, table_no, money, money_place = _static()
    cell_idx = array("i")
    report_idx = array("i")
    counts: list[Any] = []
    amounts: list[Decimal | None] = []
    amount_start = []
    agencies: dict[str, int] = {}
    agency_idx: list[int] = []
    years = []
    for k, (_, agency, year, edition, _, values) in enumerate(entries):
        n = len(values)
        cell_idx.extend(offsets[edition][1])
        report_idx.extend(array("i", [k]) * n)
        amount_start.append(len(amounts))
        positions = money[edition]
        if positions:
            row = list(values)
            for i in positions:
                value = row[i]
                row[i] = None
                amounts.append(value if value is not None and amount_fits(value) else None)
            counts.extend(row)
        else:
            counts.extend(values)
        agency_idx.append(agencies.setdefault(agency, len(agencies)))
        years.append(year)
    cells = pa.array(cell_idx, pa.int32())
    reports = pa.array(report_idx, pa.int32())

    def per_report(values: list[Any], dictionary: list[str]) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pc.take(pa.array(values, pa.int32()), reports), pa.array(dictionary))

    arrays = {
        "report_id": per_report(list(range(len(entries))), [e[0] for e in entries]),
        "agency": per_report(agency_idx, list(agencies)),
        "year": pc.take(pa.array(years, pa.int16()), reports),
        "edition": pa.DictionaryArray.from_arrays(
            pc.take(pa.array([list(Edition).index(e[3]) for e in entries], pa.int32()), reports),
            pa.array([e.value for e in Edition]),
        ),
        "table_no": pc.take(table_no, cells),
        "value_count": pa.array(counts, pa.int64()),
        # Money cells are few: their values are gathered into place, nulls elsewhere, in Arrow's C++.
        "value_amount": pc.take(
            pa.array(amounts, pa.decimal128(AMOUNT_PRECISION, AMOUNT_SCALE)),
            pc.add(pc.take(pa.array(amount_start, pa.int32()), reports), pc.take(money_place, cells)),
        ),
        "source_path": per_report(list(range(len(entries))), [e[4] for e in entries]),
    }
    for name, (lookup, dictionary) in columns.items():
        arrays[name] = pa.DictionaryArray.from_arrays(pc.take(lookup, cells), dictionary)
    return pa.RecordBatch.from_arrays([arrays[c.name] for c in CELL_COLUMNS], schema=batch_schema())


@functools.cache
def batch_schema() -> pa.Schema:
    """:func:`cells_schema` with the string columns dictionary-encoded, as the batches hold them."""
    import pyarrow as pa  # noqa: PLC0415

    fields = []
    for f in cells_schema():
        if pa.types.is_string(f.type):
            fields.append(pa.field(f.name, pa.dictionary(pa.int32(), pa.string()), nullable=f.nullable))
        else:
            fields.append(f)
    return pa.schema(fields)


def open_writer(path: str) -> Any:
    """A Parquet writer for ``cells.parquet`` (zstd, dictionary pages, no Arrow schema stored)."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    return pq.ParquetWriter(path, batch_schema(), compression="zstd", store_schema=False)
