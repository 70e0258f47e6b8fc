"""`python -m bench [contract|core|web|web-cpu|reform|imports|chaos|rebuild|floors|storage|pages|forms]
...`: the benchmarks of issues 3, 4, 6, 10, 12, 13 and 14 (not tests); without a command, the
contract."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Sổ Đảng benchmarks; each writes its section of bench/RESULTS.md. "
        "Without a command: the contract (issue 12) at its default (reduced) scale.",
    )
    sub = p.add_subparsers(dest="bench")
    contract = sub.add_parser(
        "contract",
        help="issue 12: the contract table, now / target / goal on SQLite and PostgreSQL, each "
        "figure beside its baseline in the same run; the first section of bench/RESULTS.md",
    )
    contract.add_argument(
        "--scale",
        type=float,
        default=0.004,
        help="share of the full province for the import, rebuild and queries; default 0.004",
    )
    contract.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    contract.add_argument("--rounds", type=int, default=2, help="rebuild rounds; default 2")
    contract.add_argument("--samples", type=int, default=200)
    contract.add_argument(
        "--web-scale", type=float, default=0.002, help="the web's province (15 cells at 0.002)"
    )
    contract.add_argument("--duration", type=int, default=5, help="seconds of wrk per endpoint")
    contract.add_argument("--connections", type=int, default=64)
    contract.add_argument("--seed", type=int, default=2024)
    core = sub.add_parser(
        "core",
        help="issue 3: import, rebuild and query latencies vs a CRUD baseline (SQLite, PostgreSQL)",
    )
    core.add_argument(
        "--scale",
        type=float,
        default=0.01,
        help="share of the full province (1.0 = 10,000 orgs, 500,000 members, ~1.5M events); default 0.01",
    )
    core.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    core.add_argument("--samples", type=int, default=200)
    core.add_argument("--seed", type=int, default=2024)
    core.add_argument(
        "--skip-attached",
        action="store_true",
        help="skip the import with the projections attached (hours at scale 1.0): import the "
        "write side alone, then rebuild; the report says the attached import was not run",
    )
    web = sub.add_parser(
        "web",
        help="issue 4: gunicorn + wrk load on the JSON API vs a bare Flask endpoint (PostgreSQL)",
    )
    web.add_argument(
        "--scale",
        type=float,
        default=0.002,
        help="province scale for the web database; default 0.002",
    )
    web.add_argument("--duration", type=int, default=10, help="seconds per endpoint (bounded)")
    web.add_argument("--connections", type=int, default=64)
    web.add_argument("--seed", type=int, default=2024)
    web.add_argument(
        "--only",
        choices=["all", "post"],
        default="all",
        help="post: only the bare endpoint and the POST admissions (writes under load, issue 12 item 4)",
    )
    web_cpu = sub.add_parser(
        "web-cpu",
        help="issue 12: CPU per cached GET in process (Flask test client) vs a bare Flask endpoint",
    )
    web_cpu.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    web_cpu.add_argument("--requests", type=int, default=300, help="per route and round")
    web_cpu.add_argument("--rounds", type=int, default=3)
    web_cpu.add_argument(
        "--profile",
        choices=["", "rollup", "standings", "roll"],
        default="",
        help="print a cProfile of this route instead",
    )
    reform = sub.add_parser(
        "reform",
        help="issue 6: a 2025-style reform over 10,000 organizations, restated vs structured roll-ups",
    )
    reform.add_argument(
        "--orgs",
        type=int,
        default=10_000,
        help="organizations in the tree; default 10,000 (scale 1.0)",
    )
    reform.add_argument(
        "--members-scale",
        type=float,
        default=0.04,
        help="members as a share of the full 500,000, spread over every cell; default 0.04 (20,000)",
    )
    reform.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    reform.add_argument("--samples", type=int, default=200)
    reform.add_argument("--seed", type=int, default=2024)
    reform.add_argument(
        "--keep-setup",
        metavar="NAME",
        help="keep a copy of the set-up (SQLite: NAME.db; PostgreSQL: database NAME) for later "
        "runs with --from-setup; a province-scale set-up takes 30-80 minutes",
    )
    reform.add_argument(
        "--follower",
        action="store_true",
        help="project the reform in a follower process beside the write side "
        "(projections/following.py), timed until it reaches the head, instead of inline",
    )
    reform.add_argument(
        "--from-setup",
        metavar="NAME",
        help="replay the reform on a copy of a set-up kept by --keep-setup (same --orgs, "
        "--members-scale and --seed) instead of building one",
    )
    imports = sub.add_parser(
        "imports",
        help="issue 10: an import's peak memory by file length, and beside a user writing "
        "to one of its cells",
    )
    imports.add_argument("--sizes", default="10000,40000", help="lines per file, comma-separated")
    imports.add_argument("--live-lines", type=int, default=10_000)
    imports.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    chaos = sub.add_parser(
        "chaos",
        help="issue 10: kill -9 of gunicorn workers and of the importer beside 64 writers "
        "(PostgreSQL); asserts nothing acknowledged is lost or doubled",
    )
    chaos.add_argument("--runs", type=int, default=1)
    chaos.add_argument("--duration", type=float, default=45, help="seconds of kills per run")
    chaos.add_argument("--writers", type=int, default=64)
    chaos.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    rebuild = sub.add_parser(
        "rebuild",
        help="issue 12: projection rebuild beside a decoded read of the same log, in rounds",
    )
    rebuild.add_argument("--scale", type=float, default=0.005)
    rebuild.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    rebuild.add_argument("--rounds", type=int, default=3)
    rebuild.add_argument(
        "--profile", default="", help="write a cProfile of the first figures rebuild to PATH.<db>"
    )
    floors = sub.add_parser(
        "floors",
        help="issue 12: the stages of the import, the rebuild and the roll each alone, beside "
        "the whole and the per-event budget each target leaves",
    )
    floors.add_argument("--scale", type=float, default=0.004, help="the rebuild's province")
    floors.add_argument("--lines", type=int, default=6_000, help="the import file's lines")
    floors.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    floors.add_argument("--samples", type=int, default=200)
    floors.add_argument("--seed", type=int, default=2024)
    storage = sub.add_parser(
        "storage",
        help="issue 12: bytes per imported event on PostgreSQL, log and read models, by table",
    )
    storage.add_argument("--scale", type=float, default=0.01)
    storage.add_argument("--seed", type=int, default=2024)
    pages = sub.add_parser(
        "pages",
        help="issue 13: page times of the province dashboard and dossier board, a commune's "
        "dashboard and a cell's roll on the demo province (SQLite, in process)",
    )
    pages.add_argument(
        "--scale", type=float, default=0.25, help="scale of `sodang demo`; default 0.25"
    )
    pages.add_argument("--rounds", type=int, default=10)
    pages.add_argument(
        "--db-path",
        default="",
        help="an SQLite demo database to reuse (built there when missing); "
        "default var/bench-pages/demo-<scale>.db",
    )
    forms = sub.add_parser(
        "forms",
        help="issue 14: the province's yearly statistics forms compiled from the log, beside "
        "the roll-ups, flows and indicators they must equal",
    )
    forms.add_argument("--scale", type=float, default=0.02)
    forms.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    forms.add_argument("--rounds", type=int, default=5)
    forms.add_argument("--seed", type=int, default=2024)
    sub.add_parser("province", help="print the generated province's shape at a scale").add_argument(
        "--scale", type=float, default=0.01
    )
    return p


def own_witness() -> None:
    """The benchmarks write throwaway logs: their signed checkpoints go to a folder of their own,
    not to var/witness, where a deployment's (or the demo's) witnessed tree heads live."""
    if "SODANG_WITNESS_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="sodang_bench_witness_")
        os.environ["SODANG_WITNESS_DIR"] = folder
        os.environ.setdefault("SODANG_SIGNING_KEY_FILE", os.path.join(folder, "signing.key"))


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    own_witness()
    # Measured as the `sodang` command runs (services/cli): SODANG_GC=default measures without.
    from projections.collector import configure

    configure()
    if args.bench == "core":
        from bench import core

        dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
        return core.main(args.scale, dbs, args.samples, args.seed, args.skip_attached)
    if args.bench == "web":
        from bench import web

        return web.main(args.scale, args.duration, args.connections, args.seed, args.only)
    if args.bench == "web-cpu":
        from bench import web_cpu

        dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
        return web_cpu.main(dbs, args.requests, args.rounds, args.profile)
    if args.bench == "reform":
        from bench import reform

        dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
        kept = reform.Kept(args.keep_setup, args.from_setup)
        return reform.main(
            args.orgs, args.members_scale, dbs, args.samples, args.seed, kept, args.follower
        )
    if args.bench == "imports":
        from bench import imports

        dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
        sizes = [int(x) for x in args.sizes.split(",")]
        return imports.main(sizes, args.live_lines, dbs)
    if args.bench == "chaos":
        from bench import chaos

        return chaos.main(args.runs, args.duration, args.writers, args.workers)
    if args.bench == "rebuild":
        from bench import rebuild

        dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
        return rebuild.main(args.scale, dbs, args.rounds, args.profile)
    if args.bench == "floors":
        from bench import floors

        dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
        return floors.main(args.scale, args.lines, dbs, args.samples, args.seed)
    if args.bench == "storage":
        from bench import storage

        return storage.main(args.scale, args.seed)
    if args.bench == "pages":
        from bench import pages

        return pages.main(args.scale, args.rounds, args.db_path)
    if args.bench == "forms":
        from bench import forms

        dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
        return forms.main(args.scale, dbs, args.rounds, args.seed)
    if args.bench == "province":
        from bench.province import generate, shape

        print(shape(args.scale), generate(args.scale).describe())
        return 0
    from bench import contract

    if args.bench == "contract":
        return contract.main(
            contract.Options(
                args.scale,
                ("sqlite", "postgresql") if args.db == "both" else (args.db,),
                args.rounds,
                args.samples,
                args.web_scale,
                args.duration,
                args.connections,
                args.seed,
            )
        )
    return contract.main(contract.Options())


if __name__ == "__main__":
    sys.exit(main())
