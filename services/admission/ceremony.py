"""The steps that also write the roll: the ceremony admits, the probation's end recognizes
or strikes off, in the same unit of work as the dossier's step.

The roll event goes through the roll's own handler with a key of the dossier's, so a step
retried after a conflict cannot record it twice.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.admission.dossier import Dossier, Step
from domain.roll.member import Member
from domain.roll.values import EventType, Ids, StrikeOffReason, probation_end
from services.admission.commands import DecideRecognition, DecideStrikeOff, HoldCeremony
from services.admission.facts import competent_in, former_membership_left_on
from services.admission.queries import workdays_calendar
from services.roll.commands import Admit, Decision, MemberRef, Readmit, Recognize, Remove
from services.roll.handlers import handle
from services.unit_of_work import UnitOfWork

Common = dict[str, Any]


def probationer_id(ids: Ids, d: Dossier) -> UUID:
    """The member the ceremony admitted (or would admit)."""
    ceremony = d.latest(Step.CEREMONY_HELD) or {}
    member_id: UUID = ceremony.get("member_id") or ids.member(d.candidate.national_id)
    return member_id


def probation_org(d: Dossier, member: Member | None) -> str:
    """Where the probation ends: the roll the member is on now (they may have moved)."""
    current = member.history().current if member is not None else None
    return current.org if current is not None else d.cell


def hold_ceremony(uow: UnitOfWork, d: Dossier, c: HoldCeremony, common: Common) -> None:
    """The ceremony and the admission on the roll (Admit, or Readmit for a former member)."""
    d.check_can_hold_ceremony(c.on, uow.today, c.late_approval, workdays_calendar())
    decided = d.latest(Step.DECIDED) or {}
    resolved = d.latest(Step.CELL_RESOLVED) or {}
    values: dict[str, Any] = {
        "member": MemberRef(profile=d.candidate),
        "effective_on": c.on,
        "decision": Decision(decided["document_no"], decided["on"], decided["decided_by"]),
        "note": f"dossier {d.id}",
        "provincial_approval": resolved.get("provincial_approval"),
        "considered_on": resolved.get("on"),
    }
    member = uow.member(uow.ids.member(d.candidate.national_id))
    admit = Readmit(**values) if former_membership_left_on(member) else Admit(**values)
    receipt = handle(
        uow,
        d.cell,
        admit,
        recorded_by=common["recorded_by"],
        client_key=f"dossier/{d.id}/{Step.CEREMONY_HELD.value}",
    )
    assert receipt.member_id is not None
    d.hold_ceremony(
        roll_event_id=receipt.event_id,
        member_id=receipt.member_id,
        late_approval=c.late_approval,
        **common,
    )


def conclude_probation(
    uow: UnitOfWork, d: Dossier, c: DecideRecognition | DecideStrikeOff, common: Common
) -> None:
    """Recognition or striking off, on the roll the member is on now (they may have moved)."""
    ceremony = d.latest(Step.CEREMONY_HELD) or {}
    member_id = probationer_id(uow.ids, d)
    org = probation_org(d, uow.member(member_id))
    competent = competent_in(uow, org, c.on)
    d.check_can_conclude(c.step, c.on, c.decided_by, competent, uow.today)
    decision = Decision(c.document_no, c.on, c.decided_by)
    roll_command: Recognize | Remove
    if isinstance(c, DecideRecognition):
        ends = probation_end(ceremony["on"])
        roll_command = Recognize(MemberRef(member_id=member_id), ends, decision, c.note)
    else:
        roll_command = Remove(
            MemberRef(member_id=member_id),
            c.on,
            decision,
            c.note,
            removal=EventType.STRUCK_OFF,
            reason=StrikeOffReason.FAILED_PROBATION,
        )
    key = f"dossier/{d.id}/{c.step.value}"
    receipt = handle(uow, org, roll_command, recorded_by=common["recorded_by"], client_key=key)
    if isinstance(c, DecideRecognition):
        d.recognize(
            decided_by=c.decided_by,
            competent=competent,
            roll_event_id=receipt.event_id,
            org=org,
            **common,
        )
    else:
        d.strike_off(
            decided_by=c.decided_by,
            competent=competent,
            roll_event_id=receipt.event_id,
            org=org,
            reason=c.reason,
            **common,
        )
