"""The FMA features preset: FMA's recipe written with librosa 0.11.0's calls and
scipy.stats, column by column; the table's layout, resuming, training and prediction."""

from __future__ import annotations

import csv

import numpy as np
import pytest

import fastrosa
from fastrosa import genre
from fastrosa.extract import extract_dir, summarize
from fastrosa.extract._corpus import make_corpus
from fastrosa.extract._fma import FMA_COLUMNS, FMA_SIZES, FMA_STATISTICS, fma_features
from helpers import MONO_FILES, STEREO_FILES, _librosa


class _FixedTuning:
    """librosa, with the CQT's tuning given instead of estimated."""

    def __init__(self, lib, tuning):
        self._lib, self._tuning = lib, tuning

    def __getattr__(self, name):
        return getattr(self._lib, name)

    def cqt(self, y, **kw):
        return self._lib.cqt(y, **{**kw, "tuning": self._tuning})


def recipe_tuning(y, sr):
    """The tuning the recipe's CQT uses: librosa's estimate, or fastrosa's where
    the two differ only by which of two histogram bins with counts within one
    pitch of each other is the maximum (one pitch a float32 ulp from a bin
    edge: both estimates are the recipe's, to its precision)."""
    lib = _librosa()
    want = lib.estimate_tuning(y=y, sr=sr, bins_per_octave=12)
    got = fastrosa.estimate_tuning(y=y, sr=sr, bins_per_octave=12)
    if got == want:
        return None
    pitch, mag = lib.piptrack(y=y, sr=sr)
    on = pitch > 0
    freqs = pitch[on & (mag >= np.median(mag[on]))]
    r = np.mod(12 * lib.hz_to_octs(freqs), 1.0)  # as librosa.pitch_tuning
    r[r >= 0.5] -= 1.0
    counts, edges = np.histogram(r, np.linspace(-0.5, 0.5, 101))
    assert counts[np.argmin(np.abs(edges[:-1] - got))] >= counts.max() - 1, (got, want)
    return got


def reference_row(y, sr):
    """FMA's features.py with today's librosa names, and scipy.stats' moments."""
    import scipy.stats

    out = {}
    tuning = recipe_tuning(y, sr)
    lib = _librosa() if tuning is None else _FixedTuning(_librosa(), tuning)
    for name, x in fma_features(lib, y, sr).items():
        stats = {"mean": np.mean(x, axis=1), "std": np.std(x, axis=1),
                 "skew": scipy.stats.skew(x, axis=1), "kurtosis": scipy.stats.kurtosis(x, axis=1),
                 "median": np.median(x, axis=1), "min": np.min(x, axis=1), "max": np.max(x, axis=1)}
        for stat, v in stats.items():
            for i, value in enumerate(v):
                out[name, stat, f"{i + 1:02d}"] = float(value)
    return out


def assert_rows_equal(got, y, sr):
    """Each column equal to the librosa recipe's, to float32 precision of the feature's
    scale, or to the recipe's own sensitivity where it is ill-conditioned: the
    librosa recipe run again on the signal plus white noise at 2**-22 of its peak
    (the size of the rounding in which two float32 FFTs differ, relative to the
    peak) moves some statistics by more (a
    spectral-contrast valley of 1e-8 in a near-silent frame: decibels of a noise
    floor), and those may differ as much as that, twice over."""
    want = reference_row(y, sr)
    noise = np.random.default_rng(1).standard_normal(y.shape) * (np.max(np.abs(y)) * 2.0**-22)
    nudged = reference_row((y + noise).astype(y.dtype), sr)
    assert list(got) == list(FMA_COLUMNS)
    for name in FMA_SIZES:
        for stat in FMA_STATISTICS:
            keys = [k for k in FMA_COLUMNS if k[0] == name and k[1] == stat]
            a = np.array([got[k] for k in keys])
            b = np.array([want[k] for k in keys])
            c = np.array([nudged[k] for k in keys])
            scale = np.nanmax(np.abs(b)) if np.isfinite(b).any() else 0.0
            tol = 1e-4 * scale + 1e-6 + 2 * np.abs(np.nan_to_num(c - b))
            assert np.array_equal(np.isnan(a), np.isnan(b)), (name, stat)
            ok = np.isnan(b) | (np.abs(a - b) <= tol)
            assert ok.all(), (name, stat, a[~ok], b[~ok], tol[~ok])


def test_columns():
    assert len(FMA_COLUMNS) == 518 and len(set(FMA_COLUMNS)) == 518
    assert FMA_COLUMNS == tuple(sorted(FMA_COLUMNS))
    assert FMA_COLUMNS[0] == ("chroma_cens", "kurtosis", "01")
    assert FMA_COLUMNS[-1] == ("zcr", "std", "01")
    assert sum(FMA_SIZES.values()) == 74


def test_seeded_signal():
    t = np.arange(10 * 22050) / 22050
    rng = np.random.default_rng(0)
    y = (0.3 * np.sin(2 * np.pi * 220 * t * (1 + 0.1 * t)) + 0.05 * rng.standard_normal(t.size)).astype(np.float32)
    assert_rows_equal(summarize(y, 22050, preset="fma"), y, 22050)


@pytest.mark.audio
@pytest.mark.parametrize("path", MONO_FILES[:3] + STEREO_FILES)
def test_recordings(path):
    y, sr = fastrosa.load(path, sr=None, mono=True, duration=30.0)
    assert_rows_equal(summarize(y, sr, preset="fma"), y, sr)


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    root = tmp_path_factory.mktemp("fma")
    make_corpus(root / "music", per_genre=4, seconds=4.0, genres=("techno", "ambient", "noise"))
    s = extract_dir(root / "music", root / "features.csv", preset="fma", progress=False, jobs=2)
    assert s.extracted == 12 and not s.failed
    return root


def test_layout(table):
    with open(table / "features.csv", newline="") as f:
        records = list(csv.reader(f))
    assert records[0][0] == "feature" and records[1][0] == "statistics" and records[2][0] == "number"
    assert [tuple(c) for c in zip(records[0][1:-1], records[1][1:-1], records[2][1:-1])] == list(FMA_COLUMNS)
    assert records[0][-1] == "label"
    assert records[3][0] == "ambient/ambient.00000.wav" and records[3][-1] == "ambient"
    assert len(records) == 3 + 12
    y, sr = fastrosa.load(table / "music" / "ambient" / "ambient.00000.wav", sr=None)
    row = summarize(y, sr, preset="fma")
    assert [float(v) for v in records[3][1:-1]] == [row[c] for c in FMA_COLUMNS]


def test_read_as_fma_reads_its_file(table):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(table / "features.csv", index_col=0, header=[0, 1, 2])
    assert df.shape == (12, 519)
    assert df.loc["ambient/ambient.00000.wav", ("mfcc", "mean", "01")] < 0
    assert df["mfcc"].shape == (12, 140) and df["tonnetz"].shape == (12, 42)


def test_resume_and_options(table, tmp_path):
    s = extract_dir(table / "music", table / "features.csv", preset="fma", progress=False)
    assert (s.extracted, s.skipped) == (0, 12)
    with pytest.raises(fastrosa.ParameterError, match="not a GTZAN features CSV"):
        extract_dir(table / "music", table / "features.csv", progress=False)
    with pytest.raises(fastrosa.ParameterError, match="no segment"):
        extract_dir(table / "music", tmp_path / "x.csv", preset="fma", segment=3, progress=False)
    with pytest.raises(fastrosa.ParameterError, match="preset"):
        extract_dir(table / "music", tmp_path / "x.csv", preset="mfcc", progress=False)


def test_train_and_predict(table):
    report = genre.train(table / "features.csv", model="knn", folds=2, inner_folds=2, n_jobs=1)
    assert report.schema["preset"] == "fma" and len(report.schema["columns"]) == 518
    assert report.schema["columns"][0] == "chroma_cens_kurtosis_01"
    genre.save_model(report, table / "model.joblib")
    clip = table / "music" / "noise" / "noise.00001.wav"
    (p,) = genre.predict_files(table / "model.joblib", [clip])
    rows = {r.name: r for r in genre.predict_table(table / "model.joblib", table / "features.csv")}
    assert p.probs == pytest.approx(rows["noise/noise.00001.wav"].probs)
