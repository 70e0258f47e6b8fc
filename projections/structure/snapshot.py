"""One consistent read, shared by the queries and the figure modules they call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from projections.store.schema import FigureTables
from projections.structure.hierarchy import Hierarchy


@dataclass
class Snapshot:
    """One consistent read: the active tables, the tree and the position they stand at."""

    conn: Any
    t: FigureTables
    plans: Any
    hierarchy: Hierarchy
    position: int
