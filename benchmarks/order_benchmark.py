#!/usr/bin/env python3
"""How well and how fast reflow puts shuffled pages back in order.

    python benchmarks/order_benchmark.py                  # dev corpus + seed, all shuffles, 1000-page timing
    python benchmarks/order_benchmark.py --repeats 5 --no-large
    python benchmarks/order_benchmark.py --large-only --pages 1000

Each document is cut into page chunks the way the scorer does
(``split_pages`` semantics: form feeds, else a line starting with one space),
put in true reading order with its gold ``page_order``, then re-assembled in
new orders (keeping its page-marker convention): in order, reversed,
booklet imposition, a few swapped pairs, and random permutations. reflow
orders each shuffled text; the report gives exact-order share, adjacent-pair
accuracy and mean Kendall tau per shuffle kind.

The large test builds a synthetic document whose sentences (drawn from the
dev corpus's own sentences) run on across 1,000 pages, shuffles it and times
the order pass alone and the whole pipeline.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reflow.pipeline import Pipeline  # noqa: E402
from reflow.passes.pages import detect_page_marker, split_chunks  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures"


# ------------------------------------------------------------------ shuffles
def booklet(n: int) -> list[int]:
    """Reading pages in the order they sit on folded sheets (one signature).

    Pages are padded to a multiple of four; sheet s carries, front then back,
    pages (last - 2s, 2s), (2s + 1, last - 2s - 1). Padding pages are dropped.
    """
    m = (n + 3) // 4 * 4
    order: list[int] = []
    for s in range(m // 4):
        order += [m - 1 - 2 * s, 2 * s, 2 * s + 1, m - 2 - 2 * s]
    return [p for p in order if p < n]


def swaps(n: int, rng: random.Random, count: int = 2) -> list[int]:
    order = list(range(n))
    for _ in range(count):
        a, b = rng.sample(range(n), 2)
        order[a], order[b] = order[b], order[a]
    return order


def shuffles(n: int, rng: random.Random, repeats: int) -> list[tuple[str, list[int]]]:
    """(kind, arrangement): arrangement[k] is the reading page at input position k."""
    kinds = [("in-order", list(range(n))), ("reversed", list(range(n))[::-1]), ("booklet", booklet(n))]
    for _ in range(repeats):
        kinds.append(("swaps", swaps(n, rng)))
        kinds.append(("random", rng.sample(range(n), n)))
    return kinds


# ------------------------------------------------------------------- metrics
def kendall_tau(found: list[int], truth: list[int]) -> float:
    position = {page: i for i, page in enumerate(found)}
    seq = [position[p] for p in truth]
    n = len(seq)
    concordant = sum(1 for i in range(n) for j in range(i + 1, n) if seq[i] < seq[j])
    pairs = n * (n - 1) // 2
    return (2 * concordant - pairs) / pairs if pairs else 1.0


def adjacent_accuracy(found: list[int], truth: list[int]) -> float:
    found_pairs = set(zip(found, found[1:]))
    return sum((a, b) in found_pairs for a, b in zip(truth, truth[1:])) / max(1, len(truth) - 1)


# ----------------------------------------------------------------- documents
def reading_pages(text: str, page_order: list[int]) -> tuple[str, list[str]]:
    """The page chunks of ``text`` in true reading order, and the marker convention."""
    marker = detect_page_marker(text)
    chunks = [text[a:b] for a, b in split_chunks(text, marker)]
    return marker, [chunks[i] for i in page_order]


def assemble(pages: list[str], marker: str) -> str:
    """Join page chunks so ``split_pages`` finds them again."""
    if marker == "formfeed":
        return "\f".join(pages)
    lines = []
    for page in pages:
        page = page.strip("\n")
        lines.append(" " + page.lstrip(" ") if marker == "leading-space" else page)
    return "\n".join(lines) + "\n"


def load_documents(shared: Path) -> list[tuple[str, str, list[str]]]:
    """(name, marker, pages in reading order) for the dev corpus and the seed."""
    docs = []
    sources = sorted((shared / "corpus" / "dev").glob("*.gold.json"))
    sources.append(FIXTURES / "seed.gold.json")
    for gold_path in sources:
        text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        if not text_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        marker, pages = reading_pages(text_path.read_text(encoding="utf-8"), gold["page_order"])
        docs.append((gold.get("id", text_path.stem), marker, pages))
    return docs


def language_of(pages: list[str]) -> str:
    from reflow.lexicon import detect_language

    return detect_language("\n".join(pages))


def run_corpus(docs, repeats: int, seed: int) -> dict:
    rng = random.Random(seed)
    results: dict[str, list[tuple[float, float, float]]] = {}
    failures: list[str] = []
    for name, marker, pages in docs:
        lang = language_of(pages)
        pipeline = Pipeline(lang=lang)
        for kind, arrangement in shuffles(len(pages), rng, repeats):
            text = assemble([pages[r] for r in arrangement], marker)
            found = pipeline.run(text).page_order
            # Truth in input positions: reading page r sits at input arrangement.index(r).
            where = {r: k for k, r in enumerate(arrangement)}
            truth = [where[r] for r in range(len(pages))]
            if len(found) != len(truth):
                results.setdefault(kind, []).append((0.0, 0.0, 0.0))
                failures.append(f"{name} {kind}: {len(found)} pages found, {len(truth)} expected")
                continue
            exact = float(found == truth)
            results.setdefault(kind, []).append((exact, adjacent_accuracy(found, truth), kendall_tau(found, truth)))
            if not exact:
                failures.append(f"{name} {kind}: adj {adjacent_accuracy(found, truth):.2f}")
    return {"results": results, "failures": failures}


# ---------------------------------------------------------------- 1000 pages
def synthetic_pages(docs, n_pages: int, seed: int, lines_per_page: int = 38, width: int = 68) -> list[str]:
    """Pages of running text made from the corpus's English sentences, hyphenated at some line ends."""
    import regex

    rng = random.Random(seed)
    sentences = []
    for _name, _marker, pages in docs:
        if language_of(pages) != "en":
            continue
        flat = " ".join(" ".join(pages).split())
        sentences += [s for s in regex.split(r"(?<=[.!?])\s+(?=[A-Z])", flat) if 40 < len(s) < 400]
    words: list[str] = []
    while len(words) < n_pages * lines_per_page * 12:
        words += rng.choice(sentences).split()
    pages, lines, line = [], [], ""
    for word in words:
        if len(line) + 1 + len(word) <= width:
            line = f"{line} {word}" if line else word
            continue
        if len(word) > 7 and word.isalpha() and rng.random() < 0.3:
            cut = rng.randint(3, len(word) - 3)
            lines.append(f"{line} {word[:cut]}-")
            line = word[cut:]
        else:
            lines.append(line)
            line = word
        if len(lines) == lines_per_page:
            pages.append("\n".join(lines))
            lines = []
            if len(pages) == n_pages:
                break
    return pages


def time_large(docs, n_pages: int, seed: int) -> dict:
    import reflow.passes.order as order_module

    pages = synthetic_pages(docs, n_pages, seed)
    rng = random.Random(seed)
    arrangement = rng.sample(range(len(pages)), len(pages))
    text = assemble([pages[r] for r in arrangement], "formfeed")
    timings: dict[str, float] = {}

    def timed(doc, ctx):
        start, cpu = time.perf_counter(), time.process_time()
        order_module.order_pass(doc, ctx)
        timings["order_pass_s"] = time.perf_counter() - start
        # CPU time too: other jobs on a shared machine stretch the wall time.
        timings["order_pass_cpu_s"] = time.process_time() - cpu

    names = ["pages", timed]
    start = time.perf_counter()
    doc = Pipeline(names, lang="en").run(text).document
    timings["pipeline_to_order_s"] = time.perf_counter() - start
    where = {r: k for k, r in enumerate(arrangement)}
    truth = [where[r] for r in range(len(pages))]
    found = doc.page_order
    return {
        "pages": len(pages),
        **{k: round(v, 2) for k, v in timings.items()},
        "exact": found == truth,
        "adjacent": round(adjacent_accuracy(found, truth), 4),
        "tau": round(kendall_tau(found, truth), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder (corpus)")
    parser.add_argument("--repeats", type=int, default=3, help="random and swap shuffles per document")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", type=int, default=1000, help="pages in the synthetic document")
    parser.add_argument("--no-large", action="store_true", help="skip the synthetic timing")
    parser.add_argument("--large-only", action="store_true", help="only the synthetic timing")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    docs = load_documents(args.shared)
    if not docs:
        print(f"no documents under {args.shared}", file=sys.stderr)
        return 2
    report: dict = {"machine": f"{platform.processor() or platform.machine()}, {platform.python_implementation()} {platform.python_version()}"}
    print(f"machine: {report['machine']}")
    if not args.large_only:
        start = time.perf_counter()
        corpus = run_corpus(docs, args.repeats, args.seed)
        report["corpus_s"] = round(time.perf_counter() - start, 1)
        print(f"{len(docs)} documents, {report['corpus_s']} s")
        print(f"{'shuffle':10s} {'runs':>5s} {'exact':>7s} {'adjacent':>9s} {'tau':>7s}")
        table = {}
        all_rows = []
        for kind, rows in corpus["results"].items():
            all_rows += rows
            table[kind] = [len(rows)] + [round(sum(r[i] for r in rows) / len(rows), 4) for i in range(3)]
            print(f"{kind:10s} {len(rows):5d} {table[kind][1]:7.3f} {table[kind][2]:9.3f} {table[kind][3]:7.3f}")
        total = [len(all_rows)] + [round(sum(r[i] for r in all_rows) / len(all_rows), 4) for i in range(3)]
        print(f"{'ALL':10s} {total[0]:5d} {total[1]:7.3f} {total[2]:9.3f} {total[3]:7.3f}")
        report["table"] = table
        report["all"] = total
        report["failures"] = corpus["failures"]
        for line in corpus["failures"]:
            print("  not exact:", line)
    if not args.no_large:
        large = time_large(docs, args.pages, args.seed)
        report["large"] = large
        print(f"synthetic {large['pages']} pages, random shuffle: order pass {large['order_pass_s']} s "
              f"({large['order_pass_cpu_s']} s CPU), "
              f"pipeline up to order {large['pipeline_to_order_s']} s; exact={large['exact']} "
              f"adjacent={large['adjacent']} tau={large['tau']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
