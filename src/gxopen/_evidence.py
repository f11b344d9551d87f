"""Evidence a finding carries beyond its terms: text spans and cell corrections.

These are the shapes of :attr:`gxopen.Finding.spans` (where the narrative
states a number) and :attr:`gxopen.Finding.explanations` (which cells, changed
to which values, would make every identity hold).
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["CellFix", "Explanation", "TextSpan"]


@attrs.frozen
class TextSpan:
    """A span of a narrative part.

    Attributes:
        pointer: The JSON pointer of the narrative field (``/overview``).
        start: The 0-based index of the first character.
        end: The index after the last character.
        text: The text of the span.
    """

    pointer: str
    start: int
    end: int
    text: str


@attrs.frozen
class CellFix:
    """One cell of an explanation: its published value and the value that balances.

    Attributes:
        pointer: The cell.
        published: The value the report holds.
        balancing: The value that makes the identities hold.
        typo: ``"transposition"`` (two adjacent digits swapped), ``"digit"``
            (one digit wrong), ``"neighbour"`` (the value belongs to the
            neighbouring cell of the same explanation), or ``None``.
    """

    pointer: str
    published: int
    balancing: int
    typo: str | None = None


@attrs.frozen
class Explanation:
    """A set of cell changes that makes every identity hold."""

    fixes: tuple[CellFix, ...]

    @property
    def typo(self) -> bool:
        """Whether every change looks like a typing error."""
        return all(f.typo is not None for f in self.fixes)


def evidence_dict(item: TextSpan | Explanation) -> dict[str, Any]:
    """Plain JSON-ready data for a span or an explanation."""
    if isinstance(item, TextSpan):
        return attrs.asdict(item)
    return {"typo": item.typo, "fixes": [attrs.asdict(f) for f in item.fixes]}
