"""The read side as the signed-in user may see it, shared by the API and the pages.

Each figure over a period is clipped to the days the user reached the organization
(web/permissions/reach.py) and to `as_of` when one is asked: a period the user reached only in part is
answered for the latest stretch they reached, and says so in its `date_from`/`date_to`.
Nothing reached at all is 404, like an unknown code.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from domain.errors import InvalidValue
from domain.reporting.period import Period, Structure
from projections.forms.compiled import CompiledForms
from projections.forms.compiler import compile_forms
from projections.results import Flows, Indicators, Restated, SeriesPoint, Standing
from services.admission import pipeline
from services.admission.views import Forecast
from web.auth import current_user
from web.extensions import get_queries, get_registry
from web.permissions.access import not_found, require_read, require_window
from web.permissions.reach import Reach, current_reach


def reach() -> Reach:
    return current_reach(current_user())


def flows(code: str, start: date, end: date, known_at: datetime | None = None) -> Flows:
    """Intakes and removals in the reachable part of [start, end]."""
    first, last = require_window(code, start, end)
    found = get_queries().flows(code, first, last, known_at=known_at)
    if not reach().covers(code, date(first.year - 1, 12, 31)):
        found = replace(found, admission_rate=None)  # the roll it is taken on is not theirs
    return found


def indicators(
    code: str,
    start: date,
    end: date,
    known_at: datetime | None = None,
    as_of: date | None = None,
) -> Indicators:
    """Shares among those admitted in the reachable part of the period (up to `as_of`), and
    over the roll on `as_of` (default: the period's last day read, or today if earlier)."""
    if as_of is not None:
        require_read(code, as_of)
        if as_of < start:
            raise InvalidValue("as_of", "is before the period starts: none of it had happened")
        end = min(end, as_of)
    first, last = require_window(code, start, end)
    roll_day = as_of if as_of is not None else min(last, get_registry().today())
    return get_queries().indicators(code, first, last, known_at=known_at, as_of=roll_day)


def series(
    code: str, start: date, end: date, known_at: datetime | None = None, step: str = "month"
) -> tuple[date, date, list[SeriesPoint]]:
    """The period actually read and its points (roll at each period end, admissions within)."""
    first, last = require_window(code, start, end)
    return first, last, get_queries().series(code, first, last, known_at=known_at, step=step)


def standing(
    code: str, period: str, as_of: date | None = None, known_at: datetime | None = None
) -> Standing:
    """Admissions against the plans, each organization's counted from the day it was reached."""
    require_read(code, as_of)
    seen = reach()

    def since(codes: list[str], on: date) -> dict[str, date]:
        starts = {each: seen.reached_since(each, on) for each in codes}
        return {each: date.max if day is None else day for each, day in starts.items()}

    chosen = None if seen.everything else since
    return get_queries().standing(code, period, as_of=as_of, known_at=known_at, since=chosen)


def forecast(code: str, day: date) -> Forecast:
    """The quota forecast on a day: admissions counted only on days the user reached them."""
    require_read(code, day)
    seen = reach()

    def keep(org: str, on: date) -> bool:
        return seen.tree.is_in_subtree(org, code, on) and seen.covers(org, on)

    return pipeline.forecast(get_registry(), code, day.year, as_of=day, keep=keep)


def restated(
    code: str,
    as_of: date,
    structure_on: date,
    known_at: datetime | None = None,
    depth: int | None = None,
) -> Restated:
    """A past day's figures on a later structure, if the user reached, on that past day, every
    organization whose figures are attributed (otherwise 404: they were someone else's)."""
    seen = reach()

    def readable(codes: list[str], day: date) -> bool:
        return all(seen.covers(each, day) for each in codes)

    return get_queries().restated(
        code, as_of, structure_on=structure_on, known_at=known_at, depth=depth, readable=readable
    )


def forms(
    code: str, period: Period, structure: Structure, known_at: datetime | None = None
) -> CompiledForms:
    """The statistics forms of a period, whole or not at all: as structured, the reader must
    reach the organization on every day from the eve of last year's same period (its
    comparison column) to the period's end; restated, every organization whose figures are
    counted, on their days (otherwise 404, as for an unknown code)."""
    first = period.same_period_last_year().brought_forward_on
    seen = reach()
    if structure is Structure.AS_STRUCTURED:
        if require_window(code, first, period.end) != (first, period.end):
            raise not_found(code)
        return compile_forms(get_queries(), code, period, structure, known_at)
    require_read(code)

    def readable(codes: list[str], day: date) -> bool:
        return all(seen.covers(each, day) for each in codes)

    return compile_forms(get_queries(), code, period, structure, known_at, readable=readable)
