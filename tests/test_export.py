"""fastrosa export: segment arrays of MFCCs and mel spectrograms, equal to librosa's
features of the same segments; the index, resuming, options, errors and images."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
import soundfile as sf

import fastrosa
from fastrosa.__main__ import main
from fastrosa.extract import _export, export_dir, read_segments
from fastrosa.extract._corpus import make_corpus
from fastrosa.extract._files import segment_bounds
from helpers import MONO_FILES, _librosa, assert_close

SR = 22050


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    make_corpus(root, per_genre=2, seconds=6.5, genres=("techno", "ambient"))
    return root


def librosa_segments(y, sr, features, n_mfcc=13, n_mels=128, seconds=3.0):
    """The tutorials' recipe, written with librosa 0.11.0's calls."""
    librosa = _librosa()
    out = []
    for a, b in segment_bounds(len(y), seconds, sr):
        seg = y[a:b]
        if features == "mfcc":
            out.append(librosa.feature.mfcc(y=seg, sr=sr, n_mfcc=n_mfcc, n_fft=2048, hop_length=512))
        else:
            S = librosa.feature.melspectrogram(y=seg, sr=sr, n_fft=2048, hop_length=512, n_mels=n_mels)
            out.append(librosa.power_to_db(S, ref=np.max))
    return np.stack(out)


@pytest.mark.parametrize("features", ["mfcc", "mel"])
def test_arrays_equal_librosa(corpus, tmp_path, features):
    s = export_dir(corpus, tmp_path / "out", features=features, progress=False, jobs=2)
    assert s.extracted == 4 and s.rows == 8 and not s.failed
    data = read_segments(tmp_path / "out")
    assert data["X"].dtype == np.float32
    assert data["X"].shape == (8, 13 if features == "mfcc" else 128, 130)  # the tutorials' 130 frames
    with open(tmp_path / "out" / "index.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["label"] for r in rows] == ["ambient"] * 4 + ["techno"] * 4
    for clip in sorted({r["clip"] for r in rows}):
        y, _ = fastrosa.load(corpus / clip, sr=SR)
        want = librosa_segments(y, SR, features)
        got = np.load(tmp_path / "out" / f"arrays/{clip}.npy")
        assert got.shape == want.shape
        assert_close(got, want, err_msg=clip)
        mine = [r for r in rows if r["clip"] == clip]
        assert [float(r["start"]) for r in mine] == [0.0, 3.0]
        assert {r["segments"] for r in mine} == {"2"}


@pytest.mark.audio
@pytest.mark.parametrize("path", MONO_FILES[:2])
def test_recordings_equal_librosa(path, tmp_path):
    d = tmp_path / "music" / "field"
    d.mkdir(parents=True)
    (d / path.name).symlink_to(path)
    export_dir(tmp_path / "music", tmp_path / "out", features="mel", n_mels=64, progress=False,
               duration=12.0)
    got = np.load(tmp_path / "out" / "arrays" / "field" / f"{path.name}.npy")
    y, _ = fastrosa.load(path, sr=SR, duration=12.0)
    assert_close(got, librosa_segments(y, SR, "mel", n_mels=64))


def test_offset_duration(corpus, tmp_path):
    export_dir(corpus, tmp_path / "out", progress=False, offset=0.5, duration=3.5)
    data = read_segments(tmp_path / "out")
    assert len(data["y"]) == 4 and set(data["starts"]) == {0.5}
    y, _ = fastrosa.load(corpus / data["clips"][0], sr=SR, offset=0.5, duration=3.5)
    assert_close(data["X"][0], librosa_segments(y, SR, "mfcc")[0])


def test_resume_and_repair(corpus, tmp_path):
    out = tmp_path / "out"
    export_dir(corpus, out, progress=False)
    index = out / "index.csv"
    full = index.read_text()
    lines = full.splitlines(keepends=True)
    # an interruption: the last file's second row lost, and a row cut mid-write
    index.write_text("".join(lines[:-1]) + lines[-1][:10])
    s = export_dir(corpus, out, progress=False)
    assert (s.extracted, s.skipped) == (1, 3)
    assert index.read_text() == full
    # a re-run with everything there does nothing
    assert export_dir(corpus, out, progress=False).skipped == 4
    assert json.loads((out / "export.json").read_text())["complete"] is True


def test_interrupted_run_keeps_what_was_written(corpus, tmp_path, monkeypatch):
    real = _export._export_file
    calls = []

    def stop_after_two(path, **kw):
        calls.append(path)
        if len(calls) > 2:
            raise KeyboardInterrupt
        return real(path, **kw)

    monkeypatch.setattr(_export, "_export_file", stop_after_two)
    s = export_dir(corpus, tmp_path / "out", progress=False, jobs=1)
    assert s.interrupted and s.extracted == 2
    monkeypatch.setattr(_export, "_export_file", real)
    s = export_dir(corpus, tmp_path / "out", progress=False)
    assert (s.extracted, s.skipped) == (2, 2)
    assert len(read_segments(tmp_path / "out")["y"]) == 8


def test_other_options_refused(corpus, tmp_path):
    export_dir(corpus, tmp_path / "out", progress=False)
    with pytest.raises(fastrosa.ParameterError, match="was made with --features mfcc"):
        export_dir(corpus, tmp_path / "out", features="mel", progress=False)
    with pytest.raises(fastrosa.ParameterError, match="--n_mfcc 13"):
        export_dir(corpus, tmp_path / "out", n_mfcc=20, progress=False)


@pytest.mark.parametrize("kw, match", [
    ({"features": "chroma"}, "features"), ({"segment": 0.01}, "segment"),
    ({"segment": float("nan")}, "segment"), ({"n_mfcc": 0}, "n_mfcc"), ({"hop_length": 2.5}, "hop_length"),
    ({"sr": -1}, "sr"), ({"offset": -1.0}, "offset"), ({"duration": 0.0}, "duration"),
])
def test_bad_options(corpus, tmp_path, kw, match):
    with pytest.raises(fastrosa.ParameterError, match=match):
        export_dir(corpus, tmp_path / "out", progress=False, **kw)
    assert not (tmp_path / "out").exists()


def test_failures_listed(corpus, tmp_path):
    music = tmp_path / "music"
    make_corpus(music, per_genre=1, seconds=6.5, genres=("funk",))
    (music / "funk" / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    sf.write(music / "funk" / "short.wav", np.zeros(SR, dtype=np.float32), SR)
    s = export_dir(music, tmp_path / "out", progress=False)
    assert s.extracted == 1 and len(s.failed) == 2
    errors = (tmp_path / "out" / "errors.tsv").read_text()
    assert "broken.wav" in errors and "shorter than one 3-s segment" in errors


def test_images(corpus, tmp_path):
    export_dir(corpus, tmp_path / "out", images=True, progress=False)
    png = tmp_path / "out" / "images" / "techno" / "techno00000.png"
    import matplotlib.image

    assert matplotlib.image.imread(png).shape[:2] == (288, 432)
    assert len(list((tmp_path / "out" / "images").rglob("*.png"))) == 4


def test_cli(corpus, tmp_path, capsys):
    assert main(["export", str(corpus), "-o", str(tmp_path / "out"), "--features", "mel",
                 "--n-mels", "40", "-q"]) == 0
    assert read_segments(tmp_path / "out")["X"].shape == (8, 40, 130)
    assert main(["export", str(corpus), "-o", str(tmp_path / "out2"), "--segment", "0"]) == 2
    assert "segment=0.0" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "nothing"), "-o", str(tmp_path / "out3")]) == 2


def test_read_segments_refuses_other_folders(tmp_path):
    with pytest.raises(fastrosa.ParameterError, match="not a folder written by fastrosa export"):
        read_segments(tmp_path)
