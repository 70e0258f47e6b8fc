"""Roll entries are typed records in the aggregates; their snapshots, old and new, load and verify."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from click.testing import Result

from domain.roll.history import Entry
from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef
from tests import writes

CLERK = "clerk@test"


def admit_one(registry: Registry, org: str, make_profile: Callable[..., Any]) -> Any:
    command = Admit(
        MemberRef(profile=make_profile()), date(2020, 3, 10), Decision("01-QĐ/ĐU", date(2020, 3, 1))
    )
    return writes.admit(registry, org, command, CLERK)


def put_old_style_snapshot(registry: Registry, aggregate: Any, version: int = 1) -> None:
    """A snapshot as written before entries were records (version 1: entries as dicts, no class
    version) or before an organization kept them in a ledger (version 2: a list of records)."""
    taken = type(aggregate).Snapshot.take(aggregate)
    state = dict(taken.state)
    state.pop("class_version")
    state.pop("roll", None)
    if version == 1:
        state["entries"] = [entry.to_dict() for entry in aggregate.entries]
    else:
        state["entries"], state["class_version"] = list(aggregate.entries), version
    assert registry.snapshots is not None
    registry.snapshots.put([with_state(taken, state)])


def with_state(taken: Any, state: dict[str, Any]) -> Any:
    """The snapshot `taken` with another state (an older shape, or an insider's edit)."""
    return type(taken)(
        originator_id=taken.originator_id,
        originator_version=taken.originator_version,
        timestamp=taken.timestamp,
        topic=taken.topic,
        state=state,
    )


def test_a_snapshot_keeps_the_roll_entries_as_records_and_verifies(
    registry: Registry,
    province: Any,
    make_profile: Callable[..., Any],
    sodang: Callable[..., Result],
) -> None:
    receipt = admit_one(registry, province.cell, make_profile)
    before = registry.get_organization(province.cell).entries

    registry.take_snapshot(registry.ids.organization(province.cell))
    registry.take_snapshot(receipt.member_id)
    registry.forget_cached()  # read from the snapshots, as a process opening them would

    org = registry.get_organization(province.cell)
    member = registry.get_member(receipt.member_id)
    assert registry.snapshots.refused == 0  # type: ignore[union-attr]
    assert all(isinstance(e, Entry) for e in [*org.entries, *member.entries])
    assert org.entries == before
    assert member.entries[0].event_id == receipt.event_id
    assert org.roll_on(date(2026, 1, 1)) == {receipt.member_id}
    result = sodang("verify")
    assert result.exit_code == 0, result.output
    assert "2 snapshots" in result.output


def test_a_snapshot_written_when_entries_were_dicts_still_loads_as_records(
    registry: Registry,
    province: Any,
    make_profile: Callable[..., Any],
    sodang: Callable[..., Result],
) -> None:
    receipt = admit_one(registry, province.cell, make_profile)
    org = registry.get_organization(province.cell)
    member = registry.get_member(receipt.member_id)
    put_old_style_snapshot(registry, org)
    put_old_style_snapshot(registry, member)
    registry.forget_cached()  # read from the snapshots, as a process opening them would

    loaded_org = registry.get_organization(province.cell)
    loaded_member = registry.get_member(receipt.member_id)

    assert registry.snapshots.refused == 0  # type: ignore[union-attr]
    assert [type(e) for e in loaded_org.entries] == [Entry]
    assert loaded_org.entries == org.entries
    assert loaded_member.entries == member.entries
    assert loaded_member.status_on(date(2020, 3, 10)) == member.status_on(date(2020, 3, 10))
    result = sodang("verify")
    assert result.exit_code == 0, result.output


def test_an_entry_reads_as_its_old_dict_and_back() -> None:
    from datetime import UTC, datetime
    from uuid import uuid4

    old = {
        "decision_no": "01-QĐ/ĐU",
        "member": {"full_name": "Nguyễn Văn Thử"},
        "event_id": uuid4(),
        "type": "admitted",
        "org": "T01.CB01",
        "member_id": uuid4(),
        "effective_on": date(2020, 3, 10),
        "recorded_at": datetime(2020, 3, 11, tzinfo=UTC),
        "recorded_by": CLERK,
    }

    entry = Entry.from_dict(old)

    assert entry.effective_on == date(2020, 3, 10) and entry.details["decision_no"] == "01-QĐ/ĐU"
    assert entry.member == {"full_name": "Nguyễn Văn Thử"}
    assert entry.to_dict() == old and entry == old
    assert entry.get("to") is None and "seq" not in entry


def test_a_snapshot_written_when_an_organization_kept_its_entries_in_a_list_still_loads(
    registry: Registry,
    province: Any,
    make_profile: Callable[..., Any],
    sodang: Callable[..., Result],
) -> None:
    receipt = admit_one(registry, province.cell, make_profile)
    org = registry.get_organization(province.cell)
    put_old_style_snapshot(registry, org, version=2)
    registry.forget_cached()

    loaded = registry.get_organization(province.cell)
    later = admit_one(registry, province.cell, make_profile)

    assert registry.snapshots.refused == 0  # type: ignore[union-attr]
    assert loaded.entries == org.entries
    assert loaded.roll_after_reorganization(date(2025, 7, 1)) == {receipt.member_id}
    assert registry.get_organization(province.cell).roll_on(date(2026, 1, 1)) == {
        receipt.member_id,
        later.member_id,
    }
    result = sodang("verify")
    assert result.exit_code == 0, result.output
