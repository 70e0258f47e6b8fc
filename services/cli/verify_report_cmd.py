"""`sodang verify-report FILE`: whether an exported approved report (XLSX or PDF) still says
what was approved, as the log knows it (services.reports.verification).

Exit 0: valid; 1: the file or the log does not match the approval; 2: the file cannot be
checked (missing, not a workbook or PDF, no metadata, no such report). Nothing is stored.
"""

from __future__ import annotations

from pathlib import Path

import click

from services.cli.context import domain_errors, registry
from services.reports.verification import BadFile, Verdict, verify


def _yes(flag: bool) -> str:
    return "khớp" if flag else "KHÔNG KHỚP"


def lines_of(verdict: Verdict) -> list[str]:
    """The verdict in Vietnamese, one fact a line."""
    stamp = verdict.stamp
    lines = [
        f"Báo cáo {stamp.org} kỳ {stamp.period} ({stamp.structure}), "
        f"duyệt bởi {stamp.approved_by} lúc {stamp.approved_text}, mã xác minh {stamp.code}",
        f"Mã kiểm tra trong tệp so với mã đã duyệt: {_yes(verdict.digest_matches)}",
        f"Thông tin duyệt trong tệp (người, thời điểm, vị trí sổ ghi): "
        f"{_yes(verdict.metadata_matches)}",
        f"Lập lại theo dữ liệu đã biết lúc duyệt: {_yes(verdict.reproduced)}"
        + ("" if verdict.reproduced else " (sổ ghi đã bị thay đổi sau khi duyệt)"),
        f"Số liệu trong tệp so với số liệu lập lại: {_yes(verdict.figures_match)}",
    ]
    lines += [f"  - {difference}" for difference in verdict.differences[:20]]
    if len(verdict.differences) > 20:
        lines.append(f"  ... và {len(verdict.differences) - 20} chỗ khác nữa")
    if not verdict.in_force:
        lines.append("Lưu ý: lần duyệt này đã bị trả lại; báo cáo không còn ở trạng thái đã duyệt")
    today = verdict.today
    if today is not None and today.changed:
        lines.append(
            f"Số liệu hôm nay khác số đã duyệt: {verdict.later_events} sự kiện ghi sau khi duyệt "
            f"đã thay đổi chúng (xem /orgs/{stamp.org}/periods/{stamp.period}#locked); "
            "báo cáo đã duyệt không đổi"
        )
    elif today is not None:
        lines.append("Số liệu hôm nay vẫn như số đã duyệt")
    lines.append("KẾT QUẢ: HỢP LỆ" if verdict.valid else "KẾT QUẢ: KHÔNG HỢP LỆ")
    return lines


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@domain_errors
def command(file: Path) -> None:
    """Check an exported approved report (XLSX or PDF) against the log."""
    if not file.is_file():
        click.echo(f"Không đọc được tệp {file}: không có tệp này", err=True)
        raise SystemExit(2)
    data = file.read_bytes()
    try:
        verdict = verify(registry(), data)
    except BadFile as bad:
        click.echo(f"Không kiểm tra được {file}: {bad}", err=True)
        raise SystemExit(2) from None
    for line in lines_of(verdict):
        click.echo(line)
    raise SystemExit(0 if verdict.valid else 1)
