#!/usr/bin/env python3
"""Time that grows faster than the input: long runs in every place a pass reads.

    python benchmarks/adversarial.py            # sizes 4,000 and 8,000 characters
    python benchmarks/adversarial.py --size 20000

Each case puts a long run (letters, mixed case, digits, hyphen or
apostrophe chains, combining marks, CJK, ...) into a template of page
structure (a line end, a hyphen at a line end, a page break, a footnote, a
running head) and times ``reflow.clean`` at the size and at twice the size.
Linear code takes about twice the time (below 3x); a pattern that backtracks
over the run once per character takes four times. The slowest cases and
their ratios are listed; any ratio over 3 on a case over 50 ms is flagged.
Found by the fuzzer: a 41 KB line of letters took 20 s in language
detection before its patterns were anchored.
"""
from __future__ import annotations

import argparse
import itertools
import time

import reflow

RUNS = {
    "lower": lambda n: "a" * n,
    "capitalised": lambda n: "A" + "a" * n,
    "mixed case": lambda n: "aB" * (n // 2),
    "digits": lambda n: "7" * n,
    "apostrophes": lambda n: "a’" * (n // 2),
    "hyphen chain": lambda n: "ab-" * (n // 3),
    "full stops": lambda n: "a." * (n // 2),
    "commas": lambda n: "ab," * (n // 3),
    "marks": lambda n: "e\u0301" * (n // 2),
    "CJK": lambda n: "東" * n,
    "superscripts": lambda n: "a¹" * (n // 2),
    "references": lambda n: "[^1]a" * (n // 5),
}
TEMPLATES = [
    "{X}", "{X}.", "{X}-\nnext line", "Body text here.1\n\n1 {X}", "Body.\n{X}\f{X}\fEnd.",
    " Page one {X}\n More\n Page two", "Head\n{X}1\n2\fHead\nmore text\n3", "{X}\n12",
    "Chapter 1\n{X}:\n“{X}”", "a {X} b\n\n{X}—\n{X}", "text.{X}", "{X}\u00ad\n{X}", "¹ {X}\n\ntext¹",
    "{X}17\n\n17 note", "«{X}»", "x\n {X}\n y", "x y\n{X}!\fnext page", "{X}x.\f{X}",
]
FLAG_RATIO = 3.0
FLAG_SECONDS = 0.05


def seconds(text: str) -> float:
    start = time.process_time()
    reflow.clean(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=4000, help="run length; each case also runs at twice it")
    parser.add_argument("--show", type=int, default=10, help="how many of the slowest cases to list")
    args = parser.parse_args()
    reflow.clean("warm up: the lexicons load once.")
    rows = []
    for (name, run), template in itertools.product(RUNS.items(), TEMPLATES):
        small = seconds(template.replace("{X}", run(args.size)))
        large = seconds(template.replace("{X}", run(2 * args.size)))
        rows.append((large, large / max(small, 1e-3), name, template))
    rows.sort(reverse=True)
    print(f"{len(rows)} cases, runs of {args.size:,} and {2 * args.size:,} characters (CPU seconds)")
    for large, ratio, name, template in rows[: args.show]:
        flag = "  <- grows faster than the input" if ratio > FLAG_RATIO and large > FLAG_SECONDS else ""
        print(f"{large:7.3f} s  x{ratio:4.1f}  {name:13} {template!r}{flag}")
    flagged = sum(1 for large, ratio, *_ in rows if ratio > FLAG_RATIO and large > FLAG_SECONDS)
    print(f"{flagged} case(s) flagged")


if __name__ == "__main__":
    main()
