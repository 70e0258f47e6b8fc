"""The README's "How it fits together" map matches the tree (issue 11: one room per concept).

Every room (a package, or a loose module) of each layer is named in its layer's part of the map,
and every module the map names exists in that layer, so the map cannot drift from the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("domain", "services", "projections", "web")


def map_sections() -> dict[str, str]:
    """Each layer's lines of the map (from `layer/` to the next top-level line)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## How it fits together", 1)[1].split("```", 2)[1]
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in block.splitlines():
        top = re.match(r"^(\w+)/", line)
        if top:
            current = top.group(1)
        if current is not None:
            sections.setdefault(current, []).append(line)
    return {layer: "\n".join(lines) for layer, lines in sections.items()}


@pytest.mark.parametrize("layer", LAYERS)
def test_every_room_of_a_layer_is_on_the_map(layer: str) -> None:
    section = map_sections()[layer]
    folder = ROOT / layer
    rooms = [p.name for p in folder.iterdir() if (p / "__init__.py").is_file()]
    loose = [p.name for p in folder.glob("*.py") if p.name != "__init__.py"]

    missing = [f"{room}/" for room in rooms if not re.search(rf"^  {room}/", section, re.M)]
    missing += [name for name in loose if name not in section]

    assert not missing, f"{layer}/ has rooms the README map does not name: {missing}"


@pytest.mark.parametrize("layer", LAYERS)
def test_every_module_the_map_names_exists(layer: str) -> None:
    section = map_sections()[layer]
    named = set(re.findall(r"\b([a-z_]+\.py)\b", section))
    present = {p.name for p in (ROOT / layer).rglob("*.py")}

    assert named - present == set(), f"the map names modules {layer}/ does not have"
