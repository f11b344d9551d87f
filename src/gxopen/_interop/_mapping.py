"""The mapping format: where each gxopen value sits in another tool's JSON.

A mapping is a JSON document (schema: :func:`mapping_schema`, committed as
``schemas/mapping.schema.json``). The built-in ones ship in
``gxopen/data/mappings/`` and are copied to ``schemas/mappings/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from gxopen._cells import all_rows, escape, pointer
from gxopen._codes import PARTS, Code, Edition
from gxopen._interop._paths import PathSyntaxError, SourcePath, parse_path
from gxopen._schema import SCHEMA_DIALECT
from gxopen.exceptions import MappingError, Problem

__all__ = [
    "BUILTIN_MAPPINGS",
    "MAPPING_FORMAT",
    "Entry",
    "Field",
    "FieldKind",
    "Mapping",
    "get_mapping",
    "known_fields",
    "load_mapping",
    "mapping_schema",
]

MAPPING_FORMAT = "gxopen-mapping/1"
"""The value of a mapping file's ``format`` key."""

BUILTIN_MAPPINGS: tuple[str, ...] = ("kirogovcompare", "kirogovcompare-v2")
"""The names of the mappings that ship with gxopen."""

UNITS: dict[str, Decimal] = {"万元": Decimal(1), "元": Decimal("0.0001")}
"""Money units another shape may write, as multiples of 万元 (gxopen's unit)."""

_NARRATIVE = tuple(p.key for p in PARTS if p.key in {"overview", "problems", "other_matters"})
_METADATA = ("agency", "year", "title", "published", "source")


class FieldKind:
    """What a gxopen field holds, which decides how a source value is read.

    ``count`` (an integer ≥ 0), ``signed`` (本年增/减, 2019), ``money`` (万元),
    ``unit`` (the unit a 2019 report wrote 采购总金额 in), ``text`` (a
    narrative part), and for metadata ``agency``, ``year``, ``meta``.
    """

    COUNT = "count"
    SIGNED = "signed"
    MONEY = "money"
    UNIT = "unit"
    TEXT = "text"
    AGENCY = "agency"
    YEAR = "year"
    META = "meta"


@attrs.frozen
class Field:
    """A gxopen value a mapping places.

    Attributes:
        pointer: Its JSON pointer in gxopen's JSON (``/requests/new/total``).
        kind: A :class:`FieldKind` value.
        zh: Its label: row and column, in Chinese.
        en: Its label in English.
    """

    pointer: str
    kind: str
    zh: str
    en: str


def _column_kind(column: Code) -> str:
    if column.key == "amount":
        return FieldKind.MONEY
    return FieldKind.SIGNED if column.key == "change" else FieldKind.COUNT


def known_fields(edition: Edition | str = Edition.E2021) -> tuple[Field, ...]:
    """Every value of a report of ``edition`` that a mapping must place, in document order.

    >>> from gxopen import interop
    >>> [f.pointer for f in interop.known_fields("2021")][:3]
    ['/overview', '/proactive/regulations/issued', '/proactive/regulations/repealed']
    >>> len(interop.known_fields("2021")), len(interop.known_fields("2019"))
    (203, 202)
    """
    edition = Edition(edition)
    fields = []
    parts = {p.key: p for p in PARTS}
    narrative = [Field(pointer((k,)), FieldKind.TEXT, parts[k].zh, parts[k].en) for k in _NARRATIVE]
    fields.append(narrative[0])
    for row in all_rows(edition):
        parents = [c for c in row.parents if c.kind.value in {"group", "block"} and c.key != "outcomes"]
        zh = " ".join([*(p.zh for p in parents if p.key is not None), row.code.zh])
        en = " / ".join([*(p.en for p in parents if p.key is not None), row.code.en])
        for column in row.columns:
            fields.append(
                Field(pointer(row.cell(column)), _column_kind(column), f"{zh} · {column.zh}", f"{en} · {column.en}")
            )
        if row.code.key == "procurement":  # 2019: the unit the report wrote 采购总金额 in (元 or 万元)
            unit = pointer((*row.path, "reported_unit"))
            fields.append(Field(unit, FieldKind.UNIT, f"{zh} · 采购总金额的单位", f"{en} · unit of the amount"))
    fields.extend(narrative[1:])
    return tuple(fields)


_META_FIELDS = {
    "/agency": Field("/agency", FieldKind.AGENCY, "发布机关", "Agency"),
    "/year": Field("/year", FieldKind.YEAR, "报告年度", "Year"),
    "/title": Field("/title", FieldKind.META, "标题", "Title"),
    "/published": Field("/published", FieldKind.META, "发布日期", "Published"),
    "/source": Field("/source", FieldKind.META, "来源", "Source"),
}


@attrs.frozen
class Entry:
    """One gxopen value and its place in the other shape.

    Attributes:
        field: The gxopen value (pointer, kind, labels).
        path: Where the other shape holds it, or ``None`` when it has no place
            for it (loading leaves it null; dumping cannot write it).
        unit: For money: the unit the other shape writes (``万元`` or ``元``).
    """

    field: Field
    path: SourcePath | None
    unit: str = "万元"


@attrs.frozen(eq=False)
class Mapping:
    """A parsed, checked mapping between gxopen's JSON and another tool's.

    Build one with :func:`load_mapping` (a file or JSON-shaped data) or
    :func:`get_mapping` (a built-in name).

    Attributes:
        name: The mapping's short name (``kirogovcompare``).
        title: A one-line description.
        edition: The edition of the format the other shape holds.
        entries: The report's cells and narrative parts, in document order.
        metadata: Entries for agency, year and the optional metadata the other
            shape holds.
        blanks: Strings that mean "not reported" (``null`` always does).
        numeric_strings: Whether counts may be written as digit strings (``"12"``).
        constants: Values written on output and skipped on input, by path.
        ignore: Paths whose values carry no report data (not listed as unused).
        document: The mapping as JSON-shaped data.
        source: The file the mapping came from, if any.
    """

    name: str
    title: str
    edition: Edition
    entries: tuple[Entry, ...]
    metadata: tuple[Entry, ...]
    blanks: frozenset[str]
    numeric_strings: bool
    constants: tuple[tuple[SourcePath, Any], ...]
    ignore: tuple[SourcePath, ...]
    document: dict[str, Any]
    source: str | None = None

    def __repr__(self) -> str:
        return f"<Mapping {self.name!r} ({self.edition.value} edition, {len(self.entries)} entries)>"


# ---------------------------------------------------------------- the schema


def mapping_schema() -> dict[str, Any]:
    """The JSON Schema of mapping files (``schemas/mapping.schema.json``).

    It checks the shape of a mapping; :func:`load_mapping` also checks that
    every gxopen pointer exists, every report value is placed exactly once and
    no two values share a path.
    """
    path = {"type": "string", "minLength": 1, "description": "A path in the other shape: keys, [field=value] selectors"}
    pointer_pattern = "^(/[a-z_]+)+$"
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "urn:gxopen:schema:mapping:1",
        "title": "gxopen mapping",
        "description": "Where each value of a gxopen report sits in another tool's JSON, for both directions.",
        "type": "object",
        "required": ["format", "name", "title", "edition"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": MAPPING_FORMAT},
            "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
            "title": {"type": "string", "minLength": 1},
            "description": {"type": "string"},
            "url": {"type": "string"},
            "edition": {"enum": [e.value for e in Edition]},
            "blanks": {
                "description": 'Strings that mean "not reported"; null always does.',
                "type": "array",
                "items": {"type": "string"},
                "uniqueItems": True,
            },
            "numeric_strings": {"description": 'Counts may be written as digit strings ("12").', "type": "boolean"},
            "fields": {
                "description": "gxopen JSON pointer -> path in the other shape, or null when it has no place.",
                "type": "object",
                "propertyNames": {"pattern": pointer_pattern},
                "additionalProperties": {"anyOf": [path, {"type": "null"}]},
            },
            "grids": {
                "description": "Tables given as rows x columns: {row} and {column} in path are replaced.",
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["path", "rows", "columns"],
                    "additionalProperties": False,
                    "properties": {
                        "path": {"type": "string", "pattern": r"\{row\}.*\{column\}|\{column\}.*\{row\}"},
                        "rows": {
                            "type": "object",
                            "propertyNames": {"pattern": pointer_pattern},
                            "additionalProperties": path,
                        },
                        "columns": {
                            "type": "object",
                            "propertyNames": {"pattern": "^[a-z_]+$"},
                            "additionalProperties": path,
                        },
                    },
                },
            },
            "units": {
                "description": "The unit the other shape writes a money value in (gxopen: 万元).",
                "type": "object",
                "propertyNames": {"pattern": pointer_pattern},
                "additionalProperties": {"enum": sorted(UNITS)},
            },
            "metadata": {
                "description": "Where the other shape holds agency, year and other metadata, if it does.",
                "type": "object",
                "propertyNames": {"enum": list(_META_FIELDS)},
                "additionalProperties": path,
            },
            "constants": {
                "description": "Values written on output (e.g. a section's title) and skipped on input.",
                "type": "object",
                "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            },
            "ignore": {
                "description": "Paths (* and [*] allowed) whose values carry no report data.",
                "type": "array",
                "items": path,
            },
        },
    }


# ---------------------------------------------------------------- parsing


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def obj_at(self, doc: dict[str, Any], key: str) -> dict[str, Any]:
        value = doc.get(key, {})
        if type(value) is not dict:
            self.add(f"/{key}", f"expected an object, got {_kind(value)}")
            return {}
        return value

    def path(self, where: str, text: object, *, wildcards: bool = False, leaf: bool = True) -> SourcePath | None:
        if type(text) is not str:
            self.add(where, f"expected a path (a string), got {_kind(text)}")
            return None
        try:
            path = parse_path(text, wildcards=wildcards)
        except PathSyntaxError as exc:
            self.add(where, f"bad path {text!r}: {exc}")
            return None
        if leaf and path.segments[-1].selectors:
            self.add(where, f"bad path {text!r}: it must end in a key, not a selector")
            return None
        return path


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if type(value) is bool:
        return "a boolean"
    if type(value) is dict:
        return "an object"
    if type(value) is list:
        return "an array"
    return "a string" if type(value) is str else "a number"


_TOP = frozenset(mapping_schema()["properties"])
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


def _expand_grids(check: _Checker, doc: dict[str, Any]) -> Iterator[tuple[str, str, object]]:
    """Yield (where in the mapping, gxopen pointer, path text) for each grid cell."""
    grids = doc.get("grids", [])
    if type(grids) is not list:
        check.add("/grids", f"expected an array, got {_kind(grids)}")
        return
    for i, grid in enumerate(grids):
        where = f"/grids/{i}"
        if type(grid) is not dict:
            check.add(where, f"expected an object, got {_kind(grid)}")
            continue
        for key in sorted(set(grid) - {"path", "rows", "columns"}):
            check.add(f"{where}/{escape(key)}", "unknown key (expected path, rows, columns)")
        template, rows, columns = grid.get("path"), grid.get("rows"), grid.get("columns")
        if type(template) is not str or "{row}" not in template or "{column}" not in template:
            check.add(f"{where}/path", "expected a path containing {row} and {column}")
            continue
        if type(rows) is not dict or type(columns) is not dict:
            check.add(where, "expected rows and columns objects")
            continue
        for row, row_path in rows.items():
            for column, column_path in columns.items():
                if type(row_path) is not str or type(column_path) is not str:
                    check.add(f"{where}/rows/{escape(row)}", "expected strings for row and column paths")
                    continue
                text = template.replace("{row}", row_path).replace("{column}", column_path)
                yield f"{where}/rows/{escape(row)}", f"{row}/{column}", text


def load_mapping(obj: object, *, source: str | None = None) -> Mapping:
    """Check and parse a mapping given as JSON-shaped data, a file path, or JSON text.

    Args:
        obj: A :class:`dict` (the parsed JSON), a :class:`~pathlib.Path` to a
            mapping file, or the JSON text.
        source: A file name for error messages (set automatically for a path).

    Raises:
        MappingError: listing every problem with its JSON pointer into the mapping.
    """
    if isinstance(obj, Path):
        source = source or str(obj)
        try:
            obj = obj.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise MappingError([Problem("", f"cannot read: {exc}")], source) from None
    if isinstance(obj, str | bytes):
        try:
            obj = json.loads(obj, parse_float=Decimal)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise MappingError([Problem("", f"not JSON: {exc}")], source) from None
    if type(obj) is not dict:
        raise MappingError([Problem("", f"expected an object, got {_kind(obj)}")], source)
    return _parse(obj, source)


def _parse(doc: dict[str, Any], source: str | None) -> Mapping:  # noqa: PLR0912, PLR0915 - one pass, every check
    check = _Checker()
    for key in sorted(set(doc) - _TOP):
        check.add(f"/{escape(key)}", f"unknown key (expected one of {', '.join(sorted(_TOP - {'$schema'}))})")
    if doc.get("format") != MAPPING_FORMAT:
        check.add("/format", f"expected {MAPPING_FORMAT!r}, got {json.dumps(doc.get('format'), ensure_ascii=False)}")
    name = doc.get("name")
    if type(name) is not str or not _NAME.match(name):
        check.add("/name", "expected a short name of lower-case letters, digits, - and _")
        name = "?"
    title = doc.get("title")
    if type(title) is not str or not title:
        check.add("/title", "expected a non-empty string")
        title = ""
    for key in ("description", "url"):
        if key in doc and type(doc[key]) is not str:
            check.add(f"/{key}", f"expected a string, got {_kind(doc[key])}")
    editions = {e.value: e for e in Edition}
    edition = editions.get(doc.get("edition"))  # type: ignore[arg-type]
    if edition is None:
        check.add("/edition", f'expected "2021" or "2019", got {json.dumps(doc.get("edition"))}')
        edition = Edition.E2021
    blanks = doc.get("blanks", [""])
    if type(blanks) is not list or not all(type(b) is str for b in blanks):
        check.add("/blanks", "expected an array of strings")
        blanks = []
    numeric_strings = doc.get("numeric_strings", False)
    if type(numeric_strings) is not bool:
        check.add("/numeric_strings", f"expected true or false, got {_kind(numeric_strings)}")

    fields = {f.pointer: f for f in known_fields(edition)}
    placed: dict[str, tuple[str, SourcePath | None]] = {}

    def place(where: str, gx: str, text: object) -> None:
        if gx not in fields:
            hint = "" if edition is Edition.E2021 else f" of the {edition.value} edition"
            check.add(where, f"{gx} is not a cell or narrative part of a report{hint}")
            return
        if gx in placed:
            check.add(where, f"{gx} is placed twice (also at {placed[gx][0]})")
            return
        placed[gx] = (where, None if text is None else check.path(where, text))

    for gx, text in check.obj_at(doc, "fields").items():
        place(f"/fields/{escape(gx)}", gx, text)
    for where, gx, text in _expand_grids(check, doc):
        place(where, gx, text)
    for gx in fields:
        if gx not in placed:
            check.add("/fields", f"no place given for {gx} (map it, or set it to null when the other shape has none)")

    units: dict[str, str] = {}
    for gx, unit in check.obj_at(doc, "units").items():
        where = f"/units/{escape(gx)}"
        if gx not in fields or fields[gx].kind != FieldKind.MONEY:
            check.add(where, f"{gx} is not a money cell")
        elif unit not in UNITS:
            check.add(where, f"expected one of {', '.join(sorted(UNITS))}, got {json.dumps(unit, ensure_ascii=False)}")
        else:
            units[gx] = unit

    metadata: list[Entry] = []
    for gx, text in check.obj_at(doc, "metadata").items():
        where = f"/metadata/{escape(gx)}"
        if gx not in _META_FIELDS:
            check.add(where, f"expected one of {', '.join(_META_FIELDS)}")
            continue
        path = check.path(where, text)
        if path is not None:
            metadata.append(Entry(_META_FIELDS[gx], path))

    constants: list[tuple[SourcePath, Any]] = []
    for text, value in check.obj_at(doc, "constants").items():
        where = f"/constants/{escape(text)}"
        path = check.path(where, text)
        if type(value) not in {str, int, Decimal, bool, type(None)}:
            check.add(where, f"expected a string, number, boolean or null, got {_kind(value)}")
        elif path is not None:
            constants.append((path, value))

    ignore: list[SourcePath] = []
    patterns = doc.get("ignore", [])
    if type(patterns) is not list:
        check.add("/ignore", f"expected an array, got {_kind(patterns)}")
        patterns = []
    for i, text in enumerate(patterns):
        path = check.path(f"/ignore/{i}", text, wildcards=True, leaf=False)
        if path is not None:
            ignore.append(path)

    # One place per value: a path is used once and never inside another one.
    owners: dict[str, str] = {}
    all_paths = [(w, p) for w, p in placed.values() if p is not None]
    all_paths += [(f"/metadata/{escape(e.field.pointer)}", e.path) for e in metadata if e.path is not None]
    all_paths += [(f"/constants/{escape(str(p))}", p) for p, _ in constants]
    prefixes: dict[str, str] = {}
    for where, path in all_paths:
        text = str(path)
        if text in owners:
            check.add(where, f"path {text} is also used at {owners[text]}")
        owners.setdefault(text, where)
        for n in range(1, len(path.segments)):
            prefixes.setdefault(str(SourcePath(path.segments[:n])), where)
    for text, where in owners.items():
        if text in prefixes:
            check.add(where, f"path {text} holds a value but {prefixes[text]} writes inside it")

    if check.problems:
        raise MappingError(check.problems, source)
    entries = tuple(Entry(field, placed[gx][1], units.get(gx, "万元")) for gx, field in fields.items() if gx in placed)
    return Mapping(
        name=name,
        title=title,
        edition=edition,
        entries=entries,
        metadata=tuple(metadata),
        blanks=frozenset(b.strip() for b in blanks),
        numeric_strings=bool(numeric_strings),
        constants=tuple(constants),
        ignore=tuple(ignore),
        document=doc,
        source=source,
    )


_BUILTIN: dict[str, Mapping] = {}


def builtin_text(name: str) -> str:
    """The JSON text of the built-in mapping ``name``."""
    return (resources.files("gxopen") / "data" / "mappings" / f"{name}.json").read_text(encoding="utf-8")


def get_mapping(mapping: str | Path | Mapping) -> Mapping:
    """Resolve a built-in name, a mapping file path or a :class:`Mapping`.

    Raises:
        MappingError: for an unknown name or a bad mapping file.
    """
    if isinstance(mapping, Mapping):
        return mapping
    if isinstance(mapping, Path):
        return load_mapping(mapping)
    if mapping not in BUILTIN_MAPPINGS:
        known = ", ".join(BUILTIN_MAPPINGS)
        raise MappingError(
            [Problem("", f"no built-in mapping named {mapping!r} (built-in: {known}; or give a mapping file's Path)")]
        )
    if mapping not in _BUILTIN:
        _BUILTIN[mapping] = load_mapping(builtin_text(mapping), source=f"gxopen/data/mappings/{mapping}.json")
    return _BUILTIN[mapping]
