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

from gxopen._cells import Path, table2_rows, table3_rows_spec, table4_rows
from gxopen._codes import PARTS, Code, Edition, table3_rows
from gxopen._model import ApplicantCounts, DecisionCount, DocumentCounts, FeeAmount, Report, ReviewCounts

__all__ = ["SCHEMA_DIALECT", "json_schema", "schema_id"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the exported schemas."""

_SHARED = (ApplicantCounts, ReviewCounts, DocumentCounts, DecisionCount, FeeAmount)
"""Classes that appear in several places and get a ``$defs`` entry."""

_META: dict[str, tuple[str, str]] = {
    "edition": ("格式版本", "Edition of the official format (2021: 国办公开办函〔2021〕30号)"),
    "agency": ("发布机关", "Publishing agency"),
    "year": ("报告年度", "Year reported on"),
    "title": ("标题", "Title of the report (optional)"),
    "published": ("发布日期", "Date of publication, ISO 8601 (optional)"),
    "source": ("来源", "Where the report was published, a URL (optional)"),
}


def schema_id(edition: Edition | str = Edition.E2021) -> str:
    """The stable ``$id`` of the schema of ``edition``."""
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
    for spec in (*table2_rows(edition), *table4_rows()):
        found[spec.path] = spec.code
    return found


def _columns(cls: type[Any], edition: Edition) -> dict[str, Code]:
    specs = {
        ApplicantCounts: table3_rows_spec(edition)[0],
        ReviewCounts: table4_rows()[0],
        DocumentCounts: table2_rows(edition)[0],
        DecisionCount: table2_rows(edition)[2],
        FeeAmount: table2_rows(edition)[-1],
    }
    return {c.key or "": c for c in specs[cls].columns}


def _annotate(schema: dict[str, Any], code: Code) -> dict[str, Any]:
    description = code.en if code.unit is None else f"{code.en}; unit: {code.unit}"
    return {**schema, "title": code.zh, "description": description, "x-gxopen-code": code.code}


_COUNT = {"type": ["integer", "null"], "minimum": 0}
_MONEY = {"type": ["number", "null"], "minimum": 0}


def _leaf(tp: Any, name: str) -> dict[str, Any]:  # noqa: PLR0911 - one return per cell type
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
        return {"const": Edition.E2021.value}
    if tp == (datetime.date | None):
        return {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - a new field type needs a rule here


def _object(cls: type[Any], path: Path, edition: Edition, codes: dict[Path, Code]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    columns = _columns(cls, edition) if cls in _SHARED else {}
    for field in attrs.fields(cls):
        tp = hints[field.name]
        sub = (*path, field.name)
        if attrs.has(tp):
            schema = {"$ref": f"#/$defs/{tp.__name__}"} if tp in _SHARED else _object(tp, sub, edition, codes)
        elif cls is Report and field.name in ("title", "source"):
            schema = {"type": "string"}
        else:
            schema = _leaf(tp, field.name)
        if field.name in columns:
            schema = _annotate(schema, columns[field.name])
        elif sub in codes:
            schema = _annotate(schema, codes[sub])
        elif cls is Report and field.name in _META:
            zh, en = _META[field.name]
            schema = {**schema, "title": zh, "description": en, "x-gxopen-code": f"meta.{field.name}"}
        props[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


def json_schema(edition: Edition | str = Edition.E2021) -> dict[str, Any]:
    """Return the JSON Schema (Draft 2020-12) of a report of ``edition``.

    Generated from the attrs classes and the code table: every property has
    ``title`` (the official Chinese label), ``description`` (English label and
    unit) and ``x-gxopen-code`` (the official numbering). Counts are integers
    ≥ 0 or null, money is a number ≥ 0 or null, and no object admits unknown
    keys.

    Raises:
        ValueError: for an unknown edition, or the 2019 edition (not supported yet).
    """
    try:
        ed = Edition(edition)
    except ValueError:
        raise ValueError(f"unknown edition {edition!r}; expected one of: 2021") from None
    if ed is not Edition.E2021:
        raise ValueError(f"edition {ed.value} is not supported yet; gxopen exports the 2021 edition")
    codes = _codes_by_path(ed)
    body = _object(Report, (), ed, codes)
    defs: dict[str, Any] = {
        "count": {
            "description": "A count: a non-negative integer, or null when the report leaves the cell blank or '/'",
            **_COUNT,
        },
        "money": {"description": "An amount in 万元 (10,000 yuan), non-negative, or null", **_MONEY},
    }
    for cls in _SHARED:
        shared = _object(cls, (), ed, codes)
        defs[cls.__name__] = {"description": (cls.__doc__ or "").strip().splitlines()[0], **shared}
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
