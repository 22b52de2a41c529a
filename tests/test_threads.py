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


# --- the large-block cache (_runtime.reuse_blocks) and per-thread counts ---

def _handler_name(a=None):
    try:
        from numpy._core.multiarray import get_handler_name
    except ImportError:  # NumPy 1.x
        from numpy.core.multiarray import get_handler_name

    return get_handler_name() if a is None else get_handler_name(a)


def test_reuse_blocks_scope():
    _runtime.pool_trim()
    before = _handler_name()
    with _runtime.reuse_blocks():
        assert _handler_name() == "fastrosa_pool"
        a = np.arange(1 << 19, dtype=np.float64)  # 4 MiB
        assert _handler_name(a) == "fastrosa_pool"
        small = np.ones(10)
        del a, small
        assert _runtime.pool_idle() == (1, 4 << 20)
        b = np.zeros(1 << 19)  # the same block, zeroed
        assert _runtime.pool_idle() == (0, 0) and not b.any()
        c = np.empty(1 << 19)
        c[:] = 7
        del c
        d = np.zeros(1 << 19)  # calloc of a reused block: zeroed again
        assert not d.any()
        with _runtime.reuse_blocks():  # nested
            pass
        assert _handler_name() == "fastrosa_pool"
    assert _handler_name() == before and _handler_name(b) == "fastrosa_pool"
    assert _runtime.pool_idle()[1] <= 64 << 20
    del b, d  # freed outside any scope: not kept
    _runtime.pool_trim()
    assert _runtime.pool_idle() == (0, 0)
    # the handler comes back after an exception too
    try:
        with _runtime.reuse_blocks():
            raise KeyError
    except KeyError:
        pass
    assert _handler_name() == before


def test_reuse_blocks_across_threads():
    """Arrays made in one thread's scope and freed in another; each thread's
    scope is its own (NumPy's handler is per context)."""
    _runtime.pool_trim()
    made = []
    ready, done = threading.Event(), threading.Event()

    def other():
        with _runtime.reuse_blocks():
            made.append(np.full(1 << 18, 3.0))
            ready.set()
            done.wait(10)

    t = threading.Thread(target=other)
    t.start()
    ready.wait(10)
    assert _handler_name() != "fastrosa_pool"  # not this thread's scope
    assert _handler_name(made[0]) == "fastrosa_pool"
    made.clear()  # freed here, while the other thread's scope is open: kept
    assert _runtime.pool_idle()[0] == 1
    done.set()
    t.join()
    _runtime.pool_trim()


def test_summarize_rows_unchanged_by_the_pool_and_threads():
    """The GTZAN row is the same in and out of the pool and with 1 or 2
    threads (its branches then run side by side, one thread each)."""
    from fastrosa.extract import summarize

    y = signal(8 * 22050, np.float32, kind="tone", seed=5)
    saved = fastrosa.get_num_threads()
    try:
        fastrosa.set_num_threads(1)
        want = summarize(y, 22050)
        fastrosa.set_num_threads(2)
        for _ in range(3):  # warm: rows from reused blocks
            assert summarize(y, 22050) == want
    finally:
        fastrosa.set_num_threads(saved)


def test_threads_here():
    from fastrosa import _config

    saved = fastrosa.get_num_threads()
    seen = []
    with _config.threads_here(1):
        assert fastrosa.get_num_threads() == 1
        t = threading.Thread(target=lambda: seen.append(fastrosa.get_num_threads()))
        t.start()
        t.join()
        with _config.threads_here(3):
            assert fastrosa.get_num_threads() == 3
        assert fastrosa.get_num_threads() == 1
    assert seen == [saved] and fastrosa.get_num_threads() == saved
