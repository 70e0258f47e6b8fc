"""Page fixtures: people signed in through the sign-in form, and a way to fill in forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from domain.roll.profile import MemberProfile
from services.registry import Registry
from services.roll.bodies import parse_body
from services.store.users import UserStore
from tests import writes

PAGE_PASSWORD = "mật-khẩu-trang-web"
HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)">')


class Browser:
    """A test client that signs in and submits forms as a person would (CSRF token included)."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def hidden(self, path: str) -> dict[str, str]:
        """The hidden inputs of the page's forms (csrf_token, key, type...)."""
        page = self.client.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return {m["name"]: m["value"] for m in HIDDEN.finditer(page.get_data(as_text=True))}

    def login(self, name: str, password: str = PAGE_PASSWORD, next_: str = "") -> TestResponse:
        token = self.hidden("/login")["csrf_token"]
        data = {"name": name, "password": password, "csrf_token": token, "next": next_}
        return self.client.post("/login", data=data)

    def get(self, path: str, **query: Any) -> TestResponse:
        return self.client.get(path, query_string=query or None)

    def text(self, path: str, **query: Any) -> str:
        page = self.get(path, **query)
        assert page.status_code == 200, (path, page.status_code)
        return page.get_data(as_text=True)

    def submit(self, path: str, data: dict[str, Any], **hidden: str) -> TestResponse:
        """GET the form, then POST it with its hidden inputs and `data`."""
        fields = {**self.hidden(path), **hidden, **data}
        return self.client.post(path.split("?")[0], data=fields)


@pytest.fixture
def browse(app: Flask, users: UserStore) -> Callable[..., Browser]:
    """Creates a person (name, org, role) with a password and signs them in through the form."""

    def make(name: str, org: str, role: str) -> Browser:
        users.create(name, org, role, PAGE_PASSWORD)
        browser = Browser(app.test_client())
        answer = browser.login(name)
        assert answer.status_code == 302, answer.get_data(as_text=True)
        return browser

    return make


@pytest.fixture
def open_browser(app: Flask) -> Callable[[], Browser]:
    """A browser nobody has signed in with yet."""
    return lambda: Browser(app.test_client())


@pytest.fixture
def admit(registry: Registry) -> Callable[..., Any]:
    """Records an admission through the registry (a test's arrangement); returns the receipt."""
    return lambda cell, profile, on=date(2026, 3, 10): record_admission(registry, cell, profile, on)


def record_admission(registry: Registry, cell: str, profile: MemberProfile, on: date) -> Any:
    body = {
        "type": "admitted",
        "effective_on": on.isoformat(),
        "decision_no": "1-QĐ/ĐU",
        "decision_on": on.isoformat(),
        "decided_by": "Đảng ủy xã An",
        "member": {
            **{k: v for k, v in profile.as_dict().items() if k != "birth_date"},
            "birth_date": profile.birth_date.isoformat(),
        },
    }
    command, _key = parse_body(body)
    return writes.execute(registry, cell, command, recorded_by="test-clerk")


@pytest.fixture
def admission_form() -> Callable[..., dict[str, str]]:
    """What a clerk types into the admission form (national ID and date may be changed)."""
    return form_values


def form_values(national_id: str = "001199000777", on: str = "2026-03-10") -> dict[str, str]:
    return {
        "effective_on": on,
        "decision_no": "15-QĐ/ĐU",
        "decision_on": on,
        "decided_by": "Đảng ủy xã An",
        "member.national_id": national_id,
        "member.full_name": "Quàng Thị Hoa",
        "member.sex": "female",
        "member.birth_date": "1999-08-20",
        "member.ethnicity": "Thái",
        "member.religion": "",
        "member.education": "university",
        "member.political_theory": "basic",
        "member.youth_union": "on",
        "member.sector": "public_service",
    }
