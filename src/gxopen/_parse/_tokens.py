"""Lines and pieces: the common input of both parsers.

A :class:`Line` is one line of scraped text (or one table row / paragraph of an
HTML page); its :class:`Piece` s are its cells, each classified as a number, a
"not reported" marker, an empty cell or text. Every regular expression here
is anchored and free of nested repetition, so tokenizing is linear in the input.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from decimal import Decimal

import attrs

from gxopen._codes import LABEL_FOLD

__all__ = ["Line", "Piece", "PieceKind", "classify", "split_text_line"]


class PieceKind(enum.Enum):
    """What a piece of a line is."""

    NUMBER = "number"
    NULL = "null"
    EMPTY = "empty"
    TEXT = "text"
    BAD = "bad"
    """Looks like a number but cannot be read with certainty (``1²``, ``1٢``, a
    zero-width character inside): it holds a cell's place, and the cell is ``None``."""


@attrs.define(slots=True)
class Piece:
    """One cell or token of a line.

    Attributes:
        raw: The token as published, without surrounding white space.
        kind: What it is.
        line: The 1-based line number.
        value: For a number: ``int`` when written without a fraction, else ``Decimal``.
        unit: A unit written in the cell (``元``, ``万元``, ``件`` …).
        signed: Whether the number carried an explicit ``+`` or ``-``.
        norm: For text, the label folded by :func:`gxopen._codes.normalize_label`.
        loc: For HTML, ``(table, row, column)`` of the expanded grid.
        passes: The passes that made or moved this piece (see
            :mod:`gxopen._parse._passes`); empty for a piece read where it stood.
        inferred: Whether the value was inferred rather than written as a token
            of its own (a split of glued digits); ``rules`` names the identities used.
        rules: For an inferred value, the ids of the identities that chose it.
        error: For a :attr:`PieceKind.BAD` piece, why it cannot be read.
    """

    raw: str
    kind: PieceKind
    line: int
    value: int | Decimal | None = None
    unit: str | None = None
    signed: bool = False
    norm: str = ""
    loc: tuple[int, int, int] | None = None
    passes: tuple[str, ...] = ()
    inferred: bool = False
    rules: tuple[str, ...] = ()
    error: str | None = None

    def touched(self, name: str) -> Piece:
        """A copy of this piece that records the pass ``name`` in its provenance."""
        return attrs.evolve(self, passes=(*self.passes, name))


@attrs.define(slots=True)
class Line:
    """A line of input and its pieces, split on first use (narrative lines never are)."""

    text: str
    number: int
    _pieces: list[Piece] | None = None

    @property
    def pieces(self) -> list[Piece]:
        """The line's cells and tokens (see :func:`split_text_line`)."""
        if self._pieces is None:
            self._pieces = split_text_line(self.text, self.number)
        return self._pieces


_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|个|条|项|次|份)?\Z")
_NULLS = frozenset({"/", "\\", "-", "--", "—", "——", "–", "―", "无", "不适用", "/ ", "×", "x", "X", "空"})
_STRIP = " \t\r\n\xa0\u3000\u200b\u200c\u200d\u2060\ufeff\x00*"
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff）)”])\s+[A-Za-z][A-Za-z0-9 ,.;:'()/&-]*\Z")
"""An English gloss after a Chinese label (``规章 Regulations``, as bilingual renderings write): not matched."""
_DIGITS = 15
"""Counts have at most this many digits (gxopen bounds them below 10^15)."""


_INVISIBLE = frozenset(("Cc", "Cf"))
_DIGIT_CHARS = frozenset("0123456789０１２３４５６７８９")


def _suspect(raw: str) -> str | None:
    """Why a token that reads as a number after NFKC is not one to trust, if it is not.

    NFKC folds full-width digits (fine) but also superscripts (``1²`` → ``12``),
    circled digits and other compatibility forms, and Python reads every
    script's digits (``1٢`` → ``12``); invisible characters inside a number
    (NUL, zero-width space) hide where one number ends.
    """
    inner = raw.strip("".join(c for c in raw if unicodedata.category(c) in _INVISIBLE))
    for c in inner:
        if c in _DIGIT_CHARS:
            continue
        category = unicodedata.category(c)
        if category in _INVISIBLE:
            return f"an invisible character (U+{ord(c):04X}) inside the number"
        if category == "Nd":
            return f"a digit of another script ({c!r}, U+{ord(c):04X})"
        if unicodedata.normalize("NFKC", c).isdigit():
            return f"a character that only looks like a digit ({c!r}, U+{ord(c):04X})"
    return None


def classify(raw: str, line: int, loc: tuple[int, int, int] | None = None) -> Piece:  # noqa: PLR0911
    """Classify one cell's text."""
    raw = raw.strip(_STRIP)
    if not raw:
        return Piece("", PieceKind.EMPTY, line, loc=loc)
    if raw.isascii() and raw.isdigit():  # the common case: a plain count (too many digits: never a count)
        return Piece(raw, PieceKind.NUMBER, line, int(raw) if len(raw) <= _DIGITS else Decimal(raw), loc=loc)
    if len(raw) > _LONG:
        return Piece(raw, PieceKind.TEXT, line, loc=loc)
    if not raw.isprintable():  # an invisible character: inside a number, the number cannot be trusted
        bad = _number_like(raw)
        if bad is not None:
            return Piece(raw, PieceKind.BAD, line, loc=loc, error=bad)
    nfkc = unicodedata.normalize("NFKC", raw)
    folded = nfkc.replace(" ", "")
    if folded in _NULLS or raw in _NULLS:
        return Piece(raw, PieceKind.NULL, line, loc=loc)
    if folded[0] in "+-0123456789" and len(folded) <= 40:
        match = _NUMBER.match(folded)
        if match:
            bad = None if raw.isascii() else _suspect(raw)
            if bad is not None:  # 1², 1٢, ①: NFKC or Python read them as digits, a reader would not
                return Piece(raw, PieceKind.BAD, line, loc=loc, error=bad)
            sign, digits, fraction, unit = match.groups()
            digits = digits.replace(",", "")
            # More digits than a count can have (10^15) stay a Decimal: never a count, and out of money's bounds.
            value: int | Decimal = (
                Decimal(f"{sign}{digits}{fraction or ''}")
                if fraction or len(digits) > _DIGITS
                else int(digits) * (-1 if sign == "-" else 1)
            )
            return Piece(raw, PieceKind.NUMBER, line, value, unit, bool(sign), loc=loc)
    return Piece(raw, PieceKind.TEXT, line, norm=_GLOSS.sub("", nfkc).translate(LABEL_FOLD), loc=loc)


def _number_like(raw: str) -> str | None:
    """For a token that is a number once suspicious characters are set aside: why it is suspect."""
    why = _suspect(raw)
    if why is None:
        return None
    visible = "".join(c for c in raw if unicodedata.category(c) not in _INVISIBLE)
    folded = unicodedata.normalize("NFKC", visible).replace(" ", "")
    if folded and _NUMBER.match(folded):
        return why
    return None


_SEPARATORS = "|│｜┃"
_FILLER = re.compile(r"[|│｜┃\-:=┌┐└┘├┤┬┴┼─━ \t\xa0\u3000]*")
_HAS_SEPARATOR = re.compile(r"[|│｜┃]")
_LONG = 160
"""Text longer than this is never a label or heading; it is not folded for matching."""


def split_text_line(text: str, number: int) -> list[Piece]:
    """Split one line of scraped text into pieces.

    Cells are separated by ``|`` (or ``│``, ``｜``). A line of nothing but
    separators and rules is filler and has no pieces, except a lone ``|``
    after blank space, which is one empty cell of a one-cell-per-line table.
    Within a cell, a label followed by space-separated numbers (PDF text,
    ``四、结转下年度继续办理 0 0 0 0 0 0 0``) becomes the label and the numbers.
    """
    if text.endswith(" |") and text.count("|") == 1:  # fast path: one cell per line, as the seed
        cell = text[:-2].strip(_STRIP)
        if cell and " " not in cell:
            return [classify(cell, number)]
    stripped = text.strip(" \t\r\n\xa0\u3000\ufeff")
    if not stripped:
        return []
    if _FILLER.fullmatch(stripped):
        # One cell per line: a blank cell is its line's separator after blank
        # space, the last one of a row followed by filler pipes (" | ||").
        if text[:1].isspace() and stripped[0] in _SEPARATORS:
            return [Piece("", PieceKind.EMPTY, number)]
        return []
    if not _HAS_SEPARATOR.search(stripped):
        return _split_words(stripped, number)
    cells = _HAS_SEPARATOR.split(stripped)
    if stripped[0] in _SEPARATORS:
        cells = cells[1:]
    if cells and not cells[-1].strip(_STRIP):
        cells = cells[:-1]
    pieces: list[Piece] = []
    for cell in cells:
        pieces.extend(_split_words(cell, number) if cell.strip(_STRIP) else [classify("", number)])
    return pieces


def _split_words(text: str, number: int) -> list[Piece]:
    """A cell as pieces: a label with trailing space-separated values splits into both."""
    words = text.split()
    if len(words) <= 1 or len(text) > _LONG * 4:
        return [classify(text, number)]
    pieces = [classify(w, number) for w in words]
    values = 0
    for piece in reversed(pieces):
        if piece.kind in (PieceKind.NUMBER, PieceKind.NULL):
            values += 1
        else:
            break
    if values == 0:
        return [classify(text, number)]
    head = len(pieces) - values
    if head == 0:
        return pieces
    return [classify("".join(words[:head]), number), *pieces[head:]]
