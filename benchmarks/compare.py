"""Print a table per SIMD level: function | librosa ms | fastrosa ms | ratio.

    python benchmarks/compare.py [--repeat N] [--levels L ...] [--extract N] [NAME ...]

NAME filters the rows (a substring of the case name, e.g. ``beat``).

The CPU model comes first, then one table for each SIMD level this CPU has
(``--levels`` picks some), each from a fresh interpreter started with
``FASTROSA_SIMD`` set to that level. Each row times the same call on both
libraries in that process (best of N after a warm-up call), each library
after a pause that lets the other's BLAS threads go idle
(`cases.settle`); the cold-start row runs fresh interpreters. After each
table: fastrosa's chroma projection of a stored spectrogram beside NumPy's
BLAS product of the same matrices and, with ``--extract N``, `fastrosa
extract` over N synthetic 30-s WAV clips on every core.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import fastrosa  # noqa: E402
from cases import (CASES, COLD_CALLS, audioflux_twins, clip, cold_start, extract_throughput,  # noqa: E402
                   fftw_floor, median_ns_per_output, projection_twins, settle)


def best_ms(fn, repeat, warm=0.25):
    """The best of ``repeat`` timed calls of ``fn``, in ms, after calls for at
    least ``warm`` seconds (at least one): after `cases.settle`'s sleep this
    guest's cores run slowly for a while (chroma_stft: 5.9 ms in the first
    seven calls after a 1-s sleep, 4.2 ms after 0.3 s of work), which would
    count against the library with the shorter calls."""
    t_end = time.perf_counter() + warm
    fn()
    while time.perf_counter() < t_end:
        fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1e3


def cpu_model() -> str:
    """The CPU's model name, as the OS reports it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("model name", "Model", "CPU part")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if sys.platform == "darwin":
        r = subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            return r.stdout.strip()
    return platform.processor() or platform.machine()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--levels", nargs="+", choices=fastrosa.simd_levels(),
                    default=list(fastrosa.simd_levels())[::-1],
                    help="SIMD levels to measure (default: every level this CPU has)")
    ap.add_argument("--extract", type=int, default=0, metavar="N",
                    help="also time `fastrosa extract` over N synthetic 30-s WAV clips")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("names", nargs="*", help="only the cases whose name contains one of these")
    args = ap.parse_args(argv)
    if not args.child:
        print(f"CPU: {cpu_model()} ({os.cpu_count()} logical cores, {platform.machine()})")
        passed = [a for a in (argv if argv is not None else sys.argv[1:])]
        for level in args.levels:
            print(f"\n## SIMD level: {level}\n", flush=True)
            env = dict(os.environ, FASTROSA_SIMD=level)
            subprocess.run([sys.executable, __file__, "--child", *passed], env=env, check=True)
        return
    table(args)


def table(args):
    import librosa

    assert fastrosa.simd_level() == os.environ.get("FASTROSA_SIMD", fastrosa.simd_level())

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

    width = max([len(r[0]) for r in rows] + [len("function")])
    if rows:
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
    if not args.names or any(n in "chroma projection" for n in args.names):
        for name, (ours, blas) in projection_twins(clips.get(30, None)).items():
            ours_ms, blas_ms = best_ms(ours, args.repeat), best_ms(blas, args.repeat)
            print(f"\n{name}: fastrosa {ours_ms:.2f} ms, NumPy's BLAS product {blas_ms:.2f} ms "
                  f"({ours_ms / blas_ms:.2f}x the BLAS time, one thread each)")
    if not args.names or any(n in "median filter" for n in args.names):
        for k in (7, 31, 63):
            r = median_ns_per_output(k)
            print(f"median filter (HPSS), 1025 x 1293 float32, k = {k}, one thread: "
                  + ", ".join(f"{ns:.2f} ns per output {name}" for name, ns in r.items()))
    if args.extract:
        r = extract_throughput(args.extract, 30.0, os.cpu_count() or 1, "thread", repeat=1)
        print(f"\nfastrosa extract, {r['files']} x 30-s WAV, {r['jobs']} thread workers: "
              f"{r['seconds']:.2f} s, {r['files_per_second']:.1f} files/s")
    if floor is None:
        return
    stft30 = stft_rows[0][2]
    print(f"\nstft (30 s) vs a bare FFTW batch execute over the same frames: "
          f"{stft30:.2f} ms / {floor:.2f} ms = {stft30 / floor:.2f}x the floor "
          f"({fastrosa.get_num_threads()} thread(s))")


if __name__ == "__main__":
    main()
