# Type stubs for the compiled module fastrosa._ext._db (see _db.pyx).
# ``x`` and ``out`` are contiguous 1-D arrays of the same float dtype.
from typing import Union

import numpy as np
from numpy.typing import NDArray

_Real = Union[NDArray[np.float32], NDArray[np.float64]]

def power_to_db(x: _Real, amin: float, ref_db: float, top_db: float, out: _Real) -> None: ...
