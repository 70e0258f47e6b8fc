"""Configuration in one place, from the environment, with safe defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.time_zone import TIMEZONE as TIMEZONE  # the domain owns it; kept here for callers

DEFAULT_DATABASE_URL = "sqlite:///var/sodang.db"
FALSE = ("n", "no", "0", "false", "off")


PATH_DEFAULTS = {"SODANG_SIGNING_KEY_FILE": "var/signing.key", "SODANG_WITNESS_DIR": "var/witness"}


def env_path(name: str, environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get(name) or PATH_DEFAULTS[name])


class ConfigError(ValueError):
    """The environment holds a setting that cannot be used."""


def whole_number(env: Mapping[str, str], name: str, default: str) -> int:
    value = env.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read from SODANG_* environment variables."""

    database_url: str = DEFAULT_DATABASE_URL
    deployment: str = "sodang"
    cipher_key: str | None = None
    pool_size: int = 5
    secret_key: str | None = None
    # Off when a least-privileged role runs the service and `sodang init` owns the DDL.
    create_tables: bool = True
    # Tamper evidence (services/integrity): the signing key and the witness directory live outside
    # the database; a signed tree head is written there every `checkpoint_every` events and daily.
    # Defaults follow the environment too, so settings built in code never sign with a stray key.
    signing_key_file: Path = field(default_factory=lambda: env_path("SODANG_SIGNING_KEY_FILE"))
    witness_dir: Path = field(default_factory=lambda: env_path("SODANG_WITNESS_DIR"))
    checkpoint_every: int = 1000
    # Group commit (services/front_door/group_commit.py): the API's single writes waiting in
    # one process are stored together, up to `group_commit_max` in one transaction.
    group_commit: bool = True
    group_commit_max: int = 32

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        settings = cls(
            database_url=env.get("SODANG_DATABASE_URL", DEFAULT_DATABASE_URL),
            deployment=env.get("SODANG_DEPLOYMENT", "sodang"),
            cipher_key=env.get("SODANG_CIPHER_KEY") or None,
            pool_size=int(env.get("SODANG_POOL_SIZE", "5")),
            secret_key=env.get("SODANG_SECRET_KEY") or None,
            create_tables=env.get("SODANG_CREATE_TABLES", "y").lower() not in FALSE,
            signing_key_file=env_path("SODANG_SIGNING_KEY_FILE", env),
            witness_dir=env_path("SODANG_WITNESS_DIR", env),
            checkpoint_every=int(env.get("SODANG_CHECKPOINT_EVERY", "1000")),
            group_commit=env.get("SODANG_GROUP_COMMIT", "y").lower() not in FALSE,
            group_commit_max=whole_number(env, "SODANG_GROUP_COMMIT_MAX", "32"),
        )
        settings.check()
        return settings

    def check(self) -> None:
        if self.group_commit_max < 1:
            raise ConfigError(
                f"SODANG_GROUP_COMMIT_MAX must be at least 1, not {self.group_commit_max}"
            )
        if self.dialect not in ("sqlite", "postgresql"):
            raise ConfigError(
                f"SODANG_DATABASE_URL must start with sqlite:/// or postgresql://, not {self.database_url!r}"
            )

    @property
    def dialect(self) -> str:
        scheme = urlparse(self.database_url).scheme
        return "postgresql" if scheme.startswith("postgres") else scheme

    @property
    def namespace(self) -> UUID:
        """Deterministic ids are unique within one deployment."""
        return uuid5(NAMESPACE_URL, f"urn:sodang:{self.deployment}")

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))

    def sqlalchemy_url(self) -> str:
        """The URL for SQLAlchemy (read models): psycopg 3 for PostgreSQL."""
        if self.dialect == "sqlite":
            return f"sqlite:///{self.sqlite_path}"
        parsed = urlparse(self.database_url)
        return parsed._replace(scheme="postgresql+psycopg").geturl()

    def eventsourcing_env(self) -> dict[str, str]:
        """The eventsourcing library's environment for the event store."""
        env: dict[str, str] = {}
        if self.dialect == "sqlite":
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            env.update(
                PERSISTENCE_MODULE="eventsourcing.sqlite", SQLITE_DBNAME=str(self.sqlite_path)
            )
            env["SQLITE_LOCK_TIMEOUT"] = "30"
            env["APPLICATION_RECORDER_TOPIC"] = "services.integrity.recorders:SealingSQLiteRecorder"
        else:
            parsed = urlparse(self.database_url)
            env.update(
                PERSISTENCE_MODULE="services.store.pg_factory:EventStoreFactory",
                POSTGRES_DBNAME=parsed.path.lstrip("/"),
                POSTGRES_HOST=parsed.hostname or "127.0.0.1",
                POSTGRES_PORT=str(parsed.port or 5432),
                POSTGRES_USER=unquote(parsed.username or "postgres"),
                POSTGRES_PASSWORD=unquote(parsed.password or ""),
                POSTGRES_POOL_SIZE=str(self.pool_size),
                POSTGRES_MAX_OVERFLOW=str(self.pool_size * 2),
                POSTGRES_LOCK_TIMEOUT="10",
                # No pre-ping: it cost a round trip on every checkout (a quarter of the
                # import's wall time at province scale). A connection the server dropped
                # fails once; the library's recorders retry and the pool replaces it.
                POSTGRES_PRE_PING="n",
                APPLICATION_RECORDER_TOPIC="services.integrity.recorders:SealingPostgresRecorder",
            )
            # Never POSTGRES_ENABLE_DB_FUNCTIONS: it breaks commit order (eventsourcing-notes §6).
        env["CREATE_TABLE"] = "y" if self.create_tables else "n"
        if self.cipher_key:
            env.update(CIPHER_TOPIC="eventsourcing.cipher:AESCipher", CIPHER_KEY=self.cipher_key)
            # Encrypts with the row (stream, version, topic) as associated data; reads old rows.
            env["MAPPER_TOPIC"] = "services.store.row_cipher:RowBoundMapper"
        return env
