"""The audit page names the organizations and recorders of the events that explain a difference
as the member page does: an organization by its name on the event's day with its code small
beside it, a recorder's account by its role and organization with the sign-in name small beside,
and an organization the auditor could not read on the event's day not at all (issue 13, item 8)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from services.config import TIMEZONE
from services.roll.commands import Admit, Decision, MemberRef
from services.store.users import UserStore
from tests import writes

ADMITTED_ON = date(2023, 3, 2)
MOVED_ON = date(2025, 7, 1)
AS_OF = "2026-11-21"


def explained(page: str) -> str:
    """The table of every event explaining the difference, as read (tags dropped)."""
    table = page.split("Tất cả sự kiện giải thích chênh lệch", 1)[1].split("</table>", 1)[0]
    return " ".join(re.sub(r"<[^>]*>", " ", table).split())


def codes_in_small(page: str) -> list[str]:
    return re.findall(r'<small class="code">([^<]*)</small>', page)


def late_admission(
    registry: Any, clock: Any, cell: str, committee: str, recorded_by: str, make_profile: Any
) -> str:
    """Records an admission of 2023 after a moment the auditor asks about; returns that moment."""
    known_at = clock.advance(minutes=10)
    clock.advance(minutes=10)
    writes.admit(
        registry,
        cell,
        Admit(
            MemberRef(profile=make_profile(full_name="Lò Văn Sáng")),
            ADMITTED_ON,
            Decision("9-QĐ/ĐU", ADMITTED_ON, committee),
        ),
        recorded_by,
    )
    clock.advance(minutes=10)
    return str(known_at.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M:%S"))


def test_the_audit_names_organizations_and_recorders_with_codes_small_beside(
    registry: Any,
    clock: Any,
    tree: Any,
    users: UserStore,
    make_profile: Callable[..., Any],
    browse: Callable[..., Any],
) -> None:
    users.create("cb01.clerk", tree.cell, "clerk")
    known_at = late_admission(
        registry, clock, tree.cell, tree.committee, "cb01.clerk", make_profile
    )
    auditor = browse("h01.auditor", tree.district, "auditor")

    page = auditor.text(f"/orgs/{tree.district}/audit", as_of=AS_OF, known_at=known_at)

    table = explained(page)
    assert "Chi bộ thôn Một " + tree.cell in table
    assert "Văn thư chi bộ, Chi bộ thôn Một cb01.clerk" in table
    assert {tree.cell, tree.committee, "cb01.clerk"} <= set(codes_in_small(page))
    # A code or a sign-in name is never the name itself: only small beside one.
    assert not re.search(r"<td>\s*(T01\.|cb01\.clerk)", page)
    why = page.split('class="why"', 1)[1].split("</tr>", 1)[0]
    assert "bởi Văn thư chi bộ, Chi bộ thôn Một" in " ".join(re.sub(r"<[^>]*>", " ", why).split())


def test_a_foreign_recorders_sign_in_name_is_hidden(
    registry: Any,
    clock: Any,
    tree: Any,
    users: UserStore,
    make_profile: Callable[..., Any],
    browse: Callable[..., Any],
) -> None:
    users.create("tinh.officer", tree.province, "officer")
    known_at = late_admission(
        registry, clock, tree.cell, tree.committee, "tinh.officer", make_profile
    )
    auditor = browse("h01.auditor", tree.district, "auditor")

    page = auditor.text(f"/orgs/{tree.district}/audit", as_of=AS_OF, known_at=known_at)

    assert "Cán bộ tổ chức, một tổ chức khác" in explained(page)
    assert "tinh.officer" not in page and "Đảng bộ tỉnh Thử" not in explained(page)


def test_an_organization_the_auditor_could_not_read_that_day_is_not_named(
    registry: Any,
    clock: Any,
    tree: Any,
    make_profile: Callable[..., Any],
    browse: Callable[..., Any],
) -> None:
    # District 2's cell joins district 1 in 2025; an admission of its 2023 days, recorded late,
    # now counts in district 1 but happened where district 1 could not read.
    decision = Decision("12-QĐ/TU", date(2025, 6, 20), tree.province)
    writes.move(registry, tree.cell2, tree.committee, MOVED_ON, decision, "tinh")
    known_at = late_admission(
        registry, clock, tree.cell2, tree.committee2, "test-clerk", make_profile
    )
    auditor = browse("h01.auditor", tree.district, "auditor")

    page = auditor.text(f"/orgs/{tree.district}/audit", as_of=AS_OF, known_at=known_at)

    table = explained(page)
    assert "một tổ chức khác" in table
    assert tree.cell2 not in page and "Chi bộ thôn Ba" not in table
    assert tree.cell2 not in codes_in_small(page)
