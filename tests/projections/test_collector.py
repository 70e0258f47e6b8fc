"""The collector's settings for long runs (projections/collector.py): fewer, later collections,
start-up frozen out of them on request, and CPython's own settings when the operator asks."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from projections import collector


@pytest.fixture(autouse=True)
def restored_collector() -> Iterator[None]:
    """The suite runs with its own settings (tests/conftest.py): each test leaves them as found."""
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    gc.set_threshold(700, 10, 10)
    yield
    if gc.get_freeze_count() > frozen:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
    gc.set_threshold(*thresholds)


def test_long_runs_collect_young_objects_far_less_often(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SODANG_GC", raising=False)

    changed = collector.configure()

    assert changed
    assert gc.get_threshold() == collector.THRESHOLDS
    assert collector.THRESHOLDS[0] >= 10_000  # CPython's default is 700


def test_freezing_moves_what_start_up_built_out_of_the_scans(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SODANG_GC", raising=False)
    kept_for_life = [[n] for n in range(1_000)]  # lists are always tracked
    before = gc.get_freeze_count()

    collector.configure(freeze=True)

    assert gc.get_freeze_count() >= before + len(kept_for_life)


@pytest.mark.parametrize("asked", ["default", " Default "])
def test_the_operator_can_keep_cpythons_settings(
    monkeypatch: pytest.MonkeyPatch, asked: str
) -> None:
    monkeypatch.setenv("SODANG_GC", asked)
    before = gc.get_freeze_count()

    changed = collector.configure(freeze=True)

    assert not changed
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == before
