"""Where the readers put the cells they read: the value, checked, and the piece it came from."""

from __future__ import annotations

from decimal import Decimal

import attrs

from gxopen._cells import RowSpec, pointer
from gxopen._codes import Code
from gxopen._convert import money_problem
from gxopen._parse._passes import Issues
from gxopen._parse._tokens import Piece, PieceKind

__all__ = ["COUNT_UNITS", "Store", "Value", "cell_pointers"]

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
        if column.unit == "万元":
            amount = Decimal(value) if isinstance(value, int) else value
            assert amount is not None
            if piece.unit == "元":
                self.issues.warn("unit.converted", f"{label}: {piece.raw} converted from 元 to 万元", piece.line, where)
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


_POINTERS: dict[int, tuple[str, ...]] = {}


def cell_pointers(spec: RowSpec) -> tuple[str, ...]:
    """The JSON pointers of a row's cells (cached: row specs are module constants)."""
    found = _POINTERS.get(id(spec))
    if found is None:
        found = _POINTERS[id(spec)] = tuple(pointer(spec.cell(c)) for c in spec.columns)
    return found
