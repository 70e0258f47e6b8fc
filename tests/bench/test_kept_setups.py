"""A reform bench's set-up kept and reused (bench.reform.Kept, bench.core.Databases.copy and
url_from): the copy a later run replays on holds what the set-up wrote, and the later run's
writes never reach the kept set-up."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bench.core import Databases
from bench.reform import Kept
from tests.conftest import backend_params


def engine_of(url: str) -> Any:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


def rows(url: str) -> list[Any]:
    engine = engine_of(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text("SELECT n FROM kept ORDER BY n"))]
    finally:
        engine.dispose()


def write(url: str, *numbers: int) -> None:
    engine = engine_of(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE IF NOT EXISTS kept (n INTEGER)"))
            for n in numbers:
                conn.execute(text("INSERT INTO kept VALUES (:n)"), {"n": n})
    finally:
        engine.dispose()


@pytest.mark.parametrize("dialect", backend_params())
def test_a_kept_setup_is_replayed_on_a_copy_that_leaves_it_as_kept(
    dialect: str, tmp_path: Any
) -> None:
    name = str(tmp_path / "setup") if dialect == "sqlite" else f"kept_{tmp_path.name}"[:60]
    kept = Kept.of(dialect, name)
    first, later = Databases(dialect), Databases(dialect)
    try:
        built = first.url("reform")
        write(built, 1, 2)
        first.copy(built, kept)
        first.close()

        replayed = later.url_from(kept, "reform")
        write(replayed, 3)

        assert rows(replayed) == [(1,), (2,), (3,)]
        assert rows(later.url_from(kept, "again")) == [(1,), (2,)]
    finally:
        first.close()
        later.close()
        first.drop_kept(kept)
