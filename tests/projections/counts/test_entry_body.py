"""The stored body of a roll entry is the entry's own dict shape, key for key and in order.

projections/counts/storage.py builds it from the record's fields (faster than the mapping view
of `Entry.to_dict`); the rows of fig_entry, and what `load_member` reads back, must not change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from domain.roll.entry import Entry, effective
from projections.counts.storage import entry_body, hex_of
from projections.store.timecodec import dumps, loads

ADMITTED = Entry(
    UUID(int=1),
    "admitted",
    "P.A.1",
    UUID(int=2),
    date(2010, 1, 4),
    datetime(2010, 1, 5, 8, 30, tzinfo=UTC),
    "clerk",
    {
        "member": {"full_name": "Lê Thị Hoa", "birth_date": date(1985, 6, 1)},
        "decision_on": date(2009, 12, 1),
    },
)
CORRECTION = Entry(
    UUID(int=3),
    "correction",
    "P.A.1",
    UUID(int=2),
    date(2010, 1, 4),
    datetime(2011, 1, 5, tzinfo=UTC),
    "clerk",
    {"corrects": UUID(int=1), "changes": {"effective_on": date(2010, 1, 6)}},
)


@pytest.mark.parametrize(
    "entry",
    [ADMITTED, CORRECTION, effective([ADMITTED])[0]],
    ids=["intake", "correction", "with seq"],
)
def test_the_body_is_the_entry_dict_in_the_same_order(entry: Entry) -> None:
    body = entry_body(entry)

    assert list(body.items()) == list(entry.to_dict().items())
    assert dumps(body) == dumps(entry.to_dict())
    assert Entry.from_dict(loads(dumps(body))).to_dict() == entry.to_dict()


def test_an_id_is_kept_as_its_hex_whether_a_uuid_or_its_text() -> None:
    assert hex_of(UUID(int=5)) == hex_of(str(UUID(int=5))) == UUID(int=5).hex
