"""Deterministic demo province (tỉnh Điện Biên): real units, synthetic but rule-abiding history."""

from services.demo.dataset import Successor
from services.demo.history import DEMO_TODAY, DemoEvent, DemoProvince, generate, roll_count
from services.demo.units import OrgSpec, build_orgs, slug, successor_links

__all__ = [
    "DEMO_TODAY",
    "DemoEvent",
    "DemoProvince",
    "OrgSpec",
    "Successor",
    "build_orgs",
    "generate",
    "roll_count",
    "slug",
    "successor_links",
]
