"""Segmentation of run-together tokens: the case file and real seed text."""
from __future__ import annotations

from pathlib import Path

import pytest

import reflow
from casefiles import check_case, load_cases

CASES = load_cases("segment")
FIXTURES = Path(__file__).parent / "fixtures"
PASSES = ["pages", "segment", "paragraphs"]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_cases(case):
    check_case(case, PASSES)


def test_seed_excerpt():
    """A page of the seed: its lost spaces come back, nothing else changes."""
    raw = (FIXTURES / "words_seed_page.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / "words_seed_page.expected.txt").read_text(encoding="utf-8").strip()
    assert reflow.clean(raw, passes=["pages", "dehyphenate", "segment", "paragraphs"]).body == expected


def test_split_spanning_a_joined_line_end():
    out = reflow.clean("to them, and deter-\nminewhat doctrines", passes=["pages", "dehyphenate", "segment", "paragraphs"])
    assert out.body == "to them, and determine what doctrines"
    assert [(e.before, e.after) for e in out.edits if e.kind == "split"] == [
        ("determinewhat", "determine what")
    ]


def test_user_dictionary_protects_a_word():
    assert reflow.clean("the inmoral case", passes=PASSES).body == "the in moral case"
    assert reflow.clean("the inmoral case", passes=PASSES, dictionary={"inmoral": 3.0}).body == "the inmoral case"
