"""The search as the signed-in user may see it (tìm kiếm), shared by the API and the pages.

The read side looks only at organizations the user reaches on the day asked
(web/permissions/reach.py): a match outside the reach answers as no match at all. A typed
national ID (CCCD) becomes the member's identity, which is how the registry names people.
"""

from __future__ import annotations

from datetime import date

from domain.errors import InvalidValue
from domain.roll.values import NATIONAL_ID_PATTERN, Ids
from projections.reading.search import MIN_LENGTH, Found
from web.auth import current_user
from web.extensions import get_queries, get_registry, get_settings
from web.permissions.reach import current_reach


def search(text: str, as_of: date | None = None) -> Found:
    """Organizations and members matching `text` on `as_of` (default today) that the user
    reaches that day; a query shorter than two characters is refused (InvalidValue on `q`)."""
    query = " ".join(text.split())
    if len(query) < MIN_LENGTH:
        raise InvalidValue("q", f"type at least {MIN_LENGTH} characters")
    day = as_of or get_registry().today()
    reach = current_reach(current_user())
    digits = query.replace(" ", "")
    ids = (
        [Ids(get_settings().namespace).member(digits)] if NATIONAL_ID_PATTERN.match(digits) else []
    )
    return get_queries().search(query, day, reach.covers, ids)
