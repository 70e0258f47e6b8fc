"""Reorganization decisions recorded as one transaction each."""
