"""`sodang report ...` and `sodang projections ...` on the test database."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from fig_support import CLERK

from services.cli import main
from tests.writes import set_quota


@pytest.fixture
def run(settings):
    """Runs the command line against the test database; returns the result."""

    def run_(*args: str):
        env = {
            "SODANG_DATABASE_URL": settings.database_url,
            "SODANG_DEPLOYMENT": settings.deployment,
        }
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    return run_


@pytest.fixture
def filled(registry, province, clerk):
    clerk.on(date(2024, 3, 1))
    clerk.admit(province.cell, date(2024, 3, 1), clerk.person(full_name="Lò Thị Mai", sex="female"))
    clerk.admit(province.other_cell, date(2024, 2, 1))
    set_quota(registry, province.district, "2024", 4, province.province, recorded_by=CLERK)
    clerk.on(date(2026, 11, 20))
    return province


def test_report_rollup_prints_a_vietnamese_table(run, filled):
    result = run("report", "rollup", filled.province, "--as-of", "2024-12-31", "--depth", "3")

    assert result.exit_code == 0, result.output
    assert "Tổng số" in result.output and "Chi bộ trực thuộc" in result.output
    assert filled.cell in result.output


def test_report_roll_as_json_and_csv(run, filled):
    as_json = run(
        "report", "roll", filled.committee, "--subtree", "--as-of", "2024-06-01", "--format", "json"
    )
    as_csv = run("report", "roll", filled.cell, "--as-of", "2024-06-01", "--format", "csv")

    data = json.loads(as_json.output)
    assert (data["total"], data["probationary"]) == (2, 2)
    assert "Lò Thị Mai" in as_csv.output.splitlines()[1]


def test_report_flows_indicators_and_standing(run, filled):
    flows = run(
        "report",
        "flows",
        filled.district,
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--format",
        "json",
    )
    indicators = run(
        "report", "indicators", filled.district, "--from", "2024-01-01", "--to", "2024-12-31"
    )
    standing = run(
        "report",
        "standing",
        filled.district,
        "--period",
        "2024",
        "--as-of",
        "2024-12-31",
        "--format",
        "json",
    )

    assert json.loads(flows.output)["admitted"] == 2
    assert "Nữ" in indicators.output and "50.0" in indicators.output
    plans = json.loads(standing.output)["plans"]
    assert plans == [{"assigned_by": filled.province, "target": 4, "percent": 50.0}]


def test_report_known_at_a_past_moment(run, filled):
    result = run(
        "report",
        "rollup",
        filled.province,
        "--as-of",
        "2024-12-31",
        "--known-at",
        "2024-02-15",
        "--format",
        "json",
    )

    assert json.loads(result.output)["total"] == 0


@pytest.mark.parametrize(
    "args",
    [
        ("report", "rollup", "NOPE"),
        ("report", "rollup", "T01", "--as-of", "31/02/2024"),  # no such day, either way round
        ("report", "roll", "T01", "--known-at", "yesterday"),
        ("report", "flows", "T01", "--from", "2024-05-01", "--to", "2024-01-01"),
        ("report", "standing", "T01", "--period", "20x4"),
    ],
)
def test_report_errors_are_clear_and_exit_non_zero(run, filled, args):
    result = run(*args)

    assert result.exit_code != 0
    assert "Error" in result.output


def test_projections_status_and_rebuild(run, filled):
    rebuilt = run("projections", "rebuild")
    status = run("projections", "status")

    assert rebuilt.exit_code == 0, rebuilt.output
    assert "generation 2 active" in rebuilt.output
    assert "figures" in status.output and "quotas" in status.output


def test_projections_run_once_reports_the_position_it_reached(run, filled, registry):
    ran = run("projections", "run", "--once")

    assert ran.exit_code == 0, ran.output
    assert f"caught up to position {registry.max_position()}" in ran.output


def test_projections_run_refuses_a_useless_interval(run, filled):
    ran = run("projections", "run", "--interval", "-1")

    assert ran.exit_code != 0
    assert "--interval" in ran.output
