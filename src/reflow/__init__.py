"""reflow: turn broken text from PDFs and OCR into clean text in reading order.

>>> import reflow
>>> result = reflow.clean(raw_text)            # doctest: +SKIP
>>> result.text, result.footnotes, result.edits  # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"

from typing import IO, TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from .document import Document, Edit, Footnote, Line, Page
from .pipeline import DEFAULT_PASSES, Context, PassFunction, Pipeline, available_passes, register
from .result import Result

if TYPE_CHECKING:
    from .windows import WindowSummary


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


def clean_stream(
    source: str | IO[str] | Iterable[str],
    write: Callable[[str], Any],
    *,
    format: str = "json",
    window_bytes: int | None = None,
    lang: str = "auto",
    passes: Sequence[str | PassFunction] | None = None,
    skip: Sequence[str] = (),
    dictionary: str | Mapping[str, float] | None = None,
    **options: Any,
) -> "WindowSummary":
    """Clean a text too large to hold in memory, writing the rendering through ``write`` as it goes.

    ``source`` is a text file, an iterable of str pieces or a str. It is read
    in windows of about ``window_bytes`` characters (default
    ``reflow.windows.WINDOW_BYTES``) cut at page boundaries, each cleaned as a
    document of its own: memory stays bounded, but pages are reordered within
    a window only. ``format`` is text, markdown or json (the JSON of
    ``Result.to_dict`` with offsets into the whole input). A source of one
    window gives exactly ``clean(...)``'s rendering. Returns a summary
    (windows, pages, warnings). Other arguments as for :func:`clean`.
    """
    from . import windows

    size = windows.WINDOW_BYTES if window_bytes is None else window_bytes
    pipeline = Pipeline(passes, lang=lang, skip=skip, dictionary=dictionary, **options)
    return windows.write_windows(windows.run_windows(pipeline, source, size), write, format, window_chars=size)


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
    "clean_stream",
    "register",
    "__version__",
]
