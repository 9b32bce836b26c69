"""Inputs that once broke an invariant (found by fuzzing or property tests) must keep working."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

CRASHES = sorted((Path(__file__).parent / "fixtures" / "crashes").glob("*.txt"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.mark.parametrize("path", CRASHES, ids=[p.name for p in CRASHES])
def test_former_failure_now_holds(path):
    from fuzz import check

    assert check(path.read_text(encoding="utf-8")) is None
