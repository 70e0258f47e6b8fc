"""The garbage collector's settings for Sổ Đảng's processes (bộ thu gom rác).

A projection, an import or a reform keeps hundreds of thousands of long-lived objects in its
caches (members' histories, the tree, aggregates) while it allocates millions of short-lived
ones. Under CPython's defaults (a young collection every 700 allocations, a full one every
100 young ones once the heap grew by a quarter) the full collections walk the whole heap again
and again as the caches grow: 30% of a reform's time at 0.04 of the province (6.6-7.6 s of
20-23 s, 13 full collections of 0.2-0.85 s each; bench/RESULTS.md, "The garbage collector").

Nearly all garbage here is freed by reference counting the moment it is dropped; the
collector only finds cycles, which are rare and small. So it runs less often: a young
collection every 50,000 allocations and the older generations after 20 of the one below.
What is built once and kept for the process's life (modules, the app) can be frozen out of
every collection after start-up. `SODANG_GC=default` keeps CPython's own settings;
`SODANG_GC=50000,20,20` sets the three thresholds.
"""

from __future__ import annotations

import gc
import os

THRESHOLDS = (50_000, 20, 20)


def configure(freeze: bool = False) -> bool:
    """Apply the settings to this process; with `freeze`, what is alive now is never scanned
    again (call it when start-up is over). Returns whether anything was changed."""
    asked = os.environ.get("SODANG_GC", "").strip().lower()
    if asked == "default":
        return False
    thresholds = thresholds_of(asked) if asked else THRESHOLDS
    if freeze:
        gc.collect()
        gc.freeze()
    gc.set_threshold(*thresholds)
    return True


def thresholds_of(text: str) -> tuple[int, int, int]:
    """`SODANG_GC`'s three thresholds, young first; anything else is refused with its reason."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 3 or not all(part.isdigit() and int(part) > 0 for part in parts):
        raise ValueError(
            f"SODANG_GC must be 'default' or three positive whole numbers such as "
            f"'50000,20,20' (the young, middle and old thresholds), not {text!r}"
        )
    young, middle, old = (int(part) for part in parts)
    return young, middle, old
