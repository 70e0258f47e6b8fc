"""Snapshots that are never trusted blindly: each is sealed to the log and signed outside the DB.

A snapshot summarises its aggregate at a version; its seal (table `snapshot_seals`) records the
tree index and tree head of that version's event and a digest of the snapshot's stored bytes,
all signed with the Ed25519 key of the checkpoints (a file the database's insiders cannot read).
On load the seal must verify, the digest must match the stored row, and the log must still hold
that event at that tree head; otherwise the snapshot is refused with a tamper alarm and the
aggregate is rebuilt from its events. A snapshot INSERTed by anyone but the application has no
valid seal, so it changes nothing the registry reads or writes.
"""

from __future__ import annotations

import hashlib
import logging
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from eventsourcing.persistence import (
    AggregateRecorder,
    EventStore,
    Mapper,
    PersistenceError,
    StoredEvent,
)

from services.integrity.leaves import LEAVES_TABLE

log = logging.getLogger("sodang.tamper")
skipped = logging.getLogger(__name__)
SEALS_TABLE = "snapshot_seals"


@dataclass(frozen=True)
class SnapshotSeal:
    tree_index: int
    root: bytes
    digest: bytes
    signature: bytes


def digest_of(stored: StoredEvent) -> bytes:
    topic = stored.topic.encode()
    oid = UUID(str(stored.originator_id)).bytes
    return hashlib.sha256(
        b"SDS1"
        + oid
        + struct.pack(">qI", stored.originator_version, len(topic))
        + topic
        + stored.state
    ).digest()


def signed_bytes(stored: StoredEvent, tree_index: int, root: bytes, digest: bytes) -> bytes:
    oid = UUID(str(stored.originator_id)).bytes
    return b"SDS1" + oid + struct.pack(">qq", stored.originator_version, tree_index) + root + digest


class SealSql:
    """The SQL of snapshot seals on one database."""

    def __init__(self, dialect: str, events_table: str) -> None:
        self.p = "?" if dialect == "sqlite" else "%s"
        self.sqlite = dialect == "sqlite"
        blob, big, oid = ("BLOB", "INTEGER", "TEXT") if self.sqlite else ("bytea", "bigint", "uuid")
        position = "rowid" if self.sqlite else "notification_id"
        self.create = (
            f"CREATE TABLE IF NOT EXISTS {SEALS_TABLE} (originator_id {oid} NOT NULL, "
            f"originator_version {big} NOT NULL, tree_index {big} NOT NULL, root {blob} NOT NULL, "
            f"digest {blob} NOT NULL, signature {blob} NOT NULL, "
            "PRIMARY KEY (originator_id, originator_version))"
        )
        self.event_head = (
            f"SELECT l.tree_index, l.root FROM {events_table} e JOIN {LEAVES_TABLE} l "
            f"ON l.position = e.{position} WHERE e.originator_id = {self.p} "
            f"AND e.originator_version = {self.p}"
        )
        self.insert = f"INSERT INTO {SEALS_TABLE} VALUES ({','.join([self.p] * 6)})"
        self.select = (
            f"SELECT tree_index, root, digest, signature FROM {SEALS_TABLE} "
            f"WHERE originator_id = {self.p} AND originator_version = {self.p}"
        )

    def oid(self, originator_id: Any) -> Any:
        uuid = UUID(str(originator_id))
        return uuid.hex if self.sqlite else uuid


def check(
    cursor: Any, sql: SealSql, stored: StoredEvent, keys: Sequence[Ed25519PublicKey]
) -> str | None:
    """Why this stored snapshot cannot be trusted, or None when its seal holds."""
    key = (sql.oid(stored.originator_id), stored.originator_version)
    cursor.execute(sql.select, key)
    found = cursor.fetchone()
    if found is None:
        return "it has no seal (not written by the application)"
    seal = SnapshotSeal(
        int(found["tree_index"]),
        bytes(found["root"]),
        bytes(found["digest"]),
        bytes(found["signature"]),
    )
    if seal.digest != digest_of(stored):
        return "its content differs from what was sealed"
    if not keys:
        return "no signing key is available to check its seal"
    if not any(verifies(k, seal, stored) for k in keys):
        return "its seal's signature does not verify"
    cursor.execute(sql.event_head, key)
    event = cursor.fetchone()
    if (
        event is None
        or int(event["tree_index"]) != seal.tree_index
        or bytes(event["root"]) != seal.root
    ):
        return "the log no longer holds the event it summarises at the sealed tree head"
    return None


def verifies(key: Ed25519PublicKey, seal: SnapshotSeal, stored: StoredEvent) -> bool:
    try:
        key.verify(seal.signature, signed_bytes(stored, seal.tree_index, seal.root, seal.digest))
    except InvalidSignature:
        return False
    return True


class SealedSnapshotStore(EventStore[UUID]):
    """The registry's snapshot store: seals what it puts, checks what it gets."""

    def __init__(
        self,
        mapper: Mapper[UUID],
        recorder: AggregateRecorder,
        datastore: Any,
        sql: SealSql,
        key: Ed25519PrivateKey | None,
        trusted: Sequence[Ed25519PublicKey] = (),
    ) -> None:
        super().__init__(mapper, recorder)
        self.datastore = datastore
        self.sql = sql
        self.key = key
        self.keys = [*([key.public_key()] if key else []), *trusted]
        self.refused = 0

    def put(self, domain_events: Sequence[Any], **kwargs: Any) -> list[Any]:
        """Seal, then store, each snapshot.

        Sealed first: a stored snapshot whose seal was not written (the database busy between
        the two, say) would be refused as forged when loaded and reported by `sodang verify`; a
        seal whose snapshot was not stored is read by nothing. A snapshot only caches events
        already stored, so one that cannot be stored is skipped with a warning: it must not fail
        the save that asked for it, whose events stand (its caller would be told "not stored"
        and might send it again).

        The events' tree heads are read before the seals' transaction, not in it: a sealed
        event's head never changes, and on SQLite a transaction that reads first and writes
        after is refused at once ("database is locked", no waiting) when another writer
        committed in between (a follower projecting beside a long load did, dozens of times).
        """
        stored = [self.mapper.to_stored_event(e) for e in domain_events]
        if self.key is None:
            log.warning("snapshots stored without a seal: no signing key; they will not be used")
            self.recorder.insert_events(stored, **kwargs)
            return []
        try:
            with self.datastore.transaction(commit=False) as cursor:
                heads = [self._head(cursor, snapshot) for snapshot in stored]
            known = [(s, h) for s, h in zip(stored, heads, strict=True) if h is not None]
            if known:
                with self.datastore.transaction(commit=True) as cursor:
                    for snapshot, head in known:
                        self._seal(cursor, snapshot, *head)
                self.recorder.insert_events([snapshot for snapshot, _ in known], **kwargs)
        except PersistenceError as error:
            skipped.warning(
                "%d snapshot(s) not stored (%s): those aggregates load from their events",
                len(stored),
                error,
            )
        return []

    def _head(self, cursor: Any, snapshot: StoredEvent) -> tuple[int, bytes] | None:
        """The tree index and head of the snapshot's event; None when the event is not sealed
        (nor will it be: its snapshot would never be trusted)."""
        cursor.execute(
            self.sql.event_head,
            (self.sql.oid(snapshot.originator_id), snapshot.originator_version),
        )
        event = cursor.fetchone()
        return None if event is None else (int(event["tree_index"]), bytes(event["root"]))

    def _seal(self, cursor: Any, snapshot: StoredEvent, index: int, root: bytes) -> None:
        """Write the snapshot's seal over its event's tree head."""
        assert self.key is not None
        digest = digest_of(snapshot)
        signature = self.key.sign(signed_bytes(snapshot, index, root, digest))
        cursor.execute(
            self.sql.insert,
            (
                self.sql.oid(snapshot.originator_id),
                snapshot.originator_version,
                index,
                root,
                digest,
                signature,
            ),
        )

    def get(
        self,
        originator_id: UUID,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Iterator[Any]:
        stored = self.recorder.select_events(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        return iter([self.mapper.to_domain_event(s) for s in self.trusted(stored)])

    def trusted(self, stored: Sequence[StoredEvent]) -> list[StoredEvent]:
        """Those of these stored snapshots whose seal holds (as read here, or in bulk by
        services/structure/loading.py); each other one is refused with a tamper alarm."""
        trusted: list[StoredEvent] = []
        if not stored:
            return trusted  # most loads: no snapshot, no extra query
        with self.datastore.transaction(commit=False) as cursor:
            for snapshot in stored:
                reason = check(cursor, self.sql, snapshot, self.keys)
                if reason is None:
                    trusted.append(snapshot)
                    continue
                self.refused += 1
                log.error(
                    "TAMPER ALARM: snapshot of %s at version %s refused, %s; rebuilt from events",
                    snapshot.originator_id,
                    snapshot.originator_version,
                    reason,
                )
        return trusted
