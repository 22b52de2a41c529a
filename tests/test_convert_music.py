"""Pitch and mel conversions (fastrosa.core.convert) against librosa 0.11.0, called live.

Each call is compared for Python type (NumPy scalar, 0-d array, ndarray, int),
dtype, shape, values, and the warnings it raises (log of 0 or of a negative
frequency warns in both).
"""

from __future__ import annotations

import inspect
import warnings

import librosa
import numpy as np
import pytest
from helpers import assert_close, assert_same_error

import fastrosa

FUNCS = [
    "hz_to_mel",
    "mel_to_hz",
    "mel_frequencies",
    "hz_to_octs",
    "octs_to_hz",
    "hz_to_midi",
    "midi_to_hz",
    "note_to_midi",
    "note_to_hz",
    "A4_to_tuning",
    "tuning_to_A4",
]


def _call(func, args, kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = func(*args, **kwargs)
    return out, [(w.category, str(w.message)) for w in caught]


def assert_same(got, want, err_msg=""):
    """Same Python type, dtype, shape and values (NaN where librosa has NaN)."""
    assert type(got) is type(want), f"{type(got)} != {type(want)}: {err_msg}"
    got_a, want_a = np.asarray(got), np.asarray(want)
    assert got_a.dtype == want_a.dtype, f"{got_a.dtype} != {want_a.dtype}: {err_msg}"
    assert got_a.shape == want_a.shape, err_msg
    if want_a.dtype.kind == "f":
        finite = np.isfinite(want_a)
        np.testing.assert_array_equal(np.isfinite(got_a), finite, err_msg=err_msg)
        np.testing.assert_array_equal(got_a[~finite], want_a[~finite], err_msg=err_msg)
        assert_close(got_a[finite], want_a[finite], err_msg=err_msg)
    else:
        np.testing.assert_array_equal(got_a, want_a, err_msg=err_msg)


def compare(name, *args, **kwargs):
    got, got_w = _call(getattr(fastrosa, name), args, kwargs)
    want, want_w = _call(getattr(librosa, name), args, kwargs)
    msg = f"{name}{args} {kwargs}"
    assert_same(got, want, msg)
    assert got_w == want_w, msg
    return got


def _id(x):
    if isinstance(x, np.ndarray) and x.ndim:
        return f"ndarray{x.shape}{x.dtype}"
    if isinstance(x, (list, tuple)):
        return f"{type(x).__name__}{len(x)}"
    return repr(x)


@pytest.mark.parametrize("name", FUNCS)
def test_signature(name):
    def params(f):
        return [(p.name, p.kind, p.default) for p in inspect.signature(f).parameters.values()]

    assert params(getattr(fastrosa, name)) == params(getattr(librosa, name))
    assert getattr(fastrosa, name) is getattr(fastrosa.core.convert, name)
    assert name in fastrosa.core.convert.__all__


# Frequencies (Hz): scalars of every kind, both sides of Slaney's 1 kHz knee,
# lists, float32/float64/int arrays, 2-D, non-contiguous, and 0 / negatives.
FREQS = [
    0.0,
    60,
    440.0,
    999.9999,
    1000,
    1000.0001,
    22050.0,
    np.float32(1500.0),
    np.float32(200.0),
    np.float64(3000.0),
    np.int64(700),
    np.array(1234.5),
    np.array(100.0, dtype=np.float32),
    [],
    [110, 220, 440],
    [0.0, 500.0, 1000.0, 2000.0, 8000.0],
    (1e-3, 1e5),
    np.linspace(0, 11025, 17),
    np.linspace(0, 11025, 17, dtype=np.float32),
    np.arange(0, 3000, 250),
    np.linspace(50, 5000, 12).reshape(3, 4),
    np.linspace(50, 5000, 24)[::3],
    -100.0,
    [-50.0, 0.0, 50.0, 5000.0],
    np.array([np.inf, 1e-300, 1e300]),
]


@pytest.mark.parametrize("freqs", FREQS, ids=_id)
@pytest.mark.parametrize("htk", [False, True])
def test_hz_mel_round_trip(freqs, htk):
    mels = compare("hz_to_mel", freqs, htk=htk)
    compare("mel_to_hz", mels, htk=htk)
    # mel values are also valid input on their own
    compare("mel_to_hz", freqs, htk=htk)


MELS = [
    0,
    14.999,
    15,
    15.0001,
    40.5,
    np.float32(20.0),
    np.float32(3.0),
    [1, 2, 3, 4, 5],
    np.arange(0, 60, 0.5),
    np.arange(0, 60, 7, dtype=np.float32),
    np.array(15.0),
]


@pytest.mark.parametrize("mels", MELS, ids=_id)
@pytest.mark.parametrize("htk", [False, True])
def test_mel_to_hz(mels, htk):
    compare("mel_to_hz", mels, htk=htk)


def test_mel_analytic():
    # Slaney: linear below 1 kHz (15 mels), 27 steps per factor 6.4 above
    assert fastrosa.hz_to_mel(1000.0) == pytest.approx(15.0)
    assert fastrosa.mel_to_hz(15.0 + 27.0) == pytest.approx(6400.0)
    assert fastrosa.hz_to_mel(700.0, htk=True) == pytest.approx(2595.0 * np.log10(2.0))
    f = np.geomspace(1.0, 20000.0, 50)
    for htk in (False, True):
        np.testing.assert_allclose(fastrosa.mel_to_hz(fastrosa.hz_to_mel(f, htk=htk), htk=htk), f)


@pytest.mark.parametrize(
    "n_mels, kwargs",
    [
        (128, {}),
        (40, {}),
        (0, {}),
        (1, {}),
        (2, {"fmin": 100.0, "fmax": 200.0}),
        (10, {"fmin": 0.0, "fmax": 8000, "htk": True}),
        (64, {"fmin": 30.5, "fmax": 16000.0}),
        (64, {"fmin": 30.5, "fmax": 16000.0, "htk": True}),
        (5, {"fmin": 1000.0, "fmax": 1000.0}),
        (7, {"fmin": 4000.0, "fmax": 100.0}),
        (300, {"fmax": 48000.0}),
        (20, {"fmin": np.float32(20.0), "fmax": np.float32(900.0)}),
    ],
)
def test_mel_frequencies(n_mels, kwargs):
    compare("mel_frequencies", n_mels, **kwargs)
    compare("mel_frequencies", n_mels=n_mels, **kwargs)


def test_mel_frequencies_default():
    compare("mel_frequencies")


@pytest.mark.parametrize("freqs", FREQS, ids=_id)
@pytest.mark.parametrize("tuning, bins_per_octave", [(0.0, 12), (-0.3, 12), (0.25, 24), (1, 36)])
def test_octs(freqs, tuning, bins_per_octave):
    kw = dict(tuning=tuning, bins_per_octave=bins_per_octave)
    octs = compare("hz_to_octs", freqs, **kw)
    compare("octs_to_hz", octs, **kw)
    compare("octs_to_hz", freqs, **kw)


def test_octs_default():
    compare("hz_to_octs", 440.0)
    compare("octs_to_hz", [-2, -1, 0, 1, 2])
    assert fastrosa.octs_to_hz(1) == 55.0


@pytest.mark.parametrize("freqs", FREQS, ids=_id)
def test_midi(freqs):
    midi = compare("hz_to_midi", freqs)
    compare("midi_to_hz", midi)
    compare("midi_to_hz", freqs)


@pytest.mark.parametrize(
    "notes",
    [
        69,
        0,
        -12,
        127.5,
        np.int8(60),
        np.float32(61.25),
        [57, 69, 81],
        np.arange(128),
        np.arange(0, 12, 0.5, dtype=np.float32),
    ],
    ids=_id,
)
def test_midi_to_hz(notes):
    compare("midi_to_hz", notes)


@pytest.mark.parametrize(
    "A4",
    [440.0, 432, 444.0, np.float32(415.3), [440.0, 444.0], np.linspace(400, 480, 9), 0.0],
    ids=_id,
)
@pytest.mark.parametrize("bins_per_octave", [12, 24, 36])
def test_tuning(A4, bins_per_octave):
    tuning = compare("A4_to_tuning", A4, bins_per_octave=bins_per_octave)
    compare("tuning_to_A4", tuning, bins_per_octave=bins_per_octave)
    compare("tuning_to_A4", A4, bins_per_octave=bins_per_octave)


def test_tuning_default():
    compare("A4_to_tuning", 432.0)
    compare("tuning_to_A4", [0.1, 0.2, -0.1])
    assert fastrosa.tuning_to_A4(0.0) == 440.0


NOTES = [
    "C",
    "c",
    "A4",
    "a4",
    "C#3",
    "C♯3",
    "C♭3",
    "f4",
    "Bb-1",
    "A!8",
    "G𝄪6",
    "B𝄫6",
    "C♭𝄫5",
    "E♮2",
    "C##4",
    "Cbb4",
    "B#4",
    "Fb4",
    "D#b4",
    "C2-32",
    "A4+50",
    "A4-50",
    "A4+49",
    "G+3",
    "C-1",
    "C10",
    "c+4",
    "E#+2",
    "G♯-1-7",
    "A٤",
]


@pytest.mark.parametrize("note", NOTES)
@pytest.mark.parametrize("round_midi", [True, False])
def test_note_to_midi(note, round_midi):
    compare("note_to_midi", note, round_midi=round_midi)
    compare("note_to_hz", note, round_midi=round_midi)


def test_note_defaults():
    assert compare("note_to_midi", "C#3") == 49
    compare("note_to_hz", "A4")


@pytest.mark.parametrize(
    "notes",
    [
        ["C", "E", "G"],
        ("A3", "A4", "A5"),
        ["C2-32", "D♯4+10", "Bb-1"],
        [],
        [["C4", "D4"], ["E4", "F4"]],
        np.array(["C4", "G#4"]),
    ],
    ids=_id,
)
@pytest.mark.parametrize("round_midi", [True, False])
def test_note_sequences(notes, round_midi):
    compare("note_to_midi", notes, round_midi=round_midi)
    compare("note_to_hz", notes, round_midi=round_midi)


def test_note_generator():
    got = fastrosa.note_to_midi(n for n in ["C4", "D4"])
    want = librosa.note_to_midi(n for n in ["C4", "D4"])
    assert_same(got, want)


@pytest.mark.parametrize(
    "note",
    [
        "",
        "H",
        "H4",
        "C#x",
        "4C",
        "C4+",
        "C 4",
        " C4",
        "C4 ",
        "C+4+5+6",
        "Cb♯#!x",
        "Do",
        "#C",
        "C4.5",
        "C4+-1",
    ],
)
def test_bad_notes(note):
    assert_same_error(lambda: fastrosa.note_to_midi(note), lambda: librosa.note_to_midi(note))
    assert_same_error(lambda: fastrosa.note_to_hz(note), lambda: librosa.note_to_hz(note))
    assert_same_error(
        lambda: fastrosa.note_to_midi(["C4", note]), lambda: librosa.note_to_midi(["C4", note])
    )


def test_note_natural_n():
    # librosa's pattern admits "n" as an accidental, its table does not: KeyError
    assert_same_error(
        lambda: fastrosa.note_to_midi("Cn4"), lambda: librosa.note_to_midi("Cn4"), KeyError
    )


def test_note_non_string():
    assert_same_error(
        lambda: fastrosa.note_to_midi(60), lambda: librosa.note_to_midi(60), TypeError
    )
