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
    "org_ended": (
        "Tổ chức đảng này đã kết thúc hoạt động (sáp nhập, chia tách hoặc giải thể) trước ngày đó.",
        "This organization had ended (merged, split or dissolved) before that date.",
    ),
    "reorganization_entry": (
        "Việc chuyển đảng viên theo quyết định sắp xếp tổ chức chỉ được ghi cùng quyết định đó.",
        "Members carried by a reorganization are recorded only with that decision.",
    ),
    "roll_not_empty": (
        "Tổ chức còn đảng viên: phải chuyển đảng viên sang tổ chức kế thừa trước khi giải thể.",
        "The organization still has members: carry them to a successor before dissolving it.",
    ),
    "has_children": (
        "Tổ chức còn tổ chức trực thuộc: phải chuyển chúng sang tổ chức kế thừa trước.",
        "The organization still has subordinate organizations: move them to a successor first.",
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
    # -- the admission pipeline (hồ sơ kết nạp đảng viên) --------------------------------
    "step_out_of_order": (
        "Các bước của hồ sơ phải làm theo đúng thứ tự: bước này cần các bước trước đã được ghi,"
        " và không ghi lại một bước đã làm (trừ giấy tờ được làm lại trước khi chi bộ xét).",
        "The steps of a dossier follow their order: this step needs the earlier ones recorded,"
        " and a step already done is not recorded again (papers may be renewed until the cell"
        " resolves).",
    ),
    "step_not_applicable": (
        "Bước này không áp dụng cho hồ sơ này: chỉ đoàn viên mới cần nghị quyết giới thiệu của"
        " Đoàn; chi bộ là tổ chức cơ sở đảng thì không cần nghị quyết của đảng ủy cơ sở.",
        "This step does not apply to this dossier: only Youth Union members need the Union's"
        " endorsement; a cell that is its own grassroots organization needs no committee"
        " resolution.",
    ),
    "date_before_previous_step": (
        "Ngày của bước này sớm hơn ngày của bước trước đó. Hãy kiểm tra lại ngày trên văn bản.",
        "This step's date is earlier than the step before it. Check the date on the document.",
    ),
    "implausible_date": (
        "Ngày này trước năm 1900: hãy kiểm tra lại năm trên văn bản.",
        "This date is before 1900: check the year on the document.",
    ),
    "date_before_birth": (
        "Ngày này trước ngày sinh của người được đề nghị kết nạp: hãy kiểm tra lại ngày.",
        "This date is before the candidate was born: check the date.",
    ),
    "date_before_cell_founded": (
        "Ngày này trước ngày thành lập chi bộ: hãy kiểm tra lại ngày.",
        "This date is before the cell was founded: check the date.",
    ),
    "already_member": (
        "Người này đang là đảng viên (có tên trong danh sách của một chi bộ): không lập hồ sơ"
        " kết nạp.",
        "This person is already a member (on a cell's roll): no admission dossier is opened.",
    ),
    "dossier_already_open": (
        "Người này đang có một hồ sơ kết nạp chưa kết thúc: hãy rút hồ sơ đó trước khi lập hồ"
        " sơ mới.",
        "This person already has an open admission dossier: withdraw it before opening a new one.",
    ),
    "education_below_lower_secondary": (
        "Người vào Đảng phải tốt nghiệp trung học cơ sở trở lên; chỉ ở vùng được hướng dẫn riêng"
        " mới được thấp hơn (ghi văn bản hướng dẫn vào ô \u201cTrường hợp đặc biệt về học"
        " vấn\u201d).",
        "An applicant needs a lower-secondary diploma or higher; lower only where a special"
        " guidance applies (enter it under \u201cEducation exemption\u201d).",
    ),
    "course_certificate_expired": (
        "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng đã hết hạn (có giá trị 5 năm):"
        " người vào Đảng phải học lại trước khi chi bộ xét.",
        "The certificate of the course on the Party has expired (valid 5 years): the applicant"
        " must attend the course again before the cell resolves.",
    ),
    "background_not_satisfactory": (
        "Kết luận thẩm tra lý lịch chưa đủ điều kiện: chi bộ chưa thể xét đề nghị kết nạp.",
        "The background check did not conclude favourably: the cell cannot propose the"
        " admission yet.",
    ),
    "introducer_not_official": (
        "Người giới thiệu phải là đảng viên chính thức vào ngày được phân công giới thiệu.",
        "An introducer must be an official member on the day they are assigned.",
    ),
    "introducer_other_organization": (
        "Người giới thiệu phải sinh hoạt cùng tổ chức cơ sở đảng với người vào Đảng vào ngày"
        " được phân công.",
        "An introducer must belong to the applicant's grassroots organization on the day they"
        " are assigned.",
    ),
    "introducer_too_recent": (
        "Người giới thiệu phải là đảng viên chính thức và sinh hoạt cùng tổ chức cơ sở đảng ít"
        " nhất 12 tháng (Điều lệ Đảng, Điều 4).",
        "An introducer must have been an official member of the same grassroots organization"
        " for at least 12 months (Party Charter, art. 4).",
    ),
    "introducer_is_candidate": (
        "Người vào Đảng không thể tự giới thiệu mình: hãy chọn hai đảng viên khác.",
        "Applicants cannot introduce themselves: choose two other members.",
    ),
    "two_thirds_majority": (
        "Nghị quyết đề nghị kết nạp phải được ít nhất hai phần ba số đảng viên chính thức (hoặc"
        " cấp ủy viên) tán thành.",
        "The resolution needs at least two thirds of the official members (or of the committee"
        " members) in favour.",
    ),
    "body_not_competent": (
        "Cấp ra quyết định không có thẩm quyền kết nạp cho chi bộ này vào ngày đó: đó là ban"
        " thường vụ cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng (cấp huyện đến 30/6/2025,"
        " cấp xã từ 1/7/2025), hoặc đảng ủy cơ sở được ủy quyền.",
        "The deciding body was not competent for this cell on that day: that is the standing"
        " committee directly above the grassroots organization (the district until 30 June 2025,"
        " the commune level from 1 July 2025), or an authorised grassroots committee.",
    ),
    "dossier_stale": (
        "Đã quá 12 tháng kể từ khi làm đơn, giới thiệu (và nghị quyết của Đoàn) mà chi bộ chưa"
        " xét: phải làm lại các giấy tờ này.",
        "More than 12 months have passed since the application, the introductions (and the Youth"
        " Union endorsement) without the cell's proposal: these papers must be renewed.",
    ),
    "extension_used": (
        "Thời hạn ra quyết định kết nạp chỉ được gia hạn một lần (thêm 30 ngày làm việc).",
        "The decision deadline can be extended only once (by 30 working days).",
    ),
    "ceremony_late": (
        "Lễ kết nạp phải tổ chức trong 30 ngày làm việc kể từ khi chi bộ nhận quyết định; muộn"
        " hơn cần cấp ủy cấp trên đồng ý (ghi số văn bản vào ô \u201cCấp trên đồng ý tổ chức"
        " muộn\u201d).",
        "The ceremony is held within 30 working days of receiving the decision; later needs the"
        " superior committee's approval (enter it under \u201cLate approval\u201d).",
    ),
    "review_before_probation_end": (
        "Chưa hết 12 tháng dự bị: chi bộ chỉ xét công nhận đảng viên chính thức sau khi hết"
        " thời gian dự bị.",
        "The 12 months of probation are not over: the cell reviews the probation only after"
        " they end.",
    ),
    "probation_outcome_mismatch": (
        "Quyết định phải theo đề nghị của chi bộ khi xét hết dự bị (công nhận chính thức hoặc"
        " xóa tên).",
        "The decision must follow the cell's proposal at the end of probation (recognition or"
        " striking off).",
    ),
    "dossier_closed": (
        "Hồ sơ đã kết thúc (đã công nhận, xóa tên, không kết nạp hoặc đã rút): không ghi thêm"
        " bước nào.",
        "The dossier is closed (recognized, struck off, refused or withdrawn): nothing more can"
        " be recorded.",
    ),
    "dossier_suspended": (
        "Hồ sơ đang tạm dừng: hãy ghi \u201cTiếp tục xem xét\u201d (hoặc rút hồ sơ) trước.",
        "The dossier is suspended: record \u201cResumed\u201d (or withdraw it) first.",
    ),
    "not_suspended": (
        "Hồ sơ không ở trạng thái tạm dừng.",
        "The dossier is not suspended.",
    ),
    "withdraw_after_admission": (
        "Người này đã được kết nạp và có tên trong danh sách đảng viên: không rút hồ sơ, mà ghi"
        " sự kiện tương ứng (xóa tên, chuyển sinh hoạt...).",
        "This person is already admitted and on the roll: the dossier is not withdrawn; record"
        " the roll event instead (striking off, transfer...).",
    ),
    "authority_already_granted": (
        "Đảng ủy cơ sở này đang được ủy quyền kết nạp đảng viên.",
        "This grassroots committee is already authorised to admit members.",
    ),
    "authority_not_granted": (
        "Đảng ủy cơ sở này không được ủy quyền kết nạp đảng viên.",
        "This grassroots committee is not authorised to admit members.",
    ),
    "authority_for_grassroots_committee_only": (
        "Chỉ đảng ủy cơ sở mới có thể được ủy quyền quyết định kết nạp đảng viên.",
        "Only grassroots committees can be authorised to decide admissions.",
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
