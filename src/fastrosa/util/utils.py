"""Array utilities (librosa.util equivalents).

Adapted from librosa (ISC licence).  Pure NumPy: no numba, no scipy.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence, Union

import numpy as np
from numpy.lib.stride_tricks import as_strided
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy.typing is slow to import and only annotations need it
    from numpy.typing import DTypeLike

# peak_pick's kernel layout; feature.spectral and feature._shape
# still reach it as util._as_rows
from .._ext import _signal
from .._ext._layout import _as_rows
from .exceptions import ParameterError

# Constrain STFT block sizes to 256 KB
MAX_MEM_BLOCK = 2**8 * 2**10

__all__ = [
    "MAX_MEM_BLOCK",
    "frame",
    "pad_center",
    "expand_to",
    "fix_length",
    "valid_audio",
    "valid_int",
    "is_positive_int",
    "normalize",
    "localmax",
    "localmin",
    "tiny",
    "dtype_r2c",
    "dtype_c2r",
    "softmask",
    "peak_pick",
    "fix_frames",
]


def frame(
    x: np.ndarray,
    *,
    frame_length: int,
    hop_length: int,
    axis: int = -1,
    writeable: bool = False,
    subok: bool = False,
) -> np.ndarray:
    """Slice a data array into (overlapping) frames, as a strided view.

    A new frame axis is added before the framing axis if ``axis < 0``,
    after it if ``axis >= 0``.

    Parameters
    ----------
    x : np.ndarray
        Array to frame.
    frame_length : int > 0
        Length of each frame.
    hop_length : int > 0
        Number of samples to advance between frames.
    axis : int
        The axis along which to frame.
    writeable : bool
        If False (default) the view is read-only; if True, writing to it
        writes to ``x``.
    subok : bool
        If True, sub-classes of ndarray are passed through.

    Returns
    -------
    x_frames : np.ndarray [shape=(..., frame_length, n_frames, ...)]
        With ``axis=-1``, ``x_frames[..., j] == x[..., j*hop_length : j*hop_length + frame_length]``.

    Raises
    ------
    ParameterError
        If ``x.shape[axis] < frame_length`` or ``hop_length < 1``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.frame(np.arange(7), frame_length=3, hop_length=2)
    array([[0, 2, 4],
           [1, 3, 5],
           [2, 4, 6]])
    >>> fastrosa.util.frame(np.arange(7), frame_length=3, hop_length=2, axis=0)
    array([[0, 1, 2],
           [2, 3, 4],
           [4, 5, 6]])
    """
    # librosa calls np.array(x, copy=False), which under NumPy 2 rejects
    # non-array input; we accept anything array-like instead.
    x = np.asanyarray(x) if subok else np.asarray(x)

    if x.shape[axis] < frame_length:
        raise ParameterError(
            f"Input is too short (n={x.shape[axis]:d}) for frame_length={frame_length:d}"
        )

    if hop_length < 1:
        raise ParameterError(f"Invalid hop_length: {hop_length:d}")

    # The within-frame axis goes last for now, then moves beside the framing axis.
    out_strides = x.strides + (x.strides[axis],)
    shape = list(x.shape)
    shape[axis] -= frame_length - 1
    xw = as_strided(
        x,
        strides=out_strides,
        shape=tuple(shape) + (frame_length,),
        subok=subok,
        writeable=writeable,
    )
    xw = np.moveaxis(xw, -1, axis - 1 if axis < 0 else axis + 1)

    slices = [slice(None)] * xw.ndim
    slices[axis] = slice(0, None, hop_length)
    return xw[tuple(slices)]


def _scannable(x) -> bool:
    return (isinstance(x, np.ndarray) and x.dtype in (np.float32, np.float64)
            and (x.flags.c_contiguous or x.flags.f_contiguous))


def _scan(x) -> tuple:
    """``(np.isfinite(x).all(), np.any(x < 0))`` as Python bools: for a
    float32 or float64 array stored contiguously (in either order), one pass
    in C without NumPy's boolean temporaries."""
    if _scannable(x):
        return _signal.scan(x.reshape(-1, order="A"))
    return bool(np.isfinite(x).all()), bool(np.any(x < 0))


def _all_finite(x) -> bool:
    """``np.isfinite(x).all()`` (see `_scan`)."""
    return _signal.scan(x.reshape(-1, order="A"))[0] if _scannable(x) else bool(np.isfinite(x).all())


def valid_audio(y: np.ndarray) -> bool:
    """Check that ``y`` is a finite, floating-point ndarray with ``ndim >= 1``.

    Parameters
    ----------
    y : np.ndarray
        The input data to validate.

    Returns
    -------
    valid : bool
        True if all checks pass.

    Raises
    ------
    ParameterError
        If any check fails.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.valid_audio(np.zeros(4))
    True
    """
    if not isinstance(y, np.ndarray):
        raise ParameterError("Audio data must be of type numpy.ndarray")

    if not np.issubdtype(y.dtype, np.floating):
        raise ParameterError("Audio data must be floating-point")

    if y.ndim == 0:
        raise ParameterError(
            f"Audio data must be at least one-dimensional, given y.shape={y.shape}"
        )

    if not _all_finite(y):
        raise ParameterError("Audio buffer is not finite everywhere")

    return True


def valid_int(x: float, *, cast: Optional[Callable[[float], float]] = None) -> int:
    """Cast ``x`` to int, after applying ``cast`` (default `np.floor`).

    Parameters
    ----------
    x : number
        A scalar value to be cast to int.
    cast : callable, optional
        A function applied to ``x`` before casting.

    Returns
    -------
    x_int : int
        ``int(cast(x))``

    Raises
    ------
    ParameterError
        If ``cast`` is not callable.
    """
    if cast is None:
        cast = np.floor

    if not callable(cast):
        raise ParameterError("cast parameter must be callable")

    return int(cast(x))


def is_positive_int(x: float) -> bool:
    """Check that ``x`` is an integer (Python or NumPy) of value 1 or greater."""
    return isinstance(x, (int, np.integer)) and (x > 0)


def pad_center(data: np.ndarray, *, size: int, axis: int = -1, **kwargs: Any) -> np.ndarray:
    """Pad an array to length ``size`` along ``axis``, centring the data.

    Parameters
    ----------
    data : np.ndarray
        Array to be padded and centred.
    size : int >= data.shape[axis]
        Target length.
    axis : int
        Axis along which to pad.
    **kwargs
        Passed to `np.pad` (``mode`` defaults to ``'constant'``).

    Returns
    -------
    data_padded : np.ndarray
        ``data`` centred and padded to length ``size`` along ``axis``.

    Raises
    ------
    ParameterError
        If ``size < data.shape[axis]``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.pad_center(np.ones(5), size=10)
    array([0., 0., 1., 1., 1., 1., 1., 0., 0., 0.])
    """
    kwargs.setdefault("mode", "constant")

    n = data.shape[axis]
    lpad = int((size - n) // 2)

    lengths = [(0, 0)] * data.ndim
    lengths[axis] = (lpad, int(size - n - lpad))

    if lpad < 0:
        raise ParameterError(f"Target size ({size:d}) must be at least input size ({n:d})")

    return np.pad(data, lengths, **kwargs)


def expand_to(
    x: np.ndarray, *, ndim: int, axes: Union[int, slice, Sequence[int], Sequence[slice]]
) -> np.ndarray:
    """Reshape ``x`` to ``ndim`` dimensions, keeping its axes at ``axes``.

    Parameters
    ----------
    x : np.ndarray
        The input array.
    ndim : int >= x.ndim
        The number of dimensions to expand to.
    axes : int or sequence of int
        Where the axes of ``x`` go; all other axes have length 1.

    Returns
    -------
    x_exp : np.ndarray
        A view of ``x`` with ``x_exp.ndim == ndim``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.expand_to(np.arange(3), ndim=2, axes=1)
    array([[0, 1, 2]])
    """
    try:
        axes_tup = tuple(axes)  # type: ignore[arg-type]
    except TypeError:
        axes_tup = (axes,)

    if len(axes_tup) != x.ndim:
        raise ParameterError(f"Shape mismatch between axes={axes_tup} and input x.shape={x.shape}")

    if ndim < x.ndim:
        raise ParameterError(f"Cannot expand x.shape={x.shape} to fewer dimensions ndim={ndim}")

    shape = [1] * ndim
    for i, axi in enumerate(axes_tup):
        shape[axi] = x.shape[i]

    return x.reshape(shape)


def fix_length(data: np.ndarray, *, size: int, axis: int = -1, **kwargs: Any) -> np.ndarray:
    """Trim or pad ``data`` to exactly ``size`` along ``axis``.

    Parameters
    ----------
    data : np.ndarray
        Array to be length-adjusted.
    size : int >= 0
        Desired length.
    axis : int
        Axis along which to fix the length.
    **kwargs
        Passed to `np.pad` (``mode`` defaults to ``'constant'``: trailing zeros).

    Returns
    -------
    data_fixed : np.ndarray
        ``data`` trimmed (a view) or padded (a copy) to length ``size``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.fix_length(np.arange(7), size=10)
    array([0, 1, 2, 3, 4, 5, 6, 0, 0, 0])
    >>> fastrosa.util.fix_length(np.arange(7), size=5)
    array([0, 1, 2, 3, 4])
    """
    kwargs.setdefault("mode", "constant")

    n = data.shape[axis]

    if n > size:
        slices = [slice(None)] * data.ndim
        slices[axis] = slice(0, size)
        return data[tuple(slices)]

    if n < size:
        lengths = [(0, 0)] * data.ndim
        lengths[axis] = (0, size - n)
        return np.pad(data, lengths, **kwargs)

    return data


def normalize(
    S: np.ndarray,
    *,
    norm: Optional[float] = np.inf,
    axis: Optional[int] = 0,
    threshold: Optional[float] = None,
    fill: Optional[bool] = None,
) -> np.ndarray:
    """Normalize an array along a chosen axis.

    Parameters
    ----------
    S : np.ndarray
        The array to normalize.
    norm : {np.inf, -np.inf, 0, float > 0, None}
        Max, min, support (number of non-zeros) or l_p norm of magnitudes;
        None returns ``S`` unchanged.
    axis : int or None
        Axis along which to compute the norm (None: the whole array).
    threshold : number > 0, optional
        Slices with norm below this are not normalized.  Default: ``tiny(S)``.
    fill : None or bool
        For small-norm slices: None leaves them as is, False sets them to 0,
        True fills them uniformly so their norm is 1 (not with ``norm=0``).

    Returns
    -------
    S_norm : np.ndarray [shape=S.shape]
        Normalized array.

    Raises
    ------
    ParameterError
        If ``norm`` is unsupported, ``S`` is not finite, ``threshold <= 0``,
        ``fill`` is not None/bool, or ``fill=True`` with ``norm=0``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> S = np.vander(np.arange(-2.0, 2.0))
    >>> fastrosa.util.normalize(S)
    array([[-1.   ,  1.   , -1.   ,  1.   ],
           [-0.125,  0.25 , -0.5  ,  1.   ],
           [ 0.   ,  0.   ,  0.   ,  1.   ],
           [ 0.125,  0.25 ,  0.5  ,  1.   ]])
    """
    if threshold is None:
        threshold = tiny(S)
    elif threshold <= 0:
        raise ParameterError(f"threshold={threshold} must be strictly positive")

    if fill not in [None, False, True]:
        raise ParameterError(f"fill={fill} must be None or boolean")

    if not _all_finite(S):
        raise ParameterError("Input must be finite")

    # All norms depend only on magnitude
    mag = np.abs(S).astype(float)

    # For max/min norms, filling with 1 works
    fill_norm = 1

    if norm is None:
        return S

    elif norm == np.inf:
        length = np.max(mag, axis=axis, keepdims=True)

    elif norm == -np.inf:
        length = np.min(mag, axis=axis, keepdims=True)

    elif norm == 0:
        if fill is True:
            raise ParameterError("Cannot normalize with norm=0 and fill=True")
        length = np.sum(mag > 0, axis=axis, keepdims=True, dtype=mag.dtype)

    elif np.issubdtype(type(norm), np.number) and norm > 0:
        length = np.sum(mag**norm, axis=axis, keepdims=True) ** (1.0 / norm)
        fill_norm = (mag.size if axis is None else mag.shape[axis]) ** (-1.0 / norm)

    else:
        raise ParameterError(f"Unsupported norm: {repr(norm)}")

    small_idx = length < threshold

    Snorm = np.empty_like(S)
    if fill is None:
        # Leave small slices un-normalized
        length[small_idx] = 1.0
        Snorm[:] = S / length
    elif fill:
        # Locate small slices by a nan-divide (length is finite elsewhere).
        # The nan is deliberate: unlike librosa, don't warn about it for complex S.
        length[small_idx] = np.nan
        with np.errstate(invalid="ignore"):
            Snorm[:] = S / length
        Snorm[np.isnan(Snorm)] = fill_norm
    else:
        # Zero small slices by an inf-divide (safe by IEEE-754 since S is finite)
        length[small_idx] = np.inf
        Snorm[:] = S / length

    return Snorm


def tiny(x: Union[float, np.ndarray]) -> Any:
    """The smallest positive normal number of ``x``'s float dtype (float32 for non-floats).

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.tiny(np.float32(1.0))
    np.float32(1.1754944e-38)
    """
    x = np.asarray(x)
    if np.issubdtype(x.dtype, np.floating) or np.issubdtype(x.dtype, np.complexfloating):
        dtype = x.dtype
    else:
        dtype = np.dtype(np.float32)

    return np.finfo(dtype).tiny


def dtype_r2c(d: DTypeLike, *, default: Optional[type] = np.complex64) -> DTypeLike:
    """The complex dtype matching a real one (float32 -> complex64, float64 -> complex128).

    Complex dtypes are returned as is; any other dtype maps to ``default``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.dtype_r2c(np.float64)
    dtype('complex128')
    """
    return _dtype_map(d, "c", {np.float32: np.complex64, np.float64: np.complex128}, default)


def dtype_c2r(d: DTypeLike, *, default: Optional[type] = np.float32) -> DTypeLike:
    """The real dtype matching a complex one (complex64 -> float32, complex128 -> float64).

    Real float dtypes are returned as is; any other dtype maps to ``default``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.dtype_c2r(np.complex64)
    dtype('float32')
    """
    return _dtype_map(d, "f", {np.complex64: np.float32, np.complex128: np.float64}, default)


def _dtype_map(d: DTypeLike, keep_kind: str, mapping: dict, default: Any) -> np.dtype:
    dt = np.dtype(d)
    if dt.kind == keep_kind:
        return dt
    return np.dtype({np.dtype(k): v for k, v in mapping.items()}.get(dt, default))


def softmask(X: np.ndarray, X_ref: np.ndarray, *, power: float = 1,
             split_zeros: bool = False) -> np.ndarray:
    """Robustly compute a soft mask, as ``librosa.util.softmask``.

    ``M = X**power / (X**power + X_ref**power)``, computed relative to
    ``Z = max(X, X_ref)`` so that large powers do not overflow. Where ``Z`` is
    below the dtype's smallest normal number, the mask is 0.5 if
    ``split_zeros`` else 0. With ``power=np.inf`` the hard mask ``X > X_ref``.

    Parameters
    ----------
    X : np.ndarray
        Non-negative values of the positive mask.
    X_ref : np.ndarray
        Non-negative reference (background) values, of ``X``'s shape.
    power : number > 0 or np.inf
        Exponent of the soft mask.
    split_zeros : bool
        Give 0.5 instead of 0 where both inputs are (near) zero.

    Returns
    -------
    mask : np.ndarray, shape=X.shape
        ``X``'s float dtype (float32 for other dtypes), or bool for ``np.inf``.

    Raises
    ------
    ParameterError
        If shapes differ, an input is negative, or ``power <= 0``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> X = np.array([1.0, 2.0, 0.0])
    >>> fastrosa.util.softmask(X, np.array([1.0, 1.0, 0.0]), power=2, split_zeros=True)
    array([0.5, 0.8, 0.5])
    """
    if X.shape != X_ref.shape:
        raise ParameterError(f"Shape mismatch: {X.shape}!={X_ref.shape}")
    if np.any(X < 0) or np.any(X_ref < 0):
        raise ParameterError("X and X_ref must be non-negative")
    if power <= 0:
        raise ParameterError("power must be strictly positive")

    dtype = X.dtype
    if not np.issubdtype(dtype, np.floating):
        dtype = np.float32

    if (np.isfinite(power) and X.dtype == X_ref.dtype
            and X.dtype in (np.dtype(np.float32), np.dtype(np.float64))):
        from .. import _config
        from .._ext import _decompose

        x = np.ascontiguousarray(X).reshape(-1)
        x_ref = np.ascontiguousarray(X_ref).reshape(-1)
        out = np.empty_like(x)
        _decompose.softmask(x, x_ref, float(power), bool(split_zeros), out,
                            _config.get_num_threads())
        return out.reshape(X.shape)

    # other dtypes and hard masks: librosa's own computation
    Z = np.maximum(X, X_ref).astype(dtype)
    bad_idx = Z < np.finfo(dtype).tiny
    Z[bad_idx] = 1
    if np.isfinite(power):
        mask = (X / Z) ** power
        ref_mask = (X_ref / Z) ** power
        good_idx = ~bad_idx
        mask[good_idx] /= mask[good_idx] + ref_mask[good_idx]
        mask[bad_idx] = 0.5 if split_zeros else 0.0
    else:
        mask = X > X_ref
    return mask


# ---------------------------------------------------------------------------
# Peaks and frame sets (librosa.util.localmax, peak_pick, fix_frames)
# ---------------------------------------------------------------------------

def localmax(x: np.ndarray, *, axis: int = 0) -> np.ndarray:
    """Find local maxima in an array, as ``librosa.util.localmax``.

    ``x[i]`` is a local maximum when ``x[i] > x[i-1]`` and ``x[i] >= x[i+1]``;
    the first element never is, the last is when it exceeds its neighbour.

    Parameters
    ----------
    x : np.ndarray
    axis : int
        Axis along which to compute local maximality.

    Returns
    -------
    m : np.ndarray [shape=x.shape, dtype=bool]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.localmax(np.array([1, 0, 1, 2, -1, 0, -2, 1]))
    array([False, False, False,  True, False,  True, False,  True])
    """
    return _local_extremum(x, axis, "_localmax", np.greater, np.greater_equal)


def localmin(x: np.ndarray, *, axis: int = 0) -> np.ndarray:
    """Find local minima in an array, as ``librosa.util.localmin``: `localmax`
    with the comparisons reversed (``x[i] < x[i-1]`` and ``x[i] <= x[i+1]``;
    the last element when it is below its neighbour), the same arguments and result.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.localmin(np.array([[1, 0, 1, 2], [2, 1, 3, 0]]), axis=1)
    array([[False,  True, False, False],
           [False,  True, False,  True]])
    """
    return _local_extremum(x, axis, "_localmin", np.less, np.less_equal)


def _local_extremum(x, axis: int, name: str, strict: Callable, weak: Callable) -> np.ndarray:
    """``strict(x[i], x[i-1]) & weak(x[i], x[i+1])`` along ``axis``, the last
    element compared with its one neighbour: librosa's compiled stencil ``name``."""
    x = np.asarray(x)
    xi = x.swapaxes(-1, axis)
    if not np.can_cast(x.dtype, np.float64):
        # librosa's compiled stencil takes integers and real floats only
        raise TypeError(f"ufunc '{name}' not supported for the input types, and the inputs "
                        "could not be safely coerced to any supported types according to the "
                        "casting rule ''safe''")
    if xi.shape[-1] >= 3 and x.dtype.kind == "f" and np.isnan(x).any():
        # librosa's compiled stencil compares NaNs and NumPy reports it
        import warnings

        warnings.warn(f"invalid value encountered in {name}", RuntimeWarning, stacklevel=3)
    out = np.zeros(x.shape, dtype=bool)
    outi = out.swapaxes(-1, axis)
    # the stencil's loops are int16/32/64 and float32/64: uint64 is compared as
    # float64 (rounded: neighbours above 2**53 may tie); the last element is NumPy's
    inner = xi.astype(np.float64) if x.dtype == np.uint64 else xi
    mid = inner[..., 1:-1]
    outi[..., 1:-1] = strict(mid, inner[..., :-2]) & weak(mid, inner[..., 2:])
    outi[..., -1] = strict(xi[..., -1], xi[..., -2])
    return out


def peak_pick(
    x: np.ndarray,
    *,
    pre_max: int,
    post_max: int,
    pre_avg: int,
    post_avg: int,
    delta: float,
    wait: int,
    sparse: bool = True,
    axis: int = -1,
) -> np.ndarray:
    """Pick peaks in a signal with a flexible heuristic, as ``librosa.util.peak_pick``.

    Sample ``n`` is a peak when

    1. ``x[n] == max(x[n - pre_max:n + post_max])``
    2. ``x[n] >= mean(x[n - pre_avg:n + post_avg]) + delta``
    3. ``n - previous_n > wait``, with ``previous_n`` the last peak (greedily).

    The windows are clipped to the signal. The mean is summed in order in the
    signal's precision and ``delta`` is rounded to float32, as librosa's
    compiled picker does, so the same peaks come out.

    Parameters
    ----------
    x : np.ndarray
    pre_max : int >= 0
    post_max : int >= 1
    pre_avg : int >= 0
    post_avg : int >= 1
    delta : float >= 0
    wait : int >= 0
    sparse : bool
        If True, the indices of the peaks (1-d input only); otherwise a boolean
        array shaped like ``x``.
    axis : int
        The axis along which to find peaks.

    Returns
    -------
    peaks : np.ndarray [shape=(n_peaks,) or x.shape, dtype=int or bool]

    Raises
    ------
    ParameterError
        If any parameter is out of range, or if ``sparse`` with multi-dimensional ``x``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> x = np.array([0, 1, 0, 0, 3, 0, 0, 2, 0, 0], dtype=float)
    >>> fastrosa.util.peak_pick(x, pre_max=1, post_max=1, pre_avg=1, post_avg=1,
    ...                         delta=0.5, wait=1)
    array([1, 4, 7])
    """
    if pre_max < 0:
        raise ParameterError("pre_max must be non-negative")
    if pre_avg < 0:
        raise ParameterError("pre_avg must be non-negative")
    if delta < 0:
        raise ParameterError("delta must be non-negative")
    if wait < 0:
        raise ParameterError("wait must be non-negative")
    if post_max <= 0:
        raise ParameterError("post_max must be positive")
    if post_avg <= 0:
        raise ParameterError("post_avg must be positive")
    if sparse and x.ndim != 1:
        raise ParameterError(f"sparse=True (default) does not support "
                f"{x.ndim}-dimensional inputs. "
                f"Either set sparse=False or process each dimension independently.")

    pre_max = valid_int(pre_max, cast=np.ceil)
    post_max = valid_int(post_max, cast=np.ceil)
    pre_avg = valid_int(pre_avg, cast=np.ceil)
    post_avg = valid_int(post_avg, cast=np.ceil)
    wait = valid_int(wait, cast=np.ceil)

    from .._ext import _rhythm

    # librosa's compiled picker has float32, float64, int32 and int64 loops
    # with a float32 delta: what cannot be cast to one of them safely fails.
    kind = x.dtype.kind
    if not (
        x.dtype in (np.float16, np.float32, np.float64)
        or (kind in "biu" and x.dtype != np.uint64 and isinstance(delta, (int, np.integer)))
    ):
        raise TypeError("ufunc '__peak_pick' not supported for the input types, and the inputs "
                        "could not be safely coerced to any supported types according to the "
                        "casting rule ''safe''")

    peaks = np.zeros_like(x, dtype=bool)
    xi = x.swapaxes(axis, -1)
    if xi.shape[-1] == 0 and np.prod(xi.shape[:-1]) > 0:
        # librosa's compiled picker takes the maximum of each (empty) line
        raise ValueError("zero-size array to reduction operation maximum which has no identity")
    # librosa's picker runs in float32 for float32/float16 input, otherwise in
    # float64 (its integer loops compare and average exactly like float64)
    work = np.float32 if xi.dtype in (np.float32, np.float16) else np.float64
    rows = _as_rows(xi, work)
    flags = np.zeros(rows.shape, dtype=np.uint8)
    _rhythm.peak_pick(rows, pre_max, post_max, pre_avg, post_avg, float(np.float32(delta)),
                      wait, flags)
    peaks.swapaxes(axis, -1)[...] = flags.view(bool).reshape(xi.shape)

    if sparse:
        return np.flatnonzero(peaks)

    return peaks


def fix_frames(
    frames: Any,
    *,
    x_min: Optional[int] = 0,
    x_max: Optional[int] = None,
    pad: bool = True,
) -> np.ndarray:
    """Fix a list of frames to lie within ``[x_min, x_max]``, as ``librosa.util.fix_frames``.

    Parameters
    ----------
    frames : np.ndarray [shape=(n_frames,)]
        Non-negative frame indices.
    x_min, x_max : int >= 0 or None
        Bounds of the allowed frame indices.
    pad : bool
        If True, ``frames`` is expanded to span the full range ``[x_min, x_max]``.

    Returns
    -------
    fixed_frames : np.ndarray [shape=(n_fixed_frames,), dtype=int]
        Fixed frame indices, flattened and sorted.

    Raises
    ------
    ParameterError
        If ``frames`` contains negative values.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.util.fix_frames([3, 10, 7], x_min=0, x_max=8)
    array([0, 3, 7, 8])
    """
    frames = np.asarray(frames)

    if np.any(frames < 0):
        raise ParameterError("Negative frame index detected")

    if pad and (x_min is not None or x_max is not None):
        frames = np.clip(frames, x_min, x_max)

    if pad:
        pad_data = []
        if x_min is not None:
            pad_data.append(x_min)
        if x_max is not None:
            pad_data.append(x_max)
        frames = np.concatenate((np.asarray(pad_data), frames))

    if x_min is not None:
        frames = frames[frames >= x_min]

    if x_max is not None:
        frames = frames[frames <= x_max]

    unique: np.ndarray = np.unique(frames).astype(int)
    return unique


# ---------------------------------------------------------------------------
# Segments and stacking (librosa.util.index_to_slice, sync, stack)
# ---------------------------------------------------------------------------

__all__ += ["index_to_slice", "sync", "stack"]


def index_to_slice(
    idx: Any,
    *,
    idx_min: Optional[int] = None,
    idx_max: Optional[int] = None,
    step: Optional[int] = None,
    pad: bool = True,
) -> list:
    """The slices between consecutive boundary indices, as ``librosa.util.index_to_slice``.

    Parameters
    ----------
    idx : list-like
        Boundary indices.
    idx_min, idx_max : int or None
        Bounds the indices are clipped to (and, with ``pad``, padded out to).
    step : int or None
        The step of every slice.
    pad : bool
        If True, pad ``idx`` to span ``[idx_min, idx_max]``.

    Returns
    -------
    slices : list of slice
        ``slices[i] = slice(idx[i], idx[i+1], step)`` over the sorted, unique,
        fixed indices (see `fix_frames`).

    Examples
    --------
    >>> import fastrosa
    >>> [(int(s.start), int(s.stop)) for s in fastrosa.util.index_to_slice([20, 35], idx_min=0, idx_max=50)]
    [(0, 20), (20, 35), (35, 50)]
    """
    idx_fixed = fix_frames(idx, x_min=idx_min, x_max=idx_max, pad=pad)
    return [slice(start, end, step) for (start, end) in zip(idx_fixed, idx_fixed[1:])]


def sync(
    data: np.ndarray,
    idx: Any,
    *,
    aggregate: Optional[Callable[..., Any]] = None,
    pad: bool = True,
    axis: int = -1,
) -> np.ndarray:
    """Aggregate an array between boundaries along an axis, as ``librosa.util.sync``.

    Parameters
    ----------
    data : np.ndarray
        A multi-dimensional array of features.
    idx : sequence of ints or of slices
        Ordered boundary indices (padded to ``[0, data.shape[axis]]`` if ``pad``),
        or the slices themselves.
    aggregate : callable
        Called as ``aggregate(segment, axis=axis)``; default `np.mean`.
    pad : bool
        If True, ``idx`` is padded to span the whole axis.
    axis : int
        The axis to aggregate along.

    Returns
    -------
    data_sync : np.ndarray
        ``data`` with ``axis`` reduced to one entry per segment; ``data``'s
        dtype, F-ordered when ``data`` is.

    Raises
    ------
    ParameterError
        If ``idx`` mixes slices and integers (or holds neither).

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> x = np.arange(10.0).reshape(1, 10)
    >>> fastrosa.util.sync(x, [2, 5])
    array([[0.5, 3. , 7. ]])
    >>> fastrosa.util.sync(x, [2, 5], aggregate=np.max, pad=False)
    array([[4.]])
    """
    if aggregate is None:
        aggregate = np.mean

    shape = list(data.shape)

    if np.all([isinstance(_, slice) for _ in idx]):
        slices = idx
    elif np.all([np.issubdtype(type(_), np.integer) for _ in idx]):
        slices = index_to_slice(np.asarray(idx), idx_min=0, idx_max=shape[axis], pad=pad)
    else:
        raise ParameterError(f"Invalid index set: {idx}")

    agg_shape = list(shape)
    agg_shape[axis] = len(slices)

    data_agg = np.empty(agg_shape, order="F" if np.isfortran(data) else "C", dtype=data.dtype)

    idx_in = [slice(None)] * data.ndim
    idx_agg = [slice(None)] * data_agg.ndim

    for i, segment in enumerate(slices):
        idx_in[axis] = segment
        idx_agg[axis] = i
        data_agg[tuple(idx_agg)] = aggregate(data[tuple(idx_in)], axis=axis)

    return data_agg


def stack(arrays: Sequence[np.ndarray], *, axis: int = 0) -> np.ndarray:
    """Stack arrays of one shape along a new axis, as ``librosa.util.stack``: like
    `np.stack`, but F-contiguous for ``axis=0`` (each input stays contiguous).

    Parameters
    ----------
    arrays : list of np.ndarray
        One or more arrays of the same shape.
    axis : int
        The new axis: 0 makes a new first axis, -1 a new last one.

    Returns
    -------
    arr_stack : np.ndarray
        The inputs stacked, in their common dtype.

    Raises
    ------
    ParameterError
        If the arrays' shapes differ, or no array is given.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> s = fastrosa.util.stack([np.ones(3), -np.ones(3)])
    >>> s, s.flags["F_CONTIGUOUS"]
    (array([[ 1.,  1.,  1.],
           [-1., -1., -1.]]), True)
    """
    shapes = {arr.shape for arr in arrays}
    if len(shapes) > 1:
        raise ParameterError("all input arrays must have the same shape")
    elif len(shapes) < 1:
        raise ParameterError("at least one input array must be provided for stack")

    shape_in = shapes.pop()

    if axis != 0:
        return np.stack(arrays, axis=axis)

    result = np.empty(tuple([len(arrays)] + list(shape_in)), dtype=np.result_type(*arrays), order="F")
    np.stack(arrays, axis=axis, out=result)
    return result
