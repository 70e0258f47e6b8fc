"""The front door: one table from command type to handler, one unit of work per call."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import DomainError, RuleViolation
from domain.roll.values import OrgKind
from services.admission.commands import OpenDossier
from services.front_door import commands
from services.front_door.bus import handle
from services.front_door.commands import (
    Command,
    FoundOrganization,
    GrantAdmissionAuthority,
    MoveOrganization,
    OpenAdmissionDossier,
    RecordEvent,
    RenameOrganization,
    SetCertificateValidity,
    SetQuota,
    SetServiceTarget,
)
from services.front_door.handlers import HANDLERS, Context, touches
from services.roll.commands import (
    Admit,
    Correct,
    Counterpart,
    Decision,
    MemberRef,
    TransferIn,
    TransferOut,
)

CLERK = "test-clerk"
ON = date(2024, 1, 2)


def subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found | {s for c in found for s in subclasses(c)}


def test_every_command_has_a_handler_and_says_what_it_touches() -> None:
    assert commands.Command is Command
    assert subclasses(Command) == set(HANDLERS)
    assert all(route.handle and route.touches for route in HANDLERS.values())


def test_a_transfer_touches_both_sides(registry, province) -> None:
    out = TransferOut(
        MemberRef(national_id="001190000001"), ON, destination=Counterpart(code=province.other_cell)
    )
    into = TransferIn(
        MemberRef(national_id="001190000001"), ON, source=Counterpart(outside="Tỉnh khác")
    )
    context = Context(CLERK)

    assert touches(registry, RecordEvent(province.cell, out), context) == {
        province.cell,
        province.other_cell,
    }
    assert touches(registry, RecordEvent(province.cell, into), context) == {province.cell}


def test_a_correction_touches_the_other_side_of_a_paired_event_only(
    registry, province, make_profile
) -> None:
    admitted = handle(
        registry,
        RecordEvent(province.cell, Admit(MemberRef(profile=make_profile()), ON)),
        recorded_by=CLERK,
    ).receipts()[0]
    out = TransferOut(
        MemberRef(member_id=admitted.member_id),
        date(2024, 2, 1),
        destination=Counterpart(code=province.other_cell),
    )
    moved = handle(registry, RecordEvent(province.cell, out), recorded_by=CLERK).receipts()[0]
    context = Context(CLERK)

    def fix(event_id):
        return RecordEvent(
            province.cell, Correct(event_id, "sai", {"effective_on": date(2024, 1, 31)})
        )

    assert touches(registry, fix(moved.event_id), context) == {province.cell, province.other_cell}
    assert touches(registry, fix(admitted.event_id), context) == {province.cell}


def test_founding_touches_the_parent(registry, province) -> None:
    founding = FoundOrganization("T01.NEW", "Chi bộ mới", OrgKind.CELL, province.committee, ON)

    assert touches(registry, founding, Context(CLERK)) == {province.committee}


def test_many_commands_of_different_kinds_are_stored_in_one_save(
    registry, province, make_profile
) -> None:
    before = registry.max_position()
    founding = FoundOrganization(
        "T01.H01.DU01.CB09", "Chi bộ chín", OrgKind.CELL, province.committee, date(2023, 6, 1)
    )
    admission = RecordEvent("T01.H01.DU01.CB09", Admit(MemberRef(profile=make_profile()), ON))
    quota = SetQuota("T01.H01.DU01.CB09", "2024", 3, province.committee)

    handled = handle(registry, founding, admission, quota, recorded_by=CLERK)

    stored = registry.recorder.select_notifications(start=before + 1, limit=100)
    assert handled.position == stored[-1].id
    assert len(handled.receipts()) == 1 and handled.receipts()[0].position == handled.position
    assert registry.roll_count("T01.H01.DU01.CB09", ON) == 1


def test_a_batch_refused_at_its_last_command_stores_nothing(registry, province) -> None:
    before = registry.max_position()
    founding = FoundOrganization(
        "T01.H01.DU01.CB09", "Chi bộ chín", OrgKind.CELL, province.committee, ON
    )
    taken = FoundOrganization(province.cell, "Trùng mã", OrgKind.CELL, province.committee, ON)

    with pytest.raises(RuleViolation):
        handle(registry, founding, taken, recorded_by=CLERK)

    assert registry.max_position() == before


def test_reorganization_decisions_go_through_the_same_door(registry, province) -> None:
    second = "T01.H01.DU02"
    founding = FoundOrganization(
        second, "Đảng bộ xã Hai", OrgKind.GRASSROOTS_COMMITTEE, province.district, ON
    )
    handle(registry, founding, recorded_by=CLERK)
    decision = Decision("1-QĐ", date(2024, 5, 1), province.district)
    day = date(2024, 5, 2)
    rename = RenameOrganization(province.other_cell, "Chi bộ đổi tên", day, decision)
    move = MoveOrganization(province.other_cell, second, day, decision)

    assert touches(registry, move, Context(CLERK)) == {
        province.other_cell,
        second,
        province.committee,
    }
    handle(registry, rename, move, recorded_by=CLERK)

    org = registry.get_organization(province.other_cell)
    assert org.parent_on(day) == second
    assert org.parent_on(date(2024, 5, 1)) == province.committee


def test_a_dossier_opening_touches_its_cell_and_is_stored_with_its_indexes(
    registry, province, make_profile
) -> None:
    opening = OpenAdmissionDossier(
        OpenDossier(cell=province.cell, candidate=make_profile(), on=ON, actor="Chi bộ")
    )
    before = registry.max_position()

    assert touches(registry, opening, Context(CLERK)) == {province.cell}
    dossier = handle(registry, opening, recorded_by=CLERK).results[0]

    stored = registry.recorder.select_notifications(start=before + 1, limit=100)
    assert dossier.cell == province.cell
    assert len({n.originator_id for n in stored}) == 3  # the dossier and its two indexes


def test_pipeline_settings_touch_their_organization_and_two_go_in_one_save(
    registry, province
) -> None:
    target = SetServiceTarget(province.committee, 40, document_no="QĐ-1")
    validity = SetCertificateValidity(province.committee, 3)
    before = registry.max_position()

    assert touches(registry, target, Context(CLERK)) == {province.committee}
    assert touches(registry, validity, Context(CLERK)) == {province.committee}
    handled = handle(registry, target, validity, recorded_by=CLERK)

    settings = handled.results[1]
    assert settings is handled.results[0]  # one aggregate, loaded once
    assert settings.certificate_years == 3 and settings.service_target.days == 40
    stored = registry.recorder.select_notifications(start=before + 1, limit=100)
    assert handled.position == stored[-1].id


def test_a_refused_setting_stores_nothing_of_its_batch(registry, province) -> None:
    before = registry.max_position()
    target = SetServiceTarget(province.committee, 40)
    refused = GrantAdmissionAuthority(province.cell, ON, "QĐ-2")  # a cell cannot admit

    with pytest.raises(DomainError):
        handle(registry, target, refused, recorded_by=CLERK)

    assert registry.max_position() == before
