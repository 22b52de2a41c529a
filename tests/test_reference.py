"""librosa's formulas in fastrosa.feature._reference, against librosa itself.

The pure-NumPy twins serve what the C kernels refuse, so they are tested on
their own here, on seeded spectrograms (mono and stereo, float32 and float64).
"""

import librosa
import numpy as np
import pytest
import scipy.fft

from helpers import assert_close
from fastrosa.feature import _reference
from fastrosa.feature._shape import _contrast_bands

SR = 22050


@pytest.fixture(params=[(np.float32, ()), (np.float64, ()), (np.float64, (2,))],
                ids=["f32", "f64", "stereo"])
def S(request):
    dtype, lead = request.param
    y = np.random.default_rng(3).standard_normal(lead + (8000,)).astype(dtype)
    return np.abs(librosa.stft(y, n_fft=512, hop_length=128))


def freq(S):
    return librosa.fft_frequencies(sr=SR, n_fft=2 * (S.shape[-2] - 1))


def test_centroid(S):
    assert_close(_reference.centroid(S, freq(S)),
                 librosa.feature.spectral_centroid(S=S, sr=SR), check_dtype=False)


@pytest.mark.parametrize("p, norm", [(2, True), (1, False), (3.5, True)])
def test_bandwidth(S, p, norm):
    assert_close(_reference.bandwidth(S, freq(S), p=p, norm=norm),
                 librosa.feature.spectral_bandwidth(S=S, sr=SR, p=p, norm=norm),
                 check_dtype=False)


def test_rolloff(S):
    assert_close(_reference.rolloff(S, freq(S), roll_percent=0.7),
                 librosa.feature.spectral_rolloff(S=S, sr=SR, roll_percent=0.7),
                 check_dtype=False)


@pytest.mark.parametrize("power", [1.0, 2.0])
def test_flatness(S, power):
    assert_close(_reference.flatness(S, amin=1e-10, power=power),
                 librosa.feature.spectral_flatness(S=S, power=power))


@pytest.mark.parametrize("linear", [False, True])
def test_contrast(S, linear):
    bins, counts = _contrast_bands(freq(S), S.shape[-2], sr=SR, fmin=200.0, n_bands=4,
                                   quantile=0.02)
    valley, peak = _reference.contrast_extremes(S, bins, counts)
    assert_close(_reference.contrast(valley, peak, linear=linear),
                 librosa.feature.spectral_contrast(S=S, sr=SR, n_bands=4, linear=linear),
                 check_dtype=False)


def test_rms(S):
    y = np.random.default_rng(4).standard_normal(S.shape[:-2] + (5000,)).astype(S.dtype)
    for center, pad_mode in [(True, "constant"), (False, "constant"), (True, "reflect")]:
        assert_close(_reference.rms_frames(y, frame_length=512, hop_length=128, center=center,
                                           pad_mode=pad_mode, dtype=np.float32),
                     librosa.feature.rms(y=y, frame_length=512, hop_length=128, center=center,
                                         pad_mode=pad_mode))
    assert_close(_reference.rms_spectrogram(S, frame_length=512, dtype=np.float32),
                 librosa.feature.rms(S=S, frame_length=512))


@pytest.mark.parametrize("lifter", [1, 22, 0.5])
def test_liftered(S, lifter):
    S_db = librosa.power_to_db(S**2)
    M = scipy.fft.dct(S_db, axis=-2, type=2, norm="ortho")[..., :13, :]
    assert_close(_reference.liftered(M, lifter, n_mfcc=13),
                 librosa.feature.mfcc(S=S_db, n_mfcc=13, lifter=lifter))


def test_numpy_sum_mode():
    S = np.ones((1, 5, 4))
    assert _reference.numpy_sum_mode(np.asfortranarray(S)) == _reference.SUM_PAIRWISE
    assert _reference.numpy_sum_mode(S) == _reference.SUM_SEQUENTIAL
    assert _reference.numpy_sum_mode(np.ones(3)) == _reference.SUM_SEQUENTIAL
