"""Clean texts on a Dask cluster: a ``dask.bag`` of texts or a ``dask.dataframe`` column.

    >>> import dask.bag as db                                        # doctest: +SKIP
    >>> from reflow.integrations.dask import clean_bag
    >>> clean_bag(db.read_text("scans/*.txt", files_per_partition=1, linedelimiter="\\0"))

Each task carries a small picklable :class:`~reflow.integrations.Cleaner`;
on each worker process the Pipeline is built once and the lexicons load once,
then serve every text that worker cleans. See docs/distributed.md.
"""
from __future__ import annotations

from typing import Any

try:
    import dask.bag as db
    import dask.dataframe as dd
except ImportError as exc:  # the optional extra is not installed
    raise ImportError("reflow.integrations.dask needs Dask: pip install 'reflow[dask]'") from exc

from . import Cleaner


def clean_bag(texts: db.Bag, *, format: str = "text", **options: Any) -> db.Bag:
    """A bag of cleaned texts, in the order of ``texts``.

    ``format``: text, markdown or json (a JSON string per text, as
    ``reflow --format json`` prints); ``options`` as for :func:`reflow.clean`.
    """
    return texts.map(Cleaner.create(format, **options))


def clean_column(column: dd.Series, *, format: str = "text", **options: Any) -> dd.Series:
    """A dataframe column of cleaned texts, index and name kept."""
    return column.map(Cleaner.create(format, **options), meta=(column.name, "object"))


__all__ = ["clean_bag", "clean_column"]
