"""Write the README's table of librosa's names: fastrosa's own or librosa's, module by module.

    python tools/names_table.py           # rewrite the table in README.md
    python tools/names_table.py --check   # exit 1 if README.md's table is not the code's

The table comes from `fastrosa.provenance` over the names of
`fastrosa._librosa_names` (submodules aside: each has its own row); it is
written between the two marker lines in README.md. Needs matplotlib (for
``display``), not librosa. tests/test_delegation.py regenerates and compares.
"""

from __future__ import annotations

import pathlib
import sys

import fastrosa
from fastrosa._librosa_names import NAMES

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
BEGIN = "<!-- names table: written by tools/names_table.py, do not edit -->"
END = "<!-- end of names table -->"


def _names(names: list[str]) -> str:
    return f"{len(names)}: " + ", ".join(f"`{n}`" for n in names) if names else "0"


def table() -> str:
    """The markdown table, with a line of totals under it."""
    rows = ["| module | fastrosa's own | librosa's, taken on first use |", "|---|---|---|"]
    totals = {"fastrosa": 0, "librosa": 0}
    for path, names in NAMES.items():
        prefix = path + "." if path else ""
        by_origin: dict[str, list[str]] = {"fastrosa": [], "librosa": []}
        for name in sorted(names, key=str.lower):
            if prefix + name not in NAMES:  # a submodule has its own row
                by_origin[fastrosa.provenance(prefix + name)].append(name)
        for origin, found in by_origin.items():
            totals[origin] += len(found)
        rows.append(f"| `{path or '(top level)'}` | {_names(by_origin['fastrosa'])} | "
                    f"{_names(by_origin['librosa'])} |")
    rows += ["", f"{sum(totals.values())} names (submodules aside): {totals['fastrosa']} fastrosa's own, "
             f"{totals['librosa']} librosa's."]
    return "\n".join(rows)


def readme_table(text: str) -> tuple[str, str, str]:
    """README.md as (what comes before the table, the table, what comes after it)."""
    before, rest = text.split(BEGIN, 1)
    current, after = rest.split(END, 1)
    return before, current.strip("\n"), after


def main(argv: list[str]) -> int:
    before, current, after = readme_table(README.read_text())
    wanted = table()
    if argv[1:] == ["--check"]:
        print(f"README.md names table: {'up to date' if current == wanted else 'differs from the code'}")
        return 0 if current == wanted else 1
    README.write_text(f"{before}{BEGIN}\n{wanted}\n{END}{after}")
    print(f"wrote the names table of {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
