"""The demo's dossiers (services/demo/dossiers.py) on a legacy tree and on the 2025 one.

Builds on tests/conftest.py (`registry`, `clock` at 2026-11-21, `make_profile`). The tree is
small: a district, a commune's grassroots committee and three cells with official members
since 2010; the reform merges the committee into a commune-level committee from 1 July 2025.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.admission.dossier import Stage, Step
from domain.roll.profile import MemberProfile
from domain.roll.values import MemberStatus, OrgKind
from services.admission import pipeline
from services.admission.views import deadline_lists, stage_counts
from services.demo.dossiers import LAST_SHARED_DAY, seed_dossiers
from services.registry import Registry
from services.roll.commands import Counterpart, Decision, MemberRef, TransferIn
from tests import writes

DISTRICT, COMMITTEE, NEW_COMMUNE = "T01.H01", "T01.H01.X01", "T01.XA01"
CELLS = [f"{COMMITTEE}.C0{n}" for n in (1, 2, 3)]


@pytest.fixture
def legacy_tree(registry: Registry, make_profile: Callable[..., MemberProfile]) -> list[str]:
    """The tree before the reform, four official members in each cell since 2010."""
    tree = [
        ("T01", "Đảng bộ tỉnh Thử", OrgKind.PROVINCE, None),
        (DISTRICT, "Đảng bộ huyện Thử", OrgKind.DISTRICT, "T01"),
        (COMMITTEE, "Đảng bộ xã Thử", OrgKind.GRASSROOTS_COMMITTEE, DISTRICT),
        *((cell, f"Chi bộ bản {cell[-1]}", OrgKind.CELL, COMMITTEE) for cell in CELLS),
    ]
    for code, name, kind, parent in tree:
        writes.found_organization(registry, code, name, kind, parent, date(1990, 1, 1), "test")
    for cell in CELLS:
        for _ in range(4):
            writes.transfer_in(
                registry,
                cell,
                TransferIn(
                    member=MemberRef(profile=make_profile(birth_date=date(1970, 1, 1))),
                    effective_on=date(2010, 1, 1),
                    source=Counterpart(outside="Đảng bộ tỉnh Lai Châu"),
                    status=MemberStatus.OFFICIAL,
                ),
                "test",
            )
    return CELLS


def decided_by(dossiers: list[Any]) -> set[str]:
    return {
        record["decided_by"]
        for d in dossiers
        for record in d.log
        if record["step"] in (Step.DECIDED, Step.REFUSED, Step.RECOGNIZED, Step.STRUCK_OFF)
    }


def test_the_demo_dossiers_reach_every_stage_on_the_legacy_tree(
    registry: Registry, legacy_tree: list[str]
) -> None:
    dossiers = seed_dossiers(registry, legacy_tree, LAST_SHARED_DAY)

    counts = stage_counts(dossiers)["total"]
    lists = deadline_lists(dossiers, LAST_SHARED_DAY, pipeline.workdays_calendar())
    assert all(counts[stage] > 0 for stage in Stage), counts
    assert lists.overdue and lists.due_soon
    assert {r.deadline.kind.value for r in lists.overdue} >= {"decision", "ceremony"}
    assert decided_by(dossiers) == {DISTRICT}
    assert all(
        d.done(Step.COMMITTEE_RESOLVED) for d in dossiers if d.done(Step.RECEIVED)
    )  # the cells are not grassroots organizations: their committee resolves too


def test_the_demo_dossiers_are_seeded_once(registry: Registry, legacy_tree: list[str]) -> None:
    first = seed_dossiers(registry, legacy_tree, LAST_SHARED_DAY)
    position = registry.max_position()

    again = seed_dossiers(registry, legacy_tree, LAST_SHARED_DAY)

    assert registry.max_position() == position
    assert [d.id for d in again] == [d.id for d in first]


def test_the_demo_dossiers_are_valid_on_the_tree_reorganized_in_2025(
    registry: Registry, legacy_tree: list[str]
) -> None:
    reorganization = pytest.importorskip("services.structure.reorganization")
    writes.merge(
        registry,
        [COMMITTEE],
        NEW_COMMUNE,
        date(2025, 7, 1),
        Decision("100-QĐ/TU", date(2025, 6, 20), "T01"),
        "test",
        found=reorganization.NewOrganization(
            NEW_COMMUNE, "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, "T01"
        ),
    )
    today = date(2025, 12, 31)
    cells = sorted(o.code for o in registry.subtree(NEW_COMMUNE, today) if o.org_kind.holds_members)

    dossiers = seed_dossiers(registry, cells, today)

    scope = pipeline.scope(registry, NEW_COMMUNE, today)
    assert cells == CELLS
    assert {d.id for d in scope.dossiers} == {d.id for d in dossiers}
    counts = stage_counts(dossiers)["total"]
    # The cells are their own grassroots organizations now: no committee resolution to await.
    assert counts[Stage.AWAITING_COMMITTEE] == 0
    assert all(counts[stage] > 0 for stage in Stage if stage != Stage.AWAITING_COMMITTEE)
    # Decided by the district before 1 July 2025, by the new commune-level committee after.
    by_day = {
        (record["on"] >= date(2025, 7, 1), record["decided_by"])
        for d in dossiers
        for record in d.log
        if record["step"] in (Step.DECIDED, Step.REFUSED, Step.RECOGNIZED, Step.STRUCK_OFF)
    }
    assert by_day == {(False, DISTRICT), (True, NEW_COMMUNE)}
    assert pipeline.competent_for(registry, CELLS[0], today) == [NEW_COMMUNE]
