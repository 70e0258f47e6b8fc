"""What happens to people in the simulation: one handler per kind of heap item, rules checked first."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.roll.values import add_months, probation_end
from services.demo.dates import age_on, ceremony_day, random_day
from services.demo.people import HOME_PROVINCE
from services.demo.simulated import Simulation
from services.demo.state import Person
from services.demo.units import CellInfo

FIRST_CEREMONY = date(1975, 2, 15)
FAIL_PROBATION = 0.02
# Party committees outside the registry, with the birth-place code of people coming from there.
OUTSIDE: tuple[tuple[str, str | None], ...] = (
    ("Đảng bộ tỉnh Lai Châu", "012"),
    ("Đảng bộ tỉnh Sơn La", "014"),
    ("Đảng bộ tỉnh Lào Cai", "010"),
    ("Đảng bộ tỉnh Yên Bái", "015"),
    ("Đảng bộ thành phố Hà Nội", "001"),
    ("Đảng bộ tỉnh Thái Bình", "034"),
    ("Đảng bộ tỉnh Nam Định", "036"),
    ("Đảng bộ tỉnh Thanh Hóa", "038"),
    ("Đảng bộ tỉnh Nghệ An", "040"),
    ("Đảng bộ tỉnh Phú Thọ", "025"),
    ("Đảng bộ Quân khu 2", None),
    ("Đảng bộ Bộ đội Biên phòng tỉnh Điện Biên", None),
)
_STRIKE_REASONS = {"non_attendance": 45, "voluntary_leave": 20, "other": 35}
_EXPULSION_REASONS = (
    "Vi phạm pháp luật, bị kết án hình sự",
    "Vi phạm những điều đảng viên không được làm",
    "Vi phạm chính sách dân số",
)
_ANNULMENT_REASONS = ("Khai không trung thực lý lịch", "Kết nạp không đúng tiêu chuẩn, thủ tục")


class Flows:
    """Applies one heap item to the simulated rolls, drafting the matching event."""

    def __init__(self, sim: Simulation) -> None:
        self.sim, self.rng = sim, sim.rng

    # -- intakes ----------------------------------------------------------------------

    def seed_member(self, cell: CellInfo) -> None:
        """Someone already on the roll in 2015, admitted between 1975 and 2014."""
        sim, rng = self.sim, self.rng
        working = cell.role != "residential"
        while True:
            ceremony = sim.start - timedelta(days=1 + int(rng.triangular(0, 40, 0) * 365.25))
            decision_on = ceremony - timedelta(days=rng.randint(5, 40))
            birth = sim.people.birth(decision_on, 18, 40 if working else 59, 24 if working else 27)
            too_old = age_on(birth, sim.start) > (57 if working else 88)
            if ceremony >= FIRST_CEREMONY and not too_old:
                break
        person = self._person(cell, birth, ceremony, sim.start)
        self._admission(person, cell, ceremony, decision_on, "admitted", initial=True)
        ends = probation_end(ceremony)
        if ends >= sim.start:
            sim.join(person, cell.code, "probationary", ceremony)
            return
        decided = min(ends + timedelta(days=rng.randint(3, 25)), sim.start - timedelta(days=1))
        body = {**self._ref(person), "decision_no": sim.decision_no(cell.decider, decided)}
        body["decision_on"] = decided.isoformat()
        sim.emit(person, ends, cell.code, {"type": "recognized", **body}, initial=True)
        sim.join(person, cell.code, "official", ceremony)

    def admit(self, day: date, code: str, forced: bool = False) -> None:
        sim = self.sim
        if sim.frozen(code, day) and not forced:
            return
        cell = sim.cells[code]
        decision_on = day - timedelta(days=self.rng.randint(5, 40))
        residential = cell.role == "residential"
        birth = sim.people.birth(
            decision_on, 18, 59 if residential else 40, 27 if residential else 25
        )
        person = self._person(cell, birth, day, day)
        self._admission(person, cell, day, decision_on, "admitted")
        sim.join(person, code, "probationary", day)

    def arrive(self, day: date, code: str) -> None:
        """Transferred in from a Party organization outside the province."""
        sim, rng = self.sim, self.rng
        if sim.frozen(code, day):
            return
        cell = sim.cells[code]
        unit, origin = rng.choice(OUTSIDE)
        origin = HOME_PROVINCE if origin is None or rng.random() < 0.3 else origin
        probationary = rng.random() < 0.15
        ago = rng.randint(30, 330) if probationary else rng.randint(400, 15 * 365)
        admitted_on = day - timedelta(days=ago)
        birth = sim.people.birth(admitted_on - timedelta(days=30), 18, 40, 25)
        person = self._person(cell, birth, admitted_on, day, origin)
        status = "probationary" if probationary else "official"
        body = {"type": "transferred_in", "member": dict(person.profile), "from": {"outside": unit}}
        body |= {"status": status, "admitted_on": admitted_on.isoformat()}
        sim.emit(person, day, code, body)
        sim.join(person, code, status, admitted_on)

    def readmit(self, day: date, person: Person) -> None:
        """Kết nạp lại: at least 36 months after being struck off."""
        sim = self.sim
        code = person.last_cell
        if person.status != "left" or person not in sim.readmittable or code is None:
            return
        decision_on = day - timedelta(days=self.rng.randint(5, 40))
        if not sim.age_ok_for_admission(person, decision_on):
            sim.readmittable.remove(person)
            return
        assert person.left_on is not None
        if sim.frozen(code, day) or decision_on < add_months(person.left_on, 36):
            return
        sim.readmittable.remove(person)
        self._admission(person, sim.cells[code], day, decision_on, "readmitted")
        sim.join(person, code, "probationary", day)

    # -- probation ----------------------------------------------------------------------

    def probation_end(self, day: date, person: Person, ceremony: date) -> None:
        sim, rng = self.sim, self.rng
        if person.status != "probationary" or person.ceremony != ceremony or person.cell is None:
            return
        fail_on = min(day + timedelta(days=rng.randint(0, 20)), sim.end)
        guarded = sim.frozen(person.cell, day) or sim.frozen(person.cell, fail_on)
        if not guarded and rng.random() < FAIL_PROBATION:
            person.locked = True  # nothing may happen to them until the strike-off
            sim.schedule(fail_on, "fail", (person, ceremony))
            return
        body: dict[str, Any] = {"type": "recognized", **self._ref(person)}
        decided = day + timedelta(days=rng.randint(3, 25))
        if decided <= sim.end and rng.random() < 0.9:
            body["decision_no"] = sim.decision_no(sim.cells[person.cell].decider, decided)
            body["decision_on"] = decided.isoformat()
            sim.emit(person, day, person.cell, body, not_before=decided)
        else:
            sim.emit(person, day, person.cell, body)
        person.status = "official"

    def fail(self, day: date, person: Person, ceremony: date) -> None:
        person.locked = False
        if person.status == "probationary" and person.ceremony == ceremony:
            self._remove(person, day, "struck_off", "left", reason="failed_probation")

    # -- removals and moves ----------------------------------------------------------------

    def die(self, day: date, code: str) -> None:
        candidates = [] if self.sim.frozen(code, day) else self.sim.eligible(code, day)
        if candidates:
            weights = [max(1, age_on(p.birth, day) - 30) ** 2 for p in candidates]
            self._remove(self.rng.choices(candidates, weights)[0], day, "died", "dead")

    def move(self, day: date, code: str) -> None:
        candidates = [] if self.sim.frozen(code, day) else self.sim.eligible(code, day)
        target = self.sim.destination(code, day)
        if candidates and target:
            self._move(self.rng.choice(candidates), day, target)

    def leave(self, day: date, code: str) -> None:
        """Transferred out to a Party organization outside the province."""
        person = self._official(day, code)
        if person:
            outside = {"outside": self.rng.choice(OUTSIDE)[0]}
            self._remove(person, day, "transferred_out", "left", to=outside)

    def strike(self, day: date, code: str) -> None:
        person = self._official(day, code)
        if person:
            reason = self.rng.choices(list(_STRIKE_REASONS), list(_STRIKE_REASONS.values()))[0]
            self._remove(person, day, "struck_off", "left", reason=reason)
            if reason == "other":
                self.sim.readmittable.append(person)

    def expel(self, day: date, code: str) -> None:
        person = self._official(day, code)
        if person:
            reason = self.rng.choice(_EXPULSION_REASONS)
            self._remove(person, day, "expelled", "left", reason=reason)

    def annul(self, day: date, code: str) -> None:
        sim = self.sim
        recent = [
            p
            for p in ([] if sim.frozen(code, day) else sim.eligible(code, day, "probationary"))
            if p.ceremony and (day - p.ceremony).days < 270
        ]
        if recent:
            reason = self.rng.choice(_ANNULMENT_REASONS)
            self._remove(
                self.rng.choice(recent), day, "admission_annulled", "annulled", reason=reason
            )

    # -- the story --------------------------------------------------------------------------

    def checkpoint(self, day: date) -> None:
        """Bring the story commune to its published count, then schedule its 2021 admissions."""
        sim, rng = self.sim, self.rng
        story = sim.story
        assert story is not None
        gap = story.count_before - sum(len(sim.rolls[c]) for c in sim.story_cells)
        villages = [c for c in sim.story_cells if sim.cells[c].role == "residential"]
        for _ in range(abs(gap)):
            when = random_day(rng, day, story.first - timedelta(days=2))
            if gap > 0:
                sim.push(when, "admit", (rng.choice(villages), True))
            else:
                sim.push(when, "forced_exit", ())
        for _ in range(story.admissions):
            code = rng.choice(villages if rng.random() < 0.75 else sim.story_cells)
            sim.push(ceremony_day(rng, story.first, story.last_ceremony), "admit", (code, True))

    def forced_exit(self, day: date) -> None:
        sim = self.sim
        candidates = [p for c in sim.story_cells for p in sim.eligible(c, day)]
        person = self.rng.choice(candidates)
        target = sim.destination(person.cell or "", day)
        if target and self.rng.random() < 0.7:
            self._move(person, day, target)
        else:
            self._remove(person, day, "died", "dead")

    # -- helpers ----------------------------------------------------------------------------

    def _person(
        self, cell: CellInfo, birth: date, joined: date, as_of: date, origin: str = HOME_PROVINCE
    ) -> Person:
        people = self.sim.people
        sex = people.sex(cell.role)
        profile = people.profile(
            area=cell.area,
            role=cell.role,
            sex=sex,
            birth=birth,
            joined=joined,
            as_of=as_of,
            origin=origin,
        )
        person = Person(profile, birth)
        self.sim.persons.append(person)
        return person

    def _admission(
        self,
        person: Person,
        cell: CellInfo,
        day: date,
        decision_on: date,
        kind: str,
        initial: bool = False,
    ) -> None:
        body = {
            "type": kind,
            "decision_no": self.sim.decision_no(cell.decider, decision_on),
            "decision_on": decision_on.isoformat(),
            "decided_by": cell.decider,
            "member": dict(person.profile),
        }
        self.sim.emit(person, day, cell.code, body, initial=initial)

    def _official(self, day: date, code: str) -> Person | None:
        candidates = [] if self.sim.frozen(code, day) else self.sim.eligible(code, day, "official")
        return self.rng.choice(candidates) if candidates else None

    def _move(self, person: Person, day: date, target: str) -> None:
        """Transfer inside the province: only the origin records it, the registry pairs it."""
        assert person.cell is not None
        self.sim.emit(
            person, day, person.cell, {"type": "transferred_out", **self._ref(person), "to": target}
        )
        self.sim.rolls[person.cell].remove(person)
        person.cell = target
        self.sim.rolls[target].append(person)

    def _remove(self, person: Person, day: date, kind: str, status: str, **fields: Any) -> None:
        assert person.cell is not None
        self.sim.emit(person, day, person.cell, {"type": kind, **self._ref(person), **fields})
        self.sim.leave(person, day, status)

    @staticmethod
    def _ref(person: Person) -> dict[str, Any]:
        return {"member": {"national_id": person.national_id}}
