"""Reorganizations: renames, moves, merges, splits and dissolutions."""
