"""Signing in and out of the pages (the API uses bearer tokens instead)."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from web import auth
from web.auth import safe_next
from web.pages.i18n import _, moment

bp = Blueprint("pages_auth", __name__)


@bp.get("/login")
def login_form() -> ResponseReturnValue:
    """The sign-in form; a signed-in person goes straight on."""
    if auth.current_user() is not None:
        return redirect(safe_next(request.args.get("next")))
    return render_template("pages/login.html", next=safe_next(request.args.get("next"), ""))


@bp.post("/login")
def login() -> ResponseReturnValue:
    """Check the name and password; one message for every failure (no hint which was wrong)."""
    name = request.form.get("name", "").strip()[:200]
    password = request.form.get("password", "")  # refused above MAX_PASSWORD, never cut short
    target = safe_next(request.form.get("next"))
    found = auth.authenticate(name, password) if name and password else None
    if found is None or found.disabled:
        page = render_template("pages/login.html", error=refusal(), name=name, next=target)
        return page, 401
    auth.login_user(found)
    return redirect(target)


def refusal() -> str:
    """One message for a wrong name or password; a lockout says until when."""
    locked_until = g.get("locked_until")
    if g.get("login_refusal") == "locked" and locked_until is not None:
        return _("Đăng nhập sai quá nhiều lần: tạm khóa đến {moment}.", moment=moment(locked_until))
    return _("Tên đăng nhập hoặc mật khẩu không đúng.")


@bp.post("/logout")
def logout() -> Response:
    auth.logout_user()
    return redirect("/login")
