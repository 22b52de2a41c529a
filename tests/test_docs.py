"""The Examples sections of the public modules' docstrings run as doctests."""

import doctest
import importlib

import numpy as np
import pytest

MODULES = [
    "fastrosa.core.audio",
    "fastrosa.core.convert",
    "fastrosa.core.pitch",
    "fastrosa.core.spectrum",
    "fastrosa.core.notation",
    "fastrosa.core.weighting",
    "fastrosa.core.synth",
    "fastrosa.core.mulaw",
    "fastrosa.core.constantq",
    "fastrosa.feature.spectral",
    "fastrosa.feature._constantq",
    "fastrosa.feature.utils",
    "fastrosa.extract._summary",
    "fastrosa.filters",
    "fastrosa.filters._wavelet",
    "fastrosa.util.utils",
    "fastrosa.util.matching",
    "fastrosa.util.files",
    "fastrosa.onset.onset",
    "fastrosa.feature.rhythm",
    "fastrosa.beat.beat",
    "fastrosa._delegate",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    with np.printoptions(legacy=False):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
