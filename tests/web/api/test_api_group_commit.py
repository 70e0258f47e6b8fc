"""Admissions sent at once through the API (stored together by group commit): each request
answered as if it had been sent alone."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from services.registry import Registry
from tests.web.api.test_api_keys import send_at_once
from tests.web.conftest import Api, Tree, admission

EVENTS = "/api/v1/orgs/{}/events"
WRITERS = 10


def test_admissions_sent_at_once_are_each_stored_once_and_a_refused_one_fails_alone(
    app: Any, officer: Api, tree: Tree, registry: Registry
) -> None:
    # The same person to both cells: whichever is stored first, the other is refused.
    sent = [(tree.cell, "001190000031"), (tree.other_cell, "001190000031")]
    sent += [((tree.cell, tree.other_cell)[i % 2], f"0011900001{i:02d}") for i in range(WRITERS)]
    counter = iter(range(len(sent)))

    def send() -> tuple[str, str, int, Any]:
        cell, national_id = sent[next(counter)]
        client = Api(app.test_client(), officer.token)
        answer = client.post(EVENTS.format(cell), admission(national_id))
        return cell, national_id, answer.status_code, answer.get_json()

    answers = send_at_once(len(sent), send)

    twice = sorted(a[2] for a in answers if a[1] == "001190000031")
    assert twice == [201, 409], answers
    refused = next(a[3] for a in answers if a[2] == 409)
    assert refused["code"] == "on_two_rolls"
    others = [a for a in answers if a[1] != "001190000031"]
    assert [a[2] for a in others] == [201] * WRITERS, answers
    stored = {
        e.member_id: code for code in (tree.cell, tree.other_cell) for e in registry.stream(code)
    }
    assert len(stored) == WRITERS + 1
    for cell, _, status, body in answers:
        if status == 201:
            assert stored[UUID(body["member_id"])] == cell
