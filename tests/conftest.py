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
