"""Print a table: function | librosa ms | fastrosa ms | ratio.

    python benchmarks/compare.py [--repeat N] [NAME ...]

NAME filters the rows (a substring of the case name, e.g. ``beat``).

Each row times the same call on both libraries in this process (best of N
after a warm-up call), each library after a pause that lets the other's
BLAS threads go idle (`cases.settle`); the cold-start row runs fresh
interpreters.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import fastrosa  # noqa: E402
from cases import CASES, COLD_CALLS, audioflux_twins, clip, cold_start, fftw_floor, settle  # noqa: E402


def best_ms(fn, repeat):
    fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1e3


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("names", nargs="*", help="only the cases whose name contains one of these")
    args = ap.parse_args(argv)
    import librosa

    rows = []
    clips = {}
    def wanted(name):
        return not args.names or any(n in name for n in args.names)

    for case in CASES:
        if not wanted(case.name):
            continue
        y = clips.setdefault(case.seconds, clip(case.seconds))
        times = {}
        for name, lib in (("librosa", librosa), ("fastrosa", fastrosa)):
            inputs = case.prepare(lib, y)
            settle()
            times[name] = best_ms(lambda: case.run(lib, inputs), args.repeat)
        rows.append((f"{case.name} ({case.seconds:g} s)", times["librosa"], times["fastrosa"]))
    stft_rows = [r for r in rows if r[0] == "stft (30 s)"]
    floor = None
    if stft_rows:
        floor = best_ms(fftw_floor(clips[30], threads=fastrosa.get_num_threads()), args.repeat)
    for what in COLD_CALLS:
        if not wanted(what):
            continue
        cold = {name: min(cold_start(name, what) for _ in range(3)) * 1e3
                for name in ("librosa", "fastrosa")}
        rows.append((f"cold: import + first {what} (30 s)", cold["librosa"], cold["fastrosa"]))

    width = max(len(r[0]) for r in rows)
    print(f"{'function':<{width}} | librosa ms | fastrosa ms | ratio")
    print(f"{'-' * width}-|------------|-------------|------")
    for name, lib_ms, fr_ms in rows:
        print(f"{name:<{width}} | {lib_ms:10.2f} | {fr_ms:11.2f} | {lib_ms / fr_ms:5.1f}x")
    twins = audioflux_twins(clips[30]) if any(r[0] == "melspectrogram (30 s)" for r in rows) else {}
    if twins:
        print(f"\n{'function (30 s)':<{width}} | audioFlux ms | fastrosa ms | ratio")
        for name, run in twins.items():
            af_ms = best_ms(run, args.repeat)
            fr_ms = next((r[2] for r in rows if r[0] == f"{name} (30 s)"), None)
            if fr_ms is not None:
                print(f"{name:<{width}} | {af_ms:12.2f} | {fr_ms:11.2f} | {af_ms / fr_ms:5.1f}x")
    if floor is None:
        return
    stft30 = stft_rows[0][2]
    print(f"\nstft (30 s) vs a bare FFTW batch execute over the same frames: "
          f"{stft30:.2f} ms / {floor:.2f} ms = {stft30 / floor:.2f}x the floor "
          f"({fastrosa.get_num_threads()} thread(s))")


if __name__ == "__main__":
    main()
