"""A 1-hour 22050 Hz float32 signal through stft, melspectrogram and mfcc.
About 13 s in all here, with a peak of about 3 GB (the 1.3 GB spectrogram).

Each completes and equals the same transform computed in 10-minute chunks
(frames are independent: a chunk's frames are the whole signal's), so no
index, size or stride overflows or loses frames on a long input.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import assert_close

import fastrosa

SR = 22050
N = 3600 * SR  # one hour
N_FFT, HOP = 2048, 512
HALF = N_FFT // 2
CHUNK_FRAMES = 600 * SR // HOP  # about ten minutes of frames


@pytest.fixture(scope="module")
def hour():
    # noise whose level changes every second (so misplaced frames would show)
    r = np.random.default_rng(3600)
    y = r.standard_normal(N, dtype=np.float32)
    y *= np.repeat(r.uniform(0.01, 1.0, N // SR).astype(np.float32), SR)
    return y


def _chunks(n_frames):
    return [(f0, min(f0 + CHUNK_FRAMES, n_frames)) for f0 in range(0, n_frames, CHUNK_FRAMES)]


def _frames_of(padded, f0, f1, func):
    """``func`` of frames f0..f1-1 of the padded signal, computed on that slice alone."""
    return func(padded[f0 * HOP: (f1 - 1) * HOP + N_FFT])


def test_stft_hour_equals_chunks(hour):
    D = fastrosa.stft(hour, n_fft=N_FFT, hop_length=HOP)
    n_frames = 1 + N // HOP
    assert D.shape == (1 + N_FFT // 2, n_frames) and D.dtype == np.complex64
    padded = np.pad(hour, HALF)
    for f0, f1 in _chunks(n_frames):
        part = _frames_of(padded, f0, f1,
                          lambda x: fastrosa.stft(x, n_fft=N_FFT, hop_length=HOP, center=False))
        if not np.array_equal(D[:, f0:f1], part):  # (the same plans: equal, as a rule)
            assert_close(D[:, f0:f1], part, err_msg=f"frames {f0}:{f1}")
    del D


def test_mfcc_hour_equals_chunks(hour):
    """mfcc of the hour, and of its mel spectrogram computed chunk by chunk (the dB
    scale's top_db clipping is global, so the chunks meet before it)."""
    M = fastrosa.feature.mfcc(y=hour, sr=SR, n_fft=N_FFT, hop_length=HOP)
    n_frames = 1 + N // HOP
    assert M.shape == (20, n_frames) and M.dtype == np.float32
    padded = np.pad(hour, HALF)
    mel = np.concatenate([
        _frames_of(padded, f0, f1, lambda x: fastrosa.feature.melspectrogram(
            y=x, sr=SR, n_fft=N_FFT, hop_length=HOP, center=False))
        for f0, f1 in _chunks(n_frames)], axis=-1)
    want = fastrosa.feature.mfcc(S=fastrosa.power_to_db(mel), sr=SR)
    assert_close(M, want, err_msg="mfcc of the hour vs chunked mel spectrogram")
