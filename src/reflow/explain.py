"""``--explain``: the edits as a readable list, one per line, in input order."""
from __future__ import annotations

from .document import Document, Edit

MAX_SHOWN = 60  # characters of before/after shown per edit


def _show(text: str) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def format_edit(edit: Edit) -> str:
    score = "" if edit.score is None else f" [score {edit.score:g}]"
    change = f"{_show(edit.before)!r} -> {_show(edit.after)!r}"
    return f"line {edit.line:>5}  {edit.pass_name:<12} {edit.kind:<12} {change}: {edit.reason}{score}"


def explain(doc: Document) -> str:
    edits = sorted(doc.edits, key=lambda e: (e.start, e.end))
    lines = [format_edit(e) for e in edits]
    counts: dict[str, int] = {}
    for e in edits:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no edits"
    header = f"# {len(edits)} edits ({summary}); pages in reading order: {doc.page_order}"
    tail = [f"# warning: {w}" for w in doc.warnings]
    return "\n".join([header, *lines, *tail]) + "\n"
