"""Shared fixtures: the test database on each backend, a controllable clock, the registry.

Every test that asks for `settings` (or anything built on it) runs once per backend named in
SODANG_TEST_DATABASES (default `sqlite,postgresql`); SODANG_SKIP_POSTGRES=1 drops PostgreSQL on
purpose. A PostgreSQL that cannot be reached fails the run: it is never skipped silently.

SQLite: a fresh file per test. PostgreSQL: one throwaway database per session (sodang_test_<hex>),
emptied before each test; the immutability triggers are bypassed for that wipe only, with
`session_replication_role = replica` (about 1 ms, against about 230 ms to create and drop a
database from a template for each test).

Under pytest-xdist (`make test` runs two workers) each worker is its own session: its own
PostgreSQL database, its own temporary folders (signing keys, witness directories, SQLite
files), so workers share nothing but the server.
"""

from __future__ import annotations

import gc
import itertools
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest

# tests/domain, tests/services, tests/web... share their names with the project's packages. pytest
# puts tests/ on sys.path, and the editable install's finder runs after the path finder, so those
# folders would be imported as empty namespace packages: a regular package anywhere on sys.path
# wins over namespace folders, so the project root goes there first.
ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from domain.roll.profile import MemberProfile  # noqa: E402
from domain.roll.values import Education, OrgKind, PoliticalTheory, Sector, Sex  # noqa: E402
from services.config import Settings  # noqa: E402
from services.registry import Registry  # noqa: E402
from services.wiring import build_registry  # noqa: E402
from tests import writes  # noqa: E402

BACKENDS = ("sqlite", "postgresql")
# The server the PostgreSQL tests create their throwaway database on (trust auth, superuser).
PG_SERVER = os.environ.get("SODANG_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
START = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
RECORDED_BY = "test-clerk"
SHM = "/dev/shm"


def selected_backends() -> list[str]:
    """The backends this run tests, from SODANG_TEST_DATABASES and SODANG_SKIP_POSTGRES."""
    raw = os.environ.get("SODANG_TEST_DATABASES", ",".join(BACKENDS))
    chosen = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(BACKENDS))
    if unknown:
        raise pytest.UsageError(f"SODANG_TEST_DATABASES: unknown backend(s) {unknown}")
    if os.environ.get("SODANG_SKIP_POSTGRES") == "1":
        chosen = [name for name in chosen if name != "postgresql"]
    return chosen


def backend_params() -> list[Any]:
    marks = {"postgresql": [pytest.mark.postgres]}
    return [pytest.param(name, marks=marks.get(name, []), id=name) for name in selected_backends()]


def pg_connect(dbname: str) -> Any:
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/{dbname}", autocommit=True, connect_timeout=5)


def pg_unreachable(error: Exception) -> RuntimeError:
    banner = "#" * 72
    return RuntimeError(
        f"\n{banner}\n#  PostgreSQL CANNOT BE REACHED at {PG_SERVER}:\n"
        f"#  {error}\n"
        "#  The PostgreSQL tests FAIL rather than skip. Start the server (make test does:\n"
        "#  scripts/ensure-postgres.sh) or set SODANG_SKIP_POSTGRES=1 to skip them on purpose.\n"
        f"{banner}"
    )


# The wipe in one round trip, the tables and sequences listed afresh each time (a test may add
# or drop some): one statement per table and sequence from the client cost ~13 ms a test.
PG_WIPE = r"""
DO $wipe$
DECLARE
  found record;
BEGIN
  -- Only here, and only as the superuser: disables the triggers that keep events immutable.
  SET LOCAL session_replication_role = replica;
  FOR found IN
    SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
    -- Other sessions' temporary tables (a pooled connection's calendars) are theirs.
    AND schemaname NOT LIKE 'pg\_temp\_%'
  LOOP
    EXECUTE 'DELETE FROM ' || found.name;
  END LOOP;
  FOR found IN
    SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) AS name FROM pg_sequences
  LOOP
    EXECUTE 'ALTER SEQUENCE ' || found.name || ' RESTART';
  END LOOP;
END
$wipe$
"""
# One wiping session per database in this process (a new one cost ~5 ms a test); a test that
# ends every session of the database (tests/services/store) costs it one reconnection.
_wipers: dict[str, Any] = {}


def pg_wipe(dbname: str) -> None:
    """Empty every table of the test database and restart its sequences."""
    import psycopg

    conn = _wipers.get(dbname)
    if conn is not None and not conn.closed:
        try:
            conn.execute(PG_WIPE)
            return
        except psycopg.OperationalError:
            conn.close()  # the server ended this session: wipe on a new one
    _wipers[dbname] = conn = pg_connect(dbname)
    conn.execute(PG_WIPE)


def pg_forget_wiper(dbname: str) -> None:
    """Close this process's wiping session on the database (before it is dropped)."""
    conn = _wipers.pop(dbname, None)
    if conn is not None:
        conn.close()


def pg_clone(template: str) -> str:
    """A new throwaway database copied from `template` (nobody may be connected to it): a loaded
    world is copied in well under a second, where loading it again takes several."""
    name = f"sodang_test_{secrets.token_hex(6)}"
    with pg_connect("postgres") as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    return name


def pg_drop(name: str) -> None:
    with pg_connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_clone(source: Path, target: Path) -> None:
    """Copy a closed SQLite database with whatever write-ahead log it left beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        found = Path(f"{source}{suffix}")
        if found.exists():
            shutil.copyfile(found, f"{target}{suffix}")


def pytest_configure(config: pytest.Config) -> None:
    """Temporary folders (the SQLite test databases among them) in memory when /dev/shm is
    there: SQLite syncs every commit, and on a disk the suite waited on those syncs. An
    explicit --basetemp or TMPDIR still decides."""
    if config.option.basetemp or os.environ.get("TMPDIR"):
        return
    if os.path.isdir(SHM) and os.access(SHM, os.W_OK | os.X_OK):
        # pytest's own root for its numbered pytest-of-<user> folders; subprocesses inherit it.
        os.environ.setdefault("PYTEST_DEBUG_TEMPROOT", SHM)


def pytest_collection_finish(session: pytest.Session) -> None:
    """The collector's garbage scans made ~12 % of a web test's CPU, going again and again over
    the modules, fixtures and apps that live the whole session: those are frozen out of its
    scans once collected, and the youngest generation is collected every 10,000 allocations
    rather than 700 (the older generations keep their ratios)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked `backend(name)` exists only on that database: the other runs are deselected,
    not skipped, since they were never meant to run (INSERT OR REPLACE is SQLite's alone)."""
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        marker = item.get_closest_marker("backend")
        callspec = getattr(item, "callspec", None)
        param = callspec.params.get("database") if callspec else None
        if marker and param is not None and param not in marker.args:
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throwaway PostgreSQL database for this session (sodang_test_<hex>), dropped at the end."""
    name = f"sodang_test_{secrets.token_hex(6)}"
    try:
        admin = pg_connect("postgres")
    except Exception as error:
        raise pg_unreachable(error) from error
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        # A throwaway database need not wait for the disk at each commit.
        admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        try:
            yield f"{PG_SERVER}/{name}"
        finally:
            pg_forget_wiper(name)
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=backend_params())
def database(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """URL of an empty database on this parameter's backend (sqlite or postgresql)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sodang.db'}"
    url: str = request.getfixturevalue("postgres_database")
    pg_wipe(url.rsplit("/", 1)[1])
    return url


@pytest.fixture
def settings(database: str, tmp_path: Path) -> Settings:
    """Settings for the test database (parametrized: sqlite and postgresql)."""
    return Settings(
        database_url=database,
        deployment="sodang-test",
        pool_size=2,
        signing_key_file=tmp_path / "keys" / "signing.key",
        witness_dir=tmp_path / "witness",
    )


@pytest.fixture(scope="session", autouse=True)
def session_integrity_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module and session fixtures never sign with, or witness into, the working tree's var/."""
    folder = tmp_path_factory.mktemp("integrity")
    saved = {
        name: os.environ.get(name) for name in ("SODANG_SIGNING_KEY_FILE", "SODANG_WITNESS_DIR")
    }
    os.environ["SODANG_SIGNING_KEY_FILE"] = str(folder / "signing.key")
    os.environ["SODANG_WITNESS_DIR"] = str(folder / "witness")
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session", autouse=True)
def rechain_checked() -> Iterator[None]:
    """Every contribution a change of structure rechains is also replayed and compared, in
    every test that projects one (projections/counts/rechain.py)."""
    from projections.counts.figures import FiguresProjection

    FiguresProjection.check_rechain = True
    yield
    FiguresProjection.check_rechain = False


@pytest.fixture(autouse=True)
def integrity_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The signing key and the witness directory of a test live in its own temporary folder."""
    monkeypatch.setenv("SODANG_SIGNING_KEY_FILE", str(tmp_path / "keys" / "signing.key"))
    monkeypatch.setenv("SODANG_WITNESS_DIR", str(tmp_path / "witness"))


class Clock:
    """A controllable clock: calling it returns the current aware UTC datetime."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self.now = moment.astimezone(UTC)

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    """A controllable clock starting at 2026-11-21 03:00 UTC (10:00 in Vietnam)."""
    return Clock(START)


@pytest.fixture
def open_registry(clock: Clock) -> Iterator[Callable[[Settings], Registry]]:
    """Builds registries (with projections attached) on given settings; closes them afterwards."""
    opened: list[Registry] = []

    def open_(settings: Settings) -> Registry:
        registry = build_registry(settings, clock=clock)
        opened.append(registry)
        return registry

    yield open_
    for registry in opened:
        registry.close()


@pytest.fixture
def registry(settings: Settings, open_registry: Callable[[Settings], Registry]) -> Registry:
    """The registry on the test database, on the test clock."""
    return open_registry(settings)


@pytest.fixture
def make_profile() -> Callable[..., MemberProfile]:
    """Factory of valid member profiles; each call gets a new national ID unless one is given."""
    counter = itertools.count(1)

    def make(**overrides: Any) -> MemberProfile:
        number = next(counter)
        values: dict[str, Any] = {
            "national_id": f"0011900{number:05d}",
            "full_name": f"Nguyễn Văn Thử {number}",
            "sex": Sex.MALE,
            "birth_date": date(1995, 5, 15),
            "ethnicity": "Kinh",
            "religion": None,
            "education": Education.UNIVERSITY,
            "political_theory": PoliticalTheory.BASIC,
            "youth_union": True,
            "sector": Sector.STATE_AGENCY,
        }
        values.update(overrides)
        return MemberProfile(**values)

    return make


class ProvinceCodes(NamedTuple):
    """Codes of the small organization tree the `province` fixture founds."""

    province: str
    district: str
    committee: str
    cell: str
    other_cell: str


@pytest.fixture
def province(registry: Registry, clock: Clock) -> ProvinceCodes:
    """A province, a district, a grassroots committee and two cells; returns their codes.
    Recorded in June 2001 (the clock is put back after), as a real registry would hold them
    before anything happening on their rolls: tests move the clock back to record history."""
    codes = ProvinceCodes(
        "T01", "T01.H01", "T01.H01.DU01", "T01.H01.DU01.CB01", "T01.H01.DU01.CB02"
    )
    tree = [
        (codes.province, "Đảng bộ tỉnh Thử", OrgKind.PROVINCE, None, date(1990, 1, 1)),
        (codes.district, "Đảng bộ huyện Thử", OrgKind.DISTRICT, codes.province, date(1995, 1, 1)),
        (
            codes.committee,
            "Đảng bộ xã An",
            OrgKind.GRASSROOTS_COMMITTEE,
            codes.district,
            date(2000, 1, 1),
        ),
        (codes.cell, "Chi bộ thôn Một", OrgKind.CELL, codes.committee, date(2000, 1, 1)),
        (codes.other_cell, "Chi bộ thôn Hai", OrgKind.CELL, codes.committee, date(2000, 1, 1)),
    ]
    now = clock()
    clock.set(datetime(2001, 6, 1, 3, 0, tzinfo=UTC))
    for code, name, kind, parent, founded_on in tree:
        writes.found_organization(registry, code, name, kind, parent, founded_on, RECORDED_BY)
    clock.set(now)
    return codes


@pytest.fixture
def cipher_settings(settings: Settings) -> Settings:
    """The test database's settings with encryption at rest switched on (a new AES-256 key)."""
    from eventsourcing.cipher import AESCipher

    return replace(settings, cipher_key=AESCipher.create_key(32))
