"""Admission dossiers as the signed-in user may see them, shared by the API and the pages.

A dossier is read through an organization code: it must be kept by a cell in that
organization's subtree (as the tree stands today) that the user may read; anything else is
404, like a dossier that does not exist. Recording a step needs the right to write for the
dossier's cell (web.permissions.access.require_write).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Any
from uuid import UUID

from flask import g
from werkzeug.exceptions import NotFound

from domain.admission.deadlines import running_deadlines
from domain.admission.dossier import Dossier, Stage
from domain.admission.settings import PipelineSettings
from domain.admission.state import DossierState
from domain.errors import NotFound as DomainNotFound
from projections.names import name_key
from services.admission import pipeline
from services.admission.commands import StepCommand
from services.admission.facts import settings_id
from services.admission.queries import as_it_stood, stored
from services.admission.views import AgendaItem, describe, stage_counts
from web.auth import current_user
from web.extensions import get_registry
from web.permissions.access import can_read, in_subtree, require_read


def visible_scope(code: str, as_of: date | None = None) -> pipeline.Scope:
    """The dossiers of `code`'s subtree the user may read (404 when `code` is out of reach)."""
    require_read(code, as_of)
    scope = pipeline.scope(get_registry(), code, as_of)
    user = current_user()
    return replace(scope, dossiers=[d for d in scope.dossiers if can_read(user, d.cell, as_of)])


def not_found(dossier_id: UUID) -> NotFound:
    return NotFound(str(DomainNotFound("dossier", dossier_id)))


def reachable_dossier(code: str, dossier_id: UUID, as_of: date | None = None) -> Dossier:
    """The dossier as it stood on `as_of` (default today), if kept under `code` that day in a
    cell the user reached that day; otherwise 404 (also when it was opened later)."""
    require_read(code, as_of)
    registry = get_registry()
    try:
        dossier = pipeline.get_dossier(registry, dossier_id)
    except DomainNotFound:
        raise not_found(dossier_id) from None
    day = as_of or registry.today()
    if not (in_subtree(dossier.cell, code, day) and can_read(current_user(), dossier.cell, day)):
        raise not_found(dossier_id)
    then = as_it_stood(dossier, day)
    if then is None:
        raise not_found(dossier_id)
    return then


def competent(cell: str, day: date) -> list[str]:
    """Codes of the bodies competent to decide for a cell on a day (once per request)."""
    memo: dict[tuple[str, date], list[str]] = g.setdefault("sodang_competent", {})
    if (cell, day) not in memo:
        memo[(cell, day)] = pipeline.competent_for(get_registry(), cell, day)
    return memo[(cell, day)]


def detail(dossier: Dossier, as_of: date | None = None) -> dict[str, Any]:
    """The dossier as the API's DossierDetail: steps, next steps, deadlines, competent bodies."""
    registry = get_registry()
    day = as_of or registry.today()
    target = pipeline.settings_for(registry, dossier.cell, day).service_target
    seen = describe(dossier, day, pipeline.workdays_calendar(), target)
    return {**seen, "competent": competent(dossier.cell, day)}


def summary(dossier: DossierState, scope: pipeline.Scope) -> dict[str, Any]:
    deadlines = running_deadlines(
        dossier, pipeline.workdays_calendar(), scope.targets.get(dossier.cell)
    )
    last = dossier.log[-1]
    return {
        "id": dossier.id,
        "cell": dossier.cell,
        "full_name": dossier.candidate_data["full_name"],
        "stage": dossier.stage.value,
        "opened_on": dossier.opened_on,
        "last_step": last["step"],
        "last_step_on": last["on"],
        "due_on": min((d.due_on for d in deadlines), default=None),
        "overdue": any(d.is_overdue(scope.today) for d in deadlines),
        "due_soon": any(d.is_due_soon(scope.today) for d in deadlines),
    }


def pipeline_view(
    code: str, scope: pipeline.Scope, stage: str | None, listed: bool = True
) -> dict[str, Any]:
    """Counts by stage (total and per cell) and the dossiers, of one stage when asked (none
    when not `listed`: a page that shows only the counts)."""
    table = stage_counts(scope.dossiers)
    chosen = [d for d in scope.dossiers if stage is None or d.stage == Stage(stage)]
    chosen = chosen if listed else []
    chosen.sort(key=lambda d: (d.cell, d.opened_on, name_key(d.candidate_data["full_name"])))
    return {
        "org": code,
        "as_of": scope.today,
        "stage": stage,
        "total": len(scope.dossiers),
        "by_stage": {s.value: n for s, n in table["total"].items()},
        "cells": [
            {"cell": cell, "by_stage": {s.value: n for s, n in counts.items()}}
            for cell, counts in table.items()
            if cell != "total"
        ],
        "dossiers": [summary(d, scope) for d in chosen],
    }


def agenda_rows(items: list[AgendaItem], day: date) -> list[dict[str, Any]]:
    """Agenda items with the bodies competent for each cell on the day."""
    return [{**asdict(item), "competent": competent(item.cell, day)} for item in items]


def settings_view(code: str) -> dict[str, Any]:
    """The settings in force for `code` and the periods it was authorised to admit."""
    registry = get_registry()
    found = pipeline.settings_for(registry, code)
    own = stored(registry, settings_id(registry.ids, code), PipelineSettings)
    target = found.service_target
    return {
        "org": code,
        "certificate_years": found.certificate_years,
        "service_target": asdict(target) if target is not None else None,
        "admission_authority": [
            {"from_on": p["from"], "until": p["until"], "document_no": p["doc"]}
            for p in (own.authority if own is not None else [])
        ],
    }


def is_retry(dossier: Dossier, command: StepCommand) -> bool:
    """Whether the command repeats the step last recorded (same step, day, actor, document)."""
    last = dossier.log[-1]
    document = command.document_no or getattr(command, "certificate_no", None)
    return bool(
        last["step"] == command.step.value
        and last["on"] == command.on
        and (last.get("actor") or "") == (command.actor or "")
        and last.get("document_no") == document
    )
