#!/usr/bin/env python3
"""Huge input: time and peak memory of `reflow` at two sizes, to check linear time and bounded memory.

    python benchmarks/scale.py                 # 10 MB and 100 MB
    python benchmarks/scale.py --sizes 1,10    # quicker

Builds each input by repeating real page chunks (the dev corpus if present,
else tests/fixtures) joined by form feeds, runs the installed reflow on it in
a child process (JSON to a file), and reports wall time, peak resident memory
(from wait4), MB/s, the time ratio between the sizes against the size ratio
(linear means time ratio <= 1.1 x size ratio) and memory against the bound
4 x input + 300 MB. A `cat` of the same file is timed alongside as a baseline.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"


def page_chunks() -> list[str]:
    sources = sorted(DEV.glob("*.txt")) if DEV.is_dir() else sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    chunks: list[str] = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        chunks.extend(c for c in text.split("\f") if c.strip()) if "\f" in text else chunks.append(text)
    return chunks


def build_input(path: Path, megabytes: float, chunks: list[str]) -> int:
    target = int(megabytes * 1e6)
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        i = 0
        while written < target:
            piece = chunks[i % len(chunks)] + "\f"
            fh.write(piece)
            written += len(piece.encode("utf-8"))
            i += 1
    return written


def measure(cmd: list[str], stdout_path: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    with open(stdout_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-500:]}")
    return wall, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100", help="input sizes in MB, comma-separated (default 10,100)")
    parser.add_argument("--format", default="json", choices=("text", "json"))
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    chunks = page_chunks()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            src = Path(tmp) / f"in_{mb:g}.txt"
            nbytes = build_input(src, mb, chunks)
            cat_wall, _ = measure(["cat", str(src)], os.devnull)
            wall, peak = measure(
                [sys.executable, "-m", "reflow", "--format", args.format, "--max-size", str(int(mb * 2) + 10), str(src)],
                str(Path(tmp) / "out"),
            )
            bound = 4 * nbytes / 1e6 + 300
            rows.append((mb, nbytes, wall, peak, cat_wall))
            print(f"{nbytes / 1e6:8.1f} MB: reflow {wall:8.2f} s ({nbytes / 1e6 / wall:.2f} MB/s), peak {peak:7.0f} MB "
                  f"(bound {bound:.0f} MB: {'ok' if peak <= bound else 'OVER'}); cat {cat_wall:.3f} s", flush=True)
    if len(rows) >= 2:
        (m1, b1, w1, _, _), (m2, b2, w2, _, _) = rows[0], rows[-1]
        size_ratio, time_ratio = b2 / b1, w2 / w1
        verdict = "linear" if time_ratio <= 1.1 * size_ratio else "SUPERLINEAR"
        print(f"size x{size_ratio:.2f} -> time x{time_ratio:.2f} ({verdict}; limit x{1.1 * size_ratio:.2f})")
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
