"""Sphinx configuration for gxopen's documentation."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re

from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer

import gxopen

project = "gxopen"
author = "gxopen developers"
copyright = "2026, gxopen developers"
release = gxopen.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_attr_annotations = True

# Intersphinx inventories are fetched over the network; the build must work
# offline (CI has no network beyond package registries), so no mapping is set.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

doctest_global_setup = "import gxopen"

html_theme = "furo"
html_title = f"gxopen {release}"
nitpicky = False


def _private_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(gxopen.__path__, "gxopen.") if not m.name.endswith("__main__")]


def _enum_members(cls: type[enum.Enum]) -> list[str]:
    """The members of a public enum with the doc comments of its defining module, as a list."""
    docs: dict[tuple[str, str], list[str]] = {}
    for module in _private_modules():
        if getattr(importlib.import_module(module), cls.__name__, None) is cls:
            found = ModuleAnalyzer.for_module(module).find_attr_docs()
            if any(scope == cls.__name__ for scope, _ in found):
                docs = dict(found)
                break
    out = ["", "Members:", ""]
    for member in cls:
        doc = " ".join(" ".join(docs.get((cls.__name__, member.name), [])).split())
        out.append(f"* ``{member.name}`` = ``{member.value!r}``" + (f" — {doc}" if doc else ""))
    return [*out, ""]


def _source_docs(  # noqa: PLR0917 - the signature of Sphinx's autodoc-process-docstring event
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Give re-exported constants and enum members the doc comments of the module that defines them.

    ``gxopen.RULES`` would otherwise show the docstring of ``tuple``, and the
    members of ``gxopen.Severity`` (whose ``__module__`` is ``gxopen``) none.
    """
    if what == "class" and isinstance(obj, type) and issubclass(obj, enum.Enum):
        lines.extend(_enum_members(obj))
        return
    if what not in ("data", "attribute") or not name.startswith("gxopen."):
        return
    if lines and lines[:1] != (type(obj).__doc__ or "").splitlines()[:1]:
        return
    parts = name.split(".")[1:]
    head = getattr(gxopen, parts[0], None)
    if head is None:
        return
    for module in _private_modules():
        if getattr(importlib.import_module(module), parts[0], None) is head:
            docs = ModuleAnalyzer.for_module(module).find_attr_docs().get((".".join(parts[:-1]), parts[-1]))
            if docs:
                lines[:] = [line for line in docs if line]
                return


_PRIVATE_PATH = re.compile(r"\bgxopen(?:\._[a-z_]+)+\.(?=[A-Z])")
"""``gxopen._rules.`` in ``gxopen._rules.Severity``: every public class is importable as ``gxopen.Severity``."""


def _public_paths(  # noqa: PLR0917 - the signature of Sphinx's autodoc-process-docstring event
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Types in docstrings (napoleon's ``:type:`` lines) by their public path."""
    lines[:] = [_PRIVATE_PATH.sub("gxopen.", line) for line in lines]


def _public_signature(  # noqa: PLR0917 - the signature of Sphinx's autodoc-process-signature event
    app: Sphinx, what: str, name: str, obj: object, options: object, signature: str | None, annotation: str | None
) -> tuple[str | None, str | None]:
    """Signatures and return types by their public path."""
    return (
        None if signature is None else _PRIVATE_PATH.sub("gxopen.", signature),
        None if annotation is None else _PRIVATE_PATH.sub("gxopen.", annotation),
    )


def setup(app: Sphinx) -> None:
    """Connect the docstring hooks: doc comments before napoleon reads the docstrings, public paths after."""
    app.connect("autodoc-process-docstring", _source_docs, priority=400)
    app.connect("autodoc-process-docstring", _public_paths, priority=600)
    app.connect("autodoc-process-signature", _public_signature)
