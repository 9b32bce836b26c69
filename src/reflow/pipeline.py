"""The registry of passes by name, and the Pipeline that composes them.

A pass is a plain function ``pass_fn(doc, ctx)`` that reads the Document,
decides, changes it in place and records each change as an Edit through
``doc.record`` (it may also return a new Document). Passes do not reach into
each other's internals: evidence several passes need (the lexicon, the
document's vocabulary, printed page numbers) lives on the Context or the
Document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from .document import Document
from .lexicon import (
    LANGUAGE_SAMPLE_CHARS, Lexicon, Vocabulary, in_language, language_evidence, normalize_language,
    read_user_dictionary,
)

if TYPE_CHECKING:
    from .result import Result

PassFunction = Callable[[Document, "Context"], "Document | None"]

DEFAULT_PASSES: tuple[str, ...] = (
    "pages",
    "unglue",
    "furniture",
    "footnotes",
    "order",
    "dehyphenate",
    "rejoin",
    "segment",
    "rejoin_split",
    "paragraphs",
)

# Options every pass may read, with their defaults. Unknown options are an
# error, so a typo never silently does nothing.
DEFAULT_OPTIONS: dict[str, Any] = {
    "page_marker": "auto",  # auto | formfeed | leading-space | none
    "order": "auto",  # auto | keep
    "notes": "end",  # end | omit | inline (how render places footnotes)
}

OPTION_CHOICES: dict[str, tuple[str, ...]] = {
    "page_marker": ("auto", "formfeed", "leading-space", "none"),
    "order": ("auto", "keep"),
    "notes": ("end", "omit", "inline"),
}


@dataclass
class Context:
    """What a pass may consult besides the document: language data and options.

    ``lang`` may be "auto": the language is then read from the document the
    first time a pass asks for it (``language`` or ``lexicon_for``), once the
    passes before have taken off the running heads and page numbers. The
    output holds no furniture, so a second run over it reads the same words
    and picks the same language.
    """

    lang: str
    lexicon: Lexicon | None = None
    options: dict[str, Any] = field(default_factory=dict)
    user_words: Mapping[str, float] = field(default_factory=dict)
    _vocabulary: Vocabulary | None = None
    _vocabulary_order: list[int] | None = None
    # False when "auto" found no language the text is in: the passes that
    # read words by their frequency alone (rejoin, segment) then do nothing.
    language_recognised: bool = True

    def language(self, doc: Document) -> str:
        """The document's language, read from its text lines if still "auto"."""
        if self.lang == "auto":
            sample: list[str] = []
            size = 0
            for line in (line for flow in doc.flows() for line in flow):
                if size >= LANGUAGE_SAMPLE_CHARS:
                    break  # detect_language reads no further
                sample.append(line.text)
                size += len(sample[-1]) + 1
            self.lang, hits, words = language_evidence("\n".join(sample))
            if self.lexicon is None:
                self.lexicon = Lexicon(self.lang, self.user_words)  # what lexicon_for would build
            lexicon = self.lexicon if self.lexicon.lang == self.lang else Lexicon(self.lang, self.user_words)
            self.language_recognised = in_language(lexicon, hits, words)
            if not self.language_recognised:
                doc.warnings.append(
                    f"language: not recognised from its commonest words (nearest: {self.lang}); run-together "
                    "words are not split nor spaced words joined, as another language's frequencies would "
                    "misread them: pass --lang CODE"
                )
        doc.lang = self.lang
        return self.lang

    def frequencies_apply(self, doc: Document) -> bool:
        """Whether words may be split or joined by their frequencies: the
        language was given, or recognised (see ``language_recognised``)."""
        self.language(doc)
        return self.language_recognised

    def lexicon_for(self, doc: Document) -> Lexicon:
        """The lexicon of the document's language, built on first use."""
        if self.lexicon is None:
            self.lexicon = Lexicon(self.language(doc), self.user_words)
        return self.lexicon

    def vocabulary(self, doc: Document) -> Vocabulary:
        """The document's own vocabulary: its flows (the body, each note) as
        they read, counted on first use and again once the order pass has
        changed the page order. A word broken at a page's foot runs on into
        the page now read after it, past the notes and furniture between, so
        the pieces counting takes off are the ones the line-break decisions
        join, as a second run over the output counts them."""
        order = list(doc.page_order or range(len(doc.pages)))
        if self._vocabulary is None or order != self._vocabulary_order:
            flows = ([line.text for line in flow] for flow in doc.flows())
            self._vocabulary, self._vocabulary_order = Vocabulary.from_flows(flows), order
        return self._vocabulary


_REGISTRY: dict[str, PassFunction] = {}


def register(name: str) -> Callable[[PassFunction], PassFunction]:
    """Decorator that makes a built-in pass available by name."""

    def wrap(fn: PassFunction) -> PassFunction:
        _REGISTRY[name] = fn
        return fn

    return wrap


def available_passes() -> dict[str, PassFunction]:
    from . import passes  # noqa: F401  (importing registers the built-ins)

    return dict(_REGISTRY)


def resolve_pass(spec: str | PassFunction) -> tuple[str, PassFunction]:
    if callable(spec):
        return getattr(spec, "__name__", "custom"), spec
    registry = available_passes()
    if spec not in registry:
        raise ValueError(f"unknown pass {spec!r}; known passes: {', '.join(registry)}")
    return spec, registry[spec]


def validate_options(options: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(DEFAULT_OPTIONS)
    for key, value in options.items():
        if key not in DEFAULT_OPTIONS:
            raise TypeError(f"unknown option {key!r}; known options: {', '.join(DEFAULT_OPTIONS)}")
        choices = OPTION_CHOICES.get(key)
        if choices and value not in choices:
            raise ValueError(f"option {key}={value!r}: choose one of {', '.join(choices)}")
        merged[key] = value
    return merged


class Pipeline:
    """An ordered list of passes (names or functions) with language and options.

    >>> Pipeline(["pages", "dehyphenate", "paragraphs"]).run("strik-\\ning").text
    'striking'
    """

    def __init__(
        self,
        passes: Sequence[str | PassFunction] | None = None,
        *,
        lang: str = "auto",
        skip: Iterable[str] = (),
        dictionary: str | Mapping[str, float] | None = None,
        **options: Any,
    ) -> None:
        specs = list(DEFAULT_PASSES if passes is None else passes)
        skipped = set(skip)
        unknown = skipped - set(available_passes())
        if unknown:
            raise ValueError(f"cannot skip unknown pass(es): {', '.join(sorted(unknown))}")
        self.steps = [resolve_pass(s) for s in specs if not (isinstance(s, str) and s in skipped)]
        if self.steps and self.steps[0][0] != "pages":
            # Every other pass needs pages and lines; split them first.
            self.steps.insert(0, resolve_pass("pages"))
        self.lang = normalize_language(lang)
        self.options = validate_options(options)
        if isinstance(dictionary, (str, bytes)) or hasattr(dictionary, "__fspath__"):
            self.user_words = read_user_dictionary(dictionary)  # type: ignore[arg-type]
        else:
            self.user_words = dict(dictionary or {})

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.steps]

    def run(self, text: str) -> "Result":
        from .document import Document
        from .normalize import normalize_input
        from .result import Result

        source, notes = normalize_input(text)
        doc = Document(source=source, lang=self.lang, pages=[])
        for kind, span, before, after, reason in notes:
            doc.current_pass = "input"
            doc.record(kind, span, before, after, reason)
        ctx = Context(lang=self.lang, options=dict(self.options), user_words=self.user_words)
        for name, fn in self.steps:
            doc.current_pass = name
            returned = fn(doc, ctx)
            if returned is not None:
                doc = returned
        doc.current_pass = ""
        ctx.language(doc)  # passes that never asked still leave it named
        return Result(doc, notes=self.options["notes"])
