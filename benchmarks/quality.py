#!/usr/bin/env python3
"""Score reflow on the dev corpus and the seed, and time it against `cat`.

    python benchmarks/quality.py                 # dev corpus + seed
    python benchmarks/quality.py --docs dev01_mill_liberty,dev09_soldan_hexenprozesse
    python benchmarks/quality.py --json results.json

Runs ``../shared/eval/run.py`` with ``reflow --format json`` (from this
Python environment) over each corpus, prints ``score.py``'s table, and prints
reflow's throughput next to ``cat`` run over the same files in the same
invocation, so the ratio means something on a noisy machine.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
SEED_FIXTURES = ROOT / "tests" / "fixtures"


def run_corpus(eval_dir: Path, corpus: Path, out: Path, cmd: list[str]) -> dict:
    subprocess.run(
        [sys.executable, str(eval_dir / "run.py"), str(corpus), str(out), "--", *cmd],
        check=False, stdout=subprocess.DEVNULL,
    )
    return json.loads((out / "timing.json").read_text())


def throughput(timing: dict) -> float:
    size = sum(t["bytes_in"] for t in timing.values())
    wall = sum(t["wall_s"] for t in timing.values())
    return size / 1e6 / wall if wall else float("inf")


def seed_corpus(tmp: Path) -> Path | None:
    """A one-document corpus of the seed and the gold established for it."""
    gold = SEED_FIXTURES / "seed.gold.json"
    text = SEED_FIXTURES / "seed.txt"
    if not gold.exists() or not text.exists():
        return None
    corpus = tmp / "seed_corpus"
    corpus.mkdir()
    shutil.copy(text, corpus / "seed.txt")
    shutil.copy(gold, corpus / "seed.gold.json")
    return corpus


def subset(corpus: Path, names: list[str], tmp: Path) -> Path:
    sub = tmp / "subset"
    sub.mkdir()
    for name in names:
        for suffix in (".txt", ".gold.json"):
            shutil.copy(corpus / f"{name}{suffix}", sub / f"{name}{suffix}")
    return sub


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder (corpus and eval)")
    parser.add_argument("--docs", default="", help="comma-separated dev document names (default: all)")
    parser.add_argument("--no-seed", action="store_true", help="skip the seed")
    parser.add_argument("--json", type=Path, help="also write the scores as JSON here")
    parser.add_argument("--keep", type=Path, help="keep reflow's outputs in this folder")
    args = parser.parse_args()

    eval_dir = args.shared / "eval"
    dev = args.shared / "corpus" / "dev"
    if not (eval_dir / "score.py").exists():
        print(f"no scorer at {eval_dir}: pass --shared PATH", file=sys.stderr)
        return 2
    reflow_cmd = [sys.executable, "-m", "reflow", "--format", "json"]
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmpname:
        tmp = Path(tmpname)
        corpora = {"dev": subset(dev, args.docs.split(","), tmp) if args.docs else dev}
        if not args.no_seed:
            seed = seed_corpus(tmp)
            if seed is None:
                print("(no tests/fixtures/seed.gold.json yet: seed not scored)")
            else:
                corpora["seed"] = seed
        for name, corpus in corpora.items():
            out = (args.keep / name) if args.keep else tmp / f"out_{name}"
            out.mkdir(parents=True, exist_ok=True)
            baseline = run_corpus(eval_dir, corpus, tmp / f"cat_{name}", ["cat"])
            timing = run_corpus(eval_dir, corpus, out, reflow_cmd)
            failed = [doc for doc, t in timing.items() if t["rc"] != 0]
            table = subprocess.run(
                [sys.executable, str(eval_dir / "score.py"), str(corpus), str(out)],
                capture_output=True, text=True,
            )
            scores = subprocess.run(
                [sys.executable, str(eval_dir / "score.py"), str(corpus), str(out), "--json"],
                capture_output=True, text=True,
            )
            print(f"\n=== {name}: {corpus}")
            print(table.stdout.rstrip() or table.stderr)
            mbps, cat_mbps = throughput(timing), throughput(baseline)
            peak = max(t["peak_rss_kb"] for t in timing.values()) / 1024
            print(f"throughput: reflow {mbps:.3f} MB/s, cat {cat_mbps:.3f} MB/s "
                  f"(reflow/cat = {mbps / cat_mbps:.4f}); peak memory {peak:.0f} MB; failed runs: {failed or 'none'}")
            results[name] = {
                "scores": json.loads(scores.stdout) if scores.returncode == 0 and scores.stdout else None,
                "reflow_mb_s": mbps, "cat_mb_s": cat_mbps, "peak_mb": peak, "failed": failed,
            }
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print(f"\nmachine: {os.cpu_count()} cores, python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
