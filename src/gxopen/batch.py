"""Many reports at once: a folder of reports in, a validated dataset out.

:func:`run` is what ``gxopen batch`` does: it walks files and folders, detects
each input's format from its bytes, parses what needs parsing, loads and
validates every report, pairs consecutive years of one agency and runs the
cross-year rules, and writes an output folder:

* ``reports.jsonl`` — one line per input: path, hash, format, status, the
  report or why there is none, parse issues, findings, and the pairing;
* ``cells.csv`` and ``cells.parquet`` — one row per cell (the Parquet file
  needs the ``parquet`` extra, pyarrow);
* ``findings.csv`` — one row per finding;
* ``datapackage.json`` — a Frictionless Data Package describing the tables;
* ``summary.html`` — one page for people, with the worst reports rendered
  under ``reports/`` with their wrong cells highlighted.

:func:`scan` is the library's streaming view: one :class:`InputResult` per
input, nothing written. Both accept any :class:`concurrent.futures.Executor`,
so a Dask or Ray cluster's executor runs the same work on more machines.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor

from gxopen._batch._inputs import sniff, walk
from gxopen._batch._pairing import agency_key
from gxopen._batch._run import STATE_DIR, BatchError, BatchSummary, run
from gxopen._batch._work import InputResult, Status, process

__all__ = [
    "STATE_DIR",
    "BatchError",
    "BatchSummary",
    "InputResult",
    "Status",
    "agency_key",
    "run",
    "scan",
    "sniff",
]


def _process_many(paths: list[str], blank_as_zero: bool) -> list[InputResult]:
    return [process(p, blank_as_zero=blank_as_zero) for p in paths]


def scan(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    executor: Executor | None = None,
    blank_as_zero: bool = False,
    chunk_size: int = 16,
) -> Iterator[InputResult]:
    """Yield one :class:`InputResult` per input under ``paths``, in input order.

    Folders are walked recursively (hidden entries skipped); each input's
    format is detected from its bytes. A bad input never stops the scan: it
    yields a result with status ``unreadable`` or ``unsupported`` and the
    reason. Findings are those of each report alone; the cross-year rules need
    the pairing that :func:`run` does.

    Args:
        paths: Files and folders.
        jobs: Worker processes to use when no ``executor`` is given (1: this process).
        executor: Any :class:`concurrent.futures.Executor` (a process pool, a
            Dask client's ``get_executor()`` …); its workers must see the paths.
        blank_as_zero: Read blank cells as 0 (opt-in, see :func:`gxopen.validate`).
        chunk_size: Inputs per task sent to the executor.

    Raises:
        BatchError: a path does not exist.
    """
    names = [os.fspath(p) for p in paths]
    try:
        files = list(walk(names))
    except FileNotFoundError as exc:
        raise BatchError(f"{exc.args[0]}: no such file or folder") from None
    if executor is None and jobs <= 1:
        for path in files:
            yield process(path, blank_as_zero=blank_as_zero)
        return
    own = executor is None
    pool = ProcessPoolExecutor(max_workers=jobs) if executor is None else executor
    pending: deque[Future[list[InputResult]]] = deque()
    try:
        for start in range(0, len(files), chunk_size):
            pending.append(pool.submit(_process_many, files[start : start + chunk_size], blank_as_zero))
            if len(pending) >= 2 * max(jobs, 2):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        if own:
            pool.shutdown(cancel_futures=True)
