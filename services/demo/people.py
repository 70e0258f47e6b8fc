"""Plausible people of Điện Biên: names by ethnicity (dân tộc), national IDs (CCCD), profiles."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from services.demo.attributes import forms_attributes
from services.demo.dates import age_on

HOME_PROVINCE = "011"  # Điện Biên's birth-place code in the 12-digit CCCD number
EDUCATION = (
    "primary",
    "lower_secondary",
    "upper_secondary",
    "vocational",
    "college",
    "university",
    "postgraduate",
)
ADMISSIBLE_EDUCATION = EDUCATION[1:]  # lower-secondary diploma (tốt nghiệp THCS) or higher
THEORY = ("none", "basic", "intermediate", "advanced")
SECTORS = (
    "state_agency",
    "public_service",
    "state_enterprise",
    "private_enterprise",
    "foreign_enterprise",
    "armed_forces",
    "farmer",
    "student",
    "retired",
    "other",
)

# Party membership leans Kinh and Thái compared with the population (Mông are the largest group).
_ETHNIC_WEIGHTS: dict[str, dict[str, int]] = {
    "urban": {"Kinh": 55, "Thái": 33, "Mông": 4, "Khơ Mú": 2, "Lào": 2, "Hoa": 2, "Tày": 2},
    "lowland": {"Thái": 52, "Kinh": 22, "Mông": 12, "Khơ Mú": 6, "Lào": 4, "Dao": 2, "Kháng": 2},
    "highland": {
        "Mông": 55,
        "Thái": 18,
        "Kinh": 11,
        "Dao": 5,
        "Hà Nhì": 4,
        "Khơ Mú": 4,
        "Cống": 2,
        "Si La": 1,
    },
    "agency": {"Kinh": 50, "Thái": 30, "Mông": 12, "Khơ Mú": 3, "Dao": 2, "Tày": 2, "Lào": 1},
    "outside": {"Kinh": 80, "Thái": 10, "Mông": 4, "Tày": 3, "Mường": 3},
}
# (surnames, male middle names, female middle names, male given names, female given names)
_KINH = (
    "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Ngô Phan Đinh",
    "Văn Đức Minh Quang Hữu Xuân Thanh",
    "Thị Thu Thanh Ngọc Minh",
    "An Bình Cường Dũng Hùng Hải Tuấn Nam Long Quang Sơn Thắng Trung Hiếu Việt",
    "Lan Hoa Hương Thảo Mai Hà Thủy Hạnh Phương Trang Yến Ngọc Linh Thuận Huyền",
)
_NAMES: dict[str, tuple[str, str, str, str, str]] = {
    "Kinh": _KINH,
    "Thái": (
        "Lò Lường Quàng Cà Tòng Lù Điêu Vì Hoàng Bạc Cầm",
        "Văn",
        "Thị",
        "Pọm Xuân Thanh Hoan Chăn Bun Phong Đôi Muôn Xôm Khánh Hom Sinh Thắng Ún",
        "Ơn Ánh Ngoan Thương Ỏn Éng Hương Sương Tươi Lả Ín Xiêng Hoa Phượng",
    ),
    "Mông": (
        "Giàng Vừ Sùng Lý Thào Hạng Mùa Lầu Vàng Hờ Cứ Sình",
        "A",
        "Thị",
        "Páo Chứ Dơ Lử Sếnh Chía Lồng Cha Dế Dính Pó Chu Tủa Vả Nhè",
        "Dua Mỷ Sua Mai Dợ Dia Pằng Chá Xúa Ly Dinh Chở",
    ),
    "Khơ Mú": (
        "Lò Quàng Vì Cụt Lù",
        "Văn",
        "Thị",
        "Phăng Pheng Ỉnh Khăm Chuông Xiên",
        "Sương Ín Mai Pâng Ón",
    ),
    "Dao": (
        "Lý Đặng Triệu Bàn Chảo Tẩn",
        "Văn Seo",
        "Thị Mùi",
        "Quyên Sinh Tài Phấu Kiềm Chàn",
        "Mẩy Liều Chạn Xuân Nái",
    ),
    "Hà Nhì": ("Lò Pờ Chu Phàn Ly", "Văn A", "Thị Mỹ", "Xá Chừ Dố Pu Giá", "Xe Mé Pà Sá Chừ"),
    "Lào": ("Lò Vì Lường Khăm", "Văn", "Thị", "Bun Khăm Xổm Phăn", "Bua Xiêng Khăm Ọn"),
}
_SECTOR_BY_ROLE = {
    "residential": {
        "farmer": 70,
        "other": 10,
        "private_enterprise": 12,
        "state_enterprise": 4,
        "foreign_enterprise": 1,
        "student": 3,
    },
    "school": {"public_service": 1},
    "health": {"public_service": 1},
    "military": {"armed_forces": 1},
    "police": {"armed_forces": 1},
    "agency": {"state_agency": 45, "public_service": 50, "state_enterprise": 5},
}
_EDUCATION_BY_SECTOR = {
    "farmer": {"lower_secondary": 55, "upper_secondary": 40, "vocational": 5},
    "armed_forces": {"upper_secondary": 30, "vocational": 15, "college": 20, "university": 35},
    "public_service": {"vocational": 5, "college": 25, "university": 65, "postgraduate": 5},
    "state_agency": {"upper_secondary": 5, "college": 10, "university": 75, "postgraduate": 10},
    "student": {"upper_secondary": 60, "college": 20, "university": 20},
    "retired": {"lower_secondary": 30, "upper_secondary": 40, "vocational": 10, "university": 20},
}
_EDUCATION_OTHERWISE = {
    "lower_secondary": 5,
    "upper_secondary": 40,
    "vocational": 20,
    "college": 15,
    "university": 20,
}
_MALE_SHARE = {
    "residential": 0.65,
    "school": 0.3,
    "health": 0.4,
    "military": 0.9,
    "police": 0.85,
    "agency": 0.55,
}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class PersonFactory:
    """Draws people and keeps their national IDs unique."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._ids: set[str] = set()

    def sex(self, role: str) -> str:
        return "male" if self._rng.random() < _MALE_SHARE[role] else "female"

    def birth(self, on: date, low: int, high: int, mode: int) -> date:
        """A birth date making the person `low`..`high` full years old on `on`, most often `mode`."""
        while True:
            years = round(self._rng.triangular(low, high + 0.99, mode) - 0.5)
            birth = on - timedelta(days=int(365.25 * years) + self._rng.randint(0, 364))
            if low <= age_on(birth, on) <= high:
                return birth

    def profile(
        self,
        *,
        area: str,
        role: str,
        sex: str,
        birth: date,
        joined: date,
        as_of: date,
        origin: str = HOME_PROVINCE,
    ) -> dict[str, Any]:
        """A member profile (lý lịch) as the import JSON carries it; `joined` is the ceremony."""
        rng = self._rng
        ethnicity = _pick(rng, _ETHNIC_WEIGHTS["outside" if origin != HOME_PROVINCE else area])
        sector = _pick(rng, _SECTOR_BY_ROLE[role])
        retirement_age = 60 if sex == "male" else 55
        if role == "residential" and age_on(birth, as_of) >= retirement_age and rng.random() < 0.85:
            sector = "retired"
        education = _pick(rng, _EDUCATION_BY_SECTOR.get(sector, _EDUCATION_OTHERWISE))
        years_in = (as_of - joined).days / 365.25
        profile = {
            "national_id": self._national_id(origin, sex, birth),
            "full_name": self.full_name(ethnicity, sex),
            "sex": sex,
            "birth_date": birth.isoformat(),
            "ethnicity": ethnicity,
            "religion": self._religion(ethnicity),
            "education": education,
            "political_theory": self._theory(sector, years_in),
            "youth_union": age_on(birth, joined) <= 30 and rng.random() < 0.85,
            "sector": sector,
        }
        return {**profile, **forms_attributes(profile, role)}

    def full_name(self, ethnicity: str, sex: str) -> str:
        surnames, male_mid, female_mid, male_given, female_given = _NAMES.get(ethnicity, _KINH)
        middle, given = (male_mid, male_given) if sex == "male" else (female_mid, female_given)
        rng = self._rng
        return " ".join(rng.choice(part.split()) for part in (surnames, middle, given))

    def _national_id(self, origin: str, sex: str, birth: date) -> str:
        # Gender/century digit of the CCCD: 0/1 for 1900s men/women, 2/3 for 2000s.
        digit = (0 if birth.year < 2000 else 2) + (sex == "female")
        while True:
            number = f"{origin}{digit}{birth.year % 100:02d}{self._rng.randint(0, 999_999):06d}"
            if number not in self._ids:
                self._ids.add(number)
                return number

    def _religion(self, ethnicity: str) -> str | None:
        draw = self._rng.random()
        if ethnicity == "Mông" and draw < 0.06:
            return "Tin Lành"
        if ethnicity == "Kinh" and draw < 0.04:
            return "Công giáo" if draw < 0.02 else "Phật giáo"
        return None

    def _theory(self, sector: str, years_in: float) -> str:
        if years_in < 2:
            return _pick(self._rng, {"none": 60, "basic": 40})
        if sector == "state_agency":
            return _pick(self._rng, {"basic": 15, "intermediate": 55, "advanced": 30})
        if sector in ("public_service", "armed_forces"):
            return _pick(self._rng, {"basic": 45, "intermediate": 45, "advanced": 10})
        return _pick(self._rng, {"none": 15, "basic": 65, "intermediate": 20})
