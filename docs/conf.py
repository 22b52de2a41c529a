"""Sphinx configuration of fastrosa's documentation site.

    python -m sphinx -W --keep-going -b html docs build/docs      # the site
    python -m sphinx -W --keep-going -b doctest docs build/doctest  # run its examples
"""

import fastrosa

project = "fastrosa"
author = "the fastrosa developers"
release = fastrosa.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "numpydoc",
]
# numpydoc renders the Parameters / Returns / Examples sections; members of
# classes are not listed separately (the API page names each function).
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
autodoc_typehints = "none"

# The examples on the tutorial pages run under `-b doctest`.
doctest_global_setup = """
import numpy as np
import fastrosa
"""

exclude_patterns = ["_build"]
html_theme = "alabaster"
html_title = f"fastrosa {release}"
