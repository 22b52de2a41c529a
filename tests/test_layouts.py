"""Stored spectrograms in either memory order, against librosa 0.11.0 called live.

``stft`` (fastrosa's and librosa's) returns a (..., n_freq, n_frames) array whose
memory holds one frame after another; a C-ordered copy holds one bin after
another. decompose.hpss, istft, the spectral shape features, chroma_stft,
piptrack and estimate_tuning read both in place: each must agree with librosa
on both, give the same bits on both, and (hpss) return the input's layout.
istft splits its output samples over threads; its result must not depend on
the thread count.
"""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from helpers import assert_close, signal

import fastrosa

# every test here runs at every SIMD level this CPU has (conftest.every_simd_level)
pytestmark = pytest.mark.usefixtures("every_simd_level")

CHANNELS = [(), (2,), (2, 2)]
DTYPES = [np.float32, np.float64]


def spectra(dtype, channels, n=12000, seed=3):
    """The STFT of a seeded tone-plus-noise signal in three memory orders:
    fastrosa.stft's ("frames": one frame after another within each channel),
    Fortran order (librosa.stft's for several channels; the same as "frames"
    for one) and C order."""
    y = signal(n, dtype, channels=channels, seed=seed, kind="tone")
    D = fastrosa.stft(y)
    assert not D.flags.c_contiguous and np.swapaxes(D, -1, -2).flags.c_contiguous
    return {"frames": D, "F": np.asfortranarray(D), "C": np.ascontiguousarray(D)}


def same_bits(a, b, what):
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape, what
    np.testing.assert_array_equal(a, b, err_msg=what)


@pytest.fixture
def threads():
    """Set fastrosa's thread count for a test, restored afterwards."""
    before = fastrosa.get_num_threads()
    yield fastrosa.set_num_threads
    fastrosa.set_num_threads(before)


@pytest.mark.parametrize("channels", CHANNELS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("real", [False, True])
def test_hpss_layouts(channels, dtype, real):
    got = {}
    for how, D in spectra(dtype, channels).items():
        S = np.abs(D) if real else D
        H, P = fastrosa.decompose.hpss(S)
        Hl, Pl = librosa.decompose.hpss(S)
        assert_close(H, Hl, err_msg=f"harmonic {how}")
        assert_close(P, Pl, err_msg=f"percussive {how}")
        if how != "F":  # outputs in the input's memory order
            assert H.flags.c_contiguous == S.flags.c_contiguous
            assert np.swapaxes(H, -1, -2).flags.c_contiguous == (how == "frames")
        got[how] = (H, P)
    for how in ("F", "C"):
        same_bits(got[how][0], got["frames"][0], f"harmonic {how} vs frames")
        same_bits(got[how][1], got["frames"][1], f"percussive {how} vs frames")


@pytest.mark.parametrize("kw", [{"mask": True}, {"mask": True, "power": np.inf},
                                {"margin": (2.0, 3.0), "kernel_size": (9, 16)}])
def test_hpss_layouts_options(kw):
    D = spectra(np.float32, (2,))
    H, P = fastrosa.decompose.hpss(D["frames"], **kw)
    Hc, Pc = fastrosa.decompose.hpss(D["C"], **kw)
    Hl, Pl = librosa.decompose.hpss(D["frames"], **kw)
    for g, c, w in ((H, Hc, Hl), (P, Pc, Pl)):
        same_bits(g, c, f"{kw} frames vs C")
        if w.dtype == bool:
            np.testing.assert_array_equal(g, w)
        else:
            assert_close(g, w, err_msg=str(kw))


@pytest.mark.parametrize("channels", CHANNELS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("length", [None, 11000])
def test_istft_layouts(channels, dtype, length):
    got = {}
    for how, D in spectra(dtype, channels).items():
        y = fastrosa.istft(D, length=length)
        assert_close(y, librosa.istft(D, length=length), err_msg=how)
        got[how] = y
    for how in ("F", "C"):
        same_bits(got[how], got["frames"], f"{how} vs frames")
    # a strided view of the frames (every other one), and a cropped spectrum
    D = spectra(dtype, channels)["frames"]
    for X, kw in ((D[..., ::2], {"hop_length": 1024}), (D[..., :700, :], {"n_fft": 2048})):
        assert_close(fastrosa.istft(X, **kw), librosa.istft(X, **kw), err_msg=str(kw))


@pytest.mark.parametrize("how", ["frames", "F", "C"])
@pytest.mark.parametrize("center", [True, False])
@pytest.mark.parametrize("dtype", DTYPES)
def test_istft_threads(threads, how, center, dtype):
    """Each output sample sums its frames in frame order whatever the split."""
    D = spectra(dtype, (2,), n=100000)[how]
    results = []
    for n in (1, 2, 3):
        threads(n)
        results.append(fastrosa.istft(D, center=center))
    for r in results[1:]:
        same_bits(r, results[0], f"{how} center={center}")
    want = librosa.istft(D, center=center)
    if not center:
        # the first and last samples of an uncentred inverse divide the
        # rounding of both by a window sum of squares near 0: the interior
        results[0], want = results[0][..., 2048:-2048], want[..., 2048:-2048]
    assert_close(results[0], want)


SHAPE = ["spectral_centroid", "spectral_bandwidth", "spectral_rolloff", "spectral_flatness"]


@pytest.mark.parametrize("channels", CHANNELS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("func", SHAPE)
def test_shape_layouts(channels, dtype, func):
    got = {}
    for how, D in spectra(dtype, channels).items():
        S = np.abs(D)
        out = getattr(fastrosa.feature, func)(S=S)
        assert_close(out, getattr(librosa.feature, func)(S=S), err_msg=f"{func} {how}",
                     dtype=dtype)  # float32 spectra: float32 accuracy
        got[how] = out
    if func == "spectral_flatness":
        return  # librosa's flatness rounds as NumPy sums in each memory order: so does ours
    for how in ("F", "C"):
        same_bits(got[how], got["frames"], f"{func} {how} vs frames")


@pytest.mark.parametrize("channels", CHANNELS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_chroma_tuning_layouts(channels, dtype):
    got = {}
    for how, D in spectra(dtype, channels).items():
        power = np.abs(D) ** 2
        chroma = fastrosa.feature.chroma_stft(S=power)
        assert_close(chroma, librosa.feature.chroma_stft(S=power), err_msg=f"chroma {how}")
        tuning = fastrosa.estimate_tuning(S=power)
        assert tuning == librosa.estimate_tuning(S=power), how
        pitch, mag = fastrosa.piptrack(S=np.abs(D))
        pitch_l, mag_l = librosa.piptrack(S=np.abs(D))
        assert_close(pitch, pitch_l, err_msg=f"piptrack {how}")
        assert_close(mag, mag_l, err_msg=f"piptrack {how}")
        got[how] = (chroma, tuning, pitch, mag)
    for how in ("F", "C"):
        for a, b in zip(got[how], got["frames"]):
            same_bits(a, b, f"{how} vs frames")


@pytest.mark.parametrize("how", ["frames", "C"])
def test_piptrack_threads(threads, how):
    """piptrack splits frames over threads: the same peaks, and the same
    tuning estimate, for every thread count."""
    power = np.abs(spectra(np.float32, (2,), n=150000)[how]) ** 2
    results = []
    for n in (1, 2, 3):
        threads(n)
        results.append((fastrosa.piptrack(S=power), fastrosa.estimate_tuning(S=power)))
    for (pm, tuning) in results[1:]:
        same_bits(pm[0], results[0][0][0], f"pitches {how}")
        same_bits(pm[1], results[0][0][1], f"magnitudes {how}")
        assert tuning == results[0][1]
    assert results[0][1] == librosa.estimate_tuning(S=power)
