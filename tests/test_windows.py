"""Windowed cleaning of huge inputs (reflow.windows), exercised with windows of a few thousand characters."""
from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest

import reflow
import reflow.windows
from reflow import Pipeline
from reflow.cli import main
from reflow.normalize import normalize_input
from reflow.render import REFERENCE_RE
from reflow.windows import find_cut, run_windows, write_windows

FIXTURES = Path(__file__).parent / "fixtures"
SEED = (FIXTURES / "seed.txt").read_text(encoding="utf-8")  # leading-space pages, shuffled, 17 notes
DEV07 = (FIXTURES / "page_dev07.txt").read_text(encoding="utf-8")  # three form-feed pages in order
DEV09 = (FIXTURES / "page_dev09.txt").read_text(encoding="utf-8")  # German, three pages, 8 notes


def windowed(text: str | list, window: int, fmt: str = "json", pipeline: Pipeline | None = None, **kw) -> str:
    """The rendering of ``text`` cleaned in windows, or of windows already made (to render them again)."""
    made = text if isinstance(text, list) else run_windows(pipeline or Pipeline(), text, window)
    out = io.StringIO()
    write_windows(made, out.write, fmt, window_chars=window, **kw)
    return out.getvalue()


def visible(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


def accounted(data: dict) -> Counter:
    """Non-space characters the JSON keeps, plus those its edits record as removed (as test_properties counts)."""
    kept = REFERENCE_RE.sub(r"\1", data["body"])
    kept += "".join(n["label"] + n["text"] for n in data["footnotes"])
    kept += "".join(f["text"] for f in data["furniture"])
    removed = "".join(e["before"] for e in data["edits"] if e["after"] == "" or e["kind"] in ("dehyphenate", "reference"))
    return visible(kept) + visible(removed)


def test_an_input_that_fits_one_window_gives_exactly_the_normal_output():
    made = list(run_windows(Pipeline(), SEED, len(SEED)))
    result = made[0].result
    assert len(made) == 1 and result.to_json() == reflow.clean(SEED).to_json()
    assert windowed(made, len(SEED), "text") == result.text
    assert windowed(made, len(SEED), "json") == json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"
    assert windowed(made, len(SEED), "json", explain=True) == result.explain()
    record = {**result.to_dict(), "file": "seed.txt"}
    assert windowed(made, len(SEED), "json", indent=None, extra={"file": "seed.txt"}) == json.dumps(record, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("notes", ["end", "inline", "omit"])
def test_notes_are_placed_as_the_normal_output_places_them(notes):
    pipeline = Pipeline(notes=notes)
    result = pipeline.run(DEV09)
    assert windowed(DEV09, len(DEV09), "text", pipeline) == result.text
    assert windowed(DEV09, len(DEV09), "markdown", pipeline) == result.markdown


def test_windows_that_are_whole_documents_give_their_outputs_shifted_and_labels_numbered_on():
    """Three copies of the seed, one window each: each window decides what the seed alone decides."""
    copy = SEED.rstrip("\n")
    text = "\n".join([copy] * 3)
    alone = Pipeline().run(copy).to_dict()
    data = json.loads(windowed(text, len(copy) + 1))
    pages, length, lines = len(alone["pages"]), len(copy) + 1, copy.count("\n") + 1

    def renamed(body: str, k: int) -> str:
        return body if k == 1 else REFERENCE_RE.sub(lambda m: f"[^{m.group(1)}-{k}]", body)

    assert data["body"] == "\n\n".join(renamed(alone["body"], k) for k in (1, 2, 3))
    assert data["footnotes"] == [
        {"label": n["label"] if k == 1 else f"{n['label']}-{k}", "text": n["text"]} for k in (1, 2, 3) for n in alone["footnotes"]
    ]
    assert data["page_order"] == [i + k * pages for k in range(3) for i in alone["page_order"]]
    assert data["page_boundary_confidence"] == alone["page_boundary_confidence"] + (
        [1.0] + alone["page_boundary_confidence"]) * 2
    assert data["pages"] == [
        {**p, "index": p["index"] + k * pages, "start": p["start"] + k * length, "end": p["end"] + k * length}
        for k in range(3) for p in alone["pages"]
    ]
    assert data["edits"] == [
        {**e, "start": e["start"] + k * length, "end": e["end"] + k * length, "line": e["line"] + k * lines}
        for k in range(3) for e in alone["edits"]
    ]
    assert data["furniture"] == [{**f, "page": f["page"] + k * pages, "line": f["line"] + k * lines}
                                 for k in range(3) for f in alone["furniture"]]
    assert data["warnings"][-1] == (f"input over {length / 1e6:g} MB processed in 3 windows of about 21 pages; "
                                    "pages reordered within a window only")
    labels = [n["label"] for n in data["footnotes"]]
    assert len(set(labels)) == len(labels) == 51
    assert Counter(REFERENCE_RE.findall(data["body"])) == Counter(labels)  # one reference per note, across windows


@pytest.mark.parametrize("window", [2500, 3000, 4500])
def test_pages_in_order_cut_between_pages_decide_as_the_whole_document(window):
    """dev07's three pages, kept in order, cut at their form feeds: every decision is the whole document's.

    Only an edit's reason and score may differ (the document vocabulary is the window's)."""
    pipeline = Pipeline(order="keep")
    whole = pipeline.run(DEV07).to_dict()
    data = json.loads(windowed(DEV07, window, pipeline=pipeline))
    assert data["body"].split() == whole["body"].split()  # a window's end is a paragraph break
    for key in ("footnotes", "furniture", "pages", "page_order", "page_boundary_confidence"):
        assert data[key] == whole[key]

    def decision(edit: dict) -> dict:
        return {k: v for k, v in edit.items() if k not in ("reason", "score")}

    def in_input_order(edits: list[dict]) -> list[dict]:  # each window lists its edits pass by pass
        return sorted((decision(e) for e in edits), key=lambda e: (e["start"], e["end"], e["kind"]))

    assert in_input_order(data["edits"]) == in_input_order(whole["edits"])
    assert list(data) == list(whole)


@pytest.mark.parametrize("window, line_end", [(1500, "\n"), (4000, "\r\n"), (9000, "\n")])
def test_nothing_is_lost_and_spans_point_at_the_input(window, line_end):
    """Cut mid-note and mid-page too: every character is kept or recorded, at the right input offset and line."""
    text = SEED.replace("\n", line_end)
    source = normalize_input(text)[0]
    data = json.loads(windowed(text, window))
    assert not visible(text) - accounted(data)
    moved = [e for e in data["edits"] if e["kind"] in ("furniture", "footnote")]
    assert moved and all(source[e["start"]:e["end"]] == e["before"] for e in moved)
    assert all(source.count("\n", 0, e["start"]) + 1 == e["line"] for e in data["edits"])
    assert all(source[f["start"]:f["end"]].strip() for f in data["pages"]) and data["pages"][-1]["end"] <= len(source)
    n = len(data["pages"])
    assert [p["index"] for p in data["pages"]] == list(range(n)) and sorted(data["page_order"]) == list(range(n))
    assert len(data["page_boundary_confidence"]) == n - 1


def test_text_and_markdown_put_every_windows_notes_after_the_whole_body():
    text = "\n".join([SEED.rstrip("\n")] * 2)
    window = len(SEED)
    made = list(run_windows(Pipeline(), text, window))
    data = json.loads(windowed(made, window))
    assert len(data["footnotes"]) == 34
    plain, markdown = windowed(made, window, "text"), windowed(made, window, "markdown")
    assert plain == REFERENCE_RE.sub(r"[\1]", data["body"]) + "\n\n---\n\n" + "\n\n".join(
        f"[{n['label']}] {n['text']}" for n in data["footnotes"]) + "\n"
    assert markdown == data["body"] + "\n\n" + "\n\n".join(
        f"[^{n['label']}]: " + n["text"].replace("\n\n", "\n\n    ") for n in data["footnotes"]) + "\n"


@pytest.mark.parametrize("marker, text, limit, cut", [
    ("formfeed", "page one\fpage two\fpage three", 25, (17, 18, True)),  # the form feed belongs to no page
    ("leading-space", " page one\nmore\n page two\r\n page three", 30, (24, 26, True)),  # nor the line end before one
    ("none", "para one\n\npara two\n \npara three", 25, (21, 21, True)),  # after the last blank line
    ("formfeed", "one page\nof lines\nno feed", 25, (18, 18, False)),  # else after the last line end
    ("none", "one long line of words", 25, (17, 17, False)),  # else after the last space
    ("none", "x" * 40, 20, (20, 20, False)),  # else where the window is full
])
def test_a_window_ends_at_the_last_page_boundary_it_holds(marker, text, limit, cut):
    assert find_cut(text, limit, marker) == cut


def test_the_cli_cleans_a_file_over_the_window_size_in_windows(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(reflow.windows, "WINDOW_BYTES", 9000)
    source = tmp_path / "seed.txt"
    source.write_text(SEED, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["--format", "json", str(source), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == windowed(SEED, 9000)
    assert main(["--format", "text", str(source)]) == 0
    assert capsys.readouterr().out == windowed(SEED, 9000, "text")
    assert main(["--explain", str(source)]) == 0
    assert capsys.readouterr().out.endswith("pages reordered within a window only\n")
    source.write_bytes(SEED.encode() + b"\xff tail")
    assert main([str(source)]) == 3
    captured = capsys.readouterr()
    assert captured.out == "" and f"is not valid utf-8 at byte {len(SEED.encode())}" in captured.err


def test_the_cli_cleans_standard_input_over_the_window_size_in_windows(monkeypatch, capsys):
    class Stdin:
        buffer = io.BytesIO(SEED.encode("utf-8"))

    monkeypatch.setattr(reflow.windows, "WINDOW_BYTES", 9000)
    monkeypatch.setattr("sys.stdin", Stdin)
    assert main(["--format", "markdown"]) == 0
    assert capsys.readouterr().out == windowed(SEED, 9000, "markdown")


def test_clean_stream_reads_a_text_file_and_writes_as_it_goes(tmp_path):
    source = tmp_path / "seed.txt"
    source.write_text(SEED, encoding="utf-8")
    out = io.StringIO()
    with source.open(encoding="utf-8") as fh:
        summary = reflow.clean_stream(fh, out.write, format="text", window_bytes=9000)
    assert summary.windows > 1 and out.getvalue() == windowed(SEED, 9000, "text")
