"""Idempotency keys through the API: each organization's own, and twins sent at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from services.registry import Registry
from tests.web.conftest import Api, Tree, admission
from tests.web.dossiers.conftest import opening

EVENTS = "/api/v1/orgs/{}/events"
DOSSIERS = "/api/v1/orgs/{}/dossiers"
TWINS = 16


def test_the_same_key_from_another_district_is_another_request(
    officer: Api, make_api: Callable[..., Api], tree: Tree, registry: Registry
) -> None:
    other = make_api("h02.officer", tree.district2, "officer")
    mine = officer.post(
        EVENTS.format(tree.cell), admission("001190000001"), headers={"Idempotency-Key": "k"}
    )

    theirs = other.post(
        EVENTS.format(tree.cell2), admission("001190000002"), headers={"Idempotency-Key": "k"}
    )

    assert mine.status_code == theirs.status_code == 201, theirs.get_json()
    assert theirs.headers["Idempotent-Replayed"] == "false"
    assert theirs.get_json()["event_id"] != mine.get_json()["event_id"]
    assert len(registry.stream(tree.cell2)) == 1


def test_a_key_reused_with_another_body_names_no_event(officer: Api, tree: Tree) -> None:
    first = officer.post(
        EVENTS.format(tree.cell), admission("001190000001"), headers={"Idempotency-Key": "k2"}
    )

    again = officer.post(
        EVENTS.format(tree.cell), admission("001190000003"), headers={"Idempotency-Key": "k2"}
    )

    assert again.status_code == 409
    assert again.get_json()["code"] == "idempotency_key_reused"
    assert first.get_json()["event_id"] not in again.get_data(as_text=True)


def test_an_amendment_by_key_reaches_only_the_keys_of_its_own_district(
    officer: Api, make_api: Callable[..., Api], tree: Tree, registry: Registry
) -> None:
    province = make_api("province.officer", tree.province, "officer")
    officer.post(EVENTS.format(tree.cell), admission(), headers={"Idempotency-Key": "k3"})
    retraction = {"type": "retraction", "retracts_key": "k3", "reason": "nhầm"}

    foreign = province.post(EVENTS.format(tree.cell), retraction)
    own = officer.post(EVENTS.format(tree.cell), retraction)

    assert foreign.status_code == 404
    assert own.status_code == 201, own.get_json()
    assert registry.roll_count(tree.cell, registry.today()) == 0


def test_a_dossier_key_from_another_district_opens_another_dossier(
    officer: Api, make_api: Callable[..., Api], tree: Tree
) -> None:
    other = make_api("h02.officer", tree.district2, "officer")
    mine = officer.post(
        DOSSIERS.format(tree.cell), opening("001190000011"), headers={"Idempotency-Key": "d"}
    )

    theirs = other.post(
        DOSSIERS.format(tree.cell2), opening("001190000012"), headers={"Idempotency-Key": "d"}
    )

    assert mine.status_code == theirs.status_code == 201, theirs.get_json()
    assert theirs.headers["Idempotent-Replayed"] == "false"
    assert theirs.get_json()["id"] != mine.get_json()["id"]


def send_at_once(count: int, send: Callable[[], Any]) -> list[Any]:
    """`send()` from `count` threads released together."""
    start = threading.Barrier(count)
    answers: list[Any] = [None] * count

    def run(index: int) -> None:
        start.wait()
        try:
            answers[index] = send()
        except BaseException as error:  # compared in the main thread
            answers[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_sixteen_identical_admissions_at_once_all_answer_the_first_receipt(
    app: Any, officer: Api, tree: Tree, registry: Registry
) -> None:
    body = admission("001190000021")

    def send() -> tuple[int, Any, str]:
        client = Api(app.test_client(), officer.token)
        answer = client.post(EVENTS.format(tree.cell), body, headers={"Idempotency-Key": "twin"})
        return answer.status_code, answer.get_json(), answer.headers.get("Idempotent-Replayed")

    answers = send_at_once(TWINS, send)

    assert [a[0] for a in answers] == [201] * TWINS, answers
    assert len({repr(a[1]) for a in answers}) == 1
    assert sorted(a[2] for a in answers) == ["false"] + ["true"] * (TWINS - 1)
    assert len(registry.stream(tree.cell)) == 1


def test_sixteen_identical_dossiers_at_once_open_one(
    app: Any, officer: Api, tree: Tree, registry: Registry
) -> None:
    body = opening("001190000022")

    def send() -> tuple[int, Any]:
        client = Api(app.test_client(), officer.token)
        answer = client.post(DOSSIERS.format(tree.cell), body, headers={"Idempotency-Key": "dd"})
        return answer.status_code, answer.get_json()

    answers = send_at_once(TWINS, send)

    assert [a[0] for a in answers] == [201] * TWINS, answers
    assert len({a[1]["id"] for a in answers}) == 1
    listed = officer.get(DOSSIERS.format(tree.cell)).get_json()
    assert [d["id"] for d in listed["dossiers"]] == [answers[0][1]["id"]]
