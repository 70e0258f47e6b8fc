"""`python -m bench imports`: an import's peak memory by file length, and an import beside a
user writing to one of its cells (issue 10 item 12); writes its section of RESULTS.md."""

from __future__ import annotations

from bench import import_live, import_memory, report


def main(sizes: list[int], live_lines: int, dialects: list[str]) -> int:
    started = report.now()
    machine = report.machine()
    versions = report.versions()
    memory_rows: list[list[object]] = []
    for dialect in dialects:
        for size, figures in import_memory.main(sizes, dialect):
            memory_rows.append(
                [
                    dialect,
                    f"{size:,}",
                    f"{figures['peak_mb']:.0f} MB",
                    f"{figures['mb_per_1000']:.2f} MB" if "mb_per_1000" in figures else "baseline",
                    f"{figures['seconds']:.1f} s",
                ]
            )
    live = import_live.main([live_lines], dialects)
    memory = report.table(
        [
            "database",
            "lines",
            "peak RSS of the import process",
            "added per 1,000 lines above the first file",
            "time (incl. catch-up)",
        ],
        memory_rows,
    )
    text = (
        "## Imports: memory by file length, and beside live traffic (issue 10, item 12)\n\n"
        + report.facts(report.command_line(), started, machine, versions)
        + "\n\nEach import runs `import_events` (projections attached) in a fresh process "
        "over a province of 20 cells; the file is admissions, one per line, each with its "
        "client key. The growth per 1,000 lines is the slope of the peak from the shortest file "
        "to each longer one: the fixed cost (interpreter, libraries, caches) cancels out, what "
        "is left is what the import keeps per line (the organizations' rolls, which the rules "
        "check, are what must remain).\n\n"
        + memory
        + f"\n\nBeside live traffic: a user admits someone into one of the file's cells every "
        f"{import_live.WRITE_EVERY} s (its own registry) for as long as the import runs.\n\n"
        + import_live.render(live)
    )
    print(text)
    report.write_section("imports", text)
    ok = all(r.outcome == "stored" for r in live)
    return 0 if ok else 1
