"""What the dossier rules need to know about other aggregates, computed as plain facts.

The Dossier aggregate never loads organizations or members itself: the service layer
computes these facts from them (through the `Hierarchy` protocol) and hands them over.

Competence model (thẩm quyền quyết định kết nạp), decided here and documented in
services/admission/pipeline.py too, from the hierarchy valid on the decision date:

* G, the grassroots organization (tổ chức cơ sở đảng) of the cell: the nearest ancestor,
  the cell included, that is a grassroots committee or a grassroots cell. A cell with no
  grassroots ancestor (a cell placed directly under a commune-level committee after the
  2025 reorganization) is its own grassroots organization.
* The body directly above G (its parent on that date) is competent: its standing committee
  decides. Before 1 July 2025 that is the district committee (or a bloc, or the province
  for grassroots organizations directly under it); from 1 July 2025 the commune-level
  committee (or a bloc, or the province). A district committee is never competent from
  1 July 2025: the district level ended on 30 June 2025 (QĐ 294-QĐ/TW).
* G itself is competent too on the days it is authorised to admit (đảng ủy cơ sở được ủy
  quyền), as recorded in its PipelineSettings; only grassroots committees can be authorised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol
from uuid import UUID

from domain.roll.history import MemberHistory
from domain.roll.values import COMMUNE_LEVEL_STARTED_ON, MemberStatus, OrgKind, add_months

INTRODUCER_MONTHS = 12


class Hierarchy(Protocol):
    """Dated parent links and kinds of organizations."""

    def parent_on(self, code: str, day: date) -> str | None: ...

    def kind_of(self, code: str) -> OrgKind: ...


def grassroots_of(hierarchy: Hierarchy, cell: str, day: date) -> str:
    """The grassroots organization a cell belongs to on a day (the cell itself if none above)."""
    code: str | None = cell
    while code is not None:
        if hierarchy.kind_of(code).is_grassroots:
            return code
        code = hierarchy.parent_on(code, day)
    return cell


def competent_bodies(
    hierarchy: Hierarchy, cell: str, day: date, authorised: Callable[[str, date], bool]
) -> list[str]:
    """Codes of the bodies competent to decide an admission from this cell on a day."""
    grassroots = grassroots_of(hierarchy, cell, day)
    bodies: list[str] = []
    if hierarchy.kind_of(grassroots) == OrgKind.GRASSROOTS_COMMITTEE and authorised(
        grassroots, day
    ):
        bodies.append(grassroots)
    superior = hierarchy.parent_on(grassroots, day)
    if superior is not None and not (
        hierarchy.kind_of(superior) == OrgKind.DISTRICT and day >= COMMUNE_LEVEL_STARTED_ON
    ):
        bodies.append(superior)
    return bodies


@dataclass(frozen=True)
class IntroducerFacts:
    """An introducer's standing on the day they were assigned."""

    member_id: UUID
    known: bool  # is this person in the registry at all
    official_on_day: bool
    grassroots_on_day: str | None
    # First day of the unbroken run, up to the day, as an official member of the
    # candidate's grassroots organization (None: not in it on the day).
    qualified_since: date | None


def introducer_facts(
    member_id: UUID,
    history: MemberHistory | None,
    hierarchy: Hierarchy,
    target_grassroots: str,
    day: date,
    candidate_cell: str | None = None,
) -> IntroducerFacts:
    """Where an introducer stood on `day`, looking back at most 12 months and a day.

    With `candidate_cell`, each earlier day is compared with the grassroots organization the
    candidate's cell had that day: a reorganization that moves a cell with its members (the
    2025 reform made many cells their own grassroots organization) breaks nobody's run."""
    if history is None:
        return IntroducerFacts(member_id, False, False, None, None)

    def qualifies(on: date) -> bool:
        org = history.org_on(on)
        target = target_grassroots
        if candidate_cell is not None and on != day:
            target = grassroots_of(hierarchy, candidate_cell, on)
        return (
            org is not None
            and history.status_on(on) == MemberStatus.OFFICIAL
            and grassroots_of(hierarchy, org, on) == target
        )

    org = history.org_on(day)
    official = history.status_on(day) == MemberStatus.OFFICIAL
    grassroots = grassroots_of(hierarchy, org, day) if org else None
    since = None
    if qualifies(day):
        limit = add_months(day, -INTRODUCER_MONTHS) - timedelta(days=1)
        since = day
        while since > limit and qualifies(since - timedelta(days=1)):
            since -= timedelta(days=1)
    return IntroducerFacts(member_id, True, official, grassroots, since)
