"""The ``fastrosa`` command line (also ``python -m fastrosa``).

    fastrosa extract DIR -o features.csv [--segment SECONDS] [--compat kaggle|current]
                     [--preset gtzan|fma] [--offset S] [--duration S] [--jobs N]
                     [--dask ADDRESS|local]
    fastrosa export DIR -o OUT [--features mfcc|mel] [--segment SECONDS] [--images] ...
    fastrosa train features.csv -o model.joblib [--model ...]     (needs the 'ml' extra)
    fastrosa train OUT -o model.pt --model cnn                     (needs the 'cnn' extra)
    fastrosa predict MODEL FILES... [--per-window]                 (needs the 'ml' extra)
    fastrosa plot FILE -o out.png                                  (needs the 'ml' extra)
    fastrosa demo [-o DIR] [--model cnn]
    fastrosa info

``demo`` runs the main job end to end with no data on the machine: it
synthesises a small corpus of five musical styles in genre folders, extracts
its GTZAN features, trains a classifier on them, predicts the genres of
clips it has not seen, and prints where the CSV, the model and the plots are.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import warnings
from pathlib import Path

from .genre import CNN_MODELS, DEFAULT_MODEL, MODELS, Progress  # light: scikit-learn, torch load inside


def info_line() -> str:
    from . import _fftw

    i = _fftw.info()
    return f"{i['version']} ({i['source']}: {i['float']})"


def _quiet_warnings() -> None:
    """Library warnings (a very short file, a silent one) are not worth a line per
    file in a run over thousands (worker processes silence their own)."""
    warnings.simplefilter("ignore")


def cmd_extract(args) -> int:
    from .extract import extract_dir
    from .util.exceptions import ParameterError

    _quiet_warnings()
    try:
        summary = extract_dir(
            args.dir, args.output, segment=args.segment, compat=args.compat, jobs=args.jobs,
            executor=args.executor, dask=args.dask, errors=args.errors,
            progress=not args.quiet, sort=not args.no_sort, offset=args.offset,
            duration=args.duration, preset=args.preset,
        )
    except (FileNotFoundError, ParameterError, ImportError) as exc:
        print(f"fastrosa extract: {exc}", file=sys.stderr)
        return 2
    return _run_status(summary)


def _run_status(summary) -> int:
    print(summary.text(), file=sys.stderr)
    if summary.interrupted:
        return 130
    return 1 if summary.failed else 0


def cmd_export(args) -> int:
    from .extract import export_dir
    from .util.exceptions import ParameterError

    _quiet_warnings()
    try:
        summary = export_dir(
            args.dir, args.output, features=args.features, segment=args.segment,
            n_mfcc=args.n_mfcc, n_mels=args.n_mels, n_fft=args.n_fft, hop_length=args.hop_length,
            sr=args.sr, offset=args.offset, duration=args.duration, images=args.images,
            jobs=args.jobs, executor=args.executor, dask=args.dask, errors=args.errors,
            progress=not args.quiet,
        )
    except (FileNotFoundError, ParameterError, ImportError) as exc:
        print(f"fastrosa export: {exc}", file=sys.stderr)
        return 2
    return _run_status(summary)


def cmd_info(args) -> int:
    import platform

    import numpy as np

    from . import __version__, get_num_threads, simd_level, simd_levels

    print(f"fastrosa {__version__}, the API of librosa {LIBROSA_API}")
    print(f"numpy {np.__version__}, Python {platform.python_version()}")
    print(f"FFTW: {info_line()}")
    print(f"SIMD level: {simd_level()} (this CPU: {', '.join(simd_levels())}; "
          f"{platform.machine()}; cap with FASTROSA_SIMD=baseline|avx2|avx512)")
    print(f"threads: {get_num_threads()}")
    return 0


def cmd_demo(args) -> int:
    import tempfile

    from .extract import export_dir, extract_dir
    from .extract._corpus import GENRES, make_corpus
    from .genre import predict_files
    from .plot import plot_file

    if importlib.util.find_spec("sklearn") is None:
        print("fastrosa demo: the classifier needs scikit-learn: pip install 'fastrosa[ml]'",
              file=sys.stderr)
        return 2
    cnn = args.model in CNN_MODELS
    if cnn and importlib.util.find_spec("torch") is None:
        print("fastrosa demo: the CNN needs PyTorch: pip install 'fastrosa[cnn]'", file=sys.stderr)
        return 2
    _quiet_warnings()
    t_start = time.perf_counter()
    out = args.output or tempfile.mkdtemp(prefix="fastrosa-demo-")
    os.makedirs(out, exist_ok=True)
    corpus = os.path.join(out, "corpus")
    unseen = os.path.join(out, "unseen")

    t0 = time.perf_counter()
    make_corpus(corpus, per_genre=args.per_genre, seconds=args.seconds, seed=args.seed)
    new = make_corpus(unseen, per_genre=1, seconds=args.seconds, seed=args.seed + 1)
    print(f"corpus     : {len(GENRES)} styles x {args.per_genre} clips of {args.seconds:g} s "
          f"({', '.join(GENRES)}), synthesised in {time.perf_counter() - t0:.1f} s: {corpus}")

    if cnn:  # 3-s segments of 13 MFCCs, as the tutorials train their CNN on
        table = os.path.join(out, "segments")
        summary = export_dir(corpus, table, features="mfcc", jobs=args.jobs, progress=False)
        made = f"{summary.rows} segments"
        model_path = os.path.join(out, "model.pt")
    else:
        table = os.path.join(out, "features.csv")
        summary = extract_dir(corpus, table, jobs=args.jobs, progress=False)
        made = f"{summary.rows} rows"
        model_path = os.path.join(out, "model.joblib")
    print(f"{'export' if cnn else 'extract':<11}: {made} in {summary.seconds:.1f} s "
          f"({summary.files_per_second:.1f} files/s): {table}")
    if summary.failed:
        print(summary.text(), file=sys.stderr)
        return 1

    t0 = time.perf_counter()
    report = _train_and_report(table, model_path, report_dir=out, model=args.model,
                               folds=args.folds, seed=args.seed)
    print(f"train      : {args.model}, {args.folds}-fold cross-validation "
          f"{'clip ' if cnn else ''}accuracy {report.accuracy:.3f}, macro-F1 "
          f"{report.macro_f1:.3f}, {time.perf_counter() - t0:.1f} s: {model_path}")
    for path in new[: args.plots]:  # waveform, spectrogram, MFCC, chroma of unseen clips
        genre = os.path.basename(os.path.dirname(path))
        plot_file(path, os.path.join(out, f"{genre}.png"))
    plots = sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".png"))
    for p in plots:
        print(f"plot       : {p}")

    t0 = time.perf_counter()
    results = predict_files(model_path, new)
    right = 0
    for path, genre, probs, _ in results:
        truth = os.path.basename(os.path.dirname(path))
        right += genre == truth
        print(f"predict    : {os.path.relpath(path, out):<32} -> {genre:<10} "
              f"(p={probs[genre]:.2f}; truly {truth})")
    print(f"             {right}/{len(results)} unseen clips right, "
          f"{time.perf_counter() - t0:.1f} s")
    print(f"done in {time.perf_counter() - t_start:.1f} s; everything is in {out}")
    return 0


class _PrintProgress(Progress):
    """``fastrosa train``'s lines as it goes: warnings on stderr, the plan, each fold
    and each CNN epoch on stdout."""

    def warning(self, message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    def start(self, plan) -> None:
        print(plan.text())

    def fold(self, result) -> None:
        print(result.text(), flush=True)

    def epoch(self, result) -> None:
        print(result.text(), flush=True)


def _train_and_report(table, model_path, *, report_dir=None, model=DEFAULT_MODEL, **train_args):
    """Train (printing as it goes), save the model and its confusion-matrix PNG
    (in ``report_dir``, default beside the model), print the report; return it.
    ``table`` is a features CSV, or the folder of an export for a CNN."""
    from . import genre
    from .plot import plot_confusion

    if model in CNN_MODELS:
        if not os.path.isdir(table):
            raise ValueError(f"{table}: --model {model} trains on the segment arrays that "
                             "'fastrosa export' writes: give its output folder")
        report = genre.train_cnn(table, model=model, progress=_PrintProgress(), **train_args)
        model_path = genre.save_cnn(report, model_path)
        title = f"{report.model}: {report.folds}-fold CV clip accuracy {report.accuracy:.3f}"
    else:
        if os.path.isdir(table):
            raise ValueError(f"{table} is a folder: --model {model} trains on a features CSV "
                             f"('fastrosa extract'); for an export use --model "
                             f"{' or '.join(CNN_MODELS)}")
        report = genre.train(table, model=model, progress=_PrintProgress(), **train_args)
        model_path = genre.save_model(report, model_path)
        title = f"{report.model}: {report.folds}-fold CV accuracy {report.accuracy:.3f}"
    rdir = Path(report_dir) if report_dir is not None else model_path.parent
    rdir.mkdir(parents=True, exist_ok=True)
    png = plot_confusion(report.confusion, report.labels,
                         rdir / (model_path.stem + "_confusion.png"), title=title)
    print(report.text())
    print(f"model      : {model_path}")
    print(f"confusion  : {png}")
    return report


def cmd_train(args) -> int:
    from .util.exceptions import ParameterError

    if args.model in CNN_MODELS:
        extra = dict(folds=args.folds or 5, seed=args.seed, epochs=args.epochs,
                     patience=args.patience, batch_size=args.batch_size, device=args.device)
    else:
        extra = dict(folds=args.folds or 10, seed=args.seed, inner_folds=args.inner_folds,
                     compat=args.compat, segments=args.segments, n_jobs=args.jobs)
    try:
        _train_and_report(args.table, args.output, report_dir=args.report_dir,
                          model=args.model, **extra)
    except (ValueError, OSError, ImportError, ParameterError) as exc:  # SchemaError is a ValueError
        print(f"fastrosa train: error: {exc}", file=sys.stderr)
        return 2
    return 0


def _prediction_line(name, genre, probs, top) -> str:
    from .extract._runner import tsv_field

    ranked = sorted(probs.items(), key=lambda kv: -kv[1])
    if top:
        ranked = ranked[:top]
    return (f"{tsv_field(os.fspath(name))}\t{genre}\t"
            + "  ".join(f"{g} {p:.3f}" for g, p in ranked))


def cmd_predict(args) -> int:
    from .extract._runner import find_audio
    from .genre import SchemaError, load_model, predict_files, predict_table

    status = 0
    try:
        bundle = load_model(args.model)
    except (SchemaError, OSError, ImportError) as exc:
        print(f"fastrosa predict: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a file that is not a model: one line, not a traceback
        print(f"fastrosa predict: error: {args.model} is not a model written by 'fastrosa train' "
              f"({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2
    files = []
    for f in args.files:  # a folder stands for the audio files under it
        files.extend(find_audio(f) if os.path.isdir(f) else [f])
    if not files:
        print(f"fastrosa predict: error: no audio files under {', '.join(args.files)}",
              file=sys.stderr)
        return 2
    for f in files:
        try:
            if str(f).lower().endswith(".csv"):
                res = predict_table(bundle, f)
            else:
                res = predict_files(bundle, [f], offset=args.offset, duration=args.duration)
        except SchemaError as exc:
            print(f"fastrosa predict: error: {exc}", file=sys.stderr)
            return 2
        except Exception as exc:  # noqa: BLE001 - report the file and go on
            print(f"{f}: error: {exc}", file=sys.stderr)
            status = 1
            continue
        for r in res:
            print(_prediction_line(r.name, r.genre, r.probs, args.top))
            if args.per_window:
                for start, genre, probs in r.windows:
                    print(_prediction_line(f"{r.name}@{start:.3f}s", genre, probs, args.top))
    return status


def cmd_plot(args) -> int:
    from .plot import plot_file

    try:
        out = plot_file(args.file, args.output, duration=args.duration)
    except Exception as exc:  # noqa: BLE001
        print(f"fastrosa plot: error: {exc}", file=sys.stderr)
        return 1
    print(out)
    return 0


LIBROSA_API = "0.11.0"

EXIT_CODES = """exit status:
  0    success
  1    some files could not be read or analysed (listed in the errors file)
  2    a usage, input or output error (the message says which)
  130  interrupted (Ctrl-C); run the same command again to continue
  141  the output was closed early (a pipe into head, say)"""


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .extract._export import EXPORT_DEFAULTS, FEATURES

    ap = argparse.ArgumentParser(
        prog="fastrosa", description="GTZAN features from a folder of music, and a genre classifier",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--version", action="version",
                    version=f"fastrosa {__version__} (the API of librosa {LIBROSA_API})")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "extract", help="a folder of music in genre subfolders -> a GTZAN features CSV",
        description="Extract the GTZAN features of every audio file under DIR (recursively; "
                    "the label is the file's folder name) into a CSV with the published "
                    "columns. Re-running skips files already in the CSV.")
    p.add_argument("dir", help="folder of audio files (genre subfolders)")
    p.add_argument("-o", "--output", default="features.csv", help="CSV file (default: %(default)s)")
    p.add_argument("--segment", type=float, metavar="SECONDS",
                   help="one row per consecutive segment of this length (clip.K.ext)")
    p.add_argument("--compat", choices=("kaggle", "current"), default="kaggle",
                   help="kaggle: the published CSV's recipe (default); current: librosa 0.11 defaults")
    p.add_argument("--preset", choices=("gtzan", "fma"), default="gtzan",
                   help="gtzan: the published GTZAN columns (default); fma: the 518 columns of "
                        "the FMA dataset's features.csv, in its three-header layout, each file "
                        "at its own rate")
    _add_span(p)
    _add_workers(p, "<output stem>.errors.tsv")
    p.add_argument("--no-sort", action="store_true",
                   help="leave the rows in the order they finished")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "export", help="a folder of music in genre subfolders -> segment arrays for a CNN",
        description="Cut every audio file under DIR (recursively; the label is the file's "
                    "folder name) into consecutive segments and write each segment's MFCCs "
                    "or mel spectrogram (dB) as float32 arrays, one .npy file per audio file "
                    "(segments x features x frames), with OUT/index.csv naming each segment's "
                    "array, row, clip and label. Re-running skips files already indexed.")
    p.add_argument("dir", help="folder of audio files (genre subfolders)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder")
    p.add_argument("--features", choices=FEATURES, default="mfcc",
                   help="mfcc: N_MFCC coefficients; mel: N_MELS bands in dB (default: %(default)s)")
    p.add_argument("--segment", type=float, default=EXPORT_DEFAULTS["segment"], metavar="SECONDS",
                   help="segment length (default: %(default)s)")
    for name, what in (("n-mfcc", "MFCCs"), ("n-mels", "mel bands"), ("n-fft", "FFT size"),
                       ("hop-length", "hop in samples"), ("sr", "sampling rate")):
        key = name.replace("-", "_")
        p.add_argument(f"--{name}", type=int, default=EXPORT_DEFAULTS[key],
                       help=f"{what} (default: %(default)s)")
    p.add_argument("--images", action="store_true",
                   help="also draw each file's mel spectrogram as OUT/images/<label>/<stem>.png "
                        "(the layout of Kaggle's GTZAN images_original)")
    _add_span(p)
    _add_workers(p, "OUT/errors.tsv")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "demo", help="synthesise a small corpus, then extract, train and predict end to end",
        description="The main job on data it makes itself: synthesise a small corpus of five "
                    "musical styles in genre folders, extract its GTZAN features, train a "
                    "classifier, predict the styles of clips it has not seen, and print where "
                    "the CSV, the model and the pictures are.")
    p.add_argument("-o", "--output", metavar="DIR", help="where to write (default: a new temp dir)")
    p.add_argument("--per-genre", type=int, default=12, help="clips per style (default: %(default)s)")
    p.add_argument("--seconds", type=float, default=8.0, help="clip length (default: %(default)s)")
    # the demo's own default: the SVM is quick on its small corpus
    p.add_argument("--model", default="svm", choices=MODELS + CNN_MODELS,
                   help="classifier (default: %(default)s; cnn: a CNN on 3-s MFCC segments, "
                        "the 'cnn' extra)")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds (default: %(default)s)")
    p.add_argument("--plots", type=int, default=2,
                   help="unseen clips to draw (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", "-j", type=int, help="files at once (default: all cores)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="versions, SIMD level, threads and the FFTW library in use",
                       description="Print fastrosa's version and the librosa API it mirrors, "
                                   "numpy's version, the FFTW library opened, the active SIMD "
                                   "level and the thread count.")
    p.set_defaults(func=cmd_info)

    _add_genre_commands(sub)
    return ap


def _add_span(p) -> None:
    p.add_argument("--offset", type=float, default=0.0, metavar="SECONDS",
                   help="start reading each file this far in (default: 0)")
    p.add_argument("--duration", type=float, default=None, metavar="SECONDS",
                   help="read at most this much of each file (default: to the end)")


def _add_workers(p, errors_default: str) -> None:
    p.add_argument("--jobs", "-j", type=int, help="files at once (default: all cores)")
    p.add_argument("--executor", choices=("thread", "process"), default="thread",
                   help="local workers (default: %(default)s)")
    p.add_argument("--dask", metavar="ADDRESS|local",
                   help="run on a dask.distributed scheduler ('local': start a LocalCluster)")
    p.add_argument("--errors", metavar="FILE", help=f"failures list (default: {errors_default})")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _add_genre_commands(sub) -> None:
    """``train``, ``predict`` and ``plot`` (scikit-learn and matplotlib load inside them)."""
    p = sub.add_parser(
        "train",
        help="cross-validate and fit a genre classifier on a features CSV",
        description="Nested cross-validation (hyperparameters chosen inside each training fold) "
        "of a scikit-learn pipeline on a GTZAN-style features CSV; prints accuracy, macro-F1 and "
        "a per-genre table, saves a confusion-matrix PNG and the model fitted on all rows.",
    )
    p.add_argument("table", metavar="TABLE",
                   help="features CSV (filename, length, features..., label), or for a CNN "
                        "the output folder of 'fastrosa export'")
    p.add_argument("-o", "--output", required=True,
                   help="model file to write (joblib; a CNN: torch, e.g. model.pt)")
    p.add_argument("--model", choices=MODELS + CNN_MODELS, default=DEFAULT_MODEL,
                   help=f"default: {DEFAULT_MODEL}; {' and '.join(CNN_MODELS)} need the 'cnn' "
                        "extra")
    p.add_argument("--folds", type=int, default=None,
                   help="outer CV folds (default: 10; 5 for a CNN)")
    p.add_argument("--inner-folds", type=int, default=5, help="inner CV folds (default: 5)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--report-dir", default=None, help="folder of the confusion-matrix PNG (default: beside the model)")
    p.add_argument("--compat", choices=("kaggle", "current"), default="kaggle",
                   help="extractor mode the CSV was made with, used by predict (default: kaggle)")
    p.add_argument("--segments", choices=("auto", "yes", "no"), default="auto",
                   help="rows are segments of clips: group the folds by clip (default: detect)")
    p.add_argument("--jobs", type=int, default=-1, help="parallel fits (default: all cores)")
    g = p.add_argument_group("CNN")
    g.add_argument("--epochs", type=int, default=40, help="at most this many (default: %(default)s)")
    g.add_argument("--patience", type=int, default=6,
                   help="stop when the validation loss has not improved for this many epochs "
                        "(default: %(default)s)")
    g.add_argument("--batch-size", type=int, default=32, help="(default: %(default)s)")
    g.add_argument("--device", default="auto",
                   help="auto (CUDA, else MPS, else CPU), cpu, cuda, mps (default: %(default)s)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser(
        "predict",
        help="genre and class probabilities of audio files (or rows of a features CSV)",
        description="Print, for each audio file (folders stand for the audio files under them) "
        "or each row of a features CSV, the most probable genre and the class probabilities, "
        "one line each: name, genre, probabilities (tab-separated; a tab, newline or backslash "
        "in a name is written \\t, \\n, \\\\).",
    )
    p.add_argument("model", help="model file written by 'fastrosa train'")
    p.add_argument("files", nargs="+", metavar="FILE", help="audio files or folders, or features CSVs")
    p.add_argument("--top", type=int, default=0, help="print only the K most probable genres")
    p.add_argument("--per-window", action="store_true",
                   help="also print each window's genre (NAME@STARTs): audio longer than the "
                        "model's clip or segment length is cut into windows of that length")
    _add_span(p)
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser(
        "plot", help="waveform, log-frequency spectrogram, MFCC and chromagram of a file",
        description="Draw a file's waveform, log-frequency spectrogram, MFCCs and chromagram "
        "into one image (matplotlib, in the 'ml' extra).",
    )
    p.add_argument("file", help="audio file")
    p.add_argument("-o", "--output", required=True, help="image to write (e.g. out.png)")
    p.add_argument("--duration", type=float, default=None, help="only the first SECONDS")
    p.set_defaults(func=cmd_plot)


def main(argv=None) -> int:
    """Run one command; every failure ends in one line on stderr and an exit
    status of EXIT_CODES, never a traceback."""
    try:
        ap = build_parser()
        args, extra = ap.parse_known_args(argv)
        if extra:  # the subcommand's own usage, not the top level's
            sub = ap._subparsers._group_actions[0].choices.get(args.command, ap)
            sub.error(f"unrecognized arguments: {' '.join(extra)}")
        return args.func(args)
    except KeyboardInterrupt:
        print("fastrosa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away: point stdout at devnull so that the
        # interpreter's last flush does not fail again
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 141
    except OSError as exc:  # disk full, read-only folder, a directory given as a file, ...
        print(f"fastrosa: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
