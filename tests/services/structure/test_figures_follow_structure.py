"""The read models follow reorganizations: figures as structured on each day, as known then."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.roll.values import EventType, OrgKind
from projections.queries import Queries
from projections.runner import Runner
from services.roll.commands import Decision, MemberRef, Remove
from services.structure import reorganization as reorg
from tests import writes
from tests.services.structure.conftest import BY, EVE, D
from tests.services.structure.test_conservation import SCENARIOS


@pytest.fixture
def queries(settings, clock) -> Queries:
    return Queries(settings, clock=clock)


def projected(queries: Queries, root: str, day: date, known_at=None) -> dict[str, int]:
    """Every organization of the subtree on `day` with its total, from the read models."""
    found: dict[str, int] = {}

    def walk(node) -> None:
        found[node.code] = node.total
        for child in node.children:
            walk(child)

    walk(queries.rollup(root, day, known_at))
    return found


def replayed(registry, root: str, day: date, known_at=None) -> dict[str, int]:
    """The same from the aggregates' own streams (the naive replay)."""
    return {
        org.code: registry.roll_count(org.code, day, known_at)
        for org in registry.subtree(root, day)
    }


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_every_figure_agrees_with_the_streams_before_and_after_a_reorganization(
    registry, tree, decision, queries, scenario
):
    scenario(registry, tree, decision)

    for day in (EVE, D, D + timedelta(days=40)):
        assert projected(queries, tree.province, day) == replayed(registry, tree.province, day)
    assert projected(queries, tree.province, EVE)[tree.province] == 7
    assert projected(queries, tree.province, D)[tree.province] == 7


def test_a_moved_cell_counts_under_its_new_parent_from_the_day_and_under_the_old_before(
    registry, tree, decision, queries, clock
):
    before = clock()
    clock.advance(hours=1)
    writes.move(registry, tree.cell, tree.second_committee, D, decision, BY)

    on_the_day = projected(queries, tree.district, D)
    assert on_the_day[tree.committee] == 2
    assert on_the_day[tree.second_committee] == 5
    assert on_the_day[tree.cell] == 3
    assert queries.children(tree.second_committee, D) == sorted([tree.cell, tree.second_cell])
    on_the_eve = projected(queries, tree.district, EVE)
    assert (on_the_eve[tree.committee], on_the_eve[tree.second_committee]) == (5, 2)
    # As known before the decision was recorded, the old structure still holds on that day.
    assert queries.rollup(tree.committee, D, known_at=before).total == 5
    assert queries.rollup(tree.second_committee, D, known_at=before).total == 2
    old = projected(queries, tree.district, D, known_at=before)
    assert old == {
        tree.district: 7,
        tree.committee: 5,
        tree.cell: 3,
        tree.other_cell: 2,
        tree.second_committee: 2,
        tree.second_cell: 2,
    }
    assert queries.children(tree.second_committee, D) == sorted([tree.cell, tree.second_cell])


def test_a_report_asked_as_known_before_a_merger_shows_the_tree_known_then(
    registry, tree, decision, queries, clock
):
    before = clock()
    clock.advance(hours=1)
    writes.rename(registry, tree.committee, "Đảng bộ xã An Mới", EVE, decision, BY)
    new = reorg.NewOrganization("T01.X01", "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, tree.province)
    writes.merge(
        registry, [tree.committee, tree.second_committee], "T01.X01", D, decision, BY, found=new
    )

    then = queries.rollup(tree.province, D, known_at=before)
    now = queries.rollup(tree.province, D)

    assert [c.code for c in then.children] == [tree.district]
    assert [c.code for c in then.children[0].children] == [tree.committee, tree.second_committee]
    assert then.children[0].children[0].name == "Đảng bộ xã An"
    assert sorted(c.code for c in now.children) == [tree.district, "T01.X01"]
    assert then.total == now.total == 7
    past = queries.restated(tree.province, date(2024, 1, 1), D, known_at=before).then
    assert "T01.X01" not in totals_of(past)
    assert queries.restated(tree.province, date(2024, 1, 1), D).then.children[1].total == 7


def totals_of(node) -> dict[str, int]:
    found = {node.code: node.total}
    for child in node.children:
        found.update(totals_of(child))
    return found


def test_a_reorganization_is_no_admission_or_transfer_in_any_flow(
    registry, tree, decision, queries
):
    writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)
    writes.move(registry, tree.second_cell, tree.committee, D, decision, BY)

    for org in (tree.province, tree.committee, tree.other_cell, tree.second_committee):
        flows = queries.flows(org, date(2025, 6, 1), date(2025, 12, 31))
        counted = (
            flows.admitted,
            flows.readmitted,
            flows.transferred_in,
            flows.transferred_out,
            flows.struck_off,
        )
        assert counted == (0, 0, 0, 0, 0), org


def test_the_diff_names_the_reorganization_that_changed_a_figure(
    registry, tree, decision, queries, clock
):
    before = clock()
    clock.advance(hours=2)
    writes.move(registry, tree.cell, tree.second_committee, D, decision, BY)

    found = queries.diff(tree.committee, D, before, clock())

    assert (found.total_1, found.total_2) == (5, 2)
    assert [(e.kind, e.type, e.org, e.effect, e.member_id) for e in found.events] == [
        ("reorganization", "moved", tree.cell, -3, None)
    ]


def test_an_ended_organization_leaves_the_tree_on_its_last_day_and_stays_in_the_past(
    registry, tree, decision, queries
):
    new = reorg.NewOrganization("T01.X01", "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, tree.province)
    writes.merge(
        registry, [tree.committee, tree.second_committee], "T01.X01", D, decision, BY, found=new
    )

    assert tree.committee not in queries.children(tree.district, D)
    assert queries.children("T01.X01", D) == sorted([tree.cell, tree.other_cell, tree.second_cell])
    assert queries.org(tree.committee).ended_on == D
    assert projected(queries, tree.province, EVE)[tree.committee] == 5
    assert projected(queries, tree.province, D)["T01.X01"] == 7
    assert projected(queries, tree.province, D)[tree.district] == 0


def test_a_member_leaving_on_the_day_of_the_move_is_never_counted_at_the_new_parent(
    registry, tree, decision, queries
):
    leaving = tree.members[tree.cell][0]
    writes.remove(
        registry,
        tree.cell,
        Remove(
            MemberRef(member_id=leaving), D, Decision("3-QĐ/ĐU", D, "ĐU"), removal=EventType.DIED
        ),
        BY,
    )
    writes.move(registry, tree.cell, tree.second_committee, D, decision, BY)

    assert projected(queries, tree.district, EVE)[tree.committee] == 5
    assert projected(queries, tree.district, D)[tree.second_committee] == 4
    assert projected(queries, tree.district, D)[tree.committee] == 2
    assert projected(queries, tree.province, D) == replayed(registry, tree.province, D)


def test_a_rebuild_after_reorganizations_gives_the_same_figures(registry, tree, decision, queries):
    writes.rename(registry, tree.other_cell, "Chi bộ thôn Hai Mới", D, decision, BY)
    writes.merge(registry, [tree.cell], tree.other_cell, D, decision, BY)
    writes.move(registry, tree.second_committee, tree.province, D, decision, BY)
    days = (EVE, D, date(2026, 1, 1))
    first = [queries.rollup(tree.province, day) for day in days]

    Runner(registry, "figures").rebuild()

    assert [queries.rollup(tree.province, day) for day in days] == first
    renamed = queries.rollup(tree.committee, D).children[0]
    assert renamed.name == "Chi bộ thôn Hai Mới"
    assert queries.rollup(tree.committee, EVE).children[1].name == "Chi bộ thôn Hai"


def test_cells_moved_under_a_committee_founded_later_in_the_same_decision_count_above_it(
    registry, tree, decision, queries
):
    """One decision's events share an instant, so the log may hold a move before the founding
    of the new parent (the 2025 reform loads every cell before founding the new committees)."""

    def change(uow):
        step = reorg.Reorganization(uow, D, decision, BY, "merged")
        for code in (tree.cell, tree.other_cell, tree.committee):
            step.org(code)  # loaded first: their events come first in the log
        step.found(
            reorg.NewOrganization("T01.X01", "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, tree.province)
        )
        reorg.merge_in(step, [tree.committee], "T01.X01")

    registry.run(change)

    assert projected(queries, tree.province, D) == replayed(registry, tree.province, D)
    assert projected(queries, tree.province, D)[tree.province] == 7
    assert projected(queries, tree.province, D)["T01.X01"] == 5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_moves_among_admissions_and_removals_agree_with_the_streams(
    registry, tree, decision, queries, clock, make_profile, seed
):
    """Cells and committees moved back and forth at random dates, recorded in random order
    with members admitted and removed around them: every figure agrees with the streams."""
    import random

    from tests.services.structure.conftest import admit

    rng = random.Random(seed)
    parents = {
        tree.cell: [tree.committee, tree.second_committee],
        tree.other_cell: [tree.committee, tree.second_committee],
        tree.second_cell: [tree.committee, tree.second_committee],
        tree.second_committee: [tree.district, tree.province],
    }
    last_move = dict.fromkeys(parents, date(2024, 1, 1))
    on_roll = {code: [(m, date(2023, 3, 2)) for m in ids] for code, ids in tree.members.items()}
    for _ in range(14):
        clock.advance(minutes=rng.randint(1, 90))
        roll = rng.random()
        if roll < 0.45:
            code = rng.choice(sorted(parents))
            day = last_move[code] + timedelta(days=rng.randint(0, 200))
            current = registry.get_organization(code).parent_on(day)
            choices = [p for p in parents[code] if p != current]
            writes.move(registry, code, rng.choice(choices), day, decision, BY)
            last_move[code] = day
        elif roll < 0.8:
            cell = rng.choice(sorted(on_roll))
            day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
            on_roll[cell].append((admit(registry, cell, make_profile(), day), day))
        else:
            cell = rng.choice([c for c in sorted(on_roll) if on_roll[c]])
            member, joined = on_roll[cell].pop(0)
            day = joined + timedelta(days=rng.randint(1, 500))
            writes.remove(
                registry,
                cell,
                Remove(MemberRef(member_id=member), day, Decision("9-QĐ", day, "ĐU")),
                BY,
            )

    for offset in range(0, 900, 45):
        day = date(2024, 1, 1) + timedelta(days=offset)
        assert projected(queries, tree.province, day) == replayed(registry, tree.province, day)
