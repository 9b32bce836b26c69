"""Dask and datatrove adapters; skipped where those optional extras are not installed."""
from __future__ import annotations

import json
import pickle

import pytest

import reflow
from reflow.integrations import Cleaner
from reflow.lexicon import _frequencies

# The cluster tests test the plumbing, not the cleaning: a few passes keep them quick.
FAST = {"passes": ["pages", "dehyphenate", "paragraphs"]}
SAMPLE = "The workers were strik-\ning against a government.\n\nA new paragraph.\n"
CLEANED = "The workers were striking against a government.\n\nA new paragraph.\n"


def texts(seed_text: str) -> list[str]:
    """Eight texts: the seed's first pages, split at the seed's page marks, and a small sample."""
    pages = seed_text.split("\n ")[:7]
    return [SAMPLE] + [" " + page for page in pages]


def test_cleaner_is_small_picklable_and_matches_clean(seed_text):
    cleaner = Cleaner.create(lang="en", skip=["order"])
    assert len(pickle.dumps(cleaner)) < 500
    assert pickle.loads(pickle.dumps(cleaner))(SAMPLE) == CLEANED
    page = texts(seed_text)[1]
    assert cleaner(page) == reflow.clean(page, lang="en", skip=["order"]).text
    assert json.loads(Cleaner.create("json", dictionary={"Astrakhan": 3.0})(SAMPLE))["body"].startswith("The workers")
    with pytest.raises(ValueError):
        Cleaner.create("pdf")
    with pytest.raises(TypeError):
        Cleaner.create(colour="blue")


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask.dataframe")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as client:
            yield client


def test_dask_bag_on_a_local_cluster_loads_lexicons_once_per_worker(client, seed_text):
    import dask.bag as db

    from reflow.integrations.dask import clean_bag

    inputs = texts(seed_text) * 2
    cleaned = clean_bag(db.from_sequence(inputs, npartitions=4), lang="en", **FAST).compute()
    assert cleaned == [reflow.clean(text, lang="en", **FAST).text for text in inputs]
    loads = client.run(lambda: _frequencies.cache_info().misses)
    assert len(loads) == 2 and all(n <= 1 for n in loads.values())  # English, once per worker process
    assert len(set(client.run(lambda: __import__("os").getpid()).values())) == 2


def test_dask_dataframe_column(client, seed_text):
    import dask.dataframe as dd
    import pandas as pd

    from reflow.integrations.dask import clean_column

    frame = pd.DataFrame({"id": range(8), "raw": texts(seed_text)})
    column = clean_column(dd.from_pandas(frame, npartitions=3)["raw"], format="markdown", **FAST)
    out = column.compute()
    assert list(out.index) == list(range(8)) and out.name == "raw"
    assert out.iloc[0] == CLEANED
    assert out.iloc[3] == reflow.clean(frame["raw"][3], **FAST).markdown


def test_datatrove_formatter_cleans_documents_and_counts_edits():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from reflow.integrations.datatrove import ReflowFormatter

    step = ReflowFormatter(lang="en")
    docs = list(step.run(iter([Document(text=SAMPLE, id="a"), Document(text="Plain text.\n", id="b")])))
    assert [d.text for d in docs] == [CLEANED, "Plain text.\n"]
    assert step.stats["reflow_dehyphenate"].total == 1
