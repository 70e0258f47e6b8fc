"""The fields of each event form and how a submitted form becomes the API's event body.

Field names are the body's paths ("member.full_name", "changes.decision_no"), so the
per-field messages of the schema and of the domain land next to the field that caused them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import ValidationError

from domain.errors import InvalidValue, NotFound
from services.day_input import as_iso_day


@dataclass(frozen=True)
class Field:
    """One input: its body path, its label (Vietnamese source text) and how it is entered."""

    name: str
    label: str
    input: str = "text"  # text, date, textarea, checkbox, select, member, org
    required: bool = False
    choices: str | None = None  # a labels group for selects
    hint: str | None = None
    default: str = ""


@dataclass(frozen=True)
class Fieldset:
    legend: str
    fields: tuple[Field, ...]
    hint: str | None = None


def _profile(required: bool, prefix: str = "member.") -> tuple[Field, ...]:
    return (
        Field(
            f"{prefix}national_id",
            "Số CCCD",
            required=required or prefix == "member.",
            hint="12 chữ số (hoặc CMND 9 chữ số)",
        ),
        Field(f"{prefix}full_name", "Họ và tên", required=required),
        Field(f"{prefix}sex", "Giới tính", "select", required, "sex"),
        Field(f"{prefix}birth_date", "Ngày sinh", "date", required),
        Field(
            f"{prefix}ethnicity", "Dân tộc", required=required, default="Kinh" if required else ""
        ),
        Field(f"{prefix}religion", "Tôn giáo", hint="Để trống nếu không theo tôn giáo"),
        Field(
            f"{prefix}education", "Trình độ học vấn, chuyên môn", "select", required, "education"
        ),
        Field(
            f"{prefix}political_theory", "Lý luận chính trị", "select", required, "political_theory"
        ),
        Field(f"{prefix}youth_union", "Là đoàn viên", "checkbox"),
        Field(f"{prefix}sector", "Nơi làm việc, thành phần", "select", required, "sector"),
    )


def _decision(required: bool) -> Fieldset:
    return Fieldset(
        "Quyết định",
        (
            Field("decision_no", "Số quyết định", required=required, hint="Ví dụ: 123-QĐ/HU"),
            Field("decision_on", "Ngày quyết định", "date", required),
            Field(
                "decided_by",
                "Cấp ra quyết định",
                required=required,
                hint="Ví dụ: Ban Thường vụ Huyện ủy",
            ),
        ),
    )


MEMBER = Field("member_id", "Đảng viên", "member", hint="Hoặc nhập số CCCD ở ô bên dưới")
MEMBER_ID_NUMBER = Field("member.national_id", "Số CCCD của đảng viên")
NOTE = Fieldset("Ghi chú", (Field("note", "Ghi chú", "textarea"),))


def _removal(date_label: str, reason: Field | None, decision: bool = True) -> tuple[Fieldset, ...]:
    fields = [MEMBER, MEMBER_ID_NUMBER, Field("effective_on", date_label, "date", True)]
    if reason is not None:
        fields.append(reason)
    sets = [Fieldset("Đảng viên", tuple(fields))]
    if decision:
        sets.append(_decision(False))
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
        _decision(True),
        Fieldset("Người được kết nạp", _profile(True)),
        Fieldset(
            "Trên 60 tuổi",
            (Field("provincial_approval", "Tỉnh ủy đồng ý (số văn bản)"),),
            hint="Chỉ điền khi người vào Đảng trên 60 tuổi",
        ),
        NOTE,
    ),
    "readmitted": (
        Fieldset("Lễ kết nạp lại", (Field("effective_on", "Ngày lễ kết nạp lại", "date", True),)),
        _decision(True),
        Fieldset(
            "Người được kết nạp lại",
            _profile(False),
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
            _profile(False),
            hint="Nhập số CCCD; nếu người này chưa có trong sổ thì nhập đủ các ô",
        ),
        _decision(False),
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
        _decision(False),
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
        _decision(False),
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
                for f in _profile(False, "changes.member.")
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


def _put(body: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    target = body
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def build_body(kind: str, form: Mapping[str, str]) -> dict[str, Any]:
    """The event body a submitted form asks for: empty inputs are left out."""
    body: dict[str, Any] = {"type": kind}
    for field in all_fields(kind):
        if field.input == "checkbox":
            continue
        raw = (form.get(field.name) or "").strip()
        if field.input == "date":
            raw = as_iso_day(raw) if raw else raw  # typed dd/mm/yyyy
        if raw and field.name not in ("from_outside", "to_outside"):
            _put(body, field.name, raw)
    for side in ("from", "to"):
        outside = (form.get(f"{side}_outside") or "").strip()
        if outside and side not in body:
            body[side] = {"outside": outside}
    member = body.get("member")
    if kind == "admitted" or (isinstance(member, dict) and len(member) > 1):
        _put(body, "member.youth_union", form.get("member.youth_union") in ("on", "true", "1"))
    if "member_id" in body and isinstance(member, dict) and set(member) == {"national_id"}:
        del body["member"]  # the chosen member wins over an empty-looking ID box
    return body


# -- errors --------------------------------------------------------------------------------


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as {"member.full_name": [...]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = "from" if key == "from_" else str(key)
            if name == "_schema":
                path = prefix or "_schema"
            else:
                path = f"{prefix}.{name}" if prefix else name
            for inner, texts in flatten(value, path).items():
                flat.setdefault(inner, []).extend(texts)
    elif isinstance(messages, list):
        for item in messages:
            if isinstance(item, (dict, list)):
                for inner, texts in flatten(item, prefix).items():
                    flat.setdefault(inner, []).extend(texts)
            else:
                flat.setdefault(prefix or "_schema", []).append(str(item))
    else:
        flat.setdefault(prefix or "_schema", []).append(str(messages))
    return flat


NOT_FOUND_FIELDS = {"member": "member_id", "organization": "from", "event": "corrects"}


def field_errors(error: Exception, kind: str) -> dict[str, list[str]]:
    """Per-field messages (English, from the schema or the domain) of a refused form."""
    if isinstance(error, ValidationError):
        return flatten(error.messages)
    if isinstance(error, InvalidValue):
        return {error.field: [error.message]}
    if isinstance(error, NotFound):
        name = NOT_FOUND_FIELDS.get(error.what, "_schema")
        if kind == "transferred_out" and name == "from":
            name = "to"
        if kind == "retraction" and name == "corrects":
            name = "retracts"
        return {name: [f"not found: {error.what}"]}
    return {"_schema": [str(error)]}
