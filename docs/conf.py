"""Sphinx configuration for the medoffice documentation.

Build with ``python -m sphinx -W --keep-going -b html docs docs/_build/html``
after ``python -m pip install -e '.[docs]'``.
"""

from __future__ import annotations

import importlib.metadata

# -- Project information ------------------------------------------------------

project = "medoffice"
author = "The medoffice developers"
copyright = "2026, The medoffice developers"

try:
    release = importlib.metadata.version("medoffice")
except importlib.metadata.PackageNotFoundError:  # building from an uninstalled tree
    release = "0+unknown"
version = ".".join(release.split(".")[:2])

# -- General configuration ----------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

root_doc = "index"
source_suffix = {
    ".md": "markdown",
    ".rst": "restructuredtext",
}
exclude_patterns = ["_build"]
language = "en"
nitpicky = False

# -- MyST ----------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
# Give headings (down to ###) stable anchors so pages can link to ``#section``.
myst_heading_anchors = 3

# -- autodoc / napoleon ---------------------------------------------------------

autodoc_typehints = "description"
autodoc_member_order = "bysource"

napoleon_google_docstring = True
napoleon_numpy_docstring = False
# Render "Attributes:" sections as :ivar: fields rather than separate
# attribute entries, so they do not clash with autodoc's own attribute entries
# ("duplicate object description" warnings, which -W turns into errors).
napoleon_use_ivar = True

# -- HTML output -------------------------------------------------------------------

html_theme = "furo"
html_title = f"medoffice {release}"
