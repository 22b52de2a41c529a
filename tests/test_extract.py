"""GTZAN feature extraction: the feature row against its recipe written with librosa
0.11.0 calls, and the folder-to-CSV machinery (walk, labels, segments, resume,
errors, parallel runs, dask)."""

from __future__ import annotations

import csv
import functools
import os
import sys
import warnings
from pathlib import Path

import librosa
import numpy as np
import pytest
import soundfile as sf
from helpers import AUDIO_DIR, MONO_FILES, assert_close, load

import fastrosa
import fastrosa.extract as fx
from fastrosa.extract import _files, _runner, _summary

GTZAN_CSV = AUDIO_DIR.parent / "gtzan" / "features_30_sec.csv"
F32 = np.dtype(np.float32)
SR = 22050


# ---------------------------------------------------------------------------
# The recipe, call by call, with librosa 0.11.0 (the reference)
# ---------------------------------------------------------------------------
def librosa_recipe(y, sr, compat):
    """The GTZAN row as issue-tracker and module docs spell it, one librosa call per feature."""
    pad = "reflect" if compat == "kaggle" else "constant"
    row = {"length": len(y)}

    def stats(name, x):
        row[f"{name}_mean"] = float(np.mean(x))
        row[f"{name}_var"] = float(np.var(x))

    stats("chroma_stft", librosa.feature.chroma_stft(y=y, sr=sr, pad_mode=pad))
    stats("rms", librosa.feature.rms(y=y, pad_mode=pad))
    stats("spectral_centroid", librosa.feature.spectral_centroid(y=y, sr=sr, pad_mode=pad))
    stats("spectral_bandwidth", librosa.feature.spectral_bandwidth(y=y, sr=sr, pad_mode=pad))
    stats("rolloff", librosa.feature.spectral_rolloff(y=y, sr=sr, pad_mode=pad))
    stats("zero_crossing_rate", librosa.feature.zero_crossing_rate(y))
    if compat == "kaggle":
        H, P = librosa.decompose.hpss(librosa.stft(y, pad_mode="reflect"))
        h = librosa.util.fix_length(librosa.istft(H), size=len(y))
        p = librosa.util.fix_length(librosa.istft(P), size=len(y))
        tempo = librosa.beat.beat_track(y=y, sr=sr)[0]
    else:
        h, p = librosa.effects.hpss(y)
        tempo = librosa.feature.tempo(y=y, sr=sr)[0]
    stats("harmony", h)
    stats("perceptr", p)
    row["tempo"] = float(np.atleast_1d(tempo)[0])
    mfcc = librosa.feature.mfcc(y=y, sr=sr, pad_mode=pad)
    for k in range(20):
        stats(f"mfcc{k + 1}", mfcc[k])
    return row


def assert_row_close(got, want, msg=""):
    """Column by column at float32 tolerance: length and tempo exactly; a mean
    at the scale of the values averaged (its column's standard deviation, so
    means near zero are not compared to their own tiny size), a variance at its own."""
    assert list(got) == list(fx.COLUMNS), msg
    assert got["length"] == want["length"], msg
    assert got["tempo"] == want["tempo"], f"tempo {msg}"
    for c in fx.COLUMNS[1:]:
        if c == "tempo":
            continue
        scale = abs(want[c])
        if c.endswith("_mean"):
            scale = max(scale, float(np.sqrt(want[c[:-5] + "_var"])))
        assert_close(got[c], want[c], err_msg=f"{c} {msg}", dtype=F32, scale=scale,
                     check_dtype=False)


@functools.lru_cache(maxsize=None)
def excerpt(path, seconds):
    return load(path)[: int(seconds * SR)]


@functools.lru_cache(maxsize=None)
def reference(path, seconds, compat):
    return librosa_recipe(excerpt(path, seconds), SR, compat)


# music of different kinds (jazz, drum and bass, ragtime) and speech
MUSIC = sorted((p for p in MONO_FILES if p.values[0] is None or p.id.startswith(
                ("Kevin_MacLeod_-_Vibe", "admiralb", "442789__", "198-209-"))),
               key=lambda p: p.id != "Kevin_MacLeod_-_Vibe_Ace")


# ---------------------------------------------------------------------------
# COLUMNS
# ---------------------------------------------------------------------------
def test_columns_layout():
    assert len(fx.COLUMNS) == 58 and len(set(fx.COLUMNS)) == 58
    assert fx.COLUMNS[:3] == ("length", "chroma_stft_mean", "chroma_stft_var")
    assert fx.COLUMNS[-2:] == ("mfcc20_mean", "mfcc20_var")
    assert _runner.HEADER == ("filename",) + fx.COLUMNS + ("label",)


@pytest.mark.skipif(not GTZAN_CSV.is_file(), reason="no published GTZAN CSV beside the checkout")
def test_columns_match_published_csv():
    with open(GTZAN_CSV, newline="") as f:
        header = next(csv.reader(f))
    assert tuple(header) == _runner.HEADER


# ---------------------------------------------------------------------------
# The shared-STFT recipe, run on librosa's own functions, equals the call-by-call
# recipe: the sharing (one STFT, the constant-padded edge frames of the onset
# envelope in kaggle mode, S= paths) is exact whatever library runs it.
# ---------------------------------------------------------------------------
def _shared_on_librosa(y, compat):
    row = _summary._summarize_with(librosa, y, SR, compat)
    return {c: row[c] for c in fx.COLUMNS}


@pytest.mark.audio
@pytest.mark.parametrize("compat", fx.COMPAT_MODES)
@pytest.mark.parametrize("path", MUSIC[:1])
def test_sharing_is_exact_on_librosa(path, compat):
    assert_row_close(_shared_on_librosa(excerpt(path, 10), compat), reference(path, 10, compat),
                     f"{path.name} {compat}")


@pytest.mark.parametrize("compat", fx.COMPAT_MODES)
@pytest.mark.parametrize("n", [2049, 4 * 2048, 30011])
def test_sharing_is_exact_on_librosa_short(n, compat):
    t = np.arange(n) / SR
    r = np.random.default_rng(n)
    y = (0.3 * np.sin(2 * np.pi * 330 * t) + 0.1 * r.standard_normal(n)).astype(np.float32)
    y[:: 2205] += 0.8  # clicks for the onset envelope
    assert_row_close(_shared_on_librosa(y, compat), librosa_recipe(y, SR, compat), f"n={n}")


@pytest.mark.audio
@pytest.mark.parametrize("compat", fx.COMPAT_MODES)
@pytest.mark.parametrize("path", MUSIC[:1])
def test_blocks_are_exact_on_librosa(path, compat):
    """The long-signal path, in blocks of frames small enough that the 10 s
    excerpt has three of them (and a short last one), run on librosa."""
    from fastrosa.extract._blocked import summarize_blocked

    got = summarize_blocked(librosa, excerpt(path, 10), SR, compat, block=150)
    assert_row_close(got, reference(path, 10, compat), f"{path.name} {compat}")


@pytest.mark.parametrize("compat", fx.COMPAT_MODES)
@pytest.mark.parametrize("n", [512 * 60 + 1])
def test_blocks_are_exact_on_librosa_edges(n, compat):
    """Blocks of 3 frames and of most of the signal, on a length just past a hop
    (a last frame of one sample beyond the previous one)."""
    from fastrosa.extract._blocked import summarize_blocked

    r = np.random.default_rng(n)
    t = np.arange(n) / SR
    y = (0.3 * np.sin(2 * np.pi * 523 * t) + 0.1 * r.standard_normal(n)).astype(np.float32)
    y[::4410] += 0.7
    want = librosa_recipe(y, SR, compat)
    for block in (3, 50):
        assert_row_close(summarize_blocked(librosa, y, SR, compat, block=block), want,
                         f"n={n} block={block} {compat}")


# ---------------------------------------------------------------------------
# summarize (fastrosa) against the librosa recipe
# ---------------------------------------------------------------------------
@pytest.mark.audio
@pytest.mark.parametrize("compat", fx.COMPAT_MODES)
@pytest.mark.parametrize("path", MUSIC)
def test_summarize_recordings(path, compat):
    got = fx.summarize(excerpt(path, 10), SR, compat=compat)
    assert_row_close(got, reference(path, 10, compat), f"{path.name} {compat}")


@pytest.mark.audio
@pytest.mark.parametrize("path", MUSIC[:1])
def test_summarize_gtzan_length(path):
    """A whole GTZAN-length clip (30 s), kaggle mode."""
    got = fx.summarize(excerpt(path, 30), SR)
    assert_row_close(got, reference(path, 30, "kaggle"), path.name)


@pytest.mark.parametrize("compat", fx.COMPAT_MODES)
@pytest.mark.parametrize("n", [4 * 2048 - 1, 4 * 2048 + 513, 22050 * 3 - 1])
def test_summarize_synthetic(n, compat):
    t = np.arange(n) / SR
    r = np.random.default_rng(n)
    y = (0.3 * np.sin(2 * np.pi * 440 * t) + 0.05 * r.standard_normal(n)).astype(np.float32)
    y[:: 5512] += 0.9
    assert_row_close(fx.summarize(y, SR, compat=compat), librosa_recipe(y, SR, compat), f"n={n}")


@pytest.mark.audio
@pytest.mark.parametrize("compat", fx.COMPAT_MODES)
@pytest.mark.parametrize("path", MUSIC[:1])
def test_summarize_long_path(path, compat, monkeypatch):
    """summarize takes a long signal in blocks: with the thresholds lowered, a
    10-s excerpt goes that way, and still equals the librosa recipe."""
    monkeypatch.setattr(_summary, "LONG_FRAMES", 200)
    monkeypatch.setattr(_summary, "BLOCK_FRAMES", 150)
    got = fx.summarize(excerpt(path, 10), SR, compat=compat)
    assert_row_close(got, reference(path, 10, compat), f"{path.name} {compat}")


def test_long_signal_memory():
    """A long signal in blocks: peak memory stays a small multiple of the signal
    (the whole-signal path holds spectrograms of ~16x its size). Small blocks
    stand in for the default ones on a 1-minute signal."""
    import tracemalloc

    from fastrosa.extract import _blocked, _corpus

    y = np.resize(_corpus.synth_clip("funk", 6.0, seed=2), 60 * SR)
    tracemalloc.start()
    try:
        row = _blocked.summarize_blocked(fastrosa, y, SR, "kaggle", block=64)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert row["length"] == y.size
    assert peak < 2 * y.nbytes, f"peak {peak / y.nbytes:.2f}x the signal"


def test_summarize_errors():
    y = np.zeros(4096, np.float32)
    with pytest.raises(fastrosa.ParameterError, match="compat"):
        fx.summarize(y, SR, compat="old")
    with pytest.raises(fastrosa.ParameterError, match="preset"):
        fx.summarize(y, SR, preset="mirex")
    with pytest.raises(fastrosa.ParameterError, match="mono"):
        fx.summarize(np.zeros((2, 4096), np.float32), SR)
    with pytest.raises(fastrosa.ParameterError, match="empty"):
        fx.summarize(np.zeros(0, np.float32), SR)
    with pytest.raises(fastrosa.ParameterError, match="floating"):
        fx.summarize(np.zeros(4096, np.int16), SR)


# ---------------------------------------------------------------------------
# Files and segments
# ---------------------------------------------------------------------------
def test_segment_layout_of_published_3s_csv():
    """GTZAN's 30-s clips (661794 samples) give ten 3-s rows of length 66149."""
    b = _files.segment_bounds(661794, 3.0)
    assert len(b) == 10
    assert {stop - start for start, stop in b} == {66149}
    assert b[0] == (0, 66149) and b[1][0] == 66150
    assert _files.segment_bounds(66148, 3.0) == []
    assert len(_files.segment_bounds(66149, 3.0)) == 1
    assert fx.segment_name("blues.00000.wav", 3) == "blues.00000.3.wav"
    assert _files.source_name("blues.00000.3.wav") == "blues.00000.wav"
    assert fx.segment_name("take", 0) == "take.0"
    with pytest.raises(ValueError):
        _files.source_name("blues.00000x.wav")


def fake_summarize(y, sr, *, preset="gtzan", compat="kaggle"):
    """A stand-in row for the machinery tests: cheap, and different for every signal."""
    row = {c: float(i) for i, c in enumerate(fx.COLUMNS)}
    row["length"] = int(len(y))
    row["chroma_stft_mean"] = float(np.mean(y, dtype=np.float64))
    row["rms_mean"] = float(np.sqrt(np.mean(np.square(y, dtype=np.float64))))
    row["tempo"] = 1.0 if compat == "kaggle" else 2.0
    return row


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(_files, "summarize", fake_summarize)


def write_wav(path, seconds, seed=0, sr=SR):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    y = 0.3 * np.random.default_rng(seed).standard_normal(int(seconds * sr))
    sf.write(path, y.astype(np.float32), sr, subtype="PCM_16")
    return path


def test_extract_file_rows(tmp_path, fake):
    p = write_wav(tmp_path / "blues" / "blues.00000.wav", 7.5)
    rows = fx.extract_file(p)
    assert [r["filename"] for r in rows] == ["blues.00000.wav"]
    assert list(rows[0]) == ["filename"] + list(fx.COLUMNS)
    assert rows[0]["length"] == int(7.5 * SR)
    seg = fx.extract_file(p, segment=3)
    assert [r["filename"] for r in seg] == ["blues.00000.0.wav", "blues.00000.1.wav"]
    y, _ = fastrosa.load(p)
    assert [r["length"] for r in seg] == [66149, 66149]
    assert seg[1]["chroma_stft_mean"] == fake_summarize(y[66150:132299], SR)["chroma_stft_mean"]
    assert fx.extract_file(p, compat="current")[0]["tempo"] == 2.0


def test_extract_file_resamples_and_mixes(tmp_path, fake):
    """Like the published recipe: load() at 22050 Hz, mono."""
    p = tmp_path / "x" / "stereo.flac"
    p.parent.mkdir()
    y = np.random.default_rng(1).standard_normal((44100 * 2, 2)).astype(np.float32) * 0.2
    sf.write(p, y, 44100)
    (row,) = fx.extract_file(p)
    assert row["length"] == 2 * SR
    assert row["chroma_stft_mean"] == fake_summarize(fastrosa.load(p)[0], SR)["chroma_stft_mean"]


def test_extract_file_errors(tmp_path, fake):
    p = write_wav(tmp_path / "a.wav", 1.0)
    with pytest.raises(fastrosa.ParameterError, match="shorter than one"):
        fx.extract_file(p, segment=3)
    with pytest.raises(fastrosa.ParameterError):
        fx.extract_file(p, segment=0)
    with pytest.raises(fastrosa.ParameterError):
        fx.extract_file(p, compat="new")


# ---------------------------------------------------------------------------
# Folder -> CSV
# ---------------------------------------------------------------------------
def make_tree(root, n_per=3, seconds=3.5):
    """Genre folders (one nested a level deeper), a non-audio file and a hidden one."""
    paths = []
    for g, genre in enumerate(("blues", "jazz", "metal")):
        base = root / ("more" if genre == "metal" else "") / genre
        for i in range(n_per):
            paths.append(write_wav(base / f"{genre}.{i:05d}.wav", seconds + 0.1 * i, seed=10 * g + i))
    (root / "blues" / "notes.txt").write_text("not audio")
    write_wav(root / "jazz" / ".hidden.wav", 1.0)
    return paths


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def run(root, out, **kw):
    kw.setdefault("progress", False)
    kw.setdefault("executor", "thread")
    return fx.extract_dir(root, out, **kw)


def test_extract_dir_csv(tmp_path, fake):
    paths = make_tree(tmp_path / "music")
    out = tmp_path / "features.csv"
    s = run(tmp_path / "music", out, jobs=2)
    header, rows = read_csv(out)
    assert tuple(header) == _runner.HEADER
    assert s.found == 9 and s.extracted == 9 and s.rows == 9 and not s.failed
    assert [(r[0], r[-1]) for r in rows] == sorted((p.name, p.parent.name) for p in paths)
    by_name = {r[0]: r for r in rows}
    for p in paths:
        want = fake_summarize(fastrosa.load(p)[0], SR)
        got = by_name[p.name]
        assert int(got[1]) == want["length"]
        assert [float(v) for v in got[2:-1]] == [want[c] for c in fx.COLUMNS[1:]]
    assert not (tmp_path / "features.errors.tsv").exists()


def test_extract_dir_segments(tmp_path, fake):
    make_tree(tmp_path / "music", n_per=2, seconds=6.5)
    out = tmp_path / "seg.csv"
    s = run(tmp_path / "music", out, segment=3, jobs=2)
    _, rows = read_csv(out)
    assert s.rows == 12 and len(rows) == 12
    assert rows[0][0] == "blues.00000.0.wav" and rows[1][0] == "blues.00000.1.wav"
    assert {r[1] for r in rows} == {"66149"}
    # the same options continue it; others are refused
    assert run(tmp_path / "music", out, segment=3).skipped == 6
    with pytest.raises(fastrosa.ParameterError, match="segment"):
        run(tmp_path / "music", out)
    with pytest.raises(fastrosa.ParameterError, match="compat"):
        run(tmp_path / "music", out, segment=3, compat="current")


def test_extract_dir_errors_never_stop(tmp_path, fake):
    make_tree(tmp_path / "music")
    bad = tmp_path / "music" / "jazz" / "broken.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    empty = tmp_path / "music" / "blues" / "empty.wav"
    sf.write(empty, np.zeros(0, np.float32), SR)
    # the same folder and file name in two places cannot be told apart in the CSV
    dup = write_wav(tmp_path / "music" / "more" / "blues" / "blues.00000.wav", 1.0)
    out = tmp_path / "f.csv"
    s = run(tmp_path / "music", out, jobs=2)
    assert s.extracted == 9
    failed = dict(s.failed)
    assert set(failed) == {os.fspath(bad), os.fspath(empty), os.fspath(dup)}
    assert "Error" in failed[os.fspath(bad)]
    assert "empty" in failed[os.fspath(empty)]
    assert "same folder and file name" in failed[os.fspath(dup)]
    lines = (tmp_path / "f.errors.tsv").read_text().splitlines()
    assert lines[0] == "path\treason"
    assert sorted(line.split("\t")[0] for line in lines[1:]) == sorted(failed)
    assert len(read_csv(out)[1]) == 9
    # fixed files are picked up by the next run; the errors file goes when none are left
    bad.unlink()
    empty.unlink()
    dup.unlink()
    s = run(tmp_path / "music", out)
    assert s.skipped == 9 and not s.failed and s.errors_path is None
    assert not (tmp_path / "f.errors.tsv").exists()


def test_extract_dir_resume_after_cut(tmp_path, fake):
    """A run killed mid-write leaves a cut-off last line: the re-run drops it,
    extracts what is missing, and ends with every row exactly once."""
    make_tree(tmp_path / "music")
    full = tmp_path / "full.csv"
    run(tmp_path / "music", full)
    text = full.read_text()
    out = tmp_path / "cut.csv"
    lines = text.splitlines(keepends=True)
    out.write_text("".join(lines[:5]) + lines[5][:40])
    (tmp_path / "cut.settings.json").write_text((tmp_path / "full.settings.json").read_text())
    s = run(tmp_path / "music", out, jobs=2)
    assert s.skipped == 4 and s.extracted == 5
    assert out.read_text() == text


def test_extract_dir_interrupted(tmp_path, monkeypatch):
    make_tree(tmp_path / "music")
    calls = []

    def flaky(y, sr, **kw):
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return fake_summarize(y, sr, **kw)

    monkeypatch.setattr(_files, "summarize", flaky)
    out = tmp_path / "f.csv"
    s = fx.extract_dir(tmp_path / "music", out, jobs=1, progress=False)
    assert s.interrupted and s.extracted == 3
    assert len(read_csv(out)[1]) == 3
    monkeypatch.setattr(_files, "summarize", fake_summarize)
    s = run(tmp_path / "music", out, jobs=2)
    assert s.skipped == 3 and s.extracted == 6 and not s.interrupted
    names = [r[0] for r in read_csv(out)[1]]
    assert len(names) == len(set(names)) == 9


def test_extract_dir_same_csv_any_jobs(tmp_path, fake):
    make_tree(tmp_path / "music")
    run(tmp_path / "music", tmp_path / "a.csv", jobs=1)
    run(tmp_path / "music", tmp_path / "b.csv", jobs=3)
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()


def test_extract_dir_refuses_other_csv(tmp_path, fake):
    make_tree(tmp_path / "music", n_per=1)
    out = tmp_path / "other.csv"
    out.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(fastrosa.ParameterError, match="published columns"):
        run(tmp_path / "music", out)
    with pytest.raises(FileNotFoundError):
        run(tmp_path / "nowhere", tmp_path / "x.csv")


def test_progress_line(tmp_path):
    import io

    buf = io.StringIO()
    bar = _runner.Progress(4, buf, every=0)
    bar.update(True)
    bar.update(False)
    line = buf.getvalue().splitlines()[-1]
    assert "2/4 files" in line and "files/s" in line and "ETA" in line and "1 failed" in line


# ---------------------------------------------------------------------------
# Worker processes and dask: the real extractor (the stand-in does not travel)
# ---------------------------------------------------------------------------
def test_processes_threads_and_dask_agree(tmp_path):
    make_tree(tmp_path / "music", n_per=2, seconds=2.5)
    one = run(tmp_path / "music", tmp_path / "one.csv", jobs=1)
    assert one.extracted == 6
    run(tmp_path / "music", tmp_path / "procs.csv", jobs=2, executor="process")
    run(tmp_path / "music", tmp_path / "threads.csv", jobs=2, executor="thread")
    pytest.importorskip("dask.distributed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # distributed's own start-up notices
        d = run(tmp_path / "music", tmp_path / "dask.csv", jobs=2, dask="local")
    assert d.extracted == 6 and not d.failed
    ref = (tmp_path / "one.csv").read_text()
    for name in ("procs.csv", "threads.csv", "dask.csv"):
        assert (tmp_path / name).read_text() == ref, name


# ---------------------------------------------------------------------------
# The demo corpus
# ---------------------------------------------------------------------------
def test_corpus_reproducible_and_labelled(tmp_path):
    from fastrosa.extract import _corpus

    a = _corpus.make_corpus(tmp_path / "a", per_genre=2, seconds=1.5, seed=3)
    b = _corpus.make_corpus(tmp_path / "b", per_genre=2, seconds=1.5, seed=3)
    c = _corpus.make_corpus(tmp_path / "c", per_genre=2, seconds=1.5, seed=4)
    assert len(a) == 2 * len(_corpus.GENRES)
    assert {Path(p).parent.name for p in a} == set(_corpus.GENRES)
    for pa, pb, pc in zip(a, b, c):
        ya, sr = sf.read(pa, dtype="float32")
        assert sr == SR and len(ya) == int(1.5 * SR) and 0.3 < np.max(np.abs(ya)) <= 0.95
        assert np.array_equal(ya, sf.read(pb, dtype="float32")[0])
        assert not np.array_equal(ya, sf.read(pc, dtype="float32")[0])


def test_corpus_styles_differ():
    """Drums make onsets, sustained chords hardly any; pitched styles are less
    noise-like than the noise textures."""
    from fastrosa.extract import _corpus

    onset, zcr = {}, {}
    for g in _corpus.GENRES:
        ys = [_corpus.synth_clip(g, 3.0, seed=s) for s in range(2)]
        onset[g] = [float(np.mean(librosa.onset.onset_strength(y=y, sr=SR))) for y in ys]
        zcr[g] = [float(np.mean(librosa.feature.zero_crossing_rate(y))) for y in ys]
    for g in ("techno", "breakbeat", "funk"):
        assert min(onset[g]) > 2 * max(onset["ambient"]), g
    assert min(zcr["noise"]) > max(zcr["ambient"] + zcr["funk"])


# ---------------------------------------------------------------------------
# Faults: concurrent writers, hostile file names, impossible options
# ---------------------------------------------------------------------------
def test_second_writer_is_refused(tmp_path, fake):
    make_tree(tmp_path / "music", n_per=1)
    out = tmp_path / "features.csv"
    with _runner._exclusive(out):
        with pytest.raises(fastrosa.ParameterError, match="another fastrosa extract is writing"):
            run(tmp_path / "music", out)
    assert not out.exists()
    s = run(tmp_path / "music", out)  # the lock went with its holder
    assert s.extracted == 3 and not s.failed


def test_lock_is_released_when_the_holder_is_killed(tmp_path, fake):
    import signal
    import subprocess
    import sys

    make_tree(tmp_path / "music", n_per=1)
    out = tmp_path / "features.csv"
    code = ("import sys, time; from pathlib import Path; from fastrosa.extract import _runner\n"
            "with _runner._exclusive(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(600)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(fastrosa.ParameterError, match="another fastrosa extract"):
            run(tmp_path / "music", out)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=60)
        holder.stdout.close()
    assert run(tmp_path / "music", out).extracted == 3


@pytest.mark.skipif(os.name == "nt", reason="these characters are not allowed in Windows names")
def test_file_names_with_line_breaks_and_tabs(tmp_path, fake):
    names = ["cr\rname.wav", "lf\nname.wav", "tab\tname.wav", 'quote"name.wav', "plain.wav"]
    for i, name in enumerate(names):
        write_wav(tmp_path / "music" / "blues" / name, 1.0, seed=i)
    bad = tmp_path / "music" / "blues" / "broken\t\r\nfile.wav"
    bad.write_bytes(b"not audio at all")
    out = tmp_path / "features.csv"
    s = run(tmp_path / "music", out)
    assert s.extracted == len(names) and len(s.failed) == 1
    header, rows = read_csv(out)
    assert sorted(r[0] for r in rows) == sorted(names)
    assert all(len(r) == len(header) for r in rows)
    text = out.read_bytes()
    assert text.count(b"\n") == len(names) + 1 + text.count(b"lf\nname")  # one per record
    again = run(tmp_path / "music", out)  # a re-run finds every name already in
    assert again.skipped == len(names) and again.extracted == 0
    assert len(read_csv(out)[1]) == len(names)
    lines = Path(s.errors_path).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # the file ends with a newline
    assert lines[0] == "path\treason" and len(lines) == 3
    path_field, reason = lines[1].split("\t")
    assert path_field.endswith("broken\\t\\r\\nfile.wav") and reason


@pytest.mark.skipif(os.name == "nt" or sys.platform == "darwin",
                    reason="the file system must allow names that are not UTF-8")
def test_file_name_not_utf8(tmp_path, fake):
    folder = tmp_path / "music" / "jazz"
    folder.mkdir(parents=True)
    good = os.path.join(os.fsencode(folder), b"caf\xe9.wav")
    sf.write(good, np.zeros(SR, np.float32), SR, subtype="PCM_16")
    with open(os.path.join(os.fsencode(folder), b"bad\xff.wav"), "wb") as f:
        f.write(b"not audio")
    out = tmp_path / "features.csv"
    s = run(tmp_path / "music", out)
    assert s.extracted == 1 and len(s.failed) == 1
    assert os.fsencode(s.failed[0][0]).endswith(b"bad\xff.wav")
    assert b"caf\xe9.wav," in out.read_bytes()  # the name's own bytes
    assert b"bad\xff.wav\t" in Path(s.errors_path).read_bytes()
    again = run(tmp_path / "music", out)
    assert again.skipped == 1 and again.extracted == 0
    y, sr = fastrosa.load(os.fsdecode(good), sr=None)
    assert sr == SR and y.shape == (SR,)


@pytest.mark.parametrize("segment", [float("inf"), float("nan"), 1e-9, 0.05, 0.0, -3.0])
def test_impossible_segments_refused_up_front(tmp_path, fake, segment):
    make_tree(tmp_path / "music", n_per=1)
    with pytest.raises(fastrosa.ParameterError, match="segment="):
        run(tmp_path / "music", tmp_path / "f.csv", segment=segment)
    assert not (tmp_path / "f.csv").exists()


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_symlinks_labelled_by_the_folder_they_are_in(tmp_path, fake):
    music = tmp_path / "music"
    write_wav(music / "jazz" / "jazz.00000.wav", 1.0, seed=1)
    write_wav(tmp_path / "elsewhere" / "blues" / "blues.00000.wav", 1.0, seed=2)
    (music / "rock").mkdir()
    (music / "rock" / "linked.wav").symlink_to(music / "jazz" / "jazz.00000.wav")
    (music / "blues").symlink_to(tmp_path / "elsewhere" / "blues", target_is_directory=True)
    (music / "jazz" / "loop").symlink_to(music, target_is_directory=True)  # a cycle
    out = tmp_path / "features.csv"
    s = run(music, out)
    _, rows = read_csv(out)
    got = sorted((r[-1], r[0]) for r in rows)
    assert got == [("blues", "blues.00000.wav"), ("jazz", "jazz.00000.wav"),
                   ("rock", "linked.wav")], got
    assert s.extracted == 3 and not s.failed


def test_segments_cut_at_a_row_boundary_are_extracted_again(tmp_path, fake):
    """Power lost after 5 of a file's 10 segment rows reached the disk: the
    re-run extracts that file again; every segment ends up in the CSV once."""
    write_wav(tmp_path / "music" / "blues" / "a.wav", 10.0, seed=1)
    write_wav(tmp_path / "music" / "blues" / "b.wav", 10.0, seed=2)
    full = tmp_path / "full.csv"
    run(tmp_path / "music", full, segment=1.0)
    text = full.read_text()
    lines = text.splitlines(keepends=True)
    assert len(lines) == 1 + 20
    out = tmp_path / "cut.csv"
    out.write_text("".join(lines[: 1 + 15]))  # a.wav whole, 5 rows of b.wav, on a row boundary
    import json

    settings = json.loads((tmp_path / "full.settings.json").read_text())
    assert settings["complete"] is True  # the finished run says so ...
    settings["complete"] = False  # ... the one that lost power had not
    (tmp_path / "cut.settings.json").write_text(json.dumps(settings))
    s = run(tmp_path / "music", out, segment=1.0)
    assert s.skipped == 1 and s.extracted == 1
    assert out.read_text() == text


def test_rows_without_their_settings_are_not_continued(tmp_path, fake):
    make_tree(tmp_path / "music", n_per=1)
    first = tmp_path / "first.csv"
    run(tmp_path / "music", first, compat="kaggle")
    copy = tmp_path / "elsewhere" / "copy.csv"
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())  # copied without first.settings.json
    (tmp_path / "music" / "jazz" / "new.wav").write_bytes((tmp_path / "music" / "jazz" / "jazz.00000.wav").read_bytes())
    for compat in ("current", "kaggle"):
        with pytest.raises(fastrosa.ParameterError, match="copy.settings.json is missing"):
            run(tmp_path / "music", copy, compat=compat)
    assert copy.read_bytes() == first.read_bytes()
    (tmp_path / "elsewhere" / "copy.settings.json").write_text("[1, 2]")
    with pytest.raises(fastrosa.ParameterError, match="is not what fastrosa extract wrote"):
        run(tmp_path / "music", copy, compat="current")
    # a header-only CSV has no recipe to mix with
    empty = tmp_path / "empty.csv"
    empty.write_text(first.read_text().splitlines(keepends=True)[0])
    assert run(tmp_path / "music", empty, compat="current").extracted == 4


def test_empty_folder_refused(tmp_path):
    (tmp_path / "music" / "blues").mkdir(parents=True)
    (tmp_path / "music" / "blues" / "notes.txt").write_text("not audio")
    with pytest.raises(fastrosa.ParameterError, match="no audio files under"):
        run(tmp_path / "music", tmp_path / "f.csv")
    assert not (tmp_path / "f.csv").exists()


def test_truncated_wav_is_a_failure(tmp_path, fake):
    good = write_wav(tmp_path / "music" / "blues" / "good.wav", 2.0, seed=1)
    whole = write_wav(tmp_path / "whole.wav", 2.0, seed=2).read_bytes()
    cut = tmp_path / "music" / "blues" / "cut.wav"
    cut.write_bytes(whole[: len(whole) // 2])
    s = run(tmp_path / "music", tmp_path / "f.csv")
    assert s.extracted == 1 and [os.path.basename(p) for p, _ in s.failed] == ["cut.wav"]
    assert "truncated" in s.failed[0][1]
    assert fx.extract_file(good)[0]["filename"] == "good.wav"


def test_unreachable_dask_scheduler_is_one_clear_error(tmp_path, fake, monkeypatch):
    pytest.importorskip("dask.distributed")
    import socket

    make_tree(tmp_path / "music", n_per=1)
    monkeypatch.setattr(_runner, "DASK_CONNECT_TIMEOUT", 2)
    with socket.socket() as s:  # a port on this machine that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # distributed's own connection notices
        with pytest.raises(fastrosa.ParameterError, match="cannot reach the dask scheduler"):
            run(tmp_path / "music", tmp_path / "f.csv", dask=f"tcp://127.0.0.1:{port}")
