"""Read models built from the event log, their runner and queries."""
