"""The search (issue 13, item 14), on the isolation world of tests/web/permissions: what it
finds, and that it never finds outside the reach of the day asked, on both databases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from projections.reading.search import fold
from services.store.users import ROLES
from tests.web.permissions.test_isolation import (
    ALL,
    DAYS,
    HOMES,
    TODAY,
    A,
    B,
    C,
    D,
    World,
    client_of,
    own,
    world,
)

__all__ = ["world"]  # the module's world, one per database

EVE = (D - timedelta(days=1)).isoformat()
BEFORE, AFTER, DISSOLVED = "001190000101", "001190000102", "001190000103"


def search(world: World, home: str, role: str = "officer", **query: Any) -> Any:
    token = world.tokens[(home, role)]
    return world.app.test_client().get(
        "/api/v1/search", query_string=query, headers={"Authorization": f"Bearer {token}"}
    )


def test_folding_drops_diacritics_and_takes_d_bar_to_d() -> None:
    assert fold("Đảng bộ xã  Thanh Yên") == "dang bo xa thanh yen"


def test_a_name_typed_without_diacritics_finds_the_organization(world: World) -> None:
    found = search(world, B, q="dang bo xa binh").get_json()
    lower = search(world, B, q="XÃ BÌNH").get_json()

    assert [(o["code"], o["name"]) for o in found["orgs"]] == [(B, "Đảng bộ xã Bình")]
    assert [o["code"] for o in lower["orgs"]] == [B]


def test_an_organization_is_found_by_its_code_or_its_last_parts(world: World) -> None:
    whole = search(world, B, q=C).get_json()
    last = search(world, B, q="du02.cb01").get_json()

    assert [o["code"] for o in whole["orgs"]] == [C]
    assert [o["code"] for o in last["orgs"]] == ["T01.H01.DU02.CB01"]


def test_a_national_id_finds_the_member_on_the_day_asked(world: World) -> None:
    found = search(world, B, q=AFTER).get_json()
    spaced = search(world, B, q="0011 9000 0102").get_json()

    assert [(m["member_id"], m["org"]) for m in found["members"]] == [(world.member_after, C)]
    assert spaced["members"] == found["members"]
    assert search(world, B, q=AFTER, as_of="2024-06-02").get_json()["members"] == []


def test_a_member_whose_cell_moved_away_is_found_before_the_move_only(world: World) -> None:
    then = search(world, A, q=BEFORE, as_of=EVE).get_json()
    now = search(world, A, q=BEFORE).get_json()
    by_name = search(world, A, q="lo thi mai").get_json()
    theirs = search(world, B, q=BEFORE, as_of=EVE).get_json()

    assert [m["member_id"] for m in then["members"]] == [world.member_before]
    assert now["members"] == by_name["members"] == theirs["members"] == []
    assert now == {**search(world, A, q="001190000999").get_json(), "query": BEFORE}


@pytest.mark.parametrize("role", ROLES)
def test_no_member_or_organization_outside_the_reach_is_ever_found(world: World, role: str) -> None:
    found_outside = []
    for home in HOMES:
        for day in DAYS:
            reached = own(home, role, day)
            for q in (BEFORE, AFTER, DISSOLVED, "Lò Thị Mai", "dang bo", "chi bo", "T01"):
                answer = search(world, home, role, q=q, as_of=day.isoformat())
                body = answer.get_json()
                orgs = [o["code"] for o in body["orgs"]]
                members = [m["org"] for m in body["members"]]
                outside = [c for c in orgs + members if c not in reached]
                if answer.status_code != 200 or outside:
                    found_outside.append((home, role, day, q, answer.status_code, outside))

    assert found_outside == []


def test_the_search_page_shows_names_with_codes_and_hides_the_foreign(world: World) -> None:
    old = client_of(world, A, "officer").get("/search", query_string={"q": "lo thi mai"})
    then = client_of(world, A, "officer").get("/search", query_string={"q": BEFORE, "as_of": EVE})
    text, past = old.get_data(as_text=True), then.get_data(as_text=True)

    assert old.status_code == then.status_code == 200
    assert "Lò Thị Mai" not in text and "Không tìm thấy đảng viên nào." in text
    assert "Lò Thị Mai" in past and f"<code>{C}</code>" in past


def test_a_query_shorter_than_two_characters_is_refused(world: World) -> None:
    answer = search(world, A, q=" a ")
    page = client_of(world, A, "officer").get("/search", query_string={"q": "a"})

    assert answer.status_code == 422
    assert "2" in answer.get_json()["message"] + str(answer.get_json()["errors"])
    assert page.status_code == 400 and "Nhập ít nhất 2 ký tự để tìm." in page.get_data(as_text=True)


def test_searching_stores_nothing(world: World) -> None:
    before = world.registry.max_position()
    for home in HOMES:
        search(world, home, q="lo thi mai")
        client_of(world, home, "clerk").get("/search", query_string={"q": "chi bo"})

    assert world.registry.max_position() == before


def test_the_day_searched_is_today_unless_asked(world: World) -> None:
    today = search(world, B, q="chi bo").get_json()
    then = search(world, B, q="chi bo", as_of=EVE).get_json()

    assert today["as_of"] == TODAY.isoformat()
    assert {o["code"] for o in today["orgs"]} == {C, "T01.H01.DU02.CB01"}
    assert [o["code"] for o in then["orgs"]] == ["T01.H01.DU02.CB01"]
    assert set(ALL) > {o["code"] for o in today["orgs"]}
