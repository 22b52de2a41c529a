# Type stubs for the compiled module fastrosa._ext._spectrum (see _spectrum.pyx).
# ``real_t`` arguments are float32 or float64 arrays, one dtype per call;
# 2-D and 3-D buffers need a contiguous last axis as documented below.
from typing import Optional, Tuple, Union

import numpy as np
from numpy.typing import NDArray

_Real = Union[NDArray[np.float32], NDArray[np.float64]]
_Bands = Tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp], _Real]

def stft_frames(
    x: _Real,
    window: _Real,
    hop: int,
    n_frames: int,
    out: _Real,
    first_frame: int,
    n_threads: int = 1,
) -> None: ...
def csr_frames(
    x: _Real,
    window: _Real,
    hop: int,
    n_frames: int,
    indptr: NDArray[np.intp],
    indices: NDArray[np.intp],
    data: _Real,
    magnitude: bool,
    out: _Real,
    ld_row: int,
    ld_bin: int,
    ld_frame: int,
    n_threads: int = 1,
) -> None: ...
def power_frames(
    x: _Real,
    window: _Real,
    hop: int,
    n_frames: int,
    power: float,
    bands: Optional[_Bands],
    out: _Real,
    first_frame: int,
    n_threads: int = 1,
) -> None: ...
def project_bands(
    S: _Real,
    n_freq: int,
    n_frames: int,
    frames_major: bool,
    bands: _Bands,
    out: _Real,
    n_threads: int = 1,
) -> None: ...
def hpss_istft(
    harm: _Real,
    perc: _Real,
    mag: _Real,
    D: _Real,
    hop: int,
    margin_h: float,
    margin_p: float,
    power: float,
    split_zeros: bool,
    window: _Real,
    offset: int,
    y_h: _Real,
    y_p: _Real,
    n_threads: int = 1,
) -> None: ...
def istft_ola(
    S: _Real,
    hop: int,
    window: _Real,
    offset: int,
    y: _Real,
    n_threads: int = 1,
) -> None: ...
def reduce_frames(
    x: _Real,
    window: _Real,
    hop: int,
    n_frames: int,
    power: float,
    kind: int,
    freq: NDArray[np.float64],
    p: float,
    norm: bool,
    roll_percent: float,
    amin: float,
    sum_mode: int,
    single: bool,
    out: NDArray[np.float64],
    first_frame: int,
    n_threads: int = ...,
    window64: Optional[NDArray[np.float64]] = ...,
    bands: object = ...,
) -> None: ...
def tempogram_frames(
    x: _Real, window: _Real, n_pad: int, norm_inf: bool, out: _Real, n_threads: int = ...
) -> None: ...
