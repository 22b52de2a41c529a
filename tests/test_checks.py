"""Size, rate and kernel arguments at their edges (util/_checks.py).

Every public function that takes a size (n_fft, win_length, hop_length,
frame_length, n_mels, n_chroma, n_bands, lag, max_size, n_frames, Nx), a
rate (sr, resolution, ac_size) or a median kernel refuses 0, negatives,
non-integers, NaN/inf and sizes past fastrosa's bounds with a ParameterError
that names the argument, where librosa divides by zero, indexes an empty
array, fails inside scipy, or runs for minutes. Where fastrosa bounds the
work of an exact computation instead (onset max_size and lag past the
spectrogram), the result is librosa's.
"""

from __future__ import annotations

import faulthandler
import re
import warnings

import librosa
import numpy as np
import pytest

import fastrosa
from helpers import assert_close

Y = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
S = np.abs(librosa.stft(Y))
D = librosa.stft(Y)

# (function, fixed arguments, the argument swept): the functions whose sizes
# librosa lets through to accidents
CALLS = [
    ("stft", (Y,), {}, ["n_fft", "win_length", "hop_length"]),
    ("istft", (D,), {}, ["n_fft", "win_length", "hop_length"]),
    ("feature.melspectrogram", (), {"y": Y}, ["sr", "n_fft", "win_length", "hop_length", "n_mels"]),
    ("feature.mfcc", (), {"y": Y}, ["sr", "n_mfcc", "n_fft"]),
    ("feature.chroma_stft", (), {"y": Y}, ["sr", "n_fft", "n_chroma"]),
    ("feature.rms", (), {"y": Y}, ["frame_length", "hop_length"]),
    ("feature.zero_crossing_rate", (Y,), {}, ["frame_length", "hop_length"]),
    ("feature.spectral_centroid", (), {"y": Y}, ["sr", "n_fft", "win_length"]),
    ("feature.spectral_bandwidth", (), {"y": Y}, ["sr", "n_fft"]),
    ("feature.spectral_contrast", (), {"y": Y}, ["sr", "n_fft", "n_bands"]),
    ("feature.spectral_rolloff", (), {"y": Y}, ["sr", "n_fft"]),
    ("feature.spectral_flatness", (), {"y": Y}, ["n_fft", "hop_length"]),
    ("feature.tempogram", (), {"y": Y}, ["sr", "win_length", "hop_length"]),
    ("feature.tempo", (), {"y": Y}, ["sr", "hop_length", "ac_size"]),
    ("onset.onset_strength", (), {"y": Y}, ["sr", "lag", "max_size", "n_fft"]),
    ("onset.onset_detect", (), {"y": Y}, ["sr", "hop_length"]),
    ("beat.beat_track", (), {"y": Y}, ["sr", "hop_length"]),
    ("decompose.hpss", (S,), {}, ["kernel_size"]),
    ("effects.hpss", (Y,), {}, ["kernel_size", "n_fft", "win_length"]),
    ("piptrack", (), {"y": Y}, ["sr", "n_fft", "win_length"]),
    ("estimate_tuning", (), {"y": Y}, ["sr", "n_fft", "resolution"]),
    ("filters.mel", (), {"sr": 22050, "n_fft": 2048}, ["sr", "n_fft", "n_mels"]),
    ("filters.chroma", (), {"sr": 22050, "n_fft": 2048}, ["sr", "n_fft", "n_chroma"]),
    ("filters.window_sumsquare", (), {"window": "hann", "n_frames": 10},
     ["n_fft", "win_length", "hop_length", "n_frames"]),
    ("fft_frequencies", (), {}, ["sr", "n_fft"]),
    ("tone", (440.0,), {"duration": 0.1}, ["sr"]),
    ("chirp", (), {"fmin": 100.0, "fmax": 200.0, "duration": 0.1}, ["sr"]),
    ("clicks", (), {"times": [0.05]}, ["sr"]),
]
RATE_EDGES = [0, -1, -22050.0, np.nan, np.inf, "22050", True]
SIZE_EDGES = [0, -1, 2.5, np.nan, np.inf, "3", True, np.float64(4.0)]
COUNT_EDGES = [-1, 2.5, np.nan, "3", True]  # n_mels, n_mfcc, n_frames: 0 is an empty result
HUGE = 10**9  # a size no call should be allowed to take minutes or all memory over
ZERO_OK = {"n_mels", "n_mfcc", "n_frames"}
RATES = {"sr", "resolution", "ac_size"}


def resolve(module, name):
    for part in name.split("."):
        module = getattr(module, part)
    return module


def edge_cases():
    for name, args, kw, swept in CALLS:
        for arg in swept:
            edges = RATE_EDGES if arg in RATES else COUNT_EDGES if arg in ZERO_OK else SIZE_EDGES
            for value in edges:
                if arg == "n_bands" and value is True:
                    continue  # librosa's own check takes True for 1, and so does fastrosa
                yield pytest.param(name, args, kw, arg, value, id=f"{name}-{arg}={value!r}")


def call(name, args, kw, **extra):
    faulthandler.dump_traceback_later(120, exit=True)  # a hang is a finding
    try:
        return resolve(fastrosa, name)(*args, **{**kw, **extra})
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.mark.parametrize("name, args, kw, arg, value", list(edge_cases()))
def test_edge_value_is_a_parameter_error_naming_it(name, args, kw, arg, value):
    with pytest.raises(fastrosa.ParameterError, match=rf"\b{arg}\b"):
        call(name, args, kw, **{arg: value})


@pytest.mark.parametrize("name, args, kw, arg", [
    pytest.param(n, a, k, arg, id=f"{n}-{arg}") for n, a, k, swept in CALLS for arg in swept
    if arg not in RATES | {"hop_length", "lag", "max_size", "n_mfcc"}])  # n_mfcc: at most n_mels
def test_huge_size_is_refused_at_once(name, args, kw, arg):
    """A size past the bounds: a ParameterError before any work, where librosa
    allocates gigabytes or runs for minutes."""
    with pytest.raises(fastrosa.ParameterError, match="more than|Nyquist"):
        call(name, args, kw, **{arg: HUGE})


@pytest.mark.parametrize("name, kw", [
    ("feature.tempo", {"hop_length": 1}),  # an 8-s window of 176400 lags over 22050 frames
    ("beat.beat_track", {"hop_length": 1}),
    ("istft", {"hop_length": HUGE}),
    ("filters.window_sumsquare", {"window": "hann", "n_frames": HUGE}),
])
def test_too_much_work_is_refused(name, kw):
    args = (D,) if name == "istft" else ()
    kw = {**({"y": Y} if name in ("feature.tempo", "beat.beat_track") else {}), **kw}
    with pytest.raises(fastrosa.ParameterError, match="a size argument asks for more"):
        call(name, args, kw)


def test_default_hop_of_a_tiny_window_is_refused():
    """n_fft < 4 makes librosa's default hop 0 (ZeroDivisionError in librosa)."""
    with pytest.raises(ZeroDivisionError):
        librosa.stft(Y, n_fft=2)
    for n_fft in (1, 2, 3):
        with pytest.raises(fastrosa.ParameterError, match="give hop_length"):
            fastrosa.stft(Y, n_fft=n_fft)
    # with a hop it is a valid (if odd) transform, as in librosa
    assert_close(fastrosa.stft(Y[:64], n_fft=2, hop_length=1), librosa.stft(Y[:64], n_fft=2, hop_length=1))


def test_huge_median_kernel_is_refused_without_hanging():
    """librosa hangs in scipy's median filter; fastrosa bounds the work."""
    with pytest.raises(fastrosa.ParameterError, match="kernel_size"):
        call("decompose.hpss", (S,), {}, kernel_size=HUGE)
    with pytest.raises(fastrosa.ParameterError, match="steps"):
        call("decompose.hpss", (np.ones((1025, 20000), np.float32),), {}, kernel_size=10**7)
    with pytest.raises(fastrosa.ParameterError, match="kernel_size"):
        call("decompose.hpss", (S,), {}, kernel_size=(31, 0))


@pytest.mark.parametrize("max_size", [1, 3, 1024, 1025, 2049, 2050, 2051, 5000])
def test_onset_max_size_past_the_bins_is_librosas(max_size):
    """Every window of 2 * bins or more holds a whole reflected line: the maxima
    are those of any longer window, computed at bounded cost."""
    kw = dict(S=S[:40], max_size=max_size)
    assert_close(fastrosa.onset.onset_strength(**kw), librosa.onset.onset_strength(**kw))


def test_onset_huge_max_size_and_lag_are_quick_and_librosas():
    kw = dict(S=S[:8])
    assert_close(call("onset.onset_strength", (), kw, max_size=HUGE),
                 librosa.onset.onset_strength(**kw, max_size=100))
    for lag in (43, 44, 45, 10**6):
        for detrend in (False, True):
            got = call("onset.onset_strength", (), {"y": Y, "lag": lag, "detrend": detrend})
            assert_close(got, librosa.onset.onset_strength(y=Y, lag=lag, detrend=detrend))
    # uncentred, librosa's envelope is lag + frames long: bounded like any result
    with pytest.raises(fastrosa.ParameterError, match="lag="):
        call("onset.onset_strength", (), {"y": Y, "lag": 1 << 40, "center": False})


def test_contrast_band_without_bins_is_named():
    """librosa indexes an empty band (IndexError); fastrosa says which and why."""
    with pytest.raises(IndexError), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy's mean of librosa's empty band
        librosa.feature.spectral_contrast(y=Y, fmin=1.0)
    with pytest.raises(fastrosa.ParameterError, match=r"fmin=1.0.*band 1 .*holds no frequency bin"):
        fastrosa.feature.spectral_contrast(y=Y, fmin=1.0)
    with pytest.raises(fastrosa.ParameterError, match="Nyquist"):
        fastrosa.feature.spectral_contrast(y=Y, n_bands=HUGE)


@pytest.mark.parametrize("name, kw, arg", [
    ("feature.spectral_bandwidth", {"y": Y, "p": 0}, "p"),
    ("feature.spectral_bandwidth", {"y": Y, "p": "3"}, "p"),
    ("feature.spectral_flatness", {"y": Y, "power": "3"}, "power"),
    ("feature.mfcc", {"y": Y, "dct_type": 5}, "dct_type"),
    ("feature.mfcc", {"y": Y, "dct_type": 2.5}, "dct_type"),
    ("feature.delta", {"order": 9}, "order"),
    ("filters.get_window", {}, "Nx"),
])
def test_other_degenerate_arguments_are_named(name, kw, arg):
    args = {"feature.delta": (S[:4],), "filters.get_window": ("hann", 0)}.get(name, ())
    with pytest.raises(fastrosa.ParameterError, match=rf"\b{arg}="):
        call(name, args, kw)


def test_valid_edges_still_compute_as_librosa():
    """The smallest valid values are not refused: n_mels=0 is an empty
    filterbank, NumPy integers are integers, hop 1 is a hop."""
    assert_close(fastrosa.filters.mel(sr=22050, n_fft=2048, n_mels=0),
                 librosa.filters.mel(sr=22050, n_fft=2048, n_mels=0))
    kw = dict(y=Y[:4096], n_fft=np.int64(512), hop_length=np.int32(1), win_length=np.uint16(256))
    assert_close(fastrosa.feature.melspectrogram(**kw), librosa.feature.melspectrogram(**kw))
    assert_close(fastrosa.feature.rms(y=Y, frame_length=1, hop_length=1),
                 librosa.feature.rms(y=Y, frame_length=1, hop_length=1))
    assert re.match(r"^\w+=", str(pytest.raises(fastrosa.ParameterError, fastrosa.stft, Y, n_fft=0).value))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, np.complex64])
@pytest.mark.parametrize("order", ["C", "F", "strided"])
def test_scan_is_numpys(dtype, order):
    """The one-pass checks of valid_audio, normalize and the stored-spectrogram
    reductions: np.isfinite(x).all() and np.any(x < 0) for every kind of
    special value (inf, -inf, NaN, -0.0, the smallest negative subnormal),
    anywhere (first, last, inside a block, past the first block), any layout."""
    from fastrosa.util.utils import _all_finite, _scan

    base = np.abs(np.random.default_rng(1).standard_normal((70, 130))).astype(dtype)
    x = np.asfortranarray(base) if order == "F" else base.copy()
    view = (lambda a: a[:, ::3]) if order == "strided" else (lambda a: a)
    assert _all_finite(view(x)) is True
    assert _all_finite(np.zeros(0, dtype=dtype)) is True
    tiny = -np.finfo(np.float32 if dtype == np.complex64 else dtype).smallest_subnormal
    for bad in (np.inf, -np.inf, np.nan, -0.0, tiny, -1.0):
        for at in ((0, 0), (69, 129), (35, 63), (69, 0)):
            y = x.copy(order="A")
            y[at] = bad
            v = view(y)
            assert _all_finite(v) == bool(np.isfinite(v).all())
            if dtype != np.complex64:
                assert _scan(v) == (bool(np.isfinite(v).all()), bool(np.any(v < 0)))
