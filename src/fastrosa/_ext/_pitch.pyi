# Type stubs for the compiled module fastrosa._ext._pitch (see _pitch.pyx).
# Arrays are C-contiguous and share one float dtype (float32 or float64).
from typing import Optional, Union

import numpy as np
from numpy.typing import NDArray

_Real = Union[NDArray[np.float32], NDArray[np.float64]]

def piptrack(
    S: _Real,
    ref: Optional[NDArray[np.float64]],
    threshold: float,
    thr_in_t: bool,
    k_lo: int,
    k_hi: int,
    sr: float,
    n_fft: float,
    pitch: _Real,
    mag: _Real,
    compact: bool,
    n_threads: int = 1,
) -> int: ...
def project(W: _Real, S: _Real, out: _Real) -> None: ...
def tuning_counts(x: _Real, edges: NDArray[np.float64], counts: NDArray[np.int64]) -> None: ...
