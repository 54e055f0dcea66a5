"""The coder: articles in, events out, streaming in batches over spaCy's ``Language.pipe``.

Bad input never ends a run: every text is cleaned first (``textclean.clean_text``), a document
longer than ``piece_chars`` is read in pieces, and a document that breaks any stage (language
detection, the spaCy pipeline, extraction) is reported as a ``Problem`` and left out while the
others are coded.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date

from spacy.attrs import IS_ALPHA, LOWER
from spacy.language import Language

from . import __version__
from .errors import InputError
from .extract import CoderContext, events_of, shifted
from .geo import Gazetteer, open_gazetteer
from .geo.locate import locate_events
from .geo.text import PlaceMention, place_mentions
from .geo.text import shifted as shifted_places
from .ingest import Problem
from .lexicons import load_lexicons
from .model import Article, Event
from .nlp import MODELS, load_pipeline
from .textclean import clean_text

SUPPORTED = tuple(MODELS)
UNSURE = 0.5  # below this chance a language guess is open to the next guesses
# Varieties the model tells apart that a language's pipeline reads: Nigerian Pidgin is English-based
# (and "Nigerian" in a short English headline is enough for the model to guess it)
VARIETIES = {"pcm": "en"}
AT_A_LOSS = 0.2  # below this the guess says nothing: the likelier language the coder reads is taken
# The longest text parsed as one spaCy Doc; a longer document is read in pieces, each cut at a
# paragraph break where possible. spaCy refuses texts over ``nlp.max_length`` (1,000,000), and
# one Doc's memory grows with its length: 100,000 characters (~16,000 words) keep a news
# article, even a long report's chapter, whole, with its context, in about 250 MB.
PIECE_CHARS = 100_000
# The most text spaCy parses in one batch: its memory grows with a batch's text, not with the
# number of documents (16 pieces of 20,000 characters take ~1 GB; 5 take ~250 MB).
BATCH_CHARS = 100_000

_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*\s+")
_SPACE = re.compile(r"\s+")
_log = logging.getLogger(__name__)


@lru_cache(maxsize=2)
def _identifier(among: tuple[str, ...] | None = None):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if among:
        identifier.set_languages(list(among))
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` by py3langid (the model ships inside the package). A short text
    gives the model few clues. When its best guess is a language the coder does not read and it is
    unsure (under one chance in two), a language the coder reads among the next three guesses is
    taken ("Mali agreed to buy Turkish drones." is Nigerian Pidgin at 0.39 and English at 0.36);
    when it is at a loss (under one chance in five: "Israel struck Rafah." is Welsh at 0.10), the
    likelier of the languages the coder reads, as when no language it reads is among the next
    guesses of an unsure one ("Le Rwanda a bombardé Goma." is Kinyarwanda at 0.26 for its names)."""
    ranked = [(VARIETIES.get(lang, lang), chance) for lang, chance in _identifier().rank(text[:2000])]
    best, chance = ranked[0]
    if best in SUPPORTED or chance >= UNSURE:
        return best
    if chance < AT_A_LOSS:
        return _identifier(SUPPORTED).classify(text[:2000])[0]
    return next((lang for lang, _ in ranked[1:4] if lang in SUPPORTED), None) \
        or _identifier(SUPPORTED).classify(text[:2000])[0]


def _cut(text: str, start: int, size: int) -> int:
    """Where the piece of ``text`` starting at ``start`` ends: after the last paragraph break in its
    second half, else the last line break, sentence end or space there, else after ``size`` chars."""
    low, high = start + size // 2, start + size
    for mark in ("\n\n", "\n"):
        found = text.rfind(mark, low, high)
        if found >= 0:
            return found + len(mark)
    for pattern in (_SENTENCE_END, _SPACE):
        last = None
        for last in pattern.finditer(text, low, high):
            pass
        if last is not None:
            return last.end()
    return high


def pieces(text: str, size: int = PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """``text`` as (offset, piece) pairs of at most ``size`` characters; one pair when it is short."""
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, size)
        yield start, text[start:end]
        start = end
    yield start, text[start:]


def _batches(stream: Iterable[tuple[str, tuple]], size: int, chars: int) -> Iterator[list[tuple[str, tuple]]]:
    """(text, context) pairs in batches of at most ``size`` texts and ``chars`` characters (or one text)."""
    batch: list[tuple[str, tuple]] = []
    total = 0
    for item in stream:
        if batch and (len(batch) >= size or total + len(item[0]) > chars):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += len(item[0])
    if batch:
        yield batch


def _cleaned(article: Article) -> Article:
    text, title = clean_text(article.text), clean_text(article.title)
    return article if text == article.text and title == article.title else replace(article, text=text, title=title)


def _place(article: Article) -> str:
    return article.source or article.id


@dataclass(frozen=True)
class _Failure:
    """What broke one document, and in which stage."""

    stage: str
    error: Exception

    def problem(self, article: Article) -> Problem:
        detail = str(self.error)
        detail = detail if len(detail) <= 200 else detail[:199] + "…"
        return Problem(_place(article), f"could not be coded: {self.stage} failed "
                                        f"({type(self.error).__name__}{': ' + detail if detail else ''}); "
                                        "the document was skipped")


class Coder:
    """Codes articles into events. Models and lexicons are loaded once, on first use per language.

    ``piece_chars`` bounds the text spaCy parses at once: longer documents are read in pieces of
    at most that many characters, and their events placed back in the whole document.

    >>> coder = Coder()
    >>> events = coder.code_text("La Russie a livré des blindés au Mali.", date=date(2025, 10, 14))
    """

    def __init__(self, *, batch_size: int = 16, today: date | None = None, piece_chars: int = PIECE_CHARS,
                 geolocate: bool = True):
        if piece_chars < 1_000:
            raise ValueError(f"piece_chars must be at least 1000, not {piece_chars}")
        self.batch_size = batch_size
        self.today = today or date.today()
        self.piece_chars = piece_chars
        self._contexts: dict[str, CoderContext] = {}
        self.geolocate = geolocate  # set each event's ``geolocation`` (see ``bilateral.geo``)
        self._gazetteer: Gazetteer | None = None
        self.documents = 0  # documents coded so far (with or without events); skipped ones not counted

    def context(self, lang: str) -> CoderContext:
        if lang not in self._contexts:
            lex = load_lexicons(lang)
            coder = (("name", "bilateral"), ("version", __version__), ("lexicon", lex.version))
            self._contexts[lang] = CoderContext.build(lex, coder)
        return self._contexts[lang]

    @property
    def gazetteer(self) -> Gazetteer:
        """The place index, opened (and built, the first time on this machine) on first use."""
        if self._gazetteer is None:
            self._gazetteer = open_gazetteer()
        return self._gazetteer

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
        for _, events in self.code_articles(items, on_problem=on_problem):
            yield from events

    def code_articles(
        self, items: Iterable[Article | Problem], *, on_problem: Callable[[Problem], None] | None = None
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Each article that could be coded (text cleaned, ``lang`` set) with its events, in batches.

        An article that cannot be coded is reported to ``on_problem`` once and left out; so are
        the ``Problem`` items of ``items``. Nothing an article holds stops the stream.
        """
        report = on_problem or (lambda problem: None)
        batch: list[Article] = []
        for item in items:
            if isinstance(item, Problem):
                report(item)
                continue
            article = self._admitted(item, report)
            if article is None:
                continue
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._code_batch(batch, report)
                batch = []
        if batch:
            yield from self._code_batch(batch, report)

    def _admitted(self, article: Article, report: Callable[[Problem], None]) -> Article | None:
        """The article cleaned and with its language, or None once its problem is reported."""
        stage = "text cleaning"
        try:
            article = _cleaned(article)
            stage = "language detection"
            return replace(article, lang=self.language_of(article))
        except InputError as exc:
            report(Problem(exc.where or article.id, exc.message + (f" ({exc.hint})" if exc.hint else "")))
        except Exception as exc:
            _log.debug("%s failed for %s", stage, _place(article), exc_info=True)
            report(_Failure(stage, exc).problem(article))
        return None

    def _code_batch(self, batch: list[Article],
                    report: Callable[[Problem], None]) -> Iterator[tuple[Article, list[Event]]]:
        for lang in sorted({article.lang for article in batch}):
            group = [article for article in batch if article.lang == lang]
            nlp, ctx = load_pipeline(lang), self.context(lang)
            results = self._read(nlp, ctx, group)
            settled = 0
            while True:
                try:
                    article, outcome = next(results)
                except StopIteration:
                    break
                except Exception:
                    # spaCy parses a batch as a whole, so one bad text fails all of it: parse the
                    # articles not yet settled one at a time to find which one it was
                    _log.debug("the spaCy pipeline failed on a batch; parsing it document by document",
                               exc_info=True)
                    yield from self._one_by_one(nlp, ctx, group[settled:], report)
                    break
                settled += 1
                yield from self._settle(article, outcome, report)

    def _one_by_one(self, nlp: Language, ctx: CoderContext, group: list[Article],
                    report: Callable[[Problem], None]) -> Iterator[tuple[Article, list[Event]]]:
        for article in group:
            try:
                outcome = next(self._read(nlp, ctx, [article]))[1]
            except Exception as exc:
                outcome = _Failure(f"the spaCy pipeline ({article.lang})", exc)
            yield from self._settle(article, outcome, report)

    def _settle(self, article: Article, outcome: list[Event] | _Failure,
                report: Callable[[Problem], None]) -> Iterator[tuple[Article, list[Event]]]:
        if isinstance(outcome, _Failure):
            _log.debug("%s failed for %s", outcome.stage, _place(article), exc_info=outcome.error)
            report(outcome.problem(article))
            return
        self.documents += 1
        yield article, outcome

    def _read(self, nlp: Language, ctx: CoderContext,
              group: list[Article]) -> Iterator[tuple[Article, list[Event] | _Failure]]:
        """Each article of ``group`` with its events, or with what broke its extraction. The pieces
        of all the articles are parsed in batches; an exception from spaCy ends the iteration."""
        size = min(self.piece_chars, nlp.max_length)
        split = [list(pieces(article.text, size)) for article in group]
        stream = ((piece, (i, offset, j == len(split[i]) - 1))
                  for i in range(len(group)) for j, (offset, piece) in enumerate(split[i]))
        events: list[Event] = []
        sentences = 0
        failure: _Failure | None = None
        gazetteer = self.gazetteer if self.geolocate else None  # a missing index is built here, once
        places: list[PlaceMention] = []
        words: set[str] = set()
        parsed = (parse for batch in _batches(stream, self.batch_size, BATCH_CHARS)
                  for parse in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)))
        for doc, (i, offset, last) in parsed:
            if failure is None:
                try:
                    found = events_of(doc, group[i], ctx, today=self.today)
                    events += [shifted(event, chars=offset, sentences=sentences) for event in found]
                    if gazetteer is not None:
                        places += self._places(doc, gazetteer, group[i].lang or "", offset, sentences, words)
                    if not last:  # only a following piece needs the count
                        sentences += sum(1 for _ in doc.sents)
                except Exception as exc:
                    failure = _Failure("extraction", exc)
            if last:
                if failure is None and gazetteer is not None:
                    events = self._located(group[i], events, places, words, gazetteer)
                yield group[i], failure if failure is not None else events
                events, sentences, failure, places, words = [], 0, None, [], set()

    @staticmethod
    def _places(doc, gazetteer: Gazetteer, lang: str, offset: int, sentences: int,
                words: set[str]) -> list[PlaceMention]:
        """The place names of one parsed piece, placed in the whole document; its words kept in
        ``words`` (the adjectives among them say which states the article is about)."""
        lower, alpha = doc.to_array([LOWER, IS_ALPHA]).T  # read as arrays: no Token made per word
        words.update(doc.vocab.strings[key] for key in set(lower[alpha == 1].tolist()))
        found = place_mentions(doc, gazetteer, lang, dateline=offset == 0)
        return shifted_places(found, chars=offset, sentences=sentences) if offset or sentences else found

    @staticmethod
    def _located(article: Article, events: list[Event], places: list[PlaceMention], words: set[str],
                 gazetteer: Gazetteer) -> list[Event]:
        """The article's events with their locations; should placing them fail, they are kept unplaced."""
        try:
            return locate_events(events, places, words, gazetteer)
        except Exception:
            _log.warning("could not geolocate the events of %s; they are kept without a location",
                         _place(article), exc_info=True)
            return events

    def diagnose_text(self, text: str, *, lang: str, date: date | None = None) -> list[tuple[str, bool, bool]]:
        """Every trigger of ``text`` as (PLOVER type, an actor was found, a recipient was found),
        whether or not it became an event: what `bilateral evaluate --by-cause` reads misses with."""
        seen: list[tuple[str, bool, bool]] = []
        nlp = load_pipeline(lang)
        text = clean_text(text)
        article = Article(id="diagnose", text=text, date=date, lang=lang)
        for _, piece in pieces(text, min(self.piece_chars, nlp.max_length)):
            for _ in events_of(nlp(piece), article, self.context(lang), today=self.today,
                               observe=lambda entry, args: seen.append((entry.type, bool(args.actors),
                                                                        bool(args.recipients)))):
                pass
        return seen

    def code_text(self, text: str, *, date: date | None = None, lang: str | None = None,
                  id: str = "text") -> list[Event]:
        """Code one text; convenient in notebooks and tests. Its language is detected unless given.

        Raises ``InputError`` when the text cannot be coded (an unsupported language, or a stage
        that failed on it), with the reason in its message.
        """
        problems: list[Problem] = []
        events = list(self.code([Article(id=id, text=text, date=date, lang=lang)], on_problem=problems.append))
        if problems:
            raise InputError(problems[0].message, where=id)
        return events
