"""Rejoin words broken across line ends, keeping real compound hyphens.

Every hyphen at the end of a line (also U+00AD soft hyphen, U+2010 hyphen,
U+2011 non-breaking hyphen) that is followed, in the same flow, by a line
starting with a word gets one of three decisions:

* join without the hyphen: ``strik-|ing`` -> ``striking`` (a hyphenation break);
* join keeping it: ``white-|collar`` -> ``white-collar`` (a real compound);
* leave the break: ``first-|and`` stays ``first- and`` (a suspended hyphen).

Peers join every line-end hyphen and so destroy compounds; here the choice
is one score built from independent evidence (see :func:`hyphen_score`), the
strongest being how the document itself writes the word elsewhere. A dash
(``—`` or ``–``) ending a line joins the next line with no space.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Iterator

import regex

from ..document import BLANK, JOIN_NONE, Document, Line
from ..lexicon import CLOSED_COMPOUND_LANGUAGES, LINE_BREAK_HYPHENS, Lexicon, Vocabulary, normalize_word
from ..pipeline import Context, register

LINE_END_HYPHENS = "".join(LINE_BREAK_HYPHENS)  # the ones the vocabulary counts as breaks
SOFT_HYPHEN = "\u00ad"
NON_BREAKING_HYPHEN = "\u2011"
LINE_END_DASHES = "—–"

# The word fragment before a line-end hyphen, with any earlier parts of a
# hyphenated chain ("less-than-"), and the word starting the next line.
# It starts only where a chain does (not after a letter, nor after a letter
# and a hyphen), so a long chain is read once, not once per link.
TRAILING_RE = regex.compile(
    r"(?<![\p{L}\p{M}\d]|[\p{L}\p{M}\d][-\u2010\u2011])"
    r"([\p{L}\p{M}\d]+(?:[-\u2010\u2011][\p{L}\p{M}\d]+)*)([-\u00ad\u2010\u2011])\s*$"
)
LEADING_RE = regex.compile(r"^[\s\x1c-\x1f]*([\p{L}\p{M}\d]+)")  # whitespace as str.split() has it
# The next line's first word goes on with a hyphen and a letter, or is an
# elided article or preposition of at most two letters: it is itself a link
# of a chain ("mother-|in-law", "arc-|en-ciel", "chef-|d'œuvre"), unlike a
# possessive ("Sin-|clair's").
CHAIN_LINKS = frozenset("-\u2010\u2011'’")  # what CHAIN_GOES_ON_RE can start with
CHAIN_GOES_ON_RE = regex.compile(r"[-\u2010\u2011]\p{L}|(?<=(?:^|[^\p{L}])\p{L}{1,2})['’]\p{L}")
# The letters a line ends with once a join has taken its hyphen away: the
# start of the word the next line goes on with ("revolu" of "revolu-|tionary-").
CARRIED_RE = regex.compile(r"[\p{L}\p{M}\d]+$")
DASH_END_RE = regex.compile(r"\S[—–]\s*$")
CHAIN_SPLIT_RE = regex.compile(r"[-\u2010\u2011]")
# What a line must end with (trailing spaces aside) to need a decision: a
# cheap test that spares the regexes for the nine lines in ten that end otherwise.
DECIDABLE_ENDS = tuple(LINE_END_HYPHENS + LINE_END_DASHES)
# An elided word ends a line with its apostrophe ("l’|homme", "dell’|anno"):
# it binds to the next word, like a dash (dictionaries/<lang>/elisions.txt).
ELISION_ENDS = ("’", "'")
ELIDED_END_RE = regex.compile(r"(?<![\p{L}\p{M}])([\p{L}\p{M}]+)['’]$")
ELISION_SCAN = 16  # the longest elided word (French "quelqu", "aujourd") and its apostrophe fit
# A chain ending a line with a function word ("Duport-du|Tertre") whose
# line-end hyphen the extractor lost (under a glued note label, say): see
# :func:`inner_links`. The document must write the link inside a compound
# at least this often ("Latour-du-Pin").
INNER_LINK_MIN_COUNT = 1

# Decisions.
JOIN = "join"
KEEP = "keep"
LEAVE = "leave"

# ---------------------------------------------------------------- evidence
# Scores are log-odds-like: > 0 means "a hyphenation break, drop the hyphen".
# The weights were set on the line-end hyphens of the dev corpus and the seed
# (1370 breaks, 24 compounds): each is the smallest value that makes the
# evidence decisive where it should be, so no single weak signal wins alone.

# Line-end hyphens are breaks far more often than compounds (about 57:1 in
# the dev corpus), so with no evidence at all the hyphen goes.
PRIOR_BREAK = 1.0
# A joined word above zipf 2 (once per 10^7 words) is evidence for the break:
# one point per zipf point, capped so frequency alone never outweighs the
# document's own usage. An unlisted joined word is no evidence either way:
# rare words and names get hyphenated too.
JOINED_NEUTRAL_ZIPF = 2.0
JOINED_EVIDENCE_CAP = 3.0
# An inflected joined word counts at its stem's frequency less this much
# ("commonplaces" by "commonplace").
STEM_DISCOUNT = 0.5
# Both parts being content words of their own (zipf >= 3, at least 3
# letters, not function words: "with-|out" is a break) is what an open compound looks like ("white-collar", "slave-owners"); languages that
# write compounds closed (German) do not get this evidence.
PART_WORD_ZIPF = 3.0
PART_MIN_LETTERS = 3
# With no other evidence, two words whose joined form is below zipf
# JOINED_NEUTRAL_ZIPF + COMPOUND_PARTS - PRIOR_BREAK (2.25: "slaveowners" 1.8
# keeps its hyphen, "overstep" 2.4 joins) stay a hyphenated compound.
COMPOUND_PARTS = 1.25
# The first part is a prefix that keeps its hyphen ("self-", "quasi-").
COMPOUND_PREFIX = 2.5
# The second part is a suffix, never a word ("-ness", "-able"): a break.
SUFFIX_BREAK = 1.5
# The fragment already contains a hyphen ("less-than-"): a compound chain.
CHAIN = 2.0
# The continuation is a pronoun bound to the word before ("dit-|il").
ENCLITIC = 4.0
# The continuation is capitalised ("Anglo-|Americans", "Wiley-|Blackwell"):
# a compound name, unless the joined form is itself a known word
# ("Harper-|Collins" -> "HarperCollins") at this zipf or above.
CAPITAL_COMPOUND = 4.0
CAPITAL_NAME_ZIPF = 2.5
CAPITAL_NAME = 3.0
# Digits on either side ("1914-|18", "B-|52"): a range or code, keep the hyphen.
DIGITS = 6.0
# The document writing the joined word unbroken, or the compound with its
# hyphen in mid-line: per doubling of the count, the strongest evidence.
VOCABULARY = 4.0
# Failing that, the same for the word without its inflection ("short-sight"
# written, "short-|sighted" broken): another form of the word, half as strong.
STEM_VOCABULARY = 2.0
STEM_MIN_LETTERS = 3  # the continuation left once its ending is off
# The user's dictionary listing the hyphenated compound.
USER_COMPOUND = 6.0
# A soft hyphen (U+00AD) only ever marks a possible break; a non-breaking
# hyphen (U+2011) is part of the word by definition.
SOFT_HYPHEN_BREAK = 6.0
NON_BREAKING_KEEP = 6.0




def _script(letter: str) -> str:
    """The writing system of a letter, as the first word of its Unicode name
    ("LATIN", "HEBREW", "CYRILLIC"); "" for anything that is not a letter of one."""
    if not letter.isalpha():
        return ""
    script = unicodedata.name(letter, "").split(" ", 1)[0]
    return "" if script == "MODIFIER" else script


def crosses_scripts(a: str, b: str) -> bool:
    """The letters either side of the break belong to different writing systems
    ("the-|שלום"): no word is hyphenated from one script into another, and a
    joined "theשלום" would be split again at once."""
    left, right = _script(a[-1:]), _script(b[:1])
    return bool(left and right) and left != right


def glues_capital(a: str, b: str, joined_zipf: float, seen_joined: int) -> bool:
    """Dropping the hyphen would put a capital after a lower-case letter inside
    a word ("Bolshevik-|IV" -> "BolshevikIV") that neither the lexicon
    (CAPITAL_NAME_ZIPF) nor the document knows: such a word is two words, and
    a later reading of the joined text would split it again at the case change."""
    return a[-1:].islower() and b[:1].isupper() and joined_zipf < CAPITAL_NAME_ZIPF and not seen_joined


def glues_digits(a: str, b: str) -> bool:
    """Dropping the hyphen would put a letter against a digit ("the\u00ad|1."
    -> "the1."): no word is spelled so, and a later reading takes the digits
    for a glued footnote reference. Digits on both sides ("12\u00ad|345") are
    one number and may join."""
    left, right = a[-1:], b[:1]
    return bool(left and right) and (left.isdigit() != right.isdigit())


@dataclass(frozen=True)
class Decision:
    action: str  # JOIN, KEEP or LEAVE
    score: float
    reason: str


def _stem_usage(a: str, b: str, lex: Lexicon, vocab: Vocabulary) -> tuple[str, int, int]:
    """The continuation without an inflection ending, and how often the
    document writes it joined to ``a`` and hyphenated after it (the ending
    with the most such evidence; counts 0 when none has any)."""
    best: tuple[str, int, int] = ("", 0, 0)
    low_b = normalize_word(b)
    for ending in lex.words("inflections"):
        if low_b.endswith(ending) and len(b) - len(ending) >= STEM_MIN_LETTERS:
            stem = b[: -len(ending)]
            joined, compound = vocab.count(a + stem), vocab.compound_count(f"{a}-{stem}")
            if joined + compound > best[1] + best[2]:
                best = (stem, joined, compound)
    return best


def _joined_zipf(lex: Lexicon, joined: str, joined_zipf: float) -> tuple[float, str]:
    """Zipf of the joined word (``joined_zipf``), or of its stem when only the stem is listed."""
    best, how = joined_zipf, ""
    low = normalize_word(joined)
    for ending in lex.words("inflections"):
        if low.endswith(ending) and len(low) - len(ending) >= 4:
            stem = lex.zipf(low[: -len(ending)]) - STEM_DISCOUNT
            if stem > best:
                best, how = stem, f" (stem {low[: -len(ending)]})"
    return best, how


def _is_upper_word(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def hyphen_score(
    fragment: str, hyphen: str, head: str, lex: Lexicon, vocab: Vocabulary, chain_goes_on: bool = False
) -> Decision:
    """Decide what a line-end hyphen between ``fragment`` and ``head`` is.

    ``fragment`` is the text before the hyphen back to the previous space
    (it may itself be a chain, "less-than"); ``head`` is the word starting
    the next line; ``chain_goes_on``: a hyphen or elision follows ``head``
    ("in-law"), so the two are links of a chain, as a chain ``fragment`` is.
    """
    a = CHAIN_SPLIT_RE.split(fragment)[-1]
    b = head
    joined = a + b
    low_a, low_b = normalize_word(a), normalize_word(b)
    joined_zipf = lex.zipf(joined)  # asked four times below: looked up once
    seen_joined = vocab.count(joined)
    joined_known = seen_joined > 0 or joined_zipf >= JOINED_NEUTRAL_ZIPF

    if crosses_scripts(a, b):
        return Decision(LEAVE, 0.0, f"{a!r} and {b!r} are written in different scripts")
    if low_b in lex.words("conjunctions") and not joined_known and not b[0].isupper():
        return Decision(LEAVE, 0.0, f"suspended hyphen before {b!r}")

    score = PRIOR_BREAK
    reasons = [f"prior {PRIOR_BREAK:+.2f}"]

    def add(value: float, why: str) -> None:
        nonlocal score
        score += value
        reasons.append(f"{why} {value:+.2f}")

    if hyphen == SOFT_HYPHEN:
        add(SOFT_HYPHEN_BREAK, "soft hyphen")
    elif hyphen == NON_BREAKING_HYPHEN:
        add(-NON_BREAKING_KEEP, "non-breaking hyphen")

    if a[-1:].isdigit() or b[:1].isdigit():
        add(-DIGITS, "digits")

    seen_compound = vocab.compound_count(f"{a}-{b}") + (
        vocab.compound_count(f"{fragment}-{b}") if fragment != a else 0
    )
    if seen_joined or seen_compound:
        add(VOCABULARY * (math.log2(1 + seen_joined) - math.log2(1 + seen_compound)),
            f"document writes {joined!r} {seen_joined}x, '{a}-{b}' {seen_compound}x")
    else:
        stem, stem_joined, stem_compound = _stem_usage(a, b, lex, vocab)
        if stem_joined or stem_compound:
            add(STEM_VOCABULARY * (math.log2(1 + stem_joined) - math.log2(1 + stem_compound)),
                f"document writes {a + stem!r} {stem_joined}x, '{a}-{stem}' {stem_compound}x")

    if f"{low_a}-{low_b}" in lex.user_words:
        add(-USER_COMPOUND, "user dictionary compound")

    zj, stem_note = _joined_zipf(lex, joined, joined_zipf)
    if zj > JOINED_NEUTRAL_ZIPF:
        add(min(JOINED_EVIDENCE_CAP, zj - JOINED_NEUTRAL_ZIPF), f"joined zipf {zj:.2f}{stem_note}")

    suffix = low_b in lex.words("suffixes")
    bound_prefix = low_a in lex.words("bound_prefixes")
    if suffix:
        add(SUFFIX_BREAK, f"suffix -{low_b}")
    if (
        lex.lang not in CLOSED_COMPOUND_LANGUAGES
        and not suffix
        and not bound_prefix
        and min(len(a), len(b)) >= PART_MIN_LETTERS
        and min(lex.zipf(a), lex.zipf(b)) >= PART_WORD_ZIPF
        # Two function words make a closed word ("with|out"), rarely a compound;
        # one function word and a content word often do ("après-midi", "non-seulement").
        and not {low_a, low_b} <= lex.words("function_words")
    ):
        add(-COMPOUND_PARTS, "both parts are words")
    if low_a in lex.words("compound_prefixes"):
        add(-COMPOUND_PREFIX, f"compound prefix {low_a}-")
    if fragment != a or chain_goes_on:
        add(-CHAIN, "hyphenated chain")
    if low_b in lex.words("enclitics"):
        add(-ENCLITIC, f"enclitic -{low_b}")

    if b[:1].isupper() and not (_is_upper_word(a) and _is_upper_word(b)):
        if joined_zipf >= CAPITAL_NAME_ZIPF:
            add(CAPITAL_NAME, "capitalised, known joined")
        else:
            add(-CAPITAL_COMPOUND, "capitalised continuation")

    if score > 0 and glues_capital(a, b, joined_zipf, seen_joined):
        # Only a soft hyphen outweighs the capital; it is no character of the
        # text, so it is not made a hyphen either: the words stay apart.
        return Decision(LEAVE, score, "; ".join(reasons) + f"; joining would glue the capital of {b!r}")
    if score > 0 and glues_digits(a, b):
        return Decision(LEAVE, score, "; ".join(reasons) + f"; joining would glue {a!r} to {b!r}")
    action = JOIN if score > 0 else KEEP
    return Decision(action, score, "; ".join(reasons))


def _join_without_space(doc: Document, left: Line, reason: str) -> None:
    """The character ending ``left`` (a dash, an elision's apostrophe) binds
    to the next line's first word: join with no space, and record it."""
    left.join = JOIN_NONE
    text = left.text
    end = len(text.rstrip())
    doc.record("dehyphenate", left.raw_span(end - 1, end), text[end - 1] + "|", text[end - 1], reason, line=left.number)


def _join_elision(doc: Document, left: Line, right: Line, lex: Lexicon) -> None:
    """An elided word of the language ending a line binds to the next line's
    first word: join with no space ("l’|homme" -> "l’homme")."""
    text = left.text.rstrip()
    elided = ELIDED_END_RE.search(text, max(0, len(text) - ELISION_SCAN))
    if elided is None or elided.group(1).lower() not in lex.words("elisions") or not right.text.lstrip()[:1].isalpha():
        return
    _join_without_space(doc, left, f"elided '{elided.group(0)}' at line end joins the next word without a space")


def inner_links(vocab: Vocabulary, lex: Lexicon) -> dict[str, int]:
    """Function words the document writes inside hyphenated chains and never
    at the end of one ("du" of "Latour-du-Pin"), as line endings ("-du"),
    with how often the document writes them inside one.

    A chain cannot end with such a link, so a line ending "Duport-du" before
    a line starting with a word lost its hyphen at the break: the two are one
    compound. A compound ending in the link counts against it, unless it is
    the only one, written once (the broken chain itself is counted so).
    """
    function_words = lex.words("function_words")
    inside: dict[str, int] = {}
    final: dict[str, int] = {}
    for compound, n in vocab.hyphenated.items():
        parts = compound.split("-")
        for link in parts[1:-1]:
            if link in function_words:
                inside[link] = inside.get(link, 0) + n
        final[parts[-1]] = final.get(parts[-1], 0) + n
    return {
        f"-{link}": n for link, n in sorted(inside.items()) if n >= INNER_LINK_MIN_COUNT and final.get(link, 0) <= 1
    }


def _join_lost_link(doc: Document, left: Line, right: Line, vocab: Vocabulary, inside: int) -> None:
    """``left`` ends a capitalised chain with an inner link ("Duport-du", see
    :func:`inner_links`, written ``inside`` times inside one) and ``right``
    starts with a capitalised word: give the name back its line-end hyphen
    and join with no space."""
    text = left.text.rstrip()
    token = text.rsplit(None, 1)[-1]
    head = LEADING_RE.match(right.text)
    if head is None or not (head.group(1)[:1].isupper() and token[:1].isupper()):
        return  # only a name's chain ("Duport-du-Tertre"): "built-in" or "dis-le" may end a line whole
    if vocab.compound_count(token) > 1:
        return  # the document writes this chain whole elsewhere: it ends there
    link = token.rsplit("-", 1)[-1]
    end = len(text)
    left.replace(end, len(left.text), "-")
    left.join = JOIN_NONE
    doc.record(
        "dehyphenate", left.raw_span(end, end + 1), f"{token}|{head.group(1)}", f"{token}-{head.group(1)}",
        f"the document writes '-{link}-' inside compounds {inside}x and never ends one with it: "
        "the line-end hyphen was lost", float(inside), left.number,
    )


def dehyphenate_pair(
    doc: Document,
    left: Line,
    right: Line,
    lex: Lexicon,
    vocab: Vocabulary,
    decisions: dict[tuple[str, str, str, bool], Decision],
    previous: Line | None = None,
    lost_links: dict[str, int] | None = None,
) -> bool:
    """Decide and apply the join between two consecutive lines of a flow.

    ``decisions`` caches the decision per (fragment, hyphen, head) for the
    document: a book breaks the same words again and again. ``previous`` is
    the text line before ``left``: when it ran into ``left`` with no space
    and ``left`` holds nothing but the rest of that word and breaks again
    ("revolu-|tionary-|forces"), the decision is about the whole word, not
    the piece, or a second run would judge the result differently.
    ``lost_links``: the line endings of :func:`inner_links`.

    Returns True when ``left`` ends in a line-break hyphen that no decision
    takes up (no word before it or none starting ``right``): the break
    stays as written.
    """
    full = left.text
    text = full.rstrip()
    if not text.endswith(DECIDABLE_ENDS):
        if text.endswith(ELISION_ENDS):
            _join_elision(doc, left, right, lex)
        elif lost_links and text.endswith(tuple(lost_links)):
            _join_lost_link(doc, left, right, vocab, lost_links[text[text.rfind("-"):]])
        return False
    # The fragment holds no space: search from the last token only.
    tail = TRAILING_RE.search(full, len(text) - len(text.rsplit(None, 1)[-1]))
    right_text = right.text
    head = LEADING_RE.match(right_text)
    if tail is None or head is None:
        if DASH_END_RE.search(full) and right_text.strip():
            _join_without_space(doc, left, "dash at line end joins the next line without a space")
        elif text.endswith(LINE_BREAK_HYPHENS):
            return True  # no word ends this line or starts the next: the break stays as written
        return False
    fragment, hyphen, b = tail.group(1), tail.group(2), head.group(1)
    starts_line = tail.start(1) == len(full) - len(full.lstrip())
    carried = _carried(previous) if starts_line else ""
    whole = carried + fragment if carried else fragment
    # (a link starts with a hyphen or an apostrophe: the pattern is asked only then)
    chain_goes_on = (
        right_text[head.end():head.end() + 1] in CHAIN_LINKS and CHAIN_GOES_ON_RE.match(right_text, head.end()) is not None
    )
    key = (whole, hyphen, b, chain_goes_on)
    decision = decisions.get(key)
    if decision is None:
        decision = decisions[key] = hyphen_score(whole, hyphen, b, lex, vocab, chain_goes_on)
    at = tail.start(2)
    span = left.raw_span(at, at + 1)
    a = fragment if fragment.isalpha() else CHAIN_SPLIT_RE.split(fragment)[-1]
    before = f"{a}{hyphen}|{b}"
    rest = right_text[head.end():].strip()
    if not carried and not (len(rest) == 1 and rest in LINE_END_HYPHENS):
        # Only a whole word is counted: not the piece of one broken over
        # three lines ("workers-|werestrik-|ing"), which a second run reads whole.
        vocab.add_broken(a, b, decision.action)
    if decision.action == LEAVE:
        doc.record("dehyphenate", span, before, f"{a}- {b}", decision.reason, decision.score, left.number)
        return False
    # Trailing spaces after the hyphen would survive the join as a space;
    # a join takes the hyphen with them (one edit of the line's end).
    left.join = JOIN_NONE
    if decision.action == JOIN:
        left.replace(at, len(full), "")
        doc.record("dehyphenate", span, before, a + b, decision.reason, decision.score, left.number)
    else:
        left.replace(at + 1, len(full), "")
        if hyphen == SOFT_HYPHEN:
            left.replace(at, at + 1, "-")
        doc.record("dehyphenate", span, before, f"{a}-{b}", decision.reason, decision.score, left.number)
    return False


def _carried(previous: Line | None) -> str:
    """The start of a word ``previous`` runs into the next line with (joined with no space)."""
    if previous is None or previous.join != JOIN_NONE:
        return ""
    text = previous.text
    # The letters end the last token: search from its start, not the line's.
    found = CARRIED_RE.search(text, len(text) - len(text.rsplit(None, 1)[-1]) if text.strip() else 0)
    return found.group(0) if found else ""


@register("dehyphenate")
def dehyphenate_pass(doc: Document, ctx: Context) -> None:
    lex = ctx.lexicon_for(doc)
    vocab = ctx.vocabulary(doc)
    decisions: dict[tuple[str, str, str, bool], Decision] = {}
    ends = DECIDABLE_ENDS + ELISION_ENDS if lex.words("elisions") else DECIDABLE_ENDS
    lost_links = inner_links(vocab, lex)
    ends += tuple(lost_links)
    for flow in doc.flows():
        # Breaks left as written: counting the vocabulary took their pieces
        # off as line-break fragments, and the text keeps them.
        loose: list[tuple[int, Line | None]] = []  # (index of the left line, the line after it)
        for i, left, right, blank_between, previous in _breakable_pairs(flow, ends):
            if not blank_between or broken_across_blank(left, right):
                if dehyphenate_pair(doc, left, right, lex, vocab, decisions, previous, lost_links):
                    loose.append((i, right))
            elif left.text.endswith(LINE_BREAK_HYPHENS):
                loose.append((i, right))  # a paragraph's end
        last = next((k for k in range(len(flow) - 1, -1, -1)
                     if flow[k].role != BLANK and flow[k].text.strip()), None)
        if last is not None and flow[last].text.endswith(LINE_BREAK_HYPHENS):
            loose.append((last, None))  # the flow's end
        for i, right in loose:
            vocab.add_token(_written_token(flow, i))
            if right is not None and not (right.join == JOIN_NONE and len(right.text.split(None, 1)) == 1):
                # (A line that is one token running on into the next,
                # "-|theydi-|d", gives back nothing: the word is counted
                # whole by the decision that joined it.)
                vocab.add_first_word(right.text)


def _written_token(flow: list[Line], k: int) -> str:
    """The last token of line ``k`` as the text writes it: with the tokens
    of the lines above that run into it with no space ("the-|I-" is "the-I-")."""
    token = flow[k].text.rstrip().rsplit(None, 1)[-1]
    while len(flow[k].text.split(None, 1)) == 1:
        p = k - 1
        while p >= 0 and (flow[p].role == BLANK or not flow[p].text.strip()):
            p -= 1
        if p < 0 or flow[p].join != JOIN_NONE:
            break
        token = flow[p].text.rstrip().rsplit(None, 1)[-1] + token
        k = p
    return token


def _breakable_pairs(
    flow: list[Line], ends: tuple[str, ...] = DECIDABLE_ENDS
) -> Iterator[tuple[int, Line, Line, bool, Line | None]]:
    """The pairs of :func:`~reflow.document.adjacent_pairs` whose left line ends
    in a hyphen or dash (the only ones with a decision to make), with the
    left line's index in the flow and the text line before it.

    A book has ten lines to every broken one, so the lines are tested in one
    comprehension and only the few broken ones are walked from, instead of
    pairing every line of the flow in Python.
    """
    texts = [ln.text for ln in flow]

    def is_text(k: int) -> bool:
        text = texts[k]
        return flow[k].role != BLANK and bool(text) and not text.isspace()

    # (rstrip copies a line: asked only of the few lines ending in whitespace)
    for i in [i for i, t in enumerate(texts) if t.endswith(ends) or (t[-1:].isspace() and t.rstrip().endswith(ends))]:
        if not is_text(i):
            continue
        left = flow[i]
        j = i + 1
        blank_between = False
        while j < len(flow) and not is_text(j):
            # Blank lines at the top or bottom of a page are layout, not a paragraph break.
            blank_between = blank_between or flow[j].page == left.page
            j += 1
        if j == len(flow):
            continue
        p = i - 1
        while p >= 0 and not is_text(p):
            p -= 1
        yield i, left, flow[j], blank_between and flow[j].page == left.page, flow[p] if p >= 0 else None


def broken_across_blank(left: Line, right: Line) -> bool:
    """A line-end hyphen, a blank line, then a line starting in lower case.

    A paragraph never starts in lower case, so the blank line (a removed
    figure, note or column gap) does not part the word: the break is decided
    as any other. The paragraphs pass must keep the join this sets.
    """
    text = left.text.rstrip()
    return text.endswith(LINE_BREAK_HYPHENS) and right.text.lstrip()[:1].islower()
