"""An import beside live traffic: others write to its cells meanwhile; they wait for the import's
gate, and the import stores the whole file once, every rule checked (both databases)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.import_files import admission, found_province, write_file
from services.config import Settings
from services.importing import ImportFailed, import_events
from services.importing.run import ImportRun
from services.registry import Registry
from services.roll.commands import Admit, MemberRef
from services.roll.handlers import handle
from services.unit_of_work import UnitOfWork
from tests import writes

LINES = 2_000
CELLS = 8


def roll_total(registry: Registry, cells: list[str]) -> int:
    return sum(len(registry.get_organization(c).roll_on(registry.today())) for c in cells)


def admit_one(registry: Registry, cell: str, number: int, make_profile: Callable[..., Any]) -> Any:
    person = make_profile(national_id=f"9{number:011d}")
    command = Admit(MemberRef(profile=person), registry.today().replace(year=2022))
    return writes.admit(registry, cell, command, "web-clerk", key=f"web-{number}")


def write_ignoring_the_gate(web: Registry, cell: str, person: Any) -> None:
    """What a process of an older version would do: get, change, save, with no gate."""
    uow = UnitOfWork(web)
    command = Admit(MemberRef(profile=person), web.today().replace(year=2022))
    handle(uow, cell, command, recorded_by="old-web")
    uow.commit()


def test_a_conflict_with_a_writer_ignoring_the_gate_applies_the_file_again_and_stores_it_once(
    registry: Registry,
    settings: Settings,
    open_registry: Callable[[Settings], Registry],
    make_profile: Callable[..., Any],
    tmp_path: Path,
) -> None:
    cells = found_province(registry, CELLS)
    path = write_file(tmp_path / "file.ndjson", 1_200, cells)
    web = open_registry(settings)
    done = [0]

    def progress(n: int) -> None:
        done[0] += n
        if done[0] == 700:  # after the import read the cell: its save will conflict
            write_ignoring_the_gate(web, cells[3], make_profile())

    with ImportRun(registry, path, "import:test", progress) as run:
        report = run.execute()

    assert (report.stored, report.already_present) == (1_200, 0)
    assert run.restarts == 1
    assert roll_total(registry, cells) == 1_200 + 1


def test_a_line_refused_by_what_another_wrote_meanwhile_stores_nothing(
    registry: Registry,
    settings: Settings,
    open_registry: Callable[[Settings], Registry],
    make_profile: Callable[..., Any],
    tmp_path: Path,
) -> None:
    cells = found_province(registry, CELLS)
    lines = [admission(cells[n % CELLS], n, "imp") for n in range(1, 601)]
    path = tmp_path / "file.ndjson"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    web = open_registry(settings)
    person = lines[449]["member"]  # line 450 admits this person into cells[450 % 8]
    done = [0]

    def progress(n: int) -> None:
        done[0] += n
        if done[0] == 500:  # line 450 was applied: now someone admits the same person elsewhere
            write_ignoring_the_gate(web, cells[0], make_profile(national_id=person["national_id"]))

    before = registry.max_position()
    with (
        pytest.raises(ImportFailed) as caught,
        ImportRun(registry, path, "import:test", progress) as run,
    ):
        run.execute()

    assert caught.value.line == 450
    assert "on_two_rolls" in caught.value.message
    assert roll_total(registry, cells) == 1  # only the other writer's admission
    assert registry.max_position() > before  # which was stored, alone


def test_an_import_succeeds_while_a_user_writes_to_one_of_its_cells_several_times_a_second(
    registry: Registry,
    settings: Settings,
    open_registry: Callable[[Settings], Registry],
    make_profile: Callable[..., Any],
    tmp_path: Path,
) -> None:
    cells = found_province(registry, CELLS)
    path = write_file(tmp_path / "file.ndjson", LINES, cells)
    web = open_registry(settings)
    stop = threading.Event()
    acknowledged: list[Any] = []
    errors: list[BaseException] = []

    def user() -> None:  # about five writes a second to cells[2], for at most 60 s
        try:
            for number in range(1, 300):
                if stop.is_set():
                    return
                acknowledged.append(admit_one(web, cells[2], number, make_profile))
                time.sleep(0.2)
        except BaseException as error:  # handed to the main thread
            errors.append(error)

    writer = threading.Thread(target=user)
    writer.start()
    try:
        time.sleep(0.5)
        before_import = len(acknowledged)
        report = import_events(registry, path, "import:test")
        written_during = len(acknowledged)
        time.sleep(0.3)
    finally:
        stop.set()
        writer.join(timeout=60)

    assert not errors, errors
    assert (report.lines, report.stored) == (LINES, LINES)
    assert before_import >= 1 and written_during < len(acknowledged)  # writes before and after
    assert roll_total(registry, cells) == LINES + len(acknowledged)
    # The user's writes waited for the import: none is stored inside the import's events.
    positions = sorted(r.position for r in acknowledged)
    inside = [p for p in positions if report.position - 3 * LINES < p < report.position]
    assert not inside

    again = import_events(registry, path, "import:test")
    assert (again.stored, again.already_present, again.position) == (0, LINES, None)


def test_a_write_waits_a_bounded_time_for_an_import_then_is_told_to_try_again(
    registry: Registry,
    settings: Settings,
    open_registry: Callable[[Settings], Registry],
    make_profile: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import services.store.gates as gates

    cells = found_province(registry, 2)
    web = open_registry(settings)
    monkeypatch.setattr(gates, "GATE_WAIT", 0.3)
    before = registry.max_position()

    with registry.writers_gate(exclusive=True):  # an import is being stored
        started = time.monotonic()
        with pytest.raises(gates.ImportRunning):
            admit_one(web, cells[0], 1, make_profile)
        waited = time.monotonic() - started

    assert 0.3 <= waited < 5
    assert registry.max_position() == before  # nothing stored
    assert admit_one(web, cells[0], 1, make_profile).member_id  # the gate is open again
