"""What each domain rule means, told to a cell clerk, by rule name (Vietnamese source text; the
English is in the catalog, context "rule").

The rule names are the domain's contract (`RuleViolation.rule`); the domain's own message,
with its dates and codes, is shown beneath the explanation.
"""

from __future__ import annotations

from web.translations import translate_in

RULES: dict[str, str] = {
    "on_two_rolls": (
        "Một người chỉ có tên trong danh sách đảng viên của một chi bộ. Người này đang sinh hoạt"
        " ở chi bộ khác: hãy ghi chuyển sinh hoạt đảng chính thức thay vì kết nạp hay tiếp nhận."
    ),
    "not_on_roll": (
        "Đảng viên này không có tên trong danh sách của tổ chức đảng vào ngày đã chọn. Hãy kiểm"
        " tra chi bộ và ngày có hiệu lực."
    ),
    "recognition_before_probation_end": (
        "Chưa đủ 12 tháng dự bị: chỉ công nhận đảng viên chính thức khi hết thời gian dự bị, tính"
        " từ ngày lễ kết nạp (Điều lệ Đảng, Điều 5)."
    ),
    "recognition_effective_date": (
        "Ngày công nhận chính thức phải đúng ngày đủ 12 tháng kể từ lễ kết nạp, kể cả khi chi bộ"
        " hay cấp ủy xét muộn. Để trống ô ngày để hệ thống tự tính."
    ),
    "already_official": "Người này đã là đảng viên chính thức, không cần công nhận lại.",
    "expulsion_of_probationary": (
        "Đảng viên dự bị không bị khai trừ: đảng viên dự bị vi phạm thì xóa tên khỏi danh sách"
        " đảng viên dự bị."
    ),
    "failed_probation_of_official": (
        "Lý do “không đủ tư cách khi hết dự bị” chỉ dùng cho đảng viên dự bị."
    ),
    "readmission_required": (
        "Người này đã từng là đảng viên: hãy ghi “Kết nạp lại” chứ không phải “Kết nạp”."
    ),
    "readmission_too_early": (
        "Kết nạp lại chỉ được xét sau ít nhất 36 tháng kể từ khi ra khỏi Đảng."
    ),
    "ceremony_before_decision": "Lễ kết nạp không thể diễn ra trước ngày có quyết định kết nạp.",
    "admission_age": (
        "Người vào Đảng phải đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng) vào ngày chi bộ xét;"
        " trên 60 tuổi cần tỉnh ủy đồng ý (ghi số văn bản vào ô “Tỉnh ủy đồng ý”)."
    ),
    "member_deceased": "Đảng viên này đã từ trần: không ghi thêm sự kiện nào sau ngày mất.",
    "org_ended": (
        "Tổ chức đảng này đã kết thúc hoạt động (sáp nhập, chia tách hoặc giải thể) trước ngày đó."
    ),
    "reorganization_entry": (
        "Việc chuyển đảng viên theo quyết định sắp xếp tổ chức chỉ được ghi cùng quyết định đó."
    ),
    "roll_not_empty": (
        "Tổ chức còn đảng viên: phải chuyển đảng viên sang tổ chức kế thừa trước khi giải thể."
    ),
    "has_children": (
        "Tổ chức còn tổ chức trực thuộc: phải chuyển chúng sang tổ chức kế thừa trước."
    ),
    "org_holds_no_members": (
        "Chỉ chi bộ (chi bộ trực thuộc hoặc chi bộ cơ sở) mới quản lý danh sách đảng viên. Hãy"
        " chọn chi bộ nơi đảng viên sinh hoạt."
    ),
    "future_date": "Ngày có hiệu lực ở tương lai: chỉ ghi những việc đã diễn ra.",
    "before_founding": "Ngày này trước ngày thành lập của tổ chức đảng.",
    "parent_kind": "Loại tổ chức đảng này không thể trực thuộc tổ chức cấp trên đã chọn.",
    "kind_not_in_force": (
        "Loại tổ chức này không còn (hoặc chưa có) vào ngày đó: cấp huyện kết thúc ngày"
        " 30/6/2025, cấp xã mới có từ 1/7/2025 (Quy định 294-QĐ/TW)."
    ),
    "amend_an_amendment": (
        "Không đính chính hay hủy bỏ một bản đính chính/hủy bỏ: hãy làm trên sự kiện gốc."
    ),
    "already_retracted": "Sự kiện này đã được hủy bỏ trước đó.",
    "idempotency_key_reused": (
        "Biểu mẫu này đã được gửi với nội dung khác. Hãy mở lại biểu mẫu mới rồi nhập lại."
    ),
    "transfer_to_itself": "Chuyển sinh hoạt phải giữa hai tổ chức đảng khác nhau.",
    "not_probationary": "Người này không phải đảng viên dự bị nên không cần công nhận chính thức.",
    "probation_unknown": (
        "Không rõ ngày kết nạp của đảng viên dự bị này: hãy đính chính sự kiện tiếp nhận, ghi"
        " ngày kết nạp."
    ),
    "quota_assigner": "Chỉ tiêu chỉ do chính tổ chức đảng hoặc cấp trên của nó giao.",
    "code_taken": "Mã tổ chức này đã được dùng.",
    "step_out_of_order": (
        "Các bước của hồ sơ phải làm theo đúng thứ tự: bước này cần các bước trước đã được ghi,"
        " và không ghi lại một bước đã làm (trừ giấy tờ được làm lại trước khi chi bộ xét)."
    ),
    "step_not_applicable": (
        "Bước này không áp dụng cho hồ sơ này: chỉ đoàn viên mới cần nghị quyết giới thiệu của"
        " Đoàn; chi bộ là tổ chức cơ sở đảng thì không cần nghị quyết của đảng ủy cơ sở."
    ),
    "date_before_previous_step": (
        "Ngày của bước này sớm hơn ngày của bước trước đó. Hãy kiểm tra lại ngày trên văn bản."
    ),
    "implausible_date": "Ngày này trước năm 1900: hãy kiểm tra lại năm trên văn bản.",
    "date_before_birth": (
        "Ngày này trước ngày sinh của người được đề nghị kết nạp: hãy kiểm tra lại ngày."
    ),
    "date_before_cell_founded": "Ngày này trước ngày thành lập chi bộ: hãy kiểm tra lại ngày.",
    "already_member": (
        "Người này đang là đảng viên (có tên trong danh sách của một chi bộ): không lập hồ sơ kết"
        " nạp."
    ),
    "dossier_already_open": (
        "Người này đang có một hồ sơ kết nạp chưa kết thúc: hãy rút hồ sơ đó trước khi lập hồ sơ"
        " mới."
    ),
    "education_below_lower_secondary": (
        "Người vào Đảng phải tốt nghiệp trung học cơ sở trở lên; chỉ ở vùng được hướng dẫn riêng"
        " mới được thấp hơn (ghi văn bản hướng dẫn vào ô “Trường hợp đặc biệt về học vấn”)."
    ),
    "course_certificate_expired": (
        "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng đã hết hạn (có giá trị 5 năm): người"
        " vào Đảng phải học lại trước khi chi bộ xét."
    ),
    "background_not_satisfactory": (
        "Kết luận thẩm tra lý lịch chưa đủ điều kiện: chi bộ chưa thể xét đề nghị kết nạp."
    ),
    "introducer_not_official": (
        "Người giới thiệu phải là đảng viên chính thức vào ngày được phân công giới thiệu."
    ),
    "introducer_other_organization": (
        "Người giới thiệu phải sinh hoạt cùng tổ chức cơ sở đảng với người vào Đảng vào ngày được"
        " phân công."
    ),
    "introducer_too_recent": (
        "Người giới thiệu phải là đảng viên chính thức và sinh hoạt cùng tổ chức cơ sở đảng ít"
        " nhất 12 tháng (Điều lệ Đảng, Điều 4)."
    ),
    "introducer_is_candidate": (
        "Người vào Đảng không thể tự giới thiệu mình: hãy chọn hai đảng viên khác."
    ),
    "two_thirds_majority": (
        "Nghị quyết đề nghị kết nạp phải được ít nhất hai phần ba số đảng viên chính thức (hoặc"
        " cấp ủy viên) tán thành."
    ),
    "body_not_competent": (
        "Cấp ra quyết định không có thẩm quyền kết nạp cho chi bộ này vào ngày đó: đó là ban"
        " thường vụ cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng (cấp huyện đến 30/6/2025,"
        " cấp xã từ 1/7/2025), hoặc đảng ủy cơ sở được ủy quyền."
    ),
    "dossier_stale": (
        "Đã quá 12 tháng kể từ khi làm đơn, giới thiệu (và nghị quyết của Đoàn) mà chi bộ chưa"
        " xét: phải làm lại các giấy tờ này."
    ),
    "extension_used": (
        "Thời hạn ra quyết định kết nạp chỉ được gia hạn một lần (thêm 30 ngày làm việc)."
    ),
    "ceremony_late": (
        "Lễ kết nạp phải tổ chức trong 30 ngày làm việc kể từ khi chi bộ nhận quyết định; muộn"
        " hơn cần cấp ủy cấp trên đồng ý (ghi số văn bản vào ô “Cấp trên đồng ý tổ chức muộn”)."
    ),
    "review_before_probation_end": (
        "Chưa hết 12 tháng dự bị: chi bộ chỉ xét công nhận đảng viên chính thức sau khi hết thời"
        " gian dự bị."
    ),
    "probation_outcome_mismatch": (
        "Quyết định phải theo đề nghị của chi bộ khi xét hết dự bị (công nhận chính thức hoặc xóa"
        " tên)."
    ),
    "dossier_closed": (
        "Hồ sơ đã kết thúc (đã công nhận, xóa tên, không kết nạp hoặc đã rút): không ghi thêm"
        " bước nào."
    ),
    "dossier_suspended": "Hồ sơ đang tạm dừng: hãy ghi “Tiếp tục xem xét” (hoặc rút hồ sơ) trước.",
    "not_suspended": "Hồ sơ không ở trạng thái tạm dừng.",
    "withdraw_after_admission": (
        "Người này đã được kết nạp và có tên trong danh sách đảng viên: không rút hồ sơ, mà ghi"
        " sự kiện tương ứng (xóa tên, chuyển sinh hoạt...)."
    ),
    "authority_already_granted": "Đảng ủy cơ sở này đang được ủy quyền kết nạp đảng viên.",
    "authority_not_granted": "Đảng ủy cơ sở này không được ủy quyền kết nạp đảng viên.",
    "authority_for_grassroots_committee_only": (
        "Chỉ đảng ủy cơ sở mới có thể được ủy quyền quyết định kết nạp đảng viên."
    ),
    "report_already_approved": "Báo cáo kỳ này đã được duyệt: muốn sửa, cấp trên phải trả lại báo cáo trước.",
    "report_not_reporting": "Tổ chức này đã được cấp trên đánh dấu không báo cáo kỳ này.",
    "report_not_prepared": "Báo cáo phải được lập biểu trước khi phê duyệt (sau khi bị trả lại cũng vậy).",
    "report_changed_since_prepared": "Số liệu đã thay đổi từ khi lập biểu: hãy lập biểu lại rồi mới duyệt.",
    "approver_not_own_officer": "Chỉ cán bộ của chính tổ chức mới phê duyệt báo cáo của tổ chức đó.",
    "children_not_approved": "Cấp trên chỉ duyệt sau khi mọi tổ chức trực thuộc đã duyệt báo cáo của mình (hoặc được đánh dấu không báo cáo).",
    "not_superior": "Chỉ cấp trên mới trả lại báo cáo hoặc đánh dấu một tổ chức không báo cáo.",
    "report_not_approved": "Báo cáo chưa được duyệt nên không có gì để trả lại.",
    "parent_report_approved": "Báo cáo của cấp trên trực tiếp, tổng hợp từ báo cáo này, đã được duyệt: hãy trả lại báo cáo cấp trên trước.",
}

UNKNOWN_RULE = "Thao tác bị từ chối theo quy định; không có gì được ghi."


def explanation(rule: str, lang: str = "vi") -> str:
    """What a rule means, in `lang`."""
    return translate_in("rule", RULES.get(rule, UNKNOWN_RULE), lang)
