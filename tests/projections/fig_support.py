"""Helpers of the projection tests: a clerk recording events at chosen moments, a small tree,
random histories and a naive replay of the aggregates to compare the projections with."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import strategies as st

from domain.errors import DomainError
from domain.roll.history import effective
from domain.roll.profile import MemberProfile
from domain.roll.values import EventType, OrgKind, StrikeOffReason, add_months
from projections.store.metrics import FLAGS
from services.config import TIMEZONE
from services.registry import Registry
from services.roll.commands import (
    Admit,
    Correct,
    Counterpart,
    Decision,
    MemberRef,
    Receipt,
    Recognize,
    Remove,
    Retract,
    TransferIn,
    TransferOut,
)
from tests import writes

CLERK = "clerk@test"
_people = itertools.count(1)


def moment(day: date, hour: int = 10) -> datetime:
    """An instant on a Vietnamese calendar day (10:00 local by default), in UTC."""
    return datetime.combine(day, time(hour), TIMEZONE).astimezone(UTC)


class Clerk:
    """Records roll events through the registry with the clock set to the recording day."""

    def __init__(
        self, registry: Registry, clock: Any, make_profile: Callable[..., MemberProfile]
    ) -> None:
        self.registry, self.clock, self.make_profile = registry, clock, make_profile

    def on(self, day: date, hour: int = 10) -> None:
        self.clock.set(moment(day, hour))

    def person(self, **overrides: Any) -> MemberProfile:
        number = next(_people)
        return self.make_profile(national_id=f"0792{number:08d}", **overrides)

    def admit(self, org: str, on: date, profile: MemberProfile | None = None) -> Receipt:
        person = profile or self.person()
        command = Admit(MemberRef(profile=person), on, Decision("01-QĐ", on, "Đảng ủy"))
        return writes.admit(self.registry, org, command, CLERK)

    def recognize(self, org: str, member_id: Any) -> Receipt:
        return writes.recognize(
            self.registry, org, Recognize(MemberRef(member_id=member_id), None), CLERK
        )

    def transfer(self, org: str, member_id: Any, to: str, on: date) -> Receipt:
        command = TransferOut(MemberRef(member_id=member_id), on, destination=Counterpart(code=to))
        return writes.transfer_out(self.registry, org, command, CLERK)

    def arrive(self, org: str, on: date, profile: MemberProfile | None = None) -> Receipt:
        command = TransferIn(
            MemberRef(profile=profile or self.person()), on, source=Counterpart(outside="Tỉnh khác")
        )
        return writes.transfer_in(self.registry, org, command, CLERK)

    def remove(
        self, org: str, member_id: Any, on: date, kind: EventType = EventType.DIED
    ) -> Receipt:
        reason = StrikeOffReason.NON_ATTENDANCE if kind == EventType.STRUCK_OFF else None
        command = Remove(MemberRef(member_id=member_id), on, removal=kind, reason=reason)
        return writes.remove(self.registry, org, command, CLERK)

    def correct(self, org: str, event_id: Any, changes: dict[str, Any]) -> Receipt:
        return writes.correct(self.registry, org, Correct(event_id, "ghi nhầm", changes), CLERK)

    def retract(self, org: str, event_id: Any) -> Receipt:
        return writes.retract(self.registry, org, Retract(event_id, "ghi nhầm"), CLERK)

    def attempt(self, action: Callable[..., Receipt], *args: Any) -> Receipt | None:
        """Run a command; None when the domain refuses it (random histories try anything)."""
        try:
            return action(*args)
        except DomainError:
            return None


def wipe_postgres(url: str) -> None:
    """Empty every table, as the shared `database` fixture does before each test."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        conn.execute("SET LOCAL session_replication_role = replica")
        tables = conn.execute(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        for (table,) in tables:
            conn.execute(f"DELETE FROM {table}")
        for (sequence,) in conn.execute("SELECT quote_ident(sequencename) FROM pg_sequences"):
            conn.execute(f"ALTER SEQUENCE {sequence} RESTART")


def found_tree(registry: Registry, clock: Any) -> dict[str, str]:
    """A province with a district holding a committee of two cells, and a grassroots cell."""
    clock.set(moment(date(2010, 1, 1)))
    tree = [
        ("T1", OrgKind.PROVINCE, None),
        ("T1.D", OrgKind.DISTRICT, "T1"),
        ("T1.D.C", OrgKind.GRASSROOTS_COMMITTEE, "T1.D"),
        ("T1.D.C.1", OrgKind.CELL, "T1.D.C"),
        ("T1.D.C.2", OrgKind.CELL, "T1.D.C"),
        ("T1.D.G", OrgKind.GRASSROOTS_CELL, "T1.D"),
    ]
    for code, kind, parent in tree:
        writes.found_organization(
            registry, code, f"Tổ chức {code}", kind, parent, date(2005, 1, 1), CLERK
        )
    return {code: kind.value for code, kind, _ in tree}


CELLS = ("T1.D.C.1", "T1.D.C.2", "T1.D.G")
TREE = ("T1", "T1.D", "T1.D.C", *CELLS)
EPOCH_DAY = date(2012, 1, 1)


def days(n: int) -> timedelta:
    return timedelta(days=n)


STEP = st.tuples(
    st.integers(0, 9),  # operation
    st.integers(0, 2),  # cell
    st.integers(0, 10_000),  # which member / event
    st.integers(0, 90),  # days the clock advances
    st.sampled_from([0, 0, 0, 0, 1, 20, 200, 500]),  # lateness of the entry, in days
    st.integers(0, 10_000),  # extra choice
)
REMOVALS = [EventType.DIED, EventType.STRUCK_OFF, EventType.EXPELLED, EventType.TRANSFERRED_OUT]


def play(clerk: Clerk, steps: list[tuple[int, ...]]) -> tuple[list, list]:
    """Run the steps; returns the recording instants (for sampling known_at)."""
    today = EPOCH_DAY
    members: list[tuple[object, str]] = []  # (member_id, cell of the last intake)
    events: list[tuple[object, str]] = []  # (event_id, org)
    instants = []
    for op, cell_i, pick, advance, lateness, extra in steps:
        today += timedelta(days=advance)
        clerk.on(today, hour=8 + extra % 10)
        if instants and clerk.clock() <= instants[-1]:
            # Recording time only moves forward in a history: with a clock going back, "as
            # known at K" may hold a later record without an earlier one, which no replay
            # explains (skew between workers has its own test in test_fig_consistency).
            clerk.clock.set(instants[-1] + timedelta(minutes=1))
        instants.append(clerk.clock())
        cell = CELLS[cell_i]
        day = today - timedelta(days=lateness)
        receipt = None
        if op <= 2 or not members:
            young = extra % 3 == 0
            born = date(1984 + extra % 8 if young else 1975, 1 + extra % 12, 1 + extra % 28)
            sex = "female" if extra % 2 else "male"
            profile = clerk.person(
                birth_date=born, sex=sex, ethnicity="Tày" if extra % 5 == 0 else "Kinh"
            )
            action = clerk.admit if op <= 1 else clerk.arrive
            receipt = clerk.attempt(action, cell, day, profile)
            if receipt:
                members.append((receipt.member_id, cell))
        else:
            member_id, home = members[pick % len(members)]
            org = clerk.registry.get_member(member_id).org_on(today) or home
            if op == 3:  # the first member whose probation is over, from the picked one on
                for k in range(len(members)):
                    candidate, home = members[(pick + k) % len(members)]
                    where = clerk.registry.get_member(candidate).org_on(today) or home
                    receipt = clerk.attempt(clerk.recognize, where, candidate)
                    if receipt:
                        break
            elif op in (4, 5):
                other = CELLS[(CELLS.index(org) + 1 + extra % 2) % 3] if org in CELLS else cell
                receipt = clerk.attempt(clerk.transfer, org, member_id, other, day)
            elif op == 6:
                kind = REMOVALS[extra % 3]
                receipt = clerk.attempt(clerk.remove, org, member_id, day, kind)
            elif op in (7, 8) and events:
                event_id, event_org = events[pick % len(events)]
                shift = timedelta(days=extra % 120 - 60)
                entry = clerk.registry.get_organization(event_org).find_entry(event_id)
                new_day = min(entry["effective_on"] + shift, today)
                if op == 7:
                    changes = {"effective_on": new_day}
                else:
                    changes = (
                        {"member": {"sex": "female"}}
                        if "member" in entry
                        else {"effective_on": new_day}
                    )
                receipt = clerk.attempt(clerk.correct, event_org, event_id, changes)
            elif op == 9 and events:
                event_id, event_org = events[pick % len(events)]
                receipt = clerk.attempt(clerk.retract, event_org, event_id)
        if receipt is not None and receipt.org in CELLS:
            events.append((receipt.event_id, receipt.org))
    return instants, [member_id for member_id, _ in members]


class Naive:
    """The aggregates loaded once, replayed directly for each (as_of, known_at)."""

    def __init__(self, registry, codes, member_ids) -> None:
        self.orgs = {code: registry.get_organization(code) for code in codes}
        self.members = {m: registry.get_member(m) for m in member_ids}

    def subtree(self, org: str, day: date) -> list:
        found, pending = [], [org]
        while pending:
            node = self.orgs[pending.pop()]
            found.append(node)
            pending.extend(node.children_on(day))
        return found

    def roll(self, org: str, as_of: date, known_at) -> dict:
        """member_id -> status."""
        found = {}
        for node in self.subtree(org, as_of):
            for member_id in node.roll_on(as_of, known_at):
                history = self.members[member_id].history(known_at)
                found[member_id] = history.status_on(as_of)
        return found

    def flows(self, org: str, first: date, last: date, known_at) -> dict[str, int]:
        inside = {o.code for o in self.subtree(org, last)}
        counts: dict[str, int] = {}
        for code in inside:
            for entry in effective(self.orgs[code].entries, known_at):
                if not first <= entry["effective_on"] <= last:
                    continue
                other = entry.get("to") or (
                    None if entry.get("from_outside") else entry.get("from")
                )
                if entry["type"] in ("transferred_in", "transferred_out") and other in inside:
                    continue
                counts[entry["type"]] = counts.get(entry["type"], 0) + 1
        return counts

    def shares(self, roll: dict, as_of: date, known_at) -> list[int]:
        shares = [0] * len(FLAGS)
        for member_id in roll:
            profile = self.members[member_id].history(known_at).profile
            values = [
                profile["sex"] == "female",
                profile["ethnicity"] != "Kinh",
                bool(profile["religion"]),
                bool(profile["youth_union"]),
                as_of < add_months(profile["birth_date"], 360),
                profile["education"] in ("college", "university", "postgraduate"),
                profile["education"] == "postgraduate",
                profile["sector"] in ("private_enterprise", "foreign_enterprise"),
            ]
            shares = [s + int(v) for s, v in zip(shares, values, strict=True)]
        return shares
