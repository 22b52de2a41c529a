"""Note names and keys (key_to_notes, key_to_degrees, midi_to_note, hz_to_note)
against librosa 0.11.0, called live.

Every spelling librosa's key pattern accepts is tried: each scale and mode
name with its abbreviations, each tonic letter in both cases with no or one
accidental of each kind, and two accidentals of every kind on every tonic
(librosa's recursive branch). A result must be librosa's list or array with
elements of the same Python type (that branch gives NumPy strings).
"""

from __future__ import annotations

import inspect
import itertools

import librosa
import numpy as np
import pytest
from helpers import assert_same_array, compare_api

import fastrosa

ACCIDENTALS = "#♯𝄪b!♭𝄫♮n"
SCALES = ["maj", "min", "major", "minor"]
MODES = [m + s for m in ("ion", "dor", "phryg", "lyd", "mixolyd", "aeol", "locr")
         for s in ("", "ian")] + ["phr", "mix", "aeo", "loc"]
CANONICAL = ["maj", "min", "ion", "dor", "phr", "lyd", "mix", "aeo", "loc"]
OPTIONS = [dict(unicode=u, natural=n) for u in (True, False) for n in (True, False)]

# keys spelled with each scale and mode name
SPELLINGS = [f"{t}:{s}" for t in ("C", "f#", "Bb", "E𝄪") for s in SCALES + MODES]
# every tonic, no or one accidental, every scale and mode
SINGLE = [t + a + ":" + s for t in "CDEFGABcdefgab" for a in ["", *ACCIDENTALS] for s in CANONICAL]
# two accidentals of every kind
DOUBLE = [t + a + b + ":" + s for t in "CDEFGAB" for a, b in itertools.product(ACCIDENTALS, repeat=2)
          for s in ("maj", "min", "loc")]
# keys for midi_to_note: plain, theoretical, several accidentals, modes
MIDI_KEYS = ["C:maj", "A:min", "F#:maj", "Gb:maj", "G#:maj", "Fb:min", "Dbb:min", "B#:maj",
             "D:dor", "E𝄪:phryg", "C#b#:min", "c:minor", "Ab:locrian"]


def assert_same_notes(got, want, err_msg):
    """The same list (or array) of names, element types included."""
    assert_same_array(got, want, err_msg)
    assert [type(n) for n in got] == [type(n) for n in want], err_msg


def compare_key(key, **options):
    compare_api("", "key_to_notes", key, **options, check=assert_same_notes)
    compare_api("", "key_to_degrees", key, exact=True)


@pytest.mark.parametrize("name", ["key_to_notes", "key_to_degrees", "midi_to_note", "hz_to_note",
                                  "note_to_midi", "note_to_hz"])
def test_signature_and_paths(name):
    def params(f):
        return [(p.name, p.kind, p.default) for p in inspect.signature(f).parameters.values()]

    assert params(getattr(fastrosa, name)) == params(getattr(librosa, name))
    assert getattr(fastrosa, name) is getattr(fastrosa.core, name)
    assert fastrosa.provenance(name) == fastrosa.provenance(f"core.{name}") == "fastrosa"


@pytest.mark.parametrize("key", SPELLINGS)
def test_every_scale_and_mode_name(key):
    for options in OPTIONS:
        compare_key(key, **options)


@pytest.mark.parametrize("scale", CANONICAL)
def test_every_tonic_with_one_accidental(scale):
    for key in SINGLE:
        if key.endswith(":" + scale):
            for options in OPTIONS:
                compare_key(key, **options)


@pytest.mark.parametrize("scale", ["maj", "min", "loc"])
def test_two_accidentals(scale):
    for key in DOUBLE:
        if key.endswith(":" + scale):
            for options in (dict(unicode=True, natural=False), dict(unicode=False, natural=True)):
                compare_key(key, **options)


def test_spellings_by_hand():
    """A few of librosa's documented answers, so that a shared mistake still fails."""
    assert fastrosa.key_to_notes("A#:min")[:6] == ["B♯", "C♯", "D", "D♯", "E", "E♯"]
    assert fastrosa.key_to_notes("Fb:min")[0] == "D𝄫"
    assert fastrosa.key_to_notes("G#:maj", unicode=False, natural=True)[7:10] == ["F##", "G#", "An"]
    assert list(fastrosa.key_to_degrees("A:min")) == [9, 11, 0, 2, 4, 5, 7]


def test_key_to_notes_returns_a_fresh_list():
    notes = fastrosa.key_to_notes("C:maj")
    notes[0] = "changed"
    assert fastrosa.key_to_notes("C:maj")[0] == "C"


@pytest.mark.parametrize("key", ["H:maj", "C", "C:Major", "C:maj ", "Cx:maj", "C:dorr", ":maj",
                                 "C:majorr", "#C:maj", "C4:maj"])
def test_improper_keys(key):
    for name in ("key_to_notes", "key_to_degrees"):
        got = compare_api("", name, key)
        assert isinstance(got, fastrosa.ParameterError) and str(got) == f"Improper key format: {key}"
    got = compare_api("", "midi_to_note", 60, key=key)
    assert isinstance(got, fastrosa.ParameterError)


@pytest.mark.parametrize("key", [5, None, b"C:maj"])
def test_keys_that_are_not_strings(key):
    for name in ("key_to_notes", "key_to_degrees"):
        assert isinstance(compare_api("", name, key), TypeError)


@pytest.mark.parametrize("key", MIDI_KEYS)
@pytest.mark.parametrize("octave, cents", [(True, False), (True, True), (False, False)])
@pytest.mark.parametrize("unicode", [True, False])
def test_midi_to_note_every_midi_number(key, octave, cents, unicode):
    got = compare_api("", "midi_to_note", np.arange(128), key=key, octave=octave, cents=cents,
                      unicode=unicode, exact=True)
    assert got.shape == (128,)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_midi_to_note_with_cents(dtype):
    offsets = np.array([-0.49, -0.3, -0.01, 0.0, 0.01, 0.25, 0.49], dtype=dtype)
    midi = (np.arange(128, dtype=dtype)[:, None] + offsets).astype(dtype)
    for kw in (dict(cents=True), dict(cents=False), dict(octave=False), dict(cents=True, unicode=False)):
        compare_api("", "midi_to_note", midi, **kw, exact=True)


@pytest.mark.parametrize("midi", [0, 37, -2, -13, 104.7, 69.3, 200, np.float32(60.5), np.int64(61),
                                  np.array(62), [60, 61.4], (59.5,), np.arange(24).reshape(2, 3, 4)])
@pytest.mark.parametrize("kw", [{}, dict(cents=True), dict(octave=False, unicode=False),
                                dict(key="Eb:min", cents=True)])
def test_midi_to_note_inputs(midi, kw):
    compare_api("", "midi_to_note", midi, **kw, exact=True)


@pytest.mark.parametrize("midi, kw", [
    (60, dict(cents=True, octave=False)),   # ParameterError: cents need an octave
    (np.nan, {}),                           # ValueError: NaN to int
    (np.inf, {}),                           # OverflowError
    ([], {}),                               # np.vectorize of an empty input
    ("60", {}),                             # TypeError
])
def test_midi_to_note_errors(midi, kw):
    got = compare_api("", "midi_to_note", midi, **kw)
    assert isinstance(got, Exception)


def test_cents_without_octave_message():
    with pytest.raises(fastrosa.ParameterError, match="^Cannot encode cents without octave information.$"):
        fastrosa.midi_to_note(60, cents=True, octave=False)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(), (5,), (2, 5)])
def test_hz_to_note(dtype, shape):
    rng = np.random.default_rng(7)
    f = rng.uniform(20, 8000, size=shape).astype(dtype)
    for kw in ({}, dict(cents=True), dict(octave=False, key="Bb:maj"), dict(unicode=False)):
        compare_api("", "hz_to_note", f, **kw, exact=True)


@pytest.mark.parametrize("f", [440.0, 32, [32, 64], np.float32(261.63), 0.0, -5.0, [0.0, 440.0]])
def test_hz_to_note_scalars_and_edges(f):
    # 0 Hz and negative frequencies: the log's warning, then librosa's failure to round -inf or NaN
    compare_api("", "hz_to_note", f, cents=True, exact=True)


def test_note_names_round_trip():
    """note_to_midi reads back what midi_to_note writes, in keys without B♯ or C♭
    (librosa labels the octave by pitch, so midi 0 in G♯ major is 'B♯-1', which reads as 12)."""
    for key, unicode in (("C:maj", True), ("F:min", False), ("Eb:dor", True)):
        names = fastrosa.midi_to_note(np.arange(128), key=key, unicode=unicode)
        np.testing.assert_array_equal(fastrosa.note_to_midi(names), np.arange(128), err_msg=key)
    assert fastrosa.midi_to_note(0, key="G#:maj") == librosa.midi_to_note(0, key="G#:maj") == "B♯-1"
