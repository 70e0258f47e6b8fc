"""Compile the forms of an organization for a period, from the log as known at an instant.

One snapshot of the read side: the tree (as known at `known_at`), then every member with an
entry in the organizations the scope holds, folded as the figures fold them. Each form is
evaluated for the period and for the same period last year, with the ratio of the two, and
its checks (A + B − C = D) are worked out in both columns. As structured, a day's figures are
those of the organization's subtree on that day (what the roll-ups read); restated, those of
the rolls that the organization of `structure_on` carries on (the restated roll-ups): today's,
or the day `known_at` names, so that a compilation known at an instant is reproduced exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from domain.errors import InvalidValue, NotFound
from domain.reporting.period import Period, Structure
from domain.time_zone import TIMEZONE
from projections.forms import evaluate
from projections.forms.compiled import (
    LAST_YEAR,
    RATIO,
    THIS,
    CheckResult,
    Column,
    CompiledForm,
    CompiledForms,
    CompiledRow,
    UnknownCount,
    Value,
)
from projections.forms.definitions import FormDefinition, standard_forms
from projections.forms.facts import read_members
from projections.forms.scope import Restated, Scope, Structured
from projections.queries import Queries
from projections.results import percent
from projections.store.timecodec import to_us
from projections.structure.hierarchy import Hierarchy

COLUMN_LABELS = {
    THIS: "Kỳ báo cáo",
    LAST_YEAR: "Cùng kỳ năm trước",
    RATIO: "Tỷ lệ so với cùng kỳ (%)",
}


def compile_forms(
    queries: Queries,
    org: str,
    period: Period,
    structure: Structure = Structure.AS_STRUCTURED,
    known_at: datetime | None = None,
    definitions: Sequence[FormDefinition] | None = None,
    readable: Callable[[list[str], date], bool] | None = None,
) -> CompiledForms:
    """The forms of `org` for `period` under `structure`, as known at `known_at` (default now).

    With `readable`, the organizations whose figures are counted on each stretch of days must
    all pass it (else NotFound, as for an unknown code): the reader's reach."""
    moment = known_at or queries.now()
    if moment.tzinfo is None:
        raise InvalidValue("known_at", "must carry a time zone")
    known = moment.astimezone(UTC)
    view = None if known_at is None else to_us(known)
    chosen = tuple(definitions) if definitions is not None else standard_forms()
    last_year = period.same_period_last_year()
    with queries.snapshot(view) as s:
        h = s.hierarchy
        if org not in h.orgs:
            raise NotFound("organization", org)
        scope, structure_on = _scope(h, org, period, last_year, structure, known, queries)
        if readable is not None:
            for day in scope.days(last_year.brought_forward_on):
                if not readable(scope.attributed(day), day):
                    raise NotFound("organization", org)
        everyone = structure is Structure.AS_STRUCTURED and _is_root(h, org)
        orgs = None if everyone else scope.orgs()
        members = read_members(s, orgs, to_us(known), known)
        position = s.position
        this = evaluate.Evaluation(members, scope, evaluate.Span(period.start, period.end))
        before = evaluate.Evaluation(members, scope, evaluate.Span(last_year.start, last_year.end))
        forms = tuple(_form(d, this.form(d), before.form(d)) for d in chosen)
        name = h.name_on(org, structure_on)
    columns = (
        Column(THIS, COLUMN_LABELS[THIS], period.start, period.end),
        Column(LAST_YEAR, COLUMN_LABELS[LAST_YEAR], last_year.start, last_year.end),
        Column(RATIO, COLUMN_LABELS[RATIO], None, None),
    )
    return CompiledForms(
        org, name, period, structure, structure_on, known, position, columns, forms
    )


def _scope(
    h: Hierarchy,
    org: str,
    period: Period,
    last_year: Period,
    structure: Structure,
    known: datetime,
    queries: Queries,
) -> tuple[Scope, date]:
    if structure is Structure.AS_STRUCTURED:
        return Structured(h, org, last_year.start, period.end), period.end
    structure_on = min(queries.today(), known.astimezone(TIMEZONE).date())
    if not h.exists_on(org, structure_on):
        raise InvalidValue("structure", f"{org} does not exist today: restate onto one that does")
    return Restated(h, org, last_year.start, period.end, structure_on), structure_on


def _is_root(h: Hierarchy, org: str) -> bool:
    """Whether the organization never hangs under another (the province): every member is its."""
    return all(link.parent is None for link in h.links.get(org, ()))


def _form(
    definition: FormDefinition, this: dict[str, Value], before: dict[str, Value]
) -> CompiledForm:
    rows = tuple(
        CompiledRow(
            row.code,
            row.label,
            row.kind,
            row.level,
            (this[row.code], before[row.code], _ratio(row.kind, this[row.code], before[row.code])),
            row.note,
        )
        for row in definition.rows
    )
    checks = tuple(
        CheckResult(
            check.label,
            column,
            sum(sign * int(values[code] or 0) for code, sign in check.terms),
            int(values[check.equals] or 0),
        )
        for check in definition.checks
        for column, values in ((THIS, this), (LAST_YEAR, before))
    )
    unknown: list[UnknownCount] = []
    heading = ""
    for row in definition.rows:
        if row.kind == "heading":
            heading = row.label
        elif row.unknown is not None:
            count = int(this[row.code] or 0)
            unknown.append(UnknownCount(row.unknown, row.code, heading or row.label, count))
    return CompiledForm(
        definition.code, definition.title, definition.subtitle, rows, checks, tuple(unknown)
    )


def _ratio(kind: str, this: Value, before: Value) -> Value:
    if kind in ("heading", "mean_age") or this is None or before is None:
        return None
    return percent(int(this), int(before))
