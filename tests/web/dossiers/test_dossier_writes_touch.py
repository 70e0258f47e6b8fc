"""A dossier write is authorized from what it writes (the front door's `touches`), on the API
and on the pages alike: recognizing a probationer who has moved to another district's cell
writes that cell's roll, so the dossier's own clerk is refused there and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.admission.dossier import Dossier, Step
from domain.roll.values import EventType
from services.admission.commands import DecideRecognition, ExtendDeadline
from services.front_door.commands import RecordDossierStep
from services.front_door.handlers import Context, touches
from services.registry import Registry
from services.roll.commands import Counterpart, MemberRef, TransferOut
from tests import writes
from tests.web.conftest import Api, Tree
from tests.web.dossiers.conftest import DOSSIERS, journey
from tests.web.pages.conftest import Browser


@pytest.fixture
def moved_away(
    registry: Registry,
    tree: Tree,
    introducers: tuple[str, str],
    open_dossier: Callable[..., dict[str, Any]],
    record: Callable[..., dict[str, Any]],
) -> str:
    """A dossier whose probationer moved to district 2's cell before the probation's end."""
    dossier_id = open_dossier()["id"]
    record(dossier_id, *journey(introducers, tree.district)[:-1])  # up to the review
    dossier = registry.repository.get(UUID(dossier_id))
    assert isinstance(dossier, Dossier)
    member_id = (dossier.latest(Step.CEREMONY_HELD) or {})["member_id"]
    away = TransferOut(
        MemberRef(member_id=member_id), date(2024, 6, 3), destination=Counterpart(code=tree.cell2)
    )
    writes.transfer_out(registry, tree.cell, away, "test-clerk")
    return str(dossier_id)


def recognition(decided_by: str) -> dict[str, str]:
    return {
        "step": "recognized",
        "on": "2024-09-10",
        "decided_by": decided_by,
        "document_no": "9-QĐ/HU",
    }


def test_the_recognition_of_a_moved_probationer_touches_the_roll_they_are_on(
    registry: Registry, tree: Tree, moved_away: str
) -> None:
    dossier = registry.repository.get(UUID(moved_away))
    step = RecordDossierStep(UUID(moved_away), dossier_command(tree.district2))
    opening_cell_only = RecordDossierStep(UUID(moved_away), review_again())

    assert dossier.cell == tree.cell
    assert touches(registry, step, Context("x")) == {tree.cell, tree.cell2}
    assert touches(registry, opening_cell_only, Context("x")) == {tree.cell}


def test_the_api_refuses_the_dossier_clerk_a_step_that_writes_another_district(
    registry: Registry, tree: Tree, clerk: Api, moved_away: str
) -> None:
    before = registry.max_position()

    answer = clerk.post(
        f"{DOSSIERS.format(tree.cell)}/{moved_away}/steps", recognition(tree.district2)
    )

    assert answer.status_code == 404
    assert tree.cell2 not in answer.get_data(as_text=True)  # where they went is not told
    assert registry.max_position() == before


def test_the_pages_refuse_the_dossier_clerk_the_same_step(
    registry: Registry, tree: Tree, browse: Callable[..., Browser], moved_away: str
) -> None:
    cell_clerk = browse("cb01.clerk", tree.cell, "clerk")
    page = f"/orgs/{tree.cell}/dossiers/{moved_away}"
    data = {k: v for k, v in recognition(tree.district2).items() if k != "step"}
    before = registry.max_position()

    answer = cell_clerk.submit(f"{page}?step=recognized", data, step="recognized")

    assert answer.status_code == 404
    assert registry.max_position() == before


def test_someone_who_may_write_both_cells_records_it_on_the_roll_they_moved_to(
    registry: Registry, tree: Tree, make_api: Callable[..., Api], moved_away: str
) -> None:
    province = make_api("tinh.canbo", tree.province, "officer")

    answer = province.post(
        f"{DOSSIERS.format(tree.cell)}/{moved_away}/steps", recognition(tree.district2)
    )

    assert answer.status_code == 201, answer.get_json()
    recognized = [e for e in registry.stream(tree.cell2) if e.type == EventType.RECOGNIZED]
    assert len(recognized) == 1
    assert not any(e.type == EventType.RECOGNIZED for e in registry.stream(tree.cell))


def dossier_command(decided_by: str) -> DecideRecognition:
    return DecideRecognition(on=date(2024, 9, 10), decided_by=decided_by, document_no="9-QĐ/HU")


def review_again() -> ExtendDeadline:
    return ExtendDeadline(on=date(2024, 9, 1), reason="chờ")
