"""Demo admission dossiers (hồ sơ kết nạp) at every stage, some overdue: `seed_dossiers`.

The dossiers themselves (people, cells, days) are planned in services/demo/dossier_plans.py.

Dates count back from an anchor: the demo's last day, but never later than 30 June 2025, the
last day of the district level. Up to that day the legacy tree and the reorganized one agree
(a reorganization keeps the old links, dated), so every step is valid on either tree. Nothing
about the tree is assumed: each decision goes to the body the pipeline names competent on its
day (`pipeline.competent_for`), the grassroots committee resolves only when the dossier needs it,
and the introducers are official members who qualify on their day (domain.admission.facts).

Idempotent: each dossier is opened under a client key, and a dossier already there only gets
the steps it still lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from domain.admission.dossier import Dossier, Votes
from domain.admission.facts import grassroots_of, introducer_facts
from domain.roll.values import COMMUNE_LEVEL_STARTED_ON, MemberStatus, add_months
from services.admission import pipeline
from services.admission.commands import (
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
from services.admission.facts import UowHierarchy
from services.demo.candidates import candidate
from services.demo.dossier_plans import Plan, plans
from services.demo.recorders import DOSSIERS_BY
from services.front_door.bus import handle
from services.front_door.commands import OpenAdmissionDossier, RecordDossierStep
from services.registry import Registry
from services.roll.commands import MemberRef
from services.unit_of_work import UnitOfWork

RECORDED_BY = DOSSIERS_BY
LAST_SHARED_DAY = COMMUNE_LEVEL_STARTED_ON - timedelta(days=1)


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
            facts = introducer_facts(member_id, history, hierarchy, target, day, ctx.cell)
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
    opening = OpenDossier(
        cell=cell,
        candidate=candidate(plan.person),
        on=opened_on,
        actor="Chi bộ",
        client_key=f"demo/dossier/{plan.key}",
    )
    dossier: Dossier = handle(
        registry, OpenAdmissionDossier(opening), recorded_by=RECORDED_BY
    ).results[0]
    ctx = Context(registry, plan, cell, cells)
    recorded = len(dossier.log) - 1
    for ctx.index, (step, on) in enumerate(rest, start=1):
        if not applies(step, dossier):
            continue
        if recorded:
            recorded -= 1
            continue
        command = BUILDERS[step](ctx, on)
        step_ = RecordDossierStep(dossier.id, command)
        dossier = handle(registry, step_, recorded_by=RECORDED_BY).results[0]
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
    """The day the demo dossiers are dated back from: the last day of the loaded history (a
    demo stopped before the 2025 reform passes 30 June 2025; one continued after it, today)."""
    return today
