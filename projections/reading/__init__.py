"""The read door's parts, composed into `Queries` (projections.queries)."""
