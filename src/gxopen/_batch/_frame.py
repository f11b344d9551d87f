"""Reports as a pandas DataFrame with the columns and types of ``cells.parquet``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gxopen._batch._table import cell_values
from gxopen._convert import dumps
from gxopen._model import Report

if TYPE_CHECKING:
    from gxopen._batch._work import InputResult

__all__ = ["to_dataframe"]


def to_dataframe(reports: Iterable[Report | InputResult]) -> Any:
    """The cells of ``reports`` as a pandas DataFrame, one row per cell, typed as ``cells.parquet``.

    The columns are those of ``cells.parquet`` (see the batch how-to) with
    pyarrow-backed dtypes — ``string``, ``int16`` for the year, ``int8`` for
    the table, nullable ``int64`` for counts and ``decimal128(24, 6)`` for
    money — so ``pd.read_parquet("cells.parquet", dtype_backend="pyarrow")``
    gives an equal frame for the same reports.

    Args:
        reports: :class:`~gxopen.Report` objects, or the results of
            :func:`gxopen.batch.scan` (those without a report are skipped).
            A result brings its input's hash and path; a bare report's
            ``report_id`` is the hash of its JSON (:func:`gxopen.dumps`) and
            its ``source_path`` is its ``source`` field, or empty.

    Raises:
        ImportError: pandas or pyarrow is not installed (``pip install "gxopen[pandas]"``).
    """
    try:
        import pandas as pd  # noqa: PLC0415 - optional dependency
        import pyarrow as pa  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError('gxopen.to_dataframe needs pandas and pyarrow: pip install "gxopen[pandas]"') from exc
    from gxopen._batch._arrow import cells_batch, cells_schema  # noqa: PLC0415

    entries = []
    for item in reports:
        if isinstance(item, Report):
            report = item
            digest = hashlib.sha256(dumps(report).encode()).hexdigest()
            path = report.source or ""
        else:
            if item.report is None:
                continue
            report, digest, path = item.report, item.sha256, item.path
        entries.append((digest[:16], report.agency, report.year, report.edition, path, cell_values(report)))
    schema = cells_schema()
    table = pa.Table.from_batches([cells_batch(entries)]).cast(schema) if entries else schema.empty_table()
    return table.to_pandas(types_mapper=pd.ArrowDtype)
