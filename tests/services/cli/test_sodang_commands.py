"""The `sodang` command line: clear messages and non-zero exits on bad input, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from services.cli import main
from services.config import Settings


@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Runs `sodang ...` against the test database."""
    monkeypatch.setenv("SODANG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SODANG_DEPLOYMENT", settings.deployment)
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def found_tree(run: Any) -> None:
    assert run("init").exit_code == 0
    for args in (
        ("T1", "--name", "Đảng bộ tỉnh Thử", "--kind", "province"),
        (
            "T1.C1",
            "--name",
            "Chi bộ cơ sở Trường Tiểu học",
            "--kind",
            "grassroots_cell",
            "--parent",
            "T1",
        ),
    ):
        result = run("org", "create", *args, "--founded-on", "2000-01-01")
        assert result.exit_code == 0, result.output


def test_org_show_counts_the_roll_on_a_date(run: Any, tmp_path: Path) -> None:
    found_tree(run)
    line = {
        "org": "T1.C1",
        "type": "admitted",
        "effective_on": "2021-03-02",
        "decision_no": "1-QĐ/TU",
        "decision_on": "2021-02-20",
        "decided_by": "T1",
        "member": {
            "national_id": "011095000123",
            "full_name": "Hoàng Thị Thuận",
            "sex": "female",
            "birth_date": "1995-04-01",
            "ethnicity": "Kinh",
            "religion": None,
            "education": "university",
            "political_theory": "basic",
            "youth_union": True,
            "sector": "public_service",
        },
    }
    path = tmp_path / "one.ndjson"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n")
    assert run("events", "import", str(path)).exit_code == 0

    before = run("org", "show", "T1", "--as-of", "2021-03-01")
    after = run("org", "show", "T1", "--as-of", "2021-03-02")

    assert before.exit_code == 0 and after.exit_code == 0
    assert before.output.rstrip().endswith(": 0")
    assert after.output.rstrip().endswith(": 1")


def test_bad_input_exits_non_zero_with_the_line_and_field(run: Any, tmp_path: Path) -> None:
    found_tree(run)
    path = tmp_path / "bad.ndjson"
    path.write_text('{"org": "T1.C1", "type": "died", "effective_on": "2021-01-01"}\n')

    result = run("events", "import", str(path))

    assert result.exit_code != 0
    assert "line 1, field member" in result.output
    assert "nothing was imported" in result.output


def test_a_refused_organization_says_which_rule(run: Any) -> None:
    found_tree(run)

    result = run(
        "org",
        "create",
        "T1.C2",
        "--name",
        "Chi bộ",
        "--kind",
        "cell",
        "--parent",
        "T1",
        "--founded-on",
        "2000-01-01",
    )
    unknown = run("org", "show", "NOPE")
    bad_date = run("org", "show", "T1", "--as-of", "2021-02-30")

    assert result.exit_code != 0 and "parent_kind" in result.output
    assert unknown.exit_code != 0 and "not found" in unknown.output
    assert bad_date.exit_code != 0 and "as-of" in bad_date.output


def test_org_show_refuses_a_day_after_today_rather_than_show_it_as_fact(run: Any) -> None:
    found_tree(run)

    future = run("org", "show", "T1", "--as-of", "2999-01-01")
    today = run("org", "show", "T1")

    assert future.exit_code != 0 and "after today" in future.output
    assert today.exit_code == 0 and today.output.rstrip().endswith(": 0")


def test_report_rollup_refuses_a_future_day_and_reads_a_day_first_one(run: Any) -> None:
    found_tree(run)

    future = run("report", "rollup", "T1", "--as-of", "2030-01-01")
    impossible = run("report", "rollup", "T1", "--as-of", "2021-13-05")
    day_first = run("report", "roll", "T1", "--as-of", "02/03/2021", "--format", "json")

    assert future.exit_code != 0 and "after today" in future.output
    assert impossible.exit_code != 0 and "not a day of the calendar" in impossible.output
    assert day_first.exit_code == 0 and "2021-03-02" in day_first.output


def test_a_bad_collector_setting_is_refused_before_any_command_runs() -> None:
    import gc

    before = gc.get_threshold()
    result = CliRunner().invoke(main, ["users", "--help"], env={"SODANG_GC": "fast"})

    assert result.exit_code != 0
    assert "SODANG_GC must be 'default' or three positive whole numbers" in result.output
    assert "Traceback" not in result.output and "Usage" not in result.output
    assert gc.get_threshold() == before
