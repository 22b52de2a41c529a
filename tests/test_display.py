"""fastrosa.display against librosa.display 0.11.0: the same mesh, scales, ticks and labels."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import fastrosa  # noqa: E402
import fastrosa.display as fdisplay  # noqa: E402

from helpers import MONO_FILES, load, same_outcome  # noqa: E402


def _librosa_display():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import librosa.display

    return librosa.display


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _axis_state(ax, which):
    """What a reader sees of one axis: scale, tick locations and labels, label text."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    ax.figure.canvas.draw()
    return {
        "scale": axis.get_scale(),
        "formatter": type(axis.get_major_formatter()).__name__,
        "locator": type(axis.get_major_locator()).__name__,
        "ticks": np.round(axis.get_majorticklocs(), 6).tolist(),
        "labels": [t.get_text() for t in axis.get_ticklabels()],
        "label": axis.get_label_text(),
        "lim": np.round((ax.get_xlim() if which == "x" else ax.get_ylim()), 9).tolist(),
    }


def _both_specshow(data, **kw):
    ldisplay = _librosa_display()
    fig1, ax1 = plt.subplots()
    fig2, ax2 = plt.subplots()
    got = fdisplay.specshow(data, ax=ax1, **kw)
    want = ldisplay.specshow(data, ax=ax2, **kw)
    return (got, ax1), (want, ax2)


def _check_same(got_ax, want_ax, kw):
    (got, ax1), (want, ax2) = got_ax, want_ax
    assert type(got) is type(want)
    np.testing.assert_array_equal(got.get_coordinates(), want.get_coordinates(), err_msg=str(kw))
    np.testing.assert_array_equal(got.get_array(), want.get_array())
    assert got.get_cmap().name == want.get_cmap().name
    for which in "xy":
        assert _axis_state(ax1, which) == _axis_state(ax2, which), (which, kw)
    assert ax1.get_aspect() == ax2.get_aspect()


@pytest.fixture(scope="module")
def spec():
    rng = np.random.default_rng(5)
    y = rng.standard_normal(22050 * 2).astype(np.float32)
    S = np.abs(fastrosa.stft(y))
    return fastrosa.amplitude_to_db(S, ref=np.max)


@pytest.mark.parametrize(
    "kw",
    [
        dict(x_axis="time", y_axis="log"),
        dict(x_axis="time", y_axis="linear"),
        dict(x_axis="s", y_axis="hz"),
        dict(x_axis="ms", y_axis="fft", sr=16000, hop_length=256),
        dict(x_axis="frames", y_axis=None),
        dict(x_axis=None, y_axis="log", n_fft=2048),
        dict(x_axis="h", y_axis="fft"),
        dict(x_axis="m", y_axis="off"),
        dict(x_axis="lag", y_axis="log"),
        dict(x_axis="lag_s", y_axis="linear"),
        dict(x_axis="time", y_axis="log", sr=44100, hop_length=1024),
    ],
    ids=lambda kw: "-".join(str(v) for v in kw.values()),
)
def test_specshow_stft(spec, kw):
    _check_same(*_both_specshow(spec, **kw), kw)


@pytest.mark.parametrize(
    "kw",
    [
        dict(x_axis="time", y_axis="mel"),
        dict(x_axis="time", y_axis="mel", fmax=8000),
        dict(x_axis="time", y_axis="mel", fmin=300, fmax=6000, htk=True),
    ],
    ids=str,
)
def test_specshow_mel(kw):
    rng = np.random.default_rng(1)
    M = rng.random((128, 40))
    _check_same(*_both_specshow(M, **kw), kw)


@pytest.mark.parametrize("key", ["C:maj", "E♭:maj", "F♯:min", "A:min", "G:major", "B:maj"])
@pytest.mark.parametrize("unicode", [True, False])
def test_specshow_chroma(key, unicode):
    rng = np.random.default_rng(2)
    C = rng.random((12, 30))
    kw = dict(x_axis="time", y_axis="chroma", key=key, unicode=unicode)
    _check_same(*_both_specshow(C, **kw), kw)


def test_specshow_other_axes():
    rng = np.random.default_rng(3)
    _check_same(*_both_specshow(rng.standard_normal((20, 30)), x_axis="time"), "mfcc")
    _check_same(*_both_specshow(rng.random((6, 30)), y_axis="tonnetz", x_axis="frames"), "tonnetz")
    _check_same(*_both_specshow(rng.random((84, 30)), y_axis="cqt_hz", x_axis="time"), "cqt_hz")
    _check_same(*_both_specshow(rng.random((384, 30)), y_axis="tempo", x_axis="time"), "tempo")
    _check_same(
        *_both_specshow(rng.random((129, 30)), y_axis="fourier_tempo", x_axis="time"), "ftempo"
    )
    # a self-similarity matrix: same axes on both sides, squared
    _check_same(*_both_specshow(rng.random((30, 30)), x_axis="time", y_axis="time"), "ssm")
    # explicit coordinates
    _check_same(
        *_both_specshow(rng.random((5, 7)), x_coords=np.arange(8) * 0.5, y_coords=np.arange(6)),
        "coords",
    )


def test_specshow_pyplot_mode_sets_current_image():
    rng = np.random.default_rng(0)
    plt.figure()
    mesh = fdisplay.specshow(rng.random((10, 10)))
    assert plt.gci() is mesh


def test_specshow_complex_warns():
    rng = np.random.default_rng(0)
    D = rng.standard_normal((5, 6)) + 1j
    ldisplay = _librosa_display()
    _, ax = plt.subplots()

    def check(got, want):
        np.testing.assert_array_equal(got.get_array(), want.get_array())

    same_outcome(lambda: fdisplay.specshow(D, ax=ax), lambda: ldisplay.specshow(D, ax=ax), check)


def test_specshow_errors():
    ldisplay = _librosa_display()
    rng = np.random.default_rng(0)
    X = rng.random((5, 6))
    _, ax = plt.subplots()

    def check(got, want):
        raise AssertionError("should have raised")

    for kw in (dict(y_axis="bogus"), dict(x_coords=np.arange(3)), dict(ax="not axes")):
        kw.setdefault("ax", ax)
        exc = same_outcome(lambda: fdisplay.specshow(X, **kw), lambda: ldisplay.specshow(X, **kw), check)
        assert isinstance(exc, fastrosa.ParameterError)


@pytest.mark.parametrize("ax_type", ["cqt_note", "fft_note", "chroma_h", "chroma_fjs", "vqt_hz"])
def test_librosa_only_axis_types(ax_type):
    """Deliberate deviation: note/svara/FJS decorations are left to librosa.display."""
    with pytest.raises(fastrosa.ParameterError, match="use librosa.display"):
        fdisplay.specshow(np.ones((12, 4)), y_axis=ax_type)


@pytest.mark.parametrize("key", ["D:dorian", "Dbb:min", "G#:maj", "Fb:min", "E𝄪:phryg"])
def test_specshow_chroma_modes_and_accidentals(key):
    # ASCII names: the default font has no double sharp or double flat glyph
    rng = np.random.default_rng(2)
    kw = dict(x_axis="time", y_axis="chroma", key=key, unicode=False)
    _check_same(*_both_specshow(rng.random((12, 30)), **kw), kw)


def test_cmap():
    ldisplay = _librosa_display()
    for data in (np.array([True, False]), np.array([-3.0, 1.0, 2.0]), np.arange(5.0),
                 -np.arange(5.0), np.array([np.nan, 1.0, 2.0])):
        for robust in (True, False):
            assert fdisplay.cmap(data, robust=robust).name == ldisplay.cmap(data, robust=robust).name


class _Axis:
    """The two methods a tick formatter asks of its axis."""

    def __init__(self, data, view):
        self.data, self.view = data, view

    def get_data_interval(self):
        return self.data

    def get_view_interval(self):
        return self.view


def test_formatters():
    ldisplay = _librosa_display()
    for unit in (None, "h", "m", "s", "ms"):
        for lag in (False, True):
            for span in (0.5, 30.0, 300.0, 7200.0):
                axis = _Axis((0.0, span), (0.0, span))
                got, want = fdisplay.TimeFormatter(lag=lag, unit=unit), ldisplay.TimeFormatter(lag=lag, unit=unit)
                got.set_axis(axis)
                want.set_axis(axis)
                for x in np.linspace(0, span * 1.1, 12):
                    assert got(x) == want(x), (unit, lag, span, x)
    for major in (True, False):
        for view in ((20.0, 60.0), (20.0, 8000.0), (0.0, 3.0)):
            got, want = fdisplay.LogHzFormatter(major=major), ldisplay.LogHzFormatter(major=major)
            got.set_axis(_Axis(view, view))
            want.set_axis(_Axis(view, view))
            for x in (0.0, 32.5, 440.0, 4096.0):
                assert got(x) == want(x)
    for x in range(6):
        assert fdisplay.TonnetzFormatter()(x) == ldisplay.TonnetzFormatter()(x)
    with pytest.raises(fastrosa.ParameterError):
        fdisplay.TimeFormatter(unit="d")


def _wave_state(w):
    env = w.envelope.get_paths()[0].vertices
    return {
        "steps": np.asarray(w.steps.get_xydata()),
        "steps_visible": w.steps.get_visible(),
        "env": env,
        "env_visible": w.envelope.get_visible(),
        "color": w.steps.get_color(),
    }


def _compare_wave(y, **kw):
    ldisplay = _librosa_display()
    fig1, ax1 = plt.subplots()
    fig2, ax2 = plt.subplots()
    got = fdisplay.waveshow(y, ax=ax1, **kw)
    want = ldisplay.waveshow(y, ax=ax2, **kw)
    assert type(got).__name__ == type(want).__name__ == "AdaptiveWaveplot"
    g, w = _wave_state(got), _wave_state(want)
    np.testing.assert_array_equal(g.pop("steps"), w.pop("steps"))
    np.testing.assert_array_equal(g.pop("env"), w.pop("env"))
    assert g == w
    which = "y" if kw.get("transpose") else "x"
    assert _axis_state(ax1, which) == _axis_state(ax2, which)
    # zooming in switches both to the sample view
    for a in (ax1, ax2):
        (a.set_ylim if kw.get("transpose") else a.set_xlim)(0.1, 0.12)
    g, w = _wave_state(got), _wave_state(want)
    assert g["steps_visible"] and w["steps_visible"]
    np.testing.assert_array_equal(g["steps"], w["steps"])
    return got


@pytest.mark.parametrize(
    "kw",
    [
        dict(),
        dict(sr=16000, max_points=500),
        dict(offset=1.5, axis="s"),
        dict(axis="ms", where="mid", color="r"),
        dict(transpose=True),
        dict(axis=None),
        dict(axis="lag"),
    ],
    ids=str,
)
def test_waveshow(kw):
    rng = np.random.default_rng(4)
    y = (0.3 * rng.standard_normal(22050 * 3 // 2)).astype(np.float32)
    _compare_wave(y, **kw)


def test_waveshow_stereo():
    rng = np.random.default_rng(6)
    y = rng.standard_normal((2, 30000))
    _compare_wave(y, max_points=2000)


@pytest.mark.audio
@pytest.mark.parametrize("path", MONO_FILES[:2])
def test_waveshow_recording(path):
    _compare_wave(load(str(path))[: 22050 * 10])


def test_waveshow_x_axis_deprecated():
    ldisplay = _librosa_display()
    y = np.zeros(1000, dtype=np.float32)
    _, ax = plt.subplots()

    def check(got, want):
        assert ax.xaxis.get_label_text() == "Time (seconds)"

    same_outcome(
        lambda: fdisplay.waveshow(y, ax=ax, x_axis="s"),
        lambda: ldisplay.waveshow(y, ax=ax, x_axis="s"),
        check,
    )


def test_waveshow_errors():
    ldisplay = _librosa_display()

    def check(got, want):
        raise AssertionError("should have raised")

    for y, kw in (
        (np.zeros(100, dtype=np.float32), dict(max_points=0)),
        (np.zeros(100, dtype=np.int16), {}),
        (np.array([0.0, np.inf]), {}),
    ):
        _, ax = plt.subplots()
        exc = same_outcome(
            lambda: fdisplay.waveshow(y, ax=ax, **kw), lambda: ldisplay.waveshow(y, ax=ax, **kw), check
        )
        assert isinstance(exc, fastrosa.ParameterError)


def test_plot_file(tmp_path, monkeypatch):
    """The four-panel figure of ``fastrosa plot`` (chroma_stft stands in until fastrosa has it)."""
    import soundfile as sf

    from fastrosa.__main__ import build_parser
    from fastrosa.plot import plot_file

    if not hasattr(fastrosa.feature, "chroma_stft"):
        import librosa

        monkeypatch.setattr(fastrosa.feature, "chroma_stft", librosa.feature.chroma_stft, raising=False)
    sr = 22050
    t = np.arange(3 * sr) / sr
    y = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.05 * np.random.default_rng(0).standard_normal(len(t))
    wav = tmp_path / "tone.wav"
    sf.write(wav, y, sr)
    out = tmp_path / "out.png"
    assert plot_file(wav, out) == str(out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    ap = build_parser()
    args = ap.parse_args(["plot", str(wav), "-o", str(tmp_path / "cli.png"), "--duration", "1"])
    assert args.func(args) == 0
    assert (tmp_path / "cli.png").is_file()
    args = ap.parse_args(["plot", str(tmp_path / "missing.wav"), "-o", str(tmp_path / "x.png")])
    assert args.func(args) == 1


@pytest.mark.parametrize("name", ["specshow", "waveshow", "cmap"])
def test_signature_matches_librosa(name):
    import inspect

    got = inspect.signature(getattr(fdisplay, name)).parameters
    want = inspect.signature(getattr(_librosa_display(), name)).parameters
    assert list(got) == list(want)
    for p in want:
        assert got[p].kind == want[p].kind, p
        assert repr(got[p].default) == repr(want[p].default), p


def test_docstring_examples():
    import doctest

    with np.printoptions(legacy=False):
        result = doctest.testmod(fdisplay, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
