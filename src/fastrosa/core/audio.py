"""Audio input and resampling (librosa.core.audio equivalents).

Adapted from librosa (ISC licence).  soundfile, soxr and the optional
resamplers (scipy, resampy, samplerate) are imported inside the functions
that use them, so importing fastrosa stays fast.  Unlike librosa there is no
audioread fallback: a file soundfile cannot open raises an error naming it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pathlib
import warnings
from typing import Any, Callable, Iterator, Optional, Tuple, Union

import numpy as np
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy.typing is slow to import and needed only by annotations
    from numpy.typing import DTypeLike

from .._ext import _signal
from ..util.exceptions import ParameterError
from .._ext._layout import _as_rows
from ..util.utils import fix_length, valid_audio
from ..util._checks import checked

__all__ = ["load", "to_mono", "resample", "get_duration", "get_samplerate", "zero_crossings"]


class _Deprecated:
    """Placeholder default for a renamed keyword argument (librosa's ``Deprecated``)."""

    def __repr__(self) -> str:
        return "<DEPRECATED parameter>"


@contextlib.contextmanager
def _naming(path: Any) -> Iterator[None]:
    """Turn soundfile's failure to open a missing file into FileNotFoundError.

    This is the error librosa ends with (after its audioread fallback).  A
    decoding error met while reading (a truncated FLAC: "flac decoder lost
    sync") is raised again, same class, with the file's name; errors on
    opening already name it.
    """
    import soundfile as sf

    try:
        yield
    except sf.SoundFileRuntimeError as exc:
        named = isinstance(path, (str, bytes, os.PathLike))
        if named and not os.path.exists(path):
            raise FileNotFoundError(
                errno.ENOENT, os.strerror(errno.ENOENT), os.fsdecode(path)
            ) from exc
        if (named and isinstance(exc, sf.LibsndfileError)
                and repr(os.fsdecode(path)) not in str(exc)):
            raise sf.LibsndfileError(exc.code, f"Error reading {os.fsdecode(path)!r}: ") from exc
        raise


def load(
    path: Any,
    *,
    sr: Optional[float] = 22050,
    mono: bool = True,
    offset: float = 0.0,
    duration: Optional[float] = None,
    dtype: DTypeLike = np.float32,
    res_type: str = "soxr_hq",
) -> Tuple[np.ndarray, Union[int, float]]:
    """Load an audio file as a floating point time series.

    Audio is resampled to ``sr`` (default 22050 Hz); ``sr=None`` keeps the
    native rate.

    Parameters
    ----------
    path : str, int, os.PathLike, soundfile.SoundFile, or file-like object
        The file to read: anything `soundfile` can open (WAV, FLAC, OGG, MP3, ...).
    sr : number > 0 or None
        Target sampling rate; None uses the native sampling rate.
    mono : bool
        Convert the signal to mono (the mean over channels).
    offset : float
        Start reading after this time (seconds).
    duration : float, optional
        Only load up to this much audio (seconds).
    dtype : numeric type
        Data type of ``y``.
    res_type : str
        Resampling method, see `resample`.

    Returns
    -------
    y : np.ndarray [shape=(n,) or (channels, n)]
        Audio time series.
    sr : number > 0
        Sampling rate of ``y``.

    Raises
    ------
    FileNotFoundError
        If ``path`` names a file that does not exist.
    soundfile.LibsndfileError
        If soundfile cannot decode the file (the message names it).

    Examples
    --------
    >>> import os, tempfile, numpy as np, soundfile, fastrosa
    >>> path = os.path.join(tempfile.mkdtemp(), "tone.wav")
    >>> soundfile.write(path, np.sin(2 * np.pi * 440 * np.arange(8000) / 8000), 8000)
    >>> y, sr = fastrosa.load(path)
    >>> y.shape, y.dtype, sr
    ((22050,), dtype('float32'), 22050)
    >>> y, sr = fastrosa.load(path, sr=None, offset=0.25, duration=0.5)
    >>> y.shape, sr
    ((4000,), 8000)
    """
    with _naming(path):
        y, sr_native = _soundfile_load(path, offset, duration, dtype)

    if mono:
        y = to_mono(y)

    if sr is not None:
        y = resample(y, orig_sr=sr_native, target_sr=sr, res_type=res_type)
    else:
        sr = sr_native

    return y, sr


def _soundfile_load(path: Any, offset: float, duration: Optional[float], dtype: DTypeLike):
    import soundfile as sf

    # An open SoundFile is used (and closed) as is, as librosa does. A path is
    # handed over as the OS's bytes: soundfile encodes a str as strict UTF-8,
    # which fails for a POSIX file name that is not UTF-8 (caf\xe9.wav).
    if isinstance(path, sf.SoundFile):
        context = path
    elif os.name != "nt" and isinstance(path, (str, os.PathLike)):
        context = sf.SoundFile(os.fsencode(path))
    else:
        context = sf.SoundFile(path)

    with context as sf_desc:
        sr_native = sf_desc.samplerate
        if offset:
            start = int(offset * sr_native)
            if start > sf_desc.frames and isinstance(path, (str, pathlib.PurePath)):
                # soundfile cannot seek past the end; librosa then falls back
                # to audioread, which reads nothing and returns this.
                return np.empty(0, dtype=dtype), sr_native
            sf_desc.seek(start)
        frames = -1 if duration is None else int(duration * sr_native)
        # soundfile reads (n, channels): transpose to librosa's (channels, n)
        y = sf_desc.read(frames=frames, dtype=dtype, always_2d=False).T

    return y, sr_native


def to_mono(y: np.ndarray) -> np.ndarray:
    """Convert an audio signal to mono by averaging over all leading (channel) axes.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)]
        Audio time series; multi-channel is supported.

    Returns
    -------
    y_mono : np.ndarray [shape=(n,)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.to_mono(np.array([[0.0, 1.0], [1.0, 1.0]]))
    array([0.5, 1. ])
    """
    valid_audio(y)

    if y.ndim > 1:
        y = np.mean(y, axis=tuple(range(y.ndim - 1)))

    return y


def resample(
    y: np.ndarray,
    *,
    orig_sr: float,
    target_sr: float,
    res_type: str = "soxr_hq",
    fix: bool = True,
    scale: bool = False,
    axis: int = -1,
    **kwargs: Any,
) -> np.ndarray:
    """Resample a time series from ``orig_sr`` to ``target_sr``.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n, ...)]
        Audio time series, with ``n`` samples along ``axis``.
    orig_sr : number > 0
        Original sampling rate of ``y``.
    target_sr : number > 0
        Target sampling rate.
    res_type : str
        - ``'soxr_vhq'``, ``'soxr_hq'`` (default), ``'soxr_mq'``, ``'soxr_lq'``,
          ``'soxr_qq'``: `soxr`, from very high quality to quick cubic.
        - ``'fft'`` or ``'scipy'``: `scipy.signal.resample`.
        - ``'polyphase'``: `scipy.signal.resample_poly` (integer rates only).
        - ``'linear'``, ``'zero_order_hold'``, ``'sinc_best'``, ``'sinc_medium'``,
          ``'sinc_fastest'``: `samplerate` (installed separately).
        - anything else, e.g. ``'kaiser_best'``, ``'kaiser_fast'``: a `resampy`
          filter (installed separately).
    fix : bool
        Adjust the length of the result to exactly ``ceil(target_sr * n / orig_sr)``.
    scale : bool
        Scale the result by ``sqrt(orig_sr / target_sr)`` so that the total
        energy is approximately preserved.
    axis : int
        The axis along which to resample.
    **kwargs
        If ``fix``, passed to `fastrosa.util.fix_length`.

    Returns
    -------
    y_hat : np.ndarray [shape=(..., n * target_sr / orig_sr, ...)]
        ``y`` resampled along ``axis``, with the dtype of ``y``.

    Raises
    ------
    ParameterError
        If ``y`` is not valid audio, or ``res_type='polyphase'`` with
        non-integer rates.
    ModuleNotFoundError
        If the optional library that ``res_type`` needs is not installed.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050).astype(np.float32)
    >>> fastrosa.resample(y, orig_sr=22050, target_sr=8000).shape
    (8000,)
    """
    valid_audio(y)

    if orig_sr == target_sr:
        return y

    ratio = float(target_sr) / orig_sr
    n_samples = int(np.ceil(y.shape[axis] * ratio))

    if res_type in ("scipy", "fft"):
        import scipy.signal

        y_hat = scipy.signal.resample(y, n_samples, axis=axis)
    elif res_type == "polyphase":
        if int(orig_sr) != orig_sr or int(target_sr) != target_sr:
            raise ParameterError(
                "polyphase resampling is only supported for integer-valued sampling rates."
            )
        import scipy.signal

        orig_sr, target_sr = int(orig_sr), int(target_sr)
        gcd = np.gcd(orig_sr, target_sr)
        y_hat = scipy.signal.resample_poly(y, target_sr // gcd, orig_sr // gcd, axis=axis)
    elif res_type in ("linear", "zero_order_hold", "sinc_best", "sinc_fastest", "sinc_medium"):
        import samplerate

        y_hat = np.apply_along_axis(
            samplerate.resample, axis=axis, arr=y, ratio=ratio, converter_type=res_type
        )
    elif res_type.startswith("soxr"):
        import soxr

        # One 1-D call per signal along axis, as librosa does, for identical output
        y_hat = np.apply_along_axis(
            soxr.resample, axis=axis, arr=y, in_rate=orig_sr, out_rate=target_sr, quality=res_type
        )
    else:
        import resampy

        y_hat = resampy.resample(y, orig_sr, target_sr, filter=res_type, axis=axis)

    if fix:
        y_hat = fix_length(y_hat, size=n_samples, axis=axis, **kwargs)

    if scale:
        y_hat /= np.sqrt(ratio)

    return np.asarray(y_hat, dtype=y.dtype)


@checked
def get_duration(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    n_fft: int = 2048,
    hop_length: int = 512,
    center: bool = True,
    path: Any = None,
    filename: Any = _Deprecated(),
) -> float:
    """Duration (seconds) of an audio time series, a feature matrix, or a file.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)], optional
        Audio time series.
    sr : number > 0
        Sampling rate of ``y`` (or of the signal behind ``S``).
    S : np.ndarray [shape=(..., d, t)], optional
        STFT or STFT-derived matrix; accurate only up to the frame resolution.
    n_fft : int > 0
        FFT window size for ``S``.
    hop_length : int > 0
        Number of samples between columns of ``S``.
    center : bool
        Whether the frames of ``S`` are centred (half a window lost at each end).
    path : str, os.PathLike, int or file-like, optional
        If given, everything else is ignored and the duration is read from
        the file header without decoding.
    filename : deprecated
        Former name of ``path`` (emits a FutureWarning).

    Returns
    -------
    d : float >= 0
        Duration in seconds.  ``path`` takes precedence over ``S``, ``S``
        over ``y``.

    Raises
    ------
    ParameterError
        If none of ``y``, ``S`` or ``path`` is given.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.get_duration(y=np.zeros(44100), sr=22050)
    2.0
    >>> fastrosa.get_duration(S=np.zeros((1025, 44)), sr=22050)
    0.9984580498866213
    """
    if not isinstance(filename, _Deprecated):
        warnings.warn(
            "get_duration() keyword argument 'filename' has been renamed to 'path' in "
            "version 0.10.0.\n\tThis alias will be removed in version 1.0.",
            category=FutureWarning,
            stacklevel=2,
        )
        path = filename

    if path is not None:
        import soundfile as sf

        with _naming(path):
            return sf.info(path).duration

    if y is None:
        if S is None:
            raise ParameterError("At least one of (y, sr), S, or path must be provided")

        n_samples = n_fft + hop_length * (S.shape[-1] - 1)
        if center:
            # Centred frames lose half a window at each end of the signal
            n_samples = n_samples - 2 * int(n_fft // 2)
    else:
        n_samples = y.shape[-1]

    return float(n_samples) / sr


def get_samplerate(path: Any) -> float:
    """Sampling rate of an audio file, read from its header.

    Parameters
    ----------
    path : str, os.PathLike, int, soundfile.SoundFile or file-like
        The file to inspect.

    Returns
    -------
    sr : number > 0

    Examples
    --------
    >>> import os, tempfile, numpy as np, soundfile, fastrosa
    >>> path = os.path.join(tempfile.mkdtemp(), "tone.wav")
    >>> soundfile.write(path, np.zeros(100), 8000)
    >>> fastrosa.get_samplerate(path)
    8000
    """
    import soundfile as sf

    if isinstance(path, sf.SoundFile):
        return path.samplerate

    with _naming(path):
        return sf.info(path).samplerate


def _zc_real(y: np.ndarray) -> np.ndarray:
    """``y`` cast to the float type librosa's zero-crossing ufunc would use."""
    if np.can_cast(y.dtype, np.float32):
        return np.asarray(y, dtype=np.float32)
    if np.can_cast(y.dtype, np.float64):
        return np.asarray(y, dtype=np.float64)
    raise TypeError(f"zero_crossings does not support input of dtype {y.dtype}")


def _zc_threshold(y_abs_source, threshold, ref_magnitude):
    """librosa's threshold scaling: ``threshold * ref_magnitude`` (called on |y| if callable)."""
    if callable(ref_magnitude):
        return threshold * ref_magnitude(np.abs(y_abs_source()))
    if ref_magnitude is not None:
        return threshold * ref_magnitude
    return threshold


def zero_crossings(
    y: np.ndarray,
    *,
    threshold: float = 1e-10,
    ref_magnitude: Optional[Union[float, Callable]] = None,
    pad: bool = True,
    zero_pos: bool = True,
    axis: int = -1,
) -> np.ndarray:
    """Find the zero-crossings of a signal, as ``librosa.zero_crossings``.

    ``z[i]`` is True where ``sign(y[i]) != sign(y[i-1])``; values with
    ``|y| <= threshold`` (scaled by ``ref_magnitude``) count as zero.

    Parameters
    ----------
    y : np.ndarray
    threshold : float >= 0
    ref_magnitude : float > 0, callable, or None
        Scale for ``threshold``; a callable is applied to ``np.abs(y)``.
    pad : bool
        The value of the first position (there is no sample before it).
    zero_pos : bool
        If True, 0 counts as positive; otherwise as a sign of its own.
    axis : int
        Axis along which to look for crossings.

    Returns
    -------
    zero_crossings : np.ndarray [shape=y.shape, dtype=bool]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.zero_crossings(np.array([1.0, -1.0, -2.0, 0.5, 0.0]))
    array([ True,  True, False,  True, False])
    """
    threshold = _zc_threshold(lambda: y, threshold, ref_magnitude)
    yi = _zc_real(np.swapaxes(y, -1, axis))
    x = _as_rows(yi)
    z = np.empty(x.shape, dtype=np.uint8)
    _signal.zero_crossings(x, float(threshold), bool(zero_pos), bool(pad), z)
    zi = z.view(bool).reshape(yi.shape)
    zi[..., 0] = pad
    return np.swapaxes(zi, -1, axis)


__all__ += ["autocorrelate"]


def _next_fast_len(target: int, real: bool) -> int:
    """scipy.fft.next_fast_len: the smallest 5-smooth (real) or 11-smooth
    (complex) number >= target."""
    if target < 0:
        raise ValueError("Target length must be positive")
    if target <= 6:
        return int(target)
    primes = (2, 3, 5) if real else (2, 3, 5, 7, 11)
    n = int(target)
    while True:
        m = n
        for p in primes:
            while m % p == 0:
                m //= p
        if m == 1:
            return n
        n += 1


def autocorrelate(y: np.ndarray, *, max_size: Optional[int] = None, axis: int = -1) -> np.ndarray:
    """Bounded-lag auto-correlation, as ``librosa.autocorrelate``.

    Through FFTs of ``scipy.fft.next_fast_len(2 * n - 1)`` points (NumPy's FFT,
    in the input's precision), so without circular wrap-around.

    Parameters
    ----------
    y : np.ndarray
        Array to autocorrelate (real or complex).
    max_size : int > 0 or None
        Maximum correlation lag; ``y.shape[axis]`` by default.
    axis : int
        The axis along which to autocorrelate.

    Returns
    -------
    z : np.ndarray
        Lags ``0 .. max_size - 1`` of the auto-correlation along ``axis``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.autocorrelate(np.array([1.0, 2.0, 3.0])).round(6)
    array([14.,  8.,  3.])
    """
    if max_size is None:
        max_size = y.shape[axis]

    max_size = int(min(max_size, y.shape[axis]))

    real = not np.iscomplexobj(y)
    if real and y.dtype.kind in "OUS":
        y = y.astype(np.float64)  # as scipy's FFT (librosa's) converts them, or fails
    n_pad = _next_fast_len(2 * y.shape[axis] - 1, real=real)

    # scipy's FFT (librosa's) raises no floating-point warnings; NumPy's would
    with np.errstate(all="ignore"):
        if real:
            spec = np.fft.rfft(y, n=n_pad, axis=axis)
            powspec = spec.real**2 + spec.imag**2
            autocorr = np.fft.irfft(powspec, n=n_pad, axis=axis)
        else:
            spec = np.fft.fft(y, n=n_pad, axis=axis)
            powspec = spec.real**2 + spec.imag**2
            autocorr = np.fft.ifft(powspec, n=n_pad, axis=axis)

    subslice = [slice(None)] * autocorr.ndim
    subslice[axis] = slice(max_size)

    return autocorr[tuple(subslice)]
