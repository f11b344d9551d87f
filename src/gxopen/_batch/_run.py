"""Running a batch: inputs, workers, the output folder, and what is done when the inputs run out.

Phase one streams: chunks of inputs go to the workers (a process pool, any
:class:`concurrent.futures.Executor`, or this process), at most a few chunks
are in flight, and each finished chunk is appended to the output files at
once. What the end needs is kept on disk in ``OUT/.gxopen-batch/``, not in
memory. Phase two runs when the inputs are done *or* the run is interrupted:
it pairs consecutive years, runs the cross-year rules on the cells kept for
them, and writes the final ``reports.jsonl``, ``findings.csv``,
``datapackage.json`` and ``summary.html``.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from decimal import Decimal
from typing import Any

import attrs

from gxopen._batch._inputs import walk
from gxopen._batch._pairing import Pairing, cross_year_findings, pair, shadow
from gxopen._batch._table import CELL_COLUMNS, FINDING_COLUMNS, findings_csv, header
from gxopen._batch._work import CROSS_YEAR_PATHS, PAIRING_MARK, Done, Options, Status, process, process_chunk
from gxopen._rules import Severity
from gxopen._validate import Finding
from gxopen.exceptions import GxopenError

__all__ = ["STATE_DIR", "BatchError", "BatchSummary", "FailOn", "run"]

STATE_DIR = ".gxopen-batch"
"""The folder inside OUT that holds what a batch needs to finish and to resume."""

FailOn = str
"""``"error"``, ``"warning"`` or ``"never"``."""


class BatchError(GxopenError):
    """A batch cannot start: no inputs, a path that does not exist, an output folder that cannot be written."""


@attrs.frozen
class BatchSummary:
    """What :func:`gxopen.batch.run` did.

    Attributes:
        out: The output folder.
        inputs: The inputs the output describes (with those of earlier runs when resuming).
        processed: The inputs this run read.
        skipped: The inputs this run skipped because their hash was already in the output.
        statuses: The number of inputs per status (``valid``, ``invalid`` …).
        errors: Findings of severity error, cross-year ones included.
        warnings: Findings of severity warning.
        notes: Findings of severity info.
        parse_errors: Cells a parser could not read (text and HTML inputs).
        parse_warnings: Things a parser guessed.
        pairs: Pairs of consecutive years that were checked with the cross-year rules.
        interrupted: Whether the run was interrupted (the output covers what was done).
    """

    out: str
    inputs: int
    processed: int
    skipped: int
    statuses: dict[str, int]
    errors: int
    warnings: int
    notes: int
    parse_errors: int
    parse_warnings: int
    pairs: int
    interrupted: bool = False

    @property
    def unread(self) -> int:
        """Inputs with no report: unreadable or unsupported."""
        return self.statuses.get(Status.UNREADABLE, 0) + self.statuses.get(Status.UNSUPPORTED, 0)

    def exit_status(self, fail_on: FailOn = "error") -> int:
        """The command line's exit status: 1 when an input could not be read or a finding reaches ``fail_on``.

        Parse errors count as errors and parse warnings as warnings.

        Raises:
            ValueError: ``fail_on`` is not ``error``, ``warning`` or ``never``.
        """
        if fail_on not in ("error", "warning", "never"):
            raise ValueError(f"fail_on must be 'error', 'warning' or 'never', not {fail_on!r}")
        if self.unread:
            return 1
        worst_error = self.errors + self.parse_errors
        worst_warning = self.warnings + self.parse_warnings
        if fail_on == "error" and worst_error:
            return 1
        if fail_on == "warning" and (worst_error or worst_warning):
            return 1
        return 0


# ---------------------------------------------------------------- phase one


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which finishes the output."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Stop:
    """While active, the first Ctrl-C asks the run to stop after the chunk at hand; a second one stops at once.

    A chunk is written whole or not at all, so the output stays consistent.
    Outside the main thread (where signals cannot be handled) Ctrl-C raises as usual.
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None

    def _handle(self, signum: int, frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __enter__(self) -> _Stop:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _chunks(files: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(files), size):
        yield files[start : start + size]


def _results(
    files: Sequence[str], options: Options, executor: Executor | None, window: int, size: int
) -> Iterator[tuple[list[Done], Any]]:
    """Chunk results in input order, with at most ``window`` chunks in flight."""
    if executor is None:
        for chunk in _chunks(files, size):
            yield process_chunk(chunk, options)
        return
    pending: deque[Future[tuple[list[Done], Any]]] = deque()
    try:
        for chunk in _chunks(files, size):
            pending.append(executor.submit(process_chunk, chunk, options))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def _jsonable(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


class _Output:
    """The output folder while phase one runs."""

    def __init__(self, out: str, *, resume: bool, csv: bool, parquet: bool) -> None:
        self.out = out
        self.state = os.path.join(out, STATE_DIR)
        os.makedirs(self.state, exist_ok=True)
        mode = "ab" if resume else "wb"
        self.lines = open(os.path.join(self.state, "reports.part.jsonl"), mode)  # noqa: SIM115 - closed in close()
        self.keys = open(os.path.join(self.state, "keys.jsonl"), mode)  # noqa: SIM115
        self.findings = open(os.path.join(self.state, "findings.part.csv"), mode)  # noqa: SIM115
        self.seen: dict[str, str] = {}
        self.done: set[tuple[str, str]] = set()
        if resume:
            for row in read_keys(self.state):
                if row.sha256:
                    self.seen.setdefault(row.sha256, row.path)
                    self.done.add((row.path, row.sha256))
        self.cells = None
        cells_path = os.path.join(out, "cells.csv")
        if csv:
            fresh = not (resume and os.path.exists(cells_path))
            self.cells = open(cells_path, "wb" if fresh else "ab")  # noqa: SIM115
            if fresh:
                self.cells.write(header(CELL_COLUMNS))
        elif not resume and os.path.exists(cells_path):
            os.remove(cells_path)
        self.parquet: Any = None
        self.pending: list[Any] = []
        self.pending_rows = 0
        if parquet:
            self._open_parquet(resume)
        elif not resume and os.path.exists(os.path.join(out, "cells.parquet")):
            os.remove(os.path.join(out, "cells.parquet"))

    def _open_parquet(self, resume: bool) -> None:
        from gxopen._batch._arrow import batch_schema, open_writer  # noqa: PLC0415 - optional dependency

        path = os.path.join(self.out, "cells.parquet")
        old = os.path.join(self.state, "cells.previous.parquet")
        if resume and os.path.exists(path):
            os.replace(path, old)
        self.parquet = open_writer(path)
        if resume and os.path.exists(old):
            import pyarrow.parquet as pq  # noqa: PLC0415

            with pq.ParquetFile(old) as previous:
                for i in range(previous.num_row_groups):
                    self.parquet.write_table(previous.read_row_group(i).cast(batch_schema()))
            os.remove(old)

    def add(self, items: Sequence[Done], batch: Any) -> None:
        dropped = []
        for done in items:
            item = done
            if item.sha256 and item.sha256 in self.seen:
                dropped.append(item.path)
                item = duplicate(item, self.seen[item.sha256])
            elif item.sha256:
                self.seen.setdefault(item.sha256, item.path)
            self.lines.write(item.line)
            self.keys.write(_key_line(item))
            self.findings.write(item.findings_csv)
            if self.cells is not None:
                self.cells.write(item.cells_csv)
        if self.parquet is not None and batch is not None:
            if dropped:
                import pyarrow as pa  # noqa: PLC0415
                import pyarrow.compute as pc  # noqa: PLC0415

                paths = pc.cast(batch.column("source_path"), pa.string())
                batch = batch.filter(pc.invert(pc.is_in(paths, pa.array(dropped, pa.string()))))
            self.pending.append(batch)
            self.pending_rows += batch.num_rows
            if self.pending_rows >= 500_000:
                self._flush_parquet()

    def _flush_parquet(self) -> None:
        if self.pending:
            import pyarrow as pa  # noqa: PLC0415

            self.parquet.write_table(pa.Table.from_batches(self.pending), row_group_size=1 << 20)
            self.pending = []
            self.pending_rows = 0

    def close(self) -> None:
        for f in (self.lines, self.keys, self.findings, self.cells):
            if f is not None:
                f.close()
        if self.parquet is not None:
            self._flush_parquet()
            self.parquet.close()


def duplicate(item: Done, first: str) -> Done:
    """``item`` turned into a duplicate of the input ``first``: no report, no rows."""
    head = {
        "path": item.path,
        "report_id": item.sha256[:16],
        "sha256": item.sha256,
        "size": None,
        "format": item.format,
        "status": Status.DUPLICATE.value,
        "reason": f"same bytes as {first}",
        "edition": item.edition,
        "agency": item.agency,
        "year": item.year,
    }
    text = json.dumps(head, ensure_ascii=False)[:-1]
    line = f'{text},{PAIRING_MARK},"errors":0,"warnings":0,"notes":0,"issues":[],"findings":[],"report":null}}\n'
    return attrs.evolve(
        item,
        status=Status.DUPLICATE,
        reason=f"same bytes as {first}",
        severities=(0, 0, 0),
        rules=(),
        parse_errors=0,
        parse_warnings=0,
        cross_year=None,
        line=line.encode(),
        findings_csv=b"",
        cells_csv=b"",
    )


@attrs.frozen
class KeyRow:
    """What the end of a batch knows of one input (a line of ``keys.jsonl``)."""

    path: str
    sha256: str
    format: str
    status: str
    reason: str | None
    edition: str | None
    agency: str | None
    year: int | None
    severities: tuple[int, int, int]
    rules: dict[str, int]
    parse_errors: int
    parse_warnings: int
    cross_year: list[Any] | None

    @property
    def report_id(self) -> str:
        return self.sha256[:16]

    @property
    def has_report(self) -> bool:
        return self.status in (Status.VALID, Status.INVALID)


def _key_line(item: Done) -> bytes:
    row = [
        item.path,
        item.sha256,
        item.format,
        item.status.value,
        item.reason,
        item.edition,
        item.agency,
        item.year,
        list(item.severities),
        dict(item.rules),
        item.parse_errors,
        item.parse_warnings,
        None if item.cross_year is None else [_jsonable(v) for v in item.cross_year],
    ]
    return (json.dumps(row, ensure_ascii=False) + "\n").encode()


def read_keys(state: str) -> Iterator[KeyRow]:
    """The rows of ``keys.jsonl`` in order."""
    path = os.path.join(state, "keys.jsonl")
    if not os.path.exists(path):
        return
    with open(path, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                break  # a line cut short by a crash: its input is read again on resume
            v = json.loads(line)
            yield KeyRow(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], tuple(v[8]), v[9], v[10], v[11], v[12])


# ---------------------------------------------------------------- phase two


def _shadow(row: KeyRow) -> Any:
    assert row.edition is not None
    assert row.cross_year is not None
    return shadow(row.edition, CROSS_YEAR_PATHS, row.cross_year)


def _link(rows: Sequence[KeyRow], index: int | None) -> dict[str, str] | None:
    if index is None:
        return None
    return {"path": rows[index].path, "report_id": rows[index].report_id}


@attrs.frozen
class Finished:
    """Phase two's view of the whole output, for the summary page."""

    rows: list[KeyRow]
    pairing: Pairing
    cross: dict[int, list[Finding]]


def _finish_reports(
    state: str, out: str, rows: Sequence[KeyRow], pairing: Pairing, cross: dict[int, list[Finding]]
) -> None:
    mark = PAIRING_MARK.encode()
    target = os.path.join(out, "reports.jsonl")
    with open(os.path.join(state, "reports.part.jsonl"), "rb") as src, open(target + ".tmp", "wb") as dst:
        for i, line in enumerate(src):
            if i >= len(rows):
                break  # a line without its key row (cut short by a crash)
            key = pairing.keys.get(i)
            found = cross.get(i, [])
            fill = {
                "agency_key": key,
                "previous": _link(rows, pairing.previous.get(i)),
                "next": _link(rows, pairing.following.get(i)),
                "pairing_note": pairing.notes.get(i),
                "cross_year_findings": [f.to_dict() for f in found],
            }
            dst.write(line.replace(mark, json.dumps(fill, ensure_ascii=False)[1:-1].encode(), 1))
    os.replace(target + ".tmp", target)


def _finish_findings(
    state: str, out: str, rows: Sequence[KeyRow], pairing: Pairing, cross: dict[int, list[Finding]]
) -> None:
    target = os.path.join(out, "findings.csv")
    with open(target + ".tmp", "wb") as dst:
        dst.write(header(FINDING_COLUMNS))
        with open(os.path.join(state, "findings.part.csv"), "rb") as src:
            while block := src.read(1 << 20):
                dst.write(block)
        for i, found in sorted(cross.items()):
            row = rows[i]
            assert row.agency is not None
            assert row.year is not None
            dst.write(
                findings_csv(
                    found,
                    report_id=row.report_id,
                    agency=row.agency,
                    year=row.year,
                    source_path=row.path,
                    first_no=sum(row.severities) + 1,
                    previous_report_id=rows[pairing.previous[i]].report_id,
                ).encode()
            )
    os.replace(target + ".tmp", target)


def finish(out: str, *, blank_as_zero: bool) -> Finished:
    """Phase two: pair, check across years, and write the final ``reports.jsonl`` and ``findings.csv``."""
    state = os.path.join(out, STATE_DIR)
    rows = list(read_keys(state))
    entries = [(i, row.agency, row.year) for i, row in enumerate(rows) if row.has_report]
    pairing = pair([(i, a, y) for i, a, y in entries if a is not None and y is not None])
    cross: dict[int, list[Finding]] = {}
    for current, previous in pairing.previous.items():
        found = cross_year_findings(_shadow(rows[current]), _shadow(rows[previous]), blank_as_zero=blank_as_zero)
        if found:
            cross[current] = found
    _finish_reports(state, out, rows, pairing, cross)
    _finish_findings(state, out, rows, pairing, cross)
    return Finished(rows, pairing, cross)


# ---------------------------------------------------------------- run


def _progress(total: int, enabled: bool | None) -> tuple[Callable[[int], object], Callable[[], object]]:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if enabled:
        try:
            from tqdm import tqdm  # noqa: PLC0415 - optional dependency
        except ImportError:
            enabled = False
        else:
            bar = tqdm(total=total, unit="report", smoothing=0.1, dynamic_ncols=True)
            return bar.update, bar.close
    return (lambda n: None), (lambda: None)


def _have_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def _skip_known(files: Iterable[str], known: set[tuple[str, str]]) -> tuple[list[str], int]:
    """The files not yet in the output (same path, same bytes), and how many were."""
    todo = []
    skipped = 0
    for path in files:
        try:
            with open(path, "rb") as f:
                digest = hashlib.file_digest(f, "sha256").hexdigest()
        except OSError:
            todo.append(path)
            continue
        if (path, digest) in known:
            skipped += 1
        else:
            todo.append(path)
    return todo, skipped


def _files(paths: Iterable[str | os.PathLike[str]], out: str, resume: bool) -> list[str]:
    names = [os.fspath(p) for p in paths]
    if not names:
        raise BatchError("no inputs: give files or folders")
    try:
        files = list(walk(names, exclude=out))
    except FileNotFoundError as exc:
        raise BatchError(f"{exc.args[0]}: no such file or folder") from None
    if not files and not resume:
        raise BatchError(f"no files found under {', '.join(names)}")
    try:
        os.makedirs(os.path.join(out, STATE_DIR), exist_ok=True)
    except OSError as exc:
        raise BatchError(f"{out}: cannot write the output folder: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK):
        raise BatchError(f"{out}: cannot write the output folder")
    return files


def _want_parquet(parquet: bool | None) -> bool:
    if parquet is None:
        return _have_pyarrow()
    if parquet and not _have_pyarrow():
        raise BatchError('cells.parquet needs pyarrow: pip install "gxopen[parquet]"')
    return parquet


def run(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    executor: Executor | None = None,
    resume: bool = False,
    blank_as_zero: bool = False,
    parquet: bool | None = None,
    csv: bool = True,
    progress: bool | None = None,
    chunk_size: int = 64,
    worst: int = 50,
) -> BatchSummary:
    """Read, validate and pair every report under ``paths``; write the dataset to the folder ``out``.

    See :mod:`gxopen.batch` for what the folder holds. Memory stays flat in the
    number of inputs apart from a few hundred bytes per input kept for the
    pairing; each finished chunk is written at once. A ``KeyboardInterrupt``
    stops the reading, and the output is still finished for what was done
    (:attr:`BatchSummary.interrupted` says so; ``resume=True`` goes on).

    Args:
        paths: Files and folders (walked recursively; hidden entries and ``out`` skipped).
        out: The output folder; created if needed. Earlier outputs in it are
            replaced, unless ``resume``.
        jobs: Worker processes when no ``executor`` is given (default: the
            cores; 1 works in this process).
        executor: Any :class:`concurrent.futures.Executor`, e.g. a Dask
            client's ``get_executor()``; its workers must see the input paths
            and have gxopen installed. Chunks of ``chunk_size`` inputs are
            submitted to it, at most ``2 × jobs`` at a time.
        resume: Skip inputs already in ``out`` (the same path with the same
            SHA-256), and add the rest to it. An input whose bytes are in ``out``
            under another path is recorded as a duplicate of it.
        blank_as_zero: Read blank cells as 0 (opt-in, see :func:`gxopen.validate`).
        parquet: Write ``cells.parquet`` (default: when pyarrow is installed).
        csv: Write ``cells.csv``.
        progress: Show a progress bar on standard error (default: when it is a
            terminal and tqdm is installed).
        chunk_size: Inputs per task.
        worst: How many of the worst reports ``summary.html`` lists and renders.

    Raises:
        BatchError: no inputs, a path that does not exist, ``out`` not
            writable, or ``parquet=True`` without pyarrow.
    """
    out = os.fspath(out)
    files = _files(paths, out, resume)
    parquet = _want_parquet(parquet)
    if resume and not os.path.exists(os.path.join(out, STATE_DIR, "keys.jsonl")):
        resume = False
    output = _Output(out, resume=resume, csv=csv, parquet=parquet)
    skipped = 0
    if resume:
        files, skipped = _skip_known(files, output.done)
    options = Options(blank_as_zero=blank_as_zero, csv=csv, parquet=parquet)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    own = executor is None and workers > 1
    pool: Executor | None = executor
    if own:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_sigint)
    update, close_bar = _progress(len(files), progress)
    processed = 0
    stop = _Stop()
    try:
        with stop:
            for items, batch in _results(files, options, pool, 2 * max(workers, 2), chunk_size):
                output.add(items, batch)
                processed += len(items)
                update(len(items))
                if stop.requested:
                    break
    except KeyboardInterrupt:
        stop.requested = True
    finally:
        close_bar()
        if own and pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        output.close()
    interrupted = stop.requested
    finished = finish(out, blank_as_zero=blank_as_zero)
    from gxopen._batch._summary import write_package, write_summary  # noqa: PLC0415

    summary = _summarise(out, finished, processed=processed, skipped=skipped, interrupted=interrupted)
    write_summary(out, finished, summary, worst=worst, blank_as_zero=blank_as_zero)
    write_package(out, csv=csv, parquet=parquet)
    return summary


def _summarise(out: str, finished: Finished, *, processed: int, skipped: int, interrupted: bool) -> BatchSummary:
    statuses: Counter[str] = Counter()
    severities = [0, 0, 0]
    parse = [0, 0]
    for row in finished.rows:
        statuses[row.status] += 1
        for k in range(3):
            severities[k] += row.severities[k]
        parse[0] += row.parse_errors
        parse[1] += row.parse_warnings
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    for found in finished.cross.values():
        for f in found:
            severities[rank[f.severity]] += 1
    return BatchSummary(
        out=out,
        inputs=len(finished.rows),
        processed=processed,
        skipped=skipped,
        statuses=dict(sorted(statuses.items())),
        errors=severities[0],
        warnings=severities[1],
        notes=severities[2],
        parse_errors=parse[0],
        parse_warnings=parse[1],
        pairs=len(finished.pairing.previous),
        interrupted=interrupted,
    )


def reprocess(row: KeyRow, previous: KeyRow | None, *, blank_as_zero: bool) -> tuple[Any, list[Finding]]:
    """Read one input again (for its HTML page): its report and all its findings, cross-year ones included."""
    result = process(row.path, blank_as_zero=blank_as_zero)
    if result.report is None or result.sha256 != row.sha256:
        return None, []
    findings = list(result.findings)
    if previous is not None:
        findings += cross_year_findings(result.report, _shadow(previous), blank_as_zero=blank_as_zero)
    return result.report, findings
