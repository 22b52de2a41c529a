"""The constant-Q family against librosa 0.11.0, called live: cqt, vqt,
pseudo_cqt, hybrid_cqt, cqt_frequencies, filters.wavelet_lengths, wavelet,
constant_q and cq_to_chroma, feature.chroma_cqt, chroma_cens, chroma_vqt and
tonnetz. Values, dtypes, shapes, warnings and errors, on seeded signals and
on the recordings in ../shared/audio."""

from __future__ import annotations

import inspect
import threading

import librosa
import numpy as np
import pytest
import soundfile as sf
from helpers import (MONO_FILES, NORMALIZED_ATOL_SCALE, STEREO_FILES, assert_close, compare_api,
                     load, signal)

import fastrosa

SR = 22050
Y = signal(int(2.5 * SR), seed=1)
TONE = signal(int(2.0 * SR), kind="tone", seed=2)


def normalized(got, want, msg, prec=None):
    """Frame-normalised features of the CQT (helpers.NORMALIZED_ATOL_SCALE)."""
    assert_close(got, want, err_msg=msg, dtype=prec, atol_scale=NORMALIZED_ATOL_SCALE)


def _params(f):
    return [(p.name, p.kind, p.default) for p in inspect.signature(f).parameters.values()]


NAMES = [("", "cqt"), ("", "vqt"), ("", "pseudo_cqt"), ("", "hybrid_cqt"), ("", "icqt"),
         ("", "cqt_frequencies"), ("filters", "wavelet_lengths"), ("filters", "wavelet"),
         ("filters", "constant_q"), ("filters", "cq_to_chroma"), ("feature", "chroma_cqt"),
         ("feature", "chroma_cens"), ("feature", "chroma_vqt"), ("feature", "tonnetz")]


def _resolve(package, module, name):
    for part in filter(None, module.split(".")):
        package = getattr(package, part)
    return getattr(package, name)


@pytest.mark.parametrize("module, name", NAMES)
def test_signature_and_provenance(module, name):
    ours = _resolve(fastrosa, module, name)
    assert _params(ours) == _params(_resolve(librosa, module, name))
    assert ours.__module__.startswith("fastrosa.")  # fastrosa's own, not delegated


# ---------------------------------------------------------------------------
# cqt and vqt
# ---------------------------------------------------------------------------
CQT_KW = [
    {},
    {"bins_per_octave": 36, "n_bins": 252},
    {"bins_per_octave": 24, "n_bins": 100, "fmin": 55.0, "hop_length": 256},
    {"n_bins": 30, "hop_length": 300},  # a hop that 2**(n_octaves-1) does not divide
    {"hop_length": 128, "n_bins": 60, "fmin": 65.0},
    {"filter_scale": 0.7, "sparsity": 0.0},
    {"sparsity": 0.1, "norm": 2},
    {"norm": None, "scale": False},
    {"window": "hamming", "pad_mode": "reflect"},
    {"window": ("kaiser", 4.0)},
    {"tuning": None},
    {"tuning": 0.3},
    {"fmin": 200.0, "n_bins": 48, "hop_length": 1024},  # early downsampling
    {"fmin": 200.0, "n_bins": 48, "hop_length": 1024, "scale": False},
    {"n_bins": 1, "fmin": 440.0},
    {"dtype": np.complex128},
    {"res_type": "soxr_vhq"},
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kw", CQT_KW, ids=str)
def test_cqt(kw, dtype):
    compare_api("", "cqt", Y.astype(dtype), sr=SR, **kw)


@pytest.mark.parametrize("channels", [(2,), (2, 3)])
def test_cqt_multichannel(channels):
    y = signal(int(1.5 * SR), channels=channels, seed=4)
    got = compare_api("", "cqt", y, sr=SR)
    assert got.shape[:-2] == channels
    for index in np.ndindex(*channels):  # each channel as a mono signal
        assert_close(got[index], fastrosa.cqt(y[index], sr=SR))


VQT_KW = [{}, {"gamma": 0}, {"gamma": 5.0, "n_bins": 60}, {"intervals": "ji5"},
          {"intervals": [1, 4 / 3, 3 / 2], "n_bins": 21, "fmin": 55.0},
          {"bins_per_octave": 24, "n_bins": 120, "filter_scale": 2.0},
          {"tuning": None}]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kw", VQT_KW, ids=str)
def test_vqt(kw, dtype):
    compare_api("", "vqt", Y.astype(dtype), sr=SR, **kw)


def test_cqt_tuning_estimated_on_a_tone():
    got = compare_api("", "cqt", TONE, sr=SR, tuning=None, bins_per_octave=36, n_bins=252)
    assert np.abs(got).max() > 0.1


def test_cqt_basis_cache_is_keyed_by_parameters():
    a = fastrosa.cqt(Y, sr=SR, filter_scale=0.8)
    b = fastrosa.cqt(Y, sr=SR, filter_scale=0.9)  # a different basis, not the cached one
    assert not np.allclose(a, b)
    assert_close(fastrosa.cqt(Y, sr=SR, filter_scale=0.8), a)
    assert_close(b, librosa.cqt(Y, sr=SR, filter_scale=0.9))


@pytest.mark.parametrize("n", [0, 1, 100, 2047, 4096])
def test_cqt_short_signals(n):
    # librosa's n_fft warnings for octaves longer than the signal, or its errors
    compare_api("", "cqt", Y[:n], sr=SR)
    compare_api("", "cqt", Y[:n], sr=SR, fmin=200.0, n_bins=48, hop_length=1024)


@pytest.mark.parametrize("kw", [
    {"n_bins": 120},  # the top octave exceeds Nyquist
    {"fmin": 8000.0, "n_bins": 12},
    {"filter_scale": 0},
    {"sparsity": 1.0},
    {"gamma": -1.0},
    {"fmin": -10.0},
    {"pad_mode": "wrap"},
    {"hop_length": 0},
    {"res_type": None},  # librosa's FutureWarning
    {"sr": 0},
])
def test_cqt_errors_and_warnings(kw):
    call = "vqt" if "gamma" in kw else "cqt"
    out = compare_api("", call, Y[: SR // 2], **{"sr": SR, **kw})
    if "res_type" not in kw:
        assert isinstance(out, Exception), kw


def test_cqt_bad_inputs():
    compare_api("", "cqt", (Y * 1000).astype(np.int16), sr=SR)
    y = Y.copy()
    y[100] = np.nan
    compare_api("", "cqt", y, sr=SR)
    compare_api("", "cqt", y, sr=SR, fmin=200.0, n_bins=48, hop_length=1024)
    compare_api("", "cqt", Y[:1], sr=SR, fmin=200.0, n_bins=12, hop_length=1024)


def test_cqt_layouts():
    y = np.asfortranarray(signal(SR, channels=(2,), seed=5))
    compare_api("", "cqt", y, sr=SR)
    compare_api("", "cqt", Y[::2], sr=SR // 2, n_bins=72)


# ---------------------------------------------------------------------------
# pseudo_cqt and hybrid_cqt
# ---------------------------------------------------------------------------
PSEUDO_KW = [{}, {"hop_length": 256, "n_bins": 60, "fmin": 110.0}, {"scale": False},
             {"sparsity": 0.0, "bins_per_octave": 24, "n_bins": 96}, {"tuning": None},
             {"window": "hamming", "pad_mode": "reflect"}]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kw", PSEUDO_KW, ids=str)
def test_pseudo_and_hybrid_cqt(kw, dtype):
    y = Y[: SR].astype(dtype)
    compare_api("", "pseudo_cqt", y, sr=SR, **kw)
    compare_api("", "hybrid_cqt", y, sr=SR, **kw)


def test_pseudo_and_hybrid_cqt_stereo():
    y = signal(SR, channels=(2,), seed=6)
    compare_api("", "pseudo_cqt", y, sr=SR)
    compare_api("", "hybrid_cqt", y, sr=SR)


# ---------------------------------------------------------------------------
# icqt
# ---------------------------------------------------------------------------
ICQT_KW = [({}, {}), ({}, {"length": len(Y)}), ({}, {"dtype": np.float32}),
           ({"bins_per_octave": 24, "n_bins": 168}, {"bins_per_octave": 24}),
           ({"scale": False}, {"scale": False}), ({"hop_length": 300, "n_bins": 36},
                                                  {"hop_length": 300, "length": 1000}),
           ({"fmin": 55.0, "n_bins": 60, "filter_scale": 0.8},
            {"fmin": 55.0, "filter_scale": 0.8, "res_type": "soxr_vhq"})]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("ckw, ikw", ICQT_KW, ids=str)
def test_icqt(ckw, ikw, dtype):
    C = librosa.cqt(Y.astype(dtype), sr=SR, **ckw)
    compare_api("", "icqt", C, sr=SR, **ikw)


def test_icqt_stereo_and_stored_layout():
    C = librosa.cqt(signal(SR * 3, channels=(2,), seed=8), sr=SR)
    compare_api("", "icqt", C, sr=SR)
    compare_api("", "icqt", np.ascontiguousarray(C[0]), sr=SR)


# ---------------------------------------------------------------------------
# frequencies and filters
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kw", [{"n_bins": 84, "fmin": 32.7}, {"n_bins": 7, "fmin": 100.0,
                                "bins_per_octave": 5, "tuning": 0.25}, {"n_bins": 0, "fmin": 1.0}])
def test_cqt_frequencies(kw):
    n = kw.pop("n_bins")
    compare_api("", "cqt_frequencies", n, **kw)


FREQS = librosa.cqt_frequencies(n_bins=36, fmin=55.0, bins_per_octave=12)


@pytest.mark.parametrize("kw", [
    {}, {"sr": 16000, "window": "hamming", "filter_scale": 0.5}, {"gamma": None},
    {"gamma": 3.0, "alpha": 0.05}, {"window": ("kaiser", 6.0)},
    {"filter_scale": 0}, {"gamma": -1},
])
def test_wavelet_lengths_and_wavelet(kw):
    compare_api("filters", "wavelet_lengths", freqs=FREQS, **kw)
    compare_api("filters", "wavelet", freqs=FREQS, **kw)
    compare_api("filters", "wavelet", freqs=FREQS[:12], pad_fft=False, norm=2,
                dtype=np.complex128, **kw)


@pytest.mark.parametrize("freqs", [FREQS[::-1], np.array([0.0, 10.0]), np.array([100.0])])
def test_wavelet_bad_frequencies(freqs):
    compare_api("filters", "wavelet_lengths", freqs=freqs)
    compare_api("filters", "wavelet", freqs=freqs)


@pytest.mark.parametrize("kw", [{"sr": SR}, {"sr": SR, "n_bins": 48, "fmin": 110.0,
                                             "bins_per_octave": 24, "pad_fft": False},
                                {"sr": 8000, "n_bins": 84}, {"sr": SR, "filter_scale": -1}])
def test_constant_q(kw):
    compare_api("filters", "constant_q", **kw)  # with librosa's two FutureWarnings


@pytest.mark.parametrize("kw", [
    {}, {"bins_per_octave": 36}, {"n_chroma": 24, "bins_per_octave": 24},
    {"fmin": 440.0, "base_c": False}, {"window": [0.25, 0.5, 0.25], "bins_per_octave": 36},
    {"bins_per_octave": 18}, {"dtype": np.float64},
])
def test_cq_to_chroma(kw):
    compare_api("filters", "cq_to_chroma", 84, **kw)


# ---------------------------------------------------------------------------
# chroma_cqt, chroma_cens, chroma_vqt, tonnetz
# ---------------------------------------------------------------------------
CHROMA_KW = [{}, {"tuning": 0.0, "bins_per_octave": 12}, {"norm": 2, "threshold": 0.1},
             {"n_chroma": 24, "bins_per_octave": 48, "n_octaves": 5, "tuning": 0.0},
             {"cqt_mode": "hybrid"}, {"fmin": 65.0, "n_octaves": 6, "hop_length": 256},
             {"bins_per_octave": None}]


def _chroma_check(got, want, msg):
    # tonnetz is float64 whatever the input: its tolerance is the input's
    normalized(got, want, msg, prec=np.float32 if "float32" in msg else None)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kw", CHROMA_KW, ids=str)
def test_chroma_cqt(kw, dtype):
    compare_api("feature", "chroma_cqt", y=Y.astype(dtype), sr=SR, check=_chroma_check, **kw)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_chroma_cens_and_tonnetz(dtype):
    y = TONE.astype(dtype)
    compare_api("feature", "chroma_cens", y=y, sr=SR, check=_chroma_check)
    compare_api("feature", "chroma_cens", y=y, sr=SR, win_len_smooth=None, norm=np.inf,
                check=_chroma_check)
    compare_api("feature", "tonnetz", y=y, sr=SR, check=_chroma_check)
    compare_api("feature", "tonnetz", y=y, sr=SR, tuning=0.0, bins_per_octave=12,
                check=_chroma_check)


@pytest.mark.filterwarnings("ignore:n_fft=1024 is too large")  # librosa's, for its lowest octaves
def test_chroma_from_stored():
    C = np.abs(librosa.cqt(Y, sr=SR, n_bins=84 * 3, bins_per_octave=36))
    compare_api("feature", "chroma_cqt", C=C, sr=SR)
    compare_api("feature", "chroma_cqt", C=C, sr=SR, window=np.array([0.5, 1.0, 0.5]))
    # CENS is a step function of the chroma: from the same C it is librosa's to the bit
    compare_api("feature", "chroma_cens", C=C, sr=SR, exact=True)
    compare_api("feature", "chroma_cens", C=C, sr=SR, smoothing_window="hamming",
                win_len_smooth=21)
    chroma = librosa.feature.chroma_cqt(C=C, sr=SR)
    compare_api("feature", "tonnetz", chroma=chroma)
    compare_api("feature", "tonnetz", chroma=chroma[None, :7])
    V = np.abs(librosa.vqt(Y, sr=SR, intervals="ji5", n_bins=7 * 12))
    compare_api("feature", "chroma_vqt", V=V, sr=SR, intervals="ji5")


@pytest.mark.parametrize("kw", [{"intervals": "equal"}, {"intervals": "pythagorean"},
                                {"intervals": [1, 5 / 4, 3 / 2], "n_octaves": 5},
                                {"intervals": "equal", "gamma": None, "norm": 1}])
def test_chroma_vqt(kw):
    compare_api("feature", "chroma_vqt", y=Y, sr=SR, check=_chroma_check, **kw)


def test_chroma_stereo():
    y = signal(int(1.5 * SR), channels=(2,), kind="tone", seed=7)
    compare_api("feature", "chroma_cqt", y=y, sr=SR, check=_chroma_check)
    compare_api("feature", "chroma_cens", y=y, sr=SR, check=_chroma_check)
    compare_api("feature", "tonnetz", y=y, sr=SR, check=_chroma_check)


@pytest.mark.parametrize("func, kw", [
    ("chroma_cqt", {}), ("chroma_cqt", {"y": Y, "bins_per_octave": 13}),
    ("chroma_cens", {}), ("chroma_cens", {"y": Y, "win_len_smooth": 0}),
    ("chroma_cens", {"y": Y, "win_len_smooth": 2.5}), ("chroma_vqt", {"intervals": "equal"}),
    ("tonnetz", {}),
])
def test_chroma_errors(func, kw):
    assert isinstance(compare_api("feature", func, sr=SR, **kw), Exception)


# ---------------------------------------------------------------------------
# recordings, threads
# ---------------------------------------------------------------------------
def _recording(path, mono=True, seconds=20):
    y = load(path, mono=mono)
    return y[..., : int(seconds * sf.info(path).samplerate)], sf.info(path).samplerate


@pytest.mark.audio
@pytest.mark.filterwarnings("ignore:n_fft=1024 is too large")  # librosa's, short recordings
@pytest.mark.parametrize("path", MONO_FILES)
def test_recordings(path):
    y, sr = _recording(path)
    compare_api("", "cqt", y, sr=sr, err_msg=path.name)
    compare_api("feature", "chroma_cqt", y=y, sr=sr, check=_chroma_check, err_msg=path.name)
    compare_api("feature", "tonnetz", y=y, sr=sr, check=_chroma_check, err_msg=path.name)
    C = np.abs(librosa.cqt(y, sr=sr, n_bins=252, bins_per_octave=36,
                           tuning=librosa.estimate_tuning(y=y, sr=sr, bins_per_octave=36)))
    compare_api("feature", "chroma_cens", C=C, sr=sr, err_msg=path.name)


@pytest.mark.audio
@pytest.mark.parametrize("path", STEREO_FILES)
def test_recordings_stereo(path):
    y, sr = _recording(path, mono=False, seconds=8)
    compare_api("", "cqt", y, sr=sr, n_bins=72, err_msg=path.name)
    compare_api("", "hybrid_cqt", y, sr=sr, err_msg=path.name)


def test_threads_give_identical_results():
    ys = [signal(3 * SR, seed=s) for s in range(8)]
    want = [fastrosa.cqt(y, sr=SR, bins_per_octave=24, n_bins=120) for y in ys]
    got = [None] * 8

    def run(i):
        got[i] = fastrosa.cqt(ys[i], sr=SR, bins_per_octave=24, n_bins=120)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
