"""`sodang demo`: seed the demo province (tỉnh Điện Biên) from a deterministic history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import click

from domain.errors import NotFound
from projections.following import following
from services.cli.context import domain_errors, settings
from services.demo.progress import Stages
from services.demo.recorders import HISTORY_BY
from services.demo.seeding import SettableClock, found_all, load_events
from services.registry import Registry
from services.wiring import build_registry

SEEDED_BY = HISTORY_BY


@click.command()
@click.option("--seed", default=2021, show_default=True, help="Random seed of the history.")
@click.option(
    "--scale", default=1.0, show_default=True, help="Share of the full province to build."
)
@domain_errors
def command(seed: int, scale: float) -> None:
    """Seed the demo province: real units of tỉnh Điện Biên, history from 2015 to today,
    with the reform of 1 July 2025 replayed from the official mapping."""
    from services.demo import generate
    from services.demo.after_reform import extend_demo
    from services.demo.extras import demo_extras, seed_quotas
    from services.demo.reform import RECORDED_AT

    real_now = datetime.now(UTC)
    province = generate(seed=seed, scale=scale)
    first = province.orgs[0]
    clock = SettableClock(province.events[0].recorded_at if province.events else real_now)
    registry = build_registry(settings(), clock=clock)
    click.get_current_context().call_on_close(registry.close)
    with Stages() as stages:
        try:
            registry.get_organization(first.code)
            click.echo(f"The demo province {first.code} is already seeded; nothing to do.")
        except NotFound:
            with stages.stage("Lập tổ chức (founding organizations)", len(province.orgs)) as done:
                found_all(registry, province.orgs, SEEDED_BY)
                done(len(province.orgs))
            with (
                stages.stage("Nạp lịch sử (loading history)", len(province.events)) as done,
                following(registry, partial(Registry, registry.settings)),
            ):
                load_events(registry, province.events, SEEDED_BY, progress=done)
            clock.now = real_now
            click.echo(
                f"Seeded {len(province.orgs)} organizations and {len(province.events)} events "
                f"(log position {registry.max_position()})."
            )
        with stages.stage("Chỉ tiêu 2015-2025 (quotas of the legacy tree)") as done:
            # The plans of 2015-2025 belong to the old structure: set before the reform carries them.
            clock.now = RECORDED_AT - timedelta(hours=14)
            done(sum(seed_quotas(registry, province)))
            clock.now = real_now
        today = registry.today()
        with stages.stage("Cải tổ 2025 và lịch sử sau đó (reform and after)") as done:
            for line in extend_demo(registry, province, seed, today, progress=done):
                click.echo(line)
        with stages.stage("Tài khoản, chỉ tiêu, hồ sơ (sign-ins, quotas, dossiers)"):
            for line in demo_extras(registry, province, today):
                click.echo(line)
