"""The domain's words (từ ngữ nghiệp vụ): the Vietnamese name of each value, one table per kind.

Officials read these names on the pages, in the exported files and in the command line's
reports, so every reader takes them from here and a word is changed in one place. The tables
are keyed by the domain's own values (a `StrEnum` member equals its text, so `ORG_KINDS["cell"]`
works too) and declare their rows in the order lists show them. English is a translation and
stays with the pages (`web/translations/labels.py`).
"""

from __future__ import annotations

from collections.abc import Mapping

from domain.roll.values import (
    Education,
    EventType,
    GeneralEducation,
    MemberStatus,
    Occupation,
    OrgKind,
    PoliticalTheory,
    Qualification,
    Sector,
    Sex,
    StrikeOffReason,
)
from domain.structure.decisions import DISSOLVED, MERGED, MOVED, RENAMED, SPLIT

ORG_KINDS: Mapping[str, str] = {
    OrgKind.PROVINCE: "Đảng bộ tỉnh",
    OrgKind.DISTRICT: "Đảng bộ huyện",
    OrgKind.COMMUNE_LEVEL: "Đảng bộ xã, phường",
    OrgKind.BLOC: "Đảng bộ khối",
    OrgKind.GRASSROOTS_COMMITTEE: "Đảng bộ cơ sở",
    OrgKind.GRASSROOTS_CELL: "Chi bộ cơ sở",
    OrgKind.SUB_COMMITTEE: "Đảng bộ bộ phận",
    OrgKind.CELL: "Chi bộ trực thuộc",
}

MEMBER_STATUSES: Mapping[str, str] = {
    MemberStatus.PROBATIONARY: "Dự bị",
    MemberStatus.OFFICIAL: "Chính thức",
}

# What was recorded: the history of a member, the audit, the exported event lists.
EVENT_TYPES: Mapping[str, str] = {
    EventType.ADMITTED: "Kết nạp",
    EventType.READMITTED: "Kết nạp lại",
    EventType.TRANSFERRED_IN: "Chuyển sinh hoạt đến",
    EventType.TRANSFERRED_OUT: "Chuyển sinh hoạt đi",
    EventType.RECOGNIZED: "Công nhận chính thức",
    EventType.EXPELLED: "Khai trừ",
    EventType.STRUCK_OFF: "Xóa tên",
    EventType.DIED: "Từ trần",
    EventType.ADMISSION_ANNULLED: "Hủy quyết định kết nạp",
    EventType.CARRIED_OUT: "Chuyển đi theo quyết định sắp xếp tổ chức",
    EventType.CARRIED_IN: "Tiếp nhận theo quyết định sắp xếp tổ chức",
    EventType.CORRECTION: "Đính chính",
    EventType.RETRACTION: "Hủy bỏ sự kiện",
}

# How many came and went over a period (biến động đảng viên), by the name of each count in the
# figures (`projections.store.metrics.FLOWS`, the fields of `projections.results.Flows`): a
# count of people, so the words differ from the events' ("Kết nạp mới", not "Kết nạp").
FLOWS: Mapping[str, str] = {
    "admitted": "Kết nạp mới",
    "readmitted": "Kết nạp lại",
    "transferred_in": "Chuyển đến",
    "transferred_out": "Chuyển đi",
    "recognized": "Công nhận chính thức",
    "expelled": "Khai trừ",
    "struck_off": "Xóa tên",
    "died": "Từ trần",
    "annulled": "Hủy kết nạp",
}

# The shares reported for new members and the whole roll (cơ cấu đảng viên), by the name of
# each in the figures (`projections.store.metrics.FLAGS`).
INDICATORS: Mapping[str, str] = {
    "women": "Nữ",
    "ethnic_minority": "Dân tộc thiểu số",
    "religious": "Có tôn giáo",
    "youth_union": "Đoàn viên",
    "under_30": "Dưới 30 tuổi",
    "college_or_higher": "Cao đẳng trở lên",
    "postgraduate": "Trên đại học",
    "private_enterprise": "Doanh nghiệp tư nhân",
}

# Changes of structure (sắp xếp tổ chức): the lineage timeline, the audit's reorganizations.
STRUCTURE_EVENTS: Mapping[str, str] = {
    "founded": "Thành lập",
    "renamed": "Đổi tên",
    "moved": "Chuyển trực thuộc",
    "successor_of": "Tiếp nhận, kế thừa",
    "ended": "Kết thúc hoạt động",
}

# What a reorganization decision does (how).
HOWS: Mapping[str, str] = {
    MERGED: "Hợp nhất, sáp nhập",
    SPLIT: "Chia tách",
    DISSOLVED: "Giải thể",
    MOVED: "Chuyển trực thuộc",
    RENAMED: "Đổi tên",
}

SEXES: Mapping[str, str] = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}

EDUCATION: Mapping[str, str] = {
    Education.PRIMARY: "Tiểu học",
    Education.LOWER_SECONDARY: "Trung học cơ sở",
    Education.UPPER_SECONDARY: "Trung học phổ thông",
    Education.VOCATIONAL: "Trung cấp",
    Education.COLLEGE: "Cao đẳng",
    Education.UNIVERSITY: "Đại học",
    Education.POSTGRADUATE: "Trên đại học",
}

POLITICAL_THEORY: Mapping[str, str] = {
    PoliticalTheory.NONE: "Chưa qua đào tạo",
    PoliticalTheory.BASIC: "Sơ cấp",
    PoliticalTheory.INTERMEDIATE: "Trung cấp",
    PoliticalTheory.ADVANCED: "Cao cấp, cử nhân",
}

SECTORS: Mapping[str, str] = {
    Sector.STATE_AGENCY: "Cơ quan nhà nước",
    Sector.PUBLIC_SERVICE: "Đơn vị sự nghiệp",
    Sector.STATE_ENTERPRISE: "Doanh nghiệp nhà nước",
    Sector.PRIVATE_ENTERPRISE: "Doanh nghiệp tư nhân",
    Sector.FOREIGN_ENTERPRISE: "Doanh nghiệp có vốn nước ngoài",
    Sector.ARMED_FORCES: "Lực lượng vũ trang",
    Sector.FARMER: "Nông dân",
    Sector.STUDENT: "Học sinh, sinh viên",
    Sector.RETIRED: "Nghỉ hưu",
    Sector.OTHER: "Khác",
}

# The three a profile records apart since the statistics forms (issue 14) break members down by them.
GENERAL_EDUCATION: Mapping[str, str] = {
    GeneralEducation.PRIMARY: "Tiểu học",
    GeneralEducation.LOWER_SECONDARY: "Trung học cơ sở",
    GeneralEducation.UPPER_SECONDARY: "Trung học phổ thông",
}

QUALIFICATIONS: Mapping[str, str] = {
    Qualification.NONE: "Chưa qua đào tạo",
    Qualification.ELEMENTARY: "Sơ cấp, công nhân kỹ thuật",
    Qualification.INTERMEDIATE: "Trung cấp",
    Qualification.COLLEGE: "Cao đẳng",
    Qualification.UNIVERSITY: "Đại học",
    Qualification.MASTER: "Thạc sĩ",
    Qualification.DOCTOR: "Tiến sĩ",
}

OCCUPATIONS: Mapping[str, str] = {
    Occupation.WORKER: "Công nhân",
    Occupation.FARMER: "Nông dân",
    Occupation.CIVIL_SERVANT: "Cán bộ, công chức",
    Occupation.PUBLIC_EMPLOYEE: "Viên chức",
    Occupation.ARMY: "Quân đội",
    Occupation.POLICE: "Công an",
    Occupation.BUSINESS_OWNER: "Chủ doanh nghiệp",
    Occupation.ENTERPRISE_EMPLOYEE: "Người lao động trong doanh nghiệp",
    Occupation.STUDENT: "Học sinh, sinh viên",
    Occupation.RETIRED: "Hưu trí",
    Occupation.OTHER: "Khác",
}

STRIKE_OFF_REASONS: Mapping[str, str] = {
    StrikeOffReason.FAILED_PROBATION: "Không đủ tư cách khi hết dự bị",
    StrikeOffReason.NON_ATTENDANCE: "Bỏ sinh hoạt, không đóng đảng phí",
    StrikeOffReason.VOLUNTARY_LEAVE: "Xin ra khỏi Đảng",
    StrikeOffReason.OTHER: "Lý do khác",
}

# Every table by the name the pages give its group of values (`label("kind", ...)`).
# Where an organization's statistics report stands for a period (domain.reporting.approval).
REPORT_STATES: Mapping[str, str] = {
    "not_started": "Chưa lập",
    "prepared": "Đã lập, chờ duyệt",
    "approved": "Đã duyệt",
    "returned": "Bị trả lại",
    "not_reporting": "Không báo cáo",
}

TABLES: Mapping[str, Mapping[str, str]] = {
    "kind": ORG_KINDS,
    "status": MEMBER_STATUSES,
    "event": EVENT_TYPES,
    "structure": STRUCTURE_EVENTS,
    "how": HOWS,
    "sex": SEXES,
    "education": EDUCATION,
    "political_theory": POLITICAL_THEORY,
    "sector": SECTORS,
    "general_education": GENERAL_EDUCATION,
    "qualification": QUALIFICATIONS,
    "occupation": OCCUPATIONS,
    "strike_off": STRIKE_OFF_REASONS,
    "flow": FLOWS,
    "indicator": INDICATORS,
    "report_state": REPORT_STATES,
}


def word(table: Mapping[str, str], value: object) -> str:
    """The name of a value in a table; the value's own text when the table lacks it."""
    key = str(getattr(value, "value", value))
    return table.get(key, key)
