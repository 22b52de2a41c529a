"""`load` on awkward files, against librosa.load.

Readable files (a WAV cut mid-data, an Ogg cut mid-stream, shorter than one
frame, stereo, 8 kHz and 48 kHz) load as librosa loads them, and the features
of the very short ones match. Unreadable files (zero length, a header alone,
text, random bytes, a FLAC or Ogg cut short, no permission) raise an error
that names the file.

Where librosa's soundfile attempt fails it falls back to audioread, whose error
class depends on the audioread backends installed (EOFError, NoBackendError,
ffmpeg's DecodeError...). fastrosa has no audioread fallback (see
fastrosa.core.audio): it raises soundfile's LibsndfileError, naming the file.
That is the one deviation allowed here; where librosa's error is soundfile's
own, the class must be the same.
"""

from __future__ import annotations

import gc
import os
import warnings

import librosa
import numpy as np
import pytest
import soundfile as sf
from helpers import AUDIO_DIR, assert_close, audio_files

import fastrosa

SR = 22050


def librosa_load(path, **kw):
    """librosa.load without the warnings of its audioread fallback."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return librosa.load(path, **kw)


def librosa_failure(path, **kw):
    """The class of librosa.load's error on ``path`` (its audioread fallback leaks an
    open file along with the exception: collected here, where it cannot warn)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            librosa.load(path, **kw)
        except Exception as exc:  # noqa: BLE001
            cls = type(exc)
        else:
            raise AssertionError(f"librosa loaded {path}")
        gc.collect()
    return cls


def tone(n, sr=SR, channels=1, seed=0):
    r = np.random.default_rng(seed)
    t = np.arange(n) / sr
    y = np.stack([0.4 * np.sin(2 * np.pi * (220 + 110 * c) * t) + 0.01 * r.standard_normal(n)
                  for c in range(channels)], axis=1)
    return y[:, 0] if channels == 1 else y


def _wav_cut(tmp_path, keep):
    path = tmp_path / "full.wav"
    sf.write(path, tone(SR), SR, subtype="PCM_16")
    cut = tmp_path / f"cut{keep}.wav"
    cut.write_bytes(path.read_bytes()[:keep])
    return cut


def _ogg_cut(tmp_path, fraction):
    src = audio_files()
    if not src:
        pytest.skip(f"no recordings in {AUDIO_DIR}")
    data = src[0].read_bytes()
    cut = tmp_path / f"cut{fraction}.ogg"
    cut.write_bytes(data[: max(200, int(len(data) * fraction))] if fraction else data[:200])
    return cut


# ---------------------------------------------------------------------------
# Files that load
# ---------------------------------------------------------------------------
READABLE = {
    "wav cut mid-data": lambda p: _wav_cut(p, 1000),
    "wav cut at an odd byte": lambda p: _wav_cut(p, 44 + 2 * 300 + 1),
    "ogg cut at a third": lambda p: _ogg_cut(p, 1 / 3),
    "shorter than a frame": lambda p: _write(p / "short.wav", tone(100), SR),
    "one sample": lambda p: _write(p / "one.wav", tone(1), SR),
    "stereo": lambda p: _write(p / "stereo.wav", tone(3000, channels=2), SR),
    "8 kHz": lambda p: _write(p / "8k.wav", tone(8000, sr=8000), 8000),
    "48 kHz": lambda p: _write(p / "48k.flac", tone(4800, sr=48000), 48000),
    "48 kHz stereo": lambda p: _write(p / "48k2.wav", tone(4800, sr=48000, channels=2), 48000),
}


def _write(path, y, sr):
    sf.write(path, y, sr)
    return path


@pytest.mark.parametrize("case", list(READABLE))
@pytest.mark.parametrize("kw", [{"sr": None, "mono": False}, {}, {"sr": 16000}],
                         ids=["native", "default", "16k"])
def test_load_readable(tmp_path, case, kw):
    path = READABLE[case](tmp_path)
    want, want_sr = librosa_load(path, **kw)
    got, got_sr = fastrosa.load(path, **kw)
    assert got_sr == want_sr
    assert_close(got, want, err_msg=f"{case} {kw}")


@pytest.mark.parametrize("n", [1, 100, 2047, 2048])
def test_features_of_short_file(tmp_path, n):
    """A file shorter than one frame: the same warnings and features as librosa."""
    path = _write(tmp_path / "short.wav", tone(n), SR)
    y, _ = fastrosa.load(path)
    for func, kw in [("stft", {}), ("feature.melspectrogram", {"sr": SR}),
                     ("feature.mfcc", {"sr": SR}), ("feature.zero_crossing_rate", {})]:
        impl = {lib: _resolve(lib, func) for lib in (librosa, fastrosa)}
        with warnings.catch_warnings(record=True) as said_ref:
            warnings.simplefilter("always")
            want = impl[librosa](y=y, **kw) if "feature." in func and func != "feature.zero_crossing_rate" else impl[librosa](y, **kw)
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            got = impl[fastrosa](y=y, **kw) if "feature." in func and func != "feature.zero_crossing_rate" else impl[fastrosa](y, **kw)
        keep = lambda ws: {(w.category, str(w.message)) for w in ws  # noqa: E731
                           if not issubclass(w.category, RuntimeWarning)}
        assert keep(said) == keep(said_ref), func
        assert_close(got, want, err_msg=f"{func} of {n} samples")


def _resolve(module, name):
    obj = module
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


# ---------------------------------------------------------------------------
# Files that do not
# ---------------------------------------------------------------------------
def _bytes(name, data):
    def make(p):
        path = p / name
        path.write_bytes(data)
        return path
    return make


def _flac_cut(p):
    full = _write(p / "full.flac", tone(3 * SR), SR)
    cut = p / "cut.flac"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    return cut


UNREADABLE = {
    "zero length": _bytes("empty.wav", b""),
    "header only": lambda p: _wav_cut(p, 30),
    "text": _bytes("notes.wav", b"hello, this is not audio\n" * 40),
    "random bytes": _bytes("noise.ogg", np.random.default_rng(1).bytes(5000)),
    "flac cut in half": _flac_cut,
    "ogg cut to 200 bytes": lambda p: _ogg_cut(p, 0),
}


def _check_error(path, got, want):
    """fastrosa's error names the file; its class is librosa's, or soundfile's
    where librosa's comes from the audioread fallback fastrosa lacks."""
    assert os.fspath(path) in str(got) or path.name in str(got), f"{got!r} does not name {path}"
    if issubclass(want, (sf.SoundFileError, FileNotFoundError, PermissionError)):
        assert type(got) is want, f"{path.name}: {got!r}, librosa {want.__name__}"
    else:
        assert isinstance(got, sf.LibsndfileError), f"{path.name}: {got!r}, librosa {want.__name__}"


@pytest.mark.parametrize("case", list(UNREADABLE))
@pytest.mark.parametrize("kw", [{}, {"sr": None, "mono": False}], ids=["default", "native"])
def test_load_unreadable(tmp_path, case, kw):
    path = UNREADABLE[case](tmp_path)
    want = librosa_failure(path, **kw)
    with pytest.raises(Exception) as got:
        fastrosa.load(path, **kw)
    _check_error(path, got.value, want)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads any file whatever its permissions")
def test_load_permission_denied(tmp_path):
    path = _write(tmp_path / "locked.wav", tone(1000), SR)
    path.chmod(0)
    try:
        want = librosa_failure(path)
        with pytest.raises(Exception) as got:
            fastrosa.load(path)
        _check_error(path, got.value, want)
    finally:
        path.chmod(0o644)


def test_missing_file_names_it(tmp_path):
    path = tmp_path / "nowhere.wav"
    with pytest.raises(FileNotFoundError) as got:
        fastrosa.load(path)
    with pytest.raises(FileNotFoundError):
        librosa_load(path)
    assert path.name in str(got.value)


def test_read_error_names_file(tmp_path):
    """A decoding error met while reading (not opening) names the file too."""
    path = _flac_cut(tmp_path)
    with pytest.raises(sf.LibsndfileError, match="cut.flac"):
        fastrosa.load(path)
    with pytest.raises(sf.LibsndfileError):  # soundfile's own message lacks it
        sf.read(path)
