"""Sổ Đảng's domain model: organizations, members and their roll events. No Flask, no SQL."""

from domain import legacy_topics  # noqa: F401  (events stored under a moved module's topic load)
