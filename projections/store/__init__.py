"""Engines, the time codec, the projection tables and their bitemporal reads."""
