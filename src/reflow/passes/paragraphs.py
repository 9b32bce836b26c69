"""Unwrap lines into paragraphs.

Lines of a flow are joined with a space unless an earlier pass chose another
join (a rejoined hyphenation joins with nothing). A paragraph break is where
the extractor left a blank line between two lines of a page, when the
document marks its paragraphs that way. Some extractors leave no blank lines
at all (pdftotext's raw and default modes, pdfminer on some layouts), and no
extractor marks a paragraph that ends at the foot of a page: there the
evidence is the shape of the text, a short line that ends a sentence
followed by a line that starts one, as justified type leaves the last line
of a paragraph short.
"""
from __future__ import annotations

import statistics

import regex

from ..document import JOIN_NONE, JOIN_PARAGRAPH, Document, Line, adjacent_pairs
from ..pipeline import Context, register
from .order import CLOSERS, title_case

# A document marks paragraphs with blank lines when at least this share of
# its line pairs has one between (dev03/05/06/08 pdfminer: 5-15 %; the
# pdftotext docs: 0 %).
MIN_BLANK_SHARE = 0.02
# A paragraph's last line is shorter than this share of the typical line
# (justified lines vary by a few per cent around the median). Measured on the
# dev corpus: 0.85 -> parF1 81.5, 0.9 -> 83.0, 0.92 -> 83.9, 0.94 -> 84.1
# with more false breaks; 0.92 keeps precision.
SHORT_LINE_RATIO = 0.92
# Two lines, the first ending in a note reference, that together are no
# longer than this share of the typical line are one line of type cut at
# the reference (justified lines run a few per cent over the median).
SPLIT_LINE_RATIO = 1.05
# A line longer than this share of the typical line is several lines of type
# the extractor merged into one (pdftotext does, often for a paragraph's last
# lines); when it ends a sentence and the next line starts one, it mostly ends
# a paragraph. Spaces are counted once: justified lines extracted with double
# spaces are not long. Measured on the dev corpus (dev02, dev10): 1.1 -> parF1
# 90.1 but dev05 loses a break; 1.2 -> 90.0 (from 87.9) with no document
# worse; 1.4 -> 89.5.
LONG_LINE_RATIO = 1.2
# Note references after the sentence's end are not part of the line's shape:
# reflow's own ("[^12]") and the text's marks of asterisks, daggers and the
# like, alone or with a letter or two ("*", "†", "*z": older editions).
TRAILING_REFERENCES_RE = regex.compile(r"(?:\[\^[^\]\s]+\])+$|(?<=\S)\s+[*†‡§¶]+[\p{L}\p{N}]{0,2}(?:\[\^[^\]\s]+\])*$")
# Closing quotation marks and brackets of every convention (order.CLOSERS:
# "…", „…“, »…« (German), «…» (French)) may follow a sentence's end.
_CLOSER = "[" + regex.escape(CLOSERS) + "]"
_CLOSING = _CLOSER + "*"
# A dash before a closing quotation mark ends a speech broken off ("when we
# are better acquainted—”"); a dash alone at a line's end goes on.
SENTENCE_END_RE = regex.compile(rf"(?:[.!?…:]{_CLOSING}|[—–]{_CLOSER}+)$")
# The word before a line's closing full stop: a title ("Mr.", the language's
# titles list) is no sentence's end, its name follows.
STOP_WORD_RE = regex.compile(rf"(?<![\p{{L}}\p{{M}}])([\p{{L}}\p{{M}}]+)\.{_CLOSING}$")
# A sentence's start: a capital, a digit, or an opening quotation mark or
# bracket of any convention (German opens with "»" and "„", Unicode classes
# "»" as closing punctuation).
PARAGRAPH_START_RE = regex.compile(r"^[\p{Lu}\p{N}\p{Pi}\p{Ps}\"'«»“‘‹›(\[—–-]")
# A sentence left open (a lower-case letter, a comma or a semicolon at the
# line's end) and carried on in lower case: a blank line between the two is
# the extractor's (pdfminer leaves some inside paragraphs), not a paragraph
# break. On the dev corpus: dev03 parF1 92.2 -> 95.1, the seed 96.8 -> 97.6,
# no document worse. Whitespace is read as str.split() has it (the separators
# \x1c-\x1f too), as the passes before read a line's first word.
OPEN_END_RE = regex.compile(r"[\p{Ll},;][\s\x1c-\x1f]*$")
LOWER_START_RE = regex.compile(r"[\s\x1c-\x1f]*\p{Ll}")
# A heading: a short line of its own with no sentence punctuation at its end.
HEADING_RE = regex.compile(r"^[\p{Lu}\p{N}][^.!?]*$")


def typical_width(flow: list[Line]) -> float:
    lengths = [len(ln.text) for ln in flow if ln.text.strip()]
    return float(statistics.median(lengths)) if lengths else 0.0


def ends_sentence(text: str, titles: frozenset[str] = frozenset()) -> bool:
    """The line ends with a sentence's closing punctuation, not the full stop
    of a title ("Mr.": its name follows). A lone capital before the stop is
    read as a sentence's end: "CHAPTER V." far outnumbers an initial there."""
    if SENTENCE_END_RE.search(text) is None:
        return False
    stop = STOP_WORD_RE.search(text)
    return stop is None or stop.group(1) not in titles


def ends_paragraph(
    left: Line, right: Line, width: float, titles: frozenset[str] = frozenset(), after_break: bool = True,
    function_words: frozenset[str] = frozenset(),
) -> tuple[bool, str]:
    """Whether the text's shape puts a paragraph break between two lines.
    ``after_break``: a paragraph ends just before ``left`` (or the flow
    starts there); ``function_words``: the language's (a heading line ending
    in one goes on)."""
    text = TRAILING_REFERENCES_RE.sub("", left.text)
    if not PARAGRAPH_START_RE.match(right.text):
        return False, ""
    if len(" ".join(text.split())) > LONG_LINE_RATIO * width:
        if ends_sentence(text, titles):
            return True, "over-long line (lines merged by the extractor) ending a sentence, next line starts one"
        return False, ""
    if len(text) >= SHORT_LINE_RATIO * width:
        return False, ""
    if (
        len(text) != len(left.text)
        and len(text) + 1 + len(right.text.strip()) <= SPLIT_LINE_RATIO * width
        and not title_case(right.text)
    ):
        # A line cut at its note reference: some extractors set a superscript
        # apart, ending the line there; the two pieces make one line of type
        # (the reference, a narrow superscript in print, is not counted). A
        # heading after it ("Chapter III: Social Conditions") is no such piece.
        return False, ""
    if ends_sentence(text, titles):
        return True, "short line ending a sentence, next line starts one"
    if (
        HEADING_RE.match(text)
        and len(text) < 0.6 * width
        and (after_break or not heading_goes_on(right.text))
        and not ends_open(text, function_words)
    ):
        # A heading is a block of its own: inside a block of heading lines
        # a short one is the heading's own line break ("ABOLITION DES |
        # TITRES | DE | NOBLESSE."); the block ends where text goes on. A
        # line ending in a function word ("OF THOUGHT AND | DISCUSSION.")
        # goes on, wherever it stands.
        return True, "short heading line"
    return False, ""


# A heading's last word ending a line in this many letters at least, if a
# function word, leaves the heading open: one letter is more often a numeral
# or a letter of a series ("CHAPTER I", "APPENDIX A").
OPEN_HEADING_WORD_LETTERS = 2
_LAST_WORD_RE = regex.compile(r"([\p{L}\p{M}]+)\W*$")


def ends_open(text: str, function_words: frozenset[str]) -> bool:
    """The line ends in a function word ("OF THE LIBERTY OF THOUGHT AND")."""
    last = _LAST_WORD_RE.search(text)
    return last is not None and len(last.group(1)) >= OPEN_HEADING_WORD_LETTERS and last.group(1).lower() in function_words


def heading_goes_on(text: str) -> bool:
    """The line reads as more of a heading: capitals only (or no letters),
    or every word capitalised."""
    letters = [c for c in text if c.isalpha()]
    return not letters or all(c.isupper() for c in letters) or title_case(text)


def runs_on(left: str, right: str) -> bool:
    """The sentence open at the end of ``left`` goes on at the start of ``right``."""
    return OPEN_END_RE.search(left) is not None and LOWER_START_RE.match(right) is not None


def mark_paragraphs(
    flow: list[Line], use_blanks: bool = True, width: float | None = None, titles: frozenset[str] = frozenset(),
    function_words: frozenset[str] = frozenset(),
) -> int:
    """Set paragraph joins in ``flow``; return how many. ``titles`` and
    ``function_words`` are the language's (see :func:`ends_paragraph`)."""
    width = typical_width(flow) if width is None else width
    count = 0
    after_break = True
    for left, right, blank_between in adjacent_pairs(flow):
        if left.join in (JOIN_PARAGRAPH, JOIN_NONE):  # a paragraph break, or a word the dehyphenator joined
            after_break = left.join == JOIN_PARAGRAPH
            continue
        if use_blanks and left.page == right.page:
            decided = blank_between and not runs_on(left.text, right.text)
        else:
            decided = ends_paragraph(left, right, width, titles, after_break, function_words)[0]
        if decided:
            left.join = JOIN_PARAGRAPH
            count += 1
        after_break = decided
    return count


def blank_share(flows: list[list[Line]]) -> float:
    """Share of line pairs with a blank line between: the body's, or the notes' when the body has no pair.

    A body of one line (reflow's own output of a short text: one paragraph,
    then notes) says nothing about how the document marks paragraphs; its
    notes' lines do, and a paragraph break reflow wrote as a blank line
    inside a note must stay one when the output is read back.
    """
    pairs = [blank for _, _, blank in adjacent_pairs(flows[0])] if flows else []
    if not pairs:
        pairs = [blank for flow in flows[1:] for _, _, blank in adjacent_pairs(flow)]
    return sum(pairs) / len(pairs) if pairs else 0.0


@register("paragraphs")
def paragraphs_pass(doc: Document, ctx: Context) -> None:
    flows = list(doc.flows())
    use_blanks = blank_share(flows) >= MIN_BLANK_SHARE if flows else True
    width = typical_width(flows[0]) if flows else 0.0
    lexicon = ctx.lexicon_for(doc)
    titles, function_words = lexicon.words("titles"), lexicon.words("function_words")
    for flow in flows:
        mark_paragraphs(flow, use_blanks, width, titles, function_words)
