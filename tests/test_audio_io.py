"""fastrosa.core.audio vs librosa 0.11.0: load, resample, to_mono, get_duration, get_samplerate."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import warnings
from pathlib import Path

import librosa
import numpy as np
import pytest
import soundfile as sf
from helpers import MONO_FILES, STEREO_FILES, assert_close, signal
from helpers import assert_same_error

import fastrosa


def librosa_quietly(func, *args, **kwargs):
    """Call librosa, silencing the warnings of its audioread fallback (which fastrosa lacks)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


def compare_load(path, err_msg="", reopen=lambda p: p, **kw):
    y, sr = fastrosa.load(reopen(path), **kw)
    y_ref, sr_ref = librosa_quietly(librosa.load, reopen(path), **kw)
    assert sr == sr_ref and type(sr) is type(sr_ref), f"sr {sr!r} != {sr_ref!r}: {err_msg} {kw}"
    assert_close(y, y_ref, err_msg=f"{err_msg} {kw}")
    return y, sr


# ---------------------------------------------------------------------------
# load: the real recordings
# ---------------------------------------------------------------------------
LOAD_VARIANTS = {
    "default": {},
    "native": dict(sr=None),
    "multi": dict(mono=False),
    "16k": dict(sr=16000),
    "44k": dict(sr=44100),
    "window": dict(offset=1.5, duration=2.25),
    "f64": dict(dtype=np.float64),
    "native-window-multi-f64": dict(
        sr=None, mono=False, offset=0.3, duration=1.0, dtype=np.float64
    ),
}


@pytest.mark.audio
@pytest.mark.parametrize("variant", LOAD_VARIANTS)
@pytest.mark.parametrize("path", MONO_FILES + STEREO_FILES)
def test_load_recording(path, variant):
    kw = LOAD_VARIANTS[variant]
    y, sr = compare_load(path, err_msg=path.name, **kw)
    multi = not kw.get("mono", True) and sf.info(path).channels > 1
    assert y.ndim == (2 if multi else 1) and sr == kw.get("sr", 22050) or kw.get("sr", 1) is None


@pytest.mark.audio
@pytest.mark.parametrize("path", STEREO_FILES)
def test_load_recording_stereo_is_channel_mean(path):
    y2, _ = fastrosa.load(path, sr=None, mono=False)
    y1, _ = fastrosa.load(path, sr=None)
    assert y2.shape[0] == 2
    assert_close(y1, np.mean(y2, axis=0))


# ---------------------------------------------------------------------------
# load: files written here
# ---------------------------------------------------------------------------
WRITTEN = [
    # (extension, subtype, channels, samplerate, frames)
    ("wav", "PCM_16", 1, 22050, 22050),
    ("wav", "PCM_16", 2, 8000, 12345),
    ("wav", "PCM_24", 3, 16000, 9001),
    ("wav", "FLOAT", 1, 48000, 30000),
    ("wav", "DOUBLE", 2, 44100, 44101),
    ("flac", "PCM_16", 1, 8000, 8000),
    ("flac", "PCM_24", 2, 48000, 20000),
    ("ogg", "VORBIS", 2, 22050, 15000),
    ("mp3", "MPEG_LAYER_III", 1, 44100, 20000),
    ("wav", "PCM_16", 2, 22050, 1),
    ("wav", "PCM_16", 1, 8000, 0),
]


@pytest.fixture(params=WRITTEN, ids=lambda p: f"{p[0]}-{p[1]}-{p[2]}ch-{p[3]}Hz-{p[4]}")
def written(request, tmp_path):
    ext, subtype, channels, sr, frames = request.param
    data = 0.5 * signal(frames, dtype=np.float64, channels=(channels,), kind="tone", sr=sr).T
    path = tmp_path / f"test.{ext}"
    sf.write(path, np.clip(data, -1, 1), sr, subtype=subtype)
    return path


WRITTEN_VARIANTS = [
    {},
    dict(sr=None),
    dict(mono=False),
    dict(sr=None, mono=False),
    dict(sr=16000),
    dict(sr=48000, mono=False),
    dict(sr=11025.0),
    dict(offset=0.1),
    dict(offset=0.05, duration=0.2, sr=None, mono=False),
    dict(duration=0.0),
    dict(duration=100.0),
    dict(dtype=np.float64, mono=False),
    dict(res_type="soxr_lq"),
]


@pytest.mark.parametrize("kw", WRITTEN_VARIANTS, ids=repr)
def test_load_written(written, kw):
    compare_load(written, err_msg=written.name, **kw)


def test_load_past_the_end(written):
    """soundfile cannot seek past the end; librosa's audioread fallback then returns an
    empty signal where audioread can decode the file (PCM WAV here), or fails."""
    kw = dict(offset=1000.0, mono=False, dtype=np.float64)
    y, sr = fastrosa.load(written, **kw)
    assert y.shape == (0,) and y.dtype == np.float64 and sr == 22050
    if sf.info(written).subtype.startswith("PCM") and written.suffix == ".wav":
        compare_load(written, **kw)


@pytest.mark.parametrize("kind", ["str", "Path", "file", "BytesIO", "SoundFile", "fd"])
def test_load_path_kinds(tmp_path, kind):
    path = tmp_path / "kinds.flac"
    sf.write(path, 0.3 * signal(5000, dtype=np.float64, channels=(2,)).T.clip(-3, 3) / 3, 16000)
    with contextlib.ExitStack() as stack:

        def reopen(p):
            if kind == "file":
                return stack.enter_context(open(p, "rb"))
            if kind == "fd":  # soundfile closes it
                return os.open(p, os.O_RDONLY)
            opener = {"str": str, "Path": Path, "SoundFile": sf.SoundFile}.get(kind)
            return opener(p) if opener else io.BytesIO(Path(p).read_bytes())

        compare_load(path, reopen=reopen, mono=False, sr=None)
        compare_load(path, reopen=reopen, offset=0.05, duration=0.1)


def test_load_int_dtype_rejected(tmp_path):
    path = tmp_path / "int.wav"
    sf.write(path, np.zeros(100), 8000)
    assert_same_error(
        lambda: fastrosa.load(path, dtype=np.int16), lambda: librosa.load(path, dtype=np.int16)
    )


# ---------------------------------------------------------------------------
# errors: missing and undecodable files
# ---------------------------------------------------------------------------
def _readers(target):
    return {
        "load": lambda lib: lib.load(target),
        "get_duration": lambda lib: lib.get_duration(path=target),
        "get_samplerate": lambda lib: lib.get_samplerate(target),
    }


@pytest.mark.parametrize("func", ["load", "get_duration", "get_samplerate"])
@pytest.mark.parametrize("kind", [str, Path])
def test_missing_file(tmp_path, func, kind):
    target = kind(tmp_path / "does_not_exist.wav")
    call = _readers(target)[func]
    with pytest.raises(FileNotFoundError, match="does_not_exist.wav") as info:
        call(fastrosa)
    assert info.value.filename == str(target)
    with pytest.raises(FileNotFoundError):
        librosa_quietly(call, librosa)


@pytest.mark.parametrize("func", ["load", "get_duration", "get_samplerate"])
def test_not_audio(tmp_path, func):
    target = tmp_path / "notes.wav"
    target.write_text("these are not the samples you are looking for\n" * 20)
    call = _readers(target)[func]
    with pytest.raises(sf.LibsndfileError, match="notes.wav"):
        call(fastrosa)
    with pytest.raises(Exception):  # librosa: audioread's NoBackendError (or a decode error)
        librosa_quietly(call, librosa)


def test_not_audio_file_like():
    """For a file-like object librosa has no fallback: both raise soundfile's error."""
    junk = b"RIFF not really a wave file" * 10
    for lib in (fastrosa, librosa):
        with pytest.raises(sf.LibsndfileError, match="Error opening <_io.BytesIO"):
            lib.load(io.BytesIO(junk))


# ---------------------------------------------------------------------------
# get_duration, get_samplerate
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("sr", [22050, 8000, 44100.5])
def test_get_duration_buffers(sr):
    for y in (
        np.zeros(0),
        signal(12345),
        signal(1000, channels=(2,)),
        signal(77, channels=(3, 2), dtype=np.float64),
    ):
        got = fastrosa.get_duration(y=y, sr=sr)
        assert type(got) is float and got == librosa.get_duration(y=y, sr=sr)
    for S in (np.zeros((1025, 0)), np.zeros((1025, 1)), np.zeros((2, 513, 44))):
        for kw in (dict(n_fft=2048, hop_length=512), dict(n_fft=1023, hop_length=333), {}):
            for center in (True, False):
                got = fastrosa.get_duration(S=S, sr=sr, center=center, **kw)
                assert got == librosa.get_duration(S=S, sr=sr, center=center, **kw), (
                    S.shape,
                    kw,
                    center,
                )


def test_get_duration_precedence():
    y, S = np.zeros(22050), np.zeros((1025, 10))
    assert fastrosa.get_duration(y=y, S=S) == librosa.get_duration(y=y, S=S) == 1.0


def test_get_duration_written(written):
    got = fastrosa.get_duration(path=written)
    assert got == librosa.get_duration(path=written)
    assert got == sf.info(written).frames / sf.info(written).samplerate


def test_get_duration_filename_deprecated(written):
    with pytest.warns(FutureWarning, match="'filename' has been renamed to 'path'"):
        got = fastrosa.get_duration(filename=written)
    with pytest.warns(FutureWarning, match="'filename' has been renamed to 'path'"):
        want = librosa.get_duration(filename=written)
    assert got == want


def test_get_duration_nothing_given():
    assert_same_error(lambda: fastrosa.get_duration(), lambda: librosa.get_duration())
    assert_same_error(lambda: fastrosa.get_duration(sr=8000), lambda: librosa.get_duration(sr=8000))


def test_get_samplerate_written(written):
    got = fastrosa.get_samplerate(written)
    assert got == librosa.get_samplerate(written) == sf.info(written).samplerate
    with sf.SoundFile(written) as f:
        assert fastrosa.get_samplerate(f) == got
    with open(written, "rb") as f:
        assert fastrosa.get_samplerate(f) == got


@pytest.mark.audio
@pytest.mark.parametrize("path", MONO_FILES + STEREO_FILES)
def test_duration_and_rate_recording(path):
    assert fastrosa.get_duration(path=path) == librosa.get_duration(path=path)
    assert fastrosa.get_samplerate(path) == librosa.get_samplerate(path)


# ---------------------------------------------------------------------------
# to_mono
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("channels", [(), (1,), (2,), (3,), (3, 2)])
@pytest.mark.parametrize("n", [0, 1, 1001])
def test_to_mono(dtype, channels, n):
    x = signal(n, dtype=dtype, channels=channels)
    for layout in (
        x,
        np.asfortranarray(x),
        signal(2 * n, dtype=dtype, channels=channels)[..., ::2],
    ):
        got = fastrosa.to_mono(layout)
        assert_close(got, librosa.to_mono(layout), err_msg=f"{channels} {n}")
        assert got.shape == (n,)


@pytest.mark.parametrize(
    "y",
    [
        np.zeros((2, 4), np.int16),
        np.array([[0.0, np.nan]]),
        [0.0, 1.0],
        np.float64(1.0) * np.ones(()),
    ],
    ids=["int", "nan", "list", "0d"],
)
def test_to_mono_errors(y):
    assert_same_error(lambda: fastrosa.to_mono(y), lambda: librosa.to_mono(y))


# ---------------------------------------------------------------------------
# resample
# ---------------------------------------------------------------------------
SOXR = ["soxr_vhq", "soxr_hq", "soxr_mq", "soxr_lq", "soxr_qq"]
RATES = [(22050, 16000), (44100, 22050), (8000, 48000), (22050, 44100.5), (16000, 22050)]


def compare_resample(y, err_msg="", **kw):
    got = fastrosa.resample(y, **kw)
    want = librosa.resample(y, **kw)
    assert_close(got, want, err_msg=f"{err_msg} {kw}")
    return got


@pytest.mark.parametrize("res_type", SOXR)
@pytest.mark.parametrize("orig_sr, target_sr", RATES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("channels", [(), (2,), (3, 2)])
def test_resample_soxr(res_type, orig_sr, target_sr, dtype, channels):
    y = signal(3001, dtype=dtype, channels=channels, kind="tone", sr=orig_sr)
    got = compare_resample(y, orig_sr=orig_sr, target_sr=target_sr, res_type=res_type)
    assert got.dtype == dtype and got.shape == channels + (
        int(np.ceil(3001 * target_sr / orig_sr)),
    )


@pytest.mark.parametrize("res_type", ["soxr_hq", "polyphase", "fft", "scipy"])
@pytest.mark.parametrize("fix", [True, False])
@pytest.mark.parametrize("scale", [True, False])
@pytest.mark.parametrize("axis", [-1, 0])
def test_resample_options(res_type, fix, scale, axis):
    y = signal(2001, channels=(2,), kind="tone", sr=22050)
    y = np.ascontiguousarray(y.T) if axis == 0 else y
    compare_resample(
        y, orig_sr=22050, target_sr=16000, res_type=res_type, fix=fix, scale=scale, axis=axis
    )


@pytest.mark.parametrize("res_type", SOXR + ["polyphase"])
def test_resample_layouts(res_type):
    y = signal(1500, channels=(3,), kind="tone")
    for layout in (np.asfortranarray(y), signal(3000, channels=(3,), kind="tone")[:, ::2], y[::-1]):
        compare_resample(layout, orig_sr=22050, target_sr=8000, res_type=res_type)


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_resample_tiny(n):
    y = signal(n)
    compare_resample(y, orig_sr=22050, target_sr=44100)
    compare_resample(y, orig_sr=22050, target_sr=8000)


def test_resample_fix_kwargs():
    y = signal(1001, kind="tone")
    got = compare_resample(y, orig_sr=16000, target_sr=22050, res_type="soxr_qq", mode="edge")
    assert got.shape == (int(np.ceil(1001 * 22050 / 16000)),)


def test_resample_same_rate_is_identity():
    y = signal(100)
    assert fastrosa.resample(y, orig_sr=8000, target_sr=8000.0) is y


@pytest.mark.parametrize(
    "y, kw",
    [
        (np.arange(10), {}),
        (np.array([0.0, np.inf]), {}),
        (np.ones(()), {}),
        (np.ones(100), dict(res_type="polyphase", orig_sr=22050.5)),
        (np.ones(100), dict(res_type="polyphase", target_sr=8000.25)),
    ],
    ids=["int", "inf", "0d", "poly-orig", "poly-target"],
)
def test_resample_parameter_errors(y, kw):
    kw = {"orig_sr": 22050, "target_sr": 8000, **kw}
    assert_same_error(lambda: fastrosa.resample(y, **kw), lambda: librosa.resample(y, **kw))


@pytest.mark.parametrize("target_sr", [0, -8000])
def test_resample_bad_rate(target_sr):
    kw = dict(orig_sr=22050, target_sr=target_sr)
    y = signal(100)
    assert_same_error(
        lambda: fastrosa.resample(y, **kw), lambda: librosa.resample(y, **kw), ValueError
    )


@pytest.mark.parametrize(
    "res_type, module",
    [
        ("kaiser_best", "resampy"),
        ("kaiser_fast", "resampy"),
        ("linear", "samplerate"),
        ("zero_order_hold", "samplerate"),
        ("sinc_best", "samplerate"),
        ("sinc_fastest", "samplerate"),
        ("sinc_medium", "samplerate"),
    ],
)
def test_resample_optional_backends(res_type, module):
    y = signal(1000, kind="tone")
    kw = dict(orig_sr=22050, target_sr=16000, res_type=res_type)
    if importlib.util.find_spec(module) is not None:  # pragma: no cover - not installed here
        compare_resample(y, **kw)
        return
    with pytest.raises(ModuleNotFoundError, match=module):
        fastrosa.resample(y, **kw)
    with pytest.raises(ModuleNotFoundError, match=module):
        librosa.resample(y, **kw)
