"""The new admissions (đảng viên mới kết nạp) and the whole membership (đội ngũ đảng viên),
row by row on the hand-counted province, and a row read by an attribute's name."""

from __future__ import annotations

from typing import Any

import pytest
from forms_support import populate

from domain.reporting.period import Period, Structure
from projections.forms.compiler import compile_forms
from projections.forms.definitions import parse
from projections.queries import Queries


@pytest.fixture
def district(clerk: Any, queries: Queries) -> Any:
    populate(clerk)
    return compile_forms(queries, "T1.D", Period.year(2024), Structure.AS_STRUCTURED)


STUDENT = "2.9"  # học sinh, sinh viên


def values(form: Any, column: int = 0) -> dict[str, Any]:
    return {row.code: row.values[column] for row in form.rows}


def test_admissions_are_counted_with_who_they_are(district: Any) -> None:
    got = values(district.form("ket_nap"))
    # p4 (woman, 34, not in the Youth Union), p5 (23), p6 readmitted (44)
    assert (got["1"], got["1.1"], got["1.2"], got["1.3"], got["1.4"], got["1.5"]) == (
        3,
        1,
        0,
        0,
        2,
        1,
    )
    assert (got["3.1"], got["3.2"], got["3.4"], got["3.8"], got["3.0"]) == (1, 1, 1, 0, 0)
    assert got["3.9"] == 33.7  # (34 + 23 + 44) / 3
    # political theory, the highest: p5 none, p4 and p6 basic (sơ cấp)
    assert (got["6.1"], got["6.2"], got["6.3"], got["6.0"]) == (1, 2, 0, 0)
    assert got["7"] == 2  # T1.D.C (p4, p6) and the grassroots cell T1.D.G (p5)
    assert district.form("ket_nap").balanced


def test_members_recorded_without_an_attribute_are_counted_as_unknown(district: Any) -> None:
    """The fixture's people have a university degree and, but for p5 (a student), work in a
    state agency, with nothing recorded of the new attributes: the qualification follows from
    the degree (đại học) and p5's occupation from the sector; the general education and a
    state agency's occupation (civil servant or public employee) do not."""
    form = district.form("ket_nap")
    got = values(form)
    assert got["4.0"] == 3  # general education: unknown for all three
    assert all(got[code] == 0 for code in got if code.startswith("4.") and code != "4.0")
    assert (got["2.0"], got[STUDENT]) == (2, 1)
    assert (got["5.5"], got["5.0"]) == (3, 0)  # đại học, derived
    unknown = {u.field: u.count for u in form.unknown}
    assert (unknown["occupation"], unknown["general_education"]) == (2, 3)
    assert unknown["qualification"] == unknown["political_theory"] == unknown["birth_date"] == 0


def test_a_row_over_a_new_attribute_counts_those_who_have_it(clerk: Any, queries: Queries) -> None:
    from forms_support import found

    found(clerk.registry, clerk.clock)
    for occupation in ("farmer", "farmer", "worker", None):
        clerk.on(Period.year(2024).start.replace(month=3))
        extra = {} if occupation is None else {"occupation": occupation}
        clerk.admit("T1.D.C.1", Period.year(2024).start.replace(month=3), clerk.person(**extra))
    clerk.on(Period.year(2025).start)
    got = values(compile_forms(queries, "T1.D", Period.year(2024)).form("ket_nap"))
    assert (got["2.1"], got["2.2"], got["2.0"]) == (1, 2, 1)


def test_the_membership_at_the_end_and_a_year_before(district: Any) -> None:
    form = district.form("doi_ngu")
    end = values(form)  # p1, p4, p6
    assert (end["1"], end["1.1"], end["1.2"], end["1.3"], end["1.4"], end["1.5"]) == (
        3,
        2,
        2,
        1,
        0,
        2,
    )
    assert (end["3.1"], end["3.2"], end["3.4"]) == (1, 1, 1)
    assert end["8.7"] == 3  # every one first admitted since 2011
    before = values(form, 1)  # end of 2023: p1, p2, p3, p7, p8
    assert before["1"] == 5 and before["1.4"] == 1  # p3 is a Buddhist
    assert before["8.5"] == 1  # p3, admitted in 1990 in another province
    assert before["8.7"] == 4
    assert (before["7.1"], before["7.7"]) == (4, 1)  # sector: state agency; p7 a farmer
    assert form.balanced


def test_a_province_corrects_a_row_without_touching_code(clerk: Any, queries: Queries) -> None:
    populate(clerk)
    text = {
        "code": "rieng",
        "title": "Biểu riêng",
        "rows": [
            {
                "code": "1",
                "label": "Nông dân",
                "kind": "stock",
                "where": [{"field": "sector", "value": "farmer"}],
            },
            {
                "code": "2",
                "label": "Sơ cấp trở lên",
                "kind": "stock",
                "where": [
                    {"field": "political_theory", "values": ["basic", "intermediate", "advanced"]}
                ],
            },
            {"code": "3", "label": "Chưa rõ dân tộc", "kind": "stock", "unknown": "ethnicity"},
        ],
    }
    definition = parse(text, "rieng.toml")
    forms = compile_forms(queries, "T1.D", Period.year(2023), definitions=[definition])
    got = values(forms.form("rieng"))
    # end of 2023: p1, p2 (no theory), p3, p7 (farmer, intermediate), p8
    assert (got["1"], got["2"], got["3"]) == (1, 4, 0)


def test_a_tallied_breakdown_counts_what_each_rows_full_test_counts(
    clerk: Any, queries: Queries
) -> None:
    from datetime import date

    from projections.forms.definitions import standard_forms
    from projections.forms.evaluate import Evaluation, Span
    from projections.forms.facts import read_members
    from projections.forms.scope import Structured
    from projections.store.timecodec import to_us

    populate(clerk)
    now = clerk.clock()
    with queries.snapshot() as s:
        scope = Structured(s.hierarchy, "T1.D", date(2023, 1, 1), date(2024, 12, 31))
        members = read_members(s, None, to_us(now), now)
    for first, last in (
        (date(2023, 1, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2024, 12, 31)),
    ):
        evaluation = Evaluation(members, scope, Span(first, last))
        for form in standard_forms():
            for row in form.rows:
                if row.kind == "stock":
                    full = sum(1 for _ in evaluation._stock(row))
                    assert evaluation.row(row) == full, (form.code, row.code, first)
