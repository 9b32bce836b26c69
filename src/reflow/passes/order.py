"""Reading order: put shuffled pages back in order by how well they run on.

Booklet printing, batch scanning and imposed PDFs shuffle pages. For every
ordered pair of pages (i, j) this pass scores how well the end of i's body
runs on into the start of j's body, from independent pieces of evidence,
each a small function returning a log-odds-like score:

* a hyphen at i's end that makes a known word with j's first word, or a
  word cut without its hyphen ('replac' | 'ing');
* a sentence left open at i's end and a continuing start on j (and never a
  heading); a comma bringing in a quotation that opens j; a title-case
  heading running on across the break;
* how plausible the word pair across the boundary is (bigram counts);
* quotation marks: one left open at i's end and closed on j;
* a label-less continuation note on j needs an open note on i;
* printed page numbers (decisive when present);
* running-head parity (verso and recto heads alternate);
* shared topic words near the boundary;
* start-of-document cues (a heading, footnote 1) and end cues.

Footnote labels numbered through the document (1, 2, 3 or a, b, c or i, ii,
iii) are not a pair score: pages without notes may stand between two
labelled ones. The search charges every label that goes backwards along the
whole order instead. Without such labels, numbered headings (Chapter 12,
13, 14) are that series.

The order is the maximum-weight Hamiltonian path over these scores
(``order_search``). The input order is a prior: input neighbours get a small
bonus, so where the evidence is weak a stretch keeps its input order, and a
document already in order stays so. Each boundary gets a confidence
(``doc.boundary_scores``); weak ones are reported in ``doc.warnings``.

Only body lines are read for continuity and only footnote objects for
labels, so the pass gets better as the furniture and footnote passes do.
"""
from __future__ import annotations

import heapq
from array import array
import math
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Mapping, MutableSequence, Sequence

import regex

from ..document import BODY, Document, Page
from ..lexicon import Lexicon, Vocabulary, english_bigrams, normalize_word, pair_lift
from ..pipeline import Context, register
from .order_search import best_path, keep_input_where_weak

# ----------------------------------------------------------------- weights
# Scores are on a natural-log-odds scale: +1 means the evidence makes "j
# follows i" about e times likelier. Values were set from what the evidence
# means (a matching printed page number is near-proof, a lowercase start is
# a hint) and checked on the dev corpus with benchmarks/order_benchmark.py.

# Printed page numbers in sequence are near-proof; out of sequence, near-disproof.
PAGE_NUMBER_MATCH = 8.0
PAGE_NUMBER_MISMATCH = -6.0
# A hyphenated word completed by the next page's first word.
HYPHEN_KNOWN_WORD = 3.0
HYPHEN_DOCUMENT_WORD = 1.5  # extra when the document itself writes the joined word
HYPHEN_UNKNOWN_WORD = -2.5  # the join makes no word
# ...or none the frequency list has, but a prefix or suffix and a content
# word ("un-|fitness"): no evidence either way. Not for it, since nearly any
# content word reads as one after "dis-"; not against it, since a real word
# the list lacks is no join that makes no word.
HYPHEN_DERIVED_WORD = 0.0
DERIVED_PART_LETTERS = 4  # the content word's least length: "dis|the" is no derivation
# Footnote labels in sequence across the boundary / going backwards.
NOTE_LABEL_NEXT = 3.0
NOTE_LABEL_BACKWARDS = -3.0
NOTE_LABEL_GAP = -1.0
NOTE_CONTINUATION_OPEN = 2.0  # label-less note on j continues i's open note
NOTE_CONTINUATION_ORPHAN = -1.5  # ...but i has no open note
# Verso and recto heads alternate: the same head twice in a row is unlikely.
HEAD_SAME = -1.5
HEAD_ALTERNATES = 0.5
# Word-pair plausibility from the bigram's lift over chance (natural log of
# P(w2|w1)/P(w2)). Pairs that truly run on across a page have lifts of 3 to
# 8; random page pairs, often 3 to 5 too (function word + any word). So the
# score is linear in the lift around WORD_PAIR_NEUTRAL_LIFT, capped so it
# refines but never overrules the evidence above. The lift, not the raw
# P(w2|w1) ('to the', 'be in' are likely after anything): on the 122 true
# open boundaries of the English dev documents and the seed, this score puts
# the true next page's first word above another page's 75% of the time, the
# conditional probability 62%, the document's own pairs alone 62%.
WORD_PAIR_NEUTRAL_LIFT = 3.0
WORD_PAIR_SCALE = 0.6
WORD_PAIR_MIN = -1.5
WORD_PAIR_MAX = 2.0
WORD_PAIR_UNSEEN = -1.0  # both words common, pair never seen
DOCUMENT_PAIR = 1.0  # the document itself has this word pair elsewhere
DOCUMENT_PAIR_ABSENT = -0.3
# Lexical cohesion: the content words near i's end recur near j's start.
# On the dev corpus a cosine of 0.05 to 0.1 between the two windows was about
# 8 times likelier for true neighbours than for other pairs, above 0.1 about
# 18 times; most pairs (true ones too) share nothing. The score rises with
# the cosine and is capped below those log-ratios, to stay a tie-breaker.
COHESION_WINDOW = 8  # body lines read at each edge
COHESION_SCALE = 20.0
COHESION_MAX = 2.0
COHESION_NONE = -0.3
COHESION_KEEP = 16  # most similar heads kept per page end
# Words at least this common (zipf) are function words, not topic words.
TOPIC_MAX_ZIPF = 5.0
# The input order as a prior: smaller than any single piece of real evidence.
INPUT_ADJACENT = 1.2
# Booklet imposition and swapped pairs put true neighbours next to each
# other in reverse, so a reversed input neighbour gets a smaller bonus.
INPUT_REVERSED = 0.8
INPUT_FIRST = 0.2
INPUT_LAST = 0.2

# Sentence state at the end of i (rows) against the start of j (columns).
# Log-likelihood ratios (true next page against any other page), rounded
# from counts over the dev corpus and the seed: nearly every page ends open
# and starts lowercase, so that pairing says little; the mismatches say a lot.
# Text never runs on from an open sentence or a broken word into a heading:
# none of the 161 open-end and 27 hyphen-end pairs with a heading start in
# the dev corpus and the seed is a true neighbour (smoothed LLR -2.8), so
# that pairing is strong evidence against, stronger than a capitalised start.
SENTENCE_TABLE: dict[str, dict[str, float]] = {
    "open": {"continues": 0.3, "starts": -1.5, "heading": -3.0, "neutral": -0.8},
    "hyphen": {"continues": 0.2, "starts": -1.5, "heading": -3.0, "neutral": -0.8},
    "colon": {"continues": 0.0, "starts": 0.0, "heading": -0.5, "neutral": 0.0},
    "closed": {"continues": -1.0, "starts": 1.0, "heading": 0.5, "neutral": 0.8},
    # A title-case line ends the page: a heading set at the foot, which
    # either runs on as a heading or is followed by the text it heads.
    "heading": {"continues": -1.0, "starts": 0.5, "heading": 1.5, "neutral": 0.3},
}
# A line of at least this many words, every one capitalised, reads as a
# heading line ('Reasons Of Certain Anomalies'). Every word, not most: German
# prose capitalises its nouns, so a share would take prose for headings.
TITLE_CASE_MIN_WORDS = 3
# Quotation marks across the boundary, as log-likelihood ratios (true next
# page against any other) counted over the dev corpus and the seed, rounded
# towards 0: a quotation left open at i's end and closed on j before any new
# one opens, 2.3; a closing mark on j with no quotation open near i's end,
# -2.1; a quotation left open and no mark near j's start, -1.2. An opening
# mark on j after an open quotation says nothing (each paragraph of a long
# quotation reopens it).
QUOTE_CONTINUES = 1.5
QUOTE_STRAY_CLOSE = -1.5
QUOTE_UNCLOSED = -0.8
# A comma at i's end and an opening quotation mark (or bracket) at j's start:
# the way speech and quotations are brought in ("he said, / “Come”", a
# letter's "your friend, / “W. C.”"), so not the new sentence a capital
# after an open end usually is. Cancels that mismatch and gives the score a
# lowercase continuation gets (open/continues - open/starts).
QUOTE_INTRODUCED = 1.8
QUOTE_WINDOW = 6  # body lines searched for the nearest mark at each edge
# A mark opens (or closes) when it does so in this share of its clear uses.
QUOTE_ROLE_SHARE = 0.8
# A word cut at the page end with its hyphen lost ('replac' | 'ing'): one
# piece is no word, the two together are. (Frequency lists hold many
# fragments as "words": ing, tion, ment, ex.) Weaker than a hyphen: no mark says
# the word was cut.
SPLIT_DOCUMENT_WORD = 3.0
SPLIT_KNOWN_WORD = 2.0
# Start and end of the document.
START_HEADING = 1.0
START_FIRST_NOTE = 1.5
START_CONTINUES = -1.5
START_LOWEST_NUMBER = 1.0
END_CLOSED = 0.3
END_OPEN = -1.5
END_HIGHEST_NUMBER = 1.0
# Every page but one carries a printed number, the numbers run L..H without a
# gap: the one without is the page the run lacks, L - 1 (a chapter's or a
# document's first page is the one typesetters leave unnumbered), or H + 1
# when the run starts at 1. Nearly certain, yet a title page before page 1
# would mislead it: worth two strong hints, less than a printed number.
UNNUMBERED_END = 3.0

# A word counts as known at this zipf frequency (about once per 10^7 words),
# the same bar the dehyphenate pass uses.
KNOWN_ZIPF = 2.0
# Both words must be at least this common for an unseen bigram to count against
# the pair (then chance alone predicts the pair would be in the list).
COMMON_ZIPF = 5.0
# A capitalised word written lowercase at least this many times as often
# elsewhere in the document is capitalised here because a sentence starts.
LOWERCASE_RATIO = 2.0
# A first line at most this share of the page's typical line length, with no
# closing punctuation, reads as a heading.
HEADING_LENGTH_SHARE = 0.6
# Footnote labels farther than this multiple of the label count above the
# smallest label are stray numbers, not note labels.
LABEL_SPREAD_FACTOR = 2
# Note labels are read as a series when this share of them belong to it.
LABEL_STYLE_SHARE = 0.8
# Numbered headings ('Chapter 12') are read as a series from this many on
# (as note labels, see numbered_throughout).
NUMBERED_HEADINGS_MIN = 3
# Printed numbers are trusted when this share of them have no duplicate.
NUMBERS_DISTINCT_SHARE = 0.8
# Running heads alternate when the two commonest cover this share of headed pages.
HEAD_PAIR_SHARE = 0.8
# A move away from the input order that gains less than this (about one
# weak hint, such as a lowercase start) is undone: the input order is kept.
KEEP_INPUT_MARGIN = 0.6
# A boundary whose score beats every alternative by less than this is weak.
WEAK_MARGIN = 0.5
# Weak boundaries named (with their evidence) in the warning.
WEAK_LISTED = 5
# Boundaries at least this strong are fixed before the chains are ordered.
CHAIN_MIN_SCORE = 2.5

REFERENCE_TAIL_RE = regex.compile(r"(?:\s*(?:\[\^[^\]]+\]|\*+|†|‡))+$")
GLUED_NUMBER_TAIL_RE = regex.compile(r"(?<=[\p{P}])\d{1,3}$")
# Quotation marks of every convention: "…", „…“ and »…« (German), «…» (French);
# a mark that opens in one language closes in another, so both sets hold it.
CLOSERS = "\"'”’»«“)]›‹"
OPENERS = "\"'“‘«»(„[‹›"
WORD_RE = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)*")
# Searched from the end's side: a start right after a letter is never the
# leftmost match, and skipping it keeps a long run of letters one read.
LAST_WORD_RE = regex.compile(r"(?<!\p{L})(\p{L}[\p{L}\p{M}'’]*)\P{L}*$")
HYPHEN_TAIL_RE = regex.compile(r"(?<!\p{L})(\p{L}++)[-‐‑]$")
ROMAN_RE = regex.compile(r"^m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$", regex.IGNORECASE)
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
# A numbered heading on a body line of its own: 'Chapter 12', 'CHAPTER XIV.',
# 'Kapitel 3', 'Livre II'. The word (at least 3 letters) names the series.
NUMBERED_HEADING_RE = regex.compile(r"^(\p{Lu}\p{L}{2,})\.?\s+(\d{1,3}|[IVXLCDM]{1,7}|[ivxlcdm]{1,7})\.?$")
QUOTE_RE = regex.compile(r"[“”„«»]")  # double quotation marks, every language's


# ----------------------------------------------------------- page features
@dataclass(frozen=True)
class PageEnds:
    """What the order pass needs to know about one page's edges."""

    index: int
    tail: str  # last body line, reference marks stripped ("" if no body)
    head: str  # first body line
    tail_state: str  # open | hyphen | colon | closed | heading | empty
    head_state: str  # continues | starts | heading | neutral | empty
    number: tuple[str, int] | None  # (style, value) of the printed page number
    head_shape: str | None  # running head with digits dropped
    first_label: int | None  # first / last numeric footnote label on the page
    last_label: int | None
    opens_with_continuation: bool  # its note block starts with a label-less continuation
    note_open: bool  # its last footnote stops mid-sentence
    hyphen_stem: str = ""  # the letters before a line-final hyphen at the tail
    last_word: str = ""  # normalised last word of the tail, if nothing but closers follow it
    first_word: str = ""  # first word of the head as written
    first_key: str = ""  # ...normalised
    tail_quote: str = ""  # "open" if a quotation is left open at the end, "closed", or "" (no quote near)
    head_quote: str = ""  # "inside" if the page starts within a quotation, "outside", or ""
    # First and last number of the document's numbered headings on the page, if any.
    section_span: tuple[int, int] | None = None


def parse_page_number(text: str | None) -> tuple[str, int] | None:
    """``(style, value)`` of a printed page number: arabic or roman, else None."""
    if not text:
        return None
    text = text.strip().strip("-–—.").strip()
    if text.isdigit():
        return ("arabic", int(text))
    if text and ROMAN_RE.match(text):
        values = [ROMAN_VALUES[c] for c in text.lower()]
        total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
        return ("roman", total)
    return None


def tail_state(text: str) -> str:
    """How page text ends: mid-word (hyphen), mid-sentence (open), at a colon, or closed."""
    text = text.rstrip().rstrip(CLOSERS).rstrip()
    if not text:
        return "empty"
    last = text[-1]
    if HYPHEN_TAIL_RE.search(text):
        return "hyphen"
    if last in ".!?…":
        return "closed"
    if last == ":":
        return "colon"
    if last.isalpha() and title_case(text):
        return "heading"
    return "open"


def title_case(text: str) -> bool:
    """Every word capitalised, as in a heading ('Reasons Of Certain Anomalies')."""
    words = WORD_RE.findall(text)
    return len(words) >= TITLE_CASE_MIN_WORDS and all(w[0].isupper() for w in words)


def head_state(text: str, vocab: Vocabulary, typical_length: float) -> str:
    """How page text starts: continuing a sentence, starting one, a heading, or unclear."""
    text = text.lstrip()
    if not text:
        return "empty"
    stripped = text.rstrip(CLOSERS).rstrip()
    if (
        typical_length
        and len(text) <= HEADING_LENGTH_SHARE * typical_length
        and stripped
        and stripped[-1] not in ",;-‐‑"
        and (text[0].isupper() or text[0].isdigit())
        and (text.isupper() or stripped[-1] not in ".!?" or len(text.split()) <= 3)
    ):
        return "heading"
    if text[0] in OPENERS:
        return "starts"
    match = WORD_RE.match(text)
    if not match:
        return "neutral"
    word = match.group()
    if word[0].islower():
        return "continues"
    if len(word) > 1 and word.isupper():
        return "neutral"
    lower = vocab.exact.get(word.lower(), 0)
    upper = vocab.exact.get(word, 0)
    return "starts" if lower >= LOWERCASE_RATIO * max(1, upper) else "neutral"


def clean_tail(text: str) -> str:
    """The last body line without trailing reference marks (``[^3]``, ``*``, a glued ``.17``)."""
    text = REFERENCE_TAIL_RE.sub("", text.rstrip())
    return GLUED_NUMBER_TAIL_RE.sub("", text)


def _body_lines(page: Page) -> list[str]:
    return [ln.text.strip() for ln in page.lines if ln.role == BODY and ln.text.strip()]


def _head_shape(page: Page) -> str | None:
    """The running head at the top of the page (furniture), without its digits."""
    for line in page.lines:
        text = line.text.strip()
        if not text:
            continue
        if line.role != "furniture":
            return None
        shape = " ".join(regex.sub(r"[\d\p{P}]+", " ", text).lower().split())
        return shape or None
    return None


def label_rank(label: object, style: str) -> int | None:
    """The place of a note label in an ordered series of ``style``, or None.

    Arabic numbers, roman numerals and latin letters (a..z, then aa, bb, ...
    as books double them) are ordered series. Symbols (* † ‡ §) restart on
    every page, so they order nothing across pages.
    """
    text = str(label or "").strip().rstrip(".)")
    if not text:
        return None
    if style == "arabic":
        return int(text) if text.isdigit() else None
    if style == "roman":
        number = parse_page_number(text)
        return number[1] if number is not None and number[0] == "roman" else None
    if style == "letters" and text.isalpha() and text.isascii() and len(set(text.lower())) == 1:
        return (len(text) - 1) * 26 + ord(text[0].lower()) - ord("a") + 1
    return None


def label_style(labels: Sequence[str]) -> str | None:
    """The series most of a document's note labels belong to, or None.

    A label that could be roman or a letter (i, v, x, c) counts for both;
    letters win unless some label is roman only (ii, iv, ...).
    """
    styles: Counter[str] = Counter()
    for label in labels:
        for style in ("arabic", "roman", "letters"):
            if label_rank(label, style) is not None:
                styles[style] += 1
    if not styles:
        return None
    top = max(styles.values())
    for style in ("arabic", "letters", "roman"):
        if styles[style] == top and top >= LABEL_STYLE_SHARE * len(labels):
            if style == "letters" and styles["roman"] > styles["letters"]:
                return "roman"
            return style
    return None


def _is_continuation(note: object) -> bool:
    """A note that carries on from the previous page (no label of its own)."""
    flag = getattr(note, "continuation", None)
    if flag is None:
        flag = getattr(note, "continues_previous", None)
    return bool(flag) or not str(getattr(note, "label", "") or "").strip()


def quote_roles(lines: Sequence[str]) -> dict[str, str]:
    """Which double quotation marks open and which close in this document.

    Languages disagree (English “...”, German „...“ and »...«, French «...»),
    so each mark's role is read from where the document sets it: after a
    space and before a letter it opens, after a letter or stop and before a
    space it closes.
    """
    votes: dict[str, Counter[str]] = {}
    text = " " + "\n".join(lines) + " "
    for match in QUOTE_RE.finditer(text):
        at = match.start()
        before, after = text[at - 1], text[at + 1]
        if before.isspace() and not after.isspace():
            votes.setdefault(match.group(), Counter())["open"] += 1
        elif after.isspace() and not before.isspace():
            votes.setdefault(match.group(), Counter())["close"] += 1
    return {
        mark: role
        for mark, count in votes.items()
        for role in ("open", "close")
        if count[role] >= QUOTE_ROLE_SHARE * sum(count.values())
    }


def quote_edges(lines: Sequence[str], roles: Mapping[str, str], window: int = QUOTE_WINDOW) -> tuple[str, str]:
    """(tail, head): whether a quotation is left open at the end of ``lines``
    and whether they start inside one, from the nearest quotation mark
    within ``window`` lines."""
    tail = head = ""
    for line in reversed(lines[-window:]):
        marks = [roles[c] for c in line if c in roles]
        if marks:
            tail = "open" if marks[-1] == "open" else "closed"
            break
    for line in lines[:window]:
        marks = [roles[c] for c in line if c in roles]
        if marks:
            head = "inside" if marks[0] == "close" else "outside"
            break
    return tail, head


def page_features(doc: Document, vocab: Vocabulary) -> list[PageEnds]:
    """Edge features of every page, read once."""
    notes = list(getattr(doc, "footnotes", None) or [])
    written = [str(n.label).strip() for n in notes if str(getattr(n, "label", "") or "").strip()]
    style = label_style(written)
    ranked = [r for r in (label_rank(label, style) for label in written) if r is not None] if style else []
    label_limit = min(ranked) + LABEL_SPREAD_FACTOR * len(ranked) if ranked else 0
    labels_usable = bool(ranked) and len(set(ranked)) >= NUMBERS_DISTINCT_SHARE * len(ranked)
    by_page: dict[int, list] = {}
    for note in notes:
        by_page.setdefault(getattr(note, "page", -1), []).append(note)

    numbers = [parse_page_number(page.printed_number) for page in doc.pages]
    counts = Counter(n for n in numbers if n is not None)
    known = [n for n in numbers if n is not None]
    distinct = sum(1 for n in known if counts[n] == 1)
    if known and distinct < NUMBERS_DISTINCT_SHARE * len(known):
        numbers = [None] * len(doc.pages)  # repeated numbers: not page numbers
    present = set(n for n in numbers if n is not None)
    # A number with neither neighbour among the pages is more likely a misreading.
    numbers = [
        n if n is not None and ((n[0], n[1] - 1) in present or (n[0], n[1] + 1) in present) else None
        for n in numbers
    ]

    bodies = [_body_lines(page) for page in doc.pages]
    sections = section_numbers(bodies)
    roles = quote_roles([line for body in bodies for line in body] + [ln.text for n in notes for ln in n.lines])
    features = []
    for page, number, lines, section in zip(doc.pages, numbers, bodies, sections):
        tail_quote, head_quote = quote_edges(lines, roles)
        typical = sorted(len(t) for t in lines)[len(lines) // 2] if lines else 0
        tail = clean_tail(lines[-1]) if lines else ""
        head = lines[0] if lines else ""
        page_notes = by_page.get(page.index, [])
        ranks = (label_rank(n.label, style) for n in page_notes) if style else ()
        labels = [r for r in ranks if r is not None and r <= label_limit]
        last_note = page_notes[-1] if page_notes else None
        note_lines = [ln.text for ln in last_note.lines if ln.text.strip()] if last_note is not None else []
        # A note runs on when its last sentence or a quotation in it is left open.
        note_open = bool(note_lines) and (
            tail_state(note_lines[-1]) in ("open", "hyphen") or quote_edges(note_lines, roles, len(note_lines))[0] == "open"
        )
        stem = HYPHEN_TAIL_RE.search(tail)
        last = LAST_WORD_RE.search(tail)
        first = WORD_RE.match(head)
        features.append(
            PageEnds(
                index=page.index,
                tail=tail,
                head=head,
                tail_state=tail_state(tail),
                head_state=head_state(head, vocab, typical),
                number=number,
                head_shape=_head_shape(page),
                first_label=labels[0] if labels and labels_usable else None,
                last_label=labels[-1] if labels and labels_usable else None,
                opens_with_continuation=bool(page_notes) and _is_continuation(page_notes[0]),
                note_open=note_open,
                hyphen_stem=stem.group(1) if stem else "",
                last_word=normalize_word(last.group(1)) if last and not tail[last.end(1) :].strip(CLOSERS + " ") else "",
                first_word=first.group() if first else "",
                first_key=normalize_word(first.group()) if first else "",
                tail_quote=tail_quote,
                head_quote=head_quote,
                section_span=section,
            )
        )
    return features


def section_numbers(bodies: Sequence[Sequence[str]]) -> list[tuple[int, int] | None]:
    """Each page's (first, last) number of the document's numbered headings.

    Chapter numbers rise through a book as note labels do, across pages
    without a heading too. Only one series counts (the commonest heading
    word: 'Chapter', not 'Part'), and only when it is a series: at least
    NUMBERED_HEADINGS_MIN headings, no number twice (a table of contents or
    books that restart their chapters would repeat numbers), and close
    together as note labels are (a column of totals, 'Total 12', 'Total 150',
    is no series).
    """
    found: list[list[tuple[str, int]]] = []
    for lines in bodies:
        page = []
        for line in lines:
            match = NUMBERED_HEADING_RE.match(line)
            number = parse_page_number(match.group(2)) if match else None
            if match and number is not None:
                page.append((match.group(1).casefold(), number[1]))
        found.append(page)
    words = Counter(word for page in found for word, _value in page)
    if not words:
        return [None] * len(bodies)
    series = words.most_common(1)[0][0]
    values = [[value for word, value in page if word == series] for page in found]
    flat = [v for page in values for v in page]
    if (
        len(flat) < NUMBERED_HEADINGS_MIN
        or len(set(flat)) < len(flat)
        or max(flat) - min(flat) >= LABEL_SPREAD_FACTOR * len(flat)
    ):
        return [None] * len(bodies)
    return [(page[0], max(page)) if page else None for page in values]


# ------------------------------------------------------------- word evidence
class TextEvidence:
    """Word evidence for one document: known words, word pairs, shared topic words."""

    def __init__(
        self,
        lexicon: Lexicon,
        vocab: Vocabulary,
        doc_pairs: Counter[tuple[str, str]],
        similarity: Mapping[tuple[int, int], float],
    ) -> None:
        self.lexicon = lexicon
        self.vocab = vocab
        self.doc_pairs = doc_pairs
        self.similarity = similarity  # (i, j) -> cosine of i's last and j's first lines
        # English word-pair and word counts ("w1 w2" -> count, word -> count).
        self.bigrams: tuple[Mapping[str, int], Mapping[str, int]] | None = None
        self._common: dict[str, bool] = {}
        self._joins: dict[tuple[str, str], float] = {}

    def common(self, word: str) -> bool:
        """A very common word (cached per document: asked for every page pair)."""
        value = self._common.get(word)
        if value is None:
            value = self._common[word] = self.lexicon.zipf(word) >= COMMON_ZIPF
        return value

    def load_bigrams(self) -> None:
        """Use symspellpy's English pair counts (English only), through the
        lexicon's derived cache: a table mapped from disk, not a file parsed."""
        if self.lexicon.lang == "en":
            self.bigrams = english_bigrams()

    def listed(self, word: str) -> bool:
        """Whether the bigram list's word counts hold ``word``."""
        return self.bigrams is not None and bool(self.bigrams[1].get(word))

    def pair_count(self, w1: str, w2: str) -> int:
        """How often the bigram list saw ``w1 w2`` (0: not listed)."""
        return (self.bigrams[0].get(f"{w1} {w2}") or 0) if self.bigrams is not None else 0

    def known(self, word: str) -> bool:
        return self.vocab.count(word) > 0 or self.lexicon.known(word, KNOWN_ZIPF)

    def document_pair(self, w1: str, w2: str) -> float:
        """Whether the document writes this pair elsewhere."""
        if not self.doc_pairs.get((w1, w2)):
            return DOCUMENT_PAIR_ABSENT
        return DOCUMENT_PAIR

    def hyphen_join(self, stem: str, first_word: str) -> float:
        """Score of joining a line-end ``stem-`` with ``first_word`` (cached: asked for every page pair)."""
        value = self._joins.get((stem, first_word))
        if value is None:
            joined = stem + first_word
            if self.vocab.count(joined) or self.vocab.compound_count(f"{stem}-{first_word}"):
                value = HYPHEN_KNOWN_WORD + HYPHEN_DOCUMENT_WORD
            elif first_word[0].islower() and self.lexicon.known(joined, KNOWN_ZIPF):
                value = HYPHEN_KNOWN_WORD
            elif first_word[0].islower() and self._derived(stem, first_word):
                value = HYPHEN_DERIVED_WORD
            else:
                value = HYPHEN_UNKNOWN_WORD
            self._joins[(stem, first_word)] = value
        return value

    def _derived(self, stem: str, first_word: str) -> bool:
        """A word the frequency list lacks but the language could build: a
        prefix and a content word ("un-|fitness"), or a content word and a
        suffix ("revolution-|ary"); a content word is known, of at least
        DERIVED_PART_LETTERS letters, and no function word."""
        low_stem, low_first = normalize_word(stem), normalize_word(first_word)
        function_words = self.lexicon.words("function_words")

        def content(word: str) -> bool:
            return len(word) >= DERIVED_PART_LETTERS and word not in function_words and self.lexicon.known(word, KNOWN_ZIPF)

        return (
            (low_stem in self.lexicon.words("prefixes") and content(low_first))
            or (low_first in self.lexicon.words("suffixes") and content(low_stem))
        )

    def fragment_known(self, piece: str) -> bool:
        """Whether a piece at a page edge is a word: known, or written again elsewhere."""
        return self.vocab.count(piece) > 1 or self.lexicon.known(piece, KNOWN_ZIPF)

    def pair_score(self, w1: str, w2: str) -> float:
        """How plausible ``w2`` right after ``w1`` is, from bigram counts (0: no data)."""
        if self.bigrams is None:
            return 0.0
        lift = pair_lift(self.bigrams, w1, w2)
        if lift is None:
            # The list holds every common pair: two common words never paired is telling.
            paired_never = self.listed(w1) and self.listed(w2) and self.common(w1) and self.common(w2)
            return WORD_PAIR_UNSEEN if paired_never else 0.0
        return max(WORD_PAIR_MIN, min(WORD_PAIR_MAX, WORD_PAIR_SCALE * (lift - WORD_PAIR_NEUTRAL_LIFT)))


def document_pairs(doc: Document, firsts: set[str] | None = None) -> Counter[tuple[str, str]]:
    """Word pairs the document writes within its pages' body text.

    Only pairs starting with one of ``firsts`` (the words ending pages) are
    counted when given: no other pair is ever asked for, and a book has
    hundreds of thousands.
    """
    pairs: Counter[tuple[str, str]] = Counter()
    for page in doc.pages:
        # A page's body read as running text (pairs across its line breaks
        # count too), never across pages: that pair is what is being judged.
        words = WORD_RE.findall(normalize_word(" ".join(ln.text for ln in page.lines if ln.role == BODY)))
        if firsts is None:
            pairs.update(zip(words, words[1:]))
        else:
            pairs.update((w, words[k + 1]) for k, w in enumerate(words[:-1]) if w in firsts)
    return pairs


# ---------------------------------------------------------- pair evidence
def hyphen_score(a: PageEnds, b: PageEnds, words: TextEvidence) -> tuple[float, str]:
    """A word hyphenated at a's end, completed by b's first word."""
    if not a.hyphen_stem or not b.head:
        return 0.0, ""
    if not b.first_word or b.head[0] != b.first_word[0]:
        return HYPHEN_UNKNOWN_WORD, "hyphen at the end, no word to complete it"
    joined = a.hyphen_stem + b.first_word
    value = words.hyphen_join(a.hyphen_stem, b.first_word)
    if value == HYPHEN_KNOWN_WORD + HYPHEN_DOCUMENT_WORD:
        return value, f"{joined!r} occurs elsewhere in the document"
    if value == HYPHEN_KNOWN_WORD:
        return value, f"{joined!r} is a known word"
    return value, f"{joined!r} is not a known word"


def quote_score(a: PageEnds, b: PageEnds) -> tuple[float, str]:
    """A quotation left open at a's end should be closed (not opened) on b."""
    if b.head_quote == "inside":
        if a.tail_quote == "open":
            return QUOTE_CONTINUES, "b closes the quotation a leaves open"
        return QUOTE_STRAY_CLOSE, "b closes a quotation a does not leave open"
    if not b.head_quote and a.tail_quote == "open":
        return QUOTE_UNCLOSED, "a leaves a quotation open, b has no quotation mark near its start"
    return 0.0, ""


def quote_introduced_score(a: PageEnds, b: PageEnds) -> tuple[float, str]:
    """A comma at a's end brings in the quotation that opens b."""
    if a.tail_state == "open" and a.tail.endswith(",") and b.head_state == "starts" and b.head[0] in OPENERS:
        return QUOTE_INTRODUCED, "comma at the end, b opens a quotation"
    return 0.0, ""


def split_word_score(a: PageEnds, b: PageEnds, words: TextEvidence) -> tuple[float, str]:
    """A word cut at a's end without a hyphen, completed by b's first word.

    One of the pieces must be no word ('replac' | 'ing', 'ex' | 'pected'):
    two words that happen to make a third ('some' | 'thing') say little.
    """
    if a.tail_state != "open" or not a.last_word:
        return 0.0, ""
    if b.head_state != "continues" or not b.first_key or b.head[0] != b.first_word[0]:
        return 0.0, ""
    if words.fragment_known(a.last_word) and words.fragment_known(b.first_key):
        return 0.0, ""
    joined = a.last_word + b.first_key
    if words.vocab.count(joined):
        return SPLIT_DOCUMENT_WORD, f"{joined!r} (split across the pages) occurs elsewhere in the document"
    if words.lexicon.known(joined, KNOWN_ZIPF):
        return SPLIT_KNOWN_WORD, f"{joined!r} (split across the pages) is a known word"
    return 0.0, ""


def sentence_score(a: PageEnds, b: PageEnds) -> tuple[float, str]:
    """An open sentence at a's end wants a continuing start on b, a closed one a new start."""
    row = SENTENCE_TABLE.get(a.tail_state)
    if row is None:
        return 0.0, ""
    value = row.get(b.head_state, 0.0)
    return value, f"{a.tail_state} end, {b.head_state} start" if value else ""


def word_pair_score(a: PageEnds, b: PageEnds, words: TextEvidence) -> tuple[float, str]:
    """How plausible the word pair across an open boundary is."""
    if not a.last_word or not b.first_word or a.tail_state not in ("open", "colon"):
        return 0.0, ""
    if b.head_state not in ("continues", "neutral") or b.head[0] != b.first_word[0]:
        return 0.0, ""  # punctuation parts the words: the pair says little
    w1, w2 = a.last_word, b.first_key
    value = words.document_pair(w1, w2) + words.pair_score(w1, w2)
    return value, f"word pair {w1!r} {w2!r}"


def footnote_score(a: PageEnds, b: PageEnds, global_labels: bool = False) -> tuple[float, str]:
    """Footnote labels run on from a to b; a continued note needs an open one before it.

    With ``global_labels`` (labels numbered through the document) the labels
    are weighed along the whole order by the search instead: pages without
    notes may stand between two labelled ones, so a pair says nothing more.
    """
    value, reasons = 0.0, []
    if not global_labels and a.last_label is not None and b.first_label is not None:
        if b.first_label == a.last_label + 1:
            value += NOTE_LABEL_NEXT
            reasons.append(f"note {b.first_label} follows note {a.last_label}")
        elif b.first_label <= a.last_label:
            value += NOTE_LABEL_BACKWARDS
            reasons.append(f"note {b.first_label} cannot follow note {a.last_label}")
        else:
            value += NOTE_LABEL_GAP
            reasons.append(f"notes missing between {a.last_label} and {b.first_label}")
    if b.opens_with_continuation:
        if a.note_open:
            value += NOTE_CONTINUATION_OPEN
            reasons.append("continued note follows an open note")
        else:
            value += NOTE_CONTINUATION_ORPHAN
            reasons.append("continued note without an open note before it")
    return value, "; ".join(reasons)


def page_number_score(a: PageEnds, b: PageEnds) -> tuple[float, str]:
    """Printed page numbers: b must carry a's number plus one."""
    if a.number is None or b.number is None or a.number[0] != b.number[0]:
        return 0.0, ""
    if b.number[1] == a.number[1] + 1:
        return PAGE_NUMBER_MATCH, f"printed page {b.number[1]} follows {a.number[1]}"
    return PAGE_NUMBER_MISMATCH, f"printed page {b.number[1]} does not follow {a.number[1]}"


def head_parity_score(a: PageEnds, b: PageEnds, alternating: bool) -> tuple[float, str]:
    """Verso and recto running heads alternate."""
    if not alternating or a.head_shape is None or b.head_shape is None:
        return 0.0, ""
    if a.head_shape == b.head_shape:
        return HEAD_SAME, "same running head twice in a row"
    return HEAD_ALTERNATES, "running heads alternate"


def start_score(p: PageEnds, lowest: tuple[str, int] | None) -> float:
    """How well a page opens the document."""
    value = 0.0
    if p.head_state == "heading":
        value += START_HEADING
    elif p.head_state == "continues":
        value += START_CONTINUES
    if p.first_label == 1:
        value += START_FIRST_NOTE
    if p.number is not None and p.number == lowest:
        value += START_LOWEST_NUMBER
    return value


def end_score(p: PageEnds, highest: tuple[str, int] | None) -> float:
    """How well a page closes the document."""
    value = END_CLOSED if p.tail_state == "closed" else END_OPEN if p.tail_state in ("open", "hyphen") else 0.0
    if p.number is not None and p.number == highest:
        value += END_HIGHEST_NUMBER
    return value


def alternating_heads(features: list[PageEnds]) -> bool:
    """Two running heads that between them cover nearly every headed page."""
    shapes = Counter(f.head_shape for f in features if f.head_shape)
    if len(shapes) < 2:
        return False
    top = shapes.most_common(2)
    return top[1][1] >= 2 and top[0][1] + top[1][1] >= HEAD_PAIR_SHARE * sum(shapes.values())


def topic_words(lines: list[str], lexicon: Lexicon, known: dict[str, bool]) -> Counter[str]:
    """Content words of some lines: not function words, not very short.

    ``known`` caches the decision per word for the document.
    """
    words: Counter[str] = Counter()
    for line in lines:
        for key in WORD_RE.findall(normalize_word(line)):
            if len(key) <= 2:
                continue
            topical = known.get(key)
            if topical is None:
                topical = known[key] = lexicon.zipf(key) < TOPIC_MAX_ZIPF
            if topical:
                words[key] += 1
    return words


def cohesion(doc: Document, lexicon: Lexicon) -> dict[tuple[int, int], float]:
    """Cosine (tf-idf) between the words ending page i and those starting page j.

    Only pairs sharing a word are listed; an inverted index keeps this
    near-linear in the number of pages.
    """
    bodies = [_body_lines(page) for page in doc.pages]
    known: dict[str, bool] = {}
    tails = [topic_words(b[-COHESION_WINDOW:], lexicon, known) for b in bodies]
    heads = [topic_words(b[:COHESION_WINDOW], lexicon, known) for b in bodies]
    spread = Counter(w for t, h in zip(tails, heads) for w in set(t) | set(h))
    n = len(bodies)
    idf = {w: math.log(n / c) for w, c in spread.items()}

    def weigh(words: Counter[str]) -> tuple[dict[str, float], float]:
        vector = {w: c * idf[w] for w, c in words.items() if idf[w] > 0}
        return vector, math.sqrt(sum(v * v for v in vector.values()))

    tail_vectors = [weigh(t) for t in tails]
    head_vectors = [weigh(h) for h in heads]
    index: dict[str, list[tuple[int, float]]] = {}
    for j, (vector, _norm) in enumerate(head_vectors):
        for w, v in vector.items():
            index.setdefault(w, []).append((j, v))
    sims: dict[tuple[int, int], float] = {}
    for i, (vector, norm) in enumerate(tail_vectors):
        dots: Counter[int] = Counter()
        for w, v in vector.items():
            for j, u in index.get(w, ()):
                if j != i:
                    dots[j] += v * u
        # Only the closest heads matter for a page's successor; keeping a
        # few per page keeps 1,000-page documents fast.
        for j, dot in heapq.nlargest(COHESION_KEEP, dots.items(), key=lambda item: item[1] / head_vectors[item[0]][1]):
            sims[(i, j)] = dot / (norm * head_vectors[j][1])
    return sims


def cohesion_score(a: PageEnds, b: PageEnds, words: TextEvidence) -> tuple[float, str]:
    """Shared topic words across the boundary (cosine of the edge windows)."""
    similarity = words.similarity.get((a.index, b.index), 0.0)
    if similarity <= 0:
        return COHESION_NONE, ""
    value = min(COHESION_MAX, COHESION_SCALE * similarity) + COHESION_NONE
    return value, f"shared topic words (cosine {similarity:.2f})"


PairEvidence = Callable[[PageEnds, PageEnds], tuple[float, str]]


def evidence_functions(features: list[PageEnds], words: TextEvidence) -> list[PairEvidence]:
    """The pair evidence that applies to this document."""
    alternating = alternating_heads(features)
    global_labels = numbered_throughout(features)
    functions: list[PairEvidence] = [
        lambda a, b: hyphen_score(a, b, words),
        sentence_score,
        lambda a, b: word_pair_score(a, b, words),
        lambda a, b: footnote_score(a, b, global_labels),
        quote_score,
        quote_introduced_score,
        lambda a, b: split_word_score(a, b, words),
        page_number_score,
        lambda a, b: cohesion_score(a, b, words),
    ]
    if alternating:
        functions.append(lambda a, b: head_parity_score(a, b, True))
    return functions


def word_pair_rows(features: list[PageEnds], words: TextEvidence) -> tuple[list[int], dict[str, list[float]], dict[str, dict[str, float]]]:
    """``word_pair_score`` for every page pair, in a compact form.

    Most word pairs were never seen, in the document or the bigram list, and
    then the score depends only on whether each word is common. So each head
    gets a class (-1: no pair evidence applies, 0: unknown or rare word,
    1: common word), each tail a value per class, and only pairs seen somewhere
    get their own value. Returns (class per page, values per tail word,
    exceptions per tail word: first word -> value).
    """
    eligible = {
        f.index
        for f in features
        if f.first_word and f.head_state in ("continues", "neutral") and f.head[0] == f.first_word[0]
    }
    classes = [
        -1 if f.index not in eligible else 1 if words.listed(f.first_key) and words.common(f.first_key) else 0
        for f in features
    ]
    heads = {f.first_key for f in features if f.index in eligible}
    seen_after: dict[str, set[str]] = {}
    for w1, w2 in words.doc_pairs:
        if w2 in heads:
            seen_after.setdefault(w1, set()).add(w2)
    if words.bigrams is not None:
        # Looked up pair by pair: the open tails' last words times the heads'
        # first words (a few hundred thousand lookups for 1,000 pages).
        tails = {f.last_word for f in features if f.last_word and f.tail_state in ("open", "colon") and words.listed(f.last_word)}
        listed_heads = [w2 for w2 in heads if words.listed(w2)]
        for w1 in tails:
            for w2 in listed_heads:
                if words.pair_count(w1, w2):
                    seen_after.setdefault(w1, set()).add(w2)
    values: dict[str, list[float]] = {}
    exceptions: dict[str, dict[str, float]] = {}
    for f in features:
        w1 = f.last_word
        if not w1 or f.tail_state not in ("open", "colon") or w1 in values:
            continue
        unseen_common = WORD_PAIR_UNSEEN if words.listed(w1) and words.common(w1) else 0.0
        values[w1] = [DOCUMENT_PAIR_ABSENT, DOCUMENT_PAIR_ABSENT + unseen_common]
        exceptions[w1] = {
            w2: words.document_pair(w1, w2) + words.pair_score(w1, w2)
            for w2 in seen_after.get(w1, ())
        }
    return classes, values, exceptions


def continuity_matrix(features: list[PageEnds], words: TextEvidence) -> list[array]:
    """``score[i][j]``: evidence that page j follows page i (input prior not included).

    The sum of ``evidence_functions`` for every pair, computed row by row and
    only where a piece of evidence can apply, so 1,000 pages take seconds.
    """
    alternating = alternating_heads(features)
    global_labels = numbered_throughout(features)
    head_states = [f.head_state for f in features]
    numbered = [f for f in features if f.number is not None]
    noted = [f for f in features if (f.first_label is not None and not global_labels) or f.opens_with_continuation]
    shaped = [f for f in features if f.head_shape] if alternating else []
    closing = [f for f in features if f.head_quote == "inside"]
    quoted_heads = [f for f in features if f.head_state == "starts" and f.head[0] in OPENERS]
    split_heads = [f for f in features if f.head_state == "continues" and f.first_key]
    fragment_heads = [f for f in split_heads if not words.fragment_known(f.first_key)]
    classes, pair_values, pair_exceptions = word_pair_rows(features, words)
    by_key: dict[str, list[int]] = {}
    for f, cls in zip(features, classes):
        if cls >= 0:
            by_key.setdefault(f.first_key, []).append(f.index)
    no_pairs = [0.0, 0.0, 0.0]
    # Rows start from a template that depends only on the tail state and the
    # word-pair values of the tail word: built once per kind, then copied.
    templates: dict[tuple[str, tuple[float, ...]], array] = {}
    hyphen_heads = [(b.index, b.first_word if b.first_word and b.head[0] == b.first_word[0] else "") for b in features if b.head]
    matrix = []
    for a in features:
        # Index -1 of the class values is "no pair evidence": 0.
        open_end = a.tail_state in ("open", "colon") and a.last_word in pair_values
        per_class = pair_values[a.last_word] + [0.0] if open_end else no_pairs
        key = (a.tail_state, tuple(per_class))
        template = templates.get(key)
        if template is None:
            sentence_row = SENTENCE_TABLE.get(a.tail_state, {})
            template = templates[key] = array(
                "d", [sentence_row.get(state, 0.0) + COHESION_NONE + per_class[cls] for state, cls in zip(head_states, classes)]
            )
        row = array("d", template)  # 8 bytes a score: the table is n x n
        if a.hyphen_stem:
            for j, first_word in hyphen_heads:
                row[j] += words.hyphen_join(a.hyphen_stem, first_word) if first_word else HYPHEN_UNKNOWN_WORD
        if a.tail_state == "open" and a.last_word:
            for b in split_heads if not words.fragment_known(a.last_word) else fragment_heads:
                row[b.index] += split_word_score(a, b, words)[0]
        for b in features if a.tail_quote == "open" else closing:
            row[b.index] += quote_score(a, b)[0]
        if a.tail.endswith(","):
            for b in quoted_heads:
                row[b.index] += quote_introduced_score(a, b)[0]
        if open_end:
            for key, value in pair_exceptions[a.last_word].items():
                for j in by_key[key]:
                    row[j] += value - per_class[classes[j]]
        if a.number is not None:
            for b in numbered:
                row[b.index] += page_number_score(a, b)[0]
        for b in noted:
            row[b.index] += footnote_score(a, b, global_labels)[0]
        if a.head_shape:
            for b in shaped:
                row[b.index] += head_parity_score(a, b, alternating)[0]
        matrix.append(row)
    for i, j in words.similarity:
        matrix[i][j] += cohesion_score(features[i], features[j], words)[0] - COHESION_NONE
    for i in range(len(features)):
        matrix[i][i] = 0.0
    return matrix


def explain_pair(features: list[PageEnds], words: TextEvidence, i: int, j: int) -> list[str]:
    """The reasons behind ``score[i][j]``, for warnings and debugging."""
    return [reason for fn in evidence_functions(features, words) for value, reason in [fn(features[i], features[j])] if value and reason]


# ---------------------------------------------------------------- the pass
def with_prior(score: list[array]) -> tuple[list[array], list[float], list[float]]:
    """Add the input-order prior to the scores (in place); return scores, start and end prior."""
    n = len(score)
    prior = score
    for i in range(n - 1):
        prior[i][i + 1] += INPUT_ADJACENT
        prior[i + 1][i] += INPUT_REVERSED
    start = [0.0] * n
    end = [0.0] * n
    if n:
        start[0] += INPUT_FIRST
        end[-1] += INPUT_LAST
    return prior, start, end


def boundary_margins(score: list[list[float]], order: list[int]) -> list[float]:
    """For each boundary a -> b of the order: how much it beats the best rival
    successor of a and the best rival predecessor of b."""
    columns = [array("d", col) for col in zip(*score)]

    def best_rival(values: MutableSequence[float], own: int, other: int) -> float:
        # The best value apart from the page itself and the chosen neighbour.
        saved = values[own], values[other]
        values[own] = values[other] = -math.inf
        rival = max(values)
        values[own], values[other] = saved
        return rival if rival > -math.inf else 0.0

    margins = []
    for a, b in zip(order, order[1:]):
        rival = max(best_rival(score[a], a, b), best_rival(columns[b], b, a))
        margins.append(score[a][b] - rival)
    return margins


def confidence(margin: float) -> float:
    """A margin on the log-odds scale as a 0..1 confidence."""
    return round(1.0 / (1.0 + math.exp(-margin)), 4)


def solve_order(features: list[PageEnds], words: TextEvidence) -> tuple[list[int], list[list[float]]]:
    """The best reading order and the scores (with prior) it was chosen from."""
    evidence = continuity_matrix(features, words)
    score, start, end = with_prior(evidence)
    known = [f.number for f in features if f.number is not None]
    lowest = min(known) if known else None
    highest = max(known) if known else None
    for i, f in enumerate(features):
        start[i] += start_score(f, lowest)
        end[i] += end_score(f, highest)
    unnumbered = [i for i, f in enumerate(features) if f.number is None]
    if len(unnumbered) == 1 and len(features) > 2:
        styles = {n[0] for n in known}
        values = sorted(n[1] for n in known)
        if len(styles) == 1 and values == list(range(values[0], values[0] + len(values))):
            if values[0] > 1:
                start[unnumbered[0]] += UNNUMBERED_END
            else:
                end[unnumbered[0]] += UNNUMBERED_END
    labels = note_labels(features)
    order = best_path(score, start, end, CHAIN_MIN_SCORE, labels, LABEL_DESCENT_PENALTY)
    return keep_input_where_weak(order, score, start, end, KEEP_INPUT_MARGIN, labels, LABEL_DESCENT_PENALTY), score


# A footnote label that goes backwards along the reading order (note 1 after
# note 17) is nearly impossible in a book numbered throughout, and so is a
# chapter number (Chapter 14 after Chapter 15). The search
# charges this for every labelled page that opens at or below a label read
# before it, across pages without notes too: worth two strong hints.
LABEL_DESCENT_PENALTY = 6.0


def numbered_throughout(features: list[PageEnds]) -> bool:
    """Labels numbered through the document, not restarting on every page."""
    firsts = [f.first_label for f in features if f.first_label is not None]
    return len(firsts) >= 3 and len(set(firsts)) == len(firsts)


def note_labels(features: list[PageEnds]) -> list[tuple[int, int] | None] | None:
    """Each page's (first, last) rank in a series that rises through the document, for the search.

    Note labels numbered throughout when there are any (many per book, so
    they place more pages), else the numbers of its numbered headings.
    """
    if not numbered_throughout(features):
        spans = [f.section_span for f in features]
        return spans if any(spans) else None
    return [(f.first_label, f.last_label) if f.first_label is not None and f.last_label is not None else None for f in features]


# Every ordered pair of pages is scored, so the work grows with the square of
# the page count: 1,000 pages take about 4-5 s of CPU and a few hundred MB here
# (benchmarks/order_benchmark.py --large-only).
# Longer inputs (a whole library in one file) keep their input order, with a
# warning, so that time stays linear in the input size.
MAX_ORDERED_PAGES = 1000


@register("order")
def order_pass(doc: Document, ctx: Context) -> None:
    n = len(doc.pages)
    too_many = n > MAX_ORDERED_PAGES
    if ctx.options.get("order", "auto") == "keep" or n < 2 or too_many:
        doc.page_order = list(range(n))
        doc.boundary_scores = [1.0] * max(0, n - 1)
        if too_many and ctx.options.get("order", "auto") != "keep":
            doc.warnings.append(
                f"order: {n} pages is more than the {MAX_ORDERED_PAGES} reflow reorders; input order kept"
            )
        return
    vocab = ctx.vocabulary(doc)
    features = page_features(doc, vocab)
    pairs = document_pairs(doc, {f.last_word for f in features if f.last_word})
    lexicon = ctx.lexicon_for(doc)
    words = TextEvidence(lexicon, vocab, pairs, cohesion(doc, lexicon))
    words.load_bigrams()
    order, score = solve_order(features, words)
    doc.page_order = order
    margins = boundary_margins(score, order)
    doc.boundary_scores = [confidence(m) for m in margins]
    weak = [k for k, m in enumerate(margins) if m < WEAK_MARGIN]
    if order != list(range(n)):
        moved = sum(1 for a, b in zip(order, order[1:]) if b != a + 1)
        doc.warnings.append(f"order: pages reordered ({moved} of {n - 1} boundaries differ from the input)")
    if weak:
        spots = ", ".join(
            f"{order[k]}->{order[k + 1]} ({'; '.join(explain_pair(features, words, order[k], order[k + 1])) or 'no evidence'})"
            for k in weak[:WEAK_LISTED]
        )
        more = f" and {len(weak) - WEAK_LISTED} more" if len(weak) > WEAK_LISTED else ""
        doc.warnings.append(
            f"order: weak evidence at {len(weak)} page boundaries ({spots}{more}); "
            "where nothing decides, the input order is kept"
        )
