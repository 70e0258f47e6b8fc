"""The contract table's judgement (bench/contract_table.py) and the recorded figures it shows
(bench/recorded.py): pure logic, no database and no timing."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from bench import recorded, report
from bench.contract_table import (
    IMPORT_ATTACHED,
    IMPORT_FLAT,
    LOST,
    MAKE_TEST,
    READ_P99,
    Bound,
    Row,
    duration,
    from_recorded,
    judge,
)
from bench.recorded import Recorded


@pytest.mark.parametrize(
    ("value", "expected"),
    [(4_999, "**missed**"), (5_000, "target met"), (9_999, "target met"), (10_000, "goal met")],
)
def test_a_rate_meets_its_target_and_goal_from_below(value: float, expected: str) -> None:
    assert judge(value, IMPORT_ATTACHED) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100.1, "**missed**"), (100, "target met"), (50.1, "target met"), (50, "goal met")],
)
def test_a_latency_meets_its_target_and_goal_from_above(value: float, expected: str) -> None:
    assert judge(value, READ_P99) == expected


def test_one_lost_admission_misses_none_lost() -> None:
    assert judge(0, LOST) == "goal met"
    assert judge(1, LOST) == "**missed**"


@pytest.mark.parametrize("value", [None, float("nan")])
def test_a_figure_not_measured_is_neither_met_nor_missed(value: float | None) -> None:
    assert judge(value, IMPORT_ATTACHED) == "not measured"


def test_a_goal_without_a_target_is_met_or_missed_as_a_goal() -> None:
    assert judge(0.95, IMPORT_FLAT) == "goal met"
    assert judge(0.5, IMPORT_FLAT) == "goal missed"
    row = Row("flat", "sqlite", IMPORT_FLAT, 0.5, "0.5x")
    assert row.cells()[5:] == ["-", "0.9x", "goal missed"]


def test_a_failed_request_makes_a_latency_miss() -> None:
    assert judge(float("inf"), READ_P99) == "**missed**"


def entry(figure: str = "reform", database: str = "sqlite", **changes: object) -> Recorded:
    fields: dict[str, object] = {
        "figure": figure,
        "database": database,
        "seconds": 32.7,
        "date": "2026-11-22 03:28 UTC",
        "command": "python -m bench reform --orgs 10000",
        "conditions": "load average 0.9",
        "full_scale": True,
    }
    fields.update(changes)
    return Recorded(**fields)  # type: ignore[arg-type]


def test_a_recorded_row_says_when_it_was_measured_and_is_judged_on_its_figure() -> None:
    row = from_recorded("reform", "sqlite", Bound(120, 30, False, "s"), entry(), "how")
    assert row.cells()[2] == "32.7 s, recorded 2026-11-22 03:28 UTC"
    assert row.status() == "target met"


def test_a_figure_met_at_a_smaller_scale_than_the_contracts_says_so() -> None:
    row = from_recorded(
        "reform", "sqlite", Bound(120, 30, False, "s"), entry(full_scale=False), "how"
    )
    assert row.status() == "target met at a reduced scale only"


def test_a_figure_never_recorded_is_shown_as_not_measured_with_how_to_measure_it() -> None:
    row = from_recorded("make test", "both", MAKE_TEST, None, "python -m bench.recorded")
    assert row.status() == "not measured"
    assert "python -m bench.recorded" in row.now


def test_a_measured_row_has_no_recorded_mark() -> None:
    row = Row("import", "postgresql", IMPORT_ATTACHED, 6_000, "6,000/s")
    assert "recorded" not in row.cells()[2]


def test_durations_read_in_minutes_from_two_minutes_on() -> None:
    assert duration(32.74) == "32.7 s"
    assert duration(60) == "60 s"
    assert duration(135.8) == "2 min 16 s"
    assert duration(480) == "8 min"


def test_the_latest_measurement_of_a_figure_on_a_database_is_shown() -> None:
    entries = [
        entry(date="2026-11-22 03:28 UTC", seconds=32.7),
        entry(date="2026-12-06 07:33 UTC", seconds=40.0),
        entry(database="postgresql", date="2026-12-07 01:00 UTC", seconds=55.0),
    ]
    found = recorded.latest(entries, "reform", "sqlite")
    assert found is not None and found.seconds == 40.0
    assert recorded.latest(entries, "demo", "sqlite") is None


def test_recording_a_figure_replaces_only_its_own_earlier_measurement(tmp_path: Path) -> None:
    path = tmp_path / "recorded.json"
    path.write_text(json.dumps([asdict(entry()), asdict(entry(database="postgresql"))]))
    recorded.record("reform", "sqlite", 30.04, "python -m bench reform", "quiet", path=path)
    entries = recorded.load(path)
    assert [(e.database, e.seconds) for e in entries] == [("postgresql", 32.7), ("sqlite", 30.0)]


def test_a_malformed_recorded_entry_is_an_error_naming_it() -> None:
    text = json.dumps([asdict(entry()), {"figure": "demo", "seconds": 1}])
    with pytest.raises(ValueError, match="entry 1"):
        recorded.parse(text)


def test_the_repository_recorded_figures_parse() -> None:
    entries = recorded.load()
    assert {(e.figure, e.database) for e in entries} >= {("demo", "sqlite"), ("make-test", "both")}


def test_the_contract_section_goes_first_and_is_replaced_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(report.HEADER + "\n<!-- BEGIN core -->\ncore\n<!-- END core -->\n")
    monkeypatch.setattr(report, "RESULTS", results)
    report.write_section("contract", "first", first=True)
    report.write_section("contract", "second", first=True)
    text = results.read_text()
    assert text.startswith(report.HEADER + "\n<!-- BEGIN contract -->\nsecond\n")
    assert text.index("second") < text.index("<!-- BEGIN core -->")
    assert text.count("<!-- BEGIN contract -->") == 1


def test_a_stage_refused_a_connection_is_run_again_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bench import contract
    from bench.contract_rows import Measured

    monkeypatch.setattr(contract, "PAUSE", 0.0)
    calls: list[int] = []

    def work() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("FATAL:  sorry, too many clients already\n(more)")

    found = Measured("postgresql")
    contract._stage(found, "rebuild", lambda _: None, work)
    assert len(calls) == 2
    assert found.errors == [
        "postgresql, rebuild: measured at attempt 2, after PostgreSQL refused a connection "
        "(too many clients) and the stage was run again from the start"
    ]


def test_a_stage_that_fails_otherwise_is_not_measured_and_not_run_again() -> None:
    from bench import contract
    from bench.contract_rows import Measured

    calls: list[int] = []

    def work() -> None:
        calls.append(1)
        raise ValueError("no wrk answer\nsecond line")

    found = Measured("sqlite")
    contract._stage(found, "web", lambda _: None, work)
    assert len(calls) == 1
    assert found.errors == ["sqlite, web: not measured (ValueError: no wrk answer)"]
