"""The forms' attributes (issue 14) through the API: an admission gives them, a correction
completes them, a bad one is refused by its field with nothing stored, and the member's answer
shows what the old attributes determine."""

from __future__ import annotations

from services.registry import Registry
from tests.web.conftest import Api, Tree, admission

EVENTS = "/api/v1/orgs/{}/events"
MEMBER = "/api/v1/orgs/{}/members/{}"
FORMS = {"general_education": "upper_secondary", "qualification": "master", "occupation": "police"}


def test_an_admission_gives_the_forms_attributes(officer: Api, tree: Tree) -> None:
    body = admission(education="postgraduate", sector="armed_forces", **FORMS)

    answer = officer.post(EVENTS.format(tree.cell), body)

    assert answer.status_code == 201, answer.get_json()
    member = officer.get(MEMBER.format(tree.cell, answer.get_json()["member_id"])).get_json()
    assert {k: member["profile"][k] for k in FORMS} == FORMS


def test_a_correction_completes_them_and_the_answer_shows_what_is_determined(
    officer: Api, tree: Tree
) -> None:
    admitted = officer.post(EVENTS.format(tree.cell), admission(education="university")).get_json()

    answer = officer.post(
        EVENTS.format(tree.cell),
        {
            "type": "correction",
            "corrects": admitted["event_id"],
            "reason": "bổ sung hồ sơ",
            "changes": {"member": {"occupation": "civil_servant"}},
        },
    )

    assert answer.status_code == 201, answer.get_json()
    profile = officer.get(MEMBER.format(tree.cell, admitted["member_id"])).get_json()["profile"]
    assert (profile["qualification"], profile["occupation"]) == ("university", "civil_servant")
    assert "general_education" not in profile


def test_a_bad_or_contradicting_attribute_is_refused_by_its_field(
    officer: Api, tree: Tree, registry: Registry
) -> None:
    before = registry.max_position()

    bad = officer.post(EVENTS.format(tree.cell), admission(occupation="astronaut"))
    contradicting = officer.post(
        EVENTS.format(tree.cell), admission(education="college", qualification="university")
    )

    assert (bad.status_code, contradicting.status_code) == (422, 422)
    assert set(bad.get_json()["errors"]) == {"member.occupation"}
    assert set(contradicting.get_json()["errors"]) == {"member.qualification"}
    assert registry.max_position() == before
