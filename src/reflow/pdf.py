"""PDF input: text extracted page by page with pdfminer.six, pages parted by form feeds.

Reading PDFs is an optional extra (``pip install reflow[pdf]``): without
pdfminer.six a PDF input gets the one-line error of any other non-text input. A
PDF's page sequence is its reading order, so the text keeps the pages in PDF
order, one form feed between pages and none inside one (page boundaries are
exact), and cleaning it keeps that order instead of guessing one.

Why pdfminer.six and not pypdf: on the dev PDFs (pdflatex and groff, justified)
pypdf's text breaks words at kerning gaps ("Re volution", "follo wing"): 94.9%
of the gold words come through its raw text intact against 98.0% through
pdfminer.six, and cleaned, body WER was 8.6% against 0.6% (pdftotext then
reflow: 1.0%; benchmarks/pdf_compare.py). pdfminer.six takes about three times
pypdf's time. Both are pure Python.
"""
from __future__ import annotations

import copy
import io
from importlib.util import find_spec

from .inputs import DEFAULT_MAX_BYTES, InputError, decode_bytes, read_bytes
from .pipeline import Pipeline

PDF_MAGIC = b"%PDF"


def pdf_support() -> bool:
    """Whether the pdf extra (pdfminer.six) is installed."""
    return find_spec("pdfminer") is not None


def extract_pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF, in PDF order; raise InputError if unreadable."""
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    resources = PDFResourceManager()
    buffer = io.StringIO()
    pages: list[str] = []
    try:
        # One converter for the whole file, its output taken page by page:
        # linear in the page count, and each page's end is known exactly.
        with TextConverter(resources, buffer, laparams=LAParams()) as device:
            interpreter = PDFPageInterpreter(resources, device)
            for page in PDFPage.get_pages(io.BytesIO(data)):  # an empty password opens most "encrypted" PDFs
                interpreter.process_page(page)
                pages.append(buffer.getvalue().removesuffix("\f"))
                buffer.seek(0)
                buffer.truncate()
    except Exception as exc:  # pdfminer raises many kinds on a damaged file; all mean "unreadable"
        raise InputError(f"is a PDF file pdfminer.six cannot read ({type(exc).__name__}: {exc})") from None
    return pages


def extract_pdf_text(data: bytes) -> str:
    """The text of a PDF's pages in PDF order, joined by form feeds."""
    # A form feed inside a page's text would invent a page boundary.
    return "\f".join(page.replace("\f", "\n") for page in extract_pdf_pages(data))


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
