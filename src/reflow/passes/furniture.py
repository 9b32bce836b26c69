"""Page furniture: page numbers and running heads, moved out of the body.

First version: a line at the very top or bottom of a page that is only a
page number (arabic or roman, bare or decorated) is furniture; so is a top
line that repeats on several pages. The printed number is kept on the page
as evidence for the reading-order pass.
"""
from __future__ import annotations

from collections import Counter

import regex

from ..document import BODY, FURNITURE, Document, Line
from ..pipeline import Context, register

PAGE_NUMBER_RE = regex.compile(
    r"^(?:[-–—]\s*)?(?:page\s+)?(?P<num>\d{1,4}|[ivxlcdm]{1,7})(?:\s*[-–—])?$", regex.IGNORECASE
)
# A top line must repeat on at least this share of pages to be a running head.
MIN_HEAD_SHARE = 0.3


def page_number(text: str) -> str | None:
    """The printed page number if ``text`` is nothing but one."""
    match = PAGE_NUMBER_RE.match(text.strip())
    return match.group("num") if match else None


def _edge_lines(lines: list[Line]) -> tuple[Line | None, Line | None]:
    content = [ln for ln in lines if ln.role == BODY]
    if not content:
        return None, None
    return content[0], content[-1]


@register("furniture")
def furniture_pass(doc: Document, ctx: Context) -> None:
    tops: Counter[str] = Counter()
    for page in doc.pages:
        top, _ = _edge_lines(page.lines)
        if top is not None:
            tops[regex.sub(r"\d+", "#", top.text)] += 1
    for page in doc.pages:
        top, bottom = _edge_lines(page.lines)
        for line in (top, bottom):
            if line is None or line.role != BODY:
                continue
            number = page_number(line.text)
            if number is not None:
                page.printed_number = number
                doc.set_role(line, FURNITURE, "a page number alone on the first or last line of a page")
        if top is not None and top.role == BODY and len(doc.pages) >= 3:
            shape = regex.sub(r"\d+", "#", top.text)
            if tops[shape] >= max(2, MIN_HEAD_SHARE * len(doc.pages)):
                doc.set_role(top, FURNITURE, f"running head repeated on {tops[shape]} pages")
