"""Both languages are complete: every text of the pages has its English, every rule its explanation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from web.pages import ERRORS, GENERIC_ERROR
from web.pages.eventforms import FORMS
from web.translations import DIRECTORY, catalog, has_translation, translate
from web.translations.labels import NAMES
from web.translations.messages import field_message
from web.translations.rules import RULES, explanation

WEB = Path(__file__).resolve().parents[3] / "web"
CALL = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
RULE_NAMES = [
    "on_two_rolls",
    "not_on_roll",
    "recognition_before_probation_end",
    "recognition_effective_date",
    "already_official",
    "expulsion_of_probationary",
    "failed_probation_of_official",
    "readmission_required",
    "readmission_too_early",
    "ceremony_before_decision",
    "admission_age",
    "member_deceased",
    "org_holds_no_members",
    "future_date",
    "before_founding",
    "parent_kind",
    "kind_not_in_force",
    "amend_an_amendment",
    "already_retracted",
    "idempotency_key_reused",
    "transfer_to_itself",
    "not_probationary",
    "code_taken",
]


def template_texts() -> set[str]:
    found = set()
    for path in (WEB / "templates").rglob("*.html"):
        for match in CALL.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) if match.group(1) is not None else match.group(2))
    return found


def code_texts() -> set[str]:
    """Literal texts given to `_`, `translate` or `_t` in the pages' Python code."""
    found = set()
    for path in [*(WEB / "pages").glob("*.py"), *(WEB / "exports").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None)
            args = {"_": node.args[:1], "translate": node.args[:1], "t": node.args[:1]}.get(
                name or "", node.args[1:] if name == "_t" else []
            )
            found |= {
                a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)
            }
    return found


def form_texts() -> set[str]:
    found: set[str] = set()
    for fieldsets in FORMS.values():
        for fieldset in fieldsets:
            found |= {fieldset.legend, *([fieldset.hint] if fieldset.hint else [])}
            for field in fieldset.fields:
                found |= {field.label, *([field.hint] if field.hint else [])}
    for pair in [*ERRORS.values(), GENERIC_ERROR]:
        found |= set(pair)
    return found


def test_every_text_of_the_pages_has_its_english() -> None:
    texts = template_texts() | code_texts() | form_texts()

    missing = sorted(t for t in texts if not has_translation(t, "en"))

    assert len(texts) > 200
    assert missing == []


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_every_rule_is_explained_in_both_languages(rule: str) -> None:
    assert rule in RULES
    assert explanation(rule, "vi") != explanation(rule, "en")


def test_every_value_has_a_name_in_both_languages() -> None:
    missing = [
        f"{group}: {value}"
        for group, names in NAMES.items()
        for value, vi in names.items()
        if not (vi and has_translation(vi, "en", group))
    ]

    assert missing == []


def test_placeholders_survive_translation() -> None:
    assert translate("Biến động năm {year}", "en", year=2021) == "Changes in 2021"
    assert translate("Biến động năm {year}", "vi", year=2021) == "Biến động năm 2021"


def test_schema_messages_are_said_plainly() -> None:
    assert field_message("Length must be between 1 and 200.") == "Độ dài từ 1 đến 200 ký tự."
    assert field_message("required for type admitted", "en") == "Required."
    assert field_message("something new") == "something new"


def test_the_compiled_catalog_agrees_with_the_one_a_translator_edits() -> None:
    with (DIRECTORY / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        edited = {(m.context, m.id): m.string for m in read_po(po) if m.id}
    compiled = {
        (key.split("\x04")[0] if "\x04" in key else None, key.split("\x04")[-1]): text
        for key, text in getattr(catalog("en"), "_catalog", {}).items()
        if key
    }

    assert len(edited) > 600
    assert compiled == edited
