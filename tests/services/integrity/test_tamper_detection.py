"""`sodang verify` catches each attack of issue 10 item 6, on SQLite and on PostgreSQL.

Every test starts from an intact sealed log (verify exits 0), lets an insider with the
database's credentials change it one way, and expects exit 1 naming the first bad position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

import pytest
from click.testing import Result

from services.config import Settings
from services.integrity.db import dialect, writing
from services.integrity.leaves import LEAVES_TABLE, seal
from services.registry import Registry
from tests import writes
from tests.services.integrity.conftest import Insider, cli_for, forged, found_cells

Sodang = Callable[..., Result]


def assert_intact(sodang: Sodang) -> None:
    result = sodang("verify")
    assert result.exit_code == 0, result.output
    assert "log intact" in result.output


def assert_tampered_at(sodang: Sodang, position: int) -> Result:
    result = sodang("verify")
    assert result.exit_code == 1, result.output
    assert f"first bad position {position}:" in result.output
    return result


def without_triggers(insider: Insider, *verbs: str) -> None:
    """SQLite: DROP the triggers; PostgreSQL: ALTER TABLE ... DISABLE them."""
    table = insider.events
    if insider.dialect == "sqlite":
        for verb in verbs:
            insider.execute(f"DROP TRIGGER sodang_{table}_no_{verb}")
    else:
        insider.execute(f"ALTER TABLE {table} DISABLE TRIGGER sodang_events_immutable")


def test_payload_rewritten_with_the_triggers_in_place_is_named(
    sealed: Registry, insider: Insider, sodang: Sodang
) -> None:
    assert_intact(sodang)
    target = insider.middle()

    if insider.dialect == "sqlite":
        # REPLACE deletes the old row without firing the DELETE trigger.
        insider.execute(
            "INSERT OR REPLACE INTO stored_events (rowid, originator_id, originator_version, "
            "topic, state) VALUES (?, ?, ?, ?, ?)",
            (
                target.position,
                target.originator_id,
                target.version,
                target.topic,
                forged(target.state),
            ),
        )
    else:
        insider.update_as_replica(target.position, forged(target.state))

    assert insider.row(target.position).state != target.state
    result = assert_tampered_at(sodang, target.position)
    assert "rewritten" in result.output


@pytest.mark.backend("sqlite")
def test_insert_or_replace_under_a_new_position_is_named(
    sealed: Registry, insider: Insider, sodang: Sodang
) -> None:
    target = insider.middle()

    insider.execute(
        "INSERT OR REPLACE INTO stored_events (originator_id, originator_version, topic, state) "
        "VALUES (?, ?, ?, ?)",
        (target.originator_id, target.version, target.topic, forged(target.state)),
    )

    result = assert_tampered_at(sodang, target.position)
    assert "deleted" in result.output and "not sealed" in result.output


def test_update_after_the_trigger_is_dropped_or_disabled_is_named(
    sealed: Registry, insider: Insider, sodang: Sodang
) -> None:
    target = insider.middle()

    without_triggers(insider, "update")
    insider.set_state(target.position, forged(target.state))

    assert_tampered_at(sodang, target.position)


def test_delete_after_the_trigger_is_dropped_or_disabled_is_named(
    sealed: Registry, insider: Insider, sodang: Sodang
) -> None:
    target = insider.middle()

    without_triggers(insider, "delete")
    insider.execute(
        f"DELETE FROM {insider.events} WHERE {insider.position} = {insider.p}", (target.position,)
    )

    result = assert_tampered_at(sodang, target.position)
    assert "deleted" in result.output


def test_truncated_tail_is_named(sealed: Registry, insider: Insider, sodang: Sodang) -> None:
    rows = insider.rows()
    first_cut = rows[-3].position

    without_triggers(insider, "delete")
    insider.execute(
        f"DELETE FROM {insider.events} WHERE {insider.position} >= {insider.p}", (first_cut,)
    )

    assert_tampered_at(sodang, first_cut)


def test_tail_cut_with_its_seals_is_caught_by_the_witnessed_checkpoint(
    sealed: Registry, insider: Insider, sodang: Sodang
) -> None:
    assert sodang("checkpoint").exit_code == 0
    rows = insider.rows()
    first_cut = rows[-3].position

    without_triggers(insider, "delete")
    if insider.dialect == "sqlite":
        insider.execute(f"DROP TRIGGER sodang_{LEAVES_TABLE}_no_delete")
    else:
        insider.execute(f"ALTER TABLE {LEAVES_TABLE} DISABLE TRIGGER sodang_events_immutable")
    insider.execute(
        f"DELETE FROM {insider.events} WHERE {insider.position} >= {insider.p}", (first_cut,)
    )
    insider.execute(f"DELETE FROM {LEAVES_TABLE} WHERE position >= {insider.p}", (first_cut,))

    result = sodang("verify")
    assert result.exit_code == 1, result.output
    assert "fewer than" in result.output
    assert f"events after position {rows[-4].position} were cut" in result.output


def test_two_payloads_swapped_are_named(sealed: Registry, insider: Insider, sodang: Sodang) -> None:
    rows = insider.rows()
    # Two foundings of cells: same topic, so the swap reads as plausible events.
    topic = rows[-1].topic
    first, second = [r for r in rows if r.topic == topic][-4:-2]

    without_triggers(insider, "update")
    insider.set_state(first.position, second.state)
    insider.set_state(second.position, first.state)

    assert_tampered_at(sodang, first.position)


def test_encrypted_payload_copied_from_another_row_is_named(
    cipher_settings: Settings,
    open_registry: Callable[[Settings], Registry],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found_cells(open_registry(cipher_settings))
    sodang = cli_for(cipher_settings, monkeypatch)
    insider = Insider(cipher_settings)
    try:
        assert_intact(sodang)
        rows = insider.rows()
        topic = rows[-1].topic
        source, target = [r for r in rows if r.topic == topic][-2:]
        assert b"Chi b" not in target.state  # ciphertext at rest

        without_triggers(insider, "update")
        insider.set_state(target.position, source.state)

        assert_tampered_at(sodang, target.position)
    finally:
        insider.close()


def test_log_rewritten_with_its_seals_recomputed_fails_only_against_the_checkpoint(
    sealed: Registry, insider: Insider, sodang: Sodang, settings: Settings, tmp_path
) -> None:
    assert sodang("checkpoint").exit_code == 0
    checkpoint = max(settings.witness_dir.glob("*.checkpoint"))
    assert sodang("verify", "--against", str(checkpoint)).exit_code == 0
    target = insider.middle()

    # The careful insider: rewrite a checkpointed event, then rebuild every seal to match.
    without_triggers(insider, "update")
    insider.set_state(target.position, forged(target.state))
    if insider.dialect == "sqlite":
        insider.execute(f"DROP TRIGGER sodang_{LEAVES_TABLE}_no_delete")
    else:
        insider.execute(f"ALTER TABLE {LEAVES_TABLE} DISABLE TRIGGER sodang_events_immutable")
    insider.execute(f"DELETE FROM {LEAVES_TABLE}")
    with writing(settings) as cursor:
        seal(cursor, dialect(settings), [])

    assert sodang("verify", "--no-witness").exit_code == 0  # consistent with itself
    result = sodang("verify", "--no-witness", "--against", str(checkpoint))
    assert result.exit_code == 1, result.output
    assert "does not extend checkpoint" in result.output
    assert sodang("verify").exit_code == 1  # the witness directory holds the same checkpoint


def test_verify_passes_on_an_intact_log_and_after_more_saves(
    sealed: Registry, sodang: Sodang, settings: Settings
) -> None:
    assert sodang("checkpoint").exit_code == 0
    checkpoint = max(settings.witness_dir.glob("*.checkpoint"))

    found_cells_more(sealed)

    result = sodang("verify", "--against", str(checkpoint))
    assert result.exit_code == 0, result.output
    assert "rows/s" in result.output


def found_cells_more(registry: Registry) -> None:
    from datetime import date

    from domain.roll.values import OrgKind

    for n in range(20, 25):
        writes.found_organization(
            registry,
            f"T01.CB{n}",
            f"Chi bộ thôn {n}",
            OrgKind.GRASSROOTS_CELL,
            "T01",
            date(2001, 1, 1),
            "clerk",
        )


def test_checkpoints_are_written_every_n_events(
    settings: Settings, open_registry: Callable[[Settings], Registry]
) -> None:
    registry = open_registry(replace(settings, checkpoint_every=5))

    found_cells(registry)

    written = sorted(settings.witness_dir.glob("*.checkpoint"))
    sizes = [int(p.name.split("-")[0]) for p in written]
    assert len(written) >= 3
    assert all(b // 5 > a // 5 for a, b in pairwise(sizes))
