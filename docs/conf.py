"""Sphinx configuration for gxopen's documentation."""

from __future__ import annotations

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
