"""Reading another tool's JSON into a report, and writing a report in its shape."""

from __future__ import annotations

import datetime
import json
import math
import re
import secrets
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from gxopen._cells import pointer
from gxopen._codes import Edition
from gxopen._convert import COUNT_LIMIT, MONEY_PLACES, money_problem, plain
from gxopen._convert import load as load_report
from gxopen._interop._mapping import UNITS, Entry, FieldKind, Mapping, get_mapping
from gxopen._interop._paths import Locator, ShapeError, Writer, expand
from gxopen._model import Report
from gxopen.exceptions import GxopenError, LoadError, Problem

__all__ = ["ImportResult", "dump", "dumps_json", "load", "not_written"]


@attrs.frozen
class ImportResult:
    """What :func:`gxopen.interop.load` read, and what it could not use.

    Attributes:
        report: The report. Cells the source left blank (``"/"``, ``""``,
            ``null`` …) or did not contain are ``None``, never 0.
        mapping: The name of the mapping used.
        unused: JSON pointers into the source document of every value no
            mapping entry read (a whole object or array when nothing in it was
            read), in document order. Paths the mapping declares ``ignore`` are
            not listed.
        missing: gxopen JSON pointers of every cell and narrative part the
            source had no value for, in document order.
        warnings: Things to know about the import, e.g. a 2019-edition report
            held in a shape that only has 2021-edition fields.
    """

    report: Report
    mapping: str
    unused: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Everything but the report, as JSON-ready data."""
        return {
            "mapping": self.mapping,
            "unused": list(self.unused),
            "missing": list(self.missing),
            "warnings": list(self.warnings),
        }


# ---------------------------------------------------------------- reading values


class _RejectedError(ValueError):
    pass


_DIGITS = re.compile(r"\d+\Z", re.ASCII)
_SIGNED_DIGITS = re.compile(r"[+-]?\d+\Z", re.ASCII)
_NUMBER = re.compile(r"\d+(?:\.\d+)?\Z", re.ASCII)


def _show(value: object) -> str:
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return "string " + (text if len(text) <= 40 else text[:37] + '..."')
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return f"number {value}"


def _blank(mapping: Mapping, value: object) -> bool:
    return value is None or (type(value) is str and value.strip() in mapping.blanks)


def _expected_cell(mapping: Mapping, what: str, strings: str) -> str:
    tokens = ", ".join(json.dumps(b, ensure_ascii=False) for b in sorted(mapping.blanks))
    strings = f" or {strings}" if mapping.numeric_strings else ""
    return f"expected {what}{strings}, null or a blank ({tokens})"


def _count(mapping: Mapping, value: object, *, signed: bool = False) -> int | None:
    if _blank(mapping, value):
        return None
    number: object = value
    if type(value) is str and mapping.numeric_strings:
        folded = unicodedata.normalize("NFKC", value).strip().replace("−", "-")
        if (_SIGNED_DIGITS if signed else _DIGITS).match(folded):
            number = int(folded)
    if type(number) in {float, Decimal}:
        exact = Decimal(repr(number)) if type(number) is float else number
        assert isinstance(exact, Decimal)
        if exact.is_finite() and exact == exact.to_integral_value():
            number = int(exact)
    if type(number) is int and (-COUNT_LIMIT if signed else 0) <= number < COUNT_LIMIT:
        return number
    what = "a whole number (signed)" if signed else "a count (a whole number ≥ 0)"
    expected = _expected_cell(mapping, what, "a digit string")
    raise _RejectedError(f"{expected}, got {_show(value)}")


def _money(mapping: Mapping, entry: Entry, value: object) -> Decimal | None:
    if _blank(mapping, value):
        return None
    amount: Decimal | None = None
    if type(value) is int:
        amount = Decimal(value)
    elif type(value) is Decimal:
        amount = value
    elif type(value) is float and math.isfinite(value):
        amount = Decimal(repr(value))  # the shortest repr is the number the JSON text wrote
    elif type(value) is str and mapping.numeric_strings:
        folded = unicodedata.normalize("NFKC", value).strip()
        if _NUMBER.match(folded):
            amount = Decimal(folded)
    if amount is None or not amount.is_finite() or amount < 0:
        expected = _expected_cell(mapping, f"an amount ≥ 0 in {entry.unit}", "a number string")
        raise _RejectedError(f"{expected}, got {_show(value)}")
    amount *= UNITS[entry.unit]
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MONEY_PLACES:  # trailing zeros from the unit change
        amount = amount.normalize()
    problem = money_problem(amount)
    if problem is not None:
        raise _RejectedError(f"expected {problem} (in 万元), got {_show(value)} {entry.unit}")
    return amount


def _text(value: object) -> str | None:
    if value is None or type(value) is str:
        return value
    raise _RejectedError(f"expected a string or null, got {_show(value)}")


def _read(mapping: Mapping, entry: Entry, value: object) -> object:  # noqa: PLR0911 - one return per kind
    kind = entry.field.kind
    if kind in {FieldKind.COUNT, FieldKind.SIGNED}:
        return _count(mapping, value, signed=kind == FieldKind.SIGNED)
    if kind == FieldKind.UNIT:
        if _blank(mapping, value):
            return None
        if value in UNITS:
            return value
        raise _RejectedError(f"expected one of {', '.join(sorted(UNITS))} or null, got {_show(value)}")
    if kind == FieldKind.MONEY:
        return _money(mapping, entry, value)
    if kind == FieldKind.YEAR:
        if type(value) is int and 1000 <= value <= 9999:
            return value
        if type(value) is str and re.fullmatch(r"\s*\d{4}\s*(?:年度?)?\s*", value):
            return int(value.strip()[:4])
        if value is None or value == "":
            return None
        raise _RejectedError(f"expected a four-digit year, got {_show(value)}")
    if kind == FieldKind.META and entry.field.pointer == "/published" and value is not None:
        try:
            return datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise _RejectedError(f"expected an ISO date YYYY-MM-DD, got {_show(value)}") from None
    return _text(value)


# ---------------------------------------------------------------- load


def _parse_json(data: str | bytes, source: str | None) -> object:
    try:
        return json.loads(data, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise LoadError([Problem("", f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")], source) from None
    except (UnicodeDecodeError, ValueError, InvalidOperation, RecursionError) as exc:
        raise LoadError([Problem("", f"not JSON: {exc}")], source) from None


def _nest(values: dict[str, object]) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for where, value in values.items():
        keys = where.split("/")[1:]
        node = doc
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    return doc


def _unused(doc: object, used: set[str], ignored: set[str]) -> list[str]:
    """Pointers of values nobody read; a container nothing in which was read is listed whole."""

    def walk(node: object, where: str) -> tuple[bool, list[str]]:
        if where in used or where in ignored:
            return True, []
        if node is None:
            return False, []
        children: list[tuple[str, object]] = []
        if type(node) is dict:
            children = [(where + pointer((k,)), v) for k, v in node.items()]
        elif type(node) is list:
            children = [(f"{where}/{i}", v) for i, v in enumerate(node)]
        else:
            return False, [where]
        results = [walk(child, at) for at, child in children]
        listed = [p for _, found in results for p in found]
        if where and listed and not any(touched for touched, _ in results):
            return False, [where]
        return any(touched for touched, _ in results), listed

    return walk(doc, "")[1]


def load(
    data: object,
    mapping: str | Path | Mapping = "kirogovcompare",
    *,
    agency: str | None = None,
    year: int | None = None,
    source: str | None = None,
) -> ImportResult:
    """Read a document in another tool's shape into a :class:`~gxopen.Report`.

    Args:
        data: The document: JSON-shaped data (dicts, lists, numbers, strings)
            or its JSON text.
        mapping: A built-in mapping's name (see
            :data:`gxopen.interop.MAPPINGS`), a :class:`~pathlib.Path` to a
            mapping file, or a :class:`gxopen.interop.Mapping`.
        agency: The publishing agency, when the document does not hold it (it
            wins over the document's when both are given).
        year: The year reported on, likewise.
        source: A file name for error messages.

    Returns:
        The report with the source's unused keys, the cells it had no value
        for, and warnings.

    Raises:
        LoadError: when the document is not JSON, has the wrong shape (each
            problem with a JSON pointer into the document), or agency or year
            is neither in the document nor given.
        MappingError: when the mapping cannot be used.
    """
    m = get_mapping(mapping)
    if isinstance(data, str | bytes):
        data = _parse_json(data, source)
    if type(data) is not dict:
        raise LoadError([Problem("", f"expected an object ({m.title}), got {_show(data)}")], source)
    problems: list[Problem] = []
    used: set[str] = set()
    values: dict[str, object] = {}
    meta: dict[str, object] = {}
    found_at: dict[str, str] = {}
    shapes: set[str] = set()
    locator = Locator(data)
    n_meta = len(m.metadata)
    for i, entry in enumerate((*m.metadata, *m.entries)):
        value: object = None
        if entry.path is not None:
            try:
                located = locator.locate(entry.path)
            except ShapeError as exc:
                if exc.pointer not in shapes:  # one problem per place, not one per cell below it
                    shapes.add(exc.pointer)
                    problems.append(Problem(exc.pointer, exc.message))
                continue
            used.update(located.used)
            if located.found:
                used.add(located.pointer)
                found_at[entry.field.pointer] = located.pointer
                try:
                    value = _read(m, entry, located.value)
                except _RejectedError as exc:
                    problems.append(Problem(located.pointer, str(exc)))
                    continue
        (meta if i < n_meta else values)[entry.field.pointer] = value
    if problems:
        raise LoadError(problems, source)
    for path, _ in m.constants:
        used.update(pointer(keys) for keys in expand(data, path))
    ignored = {pointer(keys) for path in m.ignore for keys in expand(data, path)}

    warnings: list[str] = []
    resolved = _metadata(m, meta=meta, found_at=found_at, agency=agency, year=year, warnings=warnings, source=source)
    report_year = resolved["year"]
    assert isinstance(report_year, int)
    if m.edition is Edition.E2021 and report_year < 2021:
        warnings.append(
            f"{report_year} reports follow the 2019 edition, but {m.title} holds only 2021-edition fields: "
            "its extraction mapped the 2019 tables into them lossily (table 2's 2019 columns and "
            "（六）其他处理 as one row have no 2021 place), so compare with the published report"
        )
    doc = {"edition": m.edition.value, **resolved, **_nest(values)}
    report = load_report(doc, source=source)
    missing = tuple(p for p, v in values.items() if v is None)
    return ImportResult(report, m.name, tuple(_unused(data, used, ignored)), missing, tuple(warnings))


def _metadata(
    m: Mapping,
    *,
    meta: dict[str, object],
    found_at: dict[str, str],
    agency: str | None,
    year: int | None,
    warnings: list[str],
    source: str | None,
) -> dict[str, object]:
    given: dict[str, object] = {"/agency": agency, "/year": year}
    resolved: dict[str, object] = {}
    lacking = []
    for key in ("/agency", "/year"):
        held, arg = meta.get(key), given[key]
        if arg is not None and held is not None and arg != held:
            warnings.append(f"{key[1:]} {arg!r} given overrides {held!r} at {found_at[key]}")
        value = arg if arg is not None else held
        if value is None:
            lacking.append(key[1:])
        resolved[key[1:]] = value
    if lacking:
        what = " and ".join(lacking)
        args = ", ".join(f"{k}=…" for k in lacking)
        flags = ", ".join(f"--{k}" for k in lacking)
        raise LoadError(
            [Problem("", f"{m.title} holds no {what}: pass {args} (on the command line {flags})")],
            source,
        )
    if type(resolved["year"]) is not int or not 1000 <= resolved["year"] <= 9999:
        raise LoadError([Problem("", f"year: expected a four-digit year, got {resolved['year']!r}")], source)
    if type(resolved["agency"]) is not str:
        raise LoadError([Problem("", f"agency: expected a string, got {resolved['agency']!r}")], source)
    for key in ("/title", "/published", "/source"):
        if meta.get(key) is not None:
            resolved[key[1:]] = meta[key]
    return resolved


# ---------------------------------------------------------------- dump


def _value_at(report: Report, where: str) -> Any:
    node: Any = report
    for key in where.split("/")[1:]:
        node = getattr(node, key)
    return node


def dump(report: Report, mapping: str | Path | Mapping = "kirogovcompare") -> dict[str, Any]:
    """Write ``report`` in another tool's shape, as JSON-shaped data.

    Blank cells are written as ``null``; money as :class:`~decimal.Decimal`
    in the unit the other shape uses. Values the other shape has no place for
    (its mapping sets them to ``null``, or does not hold the metadata) are not
    written; :func:`not_written` lists them. ``load(dump(report, m), m,
    agency=…, year=…)`` gives ``report`` back, but for those values.

    Raises:
        MappingError: when the mapping cannot be used.
        GxopenError: when the mapping holds another edition than the report's.
    """
    m = get_mapping(mapping)
    if report.edition is not m.edition:
        raise GxopenError(
            f"mapping {m.name} holds {m.edition.value}-edition reports; this report follows the "
            f"{report.edition.value} edition"
        )
    writer = Writer()
    for entry in m.metadata:
        value = _value_at(report, entry.field.pointer)
        if value is not None and entry.path is not None:
            writer.put(entry.path, value.isoformat() if isinstance(value, datetime.date) else value)
    for entry in m.entries:
        if entry.path is None:
            continue
        value = _value_at(report, entry.field.pointer)
        if entry.field.kind == FieldKind.MONEY and value is not None:
            value = value / UNITS[entry.unit]
        writer.put(entry.path, value)
    for path, constant in m.constants:
        writer.put(path, constant)
    return writer.doc


def not_written(report: Report, mapping: str | Path | Mapping = "kirogovcompare") -> tuple[str, ...]:
    """The pointers of ``report``'s values that :func:`dump` cannot write: the mapping has no place for them.

    Blank (``None``) values are not listed: nothing is lost by not writing them.

    >>> import gxopen
    >>> from gxopen import interop
    >>> interop.not_written(gxopen.load_example(), "kirogovcompare-v2")
    ('/agency', '/year', '/title', '/overview', '/problems', '/other_matters')
    """
    m = get_mapping(mapping)
    held = {e.field.pointer for e in m.metadata}
    lost = [f"/{k}" for k in ("agency", "year", "title", "published", "source") if f"/{k}" not in held]
    lost = [p for p in lost if _value_at(report, p) is not None]
    lost += [e.field.pointer for e in m.entries if e.path is None and _value_at(report, e.field.pointer) is not None]
    return tuple(lost)


def dumps_json(obj: object, *, indent: int | None = 2) -> str:
    """JSON text of JSON-shaped data, with :class:`~decimal.Decimal` written exactly, in plain notation."""
    numbers: list[str] = []
    nonce = secrets.token_hex(8)

    def default(value: object) -> object:
        if isinstance(value, Decimal):
            numbers.append(plain(value))
            return f"\x00{nonce}-{len(numbers) - 1}\x00"
        raise TypeError(f"cannot write {type(value).__name__} as JSON")  # pragma: no cover

    text = json.dumps(obj, default=default, indent=indent, ensure_ascii=False)
    for i, number in enumerate(numbers):
        text = text.replace(f'"\\u0000{nonce}-{i}\\u0000"', number, 1)
    return text
