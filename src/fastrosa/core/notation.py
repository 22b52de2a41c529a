"""Music notation: keys, their scale degrees and their spelling of the 12 pitch classes
(librosa.core.notation's ``key_to_notes`` and ``key_to_degrees``).

Adapted from librosa (ISC licence), rule for rule: theoretical keys (``G#:maj``
spells G as ``F𝄪``), several accidentals on a tonic (``Dbb:min``, ``C#b#:min``),
the seven modes and their abbreviations, and librosa's quirks with them (a
tonic with two or more accidentals gives NumPy strings and ignores
``natural``). The svara and FJS functions of that module are librosa's.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any, Dict, Iterable, List, Tuple, Union

import numpy as np

from ..util.exceptions import ParameterError

__all__ = ["key_to_degrees", "key_to_notes"]

# librosa.core.notation's patterns: a key is TONIC[accidentals]:scale-or-mode,
# a note is a letter, accidentals, an optional octave and optional cents.
KEY_RE = re.compile(
    r"^(?P<tonic>[A-Ga-g])"
    r"(?P<accidental>[#♯𝄪b!♭𝄫♮n]*)"
    r":((?P<scale>(maj|min)(or)?)|(?P<mode>(((ion|dor|phryg|lyd|mixolyd|aeol|locr)(ian)?)|phr|mix|aeo|loc)))$"
)

NOTE_RE = re.compile(
    r"^(?P<note>[A-Ga-g])"
    r"(?P<accidental>[#♯𝄪b!♭𝄫♮n]*)"
    r"(?P<octave>[+-]?\d+)?"
    r"(?P<cents>[+-]\d+)?$"
)

# The relative major of each mode on each natural tonic: C dorian uses the notes of B♭ major.
MAJOR_DICT = {
    "ion": {"C": "C", "D": "D", "E": "E", "F": "F", "G": "G", "A": "A", "B": "B"},
    "dor": {"C": "B♭", "D": "C", "E": "D", "F": "E♭", "G": "F", "A": "G", "B": "A"},
    "phr": {"C": "A♭", "D": "B♭", "E": "C", "F": "D♭", "G": "E♭", "A": "F", "B": "G"},
    "lyd": {"C": "G", "D": "A", "E": "B", "F": "C", "G": "D", "A": "E", "B": "F♯"},
    "mix": {"C": "F", "D": "G", "E": "A", "F": "B♭", "G": "C", "A": "D", "B": "E"},
    "aeo": {"C": "E♭", "D": "F", "E": "G", "F": "A♭", "G": "B♭", "A": "C", "B": "D"},
    "loc": {"C": "D♭", "D": "E♭", "E": "F", "F": "G♭", "G": "A♭", "A": "B♭", "B": "C"},
}

# The scale degree (from the relative major's tonic) each mode starts on.
OFFSET_DICT = {"ion": 0, "dor": 1, "phr": 2, "lyd": 3, "mix": 4, "aeo": 5, "loc": 6}

ACC_MAP = {"#": 1, "♮": 0, "": 0, "n": 0, "b": -1, "!": -1, "♯": 1, "♭": -1, "𝄪": 2, "𝄫": -2}

_PITCH_MAP: Dict[str, int] = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}

# Unicode accidentals to librosa's ASCII spelling (unicode=False).
_ASCII = str.maketrans({"♯": "#", "𝄪": "##", "♭": "b", "𝄫": "bb", "♮": "n"})

# What key_to_notes spells with only the sharps or only the flats; the
# corrections apply in order from the sixth sharp (flat) on.
_NOTES_SHARP = ("C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B")
_NOTES_FLAT = ("C", "D♭", "D", "E♭", "E", "F", "G♭", "G", "A♭", "A", "B♭", "B")
_SHARP_CORRECTIONS = ((5, "E♯"), (0, "B♯"), (7, "F𝄪"), (2, "C𝄪"), (9, "G𝄪"), (4, "D𝄪"), (11, "A𝄪"))
_FLAT_CORRECTIONS = ((11, "C♭"), (4, "F♭"), (9, "B𝄫"), (2, "E𝄫"), (7, "A𝄫"), (0, "D𝄫"))


def _accidental_offset(accidental: str) -> int:
    counter = Counter(accidental)
    return sum([ACC_MAP[acc] * counter[acc] for acc in ACC_MAP])


def _note_to_degree(key: Union[str, Iterable[str]]) -> Any:
    """The pitch class of a note name (``'B#'`` -> 0, ``'D♮##b'`` -> 3); an array for several."""
    if not isinstance(key, str):
        return np.array([_note_to_degree(n) for n in key])

    match = NOTE_RE.match(key)
    if not match:
        raise ParameterError(f"Improper key format: {key:s}")

    letter = match.group("note").upper()
    return (_PITCH_MAP[letter] + _accidental_offset(match.group("accidental"))) % 12


def _simplify_note(key: str, additional_acc: str = "", unicode: bool = True) -> str:
    """A note with sharp-flat pairs cancelled and accidentals doubled (``'C♭♭♭'`` -> ``'C♭𝄫'``)."""
    match = NOTE_RE.match(key + additional_acc)
    if not match:
        raise ParameterError(f"Improper key format: {key:s}")

    offset = _accidental_offset(match.group("accidental"))
    simplified_note = match.group("note").upper()
    if offset >= 0:
        simplified_note += "♯" * (offset % 2) + "𝄪" * (offset // 2)
    else:
        simplified_note += "♭" * (offset % 2) + "𝄫" * (abs(offset) // 2)

    if not unicode:
        simplified_note = simplified_note.translate(_ASCII)
    return simplified_note


def _mode_to_key(signature: str, unicode: bool = True) -> str:
    """The major key with the notes of a mode (``'Db:loc'`` -> ``'E𝄫:maj'``)."""
    match = KEY_RE.match(signature)
    if not match:
        raise ParameterError("Improper format: {:s}".format(signature))

    if match.group("scale") or not match.group("mode"):
        scale = match.group("scale")
        return _simplify_note(match.group("tonic").upper() + match.group("accidental"),
                              unicode=unicode) + (":" + scale if scale else "")

    mode = match.group("mode").lower()[:3]
    tonic = MAJOR_DICT[mode][match.group("tonic").upper()]
    return _simplify_note(tonic + match.group("accidental"), unicode=unicode) + ":maj"


def key_to_notes(key: str, *, unicode: bool = True, natural: bool = False) -> List[str]:
    """List all 12 note names in the chromatic scale, as spelled in a key or mode.

    Note names follow librosa's rules: an accidental on the tonic is used for
    every note; otherwise the accidentals are chosen to minimise those of the
    diatonic degrees; a tie (C:maj, A:min) prefers sharps.

    Parameters
    ----------
    key : str
        ``TONIC:scale``: a tonic letter (``CDEFGAB``, either case) with any
        accidentals (``#♯𝄪``, ``b!♭𝄫``, ``♮n``), then ``maj``, ``major``,
        ``min``, ``minor`` or a mode (``ionian``, ``dorian``, ``phrygian``,
        ``lydian``, ``mixolydian``, ``aeolian``, ``locrian``; the first three
        letters, or the name without "ian"), lower case.
    unicode : bool
        If True, accidentals are ``♯𝄪♭𝄫♮``; if False, ``#``, ``##``, ``b``, ``bb``, ``n``.
    natural : bool
        If True, mark the natural notes that are not in the scale with ``♮``.

    Returns
    -------
    notes : list
        ``notes[k]`` is the name of semitone ``k`` (from C) in ``key``.

    Raises
    ------
    ParameterError
        If ``key`` is not in that format.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.key_to_notes('G#:maj')
    ['B♯', 'C♯', 'D', 'D♯', 'E', 'E♯', 'F♯', 'F𝄪', 'G♯', 'A', 'A♯', 'B']
    >>> fastrosa.key_to_notes('G:loc', natural=True)
    ['C', 'D♭', 'D♮', 'E♭', 'E♮', 'F', 'G♭', 'G', 'A♭', 'A♮', 'B♭', 'B♮']
    >>> fastrosa.key_to_notes('Fb:min', unicode=False)[:4]
    ['Dbb', 'Db', 'Ebb', 'Eb']
    """
    return list(_key_notes(key, unicode, natural))


def _key_notes(key: str, unicode: Any, natural: Any) -> Tuple[str, ...]:
    """key_to_notes' answer as a tuple, remembered for the hashable arguments it is asked for."""
    try:
        return _key_notes_cached(key, unicode, natural)
    except TypeError:  # an unhashable argument: librosa's own error, from the regular expression
        return _spell(key, unicode=unicode, natural=natural)


@functools.lru_cache(maxsize=256)
def _key_notes_cached(key: str, unicode: Any, natural: Any) -> Tuple[str, ...]:
    return _spell(key, unicode=unicode, natural=natural)


def _spell(key: str, *, unicode: Any, natural: Any) -> Tuple[str, ...]:
    match = KEY_RE.match(key)
    if not match:
        raise ParameterError(f"Improper key format: {key:s}")

    tonic = match.group("tonic").upper()
    offset = sum([ACC_MAP[acc] for acc in match.group("accidental")])

    if match.group("mode") or not match.group("scale"):
        return _spell(_mode_to_key(key), unicode=unicode, natural=natural)

    scale = match.group("scale")[:3].lower()

    if abs(offset) >= 2:
        # Several accidentals: spell the key one accidental short, add the last
        # to every note, and rotate so that the name of pitch class 0 comes first.
        # (As librosa: the names are NumPy strings, and ``natural`` is not applied.)
        additional_acc = {+1: "♯", -1: "♭"}[np.sign(offset)]
        intermediate = _spell(tonic + additional_acc * (abs(offset) - 1) + ":" + scale,
                              unicode=True, natural=False)
        notes = [_simplify_note(note, additional_acc) for note in intermediate]
        degrees = _note_to_degree(notes)
        rolled = list(np.roll(notes, shift=-np.argwhere(degrees == 0)[0]))
        if not unicode:
            rolled = [n.translate(_ASCII) for n in rolled]
        return tuple(rolled)

    # Clockwise steps on the circle of fifths (the number of sharps)
    if scale == "maj":
        tonic_number = ((_PITCH_MAP[tonic] + offset) * 7) % 12
    else:
        tonic_number = ((_PITCH_MAP[tonic] + offset) * 7 + 9) % 12

    # The tonic's own accidental decides; without one, the fewer accidentals
    # (a natural tonic never lands on 6, where librosa decides nothing)
    if offset < 0:
        use_sharps = False
    elif offset > 0:
        use_sharps = True
    else:
        use_sharps = 0 <= tonic_number < 6

    # B#:maj has 12 sharps, not C:maj's 0
    n_sharps = 12 if tonic_number == 0 and tonic == "B" else tonic_number

    if use_sharps:
        notes = list(_NOTES_SHARP)
        for index, name in _SHARP_CORRECTIONS[: max(0, n_sharps - 6 + 1)]:
            notes[index] = name
    else:
        notes = list(_NOTES_FLAT)
        n_flats = (12 - tonic_number) % 12
        for index, name in _FLAT_CORRECTIONS[: max(0, n_flats - 6 + 1)]:
            notes[index] = name

    if natural:
        # mark the plain letters whose pitch class is not in the scale
        scale_notes = set(key_to_degrees(key))
        for place, note in enumerate(notes):
            if _note_to_degree(note) not in scale_notes and len(note) == 1:
                notes[place] = note + "♮"

    if not unicode:
        notes = [n.translate(_ASCII) for n in notes]
    return tuple(notes)


def key_to_degrees(key: str) -> np.ndarray:
    """The pitch classes (0 = C, ..., 11 = B) of the seven scale degrees of a key, from its tonic.

    Parameters
    ----------
    key : str
        ``TONIC:scale`` as in `key_to_notes`.

    Returns
    -------
    degrees : np.ndarray [shape=(7,), dtype=int]
        A ParameterError for a ``key`` not in that format, as `key_to_notes`.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.key_to_degrees('C#:maj')
    array([ 1,  3,  5,  6,  8, 10,  0])
    >>> fastrosa.key_to_degrees('D:dorian')
    array([ 2,  4,  5,  7,  9, 11,  0])
    """
    notes = dict(maj=np.array([0, 2, 4, 5, 7, 9, 11]), min=np.array([0, 2, 3, 5, 7, 8, 10]))

    match = KEY_RE.match(key)
    if not match:
        raise ParameterError(f"Improper key format: {key:s}")

    if match.group("mode") or not match.group("scale"):
        equiv = _mode_to_key(key)
        offset = OFFSET_DICT[match.group("mode")[:3]]
        return np.roll(key_to_degrees(equiv), -offset)

    tonic = match.group("tonic").upper()
    offset = _accidental_offset(match.group("accidental"))
    scale = match.group("scale")[:3].lower()

    return (notes[scale] + _PITCH_MAP[tonic] + offset) % 12
