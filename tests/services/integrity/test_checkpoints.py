"""Checkpoints: signed outside the database, verified before they are believed, kept across keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import Result

from services.config import Settings
from services.integrity import checkpoints, wiring
from services.integrity.wiring import CheckpointWriter
from services.registry import Registry
from tests.services.integrity.conftest import found_cells
from tests.services.integrity.test_tamper_detection import found_cells_more

Sodang = Callable[..., Result]


def newest(settings: Settings) -> Path:
    return max(settings.witness_dir.glob("*.checkpoint"))


def test_a_checkpoint_is_a_signed_note_of_the_tree_head(
    sealed: Registry, sodang: Sodang, settings: Settings
) -> None:
    result = sodang("checkpoint")

    assert result.exit_code == 0, result.output
    checkpoint = checkpoints.read(newest(settings), settings)
    head = sealed_head(sealed)
    assert (checkpoint.size, checkpoint.root, checkpoint.position) == (
        head.size,
        head.root,
        head.position,
    )
    assert checkpoint.origin == "sodang/sodang-test"
    assert (settings.signing_key_file.stat().st_mode & 0o777) == 0o600


def sealed_head(registry: Registry) -> checkpoints.TreeHead:
    from services.integrity.wiring import current_head

    return current_head(registry)


def test_a_checkpoint_with_a_forged_root_is_refused(
    sealed: Registry, sodang: Sodang, settings: Settings, tmp_path: Path
) -> None:
    assert sodang("checkpoint").exit_code == 0
    text = newest(settings).read_text().split("\n")
    text[2] = "A" * 43 + "="  # another root, the signature left as it was
    forged = tmp_path / "forged.checkpoint"
    forged.write_text("\n".join(text))

    result = sodang("verify", "--against", str(forged))

    assert result.exit_code == 1
    assert "signature does not verify" in result.output


def test_checkpoints_signed_before_a_key_rotation_still_verify(
    sealed: Registry, sodang: Sodang, settings: Settings
) -> None:
    assert sodang("checkpoint").exit_code == 0
    before = newest(settings)
    old_key = settings.signing_key_file.read_bytes()

    rotated = sodang("checkpoint", "--rotate-key")
    found_cells_more(sealed)

    assert rotated.exit_code == 0, rotated.output
    assert settings.signing_key_file.read_bytes() != old_key
    assert len((settings.witness_dir / "keys").read_text().split()) == 2
    result = sodang("verify", "--against", str(before))
    assert result.exit_code == 0, result.output


def test_an_event_is_proven_included_in_a_checkpointed_tree(
    sealed: Registry, sodang: Sodang, settings: Settings
) -> None:
    assert sodang("checkpoint").exit_code == 0
    checkpoint = newest(settings)
    found_cells_more(sealed)  # the log grows past the checkpoint

    result = sodang("verify", "--against", str(checkpoint), "--prove", "3")

    assert result.exit_code == 0, result.output
    assert "position 3: leaf 2 of " in result.output
    assert "inclusion proven against root" in result.output
    assert checkpoints.read(checkpoint, settings).root.hex() in result.output


def test_workers_starting_together_share_one_signing_key(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from cryptography.hazmat.primitives import serialization

    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
        signing_key_file=tmp_path / "keys" / "signing.key",
        witness_dir=tmp_path / "witness",
    )
    start = Barrier(8)

    def worker(_: int) -> bytes:
        start.wait()
        key = checkpoints.ensure_key(settings)
        return key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    with ThreadPoolExecutor(8) as pool:
        publics = set(pool.map(worker, range(8)))

    assert len(publics) == 1  # every worker signs with the key on disk
    assert [p.name for p in (tmp_path / "keys").iterdir()] == ["signing.key"]
    assert len((settings.witness_dir / "keys").read_text().split("\n")) <= 2


def head_of(size: int) -> checkpoints.TreeHead:
    return checkpoints.TreeHead(size=size, position=size, root=bytes(32))


def checkpoint_of(size: int, time: datetime) -> checkpoints.Checkpoint:
    return checkpoints.Checkpoint("sodang/x", size, bytes(32), size, time, "x")


def test_a_checkpoint_is_due_every_n_events_and_daily_while_the_log_grows() -> None:
    noon = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    last = checkpoint_of(1010, noon)

    assert checkpoints.due(None, head_of(0), 1000, noon) is False  # nothing to sign
    assert checkpoints.due(None, head_of(1), 1000, noon) is True  # the first one
    assert checkpoints.due(last, head_of(1999), 1000, noon + timedelta(hours=23)) is False
    assert checkpoints.due(last, head_of(2000), 1000, noon) is True  # the next thousand
    assert checkpoints.due(last, head_of(1011), 1000, noon + timedelta(days=1)) is True  # a day
    assert checkpoints.due(last, head_of(1010), 1000, noon + timedelta(days=3)) is False  # idle


def test_verify_refuses_the_checkpoint_of_another_deployment(
    sealed: Registry, sodang: Sodang, settings: Settings, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    assert sodang("checkpoint").exit_code == 0
    # Two provinces share one witness directory (the second machine): both keys are trusted.
    other = replace(settings, deployment="sodang-other-province")
    key = Ed25519PrivateKey.generate()
    checkpoints.publish_key(other, key.public_key())
    text = checkpoints.sign(other, key, sealed_head(sealed), datetime.now(UTC))
    theirs = tmp_path / "other.checkpoint"
    theirs.write_text(text)

    result = sodang("verify", "--against", str(theirs))

    assert result.exit_code == 2, result.output  # a usage error: not a sign of tampering
    assert "is a checkpoint of sodang/sodang-other-province, not of sodang/sodang-test" in (
        result.output
    )
    assert "TAMPERED" not in result.output


def test_a_witness_directory_shared_with_another_province_proves_only_its_own_log(
    sealed: Registry, sodang: Sodang, settings: Settings
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    assert sodang("checkpoint").exit_code == 0
    mine = checkpoints.latest(settings)
    # Another province's larger log, witnessed in the same directory with its own trusted key.
    other = replace(settings, deployment="sodang-other-province")
    key = Ed25519PrivateKey.generate()
    checkpoints.publish_key(other, key.public_key())
    head = sealed_head(sealed)
    bigger = checkpoints.TreeHead(
        size=head.size + 1000, position=head.position + 1000, root=b"\x01" * 32
    )
    text = checkpoints.sign(other, key, bigger, datetime.now(UTC))
    (settings.witness_dir / f"{bigger.size:012d}-20990101T000000Z.checkpoint").write_text(text)

    assert checkpoints.latest(settings) == mine
    assert {c.origin for c in checkpoints.witnessed(settings)} == {"sodang/sodang-test"}
    assert [c.origin for c in checkpoints.witnessed(other)] == ["sodang/sodang-other-province"]
    result = sodang("verify")
    assert result.exit_code == 0, result.output  # not "events after position ... were cut"


def test_saves_write_a_checkpoint_at_every_nth_event_without_reading_the_head_between(
    settings: Settings, open_registry: Callable[[Settings], Registry]
) -> None:
    registry = open_registry(replace(settings, checkpoint_every=5))
    writer = next(c for c in registry.on_saved if isinstance(c, CheckpointWriter))
    found_cells(registry, 1)  # a province and a cell: the first checkpoint
    first = writer.last
    assert first is not None
    reads: list[int] = []
    saves: list[int] = []
    registry.on_saved.append(saves.append)
    counted = wiring.current_head

    def counting(registry: Registry, position: int | None = None) -> checkpoints.TreeHead:
        reads.append(registry.max_position())
        return counted(registry, position)

    wiring.current_head = counting  # type: ignore[assignment]
    try:
        found_cells_more(registry)  # five more cells, an event or two each
    finally:
        wiring.current_head = counted  # type: ignore[assignment]

    paths = settings.witness_dir.glob("*.checkpoint")
    signed = sorted(checkpoints.read(p, settings).size for p in paths)
    head = sealed_head(registry)
    assert [size // 5 for size in signed] == sorted({size // 5 for size in signed})
    assert signed[-1] // 5 == head.size // 5  # every multiple of five crossed was signed
    assert len(reads) < len(saves)  # not one head read per save
