"""Shared fixtures: real text from the seed and the dev corpus, copied into tests/fixtures/."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (FIXTURES / "seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((FIXTURES / "seed.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_result(seed_text):
    import reflow

    return reflow.clean(seed_text)


# Hypothesis profiles: CI runs a short one; `HYPOTHESIS_PROFILE=long pytest tests/test_properties.py`
# runs the long one (100,000 examples per property, or REFLOW_LONG_EXAMPLES) outside CI.
try:
    import os

    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
    )
    settings.register_profile(
        "long",
        max_examples=int(os.environ.get("REFLOW_LONG_EXAMPLES", "100000")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # hypothesis is in the test extra; without it the property tests are skipped
    pass
