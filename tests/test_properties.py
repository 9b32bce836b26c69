"""Invariants of the whole pipeline, as property tests over generated and mutated real text.

CI runs the short "ci" profile; `HYPOTHESIS_PROFILE=long python3 -m pytest tests/test_properties.py`
runs 100,000 examples per property.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, strategies as st  # noqa: E402

import reflow  # noqa: E402
from reflow.render import REFERENCE_RE  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
SEED = (FIXTURES / "seed.txt").read_text(encoding="utf-8")
SEED_LINES = SEED.split("\n")

WORDS = [
    "the", "workers", "were", "strike", "Bolshevik", "revolution", "self-organization", "white-collar",
    "Straße", "über", "Hexenprozesse", "déjà", "niño", "Москва", "東京都", "مرحبا", "שלום", "1917", "p.180",
    "U.S.", "e.g.", "D.G.", "3.14", "http://example.org/a-b", "a@b.org", "I", "a", "CHAPTER", "IV",
    "“quoted”", "(aside)", "1.", "2", "*", "†", "¹²", "—", "–", "naïve", "O’Brien", "McDonald", "iPhone",
]
SEPARATORS = [" ", " ", " ", " ", "\n", "-\n", "\n\n", "\f", "\n ", ". ", ", ", "—\n", "\u00ad\n", "  ", "\t"]

token = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12),
)
structured_text = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=120).map(
    lambda pairs: "".join(a + b for a, b in pairs)
)


@st.composite
def mutated_seed(draw) -> str:
    """A stretch of the seed with random extraction damage: lost spaces, breaks, page marks."""
    start = draw(st.integers(0, len(SEED_LINES) - 2))
    lines = SEED_LINES[start : start + draw(st.integers(1, 80))]
    text = "\n".join(lines)
    for _ in range(draw(st.integers(0, 8))):
        pos = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["drop-space", "hyphen-break", "formfeed", "page-space", "digit", "nul"]))
        if kind == "drop-space":
            found = text.find(" ", pos)
            if found >= 0:
                text = text[:found] + text[found + 1 :]
        elif kind == "hyphen-break":
            text = text[:pos] + "-\n" + text[pos:]
        elif kind == "formfeed":
            text = text[:pos] + "\f" + text[pos:]
        elif kind == "page-space":
            text = text[:pos] + "\n " + text[pos:]
        elif kind == "digit":
            text = text[:pos] + str(draw(st.integers(1, 20))) + text[pos:]
        else:
            text = text[:pos] + "\x00" + text[pos:]
    return text


any_text = st.one_of(st.text(), structured_text, mutated_seed())


def visible(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


def accounted(result: reflow.Result) -> Counter:
    """Non-space characters the output keeps, plus those edits record as removed, replaced by a
    reference, or spelled out (a ligature)."""
    data = result.to_dict()
    kept = REFERENCE_RE.sub(r"\1", data["body"])
    kept += "".join(n["label"] + n["text"] for n in data["footnotes"])
    kept += "".join(f["text"] for f in data["furniture"])
    removed = "".join(
        e["before"] for e in data["edits"] if e["after"] == "" or e["kind"] in ("dehyphenate", "reference", "normalize")
    )
    return visible(kept) + visible(removed)


@given(any_text)
def test_never_raises_and_is_deterministic(text):
    first = reflow.clean(text)
    assert first.to_json() == reflow.clean(text).to_json()


@given(any_text)
def test_nothing_is_lost(text):
    result = reflow.clean(text)
    lost = visible(text) - accounted(result)
    assert not lost, f"lost {dict(lost)}"


@given(any_text)
def test_references_and_footnotes_match_one_to_one(text):
    result = reflow.clean(text)
    refs = Counter(m.group(1) for m in REFERENCE_RE.finditer(result.body))
    labels = Counter(n["label"] for n in result.footnotes)
    assert all(n == 1 for n in refs.values()), refs
    assert all(n == 1 for n in labels.values()), labels
    assert set(refs) == set(labels)


@given(any_text)
def test_idempotent_on_its_own_text_output(text):
    once = reflow.clean(text).text
    assert reflow.clean(once).text == once


CLEAN = json.loads((FIXTURES / "clean_excerpts.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_clean_text_stays_clean(name):
    """Well-formed prose (gold bodies of the dev corpus) passes through with no word changed."""
    excerpt = CLEAN[name]
    result = reflow.clean(excerpt["text"], lang=excerpt["lang"])
    assert result.body.split() == excerpt["text"].split()
    assert result.body == excerpt["text"]
