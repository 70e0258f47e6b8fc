"""The demo province's organization tree (hệ thống tổ chức đảng) built on real units of Điện Biên.

Districts and communes are real (see `services.demo.dataset`); the cells inside them, the
district-level grassroots cells and the provincial agencies bloc are synthetic but plausible.
The tree does not depend on the history's seed or scale, so codes are stable across demos.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

from services.demo.cellnames import commune_cells
from services.demo.dataset import (
    LegacyCommune,
    LegacyDistrict,
    Successor,
    legacy_units,
    successors,
)

# The initial roll carries admissions back to 1975, and no event may precede its org's founding;
# the generated province dates each organization after its history (services/demo/foundings.py).
FOUNDED_ON = date(1975, 1, 1)
PROVINCE_CODE = "TINH-DIENBIEN"
BLOC_CODE = "KHOI-CQ"
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._-]{1,63}$")

_DISTRICT_PREFIX = {"Huyện": "H", "Thị xã": "TX", "Thành phố": "TP"}
_COMMUNE_PREFIX = {"Xã": "X", "Phường": "P", "Thị trấn": "TT"}
# Ethnic make-up differs between the city, the valleys and the highlands.
_AREA_BY_DISTRICT = {
    "TP-DIENBIENPHU": "urban",
    "H-DIENBIEN": "lowland",
    "TX-MUONGLAY": "lowland",
    "H-TUANGIAO": "lowland",
    "H-MUONGANG": "lowland",
}


@dataclass(frozen=True)
class OrgSpec:
    """One Party organization (tổ chức đảng) to found before replaying the history."""

    code: str
    name: str
    kind: str
    parent: str | None
    founded_on: date


@dataclass(frozen=True)
class CellInfo:
    """What the history generator needs to know about an organization that holds members."""

    code: str
    role: str  # residential, school, health, military, police, agency
    area: str  # urban, lowland, highland, agency
    decider: str  # whose standing committee decides admissions (ban thường vụ cấp trên)
    district: str | None
    commune: str | None


@dataclass(frozen=True)
class OrgTree:
    """The organizations in founding order (parents first) and the cells among them."""

    orgs: tuple[OrgSpec, ...]
    cells: tuple[CellInfo, ...]


def slug(text: str) -> str:
    """Upper-case ASCII letters and digits only: "Điện Biên Phủ" → "DIENBIENPHU"."""
    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return re.sub(r"[^A-Z0-9]", "", ascii_text.upper())


def district_code(district: LegacyDistrict) -> str:
    """H-DIENBIEN, TP-DIENBIENPHU, TX-MUONGLAY: the type's initials and the slug."""
    return f"{_DISTRICT_PREFIX[district.type_word]}-{slug(district.short)}"


def commune_codes() -> dict[str, str]:
    """Org code of each legacy commune, by official commune code; clashing slugs get the district's."""
    districts, communes = legacy_units()
    by_code = {d.code: d for d in districts}
    plain = {c.code: f"{_COMMUNE_PREFIX[c.type_word]}-{slug(c.short)}" for c in communes}
    clashes = {code for code, n in Counter(plain.values()).items() if n > 1}
    return {
        c.code: (
            f"{plain[c.code]}-{slug(by_code[c.district_code].short)}"
            if plain[c.code] in clashes
            else plain[c.code]
        )
        for c in communes
    }


def successor_links() -> list[tuple[str, Successor]]:
    """Each legacy commune's grassroots committee code with its 2025 successor unit."""
    codes = commune_codes()
    return [(codes[s.legacy_code], s) for s in successors()]


def build_orgs() -> list[OrgSpec]:
    """All organizations of the demo province, parents before children."""
    return list(build_tree().orgs)


@cache
def build_tree() -> OrgTree:
    """The organization tree and its member-holding cells."""
    districts, communes = legacy_units()
    codes = commune_codes()
    # Cells that the reform puts under one committee never share a name (see cellnames).
    heirs: dict[str, str] = {}
    for legacy, link in successor_links():
        if link.is_default or legacy not in heirs:
            heirs[legacy] = link.new_code
    taken: dict[str, set[str]] = {}
    orgs = [OrgSpec(PROVINCE_CODE, "Đảng bộ tỉnh Điện Biên", "province", None, FOUNDED_ON)]
    cells: list[CellInfo] = []
    for district in districts:
        dcode = district_code(district)
        area = _AREA_BY_DISTRICT.get(dcode, "highland")
        orgs.append(_org(dcode, f"Đảng bộ {_lower(district)}", "district", PROVINCE_CODE))
        for commune in (c for c in communes if c.district_code == district.code):
            ccode = codes[commune.code]
            orgs.append(_org(ccode, f"Đảng bộ {_lower(commune)}", "grassroots_committee", dcode))
            count = 12 if ccode == "X-THANHYEN" else random.Random(f"cells:{ccode}").randint(4, 12)
            for index, (name, role) in enumerate(
                commune_cells(
                    commune, area, count, taken.setdefault(heirs.get(ccode, ccode), set())
                ),
                start=1,
            ):
                code = f"{ccode}-C{index:02d}"
                orgs.append(_org(code, name, "cell", ccode))
                cells.append(CellInfo(code, role, area, dcode, dcode, ccode))
        for suffix, name in (
            ("TTYT", f"Chi bộ Trung tâm Y tế {_lower(district)}"),
            ("THPT", f"Chi bộ Trường THPT {district.short}"),
        ):
            orgs.append(_org(f"{dcode}-{suffix}", name, "grassroots_cell", dcode))
            cells.append(CellInfo(f"{dcode}-{suffix}", "agency", "agency", dcode, dcode, None))
    _add_bloc(orgs, cells)
    return OrgTree(tuple(orgs), tuple(cells))


def _add_bloc(orgs: list[OrgSpec], cells: list[CellInfo]) -> None:
    """The provincial agencies bloc (Đảng bộ Khối): committees, a sub-committee, cells."""
    orgs.append(_org(BLOC_CODE, "Đảng bộ Khối các cơ quan tỉnh", "bloc", PROVINCE_CODE))
    committees = {
        "SO-YTE": (
            "Đảng bộ Sở Y tế",
            ["Chi bộ Văn phòng Sở Y tế", "Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh"],
        ),
        "SO-GDDT": (
            "Đảng bộ Sở Giáo dục và Đào tạo",
            [
                "Chi bộ Văn phòng Sở Giáo dục và Đào tạo",
                "Chi bộ Trường THPT Chuyên Lê Quý Đôn",
                "Chi bộ Trường Phổ thông Dân tộc Nội trú tỉnh",
            ],
        ),
    }
    for code, (name, cell_names) in committees.items():
        orgs.append(_org(code, name, "grassroots_committee", BLOC_CODE))
        for index, cell_name in enumerate(cell_names, start=1):
            orgs.append(_org(f"{code}-C{index:02d}", cell_name, "cell", code))
            cells.append(
                CellInfo(f"{code}-C{index:02d}", "agency", "agency", BLOC_CODE, None, None)
            )
    # A hospital is big enough for a sub-committee (đảng bộ bộ phận) with its own cells.
    orgs.append(
        _org("SO-YTE-BVDK", "Đảng bộ bộ phận Bệnh viện Đa khoa tỉnh", "sub_committee", "SO-YTE")
    )
    for index, ward in enumerate(["Khối Nội", "Khối Ngoại", "Khối Cận lâm sàng"], start=1):
        code = f"SO-YTE-BVDK-C{index:02d}"
        orgs.append(_org(code, f"Chi bộ {ward}", "cell", "SO-YTE-BVDK"))
        cells.append(CellInfo(code, "agency", "agency", BLOC_CODE, None, None))
    for code, name in (
        ("SO-TUPHAP", "Chi bộ Sở Tư pháp"),
        ("BAN-DANTOC", "Chi bộ Ban Dân tộc tỉnh"),
        ("SO-VHTTDL", "Chi bộ Sở Văn hóa, Thể thao và Du lịch"),
    ):
        orgs.append(_org(code, name, "grassroots_cell", BLOC_CODE))
        cells.append(CellInfo(code, "agency", "agency", BLOC_CODE, None, None))


def _org(code: str, name: str, kind: str, parent: str | None) -> OrgSpec:
    return OrgSpec(code, name, kind, parent, FOUNDED_ON)


def _lower(unit: LegacyDistrict | LegacyCommune) -> str:
    """The unit as written after "Đảng bộ": "huyện Điện Biên", "xã Thanh Yên"."""
    return f"{unit.type_word.lower()} {unit.short}"
