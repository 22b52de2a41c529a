"""GTZAN feature extraction: one row of features per signal, file or folder.

- `summarize`: the feature row of one signal (`COLUMNS`, in order).
- `extract_file`: the rows of one audio file (whole, or cut into segments).
- `extract_dir`: a folder of genre subfolders to a CSV in the published
  GTZAN layout (``filename, <COLUMNS>, label``), resumable, in parallel.

The command line ``fastrosa extract`` runs `extract_dir`.
"""

from ._recipe import COLUMNS, COMPAT_MODES  # noqa: F401
from ._summary import summarize  # noqa: F401
from ._files import extract_file, segment_name  # noqa: F401
from ._runner import extract_dir  # noqa: F401

__all__ = ["COLUMNS", "COMPAT_MODES", "summarize", "extract_file", "segment_name", "extract_dir"]
