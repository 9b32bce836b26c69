"""Page furniture: running heads and page numbers, moved out of the body.

A running head is a line at the top (or, when the extractor put it there,
the bottom) of a page whose text, page number aside, repeats on several
pages; odd and even pages may carry different heads, and the same head may
come out with small extraction differences. A page number is a number at a
page edge, bare or decorated (``12``, ``- 12 -``, ``Page 12``, ``12 of 80``, ``xiv``) or
inside a head (``12 CHAPTER IV``, ``CHAPTER II    45``). One line never
makes furniture on its own evidence: a number style must recur across the
pages with distinct values, and a head's text must recur (on a share of the
pages, or beside distinct page numbers over running text: a chapter's own
head), so a heading that appears once or a body line "1917 was..." stays in
the body.

The printed numbers are stored on ``Page.printed_number`` as a plain
arabic integer string (roman numerals converted), evidence for the order
pass.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import regex

from ..document import BODY, FURNITURE, Document, Line, Page
from ..pipeline import Context, register

# How many content lines at each page edge may be furniture (a head and a
# page number on separate lines is the most seen: dev05, dev08).
EDGE_LINES = 2
# A head text must recur on at least this share of pages (alternating
# odd/even heads each cover about half the pages; chapter openings and
# extraction misses lower that further).
MIN_HEAD_SHARE = 0.2
# The commonest spelling of a head is on at least this share of pages (a
# quarter of MIN_HEAD_SHARE: extraction differences are occasional, so most
# of a head's pages carry one spelling). Below 20 pages every text qualifies.
MIN_EXACT_HEAD_SHARE = 0.05
# ...and a head text on fewer pages than this share must stand beside page
# numbers to count (dev07's chapter titles recur on 3 of 14 pages, unnumbered).
HEAD_ALONE_SHARE = 0.4
# A text opening pages on one line with a page number, a different number on
# each of at least this many pages, is a running head however few pages it
# heads (a book's recto heads name the chapter, and a chapter of ten pages in
# a book of a hundred is below MIN_HEAD_SHARE) if on one of them a sentence
# runs on under it: a chapter heading ("Chapter 12", "Chapter 14") is
# followed by a paragraph's start, and repeated note text ("5 Voyez la note
# 17 à la fin du volume") does not open pages above running text.
MIN_FOLIO_HEAD_PAGES = 2
# A page-number style must recur on at least this share of pages.
MIN_NUMBER_SHARE = 0.25
# Two head texts are the same head when this similar (fused words, a lost
# letter in extraction).
HEAD_SIMILARITY = 0.88
# A head needs this many letters: "I" or "III" alone is a section number.
MIN_HEAD_LETTERS = 3
# No furniture line is longer than this (pdftotext's default mode may glue a
# page number to a whole first line of text, about 170 characters in dev02);
# longer lines are not examined, which keeps huge one-line inputs fast.
MAX_FURNITURE_LINE = 400
# Printed numbers of one style must fit in this many times the page count,
# plus a slack for excerpts that skip pages.
NUMBER_SPREAD_FACTOR = 3
NUMBER_SPREAD_SLACK = 20

_ROMAN = r"(?=[ivxlcdm]+\b)m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_NUM = rf"(?P<num>\d{{1,4}}|{_ROMAN})"
# Decorations: "Page 12", "Seite 12", "Pág. 12", "blz. 12", "- 12 -", and a
# page count after the number ("12 of 80", "12 / 80", "12 de 80", "12 von 80").
_DECOR_L = r"(?P<left>(?:page|p\.|s\.|seite|pág\.|pag\.|página|pagina|blz\.)\s*|[-–—]\s*)?"
_DECOR_R = r"(?P<right>\s*[-–—]|\s+(?:of|de|von|sur|di|van)\s+\d{1,4}|\s*/\s*\d{1,4})?"
PAGE_NUMBER_RE = regex.compile(rf"^{_DECOR_L}{_NUM}{_DECOR_R}$", regex.IGNORECASE)
# A number before or after other text on one line: "60 ON LIBERTY",
# "LIBERTY OF THOUGHT AND DISCUSSION 37", "- 61 CHAPTER IV".
LEADING_NUMBER_RE = regex.compile(rf"^{_DECOR_L}{_NUM}{_DECOR_R}\s+(?P<rest>\S.*)$", regex.IGNORECASE)
TRAILING_NUMBER_RE = regex.compile(rf"^(?P<rest>.*\S)\s+{_DECOR_L}{_NUM}{_DECOR_R}$", regex.IGNORECASE)


_NOT_LETTERS_RE = regex.compile(r"\P{L}+")
_ROMAN_LETTERS = "ivxlcdm"


def may_end_in_number(text: str) -> bool:
    """False when ``text`` surely does not end in a page number.

    A cheap test before TRAILING_NUMBER_RE, which backtracks over the whole
    line: most lines end in punctuation or a letter no numeral has.
    """
    last = text[-1:]
    if not last or last in ".,;:!?'\")]»”’":
        return False
    return not (last.isascii() and last.isalpha() and last.lower() not in _ROMAN_LETTERS)


def roman_value(text: str) -> int | None:
    """Value of a roman numeral, or None when ``text`` is not one."""
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    text = text.lower()
    if not text or any(ch not in values for ch in text):
        return None
    total = 0
    for ch, nxt in zip(text, text[1:] + " "):
        v = values[ch]
        total += -v if nxt in values and values[nxt] > v else v
    return total


def number_value(num: str) -> int | None:
    return int(num) if num.isdigit() else roman_value(num)


def page_number(text: str) -> str | None:
    """The printed page number if ``text`` is nothing but one."""
    match = PAGE_NUMBER_RE.match(text.strip())
    return match.group("num") if match else None


@dataclass
class EdgeNumber:
    """A page-number reading of an edge line: where, how decorated, what else."""

    line: Line
    value: int
    style: str  # position + decoration, e.g. "top:-#" or "bottom:#|head"
    rest: str  # the other text on the line ("" for a bare number)
    rest_first: bool  # the number follows the rest ("CHAPTER II 45")
    cut: int  # characters of line.text taken by the number and its decoration


def read_edge_number(line: Line, position: str) -> EdgeNumber | None:
    """Read ``line`` as a page number, alone or beside other text."""
    text = line.text
    for pattern, rest_first in ((PAGE_NUMBER_RE, False), (LEADING_NUMBER_RE, False), (TRAILING_NUMBER_RE, True)):
        if rest_first and not may_end_in_number(text):
            continue
        match = pattern.match(text)
        if not match:
            continue
        value = number_value(match.group("num"))
        if value is None:
            continue
        rest = match.groupdict().get("rest") or ""
        if rest and not match.group("num").isdigit():
            continue  # "CHAPTER II" is a head's own numeral, not a page number
        decor = f"{(match.group('left') or '').strip().lower()}#{(match.group('right') or '').strip()}"
        kind = "head-after" if rest and rest_first else "head-before" if rest else "alone"
        cut = match.start("rest") if rest and not rest_first else len(text)
        return EdgeNumber(line, value, f"{position}:{decor}:{kind}", rest, rest_first, cut)
    return None


def head_key(text: str) -> str:
    """A head's text with its page number and non-letters removed.

    Case is kept: a chapter's own heading ("ZWANZIGSTES KAPITEL.") under its
    running head ("Zwanzigstes Kapitel 233") is body text.
    """
    for pattern in (LEADING_NUMBER_RE, TRAILING_NUMBER_RE):
        if pattern is TRAILING_NUMBER_RE and not may_end_in_number(text):
            continue
        match = pattern.match(text)
        if match and match.group("num").isdigit():
            text = match.group("rest")
            break
    return _NOT_LETTERS_RE.sub("", text)


@lru_cache(maxsize=1 << 16)
def _similar(a: str, b: str) -> bool:
    """Head texts equal but for small extraction differences.

    The cheap upper bounds (length, then letter counts) rule out almost every
    pair of ordinary lines before the quadratic ``ratio`` runs.
    """
    if a == b:
        return True
    if 2 * min(len(a), len(b)) < HEAD_SIMILARITY * (len(a) + len(b)):
        return False  # difflib's real_quick_ratio, without building a matcher
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= HEAD_SIMILARITY and matcher.ratio() >= HEAD_SIMILARITY


# Lengths of two similar texts differ at most by this factor: the ratio
# 2*matches/(len(a)+len(b)) cannot reach HEAD_SIMILARITY otherwise.
_LENGTH_FACTOR = HEAD_SIMILARITY / (2 - HEAD_SIMILARITY)


def running_heads(pages: list[Page]) -> dict[str, set[int]]:
    """Head keys that recur at page edges often enough, with the pages they are on.

    A head is sought around each text that recurs exactly on enough pages
    (MIN_EXACT_HEAD_SHARE): extraction differences are occasional, so the
    commonest spelling of a running head is itself on many pages. Comparing
    only those texts with the others, and only with texts of a possible
    length, keeps the work near linear in the number of edge lines instead of
    growing with the square of the pages. A text that opens pages beside
    distinct page numbers over running text is a head on however few pages
    (MIN_FOLIO_HEAD_PAGES).
    """
    pages_with: dict[str, set[int]] = {}
    folios: dict[str, dict[int, int]] = {}  # key -> page -> the number printed beside it there
    runs_on: set[str] = set()  # keys over a sentence continued from the page before
    for i, page in enumerate(pages):
        top, bottom = edge_lines(page)
        for key in {head_key(ln.text) for ln in top + bottom}:
            if len(key) >= MIN_HEAD_LETTERS:
                pages_with.setdefault(key, set()).add(i)
        # The page's first line: a head with its number, or a head over (or
        # under) a line that is only the number.
        for head, beside in ((top[:1], top[:1]), (top[:1], top[1:2]), (top[1:2], top[:1])):
            if not (head and beside):
                continue
            key = head_key(head[0].text)
            reading = read_edge_number(beside[0], "top")
            if len(key) < MIN_HEAD_LETTERS or reading is None or bool(reading.rest) != (head == beside):
                continue
            folios.setdefault(key, {})[i] = reading.value
            if _continued_below(page, top[1] if head != beside else head[0]):
                runs_on.add(key)
            break  # one reading of a page's first lines
    by_length = sorted(pages_with, key=lambda k: (len(k), k))
    lengths = [len(k) for k in by_length]
    needed = max(2, MIN_HEAD_SHARE * len(pages))
    least_exact = max(1, MIN_EXACT_HEAD_SHARE * len(pages))
    heads: dict[str, set[int]] = {}
    for seed in by_length:
        if seed in runs_on and len(set(folios[seed].values())) >= MIN_FOLIO_HEAD_PAGES:
            # Printed beside distinct page numbers: a chapter's own running
            # head, on the few pages of its chapter.
            heads[seed] = set(pages_with[seed])
            continue
        if len(pages_with[seed]) < least_exact:
            continue
        lo = bisect_left(lengths, len(seed) * _LENGTH_FACTOR)
        hi = bisect_right(lengths, len(seed) / _LENGTH_FACTOR)
        on = set().union(*(pages_with[k] for k in by_length[lo:hi] if _similar(seed, k)))
        if len(on) >= needed:
            heads[seed] = on
    return heads


def _continued_below(page: Page, line: Line) -> bool:
    """The page's next line of text after ``line`` goes on with a sentence:
    it opens with a small letter."""
    content = [ln for ln in page.lines if ln.role == BODY and ln.text.strip()]
    for above, below in zip(content, content[1:]):
        if above is line:
            first = below.text.lstrip()[:1]
            return first.isalpha() and first.islower()
    return False


def confirmed_heads(heads: dict[str, set[int]], numbered: set[int], n_pages: int) -> set[str]:
    """Keep recurring head texts that are either on most pages or beside page numbers.

    A chapter title at the top of three pages out of fourteen ("Chapter 12",
    "Chapter 14") recurs too, but a running head comes with folios: on the
    pages it heads, the printed page number was found.
    """
    kept = set()
    for key, on in heads.items():
        if len(on) >= HEAD_ALONE_SHARE * n_pages or len(on & numbered) * 2 >= len(on):
            kept.add(key)
    return kept


def is_head(text: str, heads: set[str]) -> bool:
    key = head_key(text)
    return len(key) >= MIN_HEAD_LETTERS and any(_similar(key, h) for h in heads)


def edge_lines(page: Page) -> tuple[list[Line], list[Line]]:
    """The first and last few body lines of a page."""
    content = [ln for ln in page.lines if ln.role == BODY]
    top = content[:EDGE_LINES]
    bottom = content[-EDGE_LINES:] if len(content) > EDGE_LINES else []
    return [ln for ln in top if len(ln.text) <= MAX_FURNITURE_LINE], [
        ln for ln in bottom if len(ln.text) <= MAX_FURNITURE_LINE
    ]


def number_styles(pages: list[Page], heads: set[str]) -> dict[str, set[int]]:
    """Page-number styles that recur with distinct, plausible values."""
    by_style: dict[str, list[int]] = {}
    seen_pages: dict[str, set[int]] = {}
    for page in pages:
        for reading in _page_readings(page, heads):
            if page.index in seen_pages.setdefault(reading.style, set()):
                continue
            seen_pages[reading.style].add(page.index)
            by_style.setdefault(reading.style, []).append(reading.value)
    accepted: dict[str, set[int]] = {}
    for style, values in by_style.items():
        counts = Counter(values)
        if len(values) < max(2, MIN_NUMBER_SHARE * len(pages)):
            continue
        if max(counts.values()) > 1 + len(values) // 4:
            continue  # the same number over and over is a label, not a folio
        if max(values) - min(values) > NUMBER_SPREAD_FACTOR * len(pages) + NUMBER_SPREAD_SLACK:
            continue
        accepted[style] = set(values)
    return accepted


def _cited(number: str, page: Page) -> bool:
    """Whether ``number`` is glued to a word on the page, as a note reference is."""
    pattern = regex.compile(rf"(?<=[\p{{L}}\p{{Po}}\p{{Pe}}\p{{Pf}}]){regex.escape(number)}(?!\d)")
    return any(pattern.search(ln.text) for ln in page.lines if ln.role == BODY)


def _page_readings(page: Page, heads: set[str]) -> list[EdgeNumber]:
    top, bottom = edge_lines(page)
    readings = []
    for lines, position in ((top, "top"), (bottom, "bottom")):
        for line in lines:
            reading = read_edge_number(line, position)
            if reading is None:
                continue
            if reading.rest and not is_head(reading.rest, heads) and position == "bottom":
                continue  # text beside a bottom number must be a head ("UTILITARIANISM 9")
            if reading.rest and not is_head(reading.rest, heads) and reading.style.split(":")[1] == "#":
                continue  # an undecorated number before body text: "1917 was ..."
            if position == "bottom" and not reading.rest and _cited(line.text.strip(), page):
                continue  # a footnote label alone on its line at the foot: the body cites it
            readings.append(reading)
    return readings


# Heads and number styles are found by comparing page edges with each other,
# which grows with the square of the page count. A book's heads recur within
# any few hundred of its pages, so a longer input (many books in one file) is
# read in windows of this many pages and the time stays linear.
PAGE_WINDOW = 400


@register("furniture")
def furniture_pass(doc: Document, ctx: Context) -> None:
    for first in range(0, len(doc.pages), PAGE_WINDOW):
        window = doc.pages[first : first + PAGE_WINDOW]
        if len(doc.pages) - first - PAGE_WINDOW < PAGE_WINDOW // 2:
            window = doc.pages[first:]  # no short last window: too few pages to see heads recur
        mark_furniture(doc, window)
        if len(window) > PAGE_WINDOW:
            break


def mark_furniture(doc: Document, pages: list[Page]) -> None:
    """Find the running heads and page numbers of ``pages`` and move them out of the body."""
    candidates = running_heads(pages)
    styles = number_styles(pages, set(candidates))
    style_rank = {s: len(v) for s, v in styles.items()}
    best: dict[int, EdgeNumber] = {}
    for page in pages:
        readings = [r for r in _page_readings(page, set(candidates)) if r.style in styles]
        if readings:
            best[page.index] = max(readings, key=lambda r: style_rank[r.style])
    heads = confirmed_heads(candidates, set(best), len(pages))
    for page in pages:
        reading = best.get(page.index)
        if reading is not None and (not reading.rest or not reading.rest_first or is_head(reading.rest, heads)):
            page.printed_number = str(reading.value)
            _take_number(doc, reading, heads)
        top, bottom = edge_lines(page)
        for lines in (top, bottom[::-1]):
            for line in lines:
                if line.role == FURNITURE:
                    continue
                if is_head(line.text, heads):
                    doc.set_role(line, FURNITURE, "running head: its text recurs at the edge of other pages")
                break  # one head per page edge
        if page.printed_number is None and len(doc.pages) > 1:
            # With one page there is no page before for a sentence to run on from.
            _take_lone_number_over_running_text(doc, page, top)


# A head line beside a lone page number has at most this many words.
HEAD_MAX_WORDS = 6


def _head_shaped(text: str) -> bool:
    """Short, capitalised, no sentence punctuation at the end: "Historia"."""
    words = text.split()
    letters = sum(ch.isalpha() for ch in text)
    return (
        0 < len(words) <= HEAD_MAX_WORDS
        and letters >= MIN_HEAD_LETTERS
        and words[0][:1].isupper()
        and text.rstrip()[-1:] not in ".,;:!?"
    )


def _take_lone_number_over_running_text(doc: Document, page: Page, top: list[Line]) -> None:
    """A page number alone on a page's first line (or second, under a short
    head line), over a sentence that runs on from the page before, is
    furniture on this page's evidence alone.

    A short document has too few pages for its furniture to recur (groff
    heads every page but the first: a two-page text has one head). No page's
    text opens with a number alone on its line, and a heading or a
    paragraph's last line is followed by a capital, so the sentence running
    on under it rules out all but furniture. ``top``: the page's edge_lines top.
    """
    top = [ln for ln in top if ln.role == BODY]  # the page's first lines (edge_lines) not yet furniture
    numbers = [page_number(ln.text) for ln in top]
    # A one-letter numeral may be a drop capital over the rest of its word ("I" | "t was").
    at = next((k for k, num in enumerate(numbers) if num and (num.isdigit() or len(num) > 1)), None)
    if at is None:
        return
    taken = top[: at + 1]
    if len(top) > at + 1 and _head_shaped(top[at + 1].text) and _continued_below(page, top[at + 1]):
        taken = top[: at + 2]  # "2" over "Historia"
    if any(not _head_shaped(ln.text) for ln in taken[:at]) or not _continued_below(page, taken[-1]):
        return
    value = number_value(numbers[at] or "")
    if value is not None:
        page.printed_number = str(value)
    for line in taken:
        why = "page number" if line is top[at] else "running head beside the page number"
        doc.set_role(line, FURNITURE, f"{why}: alone at the page's top, over a sentence running on from the page before")


def _take_number(doc: Document, reading: EdgeNumber, heads: set[str]) -> None:
    line = reading.line
    if not reading.rest or is_head(reading.rest, heads):
        why = "running head with the page number" if reading.rest else "page number"
        doc.set_role(line, FURNITURE, f"{why} ({reading.style}, a style recurring across pages)")
        return
    # A decorated number glued to the page's first line of text: split it off.
    number_line = doc.split_line(line, reading.cut)
    doc.set_role(number_line, FURNITURE, f"page number glued to the first line ({reading.style})")
