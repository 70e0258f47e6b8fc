"""The people of the bench province: Vietnamese names and profiles drawn from a seeded rng.

The draws keep the order the generator always used, so a seed gives the same province.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Lò",
    "Quàng",
    "Giàng",
    "Vừ",
    "Sùng",
]
MIDDLE = {"male": ["Văn", "Đức", "Minh", "Hữu", "A"], "female": ["Thị", "Thu", "Ngọc", "Minh"]}
GIVEN = {
    "male": [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hùng",
        "Hải",
        "Tuấn",
        "Nam",
        "Long",
        "Páo",
        "Chứ",
        "Pọm",
    ],
    "female": ["Lan", "Hoa", "Hương", "Thảo", "Mai", "Hà", "Thủy", "Ơn", "Ánh", "Dua", "Mỷ"],
}
ETHNIC = ("Kinh", "Kinh", "Kinh", "Thái", "Thái", "Mông", "Khơ Mú", "Dao")
EDUCATION = ("lower_secondary", "upper_secondary", "vocational", "college", "university")
SECTORS = ("state_agency", "public_service", "farmer", "private_enterprise", "armed_forces")


def person(rng: random.Random, national_id: str, sex: str, birth: date, age: int) -> dict[str, Any]:
    """A new member's profile in the import format (services/roll/bodies.py)."""
    full_name = " ".join((rng.choice(SURNAMES), rng.choice(MIDDLE[sex]), rng.choice(GIVEN[sex])))
    return {
        "national_id": national_id,
        "full_name": full_name,
        "sex": sex,
        "birth_date": birth.isoformat(),
        "ethnicity": rng.choice(ETHNIC),
        "religion": None,
        "education": rng.choice(EDUCATION),
        "political_theory": "basic",
        "youth_union": age <= 30 and rng.random() < 0.8,
        "sector": rng.choice(SECTORS),
    }
