"""Many writers in one process, as a gunicorn worker's threads are: the harness the tests of
writes under load and of group commit share.

Each writer admits its people to the cells in turn, retries a ConcurrencyError as a client
retries with its key, and reads its own write back at once (read-your-writes); what each
acknowledged, what it could not read back and what failed are gathered for the test.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from projections.queries import Queries
from services.registry import ConcurrencyError, Registry
from services.roll.commands import Receipt

CLIENT_RETRIES = 20


def admitted_entries(registry: Registry, cells: list[str]) -> Counter[UUID]:
    """Admission entries per member, read from the cells' streams as stored."""
    found: Counter[UUID] = Counter()
    for code in cells:
        for entry in registry.stream(code):
            if str(getattr(entry.type, "value", entry.type)) == "admitted":
                found[entry.member_id] += 1
    return found


def retried(send: Callable[[], Receipt]) -> Receipt:
    """`send` again after a ConcurrencyError (nothing stored), as a client does with its key."""
    for _ in range(CLIENT_RETRIES):
        try:
            return send()
        except ConcurrencyError:
            continue
    raise AssertionError(f"still refused after {CLIENT_RETRIES} tries")


@dataclass
class Written:
    receipts: list[Receipt] = field(default_factory=list)
    unseen: list[UUID] = field(default_factory=list)  # acknowledged, not read back at once
    errors: list[BaseException] = field(default_factory=list)


def write_concurrently(
    queries: Queries,
    cells: list[str],
    people: Sequence[Sequence[Any]],
    admit: Callable[[str, Any], Receipt],
) -> Written:
    """One thread per list of `people`, started together; writer i sends its n-th person to
    cell (i + n) mod len(cells)."""
    written = Written()
    start = threading.Barrier(len(people))

    def run(index: int) -> None:
        try:
            start.wait()
            for number, person in enumerate(people[index]):
                cell = cells[(index + number) % len(cells)]
                receipt = admit(cell, person)
                written.receipts.append(receipt)
                # Read-your-writes: the writer's next read already holds its admission.
                if receipt.member_id not in {m.member_id for m in queries.roll(cell).members}:
                    written.unseen.append(receipt.member_id)
        except BaseException as error:  # handed to the main thread
            written.errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return written
