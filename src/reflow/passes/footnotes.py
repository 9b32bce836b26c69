"""Footnotes: find the note block at the foot of each page and link its references.

A note starts with a label: ``1 Text``, ``1. Text``, ``1Text`` (pdftotext
glues the superscript to the first word), ``* Text``, ``† Text``, ``¹ Text``,
or a label alone on its line with the text after it (pdftotext's default
mode puts the labels of a page's notes first, then their texts). A line that
merely looks like a note start (a numbered list, "1917 was ...") is taken
only with evidence: the block runs to the foot of the page, labels go up one
by one, and each label has its reference in the body above it on the page,
a label glued to a word or its punctuation (``lives?1``, ``realism.”17``,
``*l123`` for notes 1, 2 and 3).

A block at the foot of a page with no label of its own is the rest of a
note from another page when it is set in the notes' smaller type (longer
lines than the body's), or when the body's flow breaks where prose cannot
(a full line cut mid-sentence by a blank line, a fragment that cannot open a
sentence after the body's last sentence end) while a note on another page
runs on. It is kept as a ``Footnote`` with ``continuation=True`` and label
"", and ``Document.notes_in_order`` joins it to the note before it once the
order pass has put the pages in order. ``Footnote.unfinished`` says a
labelled note stops short (no sentence end, a quotation or bracket left
open): the order pass may read both flags as evidence of which page comes
next.

Text already set as reflow's (or Pandoc's) text output, notes under a
separator line at the foot with bracketed labels ("---", "[6] Text") cited
as "word.[6]", is read back as those notes, and then nothing above the
separator is at the page foot: reflow's text output is a fixed point.

Every labelled note ends up with exactly one reference: where its label is
cited, or, when no citation can be read (the citing page missing from the
input), one placed after the body text above the note and recorded as an
insertion.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Callable, Container, Iterator, Mapping

import regex

from ..document import BLANK, BODY, FOOTNOTE, FURNITURE, Document, Footnote, Line, Page
from ..lexicon import Lexicon, english_bigrams, normalize_word, pair_lift
from ..pipeline import Context, register
from .unglue import restore_dropped_hyphen

SYMBOLS = "*†‡§¶"
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# A note label at the start of a line, then its text: spaced ("1 Text",
# "1. Text", "* Text") or glued to a word ("1These", "10‘The").
LABEL_START_RE = regex.compile(
    rf"^(?P<label>\d{{1,3}}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,3}}|[{SYMBOLS}]{{1,3}})"
    r"(?:\.?\s+|(?=[\p{L}\p{Pi}\p{Ps}\"'‘“«(\[]))(?=\S)"
)
# A label alone on its line, its text on the next ("1", "1.", "*"): the
# period a label may take before its text ("1. Text") it may take alone too.
LABEL_ALONE_RE = regex.compile(rf"^(?P<label>\d{{1,3}}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,3}}|[{SYMBOLS}]{{1,3}})\.?$")
# A glued label that is really an ordinal or a unit: "2nd", "3rd ed.", "4to".
ORDINAL_RE = regex.compile(r"^\d+(?:st|nd|rd|th|er|e|ème|te|to|vo|mo)\b")
# A reference: digits (or symbols, superscripts) glued to the end of a word
# or to its punctuation, not part of a number ("3,5", "1917–21") or of a
# word ("H2O").
REFERENCE_RUN_RE = regex.compile(
    r"(?<![\d][\p{P}])(?<=[\p{L}\p{Po}\p{Pe}\p{Pf}])"
    rf"(?P<run>\d{{1,12}}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,6}}|(?<![{SYMBOLS}])[{SYMBOLS}]{{1,3}})(?![\d\p{{L}}{SYMBOLS}])"
)
# Abbreviations after which a glued number is a page, volume or item number
# ("p.180", "No.12"), never a note reference.
CITATION_BEFORE_RE = regex.compile(r"(?:^|\W)(?:p|pp|s|S|no|No|nr|Nr|vol|Vol|art|Art|fig|Fig|ch|n°)\.?$")
# ...which ends at most this many characters before the run: the longest
# abbreviation ("vol."), and the character before it.
CITATION_WINDOW = 5
# Notes are set smaller than the body: a foot block without a label is a
# continued note only when its lines are this much longer than the body's
# typical line (8pt notes under 10pt text give about 1.25).
NOTE_WIDTH_RATIO = 1.1
# ...and the piece's full lines must average this much wider than the body's
# (pieces in dev01/03/04/09 and the seed: 1.19-1.3; a loosely set quotation
# in dev09's body: 1.13).
MIN_PIECE_WIDTH_RATIO = 1.16
# An indented first line of a note paragraph is at least this share of the
# body's line.
PARAGRAPH_OPENING_RATIO = 0.9
# ...and only when the body's lines are regular: at most this share of body
# lines is that long.
MAX_WIDE_BODY_SHARE = 0.08
# pdftotext's default mode merges some pairs of lines into one (a line that
# ended in a hyphen and the next): about twice the body's width, far beyond
# any note type (notes run 1.19-1.3 times the body's width). Such a line says
# nothing about type: it is neither note-wide nor counted against the
# regularity of the body (13-25% of the body lines of the dev PDFs in that
# mode, 1-5% between NOTE_WIDTH_RATIO and this).
MERGED_LINE_RATIO = 1.6
# A sentence end at the end of a note: it does not run on. So does a
# citation's page number, arabic or roman ("London: Verso, 2018. p.lvi").
SENTENCE_END_RE = regex.compile(r"(?:[.!?…:;)\]»”’\"'\d]|\bpp?\.\s?[ivxlcdm]+)$")
# Quotation marks and brackets a note can leave open at its end (a quoted
# document running onto the next page), with their closing partners.
OPEN_CLOSE = (("“", "”"), ("«", "»"), ("(", ")"), ("[", "]"))
# A full line of the body: at least this share of its typical line (the
# last line of a justified page is full; a paragraph's last line or a
# heading is mostly shorter). The seed's page cut mid-sentence: 0.92; a
# quarter of the seed's body lines are under 0.95 (justified, ragged words).
FULL_LINE_RATIO = 0.85
# A sentence fragment at a page foot that continues a note is the rest of a
# sentence, after the body's last sentence end: a line or two (dev02: one
# line), or a long note's rest, up to this share of the page's body lines
# (groff tc_dev04: a note's last nine lines).
FRAGMENT_MAX_LINES = 2
FRAGMENT_MAX_SHARE = 0.5
# The end of a note broken at a word ("M. Gi-"), and the small letters that
# open a line with the word's rest ("raud-Teulon has", "lished in").
HYPHEN_STEM_RE = regex.compile(r"(\p{L}+)[-\u00ad]$")
HYPHEN_HEAD_RE = regex.compile(r"(\p{Ll}+)")
# The word the two halves make must be listed at least this commonly (a
# word, not a chance pair of letters): "published", "Giraud" (2.2).
HYPHEN_WORD_ZIPF = 2.0
# ...and the line's first letters no word of their own (a word's rest is
# rarely one: "raud", "lished"), or a body line opening with "is" would
# finish "pub-" as "pubis".
HYPHEN_REST_MAX_ZIPF = 2.0
# A continued note set at the body's width (groff sets notes so): the
# page's last block, after a blank line, that opens with a small letter and
# ends a sentence, at most this many lines. Longer ones are as often the
# body's own: the seed has a 9-line body block so placed, mid-sentence after
# a blank line.
FOOT_BLOCK_MAX_LINES = 8
# A foot piece continues an open note when its first word follows the body
# line above no more often than chance would have it (the natural log of the
# pair counts' lift at most this: "the" | "would" -0.6, where a body's own
# breaks are mostly well above chance, "not" | "of" 1.6) and follows the
# note's last word this much more likely (e^4, about 55 times: "it" |
# "would" 6.7).
PAIR_BREAK_BODY_LIFT = 0.0
PAIR_BREAK_MARGIN = 4.0
# ...and leaves at least this many body lines above it on the page.
PAIR_BREAK_BODY_LINES = 2
# The word a line ends on when it ends on letters, and the small-letter word
# a line opens with: a pair across a break with no punctuation between.
LAST_WORD_RE = regex.compile(r"(\p{L}+)$")
FIRST_LOWER_WORD_RE = regex.compile(r"(\p{Ll}\p{L}*)\b")
FOOT_BLOCK_WHY = "that cannot open a sentence, a block of its own at the foot"
# Text that cannot open a sentence: a small letter, or a number ("121,000,000
# francs.").
FRAGMENT_START_RE = regex.compile(r"^[\p{Ll}\d]")
# A sentence that is done: a period (or ! ?) after a word of four letters or
# more, so not an abbreviation ("etc.", "p."), and not inside a quotation
# (’Why?” he asked' goes on with a small letter).
SENTENCE_DONE_RE = regex.compile(r"\p{L}{4,}[.!?]$")
# A note's last line ends a sentence, maybe inside a closing quote or bracket.
NOTE_END_RE = regex.compile(r"[.!?…][”’\"'»)\]]*$")


def note_text(note: Footnote) -> str:
    """A note's text so far, its lines joined (blank lines and labels left out)."""
    return " ".join(ln.text for ln in note.lines if ln.role == FOOTNOTE).strip()


def runs_on(text: str) -> bool:
    """Whether a note's text stops short: no sentence end, or a quotation or bracket left open."""
    text = text.rstrip()
    if not text:
        return False
    if not SENTENCE_END_RE.search(text):
        return True
    return any(text.count(a) > text.count(b) for a, b in OPEN_CLOSE) or text.count('"') % 2 == 1


@dataclass
class NoteStart:
    """A line that opens a note: where, its label, how much of the line the label takes."""

    line: Line
    label: str
    cut: int  # characters of line.text taken by the label and the space after it
    alone: bool  # the line is only the label


def read_label(line: Line) -> NoteStart | None:
    """Read the start of ``line`` as a note label, or None."""
    text = line.text
    alone = LABEL_ALONE_RE.match(text)
    if alone:
        start = NoteStart(line, alone.group("label").translate(SUPERSCRIPTS), len(text), True)
    else:
        match = LABEL_START_RE.match(text)
        if not match or ORDINAL_RE.match(text):
            return None
        start = NoteStart(line, match.group("label").translate(SUPERSCRIPTS), match.end(), False)
    return start if numbers_a_note(start.label) else None


def numbers_a_note(label: str) -> bool:
    """Notes are numbered from 1: "0" or "07" is a number in the text, never a note's label."""
    return not label.startswith("0")


def follows(label: str, previous: str) -> bool:
    """Whether ``label`` comes right after ``previous`` in a note sequence."""
    if label.isdigit() and previous.isdigit():
        return int(label) == int(previous) + 1
    if label[0] in SYMBOLS and previous[0] in SYMBOLS:
        return _symbol_rank(label) == _symbol_rank(previous) + 1
    return False


def _symbol_rank(label: str) -> int:
    # *, †, ‡, §, ¶, then doubled: **, ††, ...
    return (len(label) - 1) * len(SYMBOLS) + SYMBOLS.index(label[0])


def run_readings(run: str) -> list[list[str]]:
    """Every reading of a glued run as consecutive labels: "123" -> [123], [1, 2, 3].

    Several notes cited at one place come out as one run of digits.
    """
    run = run.translate(SUPERSCRIPTS)
    if not run.isdigit():
        return [[run]]
    readings = [[run]] if len(run) <= 3 else []
    for size in (1, 2, 3):
        out, rest = [run[:size]], run[size:]
        if out[0].startswith("0") or not rest:
            continue
        while rest:
            nxt = str(int(out[-1]) + 1)
            if not rest.startswith(nxt):
                break
            out.append(nxt)
            rest = rest[len(nxt):]
        if not rest:
            readings.append(out)
    return readings


def split_run(run: str, labels: list[str]) -> list[str] | None:
    """The reading of a glued run whose labels are all among ``labels``."""
    return next((r for r in run_readings(run) if all(lab in labels for lab in r)), None)


def reference_sites(lines: list[Line], labels: list[str], partial: bool = False
                    ) -> list[tuple[Line, int, int, list[str]]]:
    """Glued runs in ``lines`` that read as references to ``labels``, in text order.

    With ``partial``, a run may also cite labels not among ``labels`` (notes
    not found: "*l123" where note 3's page is missing); it is kept when some
    reading of it as consecutive labels holds one of ``labels``.
    """
    sites = []
    for line, match in _runs(lines):
        run = match.group("run")
        parts = split_run(run, labels)
        if parts is None and partial:
            parts = next((r for r in run_readings(run) if len(r) > 1 and any(lab in labels for lab in r)), None)
        if parts:
            sites.append((line, match.start(), match.end(), parts))
    return sites


def _runs(lines: list[Line]) -> Iterator[tuple[Line, regex.Match]]:
    broken = False  # the line above ends in a hyphen: this one opens with the rest of a word
    for line in lines:
        text = line.text  # read once: a line may slice its text from the input on each read
        for match in REFERENCE_RUN_RE.finditer(text):
            # Only the few characters before the run can hold the abbreviation:
            # searching the whole prefix made a long line quadratic.
            start = match.start()
            cited = CITATION_BEFORE_RE.search(text, max(0, start - CITATION_WINDOW), start)
            # "seat-" | "s.12": the line's first letters end a word, no "s." abbreviation.
            if cited is None or (broken and cited.start() == 0 and cited.group()[:1].isalpha()):
                yield line, match
        broken = text.rstrip().endswith(("-", "\u00ad"))


def first_citations(lines: list[Line]) -> dict[str, int]:
    """For each label some glued run can be read as citing, the first line index citing it."""
    index = {id(line): idx for idx, line in enumerate(lines)}
    first: dict[str, int] = {}
    for line, match in _runs(lines):  # in text order: the first citing line is kept
        for reading in run_readings(match.group("run")):
            for label in reading:
                first.setdefault(label, index[id(line)])
    return first


def choose_note_starts(lines: list[Line], cited_elsewhere: Container[str] = frozenset()) -> list[NoteStart]:
    """The labelled note starts of a page's foot block, top to bottom.

    Walks up from the foot: the lowest label with a reference above it opens
    the block's last note; each label above it must come just before the
    previous one and have its own reference. Lines between starts are the
    text of the note above them, so a numbered list inside a note stays in it.
    A label cited nowhere above it on its page may be cited on another page
    (``cited_elsewhere``): a note pushed to the next page.
    """
    cited = first_citations(lines)
    chosen = _walk_up(lines, cited, cited_elsewhere)
    if chosen and chosen[-1].alone and all(not ln.text.strip() for ln in lines[lines.index(chosen[-1].line) + 1:]):
        # A label alone on the foot's last line may be no note at all (a page
        # number, a stray figure under "12 Maurice Brinton…"): read without
        # it, the block may hold more notes, and then it is their text.
        without = _walk_up(lines, cited, cited_elsewhere, skip=chosen[-1].line)
        if len(without) >= len(chosen):
            # (as many notes: theirs have text, the lone label has none)
            chosen = without
    return chosen


def _walk_up(
    lines: list[Line], cited: dict[str, int], cited_elsewhere: Container[str], skip: Line | None = None
) -> list[NoteStart]:
    """The note starts found walking up from the foot (see choose_note_starts), ``skip`` read as text."""
    chosen: list[NoteStart] = []
    for idx in range(len(lines) - 1, -1, -1):
        if lines[idx] is skip:
            continue
        start = read_label(lines[idx])
        if start is None:
            continue
        if chosen and chosen[0].alone and start.label == chosen[0].label and not start.alone:
            # No page has two notes of one label: the lone label below is
            # text of this note, the end of a word broken at the line before
            # it ("…Review, 49 (3): 350–7-|3") or a page number that happens
            # to be the note's label, set under it.
            chosen[0] = start
            continue
        if chosen and not follows(chosen[0].label, start.label):
            continue
        here = cited.get(start.label)
        # Cited above on its page; or, cited on it only on its own line (in
        # the note's text: no note cites itself) or below (where nothing
        # cites a note above it), on another page. A page's first line can
        # only be a note cited elsewhere: a page of notes pushed off theirs.
        if (here is not None and here < idx) or ((here is None or here >= idx) and start.label in cited_elsewhere):
            chosen.insert(0, start)
    return chosen


def without_text(lines: list[Line], starts: list[NoteStart]) -> bool:
    """Whether ``starts`` are labels alone with no text line among or below them.

    At the foot of the text's last page that is no notes (a note needs text);
    on another page the texts may have been pushed to the next page.
    """
    return all(s.alone for s in starts) and len(lines) - lines.index(starts[0].line) == len(starts)


def page_citations(pages: list[Page]) -> dict[str, set[int]]:
    """Labels some glued run cites, with the pages citing them."""
    out: dict[str, set[int]] = {}
    for page in pages:
        for label in first_citations([ln for ln in page.lines if ln.role == BODY]):
            out.setdefault(label, set()).add(page.index)
    return out


def body_width(doc: Document) -> float:
    """The body's typical line length in characters (its full lines)."""
    lengths = [len(ln.text) for ln in doc.all_lines() if ln.role == BODY]
    return float(statistics.median(lengths)) if lengths else 0.0


def note_wide(length: int, width: float) -> bool:
    """A line as wide as note type sets: wider than the body's, not two merged lines."""
    return NOTE_WIDTH_RATIO * width <= length < MERGED_LINE_RATIO * width


def continuation_lines(lines: list[Line], width: float, paragraph_starts: set[int] = frozenset()) -> list[Line]:
    """The unlabelled piece at the foot of ``lines`` set in note type, or [].

    Walks up from the foot over lines wider than the body's. A narrower line
    is taken when a line just above it is note-wide (a paragraph's short last
    line, a loosely set line), or when it opens a paragraph (an indented first
    line, ``paragraph_starts`` holds the ids of lines after a blank) and the
    line below it is note-wide. The piece must open with a note-wide line or
    such a paragraph opening.
    """
    wide = [note_wide(len(ln.text), width) for ln in lines]
    start = len(lines)
    for k in range(len(lines) - 1, -1, -1):
        sandwiched = start == k + 1 and any(wide[max(0, k - 2):k])
        opening = (id(lines[k]) in paragraph_starts and len(lines[k].text) >= PARAGRAPH_OPENING_RATIO * width
                   and k + 1 < len(lines) and wide[k + 1])
        if wide[k] or sandwiched or opening:
            start = k
        else:
            break
    while start < len(lines) and not wide[start] and id(lines[start]) not in paragraph_starts:
        start += 1
    if sum(wide[start:]) < 2 or start == 0:
        return []  # one wide line proves nothing; a whole page of them is body
    full = [len(ln.text) for ln in lines[start:] if len(ln.text) >= PARAGRAPH_OPENING_RATIO * width]
    if statistics.mean(full) < MIN_PIECE_WIDTH_RATIO * width:
        return []  # loosely set body text (a quotation), not the notes' smaller type
    return lines[start:]


# reflow's own text output (like Pandoc's plain text) sets the notes after
# the body, under a separator line (a Markdown thematic break: "---"), each
# opening with its label in brackets ("[6] Text") and cited in the body as
# "word.[6]". Read back, that foot is the notes, so reflow's text output is a
# fixed point: without it, the rendered notes read as body, and a body
# paragraph that merely looks like a note ("13 Text", left in the body by the
# first run) would be taken as a note block running over the rest of the text.
NOTES_SEPARATOR_RE = regex.compile(r"^(?:[-_*]\s*){3,}$")
_BRACKETED = rf"\[(?P<label>(?:\d{{1,3}}|[{SYMBOLS}]{{1,3}})(?:-\d{{1,4}})?)\]"
BRACKET_LABEL_RE = regex.compile(rf"^{_BRACKETED}(?:\s+|$)")
# A bracketed reference follows the text it annotates with no space.
BRACKET_REFERENCE_RE = regex.compile(rf"(?<=\S){_BRACKETED}")


def rendered_notes(lines: list[Line]) -> tuple[Line, list[NoteStart]] | None:
    """The separator and note starts of a rendered notes section at the foot of ``lines``, or None.

    The section is the lines below the page's last separator line; the first
    of them opens a note with a bracketed label, labels are distinct, and
    each is cited as ``[label]`` in the text above the separator (otherwise
    it is a list, not notes).
    """
    k = next((k for k in range(len(lines) - 1, -1, -1) if NOTES_SEPARATOR_RE.match(lines[k].text)), None)
    if k is None or k + 1 == len(lines) or not BRACKET_LABEL_RE.match(lines[k + 1].text):
        return None
    starts = []
    for line in lines[k + 1:]:
        match = BRACKET_LABEL_RE.match(line.text)
        if match:
            starts.append(NoteStart(line, match.group("label"), match.end(), match.end() == len(line.text)))
    labels = {s.label for s in starts}
    cited = {m.group("label") for ln in lines[:k] for m in BRACKET_REFERENCE_RE.finditer(ln.text)}
    if len(labels) < len(starts) or not labels <= cited:
        return None
    return lines[k], starts


def take_rendered_notes(doc: Document, page: Page) -> bool:
    """Take a rendered notes section at the foot of ``page`` as its notes; whether there was one.

    Each note is linked to the first citation of its label above the
    separator. The notes are whole (a renderer joined their pieces), so none
    runs on to another page.
    """
    lines = [ln for ln in page.lines if ln.role == BODY]
    found = rendered_notes(lines)
    if found is None:
        return False
    separator, starts = found
    doc.set_role(separator, FURNITURE, f"separator before the notes at the foot of page {page.index}")
    _take_notes(doc, page, lines, starts)
    notes = {n.label: n for n in doc.footnotes[-len(starts):]}
    for line in lines[: lines.index(separator)]:
        sites = [m for m in BRACKET_REFERENCE_RE.finditer(line.text)
                 if m.group("label") in notes and not notes[m.group("label")].referenced]
        for match in sites:
            notes[match.group("label")].referenced = True
        for match in reversed(sites):  # later sites first, so earlier offsets stay valid
            label = match.group("label")
            before, after = match.group(0), f"[^{label}]"
            span = line.replace(match.start(), match.end(), after)
            doc.record("reference", span, before, after, f"reference to footnote {label} (bracketed)")
    for note in notes.values():
        note.unfinished = False
    return True


# reflow writes references as "[^LABEL]". Input that already holds that
# sequence (Markdown, or reflow's own output) would be read back as a
# reference, so it is escaped the way Markdown escapes it.
LITERAL_REFERENCE = "[^"
ESCAPED_REFERENCE = "[\\^"


def escape_literal_references(doc: Document, lines: list[Line]) -> None:
    """Escape every ``[^`` already in the input, so only references reflow links look like one.

    A line is rewritten once however many it holds (a rewrite costs the
    line's length); each one is recorded with its own input span.
    """
    for line in lines:
        text = line.text
        found = [m.start() for m in regex.finditer(regex.escape(LITERAL_REFERENCE), text)]
        if not found:
            continue
        spans = [line.raw_span(pos, pos + len(LITERAL_REFERENCE)) for pos in found]
        end = found[-1] + len(LITERAL_REFERENCE)
        line.replace(found[0], end, text[found[0]:end].replace(LITERAL_REFERENCE, ESCAPED_REFERENCE))
        for span in spans:
            doc.record("escape", span, LITERAL_REFERENCE, ESCAPED_REFERENCE,
                       "a literal '[^' in the input, escaped so it is not read as a footnote reference")


@register("footnotes")
def footnotes_pass(doc: Document, ctx: Context) -> None:
    escape_literal_references(doc, list(doc.all_lines()))
    found: list[tuple[Page, list[Line], list[NoteStart]]] = []
    # A page whose foot is a rendered notes section has its notes: nothing
    # above the separator is at the foot.
    rendered = {page.index for page in doc.pages if take_rendered_notes(doc, page)}
    for page in doc.pages:
        if page.index in rendered:
            continue
        if len(doc.pages) > 1:
            split_trailing_labels(doc, page)
        lines = [ln for ln in page.lines if ln.role == BODY]
        starts = choose_note_starts(lines)
        if starts and not (page is doc.pages[-1] and without_text(lines, starts)):
            found.append((page, lines, starts))
    # Second chance for pages without notes: a label cited only on another
    # page, and by no note found so far, is a note pushed off its page.
    claimed = {s.label for _, _, starts in found for s in starts}
    citations = page_citations(doc.pages)
    done = {page.index for page, _, _ in found} | rendered
    for page in doc.pages:
        if page.index in done:
            continue
        lines = [ln for ln in page.lines if ln.role == BODY]
        starts = choose_note_starts(lines, CitedElsewhere(citations, claimed, page.index))
        if starts and not (page is doc.pages[-1] and without_text(lines, starts)):
            found.append((page, lines, starts))
            claimed.update(s.label for s in starts)
    for page, lines, starts in found:
        _take_notes(doc, page, lines, starts, interleaved=len(doc.pages) == 1)
    _take_continuations(doc, rendered, ctx.lexicon_for(doc))
    _link_all(doc, citations)


@dataclass
class CitedElsewhere:
    """Labels cited on a page other than ``page`` and claimed by no note yet.

    Asked only about the few labels that open lines of one page, so no set
    of every label is built per page (that grew with pages x labels).
    """

    citations: dict[str, set[int]]
    claimed: set[str]
    page: int

    def __contains__(self, label: object) -> bool:
        on = self.citations.get(str(label), ())
        return label not in self.claimed and any(index != self.page for index in on)


def _link_all(doc: Document, citations: dict[str, set[int]]) -> None:
    """Link every labelled note to a reference, so references and notes pair one to one.

    First on the note's own page, then on another page citing its label (a
    note pushed off its page, pages out of order). A run citing several notes
    some of which are missing ("1" and "2" of "*l123") still references the
    ones found. A note with no reference anywhere (its page's text cut from
    the input, the mark lost in extraction) keeps a reference placed after the
    body text above it, recorded as an insertion.
    """
    by_page: dict[int, list[Footnote]] = {}
    for note in doc.footnotes:
        if not note.continuation and not note.referenced:  # a rendered note may be linked already
            by_page.setdefault(note.page, []).append(note)
    body = {index: [ln for ln in doc.pages[index].lines if ln.role == BODY] for index in range(len(doc.pages))}
    for index, notes in by_page.items():
        _link_references(doc, notes, body[index])
    # Pages still worth trying per label, in input order: a page that fails
    # for a label fails for every later note with it, so it is dropped and
    # each page is tried at most once per label it cites (linear, not notes x pages).
    candidates: dict[str, list[int]] = {}
    for note in (n for n in doc.footnotes if not n.referenced and not n.continuation):
        pages = candidates.setdefault(note.label, sorted(citations.get(note.label, ())))
        k = 0
        while k < len(pages) and not note.referenced:
            if pages[k] == note.page:
                k += 1
                continue
            _link_references(doc, [note], body[pages[k]])
            if not note.referenced:
                del pages[k]
    left: dict[int, list[Footnote]] = {}
    for note in doc.footnotes:
        if not note.referenced and not note.continuation:
            left.setdefault(note.page, []).append(note)
    for index, notes in left.items():
        _link_references(doc, notes, body[index], partial=True)
        for note in notes:
            if not note.referenced:
                _place_reference(doc, note)


def _take_notes(
    doc: Document, page: Page, lines: list[Line], starts: list[NoteStart], interleaved: bool = False
) -> None:
    """Move the block from the first start to the page foot into notes.

    ``interleaved``: the notes stand among the paragraphs (a text with no
    page breaks at all is one page, with its notes where the pages' feet
    were), so a note with text ends at a blank line, and an unlabelled
    paragraph after it is body again, up to the next note's label.
    """
    first = page.lines.index(starts[0].line)
    by_line = {id(s.line): s for s in starts}
    notes: list[tuple[Footnote, NoteStart]] = []
    open_note = False  # the last note still takes the lines that follow
    has_text = False  # the last note has text
    waiting = 0  # labels set alone whose text paragraphs are still to come ("1", "2", texts)
    opens_paragraph = False  # the line follows a blank line or a label alone
    for line in page.lines[first:]:
        if line.role not in (BODY, BLANK):
            continue
        start = by_line.get(id(line))
        if start is not None:
            note = Footnote(label=start.label, lines=[], page=page.index)
            notes.append((note, start))
            open_note, has_text = True, not start.alone
            waiting = waiting + 1 if start.alone else 0
            span = line.raw_span(0, start.cut)
            before = line.text[: start.cut]
            line.replace(0, start.cut, "")
            doc.record("footnote", span, before, "", f"label of footnote {start.label}")
        elif line.role == BODY and open_note and opens_paragraph:
            if waiting:
                waiting -= 1
            elif interleaved and has_text:
                open_note = False  # body again, up to the next note's label
        if not open_note:
            opens_paragraph = line.role == BLANK
            continue
        note = notes[-1][0]
        if line.role == BODY:
            doc.set_role(line, FOOTNOTE, f"text of footnote {note.label} at the foot of page {page.index}")
            has_text = has_text or bool(line.text.strip())
        note.lines.append(line)
        opens_paragraph = line.role == BLANK or (start is not None and start.alone)
    _share_alone_labels(notes)
    for note, _ in notes:
        while note.lines and note.lines[-1].role == BLANK:
            note.lines.pop()
        note.unfinished = runs_on(note_text(note))
        doc.footnotes.append(note)


def _share_alone_labels(notes: list[tuple[Footnote, NoteStart]]) -> None:
    """Labels set alone on their lines share the text lines among them.

    pdftotext's default mode stacks a page's labels ("1", "2") before the
    texts, or leaves a label after its text: when every note of the block has
    a label alone, the texts are pooled and dealt out in order, one paragraph
    each (split where a line ends a sentence), or one line each.
    """
    if len(notes) < 2 or not all(start.alone for _, start in notes):
        return
    text_lines = [ln for note, _ in notes for ln in note.lines if ln.role == FOOTNOTE and ln.text]
    groups: list[list[Line]] = [[]]
    for line in text_lines:
        groups[-1].append(line)
        if SENTENCE_END_RE.search(line.text):
            groups.append([])
    groups = [g for g in groups if g]
    if len(groups) != len(notes):
        groups = [[ln] for ln in text_lines]
    if len(groups) != len(notes):
        return
    for (note, _), group in zip(notes, groups):
        note.lines = [ln for ln in note.lines if not ln.text] + group


def split_trailing_labels(doc: Document, page: Page) -> None:
    """Split a label glued to the end of the body's last line off into a line of its own.

    pdftotext's default mode can append a note's label to the last body line
    ("sous les7") with the note's text after a blank line. Only done when
    the foot text has no label of its own and the label is cited earlier on
    the page (its real reference, "public.7") by another word: the same word
    with the same digits twice ("B12 ... B12", "p.180 ... McDonaldp.180") is
    a name or a page number, and a paragraph ending in it is no page foot.
    The citing word has letters (" :7" cites nothing), and the foot is the
    smaller part of the page: the text after the blank has fewer lines than
    the body above it.

    Only read in a paged text (the caller's test): the layout is a page
    extractor's, and in a text of one page the last paragraph is no page
    foot. reflow's own output is such a text, its pages run together and
    its paragraphs one line each; read as paged, it grew a footnote on a
    second run out of one page's last paragraph and the next page's first.
    """
    lines = page.lines
    content = [k for k, ln in enumerate(lines) if ln.role == BODY]
    cited: dict[str, set[str]] = {}  # labels cited by the body lines above the one looked at, and the citing words
    for pos, k in enumerate(content[:-1]):
        nxt = content[pos + 1]
        line = lines[k]
        foot_is_smaller = len(content) - (pos + 1) < pos + 1
        if (foot_is_smaller and any(ln.role == BLANK for ln in lines[k + 1:nxt])
                and read_label(lines[nxt]) is None):
            match = None
            for match in REFERENCE_RUN_RE.finditer(line.text):
                pass
            if match is not None and match.end() == len(line.text) and match.start() > 0:
                label = match.group("run")
                word = _glued_word(line.text, match.start())
                key = label.translate(SUPERSCRIPTS)
                before = citing_words([_prefix(line, match.start())]).get(key, set())
                if numbers_a_note(key) and any(
                        not _same_word(word, other) and HAS_LETTER_RE.search(other)
                        for other in cited.get(key, set()) | before):
                    head = doc.split_line(line, match.start())
                    doc.record("split", line.raw_span(0, len(line.text)), label, label,
                               f"footnote label {label} glued to the end of the last body line")
                    if head.text[-1:].isalpha():
                        # Glued straight to a letter: the extractor joined the
                        # label to a line ending in a hyphen ("sous les-",
                        # "quelles" on the next page) and dropped the hyphen.
                        restore_dropped_hyphen(doc, head, line, f"footnote label {label}")
                    return
        for label, words in citing_words([line]).items():
            cited.setdefault(label, set()).update(words)


HAS_LETTER_RE = regex.compile(r"\p{L}")

# A word a run is glued to is read from at most this many characters before
# it (a long line is not split whole for each run).
GLUED_WORD_WINDOW = 100


# The word a run is glued to: the letters before it and the punctuation
# between ("public." of "public.7", "ÖSX" of "J-ÖSX6").
GLUED_WORD_RE = regex.compile(r"[\p{L}\p{M}]*[^\s\p{L}\p{M}]*$")


def _glued_word(text: str, start: int) -> str:
    """The word that the run at ``start`` is glued to."""
    match = GLUED_WORD_RE.search(text, max(0, start - GLUED_WORD_WINDOW), start)
    return match.group(0) if match else ""


def _same_word(a: str, b: str) -> bool:
    """Whether two glued words are the same word, one maybe glued to more text ("McDonaldp." and "p.")."""
    return a.endswith(b) or b.endswith(a)


def citing_words(lines: list[Line]) -> dict[str, set[str]]:
    """For each label a glued run in ``lines`` cites whole, the words citing it.

    A run's reading as several labels ("12" as 1 and 2) is evidence only
    with the notes it cites found, which a label split off a line end has not.
    """
    out: dict[str, set[str]] = {}
    for line, match in _runs(lines):
        out.setdefault(match.group("run").translate(SUPERSCRIPTS), set()).add(_glued_word(line.text, match.start()))
    return out


def _prefix(line: Line, end: int) -> Line:
    return Line(text=line.text[:end], start=line.start, page=line.page, number=line.number)


def _take_continuations(doc: Document, rendered: Container[int] = frozenset(), lexicon: Lexicon | None = None) -> None:
    """Unlabelled foot blocks that continue a note from another page become continuation pieces.

    Evidence of note type first (``continuation_lines``: lines wider than the
    body's); failing that, a break the body's own flow cannot have
    (``flow_break_piece``) or the rest of a word an open note breaks
    (``hyphen_continuation_piece``), for at most as many pieces as open
    notes remain.
    Either needs an open note on another page for the piece to continue.
    A page with a rendered notes section (``rendered``) has its foot.
    """
    open_notes = [n for n in doc.footnotes if n.unfinished]
    if not open_notes:
        return
    open_pages = {n.page for n in open_notes}
    mid_sentence = [n for n in open_notes if not SENTENCE_END_RE.search(note_text(n))]
    # The word halves open notes end with ("M. Gi-", "is now pub-").
    stems = {m.group(1) for m in (HYPHEN_STEM_RE.search(note_text(n)) for n in open_notes) if m}
    # The words notes stop on, mid-sentence ("the discharge of it"), and the
    # pair counts that say what may follow them (English only).
    open_words = {m.group(1).lower() for m in (LAST_WORD_RE.search(note_text(n)) for n in mid_sentence) if m}
    bigrams = english_bigrams() if open_words and lexicon is not None and lexicon.lang == "en" else None
    width = body_width(doc)
    body = [ln for ln in doc.all_lines() if ln.role == BODY]
    if not body:
        return
    # Where many body lines are as wide as notes (loose setting, merged
    # lines that MERGED_LINE_RATIO does not catch), widths say nothing.
    regular = sum(note_wide(len(ln.text), width) for ln in body) <= MAX_WIDE_BODY_SHARE * len(body)
    typed: list[tuple[Page, list[Line], str]] = []
    broken: list[tuple[Page, list[Line], str]] = []
    for page in doc.pages:
        if open_pages == {page.index} or page.index in rendered:
            continue  # the only open note is on this page: nothing to continue here
        lines = [ln for ln in page.lines if ln.role == BODY]
        first_note = next((ln for ln in page.lines if ln.role == FOOTNOTE), None)
        if first_note is not None:
            lines = [ln for ln in lines if ln.number < first_note.number]
        after_blank = {id(b) for a, b in zip(page.lines, page.lines[1:]) if a.role == BLANK}
        piece = continuation_lines(lines, width, after_blank) if regular else []
        if piece:
            typed.append((page, piece, "in note type"))
            continue
        piece, why = flow_break_piece(lines, width if regular else 0.0, after_blank, bool(mid_sentence))
        if not piece and stems and lexicon is not None:
            piece, why = hyphen_continuation_piece(lines, stems, lexicon)
        if not piece and open_words and bigrams is not None:
            piece, why = word_pair_continuation_piece(lines, open_words, bigrams)
        if piece:
            broken.append((page, piece, why))
    # A block of its own at the foot is the weakest sign (pdfminer parts a
    # paragraph with a blank line now and then): such pieces come last.
    broken.sort(key=lambda found: found[2] == FOOT_BLOCK_WHY)
    for page, piece, why in typed + broken[: max(0, len(open_notes) - len(typed))]:
        note = Footnote(label="", lines=[], page=page.index, continuation=True)
        for line in page.lines[page.lines.index(piece[0]):]:
            if line.role == BODY:
                doc.set_role(line, FOOTNOTE, f"unlabelled note text {why} at the foot of page {page.index}: "
                             "continues a note from another page")
            elif line.role != BLANK:
                break
            note.lines.append(line)
            if line is piece[-1]:
                break
        doc.footnotes.append(note)


def flow_break_piece(lines: list[Line], width: float, paragraph_starts: set[int], fragments: bool
                     ) -> tuple[list[Line], str]:
    """The foot of ``lines`` after a break the body's flow cannot have, and why; or ([], "").

    Widths alone miss a continued note whose lines are barely wider than the
    body's (a quotation, a list). Two breaks tell it apart without fonts:

    * a cut: a full body line that does not end its sentence, then a blank
      line. A paragraph cannot end mid-sentence, so the text below the blank
      is not the body's (the body goes on at the next page). Needs note-wide
      lines below (``width`` > 0, at least two) and a piece no longer than the
      body above it.
    * a fragment (when ``fragments``: some note on another page stops
      mid-sentence): after a line that ends a sentence, the page's last lines
      open with a small letter or a digit, which cannot open a sentence: the
      rest of a sentence from elsewhere;
    * a block of its own (also when ``fragments``): the page's last block,
      after a blank line, opens with a small letter, whatever the line
      above; a note set as wide as the body (groff) shows no other sign.
      The weakest of the three: its pieces are taken last.

    Either piece must end a sentence: the note ends here.
    """
    if width > 0 and lines and NOTE_END_RE.search(lines[-1].text.rstrip()):
        wide_below = [0] * (len(lines) + 1)  # note-wide lines from k to the foot
        for k in range(len(lines) - 1, -1, -1):
            wide_below[k] = wide_below[k + 1] + note_wide(len(lines[k].text), width)
        for k in range(1, len(lines)):
            if id(lines[k]) not in paragraph_starts or wide_below[k] < 2 or len(lines) - k > k:
                continue
            text = lines[k - 1].text.rstrip()
            if FULL_LINE_RATIO * width <= len(text) < NOTE_WIDTH_RATIO * width and not SENTENCE_END_RE.search(text):
                return lines[k:], "after a paragraph break in mid-sentence"
    if fragments:
        piece = _sentence_rest_at_foot(
            lines, max(FRAGMENT_MAX_LINES, int(FRAGMENT_MAX_SHARE * len(lines))),
            lambda k: SENTENCE_DONE_RE.search(lines[k - 1].text.rstrip()) is not None)
        if piece:
            return piece, "that cannot open a sentence, after the body's last sentence end"
        piece = _sentence_rest_at_foot(lines, FOOT_BLOCK_MAX_LINES, lambda k: id(lines[k]) in paragraph_starts)
        if piece:
            return piece, FOOT_BLOCK_WHY
    return [], ""


def _sentence_rest_at_foot(lines: list[Line], most: int, opens_at: Callable[[int], bool]) -> list[Line]:
    """The longest foot of ``lines`` (at most ``most`` lines, line k on, where
    ``opens_at(k)``) that opens as no sentence does, with a small letter or a
    digit, and ends a sentence: the rest of one from elsewhere. Or []."""
    for k in range(max(1, len(lines) - most), len(lines)):
        piece = lines[k:]
        text = " ".join(ln.text for ln in piece)
        if (opens_at(k) and FRAGMENT_START_RE.match(piece[0].text)
                and NOTE_END_RE.search(text.rstrip()) and len(text.split()) >= 2):
            return piece
    return []


def hyphen_continuation_piece(lines: list[Line], stems: set[str], lexicon: Lexicon) -> tuple[list[Line], str]:
    """The foot of ``lines`` that finishes a word an open note breaks, and why; or ([], "").

    pdftotext -raw writes a page's notes straight after its body, with no
    blank line and, in groff's setting, at the body's width: nothing sets a
    continued note apart but its first word, the rest of a word broken at
    the end of a note on another page ("Gi-" | "raud-Teulon", "pub-" |
    "lished"): letters that are no word of their own and make one with the
    note's last, where the body's line above does not break a word. The
    piece must end a sentence and be no longer than the body above it.
    """
    for k in range(len(lines) - 1, 0, -1):
        if len(lines) - k > k:
            break
        head = HYPHEN_HEAD_RE.match(lines[k].text.lstrip())
        if head is None or lines[k - 1].text.rstrip().endswith(("-", "\u00ad")):
            continue
        rest = head.group(1)
        if lexicon.zipf(rest) >= HYPHEN_REST_MAX_ZIPF:
            continue  # a word of its own ("is", "no"): the body's, or chance ("pub|is")
        if any(lexicon.zipf(normalize_word(stem + rest)) >= HYPHEN_WORD_ZIPF for stem in stems):
            piece = lines[k:]
            if NOTE_END_RE.search(piece[-1].text.rstrip()):
                return piece, "that finishes a word broken at the end of a note on another page"
    return [], ""


def word_pair_continuation_piece(
    lines: list[Line], open_words: set[str], bigrams: tuple[Mapping[str, int], Mapping[str, int]],
) -> tuple[list[Line], str]:
    """The foot of ``lines`` whose first word follows the last word of an open
    note far better than the last word of the body line above it, and why;
    or ([], "").

    pdftotext -raw runs a continued note on under the body with no blank
    line and, in groff's setting, at the body's width. Where the body's line
    above stops mid-sentence and the foot opens with a small letter, the
    word pair says whose sentence goes on: "according to the" | "would
    fatally injure" reads far worse than the note's "the discharge of it" |
    "would" (PAIR_BREAK_MARGIN); where several breaks would do, the widest
    margin decides. The piece must end a sentence; it may be longer than
    the body above it (a long note continued on a page of its own).
    """
    if not lines or not NOTE_END_RE.search(lines[-1].text.rstrip()):
        return [], ""
    best: tuple[float, int, str] | None = None
    for k in range(PAIR_BREAK_BODY_LINES, len(lines)):
        first = FIRST_LOWER_WORD_RE.match(lines[k].text.lstrip())
        above = LAST_WORD_RE.search(lines[k - 1].text.rstrip())
        if first is None or above is None:
            continue
        follows = first.group(1)
        # The body's pair at most as likely as the list allows; the note's as counted.
        body = pair_lift(bigrams, above.group(1).lower(), follows, unlisted=True)
        note = max((lift for w in open_words if (lift := pair_lift(bigrams, w, follows)) is not None), default=None)
        if body is None or note is None or body > PAIR_BREAK_BODY_LIFT or note - body < PAIR_BREAK_MARGIN:
            continue
        if best is None or note - body > best[0]:
            best = (note - body, k, f"whose first word follows an open note's last far better than the body's "
                                    f"({note:.1f} vs {body:.1f})")
    return (lines[best[1]:], best[2]) if best else ([], "")


def _link_references(doc: Document, notes: list[Footnote], body: list[Line], partial: bool = False) -> None:
    """Write each note's reference as ``[^LABEL]``, in label order down the page.

    With ``partial``, labels of a run that no note here carries stay as the
    digits they were.
    """
    labels = [n.label for n in notes]
    by_label = {n.label: n for n in notes}
    done: set[str] = set()
    for line, i, j, parts in reversed(reference_sites(body, labels, partial)):
        # Later sites are rewritten first so earlier offsets stay valid.
        linked = [p for p in parts if p in by_label]
        if any(p in done for p in linked):
            continue
        done.update(linked)
        before = line.text[i:j]
        pieces, pos = [], 0
        for p in parts:
            pieces.append(f"[^{p}]" if p in by_label else before[pos:pos + len(p)])
            pos += len(p)
        after = "".join(pieces)
        span = line.replace(i, j, after)
        doc.record("reference", span, before, after, f"reference to footnote {', '.join(linked)}")
        for p in linked:
            by_label[p].referenced = True


def _place_reference(doc: Document, note: Footnote) -> None:
    """Give a note no reference was found for one after the body text above it.

    The note is real (a labelled block at the page foot), but its mark was
    lost or stood on a page missing from the input; a note with no reference
    would leave a Markdown definition dangling, so the reference is placed
    where the note's page text ends (or the nearest page before it with body
    text) and the insertion is recorded. With no body text at all the block is
    given back to the body: a note needs text to annotate.
    """
    page = doc.pages[note.page]
    first = note.lines[0] if note.lines else None
    above: list[Line] = []
    for line in page.lines:
        if line is first:
            break
        above.append(line)
    anchor = next((ln for ln in reversed(above) if ln.role == BODY and ln.text.strip()), None)
    for index in range(note.page - 1, -1, -1):
        if anchor is not None:
            break
        anchor = next((ln for ln in reversed(doc.pages[index].lines) if ln.role == BODY and ln.text.strip()), None)
    if anchor is None:
        anchor = next((ln for ln in doc.all_lines() if ln.role == BODY and ln.text.strip()), None)
    if anchor is None:
        _give_back(doc, note)
        return
    end = len(anchor.text.rstrip())
    after = f"[^{note.label}]"
    span = anchor.replace(end, end, after)
    doc.record("reference", span, "", after,
               f"no reference to footnote {note.label} found: placed after the body text above the note")
    note.referenced = True


def _give_back(doc: Document, note: Footnote) -> None:
    """Return a note's lines, label first, to the body."""
    for line in note.lines:
        if line.role == FOOTNOTE:
            doc.set_role(line, BODY, f"footnote {note.label} has no body text to refer to it")
    text_line = next((ln for ln in note.lines if ln.role == BODY), None)
    if text_line is not None:
        span = text_line.replace(0, 0, f"{note.label} ")
        doc.record("restore", span, "", f"{note.label} ", f"label of footnote {note.label} given back to the body")
    doc.footnotes.remove(note)
