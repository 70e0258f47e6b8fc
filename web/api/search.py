"""GET /api/v1/search: organizations and members by name (with or without diacritics), code
or national ID, within the caller's subtree on the day asked."""

from __future__ import annotations

from datetime import date
from typing import NotRequired, TypedDict

from flask.views import MethodView
from marshmallow import Schema, fields

from projections.reading.search import LIMIT, MIN_LENGTH, Found
from web import search
from web.api.common import blueprint
from web.api.fields import Day

blp = blueprint(
    "search",
    "Find an organization (name with or without diacritics, or code) or a member (name or "
    "national ID) among those the caller reaches on a day.",
)


class SearchArgs(Schema):
    q = fields.String(
        required=True,
        metadata={
            "description": f"at least {MIN_LENGTH} characters: words of a name (diacritics "
            "optional), an organization code or its last parts, or a national ID (CCCD)"
        },
    )
    as_of = Day(metadata={"description": "the day searched (default: today)"})


class SearchQuery(TypedDict):
    q: str
    as_of: NotRequired[date]


class OrgHitSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True, metadata={"description": "the name on the day asked"})
    kind = fields.String(required=True)
    parent = fields.String(allow_none=True)
    parent_name = fields.String(allow_none=True)


class MemberHitSchema(Schema):
    member_id = fields.UUID(required=True)
    full_name = fields.String(required=True)
    status = fields.String(required=True)
    org = fields.String(required=True, metadata={"description": "the cell on the day asked"})
    org_name = fields.String(required=True)


class FoundSchema(Schema):
    query = fields.String(required=True)
    as_of = fields.Date(required=True)
    orgs = fields.List(fields.Nested(OrgHitSchema), required=True)
    members = fields.List(fields.Nested(MemberHitSchema), required=True)
    more_orgs = fields.Boolean(
        required=True, metadata={"description": f"more than {LIMIT} organizations matched"}
    )
    more_members = fields.Boolean(
        required=True, metadata={"description": f"more than {LIMIT} members matched"}
    )


@blp.route("/search")
class Search(MethodView):
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, FoundSchema)
    def get(self, args: SearchQuery) -> Found:
        """Organizations existing on `as_of` and members on a roll that day, among those the
        caller reaches that day, at most 20 of each kind. A match outside the caller's
        subtree is left out, as if nothing matched."""
        return search.search(args["q"], args.get("as_of"))
