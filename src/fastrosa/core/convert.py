"""Unit conversion (librosa.core.convert equivalents).

Frames, samples, blocks and time; Hz, mels, octaves, MIDI numbers, note names
and tuning.  Adapted from librosa (ISC licence).  Return types follow librosa
exactly: scalar input gives a NumPy scalar (``samples_to_frames``: a 0-d
array), sequence input gives an ndarray; integer results use the platform
``int``.  The formulas are librosa's, operation for operation, so the dtypes
they produce (NumPy 2 promotion rules included) are librosa's too.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Dict, Iterable, Optional, Union

import numpy as np

from ..util.exceptions import ParameterError
from ..util._checks import checked
from .notation import NOTE_RE, _key_notes

__all__ = [
    "frames_to_samples",
    "frames_to_time",
    "samples_to_frames",
    "samples_to_time",
    "time_to_samples",
    "time_to_frames",
    "blocks_to_samples",
    "blocks_to_frames",
    "blocks_to_time",
    "fft_frequencies",
    "mel_frequencies",
    "hz_to_mel",
    "mel_to_hz",
    "hz_to_octs",
    "octs_to_hz",
    "hz_to_midi",
    "midi_to_hz",
    "note_to_midi",
    "note_to_hz",
    "midi_to_note",
    "hz_to_note",
    "A4_to_tuning",
    "tuning_to_A4",
    "samples_like",
    "times_like",
]


def _offset(n_fft: Optional[int]) -> int:
    # Frames are centred: with n_fft given, frame t starts n_fft // 2 samples later.
    return 0 if n_fft is None else int(n_fft // 2)


def frames_to_samples(frames: Any, *, hop_length: int = 512, n_fft: Optional[int] = None) -> Any:
    """Convert frame indices to audio sample indices.

    Parameters
    ----------
    frames : number or np.ndarray [shape=(n,)]
        Frame index or vector of frame indices.
    hop_length : int > 0
        Number of samples between successive frames.
    n_fft : None or int > 0
        If given, offset by ``n_fft // 2`` to counteract windowing effects.

    Returns
    -------
    times : number or np.ndarray
        ``frames * hop_length + n_fft // 2``, as int.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.frames_to_samples([0, 1, 10], hop_length=512)
    array([   0,  512, 5120])
    """
    return (np.asanyarray(frames) * hop_length + _offset(n_fft)).astype(int)


def samples_to_frames(samples: Any, *, hop_length: int = 512, n_fft: Optional[int] = None) -> Any:
    """Convert sample indices into frame indices (``(samples - n_fft // 2) // hop_length``).

    Parameters
    ----------
    samples : int or np.ndarray [shape=(n,)]
        Sample index or vector of sample indices.
    hop_length : int > 0
        Number of samples between successive frames.
    n_fft : None or int > 0
        If given, subtract ``n_fft // 2`` first.

    Returns
    -------
    frames : np.ndarray [dtype=int]
        Frame numbers (a 0-d array for scalar input, as in librosa).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.samples_to_frames([0, 511, 512, 5000], hop_length=512)
    array([0, 0, 1, 9])
    """
    samples = np.asanyarray(samples)
    return np.asarray(np.floor((samples - _offset(n_fft)) // hop_length), dtype=int)


def frames_to_time(
    frames: Any, *, sr: float = 22050, hop_length: int = 512, n_fft: Optional[int] = None
) -> Any:
    """Convert frame indices to time (seconds).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.frames_to_time([0, 43], sr=22050)
    array([0.        , 0.99845805])
    """
    samples = frames_to_samples(frames, hop_length=hop_length, n_fft=n_fft)
    return samples_to_time(samples, sr=sr)


def time_to_frames(
    times: Any, *, sr: float = 22050, hop_length: int = 512, n_fft: Optional[int] = None
) -> Any:
    """Convert time stamps (seconds) into frame indices.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.time_to_frames([0.0, 1.0, 2.5], sr=22050)
    array([  0,  43, 107])
    """
    samples = time_to_samples(times, sr=sr)
    return samples_to_frames(samples, hop_length=hop_length, n_fft=n_fft)


def time_to_samples(times: Any, *, sr: float = 22050) -> Any:
    """Convert time stamps (seconds) to sample indices (truncated towards zero).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.time_to_samples([0.0, 0.5, 1.0], sr=22050)
    array([    0, 11025, 22050])
    """
    return (np.asanyarray(times) * sr).astype(int)


def samples_to_time(samples: Any, *, sr: float = 22050) -> Any:
    """Convert sample indices to time (seconds).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.samples_to_time([0, 11025, 22050], sr=22050)
    array([0. , 0.5, 1. ])
    """
    return np.asanyarray(samples) / float(sr)


def blocks_to_frames(blocks: Any, *, block_length: int) -> Any:
    """Convert block indices to frame indices (``block_length * blocks``)."""
    return block_length * np.asanyarray(blocks)


def blocks_to_samples(blocks: Any, *, block_length: int, hop_length: int) -> Any:
    """Convert block indices to sample indices."""
    frames = blocks_to_frames(blocks, block_length=block_length)
    return frames_to_samples(frames, hop_length=hop_length)


def blocks_to_time(blocks: Any, *, block_length: int, hop_length: int, sr: float) -> Any:
    """Convert block indices to time (seconds).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.blocks_to_time([0, 1, 2], block_length=16, hop_length=512, sr=22050)
    array([0.        , 0.37151927, 0.74303855])
    """
    samples = blocks_to_samples(blocks, block_length=block_length, hop_length=hop_length)
    return samples_to_time(samples, sr=sr)


@checked
def fft_frequencies(*, sr: float = 22050, n_fft: int = 2048) -> np.ndarray:
    """Frequencies (Hz) of the ``1 + n_fft // 2`` rFFT bins.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.fft_frequencies(sr=8, n_fft=8)
    array([0., 1., 2., 3., 4.])
    """
    return np.fft.rfftfreq(n=n_fft, d=1.0 / sr)


def samples_like(
    X: Union[np.ndarray, float],
    *,
    hop_length: int = 512,
    n_fft: Optional[int] = None,
    axis: int = -1,
) -> np.ndarray:
    """Sample index of each frame of a feature matrix (or of ``X`` frames if scalar).

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.samples_like(np.zeros((5, 3)))
    array([   0,  512, 1024])
    """
    frames = np.arange(X) if np.isscalar(X) else np.arange(X.shape[axis])  # type: ignore[union-attr]
    return frames_to_samples(frames, hop_length=hop_length, n_fft=n_fft)


def times_like(
    X: Union[np.ndarray, float],
    *,
    sr: float = 22050,
    hop_length: int = 512,
    n_fft: Optional[int] = None,
    axis: int = -1,
) -> np.ndarray:
    """Time (seconds) of each frame of a feature matrix (or of ``X`` frames if scalar).

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.times_like(3, sr=22050)
    array([0.        , 0.02321995, 0.04643991])
    """
    samples = samples_like(X, hop_length=hop_length, n_fft=n_fft, axis=axis)
    return samples_to_time(samples, sr=sr)


# ---------------------------------------------------------------------------
# Pitch: Hz, MIDI numbers, note names, octaves, tuning
# ---------------------------------------------------------------------------

_PITCH_MAP: Dict[str, int] = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}

# As librosa: the pattern admits "n" (natural), this table does not, so a
# note spelled with "n" raises KeyError in both.
_ACC_MAP: Dict[str, int] = {
    "#": 1,
    "": 0,
    "b": -1,
    "!": -1,
    "♯": 1,
    "𝄪": 2,
    "♭": -1,
    "𝄫": -2,
    "♮": 0,
}


def note_to_hz(note: Any, **kwargs: Any) -> Any:
    """Convert one or more note names to frequency (Hz).

    Parameters
    ----------
    note : str or iterable of str
        One or more note names to convert.
    **kwargs
        Additional parameters to `note_to_midi` (``round_midi``).

    Returns
    -------
    frequencies : number or np.ndarray [shape=(len(note),)]
        Frequencies (Hz) of ``note``.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.note_to_hz(["A3", "A4", "A5"])
    array([220., 440., 880.])
    >>> round(float(fastrosa.note_to_hz("C2-32", round_midi=False)), 3)
    64.209
    """
    return midi_to_hz(note_to_midi(note, **kwargs))


def note_to_midi(note: Any, *, round_midi: bool = True) -> Any:
    """Convert one or more spelled notes to MIDI number(s).

    A note is a letter (case-insensitive), optional accidentals (``#``, ``♯``,
    ``𝄪``, ``b``, ``!``, ``♭``, ``𝄫``, ``♮``), an optional octave number
    and an optional signed deviation in cents (``'C4+25'``).

    Parameters
    ----------
    note : str or iterable of str
        One or more note names.
    round_midi : bool
        If True, round to the nearest integer; if False, allow fractional MIDI numbers.

    Returns
    -------
    midi : int, float or np.ndarray
        MIDI note number(s).

    Raises
    ------
    ParameterError
        If the input is not in valid note format.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.note_to_midi("C#3")
    49
    >>> fastrosa.note_to_midi("C♭𝄫5")
    69
    >>> fastrosa.note_to_midi(["C", "E", "G"])
    array([12, 16, 19])
    """
    if not isinstance(note, str):
        return np.array([note_to_midi(n, round_midi=round_midi) for n in note])

    match = NOTE_RE.match(note)

    if not match:
        raise ParameterError(f"Improper note format: {note:s}")

    pitch = match.group("note").upper()
    # np.sum, as librosa: the offset is a NumPy int (0.0 when there are no
    # accidentals), which decides the type of an unrounded result.
    offset = np.sum([_ACC_MAP[o] for o in match.group("accidental")])
    octave = match.group("octave")
    cents = match.group("cents")

    octave = int(octave) if octave else 0
    cents = int(cents) * 1e-2 if cents else 0

    note_value = 12 * (octave + 1) + _PITCH_MAP[pitch] + offset + cents

    if round_midi:
        return int(np.round(note_value))
    return note_value


def midi_to_hz(notes: Any) -> Any:
    """Frequency (Hz) of MIDI note number(s): ``440 * 2 ** ((notes - 69) / 12)``.

    Examples
    --------
    >>> import fastrosa
    >>> round(float(fastrosa.midi_to_hz(36)), 3)
    65.406
    >>> fastrosa.midi_to_hz([57, 69, 81])
    array([220., 440., 880.])
    """
    return 440.0 * (2.0 ** ((np.asanyarray(notes) - 69.0) / 12.0))


def hz_to_midi(frequencies: Any) -> Any:
    """MIDI note number(s) of frequencies (Hz): ``12 * (log2(f) - log2(440)) + 69``.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.hz_to_midi([110, 220, 440])
    array([45., 57., 69.])
    """
    return 12 * (np.log2(np.asanyarray(frequencies)) - np.log2(440.0)) + 69


def _vectorize(*, excluded: Iterable[str]) -> Callable[[Callable], Callable]:
    """librosa.util.decorators.vectorize: `np.vectorize`, with a plain value
    (``.item()``) for a scalar first argument."""

    def wrap(function: Callable) -> Callable:
        vecfunc = np.vectorize(function, excluded=excluded)

        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            y = vecfunc(*args, **kwargs)
            return y.item() if np.isscalar(args[0]) else y

        return call

    return wrap


@_vectorize(excluded=["octave", "cents", "key", "unicode"])
def midi_to_note(
    midi: Any,
    *,
    octave: bool = True,
    cents: bool = False,
    key: str = "C:maj",
    unicode: bool = True,
) -> Any:
    """Convert one or more MIDI numbers to note names, rounded to the nearest note.

    Parameters
    ----------
    midi : int or iterable of int
        MIDI numbers to convert.
    octave : bool
        If True, include the octave number.
    cents : bool
        If True, append the deviation in cents (``midi_to_note(69.3, cents=True) == 'A4+30'``).
    key : str
        The key whose spelling resolves enharmonic equivalences (see `key_to_notes`).
    unicode : bool
        If True, accidentals are ``♯`` and ``♭``; if False, ``#`` and ``b``.

    Returns
    -------
    notes : str or np.ndarray of str
        The name of each MIDI number (a str for a scalar).

    Raises
    ------
    ParameterError
        If ``cents`` is True and ``octave`` is False, or ``key`` is not a key.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.midi_to_note(37), fastrosa.midi_to_note(37, unicode=False)
    ('C♯2', 'C#2')
    >>> fastrosa.midi_to_note(104.7, cents=True)
    'A7-30'
    >>> fastrosa.midi_to_note(range(12, 16), key='F:min')
    array(['C0', 'D♭0', 'D0', 'E♭0'], dtype='<U3')
    """
    if cents and not octave:
        raise ParameterError("Cannot encode cents without octave information.")

    note_map = _key_notes(key, unicode, False)

    note_num = int(np.round(midi))
    note_cents = int(100 * np.around(midi - note_num, 2))

    note = note_map[note_num % 12]

    if octave:
        note = "{:s}{:0d}".format(note, int(note_num / 12) - 1)
    if cents:
        note = f"{note:s}{note_cents:+02d}"

    return note


def hz_to_note(frequencies: Any, **kwargs: Any) -> Any:
    """Convert one or more frequencies (Hz) to the nearest note names.

    Parameters
    ----------
    frequencies : float or iterable of float
        Input frequencies (Hz).
    **kwargs
        Passed to `midi_to_note` (``octave``, ``cents``, ``key``, ``unicode``).

    Returns
    -------
    notes : str or np.ndarray of str

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.hz_to_note(440.0)
    'A4'
    >>> fastrosa.hz_to_note([32, 64], cents=True)
    array(['C1-38', 'C2-38'], dtype='<U5')
    """
    return midi_to_note(hz_to_midi(frequencies), **kwargs)


# Slaney's (Auditory Toolbox) mel scale: linear below 1 kHz, logarithmic above.
_F_MIN = 0.0
_F_SP = 200.0 / 3
_MIN_LOG_HZ = 1000.0


def hz_to_mel(frequencies: Any, *, htk: bool = False) -> Any:
    """Convert Hz to mels.

    Parameters
    ----------
    frequencies : number or np.ndarray [shape=(n,)], float
        Scalar or array of frequencies.
    htk : bool
        Use the HTK formula (``2595 * log10(1 + f / 700)``) instead of Slaney's.

    Returns
    -------
    mels : number or np.ndarray [shape=(n,)]
        Input frequencies in mels.

    Examples
    --------
    >>> import fastrosa
    >>> round(float(fastrosa.hz_to_mel(60)), 6)
    0.9
    >>> fastrosa.hz_to_mel([110, 220, 440])
    array([1.65, 3.3 , 6.6 ])
    """
    frequencies = np.asanyarray(frequencies)

    if htk:
        return 2595.0 * np.log10(1.0 + frequencies / 700.0)

    # The linear part
    mels = (frequencies - _F_MIN) / _F_SP

    # The log-scale part
    min_log_mel = (_MIN_LOG_HZ - _F_MIN) / _F_SP
    logstep = np.log(6.4) / 27.0  # a NumPy float64, which promotes float32 input, as librosa

    if frequencies.ndim:
        log_t = frequencies >= _MIN_LOG_HZ
        mels[log_t] = min_log_mel + np.log(frequencies[log_t] / _MIN_LOG_HZ) / logstep
    elif frequencies >= _MIN_LOG_HZ:
        mels = min_log_mel + np.log(frequencies / _MIN_LOG_HZ) / logstep

    return mels


def mel_to_hz(mels: Any, *, htk: bool = False) -> Any:
    """Convert mels to Hz (the inverse of `hz_to_mel`).

    Parameters
    ----------
    mels : number or np.ndarray [shape=(n,)], float
        Mel values to convert.
    htk : bool
        Use the HTK formula instead of Slaney's.

    Returns
    -------
    frequencies : number or np.ndarray [shape=(n,)]
        Input mels in Hz.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.mel_to_hz(3)
    np.float64(200.0)
    >>> fastrosa.mel_to_hz([1, 2, 3, 4, 5])
    array([ 66.66666667, 133.33333333, 200.        , 266.66666667,
           333.33333333])
    """
    mels = np.asanyarray(mels)

    if htk:
        return 700.0 * (10.0 ** (mels / 2595.0) - 1.0)

    # The linear scale
    freqs = _F_MIN + _F_SP * mels

    # The log scale
    min_log_mel = (_MIN_LOG_HZ - _F_MIN) / _F_SP
    logstep = np.log(6.4) / 27.0

    if mels.ndim:
        log_t = mels >= min_log_mel
        freqs[log_t] = _MIN_LOG_HZ * np.exp(logstep * (mels[log_t] - min_log_mel))
    elif mels >= min_log_mel:
        freqs = _MIN_LOG_HZ * np.exp(logstep * (mels - min_log_mel))

    return freqs


def hz_to_octs(frequencies: Any, *, tuning: float = 0.0, bins_per_octave: int = 12) -> Any:
    """Convert frequencies (Hz) to (fractional) octave numbers, counted from A0/2.

    Parameters
    ----------
    frequencies : number > 0 or np.ndarray [shape=(n,)]
        Scalar or vector of frequencies.
    tuning : float
        Tuning deviation from A440 in (fractional) bins per octave.
    bins_per_octave : int > 0
        Number of bins per octave.

    Returns
    -------
    octaves : number or np.ndarray [shape=(n,)]
        Octave number of each frequency.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.hz_to_octs(440.0)
    np.float64(4.0)
    >>> fastrosa.hz_to_octs([32, 64, 128, 256]).round(3)
    array([0.219, 1.219, 2.219, 3.219])
    """
    A440 = 440.0 * 2.0 ** (tuning / bins_per_octave)
    return np.log2(np.asanyarray(frequencies) / (float(A440) / 16))


def octs_to_hz(octs: Any, *, tuning: float = 0.0, bins_per_octave: int = 12) -> Any:
    """Convert octave numbers (counted from A0/2) to frequencies (Hz).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.octs_to_hz([-2, -1, 0, 1, 2])
    array([  6.875,  13.75 ,  27.5  ,  55.   , 110.   ])
    """
    A440 = 440.0 * 2.0 ** (tuning / bins_per_octave)
    return (float(A440) / 16) * (2.0 ** np.asanyarray(octs))


def A4_to_tuning(A4: Any, *, bins_per_octave: int = 12) -> Any:
    """Convert a reference pitch for A4 (e.g. 432 Hz) to a tuning deviation, in bins.

    This is the inverse of `tuning_to_A4`.

    Examples
    --------
    >>> import fastrosa
    >>> round(float(fastrosa.A4_to_tuning(432.0)), 3)
    -0.318
    >>> fastrosa.A4_to_tuning([440.0, 444.0], bins_per_octave=24).round(3)
    array([0.   , 0.313])
    """
    return bins_per_octave * (np.log2(np.asanyarray(A4)) - np.log2(440.0))


def tuning_to_A4(tuning: Any, *, bins_per_octave: int = 12) -> Any:
    """Convert a tuning deviation (in fractional bins) to the reference pitch of A4 (Hz).

    This is the inverse of `A4_to_tuning`.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.tuning_to_A4(0.0)
    np.float64(440.0)
    >>> fastrosa.tuning_to_A4([0.1, 0.2, -0.1], bins_per_octave=36).round(3)
    array([440.848, 441.698, 439.154])
    """
    return 440.0 * 2.0 ** (np.asanyarray(tuning) / bins_per_octave)


def mel_frequencies(
    n_mels: int = 128, *, fmin: float = 0.0, fmax: float = 11025.0, htk: bool = False
) -> np.ndarray:
    """Frequencies (Hz) of ``n_mels`` points uniformly spaced on the mel scale.

    Parameters
    ----------
    n_mels : int > 0
        Number of mel bins.
    fmin : float >= 0
        Minimum frequency (Hz).
    fmax : float >= 0
        Maximum frequency (Hz).
    htk : bool
        Use the HTK mel formula instead of Slaney's Auditory Toolbox.

    Returns
    -------
    bin_frequencies : np.ndarray [shape=(n_mels,)]
        Frequencies (Hz) uniformly spaced on the mel axis between ``fmin`` and ``fmax``.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.mel_frequencies(n_mels=5, fmax=8000).round(2)
    array([   0.  ,  754.09, 1688.91, 3675.77, 8000.  ])
    """
    min_mel = hz_to_mel(fmin, htk=htk)
    max_mel = hz_to_mel(fmax, htk=htk)

    mels = np.linspace(min_mel, max_mel, n_mels)

    return mel_to_hz(mels, htk=htk)


__all__ += ["cqt_frequencies"]


def cqt_frequencies(n_bins: int, *, fmin: float, bins_per_octave: int = 12,
                    tuning: float = 0.0) -> np.ndarray:
    """Center frequencies (Hz) of the bins of a constant-Q transform.

    Parameters
    ----------
    n_bins : int > 0
        Number of bins.
    fmin : float > 0
        Frequency of the lowest bin.
    bins_per_octave : int > 0
        Bins per octave.
    tuning : float
        Deviation from A440 tuning, in fractions of a bin.

    Returns
    -------
    frequencies : np.ndarray [shape=(n_bins,)]

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.cqt_frequencies(4, fmin=440.0).round(2)
    array([440.  , 466.16, 493.88, 523.25])
    """
    correction: float = 2.0 ** (float(tuning) / bins_per_octave)
    frequencies = 2.0 ** (np.arange(0, n_bins, dtype=float) / bins_per_octave)
    return correction * fmin * frequencies


__all__ += ["tempo_frequencies"]


def tempo_frequencies(n_bins: int, *, hop_length: int = 512, sr: float = 22050) -> np.ndarray:
    """The frequencies (in beats per minute) of the lags of an autocorrelation
    tempogram, as ``librosa.tempo_frequencies``: bin 0 is ``inf``, bin ``k``
    is ``60 * sr / (hop_length * k)``.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.tempo_frequencies(4, sr=22050)
    array([         inf, 2583.984375 , 1291.9921875,  861.328125 ])
    """
    bin_frequencies = np.zeros(int(n_bins), dtype=np.float64)

    bin_frequencies[0] = np.inf
    bin_frequencies[1:] = 60.0 * sr / (hop_length * np.arange(1.0, n_bins))

    return bin_frequencies
