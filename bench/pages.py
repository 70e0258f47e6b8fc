"""Issue 13: how long the pages an official opens first take on the demo province.

The demo (`sodang demo --scale S`, deterministic) is built once into an SQLite file, or an
existing one is reused (`--db-path`). The app then serves it in process through Flask's test
client, signed in through the sign-in form as the province's organization department
(bantochuc.tinh, the demo's oversight account). Each round GETs, back to back: the province
dashboard, the province dossier board, the commune's (Thanh Yên) dashboard and the roll of the
demo clerk's cell, after the empty search page as the baseline. The first GET of each page (the process's caches cold) is reported apart;
the rounds after it give the median and the 90th percentile.

Times are of the whole request inside the process (routing, permissions, projection reads,
template), without the network and the server's workers: what `bench web` adds on top.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench import recorded, report

ROOT = Path(__file__).resolve().parent.parent
PROVINCE = "TINH-DIENBIEN"
OFFICER, OFFICER_PASSWORD = "bantochuc.tinh", "BanToChuc-2025"
# The demo's commune officer and cell clerk: their commune (Thanh Yên after the 2025 reform)
# and cell are the commune dashboard and the roll timed.
COMMUNE_OFFICER, CLERK = "canbo.thanhyen", "vanthu.chibo"
# The empty search page: sign-in, permissions and the page frame without any figure, the
# floor that the same load puts under every page (the ratios are against it).
BASELINE = "empty search page (baseline)"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Page:
    label: str
    path: str
    first: float = 0.0  # seconds, the process's first GET
    samples: list[float] = field(default_factory=list)
    size: int = 0  # bytes of the page

    def p90(self) -> float:
        return report.percentile(self.samples, 90)


def environment(db_path: Path) -> dict[str, str]:
    """The demo's settings: its own database file, signing key and witness directory."""
    home = db_path.parent
    return {
        **os.environ,
        "SODANG_DATABASE_URL": f"sqlite:///{db_path}",
        "SODANG_SIGNING_KEY_FILE": str(home / "signing.key"),
        "SODANG_WITNESS_DIR": str(home / "witness"),
        "PYTHONPATH": str(ROOT),
    }


def build_demo(db_path: Path, scale: float) -> float:
    """`sodang demo --scale` into `db_path` (it skips what is already seeded); seconds taken."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from services.cli import main; main()",
            "demo",
            "--scale",
            str(scale),
        ],
        env=environment(db_path),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def time_pages(db_path: Path, rounds: int) -> list[Page]:
    from services.config import Settings
    from web import create_app, extensions

    os.environ.update(environment(db_path))
    app = create_app({"TESTING": True, "SODANG_SETTINGS": Settings.from_env()})
    try:
        with app.app_context():
            clerk = extensions.get_users().by_name(CLERK)
            commune = extensions.get_users().by_name(COMMUNE_OFFICER)
        if clerk is None or commune is None:
            raise SystemExit(f"{db_path} holds no demo accounts: build it with `sodang demo`")
        client = app.test_client()
        login = client.get("/login").get_data(as_text=True)
        token = CSRF.search(login)
        assert token is not None, "the sign-in form has no CSRF token"
        answer = client.post(
            "/login",
            data={"name": OFFICER, "password": OFFICER_PASSWORD, "csrf_token": token.group(1)},
        )
        if answer.status_code != 302:
            raise SystemExit(f"signing in as {OFFICER} failed ({answer.status_code})")
        pages = [
            Page(BASELINE, "/search"),
            Page("province dashboard", f"/orgs/{PROVINCE}"),
            Page("province dossier board", f"/orgs/{PROVINCE}/dossiers"),
            Page("commune dashboard (Thanh Yên)", f"/orgs/{commune.org}"),
            Page(f"cell roll ({clerk.org})", f"/orgs/{clerk.org}/roll"),
        ]
        for number in range(rounds + 1):
            for page in pages:
                started = time.perf_counter()
                response = client.get(page.path)
                took = time.perf_counter() - started
                if response.status_code != 200:
                    raise SystemExit(f"GET {page.path}: {response.status_code}")
                page.size = len(response.get_data())
                if number == 0:
                    page.first = took
                else:
                    page.samples.append(took)
        return pages
    finally:
        extensions.close(app)


def render(
    pages: list[Page], scale: float, rounds: int, built: float | None, db: Path, started: datetime
) -> str:
    floor = statistics.median(pages[0].samples)
    rows = [
        [
            p.label,
            f"`{p.path}`",
            f"{p.first * 1000:,.0f}",
            f"{statistics.median(p.samples) * 1000:,.0f}",
            f"{p.p90() * 1000:,.0f}",
            f"{statistics.median(p.samples) / floor:,.1f}x",
            f"{p.size / 1024:,.0f}",
        ]
        for p in pages
    ]
    how = f"built for this run in {built:,.0f} s" if built is not None else f"reused from {db.name}"
    return "\n\n".join(
        [
            "## Pages an official opens first (issue 13)",
            report.facts(report.command_line(), started, report.machine(), report.versions()),
            f"The demo province at scale {scale} (`sodang demo --scale {scale}`, SQLite; {how}), "
            f"served in process through Flask's test client, signed in as {OFFICER} (the "
            f"province's organization department). The first GET of each page after start is "
            f"apart; then {rounds} rounds of the pages back to back: median and 90th "
            "percentile in milliseconds, and the median over the baseline's (the empty search "
            "page: sign-in, permissions and the page frame, no figures) measured in the same "
            "rounds.",
            report.table(
                ["page", "path", "first GET ms", "median ms", "p90 ms", "x baseline", "KiB"],
                rows,
            ),
        ]
    )


def main(scale: float, rounds: int, db_path: str) -> int:
    started = report.now()
    db = Path(db_path) if db_path else ROOT / "var" / "bench-pages" / f"demo-{scale}.db"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    built = None if db.exists() else build_demo(db, scale)
    if built is not None and scale == 1.0:  # the contract's full-scale demo row
        recorded.record(
            "demo",
            "sqlite",
            built,
            f"{report.command_line()} (builds the demo with `sodang demo --scale 1.0` into a "
            "fresh SQLite file)",
            f"load average {load} at the start",
        )
    pages = time_pages(db.resolve(), rounds)
    text = render(pages, scale, rounds, built, db, started)
    print(text)
    report.write_section("pages", text)
    return 0
