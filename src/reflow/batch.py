"""``reflow batch``: clean many files into a directory with worker processes.

One task per file runs in a pool of worker processes. Each worker builds its
Pipeline once (the lexicons load on first use and stay cached in that
process), reads its file, cleans it and writes the output itself, so only
small reports travel back. A file that cannot be read, cleaned or written is
reported and counted; the run goes on. A worker process that dies (out of
memory, a crash in a C extension) fails only the files it had in hand, and a
fresh pool takes over the rest.

Outputs never land outside OUTDIR: each output's name is built from path
components the run itself chose (never ``..`` or an absolute path) and its
directory is resolved through symbolic links and checked to lie inside OUTDIR
before anything is written. Outputs are written to a temporary file and
renamed into place, so an interrupted run leaves whole files or none.
"""
from __future__ import annotations

import argparse
import fnmatch
import glob
import json
import os
import resource
import sys
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath
from typing import Any, Hashable, Iterable, Iterator, Mapping, Sequence, TextIO

from .cli import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    _render,
    _write_output,
    add_cleaning_options,
    make_pipeline,
    pipeline_options,
)
from .inputs import InputError
from .pdf import keep_page_order, read_input
from .pipeline import Pipeline

EXIT_INTERRUPTED = 130  # stopped by Ctrl-C (128 + SIGINT), as shells report it

OUTPUT_SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json"}
# Tasks in flight per worker: enough that a worker never waits for the next
# file, few enough that a huge file list is not all pickled up front.
TASKS_PER_WORKER = 4
# Seconds between redraws of the progress line: smooth to the eye, and
# negligible work next to cleaning.
PROGRESS_INTERVAL = 0.1
# Failures listed again in the summary; the rest were printed as they happened.
SUMMARY_FAILURES = 20

EPILOG = """\
examples:
  reflow batch scans/ -o clean/                 every *.txt under scans/, recursively
  reflow batch 'books/**/*.txt' -o clean/ -j 4  a glob (quoted: reflow expands it), 4 workers
  reflow batch pdfs/ --pattern '*.pdf' -o clean/ --format json
  reflow batch scans/ -o clean/ --resume        after an interruption: skip finished outputs

outputs: OUTDIR/<path relative to the directory or glob base>, suffix .txt, .md or .json
by --format; a plain file argument lands as OUTDIR/<its name>. Files given twice are
cleaned once; two inputs that would write the same output are a failure of the second.

exit status:
  0 every file cleaned (or skipped by --resume); 2 usage error or no input found;
  otherwise the gravest failure among the files: 1 internal error (a bug: please report it),
  4 an output could not be written, 3 an input could not be read;
  130 interrupted (finished outputs are whole; rerun with --resume)
"""


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs besides the file: picklable and hashable."""

    pipeline: tuple[tuple[str, Hashable], ...]  # Pipeline keyword arguments, frozen
    fmt: str = "text"
    encoding: str | None = None
    max_bytes: int = 1 << 30


@dataclass(frozen=True)
class Job:
    """One input file and the output name (relative to OUTDIR) it will have."""

    source: str
    relative: str
    size: int = 0


@dataclass
class FileReport:
    """What became of one file. ``status``: ok, skipped, input, output or internal."""

    source: str
    status: str
    size: int = 0
    edits: dict[str, int] = field(default_factory=dict)
    message: str = ""


def freeze_options(options: Mapping[str, Any]) -> tuple[tuple[str, Hashable], ...]:
    """Pipeline keyword arguments as a hashable key: lists become tuples, a
    ``{word: zipf}`` dictionary its sorted items (Pipeline takes either)."""

    def freeze(value: Any) -> Hashable:
        if isinstance(value, Mapping):
            return tuple(sorted(value.items()))
        return tuple(value) if isinstance(value, list) else value

    return tuple(sorted((key, freeze(value)) for key, value in options.items()))


@lru_cache(maxsize=8)
def cached_pipeline(frozen: tuple[tuple[str, Hashable], ...]) -> Pipeline:
    """One Pipeline per set of options and process: a user dictionary is read once
    per worker, and the lexicons it loads stay cached for every later file."""
    return Pipeline(**dict(frozen))


def output_name(relative: str, fmt: str) -> str:
    """The output's path relative to OUTDIR: the input's, with the format's suffix."""
    return PurePath(relative).with_suffix(OUTPUT_SUFFIX[fmt]).as_posix()


def safe_target(outdir: str, relative: str) -> str:
    """The absolute output path, its directory created, proven to lie inside ``outdir``.

    ``outdir`` must be a resolved path (``os.path.realpath``). Raises OSError.
    """
    parts = relative.split("/")
    if PurePath(relative).is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise OSError(f"refusing output name {relative!r}")
    target = os.path.join(outdir, *parts)
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    real_parent = os.path.realpath(parent)
    if not _inside(real_parent, outdir):
        raise OSError(f"{os.path.dirname(relative)} leads outside the output directory (symbolic link)")
    return os.path.join(real_parent, parts[-1])


def clean_file(job: Job, outdir: str, settings: Settings) -> FileReport:
    """Read, clean and write one file; every failure becomes a report, not an exception."""
    pipeline = cached_pipeline(settings.pipeline)
    try:
        text, from_pdf = read_input(job.source, settings.encoding, settings.max_bytes)
    except InputError as exc:
        return FileReport(job.source, "input", job.size, message=str(exc))
    try:
        result = (keep_page_order(pipeline) if from_pdf else pipeline).run(text)
        rendered = _render(result, settings.fmt, explain=False)
    except Exception as exc:  # a bug in reflow: report it and go on with the next file
        if os.environ.get("REFLOW_DEBUG"):
            raise
        return FileReport(job.source, "internal", job.size, message=f"internal error ({type(exc).__name__}: {exc})")
    try:
        _write_output(safe_target(outdir, job.relative), rendered)
    except OSError as exc:
        return FileReport(job.source, "output", job.size, message=f"cannot write {job.relative} ({exc.strerror or exc})")
    edits = Counter(edit.kind for edit in result.document.edits)
    return FileReport(job.source, "ok", job.size, edits=dict(edits))


def _warm_worker(settings: Settings) -> None:
    """Build the worker's pipeline before the first file arrives."""
    cached_pipeline(settings.pipeline)


def _inside(path: str, directory: str) -> bool:
    """Whether resolved ``path`` is ``directory`` or lies under it."""
    return os.path.commonpath([path, directory]) == directory


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(directory: str, pattern: str, skip_real: str) -> Iterator[str]:
    """Files under ``directory`` matching ``pattern``, sorted, hidden names and ``skip_real`` left out."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d) and os.path.realpath(os.path.join(root, d)) != skip_real)
        for name in sorted(files):
            if not _is_hidden(name) and fnmatch.fnmatch(name, pattern):
                yield os.path.join(root, name)


def _glob_base(pattern: str) -> str:
    """The leading directories of a glob pattern that hold no wildcard."""
    base: list[str] = []
    for part in PurePath(pattern).parts[:-1]:
        if glob.has_magic(part):
            break
        base.append(part)
    return os.path.join(*base) if base else "."


def collect_inputs(arguments: Sequence[str], pattern: str, outdir_real: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(source, relative input name) pairs for the arguments, and the arguments that matched nothing.

    A directory contributes its matching files recursively, named relative to
    it; a glob its matches, named relative to the glob's fixed leading
    directories; any other argument is a file named by its base name (a
    missing one fails when read, with the usual message).
    """
    found: list[tuple[str, str]] = []
    unmatched: list[str] = []

    def add_tree(directory: str, base: str) -> None:
        for path in _walk(directory, pattern, outdir_real):
            found.append((path, os.path.relpath(path, base)))

    for argument in arguments:
        if os.path.isdir(argument):
            before = len(found)
            add_tree(argument, argument)
            if len(found) == before:
                unmatched.append(argument)
        elif os.path.lexists(argument) or not glob.has_magic(argument):
            found.append((argument, os.path.basename(argument) or argument))
        else:
            base = _glob_base(argument)
            # Earlier outputs are not inputs, unless the glob asks for OUTDIR's contents.
            skip_outdir = not _inside(os.path.realpath(base), outdir_real)
            matches = sorted(glob.glob(argument, recursive=True))
            for match in matches:
                if skip_outdir and _inside(os.path.realpath(match), outdir_real):
                    continue
                if os.path.isdir(match):
                    add_tree(match, base)
                else:
                    found.append((match, os.path.relpath(match, base)))
            if not matches:
                unmatched.append(argument)
    return found, unmatched


def plan_jobs(
    found: Iterable[tuple[str, str]], outdir_real: str, fmt: str, resume: bool
) -> tuple[list[Job], list[FileReport]]:
    """Jobs to run (largest first, so no worker is left with a big file at the
    end) and reports for files settled without running: duplicates dropped,
    name clashes and would-be overwrites of an input failed, finished outputs
    skipped under ``resume``."""
    jobs: list[Job] = []
    settled: list[FileReport] = []
    seen_sources: set[str] = set()
    taken: dict[str, str] = {}
    for source, relative in found:
        real = os.path.realpath(source)
        if real in seen_sources:
            continue
        seen_sources.add(real)
        name = output_name(relative.replace(os.sep, "/"), fmt)
        try:
            stat = os.stat(source)
            size = stat.st_size
        except OSError:
            stat, size = None, 0
        if name in taken:
            settled.append(FileReport(source, "output", size, message=f"output {name} is already the output of {taken[name]}"))
            continue
        taken[name] = source
        target = os.path.join(outdir_real, *name.split("/"))
        if os.path.realpath(target) == real:
            settled.append(FileReport(source, "output", size, message=f"output {name} would overwrite its input"))
            continue
        if resume and stat is not None and _finished(target, stat.st_mtime):
            settled.append(FileReport(source, "skipped", size))
            continue
        jobs.append(Job(source, name, size))
    jobs.sort(key=lambda job: -job.size)
    return jobs, settled


def _finished(target: str, source_mtime: float) -> bool:
    """An output counts as finished when it is a regular file no older than its input
    (outputs are renamed into place whole, so one that exists is complete)."""
    try:
        stat = os.lstat(target)
    except OSError:
        return False
    return os.path.isfile(target) and not os.path.islink(target) and stat.st_mtime >= source_mtime


class Progress:
    """A one-line progress display on a terminal; silent when disabled."""

    def __init__(self, stream: TextIO, total: int, total_bytes: int, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.total_bytes = total_bytes
        self.enabled = enabled
        self.done = 0
        self.done_bytes = 0
        self.failed = 0
        self.start = time.monotonic()
        self.last_draw = 0.0

    def update(self, report: FileReport) -> None:
        self.done += 1
        self.done_bytes += report.size
        self.failed += report.status not in ("ok", "skipped")
        now = time.monotonic()
        if self.enabled and (now - self.last_draw >= PROGRESS_INTERVAL or self.done == self.total):
            self.last_draw = now
            self.draw(now)

    def draw(self, now: float) -> None:
        elapsed = max(now - self.start, 1e-9)
        rate = self.done_bytes / elapsed
        left = max(self.total_bytes - self.done_bytes, 0)
        eta = f"{int(left / rate) // 60}:{int(left / rate) % 60:02d}" if rate > 0 else "?"
        share = 100 * self.done // max(self.total, 1)
        failed = f", {self.failed} failed" if self.failed else ""
        self.stream.write(
            f"\r\x1b[Kreflow batch: {self.done}/{self.total} files ({share}%), "
            f"{self.done_bytes / 1e6:.1f} MB, {rate / 1e6:.2f} MB/s{failed}, ETA {eta}"
        )
        self.stream.flush()

    def message(self, text: str) -> None:
        """Print a line above the progress line."""
        if self.enabled:
            self.stream.write("\r\x1b[K")
        print(text, file=self.stream, flush=True)
        if self.enabled:
            self.draw(time.monotonic())

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


WORKER_DIED = "a worker process died while cleaning this file (rerun with --resume to retry)"


def run_jobs(jobs: list[Job], outdir_real: str, settings: Settings, workers: int) -> Iterator[FileReport]:
    """Run ``jobs`` in ``workers`` processes, yielding a report per file as it finishes.

    When a worker dies, every file in flight is suspect; a fresh pool runs the
    suspects one at a time, so only a file that kills its worker again fails,
    then goes on with the rest.
    """
    pending = list(reversed(jobs))  # pop() from the end: largest first
    suspects: list[Job] = []
    while pending or suspects:
        with ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker, initargs=(settings,)) as pool:
            try:
                if suspects:
                    yield from _run_suspects(pool, suspects, outdir_real, settings)
                else:
                    yield from _run_pending(pool, pending, suspects, outdir_real, settings, workers)
            except KeyboardInterrupt:
                pool.shutdown(wait=False, cancel_futures=True)
                raise


def _run_suspects(pool: ProcessPoolExecutor, suspects: list[Job], outdir_real: str, settings: Settings) -> Iterator[FileReport]:
    """Run suspects one at a time until one kills its worker (it fails) or none is left."""
    while suspects:
        job = suspects.pop()
        try:
            yield pool.submit(clean_file, job, outdir_real, settings).result()
        except BrokenProcessPool:
            yield FileReport(job.source, "internal", job.size, message=WORKER_DIED)
            return


def _run_pending(
    pool: ProcessPoolExecutor, pending: list[Job], suspects: list[Job], outdir_real: str, settings: Settings, workers: int
) -> Iterator[FileReport]:
    """Keep ``TASKS_PER_WORKER`` tasks per worker in flight; on a breakdown, move those in flight to ``suspects``."""
    in_flight: dict[Future, Job] = {}
    while pending or in_flight:
        while pending and len(in_flight) < workers * TASKS_PER_WORKER:
            job = pending.pop()
            in_flight[pool.submit(clean_file, job, outdir_real, settings)] = job
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            try:
                report = future.result()
            except BrokenProcessPool:
                suspects.extend(in_flight.values())
                return
            del in_flight[future]
            yield report


def exit_status(reports: Iterable[FileReport]) -> int:
    """0 if nothing failed, else the code of the gravest failure (internal > output > input)."""
    statuses = {r.status for r in reports}
    for status, code in (("internal", EXIT_INTERNAL), ("output", EXIT_OUTPUT), ("input", EXIT_INPUT)):
        if status in statuses:
            return code
    return EXIT_OK


def summarize(reports: list[FileReport], seconds: float, workers: int, peak_kb: int) -> dict[str, Any]:
    """The run in numbers, as printed at the end and written by --report."""
    by_status = Counter(r.status for r in reports)
    cleaned_bytes = sum(r.size for r in reports if r.status == "ok")
    edits: Counter[str] = Counter()
    for report in reports:
        edits.update(report.edits)
    return {
        "files": len(reports),
        "cleaned": by_status["ok"],
        "skipped": by_status["skipped"],
        "failed": len(reports) - by_status["ok"] - by_status["skipped"],
        "failures_by_kind": {k: by_status[k] for k in ("input", "output", "internal") if by_status[k]},
        "megabytes": round(cleaned_bytes / 1e6, 3),
        "seconds": round(seconds, 3),
        "megabytes_per_second": round(cleaned_bytes / 1e6 / seconds, 3) if seconds > 0 else None,
        "workers": workers,
        "peak_worker_memory_mb": round(peak_kb / 1024, 1),
        "edits": dict(edits.most_common()),
        "failures": [{"file": r.source, "kind": r.status, "message": r.message}
                     for r in reports if r.status not in ("ok", "skipped")],
    }


def print_summary(summary: dict[str, Any], err: TextIO) -> None:
    failed = summary["failed"]
    kinds = ", ".join(f"{n} {k}" for k, n in summary["failures_by_kind"].items())
    rate = summary["megabytes_per_second"]
    print(
        f"reflow batch: {summary['cleaned']} cleaned, {summary['skipped']} skipped, {failed} failed"
        f"{f' ({kinds})' if kinds else ''} of {summary['files']} files; {summary['megabytes']:.2f} MB in "
        f"{summary['seconds']:.1f} s ({rate if rate is not None else 0:.2f} MB/s) with {summary['workers']} "
        f"workers, peak worker memory {summary['peak_worker_memory_mb']:.0f} MB",
        file=err,
    )
    if summary["edits"]:
        print("edits: " + ", ".join(f"{kind} {n}" for kind, n in summary["edits"].items()), file=err)
    for failure in summary["failures"][:SUMMARY_FAILURES]:
        print(f"  failed: {failure['file']}: {failure['message']}", file=err)
    if failed > SUMMARY_FAILURES:
        print(f"  ... and {failed - SUMMARY_FAILURES} more (see --report)", file=err)


def default_workers() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reflow batch",
        description="Clean many files at once into OUTDIR, with worker processes, progress and a summary.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories (searched recursively) or quoted globs")
    parser.add_argument("-o", "--output-dir", required=True, metavar="OUTDIR", help="directory for the outputs (created if missing)")
    parser.add_argument("-j", "--jobs", type=int, default=default_workers(), metavar="N",
                        help="worker processes (default: the CPUs available, here %(default)s)")
    parser.add_argument("--pattern", default="*.txt", metavar="GLOB",
                        help="which files to take from directories (default: *.txt; '*.pdf' needs reflow[pdf])")
    parser.add_argument("--resume", action="store_true", help="skip inputs whose output exists and is not older than the input")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress line on standard error (default: when it is a terminal)")
    parser.add_argument("--report", metavar="FILE", help="also write the summary, with every failure, as JSON to FILE")
    add_cleaning_options(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    err = sys.stderr
    if args.jobs < 1:
        print("reflow batch: --jobs must be at least 1", file=err)
        return EXIT_USAGE
    options = pipeline_options(args)
    checked = make_pipeline(options, err)  # bad options fail here, once, not in every worker
    if isinstance(checked, int):
        return checked
    try:
        os.makedirs(args.output_dir, exist_ok=True)
    except OSError as exc:
        print(f"reflow batch: {args.output_dir}: cannot create the output directory ({exc.strerror or exc})", file=err)
        return EXIT_OUTPUT
    outdir_real = os.path.realpath(args.output_dir)

    found, unmatched = collect_inputs(args.inputs, args.pattern, outdir_real)
    jobs, reports = plan_jobs(found, outdir_real, args.format, args.resume)
    for argument in unmatched:
        what = "" if glob.has_magic(argument) else f" {args.pattern}"
        reports.append(FileReport(argument, "input", message=f"no file matches{what}"))
    if not jobs and not reports:
        print("reflow batch: no input files", file=err)
        return EXIT_USAGE

    settings = Settings(freeze_options(options), args.format, args.encoding, max(1, args.max_size) * 1_000_000)
    workers = min(args.jobs, max(len(jobs), 1))
    show = err.isatty() if args.progress is None else args.progress
    progress = Progress(err, len(jobs), sum(j.size for j in jobs), show)
    for report in reports:
        if report.status != "skipped":
            progress.message(f"reflow batch: {report.source}: {report.message}")
    start = time.monotonic()
    interrupted = False
    try:
        for report in run_jobs(jobs, outdir_real, settings, workers):
            reports.append(report)
            if report.status not in ("ok", "skipped"):
                progress.message(f"reflow batch: {report.source}: {report.message}")
            progress.update(report)
    except KeyboardInterrupt:
        interrupted = True
    progress.close()
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = summarize(reports, time.monotonic() - start, workers, peak_kb)
    print_summary(summary, err)
    if args.report:
        try:
            _write_output(args.report, json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
        except OSError as exc:
            print(f"reflow batch: {args.report}: cannot write the report ({exc.strerror or exc})", file=err)
            return EXIT_OUTPUT
    if interrupted:
        print("reflow batch: interrupted; finished outputs are whole, rerun with --resume", file=err)
        return EXIT_INTERRUPTED
    return exit_status(reports)
