"""Names of the domain's values as officials write them: (Vietnamese, English) by value."""

from __future__ import annotations

from web.translations.dossiers import LABELS as DOSSIER_LABELS

Pairs = dict[str, tuple[str, str]]

ORG_KINDS: Pairs = {
    "province": ("Đảng bộ tỉnh", "Provincial committee"),
    "district": ("Đảng bộ huyện", "District committee"),
    "commune_level": ("Đảng bộ xã, phường", "Commune-level committee"),
    "bloc": ("Đảng bộ khối", "Bloc committee"),
    "grassroots_committee": ("Đảng bộ cơ sở", "Grassroots committee"),
    "grassroots_cell": ("Chi bộ cơ sở", "Grassroots cell"),
    "sub_committee": ("Đảng bộ bộ phận", "Sub-committee"),
    "cell": ("Chi bộ trực thuộc", "Cell"),
}

STATUSES: Pairs = {
    "probationary": ("Dự bị", "Probationary"),
    "official": ("Chính thức", "Official"),
}

EVENT_TYPES: Pairs = {
    "admitted": ("Kết nạp", "Admission"),
    "readmitted": ("Kết nạp lại", "Readmission"),
    "transferred_in": ("Chuyển sinh hoạt đến", "Transfer in"),
    "transferred_out": ("Chuyển sinh hoạt đi", "Transfer out"),
    "recognized": ("Công nhận chính thức", "Recognition as official"),
    "expelled": ("Khai trừ", "Expulsion"),
    "struck_off": ("Xóa tên", "Striking off"),
    "died": ("Từ trần", "Death"),
    "admission_annulled": ("Hủy quyết định kết nạp", "Admission annulled"),
    "carried_out": ("Chuyển đi theo quyết định sắp xếp tổ chức", "Carried out by a reorganization"),
    "carried_in": ("Tiếp nhận theo quyết định sắp xếp tổ chức", "Carried in by a reorganization"),
    "correction": ("Đính chính", "Correction"),
    "retraction": ("Hủy bỏ sự kiện", "Retraction"),
}

# Changes of structure (sắp xếp tổ chức): the lineage timeline, and the audit's reorganizations.
STRUCTURE_EVENTS: Pairs = {
    "founded": ("Thành lập", "Founded"),
    "renamed": ("Đổi tên", "Renamed"),
    "moved": ("Chuyển trực thuộc", "Moved to another parent"),
    "successor_of": ("Tiếp nhận, kế thừa", "Took over"),
    "ended": ("Kết thúc hoạt động", "Ended"),
}

HOWS: Pairs = {
    "merged": ("Hợp nhất, sáp nhập", "Merger"),
    "split": ("Chia tách", "Split"),
    "dissolved": ("Giải thể", "Dissolution"),
    "moved": ("Chuyển trực thuộc", "Move"),
    "renamed": ("Đổi tên", "Renaming"),
}

SEXES: Pairs = {"male": ("Nam", "Male"), "female": ("Nữ", "Female")}

EDUCATION: Pairs = {
    "primary": ("Tiểu học", "Primary"),
    "lower_secondary": ("Trung học cơ sở", "Lower secondary"),
    "upper_secondary": ("Trung học phổ thông", "Upper secondary"),
    "vocational": ("Trung cấp", "Vocational"),
    "college": ("Cao đẳng", "College"),
    "university": ("Đại học", "University"),
    "postgraduate": ("Trên đại học", "Postgraduate"),
}

POLITICAL_THEORY: Pairs = {
    "none": ("Chưa qua đào tạo", "None"),
    "basic": ("Sơ cấp", "Basic"),
    "intermediate": ("Trung cấp", "Intermediate"),
    "advanced": ("Cao cấp, cử nhân", "Advanced"),
}

SECTORS: Pairs = {
    "state_agency": ("Cơ quan nhà nước", "State agency"),
    "public_service": ("Đơn vị sự nghiệp", "Public service unit"),
    "state_enterprise": ("Doanh nghiệp nhà nước", "State enterprise"),
    "private_enterprise": ("Doanh nghiệp tư nhân", "Private enterprise"),
    "foreign_enterprise": ("Doanh nghiệp có vốn nước ngoài", "Foreign-invested enterprise"),
    "armed_forces": ("Lực lượng vũ trang", "Armed forces"),
    "farmer": ("Nông dân", "Farmer"),
    "student": ("Học sinh, sinh viên", "Student"),
    "retired": ("Nghỉ hưu", "Retired"),
    "other": ("Khác", "Other"),
}

STRIKE_OFF_REASONS: Pairs = {
    "failed_probation": ("Không đủ tư cách khi hết dự bị", "Failed probation"),
    "non_attendance": ("Bỏ sinh hoạt, không đóng đảng phí", "Non-attendance or unpaid dues"),
    "voluntary_leave": ("Xin ra khỏi Đảng", "Voluntary leave"),
    "other": ("Lý do khác", "Other reason"),
}

FLOWS: Pairs = {
    "admitted": ("Kết nạp mới", "Admitted"),
    "readmitted": ("Kết nạp lại", "Readmitted"),
    "transferred_in": ("Chuyển đến", "Transferred in"),
    "transferred_out": ("Chuyển đi", "Transferred out"),
    "recognized": ("Công nhận chính thức", "Recognized"),
    "expelled": ("Khai trừ", "Expelled"),
    "struck_off": ("Xóa tên", "Struck off"),
    "died": ("Từ trần", "Died"),
    "annulled": ("Hủy kết nạp", "Annulled"),
}

INDICATORS: Pairs = {
    "women": ("Nữ", "Women"),
    "ethnic_minority": ("Dân tộc thiểu số", "Ethnic minority"),
    "religious": ("Có tôn giáo", "Religious"),
    "youth_union": ("Đoàn viên", "Youth Union members"),
    "under_30": ("Dưới 30 tuổi", "Under 30"),
    "college_or_higher": ("Cao đẳng trở lên", "College or higher"),
    "postgraduate": ("Trên đại học", "Postgraduate"),
    "private_enterprise": ("Doanh nghiệp tư nhân", "Private enterprise"),
}

ROLES: Pairs = {
    "oversight": ("Theo dõi", "Oversight"),
    "officer": ("Cán bộ tổ chức", "Officer"),
    "clerk": ("Văn thư chi bộ", "Clerk"),
    "auditor": ("Kiểm tra", "Auditor"),
}

DIFF_KINDS: Pairs = {
    "late_entry": ("Ghi muộn", "Recorded late"),
    "correction": ("Đính chính", "Corrected"),
    "retraction": ("Hủy bỏ", "Retracted"),
    "reorganization": ("Sắp xếp tổ chức", "Reorganization"),
}

ALL: dict[str, Pairs] = {
    "kind": ORG_KINDS,
    "status": STATUSES,
    "event": {**EVENT_TYPES, **STRUCTURE_EVENTS},
    "structure": STRUCTURE_EVENTS,
    "how": HOWS,
    "sex": SEXES,
    "education": EDUCATION,
    "political_theory": POLITICAL_THEORY,
    "sector": SECTORS,
    "strike_off": STRIKE_OFF_REASONS,
    "flow": FLOWS,
    "indicator": INDICATORS,
    "role": ROLES,
    "diff": DIFF_KINDS,
    **DOSSIER_LABELS,
}


def label(group: str, value: object, lang: str = "vi") -> str:
    """The name of a value in `lang` (the value itself when unknown)."""
    key = getattr(value, "value", value)
    pair = ALL.get(group, {}).get(str(key))
    if pair is None:
        return str(key)
    return pair[1] if lang == "en" else pair[0]


def choices(group: str, lang: str = "vi") -> list[tuple[str, str]]:
    """(value, name) of every value of a group, in their declared order."""
    return [(value, label(group, value, lang)) for value in ALL[group]]
