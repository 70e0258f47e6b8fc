"""Organizations and their streams: found, show, record events, list events, set quotas."""

from __future__ import annotations

from datetime import date

from flask.views import MethodView
from marshmallow import EXCLUDE

from domain.roll.history import Entry
from domain.roll.values import OrgKind
from services.front_door.bus import handle
from services.front_door.commands import FoundOrganization, RecordEvent, SetQuota
from services.front_door.group_commit import write
from services.quotas import QuotaReceipt, quota_receipt
from web.api.args import (
    IdempotencyHeaders,
    IdempotencyHeaderValues,
    OrgArgs,
    OrgQuery,
    PeriodPath,
    PeriodPathValues,
    StreamArgs,
    StreamQuery,
)
from web.api.common import CODE_PARAM, blueprint
from web.api.org_schemas import (
    EntryView,
    EventBody,
    EventValues,
    FoundOrgBody,
    FoundOrgValues,
    OrgSchema,
    OrgView,
    QuotaBody,
    QuotaSchema,
    QuotaValues,
    ReceiptSchema,
    ReceiptView,
    StreamSchema,
    StreamView,
)
from web.auth import current_user
from web.errors import ApiError, ErrorSchema
from web.extensions import get_queries, get_registry
from web.permissions.access import (
    can_read,
    can_write,
    not_found,
    require_officer,
    require_read,
    require_write,
)
from web.permissions.reach import current_reach
from web.permissions.writes import require_writable, unwritable

blp = blueprint("orgs", "Party organizations, their roll events and quotas.", "/api/v1/orgs")


ENTRY_FIELDS = (
    "event_id",
    "type",
    "org",
    "member_id",
    "effective_on",
    "recorded_at",
    "recorded_by",
)


def org_view(code: str, day: date) -> OrgView:
    """The organization as placed on a day, with only the children the caller may see."""
    queries = get_queries()
    info = queries.org(code)
    parents = queries.ancestors(code, day)
    user = current_user()
    return {
        "code": info.code,
        "name": info.name,
        "kind": info.kind,
        "parent": parents[0] if parents else None,
        "founded_on": info.founded_on,
        "children": [c for c in queries.children(code, day) if can_read(user, c, day)],
    }


@blp.route("")
class Orgs(MethodView):
    @blp.arguments(FoundOrgBody)
    @blp.response(201, OrgSchema)
    def post(self, body: FoundOrgValues) -> tuple[OrgView, int, dict[str, str]]:
        """Found an organization under a parent the officer may write to."""
        if body["parent"] is None:
            raise ApiError(
                403, "forbidden", "a top-level organization is created with `sodang org create`"
            )
        user = require_officer(body["parent"])
        registry = get_registry()
        founding = FoundOrganization(
            body["code"], body["name"], OrgKind(body["kind"]), body["parent"], body["founded_on"]
        )
        require_writable(user, founding)
        org = handle(registry, founding, recorded_by=user.name).results[0]
        view = org_view(org.code, registry.today())
        return view, 201, {"Location": f"/api/v1/orgs/{org.code}"}


@blp.route("/<code>", parameters=[CODE_PARAM])
class Org(MethodView):
    @blp.arguments(OrgArgs, location="query")
    @blp.response(200, OrgSchema)
    def get(self, args: OrgQuery, code: str) -> OrgView:
        """An organization: name, kind, parent and the children the caller may see."""
        require_read(code, args.get("as_of"))
        return org_view(code, args.get("as_of") or get_registry().today())


@blp.route("/<code>/events", parameters=[CODE_PARAM])
class Events(MethodView):
    @blp.arguments(StreamArgs, location="query")
    @blp.response(200, StreamSchema)
    def get(self, args: StreamQuery, code: str) -> StreamView:
        """The organization's roll events in recording order, exactly as stored."""
        require_read(code)
        reach = current_reach(current_user())
        # Each entry is a fact of its effective day: shown only if that day was the reader's.
        entries = [e for e in get_registry().stream(code) if reach.covers(code, e.effective_on)]
        page = entries[args["offset"] : args["offset"] + args["limit"]]
        return {
            "org": code,
            "total": len(entries),
            "offset": args["offset"],
            "limit": args["limit"],
            "events": [entry_view(e) for e in page],
        }

    @blp.arguments(IdempotencyHeaders, location="headers")
    @blp.arguments(EventBody)
    @blp.response(
        201,
        ReceiptSchema,
        headers={
            "Idempotent-Replayed": {
                "description": "true when this answers a retry: nothing new was stored",
                "schema": {"type": "string", "enum": ["true", "false"]},
            }
        },
    )
    @blp.alt_response(409, schema=ErrorSchema, description="a domain rule refused: `code` names it")
    def post(
        self, headers: IdempotencyHeaderValues, body: EventValues, code: str
    ) -> tuple[ReceiptView, int, dict[str, str]]:
        """Record one roll event; `recorded_by` is the signed-in user."""
        user = require_write(code)
        key = idempotency_key(headers.get("key"), body.get("client_key"))
        command = RecordEvent(code, body["command"], key)
        # The same rule as the pages: every organization the command writes must be theirs.
        for other in unwritable(user, command):
            raise not_found(other)
        # Stored with the other writes waiting in this process (group commit), or alone.
        handled = write(get_registry(), command, recorded_by=user.name, key_scope=user.org)
        receipt = handled.receipts()[0]
        answer: ReceiptView = {
            "event_id": receipt.event_id,
            "member_id": receipt.member_id,
            "recorded_at": receipt.recorded_at,
        }
        return answer, 201, {"Idempotent-Replayed": "true" if receipt.replayed else "false"}


@blp.route("/<code>/quotas/<period>", parameters=[CODE_PARAM])
class Quotas(MethodView):
    @blp.arguments(PeriodPath, location="path", unknown=EXCLUDE)
    @blp.arguments(QuotaBody)
    @blp.response(200, QuotaSchema)
    def put(
        self, path: PeriodPathValues, body: QuotaValues, code: str, period: str
    ) -> QuotaReceipt:
        """Set the admission target (chỉ tiêu kết nạp) an organization was assigned for a period."""
        user = require_officer(code)
        if not can_write(user, body["assigned_by"]):
            raise not_found(body["assigned_by"])
        quota = SetQuota(
            code,
            path["period"],
            body["target"],
            body["assigned_by"],
            starts_on=body.get("starts_on"),
            ends_on=body.get("ends_on"),
        )
        require_writable(user, quota)
        handled = handle(get_registry(), quota, recorded_by=user.name)
        return quota_receipt(code, handled.results[0], handled.position)


def entry_view(entry: Entry) -> EntryView:
    return EntryView(
        event_id=entry.event_id,
        type=entry.type,
        org=entry.org,
        member_id=entry.member_id,
        effective_on=entry.effective_on,
        recorded_at=entry.recorded_at,
        recorded_by=entry.recorded_by,
        details={k: v for k, v in entry.details.items() if k not in ENTRY_FIELDS},
    )


def idempotency_key(header: str | None, body_id: str | None) -> str | None:
    if header and body_id and header != body_id:
        raise ApiError(
            422,
            "validation_failed",
            "the request is not valid",
            {"id": ["differs from the Idempotency-Key header: give one key"]},
        )
    return header or body_id
