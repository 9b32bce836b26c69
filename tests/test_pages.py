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
