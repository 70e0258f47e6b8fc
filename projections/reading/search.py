"""Finding an organization or a member (tìm kiếm) on a day, within what the reader may read.

Organizations match by their name on that day (renamings included) with or without
diacritics ("thanh yen" finds "Thanh Yên"), or by their code (the whole code, or its last
parts: "CB01" finds every "...CB01"). Members match by their name on the roll of that day, or
by their national ID (CCCD), which the roll does not keep: the caller turns it into the
member's identity (domain.roll.values.Ids.member) and asks for that identity.

The caller's reach is a predicate `readable(code, day)`: an organization, or a member whose
cell, is not readable on the day is never looked at further, so a match outside the reach
gives the very answer of no match at all. At most `limit` hits of each kind are returned, and
whether more were found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from uuid import UUID

import icu
from sqlalchemy import or_, select

from projections.names import collation_key, name_key
from projections.reading.base import ReadBase
from projections.store.timecodec import to_us
from projections.structure.hierarchy import Hierarchy

MIN_LENGTH = 2
LIMIT = 20


@dataclass(frozen=True)
class OrgHit:
    code: str
    name: str  # on the day asked
    kind: str
    parent: str | None
    parent_name: str | None


@dataclass(frozen=True)
class MemberHit:
    member_id: UUID
    full_name: str
    status: str
    org: str
    org_name: str


@dataclass(frozen=True)
class Found:
    """The answer to a search: organizations and members, each cut at the limit."""

    query: str
    as_of: date
    orgs: list[OrgHit]
    members: list[MemberHit]
    more_orgs: bool
    more_members: bool


@lru_cache(maxsize=1)
def _latin_ascii() -> icu.Transliterator:
    # One per process: gunicorn's sync workers serve one request at a time.
    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")


@lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """The text without diacritics, lower case, spaces collapsed ("Đảng bộ" -> "dang bo"):
    ICU's Latin-ASCII transliteration, which also takes đ to d. Word by word: a province's
    names are made of a few thousand syllables, each transliterated once per process; whole
    names are kept too, as the roll is read again at every search."""
    return " ".join(_fold_word(word) for word in text.split())


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return _latin_ascii().transliterate(word).lower()


def matches(words: list[str], name: str) -> bool:
    """Every word of the query is found in the folded name, in any order."""
    folded = fold(name)
    return all(word in folded for word in words)


def code_matches(query: str, code: str) -> bool:
    """The whole code, or its last dot-separated parts ("CB01", "DU01.CB01")."""
    q, c = query.upper(), code.upper()
    return c == q or c.endswith("." + q)


class SearchReads(ReadBase):
    """Search over the organizations' names and codes and the roll's names."""

    def search(
        self,
        text: str,
        on: date,
        readable: Callable[[str, date], bool],
        member_ids: Iterable[UUID] = (),
        limit: int = LIMIT,
    ) -> Found:
        """Organizations existing on `on` and members on a roll that day, matching `text` (or
        being one of `member_ids`), all readable on that day."""
        query = " ".join(text.split())
        words = fold(query).split()
        wanted = {member_id.hex for member_id in member_ids}
        a, k = on.toordinal(), to_us(self.now())
        with self.snapshot() as s:
            h = s.hierarchy
            alive = [c for c in h.orgs if h.exists_on(c, on) and readable(c, on)]
            orgs = [
                _org_hit(h, c, on)
                for c in alive
                if code_matches(query, c) or (words and matches(words, h.name_on(c, on)))
            ]
            r = s.t.roll
            rows = s.conn.execute(
                select(r.c.member_id, r.c.full_name, r.c.status, r.c.official_on, r.c.org).where(
                    r.c.joined <= a,
                    or_(r.c.left_on.is_(None), r.c.left_on > a),
                    r.c.recorded_from <= k,
                    or_(r.c.recorded_to.is_(None), r.c.recorded_to > k),
                )
            ).mappings()
            reached = set(alive)
            members = [
                MemberHit(
                    UUID(row["member_id"]),
                    row["full_name"],
                    "official" if row["official_on"] and row["official_on"] <= a else row["status"],
                    row["org"],
                    h.name_on(row["org"], on),
                )
                for row in rows
                if row["org"] in reached
                and (
                    UUID(row["member_id"]).hex in wanted
                    or (words and matches(words, row["full_name"]))
                )
            ]
        start = " ".join(words)
        orgs.sort(key=lambda o: (not fold(o.name).startswith(start), collation_key(o.name)))
        members.sort(key=lambda m: (name_key(m.full_name), m.org, str(m.member_id)))
        return Found(
            query, on, orgs[:limit], members[:limit], len(orgs) > limit, len(members) > limit
        )


def _org_hit(h: Hierarchy, code: str, on: date) -> OrgHit:
    parent = h.parent_on(code, on)
    parent_name = None if parent is None else h.name_on(parent, on)
    return OrgHit(code, h.name_on(code, on), h.orgs[code].kind, parent, parent_name)
