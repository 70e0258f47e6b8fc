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


def test_the_operator_can_set_the_three_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SODANG_GC", "100000, 50, 100")

    collector.configure()

    assert gc.get_threshold() == (100_000, 50, 100)


@pytest.mark.parametrize("asked", ["50000,20", "fast", "50000,0,20", "-1,20,20", "1e5,20,20"])
def test_a_setting_that_is_not_three_thresholds_is_refused_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, asked: str
) -> None:
    monkeypatch.setenv("SODANG_GC", asked)

    with pytest.raises(ValueError, match="SODANG_GC must be"):
        collector.configure(freeze=True)

    assert gc.get_threshold() == (700, 10, 10)


def test_a_web_worker_keeps_cpythons_thresholds_and_freezes_its_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SODANG_GC", raising=False)
    gc.set_threshold(*collector.THRESHOLDS)  # as a `sodang serve` master leaves them
    kept_for_life = [[n] for n in range(1_000)]
    before = gc.get_freeze_count()

    changed = collector.configure_serving()

    assert changed
    assert gc.get_threshold() == collector.SERVING == (700, 10, 10)
    assert gc.get_freeze_count() >= before + len(kept_for_life)


def test_the_operator_sets_a_web_workers_thresholds_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SODANG_GC", "5000,10,10")

    collector.configure_serving()

    assert gc.get_threshold() == (5_000, 10, 10)
