"""Row labels: matching a piece of text to a row of table 2 or 3, and the label passes.

Every label, variant and key word comes from the code table
(:mod:`gxopen._codes`): ``Code.labels`` match exactly (after
:func:`~gxopen._codes.normalize_label`), with or without their numbering;
``Code.keywords`` match inside a paraphrased or garbled label.

Passes here: ``vertical_labels`` and ``join_wrapped_labels`` (see
:mod:`gxopen._parse._engine` for the whole pipeline).
"""

from __future__ import annotations

import re

import attrs

from gxopen._cells import RowSpec, table2_rows, table3_rows_spec
from gxopen._codes import TABLE3_COLUMNS, Code, Edition, normalize_label, table3_rows
from gxopen._parse._passes import TableContext
from gxopen._parse._tokens import Line, Piece, PieceKind, classify

__all__ = ["Matcher", "RowLabel", "join_wrapped_labels", "matcher", "vertical_labels"]

_NUMBERING = re.compile(r"\(?[一二三四五六七八九十]{1,2}\)?\.?|\d{1,2}\.?")
_NUMBERING_START = frozenset("(一二三四五六七八九十0123456789")
_AMBIGUOUS_BARE = frozenset(normalize_label(c.zh) for c in TABLE3_COLUMNS)
"""Without its numbering, a row label that is also a column label (3.6.3 其他, 3.7 总计) names more than one thing."""


def strip_numbering(norm: str) -> str:
    """A folded label without its leading numbering (``(三)``, ``1.``, ``一.``)."""
    match = _NUMBERING.match(norm)
    return norm[match.end() :] if match else norm


def _is_sentence(piece: Piece) -> bool:
    """Narrative, not a label: long, or a sentence ending (checked on the raw text, before folding)."""
    return len(piece.norm) > 70 or "。" in piece.raw


@attrs.frozen
class RowLabel:
    """A label the reader knows: a data row (``spec``) or a group heading (``spec`` None)."""

    spec: RowSpec | None
    code: Code
    exact: tuple[str, ...]
    keywords: tuple[str, ...]


def _row_labels(table: str, edition: Edition) -> list[RowLabel]:
    def norms(code: Code) -> tuple[str, ...]:
        return tuple(normalize_label(s) for s in code.labels)

    if table == "2":
        return [RowLabel(spec, spec.code, norms(spec.code), spec.code.keywords) for spec in table2_rows(edition)]
    labels = [RowLabel(spec, spec.code, norms(spec.code), spec.code.keywords) for spec in table3_rows_spec(edition)]
    labels += [
        RowLabel(None, code, norms(code), code.keywords)
        for top in table3_rows(edition)
        for code in top.walk()
        if code.children
    ]
    return labels


@attrs.define
class Matcher:
    """Finds the label a text piece names: exactly, without numbering, or by a key word."""

    labels: list[RowLabel]
    exact: dict[str, RowLabel] = attrs.field(init=False)
    loose: dict[str, RowLabel] = attrs.field(init=False)
    prefixes: frozenset[str] = attrs.field(init=False)
    words: list[tuple[str, RowLabel]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.exact = {}
        self.loose = {}
        for label in self.labels:
            for text in label.exact:
                self.exact.setdefault(text, label)
                bare = strip_numbering(text)
                if bare not in _AMBIGUOUS_BARE:
                    self.loose.setdefault(bare, label)
        self.words = [(word, label) for label in self.labels for word in label.keywords]
        forms = [*self.exact, *self.loose]
        self.prefixes = frozenset(form[:i] for form in forms for i in range(2, len(form)))

    def whole(self, norm: str) -> RowLabel | None:
        """The label ``norm`` is, exactly or without its numbering."""
        found = self.exact.get(norm)
        return found if found is not None else self.loose.get(strip_numbering(norm))

    def match(self, piece: Piece) -> tuple[RowLabel, bool] | None:
        """The label a text piece names, and whether the match was exact."""
        norm = piece.norm
        found = self.exact.get(norm)
        if found is not None:
            return found, True
        found = self.loose.get(strip_numbering(norm))
        if found is not None:
            return found, False
        if _is_sentence(piece):
            return None
        for word, label in self.words:
            if word in norm:
                return label, False
        return None

    def is_prefix(self, norm: str) -> bool:
        """Whether ``norm`` is the beginning of a label (with or without numbering), not a whole one."""
        return norm in self.prefixes or strip_numbering(norm) in self.prefixes


_MATCHERS: dict[tuple[str, Edition], Matcher] = {}


def matcher(table: str, edition: Edition) -> Matcher:
    """The matcher for table ``"2"`` or ``"3"`` of an edition (built once)."""
    key = (table, edition)
    if key not in _MATCHERS:
        _MATCHERS[key] = Matcher(_row_labels(table, edition))
    return _MATCHERS[key]


# ---------------------------------------------------------------- pass: vertical_labels

_ITEM_START = re.compile(r"[0-9０-９]{1,2}\s*[.、．]|[（(][一二三四五六七][）)]")


def _cut_debris(piece: Piece, labels: Matcher) -> list[Piece] | None:
    """A label with a fragment of a downward-written label glued to its front, as two pieces."""
    if _ITEM_START.search(piece.raw, 1) is None or labels.whole(piece.norm) is not None:
        return None
    for match in _ITEM_START.finditer(piece.raw):
        start = match.start()
        head = piece.raw[:start].strip()
        if not head or start > 12 or any(c.isdigit() for c in head):
            continue
        tail = classify(piece.raw[start:], piece.line, piece.loc)
        if tail.kind is PieceKind.TEXT and (labels.whole(tail.norm) is not None or labels.is_prefix(tail.norm)):
            return [classify(head, piece.line, piece.loc), tail.touched("vertical_labels")]
    return None


def vertical_labels(ctx: TableContext) -> None:
    """Cut a group label's stray characters off the front of an item label (``本   2.其他法律…``)."""
    if ctx.table not in ("2", "3"):
        return
    labels = matcher(ctx.table, ctx.edition)
    out = []
    for line in ctx.lines:
        pieces = line.pieces
        if not any(p.kind is PieceKind.TEXT for p in pieces):
            out.append(line)
            continue
        new: list[Piece] = []
        changed = False
        for piece in pieces:
            cut = _cut_debris(piece, labels) if piece.kind is PieceKind.TEXT and len(piece.raw) < 80 else None
            if cut is None:
                new.append(piece)
            else:
                new.extend(cut)
                changed = True
        out.append(Line(line.text, line.number, new) if changed else line)
    ctx.lines = out


# ---------------------------------------------------------------- pass: join_wrapped_labels

_JOIN_LINES = 4
"""A label is joined over at most this many lines."""


def join_wrapped_labels(ctx: TableContext) -> None:
    """Join a label wrapped over 2–4 lines into one piece, where the first line holds it.

    A text piece that begins a label (and is not one) is joined with the text
    pieces that follow on the next lines while the joined text still begins
    a label; when it becomes a whole label, the fragments become one piece
    where the first one stood. Values between the fragments stay where they are.
    """
    if ctx.table not in ("2", "3"):
        return
    labels = matcher(ctx.table, ctx.edition)
    prefixes = labels.prefixes
    if not any(
        p.kind is PieceKind.TEXT
        and (p.norm in prefixes or (p.norm[:1] in _NUMBERING_START and strip_numbering(p.norm) in prefixes))
        for line in ctx.lines
        for p in line.pieces
    ):
        return
    lines = [list(line.pieces) for line in ctx.lines]
    changed: set[int] = set()
    removed: set[tuple[int, int]] = set()
    for i, pieces in enumerate(lines):
        for j, piece in enumerate(pieces):
            if (i, j) in removed or piece.kind is not PieceKind.TEXT or len(piece.norm) > 70:
                continue
            if not labels.is_prefix(piece.norm) or labels.whole(piece.norm) is not None:
                continue
            joined = _join_from(lines, i, j, labels, removed)
            if joined is None:
                continue
            parts, norm = joined
            raw = "".join(lines[a][b].raw for a, b in parts)
            first = attrs.evolve(piece, raw=raw, norm=norm).touched("join_wrapped_labels")
            for a, b in parts[1:]:
                removed.add((a, b))
                changed.add(a)
            pieces[j] = first
            changed.add(i)
    if changed:
        ctx.lines = [
            Line(line.text, line.number, [p for b, p in enumerate(lines[k]) if (k, b) not in removed])
            if k in changed
            else line
            for k, line in enumerate(ctx.lines)
        ]


def _join_from(
    lines: list[list[Piece]], i: int, j: int, labels: Matcher, removed: set[tuple[int, int]]
) -> tuple[list[tuple[int, int]], str] | None:
    """The fragments (line, piece) that join with lines[i][j] into a whole label, and the label's folded text."""
    norm = lines[i][j].norm
    parts = [(i, j)]
    a, b = i, j + 1
    while a < min(len(lines), i + _JOIN_LINES):
        if b >= len(lines[a]):
            a, b = a + 1, 0
            continue
        piece = lines[a][b]
        if piece.kind is not PieceKind.TEXT or (a, b) in removed:
            b += 1
            continue
        norm += piece.norm
        parts.append((a, b))
        if labels.whole(norm) is not None:
            return parts, norm
        if not labels.is_prefix(norm):
            return None
        b += 1
    return None
