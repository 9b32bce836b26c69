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

A block at the foot of a page with no label of its own, set in the notes'
smaller type (longer lines than the body's), is the rest of a note from
another page. It is kept as a ``Footnote`` with ``continuation=True`` and
label "", and ``Document.notes_in_order`` joins it to the note before it
once the order pass has put the pages in order. ``Footnote.unfinished``
says a labelled note does not end a sentence (it probably runs on): the
order pass may read both flags as evidence of which page comes next.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Iterator

import regex

from ..document import BLANK, BODY, FOOTNOTE, Document, Footnote, Line, Page
from ..pipeline import Context, register

SYMBOLS = "*†‡§¶"
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# A note label at the start of a line, then its text: spaced ("1 Text",
# "1. Text", "* Text") or glued to a word ("1These", "10‘The").
LABEL_START_RE = regex.compile(
    rf"^(?P<label>\d{{1,3}}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,3}}|[{SYMBOLS}]{{1,3}})"
    r"(?:\.?\s+|(?=[\p{L}\p{Pi}\p{Ps}\"'‘“«(\[]))(?=\S)"
)
LABEL_ALONE_RE = regex.compile(rf"^(?:\d{{1,3}}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,3}}|[{SYMBOLS}]{{1,3}})$")
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
# lines is that long (pdftotext's default mode merges lines at random).
MAX_WIDE_BODY_SHARE = 0.08
# A sentence end at the end of a note: it does not run on.
SENTENCE_END_RE = regex.compile(r"[.!?…:;)\]»”’\"'\d]$")


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
    if LABEL_ALONE_RE.match(text):
        return NoteStart(line, text.translate(SUPERSCRIPTS), len(text), True)
    match = LABEL_START_RE.match(text)
    if not match or ORDINAL_RE.match(text):
        return None
    return NoteStart(line, match.group("label").translate(SUPERSCRIPTS), match.end(), False)


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


def reference_sites(lines: list[Line], labels: list[str]) -> list[tuple[Line, int, int, list[str]]]:
    """Glued runs in ``lines`` that read as references to ``labels``, in text order."""
    sites = []
    for line, match in _runs(lines):
        parts = split_run(match.group("run"), labels)
        if parts:
            sites.append((line, match.start(), match.end(), parts))
    return sites


def _runs(lines: list[Line]) -> Iterator[tuple[Line, regex.Match]]:
    for line in lines:
        for match in REFERENCE_RUN_RE.finditer(line.text):
            if not CITATION_BEFORE_RE.search(line.text[: match.start()]):
                yield line, match


def first_citations(lines: list[Line]) -> dict[str, int]:
    """For each label some glued run can be read as citing, the first line index citing it."""
    first: dict[str, int] = {}
    for idx, line in enumerate(lines):
        for _, match in _runs([line]):
            for reading in run_readings(match.group("run")):
                for label in reading:
                    first.setdefault(label, idx)
    return first


def choose_note_starts(lines: list[Line], cited_elsewhere: frozenset[str] = frozenset()) -> list[NoteStart]:
    """The labelled note starts of a page's foot block, top to bottom.

    Walks up from the foot: the lowest label with a reference above it opens
    the block's last note; each label above it must come just before the
    previous one and have its own reference. Lines between starts are the
    text of the note above them, so a numbered list inside a note stays in it.
    A label cited nowhere on its page may be cited on another page
    (``cited_elsewhere``): a note pushed to the next page.
    """
    cited = first_citations(lines)
    chosen: list[NoteStart] = []
    for idx in range(len(lines) - 1, 0, -1):
        start = read_label(lines[idx])
        if start is None:
            continue
        if chosen and not follows(chosen[0].label, start.label):
            continue
        here = cited.get(start.label)
        if (here is not None and here < idx) or (here is None and start.label in cited_elsewhere):
            chosen.insert(0, start)
    return chosen


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


def continuation_lines(lines: list[Line], width: float, paragraph_starts: set[int] = frozenset()) -> list[Line]:
    """The unlabelled piece at the foot of ``lines`` set in note type, or [].

    Walks up from the foot over lines wider than the body's. A narrower line
    is taken when a line just above it is note-wide (a paragraph's short last
    line, a loosely set line), or when it opens a paragraph (an indented first
    line, ``paragraph_starts`` holds the ids of lines after a blank) and the
    line below it is note-wide. The piece must open with a note-wide line or
    such a paragraph opening.
    """
    wide = [len(ln.text) >= NOTE_WIDTH_RATIO * width for ln in lines]
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


# reflow writes references as "[^LABEL]". Input that already holds that
# sequence (Markdown, or reflow's own output) would be read back as a
# reference, so it is escaped the way Markdown escapes it.
LITERAL_REFERENCE = "[^"
ESCAPED_REFERENCE = "[\\^"


def escape_literal_references(doc: Document, lines: list[Line]) -> None:
    """Escape every ``[^`` already in the input, so only references reflow links look like one."""
    for line in lines:
        pos = line.text.find(LITERAL_REFERENCE)
        while pos >= 0:
            span = line.replace(pos, pos + len(LITERAL_REFERENCE), ESCAPED_REFERENCE)
            doc.record("escape", span, LITERAL_REFERENCE, ESCAPED_REFERENCE,
                       "a literal '[^' in the input, escaped so it is not read as a footnote reference")
            pos = line.text.find(LITERAL_REFERENCE, pos + len(ESCAPED_REFERENCE))


@register("footnotes")
def footnotes_pass(doc: Document, ctx: Context) -> None:
    escape_literal_references(doc, list(doc.all_lines()))
    found: list[tuple[Page, list[Line], list[NoteStart]]] = []
    for page in doc.pages:
        split_trailing_labels(doc, page)
        lines = [ln for ln in page.lines if ln.role == BODY]
        starts = choose_note_starts(lines)
        if starts:
            found.append((page, lines, starts))
    # Second chance for pages without notes: a label cited only on another
    # page, and by no note found so far, is a note pushed off its page.
    claimed = {s.label for _, _, starts in found for s in starts}
    citations = page_citations(doc.pages)
    done = {page.index for page, _, _ in found}
    for page in doc.pages:
        if page.index in done:
            continue
        lines = [ln for ln in page.lines if ln.role == BODY]
        elsewhere = frozenset(lab for lab, on in citations.items() if on - {page.index} and lab not in claimed)
        starts = choose_note_starts(lines, elsewhere)
        if starts:
            found.append((page, lines, starts))
            claimed.update(s.label for s in starts)
    for page, lines, starts in found:
        _take_notes(doc, page, lines, starts)
    _take_continuations(doc)
    for page in doc.pages:
        notes = [n for n in doc.footnotes if n.page == page.index and not n.continuation]
        if notes:
            _link_references(doc, notes, [ln for ln in page.lines if ln.role == BODY])
    for note in (n for n in doc.footnotes if not n.referenced and not n.continuation):
        for index in sorted(citations.get(note.label, set()) - {note.page}):
            _link_references(doc, [note], [ln for ln in doc.pages[index].lines if ln.role == BODY])
            if note.referenced:
                break


def _take_notes(doc: Document, page: Page, lines: list[Line], starts: list[NoteStart]) -> None:
    """Move the block from the first start to the page foot into notes."""
    first = page.lines.index(starts[0].line)
    by_line = {id(s.line): s for s in starts}
    notes: list[tuple[Footnote, NoteStart]] = []
    for line in page.lines[first:]:
        if line.role not in (BODY, BLANK):
            continue
        start = by_line.get(id(line))
        if start is not None:
            note = Footnote(label=start.label, lines=[], page=page.index)
            notes.append((note, start))
            span = line.raw_span(0, start.cut)
            before = line.text[: start.cut]
            line.replace(0, start.cut, "")
            doc.record("footnote", span, before, "", f"label of footnote {start.label}")
        if not notes:
            continue
        note = notes[-1][0]
        if line.role == BODY:
            doc.set_role(line, FOOTNOTE, f"text of footnote {note.label} at the foot of page {page.index}")
        note.lines.append(line)
    _share_alone_labels(notes)
    for note, _ in notes:
        while note.lines and note.lines[-1].role == BLANK:
            note.lines.pop()
        text = " ".join(ln.text for ln in note.lines if ln.role == FOOTNOTE).strip()
        note.unfinished = bool(text) and not SENTENCE_END_RE.search(text)
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
    the page (its real reference, "public.7").
    """
    lines = page.lines
    content = [k for k, ln in enumerate(lines) if ln.role == BODY]
    for pos, k in enumerate(content[:-1]):
        nxt = content[pos + 1]
        if not any(ln.role == BLANK for ln in lines[k + 1:nxt]) or read_label(lines[nxt]) is not None:
            continue
        line = lines[k]
        match = None
        for match in REFERENCE_RUN_RE.finditer(line.text):
            pass
        if match is None or match.end() != len(line.text) or match.start() == 0:
            continue
        label = match.group("run")
        body_above = [lines[j] for j in content[:pos]] + [_prefix(line, match.start())]
        if first_citations(body_above).get(label) is None:
            continue
        doc.split_line(line, match.start())
        doc.record("split", line.raw_span(0, len(line.text)), label, label,
                   f"footnote label {label} glued to the end of the last body line")
        return


def _prefix(line: Line, end: int) -> Line:
    return Line(text=line.text[:end], start=line.start, page=line.page, number=line.number)


def _take_continuations(doc: Document) -> None:
    """Unlabelled foot blocks in note type become continuation pieces."""
    if not any(n.unfinished for n in doc.footnotes):
        return
    width = body_width(doc)
    body = [ln for ln in doc.all_lines() if ln.role == BODY]
    if not body or sum(len(ln.text) >= NOTE_WIDTH_RATIO * width for ln in body) > MAX_WIDE_BODY_SHARE * len(body):
        return
    for page in doc.pages:
        lines = [ln for ln in page.lines if ln.role == BODY]
        first_note = next((ln for ln in page.lines if ln.role == FOOTNOTE), None)
        if first_note is not None:
            lines = [ln for ln in lines if ln.number < first_note.number]
        after_blank = {id(b) for a, b in zip(page.lines, page.lines[1:]) if a.role == BLANK}
        piece = continuation_lines(lines, width, after_blank)
        if not piece:
            continue
        note = Footnote(label="", lines=[], page=page.index, continuation=True)
        for line in page.lines[page.lines.index(piece[0]):]:
            if line.role == BODY:
                doc.set_role(line, FOOTNOTE, f"unlabelled note text in note type at the foot of page {page.index}: "
                             "continues a note from another page")
            elif line.role != BLANK:
                break
            note.lines.append(line)
            if line is piece[-1]:
                break
        doc.footnotes.append(note)


def _link_references(doc: Document, notes: list[Footnote], body: list[Line]) -> None:
    """Write each note's reference as ``[^LABEL]``, in label order down the page."""
    labels = [n.label for n in notes]
    by_label = {n.label: n for n in notes}
    done: set[str] = set()
    for line, i, j, parts in reversed(reference_sites(body, labels)):
        # Later sites are rewritten first so earlier offsets stay valid.
        if any(p in done for p in parts):
            continue
        done.update(parts)
        before = line.text[i:j]
        after = "".join(f"[^{p}]" for p in parts)
        span = line.replace(i, j, after)
        doc.record("reference", span, before, after, f"reference to footnote {', '.join(parts)}")
        for p in parts:
            by_label[p].referenced = True
