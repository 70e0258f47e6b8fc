"""The pages' two languages: Vietnamese (the source text) and English (a dictionary).

Every string in the templates and the page code is written in Vietnamese and passed through
`translate`; `web.translations.en` maps each one to English. Missing English text falls back to
the Vietnamese, and a test checks that every string the templates use has its English entry.
A dictionary instead of gettext catalogs: one small language pair, no extraction or compile
step to forget, and a reviewer reads both languages side by side in one file.
"""

from __future__ import annotations

from web.translations.en import MESSAGES as EN

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
CATALOGS: dict[str, dict[str, str]] = {"vi": {}, "en": EN}


def translate(text: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text in `lang`, with `{name}` placeholders filled from `values`."""
    translated = CATALOGS.get(lang, {}).get(text, text)
    return translated.format(**values) if values else translated


def has_translation(text: str, lang: str) -> bool:
    """Whether `text` has its own entry in `lang` (Vietnamese always has)."""
    return lang == DEFAULT_LANGUAGE or text in CATALOGS.get(lang, {})
