"""The projections' PostgreSQL connections run without JIT (projections/store/engine.py): the
figures' batch statements are costly enough for PostgreSQL to compile them, and compiling took
half of each statement's time."""

from __future__ import annotations

from sqlalchemy import text

from projections.store.engine import engines_for
from services.config import Settings


def test_the_projections_postgresql_connections_do_not_compile_statements(
    postgres_database: str,
) -> None:
    engines = engines_for(Settings(database_url=postgres_database, deployment="sodang-test"))
    try:
        for engine in (engines.read, engines.write):
            with engine.connect() as conn:
                assert conn.execute(text("SHOW jit")).scalar() == "off"
    finally:
        engines.write.dispose()
