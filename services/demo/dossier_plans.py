"""The demo's admission dossiers as plans: who, in which cell slot, which steps on which days.

Each plan is dated back from an anchor day (services/demo/dossiers.py chooses it) so that, on
that day, the dossiers stand at every stage, some overdue and some due within 7 days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.admission.workdays import default_calendar
from domain.roll.values import add_months, probation_end

MAIN = (
    "open",
    "course",
    "application",
    "introducers",
    "background",
    "youth",
    "cell",
    "committee",
    "received",
    "decide",
    "ceremony",
    "review",
    "conclude",
)

# -- dates -------------------------------------------------------------------------------


def weekday(day: date) -> date:
    """The day itself, or the Friday before it when it falls on a weekend."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def start_for(due: date, working_days: int) -> date:
    """The latest start whose `working_days`-th working day falls on or before `due`."""
    calendar = default_calendar()
    start = due
    while calendar.add(start, working_days) > due:
        start -= timedelta(days=1)
    return weekday(start)


def path_dates(cell_on: date, decide_on: date | None = None) -> dict[str, date]:
    """The main path around the cell's resolution; decision, ceremony and probation after it."""
    cell_on = weekday(cell_on)
    dates = {
        "open": weekday(cell_on - timedelta(days=200)),
        "course": weekday(cell_on - timedelta(days=150)),
        "application": weekday(cell_on - timedelta(days=60)),
        "introducers": weekday(cell_on - timedelta(days=50)),
        "background": weekday(cell_on - timedelta(days=30)),
        "youth": weekday(cell_on - timedelta(days=25)),
        "cell": cell_on,
        "committee": cell_on + timedelta(days=7),
        "received": weekday(cell_on + timedelta(days=10)),
    }
    decide = weekday(decide_on or cell_on + timedelta(days=45))
    ceremony = weekday(decide + timedelta(days=14))
    review = weekday(probation_end(ceremony) + timedelta(days=7))
    return {
        **dates,
        "decide": decide,
        "ceremony": ceremony,
        "review": review,
        "conclude": weekday(review + timedelta(days=14)),
    }


def around_ceremony(ceremony: date, **changes: date) -> dict[str, date]:
    """The main path of a dossier whose ceremony was on a given day."""
    ceremony = weekday(ceremony)
    decide = weekday(ceremony - timedelta(days=14))
    dates = {**path_dates(decide - timedelta(days=45), decide), "ceremony": ceremony}
    review = changes.get("review") or weekday(probation_end(ceremony) + timedelta(days=7))
    return {**dates, "review": review, "conclude": weekday(review + timedelta(days=14)), **changes}


@dataclass(frozen=True)
class Plan:
    """One demo dossier: its key, cell slot, candidate and steps (name, day) in order."""

    key: str
    slot: int
    person: int
    steps: tuple[tuple[str, date], ...]
    outcome: str = "recognize"
    details: dict[str, str] = field(default_factory=dict)


def until(
    dates: dict[str, date], last: str, *extra: tuple[str, date]
) -> tuple[tuple[str, date], ...]:
    """The main path up to `last`, then the extra steps."""
    steps = []
    for name in MAIN:
        steps.append((name, dates[name]))
        if name == last:
            break
    return (*steps, *extra)


def plans(anchor: date) -> list[Plan]:
    """Dossiers at every stage on `anchor`; some overdue, some due within 7 days."""
    a = anchor
    days = timedelta

    def before(n: int) -> date:
        return weekday(a - days(days=n))

    soon_decision = start_for(a + days(days=4), 60)
    soon_ceremony = start_for(a + days(days=4), 30)
    soon_review = start_for(a + days(days=4), 30)
    soon_papers = weekday(add_months(a + days(days=4), -12))
    stale_papers = weekday(add_months(a - days(days=25), -12))
    papers = {"course": -35, "introducers": 10, "background": 25}
    soon = {k: weekday(soon_papers + days(days=v)) for k, v in papers.items()}
    stale = {k: weekday(stale_papers + days(days=v)) for k, v in papers.items()}
    return [
        Plan("source-new", 0, 0, (("open", before(12)),)),
        Plan("source-old", 3, 1, (("open", before(190)),)),
        Plan("course-only", 5, 2, (("open", before(160)), ("course", before(130)))),
        Plan(
            "papers-due-soon",
            0,
            3,
            (
                ("open", soon["course"] - days(days=30)),
                ("course", soon["course"]),
                ("application", soon_papers),
                ("introducers", soon["introducers"]),
                ("background", soon["background"]),
            ),
        ),
        Plan(
            "papers-stale",
            7,
            4,
            (
                ("open", stale["course"] - days(days=30)),
                ("course", stale["course"]),
                ("application", stale_papers),
                ("introducers", stale["introducers"]),
            ),
        ),
        Plan("at-committee", 1, 5, until(path_dates(before(9)), "cell")),
        Plan("decision-fresh", 0, 6, until(path_dates(before(35)), "received")),
        Plan("decision-due-soon", 2, 7, until(path_dates(soon_decision), "received")),
        Plan("decision-overdue", 0, 8, until(path_dates(before(130)), "received")),
        Plan(
            "decision-extended",
            4,
            9,
            until(path_dates(before(100)), "received", ("extend", before(20))),
            details={"extend": "Chờ kết quả thẩm tra bổ sung lý lịch người thân ở tỉnh Lai Châu"},
        ),
        Plan("ceremony-fresh", 0, 10, until(path_dates(before(70), before(12)), "decide")),
        Plan("ceremony-overdue", 6, 11, until(path_dates(before(130), before(60)), "decide")),
        Plan(
            "ceremony-due-soon",
            8,
            12,
            until(
                path_dates(soon_ceremony - days(days=60), soon_ceremony - days(days=3)), "decide"
            ),
        ),
        Plan("probation", 0, 13, until(path_dates(before(200)), "ceremony")),
        Plan(
            "review-overdue",
            0,
            14,
            until(around_ceremony(add_months(before(60), -12)), "ceremony"),
        ),
        Plan(
            "review-due-soon",
            9,
            15,
            until(around_ceremony(add_months(soon_review, -12)), "ceremony"),
        ),
        Plan(
            "recognition-pending",
            10,
            16,
            until(around_ceremony(add_months(before(40), -12), review=before(30)), "review"),
        ),
        Plan(
            "recognition-overdue",
            2,
            17,
            until(around_ceremony(add_months(before(90), -12), review=before(75)), "review"),
        ),
        Plan("official", 0, 18, until(around_ceremony(add_months(before(120), -12)), "conclude")),
        Plan(
            "official-earlier",
            11,
            19,
            until(around_ceremony(add_months(before(300), -12)), "conclude"),
        ),
        Plan(
            "struck-off",
            3,
            20,
            until(around_ceremony(add_months(before(100), -12)), "conclude"),
            outcome="strike_off",
            details={"conclude": "Không đủ tư cách đảng viên khi hết thời gian dự bị"},
        ),
        Plan(
            "refused",
            1,
            21,
            until(path_dates(before(120)), "received", ("refuse", before(40))),
            details={"refuse": "Chưa đủ tiêu chuẩn: chưa gương mẫu chấp hành chính sách dân số"},
        ),
        Plan(
            "withdrawn",
            5,
            22,
            (
                ("open", before(300)),
                ("course", before(270)),
                ("application", before(240)),
                ("withdraw", before(150)),
            ),
            details={"withdraw": "Chuyển đi làm ăn xa, xin rút hồ sơ"},
        ),
        Plan(
            "suspended",
            0,
            23,
            until(path_dates(before(60)), "received", ("suspend", before(25))),
            details={"suspend": "Đang xác minh đơn phản ánh về người thân"},
        ),
    ]
