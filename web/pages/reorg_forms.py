"""The values of the reorganization forms (sắp xếp tổ chức), read as the API reads its body
(web.api.reorg_schemas.ReorganizationValues) or answered with per-field messages.

Two forms: the decision about one organization (merge, possibly with others and into a
successor the decision founds; move; rename; dissolve), and the split, where each cell and
member of the organization is assigned to an existing organization of the officer's subtree or
to one of the successors the decision founds (`new:1`, `new:2`, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from domain.roll.values import CODE_PATTERN
from services.day_input import BadDay, parse_day
from web.api.reorg_schemas import NewOrganizationValues, ReorganizationValues
from web.pages.i18n import _

Errors = dict[str, list[str]]
NEW_SLOTS = 3  # successors a split form founds at most (a commune rarely splits in more)
DECISION_FIELDS = ("on", "decision_no", "decision_on", "decided_by")


@dataclass
class Parsed:
    """A form read: the API's values, the founded successors' names, the messages."""

    values: ReorganizationValues
    names: dict[str, str] = field(default_factory=dict)  # founded code → name
    errors: Errors = field(default_factory=dict)


def decision_values(form: Mapping[str, str], kind: str, errors: Errors) -> ReorganizationValues:
    """The effective day and the decision's number, date and body (dd/mm/yyyy)."""
    days: dict[str, date | None] = {}
    for name in ("on", "decision_on"):
        raw = form.get(name, "").strip()
        try:
            days[name] = parse_day(raw) if raw else None
        except BadDay:
            errors[name] = ["Not a valid date."]
    if "on" not in errors and days["on"] is None:
        errors["on"] = [_("Nhập ngày có hiệu lực.")]
    return {
        "kind": kind,
        "on": days.get("on") or date.min,
        "decision_no": form.get("decision_no", "").strip()[:100] or None,
        "decision_on": days.get("decision_on"),
        "decided_by": form.get("decided_by", "").strip() or None,
        "sources": [],
        "into": [],
        "children": {},
        "members": {},
        "default": None,
        "found": [],
    }


def new_successor(
    form: Mapping[str, str], code_key: str, name_key: str, errors: Errors
) -> NewOrganizationValues | None:
    """A successor the decision founds, if its code is filled in: a free-looking code and a
    name (whether the code is free is the rule's answer, `code_taken`)."""
    code = form.get(code_key, "").strip().upper()
    name = form.get(name_key, "").strip()
    if not code:
        if name:
            errors[code_key] = [_("Nhập mã của tổ chức mới.")]
        return None
    if not CODE_PATTERN.match(code):
        errors[code_key] = [_("Mã tổ chức chỉ gồm chữ in hoa, chữ số, dấu chấm, gạch.")]
    if not 1 <= len(name) <= 200:
        errors[name_key] = [_("Nhập tên của tổ chức mới (1-200 ký tự).")]
    return {"code": code, "name": name, "kind": None, "parent": None}


def split_values(
    form: Mapping[str, str], allowed: set[str], children: list[str], members: list[str]
) -> Parsed:
    """A split: successors founded in the numbered slots, a receiver for each cell and member
    (empty: the default receiver), and the default receiver. `allowed` are the existing
    organizations the officer may pick."""
    errors: Errors = {}
    values = decision_values(form, "split", errors)
    slots: dict[str, str] = {}
    parsed = Parsed(values, errors=errors)
    for slot in range(1, NEW_SLOTS + 1):
        new = new_successor(form, f"new_code_{slot}", f"new_name_{slot}", errors)
        if new is not None:
            slots[f"new:{slot}"] = new["code"]
            values["found"].append(new)
            parsed.names[new["code"]] = new["name"]

    def receiver(key: str) -> str | None:
        token = form.get(key, "").strip()
        if not token:
            return None
        if token in slots:
            return slots[token]
        if token.startswith("new:"):
            errors[key] = [_("Tổ chức mới này chưa có mã.")]
        elif token not in allowed:
            errors[key] = [_("Chọn một tổ chức khác trong phạm vi của bạn.")]
        return token

    values["default"] = receiver("default")
    for child in children:
        if (to := receiver(f"child:{child}")) is not None:
            values["children"][child] = to
    for member in members:
        if (to := receiver(f"member:{member}")) is not None:
            values["members"][member] = to
    used = [values["default"], *values["children"].values(), *values["members"].values()]
    into = [*slots.values(), *(c for c in used if c)]
    values["into"] = list(dict.fromkeys(into))  # in order, once each
    if not values["into"]:
        errors["default"] = [_("Chọn ít nhất một tổ chức nhận.")]
    return parsed
