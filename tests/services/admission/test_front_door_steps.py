"""Dossier steps through the front door: the same step functions, the dossier's cell touched."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.admission.dossier import Step
from services.admission.commands import CompleteCourse
from services.front_door.bus import handle
from services.front_door.commands import RecordDossierStep
from services.front_door.handlers import Context, touches

CLERK = "pipeline-clerk"


def test_a_dossier_step_through_the_front_door_is_recorded_and_touches_its_cell(
    driver: Any, province: Any, registry: Any
) -> None:
    opened = driver.open(province.cell, date(2024, 1, 5))
    step = RecordDossierStep(opened.id, CompleteCourse(on=date(2024, 1, 8), certificate_no="CN-7"))

    assert touches(registry, step, Context(CLERK)) == {province.cell}
    handled = handle(registry, step, recorded_by=CLERK)

    assert handled.results[0].id == opened.id
    assert registry.repository.get(opened.id).latest(Step.COURSE_COMPLETED) is not None
    assert handled.position == registry.max_position()
