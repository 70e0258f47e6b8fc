"""Demo admission dossiers (hồ sơ kết nạp) at every stage, some overdue: `seed_dossiers`.

Dates count back from an anchor: the demo's last day, but never later than 30 June 2025, the
last day of the district level. Up to that day the legacy tree and the reorganized one agree
(a reorganization keeps the old links, dated), so every step is valid on either tree. Nothing
about the tree is assumed: each decision goes to the body the pipeline names competent on its
day (`pipeline.competent_for`), the grassroots committee resolves only when the dossier needs it,
and the introducers are official members who qualify on their day (domain.dossier_facts).

Idempotent: each dossier is opened under a client key, and a dossier already there only gets
the steps it still lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from domain.dossier import Dossier, Votes
from domain.dossier_facts import grassroots_of, introducer_facts
from domain.profile import MemberProfile
from domain.values import COMMUNE_LEVEL_STARTED_ON, MemberStatus, add_months, probation_end
from domain.workdays import default_calendar
from services import pipeline
from services.commands import MemberRef
from services.dossier_commands import (
    AssignIntroducers,
    CompleteCourse,
    DecideAdmission,
    DecideRecognition,
    DecideStrikeOff,
    EndorseByYouthUnion,
    ExtendDeadline,
    HoldCeremony,
    OpenDossier,
    ReceiveDossier,
    RefuseAdmission,
    ResolveInCell,
    ResolveInCommittee,
    ReviewProbation,
    StepCommand,
    SubmitApplication,
    SuspendDossier,
    VerifyBackground,
    WithdrawDossier,
)
from services.pipeline_facts import UowHierarchy
from services.registry import Registry
from services.unit_of_work import UnitOfWork

RECORDED_BY = "demo:dossiers"
LAST_SHARED_DAY = COMMUNE_LEVEL_STARTED_ON - timedelta(days=1)
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

# name, sex, ethnicity, birth date, education, sector, Youth Union member
PEOPLE: tuple[tuple[str, str, str, date, str, str, bool], ...] = (
    ("Lò Văn Hùng", "male", "Thái", date(1996, 3, 14), "upper_secondary", "farmer", True),
    ("Quàng Thị Mai", "female", "Thái", date(1999, 8, 2), "college", "public_service", True),
    (
        "Nguyễn Thị Hồng Nhung",
        "female",
        "Kinh",
        date(1994, 11, 20),
        "university",
        "public_service",
        True,
    ),
    ("Cà Văn Thắng", "male", "Thái", date(1992, 5, 9), "vocational", "farmer", False),
    ("Lường Thị Thu", "female", "Thái", date(2000, 1, 27), "university", "state_agency", True),
    ("Vì Văn Dũng", "male", "Thái", date(1997, 7, 15), "upper_secondary", "armed_forces", True),
    ("Tòng Thị Hạnh", "female", "Thái", date(1995, 12, 3), "college", "public_service", True),
    ("Giàng A Páo", "male", "Mông", date(1998, 4, 21), "upper_secondary", "farmer", True),
    ("Lò Thị Xuân", "female", "Thái", date(2001, 2, 11), "college", "public_service", True),
    ("Trần Văn Đức", "male", "Kinh", date(1988, 9, 30), "university", "private_enterprise", False),
    ("Điêu Chính Tươi", "male", "Thái", date(1993, 6, 18), "university", "state_agency", True),
    ("Lầu Thị Dua", "female", "Mông", date(2000, 10, 5), "upper_secondary", "farmer", True),
    ("Bạc Cầm Hưng", "male", "Thái", date(1991, 1, 22), "vocational", "state_enterprise", False),
    ("Phạm Thị Lan Anh", "female", "Kinh", date(1996, 3, 8), "university", "public_service", True),
    ("Lò Văn Tâm", "male", "Thái", date(1999, 12, 19), "upper_secondary", "farmer", True),
    ("Cầm Thị Ngọc", "female", "Thái", date(1997, 4, 30), "college", "public_service", True),
    ("Lý A Sềnh", "male", "Mông", date(1995, 8, 14), "lower_secondary", "farmer", True),
    ("Hoàng Văn Nam", "male", "Kinh", date(1990, 2, 2), "university", "state_agency", False),
    (
        "Quàng Văn Phương",
        "male",
        "Thái",
        date(1998, 11, 11),
        "upper_secondary",
        "armed_forces",
        True,
    ),
    ("Lò Thị Hương", "female", "Thái", date(2002, 5, 25), "college", "student", True),
    ("Vừ A Dình", "male", "Mông", date(1996, 9, 9), "upper_secondary", "farmer", True),
    ("Lường Văn Quyết", "male", "Thái", date(1994, 7, 7), "vocational", "farmer", True),
    ("Tòng Văn Sơn", "male", "Thái", date(1993, 3, 3), "university", "public_service", False),
    ("Nguyễn Văn Khải", "male", "Kinh", date(1999, 6, 1), "university", "state_agency", True),
)


def candidate(index: int) -> MemberProfile:
    """A demo candidate; the `99` serial block keeps clear of the generated population's IDs."""
    name, sex, ethnicity, birth, education, sector, youth = PEOPLE[index]
    century = (0 if birth.year < 2000 else 2) + (sex == "female")
    return MemberProfile.from_dict(
        {
            "national_id": f"011{century}{birth.year % 100:02d}99{index:04d}",
            "full_name": name,
            "sex": sex,
            "birth_date": birth,
            "ethnicity": ethnicity,
            "religion": None,
            "education": education,
            "political_theory": "none",
            "youth_union": youth,
            "sector": sector,
        }
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


# -- what the steps need from the registry ------------------------------------------------


@dataclass
class Context:
    """One dossier being seeded: where, who, and the registry it is seeded in."""

    registry: Registry
    plan: Plan
    cell: str
    cells: Sequence[str]
    index: int = 0  # of the step being built: document numbers are the same on every run

    def number(self) -> int:
        return 100 + 20 * self.plan.person + self.index


def officials(registry: Registry, cell: str, day: date) -> list[UUID]:
    """Official members on a cell's roll on a day, in a stable order."""
    found = []
    for member_id in sorted(registry.get_organization(cell).roll_on(day), key=str):
        if registry.get_member(member_id).status_on(day) == MemberStatus.OFFICIAL:
            found.append(member_id)
    return found


def introducers(ctx: Context, day: date) -> tuple[MemberRef, MemberRef]:
    """Two members who qualify on the day: the dossier's cell first, then its neighbours."""
    hierarchy = UowHierarchy(UnitOfWork(ctx.registry))
    target = grassroots_of(hierarchy, ctx.cell, day)
    earliest = add_months(day, -12)
    chosen: list[UUID] = []
    for cell in [ctx.cell, *(c for c in ctx.cells if c != ctx.cell)]:
        for member_id in sorted(ctx.registry.get_organization(cell).roll_on(day), key=str):
            history = ctx.registry.get_member(member_id).history()
            facts = introducer_facts(member_id, history, hierarchy, target, day)
            if facts.qualified_since is not None and facts.qualified_since <= earliest:
                chosen.append(member_id)
            if len(chosen) == 2:
                return MemberRef(member_id=chosen[0]), MemberRef(member_id=chosen[1])
    raise RuntimeError(f"no two qualified introducers for {ctx.cell} on {day.isoformat()}")


def competent(ctx: Context, day: date) -> str:
    bodies = pipeline.competent_for(ctx.registry, ctx.cell, day)
    if not bodies:
        raise RuntimeError(f"no body is competent for {ctx.cell} on {day.isoformat()}")
    return bodies[0]


def cell_votes(ctx: Context, day: date) -> Votes:
    eligible = max(1, len(officials(ctx.registry, ctx.cell, day)))
    against = eligible // 10
    return Votes(eligible - against, against, eligible)


Builder = Callable[[Context, date], StepCommand]
BUILDERS: dict[str, Builder] = {
    "course": lambda c, on: CompleteCourse(
        on=on,
        certificate_no=f"GCN-{on.year}-{c.number():04d}",
        actor="Trung tâm Chính trị huyện Điện Biên",
    ),
    "application": lambda c, on: SubmitApplication(on=on, actor="Quần chúng"),
    "introducers": lambda c, on: AssignIntroducers(
        on=on, introducers=introducers(c, on), actor="Chi bộ", document_no=f"{c.number()}-PC/CB"
    ),
    "background": lambda c, on: VerifyBackground(
        on=on, conclusion="Lý lịch rõ ràng, đủ điều kiện", actor="Đảng ủy cơ sở"
    ),
    "youth": lambda c, on: EndorseByYouthUnion(
        on=on, actor="Đoàn Thanh niên", document_no=f"{c.number()}-NQ/ĐTN"
    ),
    "cell": lambda c, on: ResolveInCell(
        on=on, votes=cell_votes(c, on), actor="Chi bộ", document_no=f"{c.number()}-NQ/CB"
    ),
    "committee": lambda c, on: ResolveInCommittee(
        on=on, votes=Votes(9, 0, 11), actor="Đảng ủy", document_no=f"{c.number()}-NQ/ĐU"
    ),
    "received": lambda c, on: ReceiveDossier(on=on, actor="Ban Tổ chức"),
    "extend": lambda c, on: ExtendDeadline(on=on, reason=c.plan.details["extend"]),
    "decide": lambda c, on: DecideAdmission(
        on=on,
        decided_by=competent(c, on),
        document_no=f"{c.number()}-QĐ/KN",
        received_on=on + timedelta(days=3),
    ),
    "refuse": lambda c, on: RefuseAdmission(
        on=on, decided_by=competent(c, on), reason=c.plan.details["refuse"]
    ),
    "ceremony": lambda c, on: HoldCeremony(on=on, actor="Chi bộ"),
    "review": lambda c, on: ReviewProbation(
        on=on, votes=cell_votes(c, on), outcome=c.plan.outcome, actor="Chi bộ"
    ),
    "withdraw": lambda c, on: WithdrawDossier(on=on, reason=c.plan.details["withdraw"]),
    "suspend": lambda c, on: SuspendDossier(on=on, reason=c.plan.details["suspend"]),
}


def conclude(ctx: Context, on: date) -> StepCommand:
    decided_by, document = competent(ctx, on), f"{ctx.number()}-QĐ/CN"
    if ctx.plan.outcome == "recognize":
        return DecideRecognition(on=on, decided_by=decided_by, document_no=document)
    return DecideStrikeOff(
        on=on, decided_by=decided_by, document_no=document, reason=ctx.plan.details["conclude"]
    )


BUILDERS["conclude"] = conclude


def applies(step: str, dossier: Dossier) -> bool:
    if step == "youth":
        return bool(dossier.candidate_data.get("youth_union"))
    if step == "committee":
        return dossier.needs_committee_resolution
    return True


def seed_one(registry: Registry, plan: Plan, cell: str, cells: Sequence[str]) -> Dossier:
    """Open the plan's dossier (once) and record the steps it still lacks."""
    (first, opened_on), *rest = plan.steps
    assert first == "open"
    dossier = pipeline.open_dossier(
        registry,
        OpenDossier(
            cell=cell,
            candidate=candidate(plan.person),
            on=opened_on,
            actor="Chi bộ",
            client_key=f"demo/dossier/{plan.key}",
        ),
        RECORDED_BY,
    )
    ctx = Context(registry, plan, cell, cells)
    recorded = len(dossier.log) - 1
    for ctx.index, (step, on) in enumerate(rest, start=1):
        if not applies(step, dossier):
            continue
        if recorded:
            recorded -= 1
            continue
        command = BUILDERS[step](ctx, on)
        dossier = pipeline.record_step(registry, dossier.id, command, RECORDED_BY)
    return dossier


def seed_dossiers(registry: Registry, cells: Sequence[str], today: date) -> list[Dossier]:
    """Dossiers at every stage in `cells` (the first gets the most), dated back from `today`."""
    if not cells:
        return []
    anchor = anchor_of(today)
    return [
        seed_one(registry, plan, cells[plan.slot % len(cells)], cells) for plan in plans(anchor)
    ]


def anchor_of(today: date) -> date:
    """The day the demo dossiers are dated back from."""
    return min(today, LAST_SHARED_DAY)
