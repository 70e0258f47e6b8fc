"""The organization tree over time, a read of it, lineage and restatement."""
