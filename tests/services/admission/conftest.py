"""Fixtures of the admission-pipeline tests: trees before and after 1 July 2025, members, a driver.

Builds on tests/conftest.py (`registry`, `clock`, `province`, `make_profile`). The test clock
stands at 2026-11-21; every date below is before it unless a test moves the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple
from uuid import UUID

import pytest

from domain.admission.dossier import Dossier, Votes
from domain.roll.profile import MemberProfile
from domain.roll.values import MemberStatus, OrgKind
from services.admission.commands import (
    AssignIntroducers,
    CompleteCourse,
    DecideAdmission,
    DecideRecognition,
    EndorseByYouthUnion,
    HoldCeremony,
    OpenDossier,
    ResolveInCell,
    ResolveInCommittee,
    ReviewProbation,
    StepCommand,
    SubmitApplication,
    VerifyBackground,
)
from services.registry import Registry
from services.roll.commands import Counterpart, MemberRef, TransferIn
from tests import writes

CLERK = "pipeline-clerk"
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


class Commune(NamedTuple):
    """The tree founded on 1 July 2025 under the test province."""

    commune: str  # commune-level committee (đảng bộ xã)
    committee: str  # grassroots committee under it
    cell: str
    other_cell: str
    own_cell: str  # a cell directly under the commune: its own grassroots organization


@pytest.fixture
def commune(registry: Registry, province: Any) -> Commune:
    """A commune-level committee founded 1 July 2025, a grassroots committee, three cells."""
    codes = Commune(
        "T01.X01", "T01.X01.DU01", "T01.X01.DU01.CB01", "T01.X01.DU01.CB02", "T01.X01.CB09"
    )
    founded = date(2025, 7, 1)
    tree = [
        (codes.commune, "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, province.province),
        (codes.committee, "Đảng bộ Trường THPT Mới", OrgKind.GRASSROOTS_COMMITTEE, codes.commune),
        (codes.cell, "Chi bộ giáo viên", OrgKind.CELL, codes.committee),
        (codes.other_cell, "Chi bộ văn phòng", OrgKind.CELL, codes.committee),
        (codes.own_cell, "Chi bộ thôn Chín", OrgKind.CELL, codes.commune),
    ]
    for code, name, kind, parent in tree:
        writes.found_organization(registry, code, name, kind, parent, founded, CLERK)
    return codes


@pytest.fixture
def official(registry: Registry, make_profile: Callable[..., MemberProfile]) -> Callable[..., UUID]:
    """Puts an official member on a cell's roll from a day (received from outside); returns the id."""

    def put(cell: str, since: date, **profile: Any) -> UUID:
        receipt = writes.transfer_in(
            registry,
            cell,
            TransferIn(
                member=MemberRef(profile=make_profile(**profile)),
                effective_on=since,
                source=Counterpart(outside="Đảng bộ tỉnh khác"),
                status=MemberStatus.OFFICIAL,
            ),
            CLERK,
        )
        assert receipt.member_id is not None
        return receipt.member_id

    return put


@dataclass
class Driver:
    """Takes a dossier through the steps with valid defaults; each call is one service call."""

    registry: Registry
    make_profile: Callable[..., MemberProfile]

    def open(self, cell: str, on: date, **profile: Any) -> Dossier:
        return writes.open_dossier(
            self.registry,
            OpenDossier(cell=cell, candidate=self.make_profile(**profile), on=on, actor="Chi bộ"),
            CLERK,
        )

    def step(self, dossier: Dossier, command: StepCommand) -> Dossier:
        return writes.record_step(self.registry, dossier.id, command, CLERK)

    def prepare(
        self, dossier: Dossier, introducers: tuple[UUID, UUID], dates: dict[str, date]
    ) -> Dossier:
        """Course, application, introducers, background and (for Youth Union members) Đoàn."""
        d = self.step(dossier, CompleteCourse(on=dates["course"], certificate_no="CN-123"))
        d = self.step(d, SubmitApplication(on=dates["application"]))
        refs = tuple(MemberRef(member_id=i) for i in introducers)
        d = self.step(d, AssignIntroducers(on=dates["introducers"], introducers=refs))
        d = self.step(d, VerifyBackground(on=dates["background"], conclusion="Đủ điều kiện"))
        if d.candidate.youth_union:
            d = self.step(d, EndorseByYouthUnion(on=dates["background"], document_no="05-NQ/ĐTN"))
        return d

    def resolve(self, dossier: Dossier, cell_on: date, committee_on: date | None) -> Dossier:
        d = self.step(
            dossier, ResolveInCell(on=cell_on, votes=Votes(9, 0, 10), document_no="06-NQ/CB")
        )
        if committee_on is not None:
            d = self.step(
                d,
                ResolveInCommittee(on=committee_on, votes=Votes(7, 1, 9), document_no="08-NQ/ĐU"),
            )
        return d

    def decide(self, dossier: Dossier, on: date, by: str) -> Dossier:
        return self.step(dossier, DecideAdmission(on=on, decided_by=by, document_no="123-QĐ/HU"))

    def ceremony(self, dossier: Dossier, on: date) -> Dossier:
        return self.step(dossier, HoldCeremony(on=on, actor="Chi bộ"))

    def review(self, dossier: Dossier, on: date, outcome: str = "recognize") -> Dossier:
        return self.step(dossier, ReviewProbation(on=on, votes=Votes(8, 1, 10), outcome=outcome))

    def recognize(self, dossier: Dossier, on: date, by: str) -> Dossier:
        return self.step(dossier, DecideRecognition(on=on, decided_by=by, document_no="9-QĐ/HU"))


@pytest.fixture
def driver(registry: Registry, make_profile: Callable[..., MemberProfile]) -> Driver:
    """Drives dossiers through the pipeline service."""
    return Driver(registry, make_profile)


@pytest.fixture
def old_dates() -> dict[str, date]:
    """Dates of a dossier in the province fixture's tree, decided before 1 July 2025."""
    return dict(OLD_TREE_DATES)


@pytest.fixture
def new_dates() -> dict[str, date]:
    """Dates of a dossier in the commune tree (introducers official there from 1 July 2025)."""
    return dict(NEW_TREE_DATES)


OLD_TREE_DATES = {
    "open": date(2023, 3, 1),
    "course": date(2023, 4, 10),
    "application": date(2023, 5, 2),
    "introducers": date(2023, 5, 10),
    "background": date(2023, 6, 1),
    "cell": date(2023, 6, 20),
    "committee": date(2023, 6, 27),
    "decision": date(2023, 8, 1),
    "ceremony": date(2023, 8, 20),
    "review": date(2024, 8, 26),
    "recognition": date(2024, 9, 10),
}
NEW_TREE_DATES = {
    "open": date(2025, 9, 1),
    "course": date(2025, 10, 1),
    "application": date(2026, 6, 15),
    "introducers": date(2026, 7, 2),
    "background": date(2026, 7, 10),
    "cell": date(2026, 7, 20),
    "committee": date(2026, 7, 27),
    "decision": date(2026, 9, 1),
    "ceremony": date(2026, 9, 15),
}
