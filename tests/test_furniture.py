"""Furniture pass: running heads and page numbers, from real pages (tests/cases/furniture.json)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflow import Pipeline
from reflow.passes.furniture import page_number, roman_value

HERE = Path(__file__).parent
CASES = json.loads((HERE / "cases" / "furniture.json").read_text(encoding="utf-8"))


def run(case: dict):
    text = case["input"] if "input" in case else (HERE / "fixtures" / case["fixture"]).read_text(encoding="utf-8")
    return Pipeline(["pages", "furniture"]).run(text).document


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_furniture_case(case):
    doc = run(case)
    found = [ln.text.strip() for page in doc.pages for ln in page.lines if ln.role == "furniture"]
    checks = []
    if "furniture" in case:
        checks.append(found == case["furniture"])
    if "furniture_includes" in case:
        checks.append(all(f in found for f in case["furniture_includes"]))
    if "printed_numbers" in case:
        checks.append([p.printed_number for p in doc.pages] == case["printed_numbers"])
    if "body_starts" in case:
        body = " ".join(ln.text for ln in doc.pages[0].lines if ln.role == "body")
        checks.append(body.startswith(case["body_starts"]))
    if case.get("known_failure"):
        if all(checks):
            pytest.fail("known failure now passes: move it to the positive cases")
        pytest.xfail(case["name"])
    assert all(checks), (found, [p.printed_number for p in doc.pages])


@pytest.mark.parametrize("text, number", [("12", "12"), ("- 12 -", "12"), ("Page 7", "7"), ("xiv", "xiv"), ("— 3 —", "3")])
def test_page_number_shapes(text, number):
    assert page_number(text) == number


@pytest.mark.parametrize("text", ["1917 was a year", "12 men", "Chapter", "ivy", ""])
def test_not_page_numbers(text):
    assert page_number(text) is None


def test_roman_values():
    assert [roman_value(r) for r in ("iv", "ix", "xiv", "MCMXC")] == [4, 9, 14, 1990]
    assert roman_value("ivy") is None


def test_furniture_edits_keep_the_text():
    doc = run(CASES[0])
    edits = [e for e in doc.edits if e.kind == "furniture"]
    assert edits and all(e.before and e.after == "" for e in edits)
