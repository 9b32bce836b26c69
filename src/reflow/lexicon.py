"""Word evidence shared by the passes: frequencies, shipped word lists, the
user's dictionary and the document's own vocabulary.

Nothing is loaded at import time. Word frequencies come from wordfreq and are
read on first use, then cached once per language and process (a read-only
cache, so every ``clean`` call in a process shares it). Shipped word lists
live in ``dictionaries/<lang>/<name>.txt`` and are found with
``importlib.resources``, so they work from an installed package.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping

import regex

# Languages reflow has shipped data and tests for. Others wordfreq knows
# still work, with frequencies only.
SUPPORTED_LANGUAGES = ("en", "de", "fr", "es")

# Languages that write compounds closed ("Hexenprozesse", not "Hexen-Prozesse"):
# a rare lowercase token there is far more often a real word than two glued
# ones, and both parts of a broken word being words is no sign of a hyphen.
CLOSED_COMPOUND_LANGUAGES = frozenset({"de", "nl", "sv", "da", "no", "nb", "fi"})

# A user dictionary word without a frequency counts as a common word:
# zipf 4 is "once per 10,000 words", like "house" or "agree".
USER_WORD_DEFAULT_ZIPF = 4.0

# Word characters for vocabulary purposes: letters and combining marks, with
# inner apostrophes ("didn't") kept.
WORD_RE = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)*")
LINE_BREAK_HYPHENS = ("-", "\u00ad", "\u2010", "\u2011")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


def normalize_word(word: str) -> str:
    """The key a word is looked up by: lower case, straight apostrophes."""
    return word.translate(APOSTROPHES).lower()


@lru_cache(maxsize=None)
def _frequencies(lang: str) -> Mapping[str, float]:
    """wordfreq's large list (or best available) for ``lang``: word -> frequency."""
    import wordfreq  # imported on first use: it costs start-up time

    for wordlist in ("large", "best"):
        try:
            freqs = wordfreq.get_frequency_dict(lang, wordlist=wordlist)
        except (LookupError, ValueError):
            continue
        if freqs:
            return freqs
    return {}


@lru_cache(maxsize=None)
def shipped_words(lang: str, name: str) -> frozenset[str]:
    """A word list shipped in ``dictionaries/<lang>/<name>.txt`` (empty if none).

    Lines are words; ``#`` starts a comment. Case is kept: lists such as
    protected names are matched exactly, the passes lower-case where they mean to.
    """
    try:
        path = resources.files("reflow.dictionaries").joinpath(lang, f"{name}.txt")
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):
        return frozenset()
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(w for w in words if w)


def read_user_dictionary(path: str | Path) -> dict[str, float]:
    """Read a user dictionary: one word per line, optionally a frequency after it.

    The frequency may be a zipf value (<= 8) or a raw count (> 8, scaled by
    its order of magnitude). ``#`` starts a comment.
    """
    words: dict[str, float] = {}
    text = Path(path).read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        zipf = USER_WORD_DEFAULT_ZIPF
        if len(parts) > 1:
            try:
                value = float(parts[-1])
            except ValueError:
                raise ValueError(f"{path}:{number}: expected 'word [frequency]', got {raw!r}") from None
            # A zipf value (at most 8) is taken as is; a larger number is a
            # raw count, put on the zipf scale by its order of magnitude.
            zipf = value if value <= 8 else min(8.0, math.log10(value))
            word = " ".join(parts[:-1])
        else:
            word = parts[0]
        words[word] = zipf
    return words


class Lexicon:
    """Frequencies for one language plus the user's words.

    ``zipf`` answers on wordfreq's Zipf scale: log10 of occurrences per
    billion words (the = 7.7, house = 5.2, rare words around 1 to 2, 0 unknown).
    """

    def __init__(self, lang: str = "en", user_words: Mapping[str, float] | None = None) -> None:
        self.lang = lang
        self.user_words = {normalize_word(w): z for w, z in (user_words or {}).items()}
        self.user_exact = frozenset((user_words or {}).keys())

    @property
    def frequencies(self) -> Mapping[str, float]:
        return _frequencies(self.lang)

    def zipf(self, word: str) -> float:
        key = normalize_word(word)
        user = self.user_words.get(key, 0.0)
        freq = self.frequencies.get(key)
        base = math.log10(freq) + 9 if freq else 0.0
        return max(user, base)

    def known(self, word: str, min_zipf: float = 1.0) -> bool:
        return self.zipf(word) >= min_zipf

    def words(self, name: str) -> frozenset[str]:
        """A shipped list for this language, e.g. ``words("prefixes")``."""
        return shipped_words(self.lang, name)


class Vocabulary:
    """The document's own words: how often each word occurs unbroken.

    Built once per document from its lines and handed to every pass that
    wants it; the strongest evidence about a word is how the document itself
    writes it elsewhere.
    """

    def __init__(self, words: Counter[str], hyphenated: Counter[str], exact: Counter[str]) -> None:
        self.words = words  # normalised word -> count (hyphen-free tokens)
        self.hyphenated = hyphenated  # normalised "a-b" compounds seen mid-line
        self.exact = exact  # word as written (case kept) -> count

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Vocabulary":
        words: Counter[str] = Counter()
        hyphenated: Counter[str] = Counter()
        exact: Counter[str] = Counter()
        compound_re = regex.compile(r"\p{L}+(?:-\p{L}+)+")
        after_break = False
        for text in texts:
            # A line-break hyphen cuts a word in two: neither the piece before
            # it nor the piece starting the next line is a word of the document.
            broken = text.endswith(LINE_BREAK_HYPHENS)
            body = text[:-1] if broken else text
            first = True
            for match in WORD_RE.finditer(body):
                fragment = (broken and match.end() == len(body)) or (first and after_break and match.start() == 0)
                first = False
                if fragment:
                    continue
                word = match.group()
                exact[word] += 1
                words[normalize_word(word)] += 1
            for match in compound_re.finditer(body):
                if (broken and match.end() == len(body)) or (after_break and match.start() == 0):
                    continue
                hyphenated[normalize_word(match.group())] += 1
            if text.strip():
                after_break = broken
        return cls(words, hyphenated, exact)

    def count(self, word: str) -> int:
        return self.words.get(normalize_word(word), 0)

    def compound_count(self, word: str) -> int:
        return self.hyphenated.get(normalize_word(word), 0)


# Function words that tell languages apart (the commonest words of each).
_LANGUAGE_MARKERS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in is that it was for with as his on be at by which this".split()),
    "de": frozenset("der die und das ist nicht ein eine zu den von mit sich des auf dem im".split()),
    "fr": frozenset("le la les et des est une que qui dans pour pas du au sur avec il elle".split()),
    "es": frozenset("el la los las y que del en por una con para se lo como su al es".split()),
    "it": frozenset("il di che è per non una sono della gli anche nel alla più questo".split()),
    "pt": frozenset("não uma os das com para dos mais como foi pelo ao ele isso são".split()),
    "nl": frozenset("de het een en van niet dat zijn op te voor met die ook maar".split()),
}


def detect_language(text: str, default: str = "en") -> str:
    """Pick the language whose commonest words occur most in ``text``."""
    counts = Counter(normalize_word(w) for w in WORD_RE.findall(text[:200_000]))
    best, best_hits = default, 0
    for lang, markers in _LANGUAGE_MARKERS.items():
        hits = sum(counts[w] for w in markers)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best
