"""Footnotes: blocks at page feet, labels, continuations and references (tests/cases/footnotes.json)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from reflow import Pipeline
from reflow.passes.footnotes import run_readings, split_run

HERE = Path(__file__).parent
CASES = json.loads((HERE / "cases" / "footnotes.json").read_text(encoding="utf-8"))
PASSES = ["pages", "furniture", "footnotes", "paragraphs"]


def run(case: dict):
    text = case["input"] if "input" in case else (HERE / "fixtures" / case["fixture"]).read_text(encoding="utf-8")
    return Pipeline(PASSES, order="keep").run(text)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_footnotes_case(case):
    result = run(case)
    notes = {n["label"]: n["text"] for n in result.footnotes}
    checks = [[n["label"] for n in result.footnotes] == case["labels"]]
    for label, start in case.get("note_starts", {}).items():
        checks.append(notes.get(label, "").startswith(start))
    for label, end in case.get("note_ends", {}).items():
        checks.append(notes.get(label, "").endswith(end))
    checks += [s in result.body for s in case.get("body_contains", [])]
    checks += [s not in result.body for s in case.get("body_excludes", [])]
    if "lines_removed" in case:
        moved = [e for e in result.document.edits if e.kind in ("footnote", "furniture")]
        checks.append(len(moved) == case["lines_removed"])
    if case.get("known_failure"):
        if all(checks):
            pytest.fail("known failure now passes")
        pytest.xfail(case["name"])
    assert all(checks), (list(notes), result.body[:300])


def test_glued_runs_read_as_consecutive_labels():
    assert ["1", "2", "3"] in run_readings("123")
    assert split_run("910111213", ["9", "10", "11", "12", "13"]) == ["9", "10", "11", "12", "13"]
    assert split_run("12", ["12"]) == ["12"]
    assert split_run("1917", ["1", "2"]) is None


def test_seed_all_notes_found_and_referenced(seed_text, seed_gold):
    result = Pipeline(PASSES, order="keep").run(seed_text)
    # the gold's reading order, so continued notes join as in the book
    result.document.page_order = seed_gold["page_order"]
    from reflow.render import body_text, footnote_entries

    ours = {n["label"]: n["text"] for n in footnote_entries(result.document)}
    assert sorted(ours, key=int) == [n["label"] for n in seed_gold["footnotes"]]
    body = body_text(result.document)
    assert all(f"[^{n['label']}]" in body for n in seed_gold["footnotes"])
    close = {n["label"]: fuzz.ratio(" ".join(n["text"].split()), ours[n["label"]]) / 100 for n in seed_gold["footnotes"]}
    # footnote 7 continues on the next page in a block the width evidence misses: known failure
    assert [k for k, v in close.items() if v < 0.9] in ([], ["7"])
    assert close["1"] >= 0.9


def test_edits_record_every_removed_label(seed_text):
    result = Pipeline(PASSES, order="keep").run(seed_text)
    labels = [e for e in result.document.edits if e.kind == "footnote" and e.reason.startswith("label")]
    assert len(labels) == 17 and all(e.before.strip() for e in labels)
