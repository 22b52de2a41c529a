"""fastrosa.filters.get_window / window_sumsquare against librosa 0.11.0 (and so scipy)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import librosa
import numpy as np
import pytest
from helpers import REPO, assert_close, assert_same_error

import fastrosa
from fastrosa.filters import get_window, window_sumsquare

# Every name (with scipy's aliases) computed natively, without scipy.
NATIVE = [
    "hann", "han",
    "hamming", "hamm", "ham",
    "blackman", "black", "blk",
    "boxcar", "box", "ones", "rect", "rectangular",
    "bartlett", "bart", "brt",
    "triangle", "triang", "tri",
    "cosine", "halfcosine",
]  # fmt: skip
SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 511, 1023, 2048, 2049]


def compare(window, Nx, **kw):
    got = get_window(window, Nx, **kw)
    want = librosa.filters.get_window(window, Nx, **kw)
    assert_close(got, want, err_msg=f"{window!r} Nx={Nx} {kw}")
    return got


def test_native_list_is_complete():
    """NATIVE (each checked against scipy below) is every name fastrosa computes itself."""
    from fastrosa.filters import _NATIVE

    assert sorted(_NATIVE) == sorted(NATIVE)


@pytest.mark.parametrize("name", NATIVE)
@pytest.mark.parametrize("Nx", SIZES)
@pytest.mark.parametrize("fftbins", [True, False])
def test_native(name, Nx, fftbins):
    got = compare(name, Nx, fftbins=fftbins)
    assert got.dtype == np.float64 and got.shape == (Nx,)


@pytest.mark.parametrize("name", NATIVE)
@pytest.mark.parametrize("Nx", [0, -1])
def test_native_bad_size(name, Nx):
    assert_same_error(
        lambda: get_window(name, Nx), lambda: librosa.filters.get_window(name, Nx), ValueError
    )


@pytest.mark.parametrize(
    "name", ["hann", "hamming", "blackman", "triang", "bartlett", "cosine", "boxcar"]
)
@pytest.mark.parametrize("suffix", ["_periodic", "_symmetric"])
@pytest.mark.parametrize("Nx", [1, 2, 5, 6, 2048])
@pytest.mark.parametrize("fftbins", [True, False])
def test_native_suffix(name, suffix, Nx, fftbins):
    """scipy's suffixes override fftbins."""
    got = compare(name + suffix, Nx, fftbins=fftbins)
    assert_close(got, get_window(name, Nx, fftbins=suffix == "_periodic"))


def test_default_is_periodic():
    np.testing.assert_allclose(get_window("hann", 4), [0.0, 0.5, 1.0, 0.5], atol=1e-15)
    np.testing.assert_allclose(
        get_window("hann", 5, fftbins=False), [0.0, 0.5, 1.0, 0.5, 0.0], atol=1e-15
    )


@pytest.mark.parametrize(
    "window",
    [
        ("kaiser", 4.0),
        "blackmanharris",
        "nuttall",
        ("tukey", 0.25),
        ("gaussian", 3),
        4.0,
        np.float64(8.6),
        0,
        ("hann",),
        "hann_periodic",
    ],
    ids=repr,
)
@pytest.mark.parametrize("Nx", [1, 2, 7, 2048])
@pytest.mark.parametrize("fftbins", [True, False])
def test_scipy_fallback(window, Nx, fftbins):
    compare(window, Nx, fftbins=fftbins)


def test_callable_and_precomputed():
    assert_close(get_window(np.hanning, 9), librosa.filters.get_window(np.hanning, 9))
    w = np.linspace(0, 1, 8)
    got = get_window(w, 8)
    assert got is w
    assert_close(get_window(list(w), 8), librosa.filters.get_window(list(w), 8))
    assert type(get_window(list(w), 8)) is np.ndarray


@pytest.mark.parametrize(
    "window, Nx, exc",
    [
        (np.ones(7), 8, fastrosa.ParameterError),
        ([1.0, 1.0], 3, fastrosa.ParameterError),
        (None, 8, fastrosa.ParameterError),
        ({"hann": 1}, 8, fastrosa.ParameterError),
        ("hanning", 8, ValueError),
        ("no_such_window", 8, ValueError),
        ("hann_periodic_x", 8, ValueError),
        (("hann", 3), 8, ValueError),
        ("hann", 0, ValueError),
        ("hann", -4, ValueError),
        ("hann", 8.0, ValueError),
        ("boxcar", np.float64(4), ValueError),
        (("kaiser", 4.0), 0, ValueError),
    ],
    ids=repr,
)
def test_errors(window, Nx, exc):
    assert_same_error(
        lambda: get_window(window, Nx), lambda: librosa.filters.get_window(window, Nx), exc
    )


@pytest.mark.parametrize("fftbins", [None, 1, np.bool_(True)])
def test_fftbins_must_be_bool(fftbins):
    for window in ("hann", "blackmanharris"):
        assert_same_error(
            lambda: get_window(window, 8, fftbins=fftbins),
            lambda: librosa.filters.get_window(window, 8, fftbins=fftbins),
            ValueError,
        )


def test_numpy_integer_size():
    compare("hann", np.int64(16))
    compare("hann", np.uint8(9), fftbins=False)


def _fresh_python(code):
    """Run ``code`` in a new interpreter, importing the installed fastrosa."""
    subprocess.run([sys.executable, "-c", "import sys\n" + textwrap.dedent(code)],
                   check=True, timeout=120, cwd=REPO.parent)


def test_import_is_light():
    _fresh_python(
        """
        import fastrosa
        heavy = {"scipy", "soundfile", "numba", "soxr"}
        assert not heavy & {m.split(".")[0] for m in sys.modules}, sorted(sys.modules)
        """
    )


def test_native_window_does_not_import_scipy():
    _fresh_python(
        """
        import fastrosa
        for w in ("hann", "hamming", "triang"):
            for fftbins in (True, False):
                fastrosa.filters.get_window(w, 2048, fftbins=fftbins)
        fastrosa.filters.window_sumsquare(window="hann", n_frames=5)
        assert "scipy" not in sys.modules
        fastrosa.filters.get_window(("kaiser", 4.0), 16)
        assert "scipy.signal" in sys.modules
        """
    )


# ---------------------------------------------------------------------------
# window_sumsquare
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("window", ["hann", "hamming", ("kaiser", 4.0), "ones"], ids=repr)
@pytest.mark.parametrize("n_frames", [0, 1, 2, 7, 100])
@pytest.mark.parametrize(
    "n_fft, hop_length, win_length",
    [(2048, 512, None), (2048, 513, 1500), (1023, 1, None), (16, 16, 9), (8, 3, 8)],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("norm", [None, 1, 2, np.inf])
def test_window_sumsquare(window, n_frames, n_fft, hop_length, win_length, dtype, norm):
    kw = dict(
        window=window,
        n_frames=n_frames,
        hop_length=hop_length,
        win_length=win_length,
        n_fft=n_fft,
        dtype=dtype,
        norm=norm,
    )
    got = window_sumsquare(**kw)
    assert_close(got, librosa.filters.window_sumsquare(**kw), err_msg=str(kw))
    assert got.shape == (n_fft + hop_length * (n_frames - 1),)


def test_window_sumsquare_defaults():
    got = window_sumsquare(window="hann", n_frames=10)
    assert got.dtype == np.float32 and got.shape == (2048 + 9 * 512,)
    assert_close(got, librosa.filters.window_sumsquare(window="hann", n_frames=10))
    # constant overlap-add: hann**2 at hop n_fft/4 sums to 1.5 away from the edges
    np.testing.assert_allclose(got[2048:-2048], 1.5, rtol=1e-6)


def test_window_sumsquare_precomputed_window():
    w = np.hamming(300)
    kw = dict(window=w, n_frames=9, hop_length=100, win_length=300, n_fft=512)
    assert_close(window_sumsquare(**kw), librosa.filters.window_sumsquare(**kw))


def test_window_sumsquare_errors():
    kw = dict(window="hann", n_frames=3, win_length=4096, n_fft=2048)
    assert_same_error(
        lambda: window_sumsquare(**kw), lambda: librosa.filters.window_sumsquare(**kw)
    )
    kw = dict(window=np.ones(5), n_frames=3, n_fft=8)
    assert_same_error(
        lambda: window_sumsquare(**kw), lambda: librosa.filters.window_sumsquare(**kw)
    )
