"""The ``fastrosa`` command line (also ``python -m fastrosa``).

    fastrosa extract DIR -o features.csv [--segment SECONDS] [--compat kaggle|current]
                     [--jobs N] [--dask ADDRESS|local]
    fastrosa train features.csv -o model.joblib [--model ...]     (needs the 'ml' extra)
    fastrosa predict model.joblib FILES...                         (needs the 'ml' extra)
    fastrosa plot FILE -o out.png                                  (needs the 'ml' extra)
    fastrosa demo [-o DIR]
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
            progress=not args.quiet, sort=not args.no_sort,
        )
    except (FileNotFoundError, ParameterError, ImportError) as exc:
        print(f"fastrosa extract: {exc}", file=sys.stderr)
        return 2
    print(summary.text(), file=sys.stderr)
    if summary.interrupted:
        return 130
    return 1 if summary.failed else 0


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

    from .extract import extract_dir
    from .extract._corpus import GENRES, make_corpus

    try:
        from . import classify
    except ImportError as exc:  # pragma: no cover - depends on the checkout
        print(f"fastrosa demo: the classifier is not available ({exc})", file=sys.stderr)
        return 2

    if importlib.util.find_spec("sklearn") is None:
        print("fastrosa demo: the classifier needs scikit-learn: pip install 'fastrosa[ml]'",
              file=sys.stderr)
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

    csv_path = os.path.join(out, "features.csv")
    summary = extract_dir(corpus, csv_path, jobs=args.jobs, progress=False)
    print(f"extract    : {summary.rows} rows in {summary.seconds:.1f} s "
          f"({summary.files_per_second:.1f} files/s): {csv_path}")
    if summary.failed:
        print(summary.text(), file=sys.stderr)
        return 1

    t0 = time.perf_counter()
    model_path = os.path.join(out, "model.joblib")
    report = classify.train_model(csv_path, model_path, model=args.model, folds=args.folds,
                                  seed=args.seed, report_dir=out)
    print(f"train      : {args.model}, {args.folds}-fold cross-validation accuracy "
          f"{report['accuracy']:.3f}, macro-F1 {report['macro_f1']:.3f}, "
          f"{time.perf_counter() - t0:.1f} s: {model_path}")
    if hasattr(classify, "plot_file"):  # waveform, spectrogram, MFCC, chroma of unseen clips
        for path in new[: args.plots]:
            genre = os.path.basename(os.path.dirname(path))
            classify.plot_file(path, os.path.join(out, f"{genre}.png"))
    plots = sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith(".png"))
    for p in plots:
        print(f"plot       : {p}")

    t0 = time.perf_counter()
    results = classify.predict_files(model_path, new)
    right = 0
    for path, genre, probs in results:
        truth = os.path.basename(os.path.dirname(path))
        right += genre == truth
        print(f"predict    : {os.path.relpath(path, out):<32} -> {genre:<10} "
              f"(p={probs[genre]:.2f}; truly {truth})")
    print(f"             {right}/{len(results)} unseen clips right, "
          f"{time.perf_counter() - t0:.1f} s")
    print(f"done in {time.perf_counter() - t_start:.1f} s; everything is in {out}")
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
    p.add_argument("--jobs", "-j", type=int, help="files at once (default: all cores)")
    p.add_argument("--executor", choices=("thread", "process"), default="thread",
                   help="local workers (default: %(default)s)")
    p.add_argument("--dask", metavar="ADDRESS|local",
                   help="run on a dask.distributed scheduler ('local': start a LocalCluster)")
    p.add_argument("--errors", metavar="FILE",
                   help="failures list (default: <output stem>.errors.tsv)")
    p.add_argument("--no-sort", action="store_true",
                   help="leave the rows in the order they finished")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "demo", help="synthesise a small corpus, then extract, train and predict end to end",
        description="The main job on data it makes itself: synthesise a small corpus of five "
                    "musical styles in genre folders, extract its GTZAN features, train a "
                    "classifier, predict the styles of clips it has not seen, and print where "
                    "the CSV, the model and the pictures are.")
    p.add_argument("-o", "--output", metavar="DIR", help="where to write (default: a new temp dir)")
    p.add_argument("--per-genre", type=int, default=12, help="clips per style (default: %(default)s)")
    p.add_argument("--seconds", type=float, default=8.0, help="clip length (default: %(default)s)")
    try:
        from .classify import MODELS
    except ImportError:  # pragma: no cover - a checkout without the classifier
        MODELS = None
    p.add_argument("--model", default="svm", choices=MODELS,
                   help="classifier (default: %(default)s)")
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

    if importlib.util.find_spec("fastrosa.classify") is not None:
        from . import classify  # light: scikit-learn and matplotlib load inside its commands

        classify.add_commands(sub)
    return ap


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
