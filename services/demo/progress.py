"""Progress of `sodang demo`'s stages (giai đoạn): a bar per stage on a terminal, a line otherwise.

On a terminal rich draws a bar for each stage as it runs. When the output is a file or a pipe
(make, CI, a log) live bars would print nothing useful, so each stage prints one line when it
ends: its name, how many items it did and how long it took.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn


class Stages:
    """The stages of one demo run; use as a context manager, then `stage(...)` for each."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console()
        self.live = self.console.is_terminal
        self._bar: Progress | None = None

    def __enter__(self) -> Stages:
        if self.live:
            self._bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
            )
            self._bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    @contextmanager
    def stage(self, description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        """Run one stage; the block calls the yielded function with each batch's count."""
        done = 0
        started = time.perf_counter()
        task = None
        if self._bar is not None:
            task = self._bar.add_task(description, total=total)

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if self._bar is not None and task is not None:
                self._bar.advance(task, count)

        yield advance
        seconds = time.perf_counter() - started
        if self._bar is not None and task is not None:
            # A stage without counted items shows as complete rather than as an empty bar.
            self._bar.update(task, total=total or max(done, 1), completed=total or max(done, 1))
            return
        if total is None and not done:
            click.echo(f"{description}: done in {seconds:.1f} s")
            return
        counted = f"{done}/{total}" if total is not None else str(done)
        click.echo(f"{description}: {counted} in {seconds:.1f} s")
