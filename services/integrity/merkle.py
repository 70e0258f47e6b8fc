"""RFC 6962 (Certificate Transparency) Merkle tree hashing, proofs and their verification.

Pure functions over hashes, no database. Leaves are SHA-256(0x00 || data), interior nodes
SHA-256(0x01 || left || right); the tree of n leaves splits at the largest power of two below n.

Appending is O(log n) with a "compact range": for each leaf we keep one extra hash, its
*node*, the root of the largest aligned perfect subtree that ends at that leaf. The frontier of a
tree of size n (the roots of its perfect subtrees, left to right) is then the nodes of the leaves
that end each power-of-two block of n's binary decomposition, and the root is their right fold.
No library on PyPI fitted (young, single-author packages); the algorithms below follow RFC 9162
§2.1 and are checked against the RFC 6962 test vectors of transparency-dev/merkle.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def frontier_ends(size: int) -> list[int]:
    """Indexes of the leaves whose nodes form the frontier of a tree of `size` leaves."""
    ends: list[int] = []
    start = 0
    for bit in reversed(range(size.bit_length())):
        if size & (1 << bit):
            start += 1 << bit
            ends.append(start - 1)
    return ends


def root_of_frontier(frontier: Sequence[bytes]) -> bytes:
    """The tree head from the frontier's perfect-subtree roots (largest first)."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for subtree in reversed(frontier[:-1]):
        root = node_hash(subtree, root)
    return root


class Frontier:
    """The right edge of a growing tree: append a leaf hash, get its node and the new root."""

    def __init__(self, size: int = 0, nodes: Sequence[bytes] = ()) -> None:
        if len(nodes) != bin(size).count("1"):
            raise ValueError(f"a tree of {size} leaves has {bin(size).count('1')} frontier nodes")
        self.size = size
        self.nodes = list(nodes)

    def append(self, leaf: bytes) -> tuple[bytes, bytes]:
        """Add a leaf; returns (node of the new leaf, root of the grown tree)."""
        node = leaf
        index = self.size
        # Each trailing one bit of the index closes a perfect subtree with the one on its left.
        while index & 1:
            node = node_hash(self.nodes.pop(), node)
            index >>= 1
        self.nodes.append(node)
        self.size += 1
        return node, root_of_frontier(self.nodes)


def tree_root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of already-hashed leaves, straight from the definition (tests, small trees)."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    split = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(tree_root(leaves[:split]), tree_root(leaves[split:]))


# -- proofs -----------------------------------------------------------------------------------

# (start, end) -> MTH of leaves [start, end); the caller decides where the hashes come from.
RangeHash = Callable[[int, int], bytes]


def inclusion_proof(index: int, size: int, mth: RangeHash) -> list[bytes]:
    """PATH(m, D[n]) of RFC 6962 §2.1.1 for leaf `index` in a tree of `size` leaves."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    return _path(index, 0, size, mth)


def _path(m: int, start: int, end: int, mth: RangeHash) -> list[bytes]:
    n = end - start
    if n == 1:
        return []
    k = 1 << ((n - 1).bit_length() - 1)
    if m < k:
        return [*_path(m, start, start + k, mth), mth(start + k, end)]
    return [*_path(m - k, start + k, end, mth), mth(start, start + k)]


def consistency_proof(old_size: int, size: int, mth: RangeHash) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 6962 §2.1.2 from a tree of `old_size` leaves to one of `size`."""
    if not 0 < old_size <= size:
        raise ValueError(f"no consistency proof from {old_size} to {size}")
    return _subproof(old_size, 0, size, True, mth)


def _subproof(m: int, start: int, end: int, complete: bool, mth: RangeHash) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if complete else [mth(start, end)]
    k = 1 << ((n - 1).bit_length() - 1)
    if m <= k:
        return [*_subproof(m, start, start + k, complete, mth), mth(start + k, end)]
    return [*_subproof(m - k, start + k, end, False, mth), mth(start, start + k)]


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that `proof` implies for `leaf` at `index` (RFC 9162 §2.1.3.2)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ValueError("inclusion proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("inclusion proof too short")
    return r


def verify_consistency(
    old_size: int, size: int, old_root: bytes, root: bytes, proof: Sequence[bytes]
) -> bool:
    """Does `proof` show that the tree (size, root) extends (old_size, old_root)? RFC 9162 §2.1.4.2."""
    if old_size == size:
        return old_root == root and not proof
    if old_size == 0 or old_size > size or not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is itself a node
        path.insert(0, old_root)
    fn, sn = old_size - 1, size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == root
