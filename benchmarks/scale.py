#!/usr/bin/env python3
"""Huge input: time and peak memory of `reflow` at two sizes, to check linear time and bounded memory.

    python benchmarks/scale.py                 # 10 MB and 100 MB
    python benchmarks/scale.py --sizes 1,10    # quicker
    python benchmarks/scale.py --sizes 1,2.5,5,10 --per-pass   # where the time and memory go

Builds each input by repeating real page chunks (the dev corpus if present,
else tests/fixtures) joined by form feeds, runs the installed reflow on it in
a child process (JSON to a file), and reports wall time, peak resident memory
(from wait4), MB/s, the time ratio between the sizes against the size ratio
(linear means time ratio <= 1.1 x size ratio) and memory against the bound
4 x input + 300 MB. A `cat` of the same file is timed alongside as a baseline.
An input over reflow.windows.WINDOW_BYTES is cleaned in windows (see README,
"Huge inputs"); the report gives their number, read from the output's warning.

With --per-pass a second child runs the pipeline pass by pass in-process (on
the whole input as one document, never in windows) and
reports each pass's seconds, the resident memory after it and the peak so
far, then the same for rendering the JSON: the figures that say which pass
grows faster than the input.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"


# In the "books" layout each document's pages repeat in a run of about this
# many pages, as in one long book, so its running heads and page numbers
# recur the way a real book's do (the "mixed" layout cycles through all
# documents page by page, and no head recurs on enough pages to be found).
BOOK_PAGES = 300


def page_chunks(layout: str = "mixed") -> list[str]:
    sources = sorted(DEV.glob("*.txt")) if DEV.is_dir() else sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    chunks: list[str] = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        pages = [c for c in text.split("\f") if c.strip()] if "\f" in text else [text]
        if layout == "books" and len(pages) > 1:
            pages = pages * max(1, BOOK_PAGES // len(pages))
        chunks.extend(pages)
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


def measure(cmd: list[str], stdout_path: str) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one child process.

    The CPU time says what the wall time says when other jobs share the cores.
    """
    with open(stdout_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-500:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def windows_used(output: Path) -> str:
    """How the run was cut, from the windows warning near the end of its output ("" when whole)."""
    with output.open("rb") as fh:
        fh.seek(max(0, output.stat().st_size - 65536))
        tail = fh.read().decode("utf-8", "replace")
    found = re.search(r"processed in (\d+) windows of about (\d+) pages", tail)
    return f"; {found.group(1)} windows of ~{found.group(2)} pages" if found else "; whole"


def _rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process, in MB (Linux)."""
    import resource

    with open("/proc/self/statm") as fh:
        current = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    return current, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def profile_passes(path: str) -> None:
    """Child process: run the default pipeline on ``path`` pass by pass and print one JSON line of figures.

    Each step of the Pipeline is wrapped to time it and read the memory after
    it; reading the input and rendering the JSON are measured the same way,
    so the stages add up to the whole run.
    """
    import json

    from reflow.pdf import read_input
    from reflow.pipeline import Pipeline

    stages: list[dict] = []

    def measured(name: str, fn):
        def run(*args):
            start = time.perf_counter()
            value = fn(*args)
            current, peak = _rss_mb()
            stages.append({"stage": name, "seconds": time.perf_counter() - start, "rss": current, "peak": peak})
            return value

        return run

    text, _ = measured("read", read_input)(path, None, 1 << 40)
    pipeline = Pipeline()
    pipeline.steps = [(name, measured(name, fn)) for name, fn in pipeline.steps]
    result = pipeline.run(text)
    measured("json", result.to_json)()
    print(json.dumps(stages))


def per_pass_table(path: Path) -> list[dict]:
    import json

    out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_per_pass(tables: dict[float, list[dict]]) -> None:
    """Seconds per stage at each size, s/MB, and the growth from the first size to the last."""
    sizes = list(tables)
    names = [row["stage"] for row in tables[sizes[0]]]
    print("\nper stage: seconds (s/MB) at each size; growth = time ratio / size ratio (1.0 is linear)")
    print(f"{'stage':<12}" + "".join(f"{f'{mb:g} MB':>18}" for mb in sizes) + f"{'growth':>9}")
    for k, name in enumerate(names):
        cells = []
        for mb in sizes:
            sec = tables[mb][k]["seconds"]
            cells.append(f"{sec:9.2f} ({sec / mb:5.2f})")
        first, last = tables[sizes[0]][k]["seconds"], tables[sizes[-1]][k]["seconds"]
        growth = (last / first) / (sizes[-1] / sizes[0]) if first > 0.005 and len(sizes) > 1 else float("nan")
        print(f"{name:<12}" + "".join(f"{c:>18}" for c in cells) + f"{growth:9.2f}")
    print("memory after each stage: resident MB / peak so far MB")
    print(f"{'stage':<12}" + "".join(f"{f'{mb:g} MB':>18}" for mb in sizes))
    for k, name in enumerate(names):
        print(f"{name:<12}" + "".join(f"{tables[mb][k]['rss']:8.0f} /{tables[mb][k]['peak']:7.0f}" for mb in sizes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100", help="input sizes in MB, comma-separated (default 10,100)")
    parser.add_argument("--format", default="json", choices=("text", "json"))
    parser.add_argument("--layout", default="mixed", choices=("mixed", "books"),
                        help="mixed: all documents' pages in turn; books: runs of one document's pages (default: mixed)")
    parser.add_argument("--per-pass", action="store_true", help="also time each pass in-process at each size")
    parser.add_argument("--child", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        profile_passes(args.child)
        return 0
    sizes = [float(s) for s in args.sizes.split(",")]
    chunks = page_chunks(args.layout)
    rows = []
    tables: dict[float, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            src = Path(tmp) / f"in_{mb:g}.txt"
            nbytes = build_input(src, mb, chunks)
            cat_wall, _, _ = measure(["cat", str(src)], os.devnull)
            wall, peak, cpu = measure(
                [sys.executable, "-m", "reflow", "--format", args.format, "--max-size", str(int(mb * 2) + 10), str(src)],
                str(Path(tmp) / "out"),
            )
            bound = 4 * nbytes / 1e6 + 300
            rows.append((mb, nbytes, wall, peak, cpu))
            print(f"{nbytes / 1e6:8.1f} MB: reflow {wall:8.2f} s ({wall / (nbytes / 1e6):.2f} s/MB; cpu {cpu:.1f} s), peak {peak:7.0f} MB "
                  f"(bound {bound:.0f} MB: {'ok' if peak <= bound else 'OVER'}); cat {cat_wall:.3f} s"
                  f"{windows_used(Path(tmp) / 'out')}", flush=True)
            if args.per_pass:
                tables[mb] = per_pass_table(src)
    if tables:
        print_per_pass(tables)
    if len(rows) >= 2:
        (_, b1, w1, _, c1), (_, b2, w2, _, c2) = rows[0], rows[-1]
        size_ratio, time_ratio = b2 / b1, w2 / w1
        verdict = "linear" if time_ratio <= 1.1 * size_ratio else "SUPERLINEAR"
        print(f"size x{size_ratio:.2f} -> time x{time_ratio:.2f} ({verdict}; limit x{1.1 * size_ratio:.2f}); "
              f"cpu x{c2 / c1:.2f}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end, python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
