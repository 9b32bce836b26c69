"""Adapters that plug reflow into engines people already run.

* :mod:`reflow.integrations.dask`: clean a ``dask.bag`` of texts or a
  ``dask.dataframe`` column on a Dask cluster (``pip install 'reflow[dask]'``).
* :mod:`reflow.integrations.datatrove`: a datatrove formatter step
  (``pip install 'reflow[datatrove]'``).

Each adapter is a thin layer over :class:`Cleaner`, one picklable function
from raw text to cleaned text. Shipping it to a worker costs a few bytes; the
worker builds the Pipeline once and loads the lexicons once, then reuses them
for every text it cleans.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Hashable

from ..batch import cached_pipeline, freeze_options
from ..cli import _render
from ..pipeline import Pipeline
from ..result import Result

FORMATS = ("text", "markdown", "json")


@dataclass(frozen=True)
class Cleaner:
    """Raw text in, cleaned text out (``fmt``: text, markdown or json), picklable.

    Build it with :meth:`create`, which checks the options where you call it,
    not later on a remote worker.
    """

    options: tuple[tuple[str, Hashable], ...]
    fmt: str = "text"

    @classmethod
    def create(cls, fmt: str = "text", **options: Any) -> "Cleaner":
        """Options are those of :func:`reflow.clean` (lang, passes, skip, dictionary, ...)."""
        if fmt not in FORMATS:
            raise ValueError(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
        cleaner = cls(freeze_options(options), fmt)
        cleaner.pipeline()  # raises here on a bad option
        return cleaner

    def pipeline(self) -> Pipeline:
        """This process's Pipeline for these options (built on first use)."""
        return cached_pipeline(self.options)

    def result(self, text: str) -> Result:
        return self.pipeline().run(text)

    def __call__(self, text: str) -> str:
        return _render(self.result(text), self.fmt, explain=False)


__all__ = ["Cleaner", "FORMATS"]
