#!/usr/bin/env python3
"""Speed, start-up and memory of the word-repair passes (dehyphenate + segment;
rejoin and rejoin_split, the passes added after issue 3 was written, on rows
of their own).

    python benchmarks/word_repair_perf.py             # 2 MB English input
    python benchmarks/word_repair_perf.py --mb 4 --repeat 9

Targets (issue 3): the passes >= 5 MB/s on one core on a 2 MB English
input; start-up (a fresh process: import reflow and a first clean() of a
short text with a fused token) <= 0.5 s; peak memory <= 250 MB.

The input is the dev corpus's English texts (picked by language detection,
not by name; tests/fixtures when ../shared is absent), pages joined by form
feeds and repeated to the size asked. Throughput is measured in-process on
documents the ``pages`` pass has built, with the word frequencies and bigram
counts already loaded (a long-running process's steady state; start-up is
measured separately); each run uses a fresh document, baselines and passes
take turns in every round, and the best of ``--repeat`` rounds is kept
(other jobs share the machine, whose speed drifts by a third). The
document vocabulary, which the ``order`` pass builds before these passes in
the default pipeline, is timed on its own line. Baselines timed in the same
run on the same text: ``" ".join(text.split())`` and a regex tokenisation.

With ``--instructions`` the passes and the regex baseline are also counted in
instructions under valgrind (child processes that set up the same state and
differ only in the step measured): exact where wall and CPU time drift by a
third, for comparing two versions of the code.

Start-up is timed in fresh child processes against ``python -c pass``, with
the derived lexicon cache present (the usual case) and, once, with an empty
cache directory (a first run ever); when PYTHONDONTWRITEBYTECODE is set (as
in some sandboxes) also with bytecode cached, as an installed package has it. Peak memory is the child's maximum
resident set while running pages, dehyphenate, segment and paragraphs on the
whole input.
"""
from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex
from machine import machine  # noqa: E402  (benchmarks/machine.py, beside this script)

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"
STARTUP_SNIPPET = "import reflow; reflow.clean('The workers ofthe city were strik-\\ning for bread.')"


def english_input(megabytes: float) -> str:
    """English texts, page chunks joined by form feeds, repeated to ``megabytes``."""
    from reflow.lexicon import detect_language

    sources = sorted(DEV.glob("*.txt")) if DEV.is_dir() else sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    texts = [t for t in texts if detect_language(t) == "en"]
    target = int(megabytes * 1e6)
    parts: list[str] = []
    size = 0
    while size < target:
        for text in texts:
            parts.append(text.rstrip("\f") + "\f")
            size += len(parts[-1].encode("utf-8"))
            if size >= target:
                break
    return "".join(parts)


def best_of(repeat: int, fn) -> tuple[float, float]:
    """Best wall and best CPU seconds of ``repeat`` calls of ``fn``."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def throughput(text: str, repeat: int) -> list[tuple[str, float, float]]:
    from reflow.document import Document
    from reflow.lexicon import Lexicon, english_bigrams
    from reflow.normalize import normalize_input
    from reflow.pipeline import Context, available_passes

    passes = available_passes()
    source, _ = normalize_input(text)
    lexicon = Lexicon("en")
    len(lexicon.frequencies)  # unpack every shard: the steady state of a long-running process
    for table in english_bigrams() or ():
        len(table)

    def fresh() -> tuple[Document, Context]:
        # The last round's document is garbage with cycles (pages and lines):
        # collected here, untimed, so that no round pays for another's
        # (a single run never has it). The collector stays on while timing.
        gc.collect()
        doc = Document(source=source, lang="en", pages=[])
        ctx = Context(lang="en", lexicon=lexicon)
        passes["pages"](doc, ctx)
        return doc, ctx

    token_re = regex.compile(r"\w+|[^\w\s]+")
    timings: dict[str, list[tuple[float, float]]] = {
        "split": [], "regex": [], "vocabulary": [], "dehyphenate": [], "rejoin": [], "segment": [], "rejoin_split": [],
    }
    # Baselines and passes take turns in every round, so a machine that
    # slows down or speeds up during the run weighs on both alike.
    for _ in range(repeat):
        for name, step in (
            ("split", lambda: " ".join(text.split())),
            ("regex", lambda: token_re.findall(text)),
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            step()
            timings[name].append((time.perf_counter() - wall, time.process_time() - cpu))
        doc, ctx = fresh()
        for name, step in (
            ("vocabulary", lambda: ctx.vocabulary(doc)),
            ("dehyphenate", lambda: passes["dehyphenate"](doc, ctx)),
            ("rejoin", lambda: passes["rejoin"](doc, ctx)),
            ("segment", lambda: passes["segment"](doc, ctx)),
            ("rejoin_split", lambda: passes["rejoin_split"](doc, ctx)),
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            step()
            timings[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    best = {name: (min(w for w, _ in runs), min(c for _, c in runs)) for name, runs in timings.items()}
    rows = [("baseline: ' '.join(text.split())",) + best["split"], ("baseline: regex tokenisation",) + best["regex"]]
    passes_timed = ("vocabulary", "dehyphenate", "segment")
    for name in ("vocabulary", "dehyphenate", "rejoin", "segment", "rejoin_split"):
        rows.append((f"pass: {name}",) + best[name])
    rows.append(("dehyphenate + segment",) + tuple(best["dehyphenate"][i] + best["segment"][i] for i in (0, 1)))
    rows.append(("vocabulary + dehyphenate + segment",) + tuple(sum(best[n][i] for n in passes_timed) for i in (0, 1)))
    rows.append(("all four (+ rejoin, rejoin_split)",) + tuple(
        sum(best[n][i] for n in ("dehyphenate", "rejoin", "segment", "rejoin_split")) for i in (0, 1)))
    return rows


def child_seconds(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - start


def startup(repeat: int) -> list[tuple[str, float]]:
    env = dict(os.environ)
    child_seconds(STARTUP_SNIPPET, env)  # make sure the derived cache exists
    rows = [
        ("python -c pass (baseline)", min(child_seconds("pass", env) for _ in range(repeat))),
        ("import reflow", min(child_seconds("import reflow", env) for _ in range(repeat))),
        ("import reflow + first clean()", min(child_seconds(STARTUP_SNIPPET, env) for _ in range(repeat))),
    ]
    with tempfile.TemporaryDirectory() as empty:
        rows.append(("  same, empty cache dir (first run ever)",
                     child_seconds(STARTUP_SNIPPET, {**env, "XDG_CACHE_HOME": empty})))
    if env.get("PYTHONDONTWRITEBYTECODE"):
        # This environment compiles every module at every start (about 0.15 s);
        # an installed package has its bytecode cached: measure that too.
        with tempfile.TemporaryDirectory() as pycache:
            cached = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
            cached["PYTHONPYCACHEPREFIX"] = pycache
            child_seconds(STARTUP_SNIPPET, cached)
            rows.append(("  same, bytecode cached (PYTHONDONTWRITEBYTECODE unset)",
                         min(child_seconds(STARTUP_SNIPPET, cached) for _ in range(repeat))))
    return rows


def peak_memory(text: str) -> float:
    """Peak resident MB of a child running the word-repair pipeline on ``text``."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as fh:
        fh.write(text)
        path = fh.name
    code = (
        "import sys, reflow; text = open(sys.argv[1], encoding='utf-8').read(); "
        "reflow.clean(text, lang='en', passes=['pages', 'dehyphenate', 'segment', 'paragraphs'])"
    )
    try:
        proc = subprocess.Popen([sys.executable, "-c", code, path])
        _, _, usage = os.wait4(proc.pid, 0)
    finally:
        os.unlink(path)
    return usage.ru_maxrss / 1024


def instruction_child(step: str, megabytes: float) -> None:
    """What one valgrind child runs: the set-up of :func:`throughput` (input,
    pages, vocabulary, the passes once to fill every cache), then ``step``
    on a fresh document: nothing ("setup"), dehyphenate + segment
    ("passes") or the regex tokenisation ("regex")."""
    from reflow.document import Document
    from reflow.lexicon import Lexicon, english_bigrams
    from reflow.normalize import normalize_input
    from reflow.pipeline import Context, available_passes

    text = english_input(megabytes)
    passes = available_passes()
    source, _ = normalize_input(text)
    lexicon = Lexicon("en")
    len(lexicon.frequencies)
    for table in english_bigrams() or ():
        len(table)

    def fresh() -> tuple[Document, Context]:
        doc = Document(source=source, lang="en", pages=[])
        ctx = Context(lang="en", lexicon=lexicon)
        passes["pages"](doc, ctx)
        ctx.vocabulary(doc)
        return doc, ctx

    doc, ctx = fresh()
    passes["dehyphenate"](doc, ctx)
    passes["segment"](doc, ctx)
    doc, ctx = fresh()
    if step == "passes":
        passes["dehyphenate"](doc, ctx)
        passes["segment"](doc, ctx)
    elif step == "regex":
        regex.compile(r"\w+|[^\w\s]+").findall(text)


def instructions(megabytes: float) -> tuple[int, int] | None:
    """Instructions (millions) of dehyphenate + segment and of the regex
    tokenisation on the input, counted by valgrind: the same on a busy machine
    as on an idle one, so two versions of the code compare exactly. None
    without valgrind."""
    import shutil

    if shutil.which("valgrind") is None:
        return None
    counts = {}
    for step in ("setup", "passes", "regex"):
        proc = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
             os.path.realpath(sys.executable), __file__, "--child", step, "--mb", str(megabytes)],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, check=True,
        )
        found = regex.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
        if found is None:
            return None
        counts[step] = int(found.group(1).replace(",", ""))
    return (counts["passes"] - counts["setup"]) // 10**6, (counts["regex"] - counts["setup"]) // 10**6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=2.0, help="input size in MB (default 2)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement; the best is kept")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions under valgrind (a few minutes; exact on a noisy machine)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        instruction_child(args.child, args.mb)
        return

    text = english_input(args.mb)
    size = len(text.encode("utf-8")) / 1e6
    print(f"machine: {machine()}")
    print(f"input: {size:.2f} MB of English dev text, best of {args.repeat} runs\n")
    rows = throughput(text, args.repeat)
    baseline_cpu = rows[1][2]
    print(f"{'throughput':38} {'wall s':>7} {'cpu s':>7} {'MB/s (cpu)':>11} {'x regex':>8}")
    for name, wall, cpu in rows:
        print(f"{name:38} {wall:7.3f} {cpu:7.3f} {size / cpu:11.2f} {cpu / baseline_cpu:8.2f}")
    repair_cpu = next(cpu for name, _, cpu in rows if name == "dehyphenate + segment")
    print(f"-> dehyphenate + segment: {size / repair_cpu:.2f} MB/s (target >= 5)\n")

    print(f"{'start-up (fresh process)':56} {'wall s':>7}")
    starts = startup(args.repeat)
    for name, seconds in starts:
        print(f"{name:56} {seconds:7.3f}")
    print(f"-> start-up: {starts[2][1]:.3f} s (target <= 0.5)\n")

    peak = peak_memory(text)
    print(f"peak memory, pages+dehyphenate+segment+paragraphs on {size:.2f} MB: {peak:.0f} MB (target <= 250)")

    if args.instructions:
        counted = instructions(args.mb)
        if counted is None:
            print("\ninstructions: valgrind is not installed")
        else:
            passes, baseline = counted
            print(f"\ninstructions (valgrind), {size:.2f} MB: dehyphenate + segment {passes} M, "
                  f"regex tokenisation {baseline} M, x regex {passes / baseline:.2f}")


if __name__ == "__main__":
    main()
