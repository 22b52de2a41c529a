"""Every public name of librosa 0.11.0 under fastrosa: fastrosa's own, or librosa's taken on first use."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import textwrap
import types

import numpy as np
import pytest

import fastrosa
from fastrosa._librosa_names import LIBROSA_VERSION, NAMES
from helpers import REPO, assert_close, signal

librosa = pytest.importorskip("librosa")

HEAVY = ("librosa", "numba", "scipy", "matplotlib")


def _tool(name):
    """A script of tools/, imported as a module."""
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fresh_python(code: str):
    """What ``code``, run in a new interpreter on the fastrosa under test, prints as JSON on its last line."""
    env = dict(os.environ, PYTHONPATH=str(pathlib.Path(fastrosa.__file__).parents[1]))
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                         text=True, timeout=300, cwd=REPO.parent, env=env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[-1])


def _module(root, path):
    return importlib.import_module(root + ("." + path if path else ""))


def _needs_matplotlib(path):
    if path == "display" and importlib.util.find_spec("matplotlib") is None:
        pytest.skip("matplotlib is not installed")


# ---------------------------------------------------------------------------
# The checked-in list is librosa's
# ---------------------------------------------------------------------------
def test_names_list_is_librosas():
    if librosa.__version__ != LIBROSA_VERSION:
        pytest.skip(f"the list is librosa {LIBROSA_VERSION}'s, librosa {librosa.__version__} is installed")
    live = _tool("librosa_names").public_names()
    assert {path: frozenset(names) for path, names in live.items()} == NAMES
    # what the docstrings add to __all__ is there
    assert {"preemphasis", "deemphasis"} <= NAMES["effects"]
    assert "SvaraFormatter" in NAMES["display"]


# ---------------------------------------------------------------------------
# Every name resolves: fastrosa's own objects, or librosa's very objects
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", list(NAMES))
def test_every_name_resolves(path):
    _needs_matplotlib(path)
    ours, theirs = _module("fastrosa", path), _module("librosa", path)
    origins = {"fastrosa": 0, "librosa": 0}
    for name in sorted(NAMES[path]):
        origin = fastrosa.provenance(f"{path}.{name}" if path else name)
        origins[origin] += 1
        got, want = getattr(ours, name), getattr(theirs, name)
        where = f"fastrosa.{path}.{name}" if path else f"fastrosa.{name}"
        if origin == "librosa":
            assert got is want, where
            assert vars(ours)[name] is want, f"{where} is not kept in the module's namespace"
        elif isinstance(got, types.ModuleType):
            assert got.__name__.startswith("fastrosa."), where
        elif callable(got):
            assert got is not want, where
            assert got.__module__.startswith("fastrosa."), f"{where} comes from {got.__module__}"
        else:  # a constant (util.MAX_MEM_BLOCK)
            assert got == want, where
    # each name was checked once; the README table test checks the split
    assert sum(origins.values()) == len(NAMES[path]) > 0


@pytest.mark.parametrize("name, origin", [
    ("stft", "fastrosa"), ("effects.hpss", "fastrosa"), ("feature.mfcc", "fastrosa"),
    ("util.MAX_MEM_BLOCK", "fastrosa"), ("display.specshow", "fastrosa"),
    ("ParameterError", "fastrosa"), ("set_num_threads", "fastrosa"), ("display", "fastrosa"),
    ("segment", "fastrosa"), ("effects.time_stretch", "librosa"), ("stream", "librosa"),
    ("feature.inverse.mel_to_audio", "librosa"), ("segment.agglomerative", "librosa"),
    ("display.NoteFormatter", "librosa"), ("util.nnls", "librosa"),
])
def test_provenance(name, origin):
    _needs_matplotlib(name.partition(".")[0])
    assert fastrosa.provenance(name) == origin
    if origin == "librosa":  # kept in the namespace, still librosa's
        module, _, attribute = name.rpartition(".")
        getattr(_module("fastrosa", module), attribute)
        assert fastrosa.provenance(name) == "librosa"


@pytest.mark.parametrize("name", ["effects.trimm", "stfft", "effects.stft", "feature.inverse.mfcc"])
def test_provenance_of_a_name_neither_has(name):
    with pytest.raises(AttributeError):
        fastrosa.provenance(name)


@pytest.mark.parametrize("module, name", [
    ("effects", "trimm"), ("", "stfft"), ("effects", "stft"), ("feature.inverse", "mfcc"), ("segment", "dtw"),
])
def test_a_name_librosa_lacks_is_the_plain_attribute_error(module, name):
    """A typo, or a librosa name in a module of librosa that lacks it."""
    target = _module("fastrosa", module)
    with pytest.raises(AttributeError) as info:
        getattr(target, name)
    assert str(info.value) == f"module {target.__name__!r} has no attribute {name!r}"
    assert not hasattr(target, name)
    assert getattr(target, name, "default") == "default"


def test_dir_lists_every_name():
    """Tab completion shows librosa's names too, before any is used, without importing librosa."""
    paths = [p for p in NAMES if p != "display" or importlib.util.find_spec("matplotlib")]
    missing = _fresh_python(f"""
        import importlib, json, sys
        from fastrosa._librosa_names import NAMES
        missing = {{}}
        for path in {paths!r}:
            listed = set(dir(importlib.import_module("fastrosa" + ("." + path if path else ""))))
            missing[path] = sorted(NAMES[path] - listed)
        missing["imported librosa"] = "librosa" in sys.modules
        print(json.dumps(missing))
    """)
    assert missing == {**{path: [] for path in paths}, "imported librosa": False}


def test_submodules_are_real_modules():
    import fastrosa.segment
    import fastrosa.sequence
    from fastrosa.feature import inverse

    for module in (fastrosa.segment, fastrosa.sequence, inverse):
        assert sys.modules[module.__name__] is module
        # a file of fastrosa's own package (wherever it is installed), not librosa's
        package = pathlib.Path(fastrosa.__file__).parent
        assert pathlib.Path(module.__file__).is_relative_to(package), module.__file__
    assert fastrosa.feature.inverse is inverse


# ---------------------------------------------------------------------------
# What a delegated function does: librosa's code, on fastrosa's outputs
# ---------------------------------------------------------------------------
def test_delegated_functions_take_fastrosa_outputs():
    y = signal(22050, kind="tone")
    y = np.concatenate([np.zeros(4096, np.float32), y, np.zeros(4096, np.float32)])
    assert_close(fastrosa.effects.time_stretch(y, rate=2.0),
                 librosa.effects.time_stretch(y, rate=2.0), err_msg="time_stretch")
    chroma = fastrosa.feature.chroma_stft(y=y, sr=22050)
    assert_close(fastrosa.feature.tonnetz(chroma=chroma),
                 librosa.feature.tonnetz(chroma=chroma),
                 err_msg="tonnetz of chroma_stft")
    S = fastrosa.feature.melspectrogram(y=y, sr=22050, n_mels=32)
    assert fastrosa.feature.inverse.mel_to_stft(S, sr=22050).shape == (1025, S.shape[1])


# ---------------------------------------------------------------------------
# In a fresh interpreter: what is imported, and what happens without librosa
# ---------------------------------------------------------------------------
def test_import_and_own_names_import_nothing_heavy():
    heavy = _fresh_python(f"""
        import json, sys
        import fastrosa, fastrosa.segment, fastrosa.sequence
        from fastrosa.feature import inverse
        fastrosa.stft, fastrosa.effects.hpss, fastrosa.feature.mfcc, fastrosa.util.MAX_MEM_BLOCK
        assert fastrosa.provenance("effects.time_stretch") == "librosa"
        assert "time_stretch" in dir(fastrosa.effects) and "agglomerative" in dir(fastrosa.segment)
        assert not hasattr(fastrosa.effects, "trimm")
        print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))))
    """)
    assert heavy == []


def test_a_delegated_name_imports_librosa():
    out = _fresh_python("""
        import json, sys
        import fastrosa
        before = "librosa" in sys.modules
        stretch = fastrosa.effects.time_stretch
        import librosa
        print(json.dumps([before, stretch is librosa.effects.time_stretch]))
    """)
    assert out == [False, True]


MISSING = [("effects", "time_stretch"), ("", "stream"), ("feature.inverse", "mel_to_audio"),
           ("segment", "agglomerative"), ("util", "nnls"), ("display", "NoteFormatter")]


def test_without_librosa():
    """librosa unimportable: a librosa name is an AttributeError naming it; fastrosa's own still work."""
    if importlib.util.find_spec("matplotlib") is None:
        pytest.skip("matplotlib is not installed (display is part of the check)")
    out = _fresh_python(f"""
        import importlib, json, sys
        import numpy as np

        class NoLibrosa:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "librosa":
                    raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)

        sys.meta_path.insert(0, NoLibrosa())
        import fastrosa
        found = {{}}
        for module, name in {MISSING!r}:
            target = importlib.import_module("fastrosa" + ("." + module if module else ""))
            try:
                getattr(target, name)
                message = None
            except AttributeError as exc:
                message = str(exc)
            found[f"{{module}}.{{name}}"] = [message, hasattr(target, name), getattr(target, name, 7)]
        try:
            fastrosa.effects.trimm
        except AttributeError as exc:
            found["typo"] = [str(exc)]
        found["own"] = [fastrosa.stft(np.zeros(4096, np.float32)).shape[0]]
        print(json.dumps(found))
    """)
    for module, name in MISSING:
        message, has, default = out[f"{module}.{name}"]
        path = "fastrosa" + (f".{module}" if module else "") + f".{name}"
        assert message is not None, path
        assert message.startswith(f"{path} is not provided by fastrosa; it comes from librosa: pip install librosa")
        assert has is False and default == 7, path
    assert out["typo"] == ["module 'fastrosa.effects' has no attribute 'trimm'"]
    assert out["own"] == [1025]


def test_display_without_an_explicit_import():
    if importlib.util.find_spec("matplotlib") is None:
        pytest.skip("matplotlib is not installed")
    out = _fresh_python("""
        import json, sys
        import fastrosa as librosa
        before = "matplotlib" in sys.modules
        specshow = librosa.display.specshow
        print(json.dumps([before, librosa.display.__name__, specshow.__module__, "librosa" in sys.modules]))
    """)
    assert out == [False, "fastrosa.display", "fastrosa.display", False]


# ---------------------------------------------------------------------------
# The README's table is the code's
# ---------------------------------------------------------------------------
def test_readme_table():
    pytest.importorskip("matplotlib")  # the table asks display
    tool = _tool("names_table")
    _, current, _ = tool.readme_table((REPO / "README.md").read_text())
    assert current == tool.table(), "run: python tools/names_table.py"
    assert "| `effects` | 8: `deemphasis`, `harmonic`, `hpss`, `percussive`, `preemphasis`, `remix`, `split`, `trim` |" in current

