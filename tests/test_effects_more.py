"""effects.trim / split / remix / preemphasis / deemphasis, pcen,
feature.stack_memory and feature.poly_features against librosa 0.11.0,
called live on seeded signals and on the recordings in ../shared/audio."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import fastrosa
import librosa
from helpers import MONO_FILES, STEREO_FILES, assert_close, load, signal

pytestmark = pytest.mark.usefixtures("every_simd_level")

SR = 22050
DTYPES = [np.float32, np.float64]
CHANNELS = [(), (2,), (2, 3)]


def _both(name, *args, **kw):
    """The same call on librosa and fastrosa (dotted name below the package)."""
    out = []
    for lib in (librosa, fastrosa):
        f = lib
        for part in name.split("."):
            f = getattr(f, part)
        out.append(f(*args, **kw))
    return out


def _compare(got, want, msg, exact=False, prec=None):
    got = got if isinstance(got, tuple) else (got,)
    want = want if isinstance(want, tuple) else (want,)
    assert len(got) == len(want), msg
    for g, w in zip(got, want):
        if exact:
            assert g.dtype == w.dtype and g.shape == w.shape, msg
            np.testing.assert_array_equal(g, w, err_msg=msg)
        else:
            assert_close(g, w, err_msg=msg, dtype=prec)


def _gated(n, dtype, channels, seed=0):
    """Noise with silent stretches (and one quiet one) between loud ones."""
    y = signal(n, dtype, channels, seed)
    env = np.ones(n)
    env[: n // 8] = 0
    env[3 * n // 8: n // 2] = 1e-4
    env[5 * n // 8: 3 * n // 4] = 0
    return (y * env).astype(dtype)


# --- trim and split ---------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", CHANNELS)
@pytest.mark.parametrize("kw", [{}, {"top_db": 30}, {"top_db": 90, "frame_length": 1024,
                                                     "hop_length": 300},
                                {"ref": 0.5}, {"aggregate": np.mean}])
def test_trim_split(dtype, channels, kw):
    y = _gated(40000, dtype, channels)
    msg = f"{np.dtype(dtype)} {channels} {kw}"
    (want_y, want_i), (got_y, got_i) = _both("effects.trim", y, **kw)
    np.testing.assert_array_equal(got_i, want_i, err_msg=msg)
    np.testing.assert_array_equal(got_y, want_y, err_msg=msg)
    assert got_y.dtype == want_y.dtype
    want, got = _both("effects.split", y, **kw)
    np.testing.assert_array_equal(got, want, err_msg=msg)
    assert got.dtype == want.dtype


@pytest.mark.parametrize("y", [np.zeros(5000, np.float32), np.ones(100, np.float32)])
def test_trim_split_silent_and_short(y):
    for name in ("effects.trim", "effects.split"):
        for kw in ({}, {"ref": 1.0}):
            want, got = _both(name, y, **kw)
            _compare(tuple(got) if isinstance(got, tuple) else got,
                     tuple(want) if isinstance(want, tuple) else want, f"{name} {kw}", exact=True)


def test_trim_errors():
    y = signal(4000)
    for kw in ({"hop_length": 0}, {"hop_length": -512}):
        for name in ("trim", "split"):
            with pytest.raises(librosa.ParameterError):
                getattr(librosa.effects, name)(y, **kw)
            with pytest.raises(fastrosa.ParameterError):
                getattr(fastrosa.effects, name)(y, **kw)


@pytest.mark.parametrize("path", MONO_FILES + STEREO_FILES)
def test_trim_split_recordings(path):
    y = load(path, mono=False)
    y = y[..., : 30 * SR] if y.ndim == 1 else y[..., : 30 * SR]
    for kw in ({}, {"top_db": 20}):
        (_, want_i), (_, got_i) = _both("effects.trim", y, **kw)
        np.testing.assert_array_equal(got_i, want_i, err_msg=f"{path.name} {kw}")
        want, got = _both("effects.split", y, **kw)
        np.testing.assert_array_equal(got, want, err_msg=f"{path.name} {kw}")


# --- remix --------------------------------------------------------------------
@pytest.mark.parametrize("channels", [(), (2,)])
@pytest.mark.parametrize("align_zeros", [True, False])
def test_remix(channels, align_zeros):
    y = signal(20000, np.float32, channels, kind="tone")
    intervals = np.array([[15000, 20000], [300, 7100], [9000, 9001]])
    want, got = _both("effects.remix", y, intervals, align_zeros=align_zeros)
    _compare(got, want, f"{channels} {align_zeros}", exact=True)



@pytest.mark.parametrize("intervals", [[(300, 7100), (9000, 9001)], [[300, 7100]]])
def test_remix_tuples(intervals):
    """Intervals as a list of (start, end) pairs, as documented: librosa's
    compiled match_events cannot sort a tuple or list (numba's TypingError) when
    aligning to zero crossings; fastrosa aligns them as it does an array's rows."""
    y = signal(20000, np.float32, (), kind="tone")
    got = fastrosa.effects.remix(y, intervals)
    want = librosa.effects.remix(y, np.array(intervals))
    _compare(got, want, str(intervals), exact=True)
    with pytest.raises(Exception, match="argsort"):
        librosa.effects.remix(y, intervals)

# --- pre- and de-emphasis -------------------------------------------------------
EMPH_KW = [{}, {"return_zf": True}, {"coef": 0.5, "return_zf": True}, {"coef": -0.3},
           {"coef": 1.0}, {"coef": 0.0, "return_zf": True}]


@pytest.mark.parametrize("dtype", DTYPES + [np.complex64])
@pytest.mark.parametrize("channels", CHANNELS)
@pytest.mark.parametrize("name", ["effects.preemphasis", "effects.deemphasis"])
@pytest.mark.parametrize("kw", EMPH_KW)
def test_emphasis(dtype, channels, name, kw):
    y = signal(3001, np.float64, channels, seed=1).astype(dtype)
    if np.dtype(dtype).kind == "c":
        y = y + 1j * signal(3001, np.float64, channels, seed=2).astype(dtype)
    want, got = _both(name, y, **kw)
    # scipy's operations in the data's precision: the same numbers; only
    # deemphasis's default state uses coef**k, from another pow
    exact = not (name.endswith("deemphasis") and "zi" not in kw)
    _compare(got, want, f"{name} {np.dtype(dtype)} {channels} {kw}", exact=exact)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["effects.preemphasis", "effects.deemphasis"])
@pytest.mark.parametrize("zi", [0.25, np.array([0.5]), "per-channel", "broadcast"])
def test_emphasis_zi(dtype, name, zi):
    channels = () if not isinstance(zi, str) else (2, 3)
    y = signal(2000, dtype, channels, seed=3)
    if zi == "per-channel":
        zi = np.linspace(-1, 1, 6).reshape(2, 3, 1)
    elif zi == "broadcast":
        zi = np.array([[[0.1]], [[0.2]]])  # (2, 1, 1) against (2, 3, 1)
    want, got = _both(name, y, zi=zi, return_zf=True)
    _compare(got, want, f"{name} {np.dtype(dtype)} zi={zi}", exact=True)


@pytest.mark.parametrize("name", ["effects.preemphasis", "effects.deemphasis"])
def test_emphasis_blocks(name):
    """Filtering in blocks with zf -> zi is filtering at once (as librosa)."""
    y = signal(5000, np.float64, seed=4)
    f = getattr(fastrosa.effects, name.split(".")[1])
    whole = f(y, zi=0.1)
    a, zf = f(y[:1234], zi=0.1, return_zf=True)
    b = f(y[1234:], zi=zf)
    np.testing.assert_array_equal(np.concatenate([a, b]), whole)


@pytest.mark.parametrize("name", ["effects.preemphasis", "effects.deemphasis"])
@pytest.mark.parametrize("case", ["int", "float16", "one sample", "empty", "scalar zi, stereo",
                                  "bad zi shape"])
def test_emphasis_errors(name, case):
    y = signal(100)
    kw = {}
    if case == "int":
        y = np.arange(100)
    elif case == "float16":
        y = y.astype(np.float16)
    elif case == "one sample":
        y = y[:1]
    elif case == "empty":
        y = y[:0]
    elif case == "scalar zi, stereo":
        y, kw = signal(100, channels=(2,)), {"zi": 0.5}
    else:
        y, kw = signal(100, channels=(2,)), {"zi": np.zeros((3, 1))}
    outcomes = []
    for lib in (librosa, fastrosa):
        try:
            outcomes.append(getattr(lib.effects, name.split(".")[1])(y, **kw))
        except Exception as exc:  # noqa: BLE001 - the error is what is compared
            outcomes.append(exc)
    want, got = outcomes
    if not isinstance(want, Exception):  # deemphasis of an empty signal is empty
        _compare(got, want, case, exact=True)
        return
    assert type(got) is type(want), outcomes
    # numpy's broadcasting message names its operands' shapes differently
    assert str(got).strip() == str(want).strip() or case == "one sample", outcomes


# --- pcen -----------------------------------------------------------------------
PCEN_KW = [{}, {"return_zf": True}, {"power": 0}, {"bias": 0}, {"power": 1.0, "gain": 0.5},
           {"b": 0.2, "eps": 1e-3}, {"max_size": 3}, {"axis": 0}, {"time_constant": 0.06,
                                                                 "hop_length": 256}]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kw", PCEN_KW)
def test_pcen(dtype, kw):
    S = np.abs(fastrosa.stft(signal(20000, dtype, seed=5), n_fft=512)) * 1000
    want, got = _both("pcen", S, **kw)
    # with bias 0 librosa takes log(S) in S's precision (NumPy's float32 log
    # and fastrosa's rounded double log may differ by an ulp of float32)
    _compare(got, want, f"{np.dtype(dtype)} {kw}", prec=dtype if kw.get("bias") == 0 else None)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kw", PCEN_KW)
def test_pcen_layouts_same_bits(dtype, kw):
    """stft's frame-major spectrogram (read in place, the smoothing stepped across
    a frame's bins) and its row-major copy give the same bits, state included."""
    S = np.abs(fastrosa.stft(signal(20000, dtype, seed=5), n_fft=512)) * 1000
    assert S.flags.f_contiguous
    kw = {**kw, "return_zf": True}
    a, za = fastrosa.pcen(S, **kw)
    b, zb = fastrosa.pcen(np.ascontiguousarray(S), **kw)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(za, zb)


@pytest.mark.parametrize("dtype", DTYPES)
def test_pcen_multichannel_and_state(dtype):
    S = np.abs(fastrosa.stft(signal(8000, dtype, (2,), seed=6), n_fft=256))
    want, got = _both("pcen", S, return_zf=True)
    _compare(got, want, "stereo")
    zi = np.full(S.shape[:-1] + (1,), 0.3)
    want, got = _both("pcen", S, zi=zi, return_zf=True)
    _compare(got, want, "stereo, zi")
    want, got = _both("pcen", S, max_size=2, max_axis=1, return_zf=True)
    _compare(got, want, "stereo, max_axis")
    want, got = _both("pcen", S, ref=S[..., ::-1].copy())
    _compare(got, want, "ref")


def test_pcen_complex_warns():
    D = fastrosa.stft(signal(4000, seed=7), n_fft=256)
    with pytest.warns(UserWarning, match="complex input") as w:
        got = fastrosa.pcen(D)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = librosa.pcen(D)
    assert len(w) == 1
    _compare(got, want, "complex")


@pytest.mark.parametrize("kw", [{"power": -1}, {"gain": -1}, {"bias": -1}, {"eps": 0},
                                {"time_constant": 0}, {"max_size": 0}, {"b": 2}])
def test_pcen_errors(kw):
    S = np.ones((4, 10))
    with pytest.raises(librosa.ParameterError) as want:
        librosa.pcen(S, **kw)
    with pytest.raises(fastrosa.ParameterError) as got:
        fastrosa.pcen(S, **kw)
    assert str(got.value) == str(want.value)


def test_pcen_max_filter_errors():
    for S, kw in ((np.ones(10), {"max_size": 3}), (np.ones((2, 3, 4)), {"max_size": 3})):
        with pytest.raises(librosa.ParameterError) as want:
            librosa.pcen(S, **kw)
        with pytest.raises(fastrosa.ParameterError) as got:
            fastrosa.pcen(S, **kw)
        assert str(got.value) == str(want.value)


@pytest.mark.parametrize("path", MONO_FILES)
def test_pcen_recordings(path):
    y = load(path)[: 20 * SR]
    M = librosa.feature.melspectrogram(y=y, sr=SR)
    want, got = _both("pcen", M * 2**31)
    _compare(got, want, path.name)



@pytest.mark.parametrize("name", ["effects.deemphasis", "pcen"])
def test_empty_signal_state(name):
    """The final state of a recursive filter over 0 samples is the initial one:
    scipy's lfilter (librosa's) leaves that state uninitialised instead."""
    f = fastrosa
    for part in name.split("."):
        f = getattr(f, part)
    zi = np.full((3, 1), 2.0)
    y, zf = f(np.zeros((3, 0)), zi=zi, return_zf=True)
    assert y.shape == (3, 0)
    np.testing.assert_array_equal(zf, zi)

# --- stack_memory ------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(7,), (3, 20), (2, 3, 20)])
@pytest.mark.parametrize("kw", [{}, {"n_steps": 1}, {"n_steps": 4, "delay": 3},
                                {"n_steps": 3, "delay": -2}, {"n_steps": 3, "mode": "edge"},
                                {"n_steps": 2, "delay": -1, "constant_values": 7}])
def test_stack_memory(shape, kw):
    data = signal(shape[-1], np.float32, shape[:-1], seed=8)
    want, got = _both("feature.stack_memory", data, **kw)
    _compare(got, want, f"{shape} {kw}", exact=True)


def test_stack_memory_orders():
    data = np.asfortranarray(signal(30, np.float64, (4,), seed=9))
    want, got = _both("feature.stack_memory", data, n_steps=3)
    _compare(got, want, "F order", exact=True)
    assert got.flags.f_contiguous == want.flags.f_contiguous


@pytest.mark.parametrize("kw", [{"n_steps": 0}, {"delay": 0}])
def test_stack_memory_errors(kw):
    for data in (np.ones((2, 5)), np.ones((2, 0))):
        kw2 = kw if data.size else {}
        with pytest.raises(librosa.ParameterError) as want:
            librosa.feature.stack_memory(data, **kw2)
        with pytest.raises(fastrosa.ParameterError) as got:
            fastrosa.feature.stack_memory(data, **kw2)
        assert str(got.value) == str(want.value)



def test_stack_memory_dtypes():
    """float16: librosa's compiled loop has none, and fastrosa raises its error.
    Objects: librosa's fails to compile (numba's TypingError), fastrosa stacks them."""
    with pytest.raises(NotImplementedError, match="float16"):
        librosa.feature.stack_memory(np.ones((2, 3), np.float16))
    with pytest.raises(NotImplementedError, match="float16"):
        fastrosa.feature.stack_memory(np.ones((2, 3), np.float16))
    data = np.arange(6.0).reshape(2, 3)
    got = fastrosa.feature.stack_memory(data.astype(object), n_steps=3)
    want = librosa.feature.stack_memory(data, n_steps=3)
    assert got.dtype == object
    np.testing.assert_array_equal(got.astype(np.float64), want)
    with pytest.raises(Exception, match="pyobject"):
        librosa.feature.stack_memory(data.astype(object))

# --- poly_features ---------------------------------------------------------------------
def _assert_poly(got, want, msg, dtype):
    """float32 input: 1e-4 of the peak; float64: 1e-8 of the peak (the fits
    are in float64 either way)."""
    assert got.shape == want.shape and got.dtype == want.dtype, msg
    tol = 1e-4 if np.dtype(dtype) == np.float32 else 1e-8
    for k in range(want.shape[-2]):  # each coefficient against its own peak
        w, g = want[..., k, :], got[..., k, :]
        np.testing.assert_allclose(g, w, rtol=0, atol=tol * np.max(np.abs(w)),
                                   err_msg=f"{msg}, coefficient {k}")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [(), (2,)])
@pytest.mark.parametrize("order", [0, 1, 2, 3])
def test_poly_features(dtype, channels, order):
    y = signal(20000, dtype, channels, seed=10, kind="tone")
    want, got = _both("feature.poly_features", y=y, sr=SR, order=order)
    _assert_poly(got, want, f"{np.dtype(dtype)} {channels} order {order}", dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_poly_features_S_and_freq(dtype):
    S = np.abs(fastrosa.stft(signal(10000, dtype, seed=11), n_fft=1024))
    want, got = _both("feature.poly_features", S=S, sr=SR, order=2)
    _assert_poly(got, want, "S=", dtype)
    freq = np.linspace(0, 5000, S.shape[0])
    want, got = _both("feature.poly_features", S=S, freq=freq)
    _assert_poly(got, want, "freq 1-D", dtype)
    freq2 = np.tile(freq[:, None], (1, S.shape[1])) * (1 + np.arange(S.shape[1]) / 100)
    want, got = _both("feature.poly_features", S=S, freq=freq2)
    _assert_poly(got, want, "freq 2-D", dtype)


@pytest.mark.parametrize("path", MONO_FILES)
def test_poly_features_recordings(path):
    y = load(path)[: 20 * SR]
    want, got = _both("feature.poly_features", y=y, sr=SR, order=2)
    _assert_poly(got, want, path.name, y.dtype)


def test_poly_features_errors_and_warnings():
    S = np.abs(signal(100, np.float64, (9,), seed=12))
    with pytest.raises(ValueError):
        librosa.feature.poly_features(S=S, order=-1)
    with pytest.raises(ValueError):
        fastrosa.feature.poly_features(S=S, order=-1)
    with pytest.warns(np.exceptions.RankWarning) as want:
        librosa.feature.poly_features(S=S, order=12)
    with pytest.warns(np.exceptions.RankWarning) as got:
        fastrosa.feature.poly_features(S=S, order=12)
    assert [str(w.message) for w in got] == [str(w.message) for w in want]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["effects.preemphasis", "effects.deemphasis"])
def test_emphasis_non_finite(dtype, name):
    """scipy's FIR path (preemphasis) keeps a NaN or inf local; its IIR path
    (deemphasis) carries it on."""
    y = signal(500, dtype, (2,), seed=13)
    y[0, 100], y[1, 200] = np.nan, np.inf
    want, got = _both(name, y, zi=np.zeros((2, 1)), return_zf=True)
    _compare(got, want, f"{name} {np.dtype(dtype)}", exact=True)
