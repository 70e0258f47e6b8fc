"""Queries over the projections, used by the command line and the web: the read door.

`Queries` gathers the reads of the organizations (projections.reading.structure: the tree,
restated figures, lineage), of the figures (projections.reading.figures: rolls, roll-ups,
flows, indicators, series, standing, diffs, members) and the search (projections.reading.search:
organizations and members by name, code or national ID) over one base
(projections.reading.base: the clock, the defaults of `as_of` and `known_at`, one snapshot per
call).
"""

from __future__ import annotations

from projections.reading.base import Clock
from projections.reading.figures import FigureReads
from projections.reading.search import SearchReads
from projections.reading.structure import StructureReads

__all__ = ["Clock", "Queries"]


class Queries(StructureReads, FigureReads, SearchReads):
    """Read side of Sổ Đảng; construct from the database settings (or an Engine) and a clock."""
