"""Failed sign-ins counted in the database, so every gunicorn worker sees the same lockout.

An account is locked for a while after a few failures; a client address is only slowed down (a
growing, capped delay), so that someone guessing names from an office's shared address cannot
lock the whole office out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from services.store.user_tables import throttle_table

ACCOUNT_LIMIT = 5  # failures per account within the window before it is locked
# Per client address, never a lock: offices share one address behind NAT. After this many
# failures in the window each further one makes the address wait 1, 2, 4... seconds, at most
# ADDRESS_MAX_DELAY, before its next attempt is even checked.
ADDRESS_FREE = 20
ADDRESS_MAX_DELAY = timedelta(seconds=30)
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class Throttle:
    """How the failed sign-ins counted under one key are answered: a wait, growing or not."""

    free: int  # failures within the window that cost nothing
    first: timedelta  # the wait after the next one, doubled at each further failure
    longest: timedelta
    restarts: bool  # a wait starts a new count (a lockout) or the waits keep growing
    sliding: bool  # the window runs from the last failure, so a steady guesser never resets it

    def wait(self, failures: int) -> timedelta | None:
        if failures <= self.free:
            return None
        return min(self.first * 2 ** min(failures - self.free - 1, 20), self.longest)


ACCOUNT_THROTTLE = Throttle(ACCOUNT_LIMIT - 1, LOCKOUT, LOCKOUT, restarts=True, sliding=False)
ADDRESS_THROTTLE = Throttle(
    ADDRESS_FREE, timedelta(seconds=1), ADDRESS_MAX_DELAY, restarts=False, sliding=True
)


class SignInThrottle:
    """The failure counters of accounts and addresses (sodang_login_throttle)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def locked_until(self, keys: list[str], now: datetime) -> datetime | None:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(throttle_table.c.locked_until).where(throttle_table.c.key.in_(keys))
            ).all()
        ends = [row.locked_until for row in rows if row.locked_until and row.locked_until > now]
        return max(ends, default=None)

    def fail(self, key: str, throttle: Throttle, now: datetime) -> datetime | None:
        """Count one failure; returns the end of the wait when this one imposes one."""
        for _ in range(3):
            try:
                with self.engine.begin() as conn:
                    return self._count_failure(conn, key, throttle, now)
            except IntegrityError:
                continue  # another worker inserted the same key first: count again
        return None

    @staticmethod
    def _count_failure(conn: Any, key: str, throttle: Throttle, now: datetime) -> datetime | None:
        row = (
            conn.execute(
                select(throttle_table).where(throttle_table.c.key == key).with_for_update()
            )
            .mappings()
            .first()
        )
        if row is None:
            conn.execute(insert(throttle_table).values(key=key, failures=1, window_start=now))
            return None
        failures, start = row["failures"] + 1, row["window_start"]
        if now - start > WINDOW:
            failures, start = 1, now
        elif throttle.sliding:
            start = now
        delay = throttle.wait(failures)
        until = None if delay is None else now + delay
        if until is not None and throttle.restarts:
            failures, start = 0, until
        conn.execute(
            update(throttle_table)
            .where(throttle_table.c.key == key)
            .values(
                failures=failures, window_start=start, locked_until=until or row["locked_until"]
            )
        )
        return until

    def purge(self, now: datetime) -> None:
        """Forget counters idle for a day (guessed names would otherwise pile up)."""
        old = now - timedelta(days=1)
        with self.engine.begin() as conn:
            conn.execute(
                throttle_table.delete().where(
                    throttle_table.c.window_start < old,
                    (throttle_table.c.locked_until.is_(None))
                    | (throttle_table.c.locked_until < now),
                )
            )

    def forget(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(throttle_table.delete().where(throttle_table.c.key == key))
