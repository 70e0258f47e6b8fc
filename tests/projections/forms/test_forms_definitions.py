"""The forms' declarative files: the shipped ones load, a file naming something unknown is
refused with the form, the row and the key."""

from __future__ import annotations

from typing import Any

import pytest

from domain.errors import InvalidValue
from projections.forms.definitions import FOLDER, parse, standard_forms


def test_the_three_forms_ship_in_their_printed_order() -> None:
    assert [form.code for form in standard_forms()] == ["tang_giam", "ket_nap", "doi_ngu"]
    assert {path.name for path in FOLDER.glob("*.toml")} == {
        "tang_giam.toml",
        "ket_nap.toml",
        "doi_ngu.toml",
    }


def test_every_breakdown_has_a_row_for_members_not_recorded() -> None:
    for form in standard_forms():
        headings = [row.code for row in form.rows if row.kind == "heading"]
        for code in headings:
            assert any(row.code == f"{code}.0" and row.unknown for row in form.rows), code


ROW = {"code": "1", "label": "Một", "kind": "stock"}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({**ROW, "kind": "guess"}, "`kind` must be one of"),
        ({**ROW, "colour": "red"}, "unknown key `colour`"),
        ({**ROW, "kind": "events", "events": ["promoted"]}, "`events` must be one of"),
        ({**ROW, "kind": "events"}, "needs `events`"),
        ({**ROW, "reasons": ["bored"]}, "`reasons` must be one of"),
        ({**ROW, "counterpart": "abroad"}, "`counterpart` must be one of"),
        ({**ROW, "where": [{"field": "sex"}]}, "needs `value` or `values`"),
        ({**ROW, "age_min": "eighteen"}, "`age_min` must be a whole number"),
        ({**ROW, "admitted_from": "1945-13-01"}, "`admitted_from` must be a day"),
        ({**ROW, "kind": "sum", "terms": {"9": 1}}, "sums an unknown row 9"),
    ],
)
def test_a_row_naming_something_unknown_is_refused(row: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidValue, match=message) as refused:
        parse({"code": "x", "title": "X", "rows": [row]}, "x.toml")
    assert "form x.toml row 1" in str(refused.value)


def test_a_check_naming_an_unknown_row_is_refused() -> None:
    data = {
        "code": "x",
        "title": "X",
        "rows": [ROW],
        "checks": [{"terms": {"1": 1}, "equals": "D"}],
    }
    with pytest.raises(InvalidValue, match="unknown row D"):
        parse(data, "x.toml")
