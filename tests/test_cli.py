"""The reflow command: formats, options, and a clear message for each bad input."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reflow import __version__
from reflow.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main

SAMPLE = "The workers were strik-\ning against a government.\n\nA new paragraph.\n"


def run(args, capsys, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_text_output(sample, capsys):
    code, out, err = run([str(sample)], capsys)
    assert code == EXIT_OK and err == ""
    assert out == "The workers were striking against a government.\n\nA new paragraph.\n"


def test_json_output_carries_the_scored_keys(sample, capsys):
    code, out, _ = run(["--format", "json", str(sample)], capsys)
    data = json.loads(out)
    assert code == EXIT_OK
    assert {"schema", "lang", "body", "footnotes", "page_order", "furniture", "edits", "pages"} <= set(data)
    assert data["page_order"] == [0] and data["lang"] == "en"
    assert data["body"].startswith("The workers were striking")


def test_explain_lists_edits_with_line_numbers(seed_text, tmp_path, capsys):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    code, out, _ = run(["--explain", str(path)], capsys)
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0].startswith("# ")
    assert any(line.startswith("line     6  dehyphenate") and "strik-|ing" in line for line in lines), out[:2000]


def test_stdin_and_dash(capsys, monkeypatch):
    code, out, _ = run(["-"], capsys, stdin=SAMPLE.encode(), monkeypatch=monkeypatch)
    assert code == EXIT_OK and out.startswith("The workers were striking")


def test_output_file_and_refusal_to_overwrite_input(sample, tmp_path, capsys):
    target = tmp_path / "out.md"
    code, out, _ = run(["--format", "markdown", "-o", str(target), str(sample)], capsys)
    assert code == EXIT_OK and out == ""
    assert target.read_text(encoding="utf-8").startswith("The workers were striking")
    before = sample.read_bytes()
    code, _, err = run(["-o", str(sample), str(sample)], capsys)
    assert code == EXIT_USAGE and "refusing to write over an input file" in err
    assert sample.read_bytes() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "is a PNG image"),
        (bytes(range(0, 32)) * 200, "is a binary file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF file"),
        ("Caf\u00e9 cr\u00e8me".encode("latin-1"), "is not valid utf-8 at byte 3 (try --encoding"),
    ],
)
def test_unreadable_inputs_give_one_line_and_exit_3(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run([str(path)], capsys)
    assert code == EXIT_INPUT and out == ""
    assert err.count("\n") == 1 and err.startswith(f"reflow: {path}: ") and message in err


def test_missing_file_and_directory(tmp_path, capsys):
    code, _, err = run([str(tmp_path / "nope.txt")], capsys)
    assert code == EXIT_INPUT and err.strip() == f"reflow: {tmp_path / 'nope.txt'}: does not exist"
    code, _, err = run([str(tmp_path)], capsys)
    assert code == EXIT_INPUT and "is a directory" in err and err.count("\n") == 1


def test_encoding_option_reads_latin1(tmp_path, capsys):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 cr\u00e8me.\n".encode("latin-1"))
    code, out, _ = run(["--encoding", "latin-1", str(path)], capsys)
    assert code == EXIT_OK and out == "Caf\u00e9 cr\u00e8me.\n"


def test_utf16_bom_crlf_and_nul_are_handled(tmp_path, capsys):
    path = tmp_path / "utf16.txt"
    path.write_bytes("\ufeffFirst line\r\nsecond\x00 line.\r\n".encode("utf-16-le").replace(b"", b"", 0))
    path.write_bytes(b"\xff\xfe" + "First line\r\nsecond\x00 line.\r\n".encode("utf-16-le"))
    code, out, err = run(["--format", "json", str(path)], capsys)
    data = json.loads(out)
    assert code == EXIT_OK and err == ""
    assert data["body"] == "First line second line."
    reasons = " ".join(e["reason"] for e in data["edits"])
    assert "CRLF" in reasons and "NUL" in reasons


def test_empty_file_gives_empty_output(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert run([str(path)], capsys)[:2] == (EXIT_OK, "")


def test_usage_errors_exit_2(sample, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--format", "pdf", str(sample)])
    assert exc.value.code == EXIT_USAGE
    code, _, err = run(["--passes", "pages,bogus", str(sample)], capsys)
    assert code == EXIT_USAGE and "unknown pass 'bogus'" in err


def test_language_codes_are_normalised_or_refused(sample, capsys):
    # A region or upper case names the same language: its word list is used.
    for code in ("en_US", "EN-gb"):
        assert run(["--lang", code, str(sample)], capsys)[:2] == (
            EXIT_OK, "The workers were striking against a government.\n\nA new paragraph.\n")
    # No word list, no repairs: refused with the reason, not run quietly.
    code, out, err = run(["--lang", "xx", str(sample)], capsys)
    assert code == EXIT_USAGE and out == "" and "no word frequencies for language 'xx'" in err
    code, _, err = run(["--lang", "klingon", str(sample)], capsys)
    assert code == EXIT_USAGE and "not a language code" in err


def test_installed_command_runs(sample):
    proc = subprocess.run(["reflow", "--version"], capture_output=True, text=True, check=False)
    if proc.returncode != 0:  # the console script may not be on PATH in every environment
        proc = subprocess.run([sys.executable, "-m", "reflow", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == f"reflow {__version__}"
    help_text = subprocess.run([sys.executable, "-m", "reflow", "--help"], capture_output=True, text=True).stdout
    assert "examples:" in help_text and "exit status:" in help_text


def test_a_language_reflow_cannot_tell_is_said_on_stderr_with_text_output(tmp_path, capsys):
    """Text carries no warnings: that no word was split or joined by
    frequency, and how to have it done, goes to stderr; JSON has it in its
    warnings and stderr stays quiet."""
    path = tmp_path / "latvian.txt"
    path.write_text(
        "Reiz sen dzīvoja kāds vecs zvejnieks ar savu sievu mazā mājiņā pie jūras. Katru dienu viņš devās "
        "jūrā zvejot, un viņa sieva vērpa dziju. Kādu dienu viņš izvilka no jūras zelta zivtiņu, kura runāja "
        "cilvēka balsī un lūdza viņu palaist to atpakaļ jūrā.\n", encoding="utf-8")
    code, out, err = run([str(path)], capsys)
    assert code == EXIT_OK and out.startswith("Reiz sen dzīvoja")
    assert err.startswith(f"reflow: {path}: language: not recognised") and "--lang" in err
    code, out, err = run(["--format", "json", str(path)], capsys)
    assert err == "" and json.loads(out)["warnings"][0].startswith("language: not recognised")
    code, out, err = run(["--lang", "lv", str(path)], capsys)
    assert err == ""
