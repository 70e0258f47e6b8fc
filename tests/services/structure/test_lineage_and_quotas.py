"""Lineage followed both ways (on the read side), and quotas of ended organizations carried to their successors."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolation
from domain.roll.values import OrgKind
from projections.queries import Queries
from projections.results import LineageLink
from services.structure import reorganization as reorg
from tests import writes
from tests.services.structure.conftest import BY, D
from tests.writes import set_quota

LATER = date(2025, 9, 1)


@pytest.fixture
def queries(settings, clock) -> Queries:
    """The read side the CLI, the API and the pages answer the lineage from."""
    return Queries(settings, clock=clock)


def links(found: list[LineageLink]) -> list[tuple[str, date, str]]:
    return [(x.code, x.on, x.how) for x in found]


def test_lineage_lists_direct_predecessors_and_successors_with_days(
    registry, tree, decision, queries
):
    writes.merge(registry, [tree.cell, tree.other_cell], tree.second_cell, D, decision, BY)

    merged = queries.lineage(tree.second_cell)
    ended = queries.lineage(tree.cell)

    assert links(merged.predecessors) == [(tree.cell, D, "merged"), (tree.other_cell, D, "merged")]
    assert merged.successors == []
    assert links(ended.successors) == [(tree.second_cell, D, "merged")]
    assert ended.predecessors == []


def test_transitive_lineage_follows_a_merge_then_a_split(registry, tree, decision, queries):
    writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)
    new = [
        reorg.NewOrganization(f"T01.H01.DU01.CB2{i}", f"Chi bộ {i}", OrgKind.CELL, tree.committee)
        for i in (1, 2)
    ]
    writes.split(
        registry,
        tree.other_cell,
        [n.code for n in new],
        LATER,
        decision,
        BY,
        default=new[0].code,
        found=new,
    )

    first = queries.lineage(tree.cell, transitive=True)
    last = queries.lineage("T01.H01.DU01.CB22", transitive=True)
    direct = queries.lineage(tree.cell)

    assert links(direct.successors) == [(tree.other_cell, D, "merged")]
    assert links(first.successors) == [
        (tree.other_cell, D, "merged"),
        ("T01.H01.DU01.CB21", LATER, "split"),
        ("T01.H01.DU01.CB22", LATER, "split"),
    ]
    assert links(last.predecessors) == [
        (tree.other_cell, LATER, "split"),
        (tree.cell, D, "merged"),
    ]


def test_a_merged_organizations_quota_is_added_to_the_successors_plan(registry, tree, decision):
    set_quota(registry, tree.cell, "2025", 4, tree.committee)
    set_quota(registry, tree.other_cell, "2025", 3, tree.committee)

    outcome = writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)

    plans = registry.get_organization(tree.other_cell).quotas
    assert outcome.quotas == [(tree.other_cell, "2025", 4)]
    assert (plans[-1]["period"], plans[-1]["assigned_by"], plans[-1]["target"]) == (
        "2025",
        tree.committee,
        7,
    )


def test_a_plan_that_ended_before_the_day_is_not_carried(registry, tree, decision):
    set_quota(registry, tree.cell, "2024", 4, tree.committee)

    outcome = writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)

    assert outcome.quotas == []


def test_a_split_shares_the_quota_as_the_decision_says(registry, tree, decision):
    set_quota(registry, tree.cell, "2025", 5, tree.district)
    first = tree.members[tree.cell][0]

    outcome = writes.split(
        registry,
        tree.cell,
        [tree.other_cell, tree.second_cell],
        D,
        decision,
        BY,
        members={first: tree.second_cell},
        default=tree.other_cell,
        quota_shares={tree.other_cell: 1, tree.second_cell: 4},
    )

    assert sorted(outcome.quotas) == [(tree.other_cell, "2025", 1), (tree.second_cell, "2025", 4)]
    second = registry.get_organization(tree.second_cell).quotas[-1]
    assert (second["assigned_by"], second["target"]) == (tree.district, 4)


def test_without_shares_a_split_quota_follows_the_members(registry, tree, decision):
    set_quota(registry, tree.cell, "2025", 6, tree.district)
    first = tree.members[tree.cell][0]

    outcome = writes.split(
        registry,
        tree.cell,
        [tree.other_cell, tree.second_cell],
        D,
        decision,
        BY,
        members={first: tree.second_cell},
        default=tree.other_cell,
    )

    assert sorted(outcome.quotas) == [(tree.other_cell, "2025", 4), (tree.second_cell, "2025", 2)]


def test_shares_that_do_not_add_up_to_the_target_are_refused(registry, tree, decision):
    set_quota(registry, tree.cell, "2025", 5, tree.district)
    before = registry.max_position()

    with pytest.raises(RuleViolation) as error:
        writes.split(
            registry,
            tree.cell,
            [tree.other_cell, tree.second_cell],
            D,
            decision,
            BY,
            default=tree.other_cell,
            quota_shares={tree.other_cell: 1, tree.second_cell: 1},
        )

    assert error.value.rule == "quota_shares_total"
    assert registry.max_position() == before


def test_a_quota_assigned_by_an_ended_superior_is_reassigned_by_the_new_parent(
    registry, tree, decision
):
    set_quota(registry, tree.committee, "2025", 9, tree.district)
    new = reorg.NewOrganization("T01.X01", "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, tree.province)
    writes.merge(registry, [tree.committee], "T01.X01", D, decision, BY, found=new)

    plan = registry.get_organization("T01.X01").quotas[-1]

    assert (plan["assigned_by"], plan["target"]) == (tree.province, 9)


def test_apportioning_gives_largest_remainders_and_keeps_the_total():
    assert reorg.apportion(7, {"A": 1, "B": 1, "C": 1}) == {"A": 3, "B": 2, "C": 2}
    assert reorg.apportion(5, {"A": 0, "B": 0}) == {"A": 3, "B": 2}
    assert sum(reorg.apportion(11, {"A": 5, "B": 2, "C": 9}).values()) == 11
