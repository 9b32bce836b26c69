"""Passes by name, custom passes, options and the public API."""
from __future__ import annotations

import pytest

import reflow
from reflow.pipeline import DEFAULT_PASSES, Pipeline


def test_default_passes_are_registered_in_order():
    assert DEFAULT_PASSES == ("pages", "unglue", "furniture", "footnotes", "order", "dehyphenate", "rejoin", "segment", "rejoin_split", "paragraphs")
    assert set(DEFAULT_PASSES) <= set(reflow.available_passes())


def test_clean_returns_every_view(seed_text):
    result = reflow.clean(seed_text)
    assert result.body and result.text.startswith(result.body.split("[^")[0][:50])
    assert result.page_order and sorted(result.page_order) == list(range(21))
    assert all({"label", "text"} <= set(n) for n in result.footnotes)
    assert result.edits and all(isinstance(e, reflow.Edit) for e in result.edits)
    assert "[^" in result.markdown


def test_custom_pass_is_a_plain_function():
    seen: list[int] = []

    def count_pages(doc: reflow.Document, ctx: reflow.Context) -> None:
        seen.append(len(doc.pages))
        doc.warnings.append("counted")

    result = reflow.Pipeline(["pages", count_pages]).run("one\fpage two\f")
    assert seen == [2]
    assert result.warnings == ["counted"]


def test_skip_and_unknown_names():
    text = "The workers were strik-\ning against a government."
    assert "striking" in reflow.clean(text).body
    assert "strik- ing" in reflow.clean(text, skip=["dehyphenate"]).body
    with pytest.raises(ValueError, match="unknown pass"):
        reflow.clean(text, passes=["pages", "nonsense"])
    with pytest.raises(TypeError, match="unknown option"):
        reflow.clean(text, colour="blue")
    with pytest.raises(ValueError, match="choose one of"):
        reflow.clean(text, order="sideways")


def test_pages_is_always_first():
    assert reflow.Pipeline(["paragraphs"]).names == ["pages", "paragraphs"]


def test_paragraphs_unwrap_at_blank_lines():
    text = "First line of a\nparagraph here.\n\nSecond paragraph\nstarts here.\n"
    assert reflow.clean(text).body == "First line of a paragraph here.\n\nSecond paragraph starts here."


def test_empty_and_whitespace_input_give_empty_output():
    for text in ("", "\n\n", "\f\f", "   "):
        result = reflow.clean(text)
        assert result.body == "" and result.text == "" and result.footnotes == []


def test_deterministic(seed_text):
    assert reflow.clean(seed_text).to_json() == reflow.clean(seed_text).to_json()


def test_user_dictionary_mapping_is_used():
    lex = reflow.Pipeline(dictionary={"Sokolnikov": 3.0}).user_words
    assert lex == {"Sokolnikov": 3.0}


def test_user_dictionary_file(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# my names\nSokolnikov\nPutilov 3.5\nKropotkin 12000\n", encoding="utf-8")
    words = reflow.Pipeline(dictionary=str(path)).user_words
    assert words["Sokolnikov"] == 4.0 and words["Putilov"] == 3.5
    assert 4.0 < words["Kropotkin"] < 4.1


@pytest.mark.parametrize("fixture, lang", [("seed.txt", "en"), ("page_dev09.txt", "de"), ("page_dev10.txt", "fr")])
def test_language_is_detected_from_the_commonest_words(fixture, lang):
    from pathlib import Path

    from reflow.lexicon import detect_language

    text = (Path(__file__).parent / "fixtures" / fixture).read_text(encoding="utf-8")
    assert detect_language(text) == lang
    assert reflow.clean(text[:3000], lang="auto").lang == lang


@pytest.mark.parametrize("text, lang", [
    # Portuguese and Italian share their commonest words with Spanish and
    # French: their own ("do", "da", "em", "no"; "dei", "ha", "ma") tell them apart.
    ("O rei morreu no inverno e o povo ficou na praça do mercado, sem pão e sem trabalho em toda a cidade.", "pt"),
    ("Il re morì in inverno e il popolo restò nella piazza del mercato, ma ha perso la voce dei padri.", "it"),
    ("El rey murió en invierno y el pueblo se quedó en la plaza del mercado, sin pan y sin trabajo.", "es"),
])
def test_language_of_a_short_romance_text(text, lang):
    from reflow.lexicon import detect_language

    assert detect_language(text) == lang


def test_language_needs_more_than_a_stray_word():
    """One marker word ("Y." as an initial, one "la") is no evidence: the
    default stands, so a repair that joins it away ("Y-|p" -> "Yp") cannot
    flip the language between a first and a second run."""
    from reflow.lexicon import detect_language

    assert detect_language("La casa es grande y bonita.") == "es"
    assert detect_language("Die Stadt und das Land.") == "de"
    assert detect_language("p.180 workers Y") == "en"
    assert detect_language("Juan y Pedro", default="fr") == "fr"


SWEDISH = ("Det var en gång en liten flicka som bodde i en stor skog tillsammans med sin mor och far. Varje dag gick "
           "hon ut för att plocka bär och svamp, och hon sjöng alltid när hon gick genom skogen. En dag mötte hon en "
           "varg som frågade vart hon skulle gå. Hon svarade att hon skulle besöka sin mormor som bodde på andra "
           "sidan berget.")
DANISH = ("Der var engang en fattig skrædder, som havde tre sønner og kun en eneste ged. Men da geden skulle ernære "
          "dem alle, måtte den have godt foder og føres ud på marken hver dag. Sønnerne gjorde det efter tur, og det "
          "var ikke altid let for dem, men de sagde intet om det til deres far.")
POLISH = ("Dawno temu w małej wiosce nad rzeką mieszkał stary rybak ze swoją żoną. Każdego dnia wypływał na rzekę i "
          "łowił ryby, które potem sprzedawał na targu w pobliskim mieście. Pewnego razu złowił złotą rybkę, która "
          "przemówiła do niego ludzkim głosem i poprosiła, aby ją wypuścił. Nie wiedział, co ma zrobić, ale w końcu "
          "ją wypuścił, bo był dobrym człowiekiem.")
LATVIAN = ("Reiz sen dzīvoja kāds vecs zvejnieks ar savu sievu mazā mājiņā pie jūras. Katru dienu viņš devās jūrā "
           "zvejot, un viņa sieva vērpa dziju. Kādu dienu viņš izvilka no jūras zelta zivtiņu, kura runāja cilvēka "
           "balsī un lūdza viņu palaist to atpakaļ jūrā. Vecais vīrs bija labs cilvēks un palaida zivtiņu vaļā.")


@pytest.mark.parametrize("text, lang", [(SWEDISH, "sv"), (DANISH, "da"), (POLISH, "pl")])
def test_languages_with_frequencies_only_are_told_apart(text, lang):
    """Swedish was read as Spanish (its "en", "i"), and Spanish frequencies
    split its "sidan" into "si dan"; each is now read with its own."""
    result = reflow.clean(text)
    assert result.lang == lang
    assert not result.warnings
    assert result.body == text


def test_a_language_reflow_cannot_tell_is_not_read_with_anothers_frequencies():
    """Latvian's "un" is Romanian's, but Romanian's commonest words make a
    third of the share they make of Romanian: no frequencies split or join
    its words ("mazāmājiņā" stays), and the output says so."""
    glued = LATVIAN.replace("mazā mājiņā", "mazāmājiņā")
    result = reflow.clean(glued)
    assert "not recognised" in result.warnings[0] and "--lang" in result.warnings[0]
    assert not [e for e in result.edits if e.pass_name in ("rejoin", "segment", "rejoin_split")]
    assert result.body == glued
    assert not reflow.clean(glued, lang="lv").warnings  # a language given is taken as given


def test_language_is_read_from_the_text_not_the_running_heads():
    """A running head is furniture: the output drops it, so it must not pick
    the language either, or a second run over the output would pick another.
    Here a French series title heads every page of an English text."""
    body = ["The cat sat on the mat and it was warm.", "In the end he went to the sea with them."]
    head = "La vie et la mort de la ville et des champs"
    pages = [f"{head}\n{body[k % 2]}\n{k + 1}" for k in range(6)]
    text = "\f".join(pages)
    result = reflow.clean(text, lang="auto")
    assert head not in result.text
    assert result.lang == "en"
    assert reflow.clean(result.text, lang="auto").lang == "en"


def test_language_code_takes_its_primary_subtag():
    assert Pipeline(lang="pt-BR").lang == "pt" and Pipeline(lang=" De_AT ").lang == "de"
    assert Pipeline(lang="AUTO").lang == "auto"
    # The English word list is used under a regional code too.
    result = reflow.clean("The workers ofthis city were on strike.", lang="en_GB")
    assert result.to_dict()["lang"] == "en" and "of this city" in result.text
    with pytest.raises(ValueError, match="not a language code"):
        Pipeline(lang="en/US")


def test_ligatures_are_spelled_out_and_reported():
    # pdftotext and PyMuPDF pass "ﬁ" through from some fonts: no word list
    # knows "ﬁrst", and a reader searching for "office" would not find "ofﬁce".
    result = reflow.clean("The ﬁrst ofﬁce was ﬂooded by the workers of the city every spring.", lang="en")
    assert result.text == "The first office was flooded by the workers of the city every spring.\n"
    notes = [(e.before, e.after) for e in result.edits if e.kind == "normalize"]
    assert ("ﬁﬁ", "fifi") in notes and ("ﬂ", "fl") in notes
