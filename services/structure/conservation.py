"""Conservation: on every reorganization day, the affected subtree kept every member (sodang verify)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.legacy_topics import topics_of
from domain.roll.organization import Organization
from domain.structure.reorganization import (
    RENAMED,
    day_before,
)
from services.registry import Registry
from services.structure.loading import preload
from services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class DayCheck:
    """One reorganization day: the scope's members the day before and once the day's
    reorganizations are done (before that day's ordinary events, counted apart)."""

    day: date
    scope: tuple[str, ...]
    before: int
    after: int
    lost: int
    gained: int
    on_two_rolls: int
    ordinary: int
    organizations: int

    @property
    def balanced(self) -> bool:
        return self.before == self.after and not (self.lost or self.gained or self.on_two_rolls)


class OrgBook:
    """Organizations loaded once each, in bulk, for reading many days of one database."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.uow = UnitOfWork(registry)  # read-only here: only its bulk loading is used

    def get(self, code: str) -> Organization:
        return self.uow.organization(code)

    def load(self, codes: Iterable[str]) -> None:
        preload(self.uow, [self.registry.ids.organization(c) for c in codes])

    def load_all(self) -> set[str]:
        """Every organization of the database (their foundings, read from the event log)."""
        founded = list(topics_of(Organization.Founded))
        ids: list[UUID] = []
        start, inclusive = 1, True
        while True:
            notes = self.registry.recorder.select_notifications(
                start, 1000, topics=founded, inclusive_of_start=inclusive
            )
            ids.extend(note.originator_id for note in notes)
            if len(notes) < 1000:
                break
            start, inclusive = notes[-1].id, False
        preload(self.uow, ids)
        return {a.code for a in self.uow.aggregates.values() if isinstance(a, Organization)}

    def ever_under(self, root: str) -> set[str]:
        """The root and every organization that was ever under it, whatever the day."""
        found_: set[str] = set()
        level = [root]
        while level:
            self.load(level)
            found_.update(level)
            level = [
                link["code"]
                for code in level
                for link in self.get(code).children
                if link["code"] not in found_
            ]
        return found_

    def chain(self, code: str, day: date) -> list[str]:
        """The organization and its ancestors on a day, nearest first."""
        found_ = [code]
        parent = self.get(code).parent_on(day)
        while parent is not None and parent not in found_:
            found_.append(parent)
            parent = self.get(parent).parent_on(day)
        return found_

    def holding(self, codes: Iterable[str]) -> list[Organization]:
        """The organizations among `codes` that keep a roll (cells)."""
        return [self.get(c) for c in sorted(codes) if self.get(c).org_kind.holds_members]

    def subtree(self, roots: Iterable[str], day: date) -> set[str]:
        """What exists under the roots on a day: a roll left in an ended organization is lost."""
        found_: set[str] = set()
        pending = list(roots)
        while pending:
            code = pending.pop()
            if code not in found_ and self.get(code).exists_on(day):
                found_.add(code)
                pending.extend(self.get(code).children_on(day))
        return found_


def affected_by_day(book: OrgBook, codes: Iterable[str]) -> dict[date, set[str]]:
    """Reorganization days and, for each, the organizations it touched (both sides of each link)."""
    days: dict[date, set[str]] = {}
    for code in codes:
        org = book.get(code)
        for record in org.reorganizations:
            if record["how"] in (RENAMED, "quota"):
                continue
            days.setdefault(record["on"], set()).update([code, *record["related"]])
        for entry in org.entries:
            if entry.kind.is_carry:
                other = entry.details.get("to") or entry.details.get("from")
                days.setdefault(entry.effective_on, set()).update([code, other])
    return days


def scope_of(book: OrgBook, affected: set[str], day: date) -> tuple[str, ...]:
    """The lowest common ancestor of everything touched, on both days; the roots if none."""
    eve = day_before(day)
    chains = [
        book.chain(c, d) for c in sorted(affected) for d in (eve, day) if book.get(c).exists_on(d)
    ]
    common = set.intersection(*(set(c) for c in chains)) if chains else set()
    if common:
        return (next(code for code in chains[0] if code in common),)
    return tuple(sorted({chain[-1] for chain in chains}))


def check_day(book: OrgBook, day: date, scope: tuple[str, ...]) -> DayCheck:
    """Members of the scope's rolls on the eve and once the day's reorganizations are done."""
    eve = day_before(day)
    before_codes, after_codes = book.subtree(scope, eve), book.subtree(scope, day)
    before_orgs, after_orgs = book.holding(before_codes), book.holding(after_codes)
    before_rolls = [o.roll_on(eve) for o in before_orgs]
    after_rolls = [o.roll_after_reorganization(day) for o in after_orgs]
    before, after = set().union(*before_rolls), set().union(*after_rolls)
    twice = sum(map(len, before_rolls)) - len(before) + sum(map(len, after_rolls)) - len(after)
    final = set().union(*(o.roll_on(day) for o in after_orgs))
    return DayCheck(
        day,
        scope,
        len(before),
        len(after),
        len(before - after),
        len(after - before),
        twice,
        len(final) - len(after),
        len(before_codes | after_codes),
    )


def check_structure(
    registry: Registry, root: str | None = None, on: date | None = None
) -> list[DayCheck]:
    """Conservation on every reorganization day (of `root`'s subtree, or of one day)."""
    book = OrgBook(registry)
    codes = book.ever_under(root) if root else book.load_all()
    checks = []
    for day, affected in sorted(affected_by_day(book, codes).items()):
        if on is not None and day != on:
            continue
        if root is not None:
            inside = book.subtree([root], day_before(day)) | book.subtree([root], day)
            if not affected & inside:
                continue
        checks.append(check_day(book, day, scope_of(book, affected, day)))
    return checks
