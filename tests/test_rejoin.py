"""The rejoin pass: spaces an extractor put inside words.

``pdfminer_dev02_spaced.txt`` and ``pdfminer_dev10_spaced.txt`` are the first
pages of two dev PDFs (groff, Times) as pdfminer.six extracts them, with a
space wherever two letters stand a little apart ("w ant", "fiv e", "a vec").
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import reflow
from casefiles import edit_pairs, fixture_text

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "benchmarks"))


def rejoined(result: reflow.Result) -> list[tuple[str, str]]:
    return edit_pairs(result, "rejoin")


def test_words_cut_by_spaces_english():
    result = reflow.clean(fixture_text("pdfminer_dev02_spaced.txt"))
    made = rejoined(result)
    for pair in [("w ant", "want"), ("mone y", "money"), ("tra vellers", "travellers"), ("sho w", "show"), ("fiv e", "five")]:
        assert pair in made
    assert "What we want is not a redistribution" in result.body
    assert "fiv e" not in result.body
    # Every join makes a word the lexicon lists and removes only spaces.
    assert all(before.replace(" ", "") == after for before, after in made)


def test_words_cut_by_spaces_french():
    result = reflow.clean(fixture_text("pdfminer_dev10_spaced.txt"))
    made = rejoined(result)
    assert ("a vec", "avec") in made and ("a vantageux,", "avantageux,") in made
    assert "rév olution" not in result.body


@pytest.mark.parametrize("name", ["pdfminer_dev02_spaced.txt", "pdfminer_dev10_spaced.txt"])
def test_rejoined_pages_keep_every_invariant(name):
    from fuzz import check

    text = fixture_text(name)
    assert check(text) is None
    once = reflow.clean(text).text
    assert reflow.clean(once).text == once


@pytest.mark.parametrize(
    "text",
    [
        "We read of a version of the story that any one of them could tell to day or else where.",
        "Let x and y be the two sides, and the letter s is the sum of them all.",
        "The painter Van Dyke and the general de Gaulle met in Paris.",
        "Plan B was the best, said Mr. A. B. Smith of Plan C fame.",
        "The figures are in the table: 12 ft and 3 in, or a 5 m beam.",
    ],
)
def test_real_words_stay_apart(text):
    result = reflow.clean(text, lang="en")
    assert rejoined(result) == []
    assert result.body == text


def test_the_better_of_two_overlapping_joins_is_made():
    # "of f" is "off", but "f acilitating" is far more surely "facilitating".
    result = reflow.clean("They spoke of f acilitating the trade in the town.", lang="en")
    assert result.body == "They spoke of facilitating the trade in the town."


def test_a_lone_letter_that_is_no_word_joins_without_the_documents_evidence():
    result = reflow.clean("He was the y oungest son of a w ealthy man.", lang="en")
    assert result.body == "He was the youngest son of a wealthy man."


def test_a_narrow_win_needs_the_documents_evidence():
    # wordfreq lists the fragment "vait" (zipf 2.7): "avait" wins by 1.3
    # decades only, enough where the text writes "avait" elsewhere.
    alone = reflow.clean("Le roi a vait dit qu'il partirait.", lang="fr")
    assert alone.body == "Le roi a vait dit qu'il partirait."
    seen = reflow.clean("Il avait froid. Le roi a vait dit qu'il partirait.", lang="fr")
    assert seen.body == "Il avait froid. Le roi avait dit qu'il partirait."


def test_a_word_cut_at_a_line_end_is_read_as_the_output_writes_it():
    # The paragraph runs on over the line end: "R" and "ussian" are one word.
    result = reflow.clean("over the R\nussian state, and the revolution was\nslipping away.\n", lang="en")
    assert result.body == "over the Russian state, and the revolution was slipping away."


def test_spaces_before_marks_that_never_take_one_go():
    text = "The financier , as he said, was rich ; the French write « oui » and non !"
    result = reflow.clean(text, lang="en")
    assert result.body == "The financier, as he said, was rich ; the French write « oui » and non !"
    spaced = reflow.clean("He came to the farm . Then Mr . Smith said “it. ” and left . . . and so on .", lang="en")
    assert spaced.body == "He came to the farm. Then Mr. Smith said “it.” and left . . . and so on."


def test_a_piece_the_segment_pass_split_off_joins_the_fragment_beside_it():
    """rejoin runs before segment, so only rejoin_split sees "man" of "soman"
    beside "y"; a second run gives the same text."""
    result = reflow.clean("It interferes with the borough-traffic, and soman y of its relations are lost to the town.\n")
    assert "and so many of its relations" in result.body
    assert [(e.pass_name, e.before, e.after) for e in result.edits if e.pass_name in ("segment", "rejoin_split")] == [
        ("segment", "soman", "so man"), ("rejoin_split", "man y", "many")]
    assert reflow.clean(result.text).text == result.text
    # A fused token cut by a page break: "wer" | "e" is a word once "ofworkerswer" is split.
    broken = reflow.clean("One hundred years ago in Russia, thousands ofworkerswer\fe in open rebellion.\n")
    assert "thousands of workers were in open rebellion" in broken.body


def test_rejoin_split_leaves_real_words_beside_a_split_apart():
    """It reads round segment's split of "ofthe" and decides as rejoin does:
    two real words ("a version", "any one") are never joined."""
    text = "He told the tale ofthe farmer, a version of the story, to any one who came by.\n"
    result = reflow.clean(text)
    assert result.body == "He told the tale of the farmer, a version of the story, to any one who came by."
    assert [e.pass_name for e in result.edits] == ["segment"]


def test_tokens_are_cut_where_str_split_cuts():
    """The pass finds its lines with str.split and reads them with token_spans:
    both must cut at the separators \\x1c-\\x1f, which regex's \\s leaves out
    and the output writes as spaces (else a second run sees a space the first
    did not: "A\\x1f." is "A ." once written, then "A.")."""
    from reflow.passes.rejoin import split_tokens, token_spans

    text = "ab\x1fcd ef\x1c, gh\u2003ij\x85kl"
    assert [text[a:b] for a, b in token_spans(text)] == text.split() == split_tokens(text)
    once = reflow.clean("He came\x1f, and left\x1e.").text
    assert once == "He came, and left.\n"
    assert reflow.clean(once).text == once


def test_a_join_is_read_again_for_the_runs_it_makes():
    """"M al lorc a" is four pieces, one more than a run may have; once
    "lorca" is made, "M al lorca" is three, and a second run over the output
    would join it: the window is read again until nothing joins."""
    result = reflow.clean("They sailed to the island of M al lorc a in the spring.")
    assert result.body == "They sailed to the island of Mallorca in the spring."
    assert rejoined(result) == [("lorc a", "lorca"), ("M al lorca", "Mallorca")]
    assert reflow.clean(result.text).text == result.text


def test_a_piece_may_open_with_an_elided_word():
    """pdfminer cuts "l’avait" as "l’a vait": the elided article (French
    elisions.txt) stands before the first piece's letters, and "avait", which
    the document writes, is made. A word after an elision stays apart from a
    word ("n’a voir": "a" and "voir" are both words)."""
    text = "Il avait un droit. Il l’a vait privé de son droit, et il n’a voir rien."
    result = reflow.clean(text, lang="fr")
    assert rejoined(result) == [("l’a vait", "l’avait")]
    assert result.body == "Il avait un droit. Il l’avait privé de son droit, et il n’a voir rien."


def test_a_word_segment_makes_is_evidence_for_a_join_rejoin_left():
    """"council s" joins on the document's evidence alone: written "councils"
    elsewhere it joins in rejoin; written only inside "Thecouncils", it joins
    once segment has split that (rejoin_split decides it again), as a second
    run would; written nowhere, it stays."""
    tail = " Workers within the council s who were affiliated to the Mensheviks."
    made = reflow.clean("Thecouncils were dangerous." + tail)
    assert [(e.pass_name, e.before, e.after) for e in made.edits] == [
        ("segment", "Thecouncils", "The councils"), ("rejoin_split", "council s", "councils")]
    assert reflow.clean(made.text).text == made.text
    written = reflow.clean("The councils were dangerous." + tail)
    assert [(e.pass_name, e.before, e.after) for e in written.edits] == [("rejoin", "council s", "councils")]
    assert not reflow.clean(tail.strip()).edits


def test_in_a_spaced_text_the_documents_counts_join_pieces_that_are_words():
    """pdfminer spaces kerned type: once frequency-decided joins show the
    text is spaced ("mone y"), pieces wordfreq lists as words ("ha", "mark",
    "al") join where the document writes the word whole more often than any
    piece alone, or writes it whole and the pieces nowhere else ("fix ed");
    "a version" stays ("a" is the commoner), and so does "per cent" (never
    written whole). In a text with no such sign the same pieces stay apart."""
    whole = "They have their own money and they have their own market, and the market is always open. " * 3
    spaced = reflow.clean(whole + "We ha ve no mone y left; the mark et was al ways closed, a version says. "
                          "The price was fixed. It was fix ed at two per cent.", lang="en")
    assert spaced.body.endswith("We have no money left; the market was always closed, a version says. "
                                "The price was fixed. It was fixed at two per cent.")
    assert {e.before for e in spaced.edits if e.kind == "rejoin"} == {"mone y", "ha ve", "mark et", "al ways", "fix ed"}
    unspaced = reflow.clean(whole + "We ha ve no money left; the mark et was al ways closed.", lang="en")
    assert unspaced.body.endswith("We ha ve no money left; the mark et was al ways closed.")
