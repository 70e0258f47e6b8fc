"""The demo's admission candidates (quần chúng ưu tú): named people of Điện Biên's peoples.

A plan (services/demo/dossier_plans.py) names its candidate by index; `candidate` builds the
profile, with national IDs in a serial block the generated population never uses.
"""

from __future__ import annotations

from datetime import date

from domain.roll.profile import MemberProfile
from services.demo.attributes import forms_attributes

# name, sex, ethnicity, birth date, education, sector, Youth Union member
PEOPLE: tuple[tuple[str, str, str, date, str, str, bool], ...] = (
    ("Lò Văn Hùng", "male", "Thái", date(1996, 3, 14), "upper_secondary", "farmer", True),
    ("Quàng Thị Mai", "female", "Thái", date(1999, 8, 2), "college", "public_service", True),
    (
        "Nguyễn Thị Hồng Nhung",
        "female",
        "Kinh",
        date(1994, 11, 20),
        "university",
        "public_service",
        True,
    ),
    ("Cà Văn Thắng", "male", "Thái", date(1992, 5, 9), "vocational", "farmer", False),
    ("Lường Thị Thu", "female", "Thái", date(2000, 1, 27), "university", "state_agency", True),
    ("Vì Văn Dũng", "male", "Thái", date(1997, 7, 15), "upper_secondary", "armed_forces", True),
    ("Tòng Thị Hạnh", "female", "Thái", date(1995, 12, 3), "college", "public_service", True),
    ("Giàng A Páo", "male", "Mông", date(1998, 4, 21), "upper_secondary", "farmer", True),
    ("Lò Thị Xuân", "female", "Thái", date(2001, 2, 11), "college", "public_service", True),
    ("Trần Văn Đức", "male", "Kinh", date(1988, 9, 30), "university", "private_enterprise", False),
    ("Điêu Chính Tươi", "male", "Thái", date(1993, 6, 18), "university", "state_agency", True),
    ("Lầu Thị Dua", "female", "Mông", date(2000, 10, 5), "upper_secondary", "farmer", True),
    ("Bạc Cầm Hưng", "male", "Thái", date(1991, 1, 22), "vocational", "state_enterprise", False),
    ("Phạm Thị Lan Anh", "female", "Kinh", date(1996, 3, 8), "university", "public_service", True),
    ("Lò Văn Tâm", "male", "Thái", date(1999, 12, 19), "upper_secondary", "farmer", True),
    ("Cầm Thị Ngọc", "female", "Thái", date(1997, 4, 30), "college", "public_service", True),
    ("Lý A Sềnh", "male", "Mông", date(1995, 8, 14), "lower_secondary", "farmer", True),
    ("Hoàng Văn Nam", "male", "Kinh", date(1990, 2, 2), "university", "state_agency", False),
    (
        "Quàng Văn Phương",
        "male",
        "Thái",
        date(1998, 11, 11),
        "upper_secondary",
        "armed_forces",
        True,
    ),
    ("Lò Thị Hương", "female", "Thái", date(2002, 5, 25), "college", "student", True),
    ("Vừ A Dình", "male", "Mông", date(1996, 9, 9), "upper_secondary", "farmer", True),
    ("Lường Văn Quyết", "male", "Thái", date(1994, 7, 7), "vocational", "farmer", True),
    ("Tòng Văn Sơn", "male", "Thái", date(1993, 3, 3), "university", "public_service", False),
    ("Nguyễn Văn Khải", "male", "Kinh", date(1999, 6, 1), "university", "state_agency", True),
)


def candidate(index: int) -> MemberProfile:
    """A demo candidate; the `99` serial block keeps clear of the generated population's IDs."""
    name, sex, ethnicity, birth, education, sector, youth = PEOPLE[index]
    century = (0 if birth.year < 2000 else 2) + (sex == "female")
    profile: dict[str, object] = {
        "national_id": f"011{century}{birth.year % 100:02d}99{index:04d}",
        "full_name": name,
        "sex": sex,
        "birth_date": birth,
        "ethnicity": ethnicity,
        "religion": None,
        "education": education,
        "political_theory": "none",
        "youth_union": youth,
        "sector": sector,
    }
    return MemberProfile.from_dict({**profile, **forms_attributes(profile)})
