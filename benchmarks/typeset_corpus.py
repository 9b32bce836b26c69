#!/usr/bin/env python3
"""Build and score documents typeset and extracted in ways the dev corpus is not.

    python benchmarks/typeset_corpus.py                  # build into a temp dir, run reflow, score
    python benchmarks/typeset_corpus.py --out /tmp/tc --keep
    python benchmarks/typeset_corpus.py --docs es,dev09_soldan_hexenprozesse

The project is judged on documents it never sees, typeset differently and
in other languages. This script makes such documents the way the dev corpus
was made, from text whose truth is known:

* the dev corpus's gold bodies and footnotes (English, German, French) and
  the clean prose of ``benchmarks/texts`` (Spanish, Italian, Portuguese,
  Dutch; a sentence of the text, repeated, made a footnote now and then),
* typeset with groff -ms -Tpdf in settings the dev corpus does not use
  (font family, size, measure, paper, running head at the top or none, page
  number at the top or the foot; groff's hyphenation patterns where it has
  them: English, German, French),
* extracted with pdftotext (default and -raw) or pdfminer.six,
* lost spaces injected as the dev corpus injects them (before w and m,
  after sentence punctuation) at 5 per 1000 words, pages shuffled
  (random, booklet, swaps) and marked with form feeds or leading spaces.

The gold (``reflow-gold/1``) is written from the source: footnotes are
numbered 1, 2, 3 as groff numbers them. Then ``../shared/eval/run.py`` runs
reflow on every document and ``score.py`` prints its table beside the
do-nothing baseline. Needs groff with its PDF device (``apt-get install
groff ghostscript``), pdftotext (``poppler-utils``) and pdfminer.six; a
missing extractor's documents are skipped.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEXTS = ROOT / "benchmarks" / "texts"

# groff settings, none of them the dev corpus's (families T, P, N at 9-11pt
# on letter, a5 and 5.5x8.5in): Helvetica, Bookman, Times at 12pt, narrow
# and wide measures, a6 and b5 paper.
SETTINGS = [
    {"family": "H", "size": 9, "paper": "a5", "length": "8.27i", "measure": "4.3i", "offset": "0.7i", "head": "top"},
    {"family": "B", "size": 10, "paper": "b5", "length": "9.84i", "measure": "5.0i", "offset": "0.8i", "head": "none"},
    {"family": "T", "size": 12, "paper": "a5", "length": "8.27i", "measure": "4.4i", "offset": "0.6i", "head": "foot"},
    {"family": "N", "size": 11, "paper": "a6", "length": "5.83i", "measure": "3.3i", "offset": "0.5i", "head": "top"},
]
EXTRACTORS = ["pdftotext", "pdftotext -raw", "pdfminer"]
SHUFFLES = ["random", "booklet", "swaps"]
HYPHENATION = {"en": "us", "de": "den", "fr": "fr"}  # groff's pattern files
FUSION_PER_1000 = 5
NOTE_EVERY = 4  # a footnote on every this many paragraphs of the benchmark texts


# ------------------------------------------------------------------ sources
def sources(shared: Path) -> list[dict]:
    """(id, lang, title, paragraphs with [^N] marks, notes) of every source text."""
    out = []
    for gold_path in sorted((shared / "corpus" / "dev").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        notes = {n["label"]: " ".join(n["text"].split()) for n in gold["footnotes"]}
        out.append({"id": gold["id"], "lang": gold["lang"], "title": gold["id"].split("_", 1)[1].replace("_", " ").title(),
                    "paragraphs": gold["body"].split("\n\n"), "notes": notes})
    for path in sorted(TEXTS.glob("*.txt")):
        # groff prints a straight apostrophe as a closing quote: the gold is what it prints.
        text = path.read_text(encoding="utf-8").replace("'", "’")
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
        notes: dict[str, str] = {}
        marked = []
        for k, para in enumerate(paragraphs):
            sentences = re.split(r"(?<=[.!?])\s+", para)
            if k % NOTE_EVERY == 1 and len(sentences) > 1:
                label = str(len(notes) + 1)
                notes[label] = sentences[-1]
                sentences[0] += f"[^{label}]"
            marked.append(" ".join(sentences))
        out.append({"id": path.stem, "lang": path.stem, "title": {"es": "Historia", "it": "Storia", "pt": "História",
                    "nl": "Geschiedenis"}.get(path.stem, path.stem), "paragraphs": marked, "notes": notes})
    return out


# ------------------------------------------------------------------- groff
def escape(text: str) -> str:
    text = text.replace("\\", "\\e")
    return "\\&" + text if text[:1] in ".'" else text


def groff_source(doc: dict, setting: dict) -> tuple[str, str, list[dict]]:
    """The -ms source, and the gold body and notes renumbered as groff numbers them."""
    lines = [
        f".nr PS {setting['size']}", f".nr VS {setting['size'] + 2}", f".nr LL {setting['measure']}",
        f".nr PO {setting['offset']}", f".pl {setting['length']}", f".fam {setting['family']}",
        ".ds CH", ".ds LH", ".ds RH", ".ds CF", ".ds LF", ".ds RF",
    ]
    if doc["lang"] in HYPHENATION:
        lines += [f".hla {doc['lang']}", f".hpf hyphen.{HYPHENATION[doc['lang']]}", ".hy 1"]
    else:
        lines.append(".nh")
    if setting["head"] == "top":
        lines += [f".ds LH {escape(doc['title'])}", ".ds RH %"]
    elif setting["head"] == "foot":
        lines.append(".ds CF %")
    else:
        lines.append(".ds CH %")
    body, notes = [], []
    for para in doc["paragraphs"]:
        lines.append(".PP")
        out = []
        pieces = re.split(r"\[\^([^\]]+)\]", para)
        for k in range(0, len(pieces), 2):
            text = pieces[k].strip()
            out.append(pieces[k])
            if text:
                lines.append(escape(text))
            if k + 1 < len(pieces):
                if not text:
                    continue  # a mark right after another (or opening the paragraph): groff's \** needs text before it
                note = doc["notes"].get(pieces[k + 1], "")
                label = str(len(notes) + 1)
                notes.append({"label": label, "text": note})
                lines[-1] += "\\**"
                lines += [".FS", escape(note), ".FE"]
                out.append(f"[^{label}]")
        body.append("".join(out).strip())
    return "\n".join(lines) + "\n", "\n\n".join(body), notes


def typeset(source: str, setting: dict, pdf: Path) -> bool:
    result = subprocess.run(["groff", "-ms", "-Tpdf", "-K", "utf8", f"-P-p{setting['paper']}"],
                            input=source.encode("utf-8"), capture_output=True)
    pdf.write_bytes(result.stdout)
    return result.returncode == 0 and len(result.stdout) > 0


# ---------------------------------------------------------------- extract
def extract(pdf: Path, extractor: str) -> list[str] | None:
    """The PDF's pages as the extractor gives them, or None when it is missing."""
    if extractor.startswith("pdftotext"):
        if shutil.which("pdftotext") is None:
            return None
        args = ["pdftotext", "-enc", "UTF-8", *extractor.split()[1:], str(pdf), "-"]
        text = subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")
    else:
        try:
            from pdfminer.high_level import extract_text
        except ImportError:
            return None
        text = extract_text(str(pdf))
    pages = text.split("\f")
    while pages and not pages[-1].strip():
        pages.pop()
    return pages


def booklet(n: int) -> list[int]:
    m = (n + 3) // 4 * 4
    order: list[int] = []
    for s in range(m // 4):
        order += [m - 1 - 2 * s, 2 * s, 2 * s + 1, m - 2 - 2 * s]
    return [p for p in order if p < n]


def shuffle(n: int, kind: str, rng: random.Random) -> list[int]:
    """arrangement[k]: the reading page at input position k."""
    if kind == "booklet":
        return booklet(n)
    order = list(range(n))
    if kind == "random":
        rng.shuffle(order)
    elif kind == "swaps":
        for _ in range(2):
            a, b = rng.sample(range(n), 2) if n > 1 else (0, 0)
            order[a], order[b] = order[b], order[a]
    return order


def inject_fusion(text: str, rate: float, rng: random.Random) -> str:
    """Lose spaces where the dev corpus loses them: before w and m, after sentence punctuation."""
    words = len(text.split())
    spots = [m.start() for m in re.finditer(r"(?<=\w) (?=[wmWM]\w)|(?<=[a-z][.!?]) (?=[A-Z][a-z])", text)]
    chosen = set(rng.sample(spots, min(len(spots), round(words * rate / 1000))))
    return "".join(ch for k, ch in enumerate(text) if k not in chosen)


def assemble(pages: list[str], marker: str) -> str:
    if marker == "formfeed":
        return "\f".join(pages)
    out = []
    for page in pages:
        lines = [ln.lstrip(" ") for ln in page.strip("\n").split("\n")]
        lines[0] = " " + lines[0]
        out.append("\n".join(lines))
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ build
def build(out: Path, wanted: set[str] | None, seed: int) -> list[str]:
    rng = random.Random(seed)
    built = []
    for k, doc in enumerate(sources(SHARED)):
        if wanted and doc["id"] not in wanted:
            continue
        setting = SETTINGS[k % len(SETTINGS)]
        extractor = EXTRACTORS[k % len(EXTRACTORS)]
        kind = SHUFFLES[k % len(SHUFFLES)]
        marker = "formfeed" if k % 2 else "leading-space"
        name = f"tc_{doc['id']}"
        source, body, notes = groff_source(doc, setting)
        pdf = out / f"{name}.pdf"
        if not typeset(source, setting, pdf):
            print(f"{name}: groff failed", file=sys.stderr)
            continue
        pages = extract(pdf, extractor)
        if pages is None:
            print(f"{name}: {extractor} missing, skipped", file=sys.stderr)
            pdf.unlink()
            continue
        arrangement = shuffle(len(pages), kind, rng)
        pages = [inject_fusion(p, FUSION_PER_1000, rng) for p in pages]
        text = assemble([pages[r] for r in arrangement], marker)
        where = {r: i for i, r in enumerate(arrangement)}
        gold = {
            "schema": "reflow-gold/1", "id": name, "lang": doc["lang"], "source": f"reflow benchmarks: {doc['id']}",
            "render": {"typesetter": f"groff -ms -Tpdf (family {setting['family']}, {setting['size']}pt, paper "
                                     f"{setting['paper']}, line length {setting['measure']}, head {setting['head']})",
                       "extractor": extractor, "fusion": f"injected:{FUSION_PER_1000}", "page_marker": marker,
                       "shuffle": kind},
            "pages_in": len(pages), "page_order": [where[r] for r in range(len(pages))],
            "body": body, "footnotes": notes, "furniture": [],
        }
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
        (out / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
        built.append(name)
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="corpus directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and reflow's outputs")
    parser.add_argument("--docs", help="comma-separated source ids (dev ids, es, it, pt, nl)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    if shutil.which("groff") is None:
        sys.exit("groff is missing: apt-get install groff ghostscript")
    out = args.out or Path(tempfile.mkdtemp(prefix="typeset_corpus_"))
    out.mkdir(parents=True, exist_ok=True)
    corpus = out / "corpus"
    corpus.mkdir(exist_ok=True)
    built = build(corpus, set(args.docs.split(",")) if args.docs else None, args.seed)
    print(f"{len(built)} documents in {corpus}")
    if args.build_only:
        return
    runs = out / "runs"
    eval_dir = SHARED / "eval"
    subprocess.run([sys.executable, str(eval_dir / "run.py"), str(corpus), str(runs), "--",
                    sys.executable, "-m", "reflow", "--format", "json"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, str(eval_dir / "score.py"), str(corpus), str(runs)], check=True)
    if not args.keep and args.out is None:
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
