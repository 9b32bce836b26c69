"""The document model keeps provenance: offsets, edits and removed lines."""
from __future__ import annotations

import reflow
from reflow.document import BLANK, BODY, FURNITURE, Document, Line
from reflow.passes.pages import split_pages


def test_line_offsets_point_into_the_input(seed_text):
    _, pages = split_pages(seed_text)
    for page in pages:
        for line in page.lines:
            if line.text:
                assert seed_text[line.start : line.start + len(line.text)] == line.text


def test_replace_keeps_the_original_span_of_untouched_letters():
    source = "thousands ofworkerswere on strike"
    line = Line(text=source, start=0, page=0, number=1)
    i = source.index("ofworkerswere")
    span = line.replace(i, i + len("ofworkerswere"), "of workers were")
    assert span == (i, i + len("ofworkerswere"))
    assert line.text == "thousands of workers were on strike"
    # "strike" did not move in the input although it moved in the text.
    j = line.text.index("strike")
    assert line.raw_span(j, j + 6) == (source.index("strike"), source.index("strike") + 6)
    # The inserted space maps to no input character but sits between its neighbours.
    k = line.text.index(" workers")
    assert line.raw_span(k, k + 1) == (i + 2, i + 2)


def test_set_role_records_an_edit_and_keeps_the_line():
    doc = Document(source="Title\n12\n", lang="en", pages=[])
    doc.current_pass = "furniture"
    line = Line(text="12", start=6, page=0, number=2)
    doc.set_role(line, FURNITURE, "page number")
    assert line.role == FURNITURE and line.text == "12"
    (edit,) = doc.edits
    assert (edit.kind, edit.start, edit.end, edit.line, edit.pass_name) == ("furniture", 6, 8, 2, "furniture")


def test_line_numbers_count_from_one(seed_text):
    doc = Document(source=seed_text, lang="en", pages=[])
    assert doc.line_number(0) == 1
    second = seed_text.index("\n") + 1
    assert doc.line_number(second) == 2
    assert doc.line_number(len(seed_text) - 1) == seed_text.count("\n", 0, len(seed_text) - 1) + 1


def test_every_edit_names_the_input_line_of_its_start():
    """Passes hand record() the line number of the Line they edit instead of
    looking it up: on real pages of every kind, each must be the line the
    edit's input offset lies on."""
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures"
    for name in ("seed.txt", "page_dev04.txt", "page_dev09.txt", "page_dev10.txt", "words_seed_page.txt"):
        text = (fixtures / name).read_text(encoding="utf-8")
        doc = reflow.clean(text).document
        assert len(doc.edits) > 10
        lookup = Document(source=doc.source, lang=doc.lang, pages=[])
        for edit in doc.edits:
            assert edit.line == lookup.line_number(edit.start), (name, edit)


def test_nothing_removed_is_lost(seed_text):
    """Every non-space character of the input is in the body, footnotes, furniture, or a recorded edit."""
    result = reflow.clean(seed_text)
    data = result.to_dict()
    kept = data["body"] + "".join(n["text"] + n["label"] for n in data["footnotes"])
    kept += "".join(f["text"] for f in data["furniture"])
    removed = "".join(e["before"] for e in data["edits"] if e["kind"] in ("dehyphenate", "footnote", "reference"))

    def letters(text: str) -> list[str]:
        return sorted(ch for ch in text if not ch.isspace())

    missing = letters(seed_text)
    have = letters(kept + removed)
    from collections import Counter

    lost = Counter(missing) - Counter(have)
    # Markers such as [^1] add characters; nothing may be missing.
    assert not lost, f"characters lost: {dict(lost)}"


def test_roles_cover_every_line(seed_text):
    doc = reflow.clean(seed_text).document
    roles = {line.role for line in doc.all_lines()}
    assert roles <= {BODY, BLANK, FURNITURE, "footnote"}
    numbers = [line.number for line in doc.all_lines() if line.text.strip()]
    with_text = [n for n, raw in enumerate(seed_text.split("\n"), 1) if raw.strip()]
    assert numbers == with_text  # every input line with text is one Line, in input order
