"""The CNN genre classifiers (the ``cnn`` extra) and windowed prediction of whole songs."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

import fastrosa
from fastrosa import genre
from fastrosa.__main__ import main
from fastrosa.extract import export_dir, extract_dir
from fastrosa.extract._corpus import make_corpus
from fastrosa.extract._export import clip_segments
from fastrosa.genre import cnn

torch = pytest.importorskip("torch")

SR = 22050
GENRES = ("techno", "breakbeat", "ambient", "funk", "noise")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The demo's corpus, 10 clips of 6.5 s per style (two 3-s segments each), exported."""
    root = tmp_path_factory.mktemp("cnn")
    make_corpus(root / "music", per_genre=10, seconds=6.5, seed=3)
    export_dir(root / "music", root / "segments", progress=False)
    return root


@pytest.fixture(scope="module")
def trained(corpus):
    report = genre.train_cnn(corpus / "segments", folds=5, seed=0)
    path = genre.save_cnn(report, corpus / "model.pt")
    return report, path


def test_cv_accuracy_against_the_svm(corpus, trained):
    report, _ = trained
    features = extract_dir(corpus / "music", corpus / "features.csv", progress=False)
    assert not features.failed
    svm = genre.train(corpus / "features.csv", model="svm", folds=5, inner_folds=3, n_jobs=1)
    assert report.accuracy >= 0.9
    assert report.accuracy >= svm.accuracy - 0.05
    assert report.segment_accuracy >= 0.85
    assert report.confusion.sum() == 50  # clips, not segments
    assert set(report.per_genre) == set(GENRES)
    assert all(1 <= e <= 40 for e in report.fold_epochs)


def test_folds_grouped_by_clip(corpus):
    data = fastrosa.extract.read_segments(corpus / "segments")
    folds = cnn.clip_folds(data["y"], data["clips"], 5, seed=0)
    seen = set()
    for tr, te in folds:
        assert not set(data["clips"][tr]) & set(data["clips"][te])
        seen |= set(te)
    assert seen == set(range(len(data["y"])))


def test_seeded_runs_repeat(corpus):
    a = genre.train_cnn(corpus / "segments", model="cnn-tutorial", folds=2, epochs=3, seed=4)
    b = genre.train_cnn(corpus / "segments", model="cnn-tutorial", folds=2, epochs=3, seed=4)
    sa, sb = a.bundle["state_dict"], b.bundle["state_dict"]
    assert sa.keys() == sb.keys()
    for k in sa:
        assert torch.equal(sa[k], sb[k]), k
    c = genre.train_cnn(corpus / "segments", model="cnn-tutorial", folds=2, epochs=3, seed=5)
    assert not all(torch.equal(sa[k], c.bundle["state_dict"][k]) for k in sa)


def test_tutorial_network_size():
    net = cnn._network("cnn-tutorial", (13, 130), 10)
    n = sum(p.numel() for p in net.parameters())
    assert 140_000 < n < 144_000  # the tutorial's "about 142,000"
    assert net(torch.zeros(2, 1, 13, 130)).shape == (2, 10)
    with pytest.raises(fastrosa.ParameterError, match="too small"):
        cnn._network("cnn-tutorial", (4, 130), 10)


def test_saved_model_and_schema(trained):
    report, path = trained
    bundle = genre.load_model(path)
    assert bundle["kind"] == "cnn" and bundle["classes"] == sorted(GENRES)
    s = bundle["schema"]
    assert (s["features"], s["n_mfcc"], s["sr"], s["segment"], s["shape"]) == ("mfcc", 13, SR, 3.0, [13, 130])
    with pytest.raises(genre.SchemaError, match="not from a features table"):
        genre.predict_table(bundle, "x.csv")


def _write(path, y):
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, y, SR, subtype="FLOAT")
    return path


def test_windowed_prediction_is_the_mean_of_its_windows(corpus, trained, tmp_path):
    _, path = trained
    bundle = genre.load_model(path)
    clips = [fastrosa.load(corpus / "music" / g / f"{g}.00000.wav", sr=SR)[0] for g in ("techno", "ambient")]
    song = _write(tmp_path / "song.wav", np.concatenate(clips))  # 13 s: four 3-s windows
    (whole,) = genre.predict_files(bundle, [song])
    assert [w[0] for w in whole.windows] == [0.0, 3.0, 6.0, 9.0]
    y = fastrosa.load(song, sr=SR)[0]
    m = round(3.0 * SR)
    each = [genre.predict_files(bundle, [_write(tmp_path / f"w{k}.wav", y[k * m:k * m + m - 1])])[0]
            for k in range(4)]
    mean = np.mean([list(e.probs.values()) for e in each], axis=0)
    np.testing.assert_allclose(list(whole.probs.values()), mean, rtol=1e-6, atol=1e-9)
    for w, e in zip(whole.windows, each):
        np.testing.assert_allclose(list(w[2].values()), list(e.probs.values()), rtol=1e-6, atol=1e-9)
    # the probabilities are the network's on the segments librosa's recipe gives
    arrays, _ = clip_segments(y, {**bundle["schema"], "offset": 0.0})
    np.testing.assert_allclose(list(whole.probs.values()),
                               cnn.cnn_probabilities(bundle, arrays).mean(axis=0), rtol=1e-6)
    # offset and duration pick the part of the file
    (part,) = genre.predict_files(bundle, [song], offset=3.0, duration=6.5)
    assert [w[0] for w in part.windows] == [3.0, 6.0]
    np.testing.assert_allclose(list(part.probs.values()),
                               np.mean([list(e.probs.values()) for e in each[1:3]], axis=0), rtol=1e-6)


def test_short_audio_refused(trained, tmp_path):
    _, path = trained
    short = _write(tmp_path / "short.wav", np.zeros(2 * SR, dtype=np.float32))
    with pytest.raises(fastrosa.ParameterError, match="shorter than one 3-s segment"):
        genre.predict_files(path, [short])


def test_cli(corpus, trained, tmp_path, capsys):
    _, path = trained
    song = corpus / "music" / "funk" / "funk.00001.wav"
    assert main(["predict", str(path), str(song), "--per-window"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and out[0].split("\t")[1] == "funk"
    assert out[1].startswith(f"{song}@0.000s\t") and out[2].startswith(f"{song}@3.000s\t")
    # a CSV for a CNN, a folder for a feature model: one line each, exit 2
    assert main(["train", str(corpus / "features.csv"), "-o", str(tmp_path / "m.pt"), "--model", "cnn"]) == 2
    assert "fastrosa export" in capsys.readouterr().err
    assert main(["train", str(corpus / "segments"), "-o", str(tmp_path / "m.joblib")]) == 2
    assert "--model cnn" in capsys.readouterr().err
    short = _write(tmp_path / "short.wav", np.zeros(SR, dtype=np.float32))
    assert main(["predict", str(path), str(short)]) == 1
    assert "shorter than one 3-s segment" in capsys.readouterr().err


def test_cli_train(corpus, tmp_path, capsys):
    assert main(["train", str(corpus / "segments"), "-o", str(tmp_path / "t.pt"), "--model",
                 "cnn-tutorial", "--folds", "2", "--epochs", "2", "--device", "cpu"]) == 0
    out = capsys.readouterr().out
    assert "fold 1/2 epoch   1/2: loss" in out and "clip accuracy" in out
    assert (tmp_path / "t_confusion.png").exists()
    assert genre.load_model(tmp_path / "t.pt")["model"] == "cnn-tutorial"


def test_demo(tmp_path, capsys):
    assert main(["demo", "--model", "cnn", "-o", str(tmp_path), "--per-genre", "6",
                 "--seconds", "6.5", "--folds", "3", "--plots", "0"]) == 0
    out = capsys.readouterr().out
    assert "export     : 60 segments" in out and "unseen clips right" in out
    assert (tmp_path / "model.pt").exists()
