"""The building blocks of the page forms: one input, a group of inputs, and the groups the
event forms and the dossier forms share (a person's profile, a decision, a note).

Field names are the body's paths ("member.full_name"), and `put` writes a typed value at
such a path, so the per-field messages of the schema and of the domain land next to the field
that caused them.
"""

from __future__ import annotations

from dataclasses import dataclass

# A form body before the API's schema reads it: text, a ticked box, nothing (an unanswered
# question), a list (the introducers) or a nested object.
BodyValue = str | bool | None | list["BodyValue"] | dict[str, "BodyValue"]
Body = dict[str, BodyValue]


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


UNKNOWN_IF_EMPTY = "Để trống nếu chưa rõ"


def profile_fields(required: bool, prefix: str = "member.") -> tuple[Field, ...]:
    """A person's profile (hồ sơ cá nhân) under `prefix`: the member's, or a candidate's."""
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
        # What the statistics forms break members down by; unknown when left empty.
        Field(
            f"{prefix}general_education",
            "Giáo dục phổ thông",
            "select",
            choices="general_education",
            hint=UNKNOWN_IF_EMPTY,
        ),
        Field(
            f"{prefix}qualification",
            "Trình độ chuyên môn",
            "select",
            choices="qualification",
            hint=UNKNOWN_IF_EMPTY,
        ),
        Field(
            f"{prefix}occupation",
            "Nghề nghiệp",
            "select",
            choices="occupation",
            hint=UNKNOWN_IF_EMPTY,
        ),
    )


def decision_fields(required: bool) -> Fieldset:
    """The decision (quyết định) an event carries: its number, day and deciding body."""
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


def put(body: Body, path: str, value: BodyValue) -> None:
    """Set `value` at a dotted path ("member.full_name"), making the objects on the way."""
    parts = path.split(".")
    target = body
    for part in parts[:-1]:
        inner = target.setdefault(part, {})
        assert isinstance(inner, dict)  # a path never passes through a plain value
        target = inner
    target[parts[-1]] = value
