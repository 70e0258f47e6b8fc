"""Encryption at rest bound to its row: a ciphertext moved to another row does not decrypt.

The library's cipher encrypts each event's state with AES-GCM but with no associated data, so
a state copied from one row onto another (another member's stream, another version, the
snapshot table) decrypts as if it belonged there (eventsourcing-notes §7). This mapper
encrypts the state itself, with the row's stream id, version and topic as the associated
data: any such move, like any altered byte, fails to decrypt, and the error names the row.

Rows written before this mapper (the library's nonce + tag + ciphertext, no associated data)
still decrypt with the same key; new rows carry FORMAT as an 8-byte prefix, which an old row
begins with by chance once in 2**64.
"""

from __future__ import annotations

import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Cipher,
    Compressor,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
)

FORMAT = b"sdg-aad1"
NONCE = 12


class RowBindingError(MapperDeserialisationError):
    """A stored state does not decrypt as its row: moved from another row, altered, or a wrong key."""


def associated_data(originator_id: Any, version: int, topic: str) -> bytes:
    """What a ciphertext is bound to: its stream, its version and its kind of event."""
    return b"\x00".join(
        [FORMAT, str(originator_id).encode(), str(version).encode(), topic.encode()]
    )


class RowBoundMapper(Mapper[Any]):
    """The library's mapper with the encryption moved here, where the row is known."""

    def __init__(
        self,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        # The base class then only transcodes (and compresses); encryption is done below.
        super().__init__(transcoder, compressor=compressor, cipher=None)
        self.legacy_cipher = cipher
        key = getattr(cipher, "key", None) if cipher is not None else None
        if cipher is not None and not isinstance(key, bytes):
            raise TypeError(f"{type(cipher).__name__} exposes no AES key for row binding")
        self.aead = AESGCM(key) if isinstance(key, bytes) else None

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        if self.aead is None:
            return stored
        nonce = os.urandom(NONCE)
        aad = associated_data(stored.originator_id, stored.originator_version, stored.topic)
        sealed = FORMAT + nonce + self.aead.encrypt(nonce, stored.state, aad)
        return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, sealed)

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[Any]:
        if self.aead is None:
            return super().to_domain_event(stored_event)
        plain = StoredEvent(
            stored_event.originator_id,
            stored_event.originator_version,
            stored_event.topic,
            self.decrypt(stored_event),
        )
        return super().to_domain_event(plain)

    def decrypt(self, stored: StoredEvent) -> bytes:
        """The row's plaintext state; refuses a state that was not encrypted for this row."""
        state = bytes(stored.state)
        try:
            if not state.startswith(FORMAT):
                assert self.legacy_cipher is not None
                return self.legacy_cipher.decrypt(state)
            nonce = state[len(FORMAT) : len(FORMAT) + NONCE]
            aad = associated_data(stored.originator_id, stored.originator_version, stored.topic)
            return self.aead.decrypt(nonce, state[len(FORMAT) + NONCE :], aad)  # type: ignore[union-attr]
        except (InvalidTag, ValueError) as error:
            # Names the row, never its content (which is exactly what cannot be trusted here).
            raise RowBindingError(
                f"the stored state of stream {stored.originator_id} version "
                f"{stored.originator_version} ({stored.topic}) does not decrypt as that row: "
                "it was copied from another row or altered, or the key is wrong"
            ) from error
