"""Property tests: every public function against librosa 0.11.0 on hostile input.

Each row of ``CASES`` is one public function and a hypothesis strategy for its
arguments: random shapes (0 and 1 sample, more channels than samples), dtypes
(float16/32/64, integers, bool, complex, object), parameters at and past their
limits, NaN/inf, F-ordered, strided and negative-stride views. Every call runs
in this process and must either return what librosa returns (same type, shape
and dtype; values within helpers' tolerance where finite, non-finite values
in the same places) or raise the exception class librosa raises, with the same
warnings. A crash kills pytest, a hang is ended by faulthandler: both are
findings. A function that lands later is covered by adding a row.

Deliberate deviations, pinned in their own tests, are allowed here and only
these. Sizes, rates and kernels at their edges (``_edge_refusal``, pinned in
test_checks): fastrosa's ParameterError naming the argument where librosa
fails another way, or where the value is one ``EDGE`` lists, or a refusal of
more work than util/_checks.py bounds. And the rows' ``allowed`` rules: istft refuses hop_length <= 0, a
non-integer hop and n_fft=1 (hop 0) with ParameterError where librosa fails by
accident, zero_crossing_rate refuses frame_length < 1 with ParameterError, and
delta of an empty batch with mode='interp' returns the empty result where
scipy's LAPACK call fails, and remix (intervals as tuples or lists) and
stack_memory (object arrays) compute where librosa's compiled helpers fail
to compile (numba's TypingError).

Inputs not compared (the rows' ``exclude`` rules, each explained where it is
defined): median filters whose kernel reaches 4 line lengths past a line
(scipy reads outside the array, test_hpss); beat_track of constant, huge or
non-finite envelopes (librosa's scores overflow and it writes past its array,
test_beat); windows under n_fft / 8 for piptrack/chroma/estimate_tuning and
signals constant in every frame for spectral_contrast (the results follow the
FFTs' rounding noise); the final state of deemphasis and pcen over 0 samples
(scipy leaves it uninitialised); calls whose arrays would not fit in memory for
librosa either. And two OPEN differences, found here and not yet resolved: NaN inside
HPSS's median filters and inside onset_strength's max filter (scipy's order
of a NaN is an accident of its comparisons), and onset_strength of audio at a
negative sampling rate.
"""

from __future__ import annotations

import copy
import inspect
import faulthandler
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import librosa
import numpy as np
import pytest
from helpers import assert_close, real_dtype
from hypothesis import given, settings
from hypothesis import strategies as st

import fastrosa

HANG_SECONDS = 60  # one call taking this long is a hang: faulthandler dumps and exits

# ---------------------------------------------------------------------------
# Argument building blocks
# ---------------------------------------------------------------------------
LENGTHS = [0, 1, 2, 3, 7, 64, 255, 256, 257, 511, 512, 513, 1000, 2047, 2048, 2049, 4000]
FLOATS = ["float32", "float64"]
ALL_DTYPES = ["float16", "float32", "float64", "int16", "int64", "uint8", "bool",
              "complex64", "complex128", "object"]
LAYOUTS = ["C", "F", "neg", "step"]
SPECIALS = ["none", "none", "none", "nan", "inf", "-inf", "zeros", "huge", "tiny", "const"]


def _values(shape, dtype, special, seed):
    """Seeded values of ``shape`` and ``dtype``, with ``special`` values planted."""
    r = np.random.default_rng(seed)
    x = r.standard_normal(shape)
    if special == "zeros":
        x[...] = 0
    elif special == "const":
        x[...] = 0.25
    elif special == "huge":
        x *= 1e30
    elif special == "tiny":
        x *= 1e-30
    elif special in ("nan", "inf", "-inf") and x.size:
        where = r.random(shape) < 0.05
        where.flat[r.integers(x.size)] = True
        x[where] = float(special)
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        return (x + 1j * r.standard_normal(shape)).astype(dtype)
    if dtype.kind == "b":
        return x > 0
    if dtype.kind in "iu":
        with np.errstate(invalid="ignore"):
            return np.nan_to_num(x * 100, posinf=0, neginf=0).clip(0 if dtype.kind == "u" else -100, 100).astype(dtype)
    with np.errstate(over="ignore"):
        return x.astype(dtype)


def _layout(x, how):
    """The same values as C-order, F-order, a negative-stride or a strided view."""
    if x.ndim == 0 or how == "C":
        return np.ascontiguousarray(x)
    if how == "F":
        return np.asfortranarray(x)
    if how == "neg":
        flipped = np.ascontiguousarray(x[..., ::-1])
        return flipped[..., ::-1]
    big = np.zeros(x.shape[:-1] + (2 * x.shape[-1],), dtype=x.dtype)
    big[..., ::2] = x
    return big[..., ::2]


@st.composite
def arrays(draw, *, lead=(), n=None, dtypes=FLOATS, max_channels=2, lengths=LENGTHS):
    """An array ``channels + lead + (n,)``; channels may outnumber samples."""
    if not isinstance(lead, tuple):
        lead = draw(lead)
    channels = draw(st.lists(st.sampled_from([1, 2, 3, 5, 0]) if max_channels else st.nothing(),
                             max_size=max_channels))
    if n is None:
        n = draw(st.sampled_from(lengths) | st.integers(0, 3000))
    shape = tuple(channels) + tuple(lead) + (n,)
    if np.prod(shape) > 60000:  # keep each example quick
        shape = tuple(lead) + (n,)
    x = _values(shape, draw(st.sampled_from(dtypes)), draw(st.sampled_from(SPECIALS)),
                draw(st.integers(0, 2**32 - 1)))
    return _layout(x, draw(st.sampled_from(LAYOUTS)))


def audio(**kw):
    """Audio-like input: floats mostly, now and then any dtype."""
    return st.one_of(arrays(**kw), arrays(dtypes=ALL_DTYPES, **kw))


def spectrogram(n_bins=None, dtypes=FLOATS):
    """A (..., bins, frames) array with non-negative values mostly."""
    return st.builds(
        lambda x, pos: np.abs(x) if pos and x.dtype.kind in "fc" else x,
        arrays(lead=st.tuples(n_bins) if n_bins is not None else (1025,),
               lengths=[0, 1, 2, 5, 17], dtypes=dtypes, max_channels=1),
        st.booleans(),
    )


N_FFT = st.sampled_from([1, 2, 3, 4, 15, 16, 17, 64, 255, 256, 512, 1024, 2048, 4096, 0, -1])
HOP = st.sampled_from([None, 1, 3, 64, 128, 512, 4096, 10**7, 0, -1, 1.5, np.int64(100)])
WIN = st.sampled_from([None, None, 1, 16, 100, 255, 3000, 0])
WINDOW = st.sampled_from(["hann", "hann", "boxcar", "hamming", ("kaiser", 4.0), "blackman",
                          "nonsense"])
CENTER = st.booleans()
PAD_MODE = st.sampled_from(["constant", "constant", "reflect", "edge", "wrap", "symmetric"])
SR = st.sampled_from([22050, 22050, 8000, 44100, 1, 0, -22050, 1e9, 22050.5])
FMAX = st.sampled_from([None, None, 4000.0, 11025, 30000.0, 0.0, -1.0, 1e12])
N_MELS = st.sampled_from([128, 1, 2, 40, 600, 0])
MEL_NORM = st.sampled_from(["slaney", None, 1, 2, np.inf, "bad"])
SIGNED = st.sampled_from([1.0, 0.0, -1.0, 0.5, 1e-300, 1e300, np.nan, np.inf])
NUMBERS = st.one_of(
    st.sampled_from([0, 1, -1, 0.5, 22050, 1e30, -1e30, np.nan, np.inf, -np.inf]),
    st.floats(-1e6, 1e6),
    st.integers(-10**6, 10**6),
)


def scalar_or_array():
    return st.one_of(NUMBERS, arrays(dtypes=["float32", "float64", "int64", "object"],
                                     lengths=[0, 1, 3, 10], max_channels=1))


def args(*pos, **kw):
    """A strategy for ``(args, kwargs)``; keywords drawn as ``None`` are mostly omitted."""
    return st.tuples(st.tuples(*pos), st.fixed_dictionaries({}, optional=kw))


# ---------------------------------------------------------------------------
# The table: (public function, strategy for its arguments). Extend by adding rows.
# ---------------------------------------------------------------------------
@dataclass
class Case:
    name: str  # dotted path under fastrosa / librosa
    args: Any  # strategy for (args, kwargs)
    allowed: Optional[Callable] = None  # (kwargs, librosa's exc, fastrosa's exc) -> deviation ok
    # the magnitude the tolerance scales with is at least this (a number, or a
    # function of the arguments): dB values are differences of logarithms, a few
    # ulp of 10*log10(amin) apart even where they cancel; deltas are sums of
    # values of the data's magnitude, cancelling to ~0 on a constant
    scale_floor: Any = 0.0
    # the tolerance is that of the lower of the result's precision and this one
    # (a function of the arguments giving a dtype), when given
    tol_dtype: Optional[Callable] = None
    tags: list = field(default_factory=list)
    # (args, kwargs) -> True for an input on a documented deviation pinned in its
    # own test module: such an input is not compared
    exclude: Optional[Callable] = None
    # this row's share of the profile's max_examples (the slow rows run fewer)
    examples: float = 1.0

    def resolve(self, module):
        obj = module
        for part in self.name.split("."):
            obj = getattr(obj, part)
        return obj


# An ``allowed(kwargs, librosa's exception or None, fastrosa's or None)`` rule is
# consulted only where the outcomes differ.
def _finite_peak(x):
    x = np.abs(np.asarray(x, dtype=np.complex128))
    x = x[np.isfinite(x)]
    return float(x.max()) if x.size else 0.0


def _istft_hop(kw, want, got):
    """istft: hop_length <= 0, non-integer, or n_fft so small the default hop is 0,
    refused; and n_fft=1, where librosa fails by accident (negative array size)."""
    if isinstance(got, fastrosa.ParameterError) and "hop_length" in str(got):
        return True
    return kw.get("n_fft") == 1 and got is None and not isinstance(want, librosa.ParameterError)


def _istft_too_long(a, kw):
    """A signal of more than 5e7 samples (hop 1e7 over many frames): librosa's
    window sum of squares alone would take gigabytes, whatever the channels."""
    hop = kw.get("hop_length")
    frames = np.shape(a[0])[-1] if np.ndim(a[0]) else 0
    return isinstance(hop, (int, np.integer)) and hop * max(frames, 1) > 5e7


def _delta_empty(kw, want, got):
    """delta (interp) of an empty batch: scipy's LAPACK call fails by accident,
    fastrosa returns the empty result (pinned in test_delta)."""
    return got is None and isinstance(want, ValueError) and "illegal value" in str(want)


def _zcr_frame(kw, want, got):
    return (isinstance(got, fastrosa.ParameterError) and "frame_length" in str(got)
            and kw.get("frame_length", 2048) < 1)


def _integer(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _not_size(low=1, high=2**24):
    return lambda v: not _integer(v) or not low <= v <= high


def _not_rate(v):
    return (isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number))
            or not (np.isfinite(v) and v > 0))


def _not_kernel(v):
    if isinstance(v, (tuple, list)):
        return len(v) != 2 or any(_not_size()(k) for k in v)
    return _not_size()(v)


# Values of a size, rate or kernel argument that fastrosa refuses (util/_checks.py)
# even where librosa returns: non-integer, zero or negative sizes, windows past
# 2**24 samples, rates that are not positive and finite.
EDGE = {
    "sr": _not_rate,
    "n_fft": _not_size(), "win_length": _not_size(), "frame_length": _not_size(),
    "hop_length": _not_size(high=np.inf), "lag": _not_size(high=np.inf),
    "max_size": _not_size(high=np.inf), "n_chroma": _not_size(high=np.inf),
    "n_bands": _not_size(high=np.inf), "n_mels": _not_size(low=0, high=np.inf),
    "n_mfcc": _not_size(low=0, high=np.inf), "kernel_size": _not_kernel,
    "dct_type": lambda v: v not in (1, 2, 3, 4) or isinstance(v, bool),
    "p": lambda v: np.ndim(v) == 0 and v == 0,
}
TOO_MUCH = "a size argument asks for more than fastrosa computes"


def _edge_refusal(case, args, kwargs, want, got):
    """fastrosa's ParameterError naming an argument: where librosa failed too
    (by accident, with another class), or where the value is one EDGE refuses;
    or a refusal of more work than fastrosa does (util/_checks.py's bounds)."""
    if not isinstance(got, fastrosa.ParameterError):
        return False
    try:  # every argument by name, positional ones and defaults too
        bound = inspect.signature(case.resolve(librosa)).bind_partial(*args, **kwargs)
        bound.apply_defaults()
        kw = {**bound.arguments, **bound.arguments.get("kwargs", {})}
    except TypeError:
        kw = dict(kwargs)
    msg = str(got)
    if TOO_MUCH in msg:
        return True
    if msg.startswith("hop_length defaults") and kw.get("hop_length") is None:
        return True  # a window of under 4 samples, librosa's hop then 0
    named = [k for k in kw if msg.startswith(f"{k}=") or f" {k}=" in msg]
    if want is not None and "S" in kw and msg.startswith("n_fft="):
        return True  # the n_fft librosa infers from S's bins, 2 * (bins - 1)
    return any(want is not None or (k in EDGE and EDGE[k](kw[k])) for k in named)


DB_FLOOR = 400.0  # |10 * log10(amin)| for amin down to 1e-40
STFT_KW = dict(n_fft=N_FFT, hop_length=HOP, win_length=WIN, window=WINDOW, center=CENTER,
               pad_mode=PAD_MODE)
MEL_KW = dict(n_mels=N_MELS, fmin=st.sampled_from([0.0, 20.0, 5000.0, -10.0, 30000.0]),
              fmax=FMAX, htk=st.booleans(), norm=MEL_NORM)

CASES = [
    Case("stft", args(audio(), **STFT_KW,
                      dtype=st.sampled_from([None, np.complex64, np.complex128])), tags=["fft"]),
    Case("istft", args(
        spectrogram(n_bins=st.sampled_from([1, 2, 3, 257, 1025]), dtypes=["complex64", "complex128", "float32"])
        | arrays(lead=(257,), lengths=[0, 1, 4, 30], dtypes=["complex64", "complex128"]),
        hop_length=HOP, win_length=WIN, n_fft=st.sampled_from([None, 1, 2, 512, 2048, 4096, 0]),
        window=WINDOW, center=CENTER, length=st.sampled_from([None, 0, 1, 100, 5000, -1]),
        dtype=st.sampled_from([None, np.float32, np.float64])),
        allowed=_istft_hop, tags=["fft"], exclude=_istft_too_long,
        # float32 rounding of the inverse FFTs, divided by window sums of squares as
        # small as 1e-9 at uncentred edges: errors scale with the spectrum, which a
        # NaN may hide from the (partly non-finite) output
        scale_floor=lambda a, kw: 10 * _finite_peak(a[0]),
        # complex64 in, float64 out: librosa inverts in single precision, fastrosa in
        # double (as test_spectrum's dtype override): single-precision tolerance
        tol_dtype=lambda a, kw: np.asarray(a[0]).dtype),
    Case("magphase", args(arrays(dtypes=ALL_DTYPES, max_channels=2),
                          power=st.sampled_from([1, 2, 0.5, 0, -1, 3.0]))),
    Case("feature.melspectrogram", args(
        y=audio(), sr=SR, n_fft=N_FFT, hop_length=HOP, win_length=WIN, window=WINDOW,
        # (powers below 1 magnify the float32 FFT's rounding noise in bins near 0 beyond
        # any tolerance: here they are checked on noise only, in the regressions below)
        center=CENTER, pad_mode=PAD_MODE, power=st.sampled_from([2.0, 1.0, 0.0]),
        **MEL_KW), tags=["fft"]),
    Case("feature.melspectrogram", args(
        S=spectrogram(n_bins=st.sampled_from([1, 2, 129, 1025])),
        sr=SR, n_fft=st.sampled_from([2048, 256, 1]), **MEL_KW), tags=["S"]),
    Case("feature.mfcc", args(
        y=audio(), sr=SR, n_fft=N_FFT, hop_length=HOP, center=CENTER,
        n_mfcc=st.sampled_from([20, 1, 13, 128, 200, 0]), dct_type=st.sampled_from([2, 1, 3, 4, 5]),
        norm=st.sampled_from(["ortho", None, "forward", "backward", "bad"]),
        lifter=st.sampled_from([0, 22, 1, 0.5, -1]), n_mels=N_MELS, fmax=FMAX,
        mel_norm=MEL_NORM), tags=["fft"]),
    Case("feature.mfcc", args(
        S=arrays(lead=st.tuples(st.sampled_from([1, 2, 40, 128])),
                 lengths=[0, 1, 7], dtypes=FLOATS + ["int64", "float16"]),
        n_mfcc=st.sampled_from([20, 1, 40, 41, 0]), dct_type=st.sampled_from([2, 1, 3, 4]),
        norm=st.sampled_from(["ortho", None]), lifter=st.sampled_from([0, 22, -1])), tags=["S"]),
    Case("feature.zero_crossing_rate", args(
        audio(), frame_length=st.sampled_from([2048, 1, 2, 3, 100, 5000, 0, -1]),
        hop_length=st.sampled_from([512, 1, 7, 10**6, 0, -1]), center=CENTER,
        threshold=st.sampled_from([1e-10, 0.0, 0.5, -1.0, np.nan]),
        zero_pos=st.booleans(), pad=st.booleans()), allowed=_zcr_frame),
    Case("zero_crossings", args(
        audio(), threshold=st.sampled_from([1e-10, 0.0, 0.5, -1.0, np.inf, np.nan]),
        ref_magnitude=st.sampled_from([None, 1.0, 0.0, np.max, np.mean]),
        pad=st.booleans(), zero_pos=st.booleans(), axis=st.sampled_from([-1, 0, 1, -2, 3]))),
    Case("power_to_db", args(
        arrays(dtypes=ALL_DTYPES), ref=st.sampled_from([1.0, np.max, np.min, 0.0, -2.0, 1e-30,
                                                         np.median, np.inf]),
        amin=st.sampled_from([1e-10, 1e-5, 0.0, -1.0, 1e-40, 1.0, np.inf]),
        top_db=st.sampled_from([80.0, None, 0.0, -1.0, 1e9, np.nan])), scale_floor=DB_FLOOR),
    Case("amplitude_to_db", args(
        arrays(dtypes=ALL_DTYPES), ref=st.sampled_from([1.0, np.max, 0.0, -2.0, 1e-30]),
        amin=st.sampled_from([1e-5, 1e-10, 0.0, -1.0, 1.0]),
        top_db=st.sampled_from([80.0, None, 0.0, -1.0])), scale_floor=DB_FLOOR),
    Case("db_to_power", args(scalar_or_array(), ref=st.sampled_from([1.0, 0.0, -1.0, 1e30]))),
    Case("db_to_amplitude", args(scalar_or_array(), ref=st.sampled_from([1.0, 0.0, -1.0, 2.0]))),
    Case("filters.mel", args(
        sr=SR, n_fft=N_FFT, **MEL_KW, dtype=st.sampled_from([np.float32, np.float64, np.float16]))),
    Case("filters.chroma", args(
        sr=SR, n_fft=N_FFT, n_chroma=st.sampled_from([12, 1, 24, 36, 0, 7]),
        tuning=st.sampled_from([0.0, 0.5, -0.5, 1.0, np.nan]),
        ctroct=st.sampled_from([5.0, 0.0, -3.0, 100.0]),
        octwidth=st.sampled_from([2, None, 0, 0.1, -1]),
        norm=st.sampled_from([2, None, 1, np.inf, 0, -1]), base_c=st.booleans(),
        dtype=st.sampled_from([np.float32, np.float64]))),
    Case("filters.get_window", args(
        st.sampled_from(["hann", "hamming", "boxcar", "blackman", "triang", "bartlett",
                         ("kaiser", 8.0), ("gaussian", 3.0), ("tukey", 0.5), "nonsense", 4.0,
                         ("kaiser",), np.ones(16), None]),
        st.sampled_from([16, 0, 1, 2, 3, 17, 1000, -1]), fftbins=st.booleans())),
    Case("feature.delta", args(
        arrays(dtypes=FLOATS + ["float16", "int64", "complex128"], max_channels=2,
               lengths=[0, 1, 2, 3, 4, 5, 9, 10, 50]),
        width=st.sampled_from([9, 3, 5, 1, 2, 4, 11, 51, 0, -3]),
        order=st.sampled_from([1, 2, 0, 3, -1, 1.5]),
        axis=st.sampled_from([-1, 0, -2, 1, 4]),
        mode=st.sampled_from(["interp", "nearest", "mirror", "constant", "wrap", "bogus"])),
        scale_floor=lambda a, kw: _finite_peak(a[0]), allowed=_delta_empty),
    Case("resample", args(
        arrays(dtypes=FLOATS + ["int16", "float16", "complex64"], max_channels=2,
               lengths=[0, 1, 2, 3, 100, 2000]),
        orig_sr=st.sampled_from([22050, 8000, 44100, 1, 0, -1, 22050.5]),
        target_sr=st.sampled_from([22050, 16000, 48000, 3, 0, -1]),
        res_type=st.sampled_from(["soxr_hq", "soxr_qq", "fft", "polyphase", "soxr_vhq"]),
        fix=st.booleans(), scale=st.booleans(), axis=st.sampled_from([-1, 0, -2]))),
    Case("to_mono", args(audio())),
    Case("util.frame", args(
        arrays(dtypes=ALL_DTYPES, lengths=[0, 1, 2, 10, 100]),
        frame_length=st.sampled_from([1, 2, 10, 100, 101, 0, -1]),
        hop_length=st.sampled_from([1, 3, 10**6, 0, -1]),
        axis=st.sampled_from([-1, 0, 1, -2, 5]))),
    Case("util.pad_center", args(
        arrays(dtypes=ALL_DTYPES, lengths=[0, 1, 5, 16]),
        size=st.sampled_from([16, 0, 1, 17, 100, 4, -1]),
        axis=st.sampled_from([-1, 0, 1, 3]),
        mode=st.sampled_from(["constant", "edge", "reflect"]))),
    Case("util.fix_length", args(
        arrays(dtypes=ALL_DTYPES, lengths=[0, 1, 5, 16]),
        size=st.sampled_from([16, 0, 1, 17, 100, -1]),
        axis=st.sampled_from([-1, 0, 1, 3]),
        mode=st.sampled_from(["constant", "edge", "reflect"]))),
    Case("util.normalize", args(
        arrays(dtypes=ALL_DTYPES, lengths=[0, 1, 5, 16]),
        norm=st.sampled_from([np.inf, -np.inf, 0, 1, 2, 0.5, None, -1, "bad"]),
        axis=st.sampled_from([0, -1, 1, None, 4]),
        threshold=st.sampled_from([None, 1e-10, 0.0, -1.0, 1e30]),
        fill=st.sampled_from([None, True, False]))),
]

# The unit conversions: scalars, arrays, objects and NaN/inf through each.
CONVERT_KW = {
    "frames_to_samples": dict(hop_length=HOP, n_fft=st.sampled_from([None, 0, 2048, -1])),
    "frames_to_time": dict(sr=SR, hop_length=HOP, n_fft=st.sampled_from([None, 2048])),
    "samples_to_frames": dict(hop_length=HOP, n_fft=st.sampled_from([None, 2048, 1])),
    "samples_to_time": dict(sr=SR),
    "time_to_samples": dict(sr=SR),
    "time_to_frames": dict(sr=SR, hop_length=HOP, n_fft=st.sampled_from([None, 2048])),
    "hz_to_mel": dict(htk=st.booleans()),
    "mel_to_hz": dict(htk=st.booleans()),
    "hz_to_octs": dict(tuning=SIGNED, bins_per_octave=st.sampled_from([12, 1, 0, -12, 36])),
    "octs_to_hz": dict(tuning=SIGNED, bins_per_octave=st.sampled_from([12, 1, 0, 36])),
    "hz_to_midi": {},
    "midi_to_hz": {},
    "A4_to_tuning": dict(bins_per_octave=st.sampled_from([12, 1, 0, 36])),
    "tuning_to_A4": dict(bins_per_octave=st.sampled_from([12, 1, 0, 36])),
}
CASES += [Case(name, args(scalar_or_array(), **kw), tags=["convert"])
          for name, kw in CONVERT_KW.items()]
CASES += [
    Case("blocks_to_samples", args(scalar_or_array(), block_length=st.sampled_from([1, 16, 0, -1]),
                                   hop_length=HOP), tags=["convert"]),
    Case("blocks_to_frames", args(scalar_or_array(), block_length=st.sampled_from([1, 16, 0])),
         tags=["convert"]),
    Case("blocks_to_time", args(scalar_or_array(), block_length=st.sampled_from([1, 16, 0]),
                                hop_length=HOP, sr=SR), tags=["convert"]),
    Case("fft_frequencies", args(sr=SR, n_fft=N_FFT), tags=["convert"]),
    Case("mel_frequencies", args(st.sampled_from([128, 0, 1, 2, 1000, -1]), fmin=SIGNED,
                                 fmax=FMAX.filter(lambda v: v is not None), htk=st.booleans()),
         tags=["convert"]),
    Case("note_to_midi", args(
        st.sampled_from(["C4", "A#3", "Bb-1", "C♯4", "E𝄪5", "G4+25", "C4-50", "H4", "", "C",
                         "c10", "Cb4", ["C4", "D4"], 60, "X"]),
        round_midi=st.booleans()), tags=["convert"]),
    Case("note_to_hz", args(st.sampled_from(["C4", "A4", "Bb-1", "G4+25", ["C4", "A#5"], "Q"])),
         tags=["convert"]),
    Case("samples_like", args(
        st.one_of(arrays(lengths=[0, 1, 5], max_channels=1), st.sampled_from([0, 5, 100])),
        hop_length=HOP, n_fft=st.sampled_from([None, 2048, 0]), axis=st.sampled_from([-1, 0])),
         tags=["convert"]),
    Case("times_like", args(
        st.one_of(arrays(lengths=[0, 1, 5], max_channels=1), st.sampled_from([0, 5, 100])),
        sr=SR, hop_length=HOP, n_fft=st.sampled_from([None, 2048]),
        axis=st.sampled_from([-1, 0])), tags=["convert"]),
]


# ---------------------------------------------------------------------------
# Pitch and chroma, spectral shape, HPSS, onsets, rhythm and beats
# ---------------------------------------------------------------------------
def _stft_shape(y, kw):
    """(bins, frames) of the STFT an ``effects`` call takes of ``y`` (None if invalid)."""
    try:
        n_fft = int(kw.get("n_fft", 2048))
        hop = kw.get("hop_length") or (kw.get("win_length") or n_fft) // 4
        n = np.shape(y)[-1]
        frames = 1 + n // hop if kw.get("center", True) else 1 + (n - n_fft) // hop
        return 1 + n_fft // 2, frames
    except Exception:  # noqa: BLE001 - an invalid call: compared as such
        return None


def _median_oob(shape, kernel_size):
    """The kernel reaches 4 line lengths past a line of 2 or more (k // 2 >= 4 n,
    n > 1): scipy's median filter reads outside the array there, fastrosa
    reflects with period 2n (test_hpss's module docstring,
    test_median_filter_long_window_twin)."""
    if shape is None:
        return False
    bins, frames = shape[-2], shape[-1]
    try:
        win_h, win_p = (kernel_size, kernel_size) if np.isscalar(kernel_size) else kernel_size
        return ((int(win_h) // 2 >= 4 * frames and frames > 1)
                or (int(win_p) // 2 >= 4 * bins and bins > 1))
    except Exception:  # noqa: BLE001 - an invalid kernel: compared as such
        return False


def _has_nan(x, spectrum=False):
    """NaN reaching the median filter (any non-finite sample makes NaN of an STFT).
    NOT a pinned deviation but an open difference: scipy's selection places a
    NaN in a window's order by the accident of its comparisons, fastrosa's
    filter orders NaN last, so the medians of windows holding a NaN differ (e.g.
    decompose.hpss of a (5, 1) complex64 spectrogram holding one NaN)."""
    x = np.asarray(x)
    if x.dtype.kind not in "fc":
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        return bool(np.isnan(x).any() if spectrum else not np.isfinite(x).all())


def _hpss_S_oob(a, kw):
    return _median_oob(np.shape(a[0]), kw.get("kernel_size", 31)) or _has_nan(a[0], True)


def _hpss_y_oob(a, kw):
    return _median_oob(_stft_shape(a[0], kw), kw.get("kernel_size", 31)) or _has_nan(a[0])


def _constant_envelope(a, kw):
    """beat_track of a constant, non-zero envelope: its deviation is 0, librosa's
    scores overflow and its trimming loop runs past the end of the array
    (test_beat.test_beat_track_short_envelopes)."""
    env = kw.get("onset_envelope", kw.get("y"))
    if env is None:
        return False
    env = np.asarray(env)
    if env.size == 0 or env.dtype.kind not in "biuf":
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        env = env.astype(np.float64)
        # the same overflow (and librosa's write past its array, which crashes
        # the process later) from NaN/inf or huge values
        if not np.all(np.isfinite(env)) or np.max(np.abs(env)) > 1e15:
            return True
        return bool(env.any() and "y" not in kw and np.any(np.ptp(env, axis=-1) == 0))


def _smooth_spectrum(a, kw):
    """A window of fewer than n_fft / 8 samples makes the spectrum smooth across
    bins (flat for 1 sample): piptrack's local maxima and parabolic shifts (and
    so chroma's estimated tuning) then follow the FFTs' rounding, which differs
    between pocketfft and FFTW. Not a difference of fastrosa's computation: the
    same peaks from a given spectrogram are checked by the rows with S=."""
    win, n_fft = kw.get("win_length"), kw.get("n_fft", 2048)
    try:
        return win is not None and 0 < win < int(n_fft) // 8
    except Exception:  # noqa: BLE001 - an invalid n_fft: compared as such
        return False


def _negative_sr(a, kw):
    """OPEN difference, not a deviation: onset_strength of audio at a negative
    sampling rate (e.g. 2047 samples of noise, sr=-22050) gives an all-zero
    envelope where librosa's last frame is not zero."""
    sr = kw.get("sr", 22050)
    return isinstance(sr, (int, float)) and sr < 0


def _nan_max_filter(a, kw):
    """OPEN difference, not a deviation: the frequency max filter (max_size > 1)
    of a spectrogram holding NaN; scipy's maximum_filter1d lets a NaN through
    or not by the order of its comparisons, fastrosa's filter differs (e.g. a
    (17, 5) float32 S with 6 NaNs, max_size=3: one frame finite in librosa's
    envelope is NaN in fastrosa's or vice versa)."""
    S = kw.get("S")
    size = kw.get("max_size", 1)
    return (isinstance(S, np.ndarray) and S.dtype.kind in "fc" and bool(np.isnan(S).any())
            and not (isinstance(size, (int, np.integer)) and size <= 1))


def _constant_signal(a, kw):
    """spectral_contrast of a signal constant in every frame (one sample reflected,
    or a constant): the valleys are the FFTs' rounding noise (~180 dB below the
    peak), which differs between pocketfft and FFTW (e.g. y=[1.2573022e29]
    float32, pad_mode='reflect': 180.08 dB against librosa's 178.71)."""
    y = kw.get("y")
    if not isinstance(y, np.ndarray) or y.dtype.kind not in "f" or y.size == 0:
        return False
    flat = y.reshape(-1, y.shape[-1]) if y.ndim else y.reshape(1, 1)
    return bool(np.all(flat == flat[:, :1]))


def _same_shape_pair(dtypes):
    """(X, X_ref) of one shape, as util.softmask takes them (or, now and then, not)."""
    @st.composite
    def pair(draw):
        x = draw(arrays(dtypes=dtypes, lengths=[0, 1, 2, 5, 40], max_channels=2))
        if draw(st.integers(0, 3)) and x.dtype.kind in "fc":
            x = np.abs(x).astype(x.dtype)
        shape = x.shape if draw(st.integers(0, 9)) else x.shape[:-1] + (x.shape[-1] + 1,)
        ref = _values(shape, draw(st.sampled_from(dtypes)), draw(st.sampled_from(SPECIALS)),
                      draw(st.integers(0, 2**32 - 1)))
        if draw(st.integers(0, 3)) and ref.dtype.kind in "fc":
            ref = np.abs(ref).astype(ref.dtype)
        return x, _layout(ref, draw(st.sampled_from(LAYOUTS)))
    return pair()


def _input_prec(a, kw):
    """The precision of the signal or spectrogram: a float64 result of float32
    input is only float32-accurate (as test_shape's ``prec``)."""
    x = kw.get("y", kw.get("S", kw.get("onset_envelope", a[0] if a else None)))
    kind = np.asarray(x).dtype if isinstance(x, np.ndarray) else np.dtype(np.float64)
    return np.float64 if kind in (np.float64, np.complex128) else np.float32


def mostly(values):
    """One of ``values``, the first (a valid, typical one) at least half the time."""
    return st.one_of(st.just(values[0]), st.sampled_from(values))


SR_MOSTLY = st.one_of(st.just(22050), SR)
# the tempogram has ac_size * sr / hop_length lags per frame: rates and hops
# whose tempogram (librosa's too) would not fit in memory are left out
RHYTHM_SR = mostly([22050, 8000, 44100, 1, 0, -22050, 22050.5])


def req(name, strategy, **kw):
    """``args`` of a function called with the keyword ``name`` (always given)."""
    return st.tuples(st.tuples(), st.fixed_dictionaries({name: strategy}, optional=kw))


SHORT = [0, 1, 2, 3, 64, 511, 512, 513, 2047, 2048, 2049, 4000, 9000]
SHORT_AUDIO = st.one_of(arrays(lengths=SHORT), arrays(lengths=SHORT),
                        arrays(lengths=SHORT, dtypes=ALL_DTYPES))
SPEC_BINS = mostly([1, 2, 3, 5, 17, 129, 1025])
SMALL_SPEC = spectrogram(n_bins=SPEC_BINS)
NORM = mostly([np.inf, None, 1, 2, 0, -np.inf, "bad"])
FRAME_STFT = dict(n_fft=mostly([2048, 1, 2, 16, 255, 512, 4096, 0]),
                  hop_length=mostly([512, 1, 64, 10**7, 0, -1]),
                  win_length=WIN, window=WINDOW, center=CENTER, pad_mode=PAD_MODE)
ENVELOPE = arrays(lengths=[0, 1, 2, 3, 4, 10, 50, 300, 1000], max_channels=2)
ENVELOPE_ANY = st.one_of(ENVELOPE, arrays(dtypes=ALL_DTYPES, lengths=[0, 1, 5, 300],
                                         max_channels=1))
KERNEL = mostly([31, 1, 3, 2, (3, 5), [1, 17], 100, 0, -1, 2.5, (31,)])
MARGIN = mostly([1.0, 2.0, (1.0, 3.0), 0.5, 0, -1.0, (2.0, 0.5)])
PEAK_W = mostly([3, 0, 1, 10, 1000, -1])

_FIRST_NEW = len(CASES)
CASES += [
    Case("feature.chroma_stft", req("y", SHORT_AUDIO, sr=SR_MOSTLY, **FRAME_STFT, norm=NORM,
        tuning=mostly([None, 0.0, 0.5, -0.49, np.nan]),
        n_chroma=mostly([12, 1, 24, 0, 7])), exclude=_smooth_spectrum, tags=["fft"], examples=0.6),
    Case("feature.chroma_stft", req("S", SMALL_SPEC, sr=SR_MOSTLY, n_fft=mostly([None, 2048, 1, 256]), norm=NORM,
        tuning=mostly([None, 0.0, 0.5, np.nan]),
        n_chroma=mostly([12, 1, 24, 0])), tags=["S"]),
    Case("piptrack", req("y", SHORT_AUDIO, sr=SR_MOSTLY, **FRAME_STFT,
        fmin=mostly([150.0, 0.0, 20.0, 30000.0, -1.0]), fmax=FMAX,
        threshold=mostly([0.1, 0.0, 1.0, 2.0, -1.0, np.nan]),
        ref=mostly([None, 1.0, 0.0, np.max, np.mean])), exclude=_smooth_spectrum, tags=["fft"], examples=0.6),
    Case("piptrack", req("S", SMALL_SPEC, sr=SR_MOSTLY, n_fft=mostly([None, 2048, 1, 256]),
        fmin=mostly([150.0, 0.0, 30000.0]), fmax=FMAX,
        threshold=mostly([0.1, 0.0, 1.0, np.nan]),
        ref=mostly([None, 1.0, 0.0, np.max])), tags=["S"]),
    Case("estimate_tuning", req("y", SHORT_AUDIO, sr=SR_MOSTLY, n_fft=mostly([2048, 1, 256, 4096, 0]),
        resolution=mostly([0.01, 0.1, 1.0, 0.5, 0.0, -0.1]),
        bins_per_octave=mostly([12, 1, 36, 0, -12])), exclude=_smooth_spectrum, tags=["fft"], examples=0.5),
    Case("estimate_tuning", req("S", SMALL_SPEC, sr=SR_MOSTLY, n_fft=mostly([None, 2048, 1]),
        resolution=mostly([0.01, 0.1, 1.0, 0.0]),
        bins_per_octave=mostly([12, 1, 36, 0])), tags=["S"]),
    Case("pitch_tuning", args(
        st.one_of(arrays(lengths=[0, 1, 2, 10, 1000], max_channels=2,
                         dtypes=FLOATS + ["int64", "float16", "object"]),
                  mostly([440.0, 0.0, -1.0, np.nan, [440.0, 450.0]])),
        resolution=mostly([0.01, 0.1, 1.0, 0.3, 0.0, -1.0]),
        bins_per_octave=mostly([12, 1, 36, 0, -12]))),
    *(Case(name, args(
        arrays(dtypes=ALL_DTYPES, lengths=[0, 1, 2, 3, 50], max_channels=2),
        axis=mostly([0, -1, 1, -2, 3]))) for name in ("util.localmax", "util.localmin")),
]
for _name, _extra in [
    ("spectral_centroid", {}),
    ("spectral_bandwidth", dict(p=mostly([2, 1, 3.5, 0, -1]), norm=st.booleans())),
    ("spectral_rolloff", dict(roll_percent=mostly([0.85, 0.0, 1.0, 0.01, 0.99, -0.1,
                                                            1.5, np.nan]))),
    ("spectral_contrast", dict(fmin=mostly([200.0, 0.0, 20.0, 5000.0, -1.0]),
                               n_bands=mostly([6, 1, 0, 10, -1]),
                               quantile=mostly([0.02, 0.0, 0.5, 1.0, -0.1]),
                               linear=st.booleans())),
    ("spectral_flatness", dict(amin=mostly([1e-10, 0.0, 1.0, -1.0]),
                               power=mostly([2.0, 1.0, 0.0, 3.0, -1.0]))),
]:
    _sr = {} if _name == "spectral_flatness" else {"sr": SR_MOSTLY}
    CASES += [
        Case("feature." + _name, req("y", SHORT_AUDIO, **_sr, **FRAME_STFT, **_extra),
             exclude=_constant_signal if _name == "spectral_contrast" else None,
             tags=["fft"], examples=0.5),
        Case("feature." + _name, req("S", SMALL_SPEC, **_sr, n_fft=mostly([None, 2048, 1]),
                                      **_extra), tags=["S"], examples=0.5),
    ]
CASES += [
    Case("feature.rms", req("y", SHORT_AUDIO, frame_length=mostly([2048, 1, 2, 3, 100, 5000, 0, -1]),
        hop_length=mostly([512, 1, 7, 10**7, 0, -1]), center=CENTER, pad_mode=PAD_MODE,
        dtype=mostly([None, np.float32, np.float64, np.float16]))),
    Case("feature.rms", req("S", spectrogram(n_bins=mostly([1025, 1, 2, 3, 129])),
        frame_length=mostly([2048, 1, 2, 4, 256, 0]),
        hop_length=mostly([512, 1, 0]),
        dtype=mostly([None, np.float32, np.float64])), tags=["S"]),
    Case("decompose.hpss", args(
        spectrogram(n_bins=SPEC_BINS, dtypes=FLOATS + ["complex64", "complex128"]),
        kernel_size=KERNEL, power=mostly([2.0, 1.0, 0.5, 0.0, np.inf, -1.0]),
        mask=st.booleans(), margin=MARGIN), exclude=_hpss_S_oob),
    *[Case(name, args(
        audio(lengths=SHORT, max_channels=1), kernel_size=KERNEL, power=mostly([2.0, 1.0]),
        mask=st.booleans(), margin=MARGIN, **FRAME_STFT), tags=["fft"], exclude=_hpss_y_oob,
        # the inverse STFTs' rounding scales with the spectrogram's size: the
        # signal's, or 1 for masks (mask=True)
        scale_floor=lambda a, kw: 1.0 if kw.get("mask") else _finite_peak(a[0]),
        examples=0.4) for name in ("effects.hpss", "effects.harmonic", "effects.percussive")],
    Case("util.softmask", st.tuples(
        _same_shape_pair(FLOATS + ["complex64", "int64", "float16"]),
        st.fixed_dictionaries({}, optional=dict(
            power=mostly([1, 2, 0.5, np.inf, 0, -1, 1e300]),
            split_zeros=st.booleans())))),
    Case("onset.onset_strength", req("y", SHORT_AUDIO, sr=SR_MOSTLY, n_fft=mostly([2048, 1, 256, 4096, 0]),
        hop_length=mostly([512, 1, 64, 10**7, 0]),
        lag=mostly([1, 2, 0, -1, 100]), max_size=mostly([1, 3, 0, 1000, -1]),
        detrend=st.booleans(), center=CENTER, n_mels=N_MELS, fmax=FMAX),
        exclude=_negative_sr, tags=["fft"], examples=0.6),
    Case("onset.onset_strength", req("S", SMALL_SPEC, lag=mostly([1, 2, 0, 100]), max_size=mostly([1, 3, 0, 1000]),
        detrend=st.booleans(), center=CENTER,
        aggregate=mostly([None, np.median, np.max, False])), exclude=_nan_max_filter, tags=["S"]),
    Case("onset.onset_strength_multi", req("S", SMALL_SPEC, lag=mostly([1, 2, 0]), max_size=mostly([1, 3, 1000]),
        detrend=st.booleans(), center=CENTER,
        channels=mostly([None, [0, 1], [0, 5, 20, 2000], [3, 1], [], [slice(0, 4)]])),
        exclude=_nan_max_filter, tags=["S"]),
    Case("onset.onset_detect", req("onset_envelope", ENVELOPE_ANY, sr=RHYTHM_SR, hop_length=mostly([512, 64, 0]),
        backtrack=st.booleans(), units=mostly(["frames", "samples", "time", "bad"]),
        normalize=st.booleans(), sparse=st.booleans(),
        delta=mostly([0.07, 0.0, 1.0, -1.0]), wait=mostly([30, 0, 1, 1000]))),
    Case("onset.onset_detect", req("y", SHORT_AUDIO, sr=RHYTHM_SR, backtrack=st.booleans(), units=mostly(["frames", "time"]),
        normalize=st.booleans()), tags=["fft"], examples=0.4),
    Case("onset.onset_backtrack", args(
        st.one_of(mostly([np.array([], int), np.array([0]), np.array([3, 1, 7]),
                                   np.array([5, 40]), np.array([-1]), np.array([1000])]),
                  arrays(dtypes=["int64", "float64"], lengths=[0, 1, 3], max_channels=0)),
        ENVELOPE_ANY)),
    Case("util.peak_pick", st.tuples(st.tuples(ENVELOPE_ANY), st.fixed_dictionaries(
        dict(pre_max=PEAK_W, post_max=PEAK_W, pre_avg=PEAK_W, post_avg=PEAK_W,
             delta=mostly([0.07, 0.0, 1.0, -1.0, np.nan]), wait=PEAK_W),
        optional=dict(sparse=st.booleans(), axis=mostly([-1, 0, 1]))))),
    # norm=0 (librosa's L0 "norm") is left out: it counts the nonzero lags, and
    # which lags of an autocorrelation round to exactly 0 rather than 1e-17
    # depends on the FFT implementation (pocketfft's sizes and order vs NumPy's).
    Case("feature.tempogram", req("onset_envelope", ENVELOPE_ANY, sr=RHYTHM_SR, hop_length=mostly([512, 64, 0]),
        win_length=mostly([384, 1, 2, 3, 100, 1000, 0, -1]), center=CENTER,
        window=WINDOW, norm=mostly([np.inf, None, 1, 2, -np.inf, "bad"]))),
    Case("feature.tempogram", req("y", SHORT_AUDIO, sr=RHYTHM_SR, win_length=mostly([384, 1, 31])),
         tags=["fft"], examples=0.3),
    Case("feature.tempo", req("onset_envelope", ENVELOPE, sr=RHYTHM_SR, hop_length=mostly([512, 64, 0]),
        start_bpm=mostly([120, 1.0, 0.0, -60.0, 1e6]),
        std_bpm=mostly([1.0, 0.1, 0.0, -1.0]),
        ac_size=mostly([8.0, 0.01, 0.0, 1.0]),
        max_tempo=mostly([320.0, None, 30.0, 0.0, 1e9]),
        aggregate=mostly([np.mean, None, np.median]))),
    Case("beat.beat_track", req("onset_envelope", ENVELOPE, sr=RHYTHM_SR, hop_length=mostly([512, 64, 0]),
        start_bpm=mostly([120.0, 60.0, 1.0, 0.0, -1.0]),
        tightness=mostly([100, 0, 1e6, -1]), trim=st.booleans(),
        bpm=mostly([None, 120.0, 0.0, 1e6]),
        units=mostly(["frames", "samples", "time", "bad"]), sparse=st.booleans()),
        exclude=_constant_envelope),
    Case("beat.beat_track", req("y", SHORT_AUDIO, sr=RHYTHM_SR, trim=st.booleans()),
         exclude=_constant_envelope,
         tags=["fft"], examples=0.3),
    Case("autocorrelate", args(
        arrays(dtypes=FLOATS + ["complex64", "complex128", "int64", "float16"],
               lengths=[0, 1, 2, 3, 100, 1000], max_channels=2),
        max_size=mostly([None, 1, 0, 5, 10**6, -1]), axis=mostly([-1, 0, 1, -2]))),
    Case("tempo_frequencies", args(
        mostly([384, 0, 1, 2, 1000, -1]), hop_length=mostly([512, 1, 0, -1]),
        sr=SR_MOSTLY)),
]


# ---------------------------------------------------------------------------
# Effects, PCEN, feature stacking and fitting, event matching and
# synchronisation, mu-law, synthesis, note names and frequency weightings
# ---------------------------------------------------------------------------
TOP_DB = mostly([60, 0, 10, 80, -10, np.inf, np.nan])


def _rarely(n):
    """True about once in ``n`` draws (``integers(0, n - 1) == 0`` comes up far more
    often: hypothesis favours the smallest value)."""
    return st.sampled_from([False] * (n - 1) + [True])
COEF = mostly([0.97, 0.0, 1.0, -0.5, 2.0, np.nan])


@st.composite
def _filter_state(draw, y):
    """A ``zi`` for a signal's filter state: None (the default), a scalar, a (1,)
    vector, one state per channel (``shape[:-1] + (1,)``), a list, or a wrong shape."""
    lead = np.shape(y)[:-1]
    pick = draw(st.integers(0, 6))
    if pick < 2:
        return None
    if pick == 2:
        return draw(st.sampled_from([0.0, 1.0, -2.5, np.nan]))
    if pick == 3:
        return np.array([draw(st.sampled_from([0.5, 0.0, 1e30]))])
    if pick == 4:
        return _values(lead + (1,), draw(st.sampled_from(FLOATS + ["int64"])), "none",
                       draw(st.integers(0, 2**32 - 1)))
    if pick == 5:
        return [[0.5]] * max(len(lead), 1)
    return np.zeros(lead + (2,))


def _empty_state(a, kw):
    """The final state (return_zf) of a recursive filter over 0 samples: scipy's
    lfilter returns uninitialised memory there (e.g. 4.7e-310 or 10.0 for a zi of
    2.0), fastrosa the initial state, which no sample has changed (pinned in
    test_effects_more.test_empty_signal_state)."""
    if not kw.get("return_zf"):
        return False
    x = np.asarray(a[0] if a else kw.get("S"))
    axis = kw.get("axis", -1)
    try:
        return x.ndim > 0 and x.shape[axis] == 0
    except (IndexError, TypeError):
        return False


@st.composite
def _emphasis_args(draw):
    y = draw(audio(lengths=[2, 3, 7, 64, 513, 2000, 0, 1]))
    kw = draw(st.fixed_dictionaries({}, optional=dict(coef=COEF, return_zf=st.booleans())))
    zi = draw(_filter_state(y))
    if zi is not None:
        kw["zi"] = zi
    return (y,), kw


def _numba_untyped(what):
    """librosa's compiled (numba) helper cannot type the input, and fails with
    numba's TypingError by accident: ``what`` names the type in its message.
    fastrosa computes the result (pinned in test_effects_more)."""
    def rule(kw, want, got):
        return got is None and type(want).__name__ == "TypingError" and what in str(want)
    return rule


@st.composite
def _intervals(draw):
    """remix's intervals: pairs inside, across and outside the signal, as lists
    of tuples or (n, 2) integer arrays."""
    pairs = draw(st.lists(st.tuples(st.integers(-5, 1100), st.integers(-5, 1100)),
                          min_size=1, max_size=4))
    if draw(_rarely(10)):
        pairs = draw(st.sampled_from([[], [(0, 10)], [(0, 1000)], [(100, 0)]]))
    how = draw(st.sampled_from(["array"] * 4 + ["array32", "list", "reversed"]))
    if how == "array":
        return np.array(pairs, dtype=np.int64).reshape(-1, 2)
    if how == "array32":
        return np.array(pairs, dtype=np.int32).reshape(-1, 2)
    return pairs[::-1] if how == "reversed" else pairs


PCEN_S = st.one_of(
    spectrogram(n_bins=SPEC_BINS, dtypes=FLOATS + ["complex64", "complex128", "int64",
                                                   "float16", "uint8"]),
    arrays(lead=st.tuples(mostly([5, 1, 2, 17])), lengths=[0, 1, 2, 5, 40], max_channels=2,
           dtypes=FLOATS + ["complex64"]).map(np.abs),
    arrays(lengths=[0, 1, 5, 100], max_channels=0),  # 1-D: one band's envelope
)


@st.composite
def _pcen_args(draw):
    S = draw(PCEN_S)
    kw = draw(st.fixed_dictionaries({}, optional=dict(
        sr=mostly([22050, 8000, 1, 0, -1, 22050.5]), hop_length=mostly([512, 1, 64, 0, -1]),
        gain=mostly([0.98, 0.0, 1.0, 2.0, -1.0]), bias=mostly([2, 0, 1, 10.0, -1]),
        power=mostly([0.5, 0, 1, 2.0, 0.25, -0.5]),
        time_constant=mostly([0.4, 1e-3, 10.0, 0.0, -1.0]),
        eps=mostly([1e-6, 1e-10, 1.0, 0.0, -1.0]), b=mostly([None, 0.0, 1.0, 0.5, 0.025, 1.5, -0.1]),
        max_size=mostly([1, 2, 3, 10, 0, -1, 1.5]), axis=mostly([-1, 0, 1, -2, 2]),
        max_axis=mostly([None, 0, 1, -1, 2]), return_zf=st.booleans())))
    if draw(_rarely(5)):  # a reference spectrogram of S's shape
        kw["ref"] = np.abs(_values(S.shape, "float64", draw(st.sampled_from(SPECIALS)),
                                   draw(st.integers(0, 2**32 - 1))))
    if S.ndim and draw(_rarely(4)):  # an initial state, 1 along the axis
        shape = list(S.shape)
        axis = kw.get("axis", -1)
        if isinstance(axis, int) and -S.ndim <= axis < S.ndim:
            shape[axis] = 1
        kw["zi"] = draw(st.sampled_from([np.zeros, np.ones]))(
            [1] * S.ndim if draw(_rarely(5)) else shape)
    return (S,), kw


@st.composite
def _poly_S_args(draw):
    S = draw(spectrogram(n_bins=mostly([5, 1, 2, 3, 17, 129, 1025])))
    kw = draw(st.fixed_dictionaries({}, optional=dict(
        sr=SR_MOSTLY, n_fft=mostly([None, 2048, 256, 1]), order=mostly([1, 0, 2, 3, -1]))))
    pick = draw(st.integers(0, 5))
    if pick in (1, 2):  # one axis of frequencies, the bins'
        kw["freq"] = np.linspace(0, 11025, S.shape[-2]) if pick == 1 else np.arange(S.shape[-2])
    elif pick == 3:  # a frequency per bin and frame (a reassigned spectrogram's)
        kw["freq"] = np.abs(_values(S.shape, "float64", "none", draw(st.integers(0, 2**32 - 1))))
    elif pick == 4:  # of the wrong length
        kw["freq"] = np.arange(S.shape[-2] + 1, dtype=np.float64)
    return (), {"S": S, **kw}


EVENT_DTYPES = ["int64", "int32", "uint8", "uint64", "float64", "float32"]


def _events(min_size=0):
    """Event positions with ties (a small range), of integer, unsigned or float dtype."""
    return st.builds(
        lambda v, dt, shift: np.array(v, dtype=np.float64 if dt.startswith("f") else np.int64)
        .__add__(shift if dt.startswith("f") else 0).astype(dt),
        st.lists(st.integers(0, 30), min_size=min_size, max_size=8),
        st.sampled_from(EVENT_DTYPES), st.sampled_from([0.0, 0.5, 0.25]))


SYNC_IDX = st.one_of(
    st.lists(st.integers(-3, 45), max_size=6),
    st.lists(st.integers(-3, 45), max_size=6).map(lambda v: np.array(v, dtype=np.int64)),
    st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), min_size=1, max_size=4)
    .map(lambda v: [slice(a, b) for a, b in v]),
    mostly([[0, 2, 4], [slice(0, 1), 3], [1.5, 2.0], [], np.array([], dtype=np.int64)]),
)


@st.composite
def _stack_args(draw):
    """util.stack's list: copies of one shape in various dtypes and layouts, or
    now and then of another shape, or none."""
    first = draw(arrays(dtypes=FLOATS + ["complex64", "int16", "bool"], lengths=[0, 1, 3, 20],
                        max_channels=2))
    n = draw(st.sampled_from([1, 2, 3, 0]))
    out = [first] + [
        _layout(_values(first.shape, draw(st.sampled_from(FLOATS + ["complex64", "int16"])),
                        "none", draw(st.integers(0, 2**32 - 1))), draw(st.sampled_from(LAYOUTS)))
        for _ in range(n)]
    if draw(_rarely(8)):
        out.append(np.zeros(first.shape + (1,)))
    if draw(_rarely(16)):
        out = []
    return (out,), draw(st.fixed_dictionaries({}, optional=dict(axis=mostly([0, -1, 1, 2, -2, 5]))))


def _in_unit(dtypes):
    """Mostly values in [-1, 1] (mu_compress's range), now and then beyond."""
    return st.builds(lambda x, clip: np.clip(x, -1, 1) if clip and x.dtype.kind == "f" else x,
                     arrays(dtypes=dtypes, lengths=[0, 1, 5, 100], max_channels=1),
                     st.integers(0, 3))


MU = mostly([255, 1, 0.5, 15, 0, -1, 1e6, 255.5])
CLICK = mostly([None, np.ones(10), np.zeros(0), np.ones((2, 50)), np.array([1.0, np.nan]),
                np.ones(3, np.float32), np.ones((2, 0))])
HZ = st.one_of(mostly([440.0, 0.0, -440.0, np.nan, np.inf, 1e-3, 27.5, 4186.0, 1e30]),
               mostly([[440.0, 261.63], np.array([27.5, 4186.0, 1e-3]), np.zeros(0),
                       np.array([[440.0], [466.16]], np.float32), [110, 220]]))
MIDI = st.one_of(mostly([60, 60.5, 61.4, 60.49, -1, 0, 127, 1000, -1000, np.nan, np.inf]),
                 mostly([[60, 61.7], np.arange(3), np.array([69.5, 70.25, 12.0]),
                         np.zeros((2, 0)), np.int64(48)]))
KEY = mostly(["C:maj", "A:min", "F#:maj", "Eb:min", "Gb:maj", "C#:min", "D:dor", "C:ion",
              "B:loc", "c:MAJ", "bogus", "H:maj", "C"])
WEIGHT_HZ = st.one_of(
    mostly([1000.0, 0.0, -10.0, 20.0, 1e5, np.nan, np.inf]),
    arrays(dtypes=["float32", "float64", "int64"], lengths=[0, 1, 5, 100], max_channels=2)
    .map(lambda x: np.abs(x) * 5000 if x.dtype.kind == "f" else x),
    mostly([np.array([[20.0, 1000.0]]), [31.5, 63.0, 125.0]]))
MIN_DB = mostly([-80.0, None, 0.0, -1e9, np.nan, 10.0, -np.inf])
SYNTH_SR = mostly([22050, 8000, 1, 0, -1, 22050.5])


@st.composite
def _one_of_args(draw, pos, kw, choose, required=None):
    """``args(*pos, **kw)`` with ``required``'s keywords always, and mostly one of
    ``choose``'s (now and then both or neither: the functions' own errors)."""
    a, k = draw(args(*pos, **kw))
    k.update(draw(st.fixed_dictionaries(required or {})))
    names = list(choose)
    pick = draw(st.sampled_from(names * 4 + ["both", "none"]))
    for name in names if pick == "both" else [] if pick == "none" else [pick]:
        k[name] = draw(choose[name])
    return a, k

_FIRST_CHEAP = len(CASES)
CASES += [
    *[Case("effects." + name, args(
        audio(lengths=SHORT), top_db=TOP_DB,
        ref=mostly([np.max, 1.0, 0.0, np.mean, 1e-30, -1.0, np.median]),
        frame_length=mostly([2048, 1, 2, 256, 5000, 0, -1]),
        hop_length=mostly([512, 1, 64, 10**7, 0, -1]),
        aggregate=mostly([np.max, np.mean, np.min])))
      for name in ("trim", "split")],
    Case("effects.preemphasis", _emphasis_args()),
    Case("effects.deemphasis", _emphasis_args(), exclude=_empty_state),
    Case("effects.remix", st.tuples(
        st.tuples(st.one_of(arrays(lengths=[10, 100, 1000, 0, 1, 2], max_channels=1),
                            arrays(dtypes=FLOATS + ["int16"], lengths=[0, 1, 2, 10, 100, 1000],
                                   max_channels=1)), _intervals()),
        st.fixed_dictionaries({}, optional=dict(align_zeros=st.booleans()))),
        # intervals as (start, end) tuples, as documented: librosa's match_events
        # of a tuple or list cannot argsort it (align_zeros=True)
        allowed=_numba_untyped("argsort(")),
    Case("pcen", _pcen_args(), exclude=_empty_state),
    Case("feature.stack_memory", args(
        arrays(dtypes=ALL_DTYPES, lengths=[0, 1, 2, 5, 40], max_channels=2),
        n_steps=mostly([2, 1, 3, 10, 0, -1]), delay=mostly([1, 2, -1, -3, 0, 100]),
        mode=mostly(["constant", "edge", "reflect", "wrap", "symmetric", "mean", "bogus"])),
        # object arrays: librosa's compiled stacking loop has no object version
        allowed=_numba_untyped("array(pyobject")),
    Case("feature.poly_features", req("y", SHORT_AUDIO, sr=SR_MOSTLY, **FRAME_STFT,
        order=mostly([1, 0, 2, 3, -1]),
        freq=mostly([None, np.linspace(0, 11025, 1025), np.arange(10.0)])), tags=["fft"]),
    Case("feature.poly_features", _poly_S_args(), tags=["S"]),
    Case("util.match_events", args(_events(), _events(), left=st.booleans(),
                                   right=st.booleans())),
    Case("util.sync", args(
        arrays(dtypes=FLOATS + ["int64", "complex64", "bool"], lengths=[0, 1, 5, 40],
               max_channels=2), SYNC_IDX,
        aggregate=mostly([None, np.mean, np.median, np.max, np.min, np.sum]),
        pad=st.booleans(), axis=mostly([-1, 0, 1, -2, 3]))),
    Case("util.stack", _stack_args()),
    Case("mu_compress", args(st.one_of(_in_unit(FLOATS + ["int64", "float16"]), _in_unit(FLOATS),
                                       NUMBERS),
                             mu=MU, quantize=st.booleans())),
    Case("mu_expand", args(
        _in_unit(FLOATS + ["float16"]) | arrays(dtypes=["int64", "int16"], lengths=[0, 1, 5, 100],
                                                max_channels=1) | NUMBERS,
        mu=MU, quantize=st.booleans())),
    Case("tone", _one_of_args(
        (mostly([440.0, 0.0, -1.0, 1e6, np.nan, 11025.0, np.float32(440), None]),),
        dict(sr=SYNTH_SR, phi=mostly([None, 0.0, np.pi, np.nan])),
        dict(length=mostly([100, 0, 1, -1, 22050, 1.5, None]),
             duration=mostly([0.01, 0.0, -1.0, 1.5, None])))),
    Case("chirp", _one_of_args(
        (), dict(sr=SYNTH_SR, linear=st.booleans(), phi=mostly([None, 0.0, np.pi])),
        dict(length=mostly([100, 0, 1, -1, 22050, None]),
             duration=mostly([0.01, 0.0, -1.0, 1.5, None])),
        required=dict(fmin=mostly([110.0, 0.0, -1.0, 1e4, np.nan, None]),
                      fmax=mostly([880.0, 0.0, -880.0, 110.0, 1e5, np.nan])))),
    Case("clicks", _one_of_args(
        (), dict(sr=SYNTH_SR, hop_length=mostly([512, 1, 0, -1]),
                 click_freq=mostly([1000.0, 0.0, -1.0, 1e5]),
                 click_duration=mostly([0.1, 0.0, -0.1, 0.001, 1.0]), click=CLICK,
                 length=mostly([None, 1, 0, -1, 1000, 50000, 1.5])),
        dict(times=mostly([[0.0, 0.5], np.array([0.1, 0.2, 1.0]), [], [-0.1], np.array([0.0]),
                           np.array([0.5, 0.5]), [np.nan], None]),
             frames=mostly([[0, 10], np.array([5]), [], [-1], np.array([3, 3, 100]), None])))),
    Case("hz_to_note", args(HZ, cents=st.booleans(), octave=st.booleans(),
                            unicode=st.booleans(), key=KEY), tags=["convert"]),
    Case("midi_to_note", args(MIDI, cents=st.booleans(), octave=st.booleans(),
                              unicode=st.booleans(), key=KEY), tags=["convert"]),
    Case("A_weighting", args(WEIGHT_HZ, min_db=MIN_DB)),
    Case("frequency_weighting", args(
        WEIGHT_HZ, kind=mostly(["A", "B", "C", "D", "Z", "a", "z", "bogus", None]),
        min_db=MIN_DB)),
    Case("multi_frequency_weighting", args(
        st.one_of(WEIGHT_HZ.filter(lambda f: np.ndim(f) == 1), WEIGHT_HZ.filter(np.ndim)), kinds=mostly(["ZAC", "A", "", ["A", "B"], ("d",), "X", "abcd"]),
        min_db=MIN_DB)),
]
for _case in CASES[_FIRST_CHEAP:]:
    _case.examples = 3  # quick calls on small inputs: three times the profile's examples

for _case in CASES[_FIRST_NEW:]:
    _case.tol_dtype = _case.tol_dtype or _input_prec

# ---------------------------------------------------------------------------
# One call on each side, and the comparison
# ---------------------------------------------------------------------------
def _call(func, args, kwargs):
    """``func(*args, **kwargs)`` on private copies: (result, exception, warnings seen)."""
    args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
        try:
            return func(*args, **kwargs), None, caught
        except Exception as exc:  # noqa: BLE001 - compared with librosa's outcome
            return None, exc, caught
        finally:
            faulthandler.cancel_dump_traceback_later()


def _said(caught):
    """The warnings that are part of the API: everything but numpy's RuntimeWarnings
    (librosa computes with numpy where fastrosa uses C, which warns of nothing)."""
    return {(w.category.__name__, str(w.message)) for w in caught
            if not issubclass(w.category, RuntimeWarning)}


def _compare_values(got, want, err_msg, scale_floor=0.0, fft_nan=False, tol_dtype=None):
    """Same type, shape and dtype; equal non-finite pattern; close finite values."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want), err_msg
        for g, w in zip(got, want):
            _compare_values(g, w, err_msg, scale_floor, fft_nan, tol_dtype)
        return
    assert isinstance(got, np.ndarray) == isinstance(want, np.ndarray), (
        f"{err_msg}: returned {type(got).__name__}, librosa {type(want).__name__}")
    g, w = np.asarray(got), np.asarray(want)
    assert g.shape == w.shape, f"{err_msg}: shape {g.shape} != librosa's {w.shape}"
    assert g.dtype == w.dtype, f"{err_msg}: dtype {g.dtype} != librosa's {w.dtype}"
    if w.dtype.kind == "O":
        g, w = g.astype(np.complex128), w.astype(np.complex128)
    if w.dtype.kind not in "fc":
        np.testing.assert_array_equal(g, w, err_msg=err_msg)
        return
    for part in ((np.real, np.imag) if w.dtype.kind == "c" else (np.real,)):
        gp, wp = part(g), part(w)
        # non-finite values in the same places; which of NaN and inf an FFT makes
        # of an inf input (inf - inf) depends on its order of operations
        fin = np.isfinite(wp)
        if fft_nan:
            # NaN/inf in an FFT's input: either FFT may leave finite an output the
            # NaN reaches only through an exact 0 twiddle (pocketfft's and FFTW's
            # differ), so only the values finite in both are compared
            fin &= np.isfinite(gp)
        else:
            np.testing.assert_array_equal(np.isfinite(gp), fin,
                                          err_msg=f"{err_msg}: NaN/inf in other places")
        if fin.any():
            prec = real_dtype(w.dtype)
            if tol_dtype is not None and np.dtype(tol_dtype).kind in "fc":
                prec = min(prec, real_dtype(tol_dtype), key=lambda d: d.itemsize)
            # the tolerance scales with the whole (complex) value, as helpers'
            whole = np.abs(w.astype(np.complex128))
            whole = whole[np.isfinite(whole)]
            scale = max(scale_floor, float(np.max(whole)) if whole.size else 0.0)
            assert_close(gp[fin].astype(np.float64), wp[fin].astype(np.float64),
                         err_msg=err_msg, dtype=prec, scale=scale)


def check_against_librosa(case, args, kwargs):
    """librosa's outcome, mirrored by fastrosa (or an ALLOWED deviation)."""
    err_msg = f"{case.name}(*{_short(args)}, **{_short(kwargs)})"
    if case.exclude is not None and case.exclude(args, kwargs):
        return "excluded"
    want, want_exc, want_w = _call(case.resolve(librosa), args, kwargs)
    snapshot = copy.deepcopy((args, kwargs))
    got, got_exc, got_w = _call(case.resolve(fastrosa), args, kwargs)
    _assert_unchanged(args, snapshot[0], err_msg)
    if want_exc is not None:
        expected = (fastrosa.ParameterError if isinstance(want_exc, librosa.ParameterError)
                    else type(want_exc))
        if type(got_exc) is expected:
            return "raised"
        if _edge_refusal(case, args, kwargs, want_exc, got_exc) or (
                case.allowed is not None and case.allowed(kwargs, want_exc, got_exc)):
            return "deviation"
        raise AssertionError(f"{err_msg}: librosa raised {want_exc!r}, fastrosa "
                             + (f"raised {got_exc!r}" if got_exc else f"returned {_short(got)}"))
    if got_exc is not None:
        if _edge_refusal(case, args, kwargs, None, got_exc) or (
                case.allowed is not None and case.allowed(kwargs, None, got_exc)):
            return "deviation"  # e.g. istft of zero frames with hop 0, which librosa returns
        raise AssertionError(f"{err_msg}: librosa returned, fastrosa raised {got_exc!r}") from got_exc
    assert _said(got_w) == _said(want_w), (
        f"{err_msg}: warnings {_said(got_w)} != librosa's {_said(want_w)}")
    floor = case.scale_floor(args, kwargs) if callable(case.scale_floor) else case.scale_floor
    fft_nan = "fft" in case.tags and _has_nonfinite((args, kwargs))
    tol = case.tol_dtype(args, kwargs) if case.tol_dtype is not None else None
    _compare_values(got, want, err_msg, floor, fft_nan, tol)
    return "returned"


def _has_nonfinite(obj):
    if isinstance(obj, np.ndarray):
        return obj.dtype.kind in "fc" and not np.isfinite(obj).all()
    if isinstance(obj, (tuple, list)):
        return any(_has_nonfinite(o) for o in obj)
    if isinstance(obj, dict):
        return any(_has_nonfinite(o) for o in obj.values())
    return False


def _assert_unchanged(args, before, err_msg):
    for a, b in zip(args, before):
        if isinstance(a, np.ndarray) and a.dtype.kind == "O":
            assert list(map(repr, a.flat)) == list(map(repr, b.flat)), f"{err_msg}: input modified"
        elif isinstance(a, np.ndarray):
            np.testing.assert_array_equal(a, b, err_msg=f"{err_msg}: input modified")


def _short(obj):
    if isinstance(obj, np.ndarray):
        return f"array({obj.shape}, {obj.dtype}, strides={obj.strides})"
    if isinstance(obj, tuple):
        return "(" + ", ".join(_short(o) for o in obj) + ")"
    if isinstance(obj, dict):
        return "{" + ", ".join(f"{k}={_short(v)}" for k, v in obj.items()) + "}"
    return repr(obj)


def _case_id(case):
    tags = [t for t in case.tags if t != "fft"]
    return case.name + ("[" + ",".join(tags) + "]" if tags else "")


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_fuzz_against_librosa(case):
    @settings(max_examples=max(3, round(settings().max_examples * case.examples)))
    @given(data=st.data())
    def run(data):
        a, kw = data.draw(case.args, label="arguments")
        check_against_librosa(case, a, kw)

    run()


# ---------------------------------------------------------------------------
# The deviations the table allows, each pinned
# ---------------------------------------------------------------------------
def test_allowed_deviations_are_real():
    """Each ALLOWED deviation happens: librosa fails by accident, fastrosa says why."""
    D = np.ones((257, 4), np.complex64)
    for hop in (0, -1, 1.5):
        istft = next(c for c in CASES if c.name == "istft")
        assert check_against_librosa(istft, (D,), {"hop_length": hop}) == "deviation"
    zcr = next(c for c in CASES if c.name == "feature.zero_crossing_rate")
    assert check_against_librosa(zcr, (np.ones(100, np.float32),), {"frame_length": 0}) == "deviation"
    y = np.sin(np.arange(100.0))
    assert check_against_librosa(_row("effects.remix"), (y, [(3, 50)]), {}) == "deviation"
    assert check_against_librosa(_row("feature.stack_memory"), (np.ones((2, 3), object),),
                                 {}) == "deviation"


def test_comparison_can_fail():
    """The comparison notices a different shape, dtype and value."""
    with pytest.raises(AssertionError, match="shape"):
        _compare_values(np.zeros(3), np.zeros(4), "x")
    with pytest.raises(AssertionError, match="dtype"):
        _compare_values(np.zeros(3, np.float32), np.zeros(3), "x")
    with pytest.raises(AssertionError, match="NaN/inf"):
        _compare_values(np.array([np.nan, 1.0]), np.array([0.0, 1.0]), "x")
    with pytest.raises(AssertionError):
        _compare_values(np.array([1.0, 1.1]), np.array([1.0, 1.0]), "x")


# ---------------------------------------------------------------------------
# Regressions: inputs on which fastrosa once differed from librosa
# ---------------------------------------------------------------------------
def _row(name, tag=None):
    return next(c for c in CASES if c.name == name and (tag is None or tag in c.tags))


REGRESSIONS = [
    # power_to_db/amplitude_to_db of an empty array: librosa's max() of nothing fails
    ("power_to_db", None, (np.zeros(0, np.float32),), {}),
    ("amplitude_to_db", None, (np.zeros((2, 0)),), {}),
    ("feature.mfcc", None, (), {"y": np.zeros((0, 0), np.float32)}),
    # power_to_db checks top_db after the logarithm (which fails first on objects)
    ("power_to_db", None, (np.array([0.5], dtype=object),), {"top_db": -1.0}),
    # delta fits the edges with scipy's least squares, which refuses NaN/inf
    ("feature.delta", None, (np.array([np.nan] + [1.0] * 9, np.float32),), {}),
    # mfcc: scipy's DCT precision for float16 and complex64, and its DCT-I edge cases
    ("feature.mfcc", "S", (), {"S": np.ones((40, 3), np.float16)}),
    ("feature.mfcc", "S", (), {"S": np.ones((40, 3), np.complex64)}),
    ("feature.mfcc", "S", (), {"S": np.ones((1, 2), np.float32), "dct_type": 1}),
    ("feature.mfcc", "S", (), {"S": np.ones((1, 0), np.float32), "dct_type": 1}),
    ("feature.mfcc", "S", (), {"S": np.ones((2, 3)), "n_mfcc": 0, "dct_type": 1}),
    # melspectrogram of a power that overflows or is NaN: librosa's dense product
    # gives NaN in every band of the frame (0 * inf), not only the covered ones
    ("feature.melspectrogram", None, (), {"y": np.array([1.3e29] * 3000, np.float32)}),
    ("feature.melspectrogram", None, (), {"y": np.r_[np.zeros(3000), np.nan, np.ones(3000)]}),
    ("feature.melspectrogram", None, (), {"y": np.ones(3000), "power": -1.0}),
    ("feature.mfcc", None, (), {"y": np.array([1.2573022e29], np.float32)}),
    # a magnitude (power 1) spectrogram of float32 beyond 1e19 or below 1e-19: the
    # square of |X| over- or underflows in float32 where |X| (librosa's hypot) does not
    ("feature.melspectrogram", None, (), {"y": np.array([1.2573022e20], np.float32),
                                          "power": 1.0}),
    ("feature.melspectrogram", None, (), {"y": np.full(3000, 1.2573022e-31, np.float32),
                                          "power": 1.0}),
    ("feature.melspectrogram", None, (), {"power": 0.5, "y": 1e25 * np.random.default_rng(0)
                                          .standard_normal(3000).astype(np.float32)}),
    # localmax: librosa's compiled stencil refuses complex and object input
    # (TypeError), after swapaxes' AxisError
    ("util.localmax", None, (np.zeros(3, np.complex64),), {}),
    ("util.localmax", None, (np.zeros(0, np.complex64),), {"axis": 1}),
    ("util.localmin", None, (np.zeros(3, np.complex64),), {}),
    # the spectral reductions of an empty spectrogram (NumPy's path, as librosa)
    ("feature.spectral_centroid", "S", (), {"S": np.zeros((2, 0), np.float32)}),
    ("feature.spectral_flatness", "S", (), {"S": np.zeros((1, 0), np.float32)}),
    ("feature.spectral_contrast", "S", (), {"S": np.zeros((129, 0), np.float32), "linear": True}),
    # the STFT's checks come before the frequencies (sr=0 divides by zero)
    ("feature.spectral_rolloff", None, (), {"y": np.zeros(0, np.float32), "sr": 0,
                                            "center": False}),
    # rms: dtype=None keeps the input's precision; float32 squares over- and
    # underflow in float32, as librosa's do
    ("feature.rms", None, (), {"y": np.zeros(10, np.float32), "dtype": None}),
    ("feature.rms", None, (), {"y": np.array([1.2573022e29], np.float32)}),
    ("feature.rms", None, (), {"y": np.full(3000, 1e-20, np.float32)}),
    ("feature.rms", None, (), {"y": np.array([1.25730221e29])}),
    ("feature.rms", None, (), {"y": np.zeros(0, np.float32), "frame_length": 0}),
    # istft to float16: librosa's compiled overlap-add has no float16 version
    ("istft", None, (np.ones((1025, 3), np.complex64),), {"dtype": np.float16}),
    ("effects.hpss", None, (np.zeros(3000, np.float16),), {}),
    # autocorrelate of nothing (scipy's next_fast_len(-1) fails) and of objects
    ("autocorrelate", None, (np.zeros(0, np.float32),), {}),
    ("autocorrelate", None, (np.array([0.5, 1, 2], object),), {}),
    ("feature.tempogram", None, (), {"onset_envelope": np.array([0.1257302210933933], object)}),
    # peak_pick of an empty line: librosa's picker takes its maximum
    ("util.peak_pick", None, (np.zeros(0, np.float32),),
     dict(pre_max=3, post_max=3, pre_avg=3, post_avg=3, delta=0.07, wait=3)),
    # softmask where max(X, X_ref) is inf: inf / inf is NaN in librosa's mask
    ("util.softmask", None, (np.array([1.0, np.inf, 2.0]), np.array([np.inf, 1.0, 0.0])),
     {"power": 2}),
    ("util.softmask", None, (np.array([1.0], np.float32), np.array([np.inf], np.float32)),
     {"power": 1.5}),
    ("decompose.hpss", None, (np.array([[0.12573022, np.inf, 0.64042264, 0.10490011, 0.5356694]],
                                       np.float32),), {"mask": True}),
    ("decompose.hpss", None, (np.tile(np.array([[0.12573022, np.inf, 0.64042264, 0.10490011,
                                                 0.5356694]], np.float32), (3, 3)),), {}),
    # pre-emphasis filters objects (scipy's FIR path convolves them), de-emphasis
    # does not (its C path); float16 is refused before zi's shape is checked
    ("effects.preemphasis", None, (np.array([0.12573022, -0.13210486], object),), {}),
    ("effects.deemphasis", None, (np.array([1.0, 2.0, 3.0], object),), {}),
    ("effects.deemphasis", None, (np.zeros(0, np.float16),), {"zi": np.zeros(2)}),
    # no rows to filter: np.apply_along_axis's error
    ("effects.preemphasis", None, (np.zeros((0, 2), np.float32),), {}),
    # a complex product spreads a NaN from the real part to the imaginary one
    ("effects.preemphasis", None, (np.array([np.nan + 0.36j, np.nan + 1.3j], np.complex64),), {}),
    ("effects.deemphasis", None, (np.array([1 + 1j, np.inf + 0.5j, 1 + 1j, 2j]),),
     {"zi": [0.0]}),
    # a signed event against unsigned ones: numba's 64-bit signed difference
    ("util.match_events", None, (np.array([1]), np.array([0, 1], np.uint8)), {}),
    ("util.match_events", None, (np.array([2.5, 7.0]), np.array([0, 3, 9], np.uint8)), {}),
    # no fits at all: np.vectorize's error for size-0 inputs
    ("feature.poly_features", None, (), {"y": np.zeros((0, 0), np.float32)}),
    ("feature.poly_features", "S", (), {"S": np.zeros((0, 5, 0), np.float32)}),
    # librosa's compiled stacking loop has no float16 version
    ("feature.stack_memory", None, (np.array([0.1257], np.float16),), {}),
    # pcen's axis past the spectrogram's: scipy lfilter's ValueError
    ("pcen", None, (np.zeros((1, 0), np.float32),), {"axis": 2}),
    ("pcen", None, (np.zeros(0, np.float32),), {"axis": 1}),
    # de-emphasis with coef 0: scipy's recursion multiplies a NaN output by 0 into
    # its state, so every later output is NaN
    ("effects.deemphasis", None, (np.array([0.1, 0.2, 0.5, np.inf, 0.3, 1.0, 2.0], np.float32),),
     {"coef": 0.0}),
    ("effects.deemphasis", None, (np.array([[0.1, np.nan, 0.5], [1.0, 2.0, 3.0]]),),
     {"coef": 0.0, "zi": np.zeros((2, 1)), "return_zf": True}),
    # max-filtering along an axis of 0 bins: scipy's filter returns the empty array
    ("pcen", None, (np.zeros((0, 5, 0), np.float32),), {"max_size": 2, "max_axis": 0}),
]


@pytest.mark.parametrize("name, tag, a, kw", REGRESSIONS,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(REGRESSIONS)])
def test_regression(name, tag, a, kw):
    check_against_librosa(_row(name, tag), a, kw)
