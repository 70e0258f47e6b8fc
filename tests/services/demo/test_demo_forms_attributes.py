"""The demo's people carry the statistics forms' attributes (issue 14), agreeing with the rest
of their profile, spread over the rows of the forms, and the same on every run."""

from __future__ import annotations

from collections import Counter
from datetime import date

from domain.roll.profile import MemberProfile
from services.demo import generate
from services.demo.candidates import PEOPLE, candidate

INTAKES = {"admitted", "readmitted", "transferred_in"}


def test_every_intake_of_the_demo_gives_the_forms_attributes_and_they_agree() -> None:
    province = generate(seed=2021, scale=0.05)
    again = generate(seed=2021, scale=0.05)

    profiles = [
        e.body["member"]
        for e in province.events
        if e.body["type"] in INTAKES and len(e.body["member"]) > 1
    ]
    read = [
        MemberProfile.from_dict({**p, "birth_date": date.fromisoformat(p["birth_date"])})
        for p in profiles
    ]

    assert profiles and all(p.general_education and p.qualification and p.occupation for p in read)
    occupations = Counter(p.occupation for p in read)
    assert {"farmer", "civil_servant", "public_employee", "army", "police"} <= set(occupations)
    assert len({p.qualification for p in read}) >= 5
    assert [e.body for e in province.events] == [e.body for e in again.events]


def test_the_demo_candidates_carry_them_too() -> None:
    people = [candidate(index) for index in range(len(PEOPLE))]

    assert all(p.general_education and p.qualification and p.occupation for p in people)
