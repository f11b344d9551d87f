"""Paths into another tool's JSON: keys, array selectors and wildcards.

A path is a dot-separated list of segments. A segment is an object key,
optionally followed by selectors that pick elements of the array found there:

* ``tableData.naturalPerson.newReceived`` — keys, one after another;
* ``sections[type=table_3]`` — the element of the ``sections`` array whose
  ``type`` is ``table_3``; ``[title=一、总体情况|一、总体情况概述]`` accepts any
  of the ``|``-separated values (the first is written on output), and several
  selectors on one segment must all hold;
* ``*`` (any key) and ``[*]`` (every element) — only in ``ignore`` paths.

String values are compared after :func:`gxopen._codes.normalize_label`, so
typography (full-width brackets, spaces, ``、`` versus ``.``) does not matter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import attrs

from gxopen._cells import pointer
from gxopen._codes import normalize_label

__all__ = ["PathSyntaxError", "Segment", "Selector", "SourcePath", "parse_path"]


class PathSyntaxError(ValueError):
    """A path that does not follow the syntax; the message says where."""


_fold = functools.lru_cache(maxsize=4096)(normalize_label)


@attrs.frozen
class Selector:
    """``[key=value|value…]``: an array element whose ``key`` is one of ``values``."""

    key: str
    values: tuple[str, ...]
    folded: frozenset[str] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(lambda s: frozenset(map(_fold, s.values)), True)
    )

    def matches(self, element: object) -> bool:
        """Whether ``element`` is an object whose ``key`` holds one of the values."""
        if type(element) is not dict:
            return False
        found = element.get(self.key)
        return type(found) is str and (found in self.values or _fold(found) in self.folded)

    def __str__(self) -> str:
        return f"[{self.key}={'|'.join(self.values)}]"


@attrs.frozen
class Segment:
    """One step of a path: a key (``*`` for any), then selectors (``None`` for ``[*]``)."""

    key: str
    selectors: tuple[Selector | None, ...] = ()

    def __str__(self) -> str:
        return self.key + "".join("[*]" if s is None else str(s) for s in self.selectors)


_KEY = r"[^.\[\]{}|=*]+"
_SEGMENT = re.compile(rf"(?P<key>{_KEY}|\*)(?P<sel>(?:\[[^\[\]]*\])*)\Z")
_SELECTOR = re.compile(rf"\[(?:(?P<all>\*)|(?P<key>{_KEY})=(?P<values>[^\[\]=]+))\]")


@attrs.frozen
class SourcePath:
    """A parsed path into the other tool's JSON."""

    segments: tuple[Segment, ...]
    prefixes: tuple[str, ...] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda p: tuple(".".join(str(s) for s in p.segments[: i + 1]) for i in range(len(p.segments))), True
        ),
    )
    """The text of each leading part of the path, the shortest first."""

    @property
    def has_wildcard(self) -> bool:
        """Whether the path contains ``*`` or ``[*]``."""
        return any(s.key == "*" or None in s.selectors for s in self.segments)

    def __str__(self) -> str:
        return ".".join(str(s) for s in self.segments)


def parse_path(text: str, *, wildcards: bool = False) -> SourcePath:
    """Parse ``text``; raises :class:`PathSyntaxError` saying what is wrong."""
    if not text:
        raise PathSyntaxError("empty path")
    segments = []
    for raw in text.split("."):
        match = _SEGMENT.match(raw)
        if match is None:
            raise PathSyntaxError(f"bad segment {raw!r} (expected key, key[field=value] or key[*])")
        selectors: list[Selector | None] = []
        rest = match["sel"]
        while rest:
            sel = _SELECTOR.match(rest)
            if sel is None:
                raise PathSyntaxError(f"bad selector in {raw!r} (expected [field=value|value] or [*])")
            rest = rest[sel.end() :]
            if sel["all"]:
                selectors.append(None)
                continue
            values = tuple(v.strip() for v in sel["values"].split("|"))
            if not all(values):
                raise PathSyntaxError(f"empty value in selector {sel[0]!r}")
            selectors.append(Selector(sel["key"].strip(), values))
        segments.append(Segment(match["key"], tuple(selectors)))
    path = SourcePath(tuple(segments))
    if path.has_wildcard and not wildcards:
        raise PathSyntaxError("wildcards (* and [*]) are only allowed in ignore paths")
    return path


# ---------------------------------------------------------------- reading


@attrs.frozen
class Located:
    """The outcome of looking a path up in a document."""

    value: Any
    """The value found, or ``None`` (check :attr:`found`)."""
    found: bool
    pointer: str
    """A JSON pointer to the value, or to the deepest object reached when absent."""
    used: tuple[str, ...] = ()
    """Pointers to the selector keys that picked array elements on the way."""


class ShapeError(ValueError):
    """The document's shape contradicts the path: ``pointer`` says where."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.pointer = pointer
        self.message = message


def _describe(value: object) -> str:
    if type(value) is dict:
        return "an object"
    if type(value) is list:
        return "an array"
    if value is None:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is str:
        return "a string"
    return "a number"


class Locator:
    """Looks paths up in one document, walking each shared leading part only once."""

    def __init__(self, doc: object) -> None:
        self.doc = doc
        self._reached: dict[str, tuple[object, tuple[str, ...], tuple[str, ...]]] = {}

    def locate(self, path: SourcePath) -> Located:
        """Follow ``path``; a missing key or element is *absent*, not an error.

        Raises:
            ShapeError: when a value on the way has the wrong type (an array
                where an object is needed), or a selector matches more than one
                element.
        """
        node: object = self.doc
        where: tuple[str, ...] = ()
        used: list[str] = []
        start = 0
        for depth in range(len(path.segments) - 1, 0, -1):
            reached = self._reached.get(path.prefixes[depth - 1])
            if reached is not None:
                node, where, done = reached
                used, start = list(done), depth
                break
        last = len(path.segments) - 1
        for depth in range(start, len(path.segments)):
            segment = path.segments[depth]
            if node is None:  # an object the other tool left null: nothing below it
                return Located(None, False, pointer(where), tuple(used))
            if type(node) is not dict:
                raise ShapeError(pointer(where), f"expected an object (to find {segment.key!r}), got {_describe(node)}")
            if segment.key not in node:
                return Located(None, False, pointer(where), tuple(used))
            node = node[segment.key]
            where = (*where, segment.key)
            if segment.selectors:
                if node is None:
                    return Located(None, False, pointer(where), tuple(used))
                if type(node) is not list:
                    raise ShapeError(pointer(where), f"expected an array (to select {segment}), got {_describe(node)}")
                hits = [i for i, e in enumerate(node) if all(s is not None and s.matches(e) for s in segment.selectors)]
                if not hits:
                    return Located(None, False, pointer(where), tuple(used))
                if len(hits) > 1:
                    places = ", ".join(pointer((*where, str(i))) for i in hits)
                    raise ShapeError(pointer(where), f"{len(hits)} elements match {segment} ({places}); expected one")
                where = (*where, str(hits[0]))
                node = node[hits[0]]
                used.extend(pointer((*where, s.key)) for s in segment.selectors if s is not None)
            if depth < last:
                self._reached[path.prefixes[depth]] = (node, where, tuple(used))
        return Located(node, True, pointer(where), tuple(used))


def locate(doc: object, path: SourcePath) -> Located:
    """Follow ``path`` in ``doc`` (see :meth:`Locator.locate`)."""
    return Locator(doc).locate(path)


def expand(doc: object, path: SourcePath) -> Iterator[tuple[str, ...]]:
    """Yield the path (as JSON keys) of every value ``path`` reaches, wildcards expanded."""

    def walk(node: object, where: tuple[str, ...], depth: int) -> Iterator[tuple[str, ...]]:
        if depth == len(path.segments):
            yield where
            return
        segment = path.segments[depth]
        if type(node) is not dict:
            return
        keys = list(node) if segment.key == "*" else [segment.key] if segment.key in node else []
        for key in keys:
            yield from select(node[key], (*where, key), segment.selectors, depth)

    def select(
        node: object, where: tuple[str, ...], selectors: tuple[Selector | None, ...], depth: int
    ) -> Iterator[tuple[str, ...]]:
        if not selectors:
            yield from walk(node, where, depth + 1)
            return
        if type(node) is not list:
            return
        for i, element in enumerate(node):
            if all(s is None or s.matches(element) for s in selectors):
                yield from walk(element, (*where, str(i)), depth + 1)

    yield from walk(doc, (), 0)


# ---------------------------------------------------------------- writing


class Writer:
    """Writes values at paths into one new document, finding each shared leading part once."""

    def __init__(self) -> None:
        self.doc: dict[str, Any] = {}
        self._made: dict[str, dict[str, Any]] = {}

    def put(self, path: SourcePath, value: Any) -> None:
        """Write ``value`` at ``path``, creating objects and array elements.

        A selector creates the element it names, holding the first value of
        each selector, when no element matches yet; elements keep creation
        order.
        """
        node, start = self.doc, 0
        for depth in range(len(path.segments) - 1, 0, -1):
            made = self._made.get(path.prefixes[depth - 1])
            if made is not None:
                node, start = made, depth
                break
        last = len(path.segments) - 1
        for depth in range(start, len(path.segments)):
            segment = path.segments[depth]
            if depth == last:
                node[segment.key] = value  # the mapping parser refuses a path ending in a selector
                return
            if not segment.selectors:
                node = node.setdefault(segment.key, {})
            else:
                array: list[Any] = node.setdefault(segment.key, [])
                selectors = [s for s in segment.selectors if s is not None]
                element = next((e for e in array if all(s.matches(e) for s in selectors)), None)
                if element is None:
                    element = {s.key: s.values[0] for s in selectors}
                    array.append(element)
                node = element
            self._made[path.prefixes[depth]] = node


def put(doc: dict[str, Any], path: SourcePath, value: Any) -> None:
    """Write ``value`` at ``path`` in ``doc`` (see :meth:`Writer.put`)."""
    writer = Writer()
    writer.doc = doc
    writer.put(path, value)
