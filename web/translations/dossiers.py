"""Names of the admission pipeline's stages, steps, deadlines and outcomes (Vietnamese source
text; the English is in the catalog under each group's name as context)."""

from __future__ import annotations

Names = dict[str, str]

STAGES: Names = {
    "source_list": "Danh sách cảm tình Đảng",
    "preparing": "Đang hoàn thiện hồ sơ",
    "awaiting_committee": "Chờ đảng ủy cơ sở xét",
    "awaiting_decision": "Chờ quyết định kết nạp",
    "awaiting_ceremony": "Chờ lễ kết nạp",
    "probation": "Đang dự bị",
    "awaiting_recognition": "Chờ công nhận chính thức",
    "official": "Đã là đảng viên chính thức",
    "struck_off": "Bị xóa tên",
    "refused": "Không kết nạp",
    "withdrawn": "Đã rút hồ sơ",
    "suspended": "Tạm dừng",
}

STEPS: Names = {
    "source_listed": "Vào danh sách cảm tình Đảng",
    "course_completed": "Học lớp bồi dưỡng nhận thức về Đảng",
    "application_submitted": "Nộp đơn và lý lịch",
    "introducers_assigned": "Phân công đảng viên giới thiệu",
    "background_verified": "Thẩm tra lý lịch",
    "youth_union_endorsed": "Đoàn giới thiệu",
    "cell_resolved": "Nghị quyết chi bộ",
    "committee_resolved": "Nghị quyết đảng ủy cơ sở",
    "received": "Cấp trên tiếp nhận hồ sơ",
    "deadline_extended": "Gia hạn xem xét",
    "decided": "Quyết định kết nạp",
    "refused": "Không kết nạp",
    "ceremony_held": "Lễ kết nạp",
    "probation_reviewed": "Chi bộ xét công nhận chính thức",
    "recognized": "Quyết định công nhận chính thức",
    "struck_off": "Xóa tên khỏi danh sách đảng viên dự bị",
    "withdrawn": "Rút hồ sơ",
    "suspended": "Tạm dừng hồ sơ",
    "resumed": "Tiếp tục xem xét",
}

DEADLINES: Names = {
    "decision": "Quyết định kết nạp (60 ngày làm việc)",
    "service_target": "Chỉ tiêu thời gian của đơn vị",
    "ceremony": "Tổ chức lễ kết nạp (30 ngày làm việc)",
    "probation_review": "Chi bộ xét công nhận chính thức (30 ngày làm việc)",
    "recognition_decision": "Quyết định công nhận chính thức (30 ngày làm việc)",
    "cell_proposal": "Chi bộ đề nghị kết nạp (12 tháng)",
}

OUTCOMES: Names = {
    "recognize": "Công nhận đảng viên chính thức",
    "strike_off": "Xóa tên khỏi danh sách đảng viên dự bị",
}

LABELS: dict[str, Names] = {
    "stage": STAGES,
    "step": STEPS,
    "deadline": DEADLINES,
    "outcome": OUTCOMES,
}
