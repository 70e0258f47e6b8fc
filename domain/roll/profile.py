"""A member's attributes that the report indicators need (lý lịch tóm tắt)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

from domain.errors import InvalidValue
from domain.roll.values import (
    NATIONAL_ID_PATTERN,
    Education,
    PoliticalTheory,
    Sector,
    Sex,
)

MAJORITY_ETHNICITY = "Kinh"
COLLEGE_OR_HIGHER = frozenset({Education.COLLEGE, Education.UNIVERSITY, Education.POSTGRADUATE})


@dataclass(frozen=True)
class MemberProfile:
    """Who a member is: identity and the attributes counted in the indicators."""

    national_id: str
    full_name: str
    sex: Sex
    birth_date: date
    ethnicity: str
    religion: str | None
    education: Education
    political_theory: PoliticalTheory
    youth_union: bool
    sector: Sector

    def __post_init__(self) -> None:
        check_national_id(self.national_id)
        if not self.full_name.strip() or len(self.full_name) > 200:
            raise InvalidValue("member.full_name", "must be 1-200 characters")
        if not self.ethnicity.strip() or len(self.ethnicity) > 60:
            raise InvalidValue("member.ethnicity", "must be 1-60 characters")
        if self.religion is not None and len(self.religion) > 60:
            raise InvalidValue("member.religion", "must be at most 60 characters")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MemberProfile:
        """Build from plain values (enum values as strings), naming the bad field."""
        missing = [f.name for f in fields(cls) if f.name not in data]
        if missing:
            raise InvalidValue(f"member.{missing[0]}", "is required")
        values = dict(data)
        for name, enum in (
            ("sex", Sex),
            ("education", Education),
            ("political_theory", PoliticalTheory),
            ("sector", Sector),
        ):
            try:
                values[name] = enum(values[name])
            except ValueError:
                allowed = ", ".join(e.value for e in enum)
                raise InvalidValue(f"member.{name}", f"must be one of: {allowed}") from None
        if not isinstance(values["birth_date"], date):
            raise InvalidValue("member.birth_date", "must be a date")
        if values.get("religion") in ("", None):
            values["religion"] = None
        values["youth_union"] = bool(values["youth_union"])
        return cls(**{f.name: values[f.name] for f in fields(cls)})

    def as_dict(self) -> dict[str, Any]:
        """Plain values for storage: enums as their string values."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, (Sex, Education, PoliticalTheory, Sector)):
                data[key] = value.value
        return data

    def corrected(self, changes: dict[str, Any]) -> MemberProfile:
        """A copy with corrected attributes; the national ID is the identity and never changes."""
        if "national_id" in changes and changes["national_id"] != self.national_id:
            raise InvalidValue(
                "changes.member.national_id",
                "the national ID identifies the person: retract the event and record it for the right person",
            )
        merged = {**self.as_dict(), **changes}
        return MemberProfile.from_dict(merged) if merged else replace(self)

    @property
    def is_ethnic_minority(self) -> bool:
        return self.ethnicity.strip().casefold() != MAJORITY_ETHNICITY.casefold()

    @property
    def is_religious(self) -> bool:
        return self.religion is not None


def check_national_id(national_id: str) -> str:
    if not isinstance(national_id, str) or not NATIONAL_ID_PATTERN.match(national_id):
        raise InvalidValue("member.national_id", "must be 12 digits (CCCD) or 9 digits (CMND)")
    return national_id
