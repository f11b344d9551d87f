"""The strict cattrs converter between JSON-shaped data and the model.

The converter checks *structure*: types and shapes. It never looks at whether
totals agree — that is :func:`gxopen.validate`'s job, and a report whose totals
are wrong loads without complaint.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from gxopen._cells import escape
from gxopen._codes import Edition
from gxopen._model import SIGNED, AmountUnit, Outcomes, Report, Requests, edition_types, is_count, is_year
from gxopen.exceptions import LoadError, Problem

__all__ = [
    "COUNT_LIMIT",
    "MONEY_LIMIT",
    "MONEY_PLACES",
    "MONEY_SIGNIFICANT_DIGITS",
    "configure_converter",
    "dump",
    "dumps",
    "json_number",
    "load",
    "loads",
    "make_converter",
    "replace",
]

COUNT_LIMIT = 10**15
"""Counts are below this: no report holds more, and every count stays exact as an IEEE double (a JSON number in
JavaScript and most other languages)."""

MONEY_LIMIT = Decimal(10**15)
"""Money amounts are below this."""

MONEY_PLACES = 6
"""Money has at most this many digits after the decimal point (as written): 0.000001 万元 is one fen (分)."""

MONEY_SIGNIFICANT_DIGITS = 15
"""Money has at most this many significant digits, so that every amount is exact as an IEEE double."""


class _RejectedError(ValueError):
    """A value of the wrong type or range; the message says what was expected."""


@attrs.frozen
class _NonFinite:
    """Stands in for ``NaN``/``Infinity`` read from JSON text, so it gets a path."""

    token: str


@attrs.frozen
class _Token:
    """Stands in for a JSON number that no cell can hold (``-0``, thousands of digits), so it gets a path."""

    token: str


@attrs.frozen
class _Duplicate:
    """Stands in for the values of a key given more than once in one JSON object."""

    values: tuple[object, ...]


def _describe(value: object) -> str:  # noqa: PLR0911 - one return per JSON type
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return "string " + (text if len(text) <= 40 else text[:37] + '..."')
    if isinstance(value, (_NonFinite, _Token)):
        return value.token
    if isinstance(value, _Duplicate):
        return (
            f"a duplicate key, given {len(value.values)} times (" + ", then ".join(map(_describe, value.values)) + ")"
        )
    if isinstance(value, (dict,)):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, float):
        return f"float {value!r}"
    if isinstance(value, (int, Decimal)):
        if isinstance(value, int) and abs(value) >= 10**40:
            return f"an integer of about {value.bit_length() * 30103 // 100000} digits"
        text = str(value)
        return text if len(text) <= 40 else text[:37] + "..."
    return f"a {type(value).__name__}"


_COUNT = "expected a non-negative integer or null"


def _structure_count(value: object, _: object) -> int | None:
    if is_count(value) and (value is None or value < COUNT_LIMIT):
        return value
    if type(value) is int and value >= COUNT_LIMIT:
        raise _RejectedError(f"{_COUNT} below 10^15, got {_describe(value)}")
    raise _RejectedError(f"{_COUNT}, got {_describe(value)}")


_MONEY = "expected a non-negative number or null"


def money_problem(value: Decimal) -> str | None:
    """Why a finite, non-negative amount is out of gxopen's bounds, or ``None`` when it is within them.

    The bounds: below :data:`MONEY_LIMIT` (10^15), at most :data:`MONEY_PLACES`
    (6) digits after the point as written, at most
    :data:`MONEY_SIGNIFICANT_DIGITS` (15) significant digits.
    """
    if value >= MONEY_LIMIT:
        return "an amount below 10^15"
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < -MONEY_PLACES:
        return f"at most {MONEY_PLACES} digits after the decimal point"
    if value and len(value.normalize().as_tuple().digits) > MONEY_SIGNIFICANT_DIGITS:
        return f"at most {MONEY_SIGNIFICANT_DIGITS} significant digits"
    return None


def _bounded_money(value: Decimal) -> Decimal:
    problem = money_problem(value)
    if problem is not None:
        raise _RejectedError(f"{_MONEY}: {problem}, got {_describe(value)}")
    return value


def _structure_money(value: object, _: object) -> Decimal | None:
    if value is None:
        return None
    if type(value) is Decimal:
        if value.is_finite() and value >= 0 and not value.is_signed():
            return _bounded_money(value)
    elif type(value) is int and value >= 0:
        if value >= COUNT_LIMIT:
            raise _RejectedError(f"{_MONEY}: an amount below 10^15, got {_describe(value)}")
        return Decimal(value)
    elif type(value) is float and math.isfinite(value) and value >= 0 and math.copysign(1.0, value) > 0:
        exact = Decimal(repr(value))
        if Decimal(value) == exact:
            return _bounded_money(exact)
        raise _RejectedError(
            f"{_MONEY}, got float {value!r}, which is not exactly representable"
            " (read JSON with gxopen.loads, or pass a Decimal)"
        )
    raise _RejectedError(f"{_MONEY}, got {_describe(value)}")


def _text_problem(value: str) -> str | None:
    """Why a string is not Unicode text (a lone surrogate cannot be written as UTF-8), or ``None``."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"text without lone surrogates, got U+{ord(value[exc.start]):04X} at character {exc.start}"
    return None


def _checked_text(value: str) -> str:
    problem = _text_problem(value)
    if problem is not None:
        raise _RejectedError(f"expected {problem}")
    return value


def _structure_str(value: object, _: object) -> str:
    if type(value) is str:
        return _checked_text(value)
    raise _RejectedError(f"expected a string, got {_describe(value)}")


def _structure_text(value: object, _: object) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        return _checked_text(value)
    raise _RejectedError(f"expected a string or null, got {_describe(value)}")


def _structure_meta_str(value: object, _: object) -> str:
    if type(value) is str:
        return _checked_text(value)
    raise _RejectedError(f"expected a string (omit the key when unknown), got {_describe(value)}")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)


def _structure_date(value: object, _: object) -> datetime.date:
    if type(value) is str and _ISO_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _RejectedError(f"expected an ISO date YYYY-MM-DD (omit the key when unknown), got {_describe(value)}")


def _structure_year(value: object, _: object) -> int:
    if is_year(value):
        return value
    raise _RejectedError(f"expected a four-digit year, got {_describe(value)}")


_EDITIONS = {e.value: e for e in Edition}


def _structure_edition(value: object, _: object) -> Edition:
    if isinstance(value, Edition):
        return value
    if type(value) is str and value in _EDITIONS:
        return _EDITIONS[value]
    raise _RejectedError(f'expected "2019" or "2021", got {_describe(value)}')


def _structure_signed(value: object, _: object) -> int | None:
    if value is None or (type(value) is int and -COUNT_LIMIT < value < COUNT_LIMIT):
        return value
    if type(value) is int:
        raise _RejectedError(f"expected an integer (signed) between -10^15 and 10^15 or null, got {_describe(value)}")
    raise _RejectedError(f"expected an integer (signed) or null, got {_describe(value)}")


_UNITS = ("元", "万元")


def _structure_unit(value: object, _: object) -> str | None:
    if value is None or (type(value) is str and value in _UNITS):
        return value
    raise _RejectedError(f'expected "元", "万元" or null, got {_describe(value)}')


def _unstructure_date(value: datetime.date) -> str:
    return value.isoformat()


def _unstructure_edition(value: Edition) -> str:
    return str(value.value)


def _has_count(t: object) -> bool:
    return t == (int | None)


def _has_money(t: object) -> bool:
    return t == (Decimal | None)


def _has_text(t: object) -> bool:
    return t == (str | None)


def _has_unit(t: object) -> bool:
    return t == (AmountUnit | None)


_OPTIONAL_META = ("title", "published", "source")


_Hook = Callable[[Any, Any], Any]


def _structure_fn(converter: cattrs.Converter, cl: type[Any], **overrides: Any) -> _Hook:
    """A strict structuring function for one attrs class: an object, no unknown keys."""
    if cl is Report:
        overrides = {
            "year": override(struct_hook=_structure_year),
            "title": override(struct_hook=_structure_meta_str),
            "published": override(struct_hook=_structure_date),
            "source": override(struct_hook=_structure_meta_str),
            **overrides,
        }
    for field in attrs.fields(cl):
        if field.metadata.get(SIGNED):
            overrides.setdefault(field.name, override(struct_hook=_structure_signed))
    inner = make_dict_structure_fn(
        cl,
        converter,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=converter.detailed_validation,
        **overrides,
    )
    name = cl.__name__

    def structure(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise _RejectedError(f"expected an object ({name}), got {_describe(value)}")
        for key in value:
            if type(key) is not str:
                raise _RejectedError(f"expected an object ({name}) with string keys, got the key {key!r}")
        return inner(value, cl)

    return structure


def _class_hook_factory(converter: cattrs.Converter) -> Callable[[type[Any]], _Hook]:
    def factory(cl: type[Any]) -> _Hook:
        if cl is Report:
            return _report_hook(converter)
        if cl is Outcomes:  # outside a report, tell the shape of （六） by its keys
            by_edition = {e: _edition_fns(converter, e)[Outcomes] for e in Edition}

            def outcomes(value: Any, _: Any) -> Any:
                other = value.get("other") if type(value) is dict else None
                e2019 = type(other) is dict and "natural_person" in other
                return by_edition[Edition.E2019 if e2019 else Edition.E2021](value, Outcomes)

            return outcomes
        return _structure_fn(converter, cl)

    return factory


_NAMES = {Edition.E2019: "the 2019 edition", Edition.E2021: "the 2021 edition"}
_WHAT = {"proactive": "table 2", "other": "（六）其他处理"}


def _edition_fns(converter: cattrs.Converter, edition: Edition) -> dict[type[Any], _Hook]:
    """Structuring functions for the classes whose fields take ``edition``'s shape."""
    fields = edition_types(edition)
    other_edition = next(e for e in Edition if e is not edition)
    other_fields = edition_types(other_edition)

    def shaped(owner: type[Any], name: str) -> _Hook:
        mine = fields[(owner, name)]
        hook = converter.get_structure_hook(mine)
        theirs = converter.get_structure_hook(other_fields[(owner, name)])

        def structure(value: Any, _: Any) -> Any:
            try:
                return hook(value, mine)
            except Exception:
                try:
                    theirs(value, None)
                except Exception:  # noqa: BLE001 - not the other edition's shape either: report the details
                    pass
                else:
                    raise _RejectedError(
                        f"{_WHAT[name]} has the shape of {_NAMES[other_edition]}, but edition is "
                        f'"{edition.value}"; give the {_WHAT[name]} of {_NAMES[edition]}, or correct "edition"'
                    ) from None
                raise

        return structure

    outcomes = _structure_fn(converter, Outcomes, other=override(struct_hook=shaped(Outcomes, "other")))
    requests = _structure_fn(converter, Requests, outcomes=override(struct_hook=outcomes))
    report = _structure_fn(
        converter,
        Report,
        proactive=override(struct_hook=shaped(Report, "proactive")),
        requests=override(struct_hook=requests),
    )
    return {Outcomes: outcomes, Requests: requests, Report: report}


def _report_hook(converter: cattrs.Converter) -> _Hook:
    """Structure a report in the shape its ``edition`` names (2021 when it names none)."""
    by_edition = {e: _edition_fns(converter, e)[Report] for e in Edition}

    def structure(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise _RejectedError(f"expected an object (Report), got {_describe(value)}")
        edition = Edition.E2019 if value.get("edition") in ("2019", Edition.E2019) else Edition.E2021
        return by_edition[edition](value, Report)

    return structure


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` the report model and gxopen's strict rules.

    Rules for structuring (JSON-shaped data → model):

    * A count is an ``int`` with 0 ≤ count < 10^15 (:data:`COUNT_LIMIT`), or
      ``None``. Booleans, floats (even ``1.0``), decimals and numeric strings
      are rejected.
    * Money is a non-negative exact :class:`~decimal.Decimal`: an ``int`` or a
      ``Decimal`` is taken as is; a ``float`` only when it is exactly the
      decimal it prints as (``0.5`` yes, ``0.1`` no); NaN, infinities and
      negative zero never. It is bounded: below 10^15, at most 6 digits after
      the decimal point as written (a fen, 分, is 0.000001 万元) and at most 15
      significant digits, so that every amount is exact as an IEEE double — a
      JSON number in JavaScript and most other languages.
      :func:`loads` reads JSON numbers as decimals, never through ``float``.
    * Strings are Unicode text: a lone surrogate (U+D800 to U+DFFF) is
      rejected, since it cannot be written as UTF-8.
    * Every key of an object is a string and is required, except the optional
      metadata ``title``, ``published`` and ``source``, which may be omitted
      but are never ``null``. Unknown keys are rejected; :func:`loads` also
      rejects a key given twice in one object.
    * ``edition`` is ``"2019"`` or ``"2021"`` and decides the shape of table 2
      and of table 3's （六）; a table in the other edition's shape is named as
      such. ``year`` is a four-digit integer; ``published`` is an ISO date
      ``YYYY-MM-DD``.
    * A signed change (``本年增/减``, 2019) is an ``int`` of either sign or
      ``None``; the procurement amount's ``reported_unit`` is ``"元"``,
      ``"万元"`` or ``None``.
    * Nothing about totals: a report whose numbers disagree loads.

    Unstructuring writes the optional metadata only when set, dates as ISO
    strings, and money as :class:`~decimal.Decimal` (see :func:`dump` for
    JSON types only).
    """
    converter.register_structure_hook_func(_has_count, _structure_count)
    converter.register_structure_hook_func(_has_money, _structure_money)
    converter.register_structure_hook_func(_has_text, _structure_text)
    converter.register_structure_hook_func(_has_unit, _structure_unit)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(Edition, _structure_edition)
    converter.register_structure_hook_factory(attrs.has, _class_hook_factory(converter))
    converter.register_unstructure_hook(datetime.date, _unstructure_date)
    converter.register_unstructure_hook(Edition, _unstructure_edition)
    unstructure_report = make_dict_unstructure_fn(Report, converter)

    def unstructure(report: Report) -> dict[str, Any]:
        result = unstructure_report(report)
        for name in _OPTIONAL_META:
            if result[name] is None:
                del result[name]
        return result

    converter.register_unstructure_hook(Report, unstructure)


def make_converter(*, detailed_validation: bool = False) -> cattrs.Converter:
    """Return a new :class:`cattrs.Converter` configured by :func:`configure_converter`.

    Args:
        detailed_validation: Collect every error with its location (slower)
            instead of stopping at the first. :func:`load` uses a fast
            converter and, only when that fails, a detailed one to explain why.
    """
    converter = cattrs.Converter(detailed_validation=detailed_validation, forbid_extra_keys=True)
    configure_converter(converter)
    return converter


_FAST = make_converter()
_DETAILED = make_converter(detailed_validation=True)


def _problems(exc: BaseException, pointer: str) -> Iterator[Problem]:
    if isinstance(exc, ClassValidationError):
        for sub in exc.exceptions:
            notes = [n for n in getattr(sub, "__notes__", ()) if isinstance(n, AttributeValidationNote)]
            where = f"{pointer}/{escape(notes[0].name)}" if notes else pointer
            if isinstance(sub, KeyError) and notes:
                yield Problem(where, "missing required key")
            elif isinstance(sub, ForbiddenExtraKeysError):
                for key in sorted(sub.extra_fields):
                    yield Problem(f"{pointer}/{escape(key)}", "unknown key")
            else:
                yield from _problems(sub, where)
    elif isinstance(exc, _RejectedError):
        yield Problem(pointer, str(exc))
    else:  # pragma: no cover - a defect in gxopen, reported rather than hidden
        yield Problem(pointer, f"unexpected error: {type(exc).__name__}: {exc}")


def load(obj: object, *, source: str | None = None) -> Report:
    """Turn JSON-shaped data (dicts, lists, numbers, strings) into a :class:`Report`.

    Args:
        obj: The document, e.g. from :func:`json.load`. Money is best given as
            :class:`~decimal.Decimal` (``json.load(f, parse_float=Decimal)``).
        source: A file name to put in error messages.

    Raises:
        LoadError: listing every structural problem with its JSON pointer.
    """
    try:
        return _FAST.structure(obj, Report)
    except Exception:  # noqa: BLE001 - any failure is re-explained below
        pass
    try:
        report = _DETAILED.structure(obj, Report)
    except Exception as exc:  # noqa: BLE001 - turned into Problems with paths
        raise LoadError(list(_problems(exc, "")), source) from None
    return report  # pragma: no cover - the fast converter accepted less than the detailed one


def json_number(value: Decimal) -> int | float:
    """A bounded money amount as a JSON number of Python: ``int`` when whole, else ``float``.

    The float's shortest representation (``repr``, and what :func:`json.dumps`
    writes) has the amount's exact digits, since money has at most 15
    significant digits; :func:`loads` reads it back as the same ``Decimal``.
    """
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def plain(value: Decimal) -> str:
    """A money amount in plain decimal notation (``100000``, never ``1E+5``), with the digits as written."""
    return format(value, "f")


def _to_json_types(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _to_json_types(v) for k, v in obj.items()}
    if isinstance(obj, Decimal):
        return json_number(obj)
    return obj


def dump(report: Report, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
    """Turn a :class:`Report` into JSON-shaped data.

    ``dump(load(x)) == x`` for every valid document ``x``.

    Args:
        report: The report.
        mode: ``"python"`` keeps money as :class:`~decimal.Decimal` (exact,
            what :func:`load` takes back); ``"json"`` gives only JSON types,
            ready for :func:`json.dumps`: money as an ``int`` when whole, else
            a ``float`` whose ``repr`` is the exact amount (see
            :func:`gxopen.load` for why that is always possible).

    >>> import json, gxopen
    >>> report = gxopen.load_example()
    >>> json.loads(json.dumps(gxopen.dump(report, mode="json")))["requests"]["new"]["total"]
    4
    """
    result: dict[str, Any] = _FAST.unstructure(report, Report)
    if mode == "json":
        return dict(_to_json_types(result))
    if mode != "python":
        raise ValueError(f'mode must be "python" or "json", not {mode!r}')
    return result


def _parse_constant(token: str) -> _NonFinite:
    return _NonFinite(token)


def _parse_int(token: str) -> int | _Token:
    if len(token) > 20:
        return _Token(f"a number of {len(token)} digits")
    if token.startswith("-") and token.strip("-0") == "":
        return _Token(token)
    return int(token)


def _parse_float(token: str) -> Decimal | _Token:
    if len(token) > 400:
        return _Token(f"a number written with {len(token)} characters")
    return Decimal(token)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: dict[str, list[Any]] = {}
        for key, value in pairs:
            seen.setdefault(key, []).append(value)
        for key, values in seen.items():
            if len(values) > 1:
                result[key] = _Duplicate(tuple(values))
    return result


def loads(text: str | bytes, *, source: str | None = None) -> Report:
    """Read a report from JSON text; numbers with a fraction become ``Decimal``.

    Bytes may be UTF-8, UTF-16 or UTF-32 (as :func:`json.loads` detects them).
    A key given twice in one object is a problem at its pointer, never "the
    last one wins".

    Raises:
        LoadError: when the text is not JSON (with line and column) or not a
            report (with every problem's JSON pointer).
    """
    try:
        obj = json.loads(
            text,
            parse_float=_parse_float,
            parse_int=_parse_int,
            parse_constant=_parse_constant,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        raise LoadError([Problem("", f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")], source) from None
    except (UnicodeDecodeError, ValueError, InvalidOperation, RecursionError) as exc:
        raise LoadError([Problem("", f"not JSON: {exc}")], source) from None
    return load(obj, source=source)


def dumps(report: Report, *, indent: int | None = 2, ensure_ascii: bool = False) -> str:
    """Write a :class:`Report` as JSON text; money exactly, in plain decimal notation, never via ``float``."""
    numbers: list[str] = []
    nonce = secrets.token_hex(8)

    def default(value: object) -> object:
        if isinstance(value, Decimal):
            numbers.append(plain(value))
            return f"\x00{nonce}-{len(numbers) - 1}\x00"
        raise TypeError(f"cannot write {type(value).__name__} as JSON")  # pragma: no cover

    text = json.dumps(dump(report), default=default, indent=indent, ensure_ascii=ensure_ascii)
    for i, number in enumerate(numbers):
        text = text.replace(f'"\\u0000{nonce}-{i}\\u0000"', number, 1)
    return text


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _json_value(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Edition):
        return value.value
    if attrs.has(type(value)):
        return _FAST.unstructure(value)
    return value


def replace(report: Report, changes: Mapping[str, object], *, source: str | None = None) -> Report:
    """A copy of ``report`` with the values at JSON pointers replaced, checked like :func:`load`.

    Args:
        report: The report to start from (it is not changed).
        changes: JSON pointer → new value, e.g.
            ``{"/requests/new/total": 5, "/proactive/fees/amount": Decimal("1.5")}``.
            A value may be anything :func:`load` takes at that place (a
            whole row as a dict or a model object, too); ``None`` on the
            optional metadata (``/title``, ``/published``, ``/source``)
            removes it.
        source: A name to put in error messages.

    Raises:
        LoadError: a pointer that names no key of the report, or a value
            that :func:`load` rejects — with its pointer.

    >>> import gxopen
    >>> report = gxopen.load_example()
    >>> gxopen.replace(report, {"/requests/new/total": 5}).requests.new.total
    5
    """
    doc = dump(report)
    problems: list[Problem] = []
    for where, value in changes.items():
        if not isinstance(where, str) or not where.startswith("/"):
            problems.append(Problem(str(where), "expected a JSON pointer to a value, such as /requests/new/total"))
            continue
        keys = [_unescape(k) for k in where[1:].split("/")]
        target: Any = doc
        for i, key in enumerate(keys):
            last = i == len(keys) - 1
            optional = last and target is doc and key in _OPTIONAL_META
            if not isinstance(target, dict) or (key not in target and not optional):
                problems.append(Problem(where, "no such key in a report"))
                break
            if last:
                if value is None and target is doc and key in _OPTIONAL_META:
                    target.pop(key, None)
                else:
                    target[key] = _json_value(value)
            else:
                target = target[key]
    if problems:
        raise LoadError(problems, source)
    return load(doc, source=source)
