"""The admission pipeline's pages in both languages: names of stages, steps and deadlines, and
the English of every Vietnamese text of the dossier pages (merged into en.MESSAGES)."""

from __future__ import annotations

Pairs = dict[str, tuple[str, str]]

STAGES: Pairs = {
    "source_list": ("Danh sách cảm tình Đảng", "Source list"),
    "preparing": ("Đang hoàn thiện hồ sơ", "Preparing the papers"),
    "awaiting_committee": ("Chờ đảng ủy cơ sở xét", "Awaiting the grassroots committee"),
    "awaiting_decision": ("Chờ quyết định kết nạp", "Awaiting the decision"),
    "awaiting_ceremony": ("Chờ lễ kết nạp", "Awaiting the ceremony"),
    "probation": ("Đang dự bị", "On probation"),
    "awaiting_recognition": ("Chờ công nhận chính thức", "Awaiting recognition"),
    "official": ("Đã là đảng viên chính thức", "Official member"),
    "struck_off": ("Bị xóa tên", "Struck off"),
    "refused": ("Không kết nạp", "Refused"),
    "withdrawn": ("Đã rút hồ sơ", "Withdrawn"),
    "suspended": ("Tạm dừng", "Suspended"),
}

STEPS: Pairs = {
    "source_listed": ("Vào danh sách cảm tình Đảng", "Put on the source list"),
    "course_completed": ("Học lớp bồi dưỡng nhận thức về Đảng", "Course on the Party completed"),
    "application_submitted": ("Nộp đơn và lý lịch", "Application and background submitted"),
    "introducers_assigned": ("Phân công đảng viên giới thiệu", "Introducers assigned"),
    "background_verified": ("Thẩm tra lý lịch", "Background verified"),
    "youth_union_endorsed": ("Đoàn giới thiệu", "Youth Union endorsement"),
    "cell_resolved": ("Nghị quyết chi bộ", "Cell resolution"),
    "committee_resolved": ("Nghị quyết đảng ủy cơ sở", "Grassroots committee resolution"),
    "received": ("Cấp trên tiếp nhận hồ sơ", "Received by the competent body"),
    "deadline_extended": ("Gia hạn xem xét", "Deadline extended"),
    "decided": ("Quyết định kết nạp", "Admission decided"),
    "refused": ("Không kết nạp", "Admission refused"),
    "ceremony_held": ("Lễ kết nạp", "Ceremony held"),
    "probation_reviewed": ("Chi bộ xét công nhận chính thức", "Probation reviewed"),
    "recognized": ("Quyết định công nhận chính thức", "Recognized as official member"),
    "struck_off": ("Xóa tên khỏi danh sách đảng viên dự bị", "Struck off (failed probation)"),
    "withdrawn": ("Rút hồ sơ", "Withdrawn"),
    "suspended": ("Tạm dừng hồ sơ", "Suspended"),
    "resumed": ("Tiếp tục xem xét", "Resumed"),
}

DEADLINES: Pairs = {
    "decision": ("Quyết định kết nạp (60 ngày làm việc)", "Admission decision (60 working days)"),
    "service_target": ("Chỉ tiêu thời gian của đơn vị", "The tenant's service target"),
    "ceremony": ("Tổ chức lễ kết nạp (30 ngày làm việc)", "Ceremony (30 working days)"),
    "probation_review": (
        "Chi bộ xét công nhận chính thức (30 ngày làm việc)",
        "Probation review (30 working days)",
    ),
    "recognition_decision": (
        "Quyết định công nhận chính thức (30 ngày làm việc)",
        "Recognition decision (30 working days)",
    ),
    "cell_proposal": ("Chi bộ đề nghị kết nạp (12 tháng)", "Cell proposal (12 months)"),
}

OUTCOMES: Pairs = {
    "recognize": ("Công nhận đảng viên chính thức", "Recognize as an official member"),
    "strike_off": ("Xóa tên khỏi danh sách đảng viên dự bị", "Strike off (failed probation)"),
}

LABELS: dict[str, Pairs] = {
    "stage": STAGES,
    "step": STEPS,
    "deadline": DEADLINES,
    "outcome": OUTCOMES,
}

PIPELINE = {
    "Hồ sơ kết nạp": "Admission dossier",
    "Hồ sơ kết nạp đảng viên": "Admission dossiers",
    "Bảng theo dõi": "Board",
    "Hạn xử lý": "Deadlines",
    "Chương trình họp xét": "Review agenda",
    "Dự báo chỉ tiêu": "Quota forecast",
    "Thiết lập": "Settings",
    "Lập hồ sơ mới": "Open a dossier",
    "Tính đến ngày": "As of",
    "Tổng số hồ sơ": "Dossiers",
    "quá hạn": "overdue",
    "đến hạn trong 7 ngày": "due within 7 days",
    "Hồ sơ ở giai đoạn: {stage}": "Dossiers at stage: {stage}",
    "Quần chúng": "Candidate",
    "Vào danh sách": "Listed on",
    "Bước gần nhất": "Last step",
    "Hạn gần nhất": "Next deadline",
    "Quá hạn": "Overdue",
    "Sắp đến hạn": "Due soon",
    "Không có hồ sơ nào.": "No dossier.",
    "Hồ sơ đang xử lý theo giai đoạn": "Open dossiers by stage",
    "hạn": "due",
    "Xem tất cả": "Show all",
    "Đã kết thúc": "Closed",
    "Hồ sơ theo chi bộ": "Dossiers by cell",
    "Hồ sơ theo tổ chức trực thuộc": "Dossiers by subordinate organization",
    "Tổ chức": "Organization",
    "Đang xử lý": "In progress",
    "Chưa có hồ sơ nào.": "No dossier yet.",
    "Thời gian trung bình mỗi bước": "Average time per step",
    "Bước": "Step",
    "Số hồ sơ": "Dossiers",
    "Ngày làm việc": "Working days",
    "Chưa có số liệu.": "No figures yet.",
    "Số ngày từ bước trước đến bước này; ngày làm việc không tính thứ Bảy, Chủ nhật và ngày"
    " lễ, Tết.": "Days from the previous step to this one; working days leave out Saturdays,"
    " Sundays and public holidays.",
    "Quá hạn {n} ngày": "Overdue by {n} days",
    "Đến hạn hôm nay": "Due today",
    "Còn {n} ngày": "{n} days left",
}

DEADLINE_PAGE = {
    "Hạn xử lý hồ sơ": "Dossier deadlines",
    "Thời hạn tính theo ngày làm việc của cơ quan nhà nước (trừ thứ Bảy, Chủ nhật, ngày lễ,"
    " Tết âm lịch, Giỗ Tổ Hùng Vương và các ngày nghỉ bù).": "Deadlines count the working"
    " days of state bodies (without Saturdays, Sundays, public holidays, the lunar New Year,"
    " Hùng Kings day and the compensatory days off).",
    "Đến hạn trong {n} ngày": "Due within {n} days",
    "Giai đoạn": "Stage",
    "Thời hạn": "Deadline",
    "Hạn": "Due",
    "Tình trạng": "Status",
}

AGENDA = {
    "Chương trình họp xét kết nạp": "Admission review agenda",
    "Hồ sơ đã đủ thủ tục, chờ ban thường vụ cấp ủy có thẩm quyền xem xét, hồ sơ chờ lâu nhất"
    " xếp trước.": "Complete dossiers awaiting the competent standing committee, the longest"
    " waiting first.",
    "STT": "No.",
    "Đủ hồ sơ từ": "Ready since",
    "Số ngày chờ": "Days waiting",
    "Hạn quyết định": "Decision due",
    "Cấp có thẩm quyền": "Competent body",
    "Chưa xác định": "Not determined",
    "Không có hồ sơ nào chờ xét.": "No dossier awaits review.",
}

FORECAST = {
    "Dự báo thực hiện chỉ tiêu kết nạp": "Admission quota forecast",
    "Dự báo thực hiện chỉ tiêu kết nạp năm {year}": "Admission quota forecast {year}",
    "Dự báo": "Forecast",
    "Đã kết nạp từ đầu năm": "Admitted this year",
    "Đã có quyết định, chờ lễ kết nạp": "Decided, awaiting the ceremony",
    "Chi bộ đã đề nghị, chờ quyết định": "Proposed by the cell, awaiting the decision",
    "Dự báo cả năm": "Forecast for the year",
    "Ngoài ra: {preparing} hồ sơ đang chuẩn bị (chưa tính vào dự báo), {suspended} hồ sơ tạm"
    " dừng.": "Besides: {preparing} dossiers being prepared (not counted in the forecast),"
    " {suspended} suspended.",
    "So với chỉ tiêu": "Against the plans",
    "Còn thiếu {n}": "{n} short",
    "Đạt chỉ tiêu": "Plan reached",
    "Chưa có chỉ tiêu kết nạp năm {year}.": "No admission plan for {year} yet.",
    "Dự báo = đã kết nạp + đã có quyết định chờ lễ kết nạp + hồ sơ chi bộ đã đề nghị đang chờ"
    " quyết định.": "Forecast = admitted + decided awaiting the ceremony + proposed by the cell"
    " awaiting the decision.",
}

SETTINGS = {
    "Thiết lập quy trình kết nạp": "Admission pipeline settings",
    "Đang áp dụng": "In force",
    "Giấy chứng nhận lớp bồi dưỡng có giá trị": "Course certificates are valid for",
    "{n} năm": "{n} years",
    "Chỉ tiêu thời gian từ khi tiếp nhận đến khi quyết định": "Service target from receipt to"
    " decision",
    "ngày làm việc": "working days",
    "ngày": "days",
    "do {org} đặt": "set by {org}",
    "Chưa đặt": "Not set",
    "Được ủy quyền kết nạp": "Authorised to admit",
    "từ {start}": "from {start}",
    "đến trước {end}": "until {end}",
    "Thiết lập cho toàn bộ tổ chức trực thuộc": "Settings for the whole subtree",
    "Chỉ tiêu thời gian (số ngày)": "Service target (days)",
    "Cách tính": "Counted in",
    "Giá trị giấy chứng nhận (năm)": "Certificate validity (years)",
    "Số văn bản": "Document number",
    "Ghi thiết lập": "Save the settings",
    "Bỏ chỉ tiêu thời gian riêng": "Remove this organization's own target",
    "Ủy quyền cho đảng ủy cơ sở quyết định kết nạp": "Authorise the grassroots committee to"
    " decide admissions",
    "Ủy quyền": "Authorise",
    "Chấm dứt ủy quyền": "End the authority",
    "Chưa nhập thay đổi nào.": "Nothing to change was entered.",
    "Đã ghi việc ủy quyền kết nạp đảng viên.": "The authority to admit was recorded.",
    "Đã bỏ chỉ tiêu thời gian riêng của tổ chức này.": "This organization's own target was"
    " removed.",
    "Đã ghi thiết lập quy trình kết nạp.": "The pipeline settings were saved.",
}

DOSSIER = {
    "Lập hồ sơ kết nạp": "Open an admission dossier",
    "Đưa quần chúng ưu tú vào danh sách cảm tình Đảng của chi bộ: hồ sơ bắt đầu từ đây.": "Put"
    " an outstanding candidate on the cell's source list: the dossier starts here.",
    "Chi bộ đề nghị kết nạp": "Proposing cell",
    "Lập hồ sơ": "Open the dossier",
    "Đã lập hồ sơ kết nạp cho {name}.": "Admission dossier opened for {name}.",
    "Danh sách cảm tình Đảng": "Source list",
    "Ngày đưa vào danh sách": "Day put on the list",
    "Người hoặc cơ quan thực hiện": "Done by",
    "Quần chúng ưu tú": "Candidate",
    "Trường hợp đặc biệt về học vấn": "Education exemption",
    "Văn bản hướng dẫn áp dụng": "Guidance applied",
    "Chỉ điền khi chưa tốt nghiệp trung học cơ sở, ở vùng được hướng dẫn riêng": "Only below"
    " lower secondary, where a special guidance applies",
    "Kết nạp lại": "Readmission",
    "Xem đảng viên": "See the member",
    "Cấp có thẩm quyền hôm nay": "Competent today",
    "Thời hạn đang chạy": "Running deadlines",
    "còn {n} ngày": "{n} days left",
    "Không có thời hạn nào đang chạy.": "No deadline is running.",
    "Quá trình": "Timeline",
    "số": "no.",
    "Giấy chứng nhận {no}, có giá trị đến {day}": "Certificate {no}, valid until {day}",
    "Người giới thiệu": "Introducers",
    "Kết luận": "Conclusion",
    "Chưa đủ điều kiện": "Not satisfactory",
    "{yes}/{all} tán thành, {no} không tán thành": "{yes}/{all} in favour, {no} against",
    "Tỉnh ủy đồng ý": "Provincial approval",
    "Cấp quyết định": "Decided by",
    "Chi bộ nhận quyết định ngày {day}": "Received by the cell on {day}",
    "Gia hạn thêm {n} ngày làm việc": "Extended by {n} working days",
    "Cấp trên đồng ý tổ chức muộn": "Late ceremony approved",
    "Đề nghị của chi bộ": "The cell's proposal",
    "Có hiệu lực từ {day}": "Effective from {day}",
    "ghi bởi {who}": "recorded by {who}",
    "Ghi bước tiếp theo": "Record the next step",
    "Các bước có thể ghi": "Steps that can be recorded",
    "hoặc số CCCD": "or national ID",
    "Ghi vào hồ sơ": "Record in the dossier",
    "Bước tiếp theo": "Next steps",
    "Đã ghi: {step}.": "Recorded: {step}.",
    "{step}: đã được ghi trước đó, không ghi lại lần nữa.": "{step}: already recorded, not"
    " recorded again.",
}

STEP_FORMS = {
    "Ngày cấp giấy chứng nhận": "Certificate date",
    "Ngày nộp đơn và lý lịch": "Day the application was submitted",
    "Ngày phân công giới thiệu": "Day the introducers were assigned",
    "Ngày kết luận thẩm tra": "Day of the conclusion",
    "Ngày nghị quyết của Đoàn": "Day of the Youth Union's resolution",
    "Ngày chi bộ họp xét": "Day of the cell meeting",
    "Ngày đảng ủy cơ sở họp xét": "Day of the committee meeting",
    "Ngày tiếp nhận hồ sơ": "Day received",
    "Ngày gia hạn": "Day of the extension",
    "Số giấy chứng nhận": "Certificate number",
    "Người giới thiệu thứ nhất": "First introducer",
    "Người giới thiệu thứ hai": "Second introducer",
    "Đảng viên chính thức cùng tổ chức cơ sở đảng, đủ 12 tháng": "An official member of the"
    " same grassroots organization for 12 months",
    "Kết luận thẩm tra": "Conclusion of the check",
    "Đủ điều kiện": "Satisfactory",
    "Số tán thành": "In favour",
    "Số không tán thành": "Against",
    "Số đảng viên chính thức của chi bộ": "Official members of the cell",
    "Số cấp ủy viên": "Committee members",
    "Cấp ra quyết định (mã tổ chức đảng)": "Deciding body (organization code)",
    "Ban thường vụ cấp ủy có thẩm quyền": "The competent standing committee",
    "Ngày chi bộ nhận quyết định": "Day the cell received the decision",
    "Để trống nếu cùng ngày quyết định": "Leave empty if the same day as the decision",
    "Cấp trên đồng ý tổ chức muộn (số văn bản)": "Late ceremony approved (document number)",
    "Chỉ khi quá 30 ngày làm việc kể từ khi nhận quyết định": "Only beyond 30 working days"
    " after the decision was received",
}

MESSAGES: dict[str, str] = {
    **PIPELINE,
    **DEADLINE_PAGE,
    **AGENDA,
    **FORECAST,
    **SETTINGS,
    **DOSSIER,
    **STEP_FORMS,
}
