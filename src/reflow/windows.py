"""Huge inputs in windows: bounded memory, output written as it is made.

Cleaning a document whole holds at once the input (a ``str`` of 2 bytes a
character once the text has a curly quote), one Line object per input line
(about 190 bytes each), every edit and the output: 100 MB of input peaked at
1.75 GB. Above :data:`WINDOW_BYTES` the input is instead read incrementally
and cut at page boundaries into windows of about that size; each window is
cleaned by the normal :class:`~reflow.pipeline.Pipeline` as a document of its
own and its output written before the next window is read.

What needs two windows at once is given up: page order is decided within a
window only (the output says so in a warning); a word broken across a
window's last page boundary is not rejoined, and a footnote continued on the
next window's first page stays a note of its own. Everything else keeps the
meaning of whole-document output: offsets, line numbers and page indices refer
to the whole normalised input, a footnote label that recurs in a later window
is numbered on (``1``, ``1-2``) as ``render`` does within one document, and the
JSON has the same fields in the same layout.

>>> import io, reflow
>>> out = io.StringIO()
>>> summary = reflow.clean_stream(open("book.txt"), out.write, format="json")  # doctest: +SKIP
"""
from __future__ import annotations

import codecs
import copy
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from itertools import chain
from typing import IO, Any, BinaryIO, Callable, Iterable, Iterator

from . import __version__
from .explain import format_edit
from .inputs import InputError, bom_codec, decode_bytes, sniff_binary
from .normalize import normalize_input
from .passes.pages import detect_page_marker
from .pdf import PDF_MAGIC
from .pipeline import Pipeline
from .render import JSON_SCHEMA, REFERENCE_RE, LabelUses, body_text, footnote_entries, inline_notes, note_paragraph
from .result import Result

# Inputs up to this size are cleaned whole (every decision sees the whole
# text); larger ones in windows of about this many characters (bytes, for
# Latin text). Whole-document cleaning peaks at about 26 MB of memory per MB
# of input (10 MB: 264 MB, 100 MB: 1,752 MB, benchmarks/scale.py), so up to
# this size it stays below 4 x input + 300 MB, and above it a window's peak is
# what any larger input costs. A window this large still holds thousands of
# pages: enough for every per-document statistic (running heads, vocabulary,
# footnote labels), and more than the order pass reorders anyway.
WINDOW_BYTES = 8_000_000
# Bytes read and decoded at a time.
READ_BLOCK = 1 << 20
# A window that has no page boundary is cut at the last line end, else the
# last space, in its last this share: a smaller window would only be slower.
FALLBACK_SHARE = 0.5
# The seam between two windows keeps the input order, undecided; it is scored
# as a kept order is (the order pass gives 1.0 to every boundary of order=keep).
SEAM_CONFIDENCE = 1.0

# Where a window may end, for each page marker: (pattern, whether the match
# itself belongs to no page). A form feed, and the line end before a page's
# leading space, part pages and belong to neither; after a blank line is the
# best cut in text with no page marks.
_PAGE_CUTS = {
    "formfeed": (re.compile(r"\f"), True),
    "leading-space": (re.compile(r"\r?\n(?= )"), True),
    "none": (re.compile(r"\n[^\S\n]*\n"), False),
}
_SPACE = re.compile(r"[ \t]")


@dataclass
class Window:
    """One window's Result and where its text sits in the whole input."""

    index: int
    result: Result
    start: int  # offset of its first character in the normalised input
    lines: int  # input lines before it
    pages: int  # pages before it
    cut_at_page: bool  # it ends at a page boundary (or the input's end)
    whole: bool  # the input fitted in this one window


@dataclass
class WindowSummary:
    """What a windowed run did: for the warning, the CLI and the caller."""

    windows: int = 0
    pages: int = 0
    warnings: list[str] = field(default_factory=list)


def decoded_chunks(head: bytes, rest: BinaryIO | None, encoding: str | None = None) -> Iterator[str]:
    """Decode ``head`` then the rest of the stream block by block, as ``decode_bytes`` would the whole.

    A byte-order mark wins, then ``encoding``, then strict UTF-8; binary input
    is refused from its first block. Raises InputError with the byte offset
    of the first invalid byte.
    """
    codec = bom_codec(head)
    if codec is None:
        if encoding is None:
            why = sniff_binary(head)
            if why:
                raise InputError(f"is {why}")
        codec = encoding or "utf-8"
    try:
        decoder = codecs.getincrementaldecoder(codec)("strict")
    except LookupError:
        raise InputError(f"unknown encoding {codec!r}") from None
    offset = 0

    def decode(block: bytes, final: bool = False) -> str:
        pending = len(decoder.getstate()[0])  # bytes of a character the last block cut
        try:
            return decoder.decode(block, final)
        except UnicodeDecodeError as exc:
            hint = " (try --encoding latin-1 or --encoding cp1252)" if encoding is None else ""
            raise InputError(f"is not valid {codec} at byte {offset - pending + exc.start}{hint}") from None

    for block in chain([head], iter(lambda: rest.read(READ_BLOCK), b"") if rest is not None else ()):
        text = decode(block)
        offset += len(block)
        if text:
            yield text
    text = decode(b"", final=True)
    if text:
        yield text


def read_large_file(path: str, encoding: str | None, max_bytes: int, window_bytes: int = WINDOW_BYTES) -> Iterator[str] | None:
    """A file over ``window_bytes``, decoded block by block; None for any other (read it whole).

    None too for a PDF, a file over ``max_bytes`` or one that cannot be
    opened: ``read_input`` reads those or says why not. The file is decoded
    once before its blocks are given, so an invalid byte is reported before
    any output is written, as for a small file.
    """
    try:
        if os.path.isdir(path) or not window_bytes < os.path.getsize(path) <= max_bytes:
            return None
        with open(path, "rb") as fh:
            if fh.read(len(PDF_MAGIC)) == PDF_MAGIC:
                return None
    except OSError:
        return None

    def blocks() -> Iterator[str]:
        with open(path, "rb") as fh:
            yield from decoded_chunks(fh.read(READ_BLOCK), fh, encoding)

    for _ in blocks():
        pass
    return blocks()


def read_stream(stream: BinaryIO, encoding: str | None, window_bytes: int = WINDOW_BYTES) -> str | Iterator[str]:
    """Standard input: its text if at most ``window_bytes``, else its decoded blocks as they arrive.

    A pipe cannot be read twice, so an invalid byte past the first window is
    reported (InputError) when it is reached, after the output before it.
    """
    head = stream.read(window_bytes + 1)
    if len(head) <= window_bytes:
        return decode_bytes(head, encoding)
    return decoded_chunks(head, stream, encoding)


def text_chunks(source: str | IO[str] | Iterable[str]) -> Iterator[str]:
    """The text of ``source`` in pieces: a str, a text file (read in blocks) or an iterable of str."""
    if isinstance(source, str):
        yield source
    elif hasattr(source, "read"):
        yield from iter(lambda: source.read(READ_BLOCK), "")
    else:
        yield from source


def find_cut(buffer: str, limit: int, marker: str) -> tuple[int, int, bool]:
    """Where to end a window of at most about ``limit`` characters of ``buffer``.

    Returns (end, resume, at_page): the window is ``buffer[:end]``, the next
    starts at ``buffer[resume:]`` (between them a page separator that belongs
    to no page), and whether the cut is a page boundary.
    """
    pattern, separator = _PAGE_CUTS[marker]
    endpos = min(len(buffer), limit + 1)
    last = None
    for last in pattern.finditer(buffer, 1, endpos):
        pass
    if last is not None:
        return (last.start(), last.end(), True) if separator else (last.end(), last.end(), True)
    floor = int(limit * FALLBACK_SHARE)
    line_end = buffer.rfind("\n", floor, endpos)
    if line_end >= 0:
        return line_end + 1, line_end + 1, False
    for last in _SPACE.finditer(buffer, floor, endpos):
        pass
    if last is not None:
        return last.end(), last.end(), False
    return max(1, limit), max(1, limit), False


def _fill(buffer: str, chunks: Iterator[str], limit: int) -> tuple[str, bool]:
    """``buffer`` grown past ``limit`` characters from ``chunks``; and whether they ran out."""
    parts, size = [buffer], len(buffer)
    while size <= limit:
        chunk = next(chunks, None)
        if chunk is None:
            return "".join(parts), True
        parts.append(chunk)
        size += len(chunk)
    return "".join(parts), False


def run_windows(pipeline: Pipeline, source: str | IO[str] | Iterable[str], window_chars: int = WINDOW_BYTES) -> Iterator[Window]:
    """Clean ``source`` window by window with ``pipeline``; yield each window's result as it is made.

    An input of at most ``window_chars`` characters is one window, cleaned
    exactly as ``pipeline.run`` would. Otherwise the page marker and the
    language are decided on the first window and kept for all the others,
    so every window reads its pages alike. Hold a window only until the next
    is asked for: the point is that one window at a time is in memory.
    """
    chunks = text_chunks(source)
    buffer, done = _fill("", chunks, window_chars)
    if done and len(buffer) <= window_chars:
        yield Window(0, pipeline.run(buffer), 0, 0, 0, True, True)
        return
    marker = pipeline.options["page_marker"]
    if marker == "auto":
        marker = detect_page_marker(buffer[: window_chars + 1])
    fixed = copy.copy(pipeline)
    fixed.options = {**pipeline.options, "page_marker": marker}
    start = lines = pages = index = 0
    while buffer:
        if done and len(buffer) <= window_chars:
            end, resume, at_page = len(buffer), len(buffer), True
        else:
            end, resume, at_page = find_cut(buffer, window_chars, marker)
        result = fixed.run(buffer[:end])
        fixed.lang = result.document.lang  # the first window's language holds for all
        separator = normalize_input(buffer[end:resume])[0]
        buffer = buffer[resume:]
        yield Window(index, result, start, lines, pages, at_page, False)
        source = result.document.source
        start += len(source) + len(separator)
        lines += source.count("\n") + separator.count("\n")
        pages += len(result.document.pages)
        index += 1
        del result, source
        if not done:
            buffer, done = _fill(buffer, chunks, window_chars)


class _Spool:
    """The items of one output list, formatted as they come, kept in a temporary file until their turn."""

    def __init__(self, separator: str) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.separator = separator
        self.count = 0

    def add(self, text: str) -> None:
        if self.count:
            self.file.write(self.separator)
        self.file.write(text)
        self.count += 1

    def copy_to(self, write: Callable[[str], Any]) -> None:
        self.file.seek(0)
        for block in iter(lambda: self.file.read(READ_BLOCK), ""):
            write(block)
        self.file.close()


def _shifted_edits(window: Window) -> Iterator[dict]:
    """The window's edits as JSON items, one at a time (a window has hundreds of thousands)."""
    for edit in window.result.document.edits:
        item = edit.to_dict()
        item["start"] += window.start
        item["end"] += window.start
        item["line"] += window.lines
        yield item


def _shifted(window: Window) -> dict[str, Iterable]:
    """The window's JSON lists with offsets, line numbers and page indices of the whole input."""
    doc = window.result.document
    s, ln, pg = window.start, window.lines, window.pages
    return {
        "page_order": [i + pg for i in window.result.page_order],
        "page_boundary_confidence": ([SEAM_CONFIDENCE] if window.index and pg and doc.pages else []) + list(doc.boundary_scores),
        "furniture": ({"page": x.page + pg, "line": x.number + ln, "text": x.text.strip()} for x in doc.furniture_lines()),
        "pages": (
            {"index": p.index + pg, "start": p.start + s, "end": p.end + s, "lines": len(p.lines), "printed_number": p.printed_number}
            for p in doc.pages
        ),
        "edits": _shifted_edits(window),
    }


_SPOOLED = ("footnotes", "page_order", "page_boundary_confidence", "furniture", "pages", "edits", "warnings")


def _window_warnings(window: Window) -> list[str]:
    """The window's own warnings, saying which window and pages they are about when there are several."""
    doc = window.result.document
    if window.whole:
        return list(doc.warnings)
    where = f"window {window.index + 1} (pages {window.pages}-{window.pages + len(doc.pages) - 1}, page numbers in it local)"
    found = [f"{where}: {w}" for w in doc.warnings]
    if not window.cut_at_page:
        found.append(f"{where}: no page boundary near its end; cut at a line end or space, which parts a paragraph")
    return found


def windows_warning(summary: WindowSummary, window_chars: int) -> str:
    """The warning a windowed output carries: the order was decided within windows only."""
    per_window = round(summary.pages / summary.windows) if summary.windows else 0
    return (f"input over {window_chars / 1e6:g} MB processed in {summary.windows} windows of about {per_window} pages; "
            "pages reordered within a window only")


def write_windows(
    windows: Iterable[Window],
    write: Callable[[str], Any],
    fmt: str = "json",
    *,
    explain: bool = False,
    indent: int | None = 1,
    extra: dict[str, Any] | None = None,
    window_chars: int = WINDOW_BYTES,
) -> WindowSummary:
    """Write the rendering of ``windows`` through ``write`` as each window is made.

    ``fmt`` is text, markdown or json (``indent`` as ``json.dumps``; ``extra``
    fields are added after the others, as the CLI's ``file`` in JSON Lines);
    ``explain`` writes the edit list instead. Body paragraphs go out as each
    window finishes; what comes after the body (notes, the JSON's lists, the
    edit list's header) waits in temporary files. One window gives exactly
    what the Result's own rendering gives.
    """
    if explain:
        return _write_explain(windows, write, window_chars)
    if fmt == "json":
        return _write_json(windows, write, indent, extra or {}, window_chars)
    return _write_text(windows, write, fmt, window_chars)


def _write_text(windows: Iterable[Window], write: Callable[[str], Any], fmt: str, window_chars: int) -> WindowSummary:
    summary = WindowSummary()
    uses = LabelUses()
    notes = _Spool("\n\n")
    wrote_body = False
    mode = "end"
    for window in windows:
        mode = window.result.notes
        body = body_text(window.result.document, uses)
        entries = footnote_entries(window.result.document, body, uses)
        if mode == "inline":
            piece = inline_notes(body, entries, fmt)
        else:
            piece = body if fmt == "markdown" else REFERENCE_RE.sub(r"[\1]", body)
            if mode != "omit":
                for note in entries:
                    notes.add(note_paragraph(note, fmt))
        if piece:
            write("\n\n" + piece if wrote_body else piece)
            wrote_body = True
        _count(summary, window)
        del window, body, entries, piece  # one window in memory at a time
    if notes.count:
        if wrote_body:
            write("\n\n---\n\n" if fmt == "text" else "\n\n")
        notes.copy_to(write)
    if wrote_body or notes.count:
        write("\n")
    _finish_summary(summary, window_chars)
    return summary


def _count(summary: WindowSummary, window: Window) -> None:
    doc = window.result.document
    summary.windows += 1
    summary.pages += len(doc.pages)
    summary.warnings.extend(_window_warnings(window))


def _finish_summary(summary: WindowSummary, window_chars: int) -> None:
    if summary.windows > 1:
        summary.warnings.append(windows_warning(summary, window_chars))


def _format(value: Any, indent: int | None, depth: int) -> str:
    """``value`` as ``json.dumps(whole, indent=indent)`` lays it out at nesting ``depth``."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text.replace("\n", "\n" + " " * (indent * depth)) if indent else text


def _write_json(windows: Iterable[Window], write: Callable[[str], Any], indent: int | None,
                extra: dict[str, Any], window_chars: int) -> WindowSummary:
    summary = WindowSummary()
    uses = LabelUses()
    item_separator = ",\n" + " " * (2 * indent) if indent else ", "
    spools = {key: _Spool(item_separator) for key in _SPOOLED}
    field_start = ",\n" + " " * indent if indent else ", "
    first_field = "\n" + " " * indent if indent else ""
    wrote_body = False
    for window in windows:
        doc = window.result.document
        if window.index == 0:
            head = {"schema": JSON_SCHEMA, "reflow_version": __version__, "lang": doc.lang, "page_marker": doc.page_marker}
            write("{" + first_field + field_start.join(f"{json.dumps(k)}: {_format(v, indent, 1)}" for k, v in head.items()))
            write(field_start + '"body": "')
        body = body_text(doc, uses)
        if body:
            write(("\\n\\n" if wrote_body else "") + json.dumps(body, ensure_ascii=False)[1:-1])
            wrote_body = True
        lists = _shifted(window)
        lists["footnotes"] = footnote_entries(doc, body, uses)
        _count(summary, window)
        for key, items in lists.items():
            for item in items:
                spools[key].add(_format(item, indent, 2))
        del window, doc, lists, body  # one window in memory at a time
    if not summary.windows:  # run_windows yields at least one, even for empty input
        raise ValueError("no windows to write")
    _finish_summary(summary, window_chars)
    for warning in summary.warnings:
        spools["warnings"].add(_format(warning, indent, 2))
    write('"')
    for key in _SPOOLED:
        write(f"{field_start}{json.dumps(key)}: ")
        spool = spools[key]
        if not spool.count:
            write("[]")
            continue
        write("[" + ("\n" + " " * (2 * indent) if indent else ""))
        spool.copy_to(write)
        write(("\n" + " " * indent if indent else "") + "]")
    for key, value in extra.items():
        write(f"{field_start}{json.dumps(key)}: {_format(value, indent, 1)}")
    write(("\n" if indent else "") + "}\n")
    return summary


def _write_explain(windows: Iterable[Window], write: Callable[[str], Any], window_chars: int) -> WindowSummary:
    """``--explain`` over windows: the header (counts, page order) needs them all, so the lines wait."""
    summary = WindowSummary()
    lines = _Spool("\n")
    counts: dict[str, int] = {}
    order: list[int] = []
    for window in windows:
        doc = window.result.document
        for edit in sorted(doc.edits, key=lambda e: (e.start, e.end)):
            lines.add(format_edit(edit._replace(line=edit.line + window.lines)))
            counts[edit.kind] = counts.get(edit.kind, 0) + 1
        order.extend(i + window.pages for i in window.result.page_order)
        _count(summary, window)
        del window, doc  # one window in memory at a time
    _finish_summary(summary, window_chars)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no edits"
    write(f"# {lines.count} edits ({kinds}); pages in reading order: {order}")
    if lines.count:
        write("\n")
        lines.copy_to(write)
    write("".join(f"\n# warning: {w}" for w in summary.warnings) + "\n")
    return summary
