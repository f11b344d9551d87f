"""Reading table 4 by its labels: the ``table4_by_header`` pass.

Table 4 has 15 cells: three groups (行政复议, 行政诉讼 未经复议直接起诉, 复议后起诉)
of five columns (结果维持, 结果纠正, 其他结果, 尚未审结, 总计). Published copies
print it in two shapes:

* *sectioned*: each group's label, then its five values (our text renderer,
  Markdown copies with one small table per group);
* *header*: the group labels and the column labels first, then 15 values (the
  official grid, scraped or extracted from a PDF).

The values go where the labels say: the groups in the order their labels
appear, the columns in the order of their labels (once for all groups, or
once per group). When the labels cannot be found in a usable order (a header
garbled by PDF extraction), the official order is assumed only if every
group's total equals the sum of its four other cells, with a warning;
otherwise the 15 cells are left unread with an error. Words are the code
table's key words (``Code.keywords``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import attrs

from gxopen._cells import RowSpec, pointer, table4_rows
from gxopen._codes import TABLE4_COLUMNS, TABLE4_DATA_GROUPS, TABLE4_GROUPS, normalize_label
from gxopen._parse._glued import defer_run
from gxopen._parse._passes import TableContext
from gxopen._parse._rows import choose
from gxopen._parse._store import Store
from gxopen._parse._tokens import Line, Piece, PieceKind, classify

__all__ = ["read_table4", "stacked_header_words"]

_GROUPS = tuple(g.key or "" for g in TABLE4_DATA_GROUPS)
_COLUMNS = tuple(c.key or "" for c in TABLE4_COLUMNS)
# Sub-group words first: 复议后起诉 and 未经复议直接起诉 also hold 复议.
_GROUP_WORDS = sorted(
    ((word, g.key or "") for g in TABLE4_DATA_GROUPS for word in g.keywords), key=lambda wg: wg[1] == "review"
)
_COLUMN_WORDS = tuple((word, c.key or "") for c in TABLE4_COLUMNS for word in c.keywords)
_HEADER_TEXT = 40
"""Text longer than this (folded) is narrative, not a header cell."""


def _words(piece: Piece, vocabulary: Sequence[tuple[str, str]]) -> list[str]:
    """The keys whose words occur in a header piece, in the order they occur."""
    if piece.kind is not PieceKind.TEXT or len(piece.norm) > _HEADER_TEXT or "。" in piece.raw:
        return []
    hits: list[tuple[int, str]] = []
    for word, key in vocabulary:
        start = 0
        while (at := piece.norm.find(word, start)) >= 0:
            hits.append((at, key))
            start = at + len(word)
    return [key for _, key in sorted(hits)]


_COLUMN_LABELS = tuple((normalize_label(c.zh), c.key or "") for c in TABLE4_COLUMNS)


def _column_sets(pieces: Sequence[Piece]) -> list[frozenset[str]]:
    """What each column label cell of a header can be.

    A fragment shared by several labels (``结果``: 结果维持, 结果纠正 or 其他结果)
    leaves a choice; a key word names one.
    """
    sets: list[frozenset[str]] = []
    texts = _merge_split_words([p for p in pieces if p.kind is PieceKind.TEXT and p.norm])
    for piece in texts:
        within = frozenset(key for label, key in _COLUMN_LABELS if piece.norm in label)
        if within:
            one = len(within) == 1
            if not (one and sets and sets[-1] == within):  # 尚未 / 审结: one label split over cells
                sets.append(within)
            continue
        for key in _words(piece, _COLUMN_WORDS):
            if not (sets and sets[-1] == {key}):
                sets.append(frozenset((key,)))
    return sets


def _merge_split_words(texts: list[Piece]) -> list[Piece]:
    """Header cells that are one column label split over cells (``结果`` / ``纠正``), joined."""
    out: list[Piece] = []
    for piece in texts:
        if out:
            joined = out[-1].norm + piece.norm
            if any(joined in label for label, _ in _COLUMN_LABELS):
                out[-1] = attrs.evolve(out[-1], raw=out[-1].raw + piece.raw, norm=joined)
                continue
        out.append(piece)
    return out


def _column_orders(sets: list[frozenset[str]]) -> list[tuple[str, ...]] | None:
    """The column order of each group from the column labels: 5 labels shared, or 15 (5 a group).

    A group's labels give its order when exactly one order fits them; when
    several fit (fragments such as ``结果`` leave a choice) and the official
    order is one of them, the official order. Otherwise None.
    """
    if len(sets) == len(_COLUMNS):
        chunks = [sets] * len(_GROUPS)
    elif len(sets) == len(_COLUMNS) * len(_GROUPS):
        chunks = [sets[i : i + 5] for i in range(0, len(sets), 5)]
    else:
        return None
    orders = []
    for chunk in chunks:
        if all(key in choice for key, choice in zip(_COLUMNS, chunk, strict=True)):
            orders.append(_COLUMNS)  # the official order fits: it is the one, or the one chosen among several
            continue
        fits = [order for order in _ORDERS if all(key in choice for key, choice in zip(order, chunk, strict=True))]
        if len(fits) == 1:
            orders.append(fits[0])
        elif _COLUMNS in fits:
            orders.append(_COLUMNS)
        else:
            return None
    return orders


_ORDERS = tuple(itertools.permutations(_COLUMNS))


def _narrative_cut(lines: Sequence[Line]) -> list[Line]:
    """The table's lines, up to the narrative that follows it (a report without heading 五)."""
    seen_value = False
    for i, line in enumerate(lines):
        pieces = line.pieces
        if seen_value and any(
            p.kind is PieceKind.TEXT and len(p.norm) > 20 and any(c in p.raw for c in "，。；") for p in pieces
        ):
            return list(lines[:i])
        seen_value = seen_value or any(p.kind is not PieceKind.TEXT for p in pieces)
    return list(lines)


def read_table4(ctx: TableContext, store: Store) -> None:
    """Place table 4's 15 values by the labels of its header."""
    lines = _narrative_cut(ctx.lines)
    pieces = [p for line in lines for p in line.pieces]
    if _sectioned(ctx, store, pieces):
        return
    values = [p for p in pieces if p.kind is not PieceKind.TEXT]
    line = lines[0].number if lines else None
    chosen = choose(values, 15)
    if chosen is None and defer_run(store.glued, _CELLS, "table 4 (行政复议、行政诉讼)", values):
        return
    if chosen is None:
        strong = sum(p.kind is not PieceKind.EMPTY for p in values)
        store.issues.error(
            "cells.ambiguous" if strong else "cells.missing",
            f"table 4: {strong} values for 15 cells; left unread",
            line,
            "/review_litigation",
        )
        return
    first_value = pieces.index(chosen[0]) if chosen else len(pieces)
    header = pieces[:first_value]
    group_order = _group_order(header)
    columns = _column_orders(_column_sets(header))
    if group_order is not None and columns is not None:
        if group_order != list(_GROUPS) or any(c != _COLUMNS for c in columns):
            store.issues.warn(
                "table4.reordered",
                "table 4: the header's labels are not in the official order; the values follow the labels",
                line,
                "/review_litigation",
            )
        _place(store, chosen, group_order, columns)
        return
    if not _totals_check(chosen):
        store.issues.error(
            "table4.header",
            "table 4: the header's group and column labels could not be read, and the values' totals do not"
            " confirm the official order; left unread",
            line,
            "/review_litigation",
        )
        return
    store.issues.warn(
        "table4.order_assumed",
        "table 4: the header's labels could not be read; the official order is assumed because every group's"
        " total equals the sum of its other cells",
        line,
        "/review_litigation",
    )
    _place(store, chosen, group_order or list(_GROUPS), columns or [_COLUMNS] * 3, "table4_order_assumed")


_PARENT = ((normalize_label(TABLE4_GROUPS[1].zh), "litigation"),)
"""行政诉讼: the header over the two litigation groups."""


def _group_order(header: Sequence[Piece]) -> list[str] | None:
    """The groups' order from the header's group labels, or None when they do not say it.

    Either each group's label once (a flat header), or the official two
    levels: 行政复议 and 行政诉讼 side by side (which comes first), and under
    行政诉讼 its two groups (in which order). A label repeated over
    neighbouring cells counts once.
    """
    keys = _collapse([k for p in header for k in _words(p, [*_GROUP_WORDS, *_PARENT])])
    groups = [k for k in keys if k != "litigation"]
    if sorted(groups) != sorted(_GROUPS):
        return None
    parents = keys.count("litigation")
    if parents == 0:
        return groups
    if parents != 1:
        return None
    litigation = [g for g in groups if g != "review"]
    return ["review", *litigation] if keys.index("review") < keys.index("litigation") else [*litigation, "review"]


def _collapse(keys: list[str]) -> list[str]:
    return [k for i, k in enumerate(keys) if i == 0 or keys[i - 1] != k]


def _totals_check(values: list[Piece]) -> bool:
    """Whether, in the official order, each group's total equals the sum of its four other cells."""
    for g in range(len(_GROUPS)):
        cells = values[g * 5 : g * 5 + 5]
        if not all(p.kind is PieceKind.NUMBER and isinstance(p.value, int) for p in cells):
            return False
        nums = [p.value for p in cells]
        if sum(n for n in nums[:4] if isinstance(n, int)) != nums[4]:
            return False
    return True


_SPECS: dict[str, RowSpec] = {spec.path[-1]: spec for spec in table4_rows()}
_CELLS = tuple(pointer(spec.cell(column)) for spec in table4_rows() for column in spec.columns)
_COLUMN_CODES = {c.key: c for c in TABLE4_COLUMNS}


def _place(
    store: Store, values: list[Piece], groups: Sequence[str], columns: Sequence[tuple[str, ...]], name: str = ""
) -> None:
    at = 0
    for group, order in zip(groups, columns, strict=True):
        spec = _SPECS[group]
        for key in order:
            piece = values[at] if not name else values[at].touched(name)
            column = _COLUMN_CODES[key]
            store.put(spec, column, piece, pointer(spec.cell(column)))
            at += 1


def _sectioned(ctx: TableContext, store: Store, pieces: list[Piece]) -> bool:
    """Read the sectioned shape (each group's label, then its five values); False if it is not that shape."""
    marks = [
        (i, keys[0])
        for i, p in enumerate(pieces)
        if p.kind is PieceKind.TEXT and (keys := _words(p, _GROUP_WORDS)) and len(keys) == 1
    ]
    if [g for _, g in marks] != list(dict.fromkeys(g for _, g in marks)) or len(marks) != len(_GROUPS):
        return False
    first = marks[0][0]
    if any(p.kind is not PieceKind.TEXT for p in pieces[:first]):
        return False
    shared = _column_orders(_column_sets(pieces[:first]))
    plan = []
    for n, (i, group) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(pieces)
        section = pieces[i + 1 : end]
        values = [p for p in section if p.kind is not PieceKind.TEXT]
        chosen = choose(values, 5)
        if chosen is None:
            return False
        head = section[: section.index(chosen[0])]
        own = _column_orders(_column_sets(head))
        orders = own or shared
        if orders is None:
            return False
        order = orders[0]
        plan.append((group, order, chosen))
    if [g for g, _, _ in plan] != list(_GROUPS) or any(o != _COLUMNS for _, o, _ in plan):
        store.issues.warn(
            "table4.reordered",
            "table 4: the labels are not in the official order; the values follow the labels",
            pieces[first].line,
            "/review_litigation",
        )
    for group, order, chosen in plan:
        _place(store, chosen, [group], [order])
    return True


# ---------------------------------------------------------------- pass: stacked_header_words

_WORD = re.compile(r"\S+")


def stacked_header_words(ctx: TableContext) -> None:
    """Join column labels printed in two lines of the header (``结果`` over ``维持``).

    ``pdftotext -layout`` keeps a header cell's two lines apart: the label
    fragments of one line, left to right, pair with the first fragments of
    the line below; the pairs are joined only when every pair makes a column
    label exactly (what is left of the lower line pairs with the line below it).
    """
    if ctx.table != "4":
        return
    lines = list(ctx.lines)
    words = [_WORD.findall(line.text) for line in lines]
    changed: set[int] = set()
    for i in range(len(lines) - 1):
        if any(p.kind is not PieceKind.TEXT for p in (*lines[i].pieces, *lines[i + 1].pieces)):
            break  # the header ends where the values begin
        tops = [k for k, w in enumerate(words[i]) if _fragment(w)]
        below = words[i + 1]
        if not tops or len(below) < len(tops):
            continue
        pairs = [words[i][k] + below[n] for n, k in enumerate(tops)]
        if not all(_whole(pair) for pair in pairs):
            continue
        for k, pair in zip(tops, pairs, strict=True):
            words[i][k] = pair
        words[i + 1] = below[len(tops) :]
        changed.update((i, i + 1))
    ctx.lines = [
        Line(line.text, line.number, [classify(w, line.number).touched("stacked_header_words") for w in words[k]])
        if k in changed
        else line
        for k, line in enumerate(lines)
    ]


def _fragment(word: str) -> bool:
    norm = normalize_label(word)
    return any(norm in label and norm != label for label, _ in _COLUMN_LABELS)


def _whole(word: str) -> bool:
    return any(normalize_label(word) == label for label, _ in _COLUMN_LABELS)
