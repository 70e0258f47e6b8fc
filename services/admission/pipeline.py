"""The admission pipeline's reads, for the adapters (web, CLI, demo) in one import.

Writes go through the front door (services/front_door: OpenAdmissionDossier,
RecordDossierStep and the settings commands), which runs the wing's functions in one unit
of work: opening.py (the dossier and its indexes), steps.py (every later step; ceremony.py
for those that also write the roll), settings_changes.py (the pipeline settings). The dossier,
its indexes and, for the ceremony, the recognition and the striking off, the organization's
roll and the member's stream are saved together, so the pipeline and the roll can never
disagree. A refusal (RuleViolation, InvalidValue, NotFound) stores nothing at all.

The reads come from services/admission/queries.py, re-exported here.
"""

from __future__ import annotations

from domain.admission.dossier import Step
from services.admission.opening import dossier_for_key
from services.admission.queries import (
    Scope,
    admitted_count,
    competent_for,
    dossiers_of,
    dossiers_of_person,
    forecast,
    get_dossier,
    scope,
    settings_for,
    workdays_calendar,
    yearly_plans,
)

__all__ = [
    "Scope",
    "Step",
    "admitted_count",
    "competent_for",
    "dossier_for_key",
    "dossiers_of",
    "dossiers_of_person",
    "forecast",
    "get_dossier",
    "scope",
    "settings_for",
    "workdays_calendar",
    "yearly_plans",
]
