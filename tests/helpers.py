"""Helpers the test modules import (``from helpers import ...``): tolerances (the one
place they live), the comparison with librosa, test signals and recordings.

Fixtures and the hypothesis profiles are in conftest.py, which pytest loads itself;
pytest puts this folder on sys.path (rootdir-relative, no __init__.py), so this
module imports as ``helpers``."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import warnings
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
# Features normalised frame by frame after the multirate constant-Q transform
# (chroma_cqt, chroma_vqt, tonnetz): the transform's rounding in a quiet frame
# is relative to the loud frames around it (the low octaves' filters span
# many frames), and the normalisation scales the quiet frame up to 1, so
# float32 values agree to 1e-4 of the peak rather than 1e-5.
NORMALIZED_ATOL_SCALE = {np.dtype(np.float32): 1e-4, np.dtype(np.float64): 1e-9}


def real_dtype(dtype) -> np.dtype:
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        return np.dtype(np.float32) if dtype.itemsize == 8 else np.dtype(np.float64)
    if dtype.kind == "f" and dtype.itemsize <= 4:
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def assert_close(actual, desired, *, err_msg="", dtype=None, check_dtype=True, scale=None,
                 atol_scale=None):
    """Compare ``actual`` with a reference ``desired`` at the tolerance of its dtype.

    Shapes must match exactly, and so must dtypes unless ``check_dtype`` is off.
    ``dtype`` overrides the precision used to choose the tolerance, ``scale`` the
    magnitude the absolute tolerance scales with (default: max |desired|),
    ``atol_scale`` the table of its factors (default ATOL_SCALE). The
    one comparison engine: test_fuzz and test_extract compare through it too.
    """
    actual = np.asarray(actual)
    desired = np.asarray(desired)
    assert actual.shape == desired.shape, f"shape {actual.shape} != {desired.shape}: {err_msg}"
    if check_dtype:
        assert actual.dtype == desired.dtype, f"dtype {actual.dtype} != {desired.dtype}: {err_msg}"
    prec = real_dtype(dtype if dtype is not None else desired.dtype)
    if scale is None:
        scale = float(np.max(np.abs(desired))) if desired.size else 0.0
    np.testing.assert_allclose(
        actual,
        desired,
        rtol=RTOL[prec],
        atol=(ATOL_SCALE if atol_scale is None else atol_scale)[prec] * scale,
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
    if exc is not fastrosa.ParameterError:
        # librosa's accident (scipy's ValueError, a ZeroDivisionError): fastrosa
        # may name the argument instead (refused_by_name)
        with pytest.raises((exc, fastrosa.ParameterError)) as got:
            fast()
        if isinstance(got.value, fastrosa.ParameterError):
            assert refused_by_name(got.value), got.value
            return
    with pytest.raises(exc) as got:
        fast()
    assert str(got.value) == str(want.value)


# ---------------------------------------------------------------------------
# Comparing fastrosa with librosa call by call
# ---------------------------------------------------------------------------
def refused_by_name(exc) -> bool:
    """A ParameterError of util/_checks.py's kind: it names an argument and its
    value (``n_fft=0 ...``, ``... for win_length=2 ...``), or refuses more work
    than fastrosa does. test_checks pins each; elsewhere it stands in for the
    accident (ZeroDivisionError, IndexError, scipy's ValueError) librosa meets."""
    msg = str(exc)
    return bool(re.search(r"\b[a-z_A-Z]+=", msg)) or "a size argument asks for more" in msg


def same_outcome(fast, ref, check, err_msg=""):
    """librosa's ``ref()`` and fastrosa's ``fast()`` behave alike.

    If ``ref`` warns, ``fast`` must give the same warnings (category and message);
    if ``ref`` raises, ``fast`` must raise the same class (fastrosa's ParameterError
    for librosa's) and the exception is returned; otherwise ``check(got, want)``
    compares the results and ``got`` is returned.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            want, want_exc = ref(), None
        except Exception as exc:  # noqa: BLE001 - any failure must be mirrored
            want, want_exc = None, exc
    got_exc = None
    if want_exc is not None and not isinstance(want_exc, _librosa().ParameterError):
        # librosa fails by accident: fastrosa may refuse the call up front instead
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fast()
            except _fastrosa().ParameterError as exc:
                if refused_by_name(exc):
                    return exc
            except Exception:  # noqa: BLE001 - compared below, with the warnings
                pass
    # the checks run inside the ExitStack, so a failure is reported with any missing warning
    with contextlib.ExitStack() as stack:
        # one pytest.warns per distinct warning: nested ones for a repeated
        # warning (stft's for each CQT octave) would leave the outer ones none
        for category, message in dict.fromkeys((w.category, str(w.message)) for w in caught):
            stack.enter_context(pytest.warns(category, match=f"^{re.escape(message)}$"))
        try:
            got = fast()
        except Exception as exc:  # noqa: BLE001
            got_exc = exc
        if want_exc is not None:
            expected = (
                _fastrosa().ParameterError
                if isinstance(want_exc, _librosa().ParameterError)
                else type(want_exc)
            )
            assert (
                type(got_exc) is expected
            ), f"{err_msg}: librosa raised {want_exc!r}, fastrosa gave {got_exc!r}"
            return got_exc
        assert got_exc is None, f"{err_msg}: librosa returned, fastrosa raised {got_exc!r}"
        check(got, want)
    return got


def layout(y, how):
    """The same values as C-order, F-order, a strided view or a transposed (axis-first) array."""
    if how == "C":
        return np.ascontiguousarray(y)
    if how == "F":
        return np.asfortranarray(y)
    if how == "step":
        big = np.zeros(y.shape[:-1] + (2 * y.shape[-1],), dtype=y.dtype)
        big[..., ::2] = y
        return big[..., ::2]
    if how == "T":
        return np.moveaxis(np.ascontiguousarray(np.moveaxis(y, -1, 0)), 0, -1)
    raise ValueError(how)


def _fastrosa():
    import fastrosa

    return fastrosa


def _librosa():
    import librosa

    return librosa


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


# ---------------------------------------------------------------------------
# SIMD levels. A module whose tests should run at every level this CPU has
# sets ``pytestmark = pytest.mark.usefixtures("every_simd_level")``; each
# test then runs once per level (ids [baseline], [avx2], [avx512]), with that
# level active (the fixture is in conftest.py). tests/test_simd.py checks that the levels give the same bits.
# ---------------------------------------------------------------------------
def simd_levels():
    import fastrosa

    return fastrosa.simd_levels()


@contextlib.contextmanager
def simd(level):
    """Run the block with ``level`` active, then restore the previous one."""
    from fastrosa._ext import _runtime

    previous = _runtime.select_simd(level)
    try:
        yield
    finally:
        _runtime.select_simd(previous)


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


@functools.lru_cache(maxsize=None)
def load(path, mono=True):
    with warnings.catch_warnings():  # librosa's audioread fallback imports the deprecated aifc
        warnings.simplefilter("ignore", DeprecationWarning)
        y, _ = _librosa().load(path, sr=None, mono=mono)
    return y


@functools.lru_cache(maxsize=None)
def librosa_onset(path, sr, median=False):
    """librosa's onset strength envelope of a recording (mean or median over
    mel bands), computed once per session: several test files compare
    against it."""
    agg = np.median if median else np.mean
    env = _librosa().onset.onset_strength(y=load(path), sr=sr, aggregate=agg)
    env.flags.writeable = False
    return env


def call_msg(func, args=(), kw=None, err_msg=""):
    """``func`` and its arguments (arrays by dtype and shape): what a failing comparison names."""
    def show(v):
        return f"ndarray{np.shape(v)}{v.dtype}" if isinstance(v, np.ndarray) else v

    kw = sorted((k, show(v)) for k, v in (kw or {}).items())
    return f"{func} {[show(a) for a in args] if args else ''}{kw} {err_msg}"


def assert_same_array(actual, desired, err_msg=""):
    """Same type, shape, dtype and values: for results that involve no arithmetic."""
    assert type(actual) is type(desired), err_msg
    assert np.asarray(actual).dtype == np.asarray(desired).dtype, err_msg
    np.testing.assert_array_equal(actual, desired, err_msg=err_msg)
    assert np.shape(actual) == np.shape(desired), err_msg


def assert_same_result(got, want, *, err_msg="", prec=None, exact=False):
    """A result like librosa's: a tuple element by element (as long as librosa's),
    each element equal to the bit (``exact``, assert_same_array) or within the
    tolerance of ``prec`` (assert_close; default: the element's dtype)."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want), f"{err_msg}: returned {got!r}"
        for k, (g, w) in enumerate(zip(got, want)):
            assert_same_result(g, w, err_msg=f"[{k}] {err_msg}", prec=prec, exact=exact)
    elif exact or np.asarray(want).dtype.kind in "biu":
        # booleans and integers (masks, frame indices) involve no rounding
        assert_same_array(got, want, err_msg)
    else:
        assert_close(got, want, err_msg=err_msg, dtype=prec)


def compare_api(module, func, *args, err_msg="", prec=None, exact=False, check=None,
                ref_errstate=None, **kw):
    """``fastrosa.<module>.<func>(*args, **kw)`` against librosa's (``module`` may be
    dotted, or "" for the package itself): the same outcome (result, exception
    class, warnings; see same_outcome), compared by ``check(got, want, msg)`` or
    else by assert_same_result (``exact`` or within the tolerance of ``prec``).
    ``ref_errstate`` is numpy's error state for the librosa call only. Returns
    fastrosa's result (or exception)."""
    import fastrosa
    import librosa

    def resolve(package):
        for name in filter(None, module.split(".")):
            package = getattr(package, name)
        return getattr(package, func)

    def ref():
        with np.errstate(**(ref_errstate or {})):
            return resolve(librosa)(*args, **kw)

    msg = call_msg(f"{module}.{func}" if module else func, args, kw, err_msg)
    if check is None:
        def check(got, want, msg):
            assert_same_result(got, want, err_msg=msg, prec=prec, exact=exact)

    return same_outcome(lambda: resolve(fastrosa)(*args, **kw), ref,
                        lambda got, want: check(got, want, msg), msg)
