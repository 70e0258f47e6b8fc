"""One rule for who may write the other side of a paired event, on the API and the pages.

Both ask web.permissions.writes, which asks the front door which organizations a command
writes (services.front_door.handlers.touches): every one must be the user's to write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from services.roll.commands import Counterpart, Decision, MemberRef, TransferOut
from tests import writes

EVENTS = "/api/v1/orgs/{}/events"
DISSOLVED_ON = date(2026, 2, 1)


@pytest.fixture
def moved(registry: Any, tree: Any, admit: Callable[..., Any], make_profile: Any) -> Any:
    """A member of cell 1 transferred to the other cell of the district: a paired event."""
    member_id = admit(tree.cell, make_profile()).member_id
    command = TransferOut(
        MemberRef(member_id=member_id),
        date(2026, 4, 1),
        destination=Counterpart(code=tree.other_cell),
    )
    return writes.transfer_out(registry, tree.cell, command, "test-clerk")


def correction_form(event_id: Any) -> dict[str, str]:
    return {
        "corrects": str(event_id),
        "reason": "Sai ngày chuyển",
        "changes.effective_on": "2026-03-31",
    }


def correction_body(event_id: Any) -> dict[str, Any]:
    return {
        "type": "correction",
        "corrects": str(event_id),
        "reason": "Sai ngày chuyển",
        "changes": {"effective_on": "2026-03-31"},
    }


def test_a_correction_of_a_paired_event_needs_both_sides_on_the_api_and_the_pages(
    browse: Callable[..., Any], make_api: Callable[..., Any], tree: Any, registry: Any, moved: Any
) -> None:
    """The clerk of cell 1 writes cell 1, but the correction also moves the other cell's side."""
    page_clerk = browse("cb01.clerk", tree.cell, "clerk")
    api_clerk = make_api("cb01.api", tree.cell, "clerk")
    position = registry.max_position()

    page = page_clerk.submit(
        f"/orgs/{tree.cell}/events/new?type=correction", correction_form(moved.event_id)
    )
    api = api_clerk.post(EVENTS.format(tree.cell), correction_body(moved.event_id))

    assert page.status_code == 422
    assert "Không tìm thấy tổ chức đảng này." in page.get_data(as_text=True)
    assert api.status_code == 404
    assert registry.max_position() == position


@pytest.mark.parametrize("path", ["api", "pages"])
def test_a_correction_of_a_paired_event_by_a_writer_of_both_sides_corrects_both(
    browse: Callable[..., Any],
    make_api: Callable[..., Any],
    tree: Any,
    registry: Any,
    moved: Any,
    path: str,
) -> None:
    if path == "pages":
        officer = browse("h01.officer", tree.district, "officer")
        answer = officer.submit(
            f"/orgs/{tree.cell}/events/new?type=correction", correction_form(moved.event_id)
        )
        assert answer.status_code == 302
    else:
        officer = make_api("h01.officer", tree.district, "officer")
        answer = officer.post(EVENTS.format(tree.cell), correction_body(moved.event_id))
        assert answer.status_code == 201, answer.get_json()

    assert registry.stream(tree.cell)[-1]["type"] == "correction"
    assert registry.stream(tree.other_cell)[-1]["type"] == "correction"


def test_a_counterpart_the_user_may_read_but_not_write_is_refused_on_the_api_and_the_pages(
    browse: Callable[..., Any],
    make_api: Callable[..., Any],
    tree: Any,
    registry: Any,
    admit: Callable[..., Any],
    make_profile: Any,
) -> None:
    """A dissolved cell of the district: its officer still reads its history, writes nothing."""
    decision = Decision("3-QĐ/HU", DISSOLVED_ON, tree.district)
    writes.dissolve(registry, tree.other_cell, DISSOLVED_ON, decision, "test-clerk")
    member_id = admit(tree.cell, make_profile()).member_id
    page_officer = browse("h01.officer", tree.district, "officer")
    api_officer = make_api("h01.api", tree.district, "officer")
    assert page_officer.get(f"/orgs/{tree.other_cell}").status_code == 200  # may read it
    position = registry.max_position()

    page = page_officer.submit(
        f"/orgs/{tree.cell}/events/new?type=transferred_out",
        {"member_id": str(member_id), "effective_on": "2026-10-01", "to": tree.other_cell},
    )
    api = api_officer.post(
        EVENTS.format(tree.cell),
        {
            "type": "transferred_out",
            "member_id": str(member_id),
            "effective_on": "2026-10-01",
            "to": tree.other_cell,
        },
    )

    assert page.status_code == 422
    assert "Không tìm thấy tổ chức đảng này." in page.get_data(as_text=True)
    assert api.status_code == 404
    assert registry.max_position() == position
