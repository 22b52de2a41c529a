# Type stubs for the compiled module fastrosa._ext._signal (see _signal.pyx).
# ``x`` is a C-contiguous 2-D float32 or float64 array.
from typing import Union

import numpy as np
from numpy.typing import NDArray

_Real = Union[NDArray[np.float32], NDArray[np.float64]]

def zero_crossings(
    x: _Real,
    threshold: float,
    zero_pos: bool,
    pad: bool,
    out: NDArray[np.uint8],
) -> None: ...
def zcr(
    x: _Real,
    frame_length: int,
    hop: int,
    start: int,
    threshold: float,
    zero_pos: bool,
    pad: bool,
    out: NDArray[np.float64],
) -> None: ...
def scan(x: Union[NDArray[np.float32], NDArray[np.float64]]) -> tuple[bool, bool]: ...
