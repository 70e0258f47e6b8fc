"""Synthetic but plausible names of the cells (chi bộ) inside a commune's Party committee.

The 2025 reform merges communes into new commune-level committees, so the cells it puts under
one committee must not share a name: the commune's own units (military, police, street groups)
carry the commune's name, and a village name is used once among the communes merged together.
"""

from __future__ import annotations

import random

from services.demo.dataset import LegacyCommune

# Place-name syllables of Thái valleys and Mông highlands in the north-west.
_THAI_FIRST = "Na Nà Noong Huổi Pá Phiêng Co Hồng Bó Pú Ten Hin Tà Xôm Púng Lọng Hát Khá Tâu Pom"
_THAI_SECOND = "Lếch Hẹt Luông Cang Mạy Sản Pe Lạn Khoang Ngúa Sáng Cại Hịa Chăn Nưa Kéo Bon Púa"
_MONG_FIRST = "Háng Sín Tả Phìn Lồng Pú Huổi Chua Tìa Pa Sáng Sa Nậm Xá Tủa Lao"
_MONG_SECOND = "Tàu Chải Dình Phình Lử Ho Mý Say Cáy Lía Chà Sang Sì Dao Khúa Lông"
_KINH_VILLAGES = (
    "Thanh Bình Tân Lập Đoàn Kết Quyết Thắng Độc Lập Thống Nhất Hợp Thành Bình Minh"
    " Tân Tiến Đồng Tâm Hòa Bình Thanh Trường"
)
# Optional institutions and how often a commune has a cell for each.
_INSTITUTIONS = (
    ("Chi bộ Trường Mầm non {short}", "school", 0.7),
    ("Chi bộ Trường Tiểu học {short}", "school", 0.7),
    ("Chi bộ Trường THCS {short}", "school", 0.6),
    ("Chi bộ Trạm Y tế {unit} {short}", "health", 0.6),
)


def commune_cells(
    commune: LegacyCommune, area: str, count: int, taken: set[str] | None = None
) -> list[tuple[str, str]]:
    """`count` (4-12) cells of a commune as (name, role): residential first, then institutions.
    `taken`: the names already given to the cells merged with these, which this adds to."""
    rng = random.Random(f"names:{commune.code}")
    unit = commune.type_word.lower()
    taken = set() if taken is None else taken
    fixed = [
        (f"Chi bộ Quân sự {unit} {commune.short}", "military"),
        (f"Chi bộ Công an {unit} {commune.short}", "police"),
    ]
    optional = [
        (template.format(short=commune.short, unit=unit), role)
        for template, role, chance in _INSTITUTIONS
        if rng.random() < chance
    ]
    # Villages are the core of a rural commune: keep at least two of them.
    optional = optional[: max(0, count - len(fixed) - 2)]
    residential = _residential_names(rng, commune, area, count - len(fixed) - len(optional), taken)
    taken.update(name for name, _ in [*optional, *fixed])
    return [(name, "residential") for name in residential] + optional + fixed


def _residential_names(
    rng: random.Random, commune: LegacyCommune, area: str, count: int, taken: set[str]
) -> list[str]:
    if commune.type_word != "Xã":
        unit = f"{commune.type_word.lower()} {commune.short}"
        names = [f"Chi bộ tổ dân phố {n}, {unit}" for n in range(1, count + 1)]
        taken.update(names)
        return names
    names: list[str] = []
    kinh = _pairs(_KINH_VILLAGES)
    while len(names) < count:
        if area in ("urban", "lowland") and rng.random() < 0.2:
            name = f"Chi bộ thôn {rng.choice(kinh)}"
        elif area == "highland" and rng.random() < 0.6:
            name = (
                f"Chi bộ bản {rng.choice(_MONG_FIRST.split())} {rng.choice(_MONG_SECOND.split())}"
            )
        else:
            name = (
                f"Chi bộ bản {rng.choice(_THAI_FIRST.split())} {rng.choice(_THAI_SECOND.split())}"
            )
        if name not in taken:
            names.append(name)
            taken.add(name)
    return names


def _pairs(text: str) -> list[str]:
    """Two-syllable names from a flat string: "Thanh Bình Tân Lập" → ["Thanh Bình", "Tân Lập"]."""
    words = text.split()
    return [f"{words[i]} {words[i + 1]}" for i in range(0, len(words) - 1, 2)]
