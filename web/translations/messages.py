"""Per-field messages of the schemas and the domain, said plainly: (pattern, Vietnamese).

The schemas and the domain speak English to API clients; a form shows the same refusal
next to its field in the person's language (the catalog's English, context "field", or
"dossier field" for the admission pipeline's bodies, whose English differs). Unknown messages
are shown as they are.
"""

from __future__ import annotations

import re

from web.translations import translate_in

# The admission pipeline's bodies (services/admission/bodies.py) first: "give exactly one of"
# below would otherwise claim the introducers' message.
BODY_MESSAGES: list[tuple[str, str]] = [
    (r"required for step \w+", "Bắt buộc nhập."),
    (r"not used by step \w+", "Không dùng cho bước này."),
    (r"give exactly one of member_id or national_id", "Chọn đảng viên hoặc nhập số CCCD."),
    (
        r"exactly two different introducers|^Length must be 2\.",
        "Cần đúng hai người giới thiệu khác nhau.",
    ),
    (r"more votes than members eligible", "Số phiếu nhiều hơn số người có quyền biểu quyết."),
]

FIELD_MESSAGES: list[tuple[str, str]] = [
    (
        r"Must be greater than or equal to (?P<a>\d+) and less than or equal to (?P<b>\d+)|^must be (?P<c>\d+)-(?P<d>\d+)$",
        "Phải là số nguyên trong khoảng cho phép.",
    ),
    (r"Must be greater than or equal to (?P<a>\d+)\.", "Phải từ {a} trở lên."),
    (r"Missing data for required field\.|required for type \w+|is required$", "Bắt buộc nhập."),
    (r"is required with the member's attributes", "Bắt buộc khi nhập thông tin đảng viên."),
    (r"Not a valid date\.", "Ngày không hợp lệ."),
    (r"Not a valid UUID\.", "Mã không hợp lệ."),
    (r"Not a valid (integer|number)\.", "Phải là một số."),
    (r"Not a valid boolean\.", "Giá trị không hợp lệ."),
    (
        r"must be 12 digits \(CCCD\) or 9 digits \(CMND\)",
        "Gồm 12 chữ số (CCCD) hoặc 9 chữ số (CMND).",
    ),
    (r"Length must be between (?P<a>\d+) and (?P<b>\d+)\.", "Độ dài từ {a} đến {b} ký tự."),
    (r"Longer than maximum length (?P<b>\d+)\.|must be at most (?P<c>\d+) characters", "Quá dài."),
    (r"[Mm]ust be one of:", "Hãy chọn một giá trị trong danh sách."),
    (r"not used by type \w+", "Không dùng cho loại sự kiện này."),
    (r"name the member", "Chọn đảng viên hoặc nhập số CCCD."),
    (r"required when the member comes from outside", "Bắt buộc khi chuyển đến từ ngoài hệ thống."),
    (r"required for a probationary member", "Bắt buộc với đảng viên dự bị."),
    (r"must be an organization code", "Nhập mã tổ chức đảng, hoặc tên đơn vị ngoài hệ thống."),
    (r"give exactly one of", "Nhập mã sự kiện."),
    (r"not yet in the registry", "Người này chưa có trong sổ: nhập đủ thông tin cá nhân."),
    (r"an admission needs all the member's attributes", "Kết nạp cần đủ thông tin cá nhân."),
    (r"must change at least one field", "Phải sửa ít nhất một thông tin."),
    (r"must give a reason", "Phải ghi lý do."),
    (r"does not match member_id", "Số CCCD không khớp với đảng viên đã chọn."),
    (r"cannot be corrected", "Thông tin này không đính chính được."),
    (
        r"member attributes are corrected on the intake event",
        "Thông tin cá nhân được đính chính trên sự kiện kết nạp hoặc tiếp nhận.",
    ),
    (
        r"national ID identifies the person",
        "Không sửa số CCCD: hãy hủy bỏ sự kiện rồi ghi lại cho đúng người.",
    ),
    (
        r"when education is \w+",
        "Không khớp với trình độ học vấn, chuyên môn đã chọn: chọn lại, hoặc sửa cả ô đó nếu ô đó sai.",
    ),
    (
        r"when sector is \w+",
        "Không khớp với nơi làm việc, thành phần đã chọn: chọn lại, hoặc sửa cả ô đó nếu ô đó sai.",
    ),
    (r"must be 1-(?P<b>\d+) characters", "Độ dài từ 1 đến {b} ký tự."),
    (r"^not found: member", "Không tìm thấy đảng viên này."),
    (r"^not found: organization", "Không tìm thấy tổ chức đảng này."),
    (r"^not found: event", "Không tìm thấy sự kiện này trong tổ chức đảng."),
    (r"^must be a positive whole number", "Phải là số nguyên dương."),
]

_COMPILED = [(re.compile(p), vi, "dossier field") for p, vi in BODY_MESSAGES] + [
    (re.compile(p), vi, "field") for p, vi in FIELD_MESSAGES
]


def field_message(message: str, lang: str = "vi") -> str:
    """A schema's or the domain's field message in `lang`."""
    for pattern, vi, context in _COMPILED:
        found = pattern.search(message)
        if found:
            values = {k: v for k, v in found.groupdict().items() if v is not None}
            text = translate_in(context, vi, lang)
            try:
                return text.format(**values)
            except KeyError:
                return text
    return message
