"""The event log as one catch-up round reads it, shared by the projections' runners.

After a save every projection catches up to the same head from (usually) the same position.
Read by each runner, that was three reads of the head and three reads of the new events, each
a transaction of the event store's, for every batch of writes (bench/RESULTS.md, "Writes under
load"). A round's `LogWindow` reads the head once, then the events after a position once, with
the topics of every runner, and each runner keeps the events of its own topics.

The order of the two reads is what makes a runner's position safe, as in `Runner._step`: the
head is read first, so every event up to it is committed (PostgreSQL's writers commit in
notification order under the table lock) and in any window read after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


class LogWindow:
    """One round's head and its latest window of events (the union of the runners' topics)."""

    def __init__(self, registry: Any, topics: Iterable[str]) -> None:
        self.registry = registry
        self.topics = tuple(dict.fromkeys(topics))
        self._head: int | None = None
        # Only the latest window is kept: a long catch-up (after an import) must not hold the
        # log in memory; runners that start from the same position share it.
        self._window: tuple[int, int, Sequence[Any]] | None = None

    def head(self) -> int:
        """The log's head, read once per round (before any window)."""
        if self._head is None:
            self._head = int(self.registry.recorder.max_notification_id() or 0)
        return self._head

    def after(self, position: int, batch: int) -> Sequence[Any]:
        """Up to `batch` notifications after `position` of any runner's topics."""
        self.head()
        kept = self._window
        if kept is not None and kept[:2] == (position, batch):
            return kept[2]
        notes: Sequence[Any] = self.registry.recorder.select_notifications(
            position, batch, topics=self.topics, inclusive_of_start=False
        )
        self._window = (position, batch, notes)
        return notes
