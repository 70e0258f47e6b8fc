"""Old topics of moved domain modules, so that stored events and snapshots keep loading.

Every stored event carries its class's topic, `module:QualName` (`domain.organization:
Organization.Admitted`). When a module moves (issue 11, scripts/wings.py), the events already in
a database still name the old module: registering the old module name resolves them to the
classes where they live now, and `topics_of` lets a topic filter match the rows stored under
either name. scripts/wings.py maintains the table; never remove an entry while a database may
hold the old name.
"""

from __future__ import annotations

import importlib

from eventsourcing.utils import get_topic, register_topic

# Old module -> the module its classes live in now.
OLD_MODULES: dict[str, str] = {
    "domain.deadlines": "domain.admission.deadlines",
    "domain.dossier": "domain.admission.dossier",
    "domain.dossier_facts": "domain.admission.facts",
    "domain.dossier_state": "domain.admission.state",
    "domain.dossier_steps": "domain.admission.steps",
    "domain.member": "domain.roll.member",
    "domain.organization": "domain.roll.organization",
    "domain.pipeline_settings": "domain.admission.settings",
    "domain.profile": "domain.roll.profile",
    "domain.reorganization": "domain.structure.reorganization",
    "domain.timeline": "domain.roll.history",
    "domain.values": "domain.roll.values",
    "domain.workdays": "domain.admission.workdays",
}


def _final(module: str) -> str:
    seen: set[str] = set()
    while module in OLD_MODULES and module not in seen:
        seen.add(module)
        module = OLD_MODULES[module]
    return module


def register() -> None:
    """Resolves each old module name to the module that holds its classes now."""
    for old in OLD_MODULES:
        register_topic(old, importlib.import_module(_final(old)))  # type: ignore[arg-type]


def topics_of(cls: type) -> tuple[str, ...]:
    """The topic of `cls`, then the topics its events were stored under before a move."""
    current = get_topic(cls)
    module, _, qualname = current.partition(":")
    olds = sorted(old for old in OLD_MODULES if _final(old) == module)
    return (current, *(f"{old}:{qualname}" for old in olds))


register()
