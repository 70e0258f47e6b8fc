"""Every rule of the Organization aggregate (domain/roll/organization.py), without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from domain.errors import InvalidValue, NotFound, RuleViolation
from domain.roll.values import EventType, OrgKind

TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def test_founding_under_an_allowed_parent_places_the_organization(book):
    cell = book.found("T01.DU01.CB03", OrgKind.CELL, book.committee, date(2010, 5, 1))

    assert cell.parent == book.committee.code
    assert cell.parent_on(date(2010, 5, 1)) == book.committee.code
    assert cell.org_kind is OrgKind.CELL


@pytest.mark.parametrize(
    ("kind", "parent_attr"),
    [
        (OrgKind.CELL, "province"),
        (OrgKind.PROVINCE, "province"),
        (OrgKind.GRASSROOTS_COMMITTEE, None),
        (OrgKind.SUB_COMMITTEE, "cell"),
    ],
)
def test_an_organization_must_sit_under_an_allowed_kind(book, kind, parent_attr):
    parent = getattr(book, parent_attr) if parent_attr else None

    with pytest.raises(RuleViolation) as refused:
        book.found("T01.NEW", kind, parent)

    assert refused.value.rule == "parent_kind"


def test_an_organization_cannot_be_founded_before_its_parent(book):
    with pytest.raises(RuleViolation) as refused:
        book.found("T01.DU01.CB03", OrgKind.CELL, book.committee, date(1999, 12, 31))

    assert refused.value.rule == "before_founding"


def test_an_organization_cannot_be_founded_in_the_future(book):
    with pytest.raises(RuleViolation) as refused:
        book.found("T01.DU01.CB03", OrgKind.CELL, book.committee, date(2026, 11, 22))

    assert refused.value.rule == "future_date"


def test_district_committees_cannot_be_founded_after_30_june_2025(book):
    last_day = book.found("T01.H01", OrgKind.DISTRICT, book.province, date(2025, 6, 30))

    with pytest.raises(RuleViolation) as refused:
        book.found("T01.H02", OrgKind.DISTRICT, book.province, date(2025, 7, 1))

    assert last_day.org_kind is OrgKind.DISTRICT
    assert refused.value.rule == "kind_not_in_force"


def test_commune_level_committees_cannot_be_founded_before_1_july_2025(book):
    first_day = book.found("T01.X01", OrgKind.COMMUNE_LEVEL, book.province, date(2025, 7, 1))

    with pytest.raises(RuleViolation) as refused:
        book.found("T01.X02", OrgKind.COMMUNE_LEVEL, book.province, date(2025, 6, 30))

    assert first_day.org_kind is OrgKind.COMMUNE_LEVEL
    assert refused.value.rule == "kind_not_in_force"


@pytest.mark.parametrize("code", ["t01", "X", "-T01", "T 01", "T" * 65])
def test_an_organization_code_must_be_a_short_upper_case_identifier(book, code):
    with pytest.raises(InvalidValue) as invalid:
        book.found(code, OrgKind.CELL, book.committee)

    assert invalid.value.field == "code"


def test_an_organization_needs_a_name(book):
    with pytest.raises(InvalidValue) as invalid:
        type(book.cell).found(
            id=uuid4(),
            code="T01.DU01.CB09",
            name="  ",
            kind=OrgKind.CELL,
            parent=book.committee,
            founded_on=date(2010, 1, 1),
            today=TODAY,
            recorded_by="test",
            timestamp=NOW,
        )

    assert invalid.value.field == "name"


def test_a_child_attached_is_listed_under_its_parent_from_that_day(book):
    book.committee.attach_child(book.cell.code, date(2010, 1, 1), NOW)

    assert book.committee.children_on(date(2010, 1, 1)) == [book.cell.code]
    assert book.committee.children_on(date(2009, 12, 31)) == []


def test_members_are_registered_only_in_cells(book, person):
    with pytest.raises(RuleViolation) as refused:
        book.record(book.committee, EventType.ADMITTED, person, date(2020, 3, 10))

    assert refused.value.rule == "org_holds_no_members"
    assert book.committee.entries == []


def test_a_grassroots_cell_holds_members(book, person):
    grassroots_cell = book.found("T01.CB01", OrgKind.GRASSROOTS_CELL, book.province)

    book.record(grassroots_cell, EventType.ADMITTED, person, date(2020, 3, 10))

    assert grassroots_cell.roll_on(date(2020, 3, 10)) == {book.member(person.national_id).id}


def test_an_event_cannot_take_effect_in_the_future(book, person):
    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, EventType.ADMITTED, person, date(2026, 11, 22))

    assert refused.value.rule == "future_date"


def test_an_event_can_take_effect_today(book, person):
    book.record(book.cell, EventType.ADMITTED, person, TODAY)

    assert book.cell.roll_on(TODAY) == {book.member(person.national_id).id}


def test_an_event_cannot_take_effect_before_the_organization_was_founded(book, person):
    with pytest.raises(RuleViolation) as refused:
        book.record(book.cell, EventType.ADMITTED, person, date(1999, 12, 31))

    assert refused.value.rule == "before_founding"


def test_the_roll_on_a_day_counts_intakes_and_removals_up_to_that_day(book, make_profile):
    stays, leaves = make_profile(), make_profile()
    book.record(book.cell, EventType.ADMITTED, stays, date(2020, 3, 10))
    book.record(book.cell, EventType.ADMITTED, leaves, date(2020, 4, 10))
    book.record(book.cell, EventType.DIED, leaves, date(2021, 1, 1))

    assert book.cell.roll_on(date(2020, 3, 9)) == set()
    assert len(book.cell.roll_on(date(2020, 12, 31))) == 2
    assert book.cell.roll_on(date(2021, 1, 1)) == {book.member(stays.national_id).id}


# -- corrections and retractions ------------------------------------------------------


def test_a_correction_cannot_itself_be_corrected(book, person):
    admitted = book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10))
    correction = book.cell.correct(
        event_id=uuid4(),
        corrects=admitted["event_id"],
        reason="typo",
        changes={"note": "x"},
        today=TODAY,
        recorded_by="test",
        timestamp=NOW,
    )

    with pytest.raises(RuleViolation) as refused:
        book.cell.correct(
            event_id=uuid4(),
            corrects=correction["event_id"],
            reason="again",
            changes={"note": "y"},
            today=TODAY,
            recorded_by="test",
            timestamp=NOW,
        )

    assert refused.value.rule == "amend_an_amendment"


def test_a_retraction_cannot_itself_be_retracted(book, person):
    admitted = book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10))
    retraction = book.cell.retract(
        event_id=uuid4(),
        retracts=admitted["event_id"],
        reason="wrong person",
        recorded_by="test",
        timestamp=NOW,
    )

    with pytest.raises(RuleViolation) as refused:
        book.cell.retract(
            event_id=uuid4(),
            retracts=retraction["event_id"],
            reason="undo",
            recorded_by="test",
            timestamp=NOW,
        )

    assert refused.value.rule == "amend_an_amendment"


def test_an_event_cannot_be_retracted_twice(book, person):
    admitted = book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10))
    book.cell.retract(
        event_id=uuid4(),
        retracts=admitted["event_id"],
        reason="wrong person",
        recorded_by="test",
        timestamp=NOW,
    )

    with pytest.raises(RuleViolation) as refused:
        book.cell.retract(
            event_id=uuid4(),
            retracts=admitted["event_id"],
            reason="again",
            recorded_by="test",
            timestamp=NOW,
        )

    assert refused.value.rule == "already_retracted"


def test_a_retracted_event_cannot_be_corrected(book, person):
    admitted = book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10))
    book.cell.retract(
        event_id=uuid4(),
        retracts=admitted["event_id"],
        reason="wrong person",
        recorded_by="test",
        timestamp=NOW,
    )

    with pytest.raises(RuleViolation) as refused:
        book.cell.correct(
            event_id=uuid4(),
            corrects=admitted["event_id"],
            reason="typo",
            changes={"note": "x"},
            today=TODAY,
            recorded_by="test",
            timestamp=NOW,
        )

    assert refused.value.rule == "already_retracted"


def test_a_correction_cannot_move_an_event_into_the_future(book, person):
    admitted = book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10))

    with pytest.raises(RuleViolation) as refused:
        book.cell.correct(
            event_id=uuid4(),
            corrects=admitted["event_id"],
            reason="typo",
            changes={"effective_on": date(2027, 1, 1)},
            today=TODAY,
            recorded_by="test",
            timestamp=NOW,
        )

    assert refused.value.rule == "future_date"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({}, "changes"),
        ({"member_id": uuid4()}, "changes.member_id"),
        ({"type": "died"}, "changes.type"),
    ],
)
def test_a_correction_changes_only_correctable_fields(book, person, changes, field):
    admitted = book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10))

    with pytest.raises(InvalidValue) as invalid:
        book.cell.correct(
            event_id=uuid4(),
            corrects=admitted["event_id"],
            reason="typo",
            changes=changes,
            today=TODAY,
            recorded_by="test",
            timestamp=NOW,
        )

    assert invalid.value.field == field


def test_member_attributes_are_corrected_on_the_intake_event_only(book, person):
    book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10))
    died = book.record(book.cell, EventType.DIED, person, date(2021, 1, 1))

    with pytest.raises(InvalidValue) as invalid:
        book.cell.correct(
            event_id=uuid4(),
            corrects=died["event_id"],
            reason="typo",
            changes={"member": {"full_name": "X"}},
            today=TODAY,
            recorded_by="test",
            timestamp=NOW,
        )

    assert invalid.value.field == "changes.member"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_correction_or_retraction_needs_a_reason(book, person, reason):
    admitted = book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10))

    with pytest.raises(InvalidValue) as invalid:
        book.cell.retract(
            event_id=uuid4(),
            retracts=admitted["event_id"],
            reason=reason,
            recorded_by="test",
            timestamp=NOW,
        )

    assert invalid.value.field == "reason"


def test_amending_an_unknown_event_is_not_found(book):
    with pytest.raises(NotFound):
        book.cell.retract(
            event_id=uuid4(), retracts=uuid4(), reason="typo", recorded_by="test", timestamp=NOW
        )


def test_the_amended_event_stays_stored_as_it_was(book, person):
    admitted = book.record(book.cell, EventType.ADMITTED, person, date(2020, 3, 10))
    original = dict(admitted)

    book.cell.correct(
        event_id=uuid4(),
        corrects=admitted["event_id"],
        reason="typo",
        changes={"effective_on": date(2020, 3, 12)},
        today=TODAY,
        recorded_by="test",
        timestamp=NOW,
    )

    assert book.cell.find_entry(admitted["event_id"]) == original
    assert [e["type"] for e in book.cell.entries] == ["admitted", "correction"]
