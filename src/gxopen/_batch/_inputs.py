"""Finding the inputs of a batch and telling their formats apart from the bytes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

__all__ = ["InputFormat", "sniff", "walk"]

InputFormat = str
"""``"json"``, ``"html"``, ``"text"``, ``"pdf"``, ``"docx"``, ``"doc"`` or ``"binary"``."""

_HTML_TAGS = (b"<html", b"<!doctype html", b"<table", b"<body", b"<head", b"<meta", b"<p>", b"<div")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")


def sniff(data: bytes) -> InputFormat:  # noqa: PLR0911 - one return per format
    """The format of ``data``, from its first bytes (never from a file name).

    JSON is an object (``{`` after optional BOM and white space); HTML has a
    tag among the first 4 KiB; PDF starts ``%PDF-``; DOCX is a ZIP holding
    ``word/``; DOC is an OLE2 compound file; bytes with NUL in the first 4 KiB that are none of these are
    ``binary``; anything else is text.
    """
    head = data[:4096]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"  # OLE2: a Word 97-2003 document (or another Office file)
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] else "binary"
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    stripped = head.lstrip(b" \t\r\n\x00")  # NUL: UTF-16/32 JSON without a BOM
    if stripped.startswith(b"{"):
        return "json"
    lower = head.lower()
    if any(tag in lower for tag in _HTML_TAGS):
        return "html"
    if b"\x00" in head and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def walk(paths: Iterable[str], *, exclude: str | None = None) -> Iterator[str]:
    """Every file under ``paths``: files as given, folders walked recursively in sorted order.

    Hidden files and folders (names starting with ``.``) inside a folder are
    skipped, and so is the folder ``exclude`` (the batch's own output).

    Raises:
        FileNotFoundError: a path does not exist.
    """
    skip = os.path.realpath(exclude) if exclude is not None else None
    for path in paths:
        if os.path.isdir(path):
            yield from _walk_dir(path, skip)
        elif os.path.exists(path):
            yield path
        else:
            raise FileNotFoundError(path)


def _walk_dir(top: str, skip: str | None) -> Iterator[str]:
    if skip is not None and os.path.realpath(top) == skip:
        return
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError:
        yield top  # reading it fails again, and the batch records why
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk_dir(entry.path, skip)
        elif entry.is_file():
            yield entry.path
