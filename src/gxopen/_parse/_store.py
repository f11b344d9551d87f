"""Where the readers put the cells they read: the value, checked, and the piece it came from."""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from gxopen._cells import RowSpec, pointer
from gxopen._codes import Code, Edition
from gxopen._convert import money_problem
from gxopen._parse._glued import GluedRun
from gxopen._parse._passes import Issues, TableContext
from gxopen._parse._tokens import Piece, PieceKind

__all__ = ["COUNT_UNITS", "Store", "Value", "cell_pointers", "procurement_unit"]

Value = int | Decimal | None

COUNT_UNITS = frozenset(("件", "个", "条", "项", "次", "份"))
"""Units a count may carry in its cell (``4件``); a money unit in a count cell is an error."""

_NUMBER = PieceKind.NUMBER


@attrs.define
class Store:
    """The cells read so far (pointer → value) and their pieces (pointer → piece)."""

    issues: Issues
    cells: dict[str, Value] = attrs.Factory(dict)
    sources: dict[str, Piece] = attrs.Factory(dict)
    units: dict[str, str | None] = attrs.Factory(dict)
    """The unit each procurement amount was written in (``…/reported_unit`` → 元, 万元 or ``None``)."""
    glued: list[GluedRun] = attrs.Factory(list)
    """Runs of glued digits waiting for :func:`gxopen._parse._glued.split_glued_runs`."""

    def put(self, spec: RowSpec, column: Code, piece: Piece, where: str) -> None:
        """Record one cell: its checked value (``None`` when it cannot be read) and its piece."""
        self.sources[where] = piece
        if piece.kind is _NUMBER and type(piece.value) is int and column.unit is None and piece.unit is None:  # noqa: SIM102
            if not piece.signed:  # the common case: a plain count
                self.cells[where] = piece.value
                return
        self.cells[where] = self._value(spec, column, piece, where)

    def put_row(self, spec: RowSpec, pieces: list[Piece]) -> None:
        """Record a row's cells, one piece per column."""
        for column, piece, where in zip(spec.columns, pieces, cell_pointers(spec), strict=True):
            self.put(spec, column, piece, where)

    def _signed(self, label: str, piece: Piece, where: str) -> Value:
        if isinstance(piece.value, int) and (piece.unit is None or piece.unit in COUNT_UNITS):
            return piece.value
        message = f"{label}: {piece.raw!r} is not a signed count; cell left unread"
        self.issues.error("value.not_a_count", message, piece.line, where)
        return None

    def _value(self, spec: RowSpec, column: Code, piece: Piece, where: str) -> Value:  # noqa: PLR0911 - one return per reading
        label = f"{spec.code.zh} / {column.zh}"
        if piece.kind is PieceKind.BAD:
            self.issues.error(
                "value.unreadable", f"{label}: {piece.raw!r} has {piece.error}; cell left unread", piece.line, where
            )
            return None
        if piece.kind is not _NUMBER:
            return None
        value = piece.value
        if column.signed:  # 本年增/减 (2019): the one signed count
            return self._signed(label, piece, where)
        if column.unit == "万元":
            amount = Decimal(value) if isinstance(value, int) else value
            assert amount is not None
            recorded = spec.code.key == "procurement"  # its unit is the report's to choose; it is recorded
            if recorded and piece.unit in (None, "元", "万元"):
                self.units[_unit_pointer(spec)] = piece.unit
            if piece.unit == "元":
                if not recorded:
                    self.issues.warn(
                        "unit.converted", f"{label}: {piece.raw} converted from 元 to 万元", piece.line, where
                    )
                amount = amount / 10000
            elif piece.unit not in (None, "万元"):
                self.issues.error(
                    "value.unit",
                    f"{label}: {piece.raw!r} is not an amount of money; cell left unread",
                    piece.line,
                    where,
                )
                return None
            if amount < 0:
                self.issues.error("value.negative", f"{label}: negative amount {piece.raw!r}", piece.line, where)
                return None
            bound = money_problem(amount)
            if bound is not None:
                message = f"{label}: {piece.raw!r} is not {bound}; cell left unread"
                self.issues.error("value.out_of_range", message, piece.line, where)
                return None
            return amount
        if piece.unit is not None and piece.unit not in COUNT_UNITS:
            self.issues.error(
                "value.unit",
                f"{label}: {piece.raw!r} carries the unit {piece.unit} in a count cell; cell left unread",
                piece.line,
                where,
            )
            return None
        if not isinstance(value, int) or value < 0 or (piece.signed and value != 0):
            self.issues.error(
                "value.not_a_count", f"{label}: {piece.raw!r} is not a count; cell left unread", piece.line, where
            )
            return None
        return value


def _unit_pointer(spec: RowSpec) -> str:
    return pointer((*spec.path, "reported_unit"))


_HEADER_UNIT = re.compile(r"采购总金额[（(]\s*(?:单位[:：]?\s*)?(万元|元)\s*[）)]")


def procurement_unit(ctx: TableContext, store: Store) -> None:
    """The unit of a 2019 procurement amount written without one: from its header, else 万元 with a warning.

    A header ``采购总金额（万元）`` or ``（元）`` names the unit of a bare amount;
    with no unit in the cell or the header, 万元 is assumed (the unit of the
    2021 edition's money cell) and a ``unit.assumed`` warning says so.
    """
    where = "/proactive/procurement/amount"
    unit_at = "/proactive/procurement/reported_unit"
    amount = store.cells.get(where)
    if ctx.edition is not Edition.E2019 or amount is None or store.units.get(unit_at) is not None:
        return
    piece = store.sources[where]
    match = next((m for line in ctx.lines if (m := _HEADER_UNIT.search("".join(line.text.split())))), None)
    if match is None:
        store.issues.warn(
            "unit.assumed",
            f"政府集中采购 / 采购总金额: {piece.raw!r} names no unit, nor does its header; 万元 is assumed",
            piece.line,
            where,
        )
        return
    store.units[unit_at] = match.group(1)
    if match.group(1) == "元":
        assert isinstance(amount, Decimal)
        store.cells[where] = amount / 10000


_POINTERS: dict[int, tuple[str, ...]] = {}


def cell_pointers(spec: RowSpec) -> tuple[str, ...]:
    """The JSON pointers of a row's cells (cached: row specs are module constants)."""
    found = _POINTERS.get(id(spec))
    if found is None:
        found = _POINTERS[id(spec)] = tuple(pointer(spec.cell(c)) for c in spec.columns)
    return found
