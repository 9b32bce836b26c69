"""Unwrap lines into paragraphs: a blank line ends a paragraph.

Lines of a flow are joined with a space unless an earlier pass chose another
join (a rejoined hyphenation joins with nothing); a blank line between two
lines makes the join a paragraph break.
"""
from __future__ import annotations

from ..document import JOIN_PARAGRAPH, Document, Line, adjacent_pairs
from ..pipeline import Context, register


def mark_paragraphs(flow: list[Line]) -> int:
    """Set a paragraph join where a blank line parts two lines; return how many."""
    count = 0
    for left, _right, blank_between in adjacent_pairs(flow):
        if blank_between and left.join != JOIN_PARAGRAPH:
            left.join = JOIN_PARAGRAPH
            count += 1
    return count


@register("paragraphs")
def paragraphs_pass(doc: Document, ctx: Context) -> None:
    for flow in doc.flows():
        mark_paragraphs(flow)
