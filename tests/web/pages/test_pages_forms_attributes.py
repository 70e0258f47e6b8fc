"""The forms' attributes (issue 14) on the pages: the admission form offers them, the member's
page shows them (and what an old record's attributes determine), a correction form completes
them, and a contradicting one is refused next to its input with nothing stored."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from domain.roll.profile import ADDED_FIELDS, MemberProfile
from domain.roll.values import Education, Sector

ADMIT = "/orgs/{}/events/new?type=admitted"


@pytest.fixture
def clerk(browse: Callable[..., Any], tree: Any) -> Any:
    """The clerk of district 1's first cell, signed in."""
    return browse("cb01.clerk", tree.cell, "clerk")


def fact(page: str, label: str) -> str:
    """The value a member's or a dossier's facts list gives for a label."""
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)</dd>", page)
    assert found, label
    return found.group(1)


def test_the_admission_form_offers_the_three_attributes_by_their_words(
    clerk: Any, tree: Any
) -> None:
    page = clerk.text(ADMIT.format(tree.cell))

    for name in ("general_education", "qualification", "occupation"):
        assert f'name="member.{name}"' in page
    assert "Sơ cấp, công nhân kỹ thuật" in page and "Người lao động trong doanh nghiệp" in page


def test_an_admission_through_the_form_keeps_them_and_the_member_page_shows_them(
    clerk: Any, tree: Any, registry: Any, admission_form: Callable[..., dict[str, str]]
) -> None:
    values = {
        **admission_form(),
        "member.general_education": "upper_secondary",
        "member.qualification": "university",
        "member.occupation": "public_employee",
    }

    answer = clerk.submit(ADMIT.format(tree.cell), values)

    assert answer.status_code == 302
    assert registry.stream(tree.cell)[-1]["member"]["occupation"] == "public_employee"
    page = clerk.text(answer.headers["Location"])
    assert fact(page, "Giáo dục phổ thông") == "Trung học phổ thông"
    assert fact(page, "Trình độ chuyên môn") == "Đại học"
    assert fact(page, "Nghề nghiệp") == "Viên chức"


def test_a_contradicting_attribute_is_refused_next_to_its_input(
    clerk: Any, tree: Any, registry: Any, admission_form: Callable[..., dict[str, str]]
) -> None:
    position = registry.max_position()
    values = {**admission_form(), "member.qualification": "master"}  # education: đại học

    answer = clerk.submit(ADMIT.format(tree.cell), values)

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert re.search(r'id="err-member-qualification">Không khớp với trình độ học vấn', page)
    assert registry.max_position() == position


def test_an_old_record_shows_what_it_determines_and_a_correction_completes_it(
    clerk: Any,
    tree: Any,
    registry: Any,
    admit: Callable[..., Any],
    make_profile: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = MemberProfile.as_dict
    with monkeypatch.context() as before_extension:  # what the code before issue 14 stored
        before_extension.setattr(
            MemberProfile,
            "as_dict",
            lambda self: {k: v for k, v in plain(self).items() if k not in ADDED_FIELDS},
        )
        receipt = admit(
            tree.cell, make_profile(education=Education.COLLEGE, sector=Sector.STATE_AGENCY)
        )
    assert "qualification" not in registry.stream(tree.cell)[0]["member"]
    member_page = f"/orgs/{tree.cell}/members/{receipt.member_id}"
    before = clerk.text(member_page)

    corrected = clerk.submit(
        f"/orgs/{tree.cell}/events/new?type=correction&corrects={receipt.event_id}",
        {
            "corrects": str(receipt.event_id),
            "reason": "Bổ sung hồ sơ",
            "changes.member.occupation": "civil_servant",
        },
    )

    assert (fact(before, "Trình độ chuyên môn"), fact(before, "Nghề nghiệp")) == ("Cao đẳng", "–")
    assert corrected.status_code == 302
    assert registry.stream(tree.cell)[-1]["changes"] == {"member": {"occupation": "civil_servant"}}
    assert fact(clerk.text(member_page), "Nghề nghiệp") == "Cán bộ, công chức"
