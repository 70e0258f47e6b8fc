"""A compiled set of forms: typed records (forms -> rows -> columns) and their digest.

The digest is the sha256 of a canonical JSON of what the forms say (the organization, the
period, the structure, the instant they are known at, every row's values and the checks),
not of the log position they were read at: the same compilation asked again with the same
`known_at` gives the same digest, which is what an approval records and checks later.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.reporting.period import Period, Structure

Value = int | float | None

THIS, LAST_YEAR, RATIO = "this_period", "same_period_last_year", "ratio_percent"


@dataclass(frozen=True)
class Column:
    key: str  # this_period | same_period_last_year | ratio_percent
    label: str
    start: date | None  # the span counted (None for the ratio)
    end: date | None


@dataclass(frozen=True)
class CompiledRow:
    code: str
    label: str
    kind: str
    level: int
    values: tuple[Value, ...]  # one per column
    note: str | None = None


@dataclass(frozen=True)
class CheckResult:
    """A check of the form (A + B − C = D) in one column: both sides and whether they agree."""

    label: str
    column: str
    left: int
    right: int

    @property
    def holds(self) -> bool:
        return self.left == self.right


@dataclass(frozen=True)
class UnknownCount:
    """Members of the period's column whose attribute is not recorded (chưa có dữ liệu)."""

    field: str
    row: str
    label: str  # the breakdown's heading (Chia theo nghề nghiệp...)
    count: int


@dataclass(frozen=True)
class CompiledForm:
    code: str
    title: str
    subtitle: str
    rows: tuple[CompiledRow, ...]
    checks: tuple[CheckResult, ...]
    unknown: tuple[UnknownCount, ...]

    @property
    def balanced(self) -> bool:
        return all(check.holds for check in self.checks)

    def row(self, code: str) -> CompiledRow:
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(code)

    def value(self, code: str, column: int = 0) -> Value:
        return self.row(code).values[column]


@dataclass(frozen=True)
class CompiledForms:
    org: str
    org_name: str
    period: Period
    structure: Structure
    structure_on: date  # the tree the figures are attributed to (the period's end, or today's)
    known_at: datetime
    position: int  # the log position the reads stood at (not part of the digest)
    columns: tuple[Column, ...]
    forms: tuple[CompiledForm, ...]

    @property
    def balanced(self) -> bool:
        return all(form.balanced for form in self.forms)

    def form(self, code: str) -> CompiledForm:
        for form in self.forms:
            if form.code == code:
                return form
        raise KeyError(code)

    def content(self) -> dict[str, Any]:
        """What the forms say, in plain JSON values (the digest's input)."""
        return {
            "org": self.org,
            "period": self.period.key,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "structure": self.structure.value,
            "structure_on": self.structure_on.isoformat(),
            "known_at": self.known_at.isoformat(),
            "columns": [column.key for column in self.columns],
            "forms": [
                {
                    "code": form.code,
                    "rows": [[row.code, row.label, list(row.values)] for row in form.rows],
                    "checks": [[c.label, c.column, c.left, c.right] for c in form.checks],
                }
                for form in self.forms
            ],
        }

    def digest(self) -> str:
        """SHA-256 of the content without the instant it was asked at: the same figures compiled
        again later (prepared, then approved; reproduced at an audit) give the same digest."""
        content = {key: value for key, value in self.content().items() if key != "known_at"}
        text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
