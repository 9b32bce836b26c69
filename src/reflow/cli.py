"""The ``reflow`` command: clean extracted text from files or standard input."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from typing import Any, Callable, Iterator, Sequence, TextIO

from . import __version__
from .inputs import DEFAULT_MAX_BYTES, InputError
from .pdf import keep_page_order, read_input
from .pipeline import DEFAULT_PASSES, OPTION_CHOICES, Pipeline
from . import windows  # windows.WINDOW_BYTES is read when used, so it can be lowered (tests do)
from .windows import WINDOW_BYTES, read_large_file, read_stream, run_windows, write_windows

EXIT_OK = 0
EXIT_INTERNAL = 1  # a bug in reflow: please report it
EXIT_USAGE = 2  # wrong arguments
EXIT_INPUT = 3  # an input could not be read (missing, directory, binary, bad encoding, too large)
EXIT_OUTPUT = 4  # the output could not be written

EPILOG = f"""\
examples:
  reflow scan.txt                      clean a file, print text
  reflow --format markdown scan.txt    footnotes as [^1] and [^1]: definitions
  reflow --format json scan.txt -o scan.json
  pdftotext book.pdf - | reflow        read standard input
  reflow --explain scan.txt            list every edit with its input line and reason
  reflow --lang de --dictionary names.txt buch.txt
  reflow --skip segment,order scan.txt leave fused words and page order alone
  reflow book.pdf                      extract a PDF page by page (needs reflow[pdf]) and clean it
  reflow batch corpus/ -o clean/ -j 4  clean many files with 4 workers (see reflow batch --help)

passes (default order): {", ".join(DEFAULT_PASSES)}

huge input: a text over {WINDOW_BYTES // 1_000_000} MB is read and cleaned in windows of about {WINDOW_BYTES // 1_000_000} MB cut at
  page boundaries, with output written as each window finishes: memory stays bounded, but pages are
  reordered within a window only (the warnings of --format json and --explain say so)

exit status:
  0 success; 1 internal error; 2 usage error;
  3 an input could not be read (missing, directory, binary, invalid encoding, too large);
  4 the output could not be written
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reflow",
        description=(
            "Turn text extracted from PDFs or OCR into clean text in reading order: split pages, "
            "drop running heads and page numbers, separate footnotes and link their references, "
            "restore page order, rejoin hyphenated words, split run-together words and unwrap "
            "lines into paragraphs. Every change is recorded (see --explain and --format json)."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input text files; none or '-' reads standard input")
    parser.add_argument("-o", "--output", metavar="PATH", help="write here instead of standard output (never an input file)")
    add_cleaning_options(parser)
    parser.add_argument("--explain", action="store_true", help="print the list of edits (input line, pass, change, reason) instead of the text")
    parser.add_argument("--version", action="version", version=f"reflow {__version__}")
    return parser


def add_cleaning_options(parser: argparse.ArgumentParser) -> None:
    """The options that say how to read, clean and render; shared with ``reflow batch``."""
    parser.add_argument(
        "-f", "--format", choices=("text", "markdown", "json"), default="text",
        help="text: paragraphs then notes; markdown: [^N] footnotes; json: body, footnotes, page_order, "
        "furniture, edits and pages (default: text)",
    )
    parser.add_argument("--lang", default="auto", metavar="CODE",
                        help="language: en, de, fr, es, ... (a region is ignored: en_US is en), "
                             "or auto, picked from the commonest words; a text in no language auto tells "
                             "has no word split or joined by frequency (default: auto)")
    parser.add_argument("--passes", metavar="LIST", help=f"comma-separated passes to run instead of the default ({','.join(DEFAULT_PASSES)})")
    parser.add_argument("--skip", metavar="LIST", default="", help="comma-separated passes to leave out")
    parser.add_argument("--dictionary", metavar="FILE", help="your own words, one per line with an optional frequency")
    parser.add_argument("--page-marker", choices=OPTION_CHOICES["page_marker"], default="auto",
                        help="how pages are marked: form feeds, a leading space on a page's first line, or none (default: auto)")
    parser.add_argument("--order", choices=OPTION_CHOICES["order"], default="auto",
                        help="auto: restore the reading order of shuffled pages; keep: leave pages as given (default: auto)")
    parser.add_argument("--notes", choices=OPTION_CHOICES["notes"], default="end",
                        help="footnotes at the end, omitted, or inline after the paragraph citing them (default: end)")
    parser.add_argument("--encoding", metavar="NAME", help="input encoding when it is not UTF-8 (e.g. latin-1, cp1252)")
    parser.add_argument("--max-size", type=int, default=DEFAULT_MAX_BYTES // 1_000_000, metavar="MB",
                        help=f"refuse inputs larger than this many MB (default: {DEFAULT_MAX_BYTES // 1_000_000})")


def pipeline_options(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments for :class:`Pipeline` from the parsed cleaning options."""
    return {
        "passes": _split_list(args.passes) or None,
        "lang": args.lang,
        "skip": _split_list(args.skip),
        "dictionary": args.dictionary,
        "page_marker": args.page_marker,
        "order": args.order,
        "notes": args.notes,
    }


def make_pipeline(options: dict[str, Any], err) -> Pipeline | int:
    """The Pipeline ``options`` ask for, or the exit status after saying on ``err`` why not."""
    try:
        return Pipeline(**options)
    except (ValueError, TypeError) as exc:
        print(f"reflow: {exc}", file=err)
        return EXIT_USAGE
    except OSError as exc:
        print(f"reflow: {options['dictionary']}: cannot read dictionary ({exc.strerror or exc})", file=err)
        return EXIT_INPUT


def _split_list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _render(result, fmt: str, explain: bool) -> str:
    if explain:
        return result.explain()
    if fmt == "json":
        return result.to_json() + "\n"
    if fmt == "markdown":
        return result.markdown
    return result.text


class OutputAborted(Exception):
    """A huge input failed while its output was being written: the one-line message and exit status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _windowed(pipeline: Pipeline, blocks: Iterator[str], args: argparse.Namespace, label: str,
              many: bool) -> Callable[[TextIO], None]:
    """A huge input's output, cleaned window by window while it is written (see reflow.windows).

    Its warnings (pages ordered within a window only) are in the JSON and
    ``--explain``, like every other warning.
    """
    json_lines = many and args.format == "json" and not args.explain

    def emit(fh: TextIO) -> None:
        try:
            write_windows(
                run_windows(pipeline, blocks, windows.WINDOW_BYTES), fh.write, args.format, explain=args.explain,
                indent=None if json_lines else 1, extra={"file": label} if json_lines else None,
                window_chars=windows.WINDOW_BYTES,
            )
        except InputError as exc:  # standard input turned out invalid past its first window
            raise OutputAborted(f"reflow: {label}: {exc}", EXIT_INPUT) from None
        except OSError:
            raise
        except Exception as exc:
            if os.environ.get("REFLOW_DEBUG"):
                raise
            raise OutputAborted(f"reflow: {label}: internal error ({type(exc).__name__}: {exc}); "
                                "rerun with REFLOW_DEBUG=1 for details", EXIT_INTERNAL) from None

    return emit


def _emit(fh: TextIO, outputs: list[Any], separator: str) -> None:
    """Write each output in turn: a rendered string, a Result whose JSON is streamed,
    or a huge input's writer that cleans it window by window.

    A huge document's JSON is several times its input (every edit is in it);
    built as one string it doubled the peak memory (10 MB input: 507 -> 276 MB).
    """
    for k, output in enumerate(outputs):
        if k:
            fh.write(separator)
        if isinstance(output, str):
            fh.write(output)
        elif callable(output):
            output(fh)
        else:
            json.dump(output.to_dict(), fh, ensure_ascii=False, indent=1)
            fh.write("\n")


def _write_output(path: str, text: str) -> None:
    _write_outputs(path, [text], "")


def _write_outputs(path: str, outputs: list[Any], separator: str) -> None:
    """Write atomically: a crash never leaves a half-written file behind."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".reflow-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            _emit(fh, outputs, separator)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


# Warnings that say a repair was not made and how to have it made: shown on
# stderr with text and Markdown output, which carry no warnings of their own.
ACTIONABLE_WARNINGS = ("language:",)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["batch"]:  # a file named "batch" is ./batch
        from .batch import main as batch_main

        return batch_main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    files = args.files or ["-"]
    err = sys.stderr

    if args.output:
        for name in files:
            if name != "-" and _same_file(name, args.output):
                print(f"reflow: {args.output}: refusing to write over an input file", file=err)
                return EXIT_USAGE
    pipeline = make_pipeline(pipeline_options(args), err)
    if isinstance(pipeline, int):
        return pipeline

    outputs: list[str] = []
    status = EXIT_OK
    max_bytes = max(1, args.max_size) * 1_000_000
    for name in files:
        label = "<stdin>" if name == "-" else name
        from_pdf = False
        try:
            if name == "-":
                text = read_stream(sys.stdin.buffer, args.encoding, windows.WINDOW_BYTES)
            else:
                text = read_large_file(name, args.encoding, max_bytes, windows.WINDOW_BYTES)
                if text is None:
                    text, from_pdf = read_input(name, args.encoding, max_bytes)
        except InputError as exc:
            print(f"reflow: {label}: {exc}", file=err)
            status = EXIT_INPUT
            continue
        if not isinstance(text, str):  # over WINDOW_BYTES: cleaned while written
            outputs.append(_windowed(pipeline, text, args, label, len(files) > 1))
            continue
        try:
            result = (keep_page_order(pipeline) if from_pdf else pipeline).run(text)
        except Exception as exc:  # a bug: one line, and how to see more
            if os.environ.get("REFLOW_DEBUG"):
                raise
            print(f"reflow: {label}: internal error ({type(exc).__name__}: {exc}); rerun with REFLOW_DEBUG=1 for details", file=err)
            status = EXIT_INTERNAL
            continue
        if len(files) == 1 and args.format == "json" and not args.explain:
            outputs.append(result)  # its JSON is streamed to the output, never built as one string
            continue
        if args.format != "json" and not args.explain:
            # Text and Markdown carry no warnings: say on stderr what was not done.
            for warning in result.warnings:
                if warning.startswith(ACTIONABLE_WARNINGS):
                    print(f"reflow: {label}: {warning}", file=err)
        rendered = _render(result, args.format, args.explain)
        if len(files) > 1 and args.format == "json" and not args.explain:
            record = result.to_dict()
            record["file"] = label
            rendered = json.dumps(record, ensure_ascii=False) + "\n"  # JSON Lines
        outputs.append(rendered)

    separator = "\f" if len(files) > 1 and args.format != "json" else ""
    try:
        if args.output:
            _write_outputs(args.output, outputs, separator)
        else:
            _emit(sys.stdout, outputs, separator)
            sys.stdout.flush()
    except BrokenPipeError:
        return status
    except OutputAborted as exc:
        print(exc, file=err)
        return exc.status
    except OSError as exc:
        print(f"reflow: {args.output or '<stdout>'}: cannot write ({exc.strerror or exc})", file=err)
        return EXIT_OUTPUT
    return status


if __name__ == "__main__":
    raise SystemExit(main())
