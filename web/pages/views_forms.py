"""The statistics forms of an organization for a period (biểu thống kê), on screen and as the
workbook laid out like the paper forms. Read through web.reads.forms: the reader's reach."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from domain.errors import InvalidValue
from domain.reporting.period import Period, Structure
from projections.forms.compiled import CompiledForms
from services.integrity.wiring import current_head
from services.reports.forms_workbook import XLSX_TYPE, period_text, to_workbook
from web import reads
from web.pages.context import arg_known_at, may_use_known_at, org_info, page_login_required
from web.pages.context import registry as the_registry

bp = Blueprint("pages_forms", __name__)


def _compiled(code: str, period: str) -> tuple[CompiledForms, Structure]:
    try:
        chosen = Period.parse(period)
    except InvalidValue:
        abort(404)
    raw = request.args.get("structure", Structure.AS_STRUCTURED.value)
    structure = Structure(raw) if raw in {s.value for s in Structure} else None
    if structure is None:
        abort(400)
    return reads.forms(code, chosen, structure, arg_known_at()), structure


@bp.get("/orgs/<code>/forms/<period>")
@page_login_required
def forms(code: str, period: str) -> ResponseReturnValue:
    """The three forms for the period, beside the same period last year."""
    compiled, structure = _compiled(code, period)
    args = {"structure": structure.value}
    if request.args.get("known_at") and may_use_known_at():
        args["known_at"] = request.args["known_at"]
    return render_template(
        "pages/forms.html",
        org=org_info(code),
        forms=compiled,
        period_text=period_text(compiled),
        structures=list(Structure),
        chosen=structure.value,
        auditor=may_use_known_at(),
        xlsx=url_for("pages_forms.workbook", code=code, period=period) + "?" + urlencode(args),
    )


@bp.get("/orgs/<code>/forms/<period>/xlsx")
@page_login_required
def workbook(code: str, period: str) -> ResponseReturnValue:
    """The forms as an XLSX workbook, one sheet per form, stamped and with the signatures."""
    compiled, _ = _compiled(code, period)
    tree = current_head(the_registry(), compiled.position)
    name = f"bieu-thong-ke-{compiled.org}-{compiled.period.key}.xlsx".replace("..", "_")
    return Response(
        to_workbook(compiled, tree.root_hex),
        mimetype=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
