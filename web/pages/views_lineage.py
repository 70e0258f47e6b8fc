"""An organization's lineage: founded, renamed, moved, successor of, ended, with the decisions.

Readable by whoever reads the organization or one of its heirs (web.permissions.access.can_read_lineage).
Related organizations are named as the decisions name them; each is a link only where the
person may follow it: to its dashboard, else to its own lineage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Blueprint, abort, render_template, url_for
from flask.typing import ResponseReturnValue

from domain.errors import NotFound
from web.pages.context import org_info, page_login_required, queries, user
from web.permissions import access

if TYPE_CHECKING:
    from projections.results import Lineage, LineageEvent

bp = Blueprint("pages_lineage", __name__)


@dataclass(frozen=True)
class Related:
    """An organization a lineage names, and where the person may follow it (None: nowhere)."""

    code: str
    name: str
    href: str | None


def related(codes: Iterable[str]) -> dict[str, Related]:
    """Each code's current name and the link the signed-in person may follow."""
    person = user()
    found: dict[str, Related] = {}
    for code in codes:
        if code in found:
            continue
        try:
            name = queries().org(code).name
        except NotFound:
            found[code] = Related(code, code, None)
            continue
        href = None
        if access.can_read(person, code):
            href = url_for("pages_dashboard.dashboard", code=code)
        elif access.can_read_lineage(person, code):
            href = url_for("pages_lineage.lineage", code=code)
        found[code] = Related(code, name, href)
    return found


def named_codes(lineage: Lineage) -> list[str]:
    """Every organization a lineage names (a renaming's `related` is the new name, not a code)."""
    codes = [*lineage.heirs, *(x.code for x in lineage.predecessors)]
    codes += [x.code for x in lineage.successors]
    for event in lineage.events:
        if event.type != "renamed":
            codes += event.related
    return [c for c in codes if c != lineage.code]


def ending(lineage: Lineage) -> LineageEvent | None:
    """The event that ended the organization, if it has ended."""
    return next((e for e in reversed(lineage.events) if e.type == "ended"), None)


@bp.get("/orgs/<code>/lineage")
@page_login_required
def lineage(code: str) -> ResponseReturnValue:
    """The timeline of one organization's changes of structure."""
    if not access.can_read_lineage(user(), code):
        abort(404)
    info = org_info(code)
    try:
        found = queries().lineage(code)
    except NotFound:
        abort(404)
    return render_template(
        "pages/lineage.html",
        org=info,
        lineage=found,
        ending=ending(found),
        orgs=related(named_codes(found)),
        readable=access.can_read(user(), code),
    )
