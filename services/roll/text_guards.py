"""Text that no stored event may carry: markup in names, control characters anywhere."""

from __future__ import annotations

import re
from typing import Any

# Keys holding names: no markup at all. Every other string: no control characters.
NAME_KEYS = frozenset(
    {
        "name",
        "full_name",
        "ethnicity",
        "religion",
        "decided_by",
        "decision_no",
        "outside",
        "provincial_approval",
        "assigned_by",
    }
)
# C0 controls but tab and newlines, DEL, bidirectional overrides, and lone surrogates (which
# JSON can carry in \\u escapes but no database can store).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
MARKUP = re.compile(r"[<>]")


def hostile_text(value: Any, path: str = "") -> dict[str, list[str]]:
    """Messages for strings carrying markup in names, or control characters anywhere."""
    found: dict[str, list[str]] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            found.update(hostile_text(item, f"{path}{key}."))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(hostile_text(item, f"{path}{index}."))
    elif isinstance(value, str):
        name = path.rstrip(".")
        if CONTROL.search(value):
            found[name] = ["must not contain control characters or invalid text"]
        elif name.rsplit(".", 1)[-1] in NAME_KEYS and MARKUP.search(value):
            found[name] = ["must not contain < or >"]
    return found
