#!/usr/bin/env bash
# Cross-compile the C kernels and C tests for aarch64 Linux and run the tests
# under qemu-user:   bash tools/cross_aarch64.sh [BUILD_DIR]   (default build/aarch64)
# FFT checks run when FASTROSA_FFTW_LIBS is set, or when Debian's arm64 FFTW is
# installed through multiarch:
#   dpkg --add-architecture arm64 && apt-get update &&
#   apt-get install libfftw3-double3:arm64 libfftw3-single3:arm64
set -euo pipefail

BUILD_DIR="${1:-build/aarch64}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$PWD/$BUILD_DIR" ;; esac
cd "$ROOT"

missing=()
command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
[[ -f /usr/aarch64-linux-gnu/include/stdio.h ]] || missing+=(libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null || missing+=(qemu-user)
command -v cmake >/dev/null || missing+=(cmake)
command -v file >/dev/null || missing+=(file)
if ((${#missing[@]})); then
    echo "cross_aarch64.sh: missing tools; install them with:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
fi

cmake -S . -B "$BUILD_DIR" -DFASTROSA_CTESTS=ON \
    -DCMAKE_TOOLCHAIN_FILE="$ROOT/tools/aarch64-linux-gnu.cmake" -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" -j2

bin="$BUILD_DIR/test_kernels"
[[ -f "$bin" ]] || bin="$(find "$BUILD_DIR" -maxdepth 1 -type f -name 'test_*' -perm -u+x | head -n1)"
file "$bin"

# Absolute paths: qemu looks under its -L prefix (/usr/aarch64-linux-gnu) first
# and falls back to the host path, where multiarch puts the arm64 libraries.
dbl=/usr/lib/aarch64-linux-gnu/libfftw3.so.3
flt=/usr/lib/aarch64-linux-gnu/libfftw3f.so.3
if [[ -z "${FASTROSA_FFTW_LIBS:-}" && -f "$dbl" && -f "$flt" ]]; then
    export FASTROSA_FFTW_LIBS="$dbl:$flt"
fi
echo "FASTROSA_FFTW_LIBS=${FASTROSA_FFTW_LIBS:-(unset: FFT checks skipped)}"

# a test hung under qemu is cut off rather than waited on forever
ctest --test-dir "$BUILD_DIR" --output-on-failure --timeout 900
