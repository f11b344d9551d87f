"""Reports in other tools' JSON shapes, through mappings kept as data.

A *mapping* says, for each value of a gxopen report, where another tool's JSON
holds it, and how that JSON writes blanks, units and the edition. One mapping
serves both directions: :func:`load` reads the other shape into a report,
:func:`dump` writes a report in it. Built-in mappings (:data:`MAPPINGS`):

* ``kirogovcompare`` — the report JSON of KIROGOVCOMPARE (``sections`` with
  ``table_2``/``table_3``/``table_4`` and ``text`` parts);
* ``kirogovcompare-v2`` — cell data keyed by its "v2 table schema" row and
  column keys (``tables.sec3_requests.cells.new_received__total.value``).

Your own mapping file works the same way: ``mapping=Path("mine.json")``.

>>> import attrs, gxopen
>>> from gxopen import interop
>>> report = gxopen.load_example()
>>> theirs = interop.dump(report, mapping="kirogovcompare")
>>> [s["type"] for s in theirs["sections"]]
['text', 'table_2', 'table_3', 'table_4', 'text', 'text']
>>> result = interop.load(theirs, mapping="kirogovcompare", agency=report.agency, year=report.year)
>>> result.report == attrs.evolve(report, title=None)  # their JSON has no place for a title
True
>>> result.unused, result.missing
((), ())
"""

from __future__ import annotations

from gxopen._interop._engine import ImportResult, dump, dumps_json, load, not_written
from gxopen._interop._mapping import (
    BUILTIN_MAPPINGS,
    MAPPING_FORMAT,
    Entry,
    Field,
    FieldKind,
    Mapping,
    get_mapping,
    known_fields,
    load_mapping,
    mapping_schema,
)

__all__ = [
    "MAPPINGS",
    "MAPPING_FORMAT",
    "Entry",
    "Field",
    "FieldKind",
    "ImportResult",
    "Mapping",
    "dump",
    "dumps_json",
    "get_mapping",
    "known_fields",
    "load",
    "load_mapping",
    "mapping_schema",
    "not_written",
]

MAPPINGS: tuple[str, ...] = BUILTIN_MAPPINGS
"""The names of the built-in mappings."""
