"""Split run-together tokens: "ofworkers", "fromNovember", "control.They".

Extractors lose spaces, mostly before short common words and after sentence
punctuation. Peers segment every token with a frequency model and so shred
names ("Sokolnikov" -> "Sokol niko v") and drop case, digits and punctuation.
Here a token is only touched when three things hold:

* the lexicon does not know it (wordfreq for the language, the shipped
  ``protected`` list, the user's dictionary) and the document does not use
  it elsewhere;
* every piece of the split is a common word on its own;
* the split is far more probable than the token, on a model where each lost
  space costs what it costs in real extractions (see :func:`split_gain`).

Tokens with digits (glued footnote numbers, references), URLs, e-mail
addresses, ``[^N]`` markers and ALL-CAPS pass through byte for byte; case
and punctuation are never changed, only spaces inserted.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Mapping

import regex

from ..document import BLANK, JOIN_NONE, JOIN_SPACE, Document, Line
from ..lexicon import (
    CLOSED_COMPOUND_LANGUAGES, COMMON_ZIPF, ENDING_HEAD_ZIPF, LEAST_KEY, TOTAL_KEY, Lexicon, ShardedTable,
    Vocabulary, derived_table, ending_shares, english_bigram_files, english_bigrams, normalize_word,
    wordfreq_source,
)
from ..pipeline import Context, register

# ------------------------------------------------------------------ model
# Log10 probabilities on wordfreq's scale: a word at zipf z has log10 p = z - 9.

# A lost space costs log10 of its rate: the seed loses about 8 spaces per
# 1000 words, the dev corpus 2 to 3, so about 10^-2.5 per word boundary.
LOST_SPACE_LOG10 = -2.5
# "Far more probable": the split must beat the token by this many decades.
SPLIT_MARGIN = 0.5
# No split scored by its pieces' frequencies can be more probable than two of
# the commonest words ("the", zipf 7.7) and one lost space; a token at least
# this probable is never segmented, which spares the search for almost every
# word. (A pair scored by its own count, below, can beat it: "of the" is
# 10^-1.8 of English word pairs. Such a token is still left alone; the
# typos wordfreq lists, "ofthe" 3.3, are rarer than this.)
BEST_POSSIBLE_SPLIT = 2 * (7.8 - 9) + LOST_SPACE_LOG10
# A plain word (letters, capital only at its start) at least this common is
# never segmented: its log10 p plus SPLIT_MARGIN reaches BEST_POSSIBLE_SPLIT
# (zipf 3.6; a hundredth higher so float rounding never lets through a word
# the full test would try). Most distinct words of a text are such words, and
# one set lookup settles them (see SegmentModel.never_splits).
KNOWN_WORD_ZIPF = 9 + BEST_POSSIBLE_SPLIT - SPLIT_MARGIN + 0.01
# Below zipf 2 wordfreq's counts come mostly from typos and run-together
# words on the web ("itwas" 1.76, "thewhole" 1.13), so such a token counts
# as this many decades rarer than listed.
UNRELIABLE_ZIPF = 2.0
UNRELIABLE_DISCOUNT = 1.5
# A token no list knows: log10 p = UNKNOWN_BASE - length (wordsegment's
# model: the longer an unknown string, the less likely it is a word).
UNKNOWN_BASE = -8.0
# A piece of a split must be a common word: single letters only the commonest
# ("a", "I"), two letters a common word ("of", "we"), longer ones at least
# this frequent. Names and rare words are never produced by a split.
PIECE_MIN_ZIPF = {1: 6.5, 2: 5.0}
PIECE_MIN_ZIPF_LONG = 2.5
# A long string wordfreq lists at all is a word (typos and run-togethers
# cluster below zipf 2): from this length the bar is UNRELIABLE_ZIPF
# ("de|machinations" 2.49, an inflected form rarer than its stem).
LONG_PIECE_LETTERS = 10
# A word the document writes on its own elsewhere (Vocabulary.alone: not as
# a part of a hyphenated compound) may be a piece even when
# wordfreq does not list it ("abgehieben|werden", "Sokolnikov|was"), counted
# as this frequent: never enough for a content-word pair, so such a split
# always needs a function word. Not a word the pass splits itself.
DOC_PIECE_LETTERS = 4
DOC_PIECE_ZIPF = PIECE_MIN_ZIPF_LONG
# No piece of a split is more probable than this: zipf 8 is above the
# commonest word of every wordfreq language (Spanish "de" 7.81) and the cap
# on user dictionary words.
BEST_PIECE_LOG10 = 8.0 - 9
# Every piece of a split of a word wordfreq lists at UNRELIABLE_ZIPF or more
# is at least this common: the piece floor for such a token (see piece_floor)
# is zipf UNRELIABLE_ZIPF + SPLIT_MARGIN - LOST_SPACE_LOG10 - BEST_PIECE_LOG10
# = 6.0 (a hundredth lower for float rounding). A listed word that does not
# start and end with such a word cannot split, and is settled without a search.
LISTED_PIECE_ZIPF = UNRELIABLE_ZIPF + SPLIT_MARGIN - LOST_SPACE_LOG10 - BEST_PIECE_LOG10 - 0.01
# Longest piece tried: longer words are never glued by a lost space.
MAX_PIECE_LETTERS = 24
# Tokens shorter than this are never segmented ("ofa" is too ambiguous).
MIN_TOKEN_LETTERS = 4
# Most lost spaces glue two words; three is the most ever seen ("ofworkerswere").
MAX_PIECES = 3
# A split into three pieces cuts a word's syllables as often as it parts
# words ("prognostic|a|ting", "them|a|tics", "proven|an|ces"): a piece of
# three or four letters after a piece of one or two must be a common word
# ("it|was|wrong"), not a fragment wordfreq lists from names and
# abbreviations ("ting" 3.4, "ces" 3.2, "tics" 2.6). After a longer piece a
# fragment may be a word's head cut at a line or page end ("of|workers|wer"
# | "e"), which rejoin_split joins.
SHORT_PIECE_LETTERS = (3, 4)
THREE_PIECE_SHORT_ZIPF = 3.5
# In languages that write compounds closed (CLOSED_COMPOUND_LANGUAGES) a rare lowercase token is far
# more often a real compound than two glued words, so only two pieces, the
# second a function word or among the commonest words ("Inquisiten|mussten":
# a noun compound never ends in an auxiliary), and a capitalised token only
# after a first piece the document writes alone.
CLOSED_COMPOUND_SECOND_ZIPF = 5.0
PART_FIRST_LETTERS_CLOSED = 4
# A capitalised token the document does not write elsewhere still splits
# when its head is a known word at least this common and its tail a function
# word of at least this many letters (see _noun_then_function_word).
CLOSED_HEAD_ZIPF = 3.0
CLOSED_TAIL_LETTERS = 4
# A capitalised token no list knows that ends in a finite verb form which
# never ends a compound (dictionaries/<lang>/finite_verbs.txt: "mussten",
# "wurden") is a noun glued to its verb even when the noun is rare
# ("Inquisiten|mussten"), if the noun keeps at least this many letters.
FINITE_HEAD_LETTERS = PART_FIRST_LETTERS_CLOSED
# Lost spaces glue a function word to its neighbour ("ofworkers", "itwas",
# "Fortifiedwith"); two content words glued together are far more often a
# compound or a name ("jurymen", "Godron"). So a split needs a function-word
# piece (dictionaries/<lang>/function_words.txt), except in languages that
# rarely close compounds (French "subordinationmilitaire"), where a lower-case
# token wordfreq does not list at all may split into two content words. A token that is a prefix plus a word ("superadded") or a
# word plus a suffix ("trivialness") is derived, never split; the stem must
# be at least this common.
DERIVATION_STEM_ZIPF = 3.0
# In a closed-compound language a lower-case token no list knows may split
# after an article or a conjunction (dictionaries/<lang>/articles.txt and
# conjunctions.txt: no compound starts with one) when the rest is a word this
# long and common: "die|katholische", "eine|direkte", "und|wiederholte".
ARTICLE_NEXT_LETTERS = 4
ARTICLE_NEXT_ZIPF = 3.0
# Two content words may split only when the token is unlisted and both are
# long, common words: "earlymedieval", "subordinationmilitaire"; short
# pieces make closed compounds and old spellings ("jurymen", "vécus|sent").
CONTENT_PIECE_LETTERS = 5
CONTENT_PIECE_ZIPF = 3.0
# A mixed-case token whose lower-case form wordfreq lists this often is a
# word or brand ("PowerPoint" 3.2, "BlackRock" 2.8), not a lost space ("ButI" 2.4).
CASE_WORD_ZIPF = 2.5
# Case transitions ("fromNovember", "ThePeople"): the left part must be at
# least this common (a capitalised one may instead be the document's word; a
# lower-case one need only clear a piece's bar, PIECE_MIN_ZIPF_LONG), and
# the capitalised right part known or used elsewhere...
CASE_LEFT_ZIPF = 3.0
CASE_RIGHT_ZIPF = 2.5
# ...or, after a lower-case left part, a capitalised run of at least this many
# letters that no list knows: a word never changes from small letters to a
# capital inside it, so it is a word of its own (a German noun,
# "schmutzige|Confiskation"; a name, "besiegte|Aschhausen"). Shorter runs are
# as often parts of a brand or an identifier ("eBay", "macOS").
CASE_NEW_WORD_LETTERS = 4
# A token at least as common as "house" is a word, whatever its parts.
COMMON_WORD_ZIPF = 5.0
# A two-letter function word ending a split ("Clinic|he", "maxim|as",
# "Babel|in") is more often the end of an unknown word than a lost space:
# the piece before it must then be at least this common ("it|is" passes).
SHORT_TAIL_LETTERS = 2
SHORT_TAIL_HEAD_ZIPF = 4.5
# A free tail is one the language seldom ends a word with (lexicon.ending_shares:
# at most this per mille of its mid-frequency words make a listed word with it
# appended; Spanish "de" 4, "el" 5, English "of" 0, "to" 8, but Spanish "a" 94,
# German "er" 195, English "a" 84). Glued to a lower-case word, a free tail is
# a lost space if the head clears the bar the shares were measured from
# (ENDING_HEAD_ZIPF 3.5: "mozo|de", "desigual|de", "surrounded|me"); a
# capitalised token keeps the common-head bar (names end in anything).
FREE_TAIL_PER_MILLE = 10
# ...or a word the document writes on its own this often, glued into a token
# no list knows ("Hexenverfolgung|im" where "Hexenverfolgung" stands alone
# again and again): then the document, not chance, says where the word ends.
SHORT_TAIL_HEAD_SEEN = 3
# A letter run glued to an elided word ("etl’on") is a function word plus the
# elided letter unless the lexicon knows the run at least this well: such runs
# are abbreviations and noise ("etl" 2.18, "parl" 2.67), real words are common
# ("quel" 5.45, "tel" 5.16).
ELISION_RUN_ZIPF = 3.0
# A token the document writes this often elsewhere is its own word or name.
SEEN_ELSEWHERE = 2
# A lower-case word after a comma, semicolon, colon, "?" or "!" must be at
# least this common to take a space ("government,which").
AFTER_PUNCT_ZIPF = 3.0

LETTERS = r"\p{L}\p{M}"
PROTECT_RE = regex.compile(r"\d|@|://|^www\.|\[\^|\.(?:com|org|net|edu|gov|html?)\b", regex.IGNORECASE)
WORD_RE = regex.compile(rf"[{LETTERS}]+")
# Sentence punctuation glued to a capitalised word: "control.They",
# "question!The", "said.”The", "capital.¿Qué", "fin.»Puis". Left: two
# letters, the last lower case (so "U.S.", "e.g.", "D.G." never match), or a
# closing quote/bracket.
SENTENCE_CLOSERS = "”’\"')]»›"
SENTENCE_OPENERS = "“‘\"'([¿¡«„‹"
SENTENCE_GLUE_RE = regex.compile(
    rf"(?:(?<=[{LETTERS}]\p{{Ll}})|(?<=\p{{Ll}}[{regex.escape(SENTENCE_CLOSERS)}])|(?<=\d\d))"
    rf"([.!?]+[{regex.escape(SENTENCE_CLOSERS)}]*)"
    rf"(?=[{regex.escape(SENTENCE_OPENERS)}]?\p{{Lu}}(?:\p{{Ll}}|$|[^{LETTERS}]))"
)
# A title's full stop before a name or initial: "Mr.D.", "Rev.J." (titles
# from dictionaries/<lang>/titles.txt).
TITLE_GLUE_RE = regex.compile(rf"(?<![{LETTERS}])([{LETTERS}]+)(\.)(?=\p{{Lu}})")
# A comma glued to a capitalised word: "Sharkey,Nestor", "Brinton,The".
COMMA_CAPITAL_RE = regex.compile(rf"(?<=[{LETTERS}]\p{{Ll}})(,)(?=\p{{Lu}}\p{{Ll}})")
# A comma/semicolon/colon or "?"/"!" glued to a lower-case word: "erschöpft,was".
CLAUSE_GLUE_RE = regex.compile(r"(?<=\p{Ll}\p{Ll})([,;:?!]+)(?=\p{Ll}\p{Ll})")
# A Roman numeral's full stop (an ordinal, a regnal or chapter number) glued to
# a lower-case word: "Innozenz VIII.wiederholt". One letter ("I.", "V.") may be
# an initial, so at least two.
ROMAN_GLUE_RE = regex.compile(r"(?<![\p{L}\p{M}])([IVXLCDM]{2,}\.)(?=\p{Ll}\p{Ll})")
GLUE_MARKS = frozenset(".!?,;:")
PLAIN_LEADING = "“‘\"'(["
PLAIN_TRAILING = ".,;:!?”’\"')]"
PLAIN_PUNCTUATION = PLAIN_LEADING + PLAIN_TRAILING
PLAIN_WORD_RE = regex.compile(rf"^[{regex.escape(PLAIN_LEADING)}]*([{LETTERS}]+)[{regex.escape(PLAIN_TRAILING)}]*$")
LOWER_RUN_RE = regex.compile(r"\p{Ll}+")
RUN_JOINERS_RE = regex.compile(r"[-—–’']")  # see SegmentModel._joins_known_words
CASE_TRANSITION_RE = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")


def word_log10(zipf: float, letters: int) -> float:
    """log10 p of a token at this zipf frequency as a word of its own: its
    listed frequency, discounted below UNRELIABLE_ZIPF, or UNKNOWN_BASE less
    its length when no list knows it (the rejoin pass scores pieces so too)."""
    if zipf >= UNRELIABLE_ZIPF:
        return zipf - 9
    if zipf > 0:
        return zipf - 9 - UNRELIABLE_DISCOUNT
    return UNKNOWN_BASE - letters


@dataclass
class SegmentModel:
    """Everything a split decision consults, with per-document caches."""

    lex: Lexicon
    vocab: Vocabulary
    _zipf: dict[str, float] = field(default_factory=dict)
    _decisions: dict[str, "Split | None"] = field(default_factory=dict)
    _words: dict[str, "Split | None"] = field(default_factory=dict)
    _pieces: dict[str, float | None] = field(default_factory=dict)
    _listed_pieces: frozenset[str] | None = None
    _longest_listed_piece: int = 0
    _closed_spellings: dict[str, str] | None = None
    _tail_shares: Mapping[str, int] | None = None
    # Word sets for the shortcuts (see use_word_sets); None until a text is
    # long enough for them to pay for their loading.
    known: frozenset[str] | None = None
    listed: frozenset[str] | None = None
    joins: frozenset[str] | None = None

    def __post_init__(self) -> None:
        self.lang = self.lex.lang
        self.closed_compounds = self.lang in CLOSED_COMPOUND_LANGUAGES
        self.protected = frozenset(w.lower() for w in self.lex.words("protected"))
        self.name_prefixes = frozenset(p.lower() for p in self.lex.words("name_prefixes"))
        self.function_words = self.lex.words("function_words")
        self.prefixes = self.lex.words("prefixes")
        self.suffixes = self.lex.words("suffixes")
        self.titles = self.lex.words("titles")
        # Words no compound starts with (see ARTICLE_NEXT_LETTERS).
        self.articles = self.lex.words("articles") | self.lex.words("conjunctions")
        self.one_letter_words = self.lex.words("one_letter_words")
        self.inflections = sorted(self.lex.words("inflections"), key=len, reverse=True)
        self.common = self.lex.common_words()
        self.longest_common = max(map(len, self.common), default=0)
        self.elisions = sorted(self.lex.words("elisions"), key=len, reverse=True)
        self.finite_verbs = sorted(self.lex.words("finite_verbs"), key=len, reverse=True)
        # (verb ending, ending added) pairs: see is_derived.
        self.bound_endings = [
            tuple(e.split("|", 1))
            for e in sorted(
                self.lex.words("participle_endings") | self.lex.words("enclitic_endings")
                | self.lex.words("future_endings")
            ) if "|" in e
        ]

    def zipf(self, word: str) -> float:
        z = self._zipf.get(word)
        if z is None:
            z = self._zipf[word] = self.lex.zipf(word)
        return z

    def free_tail(self, tail: str) -> bool:
        """The language seldom makes a word by appending ``tail`` (see
        FREE_TAIL_PER_MILLE); the shares are loaded at the first question."""
        if self._tail_shares is None:
            short = frozenset(w.lower() for w in self.function_words if len(w) <= SHORT_TAIL_LETTERS)
            self._tail_shares = ending_shares(self.lang, short)
        share = self._tail_shares.get(tail.lower())
        return share is not None and share <= FREE_TAIL_PER_MILLE

    def use_word_sets(self) -> None:
        """Load the sets behind the shortcuts: the known words (KNOWN_WORD_ZIPF)
        and every word wordfreq or the user lists at UNRELIABLE_ZIPF or more.

        With them most words are settled, and most pieces of a split ruled
        out, by a set lookup instead of a frequency lookup each; loading them
        costs a few milliseconds, more than a short text saves.
        """
        if self.known is None:
            self.known = self.lex.frequent_words(KNOWN_WORD_ZIPF)
            self.listed = self.lex.frequent_words(UNRELIABLE_ZIPF)
            if self.lang == "en" and not any(z >= COMMON_ZIPF for z in self.lex.user_words.values()):
                # Built from wordfreq's common words alone: with a user's
                # common word it would miss candidates, so it is not used.
                self.joins = english_context_joins()

    def never_splits(self, token: str) -> bool:
        """True when :func:`segment_token` certainly leaves the token alone.

        A cheap exact shortcut for the commonest cases, taken before the full
        decision: a plain word (PLAIN_WORD_RE) that is known (KNOWN_WORD_ZIPF),
        shorter than MIN_TOKEN_LETTERS, a capitalised name the document
        writes elsewhere (SEEN_ELSEWHERE), or a listed word that is not
        made of possible pieces (LISTED_PIECE_ZIPF) only, or known
        words joined by hyphens, dashes or apostrophes. Each of these
        is a branch of the full decision that returns None; a book has a few
        thousand words that reach the search, and tens of thousands that do
        not. Always False before :meth:`use_word_sets`.
        """
        if self.known is None or self.listed is None:
            return False
        core = token.lstrip(PLAIN_LEADING).rstrip(PLAIN_TRAILING)
        if "ʼ" in core:
            return False  # the modifier apostrophe changes a word's lookup key
        if not core.isalpha():
            return self._joins_known_words(core)
        if not core[1:].islower():
            return False  # not a plain word
        low = core.lower()
        if low in self.known or len(core) < MIN_TOKEN_LETTERS:
            return True
        if core[0].isupper() and self.vocab.exact.get(core, 0) >= SEEN_ELSEWHERE:
            return True
        if low not in self.listed:
            return False  # zipf below UNRELIABLE_ZIPF
        if self._listed_pieces is None:
            self._listed_pieces = frozenset(w for w in self.common if self.zipf(w) >= LISTED_PIECE_ZIPF)
            self._longest_listed_piece = max(map(len, self._listed_pieces), default=0)
        return not self._covered_by_listed_pieces(low, MAX_PIECES)

    def _covered_by_listed_pieces(self, word: str, most: int) -> bool:
        """``word`` is two to ``most`` pieces, each at LISTED_PIECE_ZIPF or
        more: what a split of a listed word needs. Far fewer words are made so
        than start and end with such a piece ("in|dignati|on" is not)."""
        pieces = self._listed_pieces or frozenset()
        for k in range(1, min(len(word) - 1, self._longest_listed_piece) + 1):
            if word[:k] in pieces:
                rest = word[k:]
                if rest in pieces or (most > 2 and self._covered_by_listed_pieces(rest, most - 1)):
                    return True
        return False

    def _joins_known_words(self, core: str) -> bool:
        """Known words joined by hyphens, dashes or apostrophes ("well-known",
        "nation’s", "winter—we", "l’homme"), each lower case after its first
        letter: every branch of the full decision leaves such a token alone.
        No glue rule has a mark to act on and no run changes case; a run
        before an elision ("l’", "qu’") is only ever cut before the elided
        word (split_before_elision, asked here too), every other run is a
        known word or too short to split."""
        runs = RUN_JOINERS_RE.split(core)
        if len(runs) < 2:
            return False
        known = self.known
        end = -1
        for run in runs:
            end += len(run) + 1  # the joiner after this run
            if not run.isalpha() or not (len(run) == 1 or run[1:].islower()):
                return False
            if _elides_before(core[end:end + 3]):
                if split_before_elision(run, self) is not None:
                    return False
            elif len(run) >= MIN_TOKEN_LETTERS and run.lower() not in known:  # type: ignore[operator]
                return False
        return True

    def closed_spellings(self) -> dict[str, str]:
        """Hyphenated compounds the document writes more often than their
        closed spelling, which it also writes: closed form -> compound."""
        if self._closed_spellings is None:
            found: dict[str, str] = {}
            for compound, n in self.vocab.hyphenated.items():
                closed = compound.replace("-", "")
                if n >= MIN_RESPELL_SPELLINGS and 0 < self.vocab.words.get(closed, 0) < n:
                    if closed not in found or self.vocab.hyphenated[found[closed]] < n:
                        found[closed] = compound
            self._closed_spellings = found
        return self._closed_spellings

    def respelling(self, token: str) -> Split | None:
        """The token written as the document's commoner hyphenated spelling
        of it ("middleclass" where "middle-class" stands five times): the
        extractor dropped the compound's line-end hyphen with the break."""
        closed = self.closed_spellings()
        if not closed or token.lower().strip(PLAIN_PUNCTUATION) not in closed:
            return None  # (a set lookup: most tokens are settled here)
        plain = PLAIN_WORD_RE.match(token)
        if plain is None:
            return None
        word = plain.group(1)
        key = normalize_word(word)
        compound = closed.get(key)
        if compound is None or len(key) != len(word):
            return None
        letters = iter(word)
        respelled = "".join("-" if ch == "-" else next(letters) for ch in compound)
        n = self.vocab.hyphenated[compound]
        return Split(
            token[: plain.start(1)] + respelled + token[plain.end(1):], 1.0,
            f"the document writes '{compound}' {n} times, '{key}' {self.vocab.words[key]}",
        )

    def tokens_to_split(self, tokens: set[str]) -> set[str]:
        """The tokens :func:`segment_token` would change.

        A known word with only its punctuation around it (most of any text)
        is settled in one comprehension, by the first branch of
        :meth:`never_splits` inlined: that spares a method call per token.
        """
        known = self.known
        if known is None:
            return {t for t in tokens if segment_token(t, self) is not None}
        undecided = [
            t for t in tokens
            # A known word as it stands, first: one lookup settles most tokens
            # (known keys are lower case, so no "ʼ" and no capital).
            if not (t in known and t[1:].islower() and t.isalpha())
            and not (
                (core := t.lstrip(PLAIN_LEADING).rstrip(PLAIN_TRAILING)).isalpha()
                and core[1:].islower()
                and "ʼ" not in core
                and (len(core) < MIN_TOKEN_LETTERS or core.lower() in known)
            )
        ]
        closed = self.closed_spellings()
        # The set lookup respelling() starts with, inlined: it rules out nearly every token.
        respelled = {
            t for t in tokens if t.lower().strip(PLAIN_PUNCTUATION) in closed and self.respelling(t)
        } if closed else set()
        return respelled | {t for t in undecided if segment_token(t, self) is not None}

    def piece_log10(self, piece: str) -> float | None:
        """log10 p of a lower-case piece, or None if it may not be a piece."""
        cached = self._pieces.get(piece, False)
        if cached is False and self._never_a_piece(piece):
            cached = self._pieces[piece] = None
        if cached is False:
            z = self.zipf(piece)
            bar = min_piece_zipf(len(piece))
            if z < bar and len(piece) >= DOC_PIECE_LETTERS:
                # ...unless the document's word is itself run together
                # ("theworkers"): once split in the output it is no evidence,
                # and a second run would read "Theworkersno" without it. The
                # piece is shorter than the word being split, so this ends.
                if self.vocab.alone(piece) >= 1 and split_gain(piece, self) is None:
                    z = max(z, DOC_PIECE_ZIPF)
            cached = z - 9 if z >= bar else None
            self._pieces[piece] = cached
        return cached  # type: ignore[return-value]

    def _never_a_piece(self, piece: str) -> bool:
        """A set lookup that spares the frequency lookup: every piece must be
        listed at UNRELIABLE_ZIPF (every min_piece_zipf is at least that) or,
        from DOC_PIECE_LETTERS letters on, be a word of the document."""
        return (
            self.listed is not None
            and piece not in self.listed
            and "ʼ" not in piece  # its lookup key differs
            and (len(piece) < DOC_PIECE_LETTERS or self.vocab.count(piece) < 1)
        )

    def pair_log10(self, first: str, second: str) -> float | None:
        """log10 of the share of word pairs that are ``first second``, where
        the language has pair counts (English: symspellpy's) and lists the pair."""
        if self.lang != "en":
            return None
        bigrams = english_bigrams()
        if bigrams is None:
            return None
        pairs = bigrams[0]
        count = pairs.get(f"{normalize_word(first)} {normalize_word(second)}")
        return math.log10(count / pairs[TOTAL_KEY]) if count else None

    def token_log10(self, word: str) -> float:
        """How probable the token is as a word of its own."""
        return word_log10(self.zipf(word), len(word))

    def is_own_word(self, word: str) -> bool:
        """The lexicon says this token is a word as it stands."""
        low = normalize_word(word)
        return low in self.protected or low in self.lex.user_words or self.zipf(word) >= COMMON_WORD_ZIPF

    def is_derived(self, word: str) -> bool:
        """Prefix + known word ("superadded"), an inflection of a word the
        document writes ("dissentients"), or known stem + suffix ("vulgarest")."""
        low = word.lower()
        for prefix in self.prefixes:
            if not low.startswith(prefix):
                continue
            rest = low[len(prefix):]
            if (
                len(rest) >= 4
                and rest not in self.function_words
                and (prefix not in self.function_words or self.zipf(low) > 0)
                and self.zipf(rest) >= DERIVATION_STEM_ZIPF
            ):
                return True
        for ending in self.inflections:
            # An inflected form of a word the document writes ("dissentient|s"):
            # the document's own vocabulary outweighs any frequency list; not
            # a word the pass splits itself ("theworker|s"), see piece_log10.
            if not low.endswith(ending):
                continue
            stem = low[: -len(ending)]
            if (len(stem) >= DOC_PIECE_LETTERS
                    and self.vocab.alone(stem) >= 1 and split_gain(stem, self) is None):
                return True
        for suffix in self.suffixes:
            if not low.endswith(suffix):
                continue
            stem = low[: -len(suffix)]
            if len(stem) >= 3 and any(
                self.zipf(s) >= DERIVATION_STEM_ZIPF for s in (stem, stem + "e", stem[:-1] + "y" if stem.endswith("i") else stem)
            ):
                return True
        # A known verb form plus an ending that reads as a word: a German
        # participle ("sieben|den", dictionaries/<lang>/participle_endings.txt),
        # a Spanish or Italian infinitive or gerund with its enclitic pronoun
        # ("capturar|las", "chiedendo|la", .../enclitic_endings.txt), a
        # French future ("suggérer|ont", .../future_endings.txt).
        # The verb form need only be a word a split could use as a piece.
        return any(
            low.endswith(stem_end + ending)
            and self.zipf(low[: -len(ending)]) >= min_piece_zipf(len(low) - len(ending))
            for stem_end, ending in self.bound_endings
        )


@dataclass(frozen=True)
class Split:
    text: str  # the token with spaces (or restored compound hyphens) inserted
    score: float
    reason: str


def min_piece_zipf(letters: int) -> float:
    """How common a word of this length must be to be a piece of a split."""
    if letters >= LONG_PIECE_LETTERS:
        return UNRELIABLE_ZIPF
    return PIECE_MIN_ZIPF.get(letters, PIECE_MIN_ZIPF_LONG)


def best_segmentation(
    word: str, model: SegmentModel, max_pieces: int, floor: float = -math.inf
) -> tuple[float, list[str]] | None:
    """Viterbi over allowed pieces: the most probable split into 2..max_pieces words.

    Pieces less probable than ``floor`` are not tried: the caller knows no
    split using one could win (see :func:`piece_floor`).
    """
    low = word.lower()
    n = len(low)
    exact = model.vocab.exact
    # A floor at or above COMMON_ZIPF admits only common words, one at or
    # above KNOWN_WORD_ZIPF only known ones (what a rare word's split needs):
    # test set membership before looking anything up.
    admitted = model.common if floor >= COMMON_ZIPF - 9 else None
    if admitted is None and model.known is not None and floor >= KNOWN_WORD_ZIPF - 9:
        admitted = model.known
    known_pieces = model._pieces  # piece_log10's cache, read inline: most pieces were seen before
    # best[i][k]: best log10 of low[:i] as k pieces, with the piece list.
    best: list[dict[int, tuple[float, list[str]]]] = [dict() for _ in range(n + 1)]
    best[0][0] = (0.0, [])
    for j in range(n):
        if not best[j]:
            continue
        # A piece that would be the last allowed one must end the word.
        fewest = min(best[j])
        ends = range(j + 1, min(n, j + MAX_PIECE_LETTERS) + 1) if fewest + 1 < max_pieces else (n,)
        for i in ends:
            if i - j > MAX_PIECE_LETTERS:
                continue
            if i - j == n:
                # The word as one piece is never an option, and looking it up as a
                # piece would ask (piece_log10) whether it splits: this very search.
                continue
            piece = low[j:i]
            if admitted is not None and piece not in admitted:
                continue
            cost = known_pieces.get(piece, False)
            if cost is False:
                cost = model.piece_log10(piece)
            if cost is None or cost < floor or (
                i - j == 1 and not (word[j:i] in model.one_letter_words and exact.get(word[j:i]))
            ):
                continue  # a one-letter word of the language, as the document writes it ("a", "I", not "i")
            for k, (score, pieces) in best[j].items():
                if k + 1 > max_pieces or (k + 1 == max_pieces and i != n):
                    continue
                total = score + cost + (LOST_SPACE_LOG10 if k else 0.0)
                if k + 1 not in best[i] or total > best[i][k + 1][0]:
                    best[i][k + 1] = (total, pieces + [word[j:i]])
    options = [v for k, v in best[n].items() if k >= 2]
    return max(options, key=lambda v: v[0]) if options else None


def piece_floor(token_log10: float) -> float:
    """The least probable piece a winning split can have.

    A split wins when its pieces' log10 p plus the lost spaces beat the
    token by SPLIT_MARGIN; every other piece is at best BEST_PIECE_LOG10, so
    one piece below this floor sinks any split, however many pieces.
    """
    return token_log10 + SPLIT_MARGIN - (LOST_SPACE_LOG10 + BEST_PIECE_LOG10)


def split_gain(word: str, model: SegmentModel) -> Split | None:
    """Split a run of letters with no case transition, if far more probable."""
    if word not in model._words:
        model._words[word] = _split_gain(word, model) or split_before_finite_verb(word, model)
    return model._words[word]


def _split_gain(word: str, model: SegmentModel) -> Split | None:
    if len(word) < MIN_TOKEN_LETTERS or model.is_own_word(word):
        return None
    if model.token_log10(word) + SPLIT_MARGIN >= BEST_POSSIBLE_SPLIT:
        return None
    capitalised = word[0].isupper()
    if not (word[1:].islower() and (capitalised or word[0].islower())):
        return None  # ALL-CAPS or mixed case: names, acronyms
    if capitalised and model.vocab.exact.get(word, 0) >= SEEN_ELSEWHERE:
        return None  # a name the document uses
    max_pieces = 2 if model.lang != "en" else MAX_PIECES
    found = best_segmentation(word, model, max_pieces, piece_floor(model.token_log10(word)))
    if found is None:
        return None
    split_log10, pieces = found
    if len(pieces) > 2:
        split_log10, pieces = _join_known_pieces(split_log10, pieces, model)
        if len(pieces) < 2:
            return None
        if any(len(before) <= 2 and len(p) in SHORT_PIECE_LETTERS and model.zipf(p) < THREE_PIECE_SHORT_ZIPF
               for before, p in zip(pieces, pieces[1:])):
            return None
    # Where the language has pair counts, two pieces are as probable as the
    # pair itself: "of the" is ten times more common than "of" and "the"
    # taken apart would make it, which is what makes "ofthe" (listed by
    # wordfreq at 3.3, from the web's own lost spaces) two words. A pair the
    # list holds (the commonest 250,000) is also a phrase, not a compound
    # or a name's end: see the two rules below.
    pair = model.pair_log10(*pieces) if len(pieces) == 2 else None
    pair_note = ""
    if pair is not None:
        pair_note = f"; the pair '{pieces[0].lower()} {pieces[1].lower()}' is 10^{pair:.1f} of word pairs"
        split_log10 = max(split_log10, pair + LOST_SPACE_LOG10)
    if not any(p.lower() in model.function_words for p in pieces) and (
        capitalised
        or model.zipf(word) > 0
        or model.vocab.count(word) >= SEEN_ELSEWHERE
        or not (_plain_content_pair(pieces, model) or pair is not None)
    ):
        return None  # two content words: a compound or a name
    tail, head = pieces[-1].lower(), pieces[-2]
    if (
        tail in model.function_words
        and len(tail) <= SHORT_TAIL_LETTERS
        and model.zipf(head) < (
            ENDING_HEAD_ZIPF if not capitalised and model.free_tail(tail) else SHORT_TAIL_HEAD_ZIPF
        )
        and pair is None
        and not (model.zipf(word) == 0 and model.vocab.alone(head) >= SHORT_TAIL_HEAD_SEEN)
    ):
        return None
    if model.closed_compounds and not _article_then_word(word, pieces, model) and (
        len(pieces) != 2
        or (model.zipf(pieces[1]) < CLOSED_COMPOUND_SECOND_ZIPF and pieces[1].lower() not in model.function_words)
        or (len(pieces[0]) < PART_FIRST_LETTERS_CLOSED and pieces[0].lower() not in model.function_words)
        or (capitalised and model.vocab.exact.get(pieces[0], 0) < 1 and not _noun_then_function_word(pieces, model))
    ):
        return None  # a German noun splits only before a function word, after a noun seen alone
    token_log10 = model.token_log10(word)
    gain = split_log10 - token_log10
    if gain < SPLIT_MARGIN or model.is_derived(word):
        return None
    return Split(
        " ".join(pieces),
        gain,
        f"'{word}' log10 p {token_log10:.1f} < split {split_log10:.1f} "
        f"({' + '.join(f'{p}:{model.zipf(p):.1f}' for p in pieces)}){pair_note}",
    )


def _join_known_pieces(split_log10: float, pieces: list[str], model: SegmentModel) -> tuple[float, list[str]]:
    """The split with two neighbouring pieces joined again where they make
    a derived word, a stem and an affix ("the|mild|est" -> "the|mildest",
    "the|a|cutest" -> "the|acutest", "over|step|the" -> "overstep|the"), or
    two content words the lexicon lists or the document writes joined
    ("male|factor|has" -> "malefactor|has"); its log10 p recomputed.

    Such a word, rarer than a piece may be (PIECE_MIN_ZIPF_LONG: "mildest"
    2.2, "overstep" 2.4, "malefactor" 1.5, "acutest" unlisted), loses the
    search to its parts; a token of two pieces is never cut so (is_derived,
    and the two-content-words rule of _split_gain), nor is a piece of three.
    """
    whole = "".join(pieces)
    k = 0
    while k + 1 < len(pieces):
        a, b = pieces[k], pieces[k + 1]
        joined = a + b
        content = not (a.lower() in model.function_words or b.lower() in model.function_words)
        # The token itself the document may write elsewhere (is_own_word
        # settled that); a shorter word is evidence unless it splits too.
        if model.is_derived(joined) or (content and (
            model.zipf(joined) > 0
            or (model.vocab.count(joined) >= 1 if joined == whole else _written_whole(joined, model))
        )):
            parts = model.piece_log10(a.lower()), model.piece_log10(b.lower())
            split_log10 += model.token_log10(joined) - sum(p or 0.0 for p in parts) - LOST_SPACE_LOG10
            pieces = pieces[:k] + [joined] + pieces[k + 2:]
        else:
            k += 1
    return split_log10, pieces


def _written_whole(word: str, model: SegmentModel) -> bool:
    """The document writes the word, and not as a token the pass splits
    itself ("speakingsoldiers" of "Korean-speakingsoldiers"): once split in
    the output it is no evidence, and a second run would read without it.
    The word is shorter than the token being split, so this ends."""
    return model.vocab.count(word) >= 1 and split_gain(word, model) is None


def split_before_finite_verb(word: str, model: SegmentModel) -> Split | None:
    """A rare noun glued to the finite verb after it ("Inquisitenmussten").

    The frequency model cannot split it (the noun is unknown, so the split
    is barely more probable than the token), but a past tense of an
    auxiliary or modal never ends a compound noun, so a capitalised token
    no list knows that ends in one is two words.
    """
    if not (len(word) >= MIN_TOKEN_LETTERS and word[0].isupper() and word[1:].islower()):
        return None
    if model.zipf(word) > 0 or model.is_own_word(word) or model.vocab.exact.get(word, 0) >= SEEN_ELSEWHERE:
        return None
    low = word.lower()
    for verb in model.finite_verbs:
        if low.endswith(verb) and len(word) - len(verb) >= FINITE_HEAD_LETTERS:
            head, tail = word[: -len(verb)], word[-len(verb):]
            token_log10 = model.token_log10(word)
            split_log10 = model.token_log10(head) + model.zipf(tail) - 9 + LOST_SPACE_LOG10
            return Split(f"{head} {tail}", split_log10 - token_log10,
                         f"'{word}' ends in the finite verb '{tail}', which never ends a compound")
    return None


def _article_then_word(word: str, pieces: list[str], model: SegmentModel) -> bool:
    """A lower-case token no list knows, an article glued to a common word
    after it ("diekatholische"): see ARTICLE_NEXT_LETTERS."""
    return (
        len(pieces) == 2
        and word.islower()
        and pieces[0] in model.articles
        and len(pieces[1]) >= ARTICLE_NEXT_LETTERS
        and model.zipf(pieces[1]) >= ARTICLE_NEXT_ZIPF
        and model.zipf(word) == 0
        and model.vocab.count(word) < SEEN_ELSEWHERE
    )


def _noun_then_function_word(pieces: list[str], model: SegmentModel) -> bool:
    """A known noun glued to a following function word ("Rechtmässigkeit|weder").

    A compound ends in a noun, never in a conjunction or auxiliary; tails
    shorter than CLOSED_TAIL_LETTERS are left alone because nouns end in
    them by chance ("Kin|der", "Lan|des").
    """
    head, tail = pieces
    return (
        tail.lower() in model.function_words
        and len(tail) >= CLOSED_TAIL_LETTERS
        and model.zipf(head) >= CLOSED_HEAD_ZIPF
    )


def _plain_content_pair(pieces: list[str], model: SegmentModel) -> bool:
    """Two content words, each long and common enough that together, unlisted,
    they are not a closed compound ("directmanner" yes, "jurymen" no)."""
    return model.lang not in CLOSED_COMPOUND_LANGUAGES and len(pieces) == 2 and all(
        len(p) >= CONTENT_PIECE_LETTERS and model.zipf(p) >= CONTENT_PIECE_ZIPF for p in pieces
    )


def split_case_transition(word: str, model: SegmentModel) -> tuple[int, str] | None:
    """Position of a lost space at a lower->upper case change ("fromNovember")."""
    for match in CASE_TRANSITION_RE.finditer(word):
        k = match.start()
        left, right = word[:k], word[k:]
        right_word = WORD_RE.match(right)
        if len(left) < 2 or right_word is None:
            continue  # "iPhone"
        rw = right_word.group()
        if left.lower() in model.name_prefixes and not (
            left in model.function_words and model.vocab.exact.get(rw, 0) >= 1
        ):
            # "McDonald", "DeVries"; but a lower-case particle before a name
            # the document writes alone is a lost space ("deMounier", "vonHumboldt").
            continue
        if model.zipf(word) >= CASE_WORD_ZIPF or model.vocab.exact.get(word, 0) >= SEEN_ELSEWHERE:
            return None  # a known mixed-case word or name ("PowerPoint")
        left_word = WORD_RE.findall(left)[-1]
        if len(rw) == 1:
            right_ok = model.zipf(rw) >= PIECE_MIN_ZIPF[1]  # "ButI"
        elif rw.isupper():
            right_ok = model.zipf(rw) >= CASE_RIGHT_ZIPF  # "ofKNOWLEDGE"
        else:
            right_ok = rw[1:].islower() and (
                model.zipf(rw) >= CASE_RIGHT_ZIPF
                or model.vocab.exact.get(rw, 0) >= 1
                or left_word.lower() in model.function_words  # "desNachrichters"
                or (left_word.islower() and len(rw) >= CASE_NEW_WORD_LETTERS)
            )
        left_ok = model.zipf(left_word) >= CASE_LEFT_ZIPF or (
            model.vocab.exact.get(left_word, 0) >= 1
            if left_word[0].isupper()
            # A lower-case word before a capital: any piece's bar will do.
            else model.zipf(left_word) >= PIECE_MIN_ZIPF_LONG
        )
        if right_ok and left_ok:
            return k, f"case change after '{left_word}' before '{rw}'"
    return None


def split_before_elision(run: str, model: SegmentModel) -> int | None:
    """Where a function word ends in a letter run glued to an elided word
    (dictionaries/<lang>/elisions.txt): "onm" before "’a", "etl" before "’homme".

    The longest elision the run ends with decides ("quoiqu" is one elided
    word, not "quoi" + "qu"); the run must be unknown to the lexicon.
    """
    low = run.lower()
    for elided in model.elisions:
        if low.endswith(elided):
            head = low[: -len(elided)]
            if head in model.function_words and model.zipf(run) < ELISION_RUN_ZIPF:
                return len(head)
            return None
    return None


# Tokens longer than this are left as they are: run-together words in the
# dev corpus are at most 24 characters, a line of type run together about a
# hundred; longer ones are data (hashes, encodings, a broken extraction's
# whole paragraph), and the case-change and glue rules read a token once per
# case change, quadratic in its length.
MAX_SEGMENT_CHARS = 200


def segment_token(token: str, model: SegmentModel) -> Split | None:
    """The token with the spaces it lost put back, or None to leave it."""
    cached = model._decisions.get(token, False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    if len(token) > MAX_SEGMENT_CHARS:
        model._decisions[token] = None
        return None
    result = model.respelling(token) or (None if model.never_splits(token) else _segment_token(token, model))
    if result is not None:
        result = _settle_pieces(result, model)
    model._decisions[token] = result
    return result


def _settle_pieces(found: Split, model: SegmentModel) -> Split:
    """The split with each of its pieces split as that piece would be alone.

    Once split, every piece is a token of the output; a piece the decision
    would still split ("on strike inthe", "1922. Publishedin") is split now,
    or a second run over the output would change it. Pieces are shorter than
    the token, so the recursion ends.
    """
    pieces = found.text.split(" ")
    settled = [segment_token(piece, model) for piece in pieces]
    if all(s is None for s in settled):
        return found
    text = " ".join(piece if s is None else s.text for piece, s in zip(pieces, settled))
    reasons = "; ".join([found.reason] + [s.reason for s in settled if s is not None])
    return Split(text, found.score + sum(s.score for s in settled if s is not None), reasons)


def _starts_sentence(after: str, model: SegmentModel) -> bool:
    """A capitalised word follows, not an initial ("Ph.D.", "J.S.")."""
    word = WORD_RE.match(after.lstrip(SENTENCE_OPENERS))
    if word is None:
        return False
    if len(word.group()) > 1:
        return True
    return model.zipf(word.group()) >= PIECE_MIN_ZIPF[1] and not after[word.end():].startswith(".")


def _first_piece(word: str, model: SegmentModel) -> str:
    """The first word of a letter run once its own lost spaces are restored."""
    found = split_gain(word, model)
    return found.text.split(" ")[0] if found else word


def _segment_token(token: str, model: SegmentModel) -> Split | None:
    plain = PLAIN_WORD_RE.match(token)
    if plain and plain.group(1)[1:].islower():
        # The common case: one word, lower case after its first letter, with
        # punctuation only around it, so no glue rule or case change applies.
        word = plain.group(1)
        if model.token_log10(word) + SPLIT_MARGIN >= BEST_POSSIBLE_SPLIT:
            return None  # a known word
        before, after = token[: plain.start(1)], token[plain.end(1):]
        if (after[:1] in ("’", "'") and after[1:]) or (word[0].isupper() and before[-1:] in ("’", "'")):
            return None  # an elided form ("l’,") or a name after an elision
        found = split_gain(word, model)
        return None if found is None else _apply_inserts(token, _split_positions(found, plain.start(1)))
    if not WORD_RE.search(token):
        return None
    if PROTECT_RE.search(token):
        # Digits, URLs, addresses, markers: only a sentence glued on after a
        # number ("p. 642.Owen") may get its space, nothing inside changes.
        if regex.search(r"@|://|^www\.|\[\^", token):
            return None
        inserts = {m.end(): f"space lost after '{m.group(1)}'" for m in SENTENCE_GLUE_RE.finditer(token)
                   if regex.search(r"\d\d[.!?]", token[: m.end()]) and _starts_sentence(token[m.end():], model)}
        return _apply_inserts(token, inserts)
    if token.upper() == token:  # else it has a lower-case letter
        letters = [ch for ch in token if ch.isalpha()]
        if len(letters) > 1 and all(ch.isupper() for ch in letters):
            return None  # ALL-CAPS: headings, acronyms
    inserts: dict[int, str] = {}  # position in token -> reason
    # Every glue rule needs a punctuation mark with something after it.
    glue_rules = () if GLUE_MARKS.isdisjoint(token[:-1]) else (SENTENCE_GLUE_RE, CLAUSE_GLUE_RE, ROMAN_GLUE_RE)
    if glue_rules:
        for match in TITLE_GLUE_RE.finditer(token):
            if match.group(1) in model.titles:
                inserts[match.end()] = f"space lost after the title '{match.group(1)}.'"
        for match in COMMA_CAPITAL_RE.finditer(token):
            inserts[match.end()] = "space lost after ','"
    for rule in glue_rules:
        for match in rule.finditer(token):
            after = token[match.end():]
            next_word = LOWER_RUN_RE.match(after)
            if rule is SENTENCE_GLUE_RE and not _starts_sentence(after, model):
                continue
            if rule is not SENTENCE_GLUE_RE and (
                next_word is None
                or model.zipf(_first_piece(next_word.group(), model)) < AFTER_PUNCT_ZIPF
            ):
                continue
            inserts[match.end()] = f"space lost after '{match.group(1)}'"

    # Letter runs between punctuation and apostrophes ("themaster’s").
    for match in WORD_RE.finditer(token):
        word = match.group()
        after = token[match.end():]
        if _elides_before(after):
            # An elided form ("quoiqu’il", "l’") is not segmented, but may
            # have lost the space before it ("onm’a" -> "on m’a").
            cut = split_before_elision(word, model)
            if cut is not None:
                inserts[match.start() + cut] = f"space lost before the elided '{word[cut:]}’'"
            continue
        if word[0].isupper() and token[match.start() - 1 : match.start()] in ("’", "'"):
            continue  # a name after an elision ("d’Herbois", "O’Brien")
        base = match.start()
        pieces_at = [0]
        case = split_case_transition(word, model)
        while case is not None:
            k, why = case
            at = pieces_at[-1] + k
            inserts[base + at] = why
            pieces_at.append(at)
            case = split_case_transition(word[at:], model)
        bounds = pieces_at + [len(word)]
        for lo, hi in zip(bounds, bounds[1:]):
            part = word[lo:hi]
            found = split_gain(part, model)
            if found is not None:
                inserts.update(_split_positions(found, base + lo))
    return _apply_inserts(token, inserts)


def _elides_before(after: str) -> bool:
    """What follows a run of letters makes the run an elided word: an
    apostrophe with more after it ("’a", "’homme"), not a possessive "’s"."""
    return after[:1] in ("’", "'") and len(after) > 1 and not (after[1] == "s" and not after[2:3].isalpha())


def _split_positions(found: Split, base: int) -> dict[int, str]:
    """Where a letter run starting at ``base`` takes its spaces, with the reason."""
    positions, offset = {}, base
    for piece in found.text.split(" ")[:-1]:
        offset += len(piece)
        positions[offset] = found.reason
    return positions


def _apply_inserts(token: str, inserts: dict[int, str]) -> Split | None:
    """The token with a space at each position, and the reasons."""
    if not inserts:
        return None
    out, last = [], 0
    for pos in sorted(inserts):
        out.append(token[last:pos])
        last = pos
    out.append(token[last:])
    reasons = "; ".join(dict.fromkeys(inserts[p] for p in sorted(inserts)))
    return Split(" ".join(out), float(len(inserts)), reasons)


# --------------------------------------------------------------- applying
# Tokens are cut where str.split() cuts (whitespace and the separators
# \x1c-\x1f) everywhere in this pass, so type scans and span scans agree.
# Lines joined per str.split call when collecting a flow's distinct tokens:
# few calls, and no list of every token of a book at once.
TYPE_BLOCK_LINES = 4096
# From this many distinct tokens on, loading the shortcut word sets (about
# 15 ms) costs less than the frequency lookups they spare (about 5 us a token).
WORD_SETS_MIN_TYPES = 3000


def segment_flow(doc: Document, flow: list[Line], model: SegmentModel) -> int:
    """Split the run-together tokens of one flow; a token may span a joined line end.

    Work is done per distinct token (type), not per occurrence: the flow's
    types are collected with C-speed str.split and a set, each is decided
    once (most by SegmentModel.never_splits), and only the lines holding a
    type to split, a context-split candidate, or a token running on across a
    joined line end are read token by token. No per-line token lists are kept.
    """
    lines = [ln for ln in flow if ln.role != BLANK]
    texts = [ln.text for ln in lines]
    keep = [i for i, text in enumerate(texts) if text.strip()]
    if len(keep) != len(lines):
        lines, texts = [lines[i] for i in keep], [texts[i] for i in keep]
    # The pieces of words that run on across a line end ("revolu|tionary"
    # once the hyphen is gone) are read joined, below; a token seen only as
    # such a piece is never decided as itself, so it is kept out of the types
    # to decide (they are the costliest: rarely words).
    standalone, pieces = _split_off_run_on_pieces(lines, texts)
    types: set[str] = set()
    for first in range(0, len(standalone), TYPE_BLOCK_LINES):
        types.update(" ".join(standalone[first : first + TYPE_BLOCK_LINES]).split())
    del standalone
    if len(types) >= WORD_SETS_MIN_TYPES:
        model.use_word_sets()
    to_split = model.tokens_to_split(types)
    to_split |= split_with_made_names(types, to_split, model)
    bigrams = english_bigrams() if model.lang == "en" else None
    # Every token may be a context candidate, a piece too (candidates are
    # tokens the full decision leaves alone, so to_split need not be taken off).
    candidates = context_candidates(types | pieces, model, bigrams) if bigrams is not None else {}
    del types, pieces
    # One scan for the lines holding a token to split or a context candidate.
    wanted = to_split | candidates.keys()
    holding = [li for li, text in enumerate(texts) if not wanted.isdisjoint(text.split())] if wanted else []
    inserts: dict[int, list[tuple[int, str]]] = {}  # line index -> (position, space or hyphen) to insert
    count = 0
    if candidates:
        count += context_splits(doc, lines, texts, candidates, model, bigrams, inserts, holding)  # type: ignore[arg-type]
    # The lines to read: those holding a token to split, those whose last
    # token runs on into the next line (joined with no space), and those next
    # lines, unless the two make a plain pair whose joined token stays as it is.
    with_split = {li for li in holding if not to_split.isdisjoint(texts[li].split())} if to_split else set()
    visit = set(with_split)
    for li in [li for li, line in enumerate(lines) if line.join == JOIN_NONE]:
        if not _plain_run_on(li, lines, texts, with_split, model, bigrams):
            visit.update((li, li + 1))
    carry: list[tuple[int, int, int]] = []  # (line index, start, end) pieces of a token continuing
    for li in sorted(visit):
        if li >= len(lines):
            continue
        line, text = lines[li], texts[li]
        has_split = li in with_split
        if not carry and line.join != JOIN_NONE and not has_split:
            continue
        spans = _token_spans(text, every=has_split)
        final = len(spans) - 1
        # Only the first token (it may end a run-on), the last (it may run
        # on) and the tokens to split have anything to do.
        reading = range(len(spans)) if final < 2 else [
            mi for mi, (a, b) in enumerate(spans) if mi == 0 or mi == final or text[a:b] in to_split
        ]
        for mi in reading:
            start, end = spans[mi]
            # (line index, start, end) pieces making up this token
            # (a token may run on over several lines: "S-|ocialist-|Revolutionary")
            parts = carry + [(li, start, end)] if mi == 0 else [(li, start, end)]
            continues = (
                mi == final
                and line.join == JOIN_NONE
                and end == len(text.rstrip())
                and li + 1 < len(lines)
            )
            if continues:
                carry = parts
                continue
            carry = []
            if len(parts) == 1 and text[start:end] not in to_split:
                continue
            token = "".join(texts[i][a:b] for i, a, b in parts)
            if token.endswith(("-", "\u00ad")):
                continue  # an unjoined hyphenation fragment
            found = segment_token(token, model)
            if found is None and len(parts) > 1 and _may_context_split(token, model, bigrams):
                # A word made by a line break ("a-|way" read "away"), as a
                # context candidate: only its neighbours can split it.
                found = Split(token, 0.0, "")
            if found is None:
                continue
            if bigrams is not None:
                (first_line, first_start, _), (last_line, _, last_end) = parts[0], parts[-1]
                before = _token_before(lines, texts, first_line, first_start)
                after = _token_after(lines, texts, last_line, last_end)
                found = _context_split_pieces(found, before, after, model, bigrams)
            if found.text == token:
                continue
            found = restore_compound_hyphens(found, model.vocab)
            count += 1
            offset = 0
            marks = _insert_positions(token, found.text)
            for i, a, b in parts:
                length = b - a
                for pos, mark in marks:
                    if offset < pos < offset + length or (pos == offset and i == parts[0][0]):
                        inserts.setdefault(i, []).append((a + pos - offset, mark))
                    elif pos == offset and offset > 0 and mark == " ":
                        # The lost space falls on the line end: join with a space.
                        lines[parts[parts.index((i, a, b)) - 1][0]].join = JOIN_SPACE
                    elif pos == offset and offset > 0:
                        # A lost hyphen at the line end opens the next piece
                        # (the lines join with nothing between).
                        inserts.setdefault(i, []).append((a, mark))
                offset += length
            first, last = parts[0], parts[-1]
            span = (lines[first[0]].raw_span(first[1], first[2])[0], lines[last[0]].raw_span(last[1], last[2])[1])
            # A token given only its compound hyphens back is a respelling, not a split.
            kind = "split" if any(mark == " " for _, mark in marks) else "compound"
            doc.record(kind, span, token, found.text, found.reason, found.score, lines[first[0]].number)
    for i, positions in inserts.items():
        for pos, mark in sorted(set(positions), reverse=True):
            lines[i].replace(pos, pos, mark)
    return count


# Rounds of split_with_made_names at most: each needs a name the last made.
MAX_NAME_ROUNDS = 3


def split_with_made_names(types: set[str], to_split: set[str], model: SegmentModel) -> set[str]:
    """The tokens left whole that split once the names other splits make count
    as the document's words (they are added to its vocabulary).

    A capitalised word glued to a word before it splits when the document
    writes it alone ("forcingDenikin" beside "Denikin"); written only glued
    ("AfterDenikin", split after a function word), it is alone once the
    output writes it, and a second run would split "forcingDenikin". Only
    tokens with such a case change and a made name in them are decided again.
    """
    found: set[str] = set()
    splits = set(to_split)
    for _ in range(MAX_NAME_ROUNDS):
        made = set()
        for token in splits:
            split = segment_token(token, model)
            for piece in split.text.split() if split is not None else ():
                word = WORD_RE.search(piece)
                if word and word.group()[:1].isupper() and model.vocab.exact.get(word.group(), 0) < 1:
                    made.add(word.group())
        if not made:
            break
        for word in made:
            model.vocab.add_token(word)
        # A small letter before a capital: never all one case or title case
        # (string tests that rule out nearly every token before the pattern).
        retry = [t for t in types if not (t.islower() or t.istitle() or t.isupper())
                 and t not in to_split and t not in found
                 and CASE_TRANSITION_RE.search(t) and any(word in t for word in made)]
        for token in retry:
            model._decisions.pop(token, None)
        splits = {t for t in retry if segment_token(t, model) is not None}
        found |= splits
    return found


def _plain_run_on(
    li: int, lines: list[Line], texts: list[str], with_split: set[int], model: SegmentModel,
    bigrams: Bigrams | None,
) -> bool:
    """Line ``li`` runs its last token on into the next line's first, no
    other run-on or token to split touches the two lines, and the joined
    token stays as it is, context candidate or not: reading the two lines
    token by token would change nothing."""
    nxt = li + 1
    if not (
        nxt < len(lines)
        and li not in with_split
        and nxt not in with_split
        and lines[nxt].join != JOIN_NONE
        and (li == 0 or lines[li - 1].join != JOIN_NONE)
    ):
        return False
    joined = texts[li].rsplit(None, 1)[-1] + texts[nxt].split(None, 1)[0]
    return segment_token(joined, model) is None and not _may_context_split(joined, model, bigrams)


def _may_context_split(token: str, model: SegmentModel, bigrams: Bigrams | None) -> bool:
    """The token is a context candidate (see :func:`context_candidates`);
    most tokens are ruled out by a string test or the joins set."""
    if bigrams is None:
        return False
    word = token.rstrip(TRAILING_PUNCTUATION)
    if len(word) < CONTEXT_MIN_LETTERS or not (word.isalpha() and word.islower()):
        return False
    if model.joins is not None and word not in model.joins:
        return False
    return bool(context_candidates({token}, model, bigrams))


def _split_off_run_on_pieces(lines: list[Line], texts: list[str]) -> tuple[list[str], set[str]]:
    """The texts with the pieces of run-on tokens cut off, and those pieces.

    A line joined to the next with no space runs its last token on into the
    next line's first (lines are stripped when joined, so a leading space of
    the next line does not part them): the loop in :func:`segment_flow`
    reads the two as one token, never alone.
    """
    standalone = list(texts)
    pieces: set[str] = set()
    for li, line in enumerate(lines):
        if line.join != JOIN_NONE or li + 1 >= len(lines):
            continue
        last = standalone[li].rstrip().rsplit(None, 1)
        if last:  # empty when the line's only token began a run-on already
            pieces.add(last[-1])
            standalone[li] = last[0] if len(last) == 2 else ""
        first = standalone[li + 1].split(None, 1)
        if first:
            pieces.add(first[0])
            standalone[li + 1] = first[1] if len(first) == 2 else ""
    return standalone, pieces


def _token_spans(text: str, every: bool) -> list[tuple[int, int]]:
    """Spans of the line's tokens: all of them, or (``every`` false) only the
    first and last, the only ones that can run on across a line end."""
    # str methods only: twice as fast as a regex over the line.
    if every:
        spans, end, find = [], 0, text.find
        for token in text.split():
            # Only whitespace lies between the last token's end and this one.
            start = find(token, end)
            end = start + len(token)
            spans.append((start, end))
        return spans
    stripped = text.rstrip()
    if not stripped:
        return []
    first_start = len(stripped) - len(stripped.lstrip())
    first = (first_start, first_start + len(stripped[first_start:].split(None, 1)[0]))
    last_start = len(stripped) - len(stripped.rsplit(None, 1)[-1])
    return [first] if first_start == last_start else [first, (last_start, len(stripped))]


def _insert_positions(token: str, spaced: str) -> list[tuple[int, str]]:
    """Positions in ``token`` where ``spaced`` has an inserted space or
    hyphen, with the character inserted."""
    positions, i = [], 0
    for ch in spaced:
        if ch in " -" and (i >= len(token) or token[i] != ch):
            positions.append((i, ch))
        else:
            i += 1
    return positions


# A split between two pieces the document writes elsewhere as a hyphenated
# compound ("angloprussienne", where "anglo-prussienne" stands on other
# pages) restores the hyphen instead of a space: an extractor that joins
# line-end hyphens itself (pdftotext does) drops compound hyphens with them,
# and the document's own spelling is the strongest evidence there is. One
# such spelling is enough; without one the split stays a space.
MIN_COMPOUND_SPELLINGS = 1
# A word the document writes closed but more often hyphenated, at least this
# many times ("middleclass" once, "middle-class" five times), is respelled
# hyphenated: the closed form is the extractor's join of a compound broken at
# a line end. Two spellings at least, so one stray hyphen in a book does not
# respell a word written closed once.
MIN_RESPELL_SPELLINGS = 2
_LAST_WORD_RE = regex.compile(rf"[{LETTERS}]+$")


def restore_compound_hyphens(found: Split, vocab: Vocabulary) -> Split:
    """``found`` with each space between two pieces the document spells as
    a hyphenated compound made a hyphen."""
    pieces = found.text.split(" ")
    if len(pieces) < 2:
        return found
    out, restored = [pieces[0]], []
    for piece in pieces[1:]:
        left, right = _LAST_WORD_RE.search(out[-1]), WORD_RE.match(piece)
        compound = f"{left.group()}-{right.group()}" if left and right else ""
        if compound and vocab.compound_count(compound) >= MIN_COMPOUND_SPELLINGS:
            out[-1] = f"{out[-1]}-{piece}"
            restored.append(compound)
        else:
            out.append(piece)
    if not restored:
        return found
    why = "; ".join(f"the document writes '{c}' elsewhere" for c in restored)
    return Split(" ".join(out), found.score, f"{found.reason}; hyphen restored: {why}" if found.reason else why)


# --------------------------------------------------------- context splits
# A real word can be two words that lost their space ("in away that" is "in a
# way that"); only the words around it can tell. English has bigram counts
# (symspellpy's), so there a known lower-case word that is two common words
# run together is split when the bigrams make the split reading more
# probable than the word by more than CONTEXT_SPLIT_MARGIN decades, after
# paying the lost space (LOST_SPACE_LOG10: about 300:1 against), every pair
# of the split reading is attested and the word's own reading is not ("went
# away from", "away that" in "far away that" stay).
CONTEXT_SPLIT_MARGIN = 0.0
# Only words whose two-word reading is, as a phrase, at least this share as
# common as the word itself are tried ("a way" is half as common as "away",
# "of ten" a sixteenth of "often", "an other" 1/200 of "another"): for the
# others no context is strong enough, and trying them costs time.
CONTEXT_MIN_PAIR_SHARE = 0.1
CONTEXT_MIN_LETTERS = 4
# Only the plainest tokens are read as context: a lower-case word with no
# punctuation on the side that touches the candidate.
TRAILING_PUNCTUATION = ".,;:!?”’\"')]"
LEFT_CONTEXT_RE = regex.compile(r"\p{L}+$")
RIGHT_CONTEXT_RE = regex.compile(r"\p{L}+")

Bigrams = tuple[ShardedTable, ShardedTable]


def context_split_gain(left: str, word: str, k: int, right: str | None, bigrams: Bigrams) -> float | None:
    """log10 odds of ``left word[:k] word[k:] right`` over ``left word right``.

    A bigram chain: P(b | a) = (c2(ab) / N2) / (c1(a) / N1), with symspellpy's
    pair counts c2 and word counts c1 from different corpora (N2, N1 their
    totals). A pair missing from the list counts half its smallest count (an
    upper bound, so the word's own reading is never underrated). None when
    every pair of the word's reading is attested, or a pair of the split
    reading is not.
    """
    pairs, words = bigrams
    join_pairs = [f"{left} {word}"] + ([f"{word} {right}"] if right else [])
    join_counts = [pairs.get(pair) for pair in join_pairs]
    if None not in join_counts:
        return None  # cheapest test first: most words stand in attested pairs
    head, tail = word[:k], word[k:]
    split_pairs = [f"{left} {head}", f"{head} {tail}"] + ([f"{tail} {right}"] if right else [])
    split_counts = [pairs.get(pair) for pair in split_pairs]
    singles = [words.get(w) for w in ((head, tail, word) if right else (head,))]
    if None in split_counts or None in singles:
        return None
    log = math.log10
    unseen = log(pairs[LEAST_KEY] / 2)
    scale = log(words[TOTAL_KEY]) - log(pairs[TOTAL_KEY])  # N1 / N2, once per extra pair
    split = sum(map(log, split_counts)) - log(singles[0]) + scale  # type: ignore[arg-type]
    join = sum(log(c) if c is not None else unseen for c in join_counts)
    if right:
        split += scale - log(singles[1])  # type: ignore[arg-type]
        join += scale - log(singles[2])  # type: ignore[arg-type]
    return split - join + LOST_SPACE_LOG10


@lru_cache(maxsize=None)
def english_context_joins() -> frozenset[str] | None:
    """Every word that is two common words run together as a context
    candidate's cut needs them: both COMMON_ZIPF, the pair listed and at
    least CONTEXT_MIN_PAIR_SHARE as common as the word (about 70,000).

    A book has thousands of distinct lower-case words, and trying every cut
    of each costs about 6 us a word; one set lookup rules out all but a
    hundred. Built from the bigram list (0.4 s) once and kept in the
    derived cache; a short text never loads it (see use_word_sets).
    """
    files, bigrams, wordfreq_file = english_bigram_files(), english_bigrams(), wordfreq_source("en")
    if files is None or bigrams is None or wordfreq_file is None:
        return None
    pairs, words = bigrams
    common = Lexicon("en").common_words()
    scale = words[TOTAL_KEY] / pairs[TOTAL_KEY]

    def build() -> Iterator[tuple[str, int]]:
        for pair, count in pairs.items():
            head, _, tail = pair.partition(" ")
            if head in common and tail in common:
                single = words.get(head + tail)
                if single is None or count * scale >= CONTEXT_MIN_PAIR_SHARE * single:
                    yield head + tail, 0

    params = f"common={COMMON_ZIPF}:share={CONTEXT_MIN_PAIR_SHARE}"
    return frozenset(derived_table("context-joins-en", (files[0], files[1], wordfreq_file), build, 1, params))


def context_candidates(tokens: set[str], model: SegmentModel, bigrams: Bigrams) -> dict[str, list[int]]:
    """Known lower-case words (with their punctuation) that are also two common
    words run together, with the split points to try: those where the pair
    is at least CONTEXT_MIN_PAIR_SHARE as common as the word."""
    pairs, words = bigrams
    scale = words[TOTAL_KEY] / pairs[TOTAL_KEY]
    joins = model.joins

    def common_pair(word: str, k: int) -> bool:
        pair, single = pairs.get(f"{word[:k]} {word[k:]}"), words.get(word)
        return pair is not None and (single is None or pair * scale >= CONTEXT_MIN_PAIR_SHARE * single)

    common, longest = model.common, model.longest_common

    def cuts(word: str) -> list[int]:
        n = len(word)
        return [
            k for k in range(max(1, n - longest), min(n, longest + 1))
            if word[:k] in common and word[k:] in common
            and (k > 1 or model.vocab.exact.get(word[:1])) and (k < n - 1 or model.vocab.exact.get(word[-1]))
            and common_pair(word, k)
        ]

    # Comprehensions, not one loop: this reads every distinct token of a book.
    # With the joins set loaded, only its words can have a cut (it holds
    # every word with one): one lookup a token rules out nearly all of them.
    if joins is None:
        stripped = [(token, token.rstrip(TRAILING_PUNCTUATION)) for token in tokens]
    else:
        stripped = [(token, word) for token in tokens if (word := token.rstrip(TRAILING_PUNCTUATION)) in joins]
    plain = [(t, w) for t, w in stripped if len(w) >= CONTEXT_MIN_LETTERS and w.isalpha() and w.islower()]
    words_to_cut = {w for _, w in plain}  # per word: "away", "away," and "away." share it
    cuts_of = {word: found for word in words_to_cut if (found := cuts(word))}
    return {
        token: cuts_of[word] for token, word in plain
        if word in cuts_of and segment_token(token, model) is None
    }


def best_context_cut(
    left: str, word: str, cuts: list[int], right: str | None, bigrams: Bigrams
) -> tuple[float, int] | None:
    """(gain, cut) of the best split of ``word`` between its neighbours, if it beats CONTEXT_SPLIT_MARGIN."""
    gains = [(g, k) for k in cuts if (g := context_split_gain(left, word, k, right, bigrams)) is not None]
    best = max(gains, default=None)
    return best if best is not None and best[0] > CONTEXT_SPLIT_MARGIN else None


def _context_word(token: str | None, side: str, model: SegmentModel) -> str | None:
    """The word of a neighbouring token, if only letters touch the candidate.

    The token is read as the output will have it: a neighbour that is split
    itself ("warfarein") is read as its piece next to the candidate ("in"),
    as a second run over the output would read it.
    """
    if token is None:
        return None
    found = segment_token(token, model)
    if found is not None:
        pieces = found.text.split(" ")
        token = pieces[-1] if side == "left" else pieces[0]
    match = (LEFT_CONTEXT_RE.search if side == "left" else RIGHT_CONTEXT_RE.match)(token)
    return match.group().lower() if match else None


def _context_split_pieces(
    found: Split, before: str | None, after: str | None, model: SegmentModel, bigrams: Bigrams
) -> Split:
    """The token split, with each piece context-split as it would be as a token.

    A piece of a split is a token of the output, so a second run would read
    it as a context candidate between its neighbours ("warfareinaway that"
    splits "warfare in away", and then "in away that" reads "in a way that"):
    the same decision is made now, with the pieces around it as context.
    """
    pieces = found.text.split(" ")
    joins = model.joins
    plain = {
        piece for piece in pieces
        if len(piece) >= CONTEXT_MIN_LETTERS and piece.rstrip(TRAILING_PUNCTUATION).isalpha() and piece.islower()
        # (with the joins set loaded, only its words can have a cut: see context_candidates)
        and (joins is None or piece.rstrip(TRAILING_PUNCTUATION) in joins)
    }
    candidates = context_candidates(plain, model, bigrams) if plain else {}
    if not candidates:
        return found
    out, reasons, score = list(pieces), [found.reason] if found.reason else [], found.score
    for i, piece in enumerate(pieces):
        if piece not in candidates:
            continue
        left = _context_word(pieces[i - 1] if i else before, "left", model)
        if left is None:
            continue
        word = piece.rstrip(TRAILING_PUNCTUATION)
        right = None
        if len(word) == len(piece):
            right = _context_word(pieces[i + 1] if i + 1 < len(pieces) else after, "right", model)
        best = best_context_cut(left, word, candidates[piece], right, bigrams)
        if best is None:
            continue
        gain, k = best
        out[i] = f"{piece[:k]} {piece[k:]}"
        what = "piece " if len(pieces) > 1 else ""
        reasons.append(f"{what}'{piece}' read as '{out[i]}' by bigrams, {gain:.1f} decades")
        score += gain
    if out == pieces:
        return found
    return Split(" ".join(out), score, "; ".join(reasons))


def _token_before(lines: list[Line], texts: list[str], li: int, start: int) -> str | None:
    """The token before ``start`` (on its line, or ending the line joined to it
    with a space), whole: with the pieces it runs on from over line ends
    joined with no space ("revolu|tionary")."""
    head = texts[li][:start].rsplit(None, 1)
    if head:
        return _run_on_before(lines, texts, li, head[-1]) if len(head) == 1 else head[-1]
    token = _line_end_token(lines, texts, li)
    if token is not None and len(texts[li - 1].split(None, 1)) == 1:
        token = _run_on_before(lines, texts, li - 1, token)
    return token


def _token_after(lines: list[Line], texts: list[str], li: int, end: int) -> str | None:
    """The token after ``end`` (on its line, or starting the next one joined
    with a space), whole: with the pieces it runs on with over line ends
    joined with no space ("t-|hat" once the hyphen is gone)."""
    tail = texts[li][end:].split(None, 1)
    if tail:
        return _run_on_after(lines, texts, li, tail[0]) if len(tail) == 1 else tail[0]
    token = _line_start_token(lines, texts, li)
    if token is not None and len(texts[li + 1].split(None, 1)) == 1:
        token = _run_on_after(lines, texts, li + 1, token)
    return token


def _run_on_after(lines: list[Line], texts: list[str], li: int, token: str) -> str:
    """``token``, the last of line ``li``, with what it runs on with over line ends joined with no space."""
    while lines[li].join == JOIN_NONE and li + 1 < len(lines):
        head = texts[li + 1].split(None, 1)
        if not head:
            break
        token += head[0]
        if len(head) == 2:
            break
        li += 1
    return token


def _run_on_before(lines: list[Line], texts: list[str], li: int, token: str) -> str:
    """``token``, the first of line ``li``, with what runs on into it over line ends joined with no space."""
    while li and lines[li - 1].join == JOIN_NONE:
        tail = texts[li - 1].rsplit(None, 1)
        if not tail:
            break
        token = tail[-1] + token
        if len(tail) == 2:
            break
        li -= 1
    return token


def _runs_on(lines: list[Line], li: int, ti: int, count: int) -> bool:
    """Token ``ti`` of the ``count`` on line ``li`` is a piece of a token
    running on over a line end: decided whole in :func:`segment_flow`."""
    return (ti == count - 1 and lines[li].join == JOIN_NONE and li + 1 < len(lines)) or (
        ti == 0 and li > 0 and lines[li - 1].join == JOIN_NONE
    )


def context_splits(
    doc: Document, lines: list[Line], texts: list[str], candidates: dict[str, list[int]],
    model: SegmentModel, bigrams: Bigrams, inserts: dict[int, list[tuple[int, str]]], holding: list[int],
) -> int:
    """Split the candidate words the bigrams around them say are two words.

    ``texts`` are the lines' texts; only the lines of ``holding`` (in order,
    every line with a candidate among them) are cut into tokens.
    """
    count = 0
    decided: dict[tuple[str, str, str | None], tuple[float, int] | None] = {}
    attested: dict[str, bool] = {}  # pair -> listed; most candidates stop at their first pair

    def listed(pair: str) -> bool:
        known = attested.get(pair)
        if known is None:
            known = attested[pair] = bigrams[0].get(pair) is not None
        return known

    words_of: dict[tuple[str | None, str], str | None] = {}  # (token, side) -> its context word

    def context_word(token: str | None, side: str) -> str | None:
        key = (token, side)
        found = words_of.get(key, False)
        if found is False:
            found = words_of[key] = _context_word(token, side, model)
        return found  # type: ignore[return-value]

    wanted = candidates.keys()
    for li in holding:
        line, tokens = lines[li], texts[li].split()
        if wanted.isdisjoint(tokens):
            continue
        spans: list[tuple[int, int]] | None = None
        n = len(tokens)
        for ti in [ti for ti, token in enumerate(tokens) if token in candidates]:
            if _runs_on(lines, li, ti, n):
                continue
            token, cuts = tokens[ti], candidates[tokens[ti]]
            # Neighbours inside the line are its tokens; only the first two and
            # last two may read on across a line end (_token_before, _token_after).
            if ti < 2 or ti + 2 >= n:
                if spans is None:
                    spans = _token_spans(texts[li], every=True)
            before = tokens[ti - 1] if ti >= 2 else _token_before(lines, texts, li, spans[ti][0])  # type: ignore[index]
            left = context_word(before, "left")
            if left is None:
                continue
            word = token.rstrip(TRAILING_PUNCTUATION)
            right = None
            if len(word) == len(token):
                after = tokens[ti + 1] if ti + 2 < n else _token_after(lines, texts, li, spans[ti][1])  # type: ignore[index]
                right = context_word(after, "right")
            if listed(f"{left} {word}") and (right is None or listed(f"{word} {right}")):
                continue  # the word's own reading is attested: no split
            key = (left, word, right)
            if key not in decided:
                decided[key] = best_context_cut(left, word, cuts, right, bigrams)
            best = decided[key]
            if best is None:
                continue
            gain, k = best
            if spans is None:
                spans = _token_spans(texts[li], every=True)
            start, end = spans[ti]
            inserts.setdefault(li, []).append((start + k, " "))
            doc.record("split", line.raw_span(start, end), token, f"{token[:k]} {token[k:]}",
                       f"bigrams '{left} {word[:k]} {word[k:]}{' ' + right if right else ''}' beat "
                       f"'{left} {word}{' ' + right if right else ''}' by {gain:.1f} decades", gain, line.number)
            count += 1
    return count


def _line_end_token(lines: list[Line], texts: list[str], li: int) -> str | None:
    """The token before line ``li`` when the lines join with a space."""
    tokens = texts[li - 1].rsplit(None, 1) if li else []
    if li == 0 or lines[li - 1].join != JOIN_SPACE or not tokens:
        return None
    return tokens[-1]


def _line_start_token(lines: list[Line], texts: list[str], li: int) -> str | None:
    """The token after line ``li`` when the lines join with a space."""
    tokens = texts[li + 1].split(None, 1) if li + 1 < len(lines) else []
    if li + 1 >= len(lines) or lines[li].join != JOIN_SPACE or not tokens:
        return None
    return tokens[0]


@register("segment")
def segment_pass(doc: Document, ctx: Context) -> None:
    if not ctx.frequencies_apply(doc):
        return
    model = SegmentModel(ctx.lexicon_for(doc), ctx.vocabulary(doc))
    for flow in doc.flows():
        segment_flow(doc, flow, model)
