"""Write src/fastrosa/_librosa_names.py: librosa's public names, module by module.

    python tools/librosa_names.py           # rewrite the file from the installed librosa
    python tools/librosa_names.py --check   # exit 1 if the file differs from it

A module's public names are its ``__all__`` and the names its docstring's
autosummary lists that the module has (librosa documents
``effects.preemphasis`` and ``display.SvaraFormatter`` without putting them
in ``__all__``). fastrosa reads the written list, never librosa, to know which
names it passes through to librosa (``src/fastrosa/_delegate.py``);
tests/test_delegation.py checks it against the installed librosa.
"""

from __future__ import annotations

import importlib
import pathlib
import sys
import textwrap

# The modules fastrosa mirrors, as paths below the package ("" is the package).
MODULES = (
    "", "core", "feature", "feature.inverse", "filters", "effects", "decompose",
    "onset", "beat", "util", "display", "sequence", "segment",
)
OUTPUT = pathlib.Path(__file__).resolve().parents[1] / "src" / "fastrosa" / "_librosa_names.py"


def _autosummary(doc: str) -> set[str]:
    """The entries of every ``.. autosummary::`` block of a docstring."""
    names, inside = set(), False
    for line in doc.splitlines():
        text = line.strip()
        if text.startswith(".. autosummary::"):
            inside = True
        elif inside and text and not line[0].isspace():
            inside = False  # the block ends where the text is no longer indented
        elif inside and text and not text.startswith(":"):
            names.add(text)
    return names


def public_names() -> dict[str, tuple[str, ...]]:
    """{module path: its sorted public names}, from the installed librosa."""
    names = {}
    for path in MODULES:
        module = importlib.import_module("librosa" + ("." + path if path else ""))
        documented = {n for n in _autosummary(module.__doc__ or "") if n.isidentifier() and hasattr(module, n)}
        names[path] = tuple(sorted(set(module.__all__) | documented))
    return names


def render(names: dict[str, tuple[str, ...]], version: str) -> str:
    lines = [
        f'"""librosa {version}\'s public names, module by module: written by',
        "tools/librosa_names.py from librosa itself (do not edit; run it again).",
        "",
        "fastrosa passes a name listed here that it does not provide to librosa",
        "(see `_delegate`); this list, not an import of librosa, says what is librosa's.",
        '"""',
        "",
        f'LIBROSA_VERSION = "{version}"',
        "",
        "NAMES: dict[str, frozenset[str]] = {",
    ]
    for path, module_names in names.items():
        body = textwrap.wrap(" ".join(module_names), width=84)
        lines.append(f'    "{path}": frozenset("""')
        lines.extend(f"        {chunk}" for chunk in body)
        lines.append('    """.split()),')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    import librosa

    text = render(public_names(), librosa.__version__)
    if argv[1:] == ["--check"]:
        same = OUTPUT.read_text() == text
        print(f"{OUTPUT.name}: {'up to date' if same else 'differs from librosa ' + librosa.__version__}")
        return 0 if same else 1
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT} ({sum(map(len, public_names().values()))} names)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
