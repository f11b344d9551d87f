"""The ``gxopen`` command line: a thin layer over the library.

Exit codes: 0 clean (warnings allowed), 1 a finding of severity error,
2 unreadable input or bad usage. Tests call :func:`run` directly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any, NoReturn

from gxopen._convert import dumps, loads
from gxopen._examples import EXAMPLES, example_json, example_text
from gxopen._model import Report
from gxopen._parse._result import ParseResult
from gxopen._rules import Severity, rules_document
from gxopen._schema import json_schema
from gxopen._validate import Finding, validate
from gxopen.exceptions import GxopenError, LoadError

__all__ = ["main", "run"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2


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


def _read(name: str, stdin: IO[bytes] | None) -> bytes:
    if name == "-":
        if stdin is None:
            return sys.stdin.buffer.read()
        return stdin.read()
    with open(name, "rb") as f:
        return f.read()


class _UnreadableError(Exception):
    """A file that could not be read or decoded; the message names it."""


def _label(name: str) -> str:
    return "<stdin>" if name == "-" else name


def _load_file(name: str, stdin: IO[bytes] | None) -> Report:
    """Read and load one report file; raises _UnreadableError or LoadError."""
    try:
        data = _read(name, stdin)
    except OSError as exc:
        raise _UnreadableError(f"{_label(name)}: cannot read: {exc.strerror or exc}") from None
    hint = f" — it looks like a published report; read it with: gxopen parse {name}" if _looks_published(data) else ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _UnreadableError(f"{_label(name)}: not UTF-8 JSON text (bad byte at offset {exc.start}){hint}") from None
    try:
        return loads(text, source=_label(name))
    except LoadError as exc:
        if hint and exc.problems and exc.problems[0].message.startswith("not JSON"):
            raise _UnreadableError(f"{_label(name)}: not JSON{hint}") from None
        raise


def _looks_published(data: bytes) -> bool:
    """Whether bytes that should be JSON are rather an HTML page or the text of a report."""
    if _looks_like_html(data):
        return True
    head = data[:20000]
    return any(mark.encode() in head or mark.encode("gb18030") in head for mark in ("政府信息公开", "总体情况"))


_PLURAL = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "notes"}


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    return {_PLURAL[s]: sum(f.severity is s for f in findings) for s in Severity}


def _print_text(out: IO[str], name: str, findings: Sequence[Finding]) -> None:
    n = _counts(findings)
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


def _cmd_validate(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    if args.previous is not None and len(args.files) != 1:
        raise _UsageError(EXIT_INPUT, "gxopen validate: error: --previous goes with exactly one FILE\n")
    previous: Report | None = None
    if args.previous is not None:
        try:
            previous = _load_file(args.previous, stdin)
        except (_UnreadableError, LoadError) as exc:
            err.write(f"gxopen validate: previous report: {exc}\n")
            return EXIT_INPUT
    status = EXIT_OK
    for name in args.files:
        try:
            report = _load_file(name, stdin)
            findings = validate(report, previous, blank_as_zero=args.blank_as_zero)
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
        has_error = any(f.severity is Severity.ERROR for f in findings)
        if args.format == "json":
            record = {"file": _label(name), "valid": not has_error, **_counts(findings)}
            record["findings"] = [f.to_dict() for f in findings]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _print_text(out, name, findings)
        if has_error:
            status = max(status, EXIT_FINDINGS)
    return status


def _report_bad_input(
    args: argparse.Namespace, out: IO[str], err: IO[str], name: str, message: str, *, problems: list[dict[str, str]]
) -> None:
    if args.format == "json":
        record = {"file": _label(name), "valid": False, "error": message, "problems": problems}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    err.write(message.rstrip("\n") + "\n")


def _cmd_schema(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    try:
        schema = json_schema(args.edition)
    except ValueError as exc:
        err.write(f"gxopen schema: {exc}\n")
        return EXIT_INPUT
    out.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    out.write(json.dumps(rules_document(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lower()
    return any(
        tag in head for tag in (b"<html", b"<!doctype html", b"<table", b"<body", b"<head", b"<meta", b"<p>", b"<div")
    )


def _decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else detection (GBK/GB18030 files are common)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from gxopen._parse._html import decode  # noqa: PLC0415

        return decode(data)[0]


def _parse_one(name: str, stdin: IO[bytes] | None) -> ParseResult:
    from gxopen._parse import parse_html, parse_text  # noqa: PLC0415

    try:
        data = _read(name, stdin)
    except OSError as exc:
        raise _UnreadableError(f"{_label(name)}: cannot read: {exc.strerror or exc}") from None
    if _looks_like_html(data):
        return parse_html(data, source=_label(name))
    return parse_text(_decode_text(data), source=_label(name))


def _cmd_parse(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    if args.output_dir is not None and not os.path.isdir(args.output_dir):
        err.write(f"gxopen parse: {args.output_dir} is not a directory\n")
        return EXIT_INPUT
    status = EXIT_OK
    for name in args.files:
        try:
            result = _parse_one(name, stdin)
        except (_UnreadableError, GxopenError) as exc:
            err.write(f"{exc}\n" if str(exc).startswith(_label(name)) else f"{_label(name)}: {exc}\n")
            status = max(status, EXIT_INPUT)
            continue
        if result.errors:
            status = max(status, EXIT_FINDINGS)
        issues = [f"{_label(name)}: {issue}" for issue in result.issues()]
        if args.format == "text":
            n_cells = len(result.cells)
            out.write(
                f"{_label(name)}: {result.report.agency} {result.report.year}, edition {result.edition.value}, "
                f"{n_cells} of 200 cells read, {len(result.errors)} error(s), {len(result.warnings)} warning(s)\n"
            )
            out.writelines(f"  {issue}\n" for issue in issues)
            continue
        err.writelines(f"{issue}\n" for issue in issues)
        # Several reports on standard output are JSON Lines: one compact object per line.
        several = len(args.files) > 1 and args.output_dir is None
        text = dumps(result.report, indent=None if several else 2) + "\n"
        if args.output_dir is None:
            out.write(text)
        else:
            stem = os.path.splitext(os.path.basename(name if name != "-" else "stdin"))[0]
            target = os.path.join(args.output_dir, f"{stem}.json")
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            out.write(f"{target}\n")
    return status


_RENDERERS = ("text", "markdown", "html", "csv", "json")


def _cmd_render(args: argparse.Namespace, out: IO[str], err: IO[str], stdin: IO[bytes] | None) -> int:
    from gxopen._render import render_csv, render_html, render_markdown, render_text  # noqa: PLC0415

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
        text = render_html(report, bilingual=args.bilingual, findings=validate(report) if args.highlight else ())
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
    v.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")

    s = add("schema", "Print the JSON Schema of the report format.", "gxopen schema > report.schema.json", _cmd_schema)
    s.add_argument("--edition", default="2021", help="format edition (default: 2021)")

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
        "Read published reports (scraped text or HTML pages) into report JSON.",
        "gxopen parse page.html > report.json\n"
        "exit status: 0 read completely, 1 some cells could not be read, 2 nothing could be read",
        _cmd_parse,
    )
    pa.add_argument("files", nargs="+", metavar="FILE", help="text or HTML files (detected); - reads standard input")
    pa.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="json: the report (warnings on stderr); text: a summary",
    )
    pa.add_argument("-o", "--output-dir", metavar="DIR", help="write DIR/<name>.json for each FILE")

    add("rules", "Print the accounting identities as JSON.", "gxopen rules > rules-2021.json", _cmd_rules)

    e = add("example", "Print a shipped example report.", "gxopen example --text", _cmd_example)
    e.add_argument("name", nargs="?", default=EXAMPLES[0], choices=EXAMPLES, help="which example")
    e.add_argument("--text", action="store_true", help="print the scraped web page text instead of JSON")
    return top


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
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.command is None:
            parser.print_help()
            return EXIT_INPUT
        fn: _Command = args.func
        return fn(args, out, err, stdin)
    except _UsageError as exc:
        if exc.message:
            err.write(exc.message)
        return exc.status


def main() -> NoReturn:
    """The console script entry point."""
    try:
        status = run()
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:
        status = 0
    sys.exit(status)
