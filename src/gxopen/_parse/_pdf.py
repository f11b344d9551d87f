"""Read a report from a PDF with a text layer, using the page geometry.

PDFium (through pypdfium2) gives each character with its box and each drawn
path. The ruling lines of a table (stroked segments, or the thin filled
rectangles some printers draw instead) are merged into horizontal and
vertical lines; the lines that touch each other form a table; their positions
cut the table into a grid of slots, and slots not separated by a line belong
to one cell, so merged cells come out with their row and column spans. Each
character goes to the cell its centre lies in, so a wrapped label, a vertical
group label and a number each stay in their own cell. Text outside the
tables becomes lines, wrapped paragraphs are joined, page numbers dropped.
Table rows and text lines go, in reading order, to the engine that reads
text and HTML.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import itertools
import re
from collections.abc import Sequence
from typing import Any

import attrs

from gxopen._codes import TABLE4_GROUPS, Edition, normalize_label, table2, table3_rows
from gxopen._parse._engine import build
from gxopen._parse._grid import grid_line, join_wrapped
from gxopen._parse._result import CellSources, ParseResult
from gxopen._parse._tokens import Line, PieceKind, classify
from gxopen.exceptions import ParseError, UnsupportedDocumentError

__all__ = ["parse_pdf"]

Box = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in points from the page's top-left corner."""

_SNAP = 1.5
"""Lines this close (points) are one line; a table's borders are drawn once per cell."""
_JOIN = 2.5
"""Collinear segments with a gap this small are one line."""
_THIN = 2.5
"""A filled rectangle this thin is a ruling line."""


@attrs.define(slots=True)
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    base: float  # the baseline: characters of one line share it, whatever their glyphs' heights
    ox: float  # the pen position on the baseline, which orders a line

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@attrs.define(slots=True)
class _Segment:
    at: float  # y of a horizontal line, x of a vertical one
    start: float
    end: float


@attrs.define(slots=True)
class _Cell:
    row: int
    col: int
    rows: int
    cols: int
    box: Box
    chars: list[_Char] = attrs.Factory(list)
    text: str = ""
    continued: bool = False  # the empty rest of a merged cell from the previous page: not read again


@attrs.define
class _Table:
    xs: list[float]
    ys: list[float]
    owner: list[list[int]]  # slot row → slot column → index into cells
    cells: list[_Cell]
    index: int = 0  # the table's number in the document; a table's fragments on following pages share it
    columns: list[int] = attrs.Factory(list)  # column line → column of the whole table (all its fragments)
    offset: int = 0  # grid rows of the table on earlier pages
    skip: int = 0  # rows already read: a repeated header, or the rest of a row broken by the page

    @property
    def box(self) -> Box:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def holds(self, char: _Char) -> bool:
        return self.xs[0] - 1 <= char.cx <= self.xs[-1] + 1 and self.ys[0] - 1 <= char.cy <= self.ys[-1] + 1

    def add(self, char: _Char) -> None:
        j = min(max(bisect.bisect_right(self.xs, char.cx) - 1, 0), len(self.xs) - 2)
        i = min(max(bisect.bisect_right(self.ys, char.cy) - 1, 0), len(self.ys) - 2)
        self.cells[self.owner[i][j]].chars.append(char)


# ---------------------------------------------------------------- reading a page


def _chars(textpage: Any, height: float) -> list[_Char]:
    """The page's characters with their boxes; white space and characters PDFium made up are left out."""
    import pypdfium2.raw as pdfium_c  # noqa: PLC0415 - optional dependency

    n = pdfium_c.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    # All the text in one call: PDFium's own spaces and line breaks are white space, which is skipped.
    units = (ctypes.c_ushort * (n + 1))()
    pdfium_c.FPDFText_GetText(textpage, 0, n, ctypes.cast(units, ctypes.POINTER(ctypes.c_ushort)))
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)  # made once: passing the structure itself costs a conversion per call
    ox, oy = ctypes.c_double(), ctypes.c_double()
    oref, yref = ctypes.byref(ox), ctypes.byref(oy)
    box = pdfium_c.FPDFText_GetLooseCharBox
    origin = pdfium_c.FPDFText_GetCharOrigin
    font_size = pdfium_c.FPDFText_GetFontSize
    out = []
    for i, code in enumerate(units[:n]):
        if code <= 32 or code in _SKIP_CODES:
            continue
        if 0xD800 <= code < 0xE000:
            code = pdfium_c.FPDFText_GetUnicode(textpage, i)  # outside the BMP  # noqa: PLW2901
        text = chr(code)
        if not text.isprintable() or not box(textpage, i, ref):
            continue
        origin(textpage, i, oref, yref)
        top, bottom = height - rect.top, height - rect.bottom
        out.append(_Char(text, rect.left, top, rect.right, bottom, font_size(textpage, i), height - oy.value, ox.value))
    return out


_SKIP_CODES = frozenset({0xA0, 0x3000, 0xFFFE, 0xFFFF, 0xFEFF, 0x200B})


def _paths(page: Any, height: float) -> tuple[list[_Segment], list[_Segment], int]:
    """The page's horizontal and vertical ruling lines, and how many images it holds."""
    import pypdfium2.raw as pdfium_c  # noqa: PLC0415 - optional dependency

    horizontal: list[_Segment] = []
    vertical: list[_Segment] = []
    images = 0
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    raw = page.raw
    path_kind, image_kind = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE
    get_object, get_type = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType
    for k in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = get_object(raw, k)
        kind = get_type(obj)
        if kind == image_kind:
            images += 1
            continue
        if kind != path_kind:
            continue
        pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
        stroked = bool(stroke.value)
        if not stroked and not fill.value:
            continue
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        x0, x1, y0, y1 = left.value, right.value, height - top.value, height - bottom.value
        w, h = x1 - x0, y1 - y0
        if w > _THIN and h > _THIN and not stroked:
            continue  # a filled area, not a line
        if stroked:
            pdfium_c.FPDFPageObj_GetStrokeColor(obj, r, g, b, a)
        else:
            pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a)
        if a.value == 0 or min(r.value, g.value, b.value) >= 250:
            continue  # invisible or white: not a line anyone sees
        if h <= _THIN and w > h:
            horizontal.append(_Segment((y0 + y1) / 2, x0, x1))
        elif w <= _THIN and h > w:
            vertical.append(_Segment((x0 + x1) / 2, y0, y1))
        elif stroked:
            _outline(pdfium_c, obj, height, horizontal, vertical)
    return horizontal, vertical, images


def _outline(pdfium_c: Any, obj: Any, height: float, horizontal: list[_Segment], vertical: list[_Segment]) -> None:
    """The straight horizontal and vertical segments of a stroked path (a rectangle, a polyline)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
    ma, mb, mc, md, me, mf = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    for s in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, s)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = (ma * x.value + mc * y.value + me, height - (mb * x.value + md * y.value + mf))
        if kind != pdfium_c.FPDF_SEGMENT_LINETO or not subpaths:
            subpaths.append([point])  # a move, or a curve (never a ruling line): a new polyline
            closed.append(False)
        else:
            subpaths[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            closed[-1] = True
    for points, is_closed in zip(subpaths, closed, strict=True):
        _stroke_lines(points, is_closed, horizontal, vertical)


def _stroke_lines(
    points: list[tuple[float, float]], is_closed: bool, horizontal: list[_Segment], vertical: list[_Segment]
) -> None:
    if is_closed and len(points) > 2:
        points = [*points, points[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if abs(y1 - y0) <= 0.5 and abs(x1 - x0) > 0.5:
            horizontal.append(_Segment((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) > 0.5:
            vertical.append(_Segment((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _merge(segments: list[_Segment]) -> list[_Segment]:
    """Snap lines at nearly the same position together and join collinear pieces."""
    segments.sort(key=lambda s: s.at)
    rows: list[list[_Segment]] = []
    for seg in segments:
        if rows and seg.at - rows[-1][0].at <= _SNAP:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    out: list[_Segment] = []
    for row in rows:
        at = sum(s.at for s in row) / len(row)
        row.sort(key=lambda s: s.start)
        current = _Segment(at, row[0].start, row[0].end)
        for seg in row[1:]:
            if seg.start <= current.end + _JOIN:
                current.end = max(current.end, seg.end)
            else:
                out.append(current)
                current = _Segment(at, seg.start, seg.end)
        out.append(current)
    return out


# ---------------------------------------------------------------- tables from lines


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], i: int, j: int) -> None:
    a, b = _find(parent, i), _find(parent, j)
    if a != b:
        parent[max(a, b)] = min(a, b)


def _crosses(h: _Segment, v: _Segment) -> bool:
    return h.start - _JOIN <= v.at <= h.end + _JOIN and v.start - _JOIN <= h.at <= v.end + _JOIN


def _tables(horizontal: list[_Segment], vertical: list[_Segment]) -> list[_Table]:
    """Group touching lines into tables and cut each into its cells."""
    hs, vs = _merge(horizontal), _merge(vertical)
    n = len(hs)
    parent = list(range(n + len(vs)))
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _crosses(h, v):
                _union(parent, i, n + j)
    groups: dict[int, tuple[list[_Segment], list[_Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(_find(parent, i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(_find(parent, n + j), ([], []))[1].append(v)
    tables = []
    for group_h, group_v in groups.values():
        if len(group_h) >= 2 and len(group_v) >= 2:
            tables.append(_grid(group_h, group_v))
    tables.sort(key=lambda t: (t.ys[0], t.xs[0]))
    return tables


def _positions(values: list[float]) -> list[float]:
    values = sorted(values)
    out: list[float] = []
    for v in values:
        if out and v - out[-1] <= _SNAP:
            continue
        out.append(v)
    return out


def _covers(segments: list[_Segment], at: float, point: float) -> bool:
    return any(abs(s.at - at) <= _SNAP and s.start - _JOIN <= point <= s.end + _JOIN for s in segments)


def _grid(hs: list[_Segment], vs: list[_Segment]) -> _Table:
    """Cut a table into slots by its lines; slots with no line between them are one cell."""
    # A table's outer edge may be missing where it breaks across pages: the other lines' ends stand for it.
    xs = _positions([*(v.at for v in vs), min(h.start for h in hs), max(h.end for h in hs)])
    ys = _positions([*(h.at for h in hs), min(v.start for v in vs), max(v.end for v in vs)])
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))
    for i in range(rows):
        mid_y = (ys[i] + ys[i + 1]) / 2
        for j in range(cols):
            mid_x = (xs[j] + xs[j + 1]) / 2
            if j + 1 < cols and not _covers(vs, xs[j + 1], mid_y):
                _union(parent, i * cols + j, i * cols + j + 1)
            if i + 1 < rows and not _covers(hs, ys[i + 1], mid_x):
                _union(parent, i * cols + j, (i + 1) * cols + j)
    spans: dict[int, list[int]] = {}
    for i in range(rows):
        for j in range(cols):
            root = _find(parent, i * cols + j)
            span = spans.get(root)
            if span is None:
                spans[root] = [i, j, i, j]
            else:
                span[0], span[1] = min(span[0], i), min(span[1], j)
                span[2], span[3] = max(span[2], i), max(span[3], j)
    cells: list[_Cell] = []
    index: dict[int, int] = {}
    for root, (i0, j0, i1, j1) in sorted(spans.items(), key=lambda kv: (kv[1][0], kv[1][1])):
        index[root] = len(cells)
        box = (xs[j0], ys[i0], xs[j1 + 1], ys[i1 + 1])
        cells.append(_Cell(i0, j0, i1 - i0 + 1, j1 - j0 + 1, box))
    owner = [[index[_find(parent, i * cols + j)] for j in range(cols)] for i in range(rows)]
    return _Table(xs, ys, owner, cells)


# ---------------------------------------------------------------- text from characters


def _lines_of(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines by their baselines, top to bottom, each in pen order.

    Baselines, not boxes: a full stop's or a dash's glyph box is a sliver
    that would not overlap its neighbours' boxes.
    """
    chars = sorted(chars, key=lambda c: (c.base, c.ox))
    lines: list[list[_Char]] = []
    base = tolerance = 0.0
    for char in chars:
        if lines and char.base - base <= tolerance:
            lines[-1].append(char)
        else:
            lines.append([char])
            base, tolerance = char.base, max(char.size, 1.0) * 0.4
    for line in lines:
        line.sort(key=lambda c: c.ox)
    return lines


def _wide(text: str) -> bool:
    return text >= "\u2e80"


def _line_text(line: list[_Char]) -> str:
    """A line's characters; a gap becomes a space (between Latin letters or digits, or a wide gap)."""
    out = [line[0].text]
    for prev, char in itertools.pairwise(line):
        gap = char.x0 - prev.x1
        size = max(min(prev.size, char.size), 1.0)
        wide = _wide(prev.text) or _wide(char.text)
        if gap > size * (0.9 if wide else 0.2):
            out.append(" ")
        out.append(char.text)
    return "".join(out)


def _cell_text(chars: list[_Char]) -> str:
    return join_wrapped(_line_text(line) for line in _lines_of(chars)) if chars else ""


_PAGE_NUMBER = re.compile(r"[-—–－―\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:[/／]|共)\s*\d{1,4}\s*页?)?[-—–－―\s]*")
_SENTENCE_END = tuple("。！？；：!?;:")


@attrs.define
class _TextLine:
    text: str
    x0: float
    x1: float
    top: float
    size: float


@attrs.define
class _Page:
    number: int
    items: list[tuple[float, _TextLine | _Table]]


def _free_lines(chars: list[_Char]) -> list[_TextLine]:
    out = []
    for line in _lines_of(chars):
        size = max(c.size for c in line)
        out.append(_TextLine(_line_text(line), line[0].x0, line[-1].x1, min(c.top for c in line), size))
    return out


def _read_page(pdf: Any, number: int) -> tuple[_Page, int, int]:
    """A page's tables and text lines in reading order; the page's character and image counts."""
    page = pdf[number]
    try:
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            chars = list(_chars(textpage.raw, height))
        finally:
            textpage.close()
        horizontal, vertical, images = _paths(page, height)
    finally:
        page.close()
    tables = _tables(horizontal, vertical)
    free: list[_Char] = []
    for char in chars:
        for table in tables:
            if table.holds(char):
                table.add(char)
                break
        else:
            free.append(char)
    for table in tables:
        table.columns = list(range(len(table.xs)))
        for cell in table.cells:
            cell.text = _cell_text(cell.chars)
    items: list[tuple[float, _TextLine | _Table]] = [(line.top, line) for line in _free_lines(free)]
    items += [(table.ys[0], table) for table in tables]
    items.sort(key=lambda item: item[0])
    return _Page(number + 1, items), len(chars), images


def _drop_page_numbers(page: _Page) -> None:
    """Drop a page number standing alone as the first or last line of a page."""
    for at in (-1, 0):
        if page.items and isinstance(item := page.items[at][1], _TextLine) and _PAGE_NUMBER.fullmatch(item.text):
            del page.items[at]


# ---------------------------------------------------------------- the document


def _row_cells(table: _Table, i: int) -> list[_Cell]:
    """The cells covering slot row ``i``, left to right, each once."""
    seen: list[_Cell] = []
    for k in table.owner[i]:
        cell = table.cells[k]
        if not seen or seen[-1] is not cell:
            seen.append(cell)
    return seen


def _same_columns(a: list[_Cell], b: list[_Cell]) -> bool:
    return len(a) == len(b) and all(
        abs(x.box[0] - y.box[0]) <= _SNAP and abs(x.box[2] - y.box[2]) <= _SNAP for x, y in zip(a, b, strict=True)
    )


def _column(xs: list[float], x: float) -> int:
    """The index of the column line at ``x`` among ``xs`` (which holds it)."""
    i = bisect.bisect_left(xs, x - _SNAP)
    return min(i, len(xs) - 1)


_NUMBERED = re.compile(
    r"\s*(?:\d{1,2}\s*[.．、]|[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}\s*[、.．])"
)
"""An item's number at the start of a cell (``4.``, ``（六）``, ``四、``): the start of a row, not the rest of one."""


@functools.cache
def _row_labels() -> frozenset[str]:
    """Every row label of both editions' tables, folded: a cell holding one is a whole row's label."""
    codes = [*TABLE4_GROUPS]
    for edition in Edition:
        codes.append(table2(edition))
        codes.extend(table3_rows(edition))
    return frozenset(normalize_label(label) for top in codes for code in top.walk() for label in code.labels)


def _broken(before: list[_Cell], after: list[_Cell]) -> bool:
    """Whether ``after``, a page's first row, is the rest of ``before``, the previous page's last row.

    It is when both have the same columns, ``after`` holds text but no
    number, its text does not begin a numbered item (``4.``, ``（六）``), and
    the cells it would extend do not already hold a whole row label.
    """
    if not _same_columns(before, after) or not any(c.text for c in after):
        return False
    if any(classify(c.text, 0).kind not in (PieceKind.TEXT, PieceKind.EMPTY) for c in after):
        return False
    if any(_NUMBERED.match(c.text) for c in after if c.text):
        return False
    labels = _row_labels()
    return not any(normalize_label(b.text) in labels for b, a in zip(before, after, strict=True) if a.text)


def _continues(previous: _Table, table: _Table) -> bool:
    """Whether ``table``, which starts a page, continues ``previous``, which ended the last: same outer edges."""
    return abs(previous.xs[0] - table.xs[0]) <= _SNAP and abs(previous.xs[-1] - table.xs[-1]) <= _SNAP


def _stitch(fragments: list[_Table]) -> None:
    """Make a table's fragments on consecutive pages one table.

    Columns are numbered by the column lines of all fragments together. On
    each following page, a header repeated from the table's first rows is
    skipped, and a row broken by the page break (the page's first row holds
    no number and has the previous last row's columns) is appended to that
    row, cell by cell.
    """
    xs = _positions([x for f in fragments for x in f.xs])
    for f in fragments:
        f.index = fragments[0].index
        f.columns = [_column(xs, x) for x in f.xs]
    first = fragments[0]
    for previous, table in itertools.pairwise(fragments):
        n_rows = len(table.ys) - 1
        start = 0
        while start < n_rows - 1 and start < len(first.ys) - 1:
            if [c.text for c in _row_cells(table, start)] != [c.text for c in _row_cells(first, start)]:
                break
            start += 1
        before, after = _row_cells(previous, len(previous.ys) - 2), _row_cells(table, start)
        if _broken(before, after):
            for b, a in zip(before, after, strict=True):
                b.text = join_wrapped([b.text, a.text])
                a.text = ""
            start += 1
        else:
            # An empty box spanning rows on top of the page, under a cell of the previous page's last row,
            # is the rest of a merged cell (a group label), not a cell; a blank value spans one row.
            for b, a in zip(before, after, strict=False):
                if not a.text and a.row == start and a.rows > 1 and _same_columns([b], [a]):
                    a.continued = True
        table.skip = start
        table.offset = previous.offset + (len(previous.ys) - 1) - start


@attrs.define
class _Builder:
    lines: list[Line] = attrs.Factory(list)
    places: dict[tuple[int, int, int], tuple[int, Box]] = attrs.Factory(dict)
    pending: _TextLine | None = None
    left: float = 0.0
    right: float = 0.0

    def text(self, line: _TextLine) -> None:
        previous = self.pending
        if previous is not None and self._continues(previous, line):
            previous.text = join_wrapped([previous.text, line.text])
            previous.x1 = line.x1
            return
        self.flush()
        self.pending = line

    def _continues(self, previous: _TextLine, line: _TextLine) -> bool:
        """Whether ``line`` continues a paragraph that ``previous`` filled to the right margin."""
        size = max(previous.size, 1.0)
        return (
            abs(previous.size - line.size) < 0.5
            and previous.x0 <= self.left + 2.5 * size
            and previous.x1 >= self.right - 2.5 * size
            and line.x0 <= self.left + 0.9 * size
            and not previous.text.endswith(_SENTENCE_END)
        )

    def flush(self) -> None:
        if self.pending is not None:
            self.lines.append(Line(self.pending.text, len(self.lines) + 1))
            self.pending = None

    def table(self, table: _Table, page: int) -> None:
        self.flush()
        for i in range(table.skip, len(table.ys) - 1):
            cells = [c for c in _row_cells(table, i) if c.row == i and not c.continued]
            if not any(c.text for c in cells):
                continue
            row = table.offset + i
            spots = [(row, table.columns[c.col], c.text) for c in cells]
            for c in cells:
                self.places[(table.index, row, table.columns[c.col])] = (page, c.box)
            line = grid_line(spots, len(self.lines) + 1, table.index)
            if line is not None:
                self.lines.append(line)


def _margins(pages: Sequence[_Page]) -> tuple[float, float]:
    """The left and right edges of the body text: where most lines start and end."""
    starts = sorted(round(i.x0) for p in pages for _, i in p.items if isinstance(i, _TextLine))
    ends = sorted(round(i.x1) for p in pages for _, i in p.items if isinstance(i, _TextLine))
    if not starts:
        return 0.0, 0.0
    return float(starts[len(starts) // 10]), float(ends[len(ends) * 9 // 10])


def _open(data: bytes, source: str | None) -> Any:
    try:
        import pypdfium2 as pdfium  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('parse_pdf needs pypdfium2: pip install "gxopen[pdf]"') from None
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc).rpartition("PDFium:")[2].strip(" ().") or str(exc)
        if "password" in reason.lower():
            raise UnsupportedDocumentError(
                "an encrypted PDF that needs a password to open; open it with the password and print it"
                " to a new PDF (or remove the password with qpdf --decrypt), then parse that",
                source,
                kind="pdf-encrypted",
            ) from None
        raise UnsupportedDocumentError(
            f"a damaged PDF that cannot be opened ({reason}); download it again, or repair it (qpdf, or print it"
            " to a new PDF), then parse that",
            source,
            kind="pdf-damaged",
        ) from None


def _group_tables(pages: Sequence[_Page]) -> None:
    """Number the tables; a table continuing the one that ended the last page shares its number.

    A table continues another when it starts a page, the other ended the
    previous one, and their outer edges are the same (see :func:`_stitch`).
    """
    groups: list[list[_Table]] = []
    last: _Table | None = None
    for page in pages:
        for k, (_, item) in enumerate(page.items):
            if isinstance(item, _Table):
                if k == 0 and last is not None and _continues(last, item):
                    groups[-1].append(item)
                else:
                    item.index = len(groups)
                    groups.append([item])
            last = item if isinstance(item, _Table) and k == len(page.items) - 1 else None
    for group in groups:
        _stitch(group)


def _read_pages(pdf: Any, source: str | None) -> list[_Page]:
    """Every page's tables and lines; a PDF with no text at all is refused, saying why."""
    try:
        pages = []
        n_chars = n_images = 0
        for number in range(len(pdf)):
            page, chars, images = _read_page(pdf, number)
            pages.append(page)
            n_chars += chars
            n_images += images
    finally:
        pdf.close()
    if n_chars == 0:
        if n_images:
            raise UnsupportedDocumentError(
                f"a scanned PDF: {len(pages)} page(s) of images and no text layer; run OCR on it"
                " (for example ocrmypdf -l chi_sim) and parse the result",
                source,
                kind="pdf-scanned",
            )
        raise UnsupportedDocumentError("a PDF with no text on any page", source, kind="pdf-empty")
    return pages


def parse_pdf(
    data: bytes, *, source: str | None = None, year: int | None = None, agency: str | None = None
) -> ParseResult:
    """Read a report from a PDF with a text layer.

    The tables are read from the page geometry: the ruling lines give the grid
    (merged cells included) and each character goes to the cell it lies in,
    so wrapped labels, vertical group labels and numbers stay in their cells.
    Text outside the tables is read line by line; paragraphs wrapped over
    lines are joined and page numbers dropped. Then the engine of
    :func:`gxopen.parse_text` reads the report, with every rule it applies.
    Each cell's provenance names its page, table, grid row and column, and
    its box on the page (points from the top-left corner).

    Needs the ``pdf`` extra (``pip install "gxopen[pdf]"``: pypdfium2).

    Args:
        data: The PDF file's bytes.
        source: A file name for messages (a name holding the agency and year
            helps when the document does not say them).
        year: The report's year, when the document does not say it.
        agency: The publishing agency, likewise.

    Raises:
        UnsupportedDocumentError: for a scanned PDF (no text layer), a PDF
            that needs a password, or a damaged one; the message says what to do.
        ParseError: when the text holds no report, no report year, or the 2019
            edition (not supported yet).
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ParseError(f"parse_pdf takes bytes, not {type(data).__name__}", source)
    data = bytes(data)
    if b"%PDF-" not in data[:1024]:
        raise UnsupportedDocumentError(
            "not a PDF (no %PDF- header); use gxopen.parse, which detects the format", source, kind="not-pdf"
        )
    pages = _read_pages(_open(data, source), source)
    for page in pages:
        _drop_page_numbers(page)
    builder = _Builder()
    builder.left, builder.right = _margins(pages)
    _group_tables(pages)
    for page in pages:
        for _, item in page.items:
            if isinstance(item, _Table):
                builder.table(item, page.number)
            else:
                builder.text(item)
    builder.flush()
    result = build(builder.lines, source=source, year=year, agency=agency)
    assert isinstance(result.cells, CellSources)
    return attrs.evolve(result, cells=result.cells.placed(builder.places))
