"""Paragraph detection (tests/cases/paragraphs.json)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflow import Pipeline

HERE = Path(__file__).parent
CASES = json.loads((HERE / "cases" / "paragraphs.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_paragraphs_case(case):
    body = Pipeline(["pages", "paragraphs"]).run(case["input"]).body
    if case.get("known_failure"):
        if body == case["body"]:
            pytest.fail("known failure now passes")
        pytest.xfail(case["name"])
    assert body == case["body"]


def test_seed_paragraphs_follow_blank_lines(seed_text):
    body = Pipeline(["pages", "furniture", "footnotes", "paragraphs"], order="keep").run(seed_text).body
    assert "\n\nThe Bolshevik Response\n\n" in body
