"""Split run-together tokens: first version does nothing yet."""
from __future__ import annotations

from ..document import Document
from ..pipeline import Context, register


@register("segment")
def segment_pass(doc: Document, ctx: Context) -> None:
    return None
