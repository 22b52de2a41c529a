"""Median-filtering harmonic/percussive source separation, as ``librosa.decompose.hpss``."""

from __future__ import annotations

import operator
from typing import List, Tuple, Union

import numpy as np

from .. import _config
from .._ext import _decompose
from ..core.spectrum import magphase
from ..util import utils as util
from ..util.exceptions import ParameterError
from ..util import _checks
from ..util._checks import checked

_FAST = (np.dtype(np.float32), np.dtype(np.float64), np.dtype(np.complex64),
         np.dtype(np.complex128))


def _pair(value):
    if isinstance(value, (tuple, list)):
        return value[0], value[1]
    return value, value


def _positive_int(k):
    if isinstance(k, (bool, np.bool_)):
        return None
    try:
        k = operator.index(k)
    except TypeError:
        return None
    return k if k >= 1 else None


def median_filter(x: np.ndarray, size: int, axis: int) -> np.ndarray:
    """Median of width ``size`` along ``axis`` (-1 or -2) of a float32/float64
    array of ndim >= 2, equal to ``scipy.ndimage.median_filter`` with a footprint
    of ``size`` along that axis, ``mode='reflect'`` (half-sample symmetric edges,
    reflected repeatedly when the window is longer than the axis). For even
    ``size`` the window is ``i - size//2 .. i + size//2 - 1`` and the result is
    the upper of its two middle values."""
    x = np.ascontiguousarray(x)
    mats = x.reshape((-1,) + x.shape[-2:])
    out = np.empty_like(mats)
    _decompose.median_filter(mats, 0 if axis == -2 else 1, size, out, _config.get_num_threads())
    return out.reshape(x.shape)


@checked
def hpss(
    S: np.ndarray,
    *,
    kernel_size: Union[int, Tuple[int, int], List[int]] = 31,
    power: float = 2.0,
    mask: bool = False,
    margin: Union[float, Tuple[float, float], List[float]] = 1.0,
) -> Tuple[np.ndarray, np.ndarray]:
    """Median-filtering harmonic percussive source separation (HPSS), as
    ``librosa.decompose.hpss``.

    With ``margin = 1`` the spectrogram splits as ``S = H + P``; with a larger
    margin, ``S = H + P + R`` where the residual ``R`` is neither clearly
    harmonic nor clearly percussive.

    Parameters
    ----------
    S : np.ndarray [shape=(..., d, n)]
        Input spectrogram; complex input is separated by magnitude and the
        phase is reapplied to the outputs.
    kernel_size : int or (int, int)
        Median filter widths: the harmonic filter runs along time (the last
        axis), the percussive filter along frequency (the second-last); a
        scalar sets both.
    power : float > 0 or np.inf
        Exponent of the Wiener-like soft masks; ``np.inf`` gives hard masks.
    mask : bool
        Return the masks instead of the masked spectrograms.
    margin : float >= 1 or (float, float)
        Margins of the harmonic and percussive masks; a scalar sets both.

    Returns
    -------
    harmonic : np.ndarray [shape=(..., d, n)]
        Harmonic component (or mask).
    percussive : np.ndarray [shape=(..., d, n)]
        Percussive component (or mask).

    Raises
    ------
    ParameterError
        If a margin is below 1, the (real) input gives negative filtered
        values, or ``power`` is not positive.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
    >>> D = fastrosa.stft(y)
    >>> H, P = fastrosa.decompose.hpss(D)
    >>> H.shape == D.shape, H.dtype
    (True, dtype('complex64'))
    >>> bool(np.allclose(H + P, D, atol=1e-5))
    True
    """
    win_harm, win_perc = _pair(kernel_size)
    margin_harm, margin_perc = _pair(margin)
    k_harm, k_perc = _positive_int(win_harm), _positive_int(win_perc)
    if k_harm is not None and k_perc is not None:
        # each output of a median filter visits its window
        _checks.steps(np.size(S) * (k_harm + k_perc), f"hpss with kernel_size={kernel_size!r}")
    dtype = getattr(S, "dtype", None)
    if (k_harm is None or k_perc is None or dtype not in _FAST or S.ndim < 2 or S.size == 0
            or isinstance(S, np.matrix)):
        return _hpss_reference(S, win_harm, win_perc, margin_harm, margin_perc, power, mask)

    if margin_harm < 1 or margin_perc < 1:
        raise ParameterError("Margins must be >= 1.0. A typical range is between 1 and 10.")

    cplx = np.iscomplexobj(S)
    # Work in the input's memory order: an array whose last two axes are
    # swapped in memory (stft's output, frame by frame) is filtered as its
    # C-contiguous transpose with the filter axes swapped, and the outputs
    # come back in that layout. The medians are exact and the masks
    # elementwise, so both layouts give the same values.
    swapped = not S.flags.c_contiguous and np.swapaxes(S, -1, -2).flags.c_contiguous
    if swapped:
        S = np.swapaxes(S, -1, -2)
    time_axis, freq_axis = (-2, -1) if swapped else (-1, -2)
    mag = np.ascontiguousarray(np.abs(S) if cplx else S)
    harm = median_filter(mag, k_harm, time_axis)
    perc = median_filter(mag, k_perc, freq_axis)

    def laid_out(*arrays):
        return tuple(np.swapaxes(a, -1, -2) for a in arrays) if swapped else arrays

    # util.softmask's checks, in its order (twice: for each mask)
    if not cplx and (np.any(harm < 0) or np.any(perc * margin_harm < 0)
                     or np.any(perc < 0) or np.any(harm * margin_perc < 0)):
        raise ParameterError("X and X_ref must be non-negative")
    if power <= 0:
        raise ParameterError("power must be strictly positive")

    split_zeros = bool(margin_harm == 1 and margin_perc == 1)
    if mask and not np.isfinite(power):
        return laid_out(harm > perc * margin_harm, perc > harm * margin_perc)

    n = harm.size
    flat_h, flat_p = harm.reshape(n), perc.reshape(n)
    threads = _config.get_num_threads()
    if mask or not cplx:
        out_h, out_p = np.empty_like(harm), np.empty_like(harm)
        _decompose.hpss_masks(flat_h, flat_p, float(margin_harm), float(margin_perc), float(power),
                              split_zeros, 0 if mask else 1, mag.reshape(n), flat_h,
                              out_h.reshape(n), out_p.reshape(n), threads)
        return laid_out(out_h, out_p)
    D = np.ascontiguousarray(S)
    out_h, out_p = np.empty_like(D), np.empty_like(D)
    _decompose.hpss_masks(flat_h, flat_p, float(margin_harm), float(margin_perc), float(power),
                          split_zeros, 2, mag.reshape(n), D.reshape(n).view(mag.dtype),
                          out_h.reshape(n).view(mag.dtype), out_p.reshape(n).view(mag.dtype),
                          threads)
    return laid_out(out_h, out_p)


def percussive_median(mag: np.ndarray) -> np.ndarray:
    """The percussive median filter of `hpss_signals` (kernel 31 across
    frequency) of ``mag = np.abs(D)`` in stft's layout, for a caller that
    computes it beside the harmonic one (``perc=`` of `hpss_signals`)."""
    return median_filter(np.swapaxes(mag, 0, 1), 31, -1)


def hpss_signals(D: np.ndarray, *, hop_length: int, length=None, mag=None, perc=None):
    """``istft(H), istft(P)`` for ``H, P = hpss(D)`` (default kernel, power
    and margin; ``istft(..., hop_length=hop_length, length=length)``) of one
    centred Hann-window STFT, as the GTZAN recipe computes harmony and
    perceptr. For stft's frame-major complex64/complex128 output the masked
    spectra are never stored: each frame's two spectra are made and inverted
    in one pass (``fr_hpss_istft``), bit for bit the separate calls' result;
    anything else takes the separate calls. ``mag``, when given, is
    ``np.abs(D)`` computed by the caller (in D's layout); ``perc``, when
    given, is a callable returning `percussive_median` of it (called once
    the harmonic filter is done, so that another thread can compute it
    meanwhile)."""
    from ..core import spectrum

    def separate():
        H, P = hpss(D)
        return (spectrum.istft(H, hop_length=hop_length, length=length),
                spectrum.istft(P, hop_length=hop_length, length=length))

    if (not isinstance(D, np.ndarray) or D.ndim != 2 or D.dtype not in _FAST[2:]
            or D.shape[0] < 2 or D.shape[1] == 0 or not np.swapaxes(D, 0, 1).flags.c_contiguous):
        return separate()
    frames = np.swapaxes(D, 0, 1)  # (frames, bins), C-contiguous: stft's memory
    n_stored, n_freq = frames.shape
    n_fft = 2 * (n_freq - 1)
    real = np.dtype(np.float32) if D.dtype == np.complex64 else np.dtype(np.float64)
    n_frames, n_samples = spectrum._istft_geometry(n_stored, n_fft, hop_length, True, length)
    if hop_length < 1 or n_frames < 1:
        return separate()
    mag = np.abs(frames) if mag is None else np.swapaxes(mag, 0, 1)
    if not (mag.shape == frames.shape and mag.dtype == real and mag.flags.c_contiguous):
        raise ValueError("mag is not np.abs(D) in D's layout")
    harm = median_filter(mag, 31, -2)  # along time: over every stored frame
    perc = median_filter(mag, 31, -1) if perc is None else perc()
    if not (perc.shape == mag.shape and perc.dtype == real):
        raise ValueError("perc() is not the percussive median of mag")
    y_h, y_p = np.zeros(n_samples, dtype=real), np.zeros(n_samples, dtype=real)
    spectrum._fftw.ensure_loaded()
    spectrum._spectrum.hpss_istft(harm[:n_frames], perc[:n_frames], mag[:n_frames],
                                  frames[:n_frames].view(real), hop_length, 1.0, 1.0, 2.0, True, spectrum._window("hann", n_fft, n_fft, real),
                                  n_fft // 2, y_h, y_p, _config.get_num_threads())
    return y_h, y_p


def _hpss_reference(S, win_harm, win_perc, margin_harm, margin_perc, power, mask):
    """librosa's own computation (scipy's median filter), for the inputs the
    kernels do not take: other dtypes, ndim < 2, empty arrays and kernel sizes
    that are not positive integers (scipy then gives librosa's error)."""
    from scipy.ndimage import median_filter as scipy_median_filter

    if np.iscomplexobj(S):
        S, phase = magphase(S)
    else:
        phase = 1

    if margin_harm < 1 or margin_perc < 1:
        raise ParameterError("Margins must be >= 1.0. A typical range is between 1 and 10.")

    harm_shape = [1] * S.ndim
    harm_shape[-1] = win_harm
    perc_shape = [1] * S.ndim
    perc_shape[-2] = win_perc

    harm = np.empty_like(S)
    harm[:] = scipy_median_filter(S, size=harm_shape, mode="reflect")
    perc = np.empty_like(S)
    perc[:] = scipy_median_filter(S, size=perc_shape, mode="reflect")

    split_zeros = margin_harm == 1 and margin_perc == 1
    mask_harm = util.softmask(harm, perc * margin_harm, power=power, split_zeros=split_zeros)
    mask_perc = util.softmask(perc, harm * margin_perc, power=power, split_zeros=split_zeros)
    if mask:
        return mask_harm, mask_perc
    return ((S * mask_harm) * phase, (S * mask_perc) * phase)
