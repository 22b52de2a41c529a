"""pytest configuration: the fixtures and the hypothesis profiles.

The helpers the test modules import (tolerances, comparisons, signals) are in
helpers.py."""

from __future__ import annotations

import os

import numpy as np
import pytest
from helpers import simd, simd_levels


@pytest.fixture(params=simd_levels()[::-1])
def every_simd_level(request):
    with simd(request.param):
        yield request.param


@pytest.fixture
def rng():
    return np.random.default_rng(20261121)


# ---------------------------------------------------------------------------
# hypothesis: a "ci" profile (the default here) that keeps property tests quick
# and the same from run to run (derandomized: CI must not fail by chance);
# HYPOTHESIS_PROFILE=thorough runs many more examples. Tests that set their own
# @settings(max_examples=...) keep them.
# ---------------------------------------------------------------------------
def _hypothesis_profiles():
    from hypothesis import HealthCheck, settings

    quiet = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
    settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=quiet,
                              derandomize=True,
                              print_blob=True)
    settings.register_profile("thorough", max_examples=1000, deadline=None,
                              suppress_health_check=quiet, print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_hypothesis_profiles()
