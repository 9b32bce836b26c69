#!/usr/bin/env python3
"""Compare reflow's own PDF reading (pdfminer.six, page by page) with cleaning pdftotext's output.

    python benchmarks/pdf_compare.py                      # all dev PDFs
    python benchmarks/pdf_compare.py --docs dev01_mill_liberty --json pdf.json --keep /tmp/pdfout

For each ``NAME.pdf`` of the dev corpus, four outputs are scored against
``NAME.gold.json`` with ``../shared/eval/score.py``:

* ``pdfminer+reflow``: ``reflow NAME.pdf`` (pdfminer.six extraction, then cleaning);
* ``pdftotext+reflow``: ``pdftotext NAME.pdf -`` cleaned by reflow;
* ``pdfminer raw`` and ``pdftotext raw``: the extractions as they come, the floor.

The PDFs are in reading order (only the corpus .txt files are shuffled), so
every output's ``page_order`` is the identity and the cleaning keeps PDF
order. Only the figures that compare output text with gold text mean
anything here: body WER/CER, full WER (body then footnotes), footnote,
marker and paragraph F1. Page-order and repair-recall figures refer to the
shuffled .txt inputs, and are left out.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"

sys.path.insert(0, str(ROOT / "src"))
from reflow.pdf import extract_pdf_text, keep_page_order  # noqa: E402
from reflow.pipeline import Pipeline  # noqa: E402

METHODS = ("pdfminer raw", "pdfminer+reflow", "pdftotext raw", "pdftotext+reflow")


def load_scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("reflow_eval_score", eval_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True).stdout.decode("utf-8")


def raw_output(text: str) -> dict:
    """An extraction scored as it is: all of it body, pages in PDF order."""
    pages = [p for p in text.split("\f")]
    while len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return {"body": "\n\n".join(pages), "footnotes": [], "page_order": list(range(len(pages)))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (corpus/, eval/)")
    parser.add_argument("--docs", help="comma-separated document names (default: every dev PDF)")
    parser.add_argument("--lang", default="auto", help="reflow --lang for every document (default: auto)")
    parser.add_argument("--json", type=Path, help="write the totals and per-document figures here")
    parser.add_argument("--keep", type=Path, help="keep the outputs in this directory (one subfolder per method)")
    args = parser.parse_args(argv)
    if shutil.which("pdftotext") is None:
        print("pdftotext is missing: apt-get install poppler-utils", file=sys.stderr)
        return 2

    corpus = args.shared / "corpus" / "dev"
    scorer = load_scorer(args.shared / "eval")
    names = args.docs.split(",") if args.docs else sorted(p.stem for p in corpus.glob("*.pdf"))
    pipeline = keep_page_order(Pipeline(lang=args.lang))
    work = Path(tempfile.mkdtemp(prefix="pdf_compare-")) if args.keep is None else args.keep
    seconds = {m: 0.0 for m in ("pdfminer", "pdftotext", "reflow")}
    for method in METHODS:
        (work / method).mkdir(parents=True, exist_ok=True)
    for name in names:
        pdf = corpus / f"{name}.pdf"
        start = time.perf_counter()
        texts = {"pdfminer": extract_pdf_text(pdf.read_bytes())}
        seconds["pdfminer"] += time.perf_counter() - start
        start = time.perf_counter()
        texts["pdftotext"] = pdftotext(pdf)
        seconds["pdftotext"] += time.perf_counter() - start
        for extractor, text in texts.items():
            (work / f"{extractor} raw" / f"{name}.out").write_text(json.dumps(raw_output(text)), encoding="utf-8")
            start = time.perf_counter()
            result = pipeline.run(text)
            seconds["reflow"] += time.perf_counter() - start
            out = {"body": result.body, "footnotes": result.footnotes, "page_order": list(range(len(result.document.pages)))}
            (work / f"{extractor}+reflow" / f"{name}.out").write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")

    results = {method: scorer.evaluate(str(corpus), str(work / method), names) for method in METHODS}
    header = f"{'method':18} {'bodyWER':>8} {'CER':>7} {'fullWER':>8} {'fnF1':>6} {'mkF1':>6} {'parF1':>6}"
    print(header)
    print("-" * len(header))
    summary: dict = {"documents": names, "lang": args.lang, "seconds": {k: round(v, 2) for k, v in seconds.items()}, "total": {}, "per_document": {}}
    for method, result in results.items():
        t = result["total"]["system"]
        row = {
            "body_wer": t["body_wer"], "body_cer": t["body_cer"], "full_wer": t["full_wer"],
            "footnotes_f1": t["footnotes"]["f1"], "markers_f1": t["markers"]["f1"], "paragraphs_f1": t["paragraphs"]["f1"],
        }
        summary["total"][method] = row
        summary["per_document"][method] = {n: round(d["system"]["body_wer"], 4) for n, d in result["documents"].items()}
        print(f"{method:18} {row['body_wer']:8.2%} {row['body_cer']:7.2%} {row['full_wer']:8.2%} "
              f"{row['footnotes_f1']:6.3f} {row['markers_f1']:6.3f} {row['paragraphs_f1']:6.3f}")
    print(f"\nseconds: pdfminer.six extraction {seconds['pdfminer']:.1f}, pdftotext {seconds['pdftotext']:.1f}, "
          f"reflow cleaning (both) {seconds['reflow']:.1f}")
    print("\nbody WER per document:")
    print(f"{'document':38}" + "".join(f"{m:>18}" for m in METHODS))
    for name in names:
        print(f"{name:38}" + "".join(f"{summary['per_document'][m][name]:18.2%}" for m in METHODS))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    if args.keep is None:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
