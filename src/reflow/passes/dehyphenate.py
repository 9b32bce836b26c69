"""Rejoin words broken across line ends by a hyphen.

First version: join without the hyphen when the joined word is known and
the parts are not both known words on their own; otherwise keep the hyphen
and join (a compound such as ``white-collar``).
"""
from __future__ import annotations

import regex

from ..document import JOIN_NONE, Document, adjacent_pairs
from ..pipeline import Context, register

TRAILING_WORD_RE = regex.compile(r"(\p{L}+)-$")
LEADING_WORD_RE = regex.compile(r"^(\p{L}+)")
# Zipf frequency at which a word counts as known (once per 10^7 words).
KNOWN_ZIPF = 2.0


@register("dehyphenate")
def dehyphenate_pass(doc: Document, ctx: Context) -> None:
    lex = ctx.lexicon
    for flow in doc.flows():
        for left, right, blank_between in adjacent_pairs(flow):
            if blank_between:
                continue
            head = TRAILING_WORD_RE.search(left.text)
            tail = LEADING_WORD_RE.match(right.text)
            if not head or not tail:
                continue
            a, b = head.group(1), tail.group(1)
            joined = a + b
            if lex.known(joined, KNOWN_ZIPF) and not (lex.known(a, KNOWN_ZIPF) and lex.known(b, KNOWN_ZIPF)):
                span = left.replace(len(left.text) - 1, len(left.text), "")
                doc.record("dehyphenate", span, f"{a}-|{b}", joined, "joined word is known, parts are not")
            left.join = JOIN_NONE
