"""The document model: pages of lines that remember where they came from.

Every line keeps the offset of its first character in the (normalised)
input, and a line whose text a pass changes keeps a map from its current
characters back to the input. So every :class:`Edit` can name the span of
input it touched, and nothing is ever dropped: a line a pass removes from the
body changes its ``role`` (furniture, footnote) and stays on its page.
"""
from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

# Roles a line can have. Only BODY lines make the main text; BLANK lines are
# kept as paragraph evidence; the others are kept and shown separately.
BODY = "body"
BLANK = "blank"
FURNITURE = "furniture"
FOOTNOTE = "footnote"

# Offsets below this fit a 4-byte array item.
_INT32_LIMIT = 2**31

# How a line joins the next line of its flow.
JOIN_SPACE = " "
JOIN_NONE = ""
JOIN_PARAGRAPH = "\n\n"


class Edit(NamedTuple):
    """One change a pass made, with the input span it came from and why.

    A named tuple: immutable, small, and made four times faster than a
    frozen dataclass; a book has tens of thousands of edits (a moved
    footnote line is one), a huge input millions.
    """

    kind: str  # e.g. "dehyphenate", "split", "compound", "furniture", "footnote", "reference"
    start: int  # span in the normalised input
    end: int
    before: str
    after: str
    reason: str
    score: float | None = None
    pass_name: str = ""
    line: int = 0  # 1-based input line number of ``start``

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "pass": self.pass_name,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "score": self.score,
        }


class Line:
    """A line of the input; ``text`` is its current text.

    A line made by :meth:`of_input` reads its text from the input each time
    until a pass changes it, instead of keeping a copy: a huge input has
    millions of lines, and copies of them all would double the text held.
    """

    __slots__ = ("_text", "_source", "_length", "start", "page", "number", "role", "join", "_offsets")

    def __init__(self, text: str, start: int, page: int, number: int, role: str = BODY, join: str = JOIN_SPACE) -> None:
        self._text: str | None = text  # None: the line reads _source[start:start + _length]
        self._source = ""
        self._length = 0
        self.start = start  # input offset of text[0] while the line is unedited
        self.page = page  # index of the page chunk in the input
        self.number = number  # 1-based line number in the input
        self.role = role
        self.join = join  # how it joins the next line of its flow
        # Input offset of each current character; None while every character
        # sits at start + i. Inserted characters map to -1.
        self._offsets: array | None = None

    @classmethod
    def of_input(cls, source: str, start: int, length: int, page: int, number: int, role: str = BODY) -> Line:
        """The line ``source[start:start + length]``, read from ``source`` rather than copied."""
        line = cls("", start, page, number, role)
        line._text, line._source, line._length = None, source, length
        return line

    @property
    def text(self) -> str:
        if self._text is None:
            return self._source[self.start : self.start + self._length]
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text, self._source = value, ""

    def __repr__(self) -> str:
        return f"Line(text={self.text!r}, start={self.start}, page={self.page}, number={self.number}, role={self.role!r})"

    def raw_span(self, i: int, j: int) -> tuple[int, int]:
        """Input span covered by current characters ``text[i:j]``."""
        if self._offsets is None:
            return self.start + i, self.start + j
        known = [o for o in self._offsets[i:j] if o >= 0]
        if known:
            return min(known), max(known) + 1
        # Pure insertion: anchor it just after the nearest original character.
        before = [o for o in self._offsets[:i] if o >= 0]
        anchor = before[-1] + 1 if before else self.start
        return anchor, anchor

    def replace(self, i: int, j: int, new: str) -> tuple[int, int]:
        """Replace ``text[i:j]`` by ``new``; return the input span replaced."""
        span = self.raw_span(i, j)
        if self._offsets is None and (len(new) == j - i or (not new and j == len(self.text))):
            # Every character keeps its place (a hyphen cut off the line's
            # end, a letter for a letter): no map is needed.
            self.text = self.text[:i] + new + self.text[j:]
            return span
        if self._offsets is None:
            end = self.start + len(self.text)
            # 4 bytes a character while offsets fit (inputs under 2 G characters).
            self._offsets = array("i" if end < _INT32_LIMIT else "q", range(self.start, end))
        old = self._offsets
        if len(new) == j - i:
            mid = old[i:j]  # same length: a character-for-character change
        else:
            # Characters of ``new`` found in order in the old text keep their
            # origin, so an inserted space leaves the letters traceable.
            mid = array(old.typecode, [-1] * len(new))
            pos = i
            text = self.text  # read once: an unedited line slices its text from the input on each read
            for k, ch in enumerate(new):
                found = text.find(ch, pos, j)
                if found >= 0:
                    mid[k] = old[found]
                    pos = found + 1
        self._offsets = old[:i] + mid + old[j:]
        self.text = self.text[:i] + new + self.text[j:]
        return span

    @property
    def end(self) -> int:
        return self.raw_span(0, len(self.text))[1] if self.text else self.start


@dataclass(eq=False)
class Page:
    """A page chunk of the input, in input order."""

    index: int
    start: int
    end: int
    lines: list[Line]
    printed_number: str | None = None  # found by the furniture pass


@dataclass(eq=False)
class Footnote:
    """A footnote: its label, the lines it was read from, and where it stood."""

    label: str
    lines: list[Line]
    page: int
    referenced: bool = False  # a reference to it was found in the body
    # A piece at the foot of a page with no label of its own: the rest of the
    # last note of the page before it in reading order. ``label`` is "" and
    # ``notes_in_order`` joins it to that note once pages are ordered.
    continuation: bool = False
    # The note's text does not end a sentence, so it probably runs on.
    unfinished: bool = False


@dataclass(eq=False)
class Document:
    """Pages of lines plus everything passes decided about them."""

    source: str  # the normalised input every offset refers to
    lang: str
    pages: list[Page]
    page_marker: str = "none"
    page_order: list[int] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Confidence of each boundary between consecutive pages in page_order.
    boundary_scores: list[float] = field(default_factory=list)
    current_pass: str = ""
    # Runs of lines where the rejoin pass left a join it would have made had
    # the document written the word elsewhere: rejoin_split decides them
    # again once segment has split the tokens that held the word.
    undecided_joins: list[list[Line]] = field(default_factory=list, repr=False)
    _line_starts: array | None = field(default=None, repr=False)
    # One copy of each edit reason: many edits share one (every line of a
    # moved footnote), and a huge input has millions of edits.
    _reasons: dict[str, str] = field(default_factory=dict, repr=False)

    # -------------------------------------------------------------- provenance
    def line_number(self, offset: int) -> int:
        """1-based input line number of an input offset."""
        if self._line_starts is None:
            starts = array("q", [0])  # 8 bytes a line, not a list of int objects
            find = self.source.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        return bisect.bisect_right(self._line_starts, offset)

    def record(
        self,
        kind: str,
        span: tuple[int, int],
        before: str,
        after: str,
        reason: str,
        score: float | None = None,
        line: int | None = None,
    ) -> Edit:
        """Append an edit made by the running pass and return it.

        ``line``: the input line number of ``span[0]`` when the caller knows
        it (the Line it edits has it); else it is looked up, which builds an
        index of every line of the input on first use.
        """
        edit = Edit(
            kind=kind,
            start=span[0],
            end=span[1],
            before=before,
            after=after,
            reason=self._reasons.setdefault(reason, reason),
            score=None if score is None else round(float(score), 4),
            pass_name=self.current_pass,
            line=self.line_number(span[0]) if line is None else line,
        )
        self.edits.append(edit)
        return edit

    def set_role(self, line: Line, role: str, reason: str, score: float | None = None) -> None:
        """Move a line out of (or back into) the body, recording why."""
        if line.role == role:
            return
        old = line.role
        line.role = role
        text = line.text
        line.text = text  # the line and its edit share one copy of the text
        self.record(
            role if role != BODY else "restore",
            line.raw_span(0, len(text)),
            text,
            "" if role in (FURNITURE, FOOTNOTE) else text,
            f"{old} -> {role}: {reason}",
            score,
            line.number,
        )

    # ------------------------------------------------------------------ views
    def ordered_pages(self) -> list[Page]:
        order = self.page_order or list(range(len(self.pages)))
        return [self.pages[i] for i in order]

    def body_lines(self) -> list[Line]:
        """Body and blank lines in reading order (blank lines mark paragraphs)."""
        return [ln for page in self.ordered_pages() for ln in page.lines if ln.role in (BODY, BLANK)]

    def flows(self) -> Iterator[list[Line]]:
        """Each run of text that reads continuously: the body, then each footnote."""
        yield self.body_lines()
        for note in self.notes_in_order():
            yield note.lines

    def notes_in_order(self) -> list[Footnote]:
        """Footnotes in reading order, each continuation piece joined to the note before it.

        Pieces are joined here, after the order pass, rather than when found:
        which page comes before which is only known once pages are ordered.
        A piece with no labelled note before it stays a note of its own.
        """
        rank = {index: k for k, index in enumerate(self.page_order or range(len(self.pages)))}
        notes = sorted(self.footnotes, key=lambda n: (rank.get(n.page, n.page), n.lines[0].number if n.lines else 0))
        merged: list[Footnote] = []
        for note in notes:
            if note.continuation and merged and not merged[-1].continuation:
                last = merged[-1]
                merged[-1] = Footnote(last.label, last.lines + note.lines, last.page,
                                      referenced=last.referenced or note.referenced)
            else:
                merged.append(note)
        return merged

    def furniture_lines(self) -> list[Line]:
        return [ln for page in self.ordered_pages() for ln in page.lines if ln.role == FURNITURE]

    def split_line(self, line: Line, at: int) -> Line:
        """Split ``line`` before character ``at``; return the new first part.

        For text two things share on one input line (a page number glued to
        the first line of a page, a footnote label glued to the last line of
        the body). The new line is inserted before ``line`` on its page, has
        the same role and number, and keeps its input offsets; whitespace at
        the cut belongs to neither part.
        """
        head_text = line.text[:at].rstrip()
        rest = line.text[at:]
        lead = at + len(rest) - len(rest.lstrip())
        head = Line(text=head_text, start=line.start, page=line.page, number=line.number, role=line.role)
        line.text = line.text[lead:]  # before ``start`` moves: an unedited line's text is read from it
        if line._offsets is not None:
            head._offsets = line._offsets[: len(head_text)]
            line._offsets = line._offsets[lead:]
            known = [o for o in line._offsets if o >= 0]
            line.start = known[0] if known else line.start
        else:
            line.start += lead
        page = self.pages[line.page]
        page.lines.insert(page.lines.index(line), head)
        return head

    def all_lines(self) -> Iterator[Line]:
        for page in self.pages:
            yield from page.lines


def adjacent_pairs(flow: list[Line]) -> Iterator[tuple[Line, Line, bool]]:
    """Consecutive text lines of a flow, and whether a blank line parts them.

    Blank lines at the top or bottom of a page are layout, not paragraph
    breaks, so only a blank line between two lines of the same page counts.
    """
    previous: Line | None = None
    blank_between = False
    for line in flow:
        if line.role == BLANK or not line.text.strip():
            if previous is not None and line.page == previous.page:
                blank_between = True
            continue
        if previous is not None:
            yield previous, line, blank_between and previous.page == line.page
        previous = line
        blank_between = False
