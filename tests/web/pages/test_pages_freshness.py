"""The pages say "Số liệu đang cập nhật" while their figures stand behind the event log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Flask

from services.registry import Registry
from services.roll.commands import Admit, Decision, MemberRef
from tests import writes

NOTICE = "Số liệu đang cập nhật"


def test_a_dashboard_behind_the_log_shows_the_updating_notice_until_caught_up(
    app: Flask, browse: Callable[..., Any], tree: Any, settings: Any, clock: Any, make_profile: Any
) -> None:
    officer = browse("h01.page", tree.district, "officer")
    assert NOTICE not in officer.text(f"/orgs/{tree.district}")
    killed = Registry(settings, clock=clock)  # commits, never catches the projections up
    command = Admit(
        MemberRef(profile=make_profile()),
        date(2026, 3, 2),
        Decision("7-QĐ/HU", date(2026, 2, 1), tree.district),
    )
    writes.admit(killed, tree.cell, command, "import:killed")
    killed.close()

    app.config["SODANG_FRESHNESS_WAIT"] = 0
    assert NOTICE in officer.text(f"/orgs/{tree.district}")
    app.config["SODANG_FRESHNESS_WAIT"] = 2
    assert NOTICE not in officer.text(f"/orgs/{tree.district}")
