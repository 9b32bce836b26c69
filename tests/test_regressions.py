"""Inputs that once broke an invariant (found by fuzzing or property tests).

``fixtures/crashes/*.txt`` are fixed and must keep working (every invariant the
fuzzer checks, and idempotence on the text output). ``fixtures/crashes/open/``
holds failures not fixed yet (found by the fuzzer or the long property run, kind
in the file name): they run as expected failures, so fixing one shows up as XPASS.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIXED = sorted((HERE / "fixtures" / "crashes").glob("*.txt"))
OPEN = sorted((HERE / "fixtures" / "crashes" / "open").glob("*.txt"))
sys.path.insert(0, str(HERE.parent / "benchmarks"))


@pytest.mark.parametrize("path", FIXED, ids=[p.name for p in FIXED])
def test_former_failure_now_holds(path):
    import reflow
    from fuzz import check

    text = path.read_text(encoding="utf-8")
    assert check(text) is None
    once = reflow.clean(text).text
    assert reflow.clean(once).text == once


@pytest.mark.xfail(reason="open fuzz finding: see the file name for its kind", strict=False)
@pytest.mark.parametrize("path", OPEN, ids=[p.name for p in OPEN])
def test_open_fuzz_finding(path):
    import reflow
    from fuzz import check

    text = path.read_text(encoding="utf-8")
    assert check(text) is None
    once = reflow.clean(text).text
    assert reflow.clean(once).text == once
