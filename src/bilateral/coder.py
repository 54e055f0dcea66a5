"""The coder: articles in, events out, streaming in batches over spaCy's ``Language.pipe``."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from . import __version__
from .errors import InputError
from .extract import CoderContext, events_of
from .ingest import Problem
from .lexicons import load_lexicons
from .model import Article, Event
from .nlp import MODELS, load_pipeline

SUPPORTED = tuple(MODELS)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` by py3langid (the model ships inside the package)."""
    import py3langid

    lang, _ = py3langid.classify(text[:2000])
    return lang


class Coder:
    """Codes articles into events. Models and lexicons are loaded once, on first use per language.

    >>> coder = Coder()
    >>> events = coder.code_text("La Russie a livré des blindés au Mali.", date=date(2025, 10, 14))
    """

    def __init__(self, *, batch_size: int = 16, today: date | None = None):
        self.batch_size = batch_size
        self.today = today or date.today()
        self._contexts: dict[str, CoderContext] = {}
        self.documents = 0  # documents coded so far (with or without events)

    def context(self, lang: str) -> CoderContext:
        if lang not in self._contexts:
            lex = load_lexicons(lang)
            coder = (("name", "bilateral"), ("version", __version__), ("lexicon", lex.version))
            self._contexts[lang] = CoderContext.build(lex, coder)
        return self._contexts[lang]

    def language_of(self, article: Article) -> str:
        lang = article.lang or detect_language(article.text)
        if lang not in SUPPORTED:
            raise InputError(
                f"language {lang!r} is not supported (supported: {', '.join(SUPPORTED)})",
                where=article.source or article.id,
                hint="pass --lang to force one, or set \"lang\" in the JSONL record",
            )
        return lang

    def code(
        self, items: Iterable[Article | Problem], *, on_problem: Callable[[Problem], None] | None = None
    ) -> Iterator[Event]:
        """Stream events from articles; problems (and unsupported languages) go to ``on_problem``."""
        batch: list[tuple[Article, str]] = []
        for item in items:
            if isinstance(item, Problem):
                if on_problem:
                    on_problem(item)
                continue
            try:
                lang = self.language_of(item)
            except InputError as exc:
                if on_problem:
                    on_problem(Problem(exc.where or item.id, exc.message + (f" ({exc.hint})" if exc.hint else "")))
                continue
            batch.append((item, lang))
            if len(batch) >= self.batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def _code_batch(self, batch: list[tuple[Article, str]]) -> Iterator[Event]:
        for lang in sorted({lang for _, lang in batch}):
            nlp = load_pipeline(lang)
            ctx = self.context(lang)
            group = [(article.text, article) for article, article_lang in batch if article_lang == lang]
            for doc, article in nlp.pipe(group, as_tuples=True, batch_size=self.batch_size):
                self.documents += 1
                yield from events_of(doc, article, ctx, today=self.today)

    def diagnose_text(self, text: str, *, lang: str, date: date | None = None) -> list[tuple[str, bool, bool]]:
        """Every trigger of ``text`` as (PLOVER type, an actor was found, a recipient was found),
        whether or not it became an event: what `bilateral evaluate --by-cause` reads misses with."""
        seen: list[tuple[str, bool, bool]] = []
        doc = load_pipeline(lang)(text)
        article = Article(id="diagnose", text=text, date=date, lang=lang)
        for _ in events_of(doc, article, self.context(lang), today=self.today,
                           observe=lambda entry, args: seen.append((entry.type, bool(args.actors), bool(args.recipients)))):
            pass
        return seen

    def code_text(self, text: str, *, date: date | None = None, lang: str = "fr", id: str = "text") -> list[Event]:
        """Code one text; convenient in notebooks and tests."""
        return list(self.code([Article(id=id, text=text, date=date, lang=lang)]))
