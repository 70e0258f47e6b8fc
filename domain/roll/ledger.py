"""An organization's roll entries, read only when a rule needs them (sổ theo dõi đảng viên).

A cell of a province keeps decades of roll events, and every command that touches it used to
decode all of them: a reform moving 10,000 cells decoded 1.56 M entries to append one event to
each. Most commands need none of them (an intake is checked by the organization's own state and
the member's history), and a reorganization needs only who is on the roll on its day. So the
ledger keeps:

- the entries in recording order, the part loaded from a snapshot (`sealed`) decoded only on
  first read, and those recorded since (`tail`) as they come;
- each member's standing: the last change of roll (joins or leaves, carries included) in valid
  time, kept as entries are appended; from it the roll on any day after every change is known
  without reading the entries. A correction or a retraction can move or drop any earlier
  change, so it makes the standings unknown until the entries are next read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

from domain.roll.entry import Entry, effective
from domain.roll.values import EventType


class SealedEntries(Protocol):
    """Entries stored together (a snapshot's), decoded when first asked for."""

    def load(self) -> list[Entry]: ...


@dataclass(frozen=True, slots=True)
class Standing:
    """A member's last change of roll in valid time: its day, and whether it put the member on
    the roll."""

    effective_on: date
    on_roll: bool


class RollLedger:
    """The roll entries of one organization, in recording order."""

    __slots__ = ("_all", "sealed", "sealed_count", "standings", "tail")

    def __init__(
        self,
        sealed: SealedEntries | None = None,
        sealed_count: int = 0,
        tail: list[Entry] | None = None,
        standings: dict[UUID, Standing] | None = None,
    ) -> None:
        self.sealed = sealed
        self.sealed_count = sealed_count
        self.tail: list[Entry] = tail if tail is not None else []
        # None: unknown (a correction or retraction since they were last worked out).
        self.standings = standings
        self._all: list[Entry] | None = None if sealed is not None else self.tail

    @classmethod
    def of(cls, entries: list[Entry]) -> RollLedger:
        """A ledger of entries already decoded (an older snapshot, a replay from events)."""
        ledger = cls(tail=list(entries))
        ledger.standings = standings_of(ledger.tail)
        return ledger

    # -- reads --------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return self.sealed_count + len(self.tail)

    @property
    def loaded(self) -> bool:
        """Whether reading the entries costs nothing more."""
        return self._all is not None

    @property
    def entries(self) -> list[Entry]:
        """Every entry in recording order (decodes the sealed part on first read). Read only:
        entries are added by `append`."""
        if self._all is None:
            assert self.sealed is not None
            loaded = self.sealed.load()
            if len(loaded) != self.sealed_count:
                raise ValueError(
                    f"the stored roll holds {len(loaded)} entries, its count says "
                    f"{self.sealed_count}"
                )
            self._all = [*loaded, *self.tail]
        return self._all

    @property
    def last(self) -> Entry:
        """The entry appended last (in the tail right after `append`, which is when commands ask)."""
        return self.tail[-1] if self.tail else self.entries[-1]

    def roll_after(self, day: date) -> set[UUID] | None:
        """Members on the roll once every change up to and including `day` is done, when every
        change is dated before `day` (then no event of the day itself can be on either side of
        it); None when the entries must be read to say."""
        standings = self.standings
        if standings is None:
            if not self.loaded:
                return None
            standings = self.standings = standings_of(self.entries)
        if any(s.effective_on >= day for s in standings.values()):
            return None
        return {member for member, s in standings.items() if s.on_roll}

    # -- changes ------------------------------------------------------------------------

    def append(self, entry: Entry) -> None:
        self.tail.append(entry)
        if self._all is not None and self._all is not self.tail:
            self._all.append(entry)
        if self.standings is None:
            return
        kind = EventType(entry.type)
        if kind in (EventType.CORRECTION, EventType.RETRACTION):
            self.standings = None
        elif kind.joins_roll or kind.leaves_roll:
            # `effective` sorts by day, then recording order: an entry appended now comes after
            # every entry of its day already there.
            known = self.standings.get(entry.member_id)
            if known is None or entry.effective_on >= known.effective_on:
                self.standings[entry.member_id] = Standing(entry.effective_on, kind.joins_roll)

    def sealed_as(self, sealed: SealedEntries) -> None:
        """Every entry is now stored together as `sealed` (a snapshot was just written): the
        next snapshot adds only what is recorded after this one."""
        self.sealed, self.sealed_count = sealed, self.count
        if self._all is self.tail:
            self._all = list(self.tail)
        self.tail = []

    def copy(self) -> RollLedger:
        """A copy a command may append to: the sealed part and the entries are shared."""
        twin = RollLedger(
            self.sealed,
            self.sealed_count,
            list(self.tail),
            dict(self.standings) if self.standings is not None else None,
        )
        if self._all is not None and self._all is not self.tail:
            twin._all = list(self._all)
        return twin

    def __deepcopy__(self, memo: dict[int, object]) -> RollLedger:
        return self.copy()  # entries are frozen records; the sealed part is never changed

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RollLedger) and self.entries == other.entries

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RollLedger({self.count} entries, {len(self.tail)} since sealed)"


def standings_of(entries: list[Entry]) -> dict[UUID, Standing]:
    """Each member's last change of roll, from the entries as known now."""
    standings: dict[UUID, Standing] = {}
    for entry in effective(entries):
        kind = EventType(entry.type)
        if kind.joins_roll or kind.leaves_roll:
            standings[entry.member_id] = Standing(entry.effective_on, kind.joins_roll)
    return standings
