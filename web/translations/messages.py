"""Per-field messages of the schemas and the domain, said plainly: (pattern, Vietnamese, English).

The schemas and the domain speak English to API clients; a form shows the same refusal
next to its field in the person's language. Unknown messages are shown as they are.
"""

from __future__ import annotations

import re

FIELD_MESSAGES: list[tuple[str, str, str]] = [
    # -- the admission pipeline's bodies (services/admission/bodies.py) first: "give exactly
    # one of" below would otherwise claim the introducers' message.
    (r"required for step \w+", "Bắt buộc nhập.", "Required."),
    (r"not used by step \w+", "Không dùng cho bước này.", "Not used by this step."),
    (
        r"give exactly one of member_id or national_id",
        "Chọn đảng viên hoặc nhập số CCCD.",
        "Choose a member or enter a national ID.",
    ),
    (
        r"exactly two different introducers|^Length must be 2\.",
        "Cần đúng hai người giới thiệu khác nhau.",
        "Exactly two different introducers are needed.",
    ),
    (
        r"more votes than members eligible",
        "Số phiếu nhiều hơn số người có quyền biểu quyết.",
        "More votes than members eligible to vote.",
    ),
    (
        r"Must be greater than or equal to (?P<a>\d+) and less than or equal to (?P<b>\d+)"
        r"|^must be (?P<c>\d+)-(?P<d>\d+)$",
        "Phải là số nguyên trong khoảng cho phép.",
        "Must be a whole number in the allowed range.",
    ),
    (
        r"Must be greater than or equal to (?P<a>\d+)\.",
        "Phải từ {a} trở lên.",
        "Must be {a} or more.",
    ),
    (
        r"Missing data for required field\.|required for type \w+|is required$",
        "Bắt buộc nhập.",
        "Required.",
    ),
    (
        r"is required with the member's attributes",
        "Bắt buộc khi nhập thông tin đảng viên.",
        "Required with the member's attributes.",
    ),
    (r"Not a valid date\.", "Ngày không hợp lệ.", "Not a valid date."),
    (r"Not a valid UUID\.", "Mã không hợp lệ.", "Not a valid identifier."),
    (r"Not a valid (integer|number)\.", "Phải là một số.", "Must be a number."),
    (r"Not a valid boolean\.", "Giá trị không hợp lệ.", "Not a valid value."),
    (
        r"must be 12 digits \(CCCD\) or 9 digits \(CMND\)",
        "Gồm 12 chữ số (CCCD) hoặc 9 chữ số (CMND).",
        "12 digits (CCCD) or 9 digits (CMND).",
    ),
    (
        r"Length must be between (?P<a>\d+) and (?P<b>\d+)\.",
        "Độ dài từ {a} đến {b} ký tự.",
        "Between {a} and {b} characters.",
    ),
    (
        r"Longer than maximum length (?P<b>\d+)\.|must be at most (?P<c>\d+) characters",
        "Quá dài.",
        "Too long.",
    ),
    (
        r"[Mm]ust be one of:",
        "Hãy chọn một giá trị trong danh sách.",
        "Choose a value from the list.",
    ),
    (
        r"not used by type \w+",
        "Không dùng cho loại sự kiện này.",
        "Not used by this kind of event.",
    ),
    (
        r"name the member",
        "Chọn đảng viên hoặc nhập số CCCD.",
        "Choose the member or enter the national ID.",
    ),
    (
        r"required when the member comes from outside",
        "Bắt buộc khi chuyển đến từ ngoài hệ thống.",
        "Required when the member comes from outside.",
    ),
    (
        r"required for a probationary member",
        "Bắt buộc với đảng viên dự bị.",
        "Required for a probationary member.",
    ),
    (
        r"must be an organization code",
        "Nhập mã tổ chức đảng, hoặc tên đơn vị ngoài hệ thống.",
        "Enter an organization code, or the name of a unit outside the registry.",
    ),
    (r"give exactly one of", "Nhập mã sự kiện.", "Enter the event's identifier."),
    (
        r"not yet in the registry",
        "Người này chưa có trong sổ: nhập đủ thông tin cá nhân.",
        "This person is not in the registry yet: enter all their attributes.",
    ),
    (
        r"an admission needs all the member's attributes",
        "Kết nạp cần đủ thông tin cá nhân.",
        "An admission needs all the person's attributes.",
    ),
    (
        r"must change at least one field",
        "Phải sửa ít nhất một thông tin.",
        "Change at least one field.",
    ),
    (r"must give a reason", "Phải ghi lý do.", "Give a reason."),
    (
        r"does not match member_id",
        "Số CCCD không khớp với đảng viên đã chọn.",
        "The national ID does not match the chosen member.",
    ),
    (r"cannot be corrected", "Thông tin này không đính chính được.", "This cannot be corrected."),
    (
        r"member attributes are corrected on the intake event",
        "Thông tin cá nhân được đính chính trên sự kiện kết nạp hoặc tiếp nhận.",
        "Member attributes are corrected on the intake event.",
    ),
    (
        r"national ID identifies the person",
        "Không sửa số CCCD: hãy hủy bỏ sự kiện rồi ghi lại cho đúng người.",
        "The national ID cannot change: retract the event and record it for the right person.",
    ),
    (
        r"must be 1-(?P<b>\d+) characters",
        "Độ dài từ 1 đến {b} ký tự.",
        "Between 1 and {b} characters.",
    ),
    (r"^not found: member", "Không tìm thấy đảng viên này.", "No such member."),
    (r"^not found: organization", "Không tìm thấy tổ chức đảng này.", "No such organization."),
    (
        r"^not found: event",
        "Không tìm thấy sự kiện này trong tổ chức đảng.",
        "No such event in this organization.",
    ),
    (
        r"^must be a positive whole number",
        "Phải là số nguyên dương.",
        "Must be a positive whole number.",
    ),
]

_COMPILED = [(re.compile(p), vi, en) for p, vi, en in FIELD_MESSAGES]


def field_message(message: str, lang: str = "vi") -> str:
    """A schema's or the domain's field message in `lang`."""
    for pattern, vi, en in _COMPILED:
        found = pattern.search(message)
        if found:
            values = {k: v for k, v in found.groupdict().items() if v is not None}
            text = en if lang == "en" else vi
            try:
                return text.format(**values)
            except KeyError:
                return text
    return message
