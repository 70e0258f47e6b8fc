"""Proofs from the sealed leaves: subtree hashes (MTH) and RFC 6962 inclusion proofs.

Computed from the nodes stored in `log_leaves` (services/integrity/leaves.py) where a range is
aligned, so a proof reads O(log n) rows; `sodang verify --prove` and the consistency check of a
checkpoint (verify.py) use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.integrity.leaves import LEAVES_TABLE, Dialect, TamperAlarm
from services.integrity.merkle import inclusion_proof, node_hash


def subtree_hash(cursor: Any, dialect: Dialect, start: int, end: int) -> bytes:
    """MTH of the sealed leaves [start, end), from stored nodes where the range allows."""
    size = end - start
    if size & (size - 1) == 0 and start % size == 0:
        return _aligned(cursor, dialect, start, size)
    split = 1 << ((size - 1).bit_length() - 1)
    return node_hash(
        subtree_hash(cursor, dialect, start, start + split),
        subtree_hash(cursor, dialect, start + split, end),
    )


def _aligned(cursor: Any, dialect: Dialect, start: int, size: int) -> bytes:
    # The node stored at the range's last leaf covers it exactly unless that leaf closes a larger
    # block; then the range is its left half (a stored node) and a smaller range on its right.
    last = start + size - 1
    cursor.execute(f"SELECT leaf, node FROM {LEAVES_TABLE} WHERE tree_index = {dialect.p}", (last,))
    found = cursor.fetchone()
    if found is None:
        raise TamperAlarm(f"sealed leaf {last} is missing")
    if size == 1:
        return bytes(found["leaf"])
    trailing = (~last & (last + 1)).bit_length() - 1
    if 1 << trailing == size:
        return bytes(found["node"])
    half = size // 2
    return node_hash(
        _aligned(cursor, dialect, start, half), _aligned(cursor, dialect, start + half, half)
    )


@dataclass(frozen=True)
class InclusionProof:
    """RFC 6962 audit path of one event in the tree of `size` leaves."""

    position: int
    tree_index: int
    size: int
    leaf: bytes
    path: list[bytes]


def prove(cursor: Any, dialect: Dialect, position: int, size: int) -> InclusionProof | None:
    """The inclusion proof of the event at log `position` in the sealed tree of `size` leaves."""
    cursor.execute(
        f"SELECT tree_index, leaf FROM {LEAVES_TABLE} WHERE position = {dialect.p}", (position,)
    )
    found = cursor.fetchone()
    if found is None or int(found["tree_index"]) >= size:
        return None
    index = int(found["tree_index"])
    path = inclusion_proof(index, size, lambda a, b: subtree_hash(cursor, dialect, a, b))
    return InclusionProof(position, index, size, bytes(found["leaf"]), path)
