"""When a report is due (hạn nộp báo cáo), by the kind of its period.

Guideline 11-HD/BTCTW asks for the half-year and the year figures without fixing a day in the
text we could read; provinces commonly set the 15th of the month after the period. This is
that setting, in one place: the first half (to 30 June) is due on 15 July, the year (to
31 December) on 15 January of the next year, any other span 15 days after its last day. A
report not approved by the end of its due day is late (chậm).
"""

from __future__ import annotations

from datetime import date, timedelta

from domain.reporting.period import Period, PeriodKind

# Days after the period's last day; 15 July and 15 January for the half-year and the year.
DUE_AFTER_DAYS: dict[PeriodKind, int] = {
    PeriodKind.FIRST_HALF: 15,
    PeriodKind.YEAR: 15,
    PeriodKind.SPAN: 15,
}


def due_on(period: Period) -> date:
    """The last day the report may be approved on without being late."""
    return period.end + timedelta(days=DUE_AFTER_DAYS[period.kind])


def is_late(period: Period, approved: bool, today: date) -> bool:
    """Late: not approved and its due day is over."""
    return not approved and today > due_on(period)
