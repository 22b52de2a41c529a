# Type stubs for the compiled module fastrosa._ext._rhythm (see _rhythm.pyx).
# Arrays are C-contiguous and share one float dtype (float32 or float64).
from typing import Optional, Union

import numpy as np
from numpy.typing import NDArray

_Real = Union[NDArray[np.float32], NDArray[np.float64]]
_Index = NDArray[np.intp]

def onset_flux(
    S: _Real,
    ref: Optional[_Real],
    lag: int,
    max_size: int,
    lo: _Index,
    hi: _Index,
    median: bool,
    out: _Real,
) -> None: ...
def peak_pick(
    x: _Real,
    pre_max: int,
    post_max: int,
    pre_avg: int,
    post_avg: int,
    delta: float,
    wait: int,
    flags: NDArray[np.uint8],
) -> None: ...
def beat_track(
    onsets: _Real, fpb: _Real, tightness: float, trim: bool, beats: NDArray[np.uint8]
) -> None: ...
