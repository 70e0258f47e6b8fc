"""What each domain rule means, told to a cell clerk: (Vietnamese, English) by rule name.

The rule names are the domain's contract (`RuleViolation.rule`); the domain's own message,
with its dates and codes, is shown beneath the explanation.
"""

from __future__ import annotations

RULES: dict[str, tuple[str, str]] = {
    "on_two_rolls": (
        "Một người chỉ có tên trong danh sách đảng viên của một chi bộ. Người này đang sinh hoạt"
        " ở chi bộ khác: hãy ghi chuyển sinh hoạt đảng chính thức thay vì kết nạp hay tiếp nhận.",
        "A person is on one cell's roll only. This person is on another roll already: record an"
        " official transfer instead of an admission or an intake.",
    ),
    "not_on_roll": (
        "Đảng viên này không có tên trong danh sách của tổ chức đảng vào ngày đã chọn."
        " Hãy kiểm tra chi bộ và ngày có hiệu lực.",
        "This member is not on this organization's roll on the chosen day."
        " Check the cell and the effective date.",
    ),
    "recognition_before_probation_end": (
        "Chưa đủ 12 tháng dự bị: chỉ công nhận đảng viên chính thức khi hết thời gian dự bị,"
        " tính từ ngày lễ kết nạp (Điều lệ Đảng, Điều 5).",
        "Probation is not over: recognition as an official member comes only after 12 months"
        " from the admission ceremony (Party Charter, art. 5).",
    ),
    "recognition_effective_date": (
        "Ngày công nhận chính thức phải đúng ngày đủ 12 tháng kể từ lễ kết nạp, kể cả khi chi bộ"
        " hay cấp ủy xét muộn. Để trống ô ngày để hệ thống tự tính.",
        "Recognition takes effect exactly 12 months after the ceremony, even when the cell or"
        " the committee decides later. Leave the date empty to have it computed.",
    ),
    "already_official": (
        "Người này đã là đảng viên chính thức, không cần công nhận lại.",
        "This person is already an official member.",
    ),
    "expulsion_of_probationary": (
        "Đảng viên dự bị không bị khai trừ: đảng viên dự bị vi phạm thì xóa tên khỏi danh sách"
        " đảng viên dự bị.",
        "A probationary member cannot be expelled: a probationary member is struck off instead.",
    ),
    "failed_probation_of_official": (
        "Lý do \u201ckhông đủ tư cách khi hết dự bị\u201d chỉ dùng cho đảng viên dự bị.",
        "\u201cFailed probation\u201d applies to probationary members only.",
    ),
    "readmission_required": (
        "Người này đã từng là đảng viên: hãy ghi \u201cKết nạp lại\u201d chứ không phải"
        " \u201cKết nạp\u201d.",
        "This person was a member before: record a readmission, not an admission.",
    ),
    "readmission_too_early": (
        "Kết nạp lại chỉ được xét sau ít nhất 36 tháng kể từ khi ra khỏi Đảng.",
        "Readmission needs at least 36 months since the person left the Party.",
    ),
    "ceremony_before_decision": (
        "Lễ kết nạp không thể diễn ra trước ngày có quyết định kết nạp.",
        "The admission ceremony cannot come before the admission decision.",
    ),
    "admission_age": (
        "Người vào Đảng phải đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng) vào ngày chi bộ xét;"
        " trên 60 tuổi cần tỉnh ủy đồng ý (ghi số văn bản vào ô \u201cTỉnh ủy đồng ý\u201d).",
        "An applicant must be between full 18 and full 60 years old (in months) on the decision"
        " date; over 60 needs the provincial committee's approval (fill in \u201cProvincial"
        " approval\u201d).",
    ),
    "member_deceased": (
        "Đảng viên này đã từ trần: không ghi thêm sự kiện nào sau ngày mất.",
        "This member has died: no later event can concern them.",
    ),
    "org_holds_no_members": (
        "Chỉ chi bộ (chi bộ trực thuộc hoặc chi bộ cơ sở) mới quản lý danh sách đảng viên."
        " Hãy chọn chi bộ nơi đảng viên sinh hoạt.",
        "Only cells (cells and grassroots cells) keep a roll. Choose the member's cell.",
    ),
    "future_date": (
        "Ngày có hiệu lực ở tương lai: chỉ ghi những việc đã diễn ra.",
        "The effective date is in the future: record only what has happened.",
    ),
    "before_founding": (
        "Ngày này trước ngày thành lập của tổ chức đảng.",
        "This date is before the organization was founded.",
    ),
    "parent_kind": (
        "Loại tổ chức đảng này không thể trực thuộc tổ chức cấp trên đã chọn.",
        "This kind of organization cannot sit under the chosen parent.",
    ),
    "kind_not_in_force": (
        "Loại tổ chức này không còn (hoặc chưa có) vào ngày đó: cấp huyện kết thúc ngày"
        " 30/6/2025, cấp xã mới có từ 1/7/2025 (Quy định 294-QĐ/TW).",
        "This kind of organization did not exist on that day: district level ended on"
        " 30 June 2025, the new commune level exists from 1 July 2025 (QĐ 294-QĐ/TW).",
    ),
    "amend_an_amendment": (
        "Không đính chính hay hủy bỏ một bản đính chính/hủy bỏ: hãy làm trên sự kiện gốc.",
        "A correction or retraction cannot itself be amended: amend the original event.",
    ),
    "already_retracted": (
        "Sự kiện này đã được hủy bỏ trước đó.",
        "This event was already retracted.",
    ),
    "idempotency_key_reused": (
        "Biểu mẫu này đã được gửi với nội dung khác. Hãy mở lại biểu mẫu mới rồi nhập lại.",
        "This form was already submitted with different content. Open a new form and enter it"
        " again.",
    ),
    "transfer_to_itself": (
        "Chuyển sinh hoạt phải giữa hai tổ chức đảng khác nhau.",
        "A transfer needs two different organizations.",
    ),
    "not_probationary": (
        "Người này không phải đảng viên dự bị nên không cần công nhận chính thức.",
        "This person is not a probationary member.",
    ),
    "probation_unknown": (
        "Không rõ ngày kết nạp của đảng viên dự bị này: hãy đính chính sự kiện tiếp nhận,"
        " ghi ngày kết nạp.",
        "The ceremony date of this probationary member is unknown: correct the intake event"
        " with the admission date.",
    ),
    "quota_assigner": (
        "Chỉ tiêu chỉ do chính tổ chức đảng hoặc cấp trên của nó giao.",
        "A quota is set by the organization itself or by one above it.",
    ),
    "code_taken": (
        "Mã tổ chức này đã được dùng.",
        "This organization code is already used.",
    ),
}

UNKNOWN_RULE = (
    "Thao tác bị từ chối theo quy định; không có gì được ghi.",
    "Refused by a rule; nothing was stored.",
)


def explanation(rule: str, lang: str = "vi") -> str:
    """What a rule means, in `lang`."""
    vi, en = RULES.get(rule, UNKNOWN_RULE)
    return en if lang == "en" else vi
