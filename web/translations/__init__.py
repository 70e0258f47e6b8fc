"""The pages' two languages: Vietnamese (the source text) and English (a gettext catalog).

Every string in the templates and the page code is written in Vietnamese and passed through
`translate`; the English is in `en/LC_MESSAGES/messages.po`, a catalog a translator edits
with any gettext tool, compiled to `messages.mo` beside it (`make translations`) and shipped in
the wheel. Flask-Babel reads the same catalogs for the request's language (`web.pages.i18n`).
Names of values, rules and field messages carry a context (`msgctxt`: "kind", "rule"...), so
one Vietnamese word may have a different English in each. Missing English text falls back to
the Vietnamese, and a test checks that every string the templates use has its English entry.
"""

from __future__ import annotations

from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel.support import Translations

DIRECTORY = Path(__file__).resolve().parent
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"


@cache
def catalog(lang: str) -> NullTranslations:
    """The compiled catalog of `lang` (none for Vietnamese, the source language)."""
    if lang == DEFAULT_LANGUAGE or lang not in LANGUAGES:
        return NullTranslations()
    return Translations.load(str(DIRECTORY), [lang])


def translate(text: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text in `lang`, with `{name}` placeholders filled from `values`."""
    translated = catalog(lang).gettext(text)
    return translated.format(**values) if values else translated


def translate_in(context: str, text: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text in `lang` as the catalog gives it within a context (a group of values, a rule)."""
    return catalog(lang).pgettext(context, text)


def has_translation(text: str, lang: str, context: str | None = None) -> bool:
    """Whether `text` has its own entry in `lang` (Vietnamese always has)."""
    if lang == DEFAULT_LANGUAGE:
        return True
    key = text if context is None else f"{context}\x04{text}"
    return key in getattr(catalog(lang), "_catalog", {})
