"""The board's "Hồ sơ theo chi bộ": in progress + admitted + stopped add up to the total."""

from __future__ import annotations

from collections import Counter

from domain.admission.dossier import Stage
from web.pages.views_dossiers import cell_row


def test_the_columns_of_a_cell_add_up_to_its_total() -> None:
    by_stage = Counter({s.value: 0 for s in Stage})
    by_stage.update(
        {
            "preparing": 3,
            "awaiting_decision": 2,
            "suspended": 1,
            "probation": 2,
            "awaiting_recognition": 1,
            "official": 1,
            "struck_off": 1,
            "refused": 1,
        }
    )

    row = cell_row({"cell": "C1", "by_stage": by_stage})

    assert (row["open"], row["admitted"], row["stopped"], row["total"]) == (6, 4, 2, 12)
    assert row["open"] + row["admitted"] + row["stopped"] == row["total"]
