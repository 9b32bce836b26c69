#!/usr/bin/env python3
"""Fuzz the whole pipeline for a bounded time; every failure becomes a regression case.

    python benchmarks/fuzz.py --minutes 10 [--seed 1]

Starts from the real texts in tests/fixtures/, mutates them at random
(lost spaces, line and page breaks, stray control and format characters,
other scripts, huge tokens, splices of two inputs, raw byte damage decoded
the way the CLI decodes), runs ``reflow.clean`` and checks the invariants
that never depend on judgement: no exception, nothing lost, references and
notes one to one. A failing input is written to tests/fixtures/crashes/,
which tests/test_regressions.py replays on every test run.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import reflow  # noqa: E402
from reflow.inputs import InputError, decode_bytes  # noqa: E402
from reflow.render import REFERENCE_RE  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
CRASHES = FIXTURES / "crashes"
SPECIALS = ["\f", "\x00", "\u00ad", "\u200b", "\u202e", "\ufeff", "\r", "\t", "\u2028", "-\n", "—\n", "\n ",
            "\n\n", "１２", "¹", "[^1]", "[^", "]", "東京都の", "مرحبا بالعالم", "e\u0301", "🙂", "\U0001f1eb\U0001f1f7"]


def check(text: str) -> str | None:
    """The broken invariant's description, or None."""
    try:
        result = reflow.clean(text)
        data = result.to_dict()
    except Exception:  # noqa: BLE001 - the fuzzer's job is to catch everything
        return "exception:\n" + traceback.format_exc()
    kept = REFERENCE_RE.sub(r"\1", data["body"]) + "".join(n["label"] + n["text"] for n in data["footnotes"])
    kept += "".join(f["text"] for f in data["furniture"])
    # Removed characters, hyphens taken out at line breaks, and marks a reference replaced ("¹" -> "[^1]").
    kept += "".join(
        e["before"] for e in data["edits"] if e["after"] == "" or e["kind"] in ("dehyphenate", "reference")
    )
    lost = Counter(c for c in text if not c.isspace()) - Counter(c for c in kept if not c.isspace())
    if lost:
        return f"lost characters: {dict(lost)}"
    refs = Counter(m.group(1) for m in REFERENCE_RE.finditer(data["body"]))
    labels = Counter(n["label"] for n in data["footnotes"])
    if set(refs) != set(labels) or any(v != 1 for v in [*refs.values(), *labels.values()]):
        return f"references {dict(refs)} do not match notes {dict(labels)}"
    return None


def mutate(rng: random.Random, text: str, corpus: list[str]) -> str:
    for _ in range(rng.randint(1, 12)):
        pos = rng.randint(0, len(text))
        op = rng.randrange(9)
        if op == 0 and " " in text:
            i = text.find(" ", pos)
            text = text[:i] + text[i + 1 :] if i >= 0 else text
        elif op == 1:
            text = text[:pos] + rng.choice(SPECIALS) + text[pos:]
        elif op == 2:
            text = text[:pos] + text[pos + rng.randint(1, 200) :]
        elif op == 3:
            other = rng.choice(corpus)
            j = rng.randint(0, len(other))
            text = text[:pos] + other[j : j + rng.randint(1, 3000)] + text[pos:]
        elif op == 4:
            text = text[:pos] + rng.choice("abcXYZ0123456789") * rng.randint(100, 20000) + text[pos:]
        elif op == 5:
            text = text[:pos] + str(rng.randint(1, 400)) + text[pos:]
        elif op == 6:
            text = text[:pos] + "\n" + " " * rng.randint(0, 3) + text[pos:]
        elif op == 7:
            raw = bytearray(text.encode("utf-8"))
            for _ in range(rng.randint(1, 5)):
                if raw:
                    raw[rng.randrange(len(raw))] = rng.randrange(256)
            try:
                text = decode_bytes(bytes(raw))
            except InputError:
                text = bytes(raw).decode("utf-8", "replace")
        else:
            lines = text.split("\n")
            rng.shuffle(lines)
            text = "\n".join(lines)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    corpus = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    corpus = [c for c in corpus if c.strip()] or ["The workers were strik-\ning."]
    CRASHES.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + args.minutes * 60
    runs = failures = 0
    while time.monotonic() < deadline:
        base = rng.choice(corpus)
        start = rng.randint(0, max(0, len(base) - 1))
        text = mutate(rng, base[start : start + rng.randint(1, 8000)], corpus)
        runs += 1
        problem = check(text)
        if problem:
            failures += 1
            name = CRASHES / f"fuzz-{hashlib.sha1(text.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}.txt"
            name.write_text(text, encoding="utf-8", errors="surrogatepass")
            print(f"FAILURE -> {name.relative_to(ROOT)}: {problem.splitlines()[0]}", flush=True)
    print(f"{runs} inputs in {args.minutes:g} min, {failures} failures (seed {args.seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
