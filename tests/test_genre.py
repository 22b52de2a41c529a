"""Genre classification: fastrosa.genre and the train / predict commands.

Quick fits on small seeded tables keep this file fast; the full 10-fold run on
the published GTZAN table is ``benchmarks/genre_cv.py``.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import types
import warnings
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")
pytest.importorskip("joblib")
pytest.importorskip("matplotlib")

import fastrosa  # noqa: E402
from fastrosa import genre  # noqa: E402
from fastrosa.__main__ import build_parser  # noqa: E402
from fastrosa.genre import SchemaError, training  # noqa: E402
from fastrosa.plot import plot_confusion  # noqa: E402

# ../shared/gtzan beside the repository, or FASTROSA_GTZAN_DIR
GTZAN_DIR = Path(os.environ.get("FASTROSA_GTZAN_DIR",
                                Path(__file__).resolve().parents[2] / "shared" / "gtzan"))
GTZAN_30 = GTZAN_DIR / "features_30_sec.csv"

# The published GTZAN feature columns, in order (filename, length, 57 features, label).
FEATURES = (
    ["chroma_stft_mean", "chroma_stft_var", "rms_mean", "rms_var"]
    + [f"{n}_{s}" for n in ("spectral_centroid", "spectral_bandwidth", "rolloff",
                            "zero_crossing_rate", "harmony", "perceptr") for s in ("mean", "var")]
    + ["tempo"]
    + [f"mfcc{k}_{s}" for k in range(1, 21) for s in ("mean", "var")]
)
HEADER = ["filename", "length", *FEATURES, "label"]
GENRES = ("blues", "classical", "metal", "pop")


def _features(rng, genre_index, n):
    """n rows of positive, genre-dependent features (variances log-normal)."""
    centre = np.linspace(1.0, 2.0, len(FEATURES)) * (1.0 + 0.8 * genre_index)
    X = centre * np.exp(0.25 * rng.standard_normal((n, len(FEATURES))))
    return X


def write_table(path, *, per_genre=15, segments=0, seed=0, header=HEADER, genres=GENRES):
    """A seeded features CSV: whole clips (GTZAN names) or ``segments`` rows per clip."""
    rng = np.random.default_rng(seed)
    rows = []
    for g, genre in enumerate(genres):
        X = _features(rng, g, per_genre * max(1, segments))
        for i in range(per_genre):
            if segments:
                for k in range(segments):
                    x = X[i * segments + k]
                    rows.append({"filename": f"{genre}.{i:05d}.{k}.wav", "length": 66149,
                                 "label": genre, **dict(zip(FEATURES, x))})
            else:
                rows.append({"filename": f"{genre}.{i:05d}.wav", "length": 661500 + 17 * (i % 3),
                             "label": genre, **dict(zip(FEATURES, X[i]))})
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for r in rows:
            w.writerow([r[c] for c in header])
    return path


def train_and_save(csv_path, model_path, **kw):
    """genre.train, then save_model (as ``fastrosa train`` does, without the printing)."""
    report = genre.train(csv_path, **kw)
    genre.save_model(report, model_path)
    return report


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A small SVM model trained once for the tests that only use it."""
    d = tmp_path_factory.mktemp("model")
    csv_path = write_table(d / "features.csv")
    res = train_and_save(csv_path, d / "model.joblib", model="svm", folds=3, inner_folds=2, n_jobs=1)
    return d, csv_path, res


# ---------------------------------------------------------------------------
# Import weight
# ---------------------------------------------------------------------------
def test_import_stays_light():
    code = (
        "import sys, fastrosa, fastrosa.genre, fastrosa.plot, fastrosa.__main__\n"
        "heavy = [m for m in ('sklearn', 'scipy', 'matplotlib', 'joblib') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# ---------------------------------------------------------------------------
# Reading tables, segment detection
# ---------------------------------------------------------------------------
def test_segment_clips():
    seg = ["blues.00000.0.wav", "blues.00000.1.wav", "blues.00001.0.wav"]
    assert genre.segment_clips(seg, [66149] * 3) == ["blues.00000", "blues.00000", "blues.00001"]
    assert genre.segment_clips(seg, None) == ["blues.00000", "blues.00000", "blues.00001"]
    # GTZAN 30-s names: the last number is a zero-padded track number, not a segment index
    whole = ["blues.00000.au", "blues.00001.au", "jazz.00000.au"]
    assert genre.segment_clips(whole, [661500] * 3) is None
    # one name without a segment index, or lengths that differ: not a segment table
    assert genre.segment_clips(seg + ["song.wav"], None) is None
    assert genre.segment_clips(seg, [66149, 66149, 66150]) is None
    # distinct clips only: nothing to group
    assert genre.segment_clips(["a.0.wav", "b.0.wav"], [1, 1]) is None


def test_read_table(tmp_path):
    t = genre.read_table(write_table(tmp_path / "f.csv", per_genre=3))
    assert t["columns"] == FEATURES
    assert t["X"].shape == (12, 57)
    assert t["y"].tolist()[:3] == ["blues"] * 3
    assert t["lengths"].dtype.kind == "i"


def test_read_table_errors(tmp_path):
    p = tmp_path / "nolabel.csv"
    write_table(p, per_genre=2, header=HEADER[:-1])
    with pytest.raises(SchemaError, match="no 'label' column"):
        genre.read_table(p)
    assert genre.read_table(p, require_label=False)["y"] is None
    bad = tmp_path / "bad.csv"
    lines = (tmp_path / "nolabel.csv").read_text().splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[5], "abc", 1)
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(SchemaError, match="is not a number"):
        genre.read_table(bad, require_label=False)


def test_log_variances():
    X = np.array([[1.0, np.e, 2.0], [3.0, 1.0, 0.0]])
    got = genre.log_variances(X, columns=[1, 2])
    np.testing.assert_allclose(got, [[1.0, 1.0, np.log(2.0)], [3.0, 0.0, np.log(1e-12)]])
    assert X[0, 1] == np.e  # input untouched


# ---------------------------------------------------------------------------
# Cross-validation: folds and leakage
# ---------------------------------------------------------------------------
def test_group_folds_never_split_a_clip(tmp_path):
    t = genre.read_table(write_table(tmp_path / "seg.csv", per_genre=12, segments=4))
    clips = np.asarray(genre.segment_clips(t["filenames"], t["lengths"]))
    assert len(set(clips)) == 48
    outer, inner = training._splitters(5, 3, 0, grouped=True)
    n_folds = 0
    for tr, te in outer.split(t["X"], t["y"], clips):
        assert not set(clips[tr]) & set(clips[te])
        assert set(t["y"][te]) == set(GENRES)  # stratified
        for itr, ite in inner.split(t["X"][tr], t["y"][tr], clips[tr]):
            assert not set(clips[tr][itr]) & set(clips[tr][ite])
        n_folds += 1
    assert n_folds == 5


class Recorder(genre.Progress):
    """A Progress that keeps what it is told."""

    def __init__(self):
        self.calls = []

    def warning(self, message):
        self.calls.append(("warning", message))

    def start(self, plan):
        self.calls.append(("start", plan))

    def fold(self, result):
        self.calls.append(("fold", result))


def test_segment_table_trains_grouped_and_warns(tmp_path, capsys):
    p = write_table(tmp_path / "seg.csv", per_genre=6, segments=3)
    progress = Recorder()
    res = train_and_save(p, tmp_path / "m.joblib", model="knn", folds=3, inner_folds=2, n_jobs=1,
                         progress=progress)
    assert len(res.warnings) == 1 and "random splits of segments leak" in res.warnings[0].lower()
    assert progress.calls[0] == ("warning", res.warnings[0])  # told before the folds start
    assert [c[0] for c in progress.calls[1:]] == ["start", "fold", "fold", "fold"]
    assert progress.calls[1][1].grouped is True and progress.calls[1][1].rows == 72
    assert capsys.readouterr() == ("", "")  # train prints nothing
    assert res.grouped is True
    schema = genre.load_model(tmp_path / "m.joblib")["schema"]
    assert schema["segment_length"] == 66149 and schema["segment_seconds"] == 3.0
    # --segments no: plain stratified folds, no warning
    res = train_and_save(p, tmp_path / "m2.joblib", model="knn", folds=3, inner_folds=2,
                         segments="no", n_jobs=1)
    assert res.grouped is False
    assert res.warnings == []
    # the command line prints the warning on stderr
    args = build_parser().parse_args(["train", str(p), "-o", str(tmp_path / "m3.joblib"), "--model",
                                      "knn", "--folds", "3", "--inner-folds", "2", "--jobs", "1"])
    assert args.func(args) == 0
    assert "random splits of segments leak" in capsys.readouterr().err.lower()


def test_segments_yes_on_whole_clips_refused(tmp_path):
    p = write_table(tmp_path / "f.csv", per_genre=6)
    with pytest.raises(SchemaError, match="not clip.K.ext"):
        genre.train(p, model="knn", folds=3, inner_folds=2, segments="yes")


def test_too_few_rows_for_the_folds(tmp_path):
    p = write_table(tmp_path / "f.csv", per_genre=4)
    with pytest.raises(ValueError, match="too few rows per genre"):
        genre.train(p, model="knn", folds=4, inner_folds=4)


def test_nested_selection_never_sees_the_test_fold(tmp_path, monkeypatch):
    """Each grid search is fitted on the outer training rows only."""
    p = write_table(tmp_path / "f.csv", per_genre=9)
    seen = []
    real = training._fit_selected

    def spy(estimator, grid, X, y, groups, inner, n_jobs):
        seen.append(X.shape[0])
        return real(estimator, grid, X, y, groups, inner, n_jobs)

    monkeypatch.setattr(training, "_fit_selected", spy)
    genre.train(p, model="knn", folds=3, inner_folds=2, n_jobs=1)
    assert seen == [24, 24, 24, 36]  # three outer training folds, then the final fit on all rows


# ---------------------------------------------------------------------------
# Training report and model round trip
# ---------------------------------------------------------------------------
def test_train_report(trained):
    d, csv_path, res = trained
    assert res.model == "svm"
    assert 0.9 <= res.accuracy <= 1.0  # the seeded genres are well separated
    assert 0.9 <= res.macro_f1 <= 1.0
    assert res.labels == list(GENRES)
    assert res.classes == list(GENRES)
    assert set(res.per_genre) == set(GENRES)
    assert all(m["support"] == 15 for m in res.per_genre.values())
    cm = np.array(res.confusion)
    assert cm.shape == (4, 4) and cm.sum() == 60
    assert np.trace(cm) / 60 == pytest.approx(res.accuracy)
    assert len(res.fold_params) == 3
    assert np.mean(res.predictions == genre.read_table(csv_path)["y"]) == pytest.approx(res.accuracy)
    text = res.text()
    assert "macro-F1" in text and all(g in text for g in GENRES)
    png = Path(plot_confusion(res.confusion, res.labels, d / "confusion.png"))
    assert png.parent == d and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_dir(tmp_path):
    p = write_table(tmp_path / "f.csv", per_genre=6)
    args = build_parser().parse_args(["train", str(p), "-o", str(tmp_path / "m.joblib"), "--model",
                                      "knn", "--folds", "3", "--inner-folds", "2",
                                      "--report-dir", str(tmp_path / "rep")])
    assert args.func(args) == 0
    assert (tmp_path / "rep" / "m_confusion.png").is_file()
    assert not (tmp_path / "m_confusion.png").exists()


def test_one_default_model():
    import inspect

    assert inspect.signature(genre.train).parameters["model"].default == genre.DEFAULT_MODEL
    assert build_parser().parse_args(["train", "x.csv", "-o", "m"]).model == genre.DEFAULT_MODEL


def test_model_round_trip(trained):
    d, csv_path, res = trained
    bundle = genre.load_model(d / "model.joblib")
    assert bundle["schema"]["columns"] == FEATURES
    assert bundle["schema"]["compat"] == "kaggle"
    assert bundle["schema"]["segment_length"] is None
    assert bundle["classes"] == list(GENRES)
    t = genre.read_table(csv_path)
    out = genre.predict_table(d / "model.joblib", csv_path)
    assert [o[0] for o in out] == t["filenames"]
    proba = bundle["estimator"].predict_proba(t["X"])
    for (_, label, probs, windows), p in zip(out, proba):
        assert windows == ()
        assert list(probs) == list(GENRES)
        assert sum(probs.values()) == pytest.approx(1.0)
        np.testing.assert_allclose(list(probs.values()), p)
        assert label == max(probs, key=probs.get)
    # the model fitted on all rows reproduces most training labels
    assert np.mean([o[1] for o in out] == t["y"]) > 0.9


def test_not_a_model(tmp_path):
    import joblib

    joblib.dump({"something": 1}, tmp_path / "x.joblib")
    with pytest.raises(SchemaError, match="not a fastrosa genre model"):
        genre.load_model(tmp_path / "x.joblib")


def test_model_of_an_older_fastrosa(tmp_path, capsys):
    """Pipelines saved before fastrosa.genre name fastrosa.classify.log_variances: one clear error."""
    old = tmp_path / "old.joblib"
    old.write_bytes(b"cfastrosa.classify\nlog_variances\n.")  # a pickle of that function
    with pytest.raises(SchemaError, match="older fastrosa"):
        genre.load_model(old)
    args = _parser().parse_args(["predict", str(old), "x.wav"])
    assert args.func(args) == 2
    assert "train it again" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# Schema refusal
# ---------------------------------------------------------------------------
def test_table_schema_refused(trained, tmp_path):
    d, _, _ = trained
    model = d / "model.joblib"
    swapped = HEADER.copy()
    swapped[2], swapped[3] = swapped[3], swapped[2]
    with pytest.raises(SchemaError, match="column 1 is 'chroma_stft_var'"):
        genre.predict_table(model, write_table(tmp_path / "swap.csv", per_genre=2, header=swapped))
    fewer = [c for c in HEADER if c != "tempo"]
    with pytest.raises(SchemaError, match="missing tempo"):
        genre.predict_table(model, write_table(tmp_path / "few.csv", per_genre=2, header=fewer))
    more = HEADER[:-1] + ["extra_mean", "label"]
    p = tmp_path / "more.csv"
    with open(p, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(more)
        w.writerow(["a.00000.wav", 661500] + [1.0] * 58 + ["blues"])
    with pytest.raises(SchemaError, match="unexpected extra_mean"):
        genre.predict_table(model, p)
    # segment rows against a whole-clip model
    with pytest.raises(SchemaError, match="segments"):
        genre.predict_table(model, write_table(tmp_path / "seg.csv", per_genre=2, segments=2))


def test_check_schema_segment_length():
    schema = {"columns": ["a", "b"], "segment_length": 66149, "segment_seconds": 3.0}
    genre.check_schema(schema, ["filename", "length", "a", "b", "label"], lengths=[66149])
    with pytest.raises(SchemaError, match="3.0 s segments"):
        genre.check_schema(schema, ["a", "b"], lengths=[132299])


# ---------------------------------------------------------------------------
# predict_files with a stand-in extractor (fastrosa.extract's read_audio and clip_rows)
# ---------------------------------------------------------------------------
@pytest.fixture
def fake_extract(monkeypatch):
    """Install a stand-in fastrosa.extract: a file "holds" ``samples[name]`` samples
    (661500 by default) and its rows are looked up by file name, one per window."""
    mod = types.ModuleType("fastrosa.extract")
    mod.table = {}
    mod.samples = {}
    mod.calls = []

    def read_audio(path, *, sr=22050, offset=0.0, duration=None):
        mod.calls.append((str(path), offset, duration))
        return np.zeros(mod.samples.get(Path(path).name, 661500)), sr

    def clip_rows(y, name, *, segment=None, compat="kaggle"):
        mod.calls.append((name, len(y), segment, compat))
        rows = mod.table[name]
        return rows if segment is not None else [rows.pop(0)]

    mod.read_audio, mod.clip_rows = read_audio, clip_rows
    monkeypatch.setitem(sys.modules, "fastrosa.extract", mod)
    monkeypatch.setattr(fastrosa, "extract", mod, raising=False)
    return mod


def _rows(csv_path):
    with open(csv_path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r.pop("label")
        for k in r:
            if k != "filename":
                r[k] = float(r[k])
    return rows


def test_predict_files(trained, fake_extract):
    d, csv_path, _ = trained
    rows = _rows(csv_path)
    fake_extract.table = {"x.wav": [rows[0]], "y.ogg": [rows[-1]]}
    out = genre.predict_files(d / "model.joblib", ["/music/x.wav", Path("/music/y.ogg")])
    assert [o[0] for o in out] == ["/music/x.wav", "/music/y.ogg"]
    assert [o[1] for o in out] == ["blues", "pop"]
    assert fake_extract.calls == [("/music/x.wav", 0.0, None), ("x.wav", 661500, None, "kaggle"),
                                  ("/music/y.ogg", 0.0, None), ("y.ogg", 661500, None, "kaggle")]
    ref = genre.predict_table(d / "model.joblib", csv_path)
    assert out[0][2] == pytest.approx(ref[0][2])
    assert [w[0] for w in out[0].windows] == [0.0]


def test_predict_files_windows(trained, fake_extract):
    """Audio longer than the model's clips is cut into windows of the clip length (the
    median length of its table, 661517 here); shorter than its shortest clip is refused."""
    d, csv_path, _ = trained
    rows = _rows(csv_path)
    assert genre.load_model(d / "model.joblib")["schema"]["clip_length"] == 661517
    fake_extract.table = {"long.wav": rows[:3]}
    fake_extract.samples = {"long.wav": 3 * 661517 + 1000, "short.wav": 661499}
    (p,) = genre.predict_files(d / "model.joblib", ["long.wav"], offset=2.0)
    assert [c[1] for c in fake_extract.calls[1:]] == [661517] * 3
    assert [w[0] for w in p.windows] == pytest.approx([2.0, 2.0 + 661517 / 22050, 2.0 + 2 * 661517 / 22050])
    est = genre.load_model(d / "model.joblib")["estimator"]
    X = np.array([[r[c] for c in FEATURES] for r in rows[:3]])
    np.testing.assert_allclose(list(p.probs.values()), est.predict_proba(X).mean(axis=0))
    np.testing.assert_allclose(list(p.windows[1][2].values()), est.predict_proba(X)[1])
    with pytest.raises(fastrosa.ParameterError, match="shorter than the 30.00-s clips"):
        genre.predict_files(d / "model.joblib", ["short.wav"])


def test_window_bounds():
    assert genre.window_bounds(250, 100, 90) == [(0, 100), (100, 200)]
    assert genre.window_bounds(95, 100, 90) == [(0, 95)]
    with pytest.raises(fastrosa.ParameterError):
        genre.window_bounds(89, 100, 90)


def test_predict_files_schema_refused(trained, fake_extract):
    d, csv_path, _ = trained
    row = _rows(csv_path)[0]
    del row["mfcc20_var"]
    fake_extract.table = {"x.wav": [row]}
    with pytest.raises(SchemaError, match=r"x.wav \(extractor output\).*missing mfcc20_var"):
        genre.predict_files(d / "model.joblib", ["x.wav"])


def test_predict_files_segments(tmp_path, fake_extract):
    p = write_table(tmp_path / "seg.csv", per_genre=9, segments=3)
    train_and_save(p, tmp_path / "m.joblib", model="knn", folds=3, inner_folds=2,
                   compat="current", n_jobs=1)
    rows = _rows(p)
    fake_extract.table = {"clip.wav": rows[:3], "bad.wav": [dict(rows[0], length=132299.0)]}
    (name, label, probs, windows), = genre.predict_files(tmp_path / "m.joblib", ["clip.wav"])
    assert fake_extract.calls[1] == ("clip.wav", 661500, 3.0, "current")
    assert [w[0] for w in windows] == [0.0, 3.0, 6.0]
    est = genre.load_model(tmp_path / "m.joblib")["estimator"]
    X = np.array([[r[c] for c in FEATURES] for r in rows[:3]])
    np.testing.assert_allclose(list(probs.values()), est.predict_proba(X).mean(axis=0))
    assert label == "blues"
    with pytest.raises(SchemaError, match="3.0 s segments"):
        genre.predict_files(tmp_path / "m.joblib", ["bad.wav"])


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
def _parser():
    return build_parser()


def test_cli_train_and_predict(tmp_path, capsys):
    p = write_table(tmp_path / "f.csv", per_genre=6)
    ap = _parser()
    args = ap.parse_args(["train", str(p), "-o", str(tmp_path / "m.joblib"), "--model", "knn",
                          "--folds", "3", "--inner-folds", "2", "--jobs", "1"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "accuracy" in out and "macro-F1" in out and "m_confusion.png" in out
    for g in GENRES:
        assert g in out
    args = ap.parse_args(["predict", str(tmp_path / "m.joblib"), str(p), "--top", "2"])
    assert args.func(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 24
    name, label, probs = lines[0].split("\t")
    assert name == "blues.00000.wav" and label in GENRES and len(probs.split("  ")) == 2


def test_cli_errors(tmp_path, capsys):
    ap = _parser()
    args = ap.parse_args(["train", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "m.joblib")])
    assert args.func(args) == 2
    assert "fastrosa train: error" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        ap.parse_args(["train", "x.csv", "-o", "m", "--model", "xgboost"])
    with pytest.raises(SystemExit):
        ap.parse_args(["train", "x.csv"])  # -o is required


def test_cli_predict_schema_error(trained, tmp_path, capsys):
    d, _, _ = trained
    fewer = [c for c in HEADER if c != "tempo"]
    bad = write_table(tmp_path / "few.csv", per_genre=2, header=fewer)
    args = _parser().parse_args(["predict", str(d / "model.joblib"), str(bad)])
    assert args.func(args) == 2
    assert "missing tempo" in capsys.readouterr().err


def test_every_model_fits(tmp_path):
    """Each built-in model trains and gives probabilities (tiny grids of the real models)."""
    from sklearn.exceptions import ConvergenceWarning

    p = write_table(tmp_path / "f.csv", per_genre=6)
    t = genre.read_table(p)
    for name in genre.MODELS:
        est, grid = genre.make_estimator(name, t["columns"], n_fit=len(t["y"]))
        assert all(isinstance(v, list) and v for v in grid.values())
        est.set_params(**{k: v[0] for k, v in grid.items()})
        if name in ("hgb", "rf"):  # keep this test fast
            est.set_params(clf__max_iter=20) if name == "hgb" else est.set_params(clf__n_estimators=20)
        with warnings.catch_warnings():  # lbfgs may stop at max_iter on 24 rows
            warnings.simplefilter("ignore", ConvergenceWarning)
            est.fit(t["X"], t["y"])
        proba = est.predict_proba(t["X"])
        assert proba.shape == (24, 4)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="unknown model"):
        genre.make_estimator("xgboost", t["columns"])


# ---------------------------------------------------------------------------
# The published GTZAN table (skipped when absent; the full 10-fold run is a benchmark)
# ---------------------------------------------------------------------------
@pytest.mark.skipif(not GTZAN_30.is_file(), reason=f"{GTZAN_30} absent")
def test_gtzan_quick(tmp_path):
    res = train_and_save(GTZAN_30, tmp_path / "m.joblib", model="knn", folds=3,
                         inner_folds=2, n_jobs=1)
    assert res.labels == ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal",
                             "pop", "reggae", "rock"]
    assert sum(m["support"] for m in res.per_genre.values()) == 1000
    assert res.grouped is False  # blues.00000.au is a whole clip
    assert res.accuracy > 0.65
    bundle = genre.load_model(tmp_path / "m.joblib")
    assert len(bundle["schema"]["columns"]) == 57


def test_docstring_examples():
    import doctest

    attempted = 0
    for module in (genre.table, genre.models, genre.report, training, genre.modelfile, genre.predict):
        with np.printoptions(legacy=False):
            result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted > 0


# ---------------------------------------------------------------------------
# Tables that are not what they seem
# ---------------------------------------------------------------------------
def _rewrite(path, fn):
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    rows = fn(rows)
    with open(path, "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_read_table_leaves_out_an_index_column(tmp_path):
    p = _rewrite(write_table(tmp_path / "f.csv", per_genre=3),
                 lambda rows: [[""] + rows[0]] + [[str(i)] + r for i, r in enumerate(rows[1:])])
    with pytest.warns(UserWarning, match="left out: ''"):
        t = genre.read_table(p)
    assert t["columns"] == FEATURES


def test_read_table_refuses_an_index_in_another_table(tmp_path):
    p = tmp_path / "other.csv"
    p.write_text("Unnamed: 0,filename,a,b,label\n0,x.wav,1,2,rock\n1,y.wav,3,4,jazz\n")
    with pytest.raises(SchemaError, match="looks like a saved DataFrame index"):
        genre.read_table(p)


def test_read_table_bom_duplicates_and_case(tmp_path):
    p = write_table(tmp_path / "f.csv", per_genre=3)
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    assert genre.read_table(bom)["X"].shape == (12, 57)
    dup = tmp_path / "dup.csv"
    dup.write_bytes(p.read_bytes())
    _rewrite(dup, lambda rows: rows + [rows[1]])
    with pytest.raises(SchemaError, match="repeats row 2"):
        genre.read_table(dup)
    case = tmp_path / "case.csv"
    case.write_bytes(p.read_bytes())
    _rewrite(case, lambda rows: rows[:2] + [rows[2][:-1] + [rows[2][-1].upper()]] + rows[3:])
    with pytest.raises(SchemaError, match="differ only in case: BLUES, blues"):
        genre.read_table(case)


def test_unpadded_track_numbers_are_not_segments():
    names = [f"{g}.{i}.wav" for g in ("blues", "jazz") for i in range(5)]
    assert genre.segment_clips(names, [661500] * 10) is None
    assert genre.segment_clips(names, [661794] * 10) is None
    seg = [f"blues.00000.{k}.wav" for k in range(3)]
    assert genre.segment_clips(seg, [int(2.5 * 22050) - 1] * 3) == ["blues.00000"] * 3


def test_cli_predict_folders_names_and_bad_models(trained, tmp_path, fake_extract, capsys):
    d, csv_path, _ = trained
    rows = _rows(csv_path)
    folder = tmp_path / "songs" / "rock"
    folder.mkdir(parents=True)
    for name in ("a.wav", "tab\tname.wav"):
        (folder / name).write_bytes(b"")  # the stand-in extractor never reads them
    fake_extract.table = {"a.wav": [rows[0]], "tab\tname.wav": [rows[1]]}
    args = _parser().parse_args(["predict", str(d / "model.joblib"), str(tmp_path / "songs")])
    assert args.func(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(len(line.split("\t")) == 3 for line in lines)
    assert lines[1].startswith(str(folder / "tab\\tname.wav"))
    for content in (b"\x80\x04K\x66.", b"fQ\x00 not a pickle", b""):  # a number, junk, empty
        not_model = tmp_path / "notes.joblib"
        not_model.write_bytes(content)
        args = _parser().parse_args(["predict", str(not_model), str(tmp_path / "songs")])
        assert args.func(args) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("fastrosa predict: error: "), err
        assert "model" in err


def test_cli_train_prints_time_left(tmp_path, capsys):
    p = write_table(tmp_path / "f.csv", per_genre=6)
    args = _parser().parse_args(["train", str(p), "-o", str(tmp_path / "m.joblib"), "--model",
                                 "mlp", "--folds", "3", "--inner-folds", "2", "--jobs", "1"])
    assert args.func(args) == 0
    cap = capsys.readouterr()
    folds = [line for line in cap.out.splitlines() if line.lstrip().startswith("fold")]
    assert len(folds) == 3 and all("left)" in line for line in folds)
    # MLPs stop at max_iter in many fits: one line says so, no warning per fit
    assert "ConvergenceWarning:" not in cap.err
    assert cap.out.count("ConvergenceWarning") <= 2


def test_top_level_cli_subcommand_usage_and_choices(capsys):
    from fastrosa import __main__ as cli

    with pytest.raises(SystemExit) as exc:
        cli.main(["extract", "somewhere", "--bogus"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "usage: fastrosa extract" in err and "unrecognized arguments: --bogus" in err
    with pytest.raises(SystemExit) as exc:
        cli.main(["demo", "--model", "bogus"])  # refused before any synthesis
    assert exc.value.code == 2
    assert "invalid choice: 'bogus'" in capsys.readouterr().err
