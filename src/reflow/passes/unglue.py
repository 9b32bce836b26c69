"""Unglue: split off the block an extractor glued onto a page's last word.

pdftotext's default mode joins a line that ends in a hyphen to the next
line of text it reads and drops the hyphen. At the foot of a page that next
text is not the rest of the word (it starts the next page) but the block set
under the body: the first footnote ("mach10 Jäck, Gesch. der Provinz"), the
page number ("surround193") or a running head set at the foot
("comUTILITARIANISM"). Left so, the note and the furniture stay in the body
and the word is cut in two.

This pass cuts such a line before the glued block and gives the word its
hyphen back, with an edit saying why. The furniture and footnote passes then
find the block on a line of its own, and the dehyphenate pass decides the
break like any other once the pages are in order. Each block is recognised
only by what the rest of the document shows it to be, never by its look
alone:

* a running head: the text after the word is a line that stands alone at
  the edge of other pages (digits aside);
* a page number: the number ends the page's text, the page has no page
  number of its own, and the numbers standing alone at other pages' edges
  include its neighbour;
* a footnote: the label is cited, glued to a word, higher on the same page
  (that is the note's real reference; a reference is rarely cited twice on
  one page) and the note's text starts with a capital.

A glued block always follows a lower-case letter: the hyphen was dropped
between two letters of one word, and its first part is never a whole
sentence.
"""
from __future__ import annotations

import regex

from ..document import BLANK, Document, Line, Page
from ..pipeline import Context, register

# Text lines at each page edge where furniture may stand (a head and a number
# on separate lines, as the furniture pass reads them, plus one for the line
# a block was glued to).
EDGE_TEXT_LINES = 3
# A running head has at least this many letters ("I" alone is a section number).
MIN_HEAD_LETTERS = 3
# A head must stand alone at the edge of this many other pages.
MIN_HEAD_PAGES = 2
# ...and is no longer than this (the furniture pass reads no longer line),
# so a huge one-line page is searched at its end only.
MAX_HEAD_CHARS = 400
# Page numbers standing alone at page edges must be on this many pages for
# a glued number to be read as one of them.
MIN_NUMBERED_PAGES = 2
# No page number has more digits (a year glued to a word is no folio).
MAX_NUMBER_DIGITS = 4
# Note labels: at most this many digits.
MAX_LABEL_DIGITS = 3
MAX_LABEL = 10 ** MAX_LABEL_DIGITS

# A lower-case letter (where the hyphen was dropped) and a glued number at the end.
GLUED_NUMBER_RE = regex.compile(r"(?<=\p{Ll})(\d{1,%d})\s*$" % MAX_NUMBER_DIGITS)
# A lower-case letter, a note label, a space and a capital (the note's text).
GLUED_NOTE_RE = regex.compile(r"(?<=\p{Ll})([1-9]\d{0,%d})\s+(?=\p{Lu})" % (MAX_LABEL_DIGITS - 1))
# A label cited glued to a word or its punctuation ("degradation.1", "Gropp,20").
CITED_RE = regex.compile(r"(?<=[\p{L}\p{Po}\p{Pe}\p{Pf}])([1-9]\d{0,%d})(?!\d)" % (MAX_LABEL_DIGITS - 1))
NOTE_START_RE = regex.compile(r"^\s*(\d{1,%d})\b" % MAX_NUMBER_DIGITS)
DIGITS_RE = regex.compile(r"\d+")
NUMBER_LINE_RE = regex.compile(r"^\s*(\d{1,%d})\s*$" % MAX_NUMBER_DIGITS)
LETTER_RE = regex.compile(r"\p{L}")


def _text_lines(page: Page) -> list[Line]:
    return [ln for ln in page.lines if ln.role != BLANK and ln.text.strip()]


def _edges(lines: list[Line]) -> list[Line]:
    return lines[:EDGE_TEXT_LINES] + lines[max(EDGE_TEXT_LINES, len(lines) - EDGE_TEXT_LINES):]


def _mask(text: str) -> str:
    return DIGITS_RE.sub("#", text.strip())


def edge_texts(pages: list[list[Line]]) -> tuple[dict[str, set[int]], dict[int, int]]:
    """Masked texts of lines at page edges, with the pages they stand on, and
    the numbers standing alone at each page's edge (page -> number)."""
    heads: dict[str, set[int]] = {}
    numbers: dict[int, int] = {}
    for index, lines in enumerate(pages):
        for line in _edges(lines):
            number = NUMBER_LINE_RE.match(line.text)
            if number is not None:
                numbers.setdefault(index, int(number.group(1)))
            elif len(LETTER_RE.findall(line.text)) >= MIN_HEAD_LETTERS:
                heads.setdefault(_mask(line.text), set()).add(index)
    return heads, numbers


def glued_head(line: Line, index: int, heads: dict[str, set[int]]) -> int | None:
    """Where a running head glued to the line's last word starts, if one is."""
    text = line.text.rstrip()
    for start in range(max(1, len(text) - MAX_HEAD_CHARS), len(text)):
        if text[start - 1].islower() and not text[start].islower() and not text[start].isspace():
            pages = heads.get(_mask(text[start:]))
            if pages is not None and len(pages - {index}) >= MIN_HEAD_PAGES:
                return start
    return None


def glued_page_number(line: Line, index: int, numbers: dict[int, int]) -> int | None:
    """Where a page number glued to the page's last word starts, if one is."""
    match = GLUED_NUMBER_RE.search(line.text)
    if match is None or index in numbers or len(numbers) < MIN_NUMBERED_PAGES:
        return None
    value = int(match.group(1))
    others = set(numbers.values())
    if value in others or not ({value - 1, value + 1} & others):
        return None
    return match.start(1)


def glued_note(lines: list[Line]) -> tuple[int, int] | None:
    """The line and position where a note glued to a line's last word starts:
    its label is cited glued to a word higher on the page, and no note under
    it has a label as low (it is the first note of the foot). The lowest such
    line of the page, read in one pass each way."""
    first_cited: dict[str, int] = {}  # label -> first line citing it
    for k, line in enumerate(lines):
        for found in CITED_RE.finditer(line.text):
            first_cited.setdefault(found.group(1), k)
    lowest_below = MAX_LABEL  # the lowest label starting a line under line k
    for k in range(len(lines) - 1, 0, -1):
        text = lines[k].text
        match = None
        for match in GLUED_NOTE_RE.finditer(text):
            pass
        if match is not None and int(match.group(1)) < lowest_below:
            label = match.group(1)
            cited_at = first_cited.get(label, k + 1)
            if cited_at < k or (cited_at == k and any(
                    found.group(1) == label for found in CITED_RE.finditer(text, 0, match.start(1)))):
                return k, match.start(1)
        start = NOTE_START_RE.match(text)
        if start is not None:
            lowest_below = min(lowest_below, int(start.group(1)))
    return None


def unglue(doc: Document, line: Line, at: int, what: str) -> None:
    """Cut ``line`` before ``at`` and give the word before the cut its hyphen back."""
    restore_dropped_hyphen(doc, doc.split_line(line, at), line, what)


def restore_dropped_hyphen(doc: Document, head: Line, block: Line, what: str) -> None:
    """Give ``head``, the part of a line before the ``block`` glued to it,
    back the line-end hyphen the extractor dropped when it glued them."""
    end = len(head.text)
    word = head.text.rsplit(None, 1)[-1]
    head.replace(end, end, "-")
    doc.record(
        "unglue", head.raw_span(end, end + 1), word + block.text.split(None, 1)[0], f"{word}-",
        f"{what} glued to the page's last word, whose line-end hyphen the extractor dropped", None, head.number,
    )


@register("unglue")
def unglue_pass(doc: Document, ctx: Context) -> None:
    pages = [_text_lines(page) for page in doc.pages]
    if len(pages) < 2:
        return  # a glued block is read from what other pages show
    heads, numbers = edge_texts(pages)
    for index, lines in enumerate(pages):
        if not lines:
            continue
        last = lines[-1]
        at = glued_page_number(last, index, numbers)
        if at is not None:
            unglue(doc, last, at, "a page number")
            continue
        for line in lines[-EDGE_TEXT_LINES:]:
            at = glued_head(line, index, heads)
            if at is not None:
                unglue(doc, line, at, "a running head")
                break
        else:
            found = glued_note(lines)
            if found is not None:
                k, at = found
                unglue(doc, lines[k], at, f"footnote {lines[k].text[at:].split(None, 1)[0]}")
