"""Tamper evidence for the event log: sealing, verification, checkpoints, sealed snapshots."""
