"""Footnotes: find the note block at the foot of each page and link references.

First version: a line in the lower part of a page that starts with a number
label, where the same number is glued to a word above it on the page, starts
a footnote; the following lines up to the page end belong to it.
"""
from __future__ import annotations

import regex

from ..document import BODY, FOOTNOTE, Document, Footnote, Line
from ..pipeline import Context, register

NOTE_START_RE = regex.compile(r"^(?P<label>\d{1,3})\.?\s*(?=\S)")
GLUED_REF_RE = r"(?<=[\p{{L}}\p{{P}}])(?P<label>{label})(?=\s|$)"


@register("footnotes")
def footnotes_pass(doc: Document, ctx: Context) -> None:
    for page in doc.pages:
        lines = [ln for ln in page.lines if ln.role == BODY]
        if not lines:
            continue
        start_at = None
        for idx in range(len(lines) - 1, max(-1, len(lines) // 3 - 1), -1):
            match = NOTE_START_RE.match(lines[idx].text)
            if not match:
                continue
            label = match.group("label")
            pattern = regex.compile(GLUED_REF_RE.format(label=regex.escape(label)))
            if any(pattern.search(ln.text) for ln in lines[:idx]):
                start_at = idx
        if start_at is None:
            continue
        current: Footnote | None = None
        for line in lines[start_at:]:
            match = NOTE_START_RE.match(line.text)
            if match:
                current = Footnote(label=match.group("label"), lines=[], page=page.index)
                doc.footnotes.append(current)
                span = line.raw_span(0, match.end())
                label_text = line.text[: match.end()]
                line.replace(0, match.end(), "")
                doc.record("footnote", span, label_text, "", f"footnote label {current.label}")
            doc.set_role(line, FOOTNOTE, f"footnote {current.label if current else '?'} at the foot of page {page.index}")
            if current is not None:
                current.lines.append(line)
        _link_references(doc, [n for n in doc.footnotes if n.page == page.index], lines[:start_at])


def _link_references(doc: Document, notes: list[Footnote], body: list[Line]) -> None:
    """Write the glued number a note refers to as ``[^N]``, searching upwards from the foot."""
    for note in notes:
        pattern = regex.compile(GLUED_REF_RE.format(label=regex.escape(note.label)))
        for line in reversed(body):
            match = None
            for match in pattern.finditer(line.text):
                pass
            if match is None:
                continue
            before = match.group()
            span = line.replace(match.start(), match.end(), f"[^{note.label}]")
            doc.record("reference", span, before, f"[^{note.label}]", f"reference to footnote {note.label}")
            note.referenced = True
            break
