#!/usr/bin/env python3
"""Feature wings (issue 11): moves modules into one room per concept and rewrites every reference.

Replayable on purpose: the map below is the whole decision, and running the script again on a
tree that has absorbed other branches finishes the job without redoing what is done. Over 300
lines because the map is one table (every move of the wings, read at a glance), not logic.

    python scripts/wings.py            # move, rewrite, register old topics, format
    python scripts/wings.py --dry-run  # say what would move

Steps:
1. `git mv` each file of MOVES whose old path exists and new path does not (a move already done
   is skipped; a file that exists under neither path is warned about and skipped), creating the
   `__init__.py` of every new package.
2. Rewrites references in every tracked text file: dotted module names (imports, `module:Name`
   topic strings, `mock.patch("pkg.mod.x")`, gunicorn `pkg.mod:app`, `[project.scripts]`),
   slash paths (`services/pipeline.py` in docs and comments) and `from pkg import mod` forms.
3. Adds each moved domain module to domain/legacy_topics.py, so events stored under the old
   topic (`domain.organization:Organization.Admitted`) keep resolving and topic filters keep
   matching the stored rows.
4. Sorts imports and formats the touched Python files with ruff, when ruff is on the PATH or in
   the project's .venv.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Old path -> new path. One room per concept per layer; see README "How it fits together".
MOVES: dict[str, str] = {
    # domain: roll (organizations, members, their history and values)
    "domain/organization.py": "domain/roll/organization.py",
    "domain/member.py": "domain/roll/member.py",
    "domain/timeline.py": "domain/roll/history.py",
    "domain/profile.py": "domain/roll/profile.py",
    "domain/values.py": "domain/roll/values.py",
    # domain/quota.py and services/quotas.py stay: a concept of one module is its own room (a
    # package named after the old module would make the rewrite ambiguous on a re-run).
    # domain: structure (reorganizations)
    "domain/reorganization.py": "domain/structure/reorganization.py",
    # domain: admission (dossier, steps, facts, deadlines, calendar)
    "domain/dossier.py": "domain/admission/dossier.py",
    "domain/dossier_state.py": "domain/admission/state.py",
    "domain/dossier_steps.py": "domain/admission/steps.py",
    "domain/dossier_facts.py": "domain/admission/facts.py",
    "domain/deadlines.py": "domain/admission/deadlines.py",
    "domain/workdays.py": "domain/admission/workdays.py",
    "domain/pipeline_settings.py": "domain/admission/settings.py",
    # services: roll
    "services/commands.py": "services/roll/commands.py",
    "services/handlers.py": "services/roll/handlers.py",
    "services/bodies.py": "services/roll/bodies.py",
    "services/text_guards.py": "services/roll/text_guards.py",
    "services/client_keys.py": "services/roll/client_keys.py",
    # services: structure
    "services/reorganization.py": "services/structure/reorganization.py",
    # services: admission
    "services/pipeline.py": "services/admission/pipeline.py",
    "services/pipeline_facts.py": "services/admission/facts.py",
    "services/pipeline_queries.py": "services/admission/queries.py",
    "services/pipeline_views.py": "services/admission/views.py",
    "services/dossier_commands.py": "services/admission/commands.py",
    "services/bodies_dossier.py": "services/admission/bodies.py",
    # services: importing
    "services/importer.py": "services/importing/importer.py",
    "services/import_run.py": "services/importing/run.py",
    "services/import_staging.py": "services/importing/staging.py",
    # services: reports (what leaves the system as files)
    "services/spreadsheet_cells.py": "services/reports/spreadsheet_cells.py",
    # services: store (persistence adapters)
    "services/users.py": "services/store/users.py",
    "services/immutability.py": "services/store/immutability.py",
    "services/bulk_reads.py": "services/store/bulk_reads.py",
    "services/transcodings.py": "services/store/transcodings.py",
    "services/pg_recorder.py": "services/store/pg_recorder.py",
    "services/row_cipher.py": "services/store/row_cipher.py",
    # services: demo (everything that seeds the demo)
    "services/seeding.py": "services/demo/seeding.py",
    "services/demo_dossiers.py": "services/demo/dossiers.py",
    "services/demo_dossier_plans.py": "services/demo/dossier_plans.py",
    "services/demo_extras.py": "services/demo/extras.py",
    # projections: store (engines, time codec, table definitions and their bitemporal reads);
    # queries.py (the read door), runner.py and wiring.py (the write door) and results.py (the
    # answers' shapes) stay at the top of projections/, above the wings.
    "projections/engine.py": "projections/store/engine.py",
    "projections/timecodec.py": "projections/store/timecodec.py",
    "projections/schema.py": "projections/store/schema.py",
    "projections/metrics.py": "projections/store/metrics.py",
    "projections/bitemporal.py": "projections/store/bitemporal.py",
    # projections: structure (the tree over time, a read of it, lineage, restatement)
    "projections/hierarchy.py": "projections/structure/hierarchy.py",
    "projections/snapshot.py": "projections/structure/snapshot.py",
    "projections/lineage.py": "projections/structure/lineage.py",
    "projections/restated.py": "projections/structure/restated.py",
    # projections: counts (the figures projection, flows, standing, quotas, reports)
    "projections/figures.py": "projections/counts/figures.py",
    "projections/storage.py": "projections/counts/storage.py",
    "projections/cumulative.py": "projections/counts/cumulative.py",
    "projections/contribution.py": "projections/counts/contribution.py",
    "projections/standing.py": "projections/counts/standing.py",
    "projections/reports.py": "projections/counts/reports.py",
    "projections/presentation.py": "projections/counts/presentation.py",
    "projections/quota_view.py": "projections/counts/quota_view.py",
    # web: access (who may read what)
    "web/access.py": "web/permissions/access.py",
    "web/refusals.py": "web/permissions/refusals.py",
    "web/dossier_access.py": "web/permissions/dossiers.py",
    "web/reach.py": "web/permissions/reach.py",
    # tests mirror the layers and their wings (tests/domain/roll, tests/services/admission...);
    # pure-domain tests (no database, no Registry) leave the feature folders for tests/domain/.
    "tests/domain/test_member_rules.py": "tests/domain/roll/test_member_rules.py",
    "tests/domain/test_member_profile.py": "tests/domain/roll/test_member_profile.py",
    "tests/domain/test_organization_rules.py": "tests/domain/roll/test_organization_rules.py",
    # month arithmetic and amendments are the roll's history (domain/roll/history.py)
    "tests/domain/test_calendar_and_amendments.py": "tests/domain/roll/test_calendar_and_amendments.py",
    "tests/domain/admission/test_calendar_and_amendments.py": "tests/domain/roll/test_calendar_and_amendments.py",
    "tests/pipeline/test_pipeline_workdays.py": "tests/domain/admission/test_workdays.py",
    "tests/reorganization/test_organization_events.py": "tests/domain/structure/test_organization_events.py",
    # the admission wing's pure tests and their in-memory builders
    "tests/admission/test_dossier_rules.py": "tests/domain/admission/test_dossier_rules.py",
    "tests/admission/test_dossier_facts.py": "tests/domain/admission/test_dossier_facts.py",
    "tests/admission/test_pipeline_deadlines.py": "tests/domain/admission/test_pipeline_deadlines.py",
    "tests/admission/pipeline_builders.py": "tests/domain/admission/pipeline_builders.py",
    # services: one folder per wing; the Registry's own test stays at tests/services/
    "tests/services/test_front_door.py": "tests/services/front_door/test_front_door.py",
    "tests/services/test_roll_commands.py": "tests/services/roll/test_roll_commands.py",
    "tests/services/test_corrections_and_retractions.py": "tests/services/roll/test_corrections_and_retractions.py",
    "tests/services/test_paired_transfers.py": "tests/services/roll/test_paired_transfers.py",
    "tests/services/test_idempotency_keys.py": "tests/services/roll/test_idempotency_keys.py",
    "tests/importing/test_event_bodies.py": "tests/services/roll/test_event_bodies.py",
    "tests/services/test_event_storage.py": "tests/services/store/test_event_storage.py",
    "tests/services/test_row_bound_cipher.py": "tests/services/store/test_row_bound_cipher.py",
    "tests/services/test_user_tables_race.py": "tests/services/store/test_user_tables_race.py",
    "tests/services/test_old_topics.py": "tests/services/store/test_old_topics.py",
    "tests/services/test_large_saves.py": "tests/services/store/test_large_saves.py",
    "tests/structure/test_demo_reform.py": "tests/services/demo/test_demo_reform.py",
    # projections: the quota standings are the counts wing's
    "tests/projections/test_fig_quotas.py": "tests/projections/counts/test_fig_quotas.py",
    # web: the API, and who may read what
    "tests/web/test_api_events.py": "tests/web/api/test_api_events.py",
    "tests/web/test_api_freshness.py": "tests/web/api/test_api_freshness.py",
    "tests/web/test_api_keys.py": "tests/web/api/test_api_keys.py",
    "tests/web/test_api_orgs.py": "tests/web/api/test_api_orgs.py",
    "tests/web/test_api_refusals.py": "tests/web/api/test_api_refusals.py",
    "tests/web/test_api_reports.py": "tests/web/api/test_api_reports.py",
    "tests/web/test_api_structure.py": "tests/web/api/test_api_structure.py",
    "tests/web/test_schemathesis.py": "tests/web/api/test_schemathesis.py",
    "tests/web/test_hostile_input.py": "tests/web/api/test_hostile_input.py",
    "tests/web/test_isolation.py": "tests/web/permissions/test_isolation.py",
    "tests/web/test_reach.py": "tests/web/permissions/test_reach.py",
}

# Packages whose contents move wholesale (every file under old dir, present now or later).
DIRECTORY_MOVES: dict[str, str] = {
    "tests/pipeline/": "tests/services/admission/",
    "tests/reorganization/": "tests/services/structure/",
    # feature folders of the service layer's tests become its wings
    "tests/admission/": "tests/services/admission/",
    "tests/structure/": "tests/services/structure/",
    "tests/importing/": "tests/services/importing/",
    "tests/integrity/": "tests/services/integrity/",
    "tests/demo/": "tests/services/demo/",
    "tests/cli/": "tests/services/cli/",
}

PACKAGE_DOCS: dict[str, str] = {
    "domain/roll": "The roll: organizations, members, their history, profile, values and quotas.",
    "domain/structure": "Reorganizations: renames, moves, merges, splits and dissolutions.",
    "domain/admission": "The admission dossier: steps, facts, deadlines and the working-day calendar.",
    "services/roll": "Roll commands: their bodies (validated JSON) and handlers.",
    "services/structure": "Reorganization decisions recorded as one transaction each.",
    "services/admission": "The admission pipeline: dossier commands, facts, queries and views.",
    "services/importing": "The NDJSON import of roll events.",
    "services/reports": "What leaves the system as files: spreadsheet-safe cells.",
    "services/store": "Persistence adapters: users, immutability triggers, bulk reads, transcodings, recorders.",
    "projections/store": "Engines, the time codec, the projection tables and their bitemporal reads.",
    "projections/structure": "The organization tree over time, a read of it, lineage and restatement.",
    "projections/counts": "The figures projection and what it answers: flows, standing, quotas, reports.",
    "web/permissions": "Who may read what: reach over time, page and dossier access.",
}

PY_PACKAGE_ROOTS = ("domain/", "services/", "projections/", "web/", "bench/")
TEXT_SUFFIXES = {
    ".py",
    ".toml",
    ".cfg",
    ".ini",
    ".md",
    ".txt",
    ".sh",
    ".conf",
    ".env",
    ".service",
    ".yml",
    ".yaml",
    ".html",
    ".json",
    ".example",
}
TEXT_NAMES = {"Makefile", "Dockerfile", "Procfile"}
LEGACY = ROOT / "domain" / "legacy_topics.py"
SELF = Path(__file__).resolve()
KEEP = "wings: keep"  # a line carrying this marker is never rewritten


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def tracked() -> list[str]:
    return [p for p in git("ls-files").splitlines() if (ROOT / p).exists()]


def full_map() -> dict[str, str]:
    """MOVES plus every file now under a moved directory (old -> new)."""
    moves = dict(MOVES)
    files = tracked()
    for old_dir, new_dir in DIRECTORY_MOVES.items():
        for path in files:
            if path.startswith(old_dir):
                moves.setdefault(path, new_dir + path[len(old_dir) :])
            elif path.startswith(new_dir):  # moved on an earlier run: its old name still maps
                moves.setdefault(old_dir + path[len(new_dir) :], path)
    # A single move out of a moved directory wins over the directory move (already set).
    return moves


def module_of(path: str) -> str | None:
    # Tests import each other as `tests.structure.conftest` (rootdir on the path).
    if not path.endswith(".py") or not path.startswith((*PY_PACKAGE_ROOTS, "tests/")):
        return None
    dotted = path[:-3].replace("/", ".")
    return dotted.removesuffix(".__init__")


def ensure_packages(path: str, dry: bool) -> None:
    if not path.startswith(PY_PACKAGE_ROOTS):
        return
    parent = Path(path).parent
    while str(parent) not in (".", "") and str(parent) + "/" not in PY_PACKAGE_ROOTS:
        init = ROOT / parent / "__init__.py"
        if not init.exists():
            print(f"create {parent}/__init__.py")
            if not dry:
                init.parent.mkdir(parents=True, exist_ok=True)
                doc = PACKAGE_DOCS.get(str(parent), f"The {parent.name} wing.")
                init.write_text(f'"""{doc}"""\n', encoding="utf-8")
                git("add", str(init.relative_to(ROOT)))
        parent = parent.parent


def move_files(moves: dict[str, str], dry: bool) -> dict[str, str]:
    """Moves what is still to move; returns the module map of every move that is done."""
    done: dict[str, str] = {}
    for old, new in moves.items():
        old_p, new_p = ROOT / old, ROOT / new
        if new_p.exists() and not old_p.exists():
            pass  # done on an earlier run
        elif old_p.exists() and not new_p.exists():
            print(f"move {old} -> {new}")
            if not dry:
                ensure_packages(new, dry)
                new_p.parent.mkdir(parents=True, exist_ok=True)
                git("mv", old, new)
        elif old_p.exists() and new_p.exists():
            print(f"warning: both {old} and {new} exist; left alone", file=sys.stderr)
            continue
        else:
            print(f"warning: {old} not found (nor {new}); skipped", file=sys.stderr)
            continue
        if not dry:
            ensure_packages(new, dry)
        old_m, new_m = module_of(old), module_of(new)
        if old_m and new_m:
            done[old_m] = new_m
    return done


def dotted_pattern(names: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])({alternatives})(?![\w])")


def slash_pattern(paths: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(paths, key=len, reverse=True))
    return re.compile(rf"(?<![\w/.])({alternatives})(?![\w])")


FROM_IMPORT = re.compile(
    r"^(?P<indent>[ \t]*)from (?P<pkg>[\w.]+) import (?P<names>\([^)]*\)|[^\n#(]+?)"
    r"(?P<comment>[ \t]*#[^\n]*)?[ \t]*$",
    re.MULTILINE,
)


def rewrite_from_imports(text: str, modules: dict[str, str]) -> str:
    """`from services import pipeline, quotas as q` -> one import per new parent package."""

    def replace(match: re.Match[str]) -> str:
        pkg, indent = match["pkg"], match["indent"]
        raw = match["names"].strip().strip("()")
        parts = [p.strip() for p in raw.replace("\n", " ").split(",") if p.strip()]
        if not any(f"{pkg}.{p.split(' as ')[0].strip()}" in modules for p in parts):
            return match.group(0)
        groups: dict[str, list[str]] = {}
        for part in parts:
            name, _, alias = part.partition(" as ")
            name, alias = name.strip(), alias.strip()
            target = modules.get(f"{pkg}.{name}")
            if target is None:
                groups.setdefault(pkg, []).append(part)
                continue
            parent, _, leaf = target.rpartition(".")
            bound = alias or name
            groups.setdefault(parent, []).append(leaf if leaf == bound else f"{leaf} as {bound}")
        comment = match["comment"] or ""
        lines = [f"{indent}from {p} import {', '.join(ns)}" for p, ns in groups.items()]
        return "\n".join(lines) + comment

    return FROM_IMPORT.sub(replace, text)


def is_text(path: str) -> bool:
    p = Path(path)
    return p.suffix in TEXT_SUFFIXES or p.name in TEXT_NAMES or p.name.startswith(".env")


def rewrite_references(modules: dict[str, str], paths: dict[str, str], dry: bool) -> list[str]:
    dotted = dotted_pattern(list(modules)) if modules else None
    slashed = slash_pattern(list(paths)) if paths else None
    changed: list[str] = []
    for path in tracked():
        full = (ROOT / path).resolve()
        if full in (SELF, LEGACY.resolve()) or not is_text(path):
            continue
        try:
            text = full.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if KEEP in line:
                continue  # names the old module on purpose (a stored topic, a test of it)
            if dotted:
                line = dotted.sub(lambda m: modules[m.group(1)], line)
            if slashed:
                line = slashed.sub(lambda m: paths[m.group(1)], line)
            lines[i] = line
        new = "".join(lines)
        if path.endswith(".py"):
            new = rewrite_from_imports(new, modules)
        if new != text:
            changed.append(path)
            print(f"rewrite {path}")
            if not dry:
                full.write_text(new, encoding="utf-8")
    return changed


# The table, written either empty on one line (`= {}`) or one entry a line.
TABLE = re.compile(
    r"^OLD_MODULES: dict\[str, str\] = \{(?:\}|\n.*?^\})\n", re.MULTILINE | re.DOTALL
)


def read_legacy(text: str) -> dict[str, str]:
    found = TABLE.search(text)
    if found is None:
        raise SystemExit("domain/legacy_topics.py has no OLD_MODULES table")
    return dict(re.findall(r'^\s*"([\w.]+)":\s*"([\w.]+)",', found.group(0), re.MULTILINE))


def write_legacy(modules: dict[str, str], dry: bool) -> None:
    """Adds every moved domain module to the OLD_MODULES table of domain/legacy_topics.py."""
    text = LEGACY.read_text(encoding="utf-8")
    table = read_legacy(text)
    for old, new in modules.items():
        if old.startswith("domain."):
            table[old] = new
    # An entry whose target moved again follows it.
    table = {old: modules.get(new, new) for old, new in table.items()}
    body = "".join(f'    "{old}": "{new}",\n' for old, new in sorted(table.items()))
    updated = TABLE.sub(lambda _: "OLD_MODULES: dict[str, str] = {\n" + body + "}\n", text)
    if updated != text:
        print("update domain/legacy_topics.py")
        if not dry:
            LEGACY.write_text(updated, encoding="utf-8")


def check_map(modules: dict[str, str]) -> None:
    """A moved module's old name must not name a new package: a re-run would rewrite it again."""
    for old in modules:
        for new in modules.values():
            if new == old or new.startswith(old + "."):
                raise SystemExit(f"map error: old module {old} is a prefix of new module {new}")


def ruff() -> str | None:
    local = ROOT / ".venv" / "bin" / "ruff"
    for candidate in (str(local), shutil.which("ruff"), "/work/main/.venv/bin/ruff"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    moves = full_map()
    check_map({m: n for o, w in moves.items() if (m := module_of(o)) and (n := module_of(w))})
    modules = move_files(moves, args.dry_run)
    # Rewrite the names of every move in the map, done now or on an earlier run: files merged
    # in since then may still use the old names.
    modules.update({m: n for o, w in moves.items() if (m := module_of(o)) and (n := module_of(w))})
    paths = {old: new for old, new in moves.items()}
    changed = rewrite_references(modules, paths, args.dry_run)
    write_legacy(modules, args.dry_run)
    py = [p for p in changed if p.endswith(".py") and (ROOT / p).exists()]
    tool = ruff()
    if py and tool and not args.dry_run:
        subprocess.run([tool, "check", "--select", "I", "--fix", "--quiet", *py], cwd=ROOT)
        subprocess.run([tool, "format", "--quiet", *py], cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
