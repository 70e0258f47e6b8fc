"""The facts the dossier rules rest on: grassroots organization, competence, introducers' standing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from domain.admission.facts import competent_bodies, grassroots_of, introducer_facts
from domain.roll.entry import Entry
from domain.roll.history import MemberHistory
from domain.roll.values import OrgKind

REORGANIZED = date(2025, 7, 1)


class FakeHierarchy:
    """Organizations with dated parent links, as plain data."""

    def __init__(self, orgs: dict[str, tuple[OrgKind, list[tuple[date, str | None]]]]) -> None:
        self.orgs = orgs

    def parent_on(self, code: str, day: date) -> str | None:
        parent = None
        for since, link in self.orgs[code][1]:
            if since <= day:
                parent = link
        return parent

    def kind_of(self, code: str) -> OrgKind:
        return self.orgs[code][0]


OLD = date(2000, 1, 1)
TREE = FakeHierarchy(
    {
        "P": (OrgKind.PROVINCE, [(OLD, None)]),
        "H": (OrgKind.DISTRICT, [(OLD, "P")]),
        "X": (OrgKind.COMMUNE_LEVEL, [(REORGANIZED, "P")]),
        "K": (OrgKind.BLOC, [(OLD, "P")]),
        # A grassroots committee moved from the district to the commune on 1 July 2025.
        "DU": (OrgKind.GRASSROOTS_COMMITTEE, [(OLD, "H"), (REORGANIZED, "X")]),
        "DU2": (OrgKind.GRASSROOTS_COMMITTEE, [(OLD, "H")]),
        "CB1": (OrgKind.CELL, [(OLD, "DU")]),
        "CB2": (OrgKind.CELL, [(OLD, "DU")]),
        "CB3": (OrgKind.CELL, [(OLD, "DU2")]),
        "CBCS": (OrgKind.GRASSROOTS_CELL, [(OLD, "K")]),
        "CBX": (OrgKind.CELL, [(REORGANIZED, "X")]),
        # A cell of DU2 placed straight under the commune: its own grassroots from the reform.
        "CB4": (OrgKind.CELL, [(OLD, "DU2"), (REORGANIZED, "X")]),
    }
)


def never_authorised(code: str, day: date) -> bool:
    return False


def test_the_grassroots_organization_of_a_cell_is_its_nearest_grassroots_ancestor() -> None:
    assert grassroots_of(TREE, "CB1", date(2024, 1, 1)) == "DU"
    assert grassroots_of(TREE, "CBCS", date(2024, 1, 1)) == "CBCS"


def test_a_cell_directly_under_a_commune_is_its_own_grassroots_organization() -> None:
    assert grassroots_of(TREE, "CBX", date(2025, 8, 1)) == "CBX"


def test_before_july_2025_the_district_decides() -> None:
    assert competent_bodies(TREE, "CB1", date(2025, 6, 30), never_authorised) == ["H"]


def test_from_july_2025_the_commune_level_committee_decides() -> None:
    assert competent_bodies(TREE, "CB1", date(2025, 7, 1), never_authorised) == ["X"]
    assert competent_bodies(TREE, "CBX", date(2025, 7, 1), never_authorised) == ["X"]


def test_a_district_is_never_competent_after_june_2025() -> None:
    # DU2 was never moved out of the district in this registry: nobody above it may decide.
    assert competent_bodies(TREE, "CB3", date(2025, 7, 1), never_authorised) == []


def test_a_bloc_decides_for_its_grassroots_organizations() -> None:
    assert competent_bodies(TREE, "CBCS", date(2024, 3, 1), never_authorised) == ["K"]


def test_an_authorised_grassroots_committee_decides_too() -> None:
    def authorised(code: str, day: date) -> bool:
        return code == "DU" and day >= date(2024, 1, 1)

    assert competent_bodies(TREE, "CB1", date(2023, 12, 31), authorised) == ["H"]
    assert competent_bodies(TREE, "CB1", date(2024, 1, 1), authorised) == ["DU", "H"]


def test_only_grassroots_committees_can_be_authorised() -> None:
    assert competent_bodies(TREE, "CBCS", date(2024, 3, 1), lambda code, day: True) == ["K"]


# -- introducers --------------------------------------------------------------------------

MEMBER = uuid4()
RECORDED_AT = datetime(2024, 6, 1, tzinfo=UTC)


def entry(kind: str, org: str, on: date, **extra: Any) -> Entry:
    return Entry.from_dict(
        {
            "type": kind,
            "org": org,
            "effective_on": on,
            "member_id": MEMBER,
            "event_id": uuid4(),
            "recorded_at": RECORDED_AT,
            "recorded_by": "test",
            **extra,
        }
    )


def official_from(org: str, on: date) -> Entry:
    return entry("transferred_in", org, on, from_outside="X", status="official")


def facts(*entries: Entry, day: date = date(2024, 6, 1)) -> Any:
    history = MemberHistory.replay(list(entries))
    return introducer_facts(MEMBER, history, TREE, "DU", day)


def test_a_long_standing_official_member_qualifies() -> None:
    found = facts(official_from("CB1", date(2010, 1, 1)))

    assert found.official_on_day
    assert found.grassroots_on_day == "DU"
    assert found.qualified_since is not None and found.qualified_since <= date(2023, 6, 1)


def test_moving_between_cells_of_the_same_grassroots_organization_keeps_the_run() -> None:
    found = facts(
        official_from("CB1", date(2010, 1, 1)),
        entry("transferred_out", "CB1", date(2024, 1, 1)),
        entry("transferred_in", "CB2", date(2024, 1, 1)),
    )

    assert found.qualified_since is not None and found.qualified_since <= date(2023, 6, 1)


def test_the_run_starts_when_the_member_came_into_the_grassroots_organization() -> None:
    found = facts(
        official_from("CB3", date(2010, 1, 1)),
        entry("transferred_out", "CB3", date(2023, 12, 1)),
        entry("transferred_in", "CB1", date(2023, 12, 1)),
    )

    assert found.qualified_since == date(2023, 12, 1)


def test_the_run_starts_at_recognition_as_official_member() -> None:
    found = facts(
        entry("admitted", "CB1", date(2022, 10, 1)),
        entry("recognized", "CB1", date(2023, 10, 1)),
    )

    assert found.official_on_day
    assert found.qualified_since == date(2023, 10, 1)


def test_a_probationary_member_is_not_official() -> None:
    found = facts(entry("admitted", "CB1", date(2023, 10, 1)))

    assert not found.official_on_day
    assert found.qualified_since is None


def test_a_member_of_another_grassroots_organization_is_reported_as_such() -> None:
    found = facts(official_from("CB3", date(2010, 1, 1)))

    assert found.grassroots_on_day == "DU2"
    assert found.qualified_since is None


def test_a_reorganization_moving_the_cell_with_its_members_keeps_the_run() -> None:
    history = MemberHistory.replay([official_from("CB4", date(2010, 1, 1))])
    day = date(2025, 10, 31)

    followed = introducer_facts(MEMBER, history, TREE, "CB4", day, candidate_cell="CB4")
    fixed = introducer_facts(MEMBER, history, TREE, "CB4", day)

    assert followed.grassroots_on_day == "CB4"
    assert followed.qualified_since is not None and followed.qualified_since <= date(2024, 10, 31)
    assert fixed.qualified_since == REORGANIZED  # compared with today's grassroots only


def test_a_person_unknown_to_the_registry() -> None:
    found = introducer_facts(MEMBER, None, TREE, "DU", date(2024, 6, 1))

    assert not found.known
    assert not found.official_on_day
