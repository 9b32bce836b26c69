#!/usr/bin/env python3
"""Clean text stays clean: whole gold bodies of the dev corpus through reflow.

    python benchmarks/clean_passthrough.py            # every dev document
    python benchmarks/clean_passthrough.py --show 5   # and the first changes of each

Issue 6 asks that well-formed prose with no damage pass through with no word
changed. tests/test_properties.py checks excerpts of the gold bodies on every
test run; this runs each whole gold body with its footnotes, written the way
reflow's text output writes them (references ``[N]``, then a ``---`` line
and the notes as ``[N] text``), through ``reflow.clean`` in the document's
language, and counts the words of the text output that differ from the
input's, by a word diff.
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"

import reflow  # noqa: E402
from reflow.lexicon import detect_language  # noqa: E402
from reflow.render import REFERENCE_RE  # noqa: E402


def changed_words(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """The (input, output) runs of words that differ."""
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    return [(" ".join(before[i1:i2]), " ".join(after[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder (corpus)")
    parser.add_argument("--show", type=int, default=3, help="changes shown per document")
    args = parser.parse_args()
    gold_files = sorted((args.shared / "corpus" / "dev").glob("*.gold.json"))
    if not gold_files:
        print(f"no gold files under {args.shared / 'corpus' / 'dev'}", file=sys.stderr)
        return 2
    total_words = total_changed = 0
    started = time.perf_counter()
    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        body = REFERENCE_RE.sub(lambda m: f"[{m.group(1)}]", gold["body"])
        notes = "\n\n".join(f"[{n['label']}] {n['text']}" for n in gold["footnotes"])
        text = f"{body}\n\n---\n\n{notes}\n" if notes else body
        lang = detect_language(body)
        words = text.split()
        changes = changed_words(words, reflow.clean(text, lang=lang).text.split())
        changed = sum(max(len(a.split()), len(b.split())) for a, b in changes)
        total_words += len(words)
        total_changed += changed
        name = path.name.removesuffix(".gold.json")
        print(f"{name:36} {lang}  words {len(words):7}  changed {changed:4}")
        for a, b in changes[: args.show]:
            print(f"    {a[:60]!r} -> {b[:60]!r}")
    seconds = time.perf_counter() - started
    share = 100 * total_changed / max(total_words, 1)
    print(f"TOTAL {len(gold_files)} bodies, {total_words} words, {total_changed} changed ({share:.3f}%), {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
