"""Names of values as officials write them, by group and value, in the page's language.

The Vietnamese names are the domain's words (`domain.vocabulary`), shared with the command line
and the printed reports, and the pages' own (the users' roles, the audit's kinds of difference,
the admission pipeline's stages and steps); their English is in the catalog, under the group's
name as context (`msgctxt "kind"`), since one Vietnamese word may name values of two groups.
"""

from __future__ import annotations

from domain.vocabulary import TABLES
from web.translations import translate_in
from web.translations.dossiers import LABELS as DOSSIER_LABELS

ROLES: dict[str, str] = {
    "oversight": "Theo dõi",
    "officer": "Cán bộ tổ chức",
    "clerk": "Văn thư chi bộ",
    "auditor": "Kiểm tra",
}

DIFF_KINDS: dict[str, str] = {
    "late_entry": "Ghi muộn",
    "correction": "Đính chính",
    "retraction": "Hủy bỏ",
    "reorganization": "Sắp xếp tổ chức",
}


NAMES: dict[str, dict[str, str]] = {
    **{
        group: {str(value): word for value, word in table.items()}
        for group, table in TABLES.items()
    },
    "role": ROLES,
    "diff": DIFF_KINDS,
    **DOSSIER_LABELS,
}
# The pages list a member's events and an organization's changes of structure together.
SHARED: dict[str, tuple[str, ...]] = {"event": ("event", "structure")}


def _groups(group: str) -> tuple[str, ...]:
    return SHARED.get(group, (group,))


def label(group: str, value: object, lang: str = "vi") -> str:
    """The name of a value in `lang` (the value itself when unknown)."""
    key = str(getattr(value, "value", value))
    for context in _groups(group):
        text = NAMES.get(context, {}).get(key)
        if text is not None:
            return translate_in(context, text, lang)
    return key


def choices(group: str, lang: str = "vi") -> list[tuple[str, str]]:
    """(value, name) of every value of a group, in their declared order."""
    values = dict.fromkeys(value for context in _groups(group) for value in NAMES[context])
    return [(value, label(group, value, lang)) for value in values]
