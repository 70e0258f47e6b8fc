"""Gunicorn workers start together: each creates the users' tables if missing, on SQLite too."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any


def _open_store(url: str, barrier: Any) -> None:
    from services.config import Settings
    from services.store.users import UserStore

    barrier.wait()
    UserStore(Settings(database_url=url)).close()


def test_workers_creating_the_user_tables_at_once_all_start(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    failed = 0
    for round_ in range(5):
        url = f"sqlite:///{tmp_path / f'users{round_}.db'}"
        barrier = context.Barrier(4)
        workers = [context.Process(target=_open_store, args=(url, barrier)) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        failed += sum(worker.exitcode != 0 for worker in workers)

    assert failed == 0
