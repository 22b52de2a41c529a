"""The C test programs (csrc/tests/test_*.c), built and run from here so that
the one test command covers them: each program repeats its checks at every
SIMD level this CPU has (csrc/tests/check.h), with FFTW's checks on the
library fastrosa opened. Skipped where the sources or a C toolchain with
CMake are absent (a copy of tests/ run against an installed wheel)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "csrc" / "tests").glob("test_*.c"))


def _cmake():
    exe = shutil.which("cmake")
    if exe is None:
        try:
            import cmake  # the PyPI package, as the build uses it

            exe = str(Path(cmake.CMAKE_BIN_DIR) / "cmake")
        except ImportError:
            return None
    return exe


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    cmake = _cmake()
    if not SOURCES or not (ROOT / "CMakeLists.txt").is_file():
        pytest.skip("the C sources are not beside these tests")
    if cmake is None or (shutil.which("cc") is None and shutil.which("gcc") is None):
        pytest.skip("no CMake or C compiler")
    build = tmp_path_factory.mktemp("ctests")
    for cmd in ([cmake, "-S", str(ROOT), "-B", str(build), "-DFASTROSA_CTESTS=ON",
                 "-DCMAKE_BUILD_TYPE=Release"],
                [cmake, "--build", str(build), "-j", str(os.cpu_count() or 1)]):
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        assert r.returncode == 0, f"{' '.join(cmd)}\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
    return build


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_c_program(programs, source):
    import fastrosa
    from fastrosa import _fftw

    exe = programs / (source.stem + (".exe" if sys.platform == "win32" else ""))
    info = _fftw.info()
    env = dict(os.environ, FASTROSA_FFTW_LIBS=f"{info['double']}:{info['float']}")
    env.pop("FASTROSA_SIMD", None)
    r = subprocess.run([str(exe)], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, f"{source.name} failed:\n{r.stdout}\n{r.stderr}"
    for level in fastrosa.simd_levels():
        assert f"at the {level} level: all checks passed" in r.stdout, r.stdout
    assert "skipped" not in r.stderr, r.stderr
