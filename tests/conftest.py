"""Shared test configuration: tolerances (the one place they live) and fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

# ---------------------------------------------------------------------------
# Tolerances, per dtype, scaled to the magnitude of the reference signal.
#
# A comparison passes when |actual - desired| <= atol + rtol * |desired| with
# atol = ATOL_SCALE[dtype] * max(|desired|).  float32 results are compared
# against librosa, which often computes in float64 and rounds at the end,
# while fastrosa computes in float32 throughout: the float32 scale allows for
# a few ulps of accumulated rounding in an FFT of a few thousand points.
# ---------------------------------------------------------------------------
RTOL = {np.dtype(np.float32): 1e-5, np.dtype(np.float64): 1e-10}
ATOL_SCALE = {np.dtype(np.float32): 1e-5, np.dtype(np.float64): 1e-11}


def real_dtype(dtype) -> np.dtype:
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        return np.dtype(np.float32) if dtype.itemsize == 8 else np.dtype(np.float64)
    if dtype.kind == "f" and dtype.itemsize <= 4:
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def assert_close(actual, desired, *, err_msg="", dtype=None, check_dtype=True):
    """Compare ``actual`` with a reference ``desired`` at the tolerance of its dtype.

    Shapes must match exactly, and so must dtypes unless ``check_dtype`` is off.
    ``dtype`` overrides the precision used to choose the tolerance.
    """
    actual = np.asarray(actual)
    desired = np.asarray(desired)
    assert actual.shape == desired.shape, f"shape {actual.shape} != {desired.shape}: {err_msg}"
    if check_dtype:
        assert actual.dtype == desired.dtype, f"dtype {actual.dtype} != {desired.dtype}: {err_msg}"
    prec = real_dtype(dtype if dtype is not None else desired.dtype)
    scale = float(np.max(np.abs(desired))) if desired.size else 0.0
    np.testing.assert_allclose(
        actual,
        desired,
        rtol=RTOL[prec],
        atol=ATOL_SCALE[prec] * scale,
        err_msg=err_msg,
    )


def assert_same_error(fast, ref, exc=None):
    """``ref()`` (librosa) and ``fast()`` (fastrosa) both fail, with the same message.

    ``exc`` defaults to ParameterError (librosa's on its side, fastrosa's on ours).
    """
    import fastrosa
    import librosa

    if exc is None:
        exc = fastrosa.ParameterError
    ref_exc = librosa.ParameterError if exc is fastrosa.ParameterError else exc
    with pytest.raises(ref_exc) as want:
        ref()
    with pytest.raises(exc) as got:
        fast()
    assert str(got.value) == str(want.value)


# ---------------------------------------------------------------------------
# Real recordings: ../shared/audio beside the repository (or FASTROSA_AUDIO_DIR).
# ---------------------------------------------------------------------------
REPO = Path(__file__).resolve().parents[1]
AUDIO_DIR = Path(os.environ.get("FASTROSA_AUDIO_DIR", REPO.parent / "shared" / "audio"))


def audio_files(pattern="*.ogg"):
    """The recordings in AUDIO_DIR, or [] when the folder is absent."""
    if not AUDIO_DIR.is_dir():
        return []
    return sorted(AUDIO_DIR.glob(pattern))


def _mono_files():
    return [p for p in audio_files() if not p.name.endswith(".hq.ogg")]


def _audio_params(files):
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no recordings in {AUDIO_DIR}"))]
    return [pytest.param(p, id=p.stem[:24]) for p in files]


MONO_FILES = _audio_params(_mono_files())
STEREO_FILES = _audio_params(audio_files("*.hq.ogg"))


@pytest.fixture
def rng():
    return np.random.default_rng(20261121)


def signal(n, dtype=np.float32, channels=(), seed=0, kind="noise", sr=22050):
    """A seeded test signal of shape ``channels + (n,)``."""
    r = np.random.default_rng(seed)
    shape = tuple(channels) + (n,)
    if kind == "noise":
        y = r.standard_normal(shape)
    elif kind == "tone":
        t = np.arange(n) / sr
        f = r.uniform(100, 2000, size=tuple(channels) + (1,))
        y = 0.5 * np.sin(2 * np.pi * f * t) + 0.01 * r.standard_normal(shape)
    else:
        raise ValueError(kind)
    return y.astype(dtype)
