"""What ``gxopen validate --format json`` writes: one JSON object per file, and its JSON Schema.

The schema is committed as ``schemas/validate-output.schema.json`` (written by
``scripts/generate.py``); a test checks every line the command writes against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gxopen._rules import Severity
from gxopen._validate import Finding, FindingKind

__all__ = ["PLURAL", "bad_input_record", "counts", "findings_record", "validate_output_schema"]

PLURAL = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "notes"}
"""The key under which each severity is counted."""


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    """The number of findings of each severity, keyed as in :data:`PLURAL`."""
    return {PLURAL[s]: sum(f.severity is s for f in findings) for s in Severity}


def findings_record(file: str, findings: Sequence[Finding]) -> dict[str, Any]:
    """The record of a report that loaded: its findings."""
    valid = not any(f.severity is Severity.ERROR for f in findings)
    return {"file": file, "valid": valid, **counts(findings), "findings": [f.to_dict() for f in findings]}


def bad_input_record(file: str, message: str, problems: Sequence[dict[str, str]]) -> dict[str, Any]:
    """The record of a file that could not be read or is not a report."""
    return {"file": file, "valid": False, "error": message, "problems": list(problems)}


_NUMBER_OR_NULL = {"type": ["number", "null"]}
"""A cell's value: an integer count or a money amount (a JSON number in plain notation), or null."""

_TERM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["pointer", "report", "label_zh", "label_en", "weight", "value"],
    "properties": {
        "pointer": {"type": "string", "description": "JSON pointer of the cell"},
        "report": {"enum": ["current", "previous"], "description": "which report the cell is in"},
        "label_zh": {"type": "string"},
        "label_en": {"type": "string"},
        "weight": {"type": "integer", "description": "+1 or -1: how the term enters the sum"},
        "value": _NUMBER_OR_NULL,
    },
}


_SPAN = {
    "type": "object",
    "additionalProperties": False,
    "required": ["pointer", "start", "end", "text"],
    "properties": {
        "pointer": {"type": "string", "description": "JSON pointer of the narrative field, e.g. /overview"},
        "start": {"type": "integer", "minimum": 0, "description": "index of the first character"},
        "end": {"type": "integer", "minimum": 0, "description": "index after the last character"},
        "text": {"type": "string"},
    },
}

_EXPLANATION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["typo", "fixes"],
    "properties": {
        "typo": {"type": "boolean", "description": "whether every change looks like a typing error"},
        "fixes": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["pointer", "published", "balancing", "typo"],
                "properties": {
                    "pointer": {"type": "string"},
                    "published": {"type": "integer"},
                    "balancing": {"type": "integer"},
                    "typo": {"enum": ["transposition", "digit", "neighbour", None]},
                },
            },
        },
    },
}


def validate_output_schema() -> dict[str, Any]:
    """The JSON Schema of one line of ``gxopen validate --format json``."""
    finding = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "rule",
            "severity",
            "kind",
            "pointer",
            "scope",
            "expected",
            "actual",
            "difference",
            "missing",
            "totals",
            "operands",
            "message_zh",
            "message_en",
            "spans",
            "explanations",
        ],
        "properties": {
            "rule": {"type": "string", "description": "the rule's stable id, e.g. t3.balance"},
            "severity": {"enum": [s.value for s in Severity]},
            "kind": {"enum": [k.value for k in FindingKind]},
            "pointer": {"type": "string", "description": "JSON pointer of the cell the finding is about"},
            "scope": {"type": "string"},
            "expected": _NUMBER_OR_NULL,
            "actual": _NUMBER_OR_NULL,
            "difference": _NUMBER_OR_NULL,
            "missing": {"type": "array", "items": {"type": "string"}, "description": "pointers of blank operands"},
            "totals": {"type": "array", "items": {"$ref": "#/$defs/term"}},
            "operands": {"type": "array", "items": {"$ref": "#/$defs/term"}},
            "message_zh": {"type": "string"},
            "message_en": {"type": "string"},
            "spans": {
                "type": "array",
                "items": {"$ref": "#/$defs/span"},
                "description": "where the narrative states the number (n.* rules)",
            },
            "explanations": {
                "type": "array",
                "items": {"$ref": "#/$defs/explanation"},
                "description": "d.pinpoint: the sets of cell corrections that make every identity hold",
            },
        },
    }
    checked = {
        "type": "object",
        "additionalProperties": False,
        "required": ["file", "valid", *PLURAL.values(), "findings"],
        "properties": {
            "file": {"type": "string", "description": "the file name as given; <stdin> for -"},
            "valid": {"type": "boolean", "description": "no finding of severity error"},
            **{key: {"type": "integer", "minimum": 0} for key in PLURAL.values()},
            "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
            "import": {
                "description": "with --from: what reading the other tool's JSON left out (gxopen.interop.ImportResult)",
                "type": "object",
                "additionalProperties": False,
                "required": ["mapping", "unused", "missing", "warnings"],
                "properties": {
                    "mapping": {"type": "string", "description": "the mapping's name"},
                    "unused": {"type": "array", "items": {"type": "string"}, "description": "source pointers not read"},
                    "missing": {"type": "array", "items": {"type": "string"}, "description": "cells left null"},
                    "warnings": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    }
    unreadable = {
        "type": "object",
        "additionalProperties": False,
        "required": ["file", "valid", "error", "problems"],
        "properties": {
            "file": {"type": "string"},
            "valid": {"const": False},
            "error": {"type": "string", "description": "what is wrong with the file, in one message"},
            "problems": {
                "type": "array",
                "description": "each structural problem with its JSON pointer (empty when the file is not JSON)",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["pointer", "message"],
                    "properties": {"pointer": {"type": "string"}, "message": {"type": "string"}},
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:gxopen:schema:validate-output",
        "title": "One line of gxopen validate --format json",
        "description": "gxopen validate --format json writes one such object per file, one per line (JSON Lines). "
        "Money is a JSON number in plain decimal notation, as in report JSON.",
        "oneOf": [{"$ref": "#/$defs/checked"}, {"$ref": "#/$defs/unreadable"}],
        "$defs": {
            "checked": checked,
            "unreadable": unreadable,
            "finding": finding,
            "term": _TERM,
            "span": _SPAN,
            "explanation": _EXPLANATION,
        },
    }
