"""A form's rows evaluated over the members as known, for one span of days (one column).

Stocks are read on a day (the eve of the span, or its last day); events in the span count
where the scope holds them (projections.forms.scope); carries are the members a
reorganization brought into or took out of the scope: carried by a decision (carried_in/out
events) or with their whole organization when it was linked in or out of the subtree, the
change in their presence that day that no flow explains. They are no flows, and without them A + B − C = D would not hold for an organization whose cells
moved; the flows rows equal the figures' flows, and A and D their roll-ups.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from domain.roll.history import Entry
from domain.roll.values import EventType, OrgKind
from projections.forms.definitions import FormDefinition, RowDefinition
from projections.forms.facts import MemberFacts
from projections.forms.scope import Scope

Value = int | float | None  # a count, a mean, or nothing (a heading; a mean of no one)
TRANSFERS = (EventType.TRANSFERRED_IN.value, EventType.TRANSFERRED_OUT.value)
CARRIES = (EventType.CARRIED_IN.value, EventType.CARRIED_OUT.value)


@dataclass(frozen=True)
class Span:
    first: date
    last: date

    @property
    def eve(self) -> date:
        return self.first - timedelta(days=1)


def counterpart(entry: Entry) -> str | None:
    """The other side of a transfer or a carry inside the deployment (None: outside, or none)."""
    if entry.type in (EventType.TRANSFERRED_OUT.value, EventType.CARRIED_OUT.value):
        return entry.details.get("to")
    if entry.type in (EventType.TRANSFERRED_IN.value, EventType.CARRIED_IN.value):
        if entry.details.get("from_outside"):
            return None
        return entry.details.get("from")
    return None


def from_outside(entry: Entry) -> bool:
    """Whether a transfer's other side is beyond the province (another province's Party)."""
    if entry.type == EventType.TRANSFERRED_IN.value:
        return bool(entry.details.get("from_outside")) or not entry.details.get("from")
    return bool(entry.details.get("to_outside")) or not entry.details.get("to")


class Evaluation:
    """The rows of forms over one span, the members and the scope given."""

    def __init__(self, members: list[MemberFacts], scope: Scope, span: Span) -> None:
        self.members, self.scope, self.span = members, scope, span
        self._events: list[tuple[MemberFacts, Entry]] | None = None
        self._rolls: dict[date, list[tuple[MemberFacts, str | None]]] = {}
        self._carries: tuple[int, int] | None = None
        self._tallies: dict[tuple[date, str | None, str], dict[Any, int]] = {}

    # -- what the scope holds ------------------------------------------------------------

    def events(self) -> list[tuple[MemberFacts, Entry]]:
        """Every event of the span the scope counts (a move inside it is none)."""
        if self._events is None:
            first, last, scope = self.span.first, self.span.last, self.scope
            self._events = [
                (member, entry)
                for member in self.members
                for entry in member.entries
                if first <= entry.effective_on <= last
                and scope.contains(entry.org, entry.effective_on)
                and not scope.contains(counterpart(entry), entry.effective_on)
            ]
        return self._events

    def on_rolls(self, day: date) -> list[tuple[MemberFacts, str | None]]:
        """The members on the rolls the scope holds on a day, each with their status then."""
        found = self._rolls.get(day)
        if found is None:
            contains, found = self.scope.contains, []
            for member in self.members:
                if contains(member.history.org_on(day), day):
                    status = member.history.status_on(day)
                    found.append((member, None if status is None else status.value))
            self._rolls[day] = found
        return found

    def carried(self, direction: str) -> int:
        """Members a reorganization brought into (or took out of) the scope: on a day a
        decision carried them or the tree changed, the change in their presence that no flow
        of that day explains (a merge inside the scope changes nothing)."""
        if self._carries is None:
            self._carries = self._count_carries()
        return self._carries[0 if direction == "in" else 1]

    def _count_carries(self) -> tuple[int, int]:
        first, last, contains = self.span.first, self.span.last, self.scope.contains
        net: dict[tuple[str, date], int] = {}
        for member, entry in self.events():
            kind = EventType(entry.type)
            sign = 1 if kind.is_intake else -1 if kind.is_removal else 0
            key = (member.member_id, entry.effective_on)
            net[key] = net.get(key, 0) + sign
        turns = [day for day in self.scope.turns if first <= day <= last]
        carried_in = carried_out = 0
        for member in self.members:
            days = set(turns)
            days.update(
                e.effective_on
                for e in member.entries
                if e.type in CARRIES and first <= e.effective_on <= last
            )
            org_on = member.history.org_on
            for day in days:
                eve = day - timedelta(days=1)
                before = int(contains(org_on(eve), eve))
                after = int(contains(org_on(day), day))
                change = after - before - net.get((member.member_id, day), 0)
                carried_in += max(change, 0)
                carried_out += max(-change, 0)
        return carried_in, carried_out

    # -- rows ----------------------------------------------------------------------------

    def form(self, definition: FormDefinition) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for row in definition.rows:
            if row.kind != "sum":
                values[row.code] = self.row(row)
        for row in definition.rows:  # sums last: they may name rows below them
            if row.kind == "sum":
                values[row.code] = sum(sign * int(values[code] or 0) for code, sign in row.terms)
        return {row.code: values[row.code] for row in definition.rows}

    def row(self, row: RowDefinition) -> Value:
        if row.kind == "heading":
            return None
        if row.kind == "carries":
            return self.carried(row.direction or "in")
        if row.kind == "stock":
            tallied = self._tallied(row)
            return tallied if tallied is not None else sum(1 for _ in self._stock(row))
        if row.kind == "events":
            return sum(1 for _ in self._matching_events(row))
        if row.kind == "grassroots":
            return len({g for g in map(self._grassroots, self._matching_events(row)) if g})
        if row.kind == "mean_age":
            if row.events:
                ages = [m.age_on(e.effective_on) for m, e in self._matching_events(row)]
            else:
                day = self._day(row)
                ages = [m.age_on(day) for m in self._stock(row)]
            return mean([age for age in ages if age is not None])
        raise ValueError(row.kind)

    def _tallied(self, row: RowDefinition) -> int | None:
        """A stock row over one attribute (or ages) counted from a tally of the day's rolls,
        read once for all the rows of its breakdown; None when the row needs the full test."""
        if row.admitted_from is not None or row.admitted_to is not None or len(row.where) > 1:
            return None
        ages = row.age_min is not None or row.age_max is not None
        if ages and (row.where or row.unknown is not None):
            return None
        if row.where and row.unknown is not None:
            return None
        day = self._day(row)
        if ages:
            tally = self._tally(day, row.status, "\x00age")
            return sum(
                count
                for age, count in tally.items()
                if age is not None and within(age, row.age_min, row.age_max)
            )
        if row.unknown is not None:
            return self._tally(day, row.status, row.unknown).get(None, 0)
        if row.where:
            condition = row.where[0]
            tally = self._tally(day, row.status, condition.field)
            return sum(
                count
                for value, count in tally.items()
                if value is not None and value in condition.values
            )
        return sum(1 for _, status in self.on_rolls(day) if row.status in (None, status))

    def _tally(self, day: date, status: str | None, name: str) -> dict[Any, int]:
        key = (day, status, name)
        found = self._tallies.get(key)
        if found is None:
            found = self._tallies[key] = {}
            for member, held in self.on_rolls(day):
                if status is not None and held != status:
                    continue
                value = member.age_on(day) if name == "\x00age" else member.attribute(name)
                try:
                    found[value] = found.get(value, 0) + 1
                except TypeError:  # an unhashable value (a list): counted by the full test
                    found[_Unhashable(value)] = found.get(_Unhashable(value), 0) + 1
        return found

    def _day(self, row: RowDefinition) -> date:
        return self.span.eve if row.on == "start" else self.span.last

    def _stock(self, row: RowDefinition) -> Iterator[MemberFacts]:
        day = self._day(row)
        for member, status in self.on_rolls(day):
            if row.status is not None and status != row.status:
                continue
            if described(member, row, day):
                yield member

    def _matching_events(self, row: RowDefinition) -> Iterator[tuple[MemberFacts, Entry]]:
        for member, entry in self.events():
            if entry.type not in row.events:
                continue
            reason = entry.details.get("reason")
            if row.reasons and reason not in row.reasons:
                continue
            if row.not_reasons and reason in row.not_reasons:
                continue
            outside = row.counterpart == "outside"
            if row.counterpart and entry.type in TRANSFERS and from_outside(entry) != outside:
                continue
            if row.status is not None:
                status = member.status_before(entry.effective_on)
                if status is None or status.value != row.status:
                    continue
            if described(member, row, entry.effective_on):
                yield member, entry

    def _grassroots(self, found: tuple[MemberFacts, Entry]) -> str | None:
        """The grassroots organization (tổ chức cơ sở đảng) the event's roll belongs to."""
        _, entry = found
        h = self.scope.hierarchy
        for code in h.chain(entry.org or "", entry.effective_on):
            node = h.orgs.get(code)
            if node is not None and OrgKind(node.kind).is_grassroots:
                return code
        return None


class _Unhashable:
    """A recorded value no row can equal (a list where a word was expected)."""

    def __init__(self, value: object) -> None:
        self.value = repr(value)

    def __hash__(self) -> int:
        return hash(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Unhashable) and other.value == self.value


def described(member: MemberFacts, row: RowDefinition, day: date) -> bool:
    """Whether the member has the row's attributes (`where`, unknown, age, admission era)."""
    for condition in row.where:
        if member.attribute(condition.field) not in condition.values:
            return False
    if row.unknown is not None and member.attribute(row.unknown) is not None:
        return False
    if row.age_min is not None or row.age_max is not None:
        age = member.age_on(day)
        if age is None or not within(age, row.age_min, row.age_max):
            return False
    if row.admitted_from is not None or row.admitted_to is not None:
        admitted = member.admitted_on
        if admitted is None or not within(admitted, row.admitted_from, row.admitted_to):
            return False
    return True


def within(value: int | date, low: int | date | None, high: int | date | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)  # type: ignore[operator]


def mean(values: Iterable[int]) -> float | None:
    """The mean rounded half up to one decimal; None for no one."""
    found = list(values)
    if not found:
        return None
    value = Decimal(sum(found)) / Decimal(len(found))
    return float(value.quantize(Decimal("0.1"), ROUND_HALF_UP))
