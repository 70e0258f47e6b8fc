"""Each reorganization event of the Organization aggregate and its guards, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid4, uuid5

import pytest

from domain.errors import InvalidValue, RuleViolation
from domain.roll.member import Member
from domain.roll.organization import Organization
from domain.roll.values import EventType, Ids, OrgKind
from domain.structure.reorganization import DecisionFields

TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
D, EVE = date(2025, 7, 1), date(2025, 6, 30)
IDS = Ids(uuid5(NAMESPACE_URL, "urn:sodang:reorganization-tests"))
DECISION: DecisionFields = {
    "decision_no": "5-QĐ/TU",
    "decision_on": date(2025, 6, 1),
    "decided_by": "T1",
}
COMMON: dict[str, Any] = {"decision": DECISION, "recorded_by": "test", "timestamp": NOW}


def org(
    code: str, kind: OrgKind, parent: Organization | None, founded: date = date(2000, 1, 1)
) -> Organization:
    return Organization.found(
        id=IDS.organization(code),
        code=code,
        name=f"Tổ chức {code}",
        kind=kind,
        parent=parent,
        founded_on=founded,
        today=TODAY,
        recorded_by="test",
        timestamp=NOW,
    )


@pytest.fixture
def orgs() -> dict[str, Organization]:
    """A province, a district, a committee with a cell, and a second committee."""
    province = org("T1", OrgKind.PROVINCE, None, date(1990, 1, 1))
    district = org("T1.H", OrgKind.DISTRICT, province, date(1995, 1, 1))
    committee = org("T1.H.A", OrgKind.GRASSROOTS_COMMITTEE, district)
    cell = org("T1.H.A.C", OrgKind.CELL, committee)
    other = org("T1.H.B", OrgKind.GRASSROOTS_COMMITTEE, district)
    committee.attach_child(cell.code, cell.founded_on, NOW)
    return {"province": province, "district": district, "a": committee, "cell": cell, "b": other}


def admit(cell: Organization, on: date = date(2024, 3, 2)) -> dict[str, Any]:
    member = Member.identify(id=uuid4(), national_id="001190000001", timestamp=NOW)
    entry = cell.record(
        EventType.ADMITTED,
        event_id=uuid4(),
        member_id=member.id,
        effective_on=on,
        today=TODAY,
        recorded_by="test",
        timestamp=NOW,
        details={"decision_on": on},
    )
    member.note(entry, NOW)
    return entry


def refused(rule: str, call: Any, *args: Any, **kwargs: Any) -> None:
    """The call is refused by `rule` and triggers no event."""
    target = getattr(call, "__self__", None)
    pending = len(target.pending_events) if target is not None else None
    with pytest.raises(RuleViolation) as error:
        call(*args, **kwargs)
    assert error.value.rule == rule
    if target is not None:
        assert len(target.pending_events) == pending


def test_renaming_keeps_the_former_name_for_the_days_before(orgs):
    cell = orgs["cell"]

    cell.rename(name="Chi bộ thôn Mới", on=D, today=TODAY, **COMMON)

    assert cell.name == "Chi bộ thôn Mới"
    assert cell.name_on(EVE) == "Tổ chức T1.H.A.C"
    assert cell.name_on(D) == "Chi bộ thôn Mới"


def test_renaming_is_refused_to_the_same_name_out_of_order_or_in_the_future(orgs):
    cell = orgs["cell"]
    cell.rename(name="Chi bộ Mới", on=D, today=TODAY, **COMMON)

    refused(
        "name_unchanged", cell.rename, name="Chi bộ Mới", on=date(2025, 8, 1), today=TODAY, **COMMON
    )
    refused("structure_out_of_order", cell.rename, name="Chi bộ Cũ", on=EVE, today=TODAY, **COMMON)
    refused(
        "future_date", cell.rename, name="Chi bộ Sau", on=date(2026, 12, 1), today=TODAY, **COMMON
    )
    with pytest.raises(InvalidValue):
        cell.rename(name="  ", on=date(2025, 8, 1), today=TODAY, **COMMON)


def test_a_reorganization_takes_effect_after_the_founding_day(orgs):
    refused(
        "before_founding", orgs["cell"].rename, name="X", on=date(2000, 1, 1), today=TODAY, **COMMON
    )


def test_a_move_dates_the_parent_link(orgs):
    cell, b = orgs["cell"], orgs["b"]

    old = cell.move_under(b, parent_chain=["T1.H", "T1"], on=D, today=TODAY, how="moved", **COMMON)

    assert old == "T1.H.A"
    assert (cell.parent_on(EVE), cell.parent_on(D)) == ("T1.H.A", "T1.H.B")


@pytest.mark.parametrize(
    ("parent", "chain", "rule"),
    [
        ("a", ["T1.H", "T1"], "move_to_same_parent"),
        ("province", [], "parent_kind"),
        ("b", ["T1.H.A.C", "T1"], "move_into_own_subtree"),
    ],
)
def test_a_move_is_refused_to_the_same_parent_a_wrong_kind_or_its_own_subtree(
    orgs, parent, chain, rule
):
    refused(
        rule,
        orgs["cell"].move_under,
        orgs[parent],
        parent_chain=chain,
        on=D,
        today=TODAY,
        how="moved",
        **COMMON,
    )


def test_a_move_is_refused_under_a_parent_founded_later_or_before_an_earlier_move(orgs):
    late = org("T1.H.L", OrgKind.GRASSROOTS_COMMITTEE, orgs["district"], date(2025, 9, 1))
    cell = orgs["cell"]
    cell.move_under(
        orgs["b"], parent_chain=["T1.H", "T1"], on=D, today=TODAY, how="moved", **COMMON
    )

    refused(
        "before_founding",
        cell.move_under,
        late,
        parent_chain=["T1.H", "T1"],
        on=date(2025, 8, 1),
        today=TODAY,
        how="moved",
        **COMMON,
    )
    refused(
        "structure_out_of_order",
        cell.move_under,
        orgs["a"],
        parent_chain=["T1.H", "T1"],
        on=EVE,
        today=TODAY,
        how="moved",
        **COMMON,
    )


def test_a_child_detached_and_received_is_under_each_parent_on_its_own_days(orgs):
    a, b = orgs["a"], orgs["b"]

    a.detach_child("T1.H.A.C", on=D, how="moved", **COMMON)
    b.receive_child("T1.H.A.C", from_parent="T1.H.A", on=D, how="moved", **COMMON)

    assert (a.children_on(EVE), a.children_on(D)) == (["T1.H.A.C"], [])
    assert (b.children_on(EVE), b.children_on(D)) == ([], ["T1.H.A.C"])
    refused("not_a_child", a.detach_child, "T1.H.A.C", on=date(2025, 8, 1), how="moved", **COMMON)


def test_ending_is_refused_while_members_or_children_remain(orgs):
    admit(orgs["cell"])

    refused(
        "roll_not_empty",
        orgs["cell"].end,
        on=D,
        today=TODAY,
        how="dissolved",
        successors=[],
        **COMMON,
    )
    refused(
        "has_children", orgs["a"].end, on=D, today=TODAY, how="dissolved", successors=[], **COMMON
    )


def test_ending_is_refused_over_events_in_force_after_it(orgs):
    cell = orgs["cell"]
    entry = admit(cell, date(2025, 8, 1))
    assert entry["effective_on"] > D

    refused(
        "events_after_end", cell.end, on=D, today=TODAY, how="dissolved", successors=[], **COMMON
    )


@pytest.mark.parametrize(
    ("how", "successors", "rule"),
    [
        ("merged", [], "successor_required"),
        ("split", ["T1.H.B"], "successor_required"),
        ("merged", ["T1.H.A"], "successor_is_source"),
    ],
)
def test_merged_and_split_organizations_name_their_successors(orgs, how, successors, rule):
    orgs["a"].detach_child("T1.H.A.C", on=D, how="moved", **COMMON)

    refused(rule, orgs["a"].end, on=D, today=TODAY, how=how, successors=successors, **COMMON)


def test_an_ended_organization_exists_through_the_day_before(orgs):
    b = orgs["b"]

    b.end(on=D, today=TODAY, how="merged", successors=["T1.H.A"], **COMMON)

    assert (b.exists_on(EVE), b.exists_on(D)) == (True, False)
    assert (b.parent_on(EVE), b.parent_on(D)) == ("T1.H", None)
    assert b.successors() == [("T1.H.A", D, "merged")]


def test_an_ended_organization_refuses_later_roll_events_children_and_changes(orgs):
    cell = orgs["cell"]
    cell.end(on=D, today=TODAY, how="dissolved", successors=[], **COMMON)
    member = uuid4()

    refused(
        "org_ended",
        cell.record,
        EventType.ADMITTED,
        event_id=uuid4(),
        member_id=member,
        effective_on=D,
        today=TODAY,
        recorded_by="t",
        timestamp=NOW,
        details={},
    )
    refused("org_ended", cell.attach_child, "T.X", date(2025, 8, 1), NOW)
    refused("org_ended", cell.rename, name="Sau", on=date(2025, 8, 1), today=TODAY, **COMMON)
    refused(
        "org_ended",
        cell.end,
        on=date(2025, 8, 1),
        today=TODAY,
        how="dissolved",
        successors=[],
        **COMMON,
    )
    refused(
        "org_ended",
        cell.set_quota,
        period="2026",
        target=3,
        assigned_by="T1.H.A",
        recorded_by="t",
        timestamp=NOW,
    )


def test_an_ended_organization_takes_no_late_intake_even_dated_before_its_end(orgs):
    cell = orgs["cell"]
    cell.end(on=D, today=TODAY, how="dissolved", successors=[], **COMMON)

    with pytest.raises(RuleViolation) as error:
        admit(cell, date(2024, 3, 2))

    assert error.value.rule == "org_ended"


def test_carries_are_recorded_only_by_a_reorganization(orgs):
    refused(
        "reorganization_entry",
        orgs["cell"].record,
        EventType.CARRIED_IN,
        event_id=uuid4(),
        member_id=uuid4(),
        effective_on=D,
        today=TODAY,
        recorded_by="t",
        timestamp=NOW,
        details={},
    )


def test_a_carried_member_keeps_status_and_probation_clock_and_is_no_intake(orgs):
    cell, other = orgs["cell"], org("T1.H.B.C", OrgKind.CELL, orgs["b"])
    member = Member.identify(id=uuid4(), national_id="001190000002", timestamp=NOW)
    admitted = cell.record(
        EventType.ADMITTED,
        event_id=uuid4(),
        member_id=member.id,
        effective_on=date(2025, 3, 2),
        today=TODAY,
        recorded_by="t",
        timestamp=NOW,
        details={},
    )
    member.note(admitted, NOW)
    out_id, in_id = uuid4(), uuid4()

    member.note(
        cell.carry_out(
            event_id=out_id,
            member_id=member.id,
            to=other.code,
            pair=in_id,
            on=D,
            today=TODAY,
            how="merged",
            **COMMON,
        ),
        NOW,
    )
    member.note(
        other.carry_in(
            event_id=in_id,
            member_id=member.id,
            source=cell.code,
            pair=out_id,
            on=D,
            today=TODAY,
            how="merged",
            **COMMON,
        ),
        NOW,
    )

    history = member.history()
    assert [s.org for s in history.stints] == ["T1.H.A.C", "T1.H.B.C"]
    assert history.status_on(D).value == "probationary"
    assert history.probation_from == date(2025, 3, 2)
    assert (cell.roll_on(EVE), cell.roll_on(D)) == ({member.id}, set())
    assert other.roll_on(D) == {member.id}
    assert not EventType.CARRIED_IN.is_intake and not EventType.CARRIED_OUT.is_removal


def test_carrying_into_an_organization_without_a_roll_is_refused(orgs):
    refused(
        "org_holds_no_members",
        orgs["b"].carry_in,
        event_id=uuid4(),
        member_id=uuid4(),
        source="T1.H.A.C",
        pair=uuid4(),
        on=D,
        today=TODAY,
        how="merged",
        **COMMON,
    )


def test_a_successor_records_its_predecessors(orgs):
    b = orgs["b"]

    b.succeed(["T1.H.A", "T1.H.A"], on=D, how="merged", **COMMON)

    assert b.predecessors() == [("T1.H.A", D, "merged")]
    refused("successor_is_source", b.succeed, ["T1.H.B"], on=D, how="merged", **COMMON)
