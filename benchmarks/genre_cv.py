"""Genre classification accuracy of the built-in models on the published GTZAN table.

Stratified 10-fold cross-validation with nested model selection (the
hyperparameters of each outer fold are chosen by an inner CV on its training
rows), exactly as ``fastrosa train`` runs it::

    python benchmarks/genre_cv.py                       # every model
    python benchmarks/genre_cv.py svm ensemble --jobs 2 # some models
    python benchmarks/genre_cv.py --csv path/to/features_30_sec.csv

Prints one row per model: accuracy, macro-F1 and the wall time. The table
defaults to ``../shared/gtzan/features_30_sec.csv`` beside the repository
(or ``$FASTROSA_GTZAN_DIR/features_30_sec.csv``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from fastrosa import genre

DEFAULT_CSV = Path(os.environ.get(
    "FASTROSA_GTZAN_DIR", Path(__file__).resolve().parents[2] / "shared" / "gtzan"
)) / "features_30_sec.csv"


class _Verbose(genre.Progress):
    """-v: the plan and each fold as they come."""

    def start(self, plan):
        print(plan.text())

    def fold(self, result):
        print(result.text(), flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="*", metavar="MODEL",
                    help=f"models to run (default: all of {', '.join(genre.MODELS)})")
    ap.add_argument("--csv", default=str(DEFAULT_CSV))
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--inner-folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true", help="print each model's full report")
    args = ap.parse_args(argv)
    bad = [m for m in args.models if m not in genre.MODELS]
    if bad:
        ap.error(f"unknown model {bad[0]!r}; choose from {', '.join(genre.MODELS)}")
    args.models = args.models or list(genre.MODELS)
    if not Path(args.csv).is_file():
        print(f"no table at {args.csv}", file=sys.stderr)
        return 1

    rows = []
    for name in args.models:
        t0 = time.perf_counter()
        res = genre.train(
            args.csv, model=name, folds=args.folds, inner_folds=args.inner_folds, seed=args.seed,
            n_jobs=args.jobs, progress=_Verbose() if args.verbose else None,
        )
        dt = time.perf_counter() - t0
        if args.verbose:
            print(res.text())
        rows.append((name, res.accuracy, res.macro_f1, dt))
        print(f"{name:9s} accuracy {res.accuracy:.4f}  macro-F1 {res.macro_f1:.4f}  "
              f"{dt:7.1f} s", flush=True)
    print()
    print(f"{Path(args.csv).name}: {args.folds}-fold stratified CV, nested "
          f"{args.inner_folds}-fold model selection, seed {args.seed}")
    print("| model | accuracy | macro-F1 | seconds |")
    print("|---|---|---|---|")
    for name, acc, f1, dt in rows:
        print(f"| {name} | {acc:.4f} | {f1:.4f} | {dt:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
