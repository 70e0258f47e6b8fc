"""Clerical noise: corrections (đính chính) of attributes and numbers, retracted mistaken entries."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from services.demo.attributes import forms_attributes
from services.demo.dates import end_of_day, local_day, office_time
from services.demo.people import ADMISSIBLE_EDUCATION, THEORY, PersonFactory
from services.demo.state import Draft, Person

CORRECTION_SHARE = 0.003
RETRACTION_SHARE = 0.0004
_STAYS_ON_ROLL = ("admitted", "readmitted", "transferred_in", "recognized")
_REMOVALS = ("transferred_out", "expelled", "struck_off", "died", "admission_annulled")


def retractions(
    persons: list[Person],
    rng: random.Random,
    end: date,
    count: int,
    seq: Iterator[int],
    avoid: set[str],
) -> list[Draft]:
    """Mistaken deaths and departures, each retracted days later before anything else happens."""
    eligible = [p for p in persons if p.drafts and not avoid & _cells_of(p)]
    drafts: list[Draft] = []
    for person in rng.sample(eligible, min(len(eligible), count * 4)):
        if len(drafts) >= 2 * count:
            break
        drafts.extend(_mistake(person, rng, end, seq))
    return drafts


def corrections(
    drafts: list[Draft],
    rng: random.Random,
    end: date,
    count: int,
    seq: Iterator[int],
    people: PersonFactory,
    avoid: set[Person],
) -> list[Draft]:
    """Corrections of a member attribute or a decision number, recorded while the member is on a roll."""
    intakes = [
        d
        for d in drafts
        if d.body["type"] in ("admitted", "transferred_in")
        and d.person
        and d.person not in avoid
        and not any(o.body["type"] == "readmitted" for o in d.person.drafts)
    ]
    numbered = [d for d in drafts if "decision_no" in d.body and d.person not in avoid]
    made: list[Draft] = []
    used: set[int] = set()
    for _ in range(count):
        of_member = rng.random() < 0.7
        target = rng.choice(intakes if of_member else numbered)
        moment = _correction_time(target, rng, end)
        if moment is None or target.seq in used:
            continue
        used.add(target.seq)
        reason, changes = _changes(target, rng, people, of_member)
        body = {"type": "correction", "reason": reason, "changes": changes}
        made.append(
            Draft(next(seq), target.org, body, target.person, None, recorded=moment, ref=target)
        )
    return made


def _cells_of(person: Person) -> set[str]:
    cells = {d.org for d in person.drafts}
    cells.update(d.body["to"] for d in person.drafts if isinstance(d.body.get("to"), str))
    return cells


def _mistake(person: Person, rng: random.Random, end: date, seq: Iterator[int]) -> list[Draft]:
    """A wrong removal entered between two real events of a person, then retracted."""
    kept = person.drafts
    start = rng.randrange(len(kept))
    for before, after in itertools.islice(zip(kept, [*kept[1:], None], strict=True), start, None):
        kind = before.body["type"]
        if kind not in _STAYS_ON_ROLL and not isinstance(before.body.get("to"), str):
            continue
        cell = before.body["to"] if kind == "transferred_out" else before.org
        assert before.effective is not None and before.recorded is not None
        day = before.effective + timedelta(days=rng.randint(20, 200))
        entered = office_time(rng, day + timedelta(days=rng.randint(1, 5)), latest=end)
        retracted = office_time(rng, local_day(entered) + timedelta(days=rng.randint(1, 6)), end)
        upper = after.recorded if after else end_of_day(end)
        assert upper is not None
        if day > end or (after and after.effective and day >= after.effective):
            continue
        if not before.recorded < entered < retracted < upper:
            continue
        if rng.random() < 0.5:
            body: dict[str, Any] = {"type": "died"}
            reason = "Nhập nhầm: đảng viên không từ trần"
        else:
            body = {"type": "transferred_out", "to": {"outside": "Đảng bộ tỉnh Lai Châu"}}
            reason = "Nhập trùng phiếu chuyển sinh hoạt đảng"
        body |= {"member": {"national_id": person.national_id}, "effective_on": day.isoformat()}
        wrong = Draft(next(seq), cell, body, person, day, recorded=entered)
        undo = {"type": "retraction", "reason": reason}
        return [wrong, Draft(next(seq), cell, undo, person, None, recorded=retracted, ref=wrong)]
    return []


def _correction_time(target: Draft, rng: random.Random, end: date) -> datetime | None:
    """Some days to a year after the target, before the member leaves the roll and before `end`."""
    assert target.person is not None and target.recorded is not None
    later = [d.recorded for d in target.person.drafts if d.body["type"] in _REMOVALS and d.recorded]
    upper = min([end_of_day(end), *(t for t in later if t > target.recorded)])
    moment = office_time(rng, local_day(target.recorded) + timedelta(days=rng.randint(3, 365)), end)
    if moment <= target.recorded or moment >= upper:
        return None
    return moment


def _changes(
    target: Draft, rng: random.Random, people: PersonFactory, of_member: bool
) -> tuple[str, dict[str, Any]]:
    body = target.body
    if not of_member:
        number, suffix = body["decision_no"].split("-", 1)
        fixed = f"{int(number) + rng.randint(1, 30)}-{suffix}"
        return "Sai số quyết định", {"decision_no": fixed}
    member = body["member"]
    field = rng.choice(["full_name", "education", "political_theory", "religion", "youth_union"])
    if field == "full_name":
        name = member["full_name"]
        while name == member["full_name"]:
            name = people.full_name(member["ethnicity"], member["sex"])
        return "Sai họ tên so với căn cước công dân", {"member": {"full_name": name}}
    if field == "education":
        value = rng.choice([e for e in ADMISSIBLE_EDUCATION if e != member["education"]])
        # The forms' school level and qualification follow the corrected education (their
        # own generator: the noise draws what it drew before the forms had them).
        again = forms_attributes({**member, "education": value})
        levels = {
            name: again[name]
            for name in ("general_education", "qualification")
            if again[name] != member.get(name)
        }
        return "Sai trình độ học vấn", {"member": {"education": value, **levels}}
    if field == "political_theory":
        value = rng.choice([t for t in THEORY if t != member["political_theory"]])
        return "Sai trình độ lý luận chính trị", {"member": {"political_theory": value}}
    if field == "religion":
        value = None if member["religion"] else "Phật giáo"
        return "Sai tôn giáo", {"member": {"religion": value}}
    return "Sai thông tin đoàn viên", {"member": {"youth_union": not member["youth_union"]}}
