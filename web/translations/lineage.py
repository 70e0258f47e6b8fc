"""English of the texts about changes of structure: the lineage page, an ended organization's
notice and the dashboard's comparison of one territory on two days (merged into en.MESSAGES)."""

from __future__ import annotations

LINEAGE = {
    "Lịch sử tổ chức": "History of the organization",
    "Xem lịch sử tổ chức": "See its history",
    "Về trang của tổ chức": "Back to the organization",
    "Thành lập ngày {day}": "Founded on {day}",
    "Tổ chức tiền thân": "Predecessors",
    "Tiền thân": "Predecessors",
    "Tổ chức kế tục": "Successors",
    "Không có tổ chức tiền thân.": "No predecessor.",
    "Không có tổ chức kế tục.": "No successor.",
    "Tổ chức đang hoạt động.": "The organization is active.",
    "từ ngày {day}": "from {day}",
    "Diễn biến": "Changes",
    "trực thuộc": "under",
    "tên mới": "new name",
    "từ": "from",
    "sang": "to",
    "tiếp nhận từ": "taking over from",
    "chuyển giao cho": "handed over to",
    "không có tổ chức kế tục": "no successor",
    "Quyết định số {no} ngày {day} của {by}": "Decision {no} of {day} by {by}",
    "Quyết định số {no} ngày {day}": "Decision {no} of {day}",
    "Quyết định số {no}": "Decision {no}",
    "Tổ chức này đã kết thúc hoạt động từ ngày {day}.": "This organization ceased to exist on {day}.",
    "Hình thức": "How",
    "Tổ chức kế tục hiện nay": "Carried on today by",
    "Số liệu dưới đây tính đến ngày hoạt động cuối cùng ({day}).": "The figures below are those of its last day ({day}).",
}

TERRITORY = {
    "So sánh cùng địa bàn": "Same territory, two dates",
    "So với ngày": "Compare with",
    "So sánh": "Compare",
    "Số liệu ngày {past} được tính lại theo cơ cấu tổ chức ngày {present}: đảng viên của các"
    " tổ chức đã sáp nhập, chia tách hay giải thể được tính cho tổ chức kế tục. Bên cạnh là số"
    " liệu ngày {past} theo cơ cấu tổ chức lúc đó.": "The figures of {past} restated on the"
    " structure of {present}: the members of merged, split or dissolved organizations count for"
    " the organizations that carry them on. Beside them, the figures of {past} as structured"
    " then.",
    "Theo cơ cấu tổ chức ngày {day}": "As structured on {day}",
    "Ngày {day} (tính lại)": "{day} (restated)",
    "Tăng, giảm": "Change",
    "Ngày {day}, tổ chức này chưa được thành lập.": "On {day} this organization did not exist yet.",
    "Địa bàn khi đó thuộc các tổ chức tiền thân": "Its territory then belonged to its predecessors",
    "Ngày {day}, tổ chức này không hoạt động: không so sánh được.": "On {day} this organization did not exist: nothing to compare.",
}

MESSAGES: dict[str, str] = {**LINEAGE, **TERRITORY}
