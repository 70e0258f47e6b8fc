"""The increases and decreases form (tăng, giảm đảng viên) on the hand-counted province."""

from __future__ import annotations

from typing import Any

import pytest
from forms_support import populate

from domain.reporting.period import Period, Structure
from projections.forms.compiler import compile_forms
from projections.queries import Queries


@pytest.fixture
def compiled(clerk: Any, queries: Queries) -> Any:
    populate(clerk)
    return lambda org, period="2024": compile_forms(
        queries, org, Period.parse(period), Structure.AS_STRUCTURED
    )


def test_each_row_of_the_district_counts_what_was_counted_by_hand(compiled: Any) -> None:
    form = compiled("T1.D").form("tang_giam")
    this = {row.code: row.values[0] for row in form.rows}
    assert this == {
        "A": 5,
        "B": 3,
        "B1": 2,
        "B2": 0,
        "B3": 0,
        "B4": 1,
        "B5": 0,
        "C": 5,
        "C1": 1,
        "C2": 0,
        "C3": 1,
        "C3a": 1,
        "C4": 1,
        "C5": 1,
        "C6": 1,
        "C7": 0,
        "C8": 0,
        "D": 3,
        "D1": 2,
    }
    last = {row.code: row.values[1] for row in form.rows}
    assert (last["A"], last["B1"], last["B2"], last["C"], last["D"]) == (2, 2, 1, 0, 5)
    assert form.row("B1").values[2] == 100.0  # 2 admitted against 2 the year before
    assert form.balanced


def test_a_move_inside_the_province_is_no_flow_of_the_province(compiled: Any) -> None:
    form = compiled("T1").form("tang_giam")
    this = {row.code: row.values[0] for row in form.rows}
    assert (this["A"], this["B"], this["C"], this["D"]) == (5, 3, 4, 4)
    assert this["B3"] == this["C6"] == 0
    assert form.balanced


def test_a_move_between_two_cells_is_a_transfer_of_each(compiled: Any) -> None:
    into = compiled("T1.D.C.2").form("tang_giam")
    out_of = compiled("T1.D.C.1").form("tang_giam")
    assert into.value("B3") == 1  # p1 from C.1
    assert into.value("C6") == 1  # p2 to E.1
    assert out_of.value("C6") == 1 and out_of.value("C5") == 1  # p1; p8 to another province
    assert into.balanced and out_of.balanced


def test_the_balance_check_is_stated_per_column(compiled: Any) -> None:
    form = compiled("T1.D").form("tang_giam")
    checks = {check.column: (check.left, check.right) for check in form.checks}
    assert checks == {"this_period": (3, 3), "same_period_last_year": (5, 5)}
