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


@pytest.mark.parametrize("text, body, split", [
    # Found by the idempotence hunt: the middle line was left out of the token.
    ("the S-\nocialist-\nRevolutionaryParty met", "the Socialist-Revolutionary Party met",
     ("Socialist-RevolutionaryParty", "Socialist-Revolutionary Party")),
    # The next line's leading space vanishes when the lines are joined.
    ("disobeyed them. A-\nnd-\n when the Party", "disobeyed them. And when the Party", ("Andwhen", "And when")),
])
def test_token_over_several_joined_lines_is_read_as_it_renders(text, body, split):
    out = reflow.clean(text, passes=["pages", "dehyphenate", "segment", "paragraphs"])
    assert out.body == body
    assert [(e.before, e.after) for e in out.edits if e.kind == "split"] == [split]
    assert reflow.clean(out.body, passes=["pages", "dehyphenate", "segment", "paragraphs"]).body == body

def test_user_dictionary_protects_a_word():
    assert reflow.clean("the inmoral case", passes=PASSES).body == "the in moral case"
    assert reflow.clean("the inmoral case", passes=PASSES, dictionary={"inmoral": 3.0}).body == "the inmoral case"


def test_derived_table_is_cached_and_identical_when_the_cache_cannot_be_written(tmp_path, monkeypatch):
    """The frequency cache only saves time: read back, or kept in memory when
    the cache directory is not writable, the table is the same."""
    from reflow.lexicon import derived_table

    source = tmp_path / "source.txt"
    source.write_text("word list v1", encoding="utf-8")
    items = [("alpha", 1), ("beta", 2), ("alpha", 3)]  # a later pair wins, as in a dict
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    built = derived_table("test", source, lambda: iter(items))
    assert dict(built) == {"alpha": 3, "beta": 2}
    assert len(list((tmp_path / "cache" / "reflow").glob("test-*.bin"))) == 1

    def must_not_build():
        raise AssertionError("the cached table should have been read")

    assert dict(derived_table("test", source, must_not_build)) == dict(built)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert dict(derived_table("test", source, lambda: iter(items))) == dict(built)


def test_lexicon_zipf_matches_wordfreq():
    import wordfreq

    from reflow.lexicon import Lexicon

    lexicon = Lexicon("en")
    for word in ("the", "workers", "striking", "confounded"):
        assert round(lexicon.zipf(word), 2) == wordfreq.zipf_frequency(word, "en", wordlist="large")
    assert lexicon.zipf("xqzvb") == 0.0


def test_token_spans_cut_where_str_split_cuts():
    """The type scans use str.split and the edits use _token_spans: both must
    cut at exactly the same characters, every code point checked as a
    token's letter and as a separator."""
    from reflow.passes.segment import _token_spans

    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    text = "x".join(points) + " " + " ab".join(points)
    spans = _token_spans(text, every=True)
    assert [text[a:b] for a, b in spans] == text.split()
    gaps = [text[b:a] for (_, b), (a, _) in zip([(0, 0)] + spans, spans + [(len(text), len(text))])]
    assert all(gap.split() == [] for gap in gaps)
    for line in ("", "  ", "one", " one ", "one two", "\x1cone\u2003two three\x1f"):
        every = _token_spans(line, every=True)
        assert _token_spans(line, every=False) == (every[:1] + every[-1:] if len(every) > 1 else every)


def test_word_set_shortcuts_never_change_a_decision():
    """The shortcuts a long text takes (SegmentModel.use_word_sets) settle
    most tokens and rule out most pieces by set lookups; every decision must
    be the one the full model makes without them."""
    from reflow.lexicon import Lexicon, Vocabulary
    from reflow.passes.segment import SegmentModel, segment_token

    for name, lang in (("seed.txt", "en"), ("page_dev09.txt", "de"), ("page_dev10.txt", "fr")):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        vocab = Vocabulary.from_texts(text.splitlines())
        fast, full = SegmentModel(Lexicon(lang), vocab), SegmentModel(Lexicon(lang), vocab)
        fast.use_word_sets()
        # Joined forms the word-run shortcut reads, with and without a split to make.
        joined = ("onm’a", "etl’on", "l’homme", "qu’il", "nation’s", "O’Brien", "d’Herbois", "well-known",
                  "winter—we", "to-day", "ofthe-city", "sea–land,", "’tis", "rock’n’roll", "Ofthe’s")
        tokens = sorted(set(text.split()) | set(joined))
        assert len([t for t in tokens if fast.never_splits(t)]) > 100
        assert [segment_token(t, fast) for t in tokens] == [segment_token(t, full) for t in tokens]
        assert fast.tokens_to_split(set(tokens)) == {t for t in tokens if segment_token(t, full) is not None}


def test_listed_word_shortcut_agrees_with_the_full_decision():
    """A listed word is settled by never_splits unless it is made of pieces at
    LISTED_PIECE_ZIPF only: on a spread of the listed words (every 25th, as
    written and capitalised) each word it settles must be one the full model
    leaves alone."""
    from reflow.lexicon import Lexicon, Vocabulary
    from reflow.passes.segment import MIN_TOKEN_LETTERS, SegmentModel, segment_token

    vocab = Vocabulary.from_texts(["a I the of and to in"])
    for lang in ("en", "de"):
        fast, full = SegmentModel(Lexicon(lang), vocab), SegmentModel(Lexicon(lang), vocab)
        fast.use_word_sets()
        assert fast.listed is not None and fast.known is not None
        words = sorted(w for w in fast.listed - fast.known if w.isalpha() and w.islower() and len(w) >= MIN_TOKEN_LETTERS)
        settled = 0
        for word in words[::25]:
            for token in (word, word.capitalize()):
                if fast.never_splits(token):
                    settled += 1
                    assert segment_token(token, full) is None, token
        assert settled > 1000


def test_word_set_admission_never_changes_a_segmentation():
    """Under a floor at KNOWN_WORD_ZIPF or above the search admits only
    known words, by set lookup: at every floor around that bar the best
    split must be the one the full lookups find, pieces of zipf 2.6-3.4
    ("dragoon", "workman", "tenor") included."""
    from reflow.lexicon import Lexicon, Vocabulary
    from reflow.passes.segment import SegmentModel, best_segmentation

    vocab = Vocabulary.from_texts([])
    fast, full = SegmentModel(Lexicon("en"), vocab), SegmentModel(Lexicon("en"), vocab)
    fast.use_word_sets()
    floors = [-7.0 + step / 10 for step in range(31)]
    found = 0
    for word in ("theworkman", "adragoon", "thetenor", "workmanthe", "tenorwas"):
        for floor in floors:
            expected = best_segmentation(word, full, 2, floor)
            assert best_segmentation(word, fast, 2, floor) == expected, (word, floor)
            found += expected is not None
    assert found > 20  # the floors cover splits found and splits ruled out


def test_context_joins_set_never_changes_a_candidate():
    """With the word sets loaded, context candidates are first looked up in
    the set of two-common-word joins: the candidates must be the ones every
    cut tried one by one gives, on real text and on words the set must hold."""
    from reflow.lexicon import Lexicon, Vocabulary, english_bigrams
    from reflow.passes.segment import SegmentModel, context_candidates

    bigrams = english_bigrams()
    if bigrams is None:
        pytest.skip("symspellpy's bigram list is not installed")
    text = (FIXTURES / "seed.txt").read_text(encoding="utf-8")
    vocab = Vocabulary.from_texts(text.splitlines())
    fast, full = SegmentModel(Lexicon("en"), vocab), SegmentModel(Lexicon("en"), vocab)
    fast.use_word_sets()
    assert fast.joins is not None and "away" in fast.joins and "cannot" in fast.joins
    assert "another" not in fast.joins  # "an other" is 1/200 as common: never a candidate
    tokens = set(text.split()) | {"away", "away,", "into", "maybe.", "another", "often"}
    found = context_candidates(tokens, fast, bigrams)
    assert found == context_candidates(tokens, full, bigrams)
    assert {"away", "away,", "into"} <= found.keys() and "another" not in found


def test_context_joins_set_is_not_used_with_common_user_words():
    """A user's common word can be a piece of a candidate the set, built
    from wordfreq's words alone, does not hold: then every cut is tried."""
    from reflow.lexicon import Lexicon, Vocabulary
    from reflow.passes.segment import SegmentModel

    model = SegmentModel(Lexicon("en", {"zorp": 6.0}), Vocabulary.from_texts([]))
    model.use_word_sets()
    assert model.known is not None and model.joins is None


def test_context_split_of_a_word_made_by_a_line_break():
    """A word the line break makes ("aw-|ay" read "away") is a context
    candidate like any other: "in away that" reads "in a way that" whether
    the word was written whole or broken, so a second run changes nothing."""
    head = "It was a long war. They fought"
    broken = reflow.clean(f"{head} in aw-\nay that confounded the enemy.", lang="en")
    whole = reflow.clean(f"{head} in away that confounded the enemy.", lang="en")
    assert broken.body == whole.body == f"{head} in a way that confounded the enemy."
    assert reflow.clean(broken.text, lang="en").text == broken.text
    assert any(e.kind == "split" and e.before == "away" for e in broken.edits)


def test_a_name_one_split_makes_is_the_documents_word_for_the_others():
    """"AfterDenikin" splits after a function word; once split, "Denikin" is a
    word the output writes alone, so "ForcingDenikin" (two capitalised runs:
    as often one name) splits in the same run (a second run would split it
    otherwise)."""
    result = reflow.clean("AfterDenikin broke through the lines.\nForcingDenikin to retreat was the aim.", lang="en")
    assert " ".join(result.body.split()) == "After Denikin broke through the lines. Forcing Denikin to retreat was the aim."
    alone = reflow.clean("ForcingDenikin to retreat was the aim.", lang="en")
    assert alone.body == "ForcingDenikin to retreat was the aim."  # no evidence: left whole


def test_a_fused_token_the_document_writes_is_no_evidence_for_joining_pieces():
    """"speakingsoldiers" is written (in "Korean-speakingsoldiers"), but is
    itself split: it is no word of the output, so "speakingsoldiersto" is
    split into three, as a second run (without it) would."""
    result = reflow.clean("It was easier for Korean-speakingsoldiers and for Ukrainian-speakingsoldiersto avoid it.")
    assert result.body == "It was easier for Korean-speaking soldiers and for Ukrainian-speaking soldiers to avoid it."
    assert reflow.clean(result.text).text == result.text


def test_ending_shares_tell_free_tails_from_word_endings():
    """Measured from wordfreq: Spanish makes words by appending "a" (verb
    forms, feminines) far more often than by appending "de", and German by
    appending "er"; only the free tails let a rarer head split."""
    from reflow.lexicon import Lexicon, Vocabulary, ending_shares
    from reflow.passes.segment import FREE_TAIL_PER_MILLE, SegmentModel

    spanish = ending_shares("es", frozenset({"de", "a"}))
    assert spanish["de"] <= FREE_TAIL_PER_MILLE < spanish["a"]
    assert ending_shares("de", frozenset({"er"}))["er"] > 10 * FREE_TAIL_PER_MILLE
    model = SegmentModel(Lexicon("es"), Vocabulary.from_texts([]))
    assert model.free_tail("de") and model.free_tail("De") and not model.free_tail("a")
    assert not model.free_tail("xyz")  # not a function word: never free


def test_a_three_piece_split_needs_common_short_pieces():
    """Read as unknown, "prognosticating" would be "prognostic a ting" and
    "thematics" "them a tics": a short piece of a three-piece split must be
    a common word ("were", "was"), not a fragment wordfreq lists ("ting")."""
    from reflow.lexicon import Lexicon, Vocabulary
    from reflow.passes.segment import SegmentModel, segment_token

    model = SegmentModel(Lexicon("en"), Vocabulary.from_texts(["a man"]))
    for word in ("prognosticating", "thematics", "provenances"):
        model._zipf[word] = 0.0  # as if no list knew it
        assert segment_token(word, model) is None, word
    assert segment_token("ofworkerswere", model).text == "of workers were"
    assert segment_token("itwaswrong", model).text == "it was wrong"
