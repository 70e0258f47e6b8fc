"""Sổ Đảng's domain model: organizations, members and their roll events. No Flask, no SQL."""
