"""PDF input: pages in PDF order with exact boundaries; a clear error when the extra is missing."""
from __future__ import annotations

import json

import pytest

from reflow import pdf
from reflow.batch import main as batch_main
from reflow.cli import EXIT_INPUT, EXIT_OK, main
from reflow.inputs import InputError
from reflow.pipeline import Pipeline

# Three pages of the seed's text: page 1 ends mid-sentence, a word is
# hyphenated across lines on page 2, and page 3 holds a page number.
PAGES = [
    ["One hundred years ago in Russia, thousands of workers were",
     "on strike in the city of Astrakhan and at the Putilov factory."],
    ["Now, the bosses were party bureaucrats, and the workers were strik-",
     "ing against a socialist government."],
    ["How would the dictatorship of the proletariat respond?", "", "3"],
]


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF, one text line per string, Helvetica 11 pt."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for lines in pages:
        escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
        stream = "BT /F1 11 Tf 14 TL 72 720 Td " + " ".join(f"({line}) Tj T*" for line in escaped) + " ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
                       f"/Resources << /Font << /F1 {len(pages) * 2 + 3} 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "book.pdf"
    path.write_bytes(make_pdf(PAGES))
    return path


def test_without_the_extra_a_pdf_gets_the_one_line_error(book, monkeypatch, capsys):
    monkeypatch.setattr(pdf, "pdf_support", lambda: False)
    with pytest.raises(InputError, match="is a PDF file: install reflow\\[pdf\\]"):
        pdf.read_input(str(book))
    assert main([str(book)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a PDF file" in err


def test_pdf_text_keeps_page_order():
    pipeline = Pipeline(lang="en")
    kept = pdf.keep_page_order(pipeline)
    assert kept.options["order"] == "keep" and pipeline.options["order"] == "auto"
    assert pdf.keep_page_order(kept) is kept


def test_pages_come_in_pdf_order_with_exact_boundaries(book):
    pytest.importorskip("pdfminer")
    pages = pdf.extract_pdf_pages(book.read_bytes())
    assert len(pages) == 3
    for page, lines in zip(pages, PAGES):
        assert [ln for ln in page.splitlines() if ln.strip()] == [ln for ln in lines if ln]
    text, from_pdf = pdf.read_input(str(book))
    assert from_pdf and text.count("\f") == 2 and text.split("\f") == pages


def test_reflow_cleans_a_pdf(book, capsys):
    pytest.importorskip("pdfminer")
    assert main(["--format", "json", str(book)]) == EXIT_OK
    out = json.loads(capsys.readouterr().out)
    assert out["page_order"] == [0, 1, 2]
    assert "the workers were striking against a socialist government." in out["body"]
    assert out["body"].index("Astrakhan") < out["body"].index("striking") < out["body"].index("proletariat")


def test_a_damaged_pdf_is_one_line_and_exit_3(tmp_path, capsys):
    pytest.importorskip("pdfminer")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(make_pdf(PAGES)[:300])
    assert main([str(broken)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{broken}: is a PDF file pdfminer.six cannot read" in err


def test_batch_takes_pdfs_from_a_directory(book, tmp_path, capsys):
    pytest.importorskip("pdfminer")
    out = tmp_path / "out"
    assert batch_main([str(book.parent), "--pattern", "*.pdf", "-o", str(out), "-j", "1"]) == EXIT_OK
    assert "striking against a socialist government" in (out / "book.txt").read_text(encoding="utf-8")
