"""The unglue pass: blocks pdftotext glued onto a page's last word.

The fixtures ``pdftotext_dev*.txt`` are a few pages each of dev PDFs as
``pdftotext`` (poppler 22.12, default mode) extracts them: a page whose last
line ended in a hyphen comes out with the next block glued to the word and
the hyphen gone ("surround193", "comUTILITARIANISM", "mach10 Jäck, ...").
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import reflow
from casefiles import edit_pairs, fixture_text
from reflow import Pipeline

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "benchmarks"))


def unglued(result: reflow.Result) -> list[tuple[str, str]]:
    return edit_pairs(result, "unglue")


def note(result: reflow.Result, label: str) -> str:
    return next(n["text"] for n in result.footnotes if n["label"] == label)


def test_page_number_glued_to_the_last_word():
    result = reflow.clean(fixture_text("pdftotext_dev03_glued_number.txt"))
    assert unglued(result) == [("surround193", "surround-")]
    assert "a plentiful surrounding country" in result.body
    assert "193" not in result.body
    assert "193" in [f["text"] for f in result.to_dict()["furniture"]]


def test_running_head_glued_to_the_last_word():
    result = reflow.clean(fixture_text("pdftotext_dev11_glued_head.txt"))
    assert ("comUTILITARIANISM", "com-") in unglued(result)
    assert "those who are competently acquainted with both" in result.body
    assert result.body.count("UTILITARIANISM") == result.body.count("WHAT UTILITARIANISM IS.")  # the title, no head


def test_note_glued_to_the_last_word_english():
    result = reflow.clean(fixture_text("pdftotext_dev11_glued_head.txt"))
    assert ("ex1", "ex-") in unglued(result)
    assert "capable of no pleasures except those" in result.body
    assert note(result, "1").startswith("The author of this essay has reason for believing himself")
    assert "The author of this essay" not in result.body
    assert "from this utter degradation.[^1]" in result.body  # the real reference stays one


def test_note_glued_to_the_last_word_german():
    result = reflow.clean(fixture_text("pdftotext_dev09_glued_note.txt"))
    assert unglued(result) == [("mach10", "mach-")]
    assert "Krieg machte" in result.body
    assert note(result, "10").startswith("Jäck, Gesch. der Provinz Bamberg")
    assert "Jäck, Gesch." not in result.body


def test_note_glued_before_the_next_labelled_note():
    result = reflow.clean(fixture_text("pdftotext_dev04_glued_note.txt"))
    assert unglued(result) == [("dis23", "dis-")]
    assert "the mind of two distinct elements" in result.body
    assert note(result, "23") == "Ibid., p. 90."


@pytest.mark.parametrize("name", sorted(p.name for p in (HERE / "fixtures").glob("pdftotext_dev*.txt")))
def test_unglued_pages_keep_every_invariant(name):
    from fuzz import check

    text = fixture_text(name)
    assert check(text) is None
    once = reflow.clean(text).text
    assert reflow.clean(once).text == once


# Three pages numbered at the foot, the middle one's number glued to its last
# word or not, and what else a glue rule might take for a block.
def numbered_pages(middle_last_line: str, middle_number: str = "") -> str:
    body = "The committee met again in the spring and heard the evidence\nof the workers who had come from the city.\n"
    return (
        f"{body}A third line of the first page.\n\n41\n\f"
        f"{body}{middle_last_line}\n\n{middle_number}\n\f"
        f"{body}A third line of the last page.\n\n43\n"
    )


def test_number_glued_to_a_page_without_one_is_split():
    result = Pipeline(["pages", "unglue", "furniture"]).run(numbered_pages("and so it was agreed that the proposal was unreason42"))
    assert unglued(result) == [("unreason42", "unreason-")]
    assert result.document.pages[1].printed_number == "42"


@pytest.mark.parametrize(
    "last_line, number",
    [
        ("and so it was agreed that the proposal was unreason12", "42"),  # the page has its number: a reference
        ("and so it was agreed that the proposal was unreason77", ""),  # no neighbour numbered 76 or 78
        ("and so it was agreed that the proposal was unreason41", ""),  # another page's number
        ("and so it was agreed in the year 1842", ""),  # after a space: a number of the text
    ],
)
def test_number_that_is_no_glued_page_number_stays(last_line, number):
    result = Pipeline(["pages", "unglue"]).run(numbered_pages(last_line, number))
    assert unglued(result) == []
    assert last_line in result.body


def test_reference_cited_once_is_no_glued_note():
    # "Fuegians2 They" reads like a glued note, but nothing above cites 2:
    # it is the note's one reference.
    text = numbered_pages("the Fuegians2 They went on to the coast in the autumn", "42")
    result = Pipeline(["pages", "unglue"]).run(text)
    assert unglued(result) == []


def test_text_recurring_on_one_page_only_is_no_glued_head():
    pages = [
        "SOCIAL STATICS\nThe first page of the essay begins here and\ngoes on for a while.\n",
        "The second page goes on with the argument of the\nessay, and its last word is broken: comSOCIAL STATICS\n",
        "SOCIAL DYNAMICS\nThe third page begins with another head and\nends the essay.\n",
    ]
    result = Pipeline(["pages", "unglue"]).run("\f".join(pages))
    assert unglued(result) == []
