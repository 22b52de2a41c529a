"""The same calls from 8 threads (planning FFTs concurrently) give bit-identical results."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from helpers import signal

import fastrosa
from fastrosa._ext import _runtime

N_THREADS = 8
ROUNDS = 3
N_FFTS = [256, 300, 511, 512, 777, 1024, 1500, 2048, 96, 1331, 640]  # a new set of plans each round


def job(rnd, i, barrier=None):
    """stft, istft and zero_crossing_rate of the seeded input number ``i`` of round ``rnd``."""
    n_fft = N_FFTS[(rnd * 3 + i) % len(N_FFTS)]
    hop = n_fft // 4 + i
    y = signal(
        30000 + 37 * i,
        np.float32 if (rnd + i) % 2 else np.float64,
        channels=(2,) * (i % 2),
        seed=100 * rnd + i,
    )
    if barrier is not None:
        barrier.wait()  # all threads plan at once
    D = fastrosa.stft(y, n_fft=n_fft, hop_length=hop, center=bool(i % 3))
    x = fastrosa.istft(D, n_fft=n_fft, hop_length=hop, length=y.shape[-1], center=bool(i % 3))
    z = fastrosa.feature.zero_crossing_rate(y, frame_length=n_fft, hop_length=hop)
    return D, x, z


def test_threads_match_serial():
    _runtime.clear_plans()
    serial = {(r, i): job(r, i) for r in range(ROUNDS) for i in range(N_THREADS)}
    with ThreadPoolExecutor(N_THREADS) as pool:
        for r in range(ROUNDS):
            _runtime.clear_plans()  # serially, between rounds: every round plans afresh
            barrier = threading.Barrier(N_THREADS)
            futures = [pool.submit(job, r, i, barrier) for i in range(N_THREADS)]
            for i, fut in enumerate(futures):
                for what, got, want in zip(["stft", "istft", "zcr"], fut.result(), serial[(r, i)]):
                    assert got.dtype == want.dtype and got.shape == want.shape, (r, i, what)
                    assert np.array_equal(
                        got, want
                    ), f"round {r} job {i}: {what} differs from serial"
    # and a second pass with the plans now cached, all jobs of all rounds at once
    with ThreadPoolExecutor(N_THREADS) as pool:
        results = {key: pool.submit(job, *key) for key in serial}
        for key, fut in results.items():
            for got, want in zip(fut.result(), serial[key]):
                assert np.array_equal(got, want), key


def test_num_threads_bit_identical():
    y = signal(30 * 22050, np.float32, kind="tone", seed=3)
    before = fastrosa.get_num_threads()
    try:
        outs = {}
        for n in (1, 2):
            fastrosa.set_num_threads(n)
            assert fastrosa.get_num_threads() == n
            outs[n] = [
                fastrosa.stft(y),
                fastrosa.stft(y.astype(np.float64), n_fft=1024, hop_length=300),
            ]
    finally:
        fastrosa.set_num_threads(before)
    assert fastrosa.get_num_threads() == before
    for one, two in zip(outs[1], outs[2]):
        assert one.dtype == two.dtype and one.shape == two.shape
        assert np.array_equal(one, two)
