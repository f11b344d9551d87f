"""The work on one input: read, detect, parse or load, validate — and its rows for the outputs.

Everything here runs in worker processes (or on a Dask worker): the functions
are top level, take and return picklable values, and import nothing optional
unless asked to build Arrow batches.
"""

from __future__ import annotations

import enum
import hashlib
import json
import secrets
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from gxopen._batch._inputs import InputFormat, sniff
from gxopen._batch._table import cell_values, cells_csv, findings_csv
from gxopen._cells import Path
from gxopen._codes import Edition
from gxopen._convert import _parse_constant, dumps, load, loads
from gxopen._model import Report
from gxopen._parse._result import ParseIssue
from gxopen._rules import RULES, Severity, checks
from gxopen._validate import Finding, validate
from gxopen.exceptions import GxopenError, LoadError

__all__ = ["PAIRING_MARK", "Done", "InputResult", "Options", "Status", "process", "process_chunk"]


class Status(enum.StrEnum):
    """What became of one input of a batch."""

    VALID = "valid"
    """Read, and no finding of severity error."""
    INVALID = "invalid"
    """Read, with at least one finding of severity error."""
    UNSUPPORTED = "unsupported"
    """Recognised, but this gxopen cannot read it yet (an edition or a file format); the reason says which."""
    UNREADABLE = "unreadable"
    """Not a report gxopen can read: unreadable file, not JSON, not a report, no table found."""
    DUPLICATE = "duplicate"
    """The same bytes as an earlier input (set by :func:`gxopen.batch.run`); counted once."""


@attrs.frozen
class InputResult:
    """What a batch made of one input.

    Attributes:
        path: The input file.
        sha256: The SHA-256 of its bytes, hex (empty when it could not be read).
        size: Its size in bytes.
        format: ``json``, ``html``, ``text``, ``pdf``, ``docx``, ``doc`` or ``binary``,
            detected from the bytes.
        status: What became of it.
        reason: Why there is no report (for ``unsupported`` and ``unreadable``).
        report: The report, when one was read.
        issues: What a parser guessed or could not read (text and HTML inputs).
        findings: The validator's findings on the report alone (cross-year
            rules need the pairing that :func:`gxopen.batch.run` does).
    """

    path: str
    sha256: str
    size: int
    format: InputFormat
    status: Status
    reason: str | None = None
    report: Report | None = None
    issues: tuple[ParseIssue, ...] = ()
    findings: tuple[Finding, ...] = ()
    document: Any = attrs.field(default=None, repr=False, eq=False)
    """For JSON inputs, the JSON document the report was loaded from (internal)."""

    @property
    def report_id(self) -> str:
        """The first 16 hex digits of :attr:`sha256`: the id in the output tables."""
        return self.sha256[:16]

    @property
    def edition(self) -> Edition | None:
        """The report's edition, if a report was read."""
        return None if self.report is None else self.report.edition

    @property
    def agency(self) -> str | None:
        """The report's agency, if a report was read."""
        return None if self.report is None else self.report.agency

    @property
    def year(self) -> int | None:
        """The report's year, if a report was read."""
        return None if self.report is None else self.report.year


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from gxopen._parse._html import decode  # noqa: PLC0415 - needs the html extra

        return decode(data)[0]


def _decode_json(data: bytes) -> str:
    """JSON text: UTF-8 (a BOM allowed), or UTF-16/32 as RFC 8259's predecessors allowed (told by the bytes)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = json.detect_encoding(data)
        if encoding.startswith("utf-8"):
            raise
        return data.decode(encoding).removeprefix("\ufeff")


def _unsupported(message: str) -> bool:
    return "not supported" in message


def process(path: str, *, blank_as_zero: bool = False) -> InputResult:  # noqa: PLR0911 - one return per outcome
    """Read, detect, parse or load, and validate one input; never raises for a bad input."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        return InputResult(path, "", 0, "binary", Status.UNREADABLE, f"cannot read: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    fmt = sniff(data)

    def failed(status: Status, reason: str) -> InputResult:
        return InputResult(path, sha, len(data), fmt, status, reason)

    issues: tuple[ParseIssue, ...] = ()
    document: Any = None
    try:
        if fmt == "json":
            try:
                text = _decode_json(data)
            except UnicodeDecodeError as exc:
                return failed(Status.UNREADABLE, f"not UTF-8 JSON text (bad byte at offset {exc.start})")
            report, document = _load_json(text)
        elif fmt in ("html", "text"):
            from gxopen._parse import parse_html, parse_text  # noqa: PLC0415

            result = parse_html(data, source=path) if fmt == "html" else parse_text(_decode_text(data), source=path)
            if result.report is None:  # the tables were read, but not which year (or agency) they are of
                why = next((str(i) for i in result.errors), "the year of the report could not be read")
                return attrs.evolve(failed(Status.UNREADABLE, why), issues=result.issues())
            report, issues = result.report, result.issues()
        elif fmt in ("pdf", "docx", "doc"):
            return failed(Status.UNSUPPORTED, f"{fmt.upper()} files are not read by this version of gxopen")
        else:
            return failed(Status.UNREADABLE, "binary data, not a report")
    except LoadError as exc:
        messages = [str(p) for p in exc.problems]
        status = Status.UNSUPPORTED if any(_unsupported(m) for m in messages) else Status.UNREADABLE
        more = f" (and {len(messages) - 3} more)" if len(messages) > 3 else ""
        return failed(status, "not a valid report: " + "; ".join(messages[:3]) + more)
    except GxopenError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        return failed(Status.UNSUPPORTED if _unsupported(message) else Status.UNREADABLE, message)
    except RecursionError:
        return failed(Status.UNREADABLE, "nested too deeply to be a report")
    findings = tuple(validate(report, blank_as_zero=blank_as_zero))
    status = Status.INVALID if any(f.severity is Severity.ERROR for f in findings) else Status.VALID
    return InputResult(path, sha, len(data), fmt, status, None, report, issues, findings, document)


def _load_json(text: str) -> tuple[Report, Any]:
    """The report and the JSON document it was loaded from (kept to write it again without the converter)."""
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_parse_constant)
    except (ValueError, RecursionError):
        return loads(text), None  # raises LoadError with the position, as gxopen.loads does
    return load(document), document


# ---------------------------------------------------------------- for run()


def _cross_year_paths() -> tuple[Path, ...]:
    """Every cell a cross-year rule reads, on either side."""
    paths: dict[Path, None] = {}
    for edition in (Edition.E2021, Edition.E2019):  # the 2021 edition's cells first, in rule order
        for rule in RULES:
            if rule.cross_year and edition in rule.editions:
                for chk in checks(rule, edition):
                    for term in (*chk.totals, *chk.operands):
                        paths[term.path] = None
    return tuple(paths)


CROSS_YEAR_PATHS = _cross_year_paths()
"""The cells kept from every report so that reports can be paired after the fact."""


def _get(report: Report, path: Path) -> Any:
    obj: Any = report
    for key in path:
        obj = getattr(obj, key, None)
        if obj is None:
            return None
    return obj


@attrs.frozen
class Options:
    """What :func:`process_chunk` is asked to do."""

    blank_as_zero: bool = False
    csv: bool = True
    parquet: bool = True


PAIRING_MARK = '"agency_key":"\\u0000pairing\\u0000"'
"""Where the pairing goes in a line of ``reports.jsonl`` (filled in when the batch ends)."""


@attrs.frozen
class Done:
    """One processed input as the writer needs it: small facts, and its finished output bytes."""

    path: str
    sha256: str
    format: str
    status: Status
    reason: str | None
    edition: str | None
    agency: str | None
    year: int | None
    severities: tuple[int, int, int]
    rules: tuple[tuple[str, int], ...]
    """Findings per ``"<rule> <severity>"``."""
    parse_errors: int
    parse_warnings: int
    cross_year: tuple[Any, ...] | None
    line: bytes
    findings_csv: bytes
    cells_csv: bytes


def _line(result: InputResult) -> bytes:
    report = result.report
    head = {
        "path": result.path,
        "report_id": result.report_id,
        "sha256": result.sha256,
        "size": result.size,
        "format": result.format,
        "status": result.status.value,
        "reason": result.reason,
        "edition": None if report is None else report.edition.value,
        "agency": None if report is None else report.agency,
        "year": None if report is None else report.year,
    }
    text = json.dumps(head, ensure_ascii=False)[:-1]
    counts = [sum(f.severity is s for f in result.findings) for s in Severity]
    parts = [
        text,
        ",",
        PAIRING_MARK,
        f',"errors":{counts[0]},"warnings":{counts[1]},"notes":{counts[2]}',
        ',"issues":',
        json.dumps([i.to_dict() for i in result.issues], ensure_ascii=False),
        ',"findings":',
        json.dumps([f.to_dict() for f in result.findings], ensure_ascii=False),
        ',"report":',
        _report_json(result),
        "}\n",
    ]
    return "".join(parts).encode()


def _report_json(result: InputResult) -> str:
    if result.report is None:
        return "null"
    if result.document is None:
        return dumps(result.report, indent=None)
    # Decimals are written with their exact digits, as gxopen.dumps does: a placeholder string with a
    # random nonce (NUL is always escaped in JSON text), then the digits in its place.
    numbers: list[str] = []
    nonce = secrets.token_hex(8)

    def exact(value: object) -> object:
        if isinstance(value, Decimal):
            numbers.append(str(value))
            return f"\x00{nonce}-{len(numbers) - 1}\x00"
        raise TypeError(f"cannot write {type(value).__name__} as JSON")  # pragma: no cover - loaded JSON

    text = json.dumps(result.document, ensure_ascii=False, separators=(",", ":"), default=exact)
    for i, number in enumerate(numbers):
        text = text.replace(f'"\\u0000{nonce}-{i}\\u0000"', number, 1)
    return text


def done(result: InputResult, options: Options) -> tuple[Done, tuple[Any, ...] | None]:
    """The writer's view of ``result``, and its entry for the Arrow cells batch (if it has a report)."""
    report = result.report
    entry = None
    cells = b""
    findings = b""
    cross = None
    if report is not None:
        values = cell_values(report)
        if options.csv:
            cells = cells_csv(report, values, result.report_id, result.path).encode()
        if options.parquet:
            entry = (result.report_id, report.agency, report.year, report.edition, result.path, values)
        findings = findings_csv(
            result.findings,
            report_id=result.report_id,
            agency=report.agency,
            year=report.year,
            source_path=result.path,
        ).encode()
        cross = tuple(_get(report, p) for p in CROSS_YEAR_PATHS)
    severities = Counter(f.severity for f in result.findings)
    rules = Counter(f"{f.rule} {f.severity.value}" for f in result.findings)
    issue_levels = Counter(i.level.value for i in result.issues)
    item = Done(
        path=result.path,
        sha256=result.sha256,
        format=result.format,
        status=result.status,
        reason=result.reason,
        edition=None if report is None else report.edition.value,
        agency=None if report is None else report.agency,
        year=None if report is None else report.year,
        severities=(severities[Severity.ERROR], severities[Severity.WARNING], severities[Severity.INFO]),
        rules=tuple(sorted(rules.items())),
        parse_errors=issue_levels["error"],
        parse_warnings=issue_levels["warning"],
        cross_year=cross,
        line=_line(result),
        findings_csv=findings,
        cells_csv=cells,
    )
    return item, entry


def process_chunk(paths: Sequence[str], options: Options) -> tuple[list[Done], Any]:
    """Process ``paths``; return their :class:`Done` records and one Arrow batch of their cells (or ``None``)."""
    items = []
    entries = []
    for path in paths:
        item, entry = done(process(path, blank_as_zero=options.blank_as_zero), options)
        items.append(item)
        if entry is not None:
            entries.append(entry)
    batch = None
    if options.parquet and entries:
        from gxopen._batch._arrow import cells_batch  # noqa: PLC0415 - optional dependency

        batch = cells_batch(entries)
    return items, batch
