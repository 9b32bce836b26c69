"""Reading order: first version keeps the input order of the pages."""
from __future__ import annotations

from ..document import Document
from ..pipeline import Context, register


@register("order")
def order_pass(doc: Document, ctx: Context) -> None:
    doc.page_order = list(range(len(doc.pages)))
    doc.boundary_scores = [1.0] * max(0, len(doc.pages) - 1)
