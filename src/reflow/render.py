"""Renderers: the document as plain text, Markdown with footnotes, or JSON.

The JSON's ``body``, ``footnotes`` and ``page_order`` mean exactly what they
mean in the evaluation gold files (``reflow-gold/1``), so a scorer can read
reflow's output as it is.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex

from . import __version__
from .document import BLANK, Document, Footnote, Line

JSON_SCHEMA = "reflow/1"
REFERENCE_RE = regex.compile(r"\[\^([^\]\s]+)\]")


def flow_text(lines: list[Line]) -> str:
    """Join a flow's lines by their joins into paragraphs separated by one blank line."""
    pieces: list[str] = []
    for line in lines:
        if line.role == BLANK or not line.text.strip():
            continue
        pieces.append(line.text.strip())
        pieces.append(line.join)
    if pieces:
        pieces.pop()
    paragraphs = (" ".join(p.split()) for p in "".join(pieces).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def reading_notes(doc: Document) -> list[Footnote]:
    """The notes in reading order, every continued piece joined to a labelled note.

    ``Document.notes_in_order`` joins a piece to the note before it; a piece
    the page order puts before every labelled note (its note's page missing
    or misplaced) would be a note with no label and no reference. It is the
    rest of some note that runs on, so it joins the first open note (one
    that stops short) that no piece continues yet, else the last note.
    """
    notes = doc.notes_in_order()
    orphans = [n for n in notes if n.continuation]
    labelled = [n for n in notes if not n.continuation]
    if not orphans or not labelled:
        return notes
    open_starts = {id(n.lines[0]) for n in doc.footnotes if n.unfinished and n.lines}
    waiting = [n for n in labelled if n.lines and id(n.lines[0]) in open_starts
               and len({ln.page for ln in n.lines}) == 1]  # open, and no piece joined to it
    waiting.reverse()
    joined: dict[int, Footnote] = {}
    for piece in orphans:
        target = waiting.pop() if waiting else labelled[-1]
        base = joined.get(id(target), target)
        joined[id(target)] = Footnote(base.label, base.lines + piece.lines, base.page, referenced=base.referenced)
    return [joined.get(id(n), n) for n in labelled]


@dataclass
class LabelUses:
    """How often each footnote label was used before this document: in references and in notes.

    A huge input is cleaned in windows (``reflow.windows``), each a document
    of its own; numbering a label that recurs in a later window on from the
    earlier windows (``1``, then ``1-2``) keeps every label of the whole
    output unique, as if the windows were one document. ``body_text`` and
    then ``footnote_entries`` of each window add that window's uses.
    """

    references: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)


def repeated_labels(doc: Document, earlier: Counter[str] | None = None) -> set[str]:
    """Labels several notes share (numbering that restarts in each chapter), counting ``earlier`` notes too."""
    counts = Counter(note.label for note in reading_notes(doc))
    if earlier:
        counts.update({label: earlier[label] for label in counts if label in earlier})
    return {label for label, n in counts.items() if n > 1 and label}


def numbered_use(label: str, k: int) -> str:
    """The k-th use (from 1) of a repeated label: ``1``, then ``1-2``, ``1-3``...

    References and notes are both numbered in reading order, so the k-th
    reference ``[^1]`` and the k-th note labelled 1 stay paired and every
    label in the output is unique (Markdown needs that).
    """
    return label if k == 1 else f"{label}-{k}"


def body_text(doc: Document, earlier: LabelUses | None = None) -> str:
    """The body's paragraphs; a repeated label's k-th reference becomes ``label-k``.

    With ``earlier`` (the uses of the windows before this one) numbering goes
    on from them, and this body's references are added to it.
    """
    body = flow_text(doc.body_lines())
    repeated = repeated_labels(doc, earlier.notes if earlier else None)
    if earlier is not None:
        before = Counter(earlier.references)
        earlier.references.update(m.group(1) for m in REFERENCE_RE.finditer(body))
    else:
        before = Counter()
    if not repeated:
        return body
    uses: Counter[str] = Counter()

    def rename(match: regex.Match) -> str:
        label = match.group(1)
        if label not in repeated:
            return match.group(0)
        uses[label] += 1
        return f"[^{numbered_use(label, before[label] + uses[label])}]"

    return REFERENCE_RE.sub(rename, body)


def footnote_entries(doc: Document, body: str | None = None, earlier: LabelUses | None = None) -> list[dict[str, str]]:
    """Footnotes as ``[{label, text}]`` in order of their first reference in ``body``.

    With ``earlier``, give the ``body`` that ``body_text(doc, earlier)``
    returned (called first); this document's notes are then added to it.
    """
    uses: Counter[str] = Counter()
    before = earlier.notes if earlier is not None else Counter()
    entries = []
    for note in reading_notes(doc):
        uses[note.label] += 1
        entries.append({"label": numbered_use(note.label, before[note.label] + uses[note.label]),
                        "text": flow_text(note.lines)})
    if earlier is not None:
        earlier.notes.update(uses)
    body = body_text(doc) if body is None else body
    position = {m.group(1): m.start() for m in reversed(list(REFERENCE_RE.finditer(body)))}
    order = sorted(range(len(entries)), key=lambda i: (position.get(entries[i]["label"], float("inf")), i))
    return [entries[i] for i in order]


def note_paragraph(note: dict[str, str], fmt: str) -> str:
    """One note as the text format (``[1] text``) or a Markdown definition (``[^1]: text``) shows it."""
    if fmt == "markdown":
        # A definition's later paragraphs are indented four spaces to stay inside it.
        return f"[^{note['label']}]: " + note["text"].replace("\n\n", "\n\n    ")
    return f"[{note['label']}] {note['text']}"


def inline_notes(body: str, notes: list[dict[str, str]], fmt: str) -> str:
    """Put each note as a paragraph right after the paragraph that cites it."""
    by_label = {n["label"]: n for n in notes}
    placed: set[str] = set()
    out: list[str] = []
    for paragraph in body.split("\n\n"):
        out.append(paragraph if fmt == "markdown" else REFERENCE_RE.sub(r"[\1]", paragraph))
        for match in REFERENCE_RE.finditer(paragraph):
            label = match.group(1)
            if label in by_label and label not in placed:
                placed.add(label)
                out.append(f"[{label}] {by_label[label]['text']}")
    out.extend(f"[{n['label']}] {n['text']}" for n in notes if n["label"] not in placed)
    return "\n\n".join(p for p in out if p)


def render_text(doc: Document, notes: str = "end") -> str:
    """Body paragraphs separated by blank lines, references as ``[N]``, then the notes."""
    body = body_text(doc)
    entries = footnote_entries(doc, body)
    if notes == "inline":
        return _finish(inline_notes(body, entries, "text"))
    body = REFERENCE_RE.sub(r"[\1]", body)
    if notes == "omit" or not entries:
        return _finish(body)
    tail = "\n\n".join(note_paragraph(n, "text") for n in entries)
    return _finish(f"{body}\n\n---\n\n{tail}" if body else tail)


def render_markdown(doc: Document, notes: str = "end") -> str:
    """Body with ``[^N]`` references, then ``[^N]: text`` definitions (Pandoc, GitHub)."""
    body = body_text(doc)
    entries = footnote_entries(doc, body)
    if notes == "inline":
        return _finish(inline_notes(body, entries, "markdown"))
    if notes == "omit" or not entries:
        return _finish(body)
    defs = "\n\n".join(note_paragraph(n, "markdown") for n in entries)
    return _finish(f"{body}\n\n{defs}" if body else defs)


def _finish(text: str) -> str:
    return text + "\n" if text else ""


def to_dict(doc: Document) -> dict:
    """Everything reflow knows about the document, JSON-ready."""
    order = doc.page_order or list(range(len(doc.pages)))
    body = body_text(doc)
    return {
        "schema": JSON_SCHEMA,
        "reflow_version": __version__,
        "lang": doc.lang,
        "page_marker": doc.page_marker,
        "body": body,
        "footnotes": footnote_entries(doc, body),
        "page_order": order,
        "page_boundary_confidence": doc.boundary_scores,
        "furniture": [
            {"page": ln.page, "line": ln.number, "text": ln.text.strip()} for ln in doc.furniture_lines()
        ],
        "pages": [
            {
                "index": page.index,
                "start": page.start,
                "end": page.end,
                "lines": len(page.lines),
                "printed_number": page.printed_number,
            }
            for page in doc.pages
        ],
        "edits": [edit.to_dict() for edit in doc.edits],
        "warnings": list(doc.warnings),
    }
