"""Tamper evidence wired into the Registry: sealed snapshots, backfill, checkpoints after saves."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from services.config import Settings
from services.integrity import checkpoints
from services.integrity.checkpoints import Checkpoint, CheckpointError
from services.integrity.db import dialect, writing
from services.integrity.leaves import LEAVES_TABLE, TreeHead, head, head_at, last_leaf, seal
from services.integrity.snapshots import SEALS_TABLE, SealedSnapshotStore, SealSql


class Registry(Protocol):
    """What tamper evidence needs of services.registry.Registry, which calls into this package
    (so the package names the registry's shape, not its module: no import circle)."""

    settings: Settings
    recorder: Any
    factory: Any
    mapper: Any
    on_saved: list[Callable[[int], None]]

    @property
    def events_table(self) -> str: ...

    @property
    def snapshots_table(self) -> str: ...

    def max_position(self) -> int: ...


log = logging.getLogger("sodang.tamper")
PROTECTED_EXTRA = (LEAVES_TABLE, SEALS_TABLE)


def current_head(registry: Registry, position: int | None = None) -> TreeHead:
    """The log's tree head now, or up to `position`: what an export or a report stamps."""
    with registry.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        if position is None:
            return head(cursor, dialect(registry.settings))
        return head_at(cursor, dialect(registry.settings), position)


def stamp_text(tree: TreeHead) -> str:
    """How a stamp writes the tree head: size, last position, SHA-256 root."""
    return f"size {tree.size}, position {tree.position}, root {tree.root_hex}"


def snapshot_store(registry: Registry) -> SealedSnapshotStore:
    settings = registry.settings
    recorder = registry.factory.aggregate_recorder(purpose="snapshots")
    datastore = registry.recorder.datastore  # type: ignore[attr-defined]
    sql = SealSql(settings.dialect, registry.events_table)
    if settings.create_tables:
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(sql.create)
    key = (
        checkpoints.ensure_key(settings)
        if settings.create_tables
        else checkpoints.load_key(settings)
    )
    trusted = list(checkpoints.trusted_keys(settings).values())
    return SealedSnapshotStore(registry.mapper, recorder, datastore, sql, key, trusted)


def backfill(registry: Registry) -> int:
    """Seal a log stored before sealing existed (an upgrade); returns the events sealed.

    Only a log with no seals at all is sealed here: events written around the application into a
    sealed log stay unsealed, for `sodang verify` to report.
    """
    settings = registry.settings
    with registry.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        if last_leaf(cursor, dialect(settings)) is not None or not registry.max_position():
            return 0
    if not registry.recorder.backfill_allowed:  # type: ignore[attr-defined]
        log.error(
            "TAMPER ALARM: the log has events but no seals although it was checkpointed "
            "before: the seals were removed; writes are refused (run `sodang verify`)"
        )
        return 0
    with writing(settings) as cursor:
        sealed = seal(cursor, dialect(settings), [])
    count = sealed.size if sealed else 0
    log.warning("sealed %s events stored before the log was sealed", count)
    return count


class CheckpointWriter:
    """After each save: sign and witness the tree head every N events and at least daily."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.last: Checkpoint | None = None
        try:
            self.last = checkpoints.latest(registry.settings)
        except (CheckpointError, OSError) as error:
            log.error("TAMPER ALARM: the latest checkpoint cannot be read: %s", error)

    def __call__(self, position: int) -> None:
        settings = self.registry.settings
        if not settings.signing_key_file.exists():
            return
        now = datetime.now(UTC)
        if not self._may_be_due(position, now):
            return
        tree = current_head(self.registry)
        if checkpoints.due(self.last, tree, settings.checkpoint_every, now):
            path = checkpoints.write(settings, tree, now)
            self.last = checkpoints.read(path, settings)

    def _may_be_due(self, position: int, now: datetime) -> bool:
        """Whether a checkpoint may be due once the log holds `position`, known without reading
        the tree head: positions grow by at least one per event, so the log cannot have
        crossed the next multiple of `checkpoint_every` while the positions have not. Reading
        the head after every save cost a transaction whose rollback also dropped the
        connection's prepared statements (psycopg clears them on ROLLBACK)."""
        last = self.last
        if last is None or now - last.time >= checkpoints.DAY:
            return True
        every = self.registry.settings.checkpoint_every
        most = last.size + max(0, position - last.position)
        return most // every > last.size // every


def attach(registry: Registry) -> None:
    folder = registry.settings.witness_dir
    checkpointed = folder.is_dir() and any(folder.glob("*.checkpoint"))
    registry.recorder.backfill_allowed = not checkpointed  # type: ignore[attr-defined]
    if registry.settings.create_tables:
        backfill(registry)
    registry.on_saved.append(CheckpointWriter(registry))


def protected_tables(registry: Registry) -> tuple[str, ...]:
    return (registry.events_table, registry.snapshots_table, *PROTECTED_EXTRA)
