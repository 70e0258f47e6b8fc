"""Progress lines of a long `bench core` run: wall clock, elapsed, rates, memory, database size.

At scale 1.0 the import runs for hours; a line every 10,000 events (and every few rebuild
batches) lets a run stopped part way still give its curve: events/s over time, the process's
resident memory and the database's size on disk. The points are kept for the report.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Point:
    """One progress line: where the run was, when, at what rate, with what memory and disk."""

    clock: str  # HH:MM:SS UTC
    done: int
    elapsed: float  # seconds since the stage began
    rate: float  # per second since the stage began
    recent: float  # per second since the previous point
    rss_mib: float
    database_bytes: int | None
    cpu: float | None = None  # this process's CPU seconds since the stage began (None: not logged)


def rss_mib() -> float:
    """The resident memory now (not the peak), from /proc; the peak where /proc is missing."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_rss_mib()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def database_size(url: str) -> int | None:
    """Bytes on disk of the database at `url` (PostgreSQL: pg_database_size; SQLite: the file)."""
    try:
        if url.startswith("sqlite:///"):
            return Path(url.removeprefix("sqlite:///")).stat().st_size
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        return int(row[0]) if row else None
    except Exception:  # a size is a nicety of the progress line, never a reason to stop
        return None


@dataclass
class Meter:
    """Counts a stage's units (imported events, log records) and prints a line every `every`."""

    label: str
    total: int
    url: str
    say: Callable[[str], None]
    every: int = 10_000
    points: list[Point] = field(default_factory=list)
    done: int = 0
    _started: float = field(default_factory=time.perf_counter)
    _last_done: int = 0
    _last_time: float = 0.0
    _cpu_started: float = field(default_factory=time.process_time)

    def __post_init__(self) -> None:
        self._last_time = self._started

    def advance(self, n: int) -> None:
        self.at(self.done + n)

    def at(self, done: int) -> None:
        crossed = done // self.every > self.done // self.every
        self.done = done
        if crossed or done >= self.total:
            self.line()

    def reached(self, position: int, head: int) -> None:
        """The rebuild's progress callback: the log position reached, of `head`."""
        self.at(position)

    def line(self) -> None:
        now = time.perf_counter()
        elapsed = now - self._started
        recent = (self.done - self._last_done) / max(now - self._last_time, 1e-9)
        point = Point(
            clock=datetime.now(UTC).strftime("%H:%M:%S"),
            done=self.done,
            elapsed=elapsed,
            rate=self.done / max(elapsed, 1e-9),
            recent=recent,
            rss_mib=rss_mib(),
            database_bytes=database_size(self.url),
            cpu=time.process_time() - self._cpu_started,
        )
        self.points.append(point)
        self._last_done, self._last_time = self.done, now
        size = "?" if point.database_bytes is None else f"{point.database_bytes / 1e6:,.0f} MB"
        self.say(
            f"    {point.clock} UTC {self.label} {self.done:,}/{self.total:,}: "
            f"elapsed {elapsed:,.0f} s, {point.rate:,.0f}/s overall, {recent:,.0f}/s recent; "
            f"cpu {point.cpu:,.0f} s; "
            f"rss {point.rss_mib:,.0f} MiB (peak {peak_rss_mib():,.0f}); database {size}"
        )
