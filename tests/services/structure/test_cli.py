"""`verify-structure` and `reorg` from the command line (click's CliRunner, both databases)."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from domain.roll.organization import Organization
from services.cli import reorg_cmd, verify_cmd
from services.structure.reorganization import check_structure
from tests import writes
from tests.services.structure.conftest import BY, D

DECISION = ["--on", "2025-07-01", "--decision-no", "12-QĐ/TU", "--decided-by", "T01"]


@pytest.fixture
def run(settings, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Runs a click command against the test database."""
    monkeypatch.setenv("SODANG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SODANG_DEPLOYMENT", settings.deployment)
    runner = CliRunner()
    return lambda command, *args: runner.invoke(command, list(args), catch_exceptions=False)


def forge_an_ending(registry, code: str) -> None:
    """Test-only path: store an Ended event without its guards, as a buggy writer would,
    leaving the cell's members on a roll that no longer exists."""
    org = registry.get_organization(code)
    org.trigger_event(
        Organization.Ended,
        how="merged",
        successors=["T01.H01.DU01.CB02"],
        effective_on=D,
        decision_no=None,
        decision_on=None,
        decided_by=None,
        recorded_by="forger",
        timestamp=registry.clock(),
    )
    registry.save(org)


def test_verify_structure_says_when_there_is_nothing_to_check(run, tree):
    result = run(verify_cmd.command)

    assert result.exit_code == 0
    assert "No reorganization" in result.output


def test_verify_structure_passes_after_a_merge_made_from_the_command_line(run, tree):
    merged = run(reorg_cmd.command, "merge", tree.cell, "--into", tree.other_cell, *DECISION)

    result = run(verify_cmd.command)

    assert merged.exit_code == 0, merged.output
    assert "carried  3 member(s) to T01.H01.DU01.CB02" in merged.output
    assert result.exit_code == 0, result.output
    assert "2025-07-01  T01.H01.DU01: 5 on 2025-06-30, 5 once reorganized" in result.output
    assert "All 1 reorganization day(s) balance." in result.output


def test_verify_structure_fails_on_a_forged_imbalance(run, registry, tree):
    forge_an_ending(registry, tree.cell)

    result = run(verify_cmd.command, tree.province, "--on", "2025-07-01")

    assert result.exit_code == 1
    assert "LỆCH (imbalance): 3 lost" in result.output
    (check,) = check_structure(registry)
    assert (check.before, check.after, check.lost, check.balanced) == (5, 2, 3, False)


def test_a_forged_carry_in_shows_a_member_on_two_rolls(registry, tree):
    member = tree.members[tree.cell][0]
    org = registry.get_organization(tree.second_cell)
    org.carry_in(
        event_id=member,
        member_id=member,
        source=tree.cell,
        pair=member,
        on=D,
        today=registry.today(),
        how="merged",
        decision={"decision_no": None, "decision_on": None, "decided_by": None},
        recorded_by="forger",
        timestamp=registry.clock(),
    )
    registry.save(org)  # the member's own stream is not told: a half-written carry

    (check,) = check_structure(registry)

    assert (check.gained, check.on_two_rolls, check.balanced) == (0, 1, False)


def test_verify_structure_refuses_a_malformed_day(run, tree):
    result = run(verify_cmd.command, "--on", "1/7/2025")

    assert result.exit_code == 2


def test_a_refused_decision_names_its_rule_and_stores_nothing(run, registry, tree):
    before = registry.max_position()

    result = run(reorg_cmd.command, "dissolve", tree.cell, *DECISION)

    assert result.exit_code == 1
    assert "refused by rule roll_not_empty" in result.output
    assert registry.max_position() == before


def test_lineage_is_shown_from_the_command_line(run, tree):
    run(reorg_cmd.command, "merge", tree.cell, "--into", tree.other_cell, *DECISION)

    result = run(reorg_cmd.command, "lineage", tree.other_cell)

    assert result.exit_code == 0
    assert "T01.H01.DU01.CB01  2025-07-01  merged" in result.output


def test_the_command_line_follows_the_lineage_to_the_end_with_all(run, tree):
    run(reorg_cmd.command, "merge", tree.cell, "--into", tree.other_cell, *DECISION)
    later = ["--on", "2025-09-01", "--decision-no", "13-QĐ/TU", "--decided-by", "T01"]
    run(reorg_cmd.command, "merge", tree.other_cell, "--into", tree.second_cell, *later)

    direct = run(reorg_cmd.command, "lineage", tree.cell)
    followed = run(reorg_cmd.command, "lineage", tree.cell, "--all")

    assert f"{tree.second_cell}  2025-09-01" not in direct.output
    assert followed.output.splitlines()[1:] == [
        f"  thành (into) {tree.other_cell}  2025-07-01  merged",
        f"  thành (into) {tree.second_cell}  2025-09-01  merged",
    ]


def test_a_split_from_the_command_line_reads_the_members_file(run, registry, tree, tmp_path):
    national_ids = [registry.get_member(m).national_id for m in tree.members[tree.cell]]
    members = tmp_path / "members.csv"
    members.write_text(f"{national_ids[0]},{tree.second_cell}\n", encoding="utf-8")

    result = run(
        reorg_cmd.command,
        "split",
        tree.cell,
        "--into",
        tree.other_cell,
        "--into",
        tree.second_cell,
        "--members",
        str(members),
        "--default",
        tree.other_cell,
        *DECISION,
        "--by",
        BY,
    )

    assert result.exit_code == 0, result.output
    assert registry.roll_count(tree.second_cell, D) == 3


def test_rename_and_move_from_the_command_line(run, registry, tree):
    renamed = run(reorg_cmd.command, "rename", tree.cell, "Chi bộ thôn Một Mới", *DECISION)
    moved = run(reorg_cmd.command, "move", tree.cell, "--to", tree.second_committee, *DECISION)

    cell = registry.get_organization(tree.cell)
    assert renamed.exit_code == moved.exit_code == 0, renamed.output + moved.output
    assert f"moved    {tree.cell}: {tree.committee} → {tree.second_committee}" in moved.output
    assert (cell.name_on(D), cell.parent_on(D)) == ("Chi bộ thôn Một Mới", tree.second_committee)


def test_report_restated_shows_a_past_day_beside_today_on_todays_structure(
    run, registry, tree, decision
):
    import json

    from domain.roll.values import OrgKind
    from services.cli import report_cmd
    from services.structure import reorganization as reorg

    new = reorg.NewOrganization("T01.X01", "Đảng bộ xã Mới", OrgKind.COMMUNE_LEVEL, tree.province)
    writes.merge(
        registry, [tree.committee, tree.second_committee], "T01.X01", D, decision, BY, found=new
    )

    table = run(report_cmd.command, "restated", tree.province, "--as-of", "2024-01-01")
    as_json = run(
        report_cmd.command, "restated", "T01.X01", "--as-of", "2023-03-01", "--format", "json"
    )
    missing = run(report_cmd.command, "restated", tree.province)

    assert table.exit_code == 0, table.output
    assert "T01.X01" in table.output and "Đảng bộ xã Mới" in table.output
    found = json.loads(as_json.output)
    assert (found["then"]["total"], found["now"]["total"]) == (0, 7)
    assert missing.exit_code == 2
    assert "--as-of is required" in missing.output
