"""The GTZAN feature row of one signal: 57 statistics plus its length.

Two recipes, each equal to a sequence of librosa 0.11.0 calls:

``kaggle`` reproduces the published GTZAN ``features_30_sec.csv`` (made with
an older librosa): chroma_stft, rms, spectral_centroid, spectral_bandwidth,
spectral_rolloff and mfcc with ``pad_mode='reflect'``; zero_crossing_rate as
is; harmony/perceptr from ``H, P = decompose.hpss(stft(y, pad_mode='reflect'))``
and ``fix_length(istft(H), size=len(y))`` (no ``length``: the tail is
zero-filled); tempo from ``beat.beat_track(y=y, sr=sr)[0]``.

``current`` uses librosa 0.11.0's defaults: constant padding everywhere,
``effects.hpss(y)`` (``istft`` with ``length=len(y)``) and
``feature.tempo(y=y, sr=sr)[0]``.

Every statistic is ``np.mean`` / ``np.var`` over the whole feature array.

A signal longer than ``LONG_FRAMES`` frames is analysed in blocks of frames
(see ``_blocked``), so that memory stays a small multiple of the signal's.

Instead of the seven STFTs of the call-by-call recipe, one STFT is computed
and shared by every feature that reads a stored spectrogram of these frames
(n_fft=2048, hop=512, Hann window, centred): chroma, centroid, bandwidth,
rolloff, HPSS, and the mel spectrogram shared by mfcc and the onset envelope
(projected by fastrosa's banded C kernel, not BLAS, whose rounding depends on
its thread count: a row must not depend on where it was computed). In
``kaggle`` mode the onset envelope needs constant padding where
everything else reflects: only the two frames at each end overlap the
padding, so only those are recomputed. When fastrosa may use more than one
thread, HPSS (the longest branch) runs beside the other features.
"""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import Future

import numpy as np

import fastrosa

from .. import _config
from .._ext._runtime import reuse_blocks
from ..decompose import _hpss
from ..util.exceptions import ParameterError
from ._blocked import summarize_blocked
from ._fma import fma_features, fma_row
from ._recipe import COLUMNS, COMPAT_MODES, HOP, N_FFT, _onset_mel, _tempo_value

__all__ = ["summarize"]

PRESETS = ("gtzan", "fma")

#: frames per block for long signals (about 47 s at 22050 Hz), and the length
#: from which a signal is taken in blocks (about 95 s)
BLOCK_FRAMES = 2048
LONG_FRAMES = 2 * BLOCK_FRAMES


def _check(y, sr, preset, compat):
    if preset not in PRESETS:
        raise ParameterError(f"preset={preset!r} is not one of {PRESETS}")
    if compat not in COMPAT_MODES:
        raise ParameterError(f"compat={compat!r} is not one of {COMPAT_MODES}")
    y = np.asarray(y)
    if y.ndim != 1:
        raise ParameterError(f"summarize takes a mono signal, got shape {y.shape}")
    if not np.issubdtype(y.dtype, np.floating):
        raise ParameterError(f"audio data must be floating-point, got {y.dtype}")
    if y.size == 0:
        raise ParameterError("the signal is empty")
    if not (np.isscalar(sr) and sr > 0):
        raise ParameterError(f"sr={sr!r} must be a positive number")
    return y


def _stats(row, name, x):
    """``name_mean`` and ``name_var``: numpy's mean/var of the whole array, as Python floats."""
    row[f"{name}_mean"] = float(np.mean(x))
    row[f"{name}_var"] = float(np.var(x))


def _summarize_with(lib, y, sr, compat, parallel=False, hpss_signals=None):
    """The shared-STFT recipe written with ``lib``'s librosa API (fastrosa or
    librosa); with ``parallel``, the HPSS branch runs on a second thread.

    ``hpss_signals(D, hop_length=, length=)``, when given, computes
    ``[lib.istft(X, ...) for X in lib.decompose.hpss(D)]`` in one call (and
    bit for bit): fastrosa's fused HPSS and inverse STFT, which never stores
    the masked spectra (`fastrosa.decompose._hpss.hpss_signals`). Without
    it, the separate calls of ``lib`` are made."""
    kaggle = compat == "kaggle"
    pad = "reflect" if kaggle else "constant"
    n = y.shape[-1]
    row = {"length": int(n)}

    # one transform for every feature of these frames, kept in the layout
    # stft returns (frame by frame in memory): HPSS, istft and the shape
    # features read it in place
    D = lib.stft(y, n_fft=N_FFT, hop_length=HOP, pad_mode=pad)
    mag = _abs_halves(D) if parallel else np.abs(D)  # for both branches
    if parallel:
        # HPSS, the longest branch, on a second thread beside the others (the
        # kernels release the GIL), each thread on one core. To even the two
        # out, this thread first computes HPSS's percussive median filter
        # (while the side thread computes the harmonic one) and the side
        # thread ends with chroma_stft, of the power spectrogram this thread
        # computes for mel.
        perc, power = Future(), Future()
        hp = _side_pool().submit(_hpss_stats, lib, D, mag, n, kaggle, hpss_signals, threads=1,
                                 perc=perc.result, chroma_sr=sr, chroma_power=power.result)
        del D
        with _config.threads_here(1):
            try:
                perc.set_result(_hpss.percussive_median(mag))
                row.update(_shared_stft_stats(lib, y, sr, mag, kaggle, pad, power_out=power))
            except BaseException as e:  # the side thread gets it too
                for box in (perc, power):
                    if not box.done():
                        box.set_exception(e)
                raise
        row.update(hp.result())
    else:
        row.update(_hpss_stats(lib, D, mag, n, kaggle, hpss_signals))
        del D
        row.update(_shared_stft_stats(lib, y, sr, mag, kaggle, pad))
    return row


def _abs_halves(D):
    """``np.abs(D)`` in D's layout, half the frames on the side thread (the
    same values: an elementwise ufunc, which releases the GIL)."""
    mag = np.empty_like(D, dtype=D.real.dtype)
    half = D.shape[-1] // 2
    side = _side_pool().submit(np.abs, D[..., :half], out=mag[..., :half])
    np.abs(D[..., half:], out=mag[..., half:])
    side.result()
    return mag


def _chroma_stats(lib, row, power, sr):
    _stats(row, "chroma_stft", lib.feature.chroma_stft(S=power, sr=sr))


def _shared_stft_stats(lib, y, sr, mag, kaggle, pad, power_out=None):
    """Every statistic of `_summarize_with` but harmony and perceptr, from
    ``mag = |D|``; with ``power_out`` (a Future), all but chroma_stft, whose
    power spectrogram ``mag**2`` goes to ``power_out`` instead."""
    row = {}
    power = mag**2.0

    if power_out is None:
        _chroma_stats(lib, row, power, sr)
    else:
        power_out.set_result(power)
    # mfcc's and the onset envelope's mel spectrogram from the same power
    # spectrogram (librosa's melspectrogram(y=...) computes exactly this
    # |stft|**2 and projects it); fastrosa projects a stored spectrogram with
    # its banded C kernel, not BLAS, so the result does not depend on BLAS's
    # thread count, i.e. on where the row was computed
    mel = lib.feature.melspectrogram(S=power, sr=sr)
    del power
    _stats(row, "rms", lib.feature.rms(y=y, pad_mode=pad))
    _stats(row, "spectral_centroid", lib.feature.spectral_centroid(S=mag, sr=sr))
    _stats(row, "spectral_bandwidth", lib.feature.spectral_bandwidth(S=mag, sr=sr))
    _stats(row, "rolloff", lib.feature.spectral_rolloff(S=mag, sr=sr))
    del mag
    _stats(row, "zero_crossing_rate", lib.feature.zero_crossing_rate(y))

    mel_db = lib.power_to_db(mel)
    if kaggle:
        # the onset envelope of beat_track(y=y) comes from constant padding
        onset_mel = _onset_mel(lib, y, sr, mel)
        oenv = lib.onset.onset_strength(S=lib.power_to_db(onset_mel), sr=sr, hop_length=HOP,
                                        aggregate=np.median)
        row["tempo"] = _tempo_value(lib.beat.beat_track(onset_envelope=oenv, sr=sr,
                                                        hop_length=HOP)[0])
    else:
        oenv = lib.onset.onset_strength(S=mel_db, sr=sr, hop_length=HOP)
        row["tempo"] = _tempo_value(lib.feature.tempo(onset_envelope=oenv, sr=sr,
                                                      hop_length=HOP)[0])

    mfcc = lib.feature.mfcc(S=mel_db, sr=sr)
    # np.mean / np.var along the rows: the same pairwise sums, per row, as
    # over each row alone (bit for bit), in two calls instead of forty
    for k, (mean, var) in enumerate(zip(np.mean(mfcc, axis=-1), np.var(mfcc, axis=-1))):
        row[f"mfcc{k + 1}_mean"], row[f"mfcc{k + 1}_var"] = float(mean), float(var)
    return row


def _hpss_stats(lib, D, mag, n, kaggle, hpss_signals=None, threads=None, perc=None,
                chroma_sr=None, chroma_power=None):
    """harmony/perceptr statistics from the shared STFT ``D`` and ``mag =
    |D|`` (``hpss_signals`` and its ``perc``: see `_summarize_with` and
    `fastrosa.decompose._hpss.hpss_signals`), with ``threads`` threads per
    kernel when given; then chroma_stft's statistics when ``chroma_sr`` (the
    sampling rate) is given, of the power spectrogram ``chroma_power()``
    returns."""
    # the pool in the side thread too (see summarize)
    with reuse_blocks(), (_config.threads_here(threads) if threads else contextlib.nullcontext()):
        row = _hpss_stats_of(lib, D, mag, n, kaggle, hpss_signals, perc)
        if chroma_sr is not None:
            _chroma_stats(lib, row, chroma_power(), chroma_sr)
        return row


def _hpss_stats_of(lib, D, mag, n, kaggle, hpss_signals, perc):
    row = {}
    length = None if kaggle else n  # kaggle: istft's own length, zero-filled to n
    if hpss_signals is not None:  # H and P never stored
        signals = hpss_signals(D, hop_length=HOP, length=length, mag=mag, perc=perc)
    else:
        signals = [lib.istft(X, hop_length=HOP, length=length) for X in lib.decompose.hpss(D)]
    for name, x in zip(("harmony", "perceptr"), signals):
        _stats(row, name, lib.util.fix_length(x, size=n) if kaggle else x)
    return row


_SIDE = None


def _forget_side_pool():
    """In a forked child: the pool's worker thread was not copied, and a pool
    that believes it has one would queue the HPSS branch forever."""
    global _SIDE
    _SIDE = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_side_pool)


def _side_pool():
    """One worker thread, kept, for the HPSS branch of `summarize`."""
    global _SIDE
    if _SIDE is None:
        from concurrent.futures import ThreadPoolExecutor

        _SIDE = ThreadPoolExecutor(1, thread_name_prefix="fastrosa-summarize")
    return _SIDE


def summarize(y, sr, *, preset="gtzan", compat="kaggle") -> dict:
    """The GTZAN feature row of one mono signal.

    Parameters
    ----------
    y : np.ndarray [shape=(n,)], floating-point
        A mono signal (as `fastrosa.load` returns it).
    sr : number > 0
        Its sampling rate (22050 for the published GTZAN features).
    preset : {'gtzan', 'fma'}
        The feature set: 'gtzan', the 58 columns of `COLUMNS`; 'fma', the 518
        columns of the FMA dataset's ``features.csv`` (`FMA_COLUMNS`, see
        ``fastrosa.extract._fma``), for a signal at its file's own rate.
    compat : {'kaggle', 'current'}
        For 'gtzan': 'kaggle' reproduces the published GTZAN CSV's recipe (reflect padding,
        zero-filled HPSS tail, tempo from ``beat_track``); 'current' follows
        librosa 0.11.0's defaults. See the module documentation.

    Returns
    -------
    row : dict
        'gtzan': ``{column: value}`` for every name in `COLUMNS`, in order: ``length``
        an int, the rest Python floats. 'fma': ``{(feature, statistic, number): value}``
        in `FMA_COLUMNS` order.

    Examples
    --------
    >>> import numpy as np, fastrosa.extract
    >>> t = np.arange(3 * 22050) / 22050
    >>> y = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    >>> row = fastrosa.extract.summarize(y, 22050)
    >>> list(row) == list(fastrosa.extract.COLUMNS)
    True
    >>> row["length"]
    66150
    >>> 400 < row["spectral_centroid_mean"] < 500  # one tone at 440 Hz
    True
    """
    y = _check(y, sr, preset, compat)
    # file after file, a row allocates the same large arrays: keep their
    # memory rather than fault it in afresh each time
    with reuse_blocks():
        if preset == "fma":
            return fma_row(fma_features(fastrosa, y, sr, one_stft=True))
        if 1 + y.shape[-1] // HOP > LONG_FRAMES:
            return summarize_blocked(fastrosa, y, sr, compat, block=BLOCK_FRAMES)
        row = _summarize_with(fastrosa, y, sr, compat, parallel=fastrosa.get_num_threads() > 1,
                              hpss_signals=_hpss.hpss_signals)
    return {c: row[c] for c in COLUMNS}
