"""fastrosa.stft / istft / magphase against librosa 0.11.0, called live."""

from __future__ import annotations


import librosa
import numpy as np
import pytest
from helpers import (MONO_FILES, STEREO_FILES, assert_close, compare_api, layout, load, same_outcome,
                     signal)
from hypothesis import given, settings
from hypothesis import strategies as st

import fastrosa

# every test here runs at every SIMD level this CPU has (conftest.every_simd_level)
pytestmark = pytest.mark.usefixtures("every_simd_level")

PAD_MODES = ["constant", "edge", "linear_ramp", "reflect", "symmetric"]
REFUSED_PAD_MODES = ["wrap", "maximum", "mean", "median", "minimum"]
DTYPES = [np.float32, np.float64]




# ---------------------------------------------------------------------------
# stft
# ---------------------------------------------------------------------------
HOPS = {
    2048: (None, 512, 333),
    512: (None, 128, 100),
    511: (None, 127, 130),
    2: (None, 1, 3),
    1: (None, 1, 3),
}
LENGTHS = {"0": 0, "1": 1, "n-1": -1, "n": 0, "n+1": 1, "3001": 3001, "12345": 12345}
CENTER_PAD = [(False, "constant")] + [(True, m) for m in PAD_MODES]


def _length(key, n_fft):
    return n_fft + LENGTHS[key] if key.startswith("n") else LENGTHS[key]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("center, pad_mode", CENTER_PAD)
@pytest.mark.parametrize("length", list(LENGTHS))
@pytest.mark.parametrize("n_fft, hop_length", [(n, h) for n, hs in HOPS.items() for h in hs])
def test_stft_sizes(n_fft, hop_length, length, center, pad_mode, dtype):
    n = _length(length, n_fft)
    compare_api("", 
        "stft",
        signal(n, dtype, seed=n),
        n_fft=n_fft,
        hop_length=hop_length,
        center=center,
        pad_mode=pad_mode,
    )


def test_stft_warns_too_large():
    y = signal(100)
    with pytest.warns(UserWarning, match="n_fft=2048 is too large for input signal of length=100"):
        got = fastrosa.stft(y, n_fft=2048)
    with pytest.warns(UserWarning):
        want = librosa.stft(y, n_fft=2048)
    assert_close(got, want)


def test_stft_callable_pad_mode():
    def pad_zeros(vector, iaxis_pad_width, iaxis, kwargs):
        vector[: iaxis_pad_width[0]] = 0
        vector[len(vector) - iaxis_pad_width[1] :] = 0

    compare_api("", "stft", signal(3000), n_fft=512, pad_mode=pad_zeros)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("center", [True, False])
@pytest.mark.parametrize("win_length", [None, 300, 100])
@pytest.mark.parametrize("n_fft", [512, 511])
@pytest.mark.parametrize(
    "window", ["hann", "hamming", "blackman", "boxcar", "ndarray", np.bartlett]
)
def test_stft_windows(window, n_fft, win_length, center, dtype):
    if isinstance(window, str) and window == "ndarray":
        window = np.random.default_rng(5).uniform(0.1, 1.0, win_length or n_fft)
    compare_api("", 
        "stft",
        signal(4000, dtype),
        n_fft=n_fft,
        win_length=win_length,
        window=window,
        center=center,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("center", [True, False])
@pytest.mark.parametrize("how", ["C", "F", "step", "T"])
@pytest.mark.parametrize("channels", [(), (2,), (3,), (2, 2)])
def test_stft_channels_layouts(channels, how, center, dtype):
    y = layout(signal(5000, dtype, channels=channels, seed=len(channels)), how)
    D = compare_api("", "stft", y, err_msg=how, n_fft=1024, hop_length=300, center=center)
    assert D.shape == channels + (513, 17 if center else 14)


@pytest.mark.parametrize("n_fft", [512, 511])
@pytest.mark.parametrize(
    "dtype, out_dtype",
    [
        (np.float32, np.complex128),
        (np.float64, np.complex64),
        (np.float32, np.complex64),
        (np.float64, np.complex128),
    ],
)
def test_stft_dtype_override(dtype, out_dtype, n_fft):
    D = compare_api("", "stft", signal(5000, dtype, channels=(2,)), n_fft=n_fft, dtype=out_dtype)
    assert D.dtype == out_dtype


OUT_CASES = [
    "exact",
    "larger",
    "complex128",
    "complex64",
    "F-order",
    "too-small",
    "wrong-bins",
    "real",
]


@pytest.mark.parametrize("channels", [(), (2,)])
@pytest.mark.parametrize("case", OUT_CASES)
def test_stft_out(case, channels):
    y = signal(5000, np.float32, channels=channels, seed=3)
    kw = dict(n_fft=512, hop_length=200)
    shape = librosa.stft(y, **kw).shape
    bins, frames = shape[-2:]
    spec = {  # (shape, dtype, order) of the out array
        "exact": (shape, np.complex64, "C"),
        "larger": (channels + (bins, frames + 5), np.complex64, "C"),
        "complex128": (shape, np.complex128, "C"),
        "complex64": (shape, np.complex64, "C"),
        "F-order": (shape, np.complex64, "F"),
        "too-small": (channels + (bins, frames - 1), np.complex64, "C"),
        "wrong-bins": (channels + (bins + 1, frames), np.complex64, "C"),
        "real": (shape, np.float32, "C"),
    }[case]
    outs = {}

    def run(lib):
        outs[lib] = np.full(spec[0], 7, dtype=spec[1], order=spec[2])
        return lib.stft(y, out=outs[lib], **kw)

    def check(got, want):
        assert_close(got, want, err_msg=case)
        assert (got is outs[fastrosa]) == (want is outs[librosa]), case
        assert np.shares_memory(got, outs[fastrosa]), case
        if case == "larger":  # the unused columns are left alone
            np.testing.assert_array_equal(outs[fastrosa][..., frames:], outs[librosa][..., frames:])

    got = same_outcome(lambda: run(fastrosa), lambda: run(librosa), check, case)
    if case in ("too-small", "wrong-bins", "real"):
        assert isinstance(got, fastrosa.ParameterError)


def _with(y, i, v):
    y = y.copy()
    y[..., i] = v
    return y


BAD_STFT = {
    "nan": (_with(signal(3000), 17, np.nan), {}),
    "inf": (_with(signal(3000), 2999, np.inf), {}),
    "-inf-stereo": (_with(signal(3000, channels=(2,)), 0, -np.inf), {}),
    "int16": (np.arange(3000, dtype=np.int16), {}),
    "int64": (np.arange(3000), {}),
    "complex": (signal(3000).astype(np.complex64), {}),
    "list": (list(signal(3000)), {}),
    "0-d": (np.array(1.5, dtype=np.float32), {}),
    "hop=0": (signal(3000), {"hop_length": 0}),
    "hop=-1": (signal(3000), {"hop_length": -1}),
    "hop=1.5": (signal(3000), {"hop_length": 1.5}),
    "hop=None,n_fft=2": (signal(3000), {"n_fft": 2}),
    "win_length>n_fft": (signal(3000), {"n_fft": 512, "win_length": 513}),
    "n_fft=0": (signal(3000), {"n_fft": 0}),
    "n_fft=-1": (signal(3000), {"n_fft": -1, "hop_length": 1}),
    "uncentered n_fft>n": (signal(100), {"n_fft": 101, "center": False}),
    "reflect empty": (signal(0), {"pad_mode": "reflect"}),
    "symmetric empty": (signal(0), {"pad_mode": "symmetric"}),
    "window length": (signal(3000), {"n_fft": 512, "window": np.ones(511)}),
    **{f"pad_mode={m}": (signal(3000), {"pad_mode": m}) for m in REFUSED_PAD_MODES},
}


@pytest.mark.parametrize("case", list(BAD_STFT))
def test_stft_bad_input(case):
    y, kw = BAD_STFT[case]
    assert isinstance(
        compare_api("", "stft", y, err_msg=case, **kw), Exception
    ), f"{case}: librosa did not raise"


@pytest.mark.parametrize("mode", REFUSED_PAD_MODES)
def test_stft_refused_pad_mode_unused_when_uncentered(mode):
    compare_api("", "stft", signal(3000), n_fft=512, center=False, pad_mode=mode)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 5000),
    n_fft=st.integers(1, 1100),
    hop_length=st.integers(1, 700),
    center=st.booleans(),
    pad_mode=st.sampled_from(PAD_MODES),
    dtype=st.sampled_from(DTYPES),
)
def test_stft_property(n, n_fft, hop_length, center, pad_mode, dtype):
    compare_api("", 
        "stft",
        signal(n, dtype, seed=n_fft),
        n_fft=n_fft,
        hop_length=hop_length,
        center=center,
        pad_mode=pad_mode,
    )


# ---------------------------------------------------------------------------
# istft
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("channels", [(), (2,)])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("win_length", [None, "half"])
@pytest.mark.parametrize("hop_length", [None, 100])
@pytest.mark.parametrize("n_fft", [2048, 512, 511])
def test_istft_round_trip(n_fft, hop_length, win_length, dtype, channels):
    x = signal(5000, dtype, channels=channels, seed=n_fft)
    kw = dict(n_fft=n_fft, hop_length=hop_length, win_length=n_fft // 2 if win_length else None)
    y = fastrosa.istft(fastrosa.stft(x, **kw), length=x.shape[-1], **kw)
    assert_close(y, x, err_msg=f"{kw} {dtype}")


def spectrum(bins, frames, cdtype, channels=(), seed=0):
    r = np.random.default_rng(seed)
    shape = channels + (bins, frames)
    return (r.standard_normal(shape) + 1j * r.standard_normal(shape)).astype(cdtype)


ISTFT_CASES = {  # bins, n_fft, win_length, hop_length
    "default": (257, None, None, None),
    "hop=100": (257, None, None, 100),
    "odd n_fft": (256, 511, None, None),
    "odd n_fft win<n_fft": (256, 511, 300, 77),
    "n_fft > bins": (257, 600, None, 150),
    "n_fft < bins": (257, 300, None, None),
    "win<n_fft": (1025, None, 1000, 250),
    "n_fft=2": (2, None, None, 1),
}


@pytest.mark.parametrize("cdtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("length", [None, "shorter", "longer"])
@pytest.mark.parametrize("center", [True, False])
@pytest.mark.parametrize("case", list(ISTFT_CASES))
def test_istft(case, center, length, cdtype):
    bins, n_fft, win_length, hop_length = ISTFT_CASES[case]
    S = spectrum(bins, 40, cdtype)
    kw = dict(n_fft=n_fft, win_length=win_length, hop_length=hop_length, center=center)
    natural = librosa.istft(S, **kw).shape[-1]
    if length is not None:
        kw["length"] = natural - 37 if length == "shorter" else natural + 100
    compare_api("", "istft", S, err_msg=case, **kw)


@pytest.mark.parametrize("cdtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("center", [True, False])
@pytest.mark.parametrize("channels", [(2,), (3,), (2, 2)])
def test_istft_channels(channels, center, cdtype):
    S = spectrum(513, 30, cdtype, channels=channels, seed=len(channels))
    compare_api("", "istft", np.asfortranarray(S), center=center, hop_length=200)
    compare_api("", "istft", S, center=center, length=5000)


@pytest.mark.parametrize("cdtype, dtype", [(np.complex64, np.float64), (np.complex128, np.float32)])
def test_istft_dtype_override(cdtype, dtype):
    S = spectrum(513, 30, cdtype, channels=(2,))
    # the tolerance is that of the less precise of input and output
    y = compare_api("", "istft", S, prec=np.float32, dtype=dtype)
    assert y.dtype == dtype


@pytest.mark.parametrize("case", ["exact", "float64", "F-order", "wrong-shape"])
def test_istft_out(case):
    S = spectrum(513, 30, np.complex64, channels=(2,))
    shape = librosa.istft(S).shape
    spec = {
        "exact": (shape, np.float32, "C"),
        "float64": (shape, np.float64, "C"),
        "F-order": (shape, np.float32, "F"),
        "wrong-shape": ((2, shape[-1] + 1), np.float32, "C"),
    }[case]
    outs = {}

    def run(lib):
        outs[lib] = np.full(spec[0], 7, dtype=spec[1], order=spec[2])
        return lib.istft(S, out=outs[lib])

    def check(got, want):
        assert_close(got, want, err_msg=case, dtype=np.float32)
        assert got is outs[fastrosa] and want is outs[librosa], case

    got = same_outcome(lambda: run(fastrosa), lambda: run(librosa), check, case)
    assert isinstance(got, fastrosa.ParameterError) == (case == "wrong-shape")


# Where librosa.istft fails by accident (ZeroDivisionError, a negative array
# size, a float index), fastrosa refuses the hop length with a ParameterError.
@pytest.mark.parametrize("hop_length, n_fft", [(0, None), (-1, None), (1.5, None), (None, 1)])
def test_istft_bad_hop(hop_length, n_fft):
    S = spectrum(257, 20, np.complex64)
    with pytest.raises(Exception):
        librosa.istft(S, hop_length=hop_length, n_fft=n_fft)
    with pytest.raises(fastrosa.ParameterError, match="hop_length"):
        fastrosa.istft(S, hop_length=hop_length, n_fft=n_fft)


# spectrum shape, kwargs: whatever librosa does (return or raise), fastrosa does alike
ISTFT_EDGES = {
    "0 frames": ((257, 0), {}),
    "0 frames uncentred": ((257, 0), {"center": False}),
    "0 frames length": ((257, 0), {"length": 100}),
    "1 frame": ((257, 1), {}),
    "1 frame uncentred": ((257, 1), {"center": False}),
    "1 bin": ((1, 5), {}),
    "0 bins": ((2, 0, 4), {}),
    "n_fft=0": ((257, 3), {"n_fft": 0}),
    "win_length>n_fft": ((257, 3), {"win_length": 513}),
}


@pytest.mark.parametrize("case", list(ISTFT_EDGES))
def test_istft_edges(case):
    shape, kw = ISTFT_EDGES[case]
    compare_api("", 
        "istft",
        spectrum(shape[-2], shape[-1], np.complex64, channels=shape[:-2]),
        err_msg=case,
        **kw,
    )


# ---------------------------------------------------------------------------
# magphase
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("power", [1, 2, 0.5])
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128, np.float32, np.float64])
def test_magphase(dtype, power):
    D = spectrum(65, 20, np.complex128, channels=(2,))
    D[..., ::3] = 0
    D[..., 1, :] = 1e-40 + 1e-41j  # denormal in complex64
    D = D.real.astype(dtype) if np.dtype(dtype).kind == "f" else D.astype(dtype)
    got, want = fastrosa.magphase(D, power=power), librosa.magphase(D, power=power)
    for g, w, what in zip(got, want, ["mag", "phase"]):
        assert_close(g, w, err_msg=f"{what} {dtype} power={power}")
    assert np.all(got[1][D == 0] == 1)


# ---------------------------------------------------------------------------
# the real recordings
# ---------------------------------------------------------------------------


def _recording(path, mono):
    y = load(path, mono)
    assert y.dtype == np.float32 and y.ndim == (1 if mono else 2)
    D = compare_api("", "stft", y, err_msg=path.name)
    assert D.dtype == np.complex64
    assert_close(fastrosa.istft(D, length=y.shape[-1]), y, err_msg=f"round trip {path.name}")
    compare_api("", "istft", D, err_msg=path.name, hop_length=512, length=y.shape[-1])


@pytest.mark.audio
@pytest.mark.parametrize("path", MONO_FILES)
def test_recording_mono(path):
    _recording(path, True)


@pytest.mark.audio
@pytest.mark.parametrize("path", STEREO_FILES)
def test_recording_stereo(path):
    _recording(path, False)
