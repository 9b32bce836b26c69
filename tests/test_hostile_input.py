"""Hostile and odd input: correct output or a one-line error, never a traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import reflow
from reflow.cli import EXIT_OK, main


def test_only_form_feeds(tmp_path, capsys):
    path = tmp_path / "ff.txt"
    path.write_text("\f\f\f\n\f", encoding="utf-8")
    assert main([str(path)]) == EXIT_OK
    assert capsys.readouterr().out == ""


def test_ten_megabyte_single_line(tmp_path):
    """A single 10 MB line (an extractor that lost every newline) goes through whole."""
    words = ("revolution workers strike council soviet " * 250_000)[: 10_000_000]
    path = tmp_path / "line.txt"
    path.write_text(words, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "reflow", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.split() == words.split()


def test_hundred_thousand_letter_token_passes_unchanged():
    token = "ab" * 50_000
    result = reflow.clean(f"A long token {token} ends here.")
    assert result.body == f"A long token {token} ends here."


@pytest.mark.parametrize(
    "text, lang",
    [
        ("مرحبا بالعالم. هذا نص عربي طويل بما يكفي للاختبار.\nسطر ثان من النص.", "ar"),
        ("שלום עולם. זהו טקסט בעברית.\nשורה שנייה.", "he"),
        ("東京都は日本の首都である。人口は約千四百万人である。\n二行目の文章です。", "ja"),
        ("北京是中华人民共和国的首都。\n第二行文字。", "zh"),
    ],
)
def test_right_to_left_and_cjk_text_is_not_split(text, lang):
    for language in ("en", lang):
        result = reflow.clean(text, lang=language)
        assert result.body.replace(" ", "") == text.replace("\n", "").replace(" ", "")
        assert result.body.split() == text.split(), f"{language}: {result.body!r}"


def test_streamed_json_is_the_json_of_the_result(tmp_path, capsys):
    """The CLI writes a document's JSON piece by piece (a huge input's JSON is never one string): same bytes."""
    source = (Path(__file__).parent / "fixtures" / "seed.txt").read_text(encoding="utf-8")
    path = tmp_path / "seed.txt"
    path.write_text(source, encoding="utf-8")
    assert main(["--format", "json", str(path)]) == EXIT_OK
    assert capsys.readouterr().out == reflow.Pipeline().run(source).to_json() + "\n"
    assert main(["--format", "json", str(path), "-o", str(tmp_path / "out.json")]) == EXIT_OK
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == reflow.Pipeline().run(source).to_json() + "\n"
