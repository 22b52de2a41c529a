"""melspectrogram, mfcc and the dB conversions against librosa 0.11.0, called live."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from helpers import (MONO_FILES, STEREO_FILES, assert_close, compare_api, layout, load, same_outcome,
                     signal)

import fastrosa

# every test here runs at every SIMD level this CPU has (conftest.every_simd_level)
pytestmark = pytest.mark.usefixtures("every_simd_level")


MEL_KW = [
    {},
    {"n_mels": 40, "fmax": 8000},
    {"n_mels": 64, "htk": True, "fmin": 50.0},
    {"norm": None},
    {"norm": 2.0},
    {"power": 1.0},
    {"power": 1.5, "n_fft": 1024, "hop_length": 256},
    {"n_fft": 511, "hop_length": 100, "win_length": 400, "window": "hamming"},
    {"center": False},
    {"pad_mode": "reflect"},
    {"dtype": np.float64},
    {"n_mels": 256, "n_fft": 512},  # empty filters: librosa's UserWarning
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("channels", [(), (2,), (2, 3)])
@pytest.mark.parametrize("kw", MEL_KW, ids=str)
def test_melspectrogram(kw, channels, dtype):
    y = signal(12345, dtype, channels=channels, seed=len(kw), kind="tone")
    compare_api("feature", "melspectrogram", y=y, sr=22050, prec=dtype, **kw)


@pytest.mark.parametrize("how", ["F", "step", "T"])
def test_melspectrogram_layouts(how):
    y = layout(signal(9000, np.float32, channels=(2,), seed=1), how)
    compare_api("feature", "melspectrogram", y=y, sr=16000)


def test_melspectrogram_from_S():
    y = signal(20000, np.float32, seed=2)
    S = np.abs(librosa.stft(y, n_fft=1024)) ** 2
    compare_api("feature", "melspectrogram", S=S, sr=22050)
    compare_api("feature", "melspectrogram", S=S, sr=22050, n_fft=2048)  # n_fft inferred from S instead
    compare_api("feature", "melspectrogram", S=S.astype(np.float64), sr=22050, n_mels=32)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("how", ["C", "F", "step", "T"])
def test_melspectrogram_from_S_layouts(how, dtype):
    """A stored S in any memory order (stft's frames-major F order included),
    multichannel, projected by the banded kernel; a float32 S with a float64
    filterbank is promoted as librosa's product promotes it."""
    y = signal(30000, np.float32, channels=(2,), seed=5)
    S = layout((np.abs(librosa.stft(y)) ** 2).astype(dtype), how)
    compare_api("feature", "melspectrogram", S=S, sr=22050, prec=dtype)
    compare_api("feature", "melspectrogram", S=S[0], sr=22050, n_mels=40, fmax=6000.0, prec=dtype)
    if dtype == np.float32:
        compare_api("feature", "melspectrogram", S=S, sr=22050, dtype=np.float64, prec=np.float32)


def test_melspectrogram_from_S_nonfinite():
    """A NaN or an infinity meets zero weights in librosa's dense product: NaN
    in every band whose support does not hold it; inf where only positive
    weights meet it. The banded kernel gives the same pattern."""
    S = np.abs(librosa.stft(signal(20000, np.float32, seed=6))) ** 2
    S[3, 5] = np.inf
    S[1000, 7] = np.nan
    S[2, 9] = -np.inf
    S[5, 9] = np.inf
    S[40, 11] = np.inf
    with np.errstate(invalid="ignore"):
        want = librosa.feature.melspectrogram(S=S, sr=22050)
    got = fastrosa.feature.melspectrogram(S=S, sr=22050)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    assert np.array_equal(np.isposinf(got), np.isposinf(want))
    finite = np.isfinite(want)
    assert not finite.all() and finite[:, 11].sum() < want.shape[0]
    assert_close(got[finite], want[finite])


@pytest.mark.parametrize("kw", [
    {},  # neither y nor S
    {"y": np.array([0.0, np.nan, 1.0])},
    {"y": np.arange(5000)},
    {"y": np.zeros(5000, np.float32), "n_fft": None},
    {"y": np.zeros(5000, np.float32), "hop_length": 0},
    {"y": np.zeros(5000, np.float32), "bogus": 1},
    {"y": np.zeros(100, np.float32), "center": False},
], ids=str)
def test_melspectrogram_bad_input(kw):
    assert isinstance(compare_api("feature", "melspectrogram", **kw), Exception)


def test_melspectrogram_silence_and_tone():
    """Silence gives zeros; a pure tone's energy sits in the band around its frequency."""
    compare_api("feature", "melspectrogram", y=np.zeros(22050, np.float32))
    sr, f = 22050, 1000.0
    y = np.sin(2 * np.pi * f * np.arange(sr) / sr).astype(np.float32)
    M = fastrosa.feature.melspectrogram(y=y, sr=sr)
    centres = fastrosa.mel_frequencies(n_mels=128 + 2, fmax=sr / 2)[1:-1]
    peak = centres[M[:, 20].argmax()]
    assert abs(peak - f) < 30, peak
    compare_api("feature", "melspectrogram", y=y, sr=sr)


MFCC_KW = [
    {},
    {"n_mfcc": 13},
    {"n_mfcc": 200},  # more than n_mels: all of them
    {"dct_type": 1},
    {"dct_type": 3},
    {"norm": None},
    {"dct_type": 1, "norm": None},
    {"dct_type": 3, "norm": None},
    {"dct_type": 4},
    {"dct_type": 4, "norm": None},
    {"norm": "forward"},
    {"dct_type": 1, "norm": "forward"},
    {"lifter": 22},
    {"mel_norm": None, "n_mels": 40},
    {"htk": True, "fmax": 8000, "n_fft": 1024},
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("channels", [(), (2,)])
@pytest.mark.parametrize("kw", MFCC_KW, ids=str)
def test_mfcc(kw, channels, dtype):
    y = signal(15000, dtype, channels=channels, seed=7, kind="tone")
    compare_api("feature", "mfcc", y=y, sr=22050, **kw)


def test_mfcc_from_S():
    y = signal(15000, np.float32, seed=8)
    S = librosa.power_to_db(librosa.feature.melspectrogram(y=y))
    for kw in ({}, {"dct_type": 3}, {"n_mfcc": 5, "lifter": 10}):
        compare_api("feature", "mfcc", S=S, **kw)
        compare_api("feature", "mfcc", S=S.astype(np.float64), **kw)


@pytest.mark.parametrize("kw", [
    {"lifter": -1},
    {"dct_type": 5},
    {"dct_type": 0},
    {"norm": "bogus"},
], ids=str)
def test_mfcc_bad_input(kw):
    y = signal(5000, np.float32)
    assert isinstance(compare_api("feature", "mfcc", y=y, **kw), Exception)


@pytest.mark.parametrize("path", MONO_FILES)
def test_recordings(path):
    y = load(path)
    compare_api("feature", "melspectrogram", y=y, err_msg=path.name)
    compare_api("feature", "mfcc", y=y, err_msg=path.name)


@pytest.mark.parametrize("path", STEREO_FILES)
def test_recordings_stereo(path):
    y = load(path, mono=False)
    compare_api("feature", "mfcc", y=y, sr=44100, err_msg=path.name)


# ---------------------------------------------------------------------------
# dB conversions. Float arrays go through the C kernel (a polynomial
# logarithm, a few ulp from NumPy's): equal within the dtype's tolerance;
# scalars, integers and the rest take librosa's NumPy route: exactly equal.
# ---------------------------------------------------------------------------
DB_INPUTS = {
    "float32": np.abs(signal(3000, np.float32, seed=3)).reshape(30, 100) ** 2,
    "float64": np.abs(signal(3000, np.float64, seed=4)).reshape(3, 10, 100),
    "int": np.arange(12).reshape(3, 4),
    "scalar": 5.0,
    "0-d": np.array(2.0),
    "complex": signal(200, np.float32, seed=5) * (1 + 1j),
    "zeros": np.zeros((4, 5), np.float32),
}
DB_KW = [{}, {"top_db": None}, {"ref": np.max}, {"ref": 2.0, "amin": 1e-5, "top_db": 40.0},
         {"amin": 0}, {"top_db": -1}]


@pytest.mark.parametrize("kw", DB_KW, ids=str)
@pytest.mark.parametrize("name", list(DB_INPUTS))
@pytest.mark.parametrize("func", ["power_to_db", "amplitude_to_db"])
def test_to_db(func, name, kw):
    S = DB_INPUTS[name]

    def check(got, want):
        assert type(got) is type(want)
        if isinstance(want, np.ndarray) and want.ndim and want.dtype.kind == "f":
            assert_close(got, want, err_msg=f"{func} {name} {kw}")
        else:
            np.testing.assert_array_equal(got, want, err_msg=f"{func} {name} {kw}")
        assert np.asarray(got).dtype == np.asarray(want).dtype

    same_outcome(lambda: getattr(fastrosa, func)(S.copy() if hasattr(S, "copy") else S, **kw),
                 lambda: getattr(librosa, func)(S.copy() if hasattr(S, "copy") else S, **kw),
                 check, f"{func} {name} {kw}")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_power_to_db_kernel_range(dtype):
    """Every binade the dtype has, from amin's floor to its largest numbers,
    plus non-finite values, F order, strided views and a subnormal amin
    (the libm fallback)."""
    info = np.finfo(dtype)
    x = np.geomspace(float(info.tiny), float(info.max) / 2, 20001).astype(dtype)
    x[::997] = np.nan
    x[5::1009] = np.inf
    for S, kw in [(x, {"amin": float(info.tiny), "top_db": None}),
                  (x, {"amin": float(info.tiny), "ref": 3.0}),
                  (x[:-1].reshape(100, 200).T, {"amin": 1e-30, "top_db": 900.0}),
                  (x[:19998].reshape(-1, 3)[:, ::2], {"amin": 1e-30, "top_db": None}),
                  (np.abs(signal(4000, dtype, seed=6)), {"amin": 1e-45}),
                  (np.abs(signal(4000, dtype, seed=6)).reshape(2, 2, -1), {"ref": np.max})]:
        got, want = fastrosa.power_to_db(S, **kw), librosa.power_to_db(S, **kw)
        assert got.flags.f_contiguous == want.flags.f_contiguous
        finite = np.isfinite(want)
        assert_close(got[finite], want[finite], err_msg=str(kw))
        np.testing.assert_array_equal(got[~finite], want[~finite], err_msg=str(kw))


def test_db_reference_is_exact_zero():
    """The value equal to the reference is 0 dB exactly, as in librosa."""
    S = np.abs(signal(2000, np.float32, seed=7)).reshape(4, -1)
    assert fastrosa.power_to_db(S, ref=np.max).max() == 0.0
    assert fastrosa.amplitude_to_db(S, ref=np.max).max() == 0.0
    assert not np.any(fastrosa.amplitude_to_db(np.zeros((3, 5), np.float32), ref=np.max))


def test_power_to_db_nan_clip():
    """A NaN anywhere makes librosa's top_db clip NaN everywhere."""
    S = np.ones((3, 4), np.float32)
    S[1, 2] = np.nan
    for kw in ({}, {"top_db": None}):
        np.testing.assert_array_equal(fastrosa.power_to_db(S, **kw), librosa.power_to_db(S, **kw))


@pytest.mark.parametrize("func", ["db_to_power", "db_to_amplitude"])
@pytest.mark.parametrize("ref", [1.0, 3.0])
def test_from_db(func, ref):
    for S in (np.linspace(-80, 20, 50, dtype=np.float32), np.linspace(-80, 20, 50), -6.0):
        got, want = getattr(fastrosa, func)(S, ref=ref), getattr(librosa, func)(S, ref=ref)
        np.testing.assert_array_equal(got, want)
        assert np.asarray(got).dtype == np.asarray(want).dtype


def test_db_round_trip_analytic():
    assert fastrosa.power_to_db(np.array([100.0]))[0] == 20.0
    assert fastrosa.amplitude_to_db(np.array([100.0]))[0] == 40.0
    np.testing.assert_allclose(fastrosa.db_to_power(fastrosa.power_to_db(np.array([0.5, 2.0]))), [0.5, 2.0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n_mels", [128, 37])
def test_melspectrogram_band_sums_in_order(dtype, n_mels):
    """The fused transform sums each band over its bins in order, one
    accumulator, multiply then add in the working precision: the bits a
    sequential (cumulative) sum of the stored power spectrum gives."""
    y = signal(12000, dtype, seed=9)
    got = fastrosa.feature.melspectrogram(y=y, sr=22050, n_mels=n_mels)
    D = fastrosa.stft(y)
    P = D.real * D.real + D.imag * D.imag
    # float32 weights, promoted to the signal's precision as librosa's product does
    basis = fastrosa.filters.mel(sr=22050, n_fft=2048, n_mels=n_mels).astype(dtype)
    want = np.zeros_like(got)
    for m, row in enumerate(basis):
        nz = np.flatnonzero(row)
        if nz.size:
            lo, hi = nz[0], nz[-1] + 1
            want[m] = np.cumsum(row[lo:hi, None] * P[lo:hi], axis=0, dtype=dtype)[-1]
    np.testing.assert_array_equal(got, want)
