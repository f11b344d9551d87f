"""Cross-year pairing: which reports are the same agency in consecutive years.

Agency names are compared after normalisation: Unicode NFKC (full-width
letters, digits and brackets become their usual forms) and no white space at
all. ``…县人民政府`` and ``…县政府`` name the same body in most reports, so they
are merged — unless both forms publish a report in the same year, which shows
that they are two bodies, and then they are kept apart. Two inputs of one
agency and one year (different bytes) make that year ambiguous: neither is
paired, and the pairing says why.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import attrs

from gxopen._cells import Path
from gxopen._codes import Edition
from gxopen._rules import RULES, checks
from gxopen._validate import Finding, _evaluate

__all__ = ["Pairing", "agency_key", "cross_year_findings", "pair"]

_SPACE = re.compile(r"\s+")


def agency_key(name: str) -> str:
    """The agency name normalised for comparison: NFKC, no white space.

    >>> from gxopen.batch import agency_key
    >>> agency_key("石柱县　人民政府（办公室）")
    '石柱县人民政府(办公室)'
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", name))


def _alias(key: str) -> str:
    return key.replace("人民政府", "政府")


@attrs.frozen
class Pairing:
    """The outcome of pairing: per input, its agency key and its neighbours in time.

    Attributes:
        keys: The agency key of each input (by index; ``None`` without a report).
        previous: The index of the input of the year before, if paired.
        following: The index of the input of the year after, if paired.
        notes: Why an input was not paired although it has a report.
        merged: Agency keys that gathered several spellings, with the spellings.
        kept_apart: Alias groups kept apart because both forms publish in one year.
    """

    keys: dict[int, str]
    previous: dict[int, int]
    following: dict[int, int]
    notes: dict[int, str]
    merged: dict[str, tuple[str, ...]]
    kept_apart: tuple[tuple[str, ...], ...]


def _canonical(
    groups: dict[str, dict[str, set[int]]], counts: dict[str, int]
) -> tuple[dict[str, str], list[tuple[str, ...]]]:
    """Each strict key's canonical key, and the alias groups kept apart."""
    canonical: dict[str, str] = {}
    kept_apart = []
    for forms in groups.values():
        clash = any(a != b and forms[a] & forms[b] for a in forms for b in forms)
        if clash:
            kept_apart.append(tuple(sorted(forms)))
        chosen = min(forms, key=lambda k: (-counts[k], k))
        for key in forms:
            canonical[key] = key if clash else chosen
    return canonical, kept_apart


def pair(entries: Sequence[tuple[int, str, int]]) -> Pairing:
    """Pair reports given as ``(index, agency name, year)``."""
    strict = {i: agency_key(name) for i, name, _ in entries}
    years = {i: year for i, _, year in entries}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for i, name, _ in entries:
        spellings[strict[i]][name] += 1
    groups: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for i, key in strict.items():
        groups[_alias(key)][key].add(years[i])
    canonical, kept_apart = _canonical(groups, {k: sum(c.values()) for k, c in spellings.items()})
    keys = {i: canonical[k] for i, k in strict.items()}
    names: dict[str, set[str]] = defaultdict(set)
    for i, name, _ in entries:
        names[keys[i]].add(name)
    merged = {k: tuple(sorted(v)) for k, v in names.items() if len(v) > 1}
    by_year: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, key in keys.items():
        by_year[key, years[i]].append(i)
    previous: dict[int, int] = {}
    following: dict[int, int] = {}
    notes: dict[int, str] = {}
    for (key, year), found in by_year.items():
        if len(found) > 1:
            for i in found:
                notes[i] = f"not paired: {len(found)} different inputs for {key} {year}"
            continue
        before = by_year.get((key, year - 1))
        if before is not None and len(before) == 1:
            previous[found[0]] = before[0]
            following[before[0]] = found[0]
    return Pairing(keys, previous, following, notes, merged, tuple(sorted(kept_apart)))


@functools.cache
def _cross_rules() -> list[tuple[Any, dict[Edition, list[Any]]]]:
    return [(rule, {e: list(checks(rule, e)) for e in rule.editions}) for rule in RULES if rule.cross_year]


def shadow(edition: str, paths: Sequence[Path], values: Sequence[Any]) -> Any:
    """A stand-in for a report that holds only the cells the cross-year rules read."""
    root = SimpleNamespace(edition=Edition(edition))
    for path, value in zip(paths, values, strict=True):
        node = root
        for key in path[:-1]:
            child = getattr(node, key, None)
            if child is None:
                child = SimpleNamespace()
                setattr(node, key, child)
            node = child
        setattr(node, path[-1], value)
    return root


def cross_year_findings(current: Any, previous: Any, *, blank_as_zero: bool = False) -> list[Finding]:
    """The cross-year findings of two consecutive reports (or their shadows), in rule order.

    A rule applies when both reports are of an edition it covers.
    """
    out = []
    for rule, instances in _cross_rules():
        if current.edition not in rule.editions or previous.edition not in rule.editions:
            continue
        for chk in instances[current.edition]:
            finding = _evaluate(chk, current, previous, blank_as_zero)
            if finding is not None:
                out.append(finding)
    out.sort(key=Finding.sort_key)
    return out
