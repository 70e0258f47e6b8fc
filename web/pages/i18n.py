"""Which language a page speaks, and the Jinja helpers that speak it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import flask_babel
from flask import Blueprint, Flask, redirect, request, session
from markupsafe import Markup
from werkzeug.wrappers import Response

from services.config import TIMEZONE
from web.auth import safe_next
from web.translations import DEFAULT_LANGUAGE, DIRECTORY, LANGUAGES
from web.translations.deadline_basis import basis_in
from web.translations.formats import day_in, decimal_in, moment_in, percent_in, whole_in
from web.translations.labels import choices, label
from web.translations.rules import explanation

bp = Blueprint("pages_i18n", __name__)


# What the number filters show: counts, shares, percents (the templates pass them as read).
Number = int | float | Decimal


def current_lang() -> str:
    """The signed-in person's choice, else Vietnamese."""
    lang = session.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _(text: str, /, **values: object) -> str:
    """Translate a Vietnamese source text into the current language (Flask-Babel's catalog);
    `{name}` placeholders are filled after, as in `web.translations.translate`."""
    translated: str = flask_babel.gettext(text)
    return translated.format(**values) if values else translated


@bp.get("/lang/<code>")
def switch(code: str) -> Response:
    """Switch the language and go back where the person was (a preference, not data)."""
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")))


def number(value: Number | None) -> str:
    """1234 → "1.234" in Vietnamese, "1,234" in English."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return decimal(value)
    return whole_in(value, current_lang())


def decimal(value: Number | None, places: int = 1) -> str:
    """72.5 → "72,5" in Vietnamese."""
    return "–" if value is None else decimal_in(value, current_lang(), places)


def percent(value: Number | None) -> str:
    """72.5 → "72,5%" in Vietnamese, "72.5%" in English."""
    return "–" if value is None else percent_in(value, current_lang())


def day(value: date | str | None) -> str:
    """dd/mm/yyyy in Vietnamese, ISO in English."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.astimezone(TIMEZONE).date()
    return day_in(value, current_lang())


def moment(value: datetime | str | None) -> str:
    """A recording time in Vietnam's time zone, to the second."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return moment_in(value, current_lang())


# What every typed day or time is: a text box read dd/mm/yyyy (and 24-hour time) on the server,
# whatever the browser's language (a native date picker shows mm/dd/yyyy in an English browser).
DAY_PATTERN = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}"
MOMENT_PATTERN = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?"


def day_attrs() -> Markup:
    hint = _("ngày/tháng/năm, ví dụ 05/10/2025")
    return Markup(
        'type="text" inputmode="numeric" autocomplete="off" class="day" '
        'placeholder="dd/mm/yyyy" pattern="{}" title="{}"'
    ).format(DAY_PATTERN, hint)


def moment_attrs() -> Markup:
    hint = _("ngày/tháng/năm giờ:phút:giây (24 giờ, giờ Việt Nam), ví dụ 05/10/2025 14:30:00")
    return Markup(
        'type="text" autocomplete="off" class="moment" '
        'placeholder="dd/mm/yyyy hh:mm:ss" pattern="{}" title="{}"'
    ).format(MOMENT_PATTERN, hint)


def day_input(value: date | str | None) -> str:
    """The value of a typed-day box: dd/mm/yyyy; text a person typed is given back as typed."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    try:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def moment_input(value: datetime | str | None) -> str:
    """The value of a typed-time box: dd/mm/yyyy HH:MM:SS, 24-hour, Vietnam's time."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        value = moment
    if value.tzinfo is not None:
        value = value.astimezone(TIMEZONE)
    return value.strftime("%d/%m/%Y %H:%M:%S")


def init_app(app: Flask) -> None:
    """Register the language switch, Flask-Babel (the catalogs, the request's language) and the
    Jinja helpers (ours after Flask-Babel's, so `_` fills `{name}` placeholders)."""
    app.register_blueprint(bp)
    flask_babel.Babel(
        app,
        locale_selector=current_lang,
        default_locale=DEFAULT_LANGUAGE,
        default_translation_directories=str(DIRECTORY),
    )
    app.jinja_env.globals.update(
        _=_,
        current_lang=current_lang,
        LANGUAGES=LANGUAGES,
        label=lambda group, value: label(group, value, current_lang()),
        choices=lambda group: choices(group, current_lang()),
        explain_rule=lambda rule: explanation(rule, current_lang()),
        day_attrs=day_attrs,
        moment_attrs=moment_attrs,
    )
    app.jinja_env.filters.update(
        number=number,
        decimal=decimal,
        percent=percent,
        day=day,
        moment=moment,
        day_input=day_input,
        basis=lambda text: basis_in(text, current_lang()),
        moment_input=moment_input,
    )
