"""Reorganization fixtures: a small tree with members on several rolls, and a decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple
from uuid import UUID

import pytest

from domain.roll.profile import MemberProfile
from domain.roll.values import OrgKind
from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef
from tests import writes

D = date(2025, 7, 1)  # effective day of the decisions: the old structure holds through 30 June
EVE = date(2025, 6, 30)
BY = "test-clerk"


class Tree(NamedTuple):
    """Codes of the `tree` fixture and who is on which roll."""

    province: str
    district: str
    committee: str
    cell: str
    other_cell: str
    second_committee: str
    second_cell: str
    members: dict[str, list[UUID]]


def admit(registry: Registry, org: str, profile: MemberProfile, ceremony: date) -> UUID:
    """Admit a person (decision a month before the ceremony); returns their member id."""
    decided = date.fromordinal(ceremony.toordinal() - 30)
    receipt = writes.admit(
        registry,
        org,
        Admit(MemberRef(profile=profile), ceremony, Decision("7-QĐ/HU", decided, "T01.H01")),
        BY,
    )
    assert receipt.member_id is not None
    return receipt.member_id


@pytest.fixture
def decision() -> Decision:
    """The reorganization decision every test uses."""
    return Decision("12-QĐ/TU", date(2025, 6, 20), "T01")


@pytest.fixture
def tree(registry: Registry, province: object, make_profile: Callable[..., MemberProfile]) -> Tree:
    """The `province` tree plus a second committee with one cell; 3, 2 and 2 members on the rolls."""
    codes = province
    second, second_cell = "T01.H01.DU02", "T01.H01.DU02.CB01"
    writes.found_organization(
        registry,
        second,
        "Đảng bộ xã Bình",
        OrgKind.GRASSROOTS_COMMITTEE,
        codes.district,
        date(2001, 1, 1),
        BY,
    )
    writes.found_organization(
        registry, second_cell, "Chi bộ thôn Ba", OrgKind.CELL, second, date(2001, 1, 1), BY
    )
    members: dict[str, list[UUID]] = {}
    for org, count in ((codes.cell, 3), (codes.other_cell, 2), (second_cell, 2)):
        members[org] = [
            admit(registry, org, make_profile(), date(2023, 3, 2)) for _ in range(count)
        ]
    return Tree(
        codes.province,
        codes.district,
        codes.committee,
        codes.cell,
        codes.other_cell,
        second,
        second_cell,
        members,
    )
