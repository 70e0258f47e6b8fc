"""Response schemas of the structure endpoints: restated figures and lineage, as JSON."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.structure.reorganization import HOWS
from web.api.schemas import RollupSchema

STRUCTURE_EVENTS = ("founded", "renamed", "moved", "successor_of", "ended")


class RestatedSchema(Schema):
    org = fields.String(required=True)
    as_of = fields.Date(required=True, metadata={"description": "the day of the `then` figures"})
    structure_on = fields.Date(
        required=True, metadata={"description": "the day of the structure both trees follow"}
    )
    known_at = fields.DateTime(required=True)
    then = fields.Nested(
        RollupSchema,
        required=True,
        metadata={
            "description": "as_of's figures attributed to the organizations of structure_on "
            "that carry them on (successors of merged, split or dissolved ones)"
        },
    )
    now = fields.Nested(
        RollupSchema,
        required=True,
        metadata={"description": "the same tree with its own figures on structure_on"},
    )


class LineageLinkSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True, metadata={"description": "its name on that day"})
    on = fields.Date(required=True, metadata={"description": "effective day of the decision"})
    how = fields.String(required=True, validate=validate.OneOf(sorted(HOWS)))


class LineageEventSchema(Schema):
    type = fields.String(required=True, validate=validate.OneOf(STRUCTURE_EVENTS))
    effective_on = fields.Date(required=True, metadata={"description": "valid time"})
    how = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "merged | split | dissolved | moved | renamed"},
    )
    related = fields.List(
        fields.String(),
        required=True,
        metadata={
            "description": "founded: the parent; moved: [from, to]; successor_of: the "
            "predecessors; ended: the successors; renamed: the new name"
        },
    )
    decision_no = fields.String(allow_none=True, required=True)
    decision_on = fields.Date(allow_none=True, required=True)
    decided_by = fields.String(allow_none=True, required=True)
    recorded_at = fields.DateTime(
        allow_none=True, required=True, metadata={"description": "transaction time"}
    )
    recorded_by = fields.String(allow_none=True, required=True)


class LineageSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    founded_on = fields.Date(required=True)
    ended_on = fields.Date(
        allow_none=True, required=True, metadata={"description": "first day it no longer exists"}
    )
    heirs = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "who carries it on today (itself while it exists)"},
    )
    predecessors = fields.List(fields.Nested(LineageLinkSchema), required=True)
    successors = fields.List(fields.Nested(LineageLinkSchema), required=True)
    events = fields.List(
        fields.Nested(LineageEventSchema),
        required=True,
        metadata={"description": "every change of structure, in date order"},
    )
