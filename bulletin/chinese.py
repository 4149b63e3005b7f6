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
