"""Admission dossiers (hồ sơ kết nạp) of an organization's subtree: the pipeline by stage, one
dossier and its steps, deadlines, step durations, the review agenda, the quota forecast and the
pipeline settings. Access is the reports' own: 404 outside the caller's subtree.

The bodies are services.admission.bodies's (parse_open, parse_step); this module only checks who
may do what and hands the commands to the front door (services.front_door), once `touches` says
the caller may write every organization they write.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import ValidationError, post_load, validates_schema

from services.admission import pipeline
from services.admission.bodies import (
    AdmissionAuthorityBodySchema,
    OpenDossierSchema,
    PipelineSettingsBodySchema,
    StepBodySchema,
    parse_open,
    parse_step,
)
from services.admission.views import average_days, deadline_lists, review_agenda
from services.front_door.bus import handle
from services.front_door.commands import (
    Command,
    GrantAdmissionAuthority,
    OpenAdmissionDossier,
    RecordDossierStep,
    RevokeAdmissionAuthority,
    SetCertificateValidity,
    SetServiceTarget,
)
from services.store.users import User
from web import reads
from web.api.args import IdempotencyHeaders
from web.api.common import CODE_PARAM, NoHostileText, blueprint
from web.api.dossier_schemas import (
    AgendaArgs,
    AgendaSchema,
    DeadlineArgs,
    DeadlinesSchema,
    DossierDetailSchema,
    ForecastReportSchema,
    ListArgs,
    PipelineArgs,
    PipelineSchema,
    SettingsSchema,
    StepAveragesSchema,
)
from web.api.orgs import idempotency_key
from web.errors import ApiError, ErrorSchema
from web.extensions import get_registry
from web.permissions.access import require_officer, require_read, require_write
from web.permissions.dossiers import (
    agenda_rows,
    detail,
    is_retry,
    pipeline_view,
    reachable_dossier,
    settings_view,
    visible_scope,
)
from web.permissions.writes import require_writable

blp = blueprint(
    "dossiers",
    "Admission dossiers (hồ sơ kết nạp): from the source list to official member.",
    "/api/v1/orgs",
)
CONFLICT = "a domain rule refused: `code` names it; nothing was stored"
REPLAYED = {
    "Idempotent-Replayed": {
        "description": "true when this answers a retry: nothing new was stored",
        "schema": {"type": "string", "enum": ["true", "false"]},
    }
}


class OpenDossierBody(NoHostileText, OpenDossierSchema):
    """A candidate put on the source list of the cell in the URL."""

    @post_load(pass_original=True)
    def keep_body(self, data: dict[str, Any], original: Any, **_: Any) -> dict[str, Any]:
        return {"body": original}  # validated: parse_open builds the command


class StepBody(NoHostileText, StepBodySchema):
    """One step of a dossier; `step` says which, and which other fields it takes."""

    @post_load(pass_original=True)
    def make_command(self, data: Any, original: Any, **_: Any) -> dict[str, Any]:
        return {"body": original}  # validated: parse_step builds the command


class SettingsBody(NoHostileText, PipelineSettingsBodySchema):
    """The service target from receipt to decision and the course certificates' validity."""

    @validates_schema
    def check_something_set(self, data: dict[str, Any], **_: Any) -> None:
        if "service_target_days" not in data and "certificate_years" not in data:
            raise ValidationError("give service_target_days or certificate_years (null clears)")


class AuthorityBody(NoHostileText, AdmissionAuthorityBodySchema):
    """A grassroots committee authorised (or no longer) to decide admissions."""


def send(user: User, *commands: Command) -> Any:
    """Through the front door, once the user may write every organization the commands write
    (the same rule as the pages: web.permissions.writes); answers the first command's result."""
    require_writable(user, *commands)
    return handle(get_registry(), *commands, recorded_by=user.name, key_scope=user.org).results[0]


@blp.route("/<code>/dossiers", parameters=[CODE_PARAM])
class Dossiers(MethodView):
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, PipelineSchema)
    def get(self, args: dict[str, Any], code: str) -> dict[str, Any]:
        """The pipeline of the subtree: dossiers by stage and by cell, and the dossiers themselves."""
        scope = visible_scope(code, args.get("as_of"))
        return pipeline_view(code, scope, args.get("stage"))

    @blp.arguments(IdempotencyHeaders, location="headers")
    @blp.arguments(OpenDossierBody)
    @blp.response(201, DossierDetailSchema, headers=REPLAYED)
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    def post(
        self, headers: dict[str, Any], body: dict[str, Any], code: str
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Put a candidate on the cell's source list (danh sách cảm tình Đảng): a new dossier."""
        user = require_write(code)
        raw = dict(body["body"])
        key = idempotency_key(headers.get("key"), raw.get("id"))
        if key:
            raw["id"] = key
        registry = get_registry()
        replayed = key is not None and (
            pipeline.dossier_for_key(registry, key, user.org, user.name) is not None
        )
        opening = OpenAdmissionDossier(parse_open(code, raw))
        dossier = send(user, opening)
        answer = {
            "Location": f"/api/v1/orgs/{dossier.cell}/dossiers/{dossier.id}",
            "Idempotent-Replayed": "true" if replayed else "false",
        }
        return detail(dossier), 201, answer


@blp.route("/<code>/dossiers/<uuid:dossier_id>", parameters=[CODE_PARAM])
class Dossier(MethodView):
    @blp.arguments(PipelineArgs, location="query")
    @blp.response(200, DossierDetailSchema)
    def get(self, args: dict[str, Any], code: str, dossier_id: UUID) -> dict[str, Any]:
        """A dossier: the candidate, every step, what may come next and its running deadlines."""
        as_of = args.get("as_of")
        return detail(reachable_dossier(code, dossier_id, as_of), as_of)


@blp.route("/<code>/dossiers/<uuid:dossier_id>/steps", parameters=[CODE_PARAM])
class Steps(MethodView):
    @blp.arguments(IdempotencyHeaders, location="headers")
    @blp.arguments(StepBody)
    @blp.response(201, DossierDetailSchema, headers=REPLAYED)
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    def post(
        self, headers: dict[str, Any], body: dict[str, Any], code: str, dossier_id: UUID
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Record a step (the ceremony also admits on the roll, in the same transaction).

        With an `Idempotency-Key`, a retry of the step last recorded (same step, day, actor and
        document number) answers with the dossier and stores nothing.
        """
        dossier = reachable_dossier(code, dossier_id)
        user = require_write(dossier.cell)
        command = parse_step(body["body"])
        if headers.get("key") and is_retry(dossier, command):
            return detail(dossier), 201, {"Idempotent-Replayed": "true"}
        dossier = send(user, RecordDossierStep(dossier.id, command))
        return detail(dossier), 201, {"Idempotent-Replayed": "false"}


@blp.route("/<code>/dossiers/deadlines", parameters=[CODE_PARAM])
class Deadlines(MethodView):
    @blp.arguments(DeadlineArgs, location="query")
    @blp.response(200, DeadlinesSchema)
    def get(self, args: dict[str, Any], code: str) -> dict[str, Any]:
        """Overdue deadlines (most overdue first), then those due within `within` days."""
        scope = visible_scope(code, args.get("as_of"))
        lists = deadline_lists(
            scope.dossiers, scope.today, pipeline.workdays_calendar(), scope.targets, args["within"]
        )
        return {
            "org": code,
            "as_of": scope.today,
            "within": args["within"],
            "overdue": lists.overdue,
            "due_soon": lists.due_soon,
        }


@blp.route("/<code>/dossiers/step-days", parameters=[CODE_PARAM])
class StepDays(MethodView):
    @blp.arguments(PipelineArgs, location="query")
    @blp.response(200, StepAveragesSchema)
    def get(self, args: dict[str, Any], code: str) -> dict[str, Any]:
        """Average days from one step to the next, over every dossier of the subtree."""
        scope = visible_scope(code, args.get("as_of"))
        steps = average_days(scope.dossiers, pipeline.workdays_calendar())
        return {"org": code, "as_of": scope.today, "dossiers": len(scope.dossiers), "steps": steps}


@blp.route("/<code>/dossiers/agenda", parameters=[CODE_PARAM])
class Agenda(MethodView):
    @blp.arguments(AgendaArgs, location="query")
    @blp.response(200, AgendaSchema)
    def get(self, args: dict[str, Any], code: str) -> dict[str, Any]:
        """The next review meeting's agenda: dossiers ready for the competent body, oldest first."""
        scope = visible_scope(code, args.get("as_of"))
        items = review_agenda(
            scope.dossiers, scope.today, pipeline.workdays_calendar(), args.get("limit")
        )
        return {"org": code, "as_of": scope.today, "items": agenda_rows(items, scope.today)}


@blp.route("/<code>/dossiers/forecast", parameters=[CODE_PARAM])
class Forecast(MethodView):
    @blp.arguments(PipelineArgs, location="query")
    @blp.response(200, ForecastReportSchema)
    def get(self, args: dict[str, Any], code: str) -> dict[str, Any]:
        """This year's quota forecast: admitted + decided awaiting ceremony + awaiting decision."""
        day = args.get("as_of") or get_registry().today()
        result = reads.forecast(code, day)
        return {"org": code, "year": day.year, "as_of": day, **asdict(result)}


@blp.route("/<code>/dossiers/settings", parameters=[CODE_PARAM])
class Settings(MethodView):
    @blp.response(200, SettingsSchema)
    def get(self, code: str) -> dict[str, Any]:
        """The pipeline settings in force for the organization (its own, else its superiors')."""
        require_read(code)
        return settings_view(code)

    @blp.arguments(SettingsBody)
    @blp.response(200, SettingsSchema)
    def put(self, body: dict[str, Any], code: str) -> dict[str, Any]:
        """Set the organization's service target and certificate validity for its subtree."""
        user = require_officer(code)
        document = body.get("document_no")
        changes: list[Command] = []
        if "service_target_days" in body:
            days = body["service_target_days"]
            changes.append(SetServiceTarget(code, days, body["working_days"], document))
        if "certificate_years" in body:
            changes.append(SetCertificateValidity(code, body["certificate_years"], document))
        send(user, *changes)
        return settings_view(code)


@blp.route("/<code>/dossiers/authority", parameters=[CODE_PARAM])
class Authority(MethodView):
    @blp.arguments(AuthorityBody)
    @blp.response(200, SettingsSchema)
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    def post(self, body: dict[str, Any], code: str) -> dict[str, Any]:
        """Authorise a grassroots committee to decide admissions from a day, or end it."""
        user = require_officer(code)
        if user.org == code:
            raise ApiError(403, "forbidden", "the authority is given by a superior committee")
        kind = GrantAdmissionAuthority if body["action"] == "grant" else RevokeAdmissionAuthority
        send(user, kind(code, body["from_on"], body["document_no"]))
        return settings_view(code)
