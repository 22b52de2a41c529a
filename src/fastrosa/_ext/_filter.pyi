# Type stubs for the compiled module fastrosa._ext._filter (see _filter.pyx).
# 2-D arrays are C-contiguous rows; x, y, zi, zf (lfilter1) and S, ref (pcen)
# share one float dtype; pcen's out, zi and zf are float64.
from typing import Union

import numpy as np
from numpy.typing import NDArray

_Real = Union[NDArray[np.float32], NDArray[np.float64]]
_F64 = NDArray[np.float64]

def lfilter1(x: _Real, b0: float, b1: float, a1: float, zi: _Real, y: _Real, zf: _Real) -> None: ...
def sub_powers(y: _Real, c: _F64, coef: float) -> None: ...
def pcen(S: _Real, ref: _Real, zi: _F64, b: float, gain: float, eps: float, power: float,
         bias: float, bias_pow: float, mode: int, out: _F64, zf: _F64,
         frame_major: bool = ...) -> None: ...
