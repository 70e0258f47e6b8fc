"""What a refusal tells its reader: places, dates and people only where they may read them.

A rule may refuse because of a person's history in an organization the requester does not
reach (they are on another cell's roll, they died there). The domain's refusal lists the
organizations its message speaks of (`RuleViolation.mentions`); the API and the pages show
that message only to a reader who may read each of them on its day, and otherwise say the
same in general terms (`RuleViolation.public`).
"""

from __future__ import annotations

import logging
from datetime import date

from domain.errors import RuleViolation
from services.store.users import User
from web.auth import current_user
from web.permissions.access import can_read

log = logging.getLogger(__name__)


def told(error: RuleViolation, user: User | None = None) -> str:
    """The refusal's message for `user` (the signed-in user unless given)."""
    if not error.mentions:
        return error.message
    reader = user if user is not None else current_user()

    def may_read(org: str, on: date) -> bool:
        return can_read(reader, org, on)

    try:
        return error.told(may_read)
    except Exception:
        # Not knowing whether the reader may see the facts must never show them.
        log.exception("could not check the reach of a refusal's reader")
        return error.public
