#!/usr/bin/env python3
"""Real words the lexicon does not know: how many would the segmenter split?

    python benchmarks/unlisted_words.py                    # en de fr es it pt nl, 4000 words each
    python benchmarks/unlisted_words.py --langs es,it --show 20

A holdout document has words no list holds: rare inflections ("devolvera",
"erbrachter"), old spellings, names. The dev corpus has few, so its damage
rate says little about them. This takes rare words wordfreq does list (zipf
1 to 2, lower-case, letters only, at least 4 letters), hides each from the
lexicon (its frequency read as 0, as an unlisted word's is), and asks the
segment pass's decision whether to split it. Every split is a real word cut,
except where wordfreq itself lists a run-together typo from the web ("ofthe"
is listed): the examples shown tell the two apart. The one-letter words of
the language count as written by the document, as they are in real text.

Compare two versions of the code by running each checkout's copy of this
script (it reads the ``src`` beside it): the same words are drawn every
time (--seed). About 45 s for the seven languages.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reflow.lexicon import Lexicon, Vocabulary  # noqa: E402
from reflow.passes.segment import SegmentModel, segment_token  # noqa: E402


def rare_words(lang: str, count: int, seed: int, low: float, high: float) -> list[str]:
    from wordfreq import iter_wordlist, zipf_frequency

    words = [w for w in iter_wordlist(lang, "large")
             if len(w) >= 4 and w.isalpha() and w.islower() and low <= zipf_frequency(w, lang) < high]
    random.Random(seed).shuffle(words)
    return words[:count]


def splits(lang: str, words: list[str]) -> dict[str, str]:
    """The words the segmenter splits when it cannot look them up, with their splits."""
    model = SegmentModel(Lexicon(lang), Vocabulary.from_texts([]))
    for letter in model.one_letter_words:
        model.vocab.exact[letter] += 5
    found = {}
    for word in words:
        model._zipf[word] = 0.0  # read as unlisted (the model's frequency cache answers first)
        split = segment_token(word, model)
        if split is not None:
            found[word] = split.text
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langs", default="en,de,fr,es,it,pt,nl")
    parser.add_argument("--words", type=int, default=4000, help="words drawn per language")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--zipf", default="1,2", help="frequency band drawn from, low,high")
    parser.add_argument("--show", type=int, default=8, help="splits shown per language")
    args = parser.parse_args()
    low, high = (float(x) for x in args.zipf.split(","))
    print(f"{'lang':4} {'words':>6} {'split':>6} {'share':>7}  examples")
    for lang in args.langs.split(","):
        words = rare_words(lang, args.words, args.seed, low, high)
        found = splits(lang, words)
        examples = ", ".join(f"{w}->{s}" for w, s in list(found.items())[: args.show])
        print(f"{lang:4} {len(words):6} {len(found):6} {100 * len(found) / max(len(words), 1):6.1f}%  {examples}")
    print(f"\nwords listed at zipf {low:g} to {high:g}, each read as unknown; a split is a real word cut or a listed typo")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
