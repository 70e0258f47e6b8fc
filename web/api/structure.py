"""Changes of structure on the read side: restated figures and each organization's lineage."""

from __future__ import annotations

from flask.views import MethodView

from domain.errors import InvalidValue
from projections.results import Lineage, Restated
from web import reads
from web.api.args import RestatedArgs, RestatedQuery
from web.api.common import CODE_PARAM, blueprint
from web.api.reports import prune
from web.api.structure_schemas import LineageSchema, RestatedSchema
from web.auth import current_user
from web.extensions import get_queries, get_registry
from web.permissions.access import require_known_at, require_lineage, require_structure_on

blp = blueprint(
    "structure",
    "Reorganizations (merged, split, moved, renamed, dissolved organizations): "
    "a past day's figures on a later structure, and where each organization came from.",
    "/api/v1/orgs",
)


@blp.route("/<code>/restated", parameters=[CODE_PARAM])
class RestatedFigures(MethodView):
    @blp.arguments(RestatedArgs, location="query")
    @blp.response(200, RestatedSchema)
    def get(self, args: RestatedQuery, code: str) -> Restated | dict[str, object]:
        """One territory on two days: `as_of`'s members counted for the organizations that carry
        them on at `structure_on` (default today), beside that day's own figures."""
        structure_on = args.get("structure_on") or get_registry().today()
        require_structure_on(code, structure_on)
        require_known_at(args.get("known_at"))
        if args["as_of"] > structure_on:
            raise InvalidValue("as_of", "must not be after structure_on (default: today)")
        restated: Restated = reads.restated(
            code,
            args["as_of"],
            structure_on=structure_on,
            known_at=args.get("known_at"),
            depth=args.get("depth"),
        )
        user = current_user()
        if user is not None and user.role == "clerk":
            # As in the roll-up: a clerk sees the cells only, on the day of the structure.
            return {
                **{f: getattr(restated, f) for f in ("org", "as_of", "structure_on", "known_at")},
                "then": prune(restated.then, structure_on),
                "now": prune(restated.now, structure_on),
            }
        return restated


@blp.route("/<code>/lineage", parameters=[CODE_PARAM])
class OrgLineage(MethodView):
    @blp.response(200, LineageSchema)
    def get(self, code: str) -> Lineage:
        """Where the organization came from, what became of it (heirs today), and every change
        of structure with its decision. Readable by those who read the organization or one of
        its heirs."""
        require_lineage(code)
        return get_queries().lineage(code)
