"""English for the pages' messages about typed days (dd/mm/yyyy) and future dates, and for the
stamp lines of exported files."""

from __future__ import annotations

MESSAGES = {
    "Ngày không hợp lệ": "Invalid date",
    "Ngày {day} chưa tới (hôm nay là {today}): sổ chưa có số liệu của ngày chưa tới.": "{day} has not come yet (today is {today}): the register has no figures for a day to come.",
    "{text} không phải là một ngày có thật.": "{text} is not a day of the calendar.",
    "“{text}” không phải là một ngày: hãy viết ngày/tháng/năm (dd/mm/yyyy).": "“{text}” is not a date: write day/month/year (dd/mm/yyyy).",
    "Vị trí trong sổ ghi": "Log position",
    "Đã dừng": "Stopped",
    "Số sự kiện trong sổ ghi": "Log size",
    "Mã kiểm tra sổ ghi": "Tree head",
    "Tổ chức đã kết thúc hoạt động": "The organization has ended",
    "{name} đã kết thúc hoạt động từ ngày {day}.": "{name} ended on {day}.",
    "Theo quyết định số {number}": "By decision {number}",
    "ban hành ngày {day}": "issued on {day}",
    "của {name}": "by {name}",
    "Tổ chức kế tục: {names}.": "Carried on by: {names}.",
    "Không thể ghi thêm gì cho tổ chức này; hãy ghi ở tổ chức kế tục.": "Nothing more can be recorded for it; record in the organization that carries it on.",
    "Thời điểm xuất": "Exported at",
    "Kỳ chỉ tiêu": "Quota period",
    "Đến ngày": "Until",
    "So với dữ liệu đã ghi đến": "Compared with as recorded up to",
    "ngày/tháng/năm, ví dụ 05/10/2025": "day/month/year, e.g. 05/10/2025",
    "ngày/tháng/năm giờ:phút:giây (24 giờ, giờ Việt Nam), ví dụ 05/10/2025 14:30:00": "day/month/year hour:minute:second (24-hour, Vietnam time), e.g. 05/10/2025 14:30:00",
}
