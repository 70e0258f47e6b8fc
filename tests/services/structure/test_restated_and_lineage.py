"""Restated figures (a past day on today's structure) and lineage, from the read models."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.errors import InvalidValue
from domain.roll.values import OrgKind
from projections.queries import Queries
from services.structure import reorganization as reorg
from tests import writes
from tests.services.structure.conftest import BY, EVE, D
from tests.services.structure.test_conservation import SCENARIOS

PAST = date(2024, 1, 1)
LATER = D + timedelta(days=40)


@pytest.fixture
def queries(settings, clock) -> Queries:
    return Queries(settings, clock=clock)


def totals(node) -> dict[str, int]:
    found = {node.code: node.total}
    for child in node.children:
        found.update(totals(child))
    return found


def merge_into_new(registry, tree, decision) -> None:
    new = reorg.NewOrganization("T01.X01", "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, tree.province)
    writes.merge(
        registry, [tree.committee, tree.second_committee], "T01.X01", D, decision, BY, found=new
    )


def test_a_past_day_is_shown_on_todays_structure_with_every_member_attributed_once(
    registry, tree, decision, queries
):
    merge_into_new(registry, tree, decision)

    restated = queries.restated(tree.province, PAST)

    assert totals(restated.then) == {
        tree.province: 7,
        tree.district: 0,
        "T01.X01": 7,
        tree.cell: 3,
        tree.other_cell: 2,
        tree.second_cell: 2,
    }
    assert totals(restated.now) == totals(restated.then)
    structured = totals(queries.rollup(tree.province, PAST))
    assert structured[tree.district] == 7 and "T01.X01" not in structured


def test_restated_figures_follow_the_decisions_to_the_first_named_successor_of_a_split(
    registry, tree, decision, queries
):
    first = tree.members[tree.cell][0]
    writes.split(
        registry,
        tree.cell,
        [tree.other_cell, tree.second_cell],
        D,
        decision,
        BY,
        members={first: tree.second_cell},
        default=tree.other_cell,
    )

    restated = totals(queries.restated(tree.province, PAST).then)
    now = totals(queries.rollup(tree.province, LATER))

    assert restated[tree.other_cell] == 5  # its own 2 and the ended cell's 3
    assert restated[tree.second_cell] == 2
    assert (now[tree.other_cell], now[tree.second_cell]) == (4, 3)
    assert restated[tree.province] == now[tree.province] == 7


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_restating_onto_the_same_day_gives_the_structured_figures(
    registry, tree, decision, queries, scenario
):
    scenario(registry, tree, decision)

    for day in (EVE, LATER):
        restated = queries.restated(tree.province, day, structure_on=day)
        assert restated.then == restated.now == queries.rollup(tree.province, day)
        assert queries.restated(tree.province, day, structure_on=LATER).then.total == 7


def test_a_shallow_restatement_sums_what_lies_below_the_shown_nodes(
    registry, tree, decision, queries
):
    merge_into_new(registry, tree, decision)

    shallow = queries.restated(tree.province, PAST, depth=1).then

    assert [(c.code, c.total, c.children) for c in shallow.children] == [
        (tree.district, 0, []),
        ("T01.X01", 7, []),
    ]


def test_a_subtree_tenant_sees_its_own_territorys_past(registry, tree, decision, queries):
    merge_into_new(registry, tree, decision)

    assert queries.restated("T01.X01", PAST).then.total == 7
    assert queries.restated(tree.cell, PAST).then.total == 3
    with pytest.raises(InvalidValue) as refused:
        queries.restated(tree.committee, PAST)
    assert refused.value.field == "structure_on"


def test_lineage_names_predecessors_successors_and_every_change_in_date_order(
    registry, tree, decision, queries
):
    writes.rename(registry, tree.committee, "Đảng bộ xã An Mới", date(2024, 5, 1), decision, BY)
    merge_into_new(registry, tree, decision)

    merged = queries.lineage("T01.X01")
    old = queries.lineage(tree.committee)

    assert [(p.code, p.on, p.how) for p in merged.predecessors] == [
        (tree.committee, D, "merged"),
        (tree.second_committee, D, "merged"),
    ]
    assert merged.predecessors[0].name == "Đảng bộ xã An Mới"
    assert [(s.code, s.on) for s in old.successors] == [("T01.X01", D)]
    assert old.ended_on == D and old.heirs == ["T01.X01"]
    assert [(e.type, e.effective_on) for e in old.events] == [
        ("founded", date(2000, 1, 1)),
        ("renamed", date(2024, 5, 1)),
        ("ended", D),
    ]
    assert old.events[-1].decision_no == decision.number
    assert old.events[-1].related == ["T01.X01"]
    moved = queries.lineage(tree.cell).events
    assert [(e.type, e.related) for e in moved] == [
        ("founded", [tree.committee]),
        ("moved", [tree.committee, "T01.X01"]),
    ]
