# Type stubs for the compiled module fastrosa._ext._shape (see _shape.pyx).
# Arrays are C-contiguous; spectrograms are float32 or float64, outputs float64.
from typing import Union

import numpy as np
from numpy.typing import NDArray

_Real = Union[NDArray[np.float32], NDArray[np.float64]]
_Index = NDArray[np.intp]

def reducer_kind(name: str) -> int: ...
def spec_reduce(
    S: _Real,
    kind: int,
    freq: NDArray[np.float64],
    p: float,
    norm: bool,
    roll_percent: float,
    amin: float,
    sum_mode: int,
    out: NDArray[np.float64],
    n_threads: int = ...,
) -> None: ...
def contrast(
    S: _Real,
    n_freq: int,
    start: _Index,
    idx: _Index,
    q: _Index,
    valley: NDArray[np.float64],
    peak: NDArray[np.float64],
    n_threads: int = ...,
) -> None: ...
def rms(x: _Real, frame_length: int, hop: int, start: int, out: NDArray[np.float64]) -> None: ...
