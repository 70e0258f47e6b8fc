"""The server-rendered pages: dashboards, forms, audit, member histories and exports.

`init_app(app)` registers them on the application the factory builds; they share the
factory's sign-in, access rules and read side, and speak Vietnamese unless asked otherwise.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import generate_csrf

from web import auth, errors
from web.pages import (
    context,
    i18n,
    views_audit,
    views_auth,
    views_dashboard,
    views_dossier,
    views_dossiers,
    views_events,
    views_exports,
    views_forms,
    views_lineage,
    views_members,
    views_period_exports,
    views_periods,
    views_quotas,
    views_reorganize,
    views_search,
)
from web.permissions import access, refusals

WEB = Path(__file__).resolve().parents[1]
assets = Blueprint(
    "pages_assets",
    __name__,
    static_folder=str(WEB / "static"),
    static_url_path="/assets",
    template_folder=str(WEB / "templates"),
)
BLUEPRINTS = (
    assets,
    views_auth.bp,
    views_dashboard.bp,
    views_events.bp,
    views_members.bp,
    views_audit.bp,
    views_lineage.bp,
    views_exports.bp,
    views_forms.bp,
    views_quotas.bp,
    views_reorganize.bp,
    views_dossiers.bp,
    views_dossier.bp,
    views_search.bp,
    views_periods.bp,
    views_period_exports.bp,
)


def page_globals() -> dict[str, object]:
    """What the layout needs on every page: the signed-in person and where they are."""
    person = auth.current_user()
    code = (request.view_args or {}).get("code")
    crumbs: list[context.Crumb] = []
    if person is not None and isinstance(code, str) and access.can_read(person, code):
        try:
            crumbs = context.crumbs(code)
        except Exception:
            crumbs = []
    return {"signed_in": person, "crumbs": crumbs}


ERRORS = {
    400: (
        "Yêu cầu không hợp lệ",
        "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.",
    ),
    403: ("Không có quyền", "Tài khoản của bạn chỉ được xem, không được ghi ở tổ chức này."),
    404: ("Không tìm thấy", "Trang này không có, hoặc nằm ngoài phạm vi tổ chức của bạn."),
    409: ("Không thực hiện được", "Thao tác bị từ chối; chưa có gì được ghi."),
    413: ("Dữ liệu quá lớn", "Biểu mẫu gửi lên quá lớn."),
    503: ("Hệ thống đang bận", "Cơ sở dữ liệu đang bận, xin thử lại sau ít phút."),
}
GENERIC_ERROR = ("Có lỗi xảy ra", "Đã có lỗi; lỗi đã được ghi lại. Xin thử lại sau.")


def render_error(
    status: int, code: str, message: str, errors: dict[str, list[str]]
) -> ResponseReturnValue:
    """HTML error pages in the person's language (the API keeps its JSON errors)."""
    heading, text = ERRORS.get(status, GENERIC_ERROR if status >= 500 else ERRORS[409])
    heading, text = i18n._(heading), i18n._(text)
    if code == "invalid_date":  # the message is already in the person's language
        heading, text = i18n._("Ngày không hợp lệ"), message
    if code == "organization_ended":
        heading, text = i18n._("Tổ chức đã kết thúc hoạt động"), ended_text(ended_fields())
    # No breadcrumb on an error: it would tell a hidden organization from a missing one.
    page = render_template("pages/error.html", heading=heading, text=text, crumbs=[])
    return page, status


def ended_fields() -> dict[str, list[str]]:
    """The facts of the ended organization the refused request was for."""
    from web.permissions import access, ended

    code = (request.view_args or {}).get("code", "")
    ending = ended.ending_of(auth.current_user(), code, access.REACH)
    return {} if ending is None else ended.fields_of(ending)


def ended_text(fields: dict[str, list[str]]) -> str:
    """Why nothing can be recorded for an ended organization, in the person's language."""

    def one(name: str) -> str:
        return (fields.get(name) or [""])[0]

    text = i18n._(
        "{name} đã kết thúc hoạt động từ ngày {day}.",
        name=one("organization"),
        day=i18n.day(one("ended_on")),
    )
    if one("decision_no"):
        text += " " + i18n._("Theo quyết định số {number}", number=one("decision_no"))
        if one("decision_on"):
            text += " " + i18n._("ban hành ngày {day}", day=i18n.day(one("decision_on")))
        if one("decided_by"):
            text += " " + i18n._("của {name}", name=one("decided_by"))
        text += "."
    heirs = fields.get("carried_on_by_names") or []
    if heirs:
        text += " " + i18n._("Tổ chức kế tục: {names}.", names=", ".join(heirs))
    return text + " " + i18n._("Không thể ghi thêm gì cho tổ chức này; hãy ghi ở tổ chức kế tục.")


def init_app(app: Flask) -> None:
    """Register the pages, their assets, the Jinja helpers and the two languages."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    i18n.init_app(app)
    app.jinja_env.globals.setdefault("csrf_token", generate_csrf)
    app.jinja_env.globals["refusal_message"] = refusals.told
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(page_globals)
    app.jinja_env.globals["org_name"] = context.org_name
    errors.set_html_renderer(app, render_error)
