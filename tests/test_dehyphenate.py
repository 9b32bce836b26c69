"""Dehyphenation: the case file, the seed's compounds, and the evidence trail."""
from __future__ import annotations


import pytest

import reflow
from casefiles import check_case, load_cases
from reflow.lexicon import Lexicon, Vocabulary
from reflow.passes.dehyphenate import JOIN, KEEP, LEAVE, hyphen_score

CASES = load_cases("dehyphenate")
PASSES = ["pages", "dehyphenate", "paragraphs"]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_cases(case):
    check_case(case, PASSES)


def test_seed_keeps_its_five_compounds(seed_result):
    text = seed_result.body + " " + " ".join(n["text"] for n in seed_result.footnotes)
    for compound in ("less-than-middle", "white-collar", "Wiley-Blackwell", "Slave-owners", "self-organization"):
        assert compound in text


def test_seed_breaks_are_joined(seed_result):
    for word in ("striking", "industrialization", "realism", "peasants"):
        assert word in seed_result.body
    assert "strik-" not in seed_result.body


def test_decision_names_its_evidence():
    vocab = Vocabulary.from_texts(["a white-collar job"])
    decision = hyphen_score("white", "-", "collar", Lexicon("en"), vocab)
    assert decision.action == KEEP and "document writes" in decision.reason and decision.score < 0
    assert hyphen_score("strik", "-", "ing", Lexicon("en"), Vocabulary.from_texts([])).action == JOIN
    assert hyphen_score("first", "-", "and", Lexicon("en"), Vocabulary.from_texts([])).action == LEAVE


def test_user_dictionary_compound_is_kept():
    out = reflow.clean("a fine wood-\nwork here", passes=PASSES, dictionary={"wood-work": 4.0}).body
    assert out == "a fine wood-work here"


def test_edits_record_each_decision():
    result = reflow.clean("the strik-\ning white-\ncollar", passes=PASSES)
    edits = [(e.before, e.after) for e in result.edits if e.kind == "dehyphenate"]
    assert edits == [("strik-|ing", "striking"), ("white-|collar", "white-collar")]


def test_vocabulary_leaves_out_the_pieces_of_broken_words():
    """Counted over all lines at once, minus the fragments around line-break hyphens."""
    vocab = Vocabulary.from_texts(["the strik-", "", "ing workers, a well-known", "self-", "made man; self-made"])
    assert vocab.count("workers") == 1 and vocab.count("strik") == 0 and vocab.count("ing") == 0
    assert vocab.compound_count("well-known") == 1 and vocab.compound_count("self-made") == 1
    assert vocab.count("made") == 1 and vocab.exact["man"] == 1


def test_break_across_a_blank_line_is_joined_when_the_next_line_starts_in_lower_case():
    """A paragraph never starts in lower case: the blank line does not part the word."""
    raw = "as follows (see Sir John Sin-\n\nclair’s History of the Revenue"
    out = reflow.clean(raw, passes=["pages", "dehyphenate"])
    assert out.body == "as follows (see Sir John Sinclair’s History of the Revenue"
    capital = reflow.clean("the end of a para-\n\nThe next one", passes=["pages", "dehyphenate"])
    assert [e for e in capital.edits if e.kind == "dehyphenate"] == []
