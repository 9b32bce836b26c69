"""A datatrove formatter step that cleans each document's text with reflow.

    from datatrove.executor import LocalPipelineExecutor
    from reflow.integrations.datatrove import ReflowFormatter

    LocalPipelineExecutor(pipeline=[reader, ReflowFormatter(lang="en"), writer], tasks=8).run()

The step's statistics count reflow's edits by kind (``reflow_dehyphenate``,
``reflow_furniture``, ...), so a run's summary says what was repaired.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

try:
    from datatrove.pipeline.formatters.base import BaseFormatter
except ImportError as exc:  # the optional extra is not installed
    raise ImportError("reflow.integrations.datatrove needs datatrove: pip install 'reflow[datatrove]'") from exc

from ..cli import _render
from . import Cleaner


class ReflowFormatter(BaseFormatter):
    """Replace each document's text by reflow's cleaned text.

    ``format``: text (body, then footnotes), markdown or json; ``options`` as
    for :func:`reflow.clean` (lang, passes, skip, dictionary, page_marker, ...).
    """

    name = "🌊 reflow"

    def __init__(self, format: str = "text", **options: Any) -> None:
        super().__init__()
        self.cleaner = Cleaner.create(format, **options)

    def format(self, text: str) -> str:
        result = self.cleaner.result(text)
        for kind, count in Counter(edit.kind for edit in result.document.edits).items():
            self.stat_update(f"reflow_{kind}", value=count)
        return _render(result, self.cleaner.fmt, explain=False)


__all__ = ["ReflowFormatter"]
