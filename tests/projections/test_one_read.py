"""One read per request: inside `one_read()` every snapshot shares one read transaction, so the
access check's tree and the query see the same state even if a batch commits in between."""

from __future__ import annotations

from datetime import date

from projections.reading.base import one_read


def test_reads_inside_one_read_do_not_see_a_batch_committed_between_them(province, clerk, queries):
    clerk.on(date(2024, 5, 2))
    clerk.admit(province.cell, date(2024, 5, 2))

    with one_read():
        with queries.snapshot() as first:
            position = first.position
        before = queries.rollup(province.province, depth=0).total
        receipt = clerk.admit(province.other_cell, date(2024, 5, 2))  # committed meanwhile
        with queries.snapshot() as second:
            assert second.position == position
        assert queries.rollup(province.province, depth=0).total == before == 1

    # Outside, each call reads afresh and sees the admission.
    assert queries.position() >= receipt.position
    assert queries.rollup(province.province, depth=0).total == 2


def test_one_read_shares_one_connection_and_returns_it_at_the_end(province, clerk, queries):
    clerk.on(date(2024, 5, 2))
    clerk.admit(province.cell, date(2024, 5, 2))
    pool = queries.engine.pool
    idle = pool.checkedout()

    with one_read():
        with queries.snapshot() as first:
            connection = first.conn
        queries.roll(province.cell)
        with queries.snapshot() as second:
            assert second.conn is connection
        assert pool.checkedout() == idle + 1

    assert pool.checkedout() == idle
