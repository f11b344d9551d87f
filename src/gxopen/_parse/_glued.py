"""Crawler dumps with the cells glued together: separate the text, then split the digit runs.

Some crawlers keep a page's text but drop every boundary between cells, so a
whole report can be one line: ``…规章000行政规范性文件5122380第二十条第（五）项…``.
Two steps read such text, each with its own tests:

1. :func:`separate` (a pass over the lines, before the engine reads them)
   finds the labels of the code table (:mod:`gxopen._codes`) in the folded
   text — part headings, table 2 block and column headers, the table 3 note
   and column headers, the row labels of tables 2–4, the table 4 headers —
   and puts each on its own line, a row label followed by its value text
   (``规章 | 000``). A numbering prefix (``6.``, ``（三）``) is part of the
   label that follows it, never of the digits before it. Only *chains* of
   labels separated by nothing but value text are cut, and only where a label
   and a digit touch, so narrative text and separated layouts are untouched;
   the list of part names in an introduction's prose is not taken for
   headings (a heading has its number, and the last candidate before the next
   part's heading wins).
2. :func:`split_run` and :func:`search` (after the engine has read the rows)
   split a row's digit run into its cells. The candidates are the splits into
   *n* parts without leading zeros (a part is ``0`` or starts with 1–9),
   whitespace in the text being a boundary that must be kept, that satisfy
   the row's own identities (``t3.applicants``, ``t4.total`` from
   :data:`gxopen._rules.RULES`). Where a row keeps several candidates, a
   bounded search over those rows uses the column identities of table 3
   (``t3.balance``, ``t3.outcomes``). A cell is assigned only when every
   combination that satisfies every constraint gives it the same value; the
   others are ``None`` with an error naming the candidates, and so is every
   cell of a search that exceeds its budget.

Identities only choose among readings the text leaves open: a run whose split
is unique is read as it stands, balanced or not, and the column search is not
used at all when the cells already read break a column identity (the report
does not balance, so the identities cannot be trusted to choose).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from gxopen._cells import pointer
from gxopen._codes import (
    LABEL_FOLD,
    PARTS,
    TABLE2_CONTENT_HEADER,
    TABLE3_APPLICANT_HEADER,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE3_ORGANIZATION_HEADER,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    Code,
    Edition,
    table2,
    table3_rows,
)
from gxopen._parse._passes import DocumentContext, Issues
from gxopen._parse._result import IssueLevel, ParseIssue
from gxopen._parse._tokens import Line, Piece, PieceKind, split_text_line
from gxopen._rules import RULES, Scope, checks

__all__ = [
    "BudgetExceededError",
    "GluedRun",
    "Identity",
    "Inferred",
    "LinearCheck",
    "Resolution",
    "RunSplit",
    "column_checks",
    "defer_run",
    "resolve",
    "row_identities",
    "search",
    "separate",
    "separate_glued",
    "split_glued_runs",
    "split_run",
]

# ---------------------------------------------------------------- folding


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded as :func:`gxopen._codes.normalize_label` does, and where each folded character came from.

    The last entry of the map is ``len(text)``, so a folded span ``[a, b)``
    is the raw span ``[map[a], map[b])``.
    """
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = (
            unicodedata.normalize("NFKC", ch).translate(LABEL_FOLD) if not ch.isascii() else ch.translate(LABEL_FOLD)
        )
        out.append(folded)
        where.extend([i] * len(folded))
    where.append(len(text))
    return "".join(out), where


def _fold_label(label: str) -> str:
    return _fold(label)[0]


# ---------------------------------------------------------------- the labels


class _Kind(enum.Enum):
    HEADING = "heading"
    ROW = "row"
    """A row label: the value text after it is the row's."""
    OTHER = "other"
    """A header, a block or group label: no values of its own."""


@attrs.frozen
class _Label:
    kind: _Kind
    part: int = 0


def _labels() -> dict[str, _Label]:
    """Every label of the code table, folded, with what it is (a row label wins a tie)."""
    found: dict[str, _Label] = {}

    def add(texts: Iterable[str], label: _Label) -> None:
        for text in texts:
            folded = _fold_label(text)
            if folded and (folded not in found or label.kind is _Kind.ROW):
                found[folded] = label

    other = _Label(_Kind.OTHER)
    for part, code in enumerate(PARTS, start=1):
        add(code.labels, _Label(_Kind.HEADING, part))
    for edition in Edition:
        for block in table2(edition).children:
            add(block.labels, other)
            for column in block.columns:
                add(column.labels, other)
            for row in block.children:
                add(row.labels, _Label(_Kind.ROW))
        for top in table3_rows(edition):
            for code in top.walk():
                add(code.labels, other if code.children else _Label(_Kind.ROW))
    add((TABLE2_CONTENT_HEADER, TABLE3_NOTE, TABLE3_APPLICANT_HEADER, TABLE3_ORGANIZATION_HEADER), other)
    for column in (*TABLE3_COLUMNS, *TABLE4_COLUMNS):
        add(column.labels, other)
    for group in TABLE4_GROUPS:
        for code in group.walk():
            add(code.labels, other)
    return found


_LABELS = _labels()
# Longest first, so that at one position the longest label wins (``3.其他`` over ``其他``).
_LABEL_RE = re.compile("|".join(re.escape(text) for text in sorted(_LABELS, key=len, reverse=True)))
_ROW_RE = re.compile(
    "|".join(
        re.escape(t) for t in sorted((t for t, lab in _LABELS.items() if lab.kind is _Kind.ROW), key=len, reverse=True)
    )
)
_VALUE_TEXT = re.compile(r"[\s0-9０-９.．,/／\\\-—–―]*")
"""Text that may stand between two labels of a glued table: values and white space only."""
_SPACE = re.compile(r"\s*")
_DIGIT = re.compile(r"[0-9０-９]")

# ---------------------------------------------------------------- the separating pass


@attrs.frozen
class _Hit:
    label: _Label
    start: int  # raw span of the label
    end: int
    value_end: int  # end of the value text after it (raw)


def _hits(raw: str) -> list[_Hit]:
    folded, where = _fold(raw)
    hits: list[_Hit] = []
    for match in _LABEL_RE.finditer(folded):
        label = _LABELS[match.group()]
        # The raw span ends after the label's last character (not at the next one, past any white space).
        start, end = where[match.start()], where[match.end() - 1] + 1
        hits.append(_Hit(label, start, end, end))
    # The value text of each label: what follows it up to the next label, if that is all values.
    out = []
    for i, hit in enumerate(hits):
        stop = hits[i + 1].start if i + 1 < len(hits) else len(raw)
        value = (_SPACE if hit.label.kind is _Kind.HEADING else _VALUE_TEXT).match(raw, hit.end, stop)
        assert value is not None
        out.append(attrs.evolve(hit, value_end=value.end()))
    return out


def _chains(raw: str, hits: list[_Hit]) -> list[list[_Hit]]:
    """Runs of labels with nothing but value text between them."""
    chains: list[list[_Hit]] = []
    for hit in hits:
        if chains and chains[-1][-1].value_end == hit.start:
            chains[-1].append(hit)
        else:
            chains.append([hit])
    return chains


def _touches(raw: str, chain: list[_Hit]) -> bool:
    """Whether a label and a digit touch somewhere in the chain (the mark of glued cells)."""
    for hit in chain:
        before = raw[hit.start - 1 : hit.start]
        after = raw[hit.end : hit.end + 1]
        if hit.label.kind is not _Kind.HEADING and (_DIGIT.match(before) or _DIGIT.match(after)):
            return True
    return False


def _glued(raw: str, chain: list[_Hit]) -> bool:
    if not _touches(raw, chain):
        return False
    if len(chain) >= 2:
        return any(hit.label.kind is _Kind.ROW for hit in chain)
    # A single label glued to its values only when that is the whole line (``规章000``).
    hit = chain[0]
    return hit.label.kind is _Kind.ROW and not raw[: hit.start].strip() and not raw[hit.value_end :].strip()


def _headings(hits: list[_Hit], chained: set[int]) -> set[int]:
    """Which heading hits are real: one per part, in order, the last candidate before the next part's.

    A heading inside a glued chain is real; elsewhere (narrative text around the
    tables) the candidates are weighed from part 六 back to part 一, so a
    list of part names earlier in the prose loses to the headings themselves.
    """
    real: set[int] = set()
    bound = len(hits)
    for part in range(6, 0, -1):
        mine = [i for i in range(bound) if hits[i].label.kind is _Kind.HEADING and hits[i].label.part == part]
        if not mine:
            continue
        inside = [i for i in mine if i in chained]
        pick = inside[-1] if inside else mine[-1]
        real.add(pick)
        bound = pick
    return real


def _cells_text(value: str) -> str:
    return " | ".join(value.split())


def _separate_line(raw: str) -> list[str] | None:
    """The lines a glued line separates into, or None when it is not glued."""
    hits = _hits(raw)
    if not hits:
        return None
    chains = _chains(raw, hits)
    glued = [chain for chain in chains if _glued(raw, chain)]
    if not glued:
        return None
    chained = {id(hit) for chain in glued for hit in chain}
    index = {id(hit): i for i, hit in enumerate(hits)}
    real = _headings(hits, {index[k] for k in chained})
    out: list[str] = []
    at = 0

    def text(upto: int) -> None:
        piece = raw[at:upto].strip()
        if piece:
            out.append(piece)

    for i, hit in enumerate(hits):
        if id(hit) not in chained and i not in real:
            continue
        text(hit.start)
        label = raw[hit.start : hit.end].strip()
        value = raw[hit.end : hit.value_end] if id(hit) in chained else ""
        if hit.label.kind is _Kind.ROW and value.strip():
            out.append(f"{label} | {_cells_text(value)}")
        else:
            out.append(label)
            if value.strip():
                out.append(_cells_text(value))
        at = hit.value_end if id(hit) in chained else hit.end
    text(len(raw))
    return out


_MARK = re.compile(r"[0-9０-９]")


def separate(lines: Sequence[str]) -> dict[int, list[str]] | None:
    """Separate the glued lines of a text into lines the engine reads.

    Args:
        lines: The text's lines.

    Returns:
        ``None`` when no line is glued (the text is left as it is); else, for
        each glued line (by its index in ``lines``), the lines it separates into.
    """
    if not _looks_glued(unicodedata.normalize("NFKC", "\n".join(lines))):
        return None  # the common case, decided in one pass over the whole text
    found: dict[int, list[str]] = {}
    for index, raw in enumerate(lines):
        if _MARK.search(raw) and _GLUE.search(_quick_fold(raw)):
            separated = _separate_line(raw)
            if separated is not None:
                found[index] = separated
    return found or None


PASS = "separate_glued"
"""The name of the separating pass, in the provenance of the pieces it makes."""
SPLIT = "split_glued_runs"
"""The name of the step that splits the runs, in the provenance of the cells it infers."""


def separate_glued(ctx: DocumentContext) -> None:
    """Pass ``separate_glued``: each glued line becomes the lines :func:`separate` makes of it.

    The new lines keep the glued line's number; their numbers are marked with
    the pass's name, which is what lets :func:`defer_run` take a run of them
    for :func:`split_glued_runs` (a run in a separated layout never is).
    """
    separated = separate([line.text for line in ctx.lines])
    if separated is None:
        return
    out: list[Line] = []
    for index, line in enumerate(ctx.lines):
        if index not in separated:
            out.append(line)
            continue
        for text in separated[index]:
            pieces = split_text_line(text, line.number)
            out.append(Line(text, line.number, [p.touched(PASS) if p.kind is _NUMBER else p for p in pieces]))
    ctx.lines = out


_NUMBER = PieceKind.NUMBER


def defer_run(runs: list[GluedRun], pointers: tuple[str, ...], label: str, pieces: Sequence[Piece]) -> bool:
    """Keep a row's values for :func:`split_glued_runs` if they are runs of digits the glued pass made.

    Args:
        runs: Where the runs wait.
        pointers: The row's cells.
        label: The row's label, for messages.
        pieces: The values found after the label.

    Returns:
        Whether the values were kept: fewer tokens than cells, every one a run
        of digits made by ``separate_glued``.
    """
    strong = [p for p in pieces if p.kind is not PieceKind.EMPTY]
    if not strong or len(strong) >= len(pointers):
        return False
    if not all(p.kind is _NUMBER and p.raw.isdigit() and PASS in p.passes for p in strong):
        return False
    runs.append(GluedRun(pointers, tuple(p.raw for p in strong), label, strong[0].line))
    return True


def split_glued_runs(
    runs: Sequence[GluedRun], cells: dict[str, Any], sources: dict[str, Piece], issues: Issues
) -> None:
    """Step ``split_glued_runs``: the kept runs split into cells (see :func:`resolve`), recorded with provenance."""
    if not runs:
        return
    inferred, found = resolve(runs, cells)
    for cell in inferred:
        cells[cell.pointer] = cell.value
        sources[cell.pointer] = Piece(
            cell.raw, _NUMBER, cell.line, cell.value, passes=(PASS, SPLIT), inferred=True, rules=cell.rules
        )
    issues.warnings.extend(i for i in found if i.level is IssueLevel.WARNING)
    issues.errors.extend(i for i in found if i.level is IssueLevel.ERROR)


_KEEP_SPACE = {k: v for k, v in LABEL_FOLD.items() if not chr(k).isspace()}
_GLUE = re.compile(f"(?:{_ROW_RE.pattern})[0-9]")
"""A row label with a digit right after it: the mark of a line worth separating."""


_LABEL_ENDS = frozenset(text[-5:] for text, label in _LABELS.items() if label.kind is _Kind.ROW)
_DIGIT_AFTER_TEXT = re.compile(r"[0-9](?<=[^0-9\s][0-9])")
"""A digit right after something that is neither a digit nor white space (the digit first: a fast scan)."""
_HINTS = 1
"""How many row labels glued to a digit a text needs before its lines are examined one by one
(narrative such as ``行政许可3817件`` passes too: the lines themselves decide)."""


def _looks_glued(text: str) -> bool:
    """A cheap first test on the whole text: a row label with a digit right after it."""
    found = 0
    for match in _DIGIT_AFTER_TEXT.finditer(text):
        at = match.start()
        before = text[max(0, at - 8) : at].translate(LABEL_FOLD)
        if any(before[-k:] in _LABEL_ENDS for k in (2, 3, 4, 5)):
            found += 1
            if found >= _HINTS:
                return True
    return False


def _quick_fold(raw: str) -> str:
    """The line folded like the labels, white space kept (so ``规章 0 0 0`` is not glued)."""
    return unicodedata.normalize("NFKC", raw).translate(_KEEP_SPACE)


# ---------------------------------------------------------------- identities from the rules


@attrs.frozen
class Identity:
    """A row identity inside one run: the cell at ``total`` is the sum of the cells at ``operands``.

    Attributes:
        rule: The id of the rule in :data:`gxopen._rules.RULES`.
        total: Index of the total cell in the run.
        operands: Indices of the operand cells, each with weight +1.
    """

    rule: str
    total: int
    operands: tuple[int, ...]


def row_identities(pointers: Sequence[str]) -> tuple[Identity, ...]:
    """The row identities of :data:`gxopen._rules.RULES` whose cells all lie among ``pointers``."""
    at = {p: i for i, p in enumerate(pointers)}
    found = []
    for rule in RULES:
        if rule.cross_year or rule.scope not in (Scope.T3_ROW, Scope.T4_GROUP):
            continue
        for check in checks(rule):
            terms = (*check.totals, *check.operands)
            if len(check.totals) != 1 or any(t.weight != 1 for t in terms):
                continue
            if all(t.pointer in at for t in terms):
                total = at[check.totals[0].pointer]
                operands = tuple(at[t.pointer] for t in check.operands)
                found.append(Identity(rule.id, total, operands))
    return tuple(found)


@attrs.frozen
class LinearCheck:
    """A column identity as a linear equation: the sum of ``coefficient × cell`` is zero.

    Attributes:
        rule: The id of the rule in :data:`gxopen._rules.RULES`.
        scope: The column it is checked over (``natural_person`` …).
        terms: ``(pointer, coefficient)``: totals with +weight, operands with −weight.
    """

    rule: str
    scope: str
    terms: tuple[tuple[str, int], ...]


def column_checks() -> tuple[LinearCheck, ...]:
    """The column identities of table 3 (``t3.balance``, ``t3.outcomes``) from :data:`gxopen._rules.RULES`."""
    out = []
    for rule in RULES:
        if rule.cross_year or rule.scope is not Scope.T3_COLUMN:
            continue
        for check in checks(rule):
            terms = tuple((t.pointer, t.weight) for t in check.totals)
            terms += tuple((t.pointer, -t.weight) for t in check.operands)
            out.append(LinearCheck(rule.id, check.scope_key, terms))
    return tuple(out)


_COLUMN_CHECKS = column_checks()

# ---------------------------------------------------------------- splitting one run


class BudgetExceededError(Exception):
    """A split or a search took more steps than its budget."""


@attrs.frozen
class RunSplit:
    """The readings of one run.

    Attributes:
        all_splits: How many splits without leading zeros there are, up to the
            limit (``limit + 1`` means more).
        candidates: Those that also satisfy the row's identities (the one split, when there is only one).
        complete: Whether ``candidates`` lists every one (the limit was not reached).
        rules: The identities that removed at least one split.
    """

    all_splits: int
    candidates: tuple[tuple[int, ...], ...]
    complete: bool
    rules: tuple[str, ...]


@attrs.define
class _Splitter:
    digits: str
    next_cut: list[int]
    budget: int
    limit: int
    steps: int = 0
    memo: dict[tuple[int, int], list[tuple[int, ...]]] = attrs.Factory(dict)

    def tick(self) -> None:
        self.steps += 1
        if self.steps > self.budget:
            raise BudgetExceededError

    def part(self, a: int, b: int) -> int | None:
        """The value of digits[a:b] if it can be one cell (no leading zero, within a token, below 10^15)."""
        if b > self.next_cut[a] or (b - a > 1 and self.digits[a] == "0") or b - a > _WIDEST:
            return None
        return int(self.digits[a:b])

    def free(self, pos: int, end: int, k: int) -> Iterator[tuple[int, ...]]:
        """Splits of digits[pos:end] into k cells."""
        self.tick()
        if k == 1:
            value = self.part(pos, end)
            if value is not None:
                yield (value,)
            return
        for b in range(pos + 1, end - k + 2):
            value = self.part(pos, b)
            if value is None:
                if b > self.next_cut[pos]:
                    return
                continue
            for rest in self.free(b, end, k - 1):
                yield (value, *rest)

    def summed(self, pos: int, end: int, k: int, total: int, width: int) -> Iterator[tuple[int, ...]]:
        """Splits of digits[pos:end] into k cells of at most ``width`` digits summing to ``total``."""
        self.tick()
        size = end - pos
        if k == 0:
            if size == 0 and total == 0:
                yield ()
            return
        if size < k or size > k * width:
            return
        for length in range(max(1, size - (k - 1) * width), min(width, size - (k - 1)) + 1):
            value = self.part(pos, pos + length)
            if value is None:
                if pos + length > self.next_cut[pos]:
                    return
                continue
            if value > total:
                return
            for rest in self.summed(pos + length, end, k - 1, total - value, width):
                yield (value, *rest)

    def group(self, pos: int, end: int, k: int, identity: bool) -> Iterator[tuple[int, ...]]:
        """Splits of digits[pos:end] into k cells; with ``identity``, the last is the sum of the others."""
        if not identity:
            yield from self.free(pos, end, k)
            return
        for width in range(1, end - pos - (k - 1) + 1):
            total = self.part(end - width, end)
            if total is None:
                continue
            for operands in self.summed(pos, end - width, k - 1, total, width):
                yield (*operands, total)

    def solve(self, pos: int, gi: int, groups: Sequence[tuple[int, bool]]) -> list[tuple[int, ...]]:
        key = (pos, gi)
        if key in self.memo:
            return self.memo[key]
        self.tick()
        n = len(self.digits)
        found: list[tuple[int, ...]] = []
        if gi == len(groups):
            found = [()] if pos == n else []
        else:
            k, identity = groups[gi]
            rest = sum(size for size, _ in groups[gi + 1 :])
            ends = [n] if gi == len(groups) - 1 else range(pos + k, n - rest + 1)
            for end in ends:
                for values in self.group(pos, end, k, identity):
                    for tail in self.solve(end, gi + 1, groups):
                        found.append((*values, *tail))
                        if len(found) > self.limit:
                            break
                    if len(found) > self.limit:
                        break
                if len(found) > self.limit:
                    break
        self.memo[key] = found
        return found


def _groups(n: int, identities: Sequence[Identity]) -> list[tuple[int, bool]]:
    """The run's cells as consecutive groups: (size, whether the last cell sums the others)."""
    groups: list[tuple[int, bool]] = []
    at = 0
    for ident in sorted(identities, key=lambda i: i.total):
        start = min(ident.operands)
        if tuple(ident.operands) != tuple(range(start, ident.total)) or start < at:
            raise ValueError(f"{ident.rule}: identity cells are not a group closed by its total")
        if start > at:
            groups.append((start - at, False))
        groups.append((ident.total - start + 1, True))
        at = ident.total + 1
    if at < n:
        groups.append((n - at, False))
    return groups


_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_WIDEST = 15
"""A cell has at most this many digits (counts are below 10^15)."""


def split_run(
    tokens: Sequence[str], n: int, identities: Sequence[Identity] = (), *, budget: int = 200_000, limit: int = 24
) -> RunSplit:
    """Split digit tokens into ``n`` cells.

    Args:
        tokens: The run as published, cut at white space (``["500000", "5"]``);
            each token holds one cell or several, and no cell spans two tokens.
        n: How many cells the run holds.
        identities: Row identities over the cells' indices (see :func:`row_identities`).
        budget: The most search steps to take.
        limit: The most candidates to list.

    Returns:
        The candidates: splits without leading zeros that satisfy the identities.

    Raises:
        BudgetExceededError: when the budget is spent first.
        ValueError: when a token is not made of digits.
    """
    digits = "".join(tokens).translate(_DIGITS)
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a run of digits: {' '.join(tokens)!r}")
    cuts = set()
    at = 0
    for token in tokens[:-1]:
        at += len(token)
        cuts.add(at)
    next_cut = [len(digits)] * (len(digits) + 1)
    for a in range(len(digits) - 1, -1, -1):
        next_cut[a] = a + 1 if a + 1 in cuts else next_cut[a + 1]
    plain = _Splitter(digits, next_cut, budget, limit)
    every = plain.solve(0, 0, [(n, False)])
    if not identities or len(every) == 1:
        # One split only: the text leaves no choice, and identities never overrule it.
        return RunSplit(len(every), tuple(every), len(every) <= limit, ())
    checked = _Splitter(digits, next_cut, budget - plain.steps, limit)
    found = checked.solve(0, 0, _groups(n, identities))
    rules = tuple(dict.fromkeys(i.rule for i in identities)) if len(found) < len(every) else ()
    return RunSplit(len(every), tuple(found), len(found) <= limit, rules)


# ---------------------------------------------------------------- the search over rows


@attrs.frozen
class Resolution:
    """What the search decided.

    Attributes:
        values: Pointer → value for every cell the search could decide.
        rules: Pointer → the column rules the decision used.
        undecided: Pointer → the values the valid combinations give it
            (empty when none is valid).
        solutions: How many combinations satisfy every constraint (up to the limit).
        unbalanced: Column checks that already fail among the cells read
            (the search is then not run).
    """

    values: Mapping[str, int]
    rules: Mapping[str, tuple[str, ...]]
    undecided: Mapping[str, tuple[int, ...]]
    solutions: int
    unbalanced: tuple[LinearCheck, ...] = ()


@attrs.define
class _Active:
    """A column check that involves rows being chosen: its constant part and each row's contributions."""

    check: LinearCheck
    const: int
    contrib: dict[int, list[int]]


def _prepare(
    known: Mapping[str, int | None],
    rows: Sequence[tuple[tuple[str, ...], Sequence[tuple[int, ...]]]],
    checks_: Sequence[LinearCheck],
) -> tuple[list[_Active], list[LinearCheck]]:
    """The checks that constrain the rows, and those that already fail among the cells read."""
    owner = {p: (r, c) for r, (pointers, _) in enumerate(rows) for c, p in enumerate(pointers)}
    active: list[_Active] = []
    unbalanced = []
    for check in checks_:
        const = 0
        contrib: dict[int, list[int]] = {}
        for p, coef in check.terms:
            if p in owner:
                r, c = owner[p]
                cands = rows[r][1]
                old = contrib.get(r, [0] * len(cands))
                contrib[r] = [v + coef * cand[c] for v, cand in zip(old, cands, strict=True)]
                continue
            value = known.get(p)
            if value is None:
                break  # a cell not read: the check is not assessable and constrains nothing
            const += coef * value
        else:
            if contrib:
                active.append(_Active(check, const, contrib))
            elif const != 0:
                unbalanced.append(check)
    return active, unbalanced


def search(
    known: Mapping[str, int | None],
    rows: Sequence[tuple[tuple[str, ...], Sequence[tuple[int, ...]]]],
    *,
    checks_: Sequence[LinearCheck] = _COLUMN_CHECKS,
    budget: int = 200_000,
    limit: int = 24,
) -> Resolution:
    """Choose one candidate per row so that every column identity holds.

    Args:
        known: The cells read otherwise (``None``: not read).
        rows: For each row with several candidates: its cells' pointers and the candidates.
        checks_: The column identities.
        budget: The most search steps to take.
        limit: Stop after this many valid combinations (more is as undecided as two).

    Returns:
        The decision; a cell is decided when every valid combination gives it
        the same value.

    Raises:
        BudgetExceededError: when the budget is spent first.
    """
    active, unbalanced = _prepare(known, rows, checks_)
    if unbalanced:
        return Resolution({}, {}, {}, 0, tuple(unbalanced))
    order = sorted(range(len(rows)), key=lambda r: len(rows[r][1]))
    # For each check, the least and the most the rows after each depth can still add.
    lows = [[0] * (len(order) + 1) for _ in active]
    highs = [[0] * (len(order) + 1) for _ in active]
    for k, act in enumerate(active):
        for depth in range(len(order) - 1, -1, -1):
            values = act.contrib.get(order[depth], [0])
            lows[k][depth] = lows[k][depth + 1] + min(values)
            highs[k][depth] = highs[k][depth + 1] + max(values)
    sums = [act.const for act in active]
    choice = [0] * len(rows)
    solutions: list[tuple[int, ...]] = []
    steps = 0

    def descend(depth: int) -> None:
        nonlocal steps
        steps += 1
        if steps > budget:
            raise BudgetExceededError
        if depth == len(order):
            solutions.append(tuple(choice))
            return
        r = order[depth]
        for i in range(len(rows[r][1])):
            if len(solutions) > limit:
                return
            for k, act in enumerate(active):
                sums[k] += act.contrib[r][i] if r in act.contrib else 0
            if all(lows[k][depth + 1] <= -sums[k] <= highs[k][depth + 1] for k in range(len(active))):
                choice[r] = i
                descend(depth + 1)
            for k, act in enumerate(active):
                sums[k] -= act.contrib[r][i] if r in act.contrib else 0

    descend(0)
    return _decision(rows, active, solutions, limit)


def _decision(
    rows: Sequence[tuple[tuple[str, ...], Sequence[tuple[int, ...]]]],
    active: Sequence[_Active],
    solutions: Sequence[tuple[int, ...]],
    limit: int,
) -> Resolution:
    """Each cell decided when every valid combination (all of them found) gives it one value."""
    values: dict[str, int] = {}
    rules: dict[str, tuple[str, ...]] = {}
    undecided: dict[str, tuple[int, ...]] = {}
    complete = len(solutions) <= limit
    for r, (pointers, cands) in enumerate(rows):
        used = tuple(dict.fromkeys(act.check.rule for act in active if r in act.contrib))
        for c, p in enumerate(pointers):
            seen = tuple(sorted({cands[s[r]][c] for s in solutions}))
            if complete and len(seen) == 1:
                values[p] = seen[0]
                rules[p] = used
            else:
                undecided[p] = seen
    return Resolution(values, rules, undecided, len(solutions))


def row_pointers(path: Sequence[str], columns: Sequence[Code]) -> tuple[str, ...]:
    """The pointers of a row's cells."""
    return tuple(pointer((*path, c.key or "")) for c in columns)


# ---------------------------------------------------------------- reading the runs of a glued dump


@attrs.frozen
class GluedRun:
    """The value text of one row (or of all table 4) in a glued dump.

    Attributes:
        pointers: The cells it holds, in order.
        tokens: Its digit runs, as cut at white space in the text.
        label: The row's label, for messages.
        line: The 1-based line it stands on.
    """

    pointers: tuple[str, ...]
    tokens: tuple[str, ...]
    label: str
    line: int

    @property
    def where(self) -> str:
        """The pointer of the row (or table) that holds all the run's cells."""
        if len(self.pointers) == 1:
            return self.pointers[0]
        common = []
        for keys in zip(*(p.split("/") for p in self.pointers), strict=False):
            if len(set(keys)) > 1:
                break
            common.append(keys[0])
        return "/".join(common)


@attrs.frozen
class Inferred:
    """A cell read from a glued run.

    Attributes:
        pointer: The cell.
        value: Its value.
        raw: Its digits in the run.
        line: The line of the run.
        rules: The identities that chose the reading (empty when the run splits one way only).
    """

    pointer: str
    value: int
    raw: str
    line: int
    rules: tuple[str, ...]


_SHOWN = 12


def _show(reading: Sequence[int]) -> str:
    return " ".join(map(str, reading))


def _readings(candidates: Sequence[Sequence[int]], complete: bool) -> str:
    shown = " | ".join(_show(c) for c in candidates[:_SHOWN])
    if len(candidates) > _SHOWN or not complete:
        more = "more" if not complete else str(len(candidates))
        shown += f" | … ({more} in all)"
    return shown


def _raw_parts(tokens: Sequence[str], values: Sequence[int]) -> list[str]:
    """Each value's digits as published (full-width digits stay full-width)."""
    text = "".join(tokens)
    out, at = [], 0
    for value in values:
        width = len(str(value))
        out.append(text[at : at + width])
        at += width
    return out


@attrs.define
class _Resolver:
    budget: int
    known: Mapping[str, object]
    inferred: list[Inferred] = attrs.Factory(list)
    issues: list[ParseIssue] = attrs.Factory(list)
    plain: list[GluedRun] = attrs.Factory(list)
    pending: list[tuple[GluedRun, RunSplit]] = attrs.Factory(list)

    def error(self, run: GluedRun, code: str, message: str) -> None:
        message = f"{run.label}: {message}; the cells are left unread"
        self.issues.append(ParseIssue(IssueLevel.ERROR, code, message, run.line, run.where))

    def warn(self, run: GluedRun, reading: Sequence[int], why: str) -> None:
        message = f"{run.label}: {' '.join(run.tokens)!r} read as {_show(reading)}, {why}"
        self.issues.append(ParseIssue(IssueLevel.WARNING, "glued.inferred", message, run.line, run.where))

    def take(
        self, run: GluedRun, values: Mapping[str, int], rules: Mapping[str, tuple[str, ...]], reading: Sequence[int]
    ) -> None:
        raws = dict(zip(run.pointers, _raw_parts(run.tokens, reading), strict=True))
        for p in run.pointers:
            if p in values:
                self.inferred.append(Inferred(p, values[p], raws[p], run.line, rules[p]))

    def one(self, run: GluedRun) -> None:
        """Split one run; a run with several readings and column identities waits for the search."""
        n = len(run.pointers)
        text = " ".join(run.tokens)
        identities = row_identities(run.pointers)
        try:
            split = split_run(run.tokens, n, identities, budget=self.budget)
        except BudgetExceededError:
            self.error(run, "glued.budget", f"splitting {text!r} into {n} cells took more than {self.budget} steps")
            return
        except ValueError:
            self.error(run, "glued.not_digits", f"{text!r} is not a run of digits for {n} cells")
            return
        if not split.candidates:
            ids = ", ".join(dict.fromkeys(i.rule for i in identities))
            why = (
                f"no split of {text!r} into {n} cells satisfies {ids}"
                if split.all_splits
                else (f"{text!r} cannot be split into {n} cells without leading zeros")
            )
            self.error(run, "glued.no_reading", why)
            return
        if len(split.candidates) == 1 and split.complete:
            reading = split.candidates[0]
            self.take(
                run, dict(zip(run.pointers, reading, strict=True)), dict.fromkeys(run.pointers, split.rules), reading
            )
            if split.rules:
                self.warn(run, reading, f"the only split satisfying {', '.join(split.rules)}")
            else:
                self.plain.append(run)
            return
        if split.complete and set(run.pointers) <= _COLUMN_CELLS:
            self.pending.append((run, split))
            return
        agreed = {
            p: next(iter(values))
            for c, p in enumerate(run.pointers)
            if split.complete and len(values := {cand[c] for cand in split.candidates}) == 1
        }
        self.take(run, agreed, dict.fromkeys(run.pointers, split.rules), split.candidates[0])
        also = f", also under {', '.join(split.rules)}" if split.rules else ""
        readings = _readings(split.candidates, split.complete)
        self.error(run, "glued.ambiguous", f"{text!r} splits into {n} cells in several ways ({readings}){also}")

    def search(self) -> None:
        """The search over the table 3 rows that kept several readings."""
        values: dict[str, int | None] = {p: v if isinstance(v, int) else None for p, v in self.known.items()}
        values.update({cell.pointer: cell.value for cell in self.inferred})
        try:
            found = search(
                values, [(run.pointers, split.candidates) for run, split in self.pending], budget=self.budget
            )
        except BudgetExceededError:
            for run, split in self.pending:
                readings = _readings(split.candidates, True)
                why = f"the search over the table's identities took more than {self.budget} steps"
                self.error(run, "glued.budget", f"{' '.join(run.tokens)!r} has several readings ({readings}) and {why}")
            return
        for run, split in self.pending:
            self.decide(run, split, found)

    def decide(self, run: GluedRun, split: RunSplit, found: Resolution) -> None:
        text = " ".join(run.tokens)
        readings = _readings(split.candidates, True)
        if found.unbalanced:
            broken = ", ".join(f"{c.rule} [{c.scope}]" for c in found.unbalanced[:3])
            why = f"the identities cannot choose because the cells read already break {broken}"
            self.error(run, "glued.ambiguous", f"{text!r} has several readings ({readings}); {why}")
            return
        rules = {p: (*split.rules, *found.rules.get(p, ())) for p in run.pointers}
        decided = {p: found.values[p] for p in run.pointers if p in found.values}
        if decided:
            reading = next(
                c for c in split.candidates if all(c[i] == decided.get(p, c[i]) for i, p in enumerate(run.pointers))
            )
            self.take(run, decided, rules, reading)
            if len(decided) == len(run.pointers):
                used = ", ".join(dict.fromkeys(r for p in run.pointers for r in rules[p]))
                self.warn(run, reading, f"the only reading of {readings} satisfying {used}")
                return
        left = ", ".join(p.rsplit("/", 1)[1] for p in run.pointers if p in found.undecided)
        count = (
            "no combination satisfies"
            if not found.solutions
            else (f"{found.solutions if found.solutions <= _LIMIT else 'many'} combinations satisfy")
        )
        why = f"{count} the table's identities; undecided: {left}"
        self.error(run, "glued.ambiguous", f"{text!r} has several readings ({readings}) and {why}")


_LIMIT = 24
_COLUMN_CELLS = frozenset(p for check in _COLUMN_CHECKS for p, _ in check.terms)


def resolve(
    runs: Sequence[GluedRun], known: Mapping[str, object], *, budget: int = 200_000
) -> tuple[list[Inferred], list[ParseIssue]]:
    """Split every glued run into its cells, with the row and column identities as constraints.

    Args:
        runs: The runs the reader could not place token by token.
        known: The cells read otherwise (pointer → value; ``None`` when not read).
        budget: The most search steps for each run and for the search over rows.

    Returns:
        The cells read, and the issues: a warning for each run read with the
        help of identities (naming them), one for the runs that split one way
        only, and an error for each run whose cells stay ``None``.
    """
    resolver = _Resolver(budget, known)
    for run in runs:
        resolver.one(run)
    if resolver.plain:
        first = resolver.plain[0]
        listed = ", ".join(f"{run.label} ({' '.join(run.tokens)})" for run in resolver.plain[:3])
        message = (
            f"{len(resolver.plain)} rows of glued digits split at the only places without leading zeros: {listed}"
            + (" …" if len(resolver.plain) > 3 else "")
        )
        resolver.issues.append(ParseIssue(IssueLevel.WARNING, "glued.split", message, first.line))
    if resolver.pending:
        resolver.search()
    return resolver.inferred, resolver.issues
