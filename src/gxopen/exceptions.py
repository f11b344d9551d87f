"""The exceptions gxopen raises.

Every exception derives from :class:`GxopenError` and from :class:`ValueError`,
so ``except ValueError`` keeps working for callers that do not know gxopen.
Each one names where the problem is: a JSON pointer into the document, and the
file when the caller said which file it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from gxopen._validate import Finding

__all__ = [
    "GxopenError",
    "InvalidReportError",
    "LoadError",
    "MappingError",
    "ParseError",
    "Problem",
    "ReportPairError",
    "UnsupportedDocumentError",
]


class GxopenError(ValueError):
    """The base of every gxopen exception."""


@attrs.frozen
class Problem:
    """One structural problem of a document: where it is and what was expected.

    Attributes:
        pointer: A JSON pointer (RFC 6901) to the offending value; ``""`` is the
            whole document.
        message: What was expected and what was found.
    """

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


class LoadError(GxopenError):
    """A document is not a report: wrong types, wrong shape, or not JSON.

    Raised by :func:`gxopen.load` and :func:`gxopen.loads`. It lists every
    problem found, not only the first.

    Attributes:
        problems: Every problem, in document order.
        source: The file the document came from, when the caller said so.
    """

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._message())

    def _message(self) -> str:
        where = f" in {self.source}" if self.source else ""
        n = len(self.problems)
        if n == 1:
            return f"not a valid report{where}: {self.problems[0]}"
        head = f"not a valid report{where}: {n} problems"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class MappingError(GxopenError):
    """A mapping between gxopen's JSON and another tool's is not usable.

    Raised by :func:`gxopen.interop.load_mapping` and wherever a mapping is
    given by name or file. It lists every problem, each with a JSON pointer
    into the mapping document.

    Attributes:
        problems: Every problem, in the order found.
        source: The mapping file, when there is one.
    """

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        where = f" in {source}" if source else ""
        if len(self.problems) == 1:
            message = f"not a valid mapping{where}: {self.problems[0]}"
        else:
            head = f"not a valid mapping{where}: {len(self.problems)} problems"
            message = "\n".join([head, *(f"  {p}" for p in self.problems)])
        super().__init__(message)


class ParseError(GxopenError):
    """Nothing that looks like a report could be read from a text or a page.

    Attributes:
        source: The file the input came from, when the caller said so.
    """

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{message}")


class UnsupportedDocumentError(ParseError):
    """A file gxopen cannot read: a scanned or encrypted PDF, a legacy ``.doc``, a WPS file, a damaged file.

    The message says what the file is and what to do with it (for example,
    convert a ``.doc`` to ``.docx`` with LibreOffice).

    Attributes:
        source: The file, when the caller said so.
        kind: A stable id of what the file is: ``pdf-scanned``,
            ``pdf-encrypted``, ``pdf-damaged``, ``pdf-empty``, ``doc``,
            ``wps``, ``office-encrypted``, ``docx-damaged``, ``zip``,
            ``spreadsheet``, ``presentation``, ``odf``, ``rtf``, ``image``,
            ``empty``, ``binary``, ``not-pdf``, ``not-docx``.
    """

    def __init__(self, message: str, source: str | None = None, *, kind: str) -> None:
        self.kind = kind
        super().__init__(message, source)


class InvalidReportError(GxopenError):
    """A report's numbers do not add up.

    Raised by :func:`gxopen.check`; carries every finding of severity error.

    Attributes:
        findings: All findings of the report, errors first.
    """

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        lines = [f"  {f.message_en}" for f in self.findings]
        super().__init__("\n".join([f"report has {len(self.findings)} finding(s):", *lines]))


class ReportPairError(GxopenError):
    """Two reports given as consecutive years of one agency are not."""
