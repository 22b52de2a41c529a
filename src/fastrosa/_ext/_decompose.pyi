# Type stubs for the compiled module fastrosa._ext._decompose (see _decompose.pyx).
# Arrays are C-contiguous and share one float dtype (float32 or float64).
from typing import Union

import numpy as np
from numpy.typing import NDArray

_Real = Union[NDArray[np.float32], NDArray[np.float64]]

def median_filter(x: _Real, axis: int, k: int, out: _Real, n_threads: int) -> None: ...
def softmask(
    x: _Real, x_ref: _Real, power: float, split_zeros: bool, out: _Real, n_threads: int
) -> None: ...
def hpss_masks(
    harm: _Real,
    perc: _Real,
    margin_h: float,
    margin_p: float,
    power: float,
    split_zeros: bool,
    mode: int,
    mag: _Real,
    D: _Real,
    out_h: _Real,
    out_p: _Real,
    n_threads: int,
) -> None: ...
