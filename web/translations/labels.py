"""Names of the domain's values as officials write them: (Vietnamese, English) by value.

The Vietnamese names are the domain's words (`domain.vocabulary`), shared with the command line
and the printed reports; the English ones are their translation, kept here with the pages' other
English. The users' roles and the audit's kinds of difference are named only by the pages.
"""

from __future__ import annotations

from domain.vocabulary import TABLES
from web.translations.dossiers import LABELS as DOSSIER_LABELS

Pairs = dict[str, tuple[str, str]]

# English for each table of `domain.vocabulary`, by group then value.
ENGLISH: dict[str, dict[str, str]] = {
    "kind": {
        "province": "Provincial committee",
        "district": "District committee",
        "commune_level": "Commune-level committee",
        "bloc": "Bloc committee",
        "grassroots_committee": "Grassroots committee",
        "grassroots_cell": "Grassroots cell",
        "sub_committee": "Sub-committee",
        "cell": "Cell",
    },
    "status": {
        "probationary": "Probationary",
        "official": "Official",
    },
    "event": {
        "admitted": "Admission",
        "readmitted": "Readmission",
        "transferred_in": "Transfer in",
        "transferred_out": "Transfer out",
        "recognized": "Recognition as official",
        "expelled": "Expulsion",
        "struck_off": "Striking off",
        "died": "Death",
        "admission_annulled": "Admission annulled",
        "carried_out": "Carried out by a reorganization",
        "carried_in": "Carried in by a reorganization",
        "correction": "Correction",
        "retraction": "Retraction",
    },
    "structure": {
        "founded": "Founded",
        "renamed": "Renamed",
        "moved": "Moved to another parent",
        "successor_of": "Took over",
        "ended": "Ended",
    },
    "how": {
        "merged": "Merger",
        "split": "Split",
        "dissolved": "Dissolution",
        "moved": "Move",
        "renamed": "Renaming",
    },
    "sex": {"male": "Male", "female": "Female"},
    "education": {
        "primary": "Primary",
        "lower_secondary": "Lower secondary",
        "upper_secondary": "Upper secondary",
        "vocational": "Vocational",
        "college": "College",
        "university": "University",
        "postgraduate": "Postgraduate",
    },
    "political_theory": {
        "none": "None",
        "basic": "Basic",
        "intermediate": "Intermediate",
        "advanced": "Advanced",
    },
    "sector": {
        "state_agency": "State agency",
        "public_service": "Public service unit",
        "state_enterprise": "State enterprise",
        "private_enterprise": "Private enterprise",
        "foreign_enterprise": "Foreign-invested enterprise",
        "armed_forces": "Armed forces",
        "farmer": "Farmer",
        "student": "Student",
        "retired": "Retired",
        "other": "Other",
    },
    "strike_off": {
        "failed_probation": "Failed probation",
        "non_attendance": "Non-attendance or unpaid dues",
        "voluntary_leave": "Voluntary leave",
        "other": "Other reason",
    },
    "flow": {
        "admitted": "Admitted",
        "readmitted": "Readmitted",
        "transferred_in": "Transferred in",
        "transferred_out": "Transferred out",
        "recognized": "Recognized",
        "expelled": "Expelled",
        "struck_off": "Struck off",
        "died": "Died",
        "annulled": "Annulled",
    },
    "indicator": {
        "women": "Women",
        "ethnic_minority": "Ethnic minority",
        "religious": "Religious",
        "youth_union": "Youth Union members",
        "under_30": "Under 30",
        "college_or_higher": "College or higher",
        "postgraduate": "Postgraduate",
        "private_enterprise": "Private enterprise",
    },
}

ROLES: Pairs = {
    "oversight": ("Theo dõi", "Oversight"),
    "officer": ("Cán bộ tổ chức", "Officer"),
    "clerk": ("Văn thư chi bộ", "Clerk"),
    "auditor": ("Kiểm tra", "Auditor"),
}

DIFF_KINDS: Pairs = {
    "late_entry": ("Ghi muộn", "Recorded late"),
    "correction": ("Đính chính", "Corrected"),
    "retraction": ("Hủy bỏ", "Retracted"),
    "reorganization": ("Sắp xếp tổ chức", "Reorganization"),
}


def _pairs(group: str) -> Pairs:
    """A table of the domain's words with its English beside each word."""
    english = ENGLISH[group]
    return {str(value): (word, english[str(value)]) for value, word in TABLES[group].items()}


_DOMAIN: dict[str, Pairs] = {group: _pairs(group) for group in TABLES}

ALL: dict[str, Pairs] = {
    **_DOMAIN,
    # The pages list a member's events and an organization's changes of structure together.
    "event": {**_DOMAIN["event"], **_DOMAIN["structure"]},
    "role": ROLES,
    "diff": DIFF_KINDS,
    **DOSSIER_LABELS,
}


def label(group: str, value: object, lang: str = "vi") -> str:
    """The name of a value in `lang` (the value itself when unknown)."""
    key = getattr(value, "value", value)
    pair = ALL.get(group, {}).get(str(key))
    if pair is None:
        return str(key)
    return pair[1] if lang == "en" else pair[0]


def choices(group: str, lang: str = "vi") -> list[tuple[str, str]]:
    """(value, name) of every value of a group, in their declared order."""
    return [(value, label(group, value, lang)) for value in ALL[group]]
