"""A member's attributes that the report indicators need (lý lịch tóm tắt).

The statistics forms (issue 14) break members down by general education, professional
qualification and occupation, which the first profile did not record apart: `education` mixed
school and professional levels, `sector` says where one works, not what one does. The three
new attributes are optional. Profiles stored before them keep their bodies unchanged; when a
body lacks one, it is read from the old attribute where that determines it (`DETERMINED`) and
is unknown (None) otherwise.

Why the reading is done here, when a profile is read, and not by upcasting the stored events:
the profile is a dict nested in the entries of two aggregates' events and of their snapshots,
and the projections read those bodies straight from the log. An upcast would have to bump every
event class that carries an entry and would still miss those readers, and it would freeze the
reading into the history: a later correction of `education` (cao đẳng written for đại học)
would leave the upcast qualification stale. Read here, the new attribute always follows the
old one as corrected, and a reader of a stored dict gets the same answer from `derived`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from domain.errors import InvalidValue
from domain.roll.values import (
    NATIONAL_ID_PATTERN,
    Education,
    GeneralEducation,
    Occupation,
    PoliticalTheory,
    Qualification,
    Sector,
    Sex,
)

MAJORITY_ETHNICITY = "Kinh"
COLLEGE_OR_HIGHER = frozenset({Education.COLLEGE, Education.UNIVERSITY, Education.POSTGRADUATE})

# The new attributes an old one allows: (new attribute, old attribute, {old value: allowed}).
# An old value missing from a table allows every value. A single allowed value is the one
# an old profile is read with; more than one leave it unknown until a correction says which.
# `education` was the highest school or professional level, so it bounds the qualification;
# a sơ cấp course, which it had no value for, may stand beside any school level.
ALLOWED: tuple[tuple[str, str, Mapping[str, frozenset[str]]], ...] = (
    (
        "general_education",
        "education",
        {
            Education.PRIMARY: frozenset({GeneralEducation.PRIMARY}),
            Education.LOWER_SECONDARY: frozenset({GeneralEducation.LOWER_SECONDARY}),
            Education.UPPER_SECONDARY: frozenset({GeneralEducation.UPPER_SECONDARY}),
        },
    ),
    (
        "qualification",
        "education",
        {
            Education.PRIMARY: frozenset({Qualification.NONE, Qualification.ELEMENTARY}),
            Education.LOWER_SECONDARY: frozenset({Qualification.NONE, Qualification.ELEMENTARY}),
            Education.UPPER_SECONDARY: frozenset({Qualification.NONE, Qualification.ELEMENTARY}),
            Education.VOCATIONAL: frozenset({Qualification.ELEMENTARY, Qualification.INTERMEDIATE}),
            Education.COLLEGE: frozenset({Qualification.COLLEGE}),
            Education.UNIVERSITY: frozenset({Qualification.UNIVERSITY}),
            Education.POSTGRADUATE: frozenset({Qualification.MASTER, Qualification.DOCTOR}),
        },
    ),
    (
        "occupation",
        "sector",
        {
            Sector.FARMER: frozenset({Occupation.FARMER}),
            Sector.STUDENT: frozenset({Occupation.STUDENT}),
            Sector.RETIRED: frozenset({Occupation.RETIRED}),
            Sector.ARMED_FORCES: frozenset({Occupation.ARMY, Occupation.POLICE}),
        },
    ),
)

# The value an old attribute determines, per new attribute and old value (the singletons above).
DETERMINED: Mapping[str, Mapping[str, str]] = {
    new: {
        old_value: str(next(iter(allowed)))
        for old_value, allowed in table.items()
        if len(allowed) == 1
    }
    for new, _old, table in ALLOWED
}
ADDED_FIELDS = ("general_education", "qualification", "occupation")
OLD_FIELD: Mapping[str, str] = {new: old for new, old, _table in ALLOWED}
OLD_FIELDS = ("education", "sector")
ENUM_OF: Mapping[str, type[StrEnum]] = {
    "sex": Sex,
    "education": Education,
    "political_theory": PoliticalTheory,
    "sector": Sector,
    "general_education": GeneralEducation,
    "qualification": Qualification,
    "occupation": Occupation,
}


@dataclass(frozen=True, repr=False)
class MemberProfile:
    """Who a member is: identity and the attributes counted in the indicators.

    The last three are None when unknown: recorded before they existed (and not determined by
    `education` or `sector`), or not given."""

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
    general_education: GeneralEducation | None = None
    qualification: Qualification | None = None
    occupation: Occupation | None = None

    def __post_init__(self) -> None:
        check_national_id(self.national_id)
        if not self.full_name.strip() or len(self.full_name) > 200:
            raise InvalidValue("member.full_name", "must be 1-200 characters")
        if not self.ethnicity.strip() or len(self.ethnicity) > 60:
            raise InvalidValue("member.ethnicity", "must be 1-60 characters")
        if self.religion is not None and len(self.religion) > 60:
            raise InvalidValue("member.religion", "must be at most 60 characters")
        known = {name: getattr(self, name) for name in (*ADDED_FIELDS, *OLD_FIELDS)}
        check_agreement(known)
        for name, value in derived(known).items():
            object.__setattr__(self, name, ENUM_OF[name](value))  # frozen: set once, here

    def __repr__(self) -> str:
        """The dataclass's, less the new attributes that are unknown or only what the old ones
        determine: idempotency keys fingerprint a command by its repr
        (services/roll/client_keys.py), and a request stored before the new attributes, sent
        again or imported again, must still match its stored fingerprint."""
        old = {name: getattr(self, name) for name in OLD_FIELDS}
        shown = (
            f"{f.name}={getattr(self, f.name)!r}"
            for f in fields(self)
            if f.name not in ADDED_FIELDS
            or getattr(self, f.name) not in (None, _determined(f.name, old))
        )
        return f"{type(self).__qualname__}({', '.join(shown)})"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MemberProfile:
        """Build from plain values (enum values as strings), naming the bad field; a new
        attribute the data lacks is read from the old one where that determines it."""
        missing = [name for name in REQUIRED_FIELDS if name not in data]
        if missing:
            raise InvalidValue(f"member.{missing[0]}", "is required")
        values = dict(data)
        values.update(_enums(values))
        if not isinstance(values["birth_date"], date):
            raise InvalidValue("member.birth_date", "must be a date")
        if values.get("religion") in ("", None):
            values["religion"] = None
        values["youth_union"] = bool(values["youth_union"])
        arguments: dict[str, Any] = {name: values.get(name) for name in FIELD_NAMES}
        return cls(**arguments)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for storage: enums as their string values, unknown attributes left out
        (a profile stored before the new attributes reads the same as one that lacks them)."""
        # Every attribute is a scalar: read them, where dataclasses.asdict would deep-copy each
        # (a tenth of an import's write side).
        data = {
            key: value.value if isinstance(value, StrEnum) else value
            for key in FIELD_NAMES
            for value in (getattr(self, key),)
        }
        for name in ADDED_FIELDS:
            if data[name] is None:
                del data[name]
        return data

    def corrected(self, changes: Mapping[str, Any]) -> MemberProfile:
        """A copy with corrected attributes; the national ID is the identity and never changes.

        A new attribute that the corrected old one determined follows it (cao đẳng corrected
        to đại học corrects the qualification too); one it did not determine is kept, and
        refused if the corrected old one no longer allows it."""
        if "national_id" in changes and changes["national_id"] != self.national_id:
            raise InvalidValue(
                "changes.member.national_id",
                "the national ID identifies the person: retract the event and record it for the right person",
            )
        base = self.as_dict()
        for name in ADDED_FIELDS:
            old = OLD_FIELD[name]
            if old in changes and name not in changes and base.get(name) == _determined(name, base):
                base.pop(name, None)
        return MemberProfile.from_dict({**base, **changes})

    @property
    def is_ethnic_minority(self) -> bool:
        return self.ethnicity.strip().casefold() != MAJORITY_ETHNICITY.casefold()

    @property
    def is_religious(self) -> bool:
        return self.religion is not None


FIELD_NAMES = tuple(f.name for f in fields(MemberProfile))
REQUIRED_FIELDS = tuple(name for name in FIELD_NAMES if name not in ADDED_FIELDS)


def derived(data: Mapping[str, Any]) -> dict[str, str]:
    """The new attributes a stored profile (a dict, as entries keep it) lacks and its old
    attributes determine: what a reader of stored dicts adds to know what the profile knows."""
    return {
        name: value
        for name in ADDED_FIELDS
        if data.get(name) is None and (value := _determined(name, data)) is not None
    }


def merged(earlier: Mapping[str, Any] | None, later: Mapping[str, Any]) -> dict[str, Any]:
    """A stored profile brought up to date by a later intake's (a transfer's): the later values
    win. A new attribute the later one does not give is kept, unless the later one changes the
    old attribute that determined it or that no longer allows it."""
    result = dict(earlier or {})
    for name, old, table in ALLOWED:
        value = result.get(name)
        if value is None or name in later or old not in later or later[old] == result.get(old):
            continue
        allowed = table.get(str(later[old]))
        if value == _determined(name, result) or (allowed is not None and value not in allowed):
            del result[name]
    result.update(later)
    return result


def check_agreement(data: Mapping[str, Any]) -> None:
    """A new attribute given must be one the old attribute allows (a cao đẳng education is
    a cao đẳng qualification): a profile never says two different things."""
    for new, old, table in ALLOWED:
        value, old_value = data.get(new), data.get(old)
        allowed = table.get(str(old_value)) if old_value is not None else None
        if value is not None and allowed is not None and str(value) not in allowed:
            listed = ", ".join(sorted(allowed))
            raise InvalidValue(
                f"member.{new}",
                f"must be {listed} when {old} is {old_value} (correct {old} too if it is wrong)",
            )


def _determined(name: str, data: Mapping[str, Any]) -> str | None:
    value = data.get(OLD_FIELD[name])
    return DETERMINED[name].get(str(value)) if value is not None else None


def _enums(data: Mapping[str, Any]) -> dict[str, Any]:
    """The enumerated attributes of `data` as enum members, naming the first bad one."""
    values: dict[str, Any] = {}
    for name, enum in ENUM_OF.items():
        if data.get(name) is None and name in ADDED_FIELDS:
            continue
        try:
            values[name] = enum(data[name])
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise InvalidValue(f"member.{name}", f"must be one of: {allowed}") from None
    return values


def check_national_id(national_id: str) -> str:
    if not isinstance(national_id, str) or not NATIONAL_ID_PATTERN.match(national_id):
        raise InvalidValue("member.national_id", "must be 12 digits (CCCD) or 9 digits (CMND)")
    return national_id
