"""Reading tables 2 and 3 row by row: the ``match_rows`` and ``assign_bare_rows`` passes.

The table's pieces are cut into *labels* (text naming a row), *runs* (values
with no text between them, kept line by line) and other text. A label takes
the run after it when the run's values make exactly its row. A run that no
label can take with certainty is a *bare* run: its rows go, in the official
order, to the unread rows between the two read rows around it, but only when
their number (and widths) match exactly.

A label's run is trusted when it starts on the label's own line, or when the
label stands alone (not in a stack of labels without values) and its position
agrees with the official order of the rows read around it. Stacked labels
(``5.属于三类内部事务信息`` then ``1.本机关不掌握相关政府信息``, then two rows of
numbers) say which rows are there, not in which order: their runs are bare.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from gxopen._cells import RowSpec, pointer, table2_rows, table3_rows_spec
from gxopen._parse._glued import defer_run
from gxopen._parse._labels import Matcher, RowLabel, matcher
from gxopen._parse._passes import TableContext
from gxopen._parse._store import Store, cell_pointers
from gxopen._parse._tokens import Piece, PieceKind

__all__ = ["choose", "read_rows"]

_TEXT = PieceKind.TEXT
_EMPTY = PieceKind.EMPTY


def choose(candidates: Sequence[Piece], n: int) -> list[Piece] | None:
    """The n pieces that are a row's values, or None when the count is ambiguous.

    In order: the non-empty pieces, if there are n; the pieces from the first
    to the last non-empty one; all pieces; one cell per line (a line's first
    piece, when the rest of the line is empty filler, as ``4 | ||``).
    """
    strong = [p for p in candidates if p.kind is not _EMPTY]
    if len(strong) == n:
        return strong
    if strong:
        first = candidates.index(strong[0])
        last = len(candidates) - 1 - candidates[::-1].index(strong[-1])
        interior = list(candidates[first : last + 1])
        if len(interior) == n:
            return interior
    if len(candidates) == n:
        return list(candidates)
    by_line: dict[int, list[Piece]] = {}
    for piece in candidates:
        by_line.setdefault(piece.line, []).append(piece)
    if len(by_line) == n and all(all(p.kind is _EMPTY for p in line[1:]) for line in by_line.values()):
        return [line[0] for line in by_line.values()]
    return None


@attrs.define(eq=False)
class _Label:
    label: RowLabel
    piece: Piece
    exact: bool


@attrs.define(eq=False)
class _Run:
    lines: list[list[Piece]]

    @property
    def pieces(self) -> list[Piece]:
        return [p for line in self.lines for p in line]

    def has_number(self) -> bool:
        return any(p.kind is PieceKind.NUMBER for p in self.pieces)


@attrs.define(eq=False)
class _Text:
    piece: Piece


_Item = _Label | _Run | _Text


def _segment(ctx: TableContext, labels: Matcher) -> list[_Item]:  # noqa: PLR0912 - a fast path and the general one
    """Cut the table's pieces into labels, runs of values and other text."""
    items: list[_Item] = []
    run: _Run | None = None  # the run being extended, if the last item is one
    match = labels.match
    for line in ctx.lines:
        pieces = line.pieces
        if len(pieces) == 1:  # the common case of one cell per line, without the bookkeeping below
            piece = pieces[0]
            if piece.kind is _TEXT:
                hit = match(piece)
                items.append(_Label(hit[0], piece, hit[1]) if hit is not None else _Text(piece))
                run = None
            elif run is not None:
                run.lines.append([piece])
            else:
                run = _Run([[piece]])
                items.append(run)
            continue
        if len(pieces) > 1:
            found = [match(p) if p.kind is _TEXT else None for p in pieces]
            rows = sum(1 for f in found if f is not None and f[0].spec is not None)
            if rows >= 2 and all(p.kind is _TEXT or p.kind is _EMPTY for p in pieces):
                # A header line naming several rows (a Markdown header row made of labels): not rows.
                items.append(_Text(pieces[0]))
                run = None
                continue
        else:
            found = [match(pieces[0]) if pieces and pieces[0].kind is _TEXT else None]
        current: list[Piece] | None = None
        for piece, hit in zip(pieces, found, strict=False):
            if piece.kind is _TEXT:
                items.append(_Label(hit[0], piece, hit[1]) if hit is not None else _Text(piece))
                run = current = None
            elif current is not None:
                current.append(piece)
            elif run is not None:
                current = [piece]
                run.lines.append(current)
            else:
                current = [piece]
                run = _Run([current])
                items.append(run)
    return items


def _strays(run: _Run, n: int, ctx: TableContext) -> _Run:
    """A run without its lone numbers standing between rows (a page number left in a row-wise table)."""
    if n < 2 or len(run.lines) < 2 or not any(_strong(line) >= 2 for line in run.lines if len(line) >= 2):
        return run
    kept = []
    for line in run.lines:
        if len(line) == 1 and line[0].kind is PieceKind.NUMBER:
            ctx.issues.warn("value.stray", f"a lone number {line[0].raw!r} between rows was ignored", line[0].line)
            continue
        kept.append(line)
    return _Run(kept)


def _strong(line: list[Piece]) -> int:
    return sum(1 for p in line if p.kind is not _EMPTY)


def _split(run: _Run, widths: Sequence[int]) -> list[list[Piece]] | None:
    """The run cut into rows of the given widths: one row per line, or consecutive single cells."""
    if not run.lines or not widths:
        return None
    if len(widths) == 1:
        row = choose(run.pieces, widths[0])
        if row is not None:
            return [row]
    if len(run.lines) == len(widths):
        rows = [choose(line, w) for line, w in zip(run.lines, widths, strict=True)]
        if all(r is not None for r in rows):
            return [r for r in rows if r is not None]
    # Single values on consecutive lines are never cut into several rows: plain pdftotext
    # writes a table column by column, and the cut would put each value in a wrong cell.
    return None


@attrs.define(eq=False)
class _Row:
    """A row read by its label: where it stands in the text, its index in the official order."""

    at: int
    index: int
    spec: RowSpec
    pieces: list[Piece]
    label: _Label
    strong: bool


def read_rows(ctx: TableContext, store: Store) -> None:  # noqa: PLR0912, PLR0915 - the two passes share their state
    """Passes ``match_rows`` and ``assign_bare_rows`` over the lines of table 2 or 3."""
    labels = matcher(ctx.table, ctx.edition)
    specs = table2_rows(ctx.edition) if ctx.table == "2" else table3_rows_spec(ctx.edition)
    index = {id(spec): k for k, spec in enumerate(specs)}
    items = _segment(ctx, labels)

    # ---- match_rows: each label and the run right after it.
    rows: list[_Row] = []
    bare: list[tuple[int, _Run]] = []  # (position, run)
    valueless: dict[int, _Label] = {}  # row index → a label found without values
    failed: set[int] = set()
    stack = 0  # labels without values just before this one
    for at, item in enumerate(items):
        if isinstance(item, _Run):
            owner = [items[k] for k in _back(items, at)]
            if not (owner and isinstance(owner[0], _Label) and owner[0].label.spec is not None):
                bare.append((at, item))
            continue
        if not isinstance(item, _Label):
            continue
        spec = item.label.spec
        if spec is None:
            continue
        pos = _next(items, at)
        nxt = items[pos] if pos is not None else None
        k = index[id(spec)]
        if not isinstance(nxt, _Run):
            following = nxt.label.spec if isinstance(nxt, _Label) else None
            if following is not spec:  # else a heading repeating the row's label (Markdown ###): not a row
                valueless.setdefault(k, item)
                stack += 1
            continue
        run = _strays(nxt, len(spec.columns), ctx)
        assert pos is not None
        strong = bool(run.lines) and run.lines[0][0].line == item.piece.line
        cut = _split(run, [len(spec.columns)])
        if cut is None and len(run.lines) > 1:
            per_line = [choose(line, len(spec.columns)) for line in run.lines]
            if all(r is not None for r in per_line):
                cut = [r for r in per_line if r is not None]
        if cut is None and defer_run(store.glued, cell_pointers(spec), spec.code.zh, run.pieces):
            failed.add(k)  # read later by split_glued_runs
            stack = 0
            continue
        if cut is None:
            strong_count = sum(p.kind is not _EMPTY for p in run.pieces)
            raw = " ".join(p.raw or "∅" for p in run.pieces)
            store.issues.error(
                "cells.ambiguous",
                f"{spec.code.zh}: {strong_count} values for {len(spec.columns)} columns ({raw});"
                " the row's cells are left unread",
                item.piece.line,
                pointer(spec.path),
            )
            failed.add(k)
            stack = 0
            continue
        trusted = strong or (stack == 0 and len(cut) == 1)
        if trusted:
            rows.append(_Row(at, k, spec, cut[0], item, strong))
            rest = cut[1:]
        else:
            valueless.setdefault(k, item)
            rest = cut
        for extra in rest:
            bare.append((pos, _Run([extra])))
        stack = 0

    # Rows read twice: the first is kept.
    seen: dict[int, _Row] = {}
    for row in list(rows):
        if row.index in seen:
            store.issues.warn(
                "row.duplicate", f"{row.label.piece.raw}: row appears again; the first is kept", row.label.piece.line
            )
            rows.remove(row)
        else:
            seen[row.index] = row

    # A row read by a label on another line must agree with the official order around it.
    kept: list[_Row] = []
    for i, row in enumerate(rows):
        if not row.strong:
            lo = kept[-1].index if kept else -1
            hi = rows[i + 1].index if i + 1 < len(rows) else len(specs)
            if lo < hi and not lo < row.index < hi:
                valueless.setdefault(row.index, row.label)
                bare.append((row.at, _Run([row.pieces])))
                continue
        kept.append(row)
    rows = kept

    for row in rows:
        _warn_label(store, row.label, row.spec)
        store.put_row(row.spec, row.pieces)
    read = {row.index for row in rows}

    # ---- assign_bare_rows: bare runs between two read rows go to the unread rows between them.
    bare.sort(key=lambda b: b[0])
    gaps: dict[tuple[int, int], list[_Run]] = {}
    for pos, run in bare:
        before = [r.index for r in rows if r.at < pos]
        after = [r.index for r in rows if r.at > pos]
        gap = (before[-1] if before else -1, after[0] if after else len(specs))
        gaps.setdefault(gap, []).append(run)
    for (lo, hi), runs in gaps.items():
        unread = [k for k in range(lo + 1, hi) if k not in read]
        if lo >= hi or not unread or any(k in failed for k in unread):
            if any(run.has_number() for run in runs):
                line = runs[0].pieces[0].line
                store.issues.warn(
                    "values.unplaced", "a row of values without a label was left unread: no row to give it", line
                )
            continue
        cut = _split(_Run([line for run in runs for line in run.lines]), [len(specs[k].columns) for k in unread])
        if cut is None:
            continue
        for k, pieces in zip(unread, cut, strict=True):
            store.put_row(specs[k], [p.touched("assign_bare_rows") for p in pieces])
            read.add(k)
        names = ", ".join(specs[k].code.code for k in unread)
        store.issues.warn(
            "rows.by_position",
            f"rows {names} read from rows of numbers without their labels, in the official order",
            cut[0][0].line,
        )

    for k, spec in enumerate(specs):
        if k in read or k in failed:
            continue
        where = pointer(spec.path)
        if k in valueless:
            store.issues.error(
                "cells.missing",
                f"{spec.code.zh}: no values for {len(spec.columns)} columns; the row's cells are left unread",
                valueless[k].piece.line,
                where,
            )
        else:
            store.issues.error("row.not_found", f"row {spec.code.code} {spec.code.zh} not found", None, where)


def _back(items: list[_Item], at: int) -> range:
    """The items just before ``at`` that are text, then the label or run before them."""
    k = at - 1
    while k >= 0 and isinstance(items[k], _Text):
        k -= 1
    return range(k, k + 1) if k >= 0 else range(0)


def _next(items: list[_Item], at: int) -> int | None:
    """The index of the first label or run after ``at`` (text between them is a label's wrapped part or a header)."""
    for k in range(at + 1, len(items)):
        if not isinstance(items[k], _Text):
            return k
    return None


def _warn_label(store: Store, found: _Label, spec: RowSpec) -> None:
    where = pointer(spec.path)
    piece = found.piece
    if not found.exact:
        store.issues.warn(
            "label.paraphrased", f"{piece.raw!r} read as {spec.code.code} {spec.code.zh}", piece.line, where
        )
    elif found.label.exact[0] != piece.norm:
        store.issues.warn("label.variant", f"{piece.raw!r} read as {spec.code.zh} (a variant label)", piece.line, where)
