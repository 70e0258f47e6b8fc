"""Value types of the domain: kinds, enumerations, identities and dates."""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum
from uuid import UUID, uuid5

from domain.errors import InvalidValue

DISTRICT_LEVEL_ENDED_ON = date(2025, 6, 30)
COMMUNE_LEVEL_STARTED_ON = date(2025, 7, 1)


class OrgKind(StrEnum):
    """Kind of a Party organization (loại tổ chức đảng); the values are a contract."""

    PROVINCE = "province"  # đảng bộ tỉnh/thành phố
    DISTRICT = "district"  # đảng bộ huyện/quận/thị xã (ended 30 June 2025)
    COMMUNE_LEVEL = "commune_level"  # đảng bộ xã/phường/đặc khu (from 1 July 2025)
    BLOC = "bloc"  # đảng bộ khối
    GRASSROOTS_COMMITTEE = "grassroots_committee"  # đảng bộ cơ sở
    GRASSROOTS_CELL = "grassroots_cell"  # chi bộ cơ sở
    SUB_COMMITTEE = "sub_committee"  # đảng bộ bộ phận
    CELL = "cell"  # chi bộ trực thuộc

    @property
    def holds_members(self) -> bool:
        """Only cells keep a roll (danh sách đảng viên)."""
        return self in (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)

    @property
    def is_grassroots(self) -> bool:
        """Grassroots organizations (tổ chức cơ sở đảng, TCCSĐ)."""
        return self in (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)


# Which kinds may sit directly under which (None: top of the tree).
ALLOWED_PARENTS: dict[OrgKind, frozenset[OrgKind | None]] = {
    OrgKind.PROVINCE: frozenset({None}),
    OrgKind.DISTRICT: frozenset({OrgKind.PROVINCE}),
    OrgKind.COMMUNE_LEVEL: frozenset({OrgKind.PROVINCE}),
    OrgKind.BLOC: frozenset({OrgKind.PROVINCE}),
    OrgKind.GRASSROOTS_COMMITTEE: frozenset(
        {OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.COMMUNE_LEVEL, OrgKind.BLOC}
    ),
    OrgKind.GRASSROOTS_CELL: frozenset(
        {OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.COMMUNE_LEVEL, OrgKind.BLOC}
    ),
    OrgKind.SUB_COMMITTEE: frozenset({OrgKind.GRASSROOTS_COMMITTEE}),
    OrgKind.CELL: frozenset(
        {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE, OrgKind.COMMUNE_LEVEL}
    ),
}


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Education(StrEnum):
    """Highest general or professional education (trình độ học vấn/chuyên môn)."""

    PRIMARY = "primary"
    LOWER_SECONDARY = "lower_secondary"
    UPPER_SECONDARY = "upper_secondary"
    VOCATIONAL = "vocational"
    COLLEGE = "college"
    UNIVERSITY = "university"
    POSTGRADUATE = "postgraduate"


EDUCATION_ORDER = list(Education)


class PoliticalTheory(StrEnum):
    """Political theory level (lý luận chính trị): sơ cấp, trung cấp, cao cấp."""

    NONE = "none"
    BASIC = "basic"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Sector(StrEnum):
    """Where the person works or studies (thành phần, nơi làm việc)."""

    STATE_AGENCY = "state_agency"
    PUBLIC_SERVICE = "public_service"
    STATE_ENTERPRISE = "state_enterprise"
    PRIVATE_ENTERPRISE = "private_enterprise"
    FOREIGN_ENTERPRISE = "foreign_enterprise"
    ARMED_FORCES = "armed_forces"
    FARMER = "farmer"
    STUDENT = "student"
    RETIRED = "retired"
    OTHER = "other"


class GeneralEducation(StrEnum):
    """General education (giáo dục phổ thông): the highest school level completed."""

    PRIMARY = "primary"  # tiểu học
    LOWER_SECONDARY = "lower_secondary"  # trung học cơ sở
    UPPER_SECONDARY = "upper_secondary"  # trung học phổ thông


class Qualification(StrEnum):
    """Professional qualification (trình độ chuyên môn, nghiệp vụ): the highest one held."""

    NONE = "none"  # chưa qua đào tạo
    ELEMENTARY = "elementary"  # sơ cấp, công nhân kỹ thuật
    INTERMEDIATE = "intermediate"  # trung cấp
    COLLEGE = "college"  # cao đẳng
    UNIVERSITY = "university"  # đại học
    MASTER = "master"  # thạc sĩ
    DOCTOR = "doctor"  # tiến sĩ


class Occupation(StrEnum):
    """Occupation (nghề nghiệp) as the statistics forms break members down by it."""

    WORKER = "worker"  # công nhân
    FARMER = "farmer"  # nông dân
    CIVIL_SERVANT = "civil_servant"  # cán bộ, công chức
    PUBLIC_EMPLOYEE = "public_employee"  # viên chức
    ARMY = "army"  # quân đội
    POLICE = "police"  # công an
    BUSINESS_OWNER = "business_owner"  # chủ doanh nghiệp
    ENTERPRISE_EMPLOYEE = "enterprise_employee"  # người lao động trong doanh nghiệp
    STUDENT = "student"  # học sinh, sinh viên
    RETIRED = "retired"  # hưu trí
    OTHER = "other"  # khác


class StrikeOffReason(StrEnum):
    """Grounds for striking a name off the roll (xóa tên)."""

    FAILED_PROBATION = "failed_probation"
    NON_ATTENDANCE = "non_attendance"  # or unpaid dues
    VOLUNTARY_LEAVE = "voluntary_leave"
    OTHER = "other"


class MemberStatus(StrEnum):
    PROBATIONARY = "probationary"  # đảng viên dự bị
    OFFICIAL = "official"  # đảng viên chính thức


class EventType(StrEnum):
    """Types of roll events; the values are the `type` of the JSON body."""

    ADMITTED = "admitted"
    READMITTED = "readmitted"
    TRANSFERRED_IN = "transferred_in"
    RECOGNIZED = "recognized"
    TRANSFERRED_OUT = "transferred_out"
    EXPELLED = "expelled"
    STRUCK_OFF = "struck_off"
    DIED = "died"
    ADMISSION_ANNULLED = "admission_annulled"
    CORRECTION = "correction"
    RETRACTION = "retraction"
    # A member carried to another roll by a reorganization decision (merge, split, dissolution):
    # neither an admission nor a transfer, so no flow counts it; recorded only by reorganizations.
    CARRIED_OUT = "carried_out"
    CARRIED_IN = "carried_in"

    @property
    def is_intake(self) -> bool:
        return self in INTAKES

    @property
    def is_removal(self) -> bool:
        return self in REMOVALS

    @property
    def is_carry(self) -> bool:
        return self in CARRIES

    @property
    def joins_roll(self) -> bool:
        """Puts the member on this roll: an intake or a carry by a reorganization."""
        return self in INTAKES or self == EventType.CARRIED_IN

    @property
    def leaves_roll(self) -> bool:
        """Takes the member off this roll: a removal or a carry by a reorganization."""
        return self in REMOVALS or self == EventType.CARRIED_OUT


INTAKES = frozenset({EventType.ADMITTED, EventType.READMITTED, EventType.TRANSFERRED_IN})
REMOVALS = frozenset(
    {
        EventType.TRANSFERRED_OUT,
        EventType.EXPELLED,
        EventType.STRUCK_OFF,
        EventType.DIED,
        EventType.ADMISSION_ANNULLED,
    }
)
CARRIES = frozenset({EventType.CARRIED_OUT, EventType.CARRIED_IN})
ENUMS: tuple[type[StrEnum], ...] = (
    OrgKind,
    Sex,
    Education,
    PoliticalTheory,
    Sector,
    GeneralEducation,
    Qualification,
    Occupation,
    StrikeOffReason,
    MemberStatus,
    EventType,
)

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._-]{1,63}$")
NATIONAL_ID_PATTERN = re.compile(r"^(\d{9}|\d{12})$")


def check_code(code: str) -> str:
    """Organization codes are short upper-case ASCII identifiers."""
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        raise InvalidValue(
            "code",
            "must be 2-64 characters: A-Z, 0-9, '.', '_' or '-', starting with a letter or digit",
        )
    return code


class Ids:
    """Deterministic identities within one deployment (uuid5 in its namespace)."""

    # Names remembered (a bulk load asks for the same cell's and key's id several times per
    # line, and uuid5 hashes each time); forgotten all at once past this many.
    REMEMBERED = 100_000

    def __init__(self, namespace: UUID) -> None:
        self.namespace = namespace
        self._known: dict[str, UUID] = {}

    def _id(self, name: str) -> UUID:
        found = self._known.get(name)
        if found is None:
            if len(self._known) >= self.REMEMBERED:
                self._known.clear()
            found = self._known[name] = uuid5(self.namespace, name)
        return found

    def organization(self, code: str) -> UUID:
        return self._id(f"org/{code}")

    def member(self, national_id: str) -> UUID:
        """One identity per person across organizations, from the national ID (CCCD)."""
        return self._id(f"member/{national_id}")

    def event_for_key(self, client_key: str) -> UUID:
        """The event id a key gave before keys were scoped (events stored then keep it)."""
        return self._id(f"event/{client_key}")

    def client_key(self, client_key: str, scope: str | None = None) -> UUID:
        """The record of a used idempotency key in its scope's namespace.

        A scope is the requester's organization: the same key from two of them names two
        requests. `None` is the deployment's own namespace (the command line, the demo, the
        pipeline's keys), where every key stored before scoping lives. Organization codes have
        no '/', so a scoped name never equals another scope's or an unscoped one."""
        if scope is None:
            return self._id(f"client-key/{client_key}")
        return self._id(f"scoped-client-key/{scope}/{client_key}")


def add_months(day: date, months: int) -> date:
    """Same day number `months` later, clamped to the month's end (29 Feb + 12 months = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def age_in_months(birth_date: date, on: date) -> int:
    """Full months of age on a date (the Charter counts age in months)."""
    months = (on.year - birth_date.year) * 12 + on.month - birth_date.month
    if on.day < birth_date.day and on.day != calendar.monthrange(on.year, on.month)[1]:
        months -= 1
    return months


def probation_end(ceremony_on: date) -> date:
    """Recognition takes effect exactly 12 months after the ceremony (kết nạp)."""
    return add_months(ceremony_on, 12)
