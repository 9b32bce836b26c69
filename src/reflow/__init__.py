"""reflow: turn broken text from PDFs and OCR into clean text in reading order.

>>> import reflow
>>> result = reflow.clean(raw_text)            # doctest: +SKIP
>>> result.text, result.footnotes, result.edits  # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"

from typing import Any, Mapping, Sequence

from .document import Document, Edit, Footnote, Line, Page
from .pipeline import DEFAULT_PASSES, Context, PassFunction, Pipeline, available_passes, register
from .result import Result


def clean(
    text: str,
    *,
    lang: str = "auto",
    passes: Sequence[str | PassFunction] | None = None,
    skip: Sequence[str] = (),
    dictionary: str | Mapping[str, float] | None = None,
    **options: Any,
) -> Result:
    """Clean extracted text and return a :class:`Result`.

    ``lang`` is an ISO 639-1 code, or ``"auto"`` (the default) to pick it
    from the text's commonest words; ``passes`` replaces the
    default pass list (names or functions ``fn(doc, ctx)``), ``skip`` drops
    some; ``dictionary`` is a path to a word list or a ``{word: zipf}``
    mapping. Options: ``page_marker`` (auto, formfeed, leading-space, none),
    ``order`` (auto, keep), ``notes`` (end, omit, inline).
    """
    return Pipeline(passes, lang=lang, skip=skip, dictionary=dictionary, **options).run(text)


__all__ = [
    "DEFAULT_PASSES",
    "Context",
    "Document",
    "Edit",
    "Footnote",
    "Line",
    "Page",
    "PassFunction",
    "Pipeline",
    "Result",
    "available_passes",
    "clean",
    "register",
    "__version__",
]
