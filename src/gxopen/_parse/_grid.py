"""Table grids to lines: what the HTML, Word and PDF readers share.

Each reader expands its tables into a grid (merged cells spanning rows and
columns) and hands every grid row's own cells here, as ``(row, column, text)``.
A row becomes one :class:`Line` whose pieces are its cells, each carrying its
``(table, row, column)``: the engine then reads the row by its label, exactly
as it reads a row of scraped text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gxopen._parse._tokens import Line, Piece, PieceKind, classify, split_text_line

__all__ = ["grid_line", "join_wrapped"]


def grid_line(cells: Sequence[tuple[int, int, str]], number: int, table: int) -> Line | None:
    """One grid row's cells as a line numbered ``number``, or ``None`` when the row is blank.

    A cell holding a label and space-separated values (``规章 0 0 0``) splits
    into the label and the values, as a line of scraped text would.
    """
    pieces: list[Piece] = []
    texts = []
    for r, c, text in cells:
        texts.append(text)
        loc = (table, r, c)
        piece = classify(text, number, loc)
        if piece.kind is not PieceKind.TEXT:
            pieces.append(piece)
            continue
        split = split_text_line(text, number)
        if len(split) > 1:
            for p in split:
                p.loc = loc
            pieces.extend(split)
        else:
            pieces.append(piece)
    if any(t.strip() for t in texts) or pieces:
        return Line(" | ".join(texts), number, pieces)
    return None


def join_wrapped(parts: Iterable[str]) -> str:
    """The lines of one wrapped cell or paragraph as one text.

    Lines join without a space (Chinese wraps anywhere, and a number broken
    over lines is one number) except between two Latin letters, where the
    line break stood for a space. White space inside each line is folded.
    """
    out = ""
    for part in parts:
        text = " ".join(part.split())
        if not text:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and text[0].isascii() and text[0].isalpha():
            out += " "
        out += text
    return out
