"""GET /api/v1/me: who the token belongs to and what they may do."""

from __future__ import annotations

from typing import TypedDict

from flask.views import MethodView
from marshmallow import Schema, fields

from web.api.common import blueprint
from web.auth import current_user
from web.permissions.access import WRITERS, may_use_known_at

blp = blueprint("me", "The signed-in user.")


class MeSchema(Schema):
    name = fields.String(required=True)
    org = fields.String(required=True, metadata={"description": "the root of the user's subtree"})
    role = fields.String(required=True)
    writes = fields.Boolean(required=True, metadata={"description": "may record events"})
    may_use_known_at = fields.Boolean(required=True)


class MeView(TypedDict):
    """MeSchema's object."""

    name: str
    org: str
    role: str
    writes: bool
    may_use_known_at: bool


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeSchema)
    def get(self) -> MeView:
        """The signed-in user: name, organization, role."""
        user = current_user()
        assert user is not None
        return {
            "name": user.name,
            "org": user.org,
            "role": user.role,
            "writes": user.role in WRITERS,
            "may_use_known_at": may_use_known_at(user),
        }
