"""The members a form counts, read from the log's entries as known at an instant.

Each member's entries are folded as the figures fold them (`effective`, then
`MemberHistory.replay`: the domain's own code), so a form counts exactly what the roll-ups,
flows and indicators count, and an attribute is read by its name from the recorded profile
(`attribute`), whatever attributes the profile has gained since: a name the member's record
lacks reads None, and the form counts the member as unknown for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from domain.roll.history import Entry, MemberHistory, effective
from domain.roll.profile import MAJORITY_ETHNICITY, derived
from domain.roll.values import EventType, MemberStatus, age_in_months
from projections.store.timecodec import loads

if TYPE_CHECKING:
    from projections.structure.snapshot import Snapshot

ADMISSIONS = (EventType.ADMITTED.value, EventType.READMITTED.value)


@dataclass(frozen=True)
class MemberFacts:
    """One member as known: their history in valid time, effective entries and profile."""

    member_id: str
    history: MemberHistory
    entries: tuple[Entry, ...]  # effective, in valid-time order
    admitted_on: date | None  # the first admission (ceremony) day, if the log tells it
    _read: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    _profiles: dict[str, Mapping[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def profile(self) -> Mapping[str, Any]:
        """The recorded profile with what its old attributes determine of the new ones
        (domain.roll.profile.derived: a university degree recorded before the profile had a
        qualification is a university qualification); computed once per member."""
        if "profile" not in self._profiles:
            recorded = self.history.profile or {}
            self._profiles["profile"] = {**recorded, **derived(recorded)}
        return self._profiles["profile"]

    def attribute(self, name: str) -> Any:
        """The attribute by name; the derived ones (ethnic minority, religious, the first
        admission) from what they derive from. None: not recorded."""
        if name in self._read:
            return self._read[name]
        found = self._read[name] = self._attribute(name)
        return found

    def _attribute(self, name: str) -> Any:
        profile = self.profile
        if name == "ethnic_minority":
            ethnicity = profile.get("ethnicity")
            if not ethnicity:
                return None
            return str(ethnicity).strip().casefold() != MAJORITY_ETHNICITY.casefold()
        if name == "religious":
            return bool(profile.get("religion")) if "religion" in profile else None
        if name == "admitted_on":
            return self.admitted_on
        value = profile.get(name)
        return None if value == "" else value

    def age_on(self, day: date) -> int | None:
        """Full years of age on a day (None: no birth date recorded)."""
        birth = self.profile.get("birth_date")
        return age_in_months(birth, day) // 12 if isinstance(birth, date) else None

    def status_before(self, day: date) -> MemberStatus | None:
        """The status held just before an event of `day` (the eve; the day's own if they
        joined that day)."""
        status = None
        for changed_on, value in self.history.statuses:
            if changed_on < day or (status is None and changed_on == day):
                status = value
        return status


def read_members(
    s: Snapshot, orgs: Iterable[str] | None, known: int, known_at: datetime
) -> list[MemberFacts]:
    """Every member with an entry at one of `orgs` (None: every member), as known at `known`."""
    e = s.t.entry
    query = select(e.c.member_id, e.c.body).where(e.c.recorded_at <= known)
    if orgs is not None:
        other = e.alias("anywhere")
        touched = select(other.c.member_id).where(other.c.org.in_(sorted(orgs))).distinct()
        query = query.where(e.c.member_id.in_(touched))
    rows = s.conn.execute(query.order_by(e.c.member_id, e.c.position))
    found: list[MemberFacts] = []
    current: str | None = None
    batch: list[Entry] = []
    for member_id, body in rows:
        if member_id != current:
            if batch and current is not None:
                found.append(facts_of(current, batch, known_at))
            current, batch = member_id, []
        batch.append(Entry.from_dict(loads(body)))
    if batch and current is not None:
        found.append(facts_of(current, batch, known_at))
    return [member for member in found if member.history.stints]


def facts_of(member_id: str, entries: list[Entry], known_at: datetime) -> MemberFacts:
    live = effective(entries, known_at)
    history = MemberHistory.replay(live)
    return MemberFacts(member_id, history, tuple(live), first_admission(live))


def first_admission(entries: Iterable[Entry]) -> date | None:
    """The first admission day: an admission's ceremony, else the one a transfer in from
    outside the deployment names (a readmission alone does not tell the first one)."""
    told: list[date] = []
    for entry in entries:
        if entry.type == EventType.ADMITTED.value:
            return entry.effective_on
        admitted = entry.details.get("admitted_on")
        if entry.type == EventType.TRANSFERRED_IN.value and isinstance(admitted, date):
            told.append(admitted)
    return min(told) if told else None
