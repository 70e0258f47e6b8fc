"""The issue's "done when" on the demo province (small scale): every form of 2024, of the first
half of 2025 (the old structure) and of 2025 (as structured and restated) balances, and its
totals equal the roll-ups, restated roll-ups and flows of the same days."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain.reporting.period import Period, Structure
from projections.forms.compiler import compile_forms
from projections.queries import Queries
from services.config import Settings
from services.demo import generate
from services.demo.after_reform import extend_demo
from services.demo.seeding import SettableClock, found_all, load_events
from services.wiring import build_registry

PROVINCE, DISTRICT, COMMUNE = "TINH-DIENBIEN", "H-DIENBIEN", "XA-THANHYEN-03349"
TODAY = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


@pytest.fixture
def demo(settings: Settings) -> Any:
    province = generate(seed=2021, scale=0.02)
    clock = SettableClock(province.events[0].recorded_at)
    registry = build_registry(settings, clock=clock)
    found_all(registry, province.orgs, "demo:seed")
    load_events(registry, province.events, "demo:seed")
    clock.now = TODAY
    list(extend_demo(registry, province, 2021, registry.today()))
    yield Queries(settings, clock=clock)
    registry.close()


def agree(queries: Queries, code: str, period: Period, structure: Structure) -> None:
    forms = compile_forms(queries, code, period, structure)
    assert forms.balanced, (code, period.key, structure)
    flows = forms.form("tang_giam")
    got = {row.code: row.values[0] for row in flows.rows}
    if structure is Structure.RESTATED:
        on = forms.structure_on
        assert got["A"] == queries.restated(code, period.brought_forward_on, on).then.total
        assert got["D"] == queries.restated(code, period.end, on).then.total
        return
    assert got["A"] == queries.rollup(code, period.brought_forward_on, depth=0).total
    assert got["D"] == queries.rollup(code, period.end, depth=0).total
    f = queries.flows(code, period.start, period.end)
    assert (got["B1"], got["B4"], got["C1"], got["C2"]) == (
        f.admitted,
        f.readmitted,
        f.died,
        f.expelled,
    )
    assert got["B2"] + got["B3"] == f.transferred_in
    assert got["C5"] + got["C6"] == f.transferred_out
    assert got["C3"] + got["C4"] == f.struck_off
    ind = queries.indicators(code, period.start, period.end, as_of=period.end)
    assert forms.form("doi_ngu").value("1") == ind.roll.total
    assert forms.form("doi_ngu").value("1.1") == ind.roll.women.count


@pytest.mark.slow
def test_the_demo_provinces_forms_balance_and_equal_its_figures(demo: Queries) -> None:
    for code in (PROVINCE, DISTRICT):
        agree(demo, code, Period.year(2024), Structure.AS_STRUCTURED)
        agree(demo, code, Period.first_half(2025), Structure.AS_STRUCTURED)
    for code in (PROVINCE, COMMUNE):
        agree(demo, code, Period.year(2025), Structure.AS_STRUCTURED)
        agree(demo, code, Period.year(2025), Structure.RESTATED)
    district = compile_forms(demo, DISTRICT, Period.year(2025)).form("tang_giam")
    assert district.value("D") == 0 and district.value("C8") > 0  # carried to the communes
