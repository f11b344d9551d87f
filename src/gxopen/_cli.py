"""The ``gxopen`` command line: a thin layer over the library.

Exit codes: 0 clean (warnings allowed), 1 a finding of severity error (or of
the severity ``--fail-on`` names), 2 unreadable input, bad usage, a missing
extra or output that cannot be written. Tests call :func:`run` directly.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from gxopen._convert import dumps, loads
from gxopen._examples import EXAMPLES, example_json, example_text
from gxopen._interop._engine import ImportResult
from gxopen._model import Report
from gxopen._parse._result import ParseResult
from gxopen._rules import Severity, rules_document
from gxopen._schema import json_schema
from gxopen._validate import Finding, validate
from gxopen._validate_output import bad_input_record, counts, findings_record
from gxopen.exceptions import GxopenError, LoadError

__all__ = ["main", "run"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""The largest input read (64 MiB): published reports are well under 10 MB; ``/dev/zero`` is not a report."""


class _UsageError(Exception):
    def __init__(self, status: int, message: str | None) -> None:
        self.status = status
        self.message = message


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that writes where it is told and never exits the process."""

    out: IO[str] = sys.stdout

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self.out if file is None or file is sys.stdout else file).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise _UsageError(status, message)

    def error(self, message: str) -> NoReturn:
        raise _UsageError(EXIT_INPUT, f"{self.prog}: error: {message} (try '{self.prog} --help')\n")


_TABLES = (
    ("/proactive", "表二 主动公开政府信息情况 / Table 2, proactive disclosure"),
    ("/requests", "表三 收到和处理政府信息公开申请情况 / Table 3, requests"),
    ("/review_litigation", "表四 行政复议、行政诉讼情况 / Table 4, review and litigation"),
    ("", "其他 / General"),
)


def _table_of(finding: Finding) -> int:
    return next(i for i, (prefix, _) in enumerate(_TABLES) if finding.pointer.startswith(prefix))


class _UnreadableError(Exception):
    """A file that could not be read or decoded; the message names it."""


def _label(name: str) -> str:
    return "<stdin>" if name == "-" else name


def _standard_input() -> IO[bytes] | None:
    """The process's standard input as bytes, or ``None`` when it is closed."""
    stream = sys.stdin
    if stream is None or stream.closed:
        return None
    return stream.buffer


def _read(name: str, stdin: IO[bytes] | None) -> bytes:
    """Read a file (``-``: standard input), at most :data:`MAX_INPUT_BYTES`; raises _UnreadableError."""
    label = _label(name)
    try:
        if name == "-":
            stream = stdin if stdin is not None else _standard_input()
            if stream is None or stream.closed:
                raise _UnreadableError(f"{label}: standard input is closed")
            data = stream.read(MAX_INPUT_BYTES + 1)
        else:
            with open(name, "rb") as f:
                data = f.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise _UnreadableError(f"{label}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # a closed file object
        raise _UnreadableError(f"{label}: cannot read: {exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise _UnreadableError(f"{label}: larger than {MAX_INPUT_BYTES // 2**20} MiB, which no report is; not read")
    return data


_FOREIGN = {"pdf": "a PDF file", "zip": "a ZIP archive (a DOCX or XLSX document?)", "ole": "a legacy Office document"}


def _sniff(data: bytes) -> str:
    """What input bytes are, judged from the bytes alone, never from the words they hold.

    One of ``json`` (the first character is ``{`` or ``[``, in UTF-8, -16 or
    -32), ``html``, ``pdf``, ``zip``, ``ole`` (legacy Office) or ``text``.
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    head = data[:1024]
    try:
        text = head.decode(json.detect_encoding(head), errors="ignore")
    except LookupError:  # pragma: no cover - detect_encoding names only codecs Python has
        text = ""
    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        return "json"
    if _looks_like_html(data):
        return "html"
    return "text"


def _load_file(name: str, stdin: IO[bytes] | None) -> Report:
    """Read and load one report file; raises _UnreadableError or LoadError."""
    data = _read(name, stdin)
    label = _label(name)
    kind = _sniff(data)
    if kind in _FOREIGN:
        raise _UnreadableError(
            f"{label}: not report JSON but {_FOREIGN[kind]}; if it is a published report,"
            f" read it with: gxopen parse {name}"
        )
    hint = ""
    if kind != "json" and _looks_published(data):
        hint = f" — it looks like a published report; read it with: gxopen parse {name}"
    encoding = json.detect_encoding(data[:4]) if kind == "json" else "utf-8"
    try:
        text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        shown = encoding.upper().replace("-BE", "").replace("-LE", "").replace("UTF-8-SIG", "UTF-8")
        raise _UnreadableError(f"{label}: not {shown} JSON text (bad byte at offset {exc.start}){hint}") from None
    try:
        return loads(text, source=label)
    except LoadError as exc:
        if hint and exc.problems and exc.problems[0].message.startswith("not JSON"):
            raise _UnreadableError(f"{label}: not JSON{hint}") from None
        raise


def _looks_published(data: bytes) -> bool:
    """Whether bytes that are not JSON are rather an HTML page or the text of a report."""
    if _looks_like_html(data):
        return True
    head = data[:20000]
    return any(mark.encode() in head or mark.encode("gb18030") in head for mark in ("政府信息公开", "总体情况"))


def _print_text(out: IO[str], name: str, findings: Sequence[Finding]) -> None:
    n = counts(findings)
    status = "FAILED" if n["errors"] else "OK"
    out.write(f"{_label(name)}: {status} — {n['errors']} error(s), {n['warnings']} warning(s), {n['notes']} note(s)\n")
    current = None
    for finding in sorted(findings, key=_table_of):
        table = _table_of(finding)
        if table != current:
            out.write(f"  {_TABLES[table][1]}\n")
            current = table
        out.write(f"    [{finding.severity.value}] {finding.rule} at {finding.pointer or '/'}\n")
        out.write(f"      {finding.message_zh}\n      {finding.message_en}\n")


def _cmd_validate(  # noqa: PLR0912 - one branch per kind of bad input
    args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None
) -> int:
    if args.previous is not None and len(args.files) != 1:
        raise _UsageError(EXIT_INPUT, "gxopen validate: error: --previous goes with exactly one FILE\n")
    if args.source_format is None and (args.agency is not None or args.year is not None):
        raise _UsageError(EXIT_INPUT, "gxopen validate: error: --agency and --year go with --from\n")
    previous: Report | None = None
    if args.previous is not None:
        try:
            previous = _load_input(args, args.previous, stdin, previous=True)[0]
        except (_UnreadableError, GxopenError) as exc:
            err.write(f"gxopen validate: previous report: {exc}\n")
            return EXIT_INPUT
    status = EXIT_OK
    failing = _FAIL_ON[args.fail_on]
    for name in args.files:
        try:
            report, imported = _load_input(args, name, stdin)
            findings = validate(report, previous, blank_as_zero=args.blank_as_zero, diagnose=args.explain)
        except _UnreadableError as exc:
            _report_bad_input(args, out, err, name, str(exc), problems=[])
            status = max(status, EXIT_INPUT)
            continue
        except LoadError as exc:
            problems = [{"pointer": p.pointer, "message": p.message} for p in exc.problems]
            _report_bad_input(args, out, err, name, str(exc), problems=problems)
            status = max(status, EXIT_INPUT)
            continue
        except GxopenError as exc:
            _report_bad_input(args, out, err, name, f"{_label(name)}: {exc}", problems=[])
            status = max(status, EXIT_INPUT)
            continue
        if args.format == "json":
            record = findings_record(_label(name), findings)
            if imported is not None:
                record["import"] = imported.to_dict()
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _print_text(out, name, findings)
            if imported is not None:
                _print_import(out, imported)
        if any(f.severity in failing for f in findings):
            status = max(status, EXIT_FINDINGS)
    return status


_FAIL_ON = {
    "error": {Severity.ERROR},
    "warning": {Severity.ERROR, Severity.WARNING},
    "info": set(Severity),
}
"""``--fail-on``: the severities that make ``validate`` exit 1."""


def _report_bad_input(
    args: argparse.Namespace, out: IO[str], err: IO[str], name: str, message: str, *, problems: list[dict[str, str]]
) -> None:
    if args.format == "json":
        out.write(json.dumps(bad_input_record(_label(name), message, problems), ensure_ascii=False) + "\n")
    err.write(message.rstrip("\n") + "\n")


def _mapping_arg(value: str) -> str | Path | None:
    """``--from``/``--to``: ``gxopen`` (None), a built-in mapping's name, or a mapping file."""
    from gxopen.interop import MAPPINGS  # noqa: PLC0415

    if value == "gxopen":
        return None
    if value in MAPPINGS or os.path.exists(value):
        return value if value in MAPPINGS else Path(value)
    names = ", ".join((*MAPPINGS, "gxopen"))
    raise _UsageError(EXIT_INPUT, f"gxopen: error: {value!r} is neither a mapping name ({names}) nor a file\n")


def _load_input(
    args: argparse.Namespace, name: str, stdin: IO[bytes] | None, *, previous: bool = False
) -> tuple[Report, ImportResult | None]:
    """Load report JSON, or another tool's JSON through ``--from``'s mapping (``--previous``: ``--year`` − 1)."""
    mapping = None if args.source_format is None else _mapping_arg(args.source_format)
    if mapping is None:
        return _load_file(name, stdin), None
    from gxopen.interop import load as load_other  # noqa: PLC0415

    try:
        data = _read(name, stdin)
    except OSError as exc:
        raise _UnreadableError(f"{_label(name)}: cannot read: {exc.strerror or exc}") from None
    year = args.year - 1 if previous and args.year is not None else args.year
    result = load_other(data, mapping, agency=args.agency, year=year, source=_label(name))
    return result.report, result


def _print_import(out: IO[str], imported: ImportResult) -> None:
    missing = ", ".join(imported.missing[:8]) + (", …" if len(imported.missing) > 8 else "")
    out.write(f"  read through mapping {imported.mapping}: {len(imported.missing)} value(s) not in the source")
    out.write(f" ({missing})\n" if missing else "\n")
    for warning in imported.warnings:
        out.write(f"    [warning] {warning}\n")
    if imported.unused:
        out.write(f"    unused source keys: {', '.join(imported.unused)}\n")


def _cmd_convert(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    from gxopen.interop import dump as dump_other  # noqa: PLC0415
    from gxopen.interop import dumps_json, not_written  # noqa: PLC0415

    try:
        report, imported = _load_input(args, args.file, stdin)
        target = _mapping_arg(args.to)
        text = dumps(report) if target is None else dumps_json(dump_other(report, target))
        lost = () if target is None else not_written(report, target)
    except (_UnreadableError, GxopenError) as exc:
        err.write(str(exc).rstrip("\n") + "\n")
        return EXIT_INPUT
    if imported is not None:
        label = _label(args.file)
        err.writelines(f"{label}: warning: {w}\n" for w in imported.warnings)
        if imported.unused:
            err.write(f"{label}: unused source keys: {', '.join(imported.unused)}\n")
        if imported.missing:
            err.write(f"{label}: {len(imported.missing)} value(s) not in the source, left null\n")
    if lost:
        err.write(f"{_label(args.file)}: not written (the target has no place for them): {', '.join(lost)}\n")
    out.write(text + "\n")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    try:
        schema = json_schema(args.edition)
    except ValueError as exc:
        err.write(f"gxopen schema: {exc}\n")
        return EXIT_INPUT
    out.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    try:
        document = rules_document(args.edition)
    except ValueError:
        err.write(f"gxopen rules: unknown edition {args.edition!r}; expected one of: 2019, 2021\n")
        return EXIT_INPUT
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lower()
    return any(
        tag in head for tag in (b"<html", b"<!doctype html", b"<table", b"<body", b"<head", b"<meta", b"<p>", b"<div")
    )


def _parse_one(name: str, stdin: IO[bytes] | None, args: argparse.Namespace) -> ParseResult:
    from gxopen._parse import parse  # noqa: PLC0415

    return parse(_read(name, stdin), source=_label(name), year=args.year, agency=args.agency)


def _output_path(directory: str, name: str, written: dict[str, str]) -> str:
    """Where ``-o DIR`` writes the report read from ``name``; raises _UnreadableError on a name taken in this run."""
    stem = os.path.splitext(os.path.basename(name if name != "-" else "stdin"))[0]
    target = os.path.join(directory, f"{stem}.json")
    if target in written:
        raise _UnreadableError(
            f"{_label(name)}: not written: {target} already holds the report read from {written[target]}"
            " (parse files with the same name into different folders)"
        )
    return target


def _cmd_parse(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    if args.output_dir is not None:
        try:
            os.makedirs(args.output_dir, exist_ok=True)
        except OSError as exc:
            err.write(f"gxopen parse: cannot create the folder {args.output_dir}: {exc.strerror or exc}\n")
            return EXIT_INPUT
    status = EXIT_OK
    written: dict[str, str] = {}
    for name in args.files:
        try:
            target = None if args.output_dir is None else _output_path(args.output_dir, name, written)
            result = _parse_one(name, stdin, args)
        except (_UnreadableError, GxopenError) as exc:
            err.write(f"{exc}\n" if str(exc).startswith(_label(name)) else f"{_label(name)}: {exc}\n")
            status = max(status, EXIT_INPUT)
            continue
        # 2 only when no table cell was read at all; some cells read (or a report without its year) is 1.
        if not result.cells:
            status = max(status, EXIT_INPUT)
        elif result.errors:
            status = max(status, EXIT_FINDINGS)
        issues = [f"{_label(name)}: {issue}" for issue in result.issues()]
        if args.format == "text":
            n_cells = len(result.cells)
            inferred = sum(1 for source in result.cells.values() if source.inferred)
            out.write(
                f"{_label(name)}: {result.agency or '(agency unknown)'} {result.year or '(year unknown)'}, "
                f"edition {result.edition.value}, {n_cells} of {len(result.values)} cells read"
                + (f" ({inferred} inferred)" if inferred else "")
                + f", {len(result.errors)} error(s), {len(result.warnings)} warning(s)\n"
            )
            out.writelines(f"  {issue}\n" for issue in issues)
            out.writelines(
                f"  inferred: {where} = {result.values.get(where)} from {source.raw!r}"
                f" (line {source.line}; rules {', '.join(source.rules) or '-'})\n"
                for where, source in result.cells.items()
                if source.inferred
            )
            continue
        err.writelines(f"{issue}\n" for issue in issues)
        if result.report is None:
            continue  # no year: no report to write (the error says so; --year gives it)
        # Several reports on standard output are JSON Lines: one compact object per line.
        several = len(args.files) > 1 and args.output_dir is None
        text = dumps(result.report, indent=None if several else 2) + "\n"
        if target is None:
            out.write(text)
            continue
        try:
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as exc:
            err.write(f"{_label(name)}: cannot write {target}: {exc.strerror or exc}\n")
            status = max(status, EXIT_INPUT)
            continue
        written[target] = _label(name)
        out.write(f"{target}\n")
    return status


_RENDERERS = ("text", "markdown", "html", "csv", "json")


_OPTION_TARGETS = {
    "bilingual": (
        ("text", "markdown", "html"),
        "CSV records always carry both labels (row_label, row_label_en, …) and JSON has none",
    ),
    "highlight": (("html",), "only the HTML page marks cells"),
}


def _cmd_render(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    from gxopen._render import render_csv, render_html, render_markdown, render_text  # noqa: PLC0415

    for option, (targets, why) in _OPTION_TARGETS.items():
        if getattr(args, option) and args.to not in targets:
            err.write(
                f"gxopen render: error: --{option} applies to --to {', '.join(targets)}, not --to {args.to}: {why}"
                " (try 'gxopen render --help')\n"
            )
            return EXIT_INPUT
    try:
        report = _load_file(args.file, stdin)
    except (_UnreadableError, LoadError) as exc:
        err.write(str(exc).rstrip("\n") + "\n")
        return EXIT_INPUT
    if args.to == "text":
        text = render_text(report, bilingual=args.bilingual)
    elif args.to == "markdown":
        text = render_markdown(report, bilingual=args.bilingual)
    elif args.to == "html":
        text = render_html(
            report, bilingual=args.bilingual, findings=validate(report, diagnose=True) if args.highlight else ()
        )
    elif args.to == "csv":
        text = render_csv(report)
    else:
        text = dumps(report) + "\n"
    if args.output is None or args.output == "-":
        out.write(text)
        return EXIT_OK
    try:
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    except OSError as exc:
        err.write(f"gxopen render: cannot write {args.output}: {exc.strerror or exc}\n")
        return EXIT_INPUT
    return EXIT_OK


def _cmd_example(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    out.write(example_text(args.name) if args.text else example_json(args.name))
    return EXIT_OK


def _cmd_batch(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    from gxopen import batch  # noqa: PLC0415 - the batch machinery loads on use

    paths = list(args.paths)
    if args.files_from is not None:
        try:
            if args.files_from == "-":
                listing = (stdin if stdin is not None else sys.stdin.buffer).read().decode("utf-8")
            else:
                with open(args.files_from, encoding="utf-8") as f:
                    listing = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            err.write(f"gxopen batch: cannot read the list {args.files_from}: {exc}\n")
            return EXIT_INPUT
        paths += [line for line in listing.splitlines() if line.strip()]
    if args.jobs is not None and args.jobs < 1:
        err.write("gxopen batch: --jobs must be at least 1\n")
        return EXIT_INPUT
    try:
        summary = batch.run(
            paths,
            args.output,
            jobs=args.jobs,
            resume=args.resume,
            blank_as_zero=args.blank_as_zero,
            parquet=False if args.no_parquet else None,
            csv=not args.no_csv,
            progress=args.progress,
        )
    except batch.BatchError as exc:
        err.write(f"gxopen batch: {exc}\n")
        return EXIT_INPUT
    statuses = ", ".join(f"{n} {s}" for s, n in summary.statuses.items())
    out.write(
        f"{summary.out}: {summary.inputs} inputs ({statuses}); {summary.errors} error(s), "
        f"{summary.warnings} warning(s), {summary.notes} note(s); {summary.pairs} pair(s) checked across years"
        + (f"; {summary.skipped} skipped (already in the output)" if summary.skipped else "")
        + "\n"
    )
    if summary.interrupted:
        err.write("gxopen batch: interrupted; the output covers the inputs done (--resume goes on)\n")
        return 130
    return summary.exit_status(args.fail_on)


_Command = Callable[[argparse.Namespace, IO[str], IO[str], "IO[bytes] | None"], int]


def _parser(out: IO[str]) -> _Parser:
    def make(prog: str, **kw: Any) -> _Parser:
        p = _Parser(prog=prog, formatter_class=argparse.RawDescriptionHelpFormatter, **kw)
        p.out = out
        return p

    top = make(
        "gxopen",
        description="Government Information Disclosure Annual Reports (政府信息公开工作年度报告), machine-checkable.",
        epilog="examples:\n  gxopen example | gxopen validate -\n  gxopen validate report.json --format json",
    )
    top.add_argument("--version", action="version", version=f"gxopen {_version()}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_: str, epilog: str, fn: _Command) -> _Parser:
        p = sub.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=f"example:\n  {epilog}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        assert isinstance(p, _Parser)
        p.out = out
        p.set_defaults(func=fn)
        return p

    v = add(
        "validate",
        "Check report JSON files: structure, then the accounting identities.",
        "gxopen validate report-2024.json --previous report-2023.json\n"
        "exit status: 0 clean (warnings allowed), 1 an error finding, 2 unreadable or not a report",
        _cmd_validate,
    )
    v.add_argument("files", nargs="+", metavar="FILE", help="report JSON files; - reads standard input")
    v.add_argument("--previous", metavar="FILE", help="last year's report of the same agency (enables x.* rules)")
    v.add_argument("--blank-as-zero", action="store_true", help="read blank (null) cells as 0 (opt-in)")
    v.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text); json: one object per file, as schemas/validate-output.schema.json",
    )
    v.add_argument(
        "--fail-on",
        choices=tuple(_FAIL_ON),
        default="error",
        help="exit 1 on a finding of this severity or worse (default: error)",
    )
    v.add_argument(
        "--explain",
        action="store_true",
        help="diagnose too: the cell that is probably wrong (d.pinpoint), numbers in the narrative (n.*), "
        "missing parts (s.*), year-over-year jumps (y.*), the publication deadline",
    )
    _add_from(v)

    c = add(
        "convert",
        "Convert a report between gxopen JSON and another tool's JSON (through a mapping).",
        "gxopen convert extracted.json --from kirogovcompare --agency 某某街道办事处 --year 2024 > report.json",
        _cmd_convert,
    )
    c.add_argument("file", metavar="FILE", help="the input JSON file; - reads standard input")
    _add_from(c, required=True)
    c.add_argument("--to", default="gxopen", metavar="NAME", help="gxopen (default), a mapping name or MAPPING.json")

    s = add("schema", "Print the JSON Schema of the report format.", "gxopen schema > report.schema.json", _cmd_schema)
    s.add_argument("--edition", default="2021", help="format edition: 2019, 2021, or any (default: 2021)")

    r = add(
        "render",
        "Render a report as text, Markdown, HTML, CSV records or JSON.",
        "gxopen render report.json --to html --highlight -o report.html",
        _cmd_render,
    )
    r.add_argument("file", metavar="FILE", help="report JSON file; - reads standard input")
    r.add_argument("--to", choices=_RENDERERS, default="text", help="output format (default: text)")
    r.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    r.add_argument("--bilingual", action="store_true", help="English labels beside the Chinese ones")
    r.add_argument("--highlight", action="store_true", help="HTML: mark the cells that findings name")

    pa = add(
        "parse",
        "Read published reports (scraped text, HTML pages, Word .docx or PDF files) into report JSON.",
        "gxopen parse report.pdf > report.json\n"
        "exit status: 0 read completely, 1 some cells or the year/agency could not be read,"
        " 2 no table cell could be read",
        _cmd_parse,
    )
    pa.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="text, HTML, .docx or PDF files (detected from the bytes); - reads standard input",
    )
    pa.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="json: the report (warnings on stderr); text: a summary",
    )
    pa.add_argument(
        "-o",
        "--output-dir",
        metavar="DIR",
        help="write DIR/<name>.json for each FILE (DIR is created; two FILEs of one name are refused)",
    )
    pa.add_argument("--year", type=int, metavar="N", help="the report's year, when the text does not say it")
    pa.add_argument("--agency", metavar="NAME", help="the publishing agency, when the text does not say it")

    b = add(
        "batch",
        "Read, validate and pair a folder of reports; write a dataset (JSON Lines, CSV, Parquet, HTML summary).",
        "gxopen batch reports/ -o out/ --jobs 2\n"
        "exit status: 0 nothing reaches --fail-on; 1 a finding reaches it, or an input could not be read;\n"
        "2 bad usage (no inputs, OUT not writable); 130 interrupted (the output covers what was done)",
        _cmd_batch,
    )
    _batch_arguments(b)

    ru = add("rules", "Print the accounting identities as JSON.", "gxopen rules > rules-2021.json", _cmd_rules)
    ru.add_argument("--edition", default="2021", help="format edition: 2019 or 2021 (default: 2021)")

    e = add("example", "Print a shipped example report.", "gxopen example --text", _cmd_example)
    e.add_argument("name", nargs="?", default=EXAMPLES[0], choices=EXAMPLES, help="which example")
    e.add_argument("--text", action="store_true", help="print the scraped web page text instead of JSON")
    return top


def _batch_arguments(b: _Parser) -> None:
    b.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (walked recursively), any format")
    b.add_argument("-o", "--output", required=True, metavar="OUT", help="the output folder (created)")
    b.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: the cores)")
    b.add_argument("--files-from", metavar="FILE", help="read more paths from FILE, one a line (- reads stdin)")
    b.add_argument("--resume", action="store_true", help="skip inputs whose hash is already in OUT")
    b.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default="error",
        help="the finding severity that makes the exit status 1 (default: error)",
    )
    b.add_argument("--blank-as-zero", action="store_true", help="read blank (null) cells as 0 (opt-in)")
    b.add_argument("--no-parquet", action="store_true", help="do not write cells.parquet")
    b.add_argument("--no-csv", action="store_true", help="do not write cells.csv")
    b.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a progress bar on standard error (default: when it is a terminal)",
    )


def _add_from(p: _Parser, *, required: bool = False) -> None:
    from gxopen.interop import MAPPINGS  # noqa: PLC0415

    p.add_argument(
        "--from",
        dest="source_format",
        metavar="NAME",
        required=required,
        help=f"read FILE as another tool's JSON: {', '.join(MAPPINGS)}, gxopen, or a MAPPING.json file",
    )
    p.add_argument("--agency", help="the agency, when FILE does not hold it (with --from)")
    p.add_argument("--year", type=int, help="the year reported on, when FILE does not hold it (with --from)")


def _version() -> str:
    from gxopen import __version__  # noqa: PLC0415 - avoids an import cycle

    return __version__


def run(
    argv: Sequence[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[bytes] | None = None,
) -> int:
    """Run the command line with ``argv``; return the exit status.

    Args:
        argv: The arguments, without the program name (default: ``sys.argv[1:]``).
        stdout: Where normal output goes (default: ``sys.stdout``).
        stderr: Where errors go (default: ``sys.stderr``).
        stdin: What ``-`` reads (default: ``sys.stdin``'s bytes).
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = _parser(out)
    command = "gxopen"
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        command = f"gxopen {args.command}"
        if args.command is None:
            parser.print_help()
            return EXIT_INPUT
        fn: _Command = args.func
        return fn(args, out, err, stdin)
    except _UsageError as exc:
        if exc.message:
            err.write(exc.message)
        return exc.status
    except _UnreadableError as exc:
        err.write(f"{exc}\n")
        return EXIT_INPUT
    except ImportError as exc:  # an optional dependency is missing; gxopen's message names the extra
        err.write(f"{command}: {exc}\n")
        return EXIT_INPUT


class _Output(io.TextIOBase):
    """Standard output for :func:`main`: a reader that went away (``| head``) drops the rest; a failed write is kept.

    A closed pipe is no reason to stop checking: the exit status still says
    whether there were findings.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.gone = False
        self.failure: OSError | None = None

    def write(self, text: str) -> int:
        if not (self.gone or self.failure):
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self.gone = True
            except OSError as exc:
                self.failure = exc
        return len(text)

    def flush(self) -> None:
        if not (self.gone or self.failure):
            try:
                self.stream.flush()
            except BrokenPipeError:
                self.gone = True
            except OSError as exc:
                self.failure = exc


def _text_stream(stream: Any) -> Any:
    """``stream``, writing UTF-8 when its encoding cannot write Chinese (``PYTHONIOENCODING=ascii``, a C locale)."""
    try:
        "政".encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        stream.reconfigure(encoding="utf-8")
    except AttributeError:  # pragma: no cover - not a TextIOWrapper
        pass
    return stream


def main() -> NoReturn:
    """The console script entry point."""
    if sys.stdout is None or sys.stderr is None:  # pragma: no cover - a process started without them
        sys.exit(EXIT_INPUT)
    output = _Output(_text_stream(sys.stdout))
    err = _text_stream(sys.stderr)
    try:
        status = run(stdout=typing.cast("IO[str]", output), stderr=err)
        output.flush()
    except KeyboardInterrupt:
        status = 130
    if output.gone:
        # Nothing more reaches the closed pipe; point stdout at /dev/null so Python's final flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    elif output.failure is not None:
        err.write(f"gxopen: cannot write the output: {output.failure.strerror or output.failure}\n")
        status = EXIT_INPUT
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(status)
