"""Check an installed fastrosa without librosa: where it was imported from,
which FFTW it opened, and a few results against NumPy.

    python tools/wheel_smoke.py [--not-under DIR]

``--not-under DIR`` fails when fastrosa was imported from inside DIR (the
source checkout), so a test run provably used the installed package. Used by
tools/wheel_check.sh and by cibuildwheel's test step on platforms where
librosa cannot be installed (musllinux: no numba/llvmlite wheels).
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--not-under", default=None)
    args = ap.parse_args()

    import fastrosa
    from fastrosa import _fftw

    where = os.path.realpath(fastrosa.__file__)
    print("fastrosa", getattr(fastrosa, "__version__", "?"), "from", where)
    if args.not_under:
        src = os.path.realpath(args.not_under) + os.sep
        if where.startswith(src):
            print(f"FAIL: fastrosa was imported from the source tree {src}")
            return 1
    info = _fftw.info()
    print("FFTW:", info)

    rng = np.random.default_rng(0)
    for dtype, tol in ((np.float32, 2e-4), (np.float64, 1e-10)):
        y = rng.standard_normal(22050).astype(dtype)
        D = fastrosa.stft(y, n_fft=512, hop_length=128, center=False)
        win = np.hanning(513)[:-1]  # periodic Hann, librosa's default window
        frames = np.lib.stride_tricks.sliding_window_view(y.astype(np.float64), 512)[::128]
        ref = np.fft.rfft(frames * win, axis=-1).T
        err = np.max(np.abs(D - ref)) / np.max(np.abs(ref))
        assert D.dtype == (np.complex64 if dtype == np.float32 else np.complex128), D.dtype
        assert err < tol, (dtype, err)
        y2 = fastrosa.istft(fastrosa.stft(y), length=len(y))
        rt = np.max(np.abs(y2 - y))
        assert rt < 50 * tol, (dtype, rt)
        z = fastrosa.feature.zero_crossing_rate(y)
        # white noise crosses zero about every other sample (edge frames are padded)
        assert z.shape == (1, 44) and np.all(np.abs(z[0, 2:-2] - 0.5) < 0.05), z
    print("smoke: stft/istft/zero_crossing_rate OK (float32, float64)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
