"""PDF input: text extracted page by page with pypdf, pages parted by form feeds.

Reading PDFs is an optional extra (``pip install reflow[pdf]``): without
pypdf a PDF input gets the one-line error of any other non-text input. A
PDF's page sequence is its reading order, so the text keeps the pages in PDF
order, one form feed between pages and none inside one (page boundaries are
exact), and cleaning it keeps that order instead of guessing one.
"""
from __future__ import annotations

import copy
import io
from importlib.util import find_spec

from .inputs import DEFAULT_MAX_BYTES, InputError, decode_bytes, read_bytes
from .pipeline import Pipeline

PDF_MAGIC = b"%PDF"


def pdf_support() -> bool:
    """Whether the pdf extra (pypdf) is installed."""
    return find_spec("pypdf") is not None


def extract_pdf_text(data: bytes) -> str:
    """The text of a PDF's pages in PDF order, joined by form feeds."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")  # many PDFs are "encrypted" with an empty password
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds on a damaged file; all mean "unreadable"
        raise InputError(f"is a PDF file pypdf cannot read ({type(exc).__name__}: {exc})") from None
    # A form feed inside a page's text would invent a page boundary.
    return "\f".join(page.replace("\f", "\n") for page in pages)


def read_input(path: str, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, bool]:
    """Read one input file as text; PDFs are extracted when the extra is there.

    Returns the text and whether it came from a PDF. Raises InputError.
    """
    data = read_bytes(path, max_bytes)
    if data.startswith(PDF_MAGIC) and pdf_support():
        return extract_pdf_text(data), True
    return decode_bytes(data, encoding), False


def keep_page_order(pipeline: Pipeline) -> Pipeline:
    """``pipeline`` for PDF text: order "auto" becomes "keep" (PDF order is reading order)."""
    if pipeline.options.get("order") != "auto":
        return pipeline
    kept = copy.copy(pipeline)
    kept.options = {**pipeline.options, "order": "keep"}
    return kept
