"""What sets a deadline, in the reader's language: the domain states it in Vietnamese, and the
catalog gives each fixed basis and the parts of a unit's own target in English (context
"deadline basis")."""

from __future__ import annotations

import re

from web.translations import translate_in

EXTENDED = ", gia hạn 30 ngày làm việc"
TARGET = re.compile(
    r"^chỉ tiêu của (?P<by>.+): (?P<days>\d+) (?P<unit>ngày làm việc|ngày) từ khi tiếp nhận$"
)
TARGET_TEXT = "chỉ tiêu của {by}: {days} {unit} từ khi tiếp nhận"
# The unit's own target when no body is named (the domain writes "đơn vị").
THE_UNIT = "đơn vị"


def _in(text: str, lang: str) -> str:
    return translate_in("deadline basis", text, lang)


def basis_in(text: str, lang: str) -> str:
    """The basis of a deadline in `lang` (Vietnamese as stated; unknown text as it is)."""
    if lang == "vi":
        return text
    extended = text.endswith(EXTENDED)
    core = text.removesuffix(EXTENDED)
    if found := TARGET.match(core):
        by = _in(THE_UNIT, lang) if found["by"] == THE_UNIT else found["by"]
        english = _in(TARGET_TEXT, lang).format(
            by=by, days=found["days"], unit=_in(found["unit"], lang)
        )
    else:
        english = _in(core, lang)
        if english == core:
            return text
    return english + (_in(EXTENDED, lang) if extended else "")
