"""Two writers racing on one organization, each with its own Registry: no event is lost."""

from __future__ import annotations

import threading
from datetime import date

from services.registry import ConcurrencyError
from services.roll.commands import Admit, MemberRef, Retract
from tests import writes

CLERK = "clerk@test"
ADMISSIONS_PER_WRITER = 20
CLIENT_RETRIES = 20


def test_two_writers_admitting_to_one_cell_lose_nothing(
    settings, open_registry, province, make_profile
):
    writers = [open_registry(settings) for _ in range(2)]
    people = [[make_profile() for _ in range(ADMISSIONS_PER_WRITER)] for _ in writers]
    receipts: list[list] = [[] for _ in writers]
    errors: list[BaseException] = []
    starved: list[str] = []
    start = threading.Barrier(len(writers))

    def admit_as_a_client_would(registry, person):
        """ConcurrencyError stores nothing and says 'try again': a client does, with the same key."""
        command = Admit(MemberRef(profile=person), date(2025, 3, 10))
        for _ in range(CLIENT_RETRIES):
            try:
                return writes.admit(registry, province.cell, command, CLERK, key=person.national_id)
            except ConcurrencyError:
                starved.append(person.national_id)
        raise AssertionError(f"still refused after {CLIENT_RETRIES} tries")

    def write(index: int) -> None:
        try:
            start.wait()
            for person in people[index]:
                receipts[index].append(admit_as_a_client_would(writers[index], person))
        except BaseException as error:  # handed to the main thread below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(len(writers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    everyone = {r.member_id for rs in receipts for r in rs}
    assert len(everyone) == 2 * ADMISSIONS_PER_WRITER
    assert not any(r.replayed for rs in receipts for r in rs)
    reader = open_registry(settings)
    assert reader.get_organization(province.cell).roll_on(date(2026, 11, 21)) == everyone
    assert len(reader.stream(province.cell)) == 2 * ADMISSIONS_PER_WRITER
    print(f"commands refused with ConcurrencyError and tried again: {len(starved)}")


def test_a_command_that_loses_a_race_is_retried_on_fresh_state(
    settings, registry, open_registry, province, make_profile
):
    other = open_registry(settings)
    save = registry.save
    interleaved = []

    def save_after_the_other_writer(*aggregates, **kwargs):
        if not interleaved:  # the other writer gets in between our read and our write, once
            interleaved.append(
                writes.admit(
                    other,
                    province.cell,
                    Admit(MemberRef(profile=make_profile()), date(2025, 3, 9)),
                    CLERK,
                )
            )
        return save(*aggregates, **kwargs)

    registry.save = save_after_the_other_writer
    command = Admit(MemberRef(profile=make_profile()), date(2025, 3, 10))

    mine = writes.admit(registry, province.cell, command, CLERK)

    roll = registry.get_organization(province.cell).roll_on(date(2026, 11, 21))
    assert roll == {mine.member_id, interleaved[0].member_id}
    assert [e["event_id"] for e in registry.stream(province.cell)] == [
        interleaved[0].event_id,
        mine.event_id,
    ]


TWINS = 16


def send_at_once(count: int, request):
    """Runs `request()` in `count` threads released together; returns answers (or errors)."""
    start = threading.Barrier(count)
    answers: list = [None] * count

    def run(index: int) -> None:
        start.wait()
        try:
            answers[index] = request()
        except BaseException as error:  # compared below, in the main thread
            answers[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_identical_requests_sent_at_once_with_one_key_all_get_the_first_receipt(
    registry, province, make_profile
):
    command = Admit(MemberRef(profile=make_profile()), date(2025, 3, 10))

    answers = send_at_once(
        TWINS,
        lambda: writes.execute(
            registry, province.cell, command, CLERK, "twin", key_scope="T01.H01"
        ),
    )

    errors = [a for a in answers if isinstance(a, BaseException)]
    assert not errors, errors
    assert len({(a.event_id, a.member_id, a.recorded_at) for a in answers}) == 1
    assert sum(not a.replayed for a in answers) == 1
    assert len(registry.stream(province.cell)) == 1


def test_identical_retractions_sent_at_once_with_one_key_store_one(
    registry, province, make_profile
):
    admitted = writes.admit(
        registry, province.cell, Admit(MemberRef(profile=make_profile()), date(2025, 3, 10)), CLERK
    )
    command = Retract(admitted.event_id, "nhầm")

    answers = send_at_once(
        TWINS,
        lambda: writes.execute(
            registry, province.cell, command, CLERK, "undo", key_scope="T01.H01"
        ),
    )

    errors = [a for a in answers if isinstance(a, BaseException)]
    assert not errors, errors
    assert len({a.event_id for a in answers}) == 1
    assert len(registry.stream(province.cell)) == 2
