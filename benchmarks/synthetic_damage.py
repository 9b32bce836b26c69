#!/usr/bin/env python3
"""Word repair on clean prose damaged on purpose, in seven languages.

    pip install pyphen                       # hyphenation patterns, for the damage only
    python benchmarks/synthetic_damage.py    # en de fr es it pt nl, 8 seeds each, ~1 minute
    python benchmarks/synthetic_damage.py --langs es,it --seeds 20 --show 10

The dev corpus has English, German and French documents only, and its
damage is what one extractor did to them. This benchmark takes clean prose
(English, German and French excerpts of the dev gold bodies from
tests/fixtures/clean_excerpts.json; Spanish, Italian, Portuguese and Dutch from
benchmarks/texts/), sets it in lines of 60 characters, and damages it the
way extraction and OCR do:

* a line-end word is hyphenated at a point pyphen's patterns for the
  language allow (one line end in two that could be: ``strik-|ing``);
* a space between two words is lost (3 in 100: ``ofthe``), never in a word
  that is then hyphenated (a typesetter hyphenates words, not run-togethers);
* pages of 32 lines are separated by form feeds.

reflow cleans each damaged text in its language, and its words are aligned
with the clean text's (difflib). A span where the output runs together words
the clean text parts counts its lost spaces as unrepaired; a span where it
keeps a line-break hyphen or space inside a clean word counts as an
unrepaired break; a span with the right letters parted elsewhere ("who
mothers" for "whom others") is misread; every other changed word is damage
(to a word the damage left intact, or an order or paragraph error). The same text set in
lines but not damaged gives the clean passthrough: words changed. The
figures are shares of damage repaired, so languages with different texts
compare.
"""
from __future__ import annotations

import argparse
import difflib
import json
import random
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import reflow  # noqa: E402

TEXTS = ROOT / "benchmarks" / "texts"
EXCERPTS = ROOT / "tests" / "fixtures" / "clean_excerpts.json"
PYPHEN_CODES = {"en": "en_US", "de": "de_DE", "fr": "fr", "es": "es", "it": "it_IT", "pt": "pt_PT", "nl": "nl_NL"}
WIDTH = 60
PAGE_LINES = 32
HYPHENATE_SHARE = 0.5
LOST_SPACE_SHARE = 0.03
HYPHENATABLE_RE = regex.compile(r"\p{L}+[.,;:]?")
REFERENCE_RE = regex.compile(r"\[\^?[^\]]*\]")


def clean_text(lang: str) -> str:
    """Clean prose in ``lang``: paragraphs separated by blank lines."""
    path = TEXTS / f"{lang}.txt"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    excerpts = json.loads(EXCERPTS.read_text(encoding="utf-8"))
    texts = [REFERENCE_RE.sub("", e["text"]) for e in excerpts.values() if e["lang"] == lang]
    return "\n\n".join(" ".join(p.split()) for text in texts for p in text.split("\n\n") if p.strip())


def set_and_damage(text: str, hyphenator, rng: random.Random, damage: bool) -> tuple[str, int, int]:
    """The text in lines and pages, damaged if asked; with the lost spaces and breaks made."""
    lines: list[str] = []
    lost = breaks = 0
    for paragraph in text.split("\n\n"):
        words = paragraph.split()
        tokens: list[tuple[str, bool]] = []  # (token, run together)
        k = 0
        while k < len(words):
            if (damage and k + 1 < len(words) and rng.random() < LOST_SPACE_SHARE
                    and words[k][-1].isalpha() and words[k + 1][0].isalpha()):
                tokens.append((words[k] + words[k + 1], True))
                lost += 1
                k += 2
            else:
                tokens.append((words[k], False))
                k += 1
        line = ""
        for token, fused in tokens:
            if not line or len(line) + 1 + len(token) <= WIDTH:
                line = f"{line} {token}" if line else token
                continue
            broken = False
            if damage and not fused and HYPHENATABLE_RE.fullmatch(token) and rng.random() < HYPHENATE_SHARE:
                word = token.rstrip(".,;:")
                for at in sorted(hyphenator.positions(word), reverse=True):
                    if len(line) + 2 + at <= WIDTH:
                        lines.append(f"{line} {word[:at]}-")
                        line = word[at:] + token[len(word):]
                        breaks += 1
                        broken = True
                        break
            if not broken:
                lines.append(line)
                line = token
        lines += [line, ""]
    pages = ["\n".join(lines[k:k + PAGE_LINES]) for k in range(0, len(lines), PAGE_LINES)]
    return "\f".join(pages), lost, breaks


def compare(clean: list[str], out: list[str]) -> tuple[int, int, int, int, list[tuple[str, str]]]:
    """Unrepaired lost spaces, unrepaired breaks, misread words (the right
    letters of several words, parted elsewhere: "who mothers" for "whom
    others"), damaged words (a word cut is one), and those spans."""
    lost = broken = misread = damaged = 0
    spans = []
    matcher = difflib.SequenceMatcher(a=clean, b=out, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        a, b = " ".join(clean[i1:i2]), " ".join(out[j1:j2])
        letters_a, letters_b = a.replace(" ", ""), b.replace(" ", "").replace("-", "")
        if a.replace(" ", "") == b.replace(" ", "") and j2 - j1 < i2 - i1:
            lost += (i2 - i1) - (j2 - j1)
        elif letters_a == letters_b and "-" in b and b.replace("-", "").replace(" ", "") == letters_a and "-" not in a:
            broken += 1
        elif letters_a == letters_b and i2 - i1 > 1:
            misread += i2 - i1
            spans.append((a, b))
        else:
            damaged += max(i2 - i1, 1)
            spans.append((a, b))
    return lost, broken, misread, damaged, spans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langs", default="en,de,fr,es,it,pt,nl")
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--show", type=int, default=0, help="print this many damaged spans per language")
    args = parser.parse_args()
    try:
        import pyphen
    except ImportError:
        print("synthetic_damage.py needs pyphen for the line breaks: pip install pyphen")
        return 2
    print(f"{'lang':4} {'words':>6} {'passthrough':>11} | {'lost spaces':>11} {'repaired':>9} | "
          f"{'breaks':>6} {'repaired':>9} | {'misread':>7} {'damaged':>15}")
    for lang in args.langs.split(","):
        text = clean_text(lang)
        clean = text.split()
        hyphenator = pyphen.Pyphen(lang=PYPHEN_CODES.get(lang, lang))
        undamaged, _, _ = set_and_damage(text, hyphenator, random.Random(0), damage=False)
        changed = sum(compare(clean, reflow.clean(undamaged, lang=lang).text.split())[:4])
        lost = breaks = unrepaired_lost = unrepaired_breaks = misread = damaged = 0
        shown: list[tuple[str, str]] = []
        for seed in range(1, args.seeds + 1):
            damaged_text, n_lost, n_breaks = set_and_damage(text, hyphenator, random.Random(seed), damage=True)
            result = compare(clean, reflow.clean(damaged_text, lang=lang).text.split())
            lost, breaks = lost + n_lost, breaks + n_breaks
            unrepaired_lost += result[0]
            unrepaired_breaks += result[1]
            misread += result[2]
            damaged += result[3]
            shown += result[4]
        total = len(clean) * args.seeds
        print(f"{lang:4} {len(clean):6} {changed:11} | {lost:11} {100 * (1 - unrepaired_lost / max(lost, 1)):8.1f}% | "
              f"{breaks:6} {100 * (1 - unrepaired_breaks / max(breaks, 1)):8.1f}% | "
              f"{misread:7} {damaged:6} ({100 * damaged / total:.2f}%)")
        for a, b in shown[: args.show]:
            print(f"      {a!r} -> {b!r}")
    print(f"\n{args.seeds} seeds per language; pages of {PAGE_LINES} lines of {WIDTH} characters; "
          f"{LOST_SPACE_SHARE:.0%} of spaces lost, {HYPHENATE_SHARE:.0%} of breakable line ends hyphenated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
