"""A synthetic province for the benchmarks, deterministic from a seed.

Four levels: province -> districts -> grassroots committees -> cells. At scale 1.0:
10,000 organizations, 500,000 members, about 1,500,000 events over 20 years (2005-2024),
2% of them entered late (60-240 days after they took effect), 0.5% corrected afterwards.

Every history obeys the registry's rules by construction: one roll at a time (transfers
move the member from cell to cell with one `transferred_out` naming the destination code),
recognition exactly 12 months after the ceremony (`domain.roll.values.add_months`), age 19-55
on the decision day, decision before the ceremony, every effective date on or before its
recording day, each person's events recorded in the order they took effect, nothing after
a death. The bodies are the import format of services/roll/bodies.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from bench import province_people
from bench.province_tree import PROVINCE, OrgSpec, build_orgs, shape
from domain.roll.values import add_months

ICT = timezone(timedelta(hours=7), "ICT")
START = date(2005, 1, 1)
TODAY = date(2024, 12, 31)  # "today" of the benchmark province: nothing later is recorded
LATE_SHARE = 0.02
CORRECTION_SHARE = 0.005
# Transfers between cells per member (mean 1.15): with admission, recognition and the
# occasional removal, about 3 events per member.
TRANSFERS = (0, 1, 2, 3)
TRANSFER_WEIGHTS = (30, 35, 25, 10)


@dataclass(frozen=True)
class BenchEvent:
    """One event as the import sends it: to `org`, entered at `recorded_at`."""

    recorded_at: datetime
    org: str
    body: dict[str, Any]


@dataclass
class _Draft:
    recorded: datetime
    seq: int
    org: str
    body: dict[str, Any]
    ref: _Draft | None = None


@dataclass
class BenchProvince:
    orgs: list[OrgSpec]
    events: list[BenchEvent]
    today: date
    members: int
    # national_id -> (cell, "probationary" | "official") of those on a roll today
    current: dict[str, tuple[str, str]] = field(default_factory=dict)
    late: int = 0
    corrected: int = 0

    @property
    def cells(self) -> list[str]:
        return [o.code for o in self.orgs if o.kind == "cell"]

    def describe(self) -> str:
        kinds: dict[str, int] = {}
        for org in self.orgs:
            kinds[org.kind] = kinds.get(org.kind, 0) + 1
        levels = ", ".join(f"{n} {k}" for k, n in kinds.items())
        return (
            f"{len(self.orgs):,} organizations ({levels}), {self.members:,} members, "
            f"{len(self.events):,} events {START.year}-{self.today.year} "
            f"({self.late:,} entered late, {self.corrected:,} corrections), "
            f"{len(self.current):,} on the rolls today"
        )


def _office_time(rng: random.Random, day: date) -> datetime:
    minute = rng.randint(7 * 60 + 30, 17 * 60)
    return datetime(
        day.year, day.month, day.day, minute // 60, minute % 60, rng.randint(0, 59), tzinfo=ICT
    )


def _recorded(rng: random.Random, effective: date) -> tuple[datetime, bool]:
    late = rng.random() < LATE_SHARE
    lag = rng.randint(60, 240) if late else rng.randint(1, 20)
    return _office_time(rng, min(effective + timedelta(days=lag), TODAY)), late


def generate(scale: float = 1.0, seed: int = 2024, members: int | None = None) -> BenchProvince:
    """Organizations and events in recording order (strictly increasing recording times).

    `members` overrides the scale's number of members (the org tree stays the scale's): the
    reform benchmark uses the full tree with a reduced history spread over all its cells."""
    rng = random.Random(seed)
    orgs = build_orgs(scale)
    if members is None:
        *_, members = shape(scale)
    cells = [o.code for o in orgs if o.kind == "cell"]
    parent = {o.code: o.parent for o in orgs}
    by_committee: dict[str, list[str]] = {}
    for cell in cells:
        by_committee.setdefault(parent[cell] or "", []).append(cell)
    limit = datetime(TODAY.year, TODAY.month, TODAY.day, 23, 59, 59, tzinfo=ICT)
    span = (TODAY - START).days
    drafts: list[_Draft] = []
    admissions: list[_Draft] = []
    current: dict[str, tuple[str, str]] = {}
    seq = 0
    late_count = 0

    for person in range(members):
        sex = "male" if rng.random() < 0.6 else "female"
        national_id = f"011{person:09d}"
        cell = rng.choice(cells)
        ceremony = START + timedelta(days=rng.randint(0, span - 1))
        decided = ceremony - timedelta(days=rng.randint(3, 30))
        age = rng.randint(19, 55)
        birth = decided - timedelta(days=int(365.25 * age) + rng.randint(0, 300))
        district = parent[parent[cell] or ""] or PROVINCE
        steps: list[tuple[date, str, dict[str, Any]]] = [
            (
                ceremony,
                cell,
                {
                    "type": "admitted",
                    "decision_no": f"{rng.randint(1, 400)}-QĐ/HU",
                    "decision_on": decided.isoformat(),
                    "decided_by": district,
                    "member": province_people.person(rng, national_id, sex, birth, age),
                    "effective_on": ceremony.isoformat(),
                },
            )
        ]
        status = "probationary"
        recognized_on = add_months(ceremony, 12)
        last = ceremony
        if recognized_on <= TODAY - timedelta(days=20):
            steps.append(
                (
                    recognized_on,
                    cell,
                    {"type": "recognized", "effective_on": recognized_on.isoformat()},
                )
            )
            last = recognized_on
            for _ in range(rng.choices(TRANSFERS, TRANSFER_WEIGHTS)[0]):
                room = (TODAY - last).days - 60
                if room < 30:
                    break
                moved = last + timedelta(days=rng.randint(30, min(room, 2500)))
                siblings = by_committee[parent[cell] or ""]
                pool = siblings if rng.random() < 0.6 and len(siblings) > 1 else cells
                target = rng.choice(pool)
                if target == cell:
                    continue
                steps.append(
                    (
                        moved,
                        cell,
                        {
                            "type": "transferred_out",
                            "to": target,
                            "effective_on": moved.isoformat(),
                        },
                    )
                )
                cell, last = target, moved
            room = (TODAY - last).days - 30
            draw = rng.random()
            if room > 30 and draw < 0.13:
                ended = last + timedelta(days=rng.randint(30, room))
                if draw < 0.08:
                    end_body: dict[str, Any] = {"type": "died"}
                elif draw < 0.12:
                    reason = rng.choice(("non_attendance", "voluntary_leave"))
                    end_body = {"type": "struck_off", "reason": reason}
                else:
                    end_body = {"type": "expelled", "reason": "Vi phạm kỷ luật"}
                steps.append((ended, cell, {**end_body, "effective_on": ended.isoformat()}))

        previous: datetime | None = None
        kept_org: str | None = None
        kept_status = "probationary"
        for number, (effective, org, body) in enumerate(steps):
            moment, late = _recorded(rng, effective)
            if previous is not None and moment <= previous:
                moment = previous + timedelta(minutes=rng.randint(2, 90))
            if moment > limit:
                break  # not yet entered today: nor anything after it for this person
            if number > 0:
                body = {**body, "member": {"national_id": national_id}}
            seq += 1
            draft = _Draft(moment, seq, org, body)
            drafts.append(draft)
            late_count += late
            previous = moment
            kind = body["type"]
            if kind == "admitted":
                admissions.append(draft)
                kept_org = org
            elif kind == "recognized":
                kept_status = "official"
            elif kind == "transferred_out":
                kept_org = body["to"]
            else:
                kept_org = None
        if kept_org is not None:
            current[national_id] = (kept_org, kept_status)
        del status

    corrected = 0
    wanted = round(len(drafts) * CORRECTION_SHARE)
    for target in rng.sample(admissions, min(wanted, len(admissions))):
        moment = target.recorded + timedelta(days=rng.randint(30, 400), minutes=rng.randint(0, 600))
        if moment > limit:
            continue
        seq += 1
        drafts.append(
            _Draft(
                moment,
                seq,
                target.org,
                {
                    "type": "correction",
                    "reason": "Sai số quyết định",
                    "changes": {"decision_no": f"{rng.randint(401, 800)}-QĐ/HU"},
                },
                ref=target,
            )
        )
        corrected += 1

    drafts.sort(key=lambda d: (d.recorded, d.seq))
    keys: dict[int, str] = {}
    events: list[BenchEvent] = []
    previous = None
    for number, draft in enumerate(drafts, start=1):
        moment = draft.recorded
        if previous is not None and moment <= previous:
            moment = previous + timedelta(microseconds=1)
        previous = moment
        keys[draft.seq] = key = f"b-{number:07d}"
        body = {"id": key, **draft.body}
        if draft.ref is not None:
            body = {
                "id": key,
                "type": "correction",
                "corrects_key": keys[draft.ref.seq],
                **draft.body,
            }
        events.append(BenchEvent(moment, draft.org, body))
    return BenchProvince(orgs, events, TODAY, members, current, late_count, corrected)


if __name__ == "__main__":  # quick look: python -m bench.province 0.01
    import sys

    print(generate(float(sys.argv[1]) if len(sys.argv) > 1 else 0.01).describe())
