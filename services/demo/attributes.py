"""The statistics forms' attributes of a demo person (issue 14): general education (giáo dục
phổ thông), professional qualification (trình độ chuyên môn) and occupation (nghề nghiệp).

They are drawn after the rest of the profile and agree with it (domain/roll/profile.py refuses a
qualification the education does not allow), by hashing the person's national ID: the
simulation's own generator draws exactly what it drew before, so every figure of the demo (who
is admitted, moved, struck off, on which day) stays as it was. A hash rather than a generator
seeded per person: seeding one costs a tenth of a second over the whole demo.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

# By education (trình độ học vấn, chuyên môn, the first profile's mixed attribute).
_GENERAL = {
    "primary": {"primary": 1},
    "lower_secondary": {"lower_secondary": 1},
    "upper_secondary": {"upper_secondary": 1},
    "vocational": {"lower_secondary": 30, "upper_secondary": 70},
}
_QUALIFICATION = {
    "primary": {"none": 90, "elementary": 10},
    "lower_secondary": {"none": 75, "elementary": 25},
    "upper_secondary": {"none": 70, "elementary": 30},
    "vocational": {"intermediate": 75, "elementary": 25},
    "college": {"college": 1},
    "university": {"university": 1},
    "postgraduate": {"master": 90, "doctor": 10},
}
# By the role of the person's cell where it says more than the sector, then by sector.
_OCCUPATION_BY_ROLE = {"military": {"army": 1}, "police": {"police": 1}}
_OCCUPATION_BY_SECTOR = {
    "state_agency": {"civil_servant": 95, "other": 5},
    "public_service": {"public_employee": 95, "other": 5},
    "state_enterprise": {"enterprise_employee": 55, "worker": 40, "business_owner": 5},
    "private_enterprise": {"worker": 45, "enterprise_employee": 35, "business_owner": 20},
    "foreign_enterprise": {"worker": 60, "enterprise_employee": 40},
    "armed_forces": {"army": 60, "police": 40},
    "farmer": {"farmer": 1},
    "student": {"student": 1},
    "retired": {"retired": 1},
    "other": {"other": 65, "worker": 35},
}


def forms_attributes(profile: Mapping[str, object], role: str | None = None) -> dict[str, str]:
    """The three attributes for a profile with its `national_id`, `education` and `sector`."""
    person = str(profile["national_id"])
    education, sector = str(profile["education"]), str(profile["sector"])
    occupations = _OCCUPATION_BY_ROLE.get(role or "", _OCCUPATION_BY_SECTOR[sector])
    return {
        "general_education": _pick(
            person, "general", _GENERAL.get(education, {"upper_secondary": 1})
        ),
        "qualification": _pick(person, "qualification", _QUALIFICATION[education]),
        "occupation": _pick(person, "occupation", occupations),
    }


def _pick(person: str, what: str, weights: Mapping[str, int]) -> str:
    """A value by its weight, drawn by the hash of the person and the attribute."""
    digest = hashlib.blake2b(f"{person}/{what}".encode(), digest_size=8).digest()
    point = int.from_bytes(digest, "big") / 2**64 * sum(weights.values())
    for value, weight in weights.items():
        point -= weight
        if point < 0:
            return value
    return value
