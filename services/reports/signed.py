"""What a signed export (bản xuất có xác nhận) of an approved report carries besides the forms.

The organization, the period and the structure are the forms' own; the stamp adds the report's
stream id, who prepared and who approved it (as the report's events record them), when it was
approved, the log position and the signed tree head it was read at, the approval's digest and a
short verification code (mã xác minh) derived from it: the same code on the page, in the
workbook and in the PDF. `metadata` is the machine-readable copy the files embed (document
properties, a hidden sheet, the PDF's keywords) for `sodang verify-report` to find the report.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from services.config import TIMEZONE

# The PDF's keywords and the workbook's properties carry the metadata after this marker, as
# base64url JSON: plain ASCII, so no PDF string escaping or XML quoting can alter it.
MARKER = "sodang-report:"
NOT_APPROVED = "CHƯA DUYỆT"


def verification_code(digest: str) -> str:
    """The first 16 hex digits of the digest, upper case, in groups of four: short enough to
    read out over the phone, 64 bits of the digest."""
    head = digest[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class ApprovalStamp:
    """An approved report's signature facts, as its Prepared and Approved events hold them."""

    report_id: str
    org: str
    period: str  # the period's key (2024, 2025-H1, ...)
    structure: str
    prepared_by: str
    approved_by: str
    approved_at: datetime
    position: int
    tree_root: str
    checkpoint: str | None
    digest: str

    @property
    def code(self) -> str:
        return verification_code(self.digest)

    @property
    def approved_text(self) -> str:
        return f"{self.approved_at.astimezone(TIMEZONE):%d/%m/%Y %H:%M}"

    @property
    def tree_text(self) -> str:
        head = self.tree_root[:16]
        return f"{head} ({self.checkpoint})" if self.checkpoint else head

    def lines(self) -> list[tuple[str, str]]:
        """The stamp's lines as printed on each sheet and on the PDF."""
        return [
            ("Người lập biểu", self.prepared_by),
            ("Người duyệt", self.approved_by),
            ("Duyệt lúc (giờ Việt Nam)", self.approved_text),
            ("Vị trí trong sổ ghi khi duyệt", str(self.position)),
            ("Đầu cây sổ ghi", self.tree_text),
            ("Mã kiểm tra khi duyệt (SHA-256)", self.digest),
            ("Mã xác minh", self.code),
        ]

    def metadata(self) -> str:
        values = asdict(self)
        values["approved_at"] = self.approved_at.isoformat()
        text = json.dumps(values, sort_keys=True, separators=(",", ":"))
        return MARKER + base64.urlsafe_b64encode(text.encode()).decode()


class NoMetadata(ValueError):
    """The file carries no signed report's metadata (not exported approved, or altered)."""


def read_metadata(text: str) -> dict[str, object]:
    """The metadata after the marker in `text`, decoded; NoMetadata when absent or garbled."""
    start = text.find(MARKER)
    if start < 0:
        raise NoMetadata("no report metadata")
    token = text[start + len(MARKER) :].split()[0] if text[start + len(MARKER) :] else ""
    token = token.rstrip(")\"'<>;")
    try:
        values = json.loads(base64.urlsafe_b64decode(token.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise NoMetadata("garbled report metadata") from None
    if not isinstance(values, dict) or not isinstance(values.get("report_id"), str):
        raise NoMetadata("garbled report metadata")
    return values
