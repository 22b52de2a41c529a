"""Display (librosa.display equivalents): ``specshow`` and ``waveshow``.

Requires matplotlib (the ``ml`` extra).  Like ``librosa.display``, this module
is not imported by ``import fastrosa``: it is imported on first use of
``fastrosa.display``, so with ``import fastrosa as librosa`` write
``librosa.display.specshow(...)`` (an ``import librosa.display`` would bind
``librosa`` to librosa itself).  What librosa.display has and this module
lacks (the note, FJS and svara tick formatters) is librosa's own, taken on
first use.

The axis types, the mesh coordinates, the scales, tick locators, tick
formatters and axis labels are librosa 0.11.0's, so a figure drawn with
``fastrosa.display`` looks the same as one drawn with ``librosa.display``.
Adapted from librosa (ISC licence).

Axis types provided: ``time``, ``h``, ``m``, ``s``, ``ms``, ``lag``,
``lag_h``, ``lag_m``, ``lag_s``, ``lag_ms``, ``frames``, ``hz``, ``linear``,
``fft``, ``log``, ``mel``, ``cqt_hz``, ``chroma``, ``tonnetz``, ``tempo``,
``fourier_tempo``, and ``None``/``'none'``/``'off'``.  The note, svara and
just-intonation decorations (``fft_note``, ``cqt_note``, ``chroma_h``,
``chroma_fjs``, ``vqt_*`` ...) are not provided: they raise ParameterError
naming ``librosa.display``.  ``chroma`` takes every key `key_to_notes` takes.
"""

from __future__ import annotations

import warnings
from itertools import product
from typing import Any, Callable, Dict, Optional

import matplotlib.axes as mplaxes
import matplotlib.pyplot as plt
import matplotlib.ticker as mplticker
import numpy as np
from matplotlib import colormaps as mcm

from . import _delegate, util
from .core import convert
from .core.convert import midi_to_note
from .core.notation import key_to_degrees
from .util.exceptions import ParameterError

__all__ = [
    "specshow",
    "waveshow",
    "cmap",
    "TimeFormatter",
    "LogHzFormatter",
    "ChromaFormatter",
    "TonnetzFormatter",
    "AdaptiveWaveplot",
]


# ---------------------------------------------------------------------------
# Tick formatters
# ---------------------------------------------------------------------------
class TimeFormatter(mplticker.Formatter):
    """A tick formatter for time axes (seconds, M:SS or H:MM:SS, as librosa's).

    Parameters
    ----------
    lag : bool
        If ``True``, the axis is in lag coordinates: anything past the midpoint
        of the data is shown as negative time.
    unit : {"h", "m", "s", "ms", None}
        Fixed unit of the labels, or ``None`` to adapt to the visible range.

    Examples
    --------
    >>> import fastrosa.display
    >>> fastrosa.display.TimeFormatter(unit="ms").unit
    'ms'
    """

    def __init__(self, lag: bool = False, unit: Optional[str] = None):
        if unit not in ["h", "m", "s", "ms", None]:
            raise ParameterError(f"Unknown time unit: {unit}")
        self.unit = unit
        self.lag = lag

    def __call__(self, x: float, pos: Optional[int] = None) -> str:
        """Return the label of the tick at ``x`` seconds."""
        _, dmax = self.axis.get_data_interval()
        vmin, vmax = self.axis.get_view_interval()

        if self.lag and x >= dmax * 0.5:
            if x > dmax:
                return ""
            value = np.abs(x - dmax)
            sign = "-"
        else:
            value = x
            sign = ""

        if self.unit == "h" or ((self.unit is None) and (vmax - vmin > 3600)):
            s = "{:d}:{:02d}:{:02d}".format(
                int(value / 3600.0), int(np.mod(value / 60.0, 60)), int(np.mod(value, 60))
            )
        elif self.unit == "m" or ((self.unit is None) and (vmax - vmin > 60)):
            s = "{:d}:{:02d}".format(int(value / 60.0), int(np.mod(value, 60)))
        elif self.unit == "s":
            s = f"{value:.3g}"
        elif self.unit is None and (vmax - vmin >= 1):
            s = f"{value:.2g}"
        elif self.unit == "ms":
            s = "{:.3g}".format(value * 1000)
        else:  # unit None, a range under one second
            s = f"{value:.3f}"
        return f"{sign:s}{s:s}"


class LogHzFormatter(mplticker.Formatter):
    """Ticker formatter for logarithmic frequency axes (Hz).

    Parameters
    ----------
    major : bool
        If ``False``, ticks are labelled only when the view spans less than
        two octaves.

    Examples
    --------
    >>> import fastrosa.display
    >>> fastrosa.display.LogHzFormatter().major
    True
    """

    def __init__(self, major: bool = True):
        self.major = major

    def __call__(self, x: float, pos: Optional[int] = None) -> str:
        """Return the label of the tick at ``x`` Hz."""
        if x <= 0:
            return ""
        vmin, vmax = self.axis.get_view_interval()
        if not self.major and vmax > 4 * max(1, vmin):
            return ""
        return f"{x:g}"


class ChromaFormatter(mplticker.Formatter):
    """A formatter for chroma axes: pitch-class names spelled in ``key``.

    Parameters
    ----------
    key : str
        A key or mode, as `fastrosa.key_to_notes` takes: ``"C:maj"``, ``"E♭:min"``, ``"D:dorian"``.
    unicode : bool
        Use ♯/♭ (``True``) or ``#``/``b``.

    Examples
    --------
    >>> import fastrosa.display
    >>> f = fastrosa.display.ChromaFormatter(key="E♭:maj")
    >>> [f(k) for k in (1, 3, 10)]
    ['D♭', 'E♭', 'B♭']
    """

    def __init__(self, key: str = "C:maj", unicode: bool = True):
        self.key = key
        self.unicode = unicode

    def __call__(self, x: float, pos: Optional[int] = None) -> str:
        """Return the name of pitch class ``int(x) % 12``."""
        return midi_to_note(int(x), octave=False, cents=False, key=self.key, unicode=self.unicode)


class TonnetzFormatter(mplticker.Formatter):
    """A formatter for the six tonnetz dimensions.

    Examples
    --------
    >>> import fastrosa.display
    >>> fastrosa.display.TonnetzFormatter()(0)
    '5$_x$'
    """

    def __call__(self, x: float, pos: Optional[int] = None) -> str:
        """Return the label of tonnetz dimension ``x``."""
        return [r"5$_x$", r"5$_y$", r"m3$_x$", r"m3$_y$", r"M3$_x$", r"M3$_y$"][int(x)]


# ---------------------------------------------------------------------------
# Colormap and waveform envelope
# ---------------------------------------------------------------------------
def cmap(
    data: np.ndarray,
    *,
    robust: bool = True,
    cmap_seq: str = "magma",
    cmap_bool: str = "gray_r",
    cmap_div: str = "coolwarm",
):
    """Default colormap for ``data``: boolean, diverging (both signs) or sequential.

    Parameters
    ----------
    data : np.ndarray
        Input data.
    robust : bool
        If True, the range ignores the top and bottom 2% of the values.
    cmap_seq, cmap_bool, cmap_div : str
        Names of the sequential, boolean and diverging colormaps.

    Returns
    -------
    matplotlib.colors.Colormap

    Examples
    --------
    >>> import numpy as np, fastrosa.display
    >>> fastrosa.display.cmap(np.array([-1.0, 1.0])).name
    'coolwarm'
    """
    data = np.atleast_1d(data)
    if data.dtype == "bool":
        return mcm[cmap_bool]
    data = data[np.isfinite(data)]
    min_p, max_p = (2, 98) if robust else (0, 100)
    min_val, max_val = np.percentile(data, [min_p, max_p])
    if min_val >= 0 or max_val <= 0:
        return mcm[cmap_seq]
    return mcm[cmap_div]


class AdaptiveWaveplot:
    """Switches a waveform plot between samples and an envelope as the view changes.

    Built by `waveshow`; see ``librosa.display.AdaptiveWaveplot``.

    Parameters
    ----------
    times : np.ndarray
        Time (seconds) of each sample.
    y : np.ndarray
        The (mono) samples.
    steps : matplotlib.lines.Line2D
        The sample-based artist.
    envelope : matplotlib.collections.PolyCollection
        The envelope artist.
    sr : number > 0
        Sampling rate.
    max_samples : int > 0
        Largest number of samples drawn in the sample-based view.
    transpose : bool
        If ``True``, the wave is drawn vertically.
    """

    def __init__(self, times, y, steps, envelope, sr=22050, max_samples=11025, transpose=False):
        self.times = times
        self.samples = y
        self.steps = steps
        self.envelope = envelope
        self.sr = sr
        self.max_samples = max_samples
        self.transpose = transpose
        self.cid: Optional[int] = None
        self.ax: Optional[mplaxes.Axes] = None

    def __del__(self) -> None:
        """Disconnect callback methods on delete."""
        self.disconnect(strict=True)

    def connect(self, ax: mplaxes.Axes, *, signal: str = "xlim_changed") -> None:
        """Connect `update` to ``signal`` of ``ax`` (replacing an earlier connection)."""
        self.disconnect()
        self.ax = ax
        self.cid = ax.callbacks.connect(signal, self.update)

    def disconnect(self, *, strict: bool = False) -> None:
        """Disconnect the update callback (and forget the axes if ``strict``)."""
        if self.ax:
            self.ax.callbacks.disconnect(self.cid)
            self.cid = None
            if strict:
                self.ax = None

    def update(self, ax: mplaxes.Axes) -> None:
        """Show samples or the envelope according to the visible time span."""
        lims = ax.viewLim
        if self.transpose:
            dim = lims.height * self.sr
            start, end = lims.y0, lims.y1
            xdata, ydata = self.samples, self.times
            data = self.steps.get_ydata()
        else:
            dim = lims.width * self.sr
            start, end = lims.x0, lims.x1
            xdata, ydata = self.times, self.samples
            data = self.steps.get_xdata()
        if dim <= self.max_samples:
            self.envelope.set_visible(False)
            self.steps.set_visible(True)
            if start <= data[0] or end >= data[-1]:
                midpoint_time = (start + end) / 2
                idx_start = np.searchsorted(
                    self.times, midpoint_time - 0.5 * self.max_samples / self.sr
                )
                self.steps.set_data(
                    xdata[idx_start : idx_start + self.max_samples],
                    ydata[idx_start : idx_start + self.max_samples],
                )
        else:
            self.envelope.set_visible(True)
            self.steps.set_visible(False)
        ax.figure.canvas.draw_idle()


def _envelope(x: np.ndarray, hop: int) -> np.ndarray:
    """Max-|x| of non-overlapping frames of length ``hop``, per channel."""
    x_frame = np.abs(util.frame(x, frame_length=hop, hop_length=hop))
    return x_frame.max(axis=1)


# ---------------------------------------------------------------------------
# Axis types
# ---------------------------------------------------------------------------
_chroma_ax_types = ("chroma", "chroma_h", "chroma_c", "chroma_fjs")
_cqt_ax_types = ("cqt_hz", "cqt_note", "cqt_svara")
_freq_ax_types = ("linear", "fft", "hz", "fft_note", "fft_svara")
_time_ax_types = ("time", "h", "m", "s", "ms")
_lag_ax_types = ("lag", "lag_h", "lag_m", "lag_s", "lag_ms")
_misc_ax_types = ("tempo", "fourier_tempo", "mel", "log", "tonnetz", "frames")

_AXIS_COMPAT = set(
    [(t, t) for t in _misc_ax_types]
    + list(product(_chroma_ax_types, _chroma_ax_types))
    + list(product(_cqt_ax_types, _cqt_ax_types))
    + list(product(_freq_ax_types, _freq_ax_types))
    + list(product(_time_ax_types, _time_ax_types))
    + list(product(_lag_ax_types, _lag_ax_types))
)

# librosa axis types whose decoration needs note/svara/FJS spelling
_LIBROSA_ONLY = (
    "fft_note",
    "fft_svara",
    "cqt",
    "cqt_note",
    "cqt_svara",
    "vqt_fjs",
    "vqt_hz",
    "vqt_note",
    "chroma_h",
    "chroma_c",
    "chroma_fjs",
)


def _coord_fft_hz(n, sr=22050, n_fft=None, **_kw):
    if n_fft is None:
        n_fft = 2 * (n - 1)
    return convert.fft_frequencies(sr=sr, n_fft=n_fft)


def _coord_mel_hz(n, fmin=0.0, fmax=None, sr=22050, htk=False, **_kw):
    if fmin is None:
        fmin = 0.0
    if fmax is None:
        fmax = 0.5 * sr
    return convert.mel_frequencies(n, fmin=fmin, fmax=fmax, htk=htk)


def _coord_cqt_hz(n, fmin=None, bins_per_octave=12, sr=22050, **kw):
    if fmin is None:
        fmin = convert.note_to_hz("C1")
    fmin = fmin * 2.0 ** (kw.get("tuning", 0.0) / bins_per_octave)
    # librosa.cqt_frequencies
    freqs = fmin * 2.0 ** (np.arange(0, n, dtype=float) / bins_per_octave)
    if np.any(freqs > 0.5 * sr):
        warnings.warn(
            "Frequency axis exceeds Nyquist. "
            "Did you remember to set all spectrogram parameters in specshow?",
            stacklevel=4,
        )
    return freqs


def _coord_chroma(n, bins_per_octave=12, **_kw):
    return np.linspace(0, (12.0 * n) / bins_per_octave, num=n, endpoint=False)


def _coord_tempo(n, sr=22050, hop_length=512, **_kw):
    # librosa.tempo_frequencies(n + 1)[1:]
    return 60.0 * sr / (hop_length * np.arange(1.0, n + 1))


def _coord_fourier_tempo(n, sr=22050, hop_length=512, win_length=None, **_kw):
    if win_length is None:
        win_length = 2 * (n - 1)
    # librosa.fourier_tempo_frequencies
    return convert.fft_frequencies(sr=sr * 60 / float(hop_length), n_fft=win_length)


def _coord_n(n, **_kw):
    return np.arange(n)


def _coord_time(n, sr=22050, hop_length=512, **_kw):
    return convert.frames_to_time(np.arange(n), sr=sr, hop_length=hop_length)


_COORD_MAP: Dict[Optional[str], Callable[..., np.ndarray]] = {
    "linear": _coord_fft_hz,
    "fft": _coord_fft_hz,
    "hz": _coord_fft_hz,
    "log": _coord_fft_hz,
    "mel": _coord_mel_hz,
    "cqt_hz": _coord_cqt_hz,
    "chroma": _coord_chroma,
    "time": _coord_time,
    "h": _coord_time,
    "m": _coord_time,
    "s": _coord_time,
    "ms": _coord_time,
    "lag": _coord_time,
    "lag_h": _coord_time,
    "lag_m": _coord_time,
    "lag_s": _coord_time,
    "lag_ms": _coord_time,
    "tonnetz": _coord_n,
    "off": _coord_n,
    "tempo": _coord_tempo,
    "fourier_tempo": _coord_fourier_tempo,
    "frames": _coord_n,
    None: _coord_n,
}


def _check_supported(ax_type) -> None:
    if ax_type in _LIBROSA_ONLY:
        raise ParameterError(
            f"Axis type {ax_type!r} is not provided by fastrosa.display; use librosa.display"
        )


def _mesh_coords(ax_type, coords, n, **kwargs):
    if coords is not None:
        if len(coords) not in (n, n + 1):
            raise ParameterError(f"Coordinate shape mismatch: {len(coords)}!={n} or {n}+1")
        return coords
    _check_supported(ax_type)
    if ax_type not in _COORD_MAP:
        raise ParameterError(f"Unknown axis type: {ax_type}")
    return _COORD_MAP[ax_type](n, **kwargs)


def _check_axes(axes):
    if axes is None:
        axes = plt.gca()
    elif not isinstance(axes, mplaxes.Axes):
        raise ParameterError(
            "`axes` must be an instance of matplotlib.axes.Axes. "
            "Found type(axes)={}".format(type(axes))
        )
    return axes


def _scale_axes(axes, ax_type, which, tempo_min, tempo_max):
    kwargs: Dict[str, Any] = {}
    if which == "x":
        scaler, limit = axes.set_xscale, axes.set_xlim
    else:
        scaler, limit = axes.set_yscale, axes.set_ylim

    if ax_type == "mel":
        mode = "symlog"
        kwargs["linthresh"] = 1000.0
        kwargs["base"] = 2
    elif ax_type == "cqt_hz":
        mode = "log"
        kwargs["base"] = 2
    elif ax_type == "log":
        mode = "symlog"
        kwargs["base"] = 2
        kwargs["linthresh"] = float(convert.note_to_hz("C2"))
        kwargs["linscale"] = 0.5
    elif ax_type in ["tempo", "fourier_tempo"]:
        mode = "log"
        kwargs["base"] = 2
        limit(tempo_min, tempo_max)
    else:
        return
    scaler(mode, **kwargs)


_TIME_UNITS = {"h": "hours", "m": "minutes", "s": "seconds", "ms": "milliseconds"}


def _time_locator():
    return mplticker.MaxNLocator(prune=None, steps=[1, 1.5, 5, 6, 10])


def _decorate_axis(axis, ax_type, key="C:maj", unicode=True):
    """Tick locator, formatter and label of one axis, as librosa.display's."""
    _check_supported(ax_type)
    if ax_type == "tonnetz":
        axis.set_major_formatter(TonnetzFormatter())
        axis.set_major_locator(mplticker.FixedLocator(np.arange(6)))
        axis.set_label_text("Tonnetz")
    elif ax_type == "chroma":
        axis.set_major_formatter(ChromaFormatter(key=key, unicode=unicode))
        degrees = key_to_degrees(key)
        axis.set_major_locator(
            mplticker.FixedLocator(np.add.outer(12 * np.arange(10), degrees).ravel())
        )
        axis.set_label_text("Pitch class")
    elif ax_type in ["tempo", "fourier_tempo"]:
        axis.set_major_formatter(mplticker.ScalarFormatter())
        axis.set_major_locator(mplticker.LogLocator(base=2.0))
        axis.set_label_text("BPM")
    elif ax_type == "time":
        axis.set_major_formatter(TimeFormatter(unit=None, lag=False))
        axis.set_major_locator(_time_locator())
        axis.set_label_text("Time")
    elif ax_type in _TIME_UNITS:
        axis.set_major_formatter(TimeFormatter(unit=ax_type, lag=False))
        axis.set_major_locator(_time_locator())
        axis.set_label_text("Time ({:s})".format(_TIME_UNITS[ax_type]))
    elif ax_type == "lag":
        axis.set_major_formatter(TimeFormatter(unit=None, lag=True))
        axis.set_major_locator(_time_locator())
        axis.set_label_text("Lag")
    elif isinstance(ax_type, str) and ax_type.startswith("lag_") and ax_type[4:] in _TIME_UNITS:
        unit = ax_type[4:]
        axis.set_major_formatter(TimeFormatter(unit=unit, lag=True))
        axis.set_major_locator(_time_locator())
        axis.set_label_text("Lag ({:s})".format(_TIME_UNITS[unit]))
    elif ax_type == "cqt_hz":
        axis.set_major_formatter(LogHzFormatter())
        log_C1 = np.log2(convert.note_to_hz("C1"))
        C_offset = 2.0 ** (log_C1 - np.floor(log_C1))
        axis.set_major_locator(mplticker.LogLocator(base=2.0))
        axis.set_minor_formatter(LogHzFormatter(major=False))
        axis.set_minor_locator(
            mplticker.LogLocator(base=2.0, subs=C_offset * 2.0 ** (np.arange(1, 12) / 12.0))
        )
        axis.set_label_text("Hz")
    elif ax_type in ["mel", "log"]:
        axis.set_major_formatter(mplticker.ScalarFormatter())
        axis.set_major_locator(mplticker.SymmetricalLogLocator(axis.get_transform()))
        axis.set_label_text("Hz")
    elif ax_type in ["linear", "hz", "fft"]:
        axis.set_major_formatter(mplticker.ScalarFormatter())
        axis.set_label_text("Hz")
    elif ax_type in ["frames"]:
        axis.set_label_text("Frames")
    elif ax_type in ["off", "none", None]:
        axis.set_label_text("")
        axis.set_ticks([])
    else:
        raise ParameterError(f"Unsupported axis type: {ax_type}")


def _same_axes(x_axis, y_axis, xlim, ylim):
    return (x_axis, y_axis) in _AXIS_COMPAT and xlim == ylim


# ---------------------------------------------------------------------------
# Public drawing functions
# ---------------------------------------------------------------------------
def specshow(
    data: np.ndarray,
    *,
    x_coords: Optional[np.ndarray] = None,
    y_coords: Optional[np.ndarray] = None,
    x_axis: Optional[str] = None,
    y_axis: Optional[str] = None,
    sr: float = 22050,
    hop_length: int = 512,
    n_fft: Optional[int] = None,
    win_length: Optional[int] = None,
    fmin: Optional[float] = None,
    fmax: Optional[float] = None,
    tempo_min: Optional[float] = 16,
    tempo_max: Optional[float] = 480,
    tuning: float = 0.0,
    bins_per_octave: int = 12,
    key: str = "C:maj",
    Sa: Optional[Any] = None,
    mela: Optional[Any] = None,
    thaat: Optional[str] = None,
    auto_aspect: bool = True,
    htk: bool = False,
    unicode: bool = True,
    intervals: Optional[Any] = None,
    unison: Optional[str] = None,
    ax: Optional[mplaxes.Axes] = None,
    **kwargs: Any,
):
    """Display a spectrogram, chromagram, MFCC matrix ... as a color mesh.

    Parameters
    ----------
    data : np.ndarray [shape=(d, n)]
        Matrix to display (e.g. a dB-scaled spectrogram).
    x_coords, y_coords : np.ndarray [shape=data.shape[1 or 0] (+1)] or None
        Explicit coordinates of the columns / rows; inferred from the axis
        types when not given.
    x_axis, y_axis : str or None
        Axis types (see the module docstring): ``'time'``, ``'s'``, ``'ms'``,
        ``'frames'``, ``'hz'``/``'linear'``/``'fft'``, ``'log'``, ``'mel'``,
        ``'chroma'``, ``None`` ...
    sr : number > 0
        Sampling rate of the signal the data came from.
    hop_length : int > 0
        Hop length between the frames (time axes).
    n_fft : int > 0 or None
        FFT size for frequency axes; default ``2 * (d - 1)``.
    win_length : int > 0 or None
        Window length for ``fourier_tempo`` axes.
    fmin, fmax : float or None
        Frequency range of mel axes (and ``fmin`` of ``cqt_hz`` axes).
    tempo_min, tempo_max : float
        Range of tempo axes (BPM).
    tuning : float
        Tuning deviation (fractions of a bin) of ``cqt_hz`` axes.
    bins_per_octave : int > 0
        Bins per octave of chroma and ``cqt_hz`` axes.
    key : str
        Key used to spell chroma labels.
    Sa, mela, thaat, intervals, unison
        Accepted for librosa's signature; they only affect the svara and FJS
        axis types, which fastrosa.display does not provide.
    auto_aspect : bool
        Square the axes when both have the same type and extent.
    htk : bool
        HTK mel formula for mel axes.
    unicode : bool
        Unicode accidentals in chroma labels.
    ax : matplotlib.axes.Axes or None
        Axes to draw on (default: ``plt.gca()``).
    **kwargs
        Passed to ``matplotlib.axes.Axes.pcolormesh`` (defaults as librosa:
        ``rasterized=True``, ``shading='auto'``, ``edgecolors='None'``,
        ``cmap`` chosen by `cmap`).

    Returns
    -------
    colormesh : matplotlib.collections.QuadMesh

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np, fastrosa, fastrosa.display
    >>> y = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050).astype(np.float32)
    >>> D = fastrosa.amplitude_to_db(np.abs(fastrosa.stft(y)), ref=np.max)
    >>> mesh = fastrosa.display.specshow(D, x_axis="time", y_axis="log", sr=22050)
    >>> mesh.get_array().shape
    (1025, 44)
    """
    if np.issubdtype(data.dtype, np.complexfloating):
        warnings.warn(
            "Trying to display complex-valued input. " "Showing magnitude instead.",
            stacklevel=2,
        )
        data = np.abs(data)

    kwargs.setdefault("cmap", cmap(data))
    kwargs.setdefault("rasterized", True)
    kwargs.setdefault("edgecolors", "None")
    kwargs.setdefault("shading", "auto")

    params = dict(
        sr=sr,
        fmin=fmin,
        fmax=fmax,
        tuning=tuning,
        bins_per_octave=bins_per_octave,
        hop_length=hop_length,
        n_fft=n_fft,
        win_length=win_length,
        htk=htk,
    )
    y_coords = _mesh_coords(y_axis, y_coords, data.shape[0], **params)
    x_coords = _mesh_coords(x_axis, x_coords, data.shape[1], **params)

    axes = _check_axes(ax)
    out = axes.pcolormesh(x_coords, y_coords, data, **kwargs)
    if ax is None:  # pyplot mode: make it the current image (for plt.colorbar)
        plt.sci(out)

    _scale_axes(axes, x_axis, "x", tempo_min=tempo_min, tempo_max=tempo_max)
    _scale_axes(axes, y_axis, "y", tempo_min=tempo_min, tempo_max=tempo_max)
    _decorate_axis(axes.xaxis, x_axis, key=key, unicode=unicode)
    _decorate_axis(axes.yaxis, y_axis, key=key, unicode=unicode)

    if _same_axes(x_axis, y_axis, axes.get_xlim(), axes.get_ylim()) and auto_aspect:
        axes.set_aspect("equal")
    return out


class _Deprecated:
    """Placeholder default of a renamed keyword."""

    def __repr__(self) -> str:
        return "<DEPRECATED parameter>"


def waveshow(
    y: np.ndarray,
    *,
    sr: float = 22050,
    max_points: int = 11025,
    axis: Optional[str] = "time",
    offset: float = 0.0,
    marker: Any = "",
    where: str = "post",
    label: Optional[str] = None,
    transpose: bool = False,
    ax: Optional[mplaxes.Axes] = None,
    x_axis: Any = _Deprecated(),
    **kwargs: Any,
) -> AdaptiveWaveplot:
    """Draw a waveform: its envelope when zoomed out, its samples when zoomed in.

    Parameters
    ----------
    y : np.ndarray [shape=(n,) or (2, n)]
        Audio time series (mono or stereo; a stereo envelope takes its upper
        half from the first channel and its lower half from the second).
    sr : number > 0
        Sampling rate of ``y``.
    max_points : int > 0
        Largest number of samples (or envelope points) drawn.
    axis : str or None
        Time axis type: ``'time'``, ``'h'``, ``'m'``, ``'s'``, ``'ms'``,
        ``'lag'``, ``'lag_*'``, or ``None``/``'none'``/``'off'``.
    offset : float
        Start time of the plot (seconds).
    marker, where, label
        Passed to matplotlib's ``step`` / ``fill_between``.
    transpose : bool
        Draw the wave vertically.
    ax : matplotlib.axes.Axes or None
        Axes to draw on (default: ``plt.gca()``).
    x_axis
        Deprecated alias of ``axis`` (FutureWarning, as librosa).
    **kwargs
        Passed to both ``step`` and ``fill_between``.

    Returns
    -------
    AdaptiveWaveplot

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np, fastrosa.display
    >>> y = np.sin(2 * np.pi * 3 * np.arange(22050) / 22050)
    >>> w = fastrosa.display.waveshow(y, sr=22050)
    >>> w.envelope.get_visible(), w.steps.get_visible()
    (True, False)
    """
    util.valid_audio(y)
    if y.ndim == 1:
        y = y[np.newaxis, :]
    if max_points <= 0:
        raise ParameterError(f"max_points={max_points} must be strictly positive")

    axes = _check_axes(ax)

    if not isinstance(x_axis, _Deprecated):
        warnings.warn(
            "waveshow() keyword argument 'x_axis' has been renamed to 'axis' in version 0.10.0."
            "\n\tThis alias will be removed in version 1.0.",
            category=FutureWarning,
            stacklevel=2,
        )
        axis = x_axis

    # this hop keeps the envelope to at most max_points values
    hop_length = max(1, y.shape[-1] // max_points)
    y_env = _envelope(y, hop_length)
    y_bottom, y_top = -y_env[-1], y_env[0]

    times = offset + convert.times_like(y, sr=sr, hop_length=1)

    xdata, ydata = times[:max_points], y[0, :max_points]
    filler = axes.fill_between
    signal = "xlim_changed"
    dec_axis = axes.xaxis
    if transpose:
        ydata, xdata = xdata, ydata
        filler = axes.fill_betweenx
        signal = "ylim_changed"
        dec_axis = axes.yaxis

    (steps,) = axes.step(xdata, ydata, marker=marker, where=where, **kwargs)
    if "color" not in kwargs:
        kwargs.setdefault("color", steps.get_color())

    envelope = filler(
        times[: len(y_top) * hop_length : hop_length],
        y_bottom,
        y_top,
        step=where,
        label=label,
        **kwargs,
    )
    adaptor = AdaptiveWaveplot(
        times, y[0], steps, envelope, sr=sr, max_samples=max_points, transpose=transpose
    )
    adaptor.connect(axes, signal=signal)
    adaptor.update(axes)
    _decorate_axis(dec_axis, axis)
    return adaptor


__getattr__, __dir__ = _delegate.attach(__name__)
