"""GTZAN feature extraction: one row of features per signal, file or folder.

- `summarize`: the feature row of one signal (`COLUMNS`, in order).
- `extract_file`: the rows of one audio file (whole, or cut into segments).
- `extract_dir`: a folder of genre subfolders to a CSV in the published
  GTZAN layout (``filename, <COLUMNS>, label``), resumable, in parallel.
- `export_dir`: a folder of genre subfolders to per-segment float32 arrays
  of MFCCs or mel spectrograms (`segment_features`) with an index, for
  spectrogram learning; `read_segments` reads them back.

The command line ``fastrosa extract`` runs `extract_dir`, ``fastrosa export`` `export_dir`.
"""

from ._recipe import COLUMNS, COMPAT_MODES  # noqa: F401
from ._summary import summarize  # noqa: F401
from ._files import clip_rows, extract_file, read_audio, segment_name  # noqa: F401
from ._runner import extract_dir  # noqa: F401
from ._export import FEATURES, export_dir, read_segments, segment_features  # noqa: F401

__all__ = ["COLUMNS", "COMPAT_MODES", "summarize", "read_audio", "clip_rows", "extract_file",
           "segment_name", "extract_dir", "FEATURES", "segment_features", "export_dir",
           "read_segments"]
