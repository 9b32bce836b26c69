"""Case files in the manner of ftfy: tests/cases/<pass>.json, each case an input,
its expected body, and whether it is a known failure."""
from __future__ import annotations

import json
from pathlib import Path

import reflow

CASES_DIR = Path(__file__).parent / "cases"


def load_cases(name: str) -> list[dict]:
    return json.loads((CASES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def check_case(case: dict, passes: list[str]) -> None:
    """A positive or negative case must come out as expected; a known failure must still fail."""
    out = reflow.clean(case["original"], passes=passes, lang=case["lang"]).body
    if case.get("known_failure"):
        assert out != case["expected"], "known failure now passes: move it to the positive cases"
    else:
        assert out == case["expected"]


def fixture_text(name: str) -> str:
    """A file of tests/fixtures, as text."""
    return (Path(__file__).parent / "fixtures" / name).read_text(encoding="utf-8")


def edit_pairs(result: reflow.Result, kind: str) -> list[tuple[str, str]]:
    """(before, after) of every edit of one kind, in order."""
    return [(e.before, e.after) for e in result.edits if e.kind == kind]
