"""Vietnamese order of people's names: by given name, then family name, then middle names,
compared with ICU's Vietnamese collation (a < ă < â, d < đ, tones after the letters).

Raw Unicode order puts "Bàn" before "Bạc" and every Đ after Z; rolls are read by officials who
look a person up the way the Party's own registers list them: given name first.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import icu

_local = threading.local()


def _collator() -> icu.Collator:
    # One per thread: gunicorn's gthread workers serve requests on several threads, and an
    # ICU collator is not promised safe when shared across them.
    found: icu.Collator | None = getattr(_local, "collator", None)
    if found is None:
        found = _local.collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
    return found


def collation_key(text: str) -> bytes:
    """The ICU Vietnamese sort key of a text."""
    return bytes(_collator().getSortKey(text))


# A roll is sorted at every read: its names come back again and again. The key depends only on
# the name (every thread's collator is the same Vietnamese one), so it is kept for the next read.
@lru_cache(maxsize=1 << 16)
def name_key(full_name: str) -> tuple[bytes, bytes, bytes]:
    """Sort key of a Vietnamese full name: (given name, family name, middle names)."""
    words = full_name.split()
    if not words:
        return (b"", b"", b"")
    given, family, middle = words[-1], words[0] if len(words) > 1 else "", " ".join(words[1:-1])
    return (collation_key(given), collation_key(family), collation_key(middle))
