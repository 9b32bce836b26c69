#!/usr/bin/env python3
"""reflow against the word segmenters people reach for, scored the same way.

    pip install wordninja wordsegment      # symspellpy is already a dependency
    python benchmarks/peers.py             # dev corpus (../shared), ~1 minute

Each peer gets the raw text of every dev document and splits tokens with its
own model; its output is scored as plain text by ``../shared/eval/score.py``
(so it earns nothing for footnotes or page order: only the word-repair
columns compare). Two ways of applying a segmenter, as people do:

* **unknown**: only a token whose letters are not a word of the document's
  language in wordfreq is handed to the segmenter (the careful way);
* **every**: every token of two or more letters is handed to it.

Punctuation around a token is kept in both ways (the segmenters would drop
it), so their damage is their splitting, not their tokenising. reflow is run
as ``reflow --format json``. The table gives fused-token recall and the
damage rate (intact words made wrong) for the English documents and for the
others (German and French), and each tool's own speed on the same text in
this process (a peer's: its own calls only, on the tokens it was handed;
reflow's: its whole pipeline on every token, start-up excluded), so the
ratios mean something on a shared machine. A peer that is not installed is
skipped with a note.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import regex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TOKEN_RE = regex.compile(r"(\S+)")
CORE_RE = regex.compile(r"^(\P{L}*)(\p{L}+)(\P{L}*)$")

Splitter = Callable[[str], list[str]]


def load_peers() -> tuple[dict[str, Splitter], list[str]]:
    """The segmenters that are installed, by name, and notes on those that are not."""
    peers: dict[str, Splitter] = {}
    missing: list[str] = []
    try:
        import wordninja

        peers["wordninja"] = wordninja.split
    except ImportError:
        missing.append("wordninja (pip install wordninja)")
    try:
        import wordsegment

        wordsegment.load()
        peers["wordsegment"] = wordsegment.segment
    except ImportError:
        missing.append("wordsegment (pip install wordsegment)")
    try:
        from importlib.resources import files

        from symspellpy import SymSpell

        sym = SymSpell(max_dictionary_edit_distance=0, prefix_length=7)
        sym.load_dictionary(str(files("symspellpy") / "frequency_dictionary_en_82_765.txt"), 0, 1)
        peers["symspellpy"] = lambda token: sym.word_segmentation(token, max_edit_distance=0).corrected_string.split()
    except ImportError:
        missing.append("symspellpy")
    return peers, missing


def apply_peer(text: str, split: Splitter, known: Callable[[str], bool], every: bool) -> str:
    """``text`` with each chosen token's letters replaced by the peer's split, punctuation kept."""

    def one(match: regex.Match) -> str:
        token = match.group(1)
        parts = CORE_RE.match(token)
        if not parts or len(parts.group(2)) < 2 or (not every and known(parts.group(2))):
            return token
        pieces = split(parts.group(2))
        return parts.group(1) + " ".join(pieces) + parts.group(3) if pieces else token

    return TOKEN_RE.sub(one, text)


def score(corpus: Path, outputs: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(corpus), str(outputs), "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(proc.stdout)


def by_language(scores: dict, langs: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Fused recall and damage rate (both %) over the English documents and over the rest."""
    documents = scores["documents"]
    rows = documents.items() if isinstance(documents, dict) else ((d.get("id") or d.get("name"), d) for d in documents)
    sums: dict[str, list[int]] = {"en": [0, 0, 0, 0], "de+fr": [0, 0, 0, 0]}
    for name, doc in rows:
        system = doc["system"]
        group = "en" if langs.get(name) == "en" else "de+fr"
        fused = system["repair"]["fused"]
        sums[group][0] += fused["repaired"]
        sums[group][1] += fused["damaged"]
        sums[group][2] += system["damage"]["hurt"]
        sums[group][3] += system["damage"]["intact_in_raw"]
    return {g: (100 * r / d if d else float("nan"), 100 * h / n if n else float("nan")) for g, (r, d, h, n) in sums.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared/ folder (corpus and eval)")
    args = parser.parse_args()
    corpus = args.shared / "corpus" / "dev"
    if not (args.shared / "eval" / "score.py").exists():
        print(f"no corpus and scorer at {args.shared}: pass --shared PATH", file=sys.stderr)
        return 2

    from wordfreq import zipf_frequency

    sources = sorted(corpus.glob("*.txt"))
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sources}
    langs = {name: json.loads((corpus / f"{name}.gold.json").read_text(encoding="utf-8"))["lang"] for name in texts}
    size_mb = sum(len(t.encode("utf-8")) for t in texts.values()) / 1e6
    peers, missing = load_peers()

    rows: list[tuple[str, dict[str, tuple[float, float]], float]] = []
    with tempfile.TemporaryDirectory() as tmpname:
        tmp = Path(tmpname)
        out = tmp / "reflow"
        out.mkdir()
        import reflow

        reflow.clean("warm up ofthe lexicon", lang="en")
        start = time.process_time()
        for name, text in texts.items():
            (out / f"{name}.out").write_text(reflow.clean(text).to_json(), encoding="utf-8")
        rows.append(("reflow (all passes, one process)", by_language(score(corpus, out), langs), time.process_time() - start))

        for peer, split in peers.items():
            for every in (False, True):
                out = tmp / f"{peer}-{every}"
                out.mkdir()
                spent = [0.0]

                def timed(token: str, split: Splitter = split, spent: list[float] = spent) -> list[str]:
                    start = time.process_time()
                    pieces = split(token)
                    spent[0] += time.process_time() - start
                    return pieces

                for name, text in texts.items():
                    lang = langs[name]
                    known = lambda word, lang=lang: zipf_frequency(word, lang) > 0  # noqa: E731
                    (out / f"{name}.out").write_text(apply_peer(text, timed, known, every), encoding="utf-8")
                label = f"{peer} ({'every token' if every else 'unknown tokens'})"
                rows.append((label, by_language(score(corpus, out), langs), spent[0]))

    print(f"dev corpus: {len(texts)} documents, {size_mb:.2f} MB; fused recall and damage in %\n")
    print(f"{'tool':34} {'fused en':>9} {'dmg en':>7} {'fused de+fr':>12} {'dmg de+fr':>10} {'cpu s':>7} {'MB/s':>6}")
    for label, figures, seconds in rows:
        fe, de = figures["en"]
        fo, do = figures["de+fr"]
        print(f"{label:34} {fe:9.1f} {de:7.2f} {fo:12.1f} {do:10.2f} {seconds:7.2f} {size_mb / seconds:6.2f}")
    for note in missing:
        print(f"(not installed: {note})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
