"""Command line: ``fastrosa demo [FILE]`` and ``fastrosa info``.

``demo`` runs the core transforms on a recording (or, with no file, on a
built-in synthetic example: a chord over a drum-like click track), checks the
round trip, and prints what it found and how long each step took.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np


def _example(sr: int = 22050, seconds: float = 5.0) -> np.ndarray:
    t = np.arange(int(sr * seconds)) / sr
    chord = sum(0.2 * np.sin(2 * np.pi * f * t) for f in (220.0, 277.18, 329.63))
    clicks = np.zeros_like(t)
    clicks[:: sr // 2] = 1.0  # 120 beats per minute
    decay = np.exp(-np.arange(400) / 60.0)
    return (chord + np.convolve(clicks, decay)[: len(t)]).astype(np.float32)


def demo(path: str | None) -> int:
    import fastrosa

    t0 = time.perf_counter()
    if path:
        y, sr = fastrosa.load(path)
        what = path
    else:
        sr, y = 22050, _example()
        what = "built-in example (A major chord over clicks at 120 bpm)"
    t_load = time.perf_counter() - t0

    t0 = time.perf_counter()
    D = fastrosa.stft(y)
    t_stft = time.perf_counter() - t0
    t0 = time.perf_counter()
    y_hat = fastrosa.istft(D, length=len(y))
    t_istft = time.perf_counter() - t0
    t0 = time.perf_counter()
    zcr = fastrosa.feature.zero_crossing_rate(y)
    t_zcr = time.perf_counter() - t0

    mag = np.abs(D)
    freqs = fastrosa.fft_frequencies(sr=sr)
    peak = freqs[int(mag.mean(axis=1).argmax())]
    err = float(np.max(np.abs(y_hat - y)))
    print(f"input      : {what}")
    print(f"             {len(y)} samples at {sr} Hz = {fastrosa.get_duration(y=y, sr=sr):.2f} s "
          f"(read in {t_load * 1e3:.1f} ms)")
    print(f"stft       : {D.shape[0]} bins x {D.shape[1]} frames, {D.dtype}, {t_stft * 1e3:.2f} ms; "
          f"strongest bin {peak:.1f} Hz")
    print(f"istft      : max round-trip error {err:.2e}, {t_istft * 1e3:.2f} ms")
    print(f"zcr        : mean {zcr.mean():.4f}, {t_zcr * 1e3:.2f} ms")
    print(f"FFTW       : {info_line()}")
    return 0 if err < 1e-3 else 1


def info_line() -> str:
    from . import _fftw

    i = _fftw.info()
    return f"{i['version']} ({i['source']}: {i['float']})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="fastrosa", description="fastrosa command line")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("demo", help="run the core transforms on a file or a built-in example")
    p.add_argument("file", nargs="?", help="an audio file (default: a built-in example)")
    sub.add_parser("info", help="show which FFTW library is used")
    args = ap.parse_args(argv)
    if args.command == "demo":
        return demo(args.file)
    print(info_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
