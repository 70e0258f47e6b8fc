"""A form's layout read from its declarative file (definitions/*.toml): rows, their definitions.

Each file is one form: its code, title, the rows in order and the checks that must hold
(A + B − C = D). A row says what it counts, never how: members on the rolls on a day
(`stock`), events of the period (`events`), members carried by reorganizations (`carries`), a
signed sum of other rows (`sum`), the grassroots organizations that admitted someone
(`grassroots`), or a mean age (`mean_age`); and which of them, by event reason, the
transfer's other side, the member's status, attributes read by name (`where`), age bands and
admission eras. A province corrects a row by editing its file; a file that names something
unknown is refused with the form, the row and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from domain.errors import InvalidValue
from domain.roll.values import EventType, MemberStatus, StrikeOffReason

FOLDER = Path(__file__).with_name("definitions")
KINDS = ("heading", "stock", "events", "carries", "sum", "grassroots", "mean_age")
STOCK_DAYS = ("start", "end")  # the eve of the period (brought forward) or its last day
COUNTERPARTS = ("inside", "outside")  # a transfer's other side: in the province or beyond it
DIRECTIONS = ("in", "out")
ROW_KEYS = frozenset(
    {
        "code",
        "label",
        "kind",
        "on",
        "events",
        "reasons",
        "not_reasons",
        "counterpart",
        "status",
        "where",
        "unknown",
        "age_min",
        "age_max",
        "admitted_from",
        "admitted_to",
        "terms",
        "direction",
        "level",
        "note",
    }
)


@dataclass(frozen=True)
class Condition:
    """An attribute read by name: equal to one of `values`."""

    field: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class RowDefinition:
    """One row of a form and what it counts (see the module's docstring)."""

    code: str
    label: str
    kind: str
    on: str = "end"
    events: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    not_reasons: tuple[str, ...] = ()
    counterpart: str | None = None
    status: str | None = None  # stock: on the day; events: on the eve of the event
    where: tuple[Condition, ...] = ()
    unknown: str | None = None  # members for whom this attribute is not recorded
    age_min: int | None = None  # full years on the day counted (the event's, or the stock's)
    age_max: int | None = None
    admitted_from: date | None = None  # the first admission (ceremony) day, an era
    admitted_to: date | None = None
    terms: tuple[tuple[str, int], ...] = ()  # sum: (row code, sign)
    direction: str | None = None  # carries: in or out
    level: int = 0  # indentation: 1 for "of which" rows
    note: str | None = None

    @property
    def counts_members(self) -> bool:
        return self.kind in ("stock", "events", "mean_age", "grassroots")


@dataclass(frozen=True)
class Check:
    """`terms` (row code, sign) add up to the row `equals`, in every column."""

    label: str
    terms: tuple[tuple[str, int], ...]
    equals: str


@dataclass(frozen=True)
class FormDefinition:
    code: str
    title: str
    subtitle: str
    rows: tuple[RowDefinition, ...]
    checks: tuple[Check, ...]
    source: str  # the file's name, for the messages

    def row(self, code: str) -> RowDefinition:
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(code)


ORDER = ("tang_giam", "ket_nap", "doi_ngu")  # the forms in the order they are printed


@cache
def standard_forms() -> tuple[FormDefinition, ...]:
    """The three forms shipped with Sổ Đảng, in their printed order."""
    found = {form.code: form for form in (load(path) for path in sorted(FOLDER.glob("*.toml")))}
    ordered = [found.pop(code) for code in ORDER if code in found]
    return (*ordered, *(found[code] for code in sorted(found)))


def load(path: Path) -> FormDefinition:
    with path.open("rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise InvalidValue(f"form {path.name}", f"is not valid TOML: {error}") from None
    return parse(data, path.name)


def parse(data: dict[str, Any], source: str) -> FormDefinition:
    for key in ("code", "title", "rows"):
        if key not in data:
            raise InvalidValue(f"form {source}", f"needs `{key}`")
    rows = tuple(_row(raw, source, i) for i, raw in enumerate(data["rows"]))
    codes = [row.code for row in rows]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise InvalidValue(f"form {source}", f"row code {duplicates[0]} is used twice")
    known = set(codes)
    for row in rows:
        for code, _ in row.terms:
            if code not in known:
                raise InvalidValue(f"form {source} row {row.code}", f"sums an unknown row {code}")
    checks = tuple(_check(raw, source, known) for raw in data.get("checks", []))
    return FormDefinition(
        str(data["code"]), str(data["title"]), str(data.get("subtitle", "")), rows, checks, source
    )


def _row(raw: dict[str, Any], source: str, index: int) -> RowDefinition:
    where = f"form {source} row {raw.get('code', index + 1)}"
    unknown_keys = sorted(set(raw) - ROW_KEYS)
    if unknown_keys:
        raise InvalidValue(where, f"has an unknown key `{unknown_keys[0]}`")
    for key in ("code", "label", "kind"):
        if key not in raw:
            raise InvalidValue(where, f"needs `{key}`")
    kind = raw["kind"]
    _one_of(where, "kind", kind, KINDS)
    _one_of(where, "on", raw.get("on", "end"), STOCK_DAYS)
    events = tuple(raw.get("events", ()))
    for event in events:
        _one_of(where, "events", event, [e.value for e in EventType])
    reasons = (*raw.get("reasons", ()), *raw.get("not_reasons", ()))
    for reason in reasons:
        _one_of(where, "reasons", reason, [r.value for r in StrikeOffReason])
    if raw.get("counterpart") is not None:
        _one_of(where, "counterpart", raw["counterpart"], COUNTERPARTS)
    if raw.get("status") is not None:
        _one_of(where, "status", raw["status"], [s.value for s in MemberStatus])
    if kind in ("events", "grassroots", "mean_age") and not events and "on" not in raw:
        raise InvalidValue(where, "needs `events` (or `on` for a mean age of the rolls)")
    if kind == "carries":
        _one_of(where, "direction", raw.get("direction"), DIRECTIONS)
    terms = tuple((str(code), int(sign)) for code, sign in raw.get("terms", {}).items())
    if kind == "sum" and not terms:
        raise InvalidValue(where, "a sum needs `terms`")
    conditions = tuple(_condition(item, where) for item in raw.get("where", ()))
    return RowDefinition(
        code=str(raw["code"]),
        label=str(raw["label"]),
        kind=kind,
        on=raw.get("on", "end"),
        events=events,
        reasons=tuple(raw.get("reasons", ())),
        not_reasons=tuple(raw.get("not_reasons", ())),
        counterpart=raw.get("counterpart"),
        status=raw.get("status"),
        where=conditions,
        unknown=raw.get("unknown"),
        age_min=_int(where, "age_min", raw.get("age_min")),
        age_max=_int(where, "age_max", raw.get("age_max")),
        admitted_from=_day(where, "admitted_from", raw.get("admitted_from")),
        admitted_to=_day(where, "admitted_to", raw.get("admitted_to")),
        terms=terms,
        direction=raw.get("direction"),
        level=int(raw.get("level", 0)),
        note=raw.get("note"),
    )


def _condition(item: Any, where: str) -> Condition:
    if not isinstance(item, dict) or "field" not in item:
        raise InvalidValue(where, "each `where` needs a `field`")
    if "value" in item:
        values: tuple[Any, ...] = (item["value"],)
    elif "values" in item:
        values = tuple(item["values"])
    else:
        raise InvalidValue(where, f"`where` on {item['field']} needs `value` or `values`")
    return Condition(str(item["field"]), values)


def _check(raw: dict[str, Any], source: str, known: set[str]) -> Check:
    where = f"form {source} check {raw.get('label', '')}".strip()
    if "terms" not in raw or "equals" not in raw:
        raise InvalidValue(where, "needs `terms` and `equals`")
    terms = tuple((str(code), int(sign)) for code, sign in raw["terms"].items())
    for code in [*(c for c, _ in terms), raw["equals"]]:
        if code not in known:
            raise InvalidValue(where, f"names an unknown row {code}")
    return Check(str(raw.get("label", "")), terms, str(raw["equals"]))


def _one_of(where: str, key: str, value: Any, allowed: Any) -> None:
    if value not in allowed:
        raise InvalidValue(where, f"`{key}` must be one of: {', '.join(map(str, allowed))}")


def _int(where: str, key: str, value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValue(where, f"`{key}` must be a whole number")
    return value


def _day(where: str, key: str, value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(where, f"`{key}` must be a day (YYYY-MM-DD)") from None
