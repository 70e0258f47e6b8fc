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

A web worker is different: it answers many short requests on threads that share one GIL, and
a collection stops them all. With the long runs' thresholds each collection has 70 times more
young objects to walk, and the worst answers waited for it: a cached GET's p99 under 64
connections was 105-132 ms against 44-57 ms with CPython's thresholds, at a lower rate
(bench/RESULTS.md, "Process settings"). So `configure_serving` keeps CPython's thresholds and
only freezes start-up, unless `SODANG_GC` asks otherwise.
"""

from __future__ import annotations

import gc
import os

THRESHOLDS = (50_000, 20, 20)
SERVING = (700, 10, 10)  # CPython's own


def configure(freeze: bool = False) -> bool:
    """Apply the long runs' settings to this process; with `freeze`, what is alive now is never
    scanned again (call it when start-up is over). Returns whether anything was changed."""
    return _apply(THRESHOLDS, freeze)


def configure_serving() -> bool:
    """A web worker's settings, once it has warmed up: start-up frozen out of the scans and
    CPython's thresholds (or `SODANG_GC`'s); `SODANG_GC=default` changes nothing."""
    return _apply(SERVING, freeze=True)


def _apply(thresholds: tuple[int, int, int], freeze: bool) -> bool:
    asked = os.environ.get("SODANG_GC", "").strip().lower()
    if asked == "default":
        return False
    chosen = thresholds_of(asked) if asked else thresholds
    if freeze:
        gc.collect()
        gc.freeze()
    gc.set_threshold(*chosen)
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
