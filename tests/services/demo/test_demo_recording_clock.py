"""Nothing of the demo is recorded in the future: the pages and the CLI then agree all day long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.demo import generate
from services.demo.after_reform import generate_after_reform
from services.demo.dates import ICT
from services.demo.seeding import load_events
from services.importing.importer import ImportFailed
from services.registry import Registry

DAY = date(2025, 9, 15)  # a Monday: the offices record from 07:30 to 17:00


@pytest.fixture(scope="module")
def province() -> Any:
    return generate(seed=2021, scale=0.05)


def test_the_history_after_the_reform_stops_at_the_real_now(province: Any) -> None:
    nine_in_the_morning = datetime(DAY.year, DAY.month, DAY.day, 9, 0, tzinfo=ICT)

    whole_day = generate_after_reform(province, 2021, DAY)
    until_nine = generate_after_reform(province, 2021, DAY, not_after=nine_in_the_morning)

    # Without the cap some events of that day are stamped after nine (the defect).
    assert any(e.recorded_at > nine_in_the_morning for e in whole_day)
    assert until_nine and all(e.recorded_at <= nine_in_the_morning for e in until_nine)
    assert len(until_nine) < len(whole_day)


@dataclass
class Line:
    recorded_at: datetime
    org: str
    body: dict[str, Any]


def test_loading_refuses_an_event_recorded_later_than_now(registry: Registry) -> None:
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    line = Line(tomorrow, "T1", {"id": "x-1", "type": "died", "effective_on": "2021-01-01"})

    with pytest.raises(ImportFailed) as refused:
        load_events(registry, [line], "test")

    assert refused.value.field == "recorded_at"
    assert registry.max_position() in (0, None)


def test_the_demo_prints_the_address_it_will_be_served_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from services.demo.extras import base_url

    monkeypatch.setenv("SODANG_BIND", "0.0.0.0:8123")
    assert base_url() == "http://127.0.0.1:8123"
    monkeypatch.setenv("SODANG_BIND", "10.0.0.5:9000")
    assert base_url() == "http://10.0.0.5:9000"
    monkeypatch.delenv("SODANG_BIND")
    assert base_url() == "http://127.0.0.1:8000"
