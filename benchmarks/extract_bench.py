"""GTZAN extraction speed: the fused feature row against the librosa recipe, and
`fastrosa extract` throughput in files/s.

    python benchmarks/extract_bench.py [--repeat N] [--files 40] [--jobs 2]

Targets (issue 5): row >= 50x the librosa recipe on a 30-s clip (kaggle
mode); extract >= 20 clips of 30 s per second on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import fastrosa  # noqa: E402
from cases import CASES, clip, extract_throughput  # noqa: E402
from compare import best_ms  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--files", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--executor", nargs="*", default=["thread", "process"])
    ap.add_argument("--no-row", action="store_true")
    args = ap.parse_args(argv)
    import librosa

    if not args.no_row:
        for case in (c for c in CASES if c.name.startswith("gtzan")):
            y = clip(case.seconds)
            lib_ms = best_ms(lambda: case.run(librosa, y), max(1, args.repeat // 2))
            fr_ms = best_ms(lambda: case.run(fastrosa, y), args.repeat)
            print(f"{case.name} ({case.seconds:g} s): librosa {lib_ms:.1f} ms, "
                  f"fastrosa {fr_ms:.1f} ms, {lib_ms / fr_ms:.1f}x")
    for ex in args.executor:
        r = extract_throughput(args.files, 30.0, args.jobs, ex)
        print(f"fastrosa extract, {r['files']} x 30-s WAV, {r['jobs']} {ex} workers: "
              f"{r['seconds']:.2f} s, {r['files_per_second']:.1f} files/s")


if __name__ == "__main__":
    main()
