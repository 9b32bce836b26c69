"""Word evidence shared by the passes: frequencies, shipped word lists, the
user's dictionary and the document's own vocabulary.

Nothing is loaded at import time. Word frequencies come from wordfreq and are
read on first use, then cached once per language and process (a read-only
cache, so every ``clean`` call in a process shares it). Shipped word lists
live in ``dictionaries/<lang>/<name>.txt`` and are found with
``importlib.resources``, so they work from an installed package.

Start-up matters (a CLI call on one page should not wait a second), and
importing wordfreq and unpacking its large list costs most of that. So the
list is turned once into a compact derived file in the user's cache directory
(``$XDG_CACHE_HOME/reflow`` or ``~/.cache/reflow``): the words split by a
stable hash into shards, each unpacked only when a word in it is looked up. A
short text touches a few dozen shards; a book touches them all, at about the
cost of the plain dict. When the directory is not writable the same table is
built in memory, so the results are identical either way. symspellpy's
English bigram counts get the same treatment.
"""
from __future__ import annotations

import hashlib
import marshal
import math
import mmap
import os
import struct
import zlib
from array import array
from collections import Counter
from functools import lru_cache
from importlib import resources, util
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import regex

# Languages reflow has shipped data and tests for. Others wordfreq knows
# still work, with frequencies only.
SUPPORTED_LANGUAGES = ("en", "de", "fr", "es")

# Languages that write compounds closed ("Hexenprozesse", not "Hexen-Prozesse"):
# a rare lowercase token there is far more often a real word than two glued
# ones, and both parts of a broken word being words is no sign of a hyphen.
CLOSED_COMPOUND_LANGUAGES = frozenset({"de", "nl", "sv", "da", "no", "nb", "fi"})

# Words at least this common (zipf 5: "house", "agree") are few enough to
# keep as a set: a search that only wants common words tests membership
# instead of looking each candidate up.
COMMON_ZIPF = 5.0

# A user dictionary word without a frequency counts as a common word:
# zipf 4 is "once per 10,000 words", like "house" or "agree".
USER_WORD_DEFAULT_ZIPF = 4.0

# Word characters for vocabulary purposes: letters and combining marks, with
# inner apostrophes ("didn't") kept.
WORD_RE = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)*")
LINE_BREAK_HYPHENS = ("-", "\u00ad", "\u2010", "\u2011")
# The same as a regex character class, for patterns around a line break.
LINE_BREAK_HYPHEN_CLASS = "[" + regex.escape("".join(LINE_BREAK_HYPHENS)) + "]"
# A compound written with a hyphen in mid-line ("white-collar"), and the
# last word or compound of a line.
# Matches start only where a run of letters does, and runs are taken whole
# (possessive): a long run with no match is read once, not once per letter.
_COMPOUND_RE = regex.compile(r"(?<!\p{L})\p{L}++(?:-\p{L}++)+")
# Both are searched in a token's last LAST_WORD_SCAN characters only, and
# start only where a word or a chain does: a long run of letters or of
# "a-a-a-" links is then read once, not once per letter.
_LAST_WORD_RE = regex.compile(r"(?<!\p{L})\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)*$")
_LAST_COMPOUND_RE = regex.compile(r"(?<!\p{L}|\p{L}-)\p{L}++(?:-\p{L}++)+$")
LAST_WORD_SCAN = 100  # no word or compound of a text is longer
# Punctuation that may stand round a word, never inside one: a token that is
# letters once these are stripped is that one word (see Vocabulary.from_texts).
# No hyphen: a token ending in one is a line-break fragment.
_EDGE_PUNCTUATION = ".,;:!?\"'“”‘’«»()[]"
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


def normalize_word(word: str) -> str:
    """The key a word is looked up by: lower case, straight apostrophes."""
    key = word.lower()
    return key.translate(APOSTROPHES) if "’" in key or "ʼ" in key else key


# ------------------------------------------------------- derived tables
# Bump when the file layout or what is stored changes: old files are ignored.
CACHE_FORMAT = 2
CACHE_MAGIC = b"RFLX"
# Shards per table: about 300 English words each, so unpacking one costs
# ~0.1 ms and a short text pays for the few it touches, not the whole list.
SHARD_COUNT = 1024
_HEADER = struct.Struct("<4sII")


def cache_dir() -> Path:
    """Where derived tables are kept: ``$XDG_CACHE_HOME/reflow`` or ``~/.cache/reflow``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec says to ignore relative paths
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reflow"


def _shard_of(key: str, count: int) -> int:
    # crc32, not hash(): string hashes change with every process.
    return zlib.crc32(key.encode("utf-8")) % count


def pack_table(items: Iterable[tuple[str, int]], shard_count: int = SHARD_COUNT) -> bytes:
    """Pack key -> int pairs (a later pair wins) into a sharded table file."""
    shards: list[dict[str, int]] = [{} for _ in range(shard_count)]
    for key, value in items:
        shards[_shard_of(key, shard_count)][key] = value
    blobs = [marshal.dumps(shard) for shard in shards]
    offsets = array("Q", [0])
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    return _HEADER.pack(CACHE_MAGIC, CACHE_FORMAT, shard_count) + offsets.tobytes() + b"".join(blobs)


class ShardedTable(Mapping[str, int]):
    """A read-only key -> int table whose shards are unpacked on first use."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        magic, version, count = _HEADER.unpack_from(data)
        if magic != CACHE_MAGIC or version != CACHE_FORMAT or count < 1:
            raise ValueError("not a reflow table of this format")
        self._offsets = array("Q")
        start = _HEADER.size + 8 * (count + 1)
        self._offsets.frombytes(data[_HEADER.size:start])
        if self._offsets[-1] != len(data) - start:
            raise ValueError("truncated reflow table")
        self._data = memoryview(data)[start:]
        self._count = count
        # Unpacked shards; filling one in is a memo of read-only data.
        self._shards: list[dict[str, int] | None] = [None] * count

    def _shard(self, index: int) -> dict[str, int]:
        shard = self._shards[index]
        if shard is None:
            shard = self._shards[index] = marshal.loads(self._data[self._offsets[index]:self._offsets[index + 1]])
        return shard

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        return self._shard(zlib.crc32(key.encode("utf-8")) % self._count).get(key, default)

    def __getitem__(self, key: str) -> int:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        for index in range(self._count):
            yield from self._shard(index)

    def __len__(self) -> int:
        return sum(len(self._shard(index)) for index in range(self._count))


def derived_table(
    name: str, source: Path | tuple[Path, ...], build: Callable[[], Iterable[tuple[str, int]]],
    shard_count: int = SHARD_COUNT, params: str = "",
) -> ShardedTable:
    """The table ``build`` makes from ``source`` (one file or several), read
    from the cache directory when a file made from the same sources (path,
    size, modification time) and ``params`` (the build's settings) is there,
    else built and saved (atomically) for the next process; kept in memory if
    it cannot be saved. The cached file is mapped, not read: a short text
    touches a few pages of it."""
    sources = source if isinstance(source, tuple) else (source,)
    stats = [(path.resolve(), path.stat()) for path in sources]
    key = ":".join(
        [str(CACHE_FORMAT)] + ([params] if params else [])
        + [f"{path}:{stat.st_size}:{stat.st_mtime_ns}" for path, stat in stats]
    ).encode("utf-8")
    path = cache_dir() / f"{name}-{hashlib.blake2b(key, digest_size=8).hexdigest()}.bin"
    try:
        with path.open("rb") as fh:
            return ShardedTable(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError, struct.error):
        pass
    data = pack_table(build(), shard_count)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        for stale in path.parent.glob(f"{name}-*.bin"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # read-only home, full disk: this process keeps its in-memory table
    return ShardedTable(data)


def wordfreq_source(lang: str) -> Path | None:
    """The wordfreq data file the frequencies of ``lang`` are read from, if any
    (a table derived from them is rebuilt when it changes)."""
    return _wordfreq_file(lang, "large")


def _wordfreq_file(lang: str, wordlist: str) -> Path | None:
    """wordfreq's data file for ``lang``, found without importing wordfreq (slow)."""
    spec = util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / f"{wordlist}_{lang}.msgpack.gz"
    return path if path.is_file() else None


def _wordfreq_centibels(lang: str, wordlist: str) -> Iterator[tuple[str, int]]:
    """(word, centibels below 1): wordfreq's list stores words in 0.01-decade bins."""
    import wordfreq  # imported only to build a table: it costs a third of a second

    for index, bucket in enumerate(wordfreq.get_frequency_list(lang, wordlist=wordlist)):
        for word in bucket:
            yield word, index


@lru_cache(maxsize=None)
def _frequencies(lang: str) -> ShardedTable:
    """wordfreq's large list (or best available) for ``lang``: word -> centibels.

    A word's frequency is 10 ** (-centibels / 100), its zipf 9 - centibels / 100.
    """
    source = _wordfreq_file(lang, "large")
    if source is not None:
        return derived_table(f"wordfreq-large-{lang}", source, lambda: _wordfreq_centibels(lang, "large"))
    # Languages with only a small list, or codes wordfreq maps to another list.
    import wordfreq

    try:
        freqs = wordfreq.get_frequency_dict(lang, wordlist="best")
    except (LookupError, ValueError):
        freqs = {}
    return ShardedTable(pack_table((w, round(-100 * math.log10(f))) for w, f in freqs.items() if f > 0))


@lru_cache(maxsize=None)
def _common_words(lang: str) -> frozenset[str]:
    """The words of wordfreq's list at zipf COMMON_ZIPF or above (about 1,100 in English)."""
    return _frequent_words(lang, COMMON_ZIPF)


@lru_cache(maxsize=None)
def _frequent_words(lang: str, min_zipf: float) -> frozenset[str]:
    """The words of wordfreq's list at ``min_zipf`` or above, as a derived table
    (a pass that tests every word of a book against a cut reads one set, not
    one shard lookup per word)."""
    limit = math.floor(100 * (9 - min_zipf))
    while limit >= 0 and 9 - limit / 100 < min_zipf:  # float rounding: never admit a word below the cut
        limit -= 1
    source = _wordfreq_file(lang, "large")
    if source is not None:
        head = derived_table(
            f"wordfreq-upto{limit}cb-{lang}", source,
            lambda: ((w, cb) for w, cb in _wordfreq_centibels(lang, "large") if cb <= limit), shard_count=1,
        )
        return frozenset(head)
    table = _frequencies(lang)
    return frozenset(w for w in table if table[w] <= limit)


# How often a short word, appended to a word, makes another word the list
# knows ("devolver" + "a" = "devolvera", "erbracht" + "er"): measured over the
# mid-frequency words (zipf ENDING_HEAD_ZIPF up to ENDING_HEAD_ZIPF + 1, at
# least ENDING_HEAD_LETTERS letters), with the joined word listed at
# ENDING_WORD_ZIPF or more. Mid-frequency, because those are the heads whose
# glued forms are in question; the commonest words are settled otherwise.
ENDING_HEAD_ZIPF = 3.5
ENDING_HEAD_LETTERS = 3
ENDING_WORD_ZIPF = 1.0


@lru_cache(maxsize=None)
def ending_shares(lang: str, endings: frozenset[str]) -> Mapping[str, int]:
    """For each of ``endings``: per mille of the language's mid-frequency words
    that, with it appended, make a listed word (see ENDING_HEAD_ZIPF).

    The segmenter reads a rare word glued to a short function word as a lost
    space only where the language seldom makes words that way: Spanish "de"
    ends 0.4% of such joins, "a" 9.4% (verb forms, feminines). Derived from
    wordfreq's list once and cached like the other tables.
    """
    source = _wordfreq_file(lang, "large")
    ordered = sorted(e.lower() for e in endings)
    if source is None or not ordered:
        return {}
    high = math.floor(100 * (9 - ENDING_HEAD_ZIPF))  # centibels: fewer is more frequent
    low = high - 100
    word_limit = math.floor(100 * (9 - ENDING_WORD_ZIPF))

    def build() -> Iterator[tuple[str, int]]:
        table = _frequencies(lang)
        heads = [w for w in table if low < table[w] <= high and len(w) >= ENDING_HEAD_LETTERS and w.isalpha()]
        for ending in ordered:
            made = sum(1 for h in heads if table.get(h + ending, word_limit + 1) <= word_limit)
            yield ending, round(1000 * made / max(len(heads), 1))

    params = f"{ENDING_HEAD_ZIPF}:{ENDING_HEAD_LETTERS}:{ENDING_WORD_ZIPF}:" + ",".join(ordered)
    return derived_table(f"endings-{lang}", source, build, shard_count=1, params=params)


# Reserved keys of the symspellpy tables (no word or pair is empty or a lone
# space): the sum of all counts, and the smallest count the list keeps.
TOTAL_KEY = ""
LEAST_KEY = " "


def english_bigram_files() -> tuple[Path, Path] | None:
    """symspellpy's English pair and word count files, found without importing it."""
    spec = util.find_spec("symspellpy")
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(list(spec.submodule_search_locations)[0])
    pairs_file = base / "frequency_bigramdictionary_en_243_342.txt"
    words_file = base / "frequency_dictionary_en_82_765.txt"
    return (pairs_file, words_file) if pairs_file.is_file() and words_file.is_file() else None


@lru_cache(maxsize=None)
def english_bigrams() -> tuple[ShardedTable, ShardedTable] | None:
    """symspellpy's English counts: pairs ("w1 w2" -> count) and words (-> count).

    Each table also holds its total under TOTAL_KEY and its smallest count
    under LEAST_KEY (a pair missing from the list is rarer than that). The
    bigram file is 240,000 lines; parsing it costs a second, so it goes
    through the same derived cache and only the shards looked up are unpacked.
    """
    files = english_bigram_files()
    if files is None:
        return None
    pairs_file, words_file = files

    def counts(path: Path, fields: int) -> Iterator[tuple[str, int]]:
        total, least = 0, None
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split(" ")
            if len(parts) == fields and parts[-1].isdigit():
                count = int(parts[-1])
                total += count
                least = count if least is None else min(least, count)
                yield " ".join(parts[:-1]), count
        yield TOTAL_KEY, total
        yield LEAST_KEY, least or 1

    return (
        derived_table("symspell-bigrams-en", pairs_file, lambda: counts(pairs_file, 3)),
        derived_table("symspell-words-en", words_file, lambda: counts(words_file, 2)),
    )


def pair_lift(
    bigrams: tuple[Mapping[str, int], Mapping[str, int]], w1: str, w2: str, unlisted: bool = False,
) -> float | None:
    """How much more often ``w2`` follows ``w1`` in the pair counts than
    chance would have it, as a natural log (0: as often as chance). None when
    either word is not counted, or the pair is not and ``unlisted`` is false;
    with ``unlisted`` a pair the list leaves out counts as its least count:
    the most the pair can be (the list keeps every pair above that count)."""
    pairs, words = bigrams
    c1, c2 = words.get(w1), words.get(w2)
    if not c1 or not c2:
        return None
    c12 = pairs.get(f"{w1} {w2}") or (pairs.get(LEAST_KEY) or 1 if unlisted else 0)
    return math.log(c12 * words[TOTAL_KEY] / (c1 * c2)) if c12 else None


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
    def frequencies(self) -> Mapping[str, int]:
        """wordfreq's list for the language: word -> centibels (zipf = 9 - cB / 100)."""
        return _frequencies(self.lang)

    def zipf(self, word: str) -> float:
        key = normalize_word(word)
        user = self.user_words.get(key, 0.0)
        centibels = _frequencies(self.lang).get(key)
        base = 9 - centibels / 100 if centibels is not None else 0.0
        return max(user, base)

    def common_words(self) -> frozenset[str]:
        """Every word with zipf >= COMMON_ZIPF: wordfreq's and the user's."""
        return _common_words(self.lang) | {w for w, z in self.user_words.items() if z >= COMMON_ZIPF}

    def frequent_words(self, min_zipf: float) -> frozenset[str]:
        """Every (normalised) word with zipf >= ``min_zipf``: wordfreq's and the user's."""
        words = _frequent_words(self.lang, min_zipf)
        user = {w for w, z in self.user_words.items() if z >= min_zipf and w not in words}
        return words | user if user else words

    def known(self, word: str, min_zipf: float = 1.0) -> bool:
        return self.zipf(word) >= min_zipf

    def words(self, name: str) -> frozenset[str]:
        """A shipped list for this language, e.g. ``words("prefixes")``."""
        return shipped_words(self.lang, name)


def token_counts(token: str) -> tuple[list[str], list[str], list[str]]:
    """What one whitespace token adds to a document's vocabulary: its words
    as written, its hyphenated compounds (normalised) and the words inside
    them or before a trailing hyphen (normalised: a suspended compound's
    first part, "Straße- und"; at a line's end a fragment)."""
    words = WORD_RE.findall(token)
    compounds: list[str] = []
    parts: list[str] = []
    if "-" in token:
        for compound in _COMPOUND_RE.findall(token):
            compounds.append(normalize_word(compound))
            parts.extend(normalize_word(word) for word in WORD_RE.findall(compound))
    if token.endswith(LINE_BREAK_HYPHENS):
        last = _LAST_WORD_RE.search(token, max(0, len(token) - 1 - LAST_WORD_SCAN), len(token) - 1)
        if last is not None:
            parts.append(normalize_word(last.group()))
    return words, compounds, parts


def first_word_counts(text: str) -> tuple[str | None, str | None]:
    """The piece a line after a line-break hyphen starts with, as counting
    takes it off: its first word as written and the hyphenated compound it
    opens (normalised), if the line starts with a letter."""
    if not text[:1].isalpha():
        return None, None
    first, compound = WORD_RE.match(text), _COMPOUND_RE.match(text)
    return (first.group() if first else None), (normalize_word(compound.group()) if compound else None)


class Vocabulary:
    """The document's own words: how often each word occurs unbroken.

    Built once per document from its lines and handed to every pass that
    wants it; the strongest evidence about a word is how the document itself
    writes it elsewhere.
    """

    def __init__(
        self, words: Counter[str], hyphenated: Counter[str], exact: Counter[str],
        in_compounds: Counter[str] | None = None,
    ) -> None:
        self.words = words  # normalised word -> count (line-break fragments taken off)
        self.hyphenated = hyphenated  # normalised "a-b" compounds seen mid-line
        self.exact = exact  # word as written (case kept) -> count
        self.in_compounds = in_compounds or Counter()  # normalised word -> count inside "a-b" compounds

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Vocabulary":
        # Counted over all lines at once (C-speed findall and Counter), then
        # the fragments around line-break hyphens are taken off again: a
        # line-break hyphen cuts a word in two, and neither the piece before
        # it nor the piece starting the next line is a word of the document.
        # Words never span whitespace, so each distinct whitespace token is
        # read once, however often the document repeats it.
        lines = list(texts)
        exact: Counter[str] = Counter()
        hyphenated: Counter[str] = Counter()
        in_compounds: Counter[str] = Counter()
        tokens: Counter[str] = Counter()
        for first in range(0, len(lines), 4096):  # in blocks: a list of every token would be 10x the input
            tokens.update("\n".join(lines[first : first + 4096]).split())
        for token, n in tokens.items():
            core = token.strip(_EDGE_PUNCTUATION)
            if core.isalpha():
                # One word with punctuation round it (most tokens): all that
                # token_counts would find, without its regexes.
                exact[core] += n
                continue
            words, compounds, parts = token_counts(token)
            for word in words:
                exact[word] += n
            for compound in compounds:
                hyphenated[compound] += n
            for part in parts:
                in_compounds[part] += n
        broken = [i for i, text in enumerate(lines) if text.endswith(LINE_BREAK_HYPHENS)]
        after_break = set()  # the next line with text after each broken line
        for i in broken:
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            after_break.add(j)
        for j in after_break:
            first, compound = first_word_counts(lines[j] if j < len(lines) else "")
            if first is not None:
                exact[first] -= 1
            if compound is not None:
                hyphenated[compound] -= 1
        for i in broken:
            body = lines[i][:-1]
            if not body or body[-1].isspace():
                continue
            last_token = body.rsplit(None, 1)[-1]
            whole_line = len(last_token) == len(body)  # its first word, already taken off
            scan_from = max(0, len(last_token) - LAST_WORD_SCAN)
            last = _LAST_WORD_RE.search(last_token, scan_from)
            if last is not None:
                in_compounds[normalize_word(last.group())] -= 1
            if last is not None and not (i in after_break and whole_line and last.start() == 0):
                exact[last.group()] -= 1
            compound = _LAST_COMPOUND_RE.search(last_token, scan_from)
            if compound is not None and not (i in after_break and whole_line and compound.start() == 0):
                hyphenated[normalize_word(compound.group())] -= 1
        exact = +exact  # drop the words only ever seen as fragments
        words: Counter[str] = Counter()
        for word, n in exact.items():
            words[normalize_word(word)] += n
        return cls(words, +hyphenated, exact, in_compounds)

    @classmethod
    def from_flows(cls, flows: Iterable[Iterable[str]]) -> "Vocabulary":
        """The vocabulary of several runs of text (the body, each note), each
        counted on its own: a line-break hyphen at the end of one never takes
        a piece off the first line of the next."""
        total = cls(Counter(), Counter(), Counter(), Counter())
        for flow in flows:
            part = cls.from_texts(flow)
            total.words.update(part.words)
            total.hyphenated.update(part.hyphenated)
            total.exact.update(part.exact)
            total.in_compounds.update(part.in_compounds)
        return total

    def count(self, word: str) -> int:
        return self.words.get(normalize_word(word), 0)

    def add_broken(self, head: str, tail: str, action: str) -> None:
        """Count a line-break hyphen's two fragments as the break's decision
        writes them ("join", "keep" or "leave"): counting took them off as
        fragments, and the passes after the decision read the text it made,
        as a second run over the output would."""
        # Counted as the tokens the decision writes, the way from_texts
        # counts them: a kept hyphen before digits ("Straße-1917") makes no
        # compound, and digits are no word.
        if action == "join":
            self.add_token(head + tail)
        elif action == "keep":
            self.add_token(f"{head}-{tail}")
        else:  # left: a suspended compound's first part ("Straße-") and a word
            self.add_token(f"{head}-")
            self.add_token(tail)

    def add_token(self, token: str) -> None:
        """Count a whitespace token as :meth:`from_texts` counts one: a word
        the text now writes where counting saw line-break fragments, taken
        off then ("I-" left before a line starting ": ...", "the-I-" of a
        chain of breaks), so the vocabulary is the text's as it now stands."""
        if token.isalpha():
            # One word and nothing else (most joins): what token_counts gives it.
            self._add(token, 1, alone=True)
            return
        words, compounds, parts = token_counts(token)
        for word in words:
            self._add(word, 1, alone=True)
        for compound in compounds:
            self.hyphenated[compound] += 1
        for part in parts:
            self.in_compounds[part] += 1

    def add_first_word(self, text: str) -> None:
        """Give back the first word of a line after a line-break hyphen that
        no decision joins, which counting took off as a fragment."""
        first, compound = first_word_counts(text)
        if first is not None:
            self._add(first, 1, alone=True)
        if compound is not None:
            self.hyphenated[compound] += 1

    def _add(self, word: str, n: int, alone: bool) -> None:
        key = normalize_word(word)
        self.exact[word] += n
        self.words[key] += n
        if not alone:
            self.in_compounds[key] += n

    def alone(self, word: str) -> int:
        """How often the document writes the word on its own, not as a part
        of a hyphenated compound ("Straße" of "Straße-Straße")."""
        key = normalize_word(word)
        return max(0, self.words.get(key, 0) - self.in_compounds.get(key, 0))

    def compound_count(self, word: str) -> int:
        return self.hyphenated.get(normalize_word(word), 0)


# Function words that tell languages apart (the commonest words of each).
_LANGUAGE_MARKERS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in is that it was for with as his on be at by which this".split()),
    "de": frozenset("der die und das ist nicht ein eine zu den von mit sich des auf dem im".split()),
    "fr": frozenset("le la les et des est une que qui dans pour pas du au sur avec il elle".split()),
    "es": frozenset("el la los las y que del en por una con para se lo como su al es".split()),
    "it": frozenset("il di che è per non una sono della gli anche nel alla più questo dei delle degli ha ma".split()),
    "pt": frozenset("não uma os das com para dos mais como foi pelo ao ele isso são do da em no na".split()),
    "nl": frozenset("de het een en van niet dat zijn op te voor met die ook maar".split()),
    # Languages with frequencies only (no shipped lists): told apart so that
    # none is read with another's frequencies (Swedish's "en" and "i" made it
    # Spanish). Their lists leave out the words of the lists above and single
    # letters ("de", "en", "a", "o"), so they never take a text from those.
    # Danish and Norwegian share most of theirs; "af", "hvad", "efter"
    # against "av", "hva", "etter" decide.
    "sv": frozenset("och att det som på är av för med till har inte om ett han var jag men sig så från hade eller".split()),
    "da": frozenset("og det er til på som med af har ikke var han jeg men hvad efter sig så fra havde eller når".split()),
    "nb": frozenset("og det er som til på av med har ikke var han jeg men hva etter seg så fra hadde eller når".split()),
    "fi": frozenset("ja ei että oli hän mutta kun niin tai kuin ovat myös sen ole mitä jos vain hänen ollut joka".split()),
    "pl": frozenset("nie się że jest jak ale po tak jego od przez dla co ze już tylko był".split()),
    "cs": frozenset("je že jako jsou ale pro jeho které jak není ve byl jsem také jen".split()),
    "ro": frozenset("și şi în cu nu pe care ce mai un din este să fost sunt pentru".split()),
    "hu": frozenset("az és hogy nem egy meg ez csak már mint volt ki vagy még".split()),
    "tr": frozenset("ve bir bu için ile ne gibi daha çok olarak kadar ama sonra diye".split()),
}


# Fewer hits of a language's commonest words than this are no evidence (a
# stray initial "Y.", one "la" in an English line): the default stands. A
# repair changes a short text's words ("Y-|p" joins to "Yp"), and a language
# picked on one hit would flip between a first run and a second.
MIN_LANGUAGE_HITS = 3
# A text is long enough to tell its language by when its markers would be
# MIN_LANGUAGE_HITS at this share of its words (25 words).
MIN_LANGUAGE_SHARE = 0.12
# A language's markers make 0.7-1.4 times the share of the words its
# frequencies give them (dev corpus, benchmarks/texts, samples of Swedish,
# Danish and Polish); the nearest language's markers in a text in none of
# them make 0.3 times theirs (Latvian read as Romanian, Swedish as Spanish
# before Swedish had markers). Below this ratio the text is in none of the
# languages reflow tells apart.
MIN_MARKER_SHARE_RATIO = 0.5
# The language is read from the text's first this many characters: plenty
# of function words, and a huge input costs no more than a book.
LANGUAGE_SAMPLE_CHARS = 200_000


_LINE_BREAK_WORD_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])([\p{{L}}\p{{M}}]++){LINE_BREAK_HYPHEN_CLASS}[ \t]*\n\s*([\p{{L}}\p{{M}}]+)"
)


_LANGUAGE_CODE_RE = regex.compile(r"[a-z]{2,3}")


def normalize_language(code: str) -> str:
    """The language code reflow works with: lower case, the primary subtag
    only ("en_US", "pt-BR", "EN" -> "en", "pt", "en"), or "auto".

    Raises ValueError for what is no language code ("klingon") or a language
    wordfreq has no frequencies for ("xx"): with no word list every repair
    would quietly do nothing.
    """
    given = code
    code = code.strip().lower().replace("_", "-")
    if code == "auto":
        return code
    code = code.split("-", 1)[0]
    if not _LANGUAGE_CODE_RE.fullmatch(code):
        raise ValueError(f"{given!r} is not a language code: use one such as en, de, fr, es, or auto")
    if _wordfreq_file(code, "large") is None and _wordfreq_file(code, "small") is None:
        import wordfreq  # slow to import: only for codes it maps to another list ("no" -> "nb")

        try:
            wordfreq.get_frequency_dict(code, wordlist="best")
        except (LookupError, ValueError):
            raise ValueError(f"no word frequencies for language {given!r}: use a code wordfreq knows "
                             "(en, de, fr, es, it, pt, nl, ...), or auto") from None
    return code


def detect_language(text: str, default: str = "en") -> str:
    """Pick the language whose commonest words occur most in ``text``, if
    they occur at least MIN_LANGUAGE_HITS times; else ``default``."""
    return language_evidence(text, default)[0]


def language_evidence(text: str, default: str = "en") -> tuple[str, int, int]:
    """The language :func:`detect_language` picks, the hits of its commonest
    words in ``text`` and the words read (see :func:`in_language`)."""
    # A word broken at a line's end is counted as the join reads it, as the
    # output writes it: its two pieces ("È-|è") are no words of the text.
    sample = _LINE_BREAK_WORD_RE.sub(r"\1\2", text[:LANGUAGE_SAMPLE_CHARS])
    counts = Counter(normalize_word(w) for w in WORD_RE.findall(sample))
    best, best_hits = default, MIN_LANGUAGE_HITS - 1
    for lang, markers in _LANGUAGE_MARKERS.items():
        hits = sum(counts[w] for w in markers)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best, sum(counts[w] for w in _LANGUAGE_MARKERS.get(best, ())), sum(counts.values())


def in_language(lexicon: Lexicon, hits: int, words: int) -> bool:
    """Whether a text whose words hold ``hits`` of the commonest words of the
    lexicon's language is in it: they make at least MIN_MARKER_SHARE_RATIO of
    the share the language's frequencies give them. A text too short to tell
    (a title, a line) counts as in the language picked."""
    if words * MIN_LANGUAGE_SHARE < MIN_LANGUAGE_HITS:
        return True
    markers = _LANGUAGE_MARKERS.get(lexicon.lang)
    if not markers:
        return True  # a language with no markers is never picked, only given
    expected = sum(10 ** (z - 9) for z in map(lexicon.zipf, markers) if z > 0)
    return hits >= MIN_MARKER_SHARE_RATIO * expected * words
