"""The interface in English and French: messages from ``i18n/messages.csv``, numbers per language.

The language comes from ``?lang=`` (then remembered in a cookie), else the cookie, else the
browser's ``Accept-Language``, else English.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from starlette.requests import Request

LANGS = ("en", "fr")
COOKIE = "lang"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """language → key → message. Every key has a message in every language (checked here)."""
    raw = resources.files("bilateral.web").joinpath("i18n", "messages.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(line for line in raw.splitlines() if not line.startswith("#"))))
    messages: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for number, row in enumerate(rows, start=2):
        key = (row.get("key") or "").strip()
        if not key:
            raise ValueError(f"i18n/messages.csv row {number}: no key")
        if key in messages["en"]:
            raise ValueError(f"i18n/messages.csv row {number}: duplicate key {key}")
        for lang in LANGS:
            text = row.get(lang) or ""
            if not text.strip():
                raise ValueError(f"i18n/messages.csv row {number}: {key} has no {lang} message")
            messages[lang][key] = text
    return messages


@dataclass(frozen=True)
class Translator:
    lang: str

    def __call__(self, key: str, **values: object) -> str:
        """The message ``key`` in this language, ``{name}`` fields filled from ``values``."""
        messages = catalogue()[self.lang]
        text = messages.get(key) or catalogue()["en"].get(key) or key
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, **values: object) -> str:
        """``key.one`` or ``key.other`` by ``n`` (French counts 0 and 1 as singular), with ``n`` formatted."""
        one = n == 1 or (self.lang == "fr" and n == 0)
        return self(f"{key}.{'one' if one else 'other'}", n=self.number(n), **values)

    def has(self, key: str) -> bool:
        return key in catalogue()[self.lang]

    def number(self, value: float | None, digits: int = 0) -> str:
        """1,234.5 in English, 1 234,5 in French (narrow no-break space)."""
        if value is None:
            return "–"
        text = f"{value:,.{digits}f}"
        if self.lang == "fr":
            text = text.replace(",", "\u202f").replace(".", ",")
        return text

    def signed(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        sign = "+" if value > 0 else ("−" if value < 0 else "")
        return sign + self.number(abs(value), digits)


def choose(request: Request) -> tuple[str, bool]:
    """(language, whether the cookie should be set to it)."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked, request.cookies.get(COOKIE) != asked
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGS:
        return remembered, False
    return _from_header(request.headers.get("accept-language", "")), False


def _from_header(header: str) -> str:
    best, best_q = "en", -1.0
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower()[:2]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if lang in LANGS and q > best_q:
            best, best_q = lang, q
    return best
