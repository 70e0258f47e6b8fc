"""The province's time zone: the day an event is recorded on, and every `today`, is a day there."""

from __future__ import annotations

from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
