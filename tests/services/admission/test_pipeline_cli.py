"""`sodang dossiers ...`: a clerk's session on the command line (both databases)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from services.admission import pipeline
from services.cli.dossiers_cmd import command


@pytest.fixture
def cli(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Runs `sodang dossiers` against the test database."""
    monkeypatch.setenv("SODANG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SODANG_DEPLOYMENT", settings.deployment)
    monkeypatch.setenv("SODANG_POOL_SIZE", "1")
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(command, list(args), catch_exceptions=False)

    return run


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def test_a_clerk_records_steps_and_reads_the_lists(
    cli: Any, registry: Any, province: Any, official: Any
) -> None:
    first = official(province.cell, date(2010, 1, 1))
    official(province.other_cell, date(2012, 1, 1), national_id="001190077777")
    opened = ok(
        cli(
            "open",
            province.cell,
            "--on",
            "2023-03-01",
            "--national-id",
            "001190055555",
            "--name",
            "Lê Thị Hoa",
            "--sex",
            "female",
            "--birth-date",
            "1998-02-03",
            "--education",
            "university",
            "--sector",
            "state_agency",
            "--youth-union",
        )
    )
    dossier_id = re.search(r"dossier (\S+)", opened).group(1)  # type: ignore[union-attr]
    steps = [
        ("course_completed", "2023-04-10", "--set", "certificate_no=CN-5"),
        ("application_submitted", "2023-05-02"),
        (
            "introducers_assigned",
            "2023-05-10",
            "--introducer",
            str(first),
            "--introducer",
            "001190077777",
        ),
        ("background_verified", "2023-06-01", "--set", "conclusion=Đủ điều kiện"),
        ("youth_union_endorsed", "2023-06-02", "--doc", "05-NQ/ĐTN"),
        (
            "cell_resolved",
            "2023-06-20",
            "--set",
            "votes_for=9",
            "--set",
            "votes_against=0",
            "--set",
            "eligible=10",
        ),
    ]
    for step, on, *rest in steps:
        ok(cli("step", dossier_id, step, "--on", on, *rest))

    shown = ok(cli("show", dossier_id, "--as-of", "2023-10-01"))
    overdue = ok(cli("overdue", province.province, "--as-of", "2023-10-01"))
    listed = ok(cli("list", province.province, "--stage", "awaiting_committee"))

    assert "stage: awaiting_committee" in shown
    assert "deadline decision: 2023-09-14 (OVERDUE)" in shown
    assert "Quá hạn (overdue): 1" in overdue and "Lê Thị Hoa" in overdue
    assert dossier_id in listed
    dossier = pipeline.get_dossier(registry, UUID(dossier_id))
    assert dossier.latest(pipeline.Step.CELL_RESOLVED)["votes"] == {
        "for": 9,
        "against": 0,
        "eligible": 10,
    }


def test_refusals_and_bad_bodies_exit_with_a_message(cli: Any, province: Any) -> None:
    opened = ok(
        cli(
            "open",
            province.cell,
            "--on",
            "2023-03-01",
            "--national-id",
            "001190066666",
            "--name",
            "Trần Văn Bình",
            "--sex",
            "male",
            "--birth-date",
            "1990-02-03",
            "--education",
            "upper_secondary",
            "--sector",
            "farmer",
        )
    )
    dossier_id = re.search(r"dossier (\S+)", opened).group(1)  # type: ignore[union-attr]

    out_of_order = cli(
        "step",
        dossier_id,
        "cell_resolved",
        "--on",
        "2023-06-20",
        "--set",
        "votes_for=9",
        "--set",
        "votes_against=0",
        "--set",
        "eligible=10",
    )
    missing = cli("step", dossier_id, "course_completed", "--on", "2023-04-10")

    assert out_of_order.exit_code == 1
    assert "refused by rule step_out_of_order" in out_of_order.output
    assert missing.exit_code == 1
    assert "certificate_no" in missing.output


def test_settings_authority_agenda_and_forecast(cli: Any, province: Any) -> None:
    settings = ok(
        cli("settings", province.province, "--target-days", "60", "--certificate-years", "4")
    )
    granted = ok(
        cli("authority", province.committee, "grant", "--from", "2024-01-01", "--doc", "3-QĐ/HU")
    )
    agenda = ok(cli("agenda", province.province))
    forecast = ok(cli("forecast", province.province, "--year", "2023", "--plan", "tỉnh giao=5"))

    assert "certificate valid 4 years; service target 60 working days (set by T01)" in settings
    assert "authority to admit granted from 2024-01-01" in granted
    assert agenda == ""
    assert "tỉnh giao: 0/5 = 0.0%  (missing 5)" in forecast
