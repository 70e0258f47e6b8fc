"""Group commit: single writes waiting in one process stored together, each answered alone.

The outcomes must be those of running the commands one after the other: a refused command
fails alone with its rule, the others are stored; a key used twice in a batch replays; each
writer reads its own write back at once from the read models.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from domain.errors import NotFound, RuleViolation
from projections.queries import Queries
from services.config import ConfigError, Settings
from services.front_door.commands import Command, RecordEvent
from services.front_door.group_commit import GroupCommitter, Ticket, committer, write
from services.front_door.handlers import Context
from services.registry import Registry
from services.roll.commands import Admit, MemberRef, Receipt
from tests.concurrent_writers import admitted_entries, retried, write_concurrently

CLERK = "clerk@test"
EFFECTIVE = date(2025, 3, 10)


def admission(cell: str, person: Any, key: str | None = None) -> RecordEvent:
    return RecordEvent(cell, Admit(MemberRef(profile=person), EFFECTIVE), key)


def stored_together(registry: Registry, commands: list[Command]) -> list[Ticket]:
    """The commands as one batch of a group committer, each with its own ticket."""
    tickets = [Ticket(c, Context(CLERK, "T01")) for c in commands]
    GroupCommitter(registry, len(tickets)).store(tickets)
    return tickets


def test_concurrent_writers_to_several_cells_are_stored_once_each_and_read_back(
    settings: Settings, registry: Registry, province: Any, make_profile: Any, clock: Any
) -> None:
    writers, each = 12, 3
    cells = [province.cell, province.other_cell]
    people = [[make_profile() for _ in range(each)] for _ in range(writers)]
    queries = Queries(settings, clock=clock)

    def admit(cell: str, person: Any) -> Receipt:
        command = admission(cell, person, key=person.national_id)
        return retried(
            lambda: write(registry, command, recorded_by=CLERK, key_scope="T01").receipts()[0]
        )

    written = write_concurrently(queries, cells, people, admit)
    receipts, unseen, errors = written.receipts, written.unseen, written.errors

    assert not errors, errors
    assert unseen == []
    acknowledged = {r.member_id for r in receipts}
    assert len(receipts) == len(acknowledged) == writers * each
    stored = admitted_entries(registry, cells)
    assert set(stored) == acknowledged
    assert set(stored.values()) == {1}


def test_a_batch_is_stored_in_one_transaction_and_each_gets_its_own_receipt(
    registry: Registry, province: Any, make_profile: Any
) -> None:
    people = [make_profile() for _ in range(4)]
    cells = [province.cell, province.other_cell]
    tickets = stored_together(registry, [admission(cells[i % 2], p) for i, p in enumerate(people)])

    assert all(t.error is None for t in tickets)
    assert len({t.position for t in tickets}) == 1  # one save for the four
    assert [t.result.org for t in tickets] == [cells[i % 2] for i in range(4)]
    members = [t.result.member_id for t in tickets]
    assert len(set(members)) == 4
    assert Counter(admitted_entries(registry, cells)) == Counter(dict.fromkeys(members, 1))


def test_a_refused_command_fails_alone_with_its_rule_and_the_others_are_stored(
    registry: Registry, province: Any, make_profile: Any
) -> None:
    twice, other, after = make_profile(), make_profile(), make_profile()
    tickets = stored_together(
        registry,
        [
            admission(province.cell, twice),
            # Refused as it would be run alone after the first: already on a roll.
            admission(province.other_cell, twice),
            admission("T01.KHONG.CO", other),
            admission(province.other_cell, after),
        ],
    )

    first, again, unknown, last = tickets
    assert first.error is None and last.error is None
    assert first.position == last.position is not None
    assert isinstance(again.error, RuleViolation)
    assert again.error.rule == "on_two_rolls"
    assert again.result is None and again.position is None
    assert isinstance(unknown.error, NotFound)
    stored = admitted_entries(registry, [province.cell, province.other_cell])
    assert stored == Counter({first.result.member_id: 1, last.result.member_id: 1})
    assert first.result.member_id in registry.get_organization(province.cell).roll_on(
        date(2026, 1, 1)
    )


def test_the_commands_after_a_refused_one_see_the_state_without_it(
    registry: Registry, province: Any, make_profile: Any
) -> None:
    person = make_profile()
    tickets = stored_together(
        registry, [admission("T01.KHONG.CO", person), admission(province.cell, person)]
    )

    assert isinstance(tickets[0].error, NotFound)
    assert tickets[1].error is None
    assert admitted_entries(registry, [province.cell]) == Counter({tickets[1].result.member_id: 1})


def test_one_key_sent_sixteen_times_in_one_batch_stores_one_event_and_replays_it(
    registry: Registry, province: Any, make_profile: Any
) -> None:
    command = admission(province.cell, make_profile(), key="k-twins")
    tickets = stored_together(registry, [command] * 16)

    assert all(t.error is None for t in tickets)
    receipts = [t.result for t in tickets]
    assert [r.replayed for r in receipts] == [False] + [True] * 15
    assert len({(r.event_id, r.member_id) for r in receipts}) == 1
    assert sum(admitted_entries(registry, [province.cell]).values()) == 1


def test_a_key_reused_for_another_request_in_the_batch_is_refused_alone(
    registry: Registry, province: Any, make_profile: Any
) -> None:
    tickets = stored_together(
        registry,
        [
            admission(province.cell, make_profile(), key="k-once"),
            admission(province.cell, make_profile(), key="k-once"),
        ],
    )

    assert tickets[0].error is None
    assert isinstance(tickets[1].error, RuleViolation)
    assert tickets[1].error.rule == "idempotency_key_reused"
    assert sum(admitted_entries(registry, [province.cell]).values()) == 1


def test_sixteen_threads_sending_one_key_get_one_event_and_the_same_receipt(
    settings: Settings, registry: Registry, province: Any, make_profile: Any, clock: Any
) -> None:
    command = admission(province.cell, make_profile(), key="k-threads")
    receipts: list[Receipt] = []
    errors: list[BaseException] = []
    start = threading.Barrier(16)

    def run() -> None:
        try:
            start.wait()
            handled = write(registry, command, recorded_by=CLERK, key_scope="T01")
            receipts.append(handled.receipts()[0])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not errors, errors
    assert len(receipts) == 16
    assert len({(r.event_id, r.member_id) for r in receipts}) == 1
    assert sorted(r.replayed for r in receipts) == [False] + [True] * 15
    assert sum(admitted_entries(registry, [province.cell]).values()) == 1
    queries = Queries(settings, clock=clock)
    assert receipts[0].member_id in {m.member_id for m in queries.roll(province.cell).members}


def test_waiting_writers_are_stored_together_by_the_next_leader_and_announced_once(
    registry: Registry, province: Any, make_profile: Any
) -> None:
    """While a save runs, the writers arriving queue; the next leader stores them in one batch."""
    saving = threading.Event()
    go_on = threading.Event()
    calls: list[int] = []
    run_with_position = registry.run_with_position

    def slow_first(change: Any, announce: bool = True) -> Any:
        calls.append(1)
        if len(calls) == 1:
            saving.set()
            go_on.wait(timeout=60)
        return run_with_position(change, announce)

    group = GroupCommitter(registry, 32)
    group.registry = HeldRunner(registry, slow_first)
    announced: list[int] = []
    registry.on_saved.append(announced.append)
    receipts: dict[int, Receipt] = {}

    def run(index: int) -> None:
        command = admission(province.cell, make_profile())
        receipts[index] = group.submit(command, Context(CLERK, "T01")).receipts()[0]

    first = threading.Thread(target=run, args=(0,))
    first.start()
    assert saving.wait(timeout=60)
    others = [threading.Thread(target=run, args=(i,)) for i in range(1, 6)]
    for thread in others:
        thread.start()
    while group.queued < 5:  # every other writer queued behind the save
        threading.Event().wait(0.01)
    go_on.set()
    for thread in [first, *others]:
        thread.join(timeout=120)

    assert len(receipts) == 6
    assert len(calls) == 2  # the five queued writers: one batch, one save
    assert len({receipts[i].position for i in range(1, 6)}) == 1
    assert receipts[0].position != receipts[1].position
    # Each save announced once (a checkpoint is one listener call), not once per request.
    assert sorted(announced) == sorted({r.position for r in receipts.values()})


class HeldRunner:
    """The registry with another `run_with_position` (to hold a save open in a test)."""

    def __init__(self, registry: Registry, run_with_position: Any) -> None:
        self._registry = registry
        self.run_with_position = run_with_position
        self.settings = registry.settings

    def announce_saved(self, position: int) -> None:
        self._registry.announce_saved(position)


def test_group_commit_off_stores_each_write_in_its_own_unit_of_work(
    settings: Settings, open_registry: Any, province: Any, make_profile: Any
) -> None:
    registry = open_registry(replace(settings, group_commit=False))

    receipt = write(
        registry, admission(province.cell, make_profile()), recorded_by=CLERK
    ).receipts()[0]

    assert getattr(registry, "_group_committer", None) is None
    assert receipt.member_id in admitted_entries(registry, [province.cell])


def test_the_committer_is_one_per_registry(registry: Registry) -> None:
    assert committer(registry) is committer(registry)


@pytest.mark.parametrize(
    ("environ", "on", "most"),
    [
        ({}, True, 32),
        ({"SODANG_GROUP_COMMIT": "off", "SODANG_GROUP_COMMIT_MAX": "8"}, False, 8),
        ({"SODANG_GROUP_COMMIT": "1", "SODANG_GROUP_COMMIT_MAX": "1"}, True, 1),
    ],
)
def test_group_commit_is_read_from_the_environment(
    environ: dict[str, str], on: bool, most: int
) -> None:
    settings = Settings.from_env(environ)
    assert (settings.group_commit, settings.group_commit_max) == (on, most)


@pytest.mark.parametrize("value", ["0", "many"])
def test_a_bad_group_size_is_refused_with_its_variable(value: str) -> None:
    with pytest.raises(ConfigError, match="SODANG_GROUP_COMMIT_MAX"):
        Settings.from_env({"SODANG_GROUP_COMMIT_MAX": value})
