"""RFC 6962 hashing and proofs against the Certificate Transparency reference vectors.

The vectors are those published by transparency-dev/merkle (testonly/constants.go): eight
leaves, the tree head at each size, and a few inclusion and consistency proofs.
"""

from __future__ import annotations

import pytest

from services.integrity.merkle import (
    EMPTY_ROOT,
    Frontier,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_from_inclusion,
    tree_root,
    verify_consistency,
)

LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
CONSISTENCY = [
    (
        2,
        8,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
HASHED = [leaf_hash(data) for data in LEAVES]


def mth(start: int, end: int) -> bytes:
    return tree_root(HASHED[start:end])


def test_tree_heads_match_the_reference_at_every_size() -> None:
    assert ROOTS[0] == EMPTY_ROOT
    assert [tree_root(HASHED[:n]) for n in range(9)] == ROOTS


def test_appending_through_the_frontier_gives_the_reference_heads() -> None:
    frontier = Frontier()

    roots = [frontier.append(leaf)[1] for leaf in HASHED]

    assert roots == ROOTS[1:]


def test_frontier_restarts_from_stored_nodes() -> None:
    grown = Frontier()
    nodes = [grown.append(leaf)[0] for leaf in HASHED[:6]]
    # size 6 = 4 + 2: the nodes of leaves 3 and 5 are the frontier.
    restarted = Frontier(6, [nodes[3], nodes[5]])

    restarted.append(HASHED[6])

    assert restarted.append(HASHED[7])[1] == ROOTS[8]


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION)
def test_inclusion_proofs_match_the_reference(index: int, size: int, expected: list[str]) -> None:
    proof = inclusion_proof(index, size, mth)

    assert [p.hex() for p in proof] == expected
    assert root_from_inclusion(index, size, HASHED[index], proof) == ROOTS[size]


@pytest.mark.parametrize(("old", "new", "expected"), CONSISTENCY)
def test_consistency_proofs_match_the_reference(old: int, new: int, expected: list[str]) -> None:
    proof = consistency_proof(old, new, mth)

    assert [p.hex() for p in proof] == expected
    assert verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


def test_every_proof_of_a_larger_tree_verifies_and_a_changed_one_does_not() -> None:
    leaves = [leaf_hash(bytes([i, i * 7 % 256])) for i in range(40)]
    roots = [tree_root(leaves[:n]) for n in range(41)]

    def rng(start: int, end: int) -> bytes:
        return tree_root(leaves[start:end])

    for size in range(1, 41):
        for index in range(size):
            proof = inclusion_proof(index, size, rng)
            assert root_from_inclusion(index, size, leaves[index], proof) == roots[size]
        for old in range(1, size + 1):
            proof = consistency_proof(old, size, rng)
            assert verify_consistency(old, size, roots[old], roots[size], proof)
            if proof:
                bent = [bytes([proof[0][0] ^ 1]) + proof[0][1:], *proof[1:]]
                assert not verify_consistency(old, size, roots[old], roots[size], bent)
                assert not verify_consistency(old, size, roots[old - 1], roots[size], proof)
