#!/usr/bin/env python3
"""Benchmark ``reflow batch``: scaling with workers, memory per worker, and a
1,000-file run with corrupt files among them, watched through a terminal.

    python benchmarks/batch_benchmark.py                    # both parts
    python benchmarks/batch_benchmark.py throughput --repeat 20 --jobs 1,2
    python benchmarks/batch_benchmark.py robustness --files 1000 --corrupt 10
    python benchmarks/batch_benchmark.py throughput -- --skip order   # extra reflow options

throughput: the dev corpus copied ``--repeat`` times into a temporary
directory, cleaned by ``reflow batch -j N`` for each N; prints MB/s, the
speed-up over the first N, and the peak memory of a worker (the largest
resident set among the worker processes, from ``--report``).

robustness: ``--files`` small inputs (single pages cut from the dev corpus)
of which ``--corrupt`` are damaged in different ways (binary data, invalid
UTF-8, a broken PDF named .txt, a dangling symbolic link, a file over
--max-size). ``reflow batch`` runs with standard error on a pseudo-terminal,
so the progress line appears by itself, as it would for a user; the
benchmark checks that every good file was cleaned, every corrupt one
reported, and the exit status is 3.

Timings are wall-clock on a possibly busy machine: the load average is
printed beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import pty
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from machine import machine  # noqa: E402  (benchmarks/machine.py, beside this script)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
REFLOW = [sys.executable, "-m", "reflow"]
PROGRESS_RE = re.compile(r"reflow batch: \d+/\d+ files \(\d+%\)[^\r\n]*")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_batch(inputs: list[str], outdir: Path, jobs: int, extra: list[str], stderr=None) -> tuple[int, dict, float, float]:
    """Exit status, --report summary, wall seconds and CPU seconds (reflow and its workers)."""
    report = outdir.parent / f"{outdir.name}.report.json"
    cpu = children_cpu()
    start = time.perf_counter()
    code = subprocess.run(
        [*REFLOW, "batch", *inputs, "-o", str(outdir), "-j", str(jobs), "--report", str(report), *extra],
        stdout=subprocess.DEVNULL, stderr=stderr if stderr is not None else subprocess.DEVNULL,
    ).returncode
    wall = time.perf_counter() - start
    return code, json.loads(report.read_text(encoding="utf-8")), wall, children_cpu() - cpu


def spin(n: int) -> int:
    """Pure-Python busy work for the control measurement."""
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def control_speedup(jobs_list: list[int], tasks: int = 8, size: int = 4_000_000) -> dict[int, float]:
    """How the machine itself scales right now: the same busy work in N processes.

    On a machine shared with other jobs this is far below N; reflow's
    speed-up can only be judged against it."""
    from concurrent.futures import ProcessPoolExecutor

    walls = {}
    for jobs in jobs_list:
        start = time.perf_counter()
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(spin, [size] * tasks))
        walls[jobs] = time.perf_counter() - start
    return {jobs: round(walls[jobs_list[0]] / wall, 2) for jobs, wall in walls.items()}


def throughput(corpus: Path, repeat: int, jobs_list: list[int], extra: list[str]) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="batch-throughput-"))
    try:
        src = tmp / "in"
        sources = sorted(corpus.glob("*.txt"))
        for copy in range(repeat):
            folder = src / f"copy{copy:02d}"
            folder.mkdir(parents=True)
            for path in sources:
                shutil.copyfile(path, folder / path.name)
        rows = []
        for jobs in jobs_list:
            load = os.getloadavg()[0]
            code, report, wall, cpu = run_batch([str(src)], tmp / f"out{jobs}", jobs, extra)
            mb = report["megabytes"]
            rows.append({"jobs": jobs, "exit": code, "files": report["cleaned"], "mb": mb, "wall_s": round(wall, 2),
                         "cpu_s": round(cpu, 2), "cores_used": round(cpu / wall, 2),
                         "mb_per_s": round(mb / wall, 4), "peak_worker_mb": report["peak_worker_memory_mb"],
                         "load_before": round(load, 2)})
        base = rows[0]["mb_per_s"]
        for row in rows:
            row["speedup"] = round(row["mb_per_s"] / base, 2) if base else None
        control = control_speedup(jobs_list)
        print(f"throughput: dev corpus x{repeat} ({len(sources) * repeat} files)")
        print(f"{'jobs':>4} {'files':>6} {'MB':>7} {'wall s':>8} {'CPU s':>8} {'cores':>6} {'MB/s':>7} "
              f"{'speedup':>8} {'worker MB':>10} {'load':>5}")
        for r in rows:
            print(f"{r['jobs']:4d} {r['files']:6d} {r['mb']:7.2f} {r['wall_s']:8.1f} {r['cpu_s']:8.1f} {r['cores_used']:6.2f} "
                  f"{r['mb_per_s']:7.3f} {r['speedup']:8.2f} {r['peak_worker_mb']:10.0f} {r['load_before']:5.2f}")
        print("cores: CPU seconds / wall seconds, the parallelism the run got; 'load' is the load average before it")
        print("control (the same busy loop in N processes, right after): "
              + ", ".join(f"{jobs} workers {speedup:.2f}x" for jobs, speedup in control.items()))
        return {"repeat": repeat, "rows": rows, "control_speedup": control}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def corrupt_inputs(folder: Path, count: int, max_mb: int) -> list[Path]:
    """``count`` damaged .txt files, cycling through the ways inputs go bad."""
    makers = [
        lambda p: p.write_bytes(os.urandom(4096)),  # binary data
        lambda p: p.write_bytes("Caf\u00e9 cr\u00e8me, na\u00efve r\u00e9sum\u00e9.\n".encode("latin-1") * 50),  # not UTF-8
        lambda p: p.write_bytes(b"%PDF-1.4\n" + os.urandom(2048)),  # a broken PDF under a .txt name
        lambda p: p.symlink_to(folder / f"missing-{p.name}"),  # dangling symbolic link
        lambda p: p.write_bytes(b"word " * (max_mb * 1_000_000 // 5 + 1000)),  # over --max-size
    ]
    paths = []
    for i in range(count):
        path = folder / f"corrupt{i:02d}.txt"
        makers[i % len(makers)](path)
        paths.append(path)
    return paths


def robustness(corpus: Path, files: int, corrupt: int, jobs: int, extra: list[str]) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="batch-robustness-"))
    try:
        src = tmp / "in"
        src.mkdir()
        pages = []
        for path in sorted(corpus.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            pages.extend(p for p in (text.split("\f") if "\f" in text else text.split("\n ")) if p.strip())
        rng = random.Random(7)
        for i in range(files - corrupt):
            (src / f"page{i:04d}.txt").write_text(rng.choice(pages), encoding="utf-8")
        max_mb = 1
        bad = corrupt_inputs(src, corrupt, max_mb)
        master, slave = pty.openpty()
        captured = bytearray()

        def drain() -> None:
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                captured.extend(chunk)

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        code, report, wall, _ = run_batch([str(src)], tmp / "out", jobs, ["--max-size", str(max_mb), *extra], stderr=slave)
        os.close(slave)
        reader.join(timeout=5)
        os.close(master)
        text = captured.decode("utf-8", "replace")
        redraws = len(PROGRESS_RE.findall(text))
        reported = sum(1 for p in bad if f"{p}:" in text)
        outputs = len(list((tmp / "out").glob("*.txt")))
        ok = (code == 3 and report["cleaned"] == files - corrupt and report["failed"] == corrupt
              and reported == corrupt and outputs == files - corrupt and redraws > 0)
        print(f"robustness: {files} files, {corrupt} corrupt, {jobs} workers: exit {code}, "
              f"{report['cleaned']} cleaned, {report['failed']} failed ({reported} named on the terminal), "
              f"{outputs} outputs, {redraws} progress redraws, {wall:.1f} s, {report['megabytes_per_second']} MB/s, "
              f"peak worker {report['peak_worker_memory_mb']:.0f} MB: {'PASS' if ok else 'FAIL'}")
        last = PROGRESS_RE.findall(text)[-1] if redraws else ""
        print(f"  last progress line: {last!r}")
        for failure in report["failures"]:
            print(f"  {Path(failure['file']).name}: {failure['message']}")
        return {"files": files, "corrupt": corrupt, "jobs": jobs, "exit": code, "wall_s": round(wall, 2),
                "progress_redraws": redraws, "report": {k: v for k, v in report.items() if k != "failures"},
                "failures": report["failures"], "pass": ok}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1:]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", nargs="?", choices=("throughput", "robustness", "all"), default="all")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=20, help="copies of the corpus for throughput (default 20)")
    parser.add_argument("--jobs", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--corrupt", type=int, default=10)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    jobs_list = [int(j) for j in args.jobs.split(",")]
    print(machine())
    results: dict = {"machine": machine(), "extra_options": extra}
    if args.part in ("throughput", "all"):
        results["throughput"] = throughput(args.corpus, args.repeat, jobs_list, extra)
    if args.part in ("robustness", "all"):
        results["robustness"] = robustness(args.corpus, args.files, args.corrupt, max(jobs_list), extra)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0 if results.get("robustness", {}).get("pass", True) else 1


if __name__ == "__main__":
    raise SystemExit(main())
