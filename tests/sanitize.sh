#!/usr/bin/env bash
# Run the kernel tests under AddressSanitizer + UndefinedBehaviorSanitizer:
#   1. the C test programs (csrc/tests/test_*.c, ctest) built with the sanitizers;
#   2. the Python tests of the C-backed functions, against a sanitized build of
#      the extension installed in a scratch virtual environment, with the
#      sanitizer runtimes preloaded into the interpreter.
# Usage: bash tests/sanitize.sh [pytest args...]   (Linux, gcc; no root needed)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${FASTROSA_SANITIZE_DIR:-${TMPDIR:-/tmp}/fastrosa-sanitize}"
mkdir -p "$work"

python3 -m venv "$work/venv"
. "$work/venv/bin/activate"
python -m pip install --quiet --upgrade pip
python -m pip install --quiet torch==2.13.0 "$repo[test]" \
    -Ccmake.define.FASTROSA_SANITIZE=ON -Ccmake.build-type=Debug -Cbuild-dir="$work/build"

preload="$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so)"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# (importing fastrosa loads the sanitized extension: the runtimes go first)
fftw_libs="$(LD_PRELOAD="$preload" python - <<'PY'
import os, fastrosa._fftw as f
i = f.info()
print(i["double"] + os.pathsep + i["float"])
PY
)"

cmake -S "$repo" -B "$work/ctest" -DFASTROSA_CTESTS=ON -DFASTROSA_SANITIZE=ON \
      -DCMAKE_BUILD_TYPE=Debug > /dev/null
cmake --build "$work/ctest" > /dev/null
FASTROSA_FFTW_LIBS="$fftw_libs" ctest --test-dir "$work/ctest" --output-on-failure

# Leak checking is off: CPython's own allocations at exit would drown the report.
cd "$repo"
LD_PRELOAD="$preload" python -m pytest -q -p no:cacheprovider \
        tests/test_spectrum.py tests/test_zcr.py tests/test_threads.py tests/test_mel.py \
        tests/test_pitch.py tests/test_onset.py tests/test_peaks.py tests/test_rhythm.py \
        tests/test_beat.py tests/test_shape.py tests/test_hpss.py tests/test_fuzz.py \
        tests/test_layouts.py "$@"
