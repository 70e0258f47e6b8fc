"""Reports of an organization's subtree: roll, roll-up, flows, indicators, standings, audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, TypedDict
from uuid import UUID

from flask.views import MethodView
from werkzeug.exceptions import Forbidden, NotFound

from domain.errors import NotFound as DomainNotFound
from domain.roll.profile import derived
from projections import results
from web import reads
from web.api.args import (
    AsOfQuery,
    DiffArgs,
    DiffQuery,
    IndicatorsArgs,
    IndicatorsQuery,
    MemberArgs,
    MemberQuery,
    PeriodArgs,
    PeriodQuery,
    RollArgs,
    RollQuery,
    RollupArgs,
    RollupQuery,
    SeriesArgs,
    SeriesQuery,
    StandingsArgs,
    StandingsQuery,
)
from web.api.common import CODE_PARAM, blueprint
from web.api.schemas import (
    DiffSchema,
    FlowsSchema,
    IndicatorsSchema,
    MemberViewSchema,
    RollSchema,
    RollupSchema,
    SeriesSchema,
    StandingSchema,
)
from web.auth import current_user
from web.extensions import get_queries, get_registry
from web.permissions.access import (
    can_read,
    in_subtree,
    may_use_known_at,
    require_known_at,
    require_read,
)

blp = blueprint("reports", "Reports on an organization and its subtree.", "/api/v1/orgs")


class SeriesAnswer(TypedDict):
    """SeriesSchema's object."""

    org: str
    from_: date
    to: date
    step: str
    points: list[results.SeriesPoint]


class MemberAnswer(TypedDict):
    """MemberViewSchema's object: the member's events within the asked subtree only."""

    member_id: UUID
    full_name: str
    profile: dict[str, Any]  # the stored attributes, as MemberView holds them
    org: str | None
    status: str | None
    events: list[results.MemberEntry]


def allowed(code: str, args: AsOfQuery) -> None:
    """404 outside the caller's reach; 403 for `known_at` without the right to it."""
    require_read(code, args.get("as_of"))
    require_known_at(args.get("known_at"))


@blp.route("/<code>/roll", parameters=[CODE_PARAM])
class Roll(MethodView):
    @blp.arguments(RollArgs, location="query")
    @blp.response(200, RollSchema)
    def get(self, args: RollQuery, code: str) -> results.Roll:
        """The members on the roll on a day (danh sách đảng viên), of the whole subtree by default."""
        allowed(code, args)
        return get_queries().roll(
            code, as_of=args.get("as_of"), known_at=args.get("known_at"), subtree=args["subtree"]
        )


@blp.route("/<code>/rollup", parameters=[CODE_PARAM])
class Rollup(MethodView):
    @blp.arguments(RollupArgs, location="query")
    @blp.response(200, RollupSchema)
    def get(self, args: RollupQuery, code: str) -> results.RollupNode:
        """Members per organization down the tree, each node summing its subtree."""
        allowed(code, args)
        tree = get_queries().rollup(
            code, as_of=args.get("as_of"), known_at=args.get("known_at"), depth=args.get("depth")
        )
        user = current_user()
        if user is not None and user.role == "clerk":
            tree = prune(tree, args.get("as_of"))
        return tree


def prune(node: results.RollupNode, on: date | None) -> results.RollupNode:
    """The nodes a clerk may read; a hidden node's readable children move up in its place."""

    def visible(children: list[results.RollupNode]) -> list[results.RollupNode]:
        shown: list[results.RollupNode] = []
        for child in children:
            if can_read(current_user(), child.code, on):
                shown.append(prune(child, on))
            else:
                shown.extend(visible(list(child.children)))
        return shown

    return replace(node, children=visible(list(node.children)))


@blp.route("/<code>/flows", parameters=[CODE_PARAM])
class Flows(MethodView):
    @blp.arguments(PeriodArgs, location="query")
    @blp.response(200, FlowsSchema)
    def get(self, args: PeriodQuery, code: str) -> results.Flows:
        """Who came and went between two days (inclusive): admissions, transfers, removals."""
        require_known_at(args.get("known_at"))
        return reads.flows(code, args["from_"], args["to"], known_at=args.get("known_at"))


@blp.route("/<code>/indicators", parameters=[CODE_PARAM])
class Indicators(MethodView):
    @blp.arguments(IndicatorsArgs, location="query")
    @blp.response(200, IndicatorsSchema)
    def get(self, args: IndicatorsQuery, code: str) -> results.Indicators:
        """Who was admitted between two days: women, ethnic minorities, youth union, education..."""
        require_known_at(args.get("known_at"))
        return reads.indicators(
            code,
            args["from_"],
            args["to"],
            known_at=args.get("known_at"),
            as_of=args.get("as_of"),
        )


@blp.route("/<code>/standings", parameters=[CODE_PARAM])
class Standings(MethodView):
    @blp.arguments(StandingsArgs, location="query")
    @blp.response(200, StandingSchema)
    def get(self, args: StandingsQuery, code: str) -> results.Standing:
        """Admissions against the targets for a period, with the organizations at risk."""
        allowed(code, args)
        return reads.standing(
            code, args["period"], as_of=args.get("as_of"), known_at=args.get("known_at")
        )


@blp.route("/<code>/diff", parameters=[CODE_PARAM])
class Diff(MethodView):
    @blp.arguments(DiffArgs, location="query")
    @blp.response(200, DiffSchema)
    def get(self, args: DiffQuery, code: str) -> results.Diff:
        """The events that explain how a report changed between two moments of knowledge."""
        require_read(code, args.get("as_of"))
        if not may_use_known_at(current_user()):
            raise Forbidden("the audit is for auditors and oversight")
        registry = get_registry()
        return get_queries().diff(
            code,
            args.get("as_of") or registry.today(),
            args["known_at_1"],
            args.get("known_at_2") or registry.clock(),
        )


@blp.route("/<code>/series", parameters=[CODE_PARAM])
class Series(MethodView):
    @blp.arguments(SeriesArgs, location="query")
    @blp.response(200, SeriesSchema)
    def get(self, args: SeriesQuery, code: str) -> SeriesAnswer:
        """The roll at each month (or year) end and the admissions within it, for charts."""
        require_known_at(args.get("known_at"))
        first, last, points = reads.series(
            code, args["from_"], args["to"], known_at=args.get("known_at"), step=args["step"]
        )
        return {
            "org": code,
            "from_": first,
            "to": last,
            "step": args["step"],
            "points": points,
        }


@blp.route("/<code>/members/<uuid:member_id>", parameters=[CODE_PARAM])
class MemberHistory(MethodView):
    @blp.arguments(MemberArgs, location="query")
    @blp.response(200, MemberViewSchema)
    def get(self, args: MemberQuery, code: str, member_id: UUID) -> MemberAnswer:
        """A member and every event about them in this subtree, with both times."""
        allowed(code, {"known_at": args["known_at"]} if "known_at" in args else {})
        try:
            view = get_queries().member(member_id, known_at=args.get("known_at"))
        except DomainNotFound:
            raise NotFound(f"member not found: {member_id}") from None
        events = [e for e in view.entries if reachable(code, e.org, e.effective_on)]
        if not events:
            # Known elsewhere only: the same answer as a member who does not exist.
            raise NotFound(f"member not found: {member_id}")
        today = get_registry().today()
        here = view.org is not None and reachable(code, view.org, today)
        return {
            "member_id": view.member_id,
            "full_name": view.full_name,
            # Recorded before the forms' attributes (issue 14): those its old ones determine.
            "profile": {**view.profile, **derived(view.profile)},
            "org": view.org if here else None,
            "status": view.status if here else None,
            "events": events,
        }


def reachable(root: str, org: str, day: date) -> bool:
    """An event is shown if, on its own day, its organization lay in the requested subtree
    and the user reached it."""
    return in_subtree(org, root, day) and can_read(current_user(), org, day)
