"""User accounts: who signs in, for which organization and role; secrets are stored only hashed.

Accounts live in an SQL table beside the event store (same database). Passwords are hashed
with Argon2id; API tokens are long random strings, stored as their SHA-256 (they carry enough
entropy that a fast hash is safe, and it lets a token be looked up by its hash). Failed
sign-ins are counted per account and per client address (sign_in_throttle.py); the tables are
defined in user_tables.py.

Each account has a session epoch, copied into its sessions at sign-in; signing out or changing
the password moves it on, which ends every session of that account at once. Every write to the
accounts also moves the users' version on in its own transaction (`version`): a worker that keeps
resolved accounts in memory drops them as soon as it reads a new version.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError

from domain.roll.values import CODE_PATTERN
from services.config import Settings
from services.store.sign_in_throttle import ACCOUNT_THROTTLE, ADDRESS_THROTTLE, SignInThrottle
from services.store.user_tables import (
    VERSION_ROW,
    add_missing_columns,
    add_version_row,
    make_engine,
    metadata,
    users_table,
    users_version_table,
)

ROLES = ("oversight", "officer", "clerk", "auditor")
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
MIN_PASSWORD = 10
# Argon2 hashes any length: refuse megabyte "passwords" outright. The same bound holds at
# creation and at sign-in, so every password that was accepted can sign in.
MAX_PASSWORD = 1024
TOKEN_PREFIX = "sdg_"
READ_VERSION = select(users_version_table.c.version).where(users_version_table.c.id == VERSION_ROW)
BUMP_VERSION = (
    update(users_version_table)
    .where(users_version_table.c.id == VERSION_ROW)
    .values(version=users_version_table.c.version + 1)
)


class UserError(ValueError):
    """A user command is refused (bad name, unknown role, name taken, unknown user)."""


@dataclass(frozen=True)
class User:
    """A signed-in person or API client: what access decisions need."""

    id: int
    name: str
    org: str
    role: str
    disabled: bool = False
    session_epoch: int = 0


@dataclass(frozen=True)
class Authentication:
    """The answer to a sign-in: the user, or why not (`locked_until` when throttled)."""

    user: User | None
    locked_until: datetime | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def check_name(name: str) -> str:
    """Sign-in names: 2-64 lower-case ASCII letters, digits, '.', '_', '@' or '-'."""
    normalized = name.strip().lower() if isinstance(name, str) else ""
    if not NAME_PATTERN.match(normalized):
        raise UserError(
            "name: 2-64 characters a-z, 0-9, '.', '_', '@' or '-', starting with a-z or 0-9"
        )
    return normalized


def check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise UserError(f"password: {MIN_PASSWORD}-{MAX_PASSWORD} characters")
    return password


def utc_now() -> datetime:
    return datetime.now(UTC)


class UserStore:
    """Create, find, disable and authenticate users."""

    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], datetime] | None = None,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.engine = make_engine(settings)
        self.throttle = SignInThrottle(self.engine)
        self.clock = clock or utc_now
        self.hasher = hasher or PasswordHasher()
        if settings.create_tables:  # SODANG_CREATE_TABLES=n: the owner role created them
            self.create_tables()

    @functools.cached_property
    def _dummy_hash(self) -> str:
        """Verified when a name is unknown, so that answering takes as long as for a known one."""
        return self.hasher.hash(secrets.token_hex(16))

    def create_tables(self) -> None:
        for attempt in range(1, 6):
            try:
                with self.engine.begin() as conn:
                    if conn.dialect.name == "postgresql":
                        # Workers starting together would race on CREATE TABLE.
                        conn.execute(text("SELECT pg_advisory_xact_lock(727002)"))
                    metadata.create_all(conn)
                    add_missing_columns(conn)
                    add_version_row(conn)
                return
            except OperationalError as error:
                # SQLite has no such lock: a worker that lost the race finds the table made
                # by another between its check and its CREATE; the next pass sees it.
                if attempt == 5 or "already exists" not in str(error):
                    raise

    def close(self) -> None:
        self.engine.dispose()

    # -- accounts -----------------------------------------------------------------

    def create(
        self, name: str, org: str, role: str, password: str | None = None
    ) -> tuple[User, str]:
        """A new account; returns it with its API token (shown once, stored hashed)."""
        name = check_name(name)
        if role not in ROLES:
            raise UserError(f"role: one of {', '.join(ROLES)}")
        if not isinstance(org, str) or not CODE_PATTERN.match(org):
            raise UserError("org: not an organization code")
        token = new_token()
        row = {
            "name": name,
            "org": org,
            "role": role,
            "password_hash": self.hasher.hash(check_password(password)) if password else None,
            "token_hash": hash_token(token),
            "disabled": False,
            "created_at": self.clock(),
        }
        try:
            with self.engine.begin() as conn:
                user_id = conn.execute(insert(users_table).values(row)).inserted_primary_key[0]
                conn.execute(BUMP_VERSION)
        except IntegrityError:
            raise UserError(f"name: a user named {name} exists") from None
        return User(user_id, name, org, role), token

    def version(self) -> int:
        """The users' version: it moves on with every write that can change whom a token or a
        session resolves to (creation, disabling, a password, a token, signing out)."""
        with self.engine.connect() as conn:
            return int(conn.execute(READ_VERSION).scalar_one())

    def get(self, user_id: int) -> User | None:
        return self._one(users_table.c.id == user_id)

    def by_name(self, name: str) -> User | None:
        return self._one(users_table.c.name == (name or "").strip().lower())

    def by_token(self, token: str) -> User | None:
        """The enabled user holding this API token."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        user = self._one(users_table.c.token_hash == hash_token(token))
        return user if user is not None and not user.disabled else None

    def all(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(users_table).order_by(users_table.c.name)).mappings().all()
        return [self._user(row) for row in rows]

    def disable(self, name: str) -> User:
        """Disable an account: its sessions and token stop working at once."""
        return self._set(name, disabled=True)

    def enable(self, name: str) -> User:
        return self._set(name, disabled=False)

    def issue_token(self, name: str) -> str:
        """A new API token for the user; the previous one stops working."""
        token = new_token()
        self._set(name, token_hash=hash_token(token))
        return token

    def set_password(self, name: str, password: str) -> User:
        """A new password; every session of the account ends (its API token stays)."""
        return self._set(
            name,
            password_hash=self.hasher.hash(check_password(password)),
            session_epoch=users_table.c.session_epoch + 1,
        )

    def end_sessions(self, user_id: int) -> None:
        """Sign the account out everywhere: sessions carrying the old epoch stop working."""
        with self.engine.begin() as conn:
            conn.execute(
                update(users_table)
                .where(users_table.c.id == user_id)
                .values(session_epoch=users_table.c.session_epoch + 1)
            )
            conn.execute(BUMP_VERSION)

    # -- sign-in ------------------------------------------------------------------

    def authenticate(self, name: str, password: str, address: str | None) -> Authentication:
        """Check a password; too many failures lock the account, or slow the address down."""
        now = self.clock()
        keys = [
            f"account:{(name or '').strip().lower()[:100]}",
            f"address:{(address or '-')[:100]}",
        ]
        locked = self.throttle.locked_until(keys, now)
        if locked is not None:
            return Authentication(None, locked)
        user, stored = self._with_hash(name)
        if self._verify(stored, password) and user is not None and not user.disabled:
            self.throttle.forget(keys[0])
            if stored and self.hasher.check_needs_rehash(stored):
                self._set(user.name, password_hash=self.hasher.hash(password))
            return Authentication(user)
        until = self.throttle.fail(keys[0], ACCOUNT_THROTTLE, now)
        until = self.throttle.fail(keys[1], ADDRESS_THROTTLE, now) or until
        self.throttle.purge(now)
        return Authentication(None, until)

    def _verify(self, stored: str | None, password: str) -> bool:
        if not isinstance(password, str) or not password or len(password) > MAX_PASSWORD:
            return False
        try:
            return self.hasher.verify(stored or self._dummy_hash, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    # -- rows ---------------------------------------------------------------------

    def _with_hash(self, name: str) -> tuple[User | None, str | None]:
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    select(users_table).where(
                        users_table.c.name == (name or "").strip().lower()[:100]
                    )
                )
                .mappings()
                .first()
            )
        return (self._user(row), row["password_hash"]) if row else (None, None)

    def _one(self, condition: Any) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users_table).where(condition)).mappings().first()
        return self._user(row) if row else None

    def _set(self, name: str, **values: Any) -> User:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(users_table).where(users_table.c.name == check_name(name)).values(**values)
            )
            conn.execute(BUMP_VERSION)
        user = self.by_name(name)
        if done.rowcount == 0 or user is None:
            raise UserError(f"no user named {name}")
        return user

    @staticmethod
    def _user(row: Any) -> User:
        return User(
            row["id"],
            row["name"],
            row["org"],
            row["role"],
            bool(row["disabled"]),
            int(row["session_epoch"] or 0),
        )
