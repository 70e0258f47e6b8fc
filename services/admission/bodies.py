"""JSON bodies of the admission pipeline (web API, CLI): marshmallow schemas and their commands.

One schema per body declares every field, so the OpenAPI document shows them; which fields a
step needs or forbids is checked per step, naming the field (as services/roll/bodies.py does for
roll events). The answers' schemas are in answers.py.
"""

from __future__ import annotations

from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from domain.admission.dossier import RECOGNIZE, STRIKE_OFF, Step, Votes
from domain.errors import InvalidValue
from domain.roll.profile import MemberProfile
from services.admission.commands import STEP_COMMANDS, OpenDossier, StepCommand
from services.roll.commands import MemberRef
from services.roll.member_bodies import PROFILE_FIELDS, MemberSchema

TEXT = validate.Length(min=1, max=200)
LONG_TEXT = validate.Length(min=1, max=1000)
VOTES = {"votes_for", "votes_against", "eligible"}
DECISION = {"decided_by"}

# Which fields each step accepts beyond step/on/actor/document_no/note, and which it requires.
ALLOWED: dict[str, set[str]] = {
    Step.COURSE_COMPLETED: {"certificate_no"},
    Step.APPLICATION_SUBMITTED: set(),
    Step.INTRODUCERS_ASSIGNED: {"introducers"},
    Step.BACKGROUND_VERIFIED: {"conclusion", "satisfactory"},
    Step.YOUTH_UNION_ENDORSED: set(),
    Step.CELL_RESOLVED: VOTES | {"provincial_approval"},
    Step.COMMITTEE_RESOLVED: VOTES,
    Step.RECEIVED: set(),
    Step.DEADLINE_EXTENDED: {"reason"},
    Step.DECIDED: DECISION | {"received_on"},
    Step.REFUSED: DECISION | {"reason"},
    Step.CEREMONY_HELD: {"late_approval"},
    Step.PROBATION_REVIEWED: VOTES | {"outcome"},
    Step.RECOGNIZED: DECISION,
    Step.STRUCK_OFF: DECISION | {"reason"},
    Step.WITHDRAWN: {"reason"},
    Step.SUSPENDED: {"reason"},
    Step.RESUMED: set(),
}
REQUIRED: dict[str, set[str]] = {
    Step.COURSE_COMPLETED: {"certificate_no"},
    Step.INTRODUCERS_ASSIGNED: {"introducers"},
    Step.BACKGROUND_VERIFIED: {"conclusion"},
    Step.CELL_RESOLVED: VOTES,
    Step.COMMITTEE_RESOLVED: VOTES,
    Step.DEADLINE_EXTENDED: {"reason"},
    Step.DECIDED: DECISION | {"document_no"},
    Step.REFUSED: DECISION | {"reason"},
    Step.PROBATION_REVIEWED: VOTES | {"outcome"},
    Step.RECOGNIZED: DECISION | {"document_no"},
    Step.STRUCK_OFF: DECISION | {"document_no"},
    Step.WITHDRAWN: {"reason"},
    Step.SUSPENDED: {"reason"},
}
COMMON = {"step", "on", "actor", "document_no", "note"}


class IntroducerSchema(Schema):
    """An introducer, by member id or national ID."""

    class Meta:
        unknown = RAISE

    member_id = fields.UUID()
    national_id = fields.String(validate=validate.Regexp(r"^(\d{9}|\d{12})$"))

    @validates_schema
    def check_one(self, data: dict[str, Any], **_: Any) -> None:
        if len(data) != 1:
            raise ValidationError("give exactly one of member_id or national_id")


class OpenDossierSchema(Schema):
    """A candidate put on a cell's source list (the cell is in the URL)."""

    class Meta:
        unknown = RAISE

    id = fields.String(
        validate=TEXT, metadata={"description": "client key: the same key opens the dossier once"}
    )
    on = fields.Date(required=True, metadata={"description": "day put on the source list"})
    actor = fields.String(validate=TEXT)
    document_no = fields.String(validate=validate.Length(min=1, max=100))
    note = fields.String(validate=LONG_TEXT)
    education_exemption = fields.String(
        validate=TEXT, metadata={"description": "guidance applying below lower secondary"}
    )
    candidate = fields.Nested(MemberSchema, required=True)

    @validates_schema
    def check_candidate(self, data: dict[str, Any], **_: Any) -> None:
        missing = [
            f for f in PROFILE_FIELDS if f not in data.get("candidate", {}) and f != "religion"
        ]
        if missing:
            raise ValidationError({"candidate": {name: ["is required"] for name in missing}})


class StepBodySchema(Schema):
    """One step of a dossier; `step` says which, and which other fields it takes."""

    class Meta:
        unknown = RAISE

    step = fields.String(required=True, validate=validate.OneOf([s.value for s in STEP_COMMANDS]))
    on = fields.Date(required=True, metadata={"description": "the day of the step (its document)"})
    actor = fields.String(validate=TEXT, metadata={"description": "who acted"})
    document_no = fields.String(validate=validate.Length(min=1, max=100))
    note = fields.String(validate=LONG_TEXT)
    certificate_no = fields.String(validate=validate.Length(min=1, max=100))
    introducers = fields.List(fields.Nested(IntroducerSchema), validate=validate.Length(equal=2))
    conclusion = fields.String(validate=LONG_TEXT)
    satisfactory = fields.Boolean()
    votes_for = fields.Integer(validate=validate.Range(min=0))
    votes_against = fields.Integer(validate=validate.Range(min=0))
    eligible = fields.Integer(validate=validate.Range(min=1))
    provincial_approval = fields.String(validate=TEXT)
    reason = fields.String(validate=LONG_TEXT)
    decided_by = fields.String(
        validate=validate.Length(min=1, max=64), metadata={"description": "organization code"}
    )
    received_on = fields.Date(metadata={"description": "day the cell received the decision"})
    late_approval = fields.String(validate=TEXT)
    outcome = fields.String(validate=validate.OneOf([RECOGNIZE, STRIKE_OFF]))

    @validates_schema
    def check_fields_for_step(self, data: dict[str, Any], **_: Any) -> None:
        step = data.get("step")
        if step not in ALLOWED:
            return
        errors: dict[str, list[str]] = {}
        for name in sorted(set(data) - COMMON - ALLOWED[step]):
            errors.setdefault(name, []).append(f"not used by step {step}")
        for name in sorted(REQUIRED.get(step, set()) - set(data)):
            errors.setdefault(name, []).append(f"required for step {step}")
        if errors:
            raise ValidationError(errors)

    @post_load
    def make_command(self, data: dict[str, Any], **_: Any) -> StepCommand:
        try:
            return to_step_command(data)
        except InvalidValue as error:
            raise ValidationError({error.field: [error.message]}) from None


def to_step_command(data: dict[str, Any]) -> StepCommand:
    """Build the command a validated step body asks for."""
    values = {k: v for k, v in data.items() if k != "step"}
    if set(values) >= VOTES:
        values["votes"] = Votes(
            values.pop("votes_for"), values.pop("votes_against"), values.pop("eligible")
        )
    if "introducers" in values:
        values["introducers"] = tuple(MemberRef(**ref) for ref in values["introducers"])
    return STEP_COMMANDS[Step(data["step"])](**values)


def parse_open(cell: str, body: Any) -> OpenDossier:
    """Validate an opening body for a cell; raises ValidationError with per-field messages."""
    if not isinstance(body, dict):
        raise ValidationError({"_schema": ["the body must be a JSON object"]})
    data = OpenDossierSchema().load(body)
    try:
        candidate = MemberProfile.from_dict({"religion": None, **data["candidate"]})
    except InvalidValue as error:
        raise ValidationError(
            {"candidate": {error.field.split(".")[-1]: [error.message]}}
        ) from None
    return OpenDossier(
        cell=cell,
        candidate=candidate,
        on=data["on"],
        actor=data.get("actor", ""),
        document_no=data.get("document_no"),
        note=data.get("note"),
        education_exemption=data.get("education_exemption"),
        client_key=data.get("id"),
    )


def parse_step(body: Any) -> StepCommand:
    """Validate a step body; raises ValidationError with per-field messages."""
    if not isinstance(body, dict):
        raise ValidationError({"_schema": ["the body must be a JSON object"]})
    command: StepCommand = StepBodySchema().load(body)
    return command


# -- settings -------------------------------------------------------------------------------


class PipelineSettingsBodySchema(Schema):
    """An organization's pipeline settings for its subtree; null clears a setting."""

    class Meta:
        unknown = RAISE

    service_target_days = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=366))
    working_days = fields.Boolean(load_default=True)
    certificate_years = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=10))
    document_no = fields.String(validate=validate.Length(min=1, max=100))


class AdmissionAuthorityBodySchema(Schema):
    """A grassroots committee's authority to decide admissions, granted or revoked from a day."""

    class Meta:
        unknown = RAISE

    action = fields.String(required=True, validate=validate.OneOf(["grant", "revoke"]))
    from_on = fields.Date(required=True)
    document_no = fields.String(required=True, validate=validate.Length(min=1, max=100))
