"""Split the input into pages and pages into lines, keeping input offsets.

Extractors mark pages with form feeds; some (as in booklet scans run
through pdftotext -raw) instead start each page's first line with a single
space, and no other line starts with one. ``auto`` uses form feeds when
there are any, else the leading-space convention when it looks deliberate,
else the whole text is one page.
"""
from __future__ import annotations

import re

from ..document import BLANK, BODY, Document, Line, Page
from ..pipeline import Context, register

# The leading-space convention is believed only when at least this many
# lines start with exactly one space: one indented line is just indentation.
MIN_LEADING_SPACE_PAGES = 2
# ...and when such lines are a small share of all lines (real pages have
# dozens of lines; an indented poem or code block is not a page per line).
MAX_LEADING_SPACE_SHARE = 0.2


# Lines up to this long read their text from the input when asked, instead
# of keeping a copy (a huge input has millions of them); a longer line keeps
# its copy, as a pass may read a line's text once per match on it and
# slicing a megabyte-long line each time would make it quadratic.
MAX_VIEW_LINE = 1000
# Lines that start with a space, found by a scan (a huge input is never
# copied into a list of its lines) ...
LINE_SPACE_RE = re.compile(r"^ ", re.MULTILINE)
# ... and those that start with exactly one space and have text after it:
# the page starts of the leading-space convention.
PAGE_START_RE = re.compile(r"^ (?! )[^\S\n]*\S", re.MULTILINE)


def detect_page_marker(text: str) -> str:
    """Which convention marks pages in ``text``: formfeed, leading-space or none."""
    if "\f" in text:
        return "formfeed"
    starts = sum(1 for _ in PAGE_START_RE.finditer(text))
    if starts >= MIN_LEADING_SPACE_PAGES and starts <= MAX_LEADING_SPACE_SHARE * (text.count("\n") + 1):
        return "leading-space"
    return "none"


def split_chunks(text: str, marker: str) -> list[tuple[int, int]]:
    """(start, end) spans of page chunks; a trailing whitespace-only chunk is dropped."""
    spans: list[tuple[int, int]] = []
    if marker == "formfeed":
        start = 0
        pos = text.find("\f")
        while pos >= 0:
            spans.append((start, pos))
            start = pos + 1
            pos = text.find("\f", start)
        spans.append((start, len(text)))
    elif marker == "leading-space":
        start = 0
        for match in LINE_SPACE_RE.finditer(text):
            if match.start() > start:
                spans.append((start, match.start() - 1))  # the newline before belongs to no page
                start = match.start()
        spans.append((start, len(text)))
    else:
        spans.append((0, len(text)))
    while len(spans) > 1 and not text[spans[-1][0] : spans[-1][1]].strip():
        spans.pop()
    return spans


def split_pages(text: str, marker: str = "auto") -> tuple[str, list[Page]]:
    """Pages of ``text`` with their lines; returns the marker used too."""
    if marker == "auto":
        marker = detect_page_marker(text)
    pages: list[Page] = []
    counted_to, newlines = 0, 0  # newlines before ``counted_to``, counted once
    for index, (start, end) in enumerate(split_chunks(text, marker)):
        newlines += text.count("\n", counted_to, start)
        counted_to = start
        number = newlines + 1
        lines: list[Line] = []
        pos = start
        for raw in text[start:end].split("\n"):
            # The page marker itself (one leading space) and line-end blanks
            # are layout, not text: the line starts after them. Blanks are
            # whitespace as str.split() has it (a no-break space indenting a
            # note's label too), as every pass reads a line's words.
            lead = len(raw) - len(raw.lstrip())
            length = len(raw.rstrip()) - lead if lead < len(raw) else 0
            role = BODY if length else BLANK
            if length <= MAX_VIEW_LINE:
                lines.append(Line.of_input(text, pos + lead, length, index, number, role))
            else:
                lines.append(Line(text[pos + lead : pos + lead + length], pos + lead, index, number, role))
            pos += len(raw) + 1
            number += 1
        pages.append(Page(index=index, start=start, end=end, lines=lines))
    return marker, pages


@register("pages")
def pages_pass(doc: Document, ctx: Context) -> None:
    if doc.pages:
        return  # already split (a custom pipeline may run this twice)
    doc.page_marker, doc.pages = split_pages(doc.source, ctx.options.get("page_marker", "auto"))
    doc.page_order = list(range(len(doc.pages)))
