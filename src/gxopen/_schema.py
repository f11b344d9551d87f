"""JSON Schema export, generated from the attrs classes and the code table.

The schema checks what JSON Schema can express — types, required and unknown
keys, non-negative counts — and nothing more: the accounting identities need
:func:`gxopen.validate` or the rules file (:func:`gxopen.rules_document`).
"""

from __future__ import annotations

import datetime
import typing
from decimal import Decimal
from typing import Any

import attrs

from gxopen._cells import Path, all_rows, table3_rows_spec
from gxopen._codes import PARTS, Code, Edition, table3_rows
from gxopen._model import (
    SIGNED,
    AmountUnit,
    ApplicantCounts,
    DecisionCount,
    DocumentCounts,
    DocumentCounts2019,
    FeeAmount,
    FeeItems,
    ItemCounts,
    Procurement,
    Report,
    ReviewCounts,
    edition_types,
)

__all__ = ["ANY_EDITION", "SCHEMA_DIALECT", "json_schema", "schema_id"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the exported schemas."""

ANY_EDITION = "any"
"""The ``edition`` argument of :func:`json_schema` for a report of either edition."""

_SHARED: dict[Edition, tuple[type[Any], ...]] = {
    Edition.E2021: (ApplicantCounts, ReviewCounts, DocumentCounts, DecisionCount, FeeAmount),
    Edition.E2019: (ApplicantCounts, ReviewCounts, DocumentCounts2019, ItemCounts, FeeItems, Procurement),
}
"""Per edition, the row classes that get a ``$defs`` entry."""

_EDITION_DOC = {
    Edition.E2019: "Edition of the official format (2019: 国办公开办函〔2019〕60号)",
    Edition.E2021: "Edition of the official format (2021: 国办公开办函〔2021〕30号)",
}
_UNIT_NOTE = {
    "title": "采购总金额的填报单位",
    "description": "The unit the report wrote 采购总金额 in (元 or 万元); null when it named none and 万元 was "
    "assumed. The amount itself is always in 万元.",
    "x-gxopen-code": "20.9.1.2.unit",
}

_META: dict[str, tuple[str, str]] = {
    "edition": ("格式版本", _EDITION_DOC[Edition.E2021]),
    "agency": ("发布机关", "Publishing agency"),
    "year": ("报告年度", "Year reported on"),
    "title": ("标题", "Title of the report (optional)"),
    "published": ("发布日期", "Date of publication, ISO 8601 (optional)"),
    "source": ("来源", "Where the report was published, a URL (optional)"),
}


def schema_id(edition: Edition | str = Edition.E2021) -> str:
    """The stable ``$id`` of the schema of ``edition`` (or of either edition, for ``"any"``)."""
    if edition == ANY_EDITION:
        return "urn:gxopen:schema:report"
    return f"urn:gxopen:schema:report:{Edition(edition).value}"


def _codes_by_path(edition: Edition) -> dict[Path, Code]:
    found: dict[Path, Code] = {(part.key or "",): part for part in PARTS}

    def walk(code: Code, prefix: Path) -> None:
        path = (*prefix, code.key or "")
        found[path] = code
        for child in code.children:
            walk(child, path)

    for row in table3_rows(edition):
        walk(row, ("requests",))
    for spec in all_rows(edition):
        if spec.path[0] != "requests":
            found[spec.path] = spec.code
    return found


def _row_type(path: Path, edition: Edition) -> type[Any]:
    cls: type[Any] = Report
    for name in path:
        cls = _field_type(cls, name, edition)
    return cls


def _field_type(cls: type[Any], name: str, edition: Edition) -> Any:
    return edition_types(edition).get((cls, name)) or typing.get_type_hints(cls)[name]


def _columns(cls: type[Any], edition: Edition) -> dict[str, Code]:
    if cls is ApplicantCounts:  # every table 3 row has the same columns
        return {c.key or "": c for c in table3_rows_spec(edition)[0].columns}
    spec = next(spec for spec in all_rows(edition) if _row_type(spec.path, edition) is cls)
    return {c.key or "": c for c in spec.columns}


def _annotate(schema: dict[str, Any], code: Code) -> dict[str, Any]:
    description = code.en if code.unit is None else f"{code.en}; unit: {code.unit}"
    return {**schema, "title": code.zh, "description": description, "x-gxopen-code": code.code}


_COUNT = {"type": ["integer", "null"], "minimum": 0}
_MONEY = {"type": ["number", "null"], "minimum": 0}


def _leaf(tp: Any, name: str, edition: Edition) -> dict[str, Any]:  # noqa: PLR0911 - one return per cell type
    if tp == (AmountUnit | None):
        return {"enum": ["元", "万元", None]}
    if tp == (int | None):
        return {"$ref": "#/$defs/count"}
    if tp == (Decimal | None):
        return {"$ref": "#/$defs/money"}
    if tp == (str | None):
        return {"type": ["string", "null"]}
    if tp is str:
        return {"type": "string"}
    if tp is int and name == "year":
        return {"type": "integer", "minimum": 1000, "maximum": 9999}
    if tp is Edition:
        return {"const": edition.value}
    if tp == (datetime.date | None):
        return {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - a new field type needs a rule here


def _object(cls: type[Any], path: Path, edition: Edition, codes: dict[Path, Code]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    shared = _SHARED[edition]
    columns = _columns(cls, edition) if cls in shared else {}
    for field in attrs.fields(cls):
        tp = _field_type(cls, field.name, edition)
        sub = (*path, field.name)
        if attrs.has(tp):
            schema = {"$ref": f"#/$defs/{tp.__name__}"} if tp in shared else _object(tp, sub, edition, codes)
        elif cls is Report and field.name in ("title", "source"):
            schema = {"type": "string"}
        elif field.metadata.get(SIGNED):
            schema = {"$ref": "#/$defs/signed"}
        else:
            schema = _leaf(tp, field.name, edition)
        if cls is Procurement and field.name == "reported_unit":
            schema = {**schema, **_UNIT_NOTE}
        elif field.name in columns:
            schema = _annotate(schema, columns[field.name])
        elif sub in codes:
            schema = _annotate(schema, codes[sub])
        elif cls is Report and field.name in _META:
            zh, en = _META[field.name]
            en = _EDITION_DOC[edition] if field.name == "edition" else en
            schema = {**schema, "title": zh, "description": en, "x-gxopen-code": f"meta.{field.name}"}
        props[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


def _defs(edition: Edition, codes: dict[Path, Code]) -> dict[str, Any]:
    defs: dict[str, Any] = {
        "count": {
            "description": "A count: a non-negative integer, or null when the report leaves the cell blank or '/'",
            **_COUNT,
        },
        "money": {"description": "An amount in 万元 (10,000 yuan), non-negative, or null", **_MONEY},
    }
    if edition is Edition.E2019:
        defs["signed"] = {
            "description": "A signed change (本年增/减): an integer of either sign, or null when not reported",
            "type": ["integer", "null"],
        }
    for cls in _SHARED[edition]:
        shared = _object(cls, (), edition, codes)
        defs[cls.__name__] = {"description": (cls.__doc__ or "").strip().splitlines()[0], **shared}
    return defs


def _edition_schema(ed: Edition) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report object's schema and its ``$defs``."""
    codes = _codes_by_path(ed)
    return _object(Report, (), ed, codes), _defs(ed, codes)


def json_schema(edition: Edition | str = Edition.E2021) -> dict[str, Any]:
    """Return the JSON Schema (Draft 2020-12) of a report of ``edition``.

    Generated from the attrs classes and the code table: every property has
    ``title`` (the official Chinese label), ``description`` (English label and
    unit) and ``x-gxopen-code`` (the official numbering). Counts are integers
    ≥ 0 or null, signed changes (2019) integers or null, money is a number ≥ 0
    or null, and no object admits unknown keys.

    Args:
        edition: ``"2021"``, ``"2019"``, or ``"any"`` (:data:`ANY_EDITION`) for
            one schema that accepts a report of either edition: the value of
            its ``edition`` key chooses which.

    Raises:
        ValueError: for an unknown edition.
    """
    if edition == ANY_EDITION:
        return _any_schema()
    try:
        ed = Edition(edition)
    except ValueError:
        raise ValueError(f"unknown edition {edition!r}; expected one of: 2019, 2021, any") from None
    body, defs = _edition_schema(ed)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id(ed),
        "title": f"政府信息公开工作年度报告（{ed.value}年版格式）",
        "description": (
            f"A Government Information Disclosure Annual Report, {ed.value} edition, as gxopen JSON. "
            "Types and shapes only: the accounting identities are checked by gxopen.validate "
            f"or the rules file rules-{ed.value}.json."
        ),
        **body,
        "$defs": defs,
    }


def _any_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    for ed in Edition:
        body, ed_defs = _edition_schema(ed)
        for name, schema in ed_defs.items():
            assert defs.get(name, schema) == schema, name  # a class shared by both editions has one schema
            defs[name] = schema
        defs[f"Report{ed.value}"] = {"description": f"A report of the {ed.value} edition", **body}
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id(ANY_EDITION),
        "title": "政府信息公开工作年度报告（2019年版或2021年版格式）",
        "description": (
            "A Government Information Disclosure Annual Report of either edition, as gxopen JSON: "
            'a report whose "edition" is "2019" follows the 2019 edition, any other the 2021 edition. '
            "Types and shapes only: the accounting identities are checked by gxopen.validate "
            "or the rules files."
        ),
        "type": "object",
        "if": {"type": "object", "properties": {"edition": {"const": "2019"}}, "required": ["edition"]},
        "then": {"$ref": "#/$defs/Report2019"},
        "else": {"$ref": "#/$defs/Report2021"},
        "$defs": dict(sorted(defs.items(), key=lambda kv: kv[0] in ("count", "money", "signed"), reverse=True)),
    }
