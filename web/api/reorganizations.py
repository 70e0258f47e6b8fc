"""Reorganization decisions through the API: rename, move, merge, split, dissolve (sắp xếp tổ
chức), each previewed (`?preview=true`: nothing stored) or stored in one transaction.

The decisions are the front door's commands, as `sodang reorg` sends them: the same rules
refuse them (409 naming the rule), and the user must be an officer who may write every
organization the command writes (its `touches`; 404 naming none). A successor is one that
exists: founding it by the decision itself (`sodang reorg merge --name`) would name a code
nobody may write yet, so it is founded first (POST /api/v1/orgs), then receives.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask.views import MethodView

from services.front_door.bus import handle
from services.front_door.commands import (
    Command,
    DissolveOrganization,
    MergeOrganizations,
    MoveOrganization,
    RenameOrganization,
    SplitOrganization,
)
from services.front_door.preview import MemberCarried, preview, stored_check
from services.roll.commands import Decision
from services.structure.conservation import DayCheck
from services.structure.decision import Outcome
from web.api.common import CODE_PARAM, blueprint
from web.api.reorg_schemas import (
    PreviewArgs,
    PreviewQuery,
    ReorganizationBody,
    ReorganizationSchema,
    ReorganizationValues,
)
from web.errors import ApiError, ErrorSchema
from web.extensions import get_registry
from web.permissions.access import require_officer
from web.permissions.writes import require_writable

blp = blueprint(
    "reorganizations",
    "Reorganization decisions: previewed, then stored whole or not at all.",
    "/api/v1/orgs",
)


@blp.route("/<code>/reorganizations", parameters=[CODE_PARAM])
class Reorganizations(MethodView):
    @blp.arguments(PreviewArgs, location="query")
    @blp.arguments(ReorganizationBody)
    @blp.response(200, ReorganizationSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="a domain rule refused: `code` names it")
    def post(self, args: PreviewQuery, body: ReorganizationValues, code: str) -> dict[str, Any]:
        """Record a reorganization decision about the organization (the first one merged, for
        a merger), or with `preview=true` answer what it would change and store nothing: each
        cell moved, each member carried, organizations ended and founded, quotas carried, and
        the members of the affected subtree on the eve and once it is done (before = after)."""
        user = require_officer(code)
        command = command_of(code, body)
        require_writable(user, command)
        registry = get_registry()
        if args["preview"]:
            tried = preview(registry, command, user.name)
            return answer(tried.outcome, tried.members, tried.check, stored=False)
        outcome: Outcome = handle(registry, command, recorded_by=user.name).results[0]
        return answer(outcome, [], stored_check(registry, outcome), stored=True)


def command_of(code: str, body: ReorganizationValues) -> Command:
    """The front door's command the body asks for (the path's organization is its subject)."""
    decision = Decision(body["decision_no"], body["decision_on"], body["decided_by"])
    on, kind = body["on"], body["kind"]
    if kind == "rename":
        return RenameOrganization(code, required(body, "name"), on, decision)
    if kind == "move":
        return MoveOrganization(code, required(body, "to"), on, decision)
    if kind == "merge":
        if len(body["into"]) != 1:
            raise ApiError(422, "validation_failed", "a merger has one successor (`into`)")
        sources = (code, *body["sources"])
        return MergeOrganizations(sources, body["into"][0], on, decision)
    members = {get_registry().ids.member(nid): to for nid, to in body["members"].items()}
    if kind == "split":
        if not body["into"]:
            raise ApiError(422, "validation_failed", "a split names its successors (`into`)")
        return SplitOrganization(
            code,
            tuple(body["into"]),
            on,
            decision,
            members=members,
            children=body["children"],
            default=body["default"],
        )
    return DissolveOrganization(
        code, on, decision, carry_to=body["default"], members=members, children=body["children"]
    )


def required(body: ReorganizationValues, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise ApiError(422, "validation_failed", f"`{name}` is required for this kind")
    return value


def answer(
    outcome: Outcome, members: list[MemberCarried], check: DayCheck, stored: bool
) -> dict[str, Any]:
    return {
        "stored": stored,
        "how": outcome.how,
        "on": outcome.on,
        "founded": outcome.founded,
        "ended": outcome.ended,
        "moved": [{"code": c, "from_org": old, "to": new} for c, old, new in outcome.moved],
        "carried": outcome.carried,
        "members": [asdict(m) for m in members],
        "quotas": [{"org": o, "period": p, "share": s} for o, p, s in outcome.quotas],
        "conservation": {**asdict(check), "scope": list(check.scope), "balanced": check.balanced},
    }
