"""Check the contents of fastrosa's distributions.

    python tools/check_dist.py wheel WHEEL
    python tools/check_dist.py sdist SDIST
    python tools/check_dist.py flags BUILD_DIR      (compile_commands.json, CMakeCache.txt)
    python tools/check_dist.py same WHEEL REPAIRED  (auditwheel repair changed tags only)

Each prints what it checked and exits 1 listing every problem it found.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tarfile
import zipfile

# Never in a wheel: sources the build consumed, and build products other
# than the compiled modules themselves.
WHEEL_FORBIDDEN = re.compile(
    r"(\.pyx|\.pxd|\.c|\.h|\.cpp|\.o|\.obj|\.a|\.lib|\.exp|\.pyc|CMakeLists\.txt|"
    r"CMakeCache\.txt|compile_commands\.json|\.ninja(_log|_deps)?)$|__pycache__/|/CMakeFiles/"
)
EXT_MODULE = re.compile(r"^fastrosa/.*?([^/]+?)(\.cpython-[^/]*|\.cp\d+-[^/]*|\.abi3)?\.(so|pyd)$")


def check_wheel(path: str) -> list[str]:
    problems = []
    names = zipfile.ZipFile(path).namelist()
    dist_info = [n for n in names if re.match(r"^fastrosa-[^/]+\.dist-info/", n)]
    for n in names:
        if n.endswith("/"):
            continue
        if WHEEL_FORBIDDEN.search(n):
            problems.append(f"source or build leftover in the wheel: {n}")
        if not (n.startswith("fastrosa/") or n in dist_info):
            problems.append(f"file outside the fastrosa package: {n}")
        if re.match(r"^fastrosa[^/]*\.libs/", n):
            problems.append(f"grafted shared library: {n}")
    if not any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith(".dist-info/LICENSE")
               for n in dist_info):
        problems.append("no LICENSE in the .dist-info")
    if "fastrosa/py.typed" not in names:
        problems.append("no fastrosa/py.typed")
    modules = []
    for n in names:
        m = EXT_MODULE.match(n)
        if m:
            stub = f"{os.path.dirname(n)}/{m.group(1)}.pyi"
            modules.append((n, stub))
            if stub not in names:
                problems.append(f"compiled module {n} has no stub {stub}")
    if not modules:
        problems.append("no compiled module in the wheel")
    meta = [n for n in dist_info if n.endswith("/METADATA")]
    text = zipfile.ZipFile(path).read(meta[0]).decode() if meta else ""
    if "GNU GPL" not in text:
        problems.append("METADATA (README) lacks the statement on FFTW's GPL licence")
    print(f"wheel {os.path.basename(path)}: {len(names)} files, "
          f"{os.path.getsize(path) / 1e3:.0f} kB")
    for mod, stub in modules:
        print(f"  compiled {mod}  (stub {stub})")
    return problems


SDIST_REQUIRED = ["CMakeLists.txt", "LICENSE", "README.md", "pyproject.toml", "PKG-INFO",
                  "csrc/", "csrc/include/fastrosa/", "src/fastrosa/__init__.py",
                  "src/fastrosa/_ext/", "src/fastrosa/py.typed", "tests/conftest.py",
                  "tests/helpers.py", "tools/wheel_smoke.py"]
SDIST_FORBIDDEN = re.compile(r"(^|/)(build|dist|\.venv|wheelhouse|__pycache__|\.pytest_cache|"
                             r"\.hypothesis|\.benchmarks|\.git)/|\.(so|pyd|o|pyc)$|"
                             r"^src/fastrosa/_ext/[^/]+\.c$")


def check_sdist(path: str) -> list[str]:
    problems = []
    with tarfile.open(path) as tf:
        names = [m.name + ("/" if m.isdir() else "") for m in tf.getmembers()]
    top = names[0].split("/")[0]
    rel = [n[len(top) + 1:] for n in names if n.startswith(top + "/")]
    for req in SDIST_REQUIRED:
        if not any(r == req or (req.endswith("/") and r.startswith(req)) for r in rel):
            problems.append(f"sdist lacks {req}")
    for r in rel:
        if SDIST_FORBIDDEN.search(r):
            problems.append(f"build product or local state in the sdist: {r}")
    for ext in (".c", ".pyx", ".pxd", ".pyi"):
        print(f"  {ext}: {sum(r.endswith(ext) for r in rel)} files", end="")
    print()
    print(f"sdist {os.path.basename(path)}: {len(rel)} entries, "
          f"{os.path.getsize(path) / 1e3:.0f} kB; top-level: "
          + " ".join(sorted({r.split('/')[0] for r in rel if r})))
    return problems


HOST_FLAG = re.compile(r"-m(arch|tune|cpu)=native|-march=\S+|-mtune=\S+|-mcpu=\S+|-xHost|"
                       r"-ffast-math|-Ofast")
# Instruction-set flags belong only to the per-level copies of csrc/*.simd.c,
# which run only on a CPU that has the level (csrc/simd.c checks).
ISA_FLAG = re.compile(r"(?<!\S)(-mavx\S*|-mfma|-msse[34]\S*|/arch:\S+)")


def check_flags(build_dir: str) -> list[str]:
    problems = []
    cc = os.path.join(build_dir, "compile_commands.json")
    if not os.path.exists(cc):
        return [f"no {cc} (configure with CMAKE_EXPORT_COMPILE_COMMANDS=ON)"]
    entries = json.load(open(cc))
    cache = open(os.path.join(build_dir, "CMakeCache.txt")).read()
    bt = re.search(r"^CMAKE_BUILD_TYPE:\w+=(.*)$", cache, re.M)
    if not bt or bt.group(1) != "Release":
        problems.append(f"CMAKE_BUILD_TYPE is {bt.group(1) if bt else None!r}, not Release")
    flags_seen = set()
    for e in entries:
        cmd = e.get("command") or " ".join(e.get("arguments", []))
        src = os.path.basename(e["file"])
        for m in HOST_FLAG.finditer(cmd):
            problems.append(f"{src}: host-specific or unsafe flag {m.group(0)}")
        if not src.endswith(".simd.c"):
            for m in ISA_FLAG.finditer(cmd):
                problems.append(f"{src}: instruction-set flag {m.group(0)} outside a SIMD-level source")
        if "/csrc/" in e["file"].replace("\\", "/") and "-O3" not in cmd:
            problems.append(f"{src}: kernel compiled without -O3")
        if "-DNDEBUG" not in cmd:
            problems.append(f"{src}: compiled without -DNDEBUG (not a release build?)")
        flags_seen.update(t for t in cmd.split() if t.startswith(("-O", "-m", "-f", "-D")))
    print(f"compile commands: {len(entries)} translation units, build type "
          f"{bt.group(1) if bt else None}; flags used: {' '.join(sorted(flags_seen))}")
    return problems


def check_same(wheel: str, repaired: str) -> list[str]:
    """The repaired wheel holds the same files with the same bytes (dist-info aside)."""
    problems = []
    a, b = zipfile.ZipFile(wheel), zipfile.ZipFile(repaired)
    # directory entries aside (auditwheel writes them, build does not)
    pa = {n for n in a.namelist() if ".dist-info/" not in n and not n.endswith("/")}
    pb = {n for n in b.namelist() if ".dist-info/" not in n and not n.endswith("/")}
    if pa != pb:
        problems.append(f"file lists differ: only in wheel {sorted(pa - pb)}, "
                        f"only in repaired {sorted(pb - pa)}")
    changed = [n for n in sorted(pa & pb) if a.read(n) != b.read(n)]
    # auditwheel may rewrite a compiled module (RPATH) even with nothing grafted
    for n in changed:
        print(f"  note: repaired wheel rewrote {n}")
    tag = [n for n in b.namelist() if n.endswith(".dist-info/WHEEL")]
    print("repaired WHEEL tags: " + " ".join(
        line.split(": ", 1)[1] for line in b.read(tag[0]).decode().splitlines()
        if line.startswith("Tag:")))
    return problems


def main(argv: list[str]) -> int:
    kind, args = argv[1], argv[2:]
    problems = {"wheel": check_wheel, "sdist": check_sdist, "flags": check_flags,
                "same": check_same}[kind](*args)
    for p in problems:
        print("FAIL:", p)
    print(f"{kind}: {'FAILED' if problems else 'ok'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
