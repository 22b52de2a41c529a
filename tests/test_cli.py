"""The ``fastrosa`` command line: extract, demo, info, and the classifier's commands."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys

import numpy as np
import pytest
import soundfile as sf

from fastrosa import __main__ as cli
from fastrosa.extract import COLUMNS, _files

SR = 22050
HAVE_CLASSIFY = importlib.util.find_spec("fastrosa.genre") is not None


def fake_summarize(y, sr, *, preset="gtzan", compat="kaggle"):
    row = {c: float(i) for i, c in enumerate(COLUMNS)}
    row["length"] = int(len(y))
    row["rms_mean"] = float(np.sqrt(np.mean(np.square(y, dtype=np.float64))))
    return row


@pytest.fixture
def corpus(tmp_path):
    r = np.random.default_rng(0)
    for genre in ("rock", "pop"):
        (tmp_path / "music" / genre).mkdir(parents=True)
        for i in range(2):
            y = 0.2 * r.standard_normal(int(3.2 * SR)).astype(np.float32)
            sf.write(tmp_path / "music" / genre / f"{genre}.{i:05d}.wav", y, SR)
    return tmp_path / "music"


def test_info(capsys):
    import numpy

    import fastrosa

    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    assert "fftw" in out.lower()
    assert f"fastrosa {fastrosa.__version__}, the API of librosa 0.11.0" in out
    assert f"numpy {numpy.__version__}" in out
    assert f"SIMD level: {fastrosa.simd_level()}" in out
    assert f"threads: {fastrosa.get_num_threads()}" in out


def test_version_and_exit_codes_in_help(capsys):
    import fastrosa

    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"fastrosa {fastrosa.__version__} (the API of librosa 0.11.0)"
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for code in ("0 ", "1 ", "2 ", "130", "141"):
        assert f"\n  {code}" in out, code


def test_closed_output_pipe_is_quiet():
    # the reader is gone before fastrosa writes: no BrokenPipeError traceback
    p = subprocess.Popen([sys.executable, "-m", "fastrosa", "info"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdout.close()
    err = p.stderr.read().decode()
    p.stderr.close()
    assert p.wait(timeout=120) == 141, err
    assert "Traceback" not in err


def test_output_errors_are_one_line(tmp_path, corpus, monkeypatch, capsys):
    monkeypatch.setattr(_files, "summarize", fake_summarize)
    folder_as_output = tmp_path / "a-folder"
    folder_as_output.mkdir()
    assert cli.main(["extract", str(corpus), "-o", str(folder_as_output), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "a-folder" in err
    missing = tmp_path / "no" / "such" / "errors.tsv"
    (corpus / "pop" / "bad.wav").write_bytes(b"not audio")
    code = cli.main(["extract", str(corpus), "-o", str(tmp_path / "f.csv"), "-q",
                     "--errors", str(missing)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and "errors.tsv" in err
    assert not (tmp_path / "f.csv").exists()  # refused before any work


def test_help_lists_commands():
    out = subprocess.run([sys.executable, "-m", "fastrosa", "--help"], capture_output=True,
                         text=True, check=True).stdout
    for cmd in ("extract", "demo", "info"):
        assert cmd in out
    if HAVE_CLASSIFY:
        for cmd in ("train", "predict", "plot"):
            assert cmd in out


def test_extract_command(tmp_path, corpus, monkeypatch, capsys):
    monkeypatch.setattr(_files, "summarize", fake_summarize)
    (corpus / "pop" / "bad.wav").write_bytes(b"not a wav file")
    out = tmp_path / "features.csv"
    args = ["extract", str(corpus), "-o", str(out), "--jobs", "2", "--executor", "thread"]
    assert cli.main(args) == 1  # one file failed, the rest were extracted
    err = capsys.readouterr().err
    assert "files/s" in err and "ETA" in err and "1 failed" in err
    assert "5 audio files: 4 extracted" in err
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["filename", *COLUMNS, "label"]
    assert sorted((r[0], r[-1]) for r in rows[1:]) == [
        ("pop.00000.wav", "pop"), ("pop.00001.wav", "pop"),
        ("rock.00000.wav", "rock"), ("rock.00001.wav", "rock")]
    errors = (tmp_path / "features.errors.tsv").read_text()
    assert "bad.wav\t" in errors

    # a second run resumes: nothing new, the same failure
    (corpus / "pop" / "bad.wav").unlink()
    assert cli.main(args + ["--segment", "1.5"]) == 2  # other options: refused
    assert "made with no --segment" in capsys.readouterr().err
    assert cli.main(args + ["-q"]) == 0
    assert "4 already in" in capsys.readouterr().err


def test_extract_command_missing_folder(tmp_path, capsys):
    assert cli.main(["extract", str(tmp_path / "none"), "-o", str(tmp_path / "f.csv")]) == 2
    assert "no such folder" in capsys.readouterr().err


@pytest.mark.skipif(not HAVE_CLASSIFY, reason="the classifier is not in this checkout")
def test_demo_end_to_end(tmp_path):
    """The main job with no data: synthesise, extract, train, predict (a small run)."""
    pytest.importorskip("sklearn")
    out = tmp_path / "demo"
    proc = subprocess.run(
        [sys.executable, "-m", "fastrosa", "demo", "-o", str(out), "--per-genre", "10",
         "--seconds", "3", "--folds", "2", "--jobs", "2", "--plots", "1"],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert (out / "features.csv").is_file() and (out / "model.joblib").is_file()
    assert len(list(out.glob("*.png"))) == 2, "no confusion matrix or clip picture"
    assert "accuracy" in text and "predict" in text
    with open(out / "features.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 1 + 5 * 10
