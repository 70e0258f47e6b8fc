"""Reorganization decisions through the API: rename, move, merge, split, dissolve (sắp xếp tổ
chức), each previewed (`?preview=true`: nothing stored) or stored in one transaction.

The decisions are the front door's commands, as `sodang reorg` sends them: the same rules
refuse them (409 naming the rule), and the user must be an officer who may write every
organization the command writes (its `touches`; 404 naming none). A successor may be founded
by the decision itself (`found`, as `sodang reorg merge --name`): the writer must then be able
to write the parent it is founded under, and its code must be free (409 `code_taken`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask.views import MethodView

from domain.roll.values import OrgKind
from domain.structure.reorganization import day_before
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
from services.structure.decision import NewOrganization, Outcome
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
    found = founded(code, body)
    if kind == "rename":
        return RenameOrganization(code, required(body, "name"), on, decision)
    if kind == "move":
        return MoveOrganization(code, required(body, "to"), on, decision)
    if kind == "merge":
        if len(body["into"]) != 1:
            raise ApiError(422, "validation_failed", "a merger has one successor (`into`)")
        if len(found) > 1:
            raise ApiError(422, "validation_failed", "a merger founds one successor at most")
        sources = (code, *body["sources"])
        new = found[0] if found else None
        return MergeOrganizations(sources, body["into"][0], on, decision, found=new)
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
            found=found,
        )
    return DissolveOrganization(
        code, on, decision, carry_to=body["default"], members=members, children=body["children"]
    )


def founded(code: str, body: ReorganizationValues) -> tuple[NewOrganization, ...]:
    """The successors the decision founds; kind and parent default to those of the path's
    organization on the eve (a cell split into cells under the same committee)."""
    if not body["found"]:
        return ()
    if body["kind"] not in ("merge", "split"):
        raise ApiError(422, "validation_failed", "only a merger or a split founds successors")
    if any(new["code"] not in body["into"] for new in body["found"]):
        raise ApiError(422, "validation_failed", "each founded successor is one of `into`")
    subject = get_registry().get_organization(code)
    parent = subject.parent_on(day_before(body["on"]))
    made = []
    for new in body["found"]:
        kind = OrgKind(new["kind"]) if new["kind"] else subject.org_kind
        above = new["parent"] or parent
        if above is None:
            raise ApiError(422, "validation_failed", "a founded successor needs a parent")
        made.append(NewOrganization(new["code"], new["name"], kind, above))
    return tuple(made)


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
