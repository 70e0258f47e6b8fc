"""The NDJSON import of roll events."""

from services.importing.importer import ImportFailed, ImportReport
from services.importing.run import import_events

__all__ = ["ImportFailed", "ImportReport", "import_events"]
