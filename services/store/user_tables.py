"""The accounts' SQL tables (beside the event store, in the same database): users, their version
and sign-in throttles, and the engine that reaches them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
    create_engine,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite

from services.config import Settings


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()
users_table = Table(
    "sodang_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("org", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(255), nullable=True),
    Column("token_hash", String(64), nullable=True, unique=True),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("session_epoch", Integer, nullable=False, default=0, server_default="0"),
)
throttle_table = Table(
    "sodang_login_throttle",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", UTCDateTime, nullable=False),
    Column("locked_until", UTCDateTime, nullable=True),
)
# One row: a counter moved on, in the same transaction, by every write that can change whom a
# token or a session resolves to. The workers cache resolved accounts while it stays put, so one
# cheap read replaces the account lookup and a change anywhere ends the cached ones at once.
VERSION_ROW = 1
users_version_table = Table(
    "sodang_users_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
)


def add_version_row(conn: Any) -> None:
    """The counter's one row, unless a worker starting beside this one made it already."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    conn.execute(
        insert(users_version_table)
        .values(id=VERSION_ROW, version=0)
        .on_conflict_do_nothing(index_elements=["id"])
    )


def add_missing_columns(conn: Any) -> None:
    """Columns added since a deployment's tables were created (create_all adds tables only).

    The columns are read from an empty result's description, one cheap query: SQLAlchemy's
    inspector asked PostgreSQL's catalog through a query of its own that took about 22 ms,
    run by every store opened (each web app, each PostgreSQL test)."""
    present = set(conn.execute(text(f"SELECT * FROM {users_table.name} WHERE 1 = 0")).keys())
    if "session_epoch" not in present:
        conn.execute(
            text("ALTER TABLE sodang_users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0")
        )


def make_engine(settings: Settings) -> Engine:
    """An engine for the accounts tables, in the registry's database."""
    if settings.dialect == "sqlite":
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return create_engine(
            settings.sqlalchemy_url(), connect_args={"timeout": 30, "check_same_thread": False}
        )
    return create_engine(
        settings.sqlalchemy_url(),
        pool_size=2,
        max_overflow=4,
        pool_pre_ping=True,
        pool_recycle=3600,
    )
