"""The JSON event body shared by the import file and the web API, and its conversion to commands.

One schema declares every field (so the OpenAPI document shows them); which fields a
type needs or forbids is checked per type, naming the field.
"""

from __future__ import annotations

from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates_schema,
)

from domain.errors import InvalidValue
from domain.roll.profile import MemberProfile
from domain.roll.values import (
    EventType,
    MemberStatus,
    StrikeOffReason,
)
from services.roll.commands import (
    Admit,
    Command,
    Correct,
    Counterpart,
    Decision,
    MemberRef,
    Readmit,
    Recognize,
    Remove,
    Retract,
    TransferIn,
    TransferOut,
)
from services.roll.member_bodies import (
    PROFILE_FIELDS,
    ChangesSchema,
    Counterparty,
    MemberSchema,
    choices,
)
from services.roll.text_guards import hostile_text

# Which optional fields each type accepts beyond type/effective_on/note/member/member_id.
ALLOWED: dict[str, set[str]] = {
    "admitted": {
        "decision_no",
        "decision_on",
        "decided_by",
        "provincial_approval",
        "considered_on",
    },
    "readmitted": {
        "decision_no",
        "decision_on",
        "decided_by",
        "provincial_approval",
        "considered_on",
    },
    "transferred_in": {"from", "status", "admitted_on", "decision_no", "decision_on", "decided_by"},
    "recognized": {"decision_no", "decision_on", "decided_by"},
    "transferred_out": {"to", "decision_no", "decision_on", "decided_by"},
    "expelled": {"reason", "decision_no", "decision_on", "decided_by"},
    "struck_off": {"reason", "decision_no", "decision_on", "decided_by"},
    "died": {"reason"},
    "admission_annulled": {"reason", "decision_no", "decision_on", "decided_by"},
    "correction": {"corrects", "corrects_key", "reason", "changes"},
    "retraction": {"retracts", "retracts_key", "reason"},
}
REQUIRED: dict[str, set[str]] = {
    "admitted": {"effective_on", "decision_no", "decision_on", "decided_by", "member"},
    "readmitted": {"effective_on", "decision_no", "decision_on", "decided_by", "member"},
    "transferred_in": {"effective_on", "from"},
    "recognized": set(),
    "transferred_out": {"effective_on", "to"},
    "expelled": {"effective_on", "reason"},
    "struck_off": {"effective_on", "reason"},
    "died": {"effective_on"},
    "admission_annulled": {"effective_on", "reason"},
    "correction": {"reason", "changes"},
    "retraction": {"reason"},
}
COMMON = {"type", "id", "note"}
MEMBER_FIELDS = {"member", "member_id", "effective_on"}


class EventBodySchema(Schema):
    """One roll event: an intake, a recognition, a removal, a correction or a retraction."""

    class Meta:
        unknown = RAISE

    id = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={
            "description": "client key (import files); the API uses the Idempotency-Key header"
        },
    )
    # Carries belong to reorganization decisions (services/structure/reorganization.py), not to bodies.
    type = fields.String(
        required=True, validate=validate.OneOf([e.value for e in EventType if not e.is_carry])
    )
    effective_on = fields.Date(metadata={"description": "valid time: the day it took effect"})
    decision_no = fields.String(validate=validate.Length(min=1, max=100))
    decision_on = fields.Date()
    decided_by = fields.String(validate=validate.Length(min=1, max=100))
    considered_on = fields.Date(
        metadata={"description": "the day the cell considered the admission (age is counted on it)"}
    )
    provincial_approval = fields.String(validate=validate.Length(min=1, max=200))
    member = fields.Nested(MemberSchema)
    member_id = fields.UUID()
    from_ = fields.Raw(
        data_key="from", metadata={"description": 'organization code or {"outside": text}'}
    )
    to = fields.Raw(metadata={"description": 'organization code or {"outside": text}'})
    status = fields.String(validate=choices(MemberStatus))
    admitted_on = fields.Date()
    reason = fields.String(validate=validate.Length(min=1, max=500))
    corrects = fields.UUID()
    corrects_key = fields.String(validate=validate.Length(min=1, max=200))
    retracts = fields.UUID()
    retracts_key = fields.String(validate=validate.Length(min=1, max=200))
    changes = fields.Nested(ChangesSchema)
    note = fields.String(validate=validate.Length(max=1000))

    @pre_load
    def refuse_hostile_text(self, data: Any, **_: Any) -> Any:
        """Markup in names or control characters anywhere: refused, for the file and the API alike."""
        problems = hostile_text(data) if isinstance(data, dict) else {}
        if problems:
            raise ValidationError(problems)
        return data

    @validates_schema
    def admitted_before_arriving(self, data: dict[str, Any], **_: Any) -> None:
        """A member transferred in was admitted before arriving."""
        admitted, arrived = data.get("admitted_on"), data.get("effective_on")
        if admitted is not None and arrived is not None and admitted > arrived:
            raise ValidationError("must not be after effective_on", "admitted_on")

    @validates_schema
    def check_fields_for_type(self, data: dict[str, Any], **_: Any) -> None:
        kind = data.get("type")
        if kind not in ALLOWED:
            return
        present = {("from" if k == "from_" else k) for k in data}
        errors: dict[str, list[str]] = {}
        allowed = (
            COMMON
            | ALLOWED[kind]
            | (set() if kind in ("correction", "retraction") else MEMBER_FIELDS)
        )
        for name in sorted(present - allowed):
            errors.setdefault(name, []).append(f"not used by type {kind}")
        for name in sorted(REQUIRED[kind] - present):
            errors.setdefault(name, []).append(f"required for type {kind}")
        if kind not in ("correction", "retraction") and not present & {"member", "member_id"}:
            errors.setdefault("member", []).append(
                "name the member: member_id or member.national_id"
            )
        for ref, key in (("corrects", "corrects_key"), ("retracts", "retracts_key")):
            if kind.startswith(ref[:7]) and (ref in present) == (key in present):
                errors.setdefault(ref, []).append(f"give exactly one of {ref} or {key}")
        if (
            kind == "struck_off"
            and "reason" in data
            and data["reason"] not in {r.value for r in StrikeOffReason}
        ):
            allowed_reasons = ", ".join(r.value for r in StrikeOffReason)
            errors.setdefault("reason", []).append(f"must be one of: {allowed_reasons}")
        for side in ("from_", "to"):
            if side in data:
                try:
                    data[side] = Counterparty().deserialize(data[side])
                except ValidationError as error:
                    errors.setdefault(side.rstrip("_"), []).extend(error.messages)
        if kind == "transferred_in" and isinstance(data.get("from_"), Counterpart):
            if data["from_"].outside and "status" not in data:
                errors.setdefault("status", []).append(
                    "required when the member comes from outside"
                )
            if data.get("status") == "probationary" and "admitted_on" not in data:
                errors.setdefault("admitted_on", []).append("required for a probationary member")
        if errors:
            raise ValidationError(errors)

    @post_load
    def make_command(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        try:
            command = to_command(data)
        except InvalidValue as error:
            raise ValidationError({error.field: [error.message]}) from None
        return {"command": command, "client_key": data.get("id")}


def member_ref(data: dict[str, Any], full: bool) -> MemberRef:
    member = data.get("member") or {}
    profile = None
    if full or len(member) > 1:
        missing = [f for f in PROFILE_FIELDS if f not in member and f != "religion"]
        if missing:
            raise InvalidValue(f"member.{missing[0]}", "is required with the member's attributes")
        profile = MemberProfile.from_dict({"religion": None, **member})
    return MemberRef(
        member_id=data.get("member_id"), national_id=member.get("national_id"), profile=profile
    )


def to_command(data: dict[str, Any]) -> Command:
    """Build the command a validated body asks for."""
    kind = EventType(data["type"])
    if kind == EventType.CORRECTION:
        return Correct(
            data.get("corrects"), data["reason"], data["changes"], data.get("corrects_key")
        )
    if kind == EventType.RETRACTION:
        return Retract(data.get("retracts"), data["reason"], data.get("retracts_key"))
    decision = Decision(data.get("decision_no"), data.get("decision_on"), data.get("decided_by"))
    common: dict[str, Any] = {
        "member": member_ref(data, full=kind == EventType.ADMITTED),
        "effective_on": data.get("effective_on"),
        "decision": decision,
        "note": data.get("note"),
    }
    if kind == EventType.ADMITTED:
        return Admit(
            **common,
            provincial_approval=data.get("provincial_approval"),
            considered_on=data.get("considered_on"),
        )
    if kind == EventType.READMITTED:
        return Readmit(
            **common,
            provincial_approval=data.get("provincial_approval"),
            considered_on=data.get("considered_on"),
        )
    if kind == EventType.TRANSFERRED_IN:
        status = MemberStatus(data["status"]) if data.get("status") else None
        return TransferIn(
            **common, source=data["from_"], status=status, admitted_on=data.get("admitted_on")
        )
    if kind == EventType.RECOGNIZED:
        return Recognize(**common)
    if kind == EventType.TRANSFERRED_OUT:
        return TransferOut(**common, destination=data["to"])
    reason = data.get("reason")
    if kind == EventType.STRUCK_OFF and reason is not None:
        reason = StrikeOffReason(reason)
    return Remove(**common, removal=kind, reason=reason)


# Building a schema deep-copies its fields: build it once (loading keeps no state on it).
_SCHEMA = EventBodySchema()


def parse_body(body: Any) -> tuple[Command, str | None]:
    """Validate one body; raises marshmallow.ValidationError with per-field messages."""
    if not isinstance(body, dict):
        raise ValidationError({"_schema": ["the event must be a JSON object"]})
    loaded = _SCHEMA.load(body)
    return loaded["command"], loaded["client_key"]
