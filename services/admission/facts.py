"""What the pipeline's rules need from other aggregates, read through a unit of work.

Deterministic ids of the pipeline's own aggregates (uuid5 in the deployment's namespace),
the dated hierarchy, the settings in force for a cell, the competent bodies, a candidate's
standing in the registry.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from domain.admission.dossier import CandidateFacts, Dossier, DossierIndex
from domain.admission.facts import competent_bodies
from domain.admission.settings import EffectiveSettings, PipelineSettings, effective_settings
from domain.errors import NotFound
from domain.roll.member import Member
from domain.roll.values import EventType, Ids, OrgKind
from services.roll.commands import MemberRef
from services.unit_of_work import UnitOfWork

# -- identities -------------------------------------------------------------------------


def dossier_id_for_key(ids: Ids, client_key: str, scope: str | None = None) -> UUID:
    """The dossier a key opens, in the requester's namespace (as for roll events' keys)."""
    if scope is None:
        return uuid5(ids.namespace, f"dossier/{client_key}")
    return uuid5(ids.namespace, f"scoped-dossier/{scope}/{client_key}")


def dossier_of_key(
    uow: UnitOfWork, client_key: str, scope: str | None, requester: str
) -> tuple[UUID, Dossier | None]:
    """The id a key gives a dossier, and the dossier if it was opened already.

    A dossier opened with the same key before keys were scoped still answers the user who
    opened it; for anyone else that key is new."""
    dossier_id = dossier_id_for_key(uow.ids, client_key, scope)
    existing = uow.get(dossier_id, Dossier)
    if existing is None and scope is not None:
        legacy = uow.get(dossier_id_for_key(uow.ids, client_key), Dossier)
        if legacy is not None and legacy.log[0].get("recorded_by") == requester:
            return legacy.id, legacy
    return dossier_id, existing


def org_index_id(ids: Ids, code: str) -> UUID:
    return uuid5(ids.namespace, f"dossier-index/org/{code}")


def person_index_id(ids: Ids, national_id: str) -> UUID:
    return uuid5(ids.namespace, f"dossier-index/person/{national_id}")


def settings_id(ids: Ids, code: str) -> UUID:
    return uuid5(ids.namespace, f"pipeline-settings/{code}")


# -- what the rules need from other aggregates ------------------------------------------


class UowHierarchy:
    """The dated hierarchy, read through a unit of work (each organization loaded once)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def parent_on(self, code: str, day: date) -> str | None:
        return self.uow.organization(code).parent_on(day)

    def kind_of(self, code: str) -> OrgKind:
        return self.uow.organization(code).org_kind


def ancestors(uow: UnitOfWork, code: str, day: date) -> list[str]:
    """The organization and its ancestors on a day, nearest first."""
    chain: list[str] = []
    current: str | None = code
    while current is not None and current not in chain:
        chain.append(current)
        current = uow.organization(current).parent_on(day)
    return chain


def settings_in(uow: UnitOfWork, cell: str, day: date) -> EffectiveSettings:
    """The settings that apply to a cell: its own, else the nearest ancestor's."""
    return effective_settings(
        uow.get(settings_id(uow.ids, code), PipelineSettings) for code in ancestors(uow, cell, day)
    )


def competent_in(uow: UnitOfWork, cell: str, day: date) -> list[str]:
    def authorised(code: str, on: date) -> bool:
        settings = uow.get(settings_id(uow.ids, code), PipelineSettings)
        return settings is not None and settings.authorised_on(on)

    return competent_bodies(UowHierarchy(uow), cell, day, authorised)


def former_membership_left_in(member: Member | None) -> str | None:
    """The organization a former member left (None for a person who never was one)."""
    if former_membership_left_on(member) is None:
        return None
    assert member is not None
    return member.history().stints[-1].org


def former_membership_left_on(member: Member | None) -> date | None:
    """The day a former member left (None for a person who never was one)."""
    if member is None:
        return None
    history = member.history()
    former = [s for s in history.stints if s.ended_by != EventType.ADMISSION_ANNULLED]
    if history.current is not None or not former:
        return None
    return history.stints[-1].end


def candidate_facts(uow: UnitOfWork, national_id: str) -> CandidateFacts:
    member = uow.member(uow.ids.member(national_id))
    current = member.history().current if member is not None else None
    index = uow.get(person_index_id(uow.ids, national_id), DossierIndex)
    open_ids = tuple(
        d.id
        for d in (uow.get(i, Dossier) for i in (index.dossier_ids if index else []))
        if d is not None and d.is_open
    )
    return CandidateFacts(
        on_roll_of=current.org if current else None,
        left_on=former_membership_left_on(member),
        open_dossiers=open_ids,
    )


def index_in(uow: UnitOfWork, index_id: UUID, key: str) -> DossierIndex:
    index = uow.get(index_id, DossierIndex)
    if index is None:
        index = DossierIndex.start(id=index_id, key=key, timestamp=uow.now)
        uow.add(index)
    return index


def load_dossier(uow: UnitOfWork, dossier_id: UUID) -> Dossier:
    dossier = uow.get(dossier_id, Dossier)
    if dossier is None:
        raise NotFound("dossier", dossier_id)
    return dossier


def member_id_of(ids: Ids, ref: MemberRef) -> UUID:
    if ref.member_id is not None:
        return ref.member_id
    if ref.national_id:
        return ids.member(ref.national_id)
    raise NotFound("member", ref)
