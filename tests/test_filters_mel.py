"""fastrosa.filters.mel and fastrosa.filters.chroma against librosa 0.11.0, called live.

Values, dtype, shape, memory layout and warnings (the "Empty filters" UserWarning)
are compared for a sweep of parameters.
"""

from __future__ import annotations

import inspect
import warnings

import librosa
import numpy as np
import pytest
from helpers import assert_close, assert_same_error

import fastrosa

EMPTY_MSG = "Empty filters detected in mel frequency basis"


def _call(func, kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = func(**kwargs)
    return out, [(w.category, str(w.message)) for w in caught]


def compare(name, **kwargs):
    """fastrosa.filters.<name> and librosa's agree, warnings included; returns the warnings."""
    got, got_w = _call(getattr(fastrosa.filters, name), kwargs)
    want, want_w = _call(getattr(librosa.filters, name), kwargs)
    msg = f"filters.{name}({kwargs})"
    assert isinstance(got, np.ndarray), msg
    assert got.flags.c_contiguous == want.flags.c_contiguous, msg
    assert_close(got, want, err_msg=msg)
    assert got_w == want_w, msg
    return got_w


@pytest.mark.parametrize("name", ["mel", "chroma"])
def test_signature(name):
    def params(f):
        return [(p.name, p.kind, p.default) for p in inspect.signature(f).parameters.values()]

    assert params(getattr(fastrosa.filters, name)) == params(getattr(librosa.filters, name))
    assert name in fastrosa.filters.__all__


# ---------------------------------------------------------------------------
# mel
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sr, n_fft",
    [(22050, 2048), (16000, 512), (44100.0, 4096), (8000, 255), (22050, 1023), (11025.5, 2049)],
)
@pytest.mark.parametrize(
    "n_mels, fmin, fmax",
    [
        (128, 0.0, None),
        (40, 0.0, None),
        (40, 20.0, 4000.0),
        (26, 133.33, 3000),
        (1, 0.0, None),
        (10, 300.5, 3999.0),
    ],
)
@pytest.mark.parametrize("htk", [False, True])
@pytest.mark.parametrize("norm", [None, "slaney", 1, 2, np.inf, -np.inf, 0, 1.5])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_mel(sr, n_fft, n_mels, fmin, fmax, htk, norm, dtype):
    compare(
        "mel",
        sr=sr,
        n_fft=n_fft,
        n_mels=n_mels,
        fmin=fmin,
        fmax=fmax,
        htk=htk,
        norm=norm,
        dtype=dtype,
    )


def test_mel_defaults():
    assert compare("mel", sr=22050, n_fft=2048) == []
    M = fastrosa.filters.mel(sr=22050, n_fft=2048)
    assert M.shape == (128, 1025) and M.dtype == np.float32


@pytest.mark.parametrize("n_fft", [8, 9, 1, 2, 3])
@pytest.mark.parametrize("n_mels", [1, 2, 4])
def test_mel_tiny(n_fft, n_mels):
    compare("mel", sr=8000, n_fft=n_fft, n_mels=n_mels, norm=None)
    compare("mel", sr=8000, n_fft=n_fft, n_mels=n_mels, htk=True)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(sr=22050, n_fft=256, n_mels=128),  # too many bands for the bins
        dict(sr=22050, n_fft=2048, n_mels=128, fmax=12000.0),  # slightly above Nyquist
        dict(sr=8000, n_fft=512, n_mels=40, fmax=8000.0),  # above Nyquist
        dict(sr=8000, n_fft=512, n_mels=40, fmax=16000.0, htk=True),
        dict(sr=16000, n_fft=200, n_mels=80, fmin=50.0, norm=None),
        dict(sr=16000, n_fft=200, n_mels=80, fmin=50.0, norm=2, dtype=np.float64),
        dict(sr=16000, n_fft=200, n_mels=80, fmin=50.0, norm=-np.inf),
        dict(sr=22050, n_fft=4, n_mels=3, fmax=1.0),
        dict(sr=22050, n_fft=64, n_mels=20, fmin=100.0, fmax=11025.0, norm=np.inf),
    ],
)
def test_mel_empty_filters_warning(kwargs):
    with pytest.warns(UserWarning, match=EMPTY_MSG):
        librosa.filters.mel(**kwargs)
    with pytest.warns(UserWarning, match=EMPTY_MSG):
        fastrosa.filters.mel(**kwargs)
    assert compare("mel", **kwargs) == [
        (
            UserWarning,
            EMPTY_MSG + ". Some channels will produce empty responses. "
            "Try increasing your sampling rate (and fmax) or reducing n_mels.",
        )
    ]


@pytest.mark.parametrize("fmax", [11025.0, 12000.0, 20000.0])
@pytest.mark.parametrize("n_mels", [8, 128])
def test_mel_fmax_above_nyquist(fmax, n_mels):
    # warns only when a band lands wholly above Nyquist; compare() checks both ways
    compare("mel", sr=22050, n_fft=2048, n_mels=n_mels, fmax=fmax)


@pytest.mark.parametrize("n_fft", [4, 64, 2048])
def test_mel_zero_width_bands(n_fft):
    # fmin == fmax: every band is empty and the slopes divide by zero in both
    with np.errstate(divide="ignore", invalid="ignore"):
        compare("mel", sr=22050, n_fft=n_fft, n_mels=3, fmin=0.0, fmax=0.0)
        compare("mel", sr=22050, n_fft=n_fft, n_mels=3, fmin=500.0, fmax=500.0, norm=None)


@pytest.mark.parametrize("norm", ["slanie", "l2", "", -1, -2.5])
def test_mel_bad_norm(norm):
    kw = dict(sr=22050, n_fft=512, n_mels=16, norm=norm)
    assert_same_error(lambda: fastrosa.filters.mel(**kw), lambda: librosa.filters.mel(**kw))


def test_mel_sr_fmin_types():
    compare(
        "mel",
        sr=np.float32(22050.0),
        n_fft=np.int64(1024),
        n_mels=np.int32(20),
        fmin=np.float32(30.0),
    )
    compare("mel", sr=22050, n_fft=1024, n_mels=20.0)


def test_mel_analytic():
    # norm=None: each triangle peaks at most at 1 and the rows overlap to a partition of unity
    M = fastrosa.filters.mel(sr=22050, n_fft=2048, n_mels=40, norm=None, dtype=np.float64)
    assert M.max() <= 1.0
    f = librosa.fft_frequencies(sr=22050, n_fft=2048)
    edges = librosa.mel_frequencies(42, fmin=0.0, fmax=11025.0)
    inside = (f > edges[1]) & (f < edges[-2])
    np.testing.assert_allclose(M.sum(axis=0)[inside], 1.0, rtol=1e-12)


# ---------------------------------------------------------------------------
# chroma
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sr, n_fft",
    [(22050, 4096), (22050, 2048), (44100, 8192), (8000, 1023), (16000.5, 513), (11025, 64)],
)
@pytest.mark.parametrize("n_chroma", [12, 24, 36, 7, 1])
@pytest.mark.parametrize("tuning", [0.0, -0.3, 0.49])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_chroma(sr, n_fft, n_chroma, tuning, dtype):
    compare("chroma", sr=sr, n_fft=n_fft, n_chroma=n_chroma, tuning=tuning, dtype=dtype)


@pytest.mark.parametrize(
    "ctroct, octwidth", [(5.0, 2), (3.5, 1.0), (6.0, None), (5.0, 0.5), (0, 4)]
)
@pytest.mark.parametrize("norm", [2, 1, np.inf, None, 0, 3.0])
@pytest.mark.parametrize("base_c", [True, False])
@pytest.mark.parametrize("n_chroma", [12, 24])
def test_chroma_options(ctroct, octwidth, norm, base_c, n_chroma):
    kw = dict(n_chroma=n_chroma, ctroct=ctroct, octwidth=octwidth, norm=norm, base_c=base_c)
    compare("chroma", sr=22050, n_fft=2048, **kw)  # default dtype (float32)
    compare("chroma", sr=22050, n_fft=2048, dtype=np.float64, **kw)


def test_chroma_defaults():
    assert compare("chroma", sr=22050, n_fft=4096) == []
    C = fastrosa.filters.chroma(sr=22050, n_fft=4096)
    assert C.shape == (12, 2049) and C.dtype == np.float32 and C.flags.c_contiguous


def test_chroma_base_c_is_a_roll():
    a = fastrosa.filters.chroma(sr=22050, n_fft=2048, base_c=False, dtype=np.float64)
    c = fastrosa.filters.chroma(sr=22050, n_fft=2048, base_c=True, dtype=np.float64)
    np.testing.assert_array_equal(c, np.roll(a, -3, axis=0))


@pytest.mark.parametrize("norm", [-1, "l2"])
def test_chroma_bad_norm(norm):
    kw = dict(sr=22050, n_fft=2048, norm=norm)
    assert_same_error(lambda: fastrosa.filters.chroma(**kw), lambda: librosa.filters.chroma(**kw))


def test_no_scipy_on_import():
    import subprocess
    import sys

    code = (
        "import fastrosa, sys; fastrosa.filters.mel(sr=22050, n_fft=512); "
        "fastrosa.filters.chroma(sr=22050, n_fft=512); assert 'scipy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
