"""Real administrative units (đơn vị hành chính) of one province, read from `vietnamadminunits`.

The package ships `data/dataset.db` (SQLite) with two tables and no mapping table:

- `admin_units_legacy`: the 63-province system in force until 30 June 2025, one row per
  ward/commune with its district (columns `province`, `provinceCode`, `provinceKey`,
  `district`, `districtShort`, `districtType`, `districtCode`, `districtKey`, `ward`,
  `wardShort`, `wardType`, `wardCode`, `wardKey`, ...);
- `admin_units`: the two-level system from 1 July 2025 (34 provinces, no districts), columns
  `province`, `provinceKey`, `ward`, `wardShort`, `wardType`, `wardCode`, `wardKey`, ...

The legacy → 2025 link lives beside the database, in `data/converter_2025.json`:

- `DICT_PROVINCE[new_province_key]` lists the legacy province keys merged into it;
- `DICT_PROVINCE_WARD_NO_DIVIDED[new_province_key][new_ward_key]` lists the legacy units,
  as `"{provinceKey}_{districtKey}_{wardKey}"`, merged whole into that new ward/commune;
- `DICT_PROVINCE_WARD_DIVIDED[new_province_key][legacy key]` lists the new units a legacy unit
  was split between (`newWardKey`, `isDefaultNewWard`, centre and area).

For Điện Biên every one of the 129 legacy communes maps whole to one of 45 new communes/wards
(nothing is divided); e.g. Pa Thơm, Thanh Yên and Noong Luống became xã Thanh Yên. A new unit
reuses the code of one of its predecessors (new Thanh Yên is 03349, old Noong Luống's code).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

PROVINCE_KEY = "tinhdienbien"


@dataclass(frozen=True)
class LegacyDistrict:
    """A district-level unit (huyện, thị xã, thành phố thuộc tỉnh) before July 2025."""

    code: str
    key: str
    type_word: str  # "Huyện", "Thị xã", "Thành phố"
    short: str  # "Điện Biên"


@dataclass(frozen=True)
class LegacyCommune:
    """A commune-level unit (xã, phường, thị trấn) before July 2025."""

    code: str
    key: str
    type_word: str  # "Xã", "Phường", "Thị trấn"
    short: str  # "Thanh Yên"
    district_code: str

    @property
    def name(self) -> str:
        return f"{self.type_word} {self.short}"


@dataclass(frozen=True)
class Successor:
    """Which 2025 unit a legacy commune became part of (sắp xếp đơn vị hành chính 2025)."""

    legacy_code: str
    legacy_name: str
    new_code: str
    new_name: str
    is_default: bool  # False when the legacy commune was split and this is a minor part


def _data_dir() -> Path:
    return Path(str(files("vietnamadminunits").joinpath("data")))


def _rows(sql: str, *params: Any) -> list[sqlite3.Row]:
    # Read-only URI: the dataset belongs to the installed package.
    uri = f"file:{_data_dir() / 'dataset.db'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return list(conn.execute(sql, params))


@cache
def legacy_units(
    province_key: str = PROVINCE_KEY,
) -> tuple[tuple[LegacyDistrict, ...], tuple[LegacyCommune, ...]]:
    """Districts and communes of a province before July 2025, sorted by official code."""
    rows = _rows(
        "SELECT DISTINCT districtCode, districtKey, districtType, districtShort,"
        " wardCode, wardKey, wardType, wardShort"
        " FROM admin_units_legacy WHERE provinceKey = ? AND wardCode IS NOT NULL"
        " ORDER BY districtCode, wardCode",
        province_key,
    )
    districts: dict[str, LegacyDistrict] = {}
    communes: list[LegacyCommune] = []
    for row in rows:
        districts.setdefault(
            row["districtCode"],
            LegacyDistrict(
                row["districtCode"], row["districtKey"], row["districtType"], row["districtShort"]
            ),
        )
        communes.append(
            LegacyCommune(
                row["wardCode"],
                row["wardKey"],
                row["wardType"],
                row["wardShort"],
                row["districtCode"],
            )
        )
    return tuple(districts.values()), tuple(communes)


@cache
def successors(province_key: str = PROVINCE_KEY) -> tuple[Successor, ...]:
    """Legacy commune → 2025 commune/ward links of a province, sorted by legacy code."""
    data = json.loads((_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    new_province = next(k for k, v in data["DICT_PROVINCE"].items() if province_key in v)
    new_units = {
        row["wardKey"]: (row["wardCode"], row["ward"])
        for row in _rows(
            "SELECT wardKey, wardCode, ward FROM admin_units WHERE provinceKey = ?", new_province
        )
    }
    districts, communes = legacy_units(province_key)
    district_keys = {d.code: d.key for d in districts}
    by_legacy_key = {
        f"{province_key}_{district_keys[c.district_code]}_{c.key}": c for c in communes
    }
    links: list[tuple[str, str, bool]] = []
    whole = data["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_province, {})
    for new_key, legacy_keys in whole.items():
        links.extend((legacy_key, new_key, True) for legacy_key in legacy_keys)
    divided = data["DICT_PROVINCE_WARD_DIVIDED"].get(new_province, {})
    for legacy_key, parts in divided.items():
        links.extend((legacy_key, part["newWardKey"], part["isDefaultNewWard"]) for part in parts)
    result = []
    for legacy_key, new_key, is_default in links:
        commune = by_legacy_key.get(legacy_key)
        if commune is None or new_key not in new_units:
            continue  # another legacy province merged into the same new province
        new_code, new_name = new_units[new_key]
        result.append(Successor(commune.code, commune.name, new_code, new_name, is_default))
    return tuple(sorted(result, key=lambda s: (s.legacy_code, s.new_code)))
