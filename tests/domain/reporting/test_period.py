"""Report periods: parsed from their keys, compared with last year's, followed by the next."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidValue
from domain.reporting.period import Period, PeriodKind


@pytest.mark.parametrize("key", ["2024", "2025-H1", "2024-01-01..2024-03-31"])
def test_a_period_is_parsed_back_from_its_key(key: str) -> None:
    assert Period.parse(key).key == key


def test_a_year_and_a_first_half_cover_their_days() -> None:
    assert Period.parse("2024") == Period(date(2024, 1, 1), date(2024, 12, 31), PeriodKind.YEAR)
    half = Period.parse("2025-H1")
    assert (half.start, half.end, half.brought_forward_on) == (
        date(2025, 1, 1),
        date(2025, 6, 30),
        date(2024, 12, 31),
    )
    assert half.contains(date(2025, 6, 30)) and not half.contains(date(2025, 7, 1))


def test_the_same_period_last_year_falls_back_from_29_february() -> None:
    span = Period.parse("2024-02-01..2024-02-29")
    assert span.same_period_last_year() == Period(date(2023, 2, 1), date(2023, 2, 28))
    assert Period.year(2025).same_period_last_year() == Period.year(2024)


def test_the_next_period_starts_the_day_after() -> None:
    assert Period.year(2024).next() == Period.year(2025)
    assert Period.first_half(2025).next().start == date(2025, 7, 1)
    assert Period.parse("2024-01-01..2024-03-31").next().start == date(2024, 4, 1)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("2024-13", "period"),
        ("2024-02-30..2024-03-01", "period"),
        ("2024-03-01..2024-02-01", "period.end"),
        ("1900", "period.start"),
    ],
)
def test_a_bad_period_is_refused_with_its_field(text: str, field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        Period.parse(text)
    assert refused.value.field == field
