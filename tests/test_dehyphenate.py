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


def test_vocabulary_reads_a_word_in_punctuation_as_token_counts_does():
    """Vocabulary.from_texts counts a token that is letters once its edge
    punctuation is stripped without token_counts' regexes: on fixture tokens
    and random ones (letters, marks, apostrophes, hyphens, punctuation) that
    shortcut must give what token_counts gives."""
    import random
    from collections import Counter
    from pathlib import Path

    from reflow.lexicon import _EDGE_PUNCTUATION, token_counts

    fixtures = Path(__file__).parent / "fixtures"
    tokens = {t for path in fixtures.glob("*.txt") for t in path.read_text(encoding="utf-8").split()}
    alphabet = list("abXéÄßſ") + list(_EDGE_PUNCTUATION) + ["-", "’", "'", "\u0301", "\u00ad", "1", "ǅ", "ʼ", "·"]
    rng = random.Random(3)
    tokens |= {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(20000)}
    shortcut = 0
    for token in tokens:
        core = token.strip(_EDGE_PUNCTUATION)
        if core.isalpha():
            shortcut += 1
            assert token_counts(token) == ([core], [], []), token
    assert shortcut > 5000
    text = "“Strike,” they said; the strike (a long one) began.\nstrik-\ning"
    assert Vocabulary.from_texts(text.splitlines()).exact == Counter({"strike": 1, "Strike": 1, "they": 1, "said": 1, "the": 1, "a": 1, "long": 1, "one": 1, "began": 1})
