"""A small province whose 2023 and 2024 are counted by hand, for the forms' tests.

T1 (province) > T1.D (district) > T1.D.C (grassroots committee) > cells T1.D.C.1, T1.D.C.2;
T1.D.G (a grassroots cell under the district); T1.E (another district) > T1.E.1 (a cell).

Who (2023 and 2024):
  p1  admitted 2023-03-01 at C.1 (woman, Tày), recognized 2024-03-01, moved to C.2 2024-07-01
  p2  admitted 2023-05-01 at C.2, moved to E.1 (the other district) 2024-06-01
  p3  arrived from another province 2023-02-01 at G (admitted 1990-05-01), died 2024-08-01
  p4  admitted 2024-02-01 at C.1 (woman, born 1990-01-10: 34 years old on the day)
  p5  admitted 2024-04-01 at G (born 2000-06-01: 23), struck off as probationary 2024-10-01
  p6  admitted 2015-01-10 at C.2, struck off 2019-01-10, readmitted 2024-03-01 at C.2
  p7  admitted 2020-01-15 at G, recognized, left the Party (voluntary) 2024-09-01
  p8  admitted 2021-03-01 at C.1, recognized, moved to another province 2024-05-01
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from fig_support import CLERK, Clerk, moment

from domain.roll.values import EventType, OrgKind, PoliticalTheory, Sector, Sex, StrikeOffReason
from services.registry import Registry
from services.roll.commands import (
    Counterpart,
    Decision,
    MemberRef,
    Readmit,
    Remove,
    TransferIn,
    TransferOut,
)
from tests import writes

TREE = [
    ("T1", OrgKind.PROVINCE, None),
    ("T1.D", OrgKind.DISTRICT, "T1"),
    ("T1.D.C", OrgKind.GRASSROOTS_COMMITTEE, "T1.D"),
    ("T1.D.C.1", OrgKind.CELL, "T1.D.C"),
    ("T1.D.C.2", OrgKind.CELL, "T1.D.C"),
    ("T1.D.G", OrgKind.GRASSROOTS_CELL, "T1.D"),
    ("T1.E", OrgKind.DISTRICT, "T1"),
    ("T1.E.1", OrgKind.GRASSROOTS_CELL, "T1.E"),
]


@dataclass
class People:
    ids: dict[str, UUID]


def found(registry: Registry, clock: Any) -> None:
    clock.set(moment(date(2010, 1, 1)))
    for code, kind, parent in TREE:
        writes.found_organization(
            registry, code, f"Tổ chức {code}", kind, parent, date(2005, 1, 1), CLERK
        )


def strike(clerk: Clerk, org: str, member: UUID, on: date, reason: StrikeOffReason) -> None:
    clerk.on(on)
    command = Remove(MemberRef(member_id=member), on, removal=EventType.STRUCK_OFF, reason=reason)
    writes.remove(clerk.registry, org, command, CLERK)


def leave(clerk: Clerk, org: str, member: UUID, on: date, to: Counterpart) -> None:
    clerk.on(on)
    command = TransferOut(MemberRef(member_id=member), on, destination=to)
    writes.transfer_out(clerk.registry, org, command, CLERK)


def populate(clerk: Clerk) -> People:
    """The history above, each event recorded on its day."""
    found(clerk.registry, clerk.clock)
    ids: dict[str, UUID] = {}

    def admit(name: str, org: str, on: date, **profile: Any) -> None:
        clerk.on(on)
        ids[name] = clerk.admit(org, on, clerk.person(**profile)).member_id  # type: ignore[assignment]

    def recognize(name: str, org: str, on: date) -> None:
        clerk.on(on)
        clerk.recognize(org, ids[name])

    admit("p6", "T1.D.C.2", date(2015, 1, 10), birth_date=date(1980, 2, 2))
    recognize("p6", "T1.D.C.2", date(2016, 1, 10))
    strike(clerk, "T1.D.C.2", ids["p6"], date(2019, 1, 10), StrikeOffReason.NON_ATTENDANCE)
    admit(
        "p7",
        "T1.D.G",
        date(2020, 1, 15),
        political_theory=PoliticalTheory.INTERMEDIATE,
        sector=Sector.FARMER,
    )
    recognize("p7", "T1.D.G", date(2021, 1, 15))
    admit("p8", "T1.D.C.1", date(2021, 3, 1), birth_date=date(1970, 1, 1))
    recognize("p8", "T1.D.C.1", date(2022, 3, 1))
    clerk.on(date(2023, 2, 1))
    arrived = TransferIn(
        MemberRef(profile=clerk.person(birth_date=date(1960, 4, 4), religion="Phật giáo")),
        date(2023, 2, 1),
        source=Counterpart(outside="Đảng bộ tỉnh Khác"),
        admitted_on=date(1990, 5, 1),
    )
    ids["p3"] = writes.transfer_in(clerk.registry, "T1.D.G", arrived, CLERK).member_id  # type: ignore[assignment]
    admit("p1", "T1.D.C.1", date(2023, 3, 1), sex=Sex.FEMALE, ethnicity="Tày")
    admit("p2", "T1.D.C.2", date(2023, 5, 1), political_theory=PoliticalTheory.NONE)
    # 2024
    admit(
        "p4",
        "T1.D.C.1",
        date(2024, 2, 1),
        sex=Sex.FEMALE,
        birth_date=date(1990, 1, 10),
        youth_union=False,
    )
    recognize("p1", "T1.D.C.1", date(2024, 3, 1))
    clerk.on(date(2024, 3, 1))
    readmit = Readmit(
        MemberRef(member_id=ids["p6"]),
        date(2024, 3, 1),
        Decision("02-QĐ", date(2024, 3, 1), "Đảng ủy"),
    )
    writes.readmit(clerk.registry, "T1.D.C.2", readmit, CLERK)
    admit(
        "p5",
        "T1.D.G",
        date(2024, 4, 1),
        birth_date=date(2000, 6, 1),
        political_theory=PoliticalTheory.NONE,
        sector=Sector.STUDENT,
    )
    leave(clerk, "T1.D.C.1", ids["p8"], date(2024, 5, 1), Counterpart(outside="Đảng bộ tỉnh Khác"))
    leave(clerk, "T1.D.C.2", ids["p2"], date(2024, 6, 1), Counterpart(code="T1.E.1"))
    leave(clerk, "T1.D.C.1", ids["p1"], date(2024, 7, 1), Counterpart(code="T1.D.C.2"))
    clerk.on(date(2024, 8, 1))
    clerk.remove("T1.D.G", ids["p3"], date(2024, 8, 1))
    strike(clerk, "T1.D.G", ids["p7"], date(2024, 9, 1), StrikeOffReason.VOLUNTARY_LEAVE)
    strike(clerk, "T1.D.G", ids["p5"], date(2024, 10, 1), StrikeOffReason.FAILED_PROBATION)
    clerk.on(date(2025, 1, 15))
    return People(ids)
