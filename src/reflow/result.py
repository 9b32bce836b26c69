"""The result of cleaning: the document plus its renderings."""
from __future__ import annotations

import json
from functools import cached_property

from .document import Document, Edit
from .render import body_text, footnote_entries, render_markdown, render_text, to_dict


class Result:
    """What ``reflow.clean`` returns. Renderings are computed on first access."""

    def __init__(self, document: Document, notes: str = "end") -> None:
        self.document = document
        self.notes = notes

    @cached_property
    def text(self) -> str:
        return render_text(self.document, self.notes)

    @cached_property
    def markdown(self) -> str:
        return render_markdown(self.document, self.notes)

    @cached_property
    def body(self) -> str:
        return body_text(self.document)

    @cached_property
    def footnotes(self) -> list[dict[str, str]]:
        return footnote_entries(self.document, self.body)

    @property
    def page_order(self) -> list[int]:
        return self.document.page_order or list(range(len(self.document.pages)))

    @property
    def edits(self) -> list[Edit]:
        return list(self.document.edits)

    @property
    def warnings(self) -> list[str]:
        return list(self.document.warnings)

    @property
    def lang(self) -> str:
        return self.document.lang

    def to_dict(self) -> dict:
        return to_dict(self.document)

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def explain(self) -> str:
        """The edits as readable lines: input line, pass, what changed, why."""
        from .explain import explain

        return explain(self.document)

    def __repr__(self) -> str:
        return f"<reflow.Result {len(self.body)} chars, {len(self.footnotes)} notes, {len(self.edits)} edits>"
