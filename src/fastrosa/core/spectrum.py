"""Short-time Fourier transforms (librosa.core.spectrum equivalents).

Adapted from librosa (ISC licence). The heavy lifting is in the C kernels
(csrc/stft.c), reached through fastrosa._ext._spectrum; this module keeps
librosa's argument handling, validation, padding and output shapes.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any, NamedTuple, Optional, Tuple

import numpy as np

from .. import _config, _fftw
from .._ext import _db, _filter, _spectrum
from .._ext._layout import _as_matrices, _as_rows
from ..filters import get_window
from . import _lfilter
from ..util import utils as util
from ..util.exceptions import ParameterError
from ..util import _checks
from ..util._checks import checked

__all__ = ["stft", "istft", "magphase", "power_to_db", "amplitude_to_db", "db_to_power",
           "db_to_amplitude", "pcen"]

_BAD_PAD_MODES = ("wrap", "maximum", "mean", "median", "minimum")


def _hop_win(n_fft: int, hop_length: Optional[int], win_length: Optional[int]):
    """librosa's defaults (win_length = n_fft, hop = win_length // 4) and hop check."""
    if win_length is None:
        win_length = n_fft
    if hop_length is None:
        hop_length = int(win_length // 4)
        if hop_length < 1:
            raise ParameterError(f"hop_length defaults to win_length // 4, which is 0 for "
                                 f"win_length={win_length}: give hop_length")
    elif not util.is_positive_int(hop_length):
        raise ParameterError(f"hop_length={hop_length} must be a positive integer")
    return hop_length, win_length


@functools.lru_cache(maxsize=64)
def _cached_window(window, win_length: int, n_fft: int, dtype: np.dtype) -> np.ndarray:
    w = util.pad_center(get_window(window, win_length, fftbins=True), size=n_fft)
    w = np.ascontiguousarray(w, dtype=dtype)
    w.flags.writeable = False
    return w


def _window(window, win_length: int, n_fft: int, dtype) -> np.ndarray:
    """The zero-padded analysis window, cached for hashable specifications."""
    if isinstance(window, (str, tuple, float, int)):
        try:
            return _cached_window(window, win_length, n_fft, np.dtype(dtype))
        except TypeError:  # an unhashable tuple: compute it afresh
            pass
    w = util.pad_center(get_window(window, win_length, fftbins=True), size=n_fft)
    return np.ascontiguousarray(w, dtype=dtype)


def _pad(x: np.ndarray, before: int, after: int, mode) -> np.ndarray:
    """np.pad of the last axis; the default zero padding without np.pad's overhead."""
    if isinstance(mode, str) and mode == "constant":
        out = np.zeros((x.shape[0], before + x.shape[1] + after), dtype=x.dtype)
        out[:, before: before + x.shape[1]] = x
        return out
    return np.pad(x, [(0, 0), (before, after)], mode=mode)


def _count_frames(x: np.ndarray, n_fft: int, hop_length: int) -> int:
    """``util.frame(x, frame_length=n_fft, hop_length=hop_length).shape[-1]``
    without framing (util.frame itself, and its error, for too short an x)."""
    if x.shape[-1] < n_fft:
        return util.frame(x, frame_length=n_fft, hop_length=hop_length).shape[-1]
    return 1 + (x.shape[-1] - n_fft) // hop_length


class _Runs(NamedTuple):
    x: np.ndarray  # the signal as (rows, n) of the working precision
    window: np.ndarray  # the analysis window, zero-padded to n_fft
    hop_length: int
    parts: list  # (rows view, frame count) of each run of frames, in order
    n_frames: int


def _frame_runs(y, *, n_fft, hop_length, win_length, window, center, pad_mode, precision,
                valid=False) -> _Runs:
    """librosa.stft's validation, defaults and framing, without framing anything:
    the frames as up to three runs (padded head, the signal itself, padded
    tail) that the C kernels read in place. ``precision(y)`` gives the working
    float dtype once ``y`` is known to be valid audio (``valid``: derived from
    a signal already checked, as the constant-Q octaves' are)."""
    hop_length, win_length = _hop_win(n_fft, hop_length, win_length)
    if not valid:
        util.valid_audio(y)
    real = np.dtype(precision(y))

    w = _window(window, win_length, n_fft, real)
    x = _as_rows(y, real)
    n = y.shape[-1]
    half = n_fft // 2

    # (rows, frame count) of each run of frames, in output order; a run's
    # frames start at its rows' first sample.
    parts = []
    if center:
        if isinstance(pad_mode, str) and pad_mode in _BAD_PAD_MODES:
            raise ParameterError(f"pad_mode='{pad_mode}' is not supported by librosa.stft")
        if n_fft > n:
            warnings.warn(f"n_fft={n_fft} is too large for input signal of length={n}",
                          stacklevel=2)
        # librosa's split: pad only the few frames that overlap either edge,
        # and frame the rest straight from the signal.
        start_k = int(np.ceil(half / hop_length))
        tail_k = (n + half - n_fft) // hop_length + 1
        if tail_k <= start_k:
            xp = _pad(x, half, half, pad_mode)
            parts.append((xp, _count_frames(xp, n_fft, hop_length)))
        else:
            start = start_k * hop_length - half
            pre = _pad(x[:, : (start_k - 1) * hop_length - half + n_fft + 1], half, 0, pad_mode)
            n_pre = min(start_k, _count_frames(pre, n_fft, hop_length))
            parts.append((pre, n_pre))
            body = x[:, start:]
            parts.append((body, _count_frames(body, n_fft, hop_length)))
            if tail_k * hop_length - half + n_fft <= n + half:
                post = _pad(x[:, tail_k * hop_length - half:], 0, half, pad_mode)
                parts.append((post, _count_frames(post, n_fft, hop_length)))
    else:
        if n_fft > n:
            raise ParameterError(
                f"n_fft={n_fft} is too large for uncentered analysis of input signal of length={n}"
            )
        parts.append((x, _count_frames(x, n_fft, hop_length)))

    n_frames = sum(count for _, count in parts)
    _checks.values(x.shape[0] * n_frames * (1 + half), "the STFT")
    return _Runs(x, w, hop_length, parts, n_frames)


def _stft_target(y, dtype, out):
    """The complex dtype stft returns (out's, when given) and the real
    precision it computes in, that of the result."""
    target = np.dtype(util.dtype_r2c(y.dtype) if dtype is None else dtype)
    if out is not None and np.iscomplexobj(out):
        target = out.dtype
    return target, (np.float32 if target == np.complex64 else np.float64)


@checked
def stft(
    y: np.ndarray,
    *,
    n_fft: int = 2048,
    hop_length: Optional[int] = None,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    dtype: Optional[Any] = None,
    pad_mode: Any = "constant",
    out: Optional[np.ndarray] = None,
) -> np.ndarray:
    """Short-time Fourier transform (STFT), as ``librosa.stft``.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)], real-valued
        Input signal; multichannel input is transformed along the last axis.
    n_fft : int > 0
        Length of the windowed signal after zero-padding.
    hop_length : int > 0 or None
        Number of samples between frames; ``win_length // 4`` by default.
    win_length : int <= n_fft or None
        Window length (``n_fft`` by default); the window is zero-padded to ``n_fft``.
    window : str, tuple, number, callable, or np.ndarray [shape=(n_fft,)]
        A window specification (see `fastrosa.filters.get_window`).
    center : bool
        If True, frame ``t`` is centred at ``y[t * hop_length]`` (the signal is
        padded by ``n_fft // 2`` at both ends with ``pad_mode``).
    dtype : np.dtype or None
        Complex output dtype; by default ``complex64`` for ``float32`` input and
        ``complex128`` for ``float64``.
    pad_mode : str or callable
        Padding mode for centred frames (as `numpy.pad`; 'wrap', 'maximum',
        'mean', 'median' and 'minimum' are refused, as in librosa).
    out : np.ndarray or None
        A pre-allocated complex array to write into.

    Returns
    -------
    D : np.ndarray [shape=(..., 1 + n_fft/2, n_frames), dtype=dtype]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050).astype(np.float32)
    >>> D = fastrosa.stft(y)
    >>> D.shape, D.dtype
    ((1025, 44), dtype('complex64'))
    >>> int(np.abs(D[:, 10]).argmax())  # 440 Hz is bin 440 / (22050 / 2048)
    41
    """
    runs = _frame_runs(y, n_fft=n_fft, hop_length=hop_length, win_length=win_length,
                       window=window, center=center, pad_mode=pad_mode,
                       precision=lambda valid: _stft_target(valid, dtype, out)[1])
    target = _stft_target(y, dtype, out)[0]
    x, n_frames, real = runs.x, runs.n_frames, runs.x.dtype
    n_freq = 1 + n_fft // 2
    shape = y.shape[:-1] + (n_freq, n_frames)
    if out is not None:
        if not (np.allclose(out.shape[:-1], shape[:-1]) and out.shape[-1] >= shape[-1]):
            raise ParameterError(
                f"Shape mismatch for provided output array out.shape={out.shape} and target shape={list(shape)}"
            )
        if not np.iscomplexobj(out):
            raise ParameterError(f"output with dtype={out.dtype} is not of complex type")

    _fftw.ensure_loaded()
    result = np.empty((x.shape[0], n_frames, n_freq), dtype=util.dtype_r2c(real))
    flat = result.reshape(x.shape[0], n_frames * n_freq).view(real)
    first = 0
    for rows, count in runs.parts:
        _spectrum.stft_frames(rows, runs.window, runs.hop_length, count, flat, first,
                              _config.get_num_threads())
        first += count
    D = result.transpose(0, 2, 1).reshape(shape)
    if out is not None:
        dest = out if out.shape[-1] == n_frames else out[..., :n_frames]
        dest[...] = D
        return dest
    return D if target == D.dtype else D.astype(target)


@checked
def istft(
    stft_matrix: np.ndarray,
    *,
    hop_length: Optional[int] = None,
    win_length: Optional[int] = None,
    n_fft: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    dtype: Optional[Any] = None,
    length: Optional[int] = None,
    out: Optional[np.ndarray] = None,
) -> np.ndarray:
    """Inverse short-time Fourier transform (ISTFT), as ``librosa.istft``.

    Weighted overlap-add of the inverse FFTs of the columns of ``stft_matrix``,
    normalised by the window's sum of squares where it is non-negligible.

    Parameters
    ----------
    stft_matrix : np.ndarray [shape=(..., 1 + n_fft//2, t)]
    hop_length, win_length, window, center : as for `stft`
    n_fft : int > 0 or None
        ``2 * (stft_matrix.shape[-2] - 1)`` by default.
    dtype : numeric type or None
        Real output dtype; by default the real counterpart of the input's.
    length : int > 0 or None
        If given, the output is zero-padded or clipped to exactly ``length``.
    out : np.ndarray or None
        A pre-allocated real array of the output's shape.

    Returns
    -------
    y : np.ndarray [shape=(..., n)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050)
    >>> y_hat = fastrosa.istft(fastrosa.stft(y), length=len(y))
    >>> bool(np.allclose(y, y_hat))
    True
    """
    stft_matrix = np.asarray(stft_matrix)
    if n_fft is None:
        n_fft = 2 * (stft_matrix.shape[-2] - 1)
    hop_length, win_length = _hop_win(n_fft, hop_length, win_length)
    if dtype is None:
        dtype = util.dtype_c2r(stft_matrix.dtype)
    real = np.dtype(np.float32) if np.dtype(dtype).itemsize <= 4 else np.dtype(np.float64)
    ifft_window = _window(window, win_length, n_fft, real)
    if hop_length < 1:  # librosa divides by zero here; say what is wrong instead
        raise ParameterError(f"Invalid hop_length: {hop_length:d}")

    n_frames, expected_signal_len = _istft_geometry(stft_matrix.shape[-1], n_fft, hop_length,
                                                    center, length)
    lead = list(stft_matrix.shape[:-2])
    shape = lead + [expected_signal_len]
    _checks.values(int(np.prod(shape, dtype=np.float64)), "the inverse STFT")

    if out is None:
        y = np.zeros(shape, dtype=dtype)
    elif not np.allclose(out.shape, shape):
        raise ParameterError(f"Shape mismatch for provided output array out.shape={out.shape} != {shape}")
    else:
        y = out
        y.fill(0.0)
    if y.dtype == np.float16 and n_frames > 0:
        # librosa's compiled overlap-add has no half-precision version
        raise NotImplementedError("float16")

    cplx = np.complex64 if real == np.float32 else np.complex128
    n_freq = 1 + n_fft // 2
    # read in place whatever the layout (stft's frame-major memory, or a
    # C-ordered (freq, time) array): the kernel gathers frames by strides
    X = np.asarray(stft_matrix[..., :n_frames]).astype(cplx, copy=False)
    if X.shape[-2] != n_freq:
        # irfft(n=n_fft) crops or zero-pads the spectrum to n_fft // 2 + 1 bins
        fixed = np.swapaxes(np.zeros(X.shape[:-2] + (n_frames, n_freq), dtype=cplx), -1, -2)
        k = min(n_freq, X.shape[-2])
        fixed[..., :k, :] = X[..., :k, :]
        X = fixed
    X = _as_matrices(X)
    rows = X.shape[0]
    work = y if (y.dtype == real and y.flags.c_contiguous) else np.zeros(shape, dtype=real)
    _fftw.ensure_loaded()
    _spectrum.istft_ola(X[..., None].view(real), hop_length, ifft_window,
                        n_fft // 2 if center else 0, work.reshape(rows, expected_signal_len),
                        _config.get_num_threads())
    if work is not y:
        y[...] = work
    return y


def _istft_geometry(n_stored: int, n_fft: int, hop_length: int, center: bool, length):
    """librosa's istft: ``(n_frames, n_samples)``, the frames used (all, or as
    many as ``length`` needs) and the length of the output."""
    if length:
        padded_length = length + 2 * (n_fft // 2) if center else length
        n_frames = min(n_stored, int(np.ceil(padded_length / hop_length)))
    else:
        n_frames = n_stored
    n_samples = n_fft + hop_length * (n_frames - 1)
    if length:
        n_samples = length
    elif center:
        n_samples -= 2 * (n_fft // 2)
    return n_frames, n_samples


def magphase(D: np.ndarray, *, power: float = 1) -> Tuple[np.ndarray, np.ndarray]:
    """Separate a complex spectrogram into magnitude and phase, as ``librosa.magphase``.

    ``D == S * P`` where ``S = np.abs(D) ** power`` and ``P`` has unit
    magnitude (``1 + 0j`` where ``D`` is zero).

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> S, P = fastrosa.magphase(np.array([3 + 4j, 0j]))
    >>> S, P
    (array([5., 0.]), array([0.6+0.8j, 1. +0.j ]))
    """
    mag = np.abs(D)
    zeros_to_ones = mag == 0
    mag_nonzero = mag + zeros_to_ones
    phase = np.empty_like(D, dtype=util.dtype_r2c(D.dtype))
    phase.real = D.real / mag_nonzero + zeros_to_ones
    phase.imag = D.imag / mag_nonzero
    mag **= power
    return mag, phase


def _spectrogram(
    *,
    y: Optional[np.ndarray] = None,
    S: Optional[np.ndarray] = None,
    n_fft: Optional[int] = 2048,
    hop_length: Optional[int] = 512,
    power: float = 1,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
    filterbank=None,
) -> Tuple[np.ndarray, int]:
    """librosa's ``_spectrogram``: ``S`` as given, or ``|stft(y)|**power``.

    The power spectrogram is computed in the same pass as the transform (the
    complex STFT is never stored). ``filterbank(n_fft)``, when given, returns
    ``(basis, bands)`` (see `_bands`): the result is then ``basis @ S``, fused
    into the same pass when the basis has the working precision.
    """
    if S is not None:
        if n_fft is None or n_fft // 2 + 1 != S.shape[-2]:
            n_fft = 2 * (S.shape[-2] - 1)
        if filterbank is not None:
            S = _project_stored(S, *filterbank(n_fft))
        return S, n_fft
    if n_fft is None:
        raise ParameterError(f"Unable to compute spectrogram with n_fft={n_fft}")
    if y is None:
        raise ParameterError("Input signal must be provided to compute a spectrogram")

    runs = _frame_runs(y, n_fft=n_fft, hop_length=hop_length, win_length=win_length,
                       window=window, center=center, pad_mode=pad_mode,
                       precision=lambda y: util.dtype_c2r(util.dtype_r2c(y.dtype)))
    x, real = runs.x, runs.x.dtype
    basis, bands = filterbank(n_fft) if filterbank is not None else (None, None)
    if basis is not None and basis.dtype.itemsize < real.itemsize:
        # librosa's product promotes the basis to the signal's precision;
        # projecting on the promoted bands gives that product without BLAS
        # (whose rounding changes with its thread count).
        basis = basis.astype(real)
        bands = _bands(basis)
    fused = basis is not None and basis.dtype == real and _finite_power(x, runs.window, power)
    n_out = basis.shape[0] if fused else 1 + n_fft // 2
    out = np.empty((x.shape[0], n_out, runs.n_frames), dtype=real)
    _fftw.ensure_loaded()
    first = 0
    for rows, count in runs.parts:
        _spectrum.power_frames(rows, runs.window, runs.hop_length, count, float(power),
                               bands if fused else None, out, first, _config.get_num_threads())
        first += count
    S = out.reshape(y.shape[:-1] + out.shape[1:])
    if basis is not None and not fused:  # a wider basis, or non-finite powers: as librosa
        S = np.einsum("...ft,mf->...mt", S, basis, optimize=True)
    return S, n_fft


def _project_stored(S, basis, bands):
    """``einsum("...ft,mf->...mt", S, basis)`` (librosa's product) for a stored
    spectrogram: float32/float64 arrays through the banded C kernel, in the
    arithmetic of the fused transform (each band's bins in order; no BLAS,
    whose rounding changes with its thread count), reading either memory
    order of the last two axes without a copy."""
    S = np.asarray(S)
    real = np.result_type(S, basis)
    if (real not in (np.float32, np.float64) or np.iscomplexobj(S) or S.ndim < 2
            or S.shape[-2] != basis.shape[1]):
        return np.einsum("...ft,mf->...mt", S, basis, optimize=True)
    if basis.dtype != real:
        basis = basis.astype(real)
        bands = _bands(basis)
    n_freq, n_frames = S.shape[-2:]
    lead = S.shape[:-2]
    rows = int(np.prod(lead, dtype=np.int64))
    S = S.astype(real, copy=False)
    frames_major = not S.flags.c_contiguous and np.swapaxes(S, -1, -2).flags.c_contiguous
    flat = (np.swapaxes(S, -1, -2) if frames_major else np.ascontiguousarray(S))
    out = np.empty((rows, basis.shape[0], n_frames), dtype=real)
    _spectrum.project_bands(flat.reshape(rows, n_freq * n_frames), n_freq, n_frames,
                            frames_major, bands, out, _config.get_num_threads())
    return out.reshape(lead + out.shape[1:])


def _finite_power(x: np.ndarray, window: np.ndarray, power) -> bool:
    """Whether every ``|STFT(x)|**power`` is surely finite (with room to sum
    a filterbank over the bins). Only then does projecting on the bins a
    filter covers equal librosa's dense product, where a weight of 0 times
    an inf or NaN power is NaN in every band of the frame."""
    if not power > 0:
        return False  # |0|**power is inf (or NaN)
    if not x.size:
        return True
    peak = max(float(np.max(x)), -float(np.min(x)))  # NaN if x holds one
    with np.errstate(over="ignore", invalid="ignore"):
        bound = np.float64(peak) * float(np.sum(np.abs(window))) + 1.0
        limit = np.finfo(x.dtype).max / (2.0 * window.size + 2.0)
        return bool(np.isfinite(peak) and np.power(bound, float(power)) < limit)


def _bands(basis: np.ndarray):
    """A dense filterbank (bands, bins) as the C kernels' sparse form: per band
    the first and one-past-last bin of its support and its weights there."""
    lo, hi, off, weights = [], [], [], []
    total = 0
    for row in basis:
        nz = np.flatnonzero(row)
        a, b = (int(nz[0]), int(nz[-1]) + 1) if nz.size else (0, 0)
        lo.append(a)
        hi.append(b)
        off.append(total)
        weights.append(row[a:b])
        total += b - a
    weights.append(np.zeros(1, dtype=basis.dtype))  # never empty
    as_intp = lambda v: np.asarray(v, dtype=np.intp)  # noqa: E731
    return as_intp(lo), as_intp(hi), as_intp(off), np.ascontiguousarray(np.concatenate(weights))


def power_to_db(S, *, ref: Any = 1.0, amin: float = 1e-10, top_db: Optional[float] = 80.0):
    """Convert a power spectrogram to decibels, as ``librosa.power_to_db``.

    ``10 * log10(max(amin, S) / max(amin, ref))``, then (unless ``top_db`` is
    None) clipped below at ``max - top_db``. Real float32/float64 arrays go
    through one C pass (csrc/db.c: a vectorised logarithm within a few ulp of
    NumPy's, the maximum found on the way) and a clipping pass; everything
    else (scalars, integers, float16, array-valued ``ref``) takes librosa's
    NumPy route.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.power_to_db(np.array([1.0, 10.0, 1e-12]))
    array([  0.,  10., -70.])
    """
    S = np.asarray(S)
    if amin <= 0:
        raise ParameterError("amin must be strictly positive")
    if np.issubdtype(S.dtype, np.complexfloating):
        warnings.warn(
            "power_to_db was called on complex input so phase "
            "information will be discarded. To suppress this warning, "
            "call power_to_db(np.abs(D)**2) instead.",
            stacklevel=2,
        )
        magnitude = np.abs(S)
    else:
        magnitude = S
    ref_value = ref(magnitude) if callable(ref) else np.abs(ref)
    # (an empty array with top_db goes the NumPy way, to fail as librosa does)
    if (magnitude.dtype in (np.float32, np.float64) and magnitude.ndim and np.ndim(ref_value) == 0
            and (magnitude.size or top_db is None)
            and amin > 0 and (top_db is None or top_db >= 0)):
        # The reference goes through the same logarithm as the data, so a value
        # equal to it (silence against amin, the peak against ref=np.max) is 0 dB
        # exactly, as in librosa.
        ref_db = np.empty(1, magnitude.dtype)
        _db.power_to_db(np.array([ref_value], magnitude.dtype), float(amin), 0.0, -1.0, ref_db)
        if not (magnitude.flags.c_contiguous or magnitude.flags.f_contiguous):
            magnitude = np.ascontiguousarray(magnitude)
        out = np.empty_like(magnitude)  # same memory order, so both ravel as views
        _db.power_to_db(magnitude.ravel(order="K"), float(amin), float(ref_db[0]),
                        -1.0 if top_db is None else float(top_db), out.ravel(order="K"))
        return out
    ref_db = 10.0 * np.log10(np.maximum(amin, ref_value))
    log_spec = 10.0 * np.log10(np.maximum(amin, magnitude))
    log_spec -= ref_db
    if top_db is not None:
        if top_db < 0:  # checked after the logarithm, as librosa (which may fail first)
            raise ParameterError("top_db must be non-negative")
        log_spec = np.maximum(log_spec, log_spec.max() - top_db)
    return log_spec


def amplitude_to_db(S, *, ref: Any = 1.0, amin: float = 1e-5, top_db: Optional[float] = 80.0):
    """Convert an amplitude spectrogram to decibels, as ``librosa.amplitude_to_db``
    (``power_to_db(S**2, ref=ref**2, amin=amin**2, top_db=top_db)``).

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.amplitude_to_db(np.array([1.0, 10.0]))
    array([ 0., 20.])
    """
    S = np.asarray(S)
    if np.issubdtype(S.dtype, np.complexfloating):
        warnings.warn(
            "amplitude_to_db was called on complex input so phase "
            "information will be discarded. To suppress this warning, "
            "call amplitude_to_db(np.abs(S)) instead.",
            stacklevel=2,
        )
    magnitude = np.abs(S)
    ref_value = ref(magnitude) if callable(ref) else np.abs(ref)
    power = np.square(magnitude, out=magnitude if isinstance(magnitude, np.ndarray) else None)
    return power_to_db(power, ref=ref_value**2, amin=amin**2, top_db=top_db)


def db_to_power(S_db, *, ref: float = 1.0):
    """Convert decibels to power, as ``librosa.db_to_power``: ``ref * 10**(S_db / 10)``.

    Examples
    --------
    >>> import fastrosa
    >>> float(fastrosa.db_to_power(20.0))
    100.0
    """
    return ref * np.power(10.0, S_db * 0.1)


def db_to_amplitude(S_db, *, ref: float = 1.0):
    """Convert decibels to amplitude, as ``librosa.db_to_amplitude``.

    Examples
    --------
    >>> import fastrosa
    >>> float(fastrosa.db_to_amplitude(20.0))
    10.0
    """
    return db_to_power(S_db, ref=ref**2) ** 0.5


_PCEN_MODES = {"log1p": 0, "pow": 1, "bias": 2, "sqrt": 3}  # csrc/include/fastrosa/filter.h


def _pcen_zi(b: float) -> np.ndarray:
    """scipy.signal.lfilter_zi([b], [1, b - 1]), in scipy's operations."""
    a = np.asarray([1, b - 1], dtype=np.result_type(float, np.asarray(b)))
    i_minus_a = np.eye(1) - (-a[1:] / (1.0 * a[0]))[np.newaxis, :]
    return np.linalg.solve(i_minus_a, np.zeros(1) - a[1:] * b)


@checked
def pcen(S: np.ndarray, *, sr: float = 22050, hop_length: int = 512, gain: float = 0.98,
         bias: float = 2, power: float = 0.5, time_constant: float = 0.400, eps: float = 1e-6,
         b: Optional[float] = None, max_size: int = 1, ref: Optional[np.ndarray] = None,
         axis: int = -1, max_axis: Optional[int] = None, zi: Optional[np.ndarray] = None,
         return_zf: bool = False):
    """Per-channel energy normalization (PCEN), as ``librosa.pcen``.

    ``P = ((S / (eps + M)**gain) + bias)**power - bias**power`` with ``M``
    the first-order IIR smoothing of ``ref`` (default ``S``) along ``axis``,
    ``M[t] = (1 - b) M[t-1] + b ref[t]`` (``scipy.signal.lfilter`` in
    librosa, its default state ``lfilter_zi``), in librosa's log-space form.
    Real float32/float64 input runs as one C pass per row (csrc/pcen.simd.c:
    the filter in scipy's operations, then vectorised exp/log within a few
    ulp of NumPy's); the result is float64, as librosa's.

    Parameters
    ----------
    S : np.ndarray (non-negative)
        The input (magnitude) spectrogram; multi-channel is supported.
    sr, hop_length : number > 0, int > 0
        Sampling rate and hop, for the time constant.
    gain, bias, power : number >= 0
        Gain control exponent, bias and compression exponent.
    time_constant : number > 0
        Smoothing time constant in seconds.
    eps : number > 0
        Floor of the gain control.
    b : number in [0, 1]
        Smoothing coefficient; by default from ``time_constant``.
    max_size : int > 0
        Size of the maximum filter along ``max_axis`` applied to ``S`` for
        the default ``ref``.
    ref : np.ndarray
        The array to smooth (default: ``S``, max-filtered when ``max_size > 1``).
    axis, max_axis : int
        The time axis, and the axis of the maximum filter.
    zi : np.ndarray
        Initial filter state.
    return_zf : bool
        Also return the final filter state.

    Returns
    -------
    P : np.ndarray
        The PCEN spectrogram.
    zf : np.ndarray
        The final filter state, if ``return_zf``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> S = np.ones((2, 4))
    >>> fastrosa.pcen(S, b=0.5, gain=1.0, bias=1.0, power=1.0, eps=1.0).round(6)
    array([[0.5, 0.5, 0.5, 0.5],
           [0.5, 0.5, 0.5, 0.5]])
    """
    if power < 0:
        raise ParameterError(f"power={power} must be nonnegative")
    if gain < 0:
        raise ParameterError(f"gain={gain} must be non-negative")
    if bias < 0:
        raise ParameterError(f"bias={bias} must be non-negative")
    if eps <= 0:
        raise ParameterError(f"eps={eps} must be strictly positive")
    if time_constant <= 0:
        raise ParameterError(f"time_constant={time_constant} must be strictly positive")
    if not util.is_positive_int(max_size):
        raise ParameterError(f"max_size={max_size} must be a positive integer")
    if b is None:
        t_frames = time_constant * sr / float(hop_length)
        # b**2 + (1 - b) / t_frames - 2 = 0: the full width at half maximum of
        # the squared frequency response of the low-pass filter
        b = (np.sqrt(1 + 4 * t_frames**2) - 1) / (2 * t_frames**2)
    if not 0 <= b <= 1:
        raise ParameterError(f"b={b} must be between 0 and 1")
    if np.issubdtype(S.dtype, np.complexfloating):
        warnings.warn(
            "pcen was called on complex input so phase "
            "information will be discarded. To suppress this warning, "
            "call pcen(np.abs(D)) instead.",
            stacklevel=2,
        )
        S = np.abs(S)
    if ref is None:
        if max_size == 1:
            ref = S
        elif S.ndim == 1:
            raise ParameterError("Max-filtering cannot be applied to 1-dimensional input")
        else:
            if max_axis is None:
                if S.ndim != 2:
                    raise ParameterError(
                        f"Max-filtering a {S.ndim:d}-dimensional spectrogram "
                        "requires you to specify max_axis"
                    )
                max_axis = np.mod(1 - axis, 2)
            ref = _lfilter.maximum_filter1d(S, max_size, max_axis)
    if zi is None:
        zi = np.empty(tuple([1] * ref.ndim))
        zi[:] = _pcen_zi(b)[:]
    # the smoothing along the last axis
    if isinstance(axis, (int, np.integer)) and not -np.ndim(ref) <= axis < np.ndim(ref):
        raise ValueError("selected axis is out of range")  # scipy's lfilter's
    ref_t = np.moveaxis(np.asarray(ref), axis, -1)
    zi_t = np.moveaxis(np.asarray(zi), axis, -1) if np.ndim(zi) == ref_t.ndim else zi
    zi_t = _lfilter.state(zi_t, ref_t, fir=False)
    S_t = np.moveaxis(S, axis, -1)
    mode = ("log1p" if power == 0 else "pow" if bias == 0 else "bias")
    if (S_t.dtype in _lfilter.KERNEL_DTYPES and ref_t.dtype == S_t.dtype
            and S_t.shape == ref_t.shape and zi_t.dtype.kind in "fiu"
            and np.ndim(b) == 0 and np.isreal(b)):
        # a spectrogram as stft lays it out (frames outermost) is read in place
        frames = S_t.ndim == 2 and S_t.T.flags.c_contiguous and (
            ref is S or ref_t.T.flags.c_contiguous)
        if frames:
            x = S_t.T
            r = x if ref is S else ref_t.T
        else:
            x = _as_rows(S_t)
            r = x if ref is S else _as_rows(ref_t)
        out = np.empty(x.shape, dtype=np.float64)
        zf = np.empty(S_t.shape[0] if frames else x.shape[0], dtype=np.float64)
        _filter.pcen(x, r, np.ascontiguousarray(zi_t, np.float64).reshape(-1), float(b),
                     float(gain), float(eps), float(power), float(bias), float(bias**power),
                     _PCEN_MODES["sqrt" if mode == "bias" and power == 0.5 else mode], out, zf,
                     frames)
        out = out.T if frames else out
        S_out = np.moveaxis(out.reshape(S_t.shape), -1, axis)
        zf = np.moveaxis(zf.reshape(S_t.shape[:-1] + (1,)), -1, axis)
    else:  # librosa's NumPy formulas after the same filter
        S_smooth, zf = _lfilter.lfilter1(np.asarray([b]), np.asarray([1, b - 1]), ref_t, zi_t)
        S_smooth = np.moveaxis(S_smooth, -1, axis)
        zf = np.moveaxis(zf, -1, axis)
        smooth = np.exp(-gain * (np.log(eps) + np.log1p(S_smooth / eps)))
        if mode == "log1p":
            S_out = np.log1p(S * smooth)
        elif mode == "pow":
            S_out = np.exp(power * (np.log(S) + np.log(smooth)))
        else:
            S_out = (bias**power) * np.expm1(power * np.log1p(S * smooth / bias))
    if return_zf:
        return S_out, zf
    return S_out
