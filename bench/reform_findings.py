"""What the investigation of the reform bench found, printed under every run's figures."""

from __future__ import annotations

# What the investigation of the 2026-11-22 run found (cProfile of the reform and the queries on
# SQLite, same data, projections/counts/figures.py sha256 7427b5587012): printed under every run's figures.
NOTES: list[str] = [
    "2026-12-07, afternoon: a change of structure rechains the members' stored contributions "
    "instead of replaying their entries (projections/counts/rechain.py). Full scale, SQLite: "
    "211.6 s (projections 99.3 s, 0.23 ms per member moved); same set-up and harness before and "
    "after: 217.8 -> 179.7 s, projections 142.3 -> 80.9 s. The write side (every cell's roll "
    "history decoded to load it, then the save) is now the larger half.",
    "2026-12-07: at full scale (500,000 members) the reform took 272.7 s on SQLite and 307.0 s on "
    "PostgreSQL (bench/RESULTS.md, 'Reform at the contract's full scale'). On PostgreSQL without "
    "statistics (autovacuum off) the members were read 500 at a time by an IN that scanned whole "
    "tables (160-390 ms a chunk) and one aggregate's events by a parallel plan (40-100 ms); both "
    "now hold whatever the statistics (projections/store/probes.py, services/store/pg_factory.py).",
    "2026-12-06, evening: CPython's cyclic collector was a third of the reform at 0.2 of the "
    "members (47 s of 138 s, 14 full collections of 3-5 s over the growing caches, on a copy of "
    "one set-up at load 4-5); with projections/collector.py's settings (every `sodang` command, "
    "the follower and the benches) the same replay took 72-79 s with 10 s of collection and no "
    "full one (bench/RESULTS.md, 'Process settings'). The earlier 'first district 11-12 s' was most "
    "likely such a full collection (not measured in that run).",
    "2026-12-06: the restructuring now reads the members it recomputes 2,000 at a time when they "
    "are not cached (projections/counts/figures.py `_recompute`), the first lever named below. "
    "At 0.2 of the members (87,763 on the rolls, ~9.3 per cell), SQLite, quiet machine: 68.3 s, "
    "projections 44.3 s = 0.50 ms per member moved (1.25 ms at 0.04 before it); write side 24 s. "
    "PostgreSQL, same data: 84.5 s, projections 61.9 s = 0.71 ms per member (2.12 ms at 0.04). "
    "The same run with one-by-one loads, beside a test suite on both cores: 122.4 s (94.2 s "
    "projections). A line through the write side at 0.04 (10.8 s) and 0.2 (24 s) and the "
    "projections' 0.5 ms per member gives about 5 minutes for the full province (~440,000 on the "
    "rolls) against 2 minutes targeted: what is left is `contribution.compute` for every member "
    "on a moved cell's roll and the write side decoding the cells' streams; figures kept per "
    "cell and rolled up at read time would make a reform cost grow with organizations, not "
    "members. The first district after the founding transaction costs 12 s against 2-4 s for "
    "the others (not yet profiled).",
    "The reform runs the way a command of its own would: a new registry after the set-up, so the "
    "figures projection starts with an empty member cache. About two thirds of the time is the "
    "figures projection catching up inline. Profile of 4 districts on SQLite (2,000 structure "
    "events, 3,534 members; 10.3 s, 7.3 s projections): `_settle`/`_recompute` 77% of the "
    "projection time, of which `storage.load_member` 68% (two SELECTs and a JSON decode per member, "
    "one member at a time, ~1 ms each; SQLAlchemy cache-key generation for the freshly built "
    "statements is a fifth of it) and `contribution.compute` 27%. Loading the members found by "
    "`_members_at` in bulk (one query per 500, as `services.structure.reorganization.preload` does for "
    "aggregates) would remove most of it. Moving a cell only changes its ancestors, yet every "
    "member on its roll is recomputed from the whole history: shifting the cell's own "
    "pre-aggregated rows from the old ancestors to the new ones would make the projection's work "
    "grow with organizations, not members.",
    "The write side (~1.1-1.7 ms per organization) is mostly `preload_subtree` decoding the cells' "
    "streams (from their last snapshot) and the save itself (~1,500 events per district encoded).",
    "The time grows with the members carried. Same tree, SQLite, same code, `--members-scale` 0.01 "
    "/ 0.04 / 0.08 (4,399 / 17,548 / 34,992 members on the rolls): 9.2 / 32.7 / 51.9 s (projections "
    "4.9 / 21.9 / 40.3 s; 0.01 and 0.08 run separately right after this run). A straight line "
    "through them gives about 5 s + 1.4 ms per member (projections alone: 1.15 ms per member). At "
    "full scale (~440,000 on the rolls, ~50 per cell) that is about 10 minutes on SQLite and more "
    "on PostgreSQL (1.7x per member here): the target is met at the reduced member history on both "
    "databases, not at full scale.",
    "Earlier runs on the same data tracked the projection's changes (projections/counts/figures.py is "
    "being reworked): recomputing the moved subtree's members after every Moved/Ended event, 80.7 s "
    "on SQLite (61.6 s projections, set-up's warm caches); grouped by instant (sha256 "
    "ddbb1fe052f2), 50.9 s on SQLite and 66.6 s on PostgreSQL; with the structure rows written in "
    "bulk as well (sha256 7427b5587012, measured above), 32.7 s and 55.0 s.",
    "restated(province, depth=1) cannot come within 2x of the structured roll-up of the past day: "
    "that one reads 21 organizations (province and 20 districts), while the restated one must read "
    "the past figures of the 500 grassroots committees (each lands whole in one new committee; "
    "the districts are opened) plus the structure day's own figures of the 181 shown nodes, and "
    "the prefix-sum read costs ~0.025 ms per organization. About half of its warm time (~18 of "
    "36 ms per call in a profile) is `restated.tree`, which calls `children_on` on every shown node, "
    "including the 180 leaves of the depth-1 view, scanning the ~53 cells under each (~9,500 "
    "`exists_on` per call); stopping at the depth as `reports.rollup_tree` does would remove it. "
    "Even then it would be ~3x the structured roll-up of the very tree it shows.",
    "Cold calls pay `restated.plan` (~75 ms for depth 1, ~145 ms for the full tree in a profile, "
    "pure Python over the whole territory) once per (org, as_of, structure_on, depth): every new "
    "past day recomputes it although the plan only changes where the tree changed. Keying the "
    "cache by the tree's version on as_of rather than the day would make cold calls rare.",
    "Full tree: restated reads and builds the tree twice (the past day restated, and the structure "
    "day's own figures beside it), so it is close to 2x by construction; `Plan.reads()` also "
    "re-sorts the 10,000 codes on every call.",
    "Noise: the fresh-Queries rows have 10 samples only and swing from run to run (SQLite's restated "
    "p50 here is above warm + plan + tree load added up; PostgreSQL's ratio is below 1); the p99 "
    'of cheap cases measured right after heavy ones ("varying as_of" after the cold full tree) '
    "shows garbage collection and other jobs on the shared 2 cores (load average ~2-2.7).",
]
