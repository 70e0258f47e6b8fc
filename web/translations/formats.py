"""Numbers, days and times as a language writes them, through Babel's CLDR data.

Numbers take CLDR's symbols for the language (vi: "1.234,5"; en: "1,234.5"). Days and times
are written as the province writes them, dd/mm/yyyy and 24-hour time in Vietnamese (CLDR's
short Vietnamese date would be d/M/yy), and ISO in English; Babel formats both patterns. The
pages (`web.pages.i18n`) and the exported files (`web.exports.files`) share them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from services.config import TIMEZONE

DAY = {"vi": "dd/MM/yyyy", "en": "yyyy-MM-dd"}
MOMENT = {"vi": "dd/MM/yyyy HH:mm:ss", "en": "yyyy-MM-dd HH:mm:ss"}


def rounded(value: Any, places: int) -> Decimal:
    """The value rounded as Python rounds a float (Babel would round its decimal text)."""
    return Decimal(f"{float(value):.{places}f}")


def whole_in(value: Any, lang: str) -> str:
    """1234 → "1.234" in Vietnamese, "1,234" in English."""
    return format_decimal(int(value), locale=lang)


def decimal_in(value: Any, lang: str, places: int = 1) -> str:
    """72.5 → "72,5" in Vietnamese, "72.5" in English."""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(rounded(value, places), format=pattern, locale=lang)


def percent_in(value: Any, lang: str) -> str:
    """A share given in percent, 72.5 → "72,5%" in Vietnamese (one decimal place)."""
    return format_percent(rounded(value, 1) / 100, format="#,##0.0%", locale=lang)


def day_in(value: date, lang: str) -> str:
    """dd/mm/yyyy in Vietnamese, ISO in English."""
    return format_date(value, DAY[lang], locale=lang)


def moment_in(value: datetime, lang: str) -> str:
    """A time in the province's time zone, to the second."""
    return format_datetime(value.astimezone(TIMEZONE), MOMENT[lang], locale=lang)
