"""English for what sets a deadline (the domain states it in Vietnamese, for the reader)."""

from __future__ import annotations

import re

FIXED = {
    "lễ kết nạp trong 30 ngày làm việc kể từ khi nhận quyết định": "ceremony within 30 working days of receiving the decision",
    "chi bộ xét công nhận chính thức trong 30 ngày làm việc sau 12 tháng dự bị": "the cell reviews full membership within 30 working days after the 12 months of probation",
    "cấp có thẩm quyền quyết định công nhận trong 30 ngày làm việc": "the competent level decides recognition within 30 working days",
    "quá 12 tháng chưa được chi bộ đề nghị thì hồ sơ phải làm lại": "a file not proposed by the cell within 12 months must be redone",
    "quyết định kết nạp trong 60 ngày làm việc kể từ nghị quyết chi bộ": "admission decision within 60 working days of the cell's resolution",
}
EXTENDED = ", gia hạn 30 ngày làm việc"
TARGET = re.compile(
    r"^chỉ tiêu của (?P<by>.+): (?P<days>\d+) (?P<unit>ngày làm việc|ngày) từ khi tiếp nhận$"
)


def basis_in(text: str, lang: str) -> str:
    """The basis of a deadline in `lang` (Vietnamese as stated)."""
    if lang == "vi":
        return text
    extended = text.endswith(EXTENDED)
    core = text.removesuffix(EXTENDED)
    if core in FIXED:
        english = FIXED[core]
    elif found := TARGET.match(core):
        unit = "working days" if found["unit"] == "ngày làm việc" else "days"
        by = "the unit" if found["by"] == "đơn vị" else found["by"]
        english = f"target set by {by}: {found['days']} {unit} from receipt"
    else:
        return text
    return english + (", extended by 30 working days" if extended else "")
