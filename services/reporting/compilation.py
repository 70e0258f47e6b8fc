"""The compilation an approval signs: a seam of one function, chosen at the composition root.

`Compilation` is what the approval needs of compiled forms: a digest of their content and the
headline figures (A brought forward, B increases, C decreases, D on the rolls at the end).
`compile_statistics_forms` is the compiler a deployment signs: the three statistics forms
(projections/forms, `compile_forms`), their headline read from the increases-and-decreases
form and their digest over every row of the three. `compile_headline` compiles the four
figures alone from the read door (roll-ups at the eve of the period and at its end, flows
over it): a lighter compiler for a registry built without the forms. services.wiring installs
the compiler on the registry (`install`); the handlers ask it back with `compiler_of`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.reporting.approval import Headline
from domain.reporting.period import Period, Structure
from projections.forms.compiled import CompiledForms
from projections.forms.compiler import compile_forms
from projections.queries import Queries
from services.config import TIMEZONE


class Compilation(Protocol):
    """What an approval needs of a compiled report."""

    @property
    def brought_forward(self) -> int: ...

    @property
    def increases(self) -> int | None: ...

    @property
    def decreases(self) -> int | None: ...

    @property
    def at_end(self) -> int: ...

    def digest(self) -> str: ...


Compiler = Callable[[Queries, str, Period, Structure, "datetime | None"], Compilation]


def headline_of(compiled: Compilation) -> Headline:
    return Headline(
        compiled.brought_forward, compiled.increases, compiled.decreases, compiled.at_end
    )


@dataclass(frozen=True)
class HeadlineCompilation:
    """The four headline figures of one organization's report, as known at one instant."""

    org: str
    period: Period
    structure: Structure
    brought_forward: int
    increases: int | None
    decreases: int | None
    at_end: int

    def canonical(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "period": self.period.key,
            "structure": self.structure.value,
            "brought_forward": self.brought_forward,
            "increases": self.increases,
            "decreases": self.decreases,
            "at_end": self.at_end,
        }

    def digest(self) -> str:
        """SHA-256 of the canonical JSON (sorted keys, no spaces): equal figures, equal digest."""
        text = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def compile_headline(
    queries: Queries,
    org: str,
    period: Period,
    structure: Structure,
    known_at: datetime | None = None,
) -> HeadlineCompilation:
    """A: the subtree's roll at the end of the eve of the period; D: at the end of its last day;
    B and C: the flows dated within it (admitted, readmitted, transferred in; died, expelled,
    struck off, annulled, transferred out). Restated onto the tree of the day `known_at` falls
    on (today by default), A and D are the restated roll-ups; B and C are left to the forms,
    which count the flows of each predecessor (None here: not counted, never guessed)."""
    if structure is Structure.RESTATED:
        on = (known_at or queries.now()).astimezone(TIMEZONE).date()
        before = queries.restated(org, period.brought_forward_on, on, known_at, depth=0)
        after = queries.restated(org, period.end, on, known_at, depth=0)
        return HeadlineCompilation(
            org, period, structure, before.then.total, None, None, after.then.total
        )
    brought = queries.rollup(org, period.brought_forward_on, known_at, depth=0).total
    flows = queries.flows(org, period.start, period.end, known_at)
    increases = flows.admitted + flows.readmitted + flows.transferred_in
    decreases = (
        flows.died + flows.expelled + flows.struck_off + flows.annulled + flows.transferred_out
    )
    at_end = queries.rollup(org, period.end, known_at, depth=0).total
    return HeadlineCompilation(org, period, structure, brought, increases, decreases, at_end)


# The increases-and-decreases form (tăng, giảm đảng viên) and its rows A, B, C, D.
CHANGES_FORM = "tang_giam"


@dataclass(frozen=True)
class FormsCompilation:
    """The three statistics forms as an approval signs them: the headline from the
    increases-and-decreases form, the digest over every row of the three forms."""

    forms: CompiledForms

    def _figure(self, row: str) -> int:
        value = self.forms.form(CHANGES_FORM).value(row)
        if not isinstance(value, int):
            raise ValueError(f"row {row} of {CHANGES_FORM} is not a count: {value!r}")
        return value

    @property
    def brought_forward(self) -> int:
        return self._figure("A")

    @property
    def increases(self) -> int | None:
        return self._figure("B")

    @property
    def decreases(self) -> int | None:
        return self._figure("C")

    @property
    def at_end(self) -> int:
        return self._figure("D")

    def digest(self) -> str:
        return self.forms.digest()


def compile_statistics_forms(
    queries: Queries,
    org: str,
    period: Period,
    structure: Structure,
    known_at: datetime | None = None,
) -> FormsCompilation:
    """The forms of `org` for `period` under `structure`, as known at `known_at`."""
    return FormsCompilation(compile_forms(queries, org, period, structure, known_at))


def install(registry: Any, compiler: Compiler) -> None:
    """The composition root's choice of compiler, kept on the registry for the handlers."""
    registry.report_compiler = compiler


def compiler_of(registry: Any) -> Compiler:
    """The compiler installed on the registry by services.wiring.build_registry."""
    found: Compiler | None = getattr(registry, "report_compiler", None)
    if found is None:
        raise RuntimeError("no report compiler installed: build the registry with build_registry")
    return found
