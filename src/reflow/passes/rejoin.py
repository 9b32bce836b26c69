"""Rejoin: take out the spaces an extractor put inside words.

pdfminer.six reads some typeset text (groff's Times, kerned and justified)
with a space wherever two letters stand a little apart: "w ant", "mone y",
"fiv e", "a vec", "v a loir"; OCR does the same. A run of two or three
tokens is joined when the word they make is far more probable than the
tokens as words of their own, on the segment pass's unigram scale (log10 p =
zipf - 9), each spurious space costing SPURIOUS_SPACE_LOG10:

* joined: log10 p(word) + (pieces - 1) * SPURIOUS_SPACE_LOG10;
* apart: the sum of the pieces' log10 p, a piece no list knows scored as
  the segment pass scores an unknown token, a single letter that is no word
  of the language ("w", "e") as NONWORD_LETTER_LOG10.

Two real words stay apart however common their join ("a version",
"else where", "to day", "any one": the pair is always the likelier), and a
word the lexicon does not list is never made. The join must win by
EVIDENCE_MARGIN where the document writes the word whole elsewhere, else by
the wider NO_EVIDENCE_MARGIN. A space no language sets before a comma, a
full stop or a closing quotation mark goes too (SPACED_MARK_RE). Where
these joins show the extractor spaced the whole text, the document's own
counts join pieces the lexicon lists as words too ("ha ve", "mark et":
SPACED_JOINS_PER_1000).

The pass reads the lines of a flow as the output will write them
(stripped and joined by their joins: pages in order, line-break hyphens
decided), so a word cut at a line or page break ("R" | "ussian") is read as
a second run over the output reads it; and it runs before the segment
pass, whose context splits must see the words it makes ("i" | "n away" is
"in away", then "in a way").
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import regex

from ..document import BLANK, JOIN_NONE, JOIN_PARAGRAPH, Document, Line
from ..lexicon import WORD_RE, Lexicon, Vocabulary, normalize_word
from ..pipeline import Context, register
from .segment import (
    PLAIN_LEADING as LEADING, PLAIN_TRAILING as TRAILING, SegmentModel, segment_flow, segment_token, word_log10,
)

# A spurious space is rare in clean text and common only in a few
# extractions: at this prior per word boundary two real words stay apart
# whatever they make ("to day": -4.8 apart against "today" -7.1 joined;
# "a version": -5.7 against -9.8), while a fragment does not ("fiv e": -18
# apart against "five" -7.4).
SPURIOUS_SPACE_LOG10 = -4.0
# A single letter that the language never writes alone as a word (English
# "w", "e"; its one_letter_words are words): about as rare as a word
# wordfreq barely lists. Letters stand alone as variables and list marks too,
# so such a join also needs the document's evidence or the wide margin.
NONWORD_LETTER_LOG10 = -7.0
# The join must win by this many decades when the document writes the joined
# word whole elsewhere...
EVIDENCE_MARGIN = 1.0
# ...and by this many when it does not ("fiv e" five times, "five" never:
# 10 decades).
NO_EVIDENCE_MARGIN = 3.0
# The joined word must be listed at least this commonly: a join never makes
# a rare word or a typo (wordfreq's typos cluster below zipf 2); a name
# listed this commonly it may make ("S harkey" -> "Sharkey", 2.6).
# "expediency" (2.9) and "inconveniences" (2.7) are made.
JOINED_MIN_ZIPF = 2.5
# Pieces joined at most: "v a loir" is the most seen.
MAX_PIECES = 3
# Every join has a weak piece: a single letter that is no word, or a token
# listed below this (typos, fragments: "fiv", "mone", "vellers"). Pieces
# that are words ("a version", "any one") are left apart whatever they make;
# so are "fix ed" and "ha ve", whose pieces wordfreq lists at zipf 4.6-4.8
# (the unigram scores could not tell them from two words anyway). Reading
# only the paragraphs that hold a weak piece keeps the pass fast.
WEAK_PIECE_ZIPF = 3.0

# A piece: its letters (core), the marks that may stand round a word, and
# before the letters of a run's first piece an elided word ("l’" of "l’a
# vait", "d’" of "d’ef fraya"), which JoinModel.piece checks against the
# language's elisions (dictionaries/<lang>/elisions.txt).
PIECE_RE = regex.compile(
    rf"^(?P<lead>[{regex.escape(LEADING)}]*)(?P<elided>\p{{L}}+[’'])?(?P<core>\p{{L}}+)"
    rf"(?P<trail>[{regex.escape(TRAILING)}]*)$"
)
# Tokens as pieces are read: whitespace runs part them, and so do the points
# where the segment pass, running after, may cut a token: punctuation glued
# to a letter ("harkey,Nestor", "this.They") and a small letter before a
# capital ("RedA"). A second run reads the pieces segment made ("S harkey,
# Nestor", "Red A rmy"), so the first must read them too.
# A match is the mark before a cut or the capital after one, and
# token_spans cuts after the mark or before the capital: the pattern scans
# for those characters first (lookbehinds tried at every position made it
# six times slower).
GLUE_POINT_RE = regex.compile(r"[.,;:!?](?=\p{L})|\p{Lu}(?<=\p{Ll}\p{Lu})")
ELIDED_RE = regex.compile(r"(\p{L}+)[’']")  # an elided word before a piece's letters
WHITESPACE_TOKEN_RE = regex.compile(r"[^\s\x1c-\x1f]+")  # str.split()'s tokens


def token_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text``'s tokens, cut at GLUE_POINT_RE's points too."""
    spans = []
    for m in WHITESPACE_TOKEN_RE.finditer(text):
        start, end = m.span()
        for match in GLUE_POINT_RE.finditer(text, start, end):
            cut = match.end() if match.group() in ".,;:!?" else match.start()
            if cut > start:
                spans.append((start, cut))
                start = cut
        spans.append((start, end))
    return spans


def split_tokens(text: str) -> list[str]:
    """``text``'s tokens as token_spans reads them (str.split when nothing is glued)."""
    if GLUE_POINT_RE.search(text) is None:
        return text.split()
    return [text[a:b] for a, b in token_spans(text)]


def may_be_cut(token: str) -> bool:
    """Whether GLUE_POINT_RE may cut the token: a string test that rules out
    most tokens (all one case, or one capital then small letters, and no mark
    before its last character) before the pattern is asked."""
    if not (token.islower() or token.isupper() or token.istitle()):
        return True
    head = token[:-1]
    return any(mark in head for mark in ".,;:!?")


# Whitespace as str.split() reads it, as the output writes it (a space):
# regex's \s leaves out the separators \x1c-\x1f, which str.split() cuts at.
SPACE = r"[\s\x1c-\x1f]"

# Spaces no language sets, which pdfminer leaves where a mark is kerned
# away from the word: before a comma ("financier ,"), before a full stop
# after a word ("Güter .", "Mr .", but not in a spaced ellipsis ". . ."),
# and before a closing double quote after sentence punctuation ("it. ”").
# What every match of SPACED_MARK_RE holds: a cheap test first.
SPACE_BEFORE_MARK_RE = regex.compile(SPACE + r"[,.”]")
# The same in a text with no separator \x1c-\x1f, and twice as fast: what a
# paragraph of a book is scanned with (see space_before_mark_offsets).
SEPARATORS = "\x1c\x1d\x1e\x1f"
PLAIN_SPACE_BEFORE_MARK_RE = regex.compile(r"\s[,.”]")
SPACED_MARK_RE = regex.compile(
    rf"(?<=[\p{{L}}\p{{N}}”’\"')\]])({SPACE}+)(?=,(?:{SPACE}|$))"
    rf"|(?<=\p{{L}})({SPACE}+)(?=\.(?!{SPACE}*\.)(?:{SPACE}|$|\[\^|[”’\"')\]]))"
    rf"|(?<=[.,!?;:])({SPACE}+)(?=”(?:{SPACE}|$))"
)


def space_before_mark_offsets(text: str) -> list[int]:
    """Where ``text`` has a space before a comma, a full stop or a closing quote."""
    separated = any(separator in text for separator in SEPARATORS)
    return [m.start() for m in (SPACE_BEFORE_MARK_RE if separated else PLAIN_SPACE_BEFORE_MARK_RE).finditer(text)]


class JoinModel:
    """The per-document scores a join decision reads, cached per piece."""

    def __init__(self, lex: Lexicon, vocab: Vocabulary) -> None:
        self.lex = lex
        self.vocab = vocab
        self.one_letter = frozenset(normalize_word(w) for w in lex.words("one_letter_words"))
        self._log10: dict[str, float] = {}
        self._weak_tokens: dict[str, bool] = {}
        # Words no piece is weak at: a token found here is settled by one set
        # lookup (most tokens of any text); the others by weak().
        self.words = lex.frequent_words(WEAK_PIECE_ZIPF)
        self.joinable = lex.frequent_words(JOINED_MIN_ZIPF)  # what a join may make
        self.made: set[str] = set()  # words this pass made, evidence as the document's own
        self.elisions = frozenset(e.lower() for e in lex.words("elisions"))

    def piece(self, token: str) -> regex.Match[str] | None:
        """``token`` read as a piece (PIECE_RE), or None; an elided word
        before its letters must be one of the language's."""
        m = PIECE_RE.match(token)
        if m is not None and m.group("elided") and m.group("elided")[:-1].lower() not in self.elisions:
            return None
        return m

    def letters(self, text: str) -> str:
        """The letters a run of pieces spells, lower case: without the marks
        round it or an elided word before it."""
        bare = text.lstrip(LEADING).rstrip(TRAILING).lower()
        if self.elisions:
            m = ELIDED_RE.match(bare)
            if m is not None and m.group(1) in self.elisions:
                return bare[m.end():]
        return bare

    def piece_log10(self, core: str) -> float:
        key = normalize_word(core)
        value = self._log10.get(key)
        if value is None:
            if len(key) == 1 and key not in self.one_letter:
                value = NONWORD_LETTER_LOG10
            else:
                value = word_log10(self.lex.zipf(key), len(key))
            self._log10[key] = value
        return value

    def weak(self, core: str) -> bool:
        """A piece that may be part of a word a space cut (see WEAK_PIECE_ZIPF)."""
        return self.piece_log10(core) < WEAK_PIECE_ZIPF - 9

    def weak_token(self, token: str) -> bool:
        """A whitespace token whose letters are a weak piece (cached per token)."""
        value = self._weak_tokens.get(token)
        if value is None:
            bare = token.lstrip(LEADING).rstrip(TRAILING)
            if len(bare) > 1 and (token in self.words or bare.lower() in self.words):
                value = False  # a word as it stands, or with its punctuation and capital
            else:
                m = self.piece(token)
                value = m is not None and self.weak(m.group("core"))
            self._weak_tokens[token] = value
        return value

    def weak_pieces(self, tokens: set[str]) -> tuple[set[str], set[str]]:
        """The weak pieces of ``tokens`` that may start or end a word a join
        makes, and the tokens that hold one (a token cut at a glue point
        holds several pieces).

        A word as it stands, or with a capital and its punctuation, one set
        lookup settles (most tokens of any text): weak_token's first test,
        inlined here to spare a call per distinct token."""
        words = self.words
        weak: set[str] = set()
        holding: set[str] = set()
        for token in tokens:
            if token in words and len(token) > 1 and token.isalpha():
                continue  # a small-letter word (a lone letter may be no word: "w"), never cut
            cut = may_be_cut(token)
            bare = token.lstrip(LEADING).rstrip(TRAILING)
            if not cut and len(bare) > 1 and bare.lower() in words:
                continue
            pieces = split_tokens(token) if cut else (token,)
            found = [p for p in pieces if self.weak_token(p) and self.may_start_or_end(p)]
            if found:
                weak.update(found)
                holding.add(token)
        return weak, holding

    def may_start_or_end(self, token: str) -> bool:
        """Whether the token's letters start or end a longer word a join may
        make ("fiv" of "five", "y" of "money"): a weak piece that does
        neither is never part of a join, and its lines are not read."""
        m = self.piece(token)
        if m is None:
            return False
        key = m.group("core").lower()
        forward, backward = _affix_index(self.joinable)
        return _has_longer(forward, key) or _has_longer(backward, key[::-1])

    def join_scores(self, cores: list[str]) -> tuple[float, float] | None:
        """(joined log10 p, apart log10 p) of a run of pieces, or None when the
        joined word is not listed commonly enough to be made."""
        z = self.lex.zipf("".join(cores))
        if z < JOINED_MIN_ZIPF:
            return None
        joined = z - 9 + (len(cores) - 1) * SPURIOUS_SPACE_LOG10
        return joined, sum(self.piece_log10(c) for c in cores)

    def evidence(self, word: str) -> bool:
        """The document writes the word whole elsewhere (or this pass made it there)."""
        return self.vocab.count(word) > 0 or normalize_word(word) in self.made


@lru_cache(maxsize=4)
def _affix_index(words: frozenset[str]) -> tuple[list[str], list[str]]:
    """The words sorted, and sorted written backwards: a prefix and a suffix
    test each is one binary search (built once per word set, about 30 ms)."""
    return sorted(words), sorted(w[::-1] for w in words)


def _has_longer(ordered: list[str], start: str) -> bool:
    """Some word of ``ordered`` starts with ``start`` and is longer."""
    k = bisect_left(ordered, start)
    if k < len(ordered) and ordered[k] == start:
        k += 1
    return k < len(ordered) and ordered[k].startswith(start)


def _shape_fits(parts: list[regex.Match[str]]) -> bool:
    """Pieces of one word: letters only inside, opening marks only before the
    first, closing ones only after the last; lower case after the first letter."""
    last = len(parts) - 1
    for i, m in enumerate(parts):
        if (i > 0 and (m.group("lead") or m.group("elided"))) or (i < last and m.group("trail")):
            return False
        core = m.group("core")
        if i == 0:
            if not (core.islower() or (core[0].isupper() and (len(core) == 1 or core[1:].islower()))):
                return False
        elif not core.islower():
            return False
    return True


@dataclass
class Candidate:
    """A run of tokens (indices first..first + len(spans) - 1) that may be one word."""

    first: int
    spans: list[tuple[int, int]]
    cores: list[str]
    joined: float
    apart: float
    # Set for a join the document's own counts decide (see spaced_candidates):
    # log10 of how much more often it writes the word whole than any piece alone.
    counted: float | None = None

    @property
    def word(self) -> str:
        return "".join(self.cores)

    @property
    def gain(self) -> float:
        return self.counted if self.counted is not None else self.joined - self.apart

    @property
    def reason(self) -> str:
        if self.counted is not None:
            return (f"'{self.word}' written whole 10^{self.counted:.1f} times as often as any of "
                    f"{' + '.join(self.cores)} alone, in a text the extractor spaced")
        return (f"'{self.word}' log10 p {self.joined:.1f} with {len(self.cores) - 1} spurious space(s) > "
                f"apart {self.apart:.1f} ({' + '.join(self.cores)})")

    def wins(self, model: JoinModel) -> bool:
        if self.counted is not None:
            return True
        margin = EVIDENCE_MARGIN if model.evidence(self.word) else NO_EVIDENCE_MARGIN
        return self.joined > self.apart + margin


def candidates(text: str, model: JoinModel) -> list[Candidate]:
    """Every run of two or three tokens of a paragraph's text that holds a weak
    piece and whose letters make a listed word (a set lookup first)."""
    spans = token_spans(text)
    weak = [k for k, (a, b) in enumerate(spans) if model.weak_token(text[a:b])]
    found = []
    runs = sorted({(i, k) for w in weak for i in range(max(0, w - MAX_PIECES + 1), w + 1)
                   for k in range(max(2, w - i + 1), min(MAX_PIECES, len(spans) - i) + 1)})
    for i, k in runs:
        run = spans[i : i + k]
        if model.letters("".join(text[a:b] for a, b in run)) not in model.joinable:
            continue
        cores = run_cores([model.piece(text[a:b]) for a, b in run])
        scores = model.join_scores(cores) if cores else None
        if scores is not None:
            found.append(Candidate(i, run, cores, *scores))  # type: ignore[arg-type]
    return found


def run_cores(parts: list[regex.Match[str] | None]) -> list[str] | None:
    """The letters of each piece of a run read as one word's pieces
    (JoinModel.piece, :func:`_shape_fits`), or None."""
    if any(m is None for m in parts) or not _shape_fits(parts):  # type: ignore[arg-type]
        return None
    return [m.group("core") for m in parts]  # type: ignore[union-attr]


# A text the extractor spaced (pdfminer on kerned type: "ha ve", "fix ed",
# "mark et") shows it: the joins decided on frequencies make at least this
# many words per thousand (3 to 4 in such extractions of the dev books,
# 0.2 at most in any other). In such a text the pieces wordfreq lists as
# words ("ha" 4.1, "mark" 4.9) are fragments too, and the document's own
# counts decide: a run is joined when the document writes the word whole
# at least SPACED_WORD_SEEN times and more often than it writes any of its
# pieces alone ("have" 200 times, "ha" twice), so two words of their own
# ("a version", "any one", "to wn") stay apart.
SPACED_JOINS_PER_1000 = 1.0
SPACED_WORD_SEEN = 2


def spaced_runs(text: str, model: JoinModel) -> list[tuple[int, list[tuple[int, int]], list[str]]]:
    """The runs of two or three tokens of a paragraph's text that are shaped
    as one word's pieces and spell a word a join may make: (first token,
    spans, letters of each piece)."""
    spans = token_spans(text)
    parts = [model.piece(text[a:b]) for a, b in spans]
    found = []
    for i in range(len(spans) - 1):
        for k in range(2, min(MAX_PIECES, len(spans) - i) + 1):
            cores = run_cores(parts[i : i + k])
            if cores and normalize_word("".join(cores)) in model.joinable:
                found.append((i, spans[i : i + k], cores))
    return found


def alike_key(cores: list[str]) -> tuple[str, ...]:
    """What runs spaced alike share: their pieces' letters, normalised."""
    return tuple(normalize_word(core) for core in cores)


def spaced_candidate(
    first: int, spans: list[tuple[int, int]], cores: list[str], model: JoinModel, spaced_alike: int,
) -> Candidate | None:
    """The run as a join the document's counts decide (in a text the
    extractor spaced), or None. ``spaced_alike``: how often the document
    has these pieces so spaced.

    The document writes the word whole at least SPACED_WORD_SEEN times and
    more often than any piece alone ("have" 200 times, "ha" twice); or it
    writes the word whole and no piece anywhere but in runs spaced alike
    ("fix ed" beside "fixed"). A word it never writes whole stays apart:
    "per cent" may be all it writes ("percent" is listed as commonly).
    """
    word = "".join(cores)
    scores = model.join_scores(cores)
    if scores is None:
        return None
    seen = model.vocab.count(word)
    counts = [model.vocab.count(core) for core in cores]
    keys = alike_key(cores)
    if seen >= SPACED_WORD_SEEN and max(counts) < seen:
        counted = math.log10(seen / max(max(counts), 1))
    elif seen and all(count <= spaced_alike * keys.count(key) for count, key in zip(counts, keys)):
        counted = math.log10(1 + seen + spaced_alike)
    else:
        return None
    return Candidate(first, spans, cores, *scores, counted=counted)


def best_joins(found: list[Candidate], model: JoinModel) -> list[Candidate]:
    """The winning runs that together gain most, none overlapping ("of f
    acilitating" is "of facilitating", not "off acilitating")."""
    winners = [c for c in found if c.wins(model)]
    if not winners:
        return []
    end = max(c.first + len(c.spans) for c in winners)
    starting: dict[int, list[Candidate]] = {}
    for c in winners:
        starting.setdefault(c.first, []).append(c)
    gain = [0.0] * (end + 1)  # best total gain of the tokens from i on
    choice: list[Candidate | None] = [None] * (end + 1)  # the run starting at i in that best, if any
    for i in range(end - 1, -1, -1):
        gain[i] = gain[i + 1]
        for c in starting.get(i, ()):
            value = gain[i + len(c.spans)] + c.gain
            if value > gain[i]:
                gain[i], choice[i] = value, c
    chosen = []
    i = 0
    while i < end:
        c = choice[i]
        if c is None:
            i += 1
        else:
            chosen.append(c)
            i += len(c.spans)
    return chosen


class Paragraph:
    """Consecutive text lines of a flow as the output writes them (stripped
    and joined by their joins), with the way back from the text to the lines."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.starts: list[int] = []  # offset of each line's text in self.text
        self.leads: list[int] = []  # whitespace each line's text starts with
        pieces = []
        at = 0
        for k, line in enumerate(lines):
            text = line.text
            stripped = text.strip()
            self.starts.append(at)
            self.leads.append(len(text) - len(text.lstrip()))
            pieces.append(stripped)
            at += len(stripped)
            if k + 1 < len(lines):
                pieces.append(line.join)
                at += len(line.join)
        self.text = "".join(pieces)

    def locate(self, offset: int) -> tuple[int, int]:
        """(line index, offset in that line's text) of a paragraph offset."""
        k = bisect_right(self.starts, offset) - 1
        return k, self.leads[k] + offset - self.starts[k]

    def input_span(self, start: int, end: int) -> tuple[int, int]:
        (i, a), (j, b) = self.locate(start), self.locate(end - 1)
        return self.lines[i].raw_span(a, a + 1)[0], self.lines[j].raw_span(b, b + 1)[1]

    def remove(self, gaps: list[tuple[int, int]]) -> None:
        """Take out the whitespace ``gaps`` (paragraph offsets): inside a line
        from its text, between two lines by joining them with nothing."""
        inner: dict[int, list[tuple[int, int]]] = {}
        for start, end in gaps:
            k, a = self.locate(start)
            line_end = self.starts[k] + len(self.lines[k].text.strip())
            if start >= line_end:
                self.lines[k].join = JOIN_NONE  # the gap is the join to the next line
            else:
                inner.setdefault(k, []).append((a, a + end - start))
        for k, cuts in inner.items():
            # One edit of the line from its first gap to its last: a line
            # with many gaps is rewritten once, not once per gap.
            cuts.sort()
            text = self.lines[k].text
            lo, hi = cuts[0][0], cuts[-1][1]
            kept = [text[b:c] for (_, b), (c, _) in zip(cuts, cuts[1:])]
            self.lines[k].replace(lo, hi, "".join(kept))


def rejoin_paragraph(doc: Document, para: Paragraph, joins: list[Candidate]) -> None:
    """Record the joins and the spaces before marks in text order, then take the spaces out."""
    text = para.text
    gaps: list[tuple[int, int]] = []
    edits: list[tuple[int, tuple[int, int], str, str, str, float | None]] = []  # (offset, span, before, after, reason, score)
    for c in joins:
        start, end = c.spans[0][0], c.spans[-1][1]
        edits.append((
            start, para.input_span(start, end), text[start:end], "".join(text[a:b] for a, b in c.spans),
            c.reason, round(c.gain, 2),
        ))
        gaps += [(c.spans[j][1], c.spans[j + 1][0]) for j in range(len(c.spans) - 1)]
    for match in SPACED_MARK_RE.finditer(text):
        a, b = match.span(match.lastindex or 1)
        mark = text[b]
        edits.append((a - 1, para.input_span(a - 1, b + 1), text[a - 1 : b + 1], text[a - 1] + mark,
                      f"no language sets a space before '{mark}' here", None))
        gaps.append((a, b))
    for offset, span, before, after, reason, score in sorted(edits, key=lambda e: e[0]):
        doc.record("rejoin", span, before, after, reason, score, para.lines[para.locate(offset)[0]].number)
    para.remove(gaps)


def join_again(
    doc: Document, para: Paragraph, model: JoinModel,
    accept: Callable[[Candidate, Paragraph], bool] = lambda c, para: True,
) -> None:
    """Read a window again as its joins left it, and join what it now holds,
    until nothing more joins: a join makes runs of pieces that were too long
    before ("M al lorc a" is four pieces; once "lorca" is made, "M al lorca"
    is three), which a second run over the output would join. Each round
    takes out a space, so the rounds end."""
    while True:
        para = Paragraph(para.lines)
        joins = best_joins([c for c in candidates(para.text, model) if accept(c, para)], model)
        if not joins:
            return
        model.made |= {normalize_word(c.word) for c in joins}
        rejoin_paragraph(doc, para, joins)


def joined_text(texts: list[str], lines: list[Line]) -> str:
    """The text ``lines`` (their texts ``texts``) make as the output writes
    them: each stripped and followed by its join (Paragraph.text, with the
    last line's join too, which parts no token)."""
    return "".join(text.strip() + line.join for text, line in zip(texts, lines))


def paragraphs_of(flow: list[Line]) -> list[list[Line]]:
    """A flow's text lines, cut where a paragraph ends (JOIN_PARAGRAPH).

    Blank lines cut nothing: the paragraphs pass, which runs later, joins
    across many of them (a page's top and bottom, a page left empty), and a
    second run reads the lines it joined as one. Reading too far is safe, a
    join once made stays; reading too little is not."""
    out: list[list[Line]] = [[]]
    for line in flow:
        if line.role == BLANK or not line.text.strip():
            continue
        out[-1].append(line)
        if line.join == JOIN_PARAGRAPH:
            out.append([])
    return [p for p in out if p]


def may_join(tokens: list[str], weak: set[str], model: JoinModel) -> bool:
    """Some run of tokens with a ``weak`` piece spells a word a join may make:
    a cheap test on a window's tokens before it is read with positions."""
    for w in [w for w, token in enumerate(tokens) if token in weak]:
        for i in range(max(0, w - MAX_PIECES + 1), w + 1):
            for k in range(max(2, w - i + 1), min(MAX_PIECES, len(tokens) - i) + 1):
                if model.letters("".join(tokens[i : i + k])) in model.joinable:
                    return True
    return False


def line_token_starts(lines: list[Line], texts: list[str]) -> list[int]:
    """For each line of a paragraph, the index in the paragraph's tokens (its
    text as the lines make it, split at whitespace) of the first token that
    starts on the line: a line joined to the last with nothing (JOIN_NONE)
    starts with the end of that line's last token."""
    starts, count = [], 0
    for k, text in enumerate(texts):
        starts.append(count)
        count += len(text.split()) - (k > 0 and lines[k - 1].join == JOIN_NONE)
    return starts


def reading_windows(
    lines: list[Line], texts: list[str], text: str, tokens: list[str], model: JoinModel,
    holding: set[str], weak: set[str],
) -> list[list[Line]]:
    """The runs of a paragraph's lines that may hold something to do.

    A token holding a weak piece (``holding``; ``tokens`` are the paragraph
    ``text``'s whitespace tokens, a word running on over joined line ends
    read whole) is read with MAX_PIECES - 1 tokens on each side, when some
    run of them may make a word (:func:`may_join`); a space before a mark
    is read with the line after it. Each run is widened to whole tokens (a
    line joined to the next with nothing reads on), and runs that touch are
    read as one. Only these lines are read token by token: before the
    paragraphs pass a "paragraph" may be every line of a book, and most
    weak tokens ("abate", "Mr.") are words no neighbour joins.
    ``texts``: the lines' texts."""
    reach = MAX_PIECES - 1
    spans: list[tuple[int, int]] = []  # (first token, last token) to read
    for i in [i for i, token in enumerate(tokens) if token in holding]:
        lo, hi = max(0, i - reach), min(len(tokens) - 1, i + reach)
        if may_join(split_tokens(" ".join(tokens[lo : hi + 1])), weak, model):
            spans.append((lo, hi))
    ranges: list[tuple[int, int]] = []  # (first line, last line) to read
    if spans:
        starts = line_token_starts(lines, texts)
        for lo, hi in spans:
            ranges.append((bisect_right(starts, lo) - 1, bisect_right(starts, hi) - 1))
    marks = space_before_mark_offsets(text)
    if marks:
        offsets, at = [], 0  # where each line's text starts in ``text``
        for line_text, line in zip(texts, lines):
            offsets.append(at)
            at += len(line_text.strip()) + len(line.join)
        for offset in marks:
            k = bisect_right(offsets, offset) - 1
            ranges.append((k, min(k + 1, len(lines) - 1)))
    return line_windows(lines, ranges)


def line_windows(lines: list[Line], ranges: list[tuple[int, int]]) -> list[list[Line]]:
    """The runs of ``lines`` the (first, last) line ``ranges`` cover, each
    widened to whole tokens (a line joined to the next with nothing reads
    on), runs that touch read as one."""
    out: list[list[Line]] = []
    last = -2  # the last line read so far
    for first, end in sorted(ranges):
        while first > 0 and lines[first - 1].join == JOIN_NONE:
            first -= 1
        while end + 1 < len(lines) and lines[end].join == JOIN_NONE:
            end += 1
        if first <= last + 1 and out:
            out[-1].extend(lines[last + 1 : end + 1])
        else:
            out.append(lines[first : end + 1])
        last = max(last, end)
    return out


# Rounds of decisions at most: a word one join makes is evidence for others
# (see rejoin_pass). Evidence only grows, so the rounds stop as soon as one
# makes no new word; this bounds them.
MAX_ROUNDS = 3


@register("rejoin")
def rejoin_pass(doc: Document, ctx: Context) -> None:
    """Find the candidate runs of every paragraph, decide them until the words
    made stop changing (each is evidence for the others, as the document's
    own words are on a second run over the output), then join."""
    if not ctx.frequencies_apply(doc):
        return
    model = JoinModel(ctx.lexicon_for(doc), ctx.vocabulary(doc))
    work: list[tuple[Paragraph, list[Candidate], bool]] = []
    words = 0
    for flow in doc.flows():
        paragraphs = paragraphs_of(flow)
        line_texts = [[ln.text for ln in lines] for lines in paragraphs]
        texts = [joined_text(tl, lines) for tl, lines in zip(line_texts, paragraphs)]
        tokens = [text.split() for text in texts]
        words += sum(map(len, tokens))
        types: set[str] = set().union(*tokens)
        # Weak pieces, and the whitespace tokens that hold one (a token cut
        # at a glue point holds several pieces): read per distinct token.
        weak, holding = model.weak_pieces(types)
        del types
        for lines, lines_text, text, para_tokens in zip(paragraphs, line_texts, texts, tokens):
            for window in reading_windows(lines, lines_text, text, para_tokens, model, holding, weak):
                para = Paragraph(window)
                pieces = split_tokens(para.text)
                joinable = not weak.isdisjoint(pieces) and may_join(pieces, weak, model)
                spaced_mark = (SPACE_BEFORE_MARK_RE.search(para.text) is not None
                               and SPACED_MARK_RE.search(para.text) is not None)
                if joinable or spaced_mark:
                    work.append((para, candidates(para.text, model) if joinable else [], spaced_mark))
    chosen: list[list[Candidate]] = []
    for _ in range(MAX_ROUNDS):
        chosen = [best_joins(found, model) for _, found, _ in work]
        made = {normalize_word(c.word) for joins in chosen for c in joins}
        if made <= model.made:
            break
        model.made |= made
    for (para, found, spaced_mark), joins in zip(work, chosen):
        if joins or spaced_mark:
            rejoin_paragraph(doc, para, joins)
        if joins:
            join_again(doc, para, model)
        if any(not c.wins(model) and c.joined > c.apart + EVIDENCE_MARGIN for c in found):
            doc.undecided_joins.append(para.lines)
    joined = sum(map(len, chosen))
    if joined and joined >= SPACED_JOINS_PER_1000 * words / 1000:
        rejoin_spaced(doc, model)


def rejoin_spaced(doc: Document, model: JoinModel) -> None:
    """In a text the extractor spaced, join the runs the document's own
    counts decide (see spaced_candidate), every paragraph read once."""
    paragraphs = [Paragraph(lines) for flow in doc.flows() for lines in paragraphs_of(flow)]
    runs = [spaced_runs(para.text, model) for para in paragraphs]
    alike = Counter(alike_key(cores) for found in runs for _, _, cores in found)
    for para, found in zip(paragraphs, runs):
        decided = [spaced_candidate(first, spans, cores, model, alike[alike_key(cores)]) for first, spans, cores in found]
        joins = best_joins([c for c in decided if c is not None], model)
        if joins:
            rejoin_paragraph(doc, para, joins)


# Lines read on each side of a line the segment pass split a token on: a
# piece it made joins a fragment on the same line or the next ("ofworkerswer"
# | "e" across a page break), and a run has at most MAX_PIECES tokens.
SPLIT_READ_LINES = MAX_PIECES - 1
# Rounds of segment and rejoin over a window rejoin_split has joined in, at
# most: each needs a split the last round's joins made possible.
MAX_RESPLIT_ROUNDS = 3


def split_windows(lines: list[Line], split_lines: set[int]) -> list[list[Line]]:
    """The runs of a paragraph's lines around the lines whose input line
    number is in ``split_lines`` (see :func:`line_windows`)."""
    return line_windows(lines, [
        (max(0, k - SPLIT_READ_LINES), min(len(lines) - 1, k + SPLIT_READ_LINES))
        for k, line in enumerate(lines) if line.number in split_lines
    ])


@register("rejoin_split")
def rejoin_split_pass(doc: Document, ctx: Context) -> None:
    """Join what a split of the segment pass left beside a fragment.

    The rejoin pass runs before segment (whose context splits must see the
    words it makes), so it never reads the pieces segment makes: a fused
    token cut by a page break ("ofworkerswer" | "e") is split into "of
    workers wer", and a second run over the output would join "wer e". This
    pass reads the lines around segment's splits as rejoin reads any line,
    and makes no word the segment pass would split again; where a join glues
    a word to its neighbour ("better.T" | "he"), segment reads the window
    again. The words segment made count as the document's own, and the
    joins rejoin left for want of such evidence are decided again."""
    # Segment's splits (and the labels the footnotes pass split off a word:
    # reading round them too changes nothing the rejoin pass left).
    splits = [e for e in doc.edits if e.kind == "split"]
    if not splits or not ctx.frequencies_apply(doc):
        return
    split_lines = {e.line for e in splits}
    model = JoinModel(ctx.lexicon_for(doc), ctx.vocabulary(doc))
    splitter = SegmentModel(model.lex, model.vocab)

    def unsplit(c: Candidate, para: Paragraph) -> bool:
        """The run joins into a word segment leaves whole."""
        return segment_token("".join(para.text[a:b] for a, b in c.spans), splitter) is None

    # The words segment made are the document's words now: where rejoin
    # left a join for want of them ("council s" beside "Thecouncils"), it is
    # decided again.
    model.made |= {normalize_word(w) for e in splits for w in WORD_RE.findall(e.after)}
    windows = [window for flow in doc.flows() for lines in paragraphs_of(flow)
               for window in split_windows(lines, split_lines)] + doc.undecided_joins
    # The windows' tokens as Paragraph reads them, before any is built.
    tokens = [joined_text([line.text for line in window], window).split() for window in windows]
    weak, holding = model.weak_pieces(set().union(*tokens))
    for window, window_tokens in zip(windows, tokens):
        if holding.isdisjoint(window_tokens):
            continue
        para = Paragraph(window)
        pieces = split_tokens(para.text)
        if not may_join(pieces, weak, model):
            continue
        joins = best_joins([c for c in candidates(para.text, model) if unsplit(c, para)], model)
        if not joins:
            continue
        rejoin_paragraph(doc, para, joins)
        join_again(doc, para, model, unsplit)
        # A join may glue a word to what stands beside it ("better.T" | "he"
        # makes "better.The"): segment reads the window as it reads any line,
        # and what its splits leave is read for joins again.
        for _ in range(MAX_RESPLIT_ROUNDS):
            if not segment_flow(doc, para.lines, splitter):
                break
            join_again(doc, para, model, unsplit)
