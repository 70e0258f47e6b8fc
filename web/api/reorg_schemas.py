"""Schemas of the reorganization endpoint (sắp xếp tổ chức): the decision asked for and what it
changes (or would change, in a preview), with the conservation check."""

from __future__ import annotations

from datetime import date
from typing import NotRequired, TypedDict

from marshmallow import Schema, fields, validate

from domain.roll.values import CODE_PATTERN, OrgKind
from web.api.common import NoHostileText
from web.api.fields import Day

KINDS = ("rename", "move", "merge", "split", "dissolve")


def code_field(**kwargs: object) -> fields.String:
    return fields.String(validate=validate.Regexp(CODE_PATTERN), **kwargs)  # type: ignore[arg-type]


class NewOrganizationBody(NoHostileText, Schema):
    """A successor founded by the decision itself (thành lập mới), on its effective day."""

    code = code_field(required=True, metadata={"description": "the new code: must be free"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(
        load_default=None,
        validate=validate.OneOf([k.value for k in OrgKind]),
        metadata={"description": "default: the kind of the path's organization"},
    )
    parent = code_field(
        load_default=None,
        metadata={"description": "default: the parent of the path's organization on the eve"},
    )


class NewOrganizationValues(TypedDict):
    code: str
    name: str
    kind: str | None
    parent: str | None


class ReorganizationBody(NoHostileText, Schema):
    """The decision: its kind, effective day, number, date and deciding body, and the kind's
    fields. The organization of the path is the one renamed, moved, split or dissolved, or
    the first of the organizations merged."""

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    on = Day(required=True, metadata={"description": "effective day"})
    decision_no = fields.String(
        load_default=None, validate=validate.Length(max=100), metadata={"example": "21-QĐ/TU"}
    )
    decision_on = Day(load_default=None, metadata={"description": "date of the decision"})
    decided_by = code_field(load_default=None, metadata={"description": "deciding committee"})
    name = fields.String(
        validate=validate.Length(min=1, max=200), metadata={"description": "rename: new name"}
    )
    to = code_field(metadata={"description": "move: the new parent"})
    sources = fields.List(
        code_field(), load_default=list, metadata={"description": "merge: the others merged"}
    )
    into = fields.List(
        code_field(),
        load_default=list,
        metadata={"description": "merge: the one successor; split: the successors"},
    )
    children = fields.Dict(
        keys=code_field(),
        values=code_field(),
        load_default=dict,
        metadata={"description": "split, dissolve: child → successor"},
    )
    members = fields.Dict(
        keys=fields.String(validate=validate.Regexp(r"^[0-9]{9,12}$")),
        values=code_field(),
        load_default=dict,
        metadata={"description": "split, dissolve: national ID → successor"},
    )
    default = code_field(
        load_default=None,
        metadata={"description": "split: successor of the rest; dissolve: carry to"},
    )
    found = fields.List(
        fields.Nested(NewOrganizationBody),
        load_default=list,
        metadata={
            "description": "merge, split: successors founded by the decision (each is in `into`;"
            " the writer must be able to write its parent)"
        },
    )


class ReorganizationValues(TypedDict):
    kind: str
    on: date
    decision_no: str | None
    decision_on: date | None
    decided_by: str | None
    name: NotRequired[str]
    to: NotRequired[str]
    sources: list[str]
    into: list[str]
    children: dict[str, str]
    members: dict[str, str]
    default: str | None
    found: list[NewOrganizationValues]


class PreviewArgs(Schema):
    preview = fields.Boolean(
        load_default=False,
        metadata={"description": "true: answer what the decision would change, store nothing"},
    )


class PreviewQuery(TypedDict):
    preview: bool


class MoveSchema(Schema):
    code = fields.String(required=True)
    from_org = fields.String(required=True, allow_none=True, data_key="from")
    to = fields.String(required=True)


class CarriedSchema(Schema):
    member_id = fields.UUID(required=True)
    national_id = fields.String(required=True)
    full_name = fields.String(required=True)
    from_org = fields.String(required=True, data_key="from")
    to_org = fields.String(required=True, data_key="to")


class QuotaCarriedSchema(Schema):
    org = fields.String(required=True)
    period = fields.String(required=True)
    share = fields.Integer(required=True)


class ConservationSchema(Schema):
    scope = fields.List(fields.String(), required=True)
    before = fields.Integer(required=True, metadata={"description": "members on the eve"})
    after = fields.Integer(required=True, metadata={"description": "once the decision is done"})
    lost = fields.Integer(required=True)
    gained = fields.Integer(required=True)
    on_two_rolls = fields.Integer(required=True)
    balanced = fields.Boolean(required=True, metadata={"description": "before = after"})


class ReorganizationSchema(Schema):
    stored = fields.Boolean(required=True, metadata={"description": "false in a preview"})
    how = fields.String(required=True)
    on = fields.Date(required=True)
    founded = fields.List(fields.String(), required=True)
    ended = fields.List(fields.String(), required=True)
    moved = fields.List(fields.Nested(MoveSchema), required=True)
    carried = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": "members carried to each successor"},
    )
    members = fields.List(
        fields.Nested(CarriedSchema), required=True, metadata={"description": "preview only"}
    )
    quotas = fields.List(fields.Nested(QuotaCarriedSchema), required=True)
    conservation = fields.Nested(ConservationSchema, required=True)
