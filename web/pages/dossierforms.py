"""The fields of the dossier forms and how a submitted form becomes services.admission.bodies's body.

Field names are the body's own ("certificate_no", "candidate.full_name"), so the schema's and
the domain's per-field messages land next to the field that caused them. The introducers are
entered as two members chosen from the roll, or two national ID numbers.
"""

from __future__ import annotations

from collections.abc import Mapping

from services.day_input import as_iso_day
from services.roll.text_guards import hostile_text
from web.pages.formfields import NOTE, Body, BodyValue, Field, Fieldset, profile_fields, put

INTRODUCERS = ("introducer_1", "introducer_2")
CHECKED = ("on", "true", "1")

ON_LABELS = {
    "course_completed": "Ngày cấp giấy chứng nhận",
    "application_submitted": "Ngày nộp đơn và lý lịch",
    "introducers_assigned": "Ngày phân công giới thiệu",
    "background_verified": "Ngày kết luận thẩm tra",
    "youth_union_endorsed": "Ngày nghị quyết của Đoàn",
    "cell_resolved": "Ngày chi bộ họp xét",
    "committee_resolved": "Ngày đảng ủy cơ sở họp xét",
    "received": "Ngày tiếp nhận hồ sơ",
    "deadline_extended": "Ngày gia hạn",
    "decided": "Ngày quyết định",
    "refused": "Ngày quyết định",
    "ceremony_held": "Ngày lễ kết nạp",
    "probation_reviewed": "Ngày chi bộ họp xét",
    "recognized": "Ngày quyết định",
    "struck_off": "Ngày quyết định",
}


def _votes(eligible: str) -> tuple[Field, ...]:
    return (
        Field("votes_for", "Số tán thành", required=True),
        Field("votes_against", "Số không tán thành", required=True, default="0"),
        Field("eligible", eligible, required=True),
    )


DECIDED_BY = Field(
    "decided_by",
    "Cấp ra quyết định (mã tổ chức đảng)",
    required=True,
    hint="Ban thường vụ cấp ủy có thẩm quyền",
)
REASON = Field("reason", "Lý do", "textarea", True)

SPECIFIC: dict[str, tuple[Field, ...]] = {
    "course_completed": (Field("certificate_no", "Số giấy chứng nhận", required=True),),
    "introducers_assigned": (
        Field(
            "introducer_1",
            "Người giới thiệu thứ nhất",
            "member",
            hint="Đảng viên chính thức cùng tổ chức cơ sở đảng, đủ 12 tháng",
        ),
        Field("introducer_2", "Người giới thiệu thứ hai", "member"),
    ),
    "background_verified": (
        Field("conclusion", "Kết luận thẩm tra", "textarea", True),
        Field("satisfactory", "Đủ điều kiện", "checkbox", default="on"),
    ),
    "cell_resolved": (
        *_votes("Số đảng viên chính thức của chi bộ"),
        Field(
            "provincial_approval",
            "Tỉnh ủy đồng ý (số văn bản)",
            hint="Chỉ điền khi người vào Đảng trên 60 tuổi",
        ),
    ),
    "committee_resolved": _votes("Số cấp ủy viên"),
    "deadline_extended": (REASON,),
    "decided": (
        DECIDED_BY,
        Field(
            "received_on",
            "Ngày chi bộ nhận quyết định",
            "date",
            hint="Để trống nếu cùng ngày quyết định",
        ),
    ),
    "refused": (DECIDED_BY, REASON),
    "ceremony_held": (
        Field(
            "late_approval",
            "Cấp trên đồng ý tổ chức muộn (số văn bản)",
            hint="Chỉ khi quá 30 ngày làm việc kể từ khi nhận quyết định",
        ),
    ),
    "probation_reviewed": (
        *_votes("Số đảng viên chính thức của chi bộ"),
        Field("outcome", "Đề nghị của chi bộ", "select", True, "outcome"),
    ),
    "recognized": (DECIDED_BY,),
    "struck_off": (DECIDED_BY, Field("reason", "Lý do", "textarea")),
    "withdrawn": (REASON,),
    "suspended": (REASON,),
}
NEEDS_DOCUMENT = frozenset({"decided", "recognized", "struck_off"})
STEPS = (
    "course_completed",
    "application_submitted",
    "introducers_assigned",
    "background_verified",
    "youth_union_endorsed",
    "cell_resolved",
    "committee_resolved",
    "received",
    "deadline_extended",
    "decided",
    "refused",
    "ceremony_held",
    "probation_reviewed",
    "recognized",
    "struck_off",
    "withdrawn",
    "suspended",
    "resumed",
)


def step_fields(step: str) -> tuple[Field, ...]:
    """The inputs of one step's form, in the order a clerk fills them in."""
    return (
        Field("on", ON_LABELS.get(step, "Ngày"), "date", True),
        *SPECIFIC.get(step, ()),
        Field("actor", "Người hoặc cơ quan thực hiện"),
        Field(
            "document_no",
            "Số văn bản",
            required=step in NEEDS_DOCUMENT,
            hint="Ví dụ: 123-QĐ/HU" if step in NEEDS_DOCUMENT else None,
        ),
        Field("note", "Ghi chú", "textarea"),
    )


def step_body(step: str, form: Mapping[str, str]) -> Body:
    """The step body a submitted form asks for: empty inputs are left out."""
    body: Body = {"step": step}
    for field in step_fields(step):
        raw = (form.get(field.name) or "").strip()
        if field.input == "date" and raw:
            raw = as_iso_day(raw)  # typed dd/mm/yyyy
        if field.input == "checkbox":
            body[field.name] = raw in CHECKED
        elif field.input != "member" and raw:
            body[field.name] = raw
    if step == "introducers_assigned":
        body["introducers"] = [ref for ref in map(introducer, INTRODUCERS, [form] * 2) if ref]
    return body


def introducer(name: str, form: Mapping[str, str]) -> dict[str, BodyValue] | None:
    """A chosen member, else a typed national ID number."""
    chosen = (form.get(name) or "").strip()
    typed = (form.get(f"{name}_id") or "").strip()
    if chosen:
        return {"member_id": chosen}
    return {"national_id": typed} if typed else None


OPEN_FORM: tuple[Fieldset, ...] = (
    Fieldset(
        "Danh sách cảm tình Đảng",
        (
            Field("on", "Ngày đưa vào danh sách", "date", True),
            Field("actor", "Người hoặc cơ quan thực hiện"),
            Field("document_no", "Số văn bản"),
        ),
    ),
    Fieldset("Quần chúng ưu tú", profile_fields(True, "candidate.")),
    Fieldset(
        "Trường hợp đặc biệt về học vấn",
        (Field("education_exemption", "Văn bản hướng dẫn áp dụng"),),
        hint="Chỉ điền khi chưa tốt nghiệp trung học cơ sở, ở vùng được hướng dẫn riêng",
    ),
    NOTE,
)


def open_body(form: Mapping[str, str]) -> Body:
    """The opening body of a submitted form (the cell is chosen apart)."""
    body: Body = {}
    for fieldset in OPEN_FORM:
        for field in fieldset.fields:
            raw = (form.get(field.name) or "").strip()
            if field.input == "date" and raw:
                raw = as_iso_day(raw)  # typed dd/mm/yyyy
            if field.input == "checkbox":
                put(body, field.name, raw in CHECKED)
            elif raw:
                put(body, field.name, raw)
    candidate = body.setdefault("candidate", {})
    assert isinstance(candidate, dict)  # the profile's fields are all under it
    candidate.setdefault("religion", None)
    return body


def hostile(body: Body) -> dict[str, list[str]]:
    """Per-field messages for markup in names and control characters (nothing is stored)."""
    return hostile_text(body)
