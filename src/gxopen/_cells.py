"""Addressing cells: the rows and columns of each table as paths into the model.

Everything that walks a report cell by cell (validator, renderers, parsers,
strategies) goes through here, so a cell has one address: its path of JSON
keys, shown to people as a JSON pointer (``/requests/outcomes/granted/total``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import attrs

from gxopen._codes import (
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    TABLE4_DATA_GROUPS,
    Code,
    Edition,
    table2,
    table3_rows,
)

__all__ = [
    "Path",
    "RowSpec",
    "escape",
    "get",
    "iter_cells",
    "pointer",
    "replace",
    "table2_rows",
    "table3_rows_spec",
    "table4_rows",
]

Path = tuple[str, ...]
"""A path of JSON keys from the report to a value."""


@attrs.frozen
class RowSpec:
    """One data row of a table: its path, its code, and its columns."""

    path: Path
    code: Code
    columns: tuple[Code, ...]
    parents: tuple[Code, ...] = ()
    """The group or block codes above the row, outermost first."""

    def cell(self, column: Code) -> Path:
        """The path of this row's cell in ``column``."""
        assert column.key is not None
        return (*self.path, column.key)


def escape(key: str) -> str:
    """Escape one key for a JSON pointer (RFC 6901): ``~`` as ``~0``, ``/`` as ``~1``."""
    return key.replace("~", "~0").replace("/", "~1")


@functools.lru_cache(maxsize=4096)
def pointer(path: Path) -> str:
    """Format a path as a JSON pointer (RFC 6901)."""
    return "".join("/" + escape(p) for p in path)


def _walk3(code: Code, prefix: Path, parents: tuple[Code, ...]) -> Iterator[RowSpec]:
    assert code.key is not None
    path = (*prefix, code.key)
    if code.children:
        for child in code.children:
            yield from _walk3(child, path, (*parents, code))
    else:
        yield RowSpec(path, code, TABLE3_COLUMNS, parents)


_T3: dict[Edition, tuple[RowSpec, ...]] = {
    e: tuple(spec for row in table3_rows(e) for spec in _walk3(row, ("requests",), ())) for e in Edition
}
_T2: dict[Edition, tuple[RowSpec, ...]] = {
    e: tuple(
        RowSpec(("proactive", row.key), row, block.columns, (block,))
        for block in table2(e).children
        for row in block.children
        if row.key is not None
    )
    for e in Edition
}
_T4: tuple[RowSpec, ...] = tuple(
    RowSpec(("review_litigation", g.key), g, TABLE4_COLUMNS) for g in TABLE4_DATA_GROUPS if g.key is not None
)


def table2_rows(edition: Edition) -> tuple[RowSpec, ...]:
    """The rows of table 2 in printed order."""
    return _T2[edition]


def table3_rows_spec(edition: Edition) -> tuple[RowSpec, ...]:
    """The 25 (2021) or 23 (2019) data rows of table 3 in printed order."""
    return _T3[edition]


def table4_rows() -> tuple[RowSpec, ...]:
    """The three groups of table 4 in printed order."""
    return _T4


def all_rows(edition: Edition) -> tuple[RowSpec, ...]:
    """Every data row of tables 2, 3 and 4."""
    return (*_T2[edition], *_T3[edition], *_T4)


def get(obj: Any, path: Path) -> Any:
    """The value at ``path`` below ``obj``."""
    for key in path:
        obj = getattr(obj, key)
    return obj


def replace(obj: Any, path: Path, value: Any) -> Any:
    """A copy of ``obj`` with the value at ``path`` replaced (the model is frozen)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    return attrs.evolve(obj, **{head: replace(getattr(obj, head), rest, value)})


def iter_cells(report: Any) -> Iterator[tuple[Path, Any]]:
    """Yield ``(path, value)`` for every cell of tables 2–4 in printed order."""
    for row in all_rows(report.edition):
        values = get(report, row.path)
        for column in row.columns:
            assert column.key is not None
            yield (*row.path, column.key), getattr(values, column.key)
