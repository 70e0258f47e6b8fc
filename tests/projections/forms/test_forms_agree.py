"""The forms' totals are the figures the read side already gives (roll-ups, flows,
indicators, restated roll-ups) for the same days; known_at reproduces an earlier compilation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fig_support import CLERK
from forms_support import TREE, populate

from domain.reporting.period import Period, Structure
from domain.roll.values import OrgKind
from projections.forms.compiler import compile_forms
from projections.queries import Queries
from services.roll.commands import Decision
from services.structure.decision import NewOrganization
from tests import writes

PERIODS = ("2023", "2024", "2024-H1", "2024-03-15..2024-09-30")


def test_every_total_equals_the_figures_of_the_same_days(clerk: Any, queries: Queries) -> None:
    populate(clerk)
    for code, _, _ in TREE:
        for key in PERIODS:
            period = Period.parse(key)
            forms = compile_forms(queries, code, period)
            flows = forms.form("tang_giam")
            got = {row.code: row.values[0] for row in flows.rows}
            assert forms.balanced, (code, key)
            assert got["A"] == queries.rollup(code, period.brought_forward_on).total
            end = queries.rollup(code, period.end)
            assert (got["D"], got["D1"]) == (end.total, end.probationary)
            f = queries.flows(code, period.start, period.end)
            assert got["B1"] == f.admitted and got["B4"] == f.readmitted
            assert got["B2"] + got["B3"] == f.transferred_in
            assert (got["C1"], got["C2"], got["C7"]) == (f.died, f.expelled, f.annulled)
            assert got["C3"] + got["C4"] == f.struck_off
            assert got["C5"] + got["C6"] == f.transferred_out
            last = period.same_period_last_year()
            assert flows.row("A").values[1] == queries.rollup(code, last.brought_forward_on).total
            ind = queries.indicators(code, period.start, period.end, as_of=period.end)
            admitted = forms.form("ket_nap")
            assert admitted.value("1") - admitted.value("1.5") == ind.admitted
            assert admitted.value("1.1") == ind.women.count  # the readmitted p6 is a man
            assert admitted.value("1.2") == ind.ethnic_minority.count
            assert admitted.value("1.3") == ind.religious.count
            roll = forms.form("doi_ngu")
            assert roll.value("1") == ind.roll.total
            assert roll.value("1.1") == ind.roll.women.count
            assert roll.value("1.3") == ind.roll.ethnic_minority.count
            assert roll.value("1.4") == ind.roll.religious.count
            assert roll.value("1.5") == ind.roll.youth_union.count


def test_known_at_reproduces_a_compilation_after_a_late_entry(clerk: Any, queries: Queries) -> None:
    people = populate(clerk)
    period = Period.year(2024)
    approved_at = clerk.clock()
    approved = compile_forms(queries, "T1.D", period)
    clerk.on(date(2025, 2, 20))  # p4's death on 2024-12-01, recorded late
    clerk.remove("T1.D.C.1", people.ids["p4"], date(2024, 12, 1))
    today = compile_forms(queries, "T1.D", period)
    again = compile_forms(queries, "T1.D", period, known_at=approved_at)
    assert today.form("tang_giam").value("C1") == approved.form("tang_giam").value("C1") + 1
    assert today.digest() != approved.digest()
    assert again.form("tang_giam").rows == approved.form("tang_giam").rows
    assert again.known_at == approved.known_at
    assert again.digest() == approved.digest()


@pytest.fixture
def reorganized(clerk: Any, queries: Queries) -> Any:
    """2025: p9 admitted at T1.D.G on 1 February; on 1 July T1.D.G moves under T1.E, and
    T1.D.C.1 and T1.D.C.2 merge into a new cell T1.D.C.3 (p1, p4, p6 carried)."""
    populate(clerk)
    clerk.on(date(2025, 2, 1))
    clerk.admit("T1.D.G", date(2025, 2, 1))
    july = date(2025, 7, 1)
    clerk.on(july)
    decision = Decision("99-QĐ", july, "Tỉnh ủy")
    writes.move(clerk.registry, "T1.D.G", "T1.E", july, decision, CLERK)
    new = NewOrganization("T1.D.C.3", "Chi bộ hợp nhất", OrgKind.CELL, "T1.D.C")
    writes.merge(
        clerk.registry, ["T1.D.C.1", "T1.D.C.2"], "T1.D.C.3", july, decision, CLERK, found=new
    )
    clerk.on(date(2026, 1, 15))
    return lambda code, structure: compile_forms(queries, code, Period.year(2025), structure)


def counts(forms: Any, *codes: str) -> tuple[Any, ...]:
    form = forms.form("tang_giam")
    return tuple(form.value(code) for code in codes)


def test_as_structured_a_moved_cell_is_carried_not_transferred(reorganized: Any) -> None:
    rows = ("A", "B1", "B5", "C8", "D")
    assert counts(reorganized("T1.D", Structure.AS_STRUCTURED), *rows) == (3, 1, 0, 1, 3)
    assert counts(reorganized("T1.E", Structure.AS_STRUCTURED), *rows) == (1, 0, 1, 0, 2)
    assert counts(reorganized("T1.D.C.3", Structure.AS_STRUCTURED), *rows) == (0, 0, 3, 0, 3)
    assert counts(reorganized("T1", Structure.AS_STRUCTURED), *rows) == (4, 1, 0, 0, 5)


def test_restated_the_year_is_counted_on_todays_tree(reorganized: Any, queries: Queries) -> None:
    rows = ("A", "B1", "B5", "C8", "D")
    east = reorganized("T1.E", Structure.RESTATED)
    assert counts(east, *rows) == (1, 1, 0, 0, 2)  # p9's admission at T1.D.G is T1.E's
    merged = reorganized("T1.D.C.3", Structure.RESTATED)
    assert counts(merged, *rows) == (3, 0, 0, 0, 3)
    for code, forms in (("T1.E", east), ("T1.D.C.3", merged)):
        assert forms.balanced
        on = forms.structure_on
        assert (
            forms.form("tang_giam").value("A")
            == queries.restated(code, date(2024, 12, 31), structure_on=on).then.total
        )
        assert (
            forms.form("tang_giam").value("D")
            == queries.restated(code, date(2025, 12, 31), structure_on=on).then.total
        )


def test_restating_an_organization_that_ended_is_refused(reorganized: Any) -> None:
    from domain.errors import InvalidValue

    with pytest.raises(InvalidValue, match="does not exist today"):
        reorganized("T1.D.C.1", Structure.RESTATED)


def test_same_days_either_structure_before_any_change(clerk: Any, queries: Queries) -> None:
    populate(clerk)
    period = Period.year(2024)
    structured = compile_forms(queries, "T1.D", period, Structure.AS_STRUCTURED)
    restated = compile_forms(queries, "T1.D", period, Structure.RESTATED)
    for code in ("tang_giam", "ket_nap", "doi_ngu"):
        assert structured.form(code).rows == restated.form(code).rows
    assert restated.structure_on == date(2025, 1, 15)
