"""Example reports shipped with gxopen, so its examples work without the repository."""

from __future__ import annotations

from importlib import resources

from gxopen._convert import loads
from gxopen._model import Report

__all__ = ["EXAMPLES", "example_json", "example_text", "load_example"]

EXAMPLES: tuple[str, ...] = ("seed-2024-nanbin", "example-2020-yunling")
"""Names of the shipped examples.

``seed-2024-nanbin`` is the 2024 report of 石柱土家族自治县人民政府南宾街道办事处
(a street office in Chongqing): its scraped web page text and a JSON
transcription made by hand. It follows the 2021 edition of the format.

``example-2020-yunling`` is an invented 2020 report in the 2019 edition (the
agency 青溪市云岭区人民政府, its text and every number are made up for
gxopen): its page text, laid out as scraped 2019-edition pages are (pipe rows,
signed changes ``+6``/``-3``, the procurement amount in 元 inside the cell),
and its JSON.
"""


def _read(name: str, suffix: str) -> str:
    if name not in EXAMPLES:
        raise ValueError(f"unknown example {name!r}; known: {', '.join(EXAMPLES)}")
    return (resources.files("gxopen") / "data" / f"{name}{suffix}").read_text(encoding="utf-8")


def example_json(name: str = EXAMPLES[0]) -> str:
    """Return the JSON text of a shipped example report."""
    return _read(name, ".json")


def example_text(name: str = EXAMPLES[0]) -> str:
    """Return the scraped web page text of a shipped example report."""
    return _read(name, ".txt")


def load_example(name: str = EXAMPLES[0]) -> Report:
    """Load a shipped example as a :class:`~gxopen.Report`."""
    return loads(example_json(name), source=f"<example {name}>")
