"""The fields of each event form and how a submitted form becomes the API's event body.

Field names are the body's paths ("member.full_name", "changes.decision_no"), so the
per-field messages of the schema and of the domain land next to the field that caused them.
The building blocks are in web.pages.formfields, the refusals' messages in web.pages.formerrors.
"""

from __future__ import annotations

from collections.abc import Mapping

from services.day_input import as_iso_day
from web.pages.formfields import (
    MEMBER,
    MEMBER_ID_NUMBER,
    NOTE,
    Body,
    Field,
    Fieldset,
    decision_fields,
    profile_fields,
    put,
)


def _removal(date_label: str, reason: Field | None, decision: bool = True) -> tuple[Fieldset, ...]:
    fields = [MEMBER, MEMBER_ID_NUMBER, Field("effective_on", date_label, "date", True)]
    if reason is not None:
        fields.append(reason)
    sets = [Fieldset("Đảng viên", tuple(fields))]
    if decision:
        sets.append(decision_fields(False))
    return (*sets, NOTE)


FORMS: dict[str, tuple[Fieldset, ...]] = {
    "admitted": (
        Fieldset(
            "Lễ kết nạp",
            (
                Field(
                    "effective_on",
                    "Ngày lễ kết nạp",
                    "date",
                    True,
                    hint="Thời gian dự bị 12 tháng tính từ ngày này",
                ),
            ),
        ),
        decision_fields(True),
        Fieldset("Người được kết nạp", profile_fields(True)),
        Fieldset(
            "Trên 60 tuổi",
            (Field("provincial_approval", "Tỉnh ủy đồng ý (số văn bản)"),),
            hint="Chỉ điền khi người vào Đảng trên 60 tuổi",
        ),
        NOTE,
    ),
    "readmitted": (
        Fieldset("Lễ kết nạp lại", (Field("effective_on", "Ngày lễ kết nạp lại", "date", True),)),
        decision_fields(True),
        Fieldset(
            "Người được kết nạp lại",
            profile_fields(False),
            hint="Nhập số CCCD; nếu thông tin cá nhân thay đổi thì nhập đủ các ô",
        ),
        Fieldset("Trên 60 tuổi", (Field("provincial_approval", "Tỉnh ủy đồng ý (số văn bản)"),)),
        NOTE,
    ),
    "transferred_in": (
        Fieldset(
            "Chuyển đến",
            (
                Field("effective_on", "Ngày tiếp nhận", "date", True),
                Field(
                    "from",
                    "Từ tổ chức đảng (mã)",
                    "org",
                    hint="Mã tổ chức đảng trong tỉnh, nếu chuyển từ trong tỉnh",
                ),
                Field(
                    "from_outside",
                    "Hoặc từ đơn vị ngoài hệ thống",
                    hint="Ví dụ: Đảng bộ tỉnh Lai Châu",
                ),
                Field(
                    "status", "Loại đảng viên (nếu từ ngoài hệ thống)", "select", choices="status"
                ),
                Field("admitted_on", "Ngày kết nạp (nếu là dự bị)", "date"),
            ),
        ),
        Fieldset(
            "Đảng viên",
            profile_fields(False),
            hint="Nhập số CCCD; nếu người này chưa có trong sổ thì nhập đủ các ô",
        ),
        decision_fields(False),
        NOTE,
    ),
    "recognized": (
        Fieldset(
            "Đảng viên dự bị",
            (
                MEMBER,
                MEMBER_ID_NUMBER,
                Field(
                    "effective_on",
                    "Ngày công nhận",
                    "date",
                    hint="Để trống: hệ thống tính đúng ngày đủ 12 tháng dự bị",
                ),
            ),
        ),
        decision_fields(False),
        NOTE,
    ),
    "transferred_out": (
        Fieldset(
            "Chuyển đi",
            (
                MEMBER,
                MEMBER_ID_NUMBER,
                Field("effective_on", "Ngày chuyển đi", "date", True),
                Field("to", "Đến tổ chức đảng (mã)", "org", hint="Mã tổ chức đảng trong tỉnh"),
                Field("to_outside", "Hoặc đến đơn vị ngoài hệ thống"),
            ),
        ),
        decision_fields(False),
        NOTE,
    ),
    "expelled": _removal("Ngày khai trừ", Field("reason", "Lý do", "textarea", True)),
    "struck_off": _removal(
        "Ngày xóa tên", Field("reason", "Lý do xóa tên", "select", True, "strike_off")
    ),
    "died": _removal("Ngày mất", Field("reason", "Nguyên nhân (nếu có)"), decision=False),
    "admission_annulled": _removal("Ngày hủy", Field("reason", "Lý do", "textarea", True)),
    "correction": (
        Fieldset(
            "Sự kiện cần đính chính",
            (
                Field(
                    "corrects",
                    "Mã sự kiện",
                    required=True,
                    hint="Mở trang đảng viên và bấm \u201cĐính chính\u201d bên sự kiện",
                ),
                Field("reason", "Lý do đính chính", "textarea", True),
            ),
        ),
        Fieldset(
            "Thông tin đúng",
            (
                Field("changes.effective_on", "Ngày có hiệu lực", "date"),
                Field("changes.decision_no", "Số quyết định"),
                Field("changes.decision_on", "Ngày quyết định", "date"),
                Field("changes.decided_by", "Cấp ra quyết định"),
                Field("changes.reason", "Lý do (của sự kiện gốc)"),
                Field("changes.note", "Ghi chú"),
            ),
            hint="Chỉ điền những ô cần sửa",
        ),
        Fieldset(
            "Thông tin cá nhân đúng",
            tuple(
                f
                for f in profile_fields(False, "changes.member.")
                if not f.name.endswith("national_id") and not f.name.endswith("youth_union")
            ),
            hint="Chỉ áp dụng cho sự kiện kết nạp hoặc tiếp nhận",
        ),
    ),
    "retraction": (
        Fieldset(
            "Sự kiện cần hủy bỏ",
            (
                Field("retracts", "Mã sự kiện", required=True),
                Field("reason", "Lý do hủy bỏ", "textarea", True),
            ),
            hint="Sự kiện được coi như chưa từng xảy ra từ bây giờ; lịch sử vẫn giữ nguyên",
        ),
    ),
}

EVENT_TYPES = tuple(FORMS)


def all_fields(kind: str) -> list[Field]:
    return [f for fieldset in FORMS[kind] for f in fieldset.fields]


def build_body(kind: str, form: Mapping[str, str]) -> Body:
    """The event body a submitted form asks for: empty inputs are left out."""
    body: Body = {"type": kind}
    for field in all_fields(kind):
        if field.input == "checkbox":
            continue
        raw = (form.get(field.name) or "").strip()
        if field.input == "date":
            raw = as_iso_day(raw) if raw else raw  # typed dd/mm/yyyy
        if raw and field.name not in ("from_outside", "to_outside"):
            put(body, field.name, raw)
    for side in ("from", "to"):
        outside = (form.get(f"{side}_outside") or "").strip()
        if outside and side not in body:
            body[side] = {"outside": outside}
    member = body.get("member")
    if kind == "admitted" or (isinstance(member, dict) and len(member) > 1):
        put(body, "member.youth_union", form.get("member.youth_union") in ("on", "true", "1"))
    if "member_id" in body and isinstance(member, dict) and set(member) == {"national_id"}:
        del body["member"]  # the chosen member wins over an empty-looking ID box
    return body
