#!/usr/bin/env python3
"""Count body lines that reflow wrongly took out of the body (as furniture or footnote).

    python benchmarks/removed_lines.py                  # dev corpus + seed
    python benchmarks/removed_lines.py --docs dev02_kropotkin_bread --show

Issue 4 asks that no body line be taken for furniture or a footnote. The
scorer sees such a loss only as a few missing words, so this check looks at
every line reflow moved out of the body and asks the gold where its words
belong: a line whose word n-grams are found in the gold body and not in the
gold footnotes or furniture was body text. Lines too short to tell (a lone
number, a line found on both sides) are counted apart as ambiguous. The other
way round, lines left in the body whose words belong to the gold notes or
furniture are counted as non-body kept (a continued note missed).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"

import reflow  # noqa: E402
from reflow.document import BODY, BLANK  # noqa: E402

MARKER_RE = re.compile(r"\[\^[^\]\s]+\]")


def words(text: str) -> list[str]:
    """Lower-cased words without footnote markers or edge punctuation."""
    out = []
    for token in MARKER_RE.sub(" ", text).split():
        token = token.strip(".,;:!?()[]“”‘’\"'«»—–-").lower()
        if token:
            out.append(token)
    return out


def ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def classify(line_words: list[str], body: dict[int, set], other: dict[int, set]) -> str:
    """'body', 'other' (notes or furniture) or 'unknown' for one line's words.

    The first and last word may be half of a hyphenated word or carry a glued
    label, so they are dropped when the line is long enough to spare them. A
    line needs two words to be placed at all, and its n-grams must be found
    on one side and not on the other.
    """
    inner = line_words[1:-1] if len(line_words) >= 5 else line_words
    if len(inner) < 2:
        return "unknown"
    n = min(3, len(inner))
    grams = ngrams(inner, n)
    in_body = sum(g in body[n] for g in grams) / len(grams)
    in_other = sum(g in other[n] for g in grams) / len(grams)
    if in_body >= 0.5 > in_other:
        return "body"
    if in_other >= 0.5 > in_body:
        return "other"
    return "unknown"


def check(text: str, gold: dict) -> dict:
    result = reflow.clean(text)
    doc = result.document
    body_words = words(gold["body"])
    other_words = words(" ".join(n["text"] for n in gold.get("footnotes", [])))
    other_words += words(" ".join(gold.get("furniture", [])))
    body = {n: ngrams(body_words, n) for n in (1, 2, 3)}
    other = {n: ngrams(other_words, n) for n in (1, 2, 3)}
    counts = {"removed": 0, "body": 0, "ambiguous": 0, "kept": 0}
    wrong = []
    for line in doc.all_lines():
        if line.role == BLANK:
            continue
        # The line's own input span: a line split off another (a page number
        # glued to a first line) shares its input line number.
        raw = doc.source[slice(*line.raw_span(0, len(line.text)))] if line.text else ""
        if not raw.strip():
            continue
        kind = classify(words(raw), body, other)
        if line.role == BODY:
            if kind == "other":
                counts["kept"] += 1
                wrong.append(f"p{line.page} l{line.number} [kept in body] {raw.strip()[:90]}")
            continue
        counts["removed"] += 1
        if kind == "unknown":
            counts["ambiguous"] += 1
        if kind == "body":
            counts["body"] += 1
            wrong.append(f"p{line.page} l{line.number} [{line.role}] {raw.strip()[:90]}")
    return {**counts, "wrong": wrong}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--docs", default="", help="comma-separated dev document names (default: all)")
    parser.add_argument("--show", action="store_true", help="print each wrongly removed line")
    args = parser.parse_args()
    dev = args.shared / "corpus" / "dev"
    docs = [(p.name[: -len(".gold.json")], p.with_name(p.name.replace(".gold.json", ".txt")), p)
            for p in sorted(dev.glob("*.gold.json"))]
    if args.docs:
        docs = [d for d in docs if d[0] in args.docs.split(",")]
    seed = ROOT / "tests" / "fixtures"
    if not args.docs and (seed / "seed.gold.json").exists():
        docs.append(("seed", seed / "seed.txt", seed / "seed.gold.json"))
    total = {"removed": 0, "body": 0, "ambiguous": 0, "kept": 0}
    print(f"{'document':36} removed  body-lines-removed  ambiguous  non-body-kept")
    for name, txt, gold in docs:
        out = check(txt.read_text(encoding="utf-8"), json.loads(gold.read_text(encoding="utf-8")))
        for key in total:
            total[key] += out[key]
        print(f"{name:36} {out['removed']:7} {out['body']:19} {out['ambiguous']:10} {out['kept']:14}")
        if args.show:
            for row in out["wrong"]:
                print("    " + row)
    print(f"{'TOTAL':36} {total['removed']:7} {total['body']:19} {total['ambiguous']:10} {total['kept']:14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
