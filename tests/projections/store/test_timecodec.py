"""The read models' JSON codec writes and reads exactly what the json module did.

`dumps` and `loads` (projections/store/timecodec.py) go through orjson and hand to the json
module whatever orjson would write or read differently. Tables already filled stay readable and
a rebuild writes the same text, so the reference here is the json module with the codec's
tags (`_default`, `_hook`: the format itself), as it was."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import IntEnum, StrEnum
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.store import timecodec
from projections.store.timecodec import dumps, loads


def reference_dumps(value: Any) -> str:
    return json.dumps(value, default=timecodec._default, ensure_ascii=False, separators=(",", ":"))


def reference_loads(text: str) -> Any:
    return json.loads(text, object_hook=timecodec._hook)


class Kind(StrEnum):
    ADMITTED = "admitted"


class Rank(IntEnum):
    FIRST = 1


# Control characters, quotes, backslashes, line separators, and lone surrogates (which
# hypothesis leaves out of text unless asked).
TEXT = st.text() | st.sampled_from(["\ud800", "a\udfffb", '\u2028\x7f\x00\x1f"\\'])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=7))])),
    st.uuids(),
    st.sampled_from([Kind.ADMITTED, Rank.FIRST]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=6), inner, max_size=4),
        st.dictionaries(st.sampled_from(["$d", "$t", "$u"]), inner, max_size=1),
        st.dictionaries(st.integers(-3, 3) | st.booleans() | st.none(), inner, max_size=2),
    ),
    max_leaves=12,
)


def same(a: Any, b: Any) -> bool:
    """Equal, NaN included (NaN is not equal to itself)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@settings(max_examples=600, deadline=None)
@given(values)
def test_the_text_written_is_the_json_modules_character_for_character(value: Any) -> None:
    expected = reference_dumps(value)

    assert dumps(value) == expected


@settings(max_examples=600, deadline=None)
@given(values)
def test_what_is_read_back_is_what_the_json_module_read(value: Any) -> None:
    text = reference_dumps(value)
    try:
        expected = reference_loads(text)
    except (TypeError, ValueError, AttributeError):  # a tag around what is not one: {"$u": 1}
        with pytest.raises((TypeError, ValueError, AttributeError)):
            loads(text)
        return

    assert same(loads(text), expected)


def test_an_entry_body_keeps_its_dates_instants_and_ids() -> None:
    body = {
        "event_id": UUID("83e106f8-f128-442f-ab84-a32822276779"),
        "effective_on": date(2021, 10, 5),
        "recorded_at": datetime(2021, 10, 6, 1, 2, 3, 456789, tzinfo=UTC),
        "member": {"full_name": "Giàng Hữu Chứ", "birth_date": date(1978, 12, 22)},
        "pair": [UUID(int=1), None],
    }

    text = dumps(body)

    assert text == reference_dumps(body)
    assert '"event_id":{"$u":"83e106f8f128442fab84a32822276779"}' in text
    assert loads(text) == body


@pytest.mark.parametrize(
    "refused",
    [time(8, 30), {(1, 2): "x"}, object(), {"$d": "not a day"}],
    ids=["a time of day", "a tuple key", "an object", "a tag around no day"],
)
def test_what_the_json_module_refused_is_still_refused(refused: Any) -> None:
    if isinstance(refused, dict) and "$d" in refused:
        with pytest.raises(ValueError):
            loads(reference_dumps(refused))
        return
    with pytest.raises(TypeError):
        reference_dumps(refused)
    with pytest.raises(TypeError):
        dumps(refused)


def test_the_fast_path_writes_the_common_shapes_without_the_json_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Entry bodies and member states never fall back: the speed is the point."""
    fell_back: list[Any] = []
    reference = timecodec._ENCODER.encode
    monkeypatch.setattr(
        timecodec._ENCODER, "encode", lambda value: fell_back.append(value) or reference(value)
    )
    state = {"cells": [[["C1", "X1", "TINH"], 738000, [[0, 1], [5, -1]]]], "stints": [["C1", 1]]}

    dumps({"event_id": UUID(int=7), "effective_on": date(2020, 1, 1), "type": Kind.ADMITTED})
    dumps(state)

    assert fell_back == []


plain_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(plain_values)
def test_a_plain_document_such_as_a_members_contribution_is_written_as_before(value: Any) -> None:
    assert timecodec.dumps_plain(value) == reference_dumps(value)


def test_a_plain_document_refuses_a_date() -> None:
    with pytest.raises(TypeError):
        timecodec.dumps_plain({"day": date(2021, 10, 5)})


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | TEXT,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_a_plain_document_is_read_back_as_the_json_module_read_it(value: Any) -> None:
    text = timecodec.dumps_plain(value)

    assert same(timecodec.loads_plain(text), reference_loads(text))
