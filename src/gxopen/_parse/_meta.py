"""Front matter: the part headings, the title (agency and year), the edition.

None of this stops parsing: what cannot be found is reported, and the tables
are read all the same.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence

import attrs

from gxopen._codes import _TRADITIONAL, EDITION_MARKS, PARTS, Edition, normalize_label
from gxopen._parse._tokens import Line, PieceKind

__all__ = ["Meta", "edition_marks", "find_headings", "find_meta"]

# ---------------------------------------------------------------- headings

_NUMERALS = "一二三四五六"
_HEADING_START = re.compile(r"([一二三四五六])[.、．]?")
_LEAD = " #*\t\u3000\xa0|│>"
_OFFICIAL_HEADINGS = {n: {normalize_label(label) for label in code.labels} for n, code in enumerate(PARTS, start=1)}
_TITLES = {
    n: {normalize_label(label)[2:] for label in code.labels} for n, code in enumerate(PARTS, start=1)
}  # without "一."
_HEADING_LIMIT = 40


def _heading_text(line: Line) -> str | None:
    """The folded text of a line that may be a heading: one short text piece starting with a numeral."""
    lead = line.text.lstrip(_LEAD)[:1]
    if not lead or lead not in _NUMERALS:
        return None
    pieces = line.pieces
    if not pieces:
        return None
    texts = [p for p in pieces if p.kind is PieceKind.TEXT]
    if len(texts) != 1 or any(p.kind is PieceKind.NUMBER for p in pieces):
        return None
    norm = texts[0].norm.lstrip("#")
    if not norm or norm[0] not in _NUMERALS or len(norm) > _HEADING_LIMIT or "。" in texts[0].raw:
        return None
    return norm


def heading_part(line: Line) -> tuple[int, bool] | None:
    """The part (1–6) whose heading this line is, and whether its wording is the official one.

    A heading is matched by its number and key words; or, whatever its
    number, by the official wording after the number (a report whose
    narrative uses 一、二、三… for its own topics and then numbers the tables'
    parts anew: ``一、主动公开政府信息情况``).
    """
    norm = _heading_text(line)
    if norm is None:
        return None
    match = _HEADING_START.match(norm)
    if not match:
        return None
    rest = norm[match.end() :]
    for part, titles in _TITLES.items():
        if rest in titles:
            return part, norm in _OFFICIAL_HEADINGS[part]
    part = _NUMERALS.index(match.group(1)) + 1
    if any(word in rest for word in PARTS[part - 1].keywords):
        return part, False
    return None


def find_headings(lines: Sequence[Line]) -> dict[int, int]:
    """Part number → index of its heading line; parts must appear in order.

    An official heading (or the official wording under another number) wins
    over an earlier paraphrase of it (a narrative sub-heading such as
    ``二、主动公开情况`` inside part 一 is not part 二).
    """
    candidates = [(i, *found) for i, line in enumerate(lines) if (found := heading_part(line)) is not None]
    found_at: dict[int, int] = {}
    start = 0
    for part in range(1, 7):
        mine = [(i, official) for i, p, official in candidates if i >= start and p == part]
        if not mine:
            continue
        official = [i for i, o in mine if o or _worded(lines[i], part)]
        nxt = [i for i, p, _ in candidates if i >= start and p > part]
        # Take the first official heading unless a later part's heading comes before it.
        pick = official[0] if official and (not nxt or official[0] < min(nxt)) else mine[0][0]
        found_at[part] = pick
        start = pick + 1
    return found_at


def _worded(line: Line, part: int) -> bool:
    norm = _heading_text(line)
    return norm is not None and norm[2:] in _TITLES[part]


def heading_is_official(line: Line, part: int) -> bool:
    """Whether a heading line is the official heading of ``part`` (or a known variant), number included."""
    norm = "".join(p.norm for p in line.pieces).lstrip("#")
    return norm in _OFFICIAL_HEADINGS[part]


# ---------------------------------------------------------------- title, agency, year

_TITLE = re.compile(r"([1-9]\d{3})年度?(?:政府)?信息公开(?:工作)?年度?报告")
_YEAR_FIRST = re.compile(r"([1-9]\d{3})年度?(.{2,40}?)(?:政府)?信息公开(?:工作)?年度?报告")
_QUOTED_TITLE = re.compile(r"《([^《》]{2,60}?)([1-9]\d{3})年度?(?:政府)?信息公开(?:工作)?年度?报告》")
_PERIOD = re.compile(
    r"(?:统计(?:时间|期限|周期|区间)|时间为|期限为)[^0-9]{0,6}([1-9]\d{3})年0?1月0?1日(?:起)?(?:至|到|-|—|~)(?:([1-9]\d{3})年)?12月31日"
)
_SHORT_PERIOD = re.compile(r"(?:统计(?:时间|期限|周期)[为是]?|时间为)([1-9]\d{3})年")
_TITLE_LINES = 3
_WHITE = re.compile(r"\s+")


@attrs.define
class Meta:
    """What the front matter says; a field is None (or empty) when it was not found."""

    agency: str = ""
    year: int | None = None
    title: str | None = None
    title_lines: set[int] = attrs.Factory(set)
    year_from: str | None = None
    agency_from: str | None = None


def _squeeze(text: str) -> str:
    return _WHITE.sub("", text).lstrip("#")


def _title_in(lines: Sequence[Line], limit: int, meta: Meta) -> bool:
    """A title line (or a title wrapped over up to three lines) in the first lines."""
    for k in range(1, _TITLE_LINES + 1):
        for i in range(min(limit, len(lines))):
            chunk = lines[i : i + k]
            if len(chunk) < k or not all(line.text.strip() for line in chunk):
                continue
            text = "".join(_squeeze(line.text) for line in chunk)
            if len(text) > 120 or "。" in text or "，" in text:
                continue
            match = _TITLE.search(text)
            if match is not None:
                agency = text[: match.start()].strip(" ：:")
            else:
                match = _YEAR_FIRST.search(text)
                if match is None:
                    continue
                agency, text = match.group(2).strip(" ：:"), text[match.start() :]
            meta.year, meta.year_from = int(match.group(1)), "title"
            meta.title_lines.update(range(i, i + k))
            if agency:
                meta.agency, meta.agency_from, meta.title = agency, "title", text
            elif i > 0 and lines[i - 1].text.strip() and len(lines[i - 1].text.strip()) <= 60:
                meta.agency, meta.agency_from = _squeeze(lines[i - 1].text), "title"
                meta.title = meta.agency + text
                meta.title_lines.add(i - 1)
            else:
                meta.title = text
            return True
    return False


def _from_titles(extra: Iterable[str], meta: Meta) -> bool:
    for text in extra:
        match = _TITLE.search(text)
        if match:
            meta.year, meta.year_from = int(match.group(1)), "title"
            agency = text[: match.start()].strip()
            if agency:
                meta.agency, meta.agency_from = agency, "title"
            meta.title = text.strip()
            return True
    return False


def _from_source(source: str | None, meta: Meta) -> None:
    """Agency and year from a file name such as ``某某局2024年政府信息公开工作年度报告.txt``."""
    if not source:
        return
    name = os.path.splitext(os.path.basename(source))[0]
    match = _TITLE.search(_squeeze(name))
    if match is None:
        return
    if meta.year is None:
        meta.year, meta.year_from = int(match.group(1)), "file name"
    agency = _squeeze(name)[: match.start()].strip(" -_")
    if not meta.agency and agency:
        meta.agency, meta.agency_from = agency, "file name"


def find_meta(lines: Sequence[Line], limit: int, extra_titles: Iterable[str], source: str | None) -> Meta:
    """Agency, year and title.

    From the title (also wrapped over lines, also year first), else the
    introduction's 《…年度报告》, the period sentence (统计期限为2024年1月1日至
    12月31日) and the file name.
    """
    meta = Meta()
    if (_title_in(lines, limit, meta) or _from_titles(extra_titles, meta)) and meta.agency:
        return meta
    front = "".join(_squeeze(line.text) for line in lines[:limit])
    quoted = _QUOTED_TITLE.search(front)
    if quoted:
        if not meta.agency:
            meta.agency, meta.agency_from = quoted.group(1), "introduction"
        if meta.year is None:
            meta.year, meta.year_from = int(quoted.group(2)), "introduction"
            meta.title = quoted.group(0).strip("《》")
    if meta.year is None:
        period = _PERIOD.search(front) or _SHORT_PERIOD.search(front)
        if period:
            meta.year, meta.year_from = int(period.group(1)), "period"
    _from_source(source, meta)
    return meta


# ---------------------------------------------------------------- edition

_SIMPLE_TO_TRADITIONAL = {simple: t for t, simple in _TRADITIONAL.items()}


def _forms(marks: Sequence[str]) -> tuple[str, ...]:
    """Each mark in Simplified and in Traditional script."""
    return tuple({form for mark in marks for form in (mark, "".join(_SIMPLE_TO_TRADITIONAL.get(c, c) for c in mark))})


_FORMS_2019 = _forms(EDITION_MARKS[Edition.E2019])
_FORMS_2021 = _forms(EDITION_MARKS[Edition.E2021])
_MARKS = re.compile("|".join(map(re.escape, sorted({*_FORMS_2019, *_FORMS_2021}, key=len, reverse=True))))


def edition_marks(lines: Sequence[Line]) -> tuple[int, int]:
    """How many labels of the 2019 and of the 2021 edition the text holds.

    Only short lines are searched (labels sit in table cells, not in long
    paragraphs); white space is ignored, so a header split over lines counts.
    """
    short = "".join([line.text for line in lines if len(line.text) < 200])
    found = _MARKS.findall("".join(unicodedata.normalize("NFKC", short).split()))
    n2019 = sum(1 for mark in found if mark in _FORMS_2019)
    return n2019, len(found) - n2019
