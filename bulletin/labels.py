"""How numbers and dates read for Chinese readers: 2026年5月18日, 第15期, 总第412期."""

from __future__ import annotations

from datetime import date


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(year: int, month: int) -> str:
    return f"{year}年{month}月"


def issue_number(number: int, supplement: bool = False) -> str:
    return f"增刊第{number}期" if supplement else f"第{number}期"


def total_number(total: int | None) -> str:
    return f"总第{total}期" if total else ""


def issue_label(series_name: str, year: int, number: int, supplement: bool = False) -> str:
    """How an issue is cited everywhere (site, CSV, JSON, terminal): 《政务信息》2026年第3期."""
    return f"《{series_name}》{year}年{issue_number(number, supplement)}"


# The upward events as the office names them; the content files use the English keys.
EVENT_LABELS = {"forwarded": "上报", "adopted": "采用", "instruction": "批示"}
FORM_LABELS = {"single": "单条", "combined": "综合"}


def event_label(event_type: str, form: str = "single") -> str:
    """上报, 批示, or 采用（单条）/采用（综合）: an adoption always says which form it took."""
    label = EVENT_LABELS[event_type]
    return f"{label}（{FORM_LABELS[form]}）" if event_type == "adopted" else label
