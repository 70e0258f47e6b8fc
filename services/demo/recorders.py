"""Who the demo says recorded its events (người ghi): offices, as the pages print them.

Pages show an event's `recorded_by` as it is stored, so a technical tag such as "demo:reform"
would reach an official's screen. The demo records under the offices that would have entered
the data in the province: its history, reorganization and plans by the province's organization
department, the commune's dossiers by the commune committee's office.
"""

from __future__ import annotations

PROVINCE_DEPARTMENT = "Ban Tổ chức Tỉnh ủy Điện Biên"
HISTORY_BY = PROVINCE_DEPARTMENT  # the roll entered from the paper records, then kept up
REFORM_BY = PROVINCE_DEPARTMENT  # the 2025 reorganization and the history after it
PLANS_BY = PROVINCE_DEPARTMENT  # admission quotas and the district's service target
DOSSIERS_BY = "Văn phòng Đảng ủy xã Thanh Yên"
ALL = frozenset({HISTORY_BY, REFORM_BY, PLANS_BY, DOSSIERS_BY})
