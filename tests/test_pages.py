"""Page splitting must match the scorer's split_pages (tests/cases/pages.json)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflow import Pipeline
from reflow.passes.pages import split_pages

HERE = Path(__file__).parent
CASES = json.loads((HERE / "cases" / "pages.json").read_text(encoding="utf-8"))


def reference_split(text: str) -> list[str]:
    """The evaluation's rule (shared/eval/README.md), restated."""
    if "\f" in text:
        chunks = text.split("\f")
    else:
        chunks, cur = [], []
        for line in text.split("\n"):
            if line.startswith(" ") and cur:
                chunks.append("\n".join(cur))
                cur = []
            cur.append(line)
        chunks.append("\n".join(cur))
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    return chunks


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_pages_case(case):
    text = case["input"] if "input" in case else (HERE / "fixtures" / case["fixture"]).read_text(encoding="utf-8")
    marker, pages = split_pages(text, case.get("force", "auto"))
    assert marker == case["marker"]
    assert len(pages) == case["pages"]
    if "force" not in case:
        chunks = reference_split(text)
        assert len(chunks) == len(pages)
        for chunk, page in zip(chunks, pages):
            assert [ln.text for ln in page.lines if ln.text] == [ln.strip() for ln in chunk.split("\n") if ln.strip()]


def test_json_says_which_marker():
    result = Pipeline(page_marker="formfeed").run("a\fb\f")
    from reflow.render import to_dict

    assert to_dict(result.document)["page_marker"] == "formfeed"


def test_lines_read_their_text_from_the_input_until_edited():
    """Lines are views of the input (no copy per line); edits and splits still work on them."""
    from reflow.document import Document

    source = "  ON LIBERTY 12 \t\nLiberty of thought, and dis-\n\f\n 7 The end.\n"
    _, pages = split_pages(source, "formfeed")
    doc = Document(source=source, lang="en", pages=pages)
    texts = [[ln.text for ln in page.lines] for page in pages]
    assert texts == [["ON LIBERTY 12", "Liberty of thought, and dis-", ""], ["", "7 The end.", ""]]
    assert all(source[ln.start : ln.start + len(ln.text)] == ln.text for page in pages for ln in page.lines)
    hyphenated = pages[0].lines[1]
    assert hyphenated.replace(len(hyphenated.text) - 1, len(hyphenated.text), "") == (45, 46)
    assert hyphenated.text == "Liberty of thought, and dis"
    number = doc.split_line(pages[1].lines[1], 2)
    assert (number.text, number.start) == ("7", source.index("7"))
    assert (pages[1].lines[2].text, pages[1].lines[2].start) == ("The end.", source.index("The"))
