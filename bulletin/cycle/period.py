"""A scoring period: a year, a quarter, a month, or a year to date, with its months, dates and label."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


@dataclass(frozen=True)
class Period:
    kind: str  # year | quarter | month | ytd (January to the month)
    year: int
    number: int = 0  # quarter or month; 0 for a year

    @property
    def months(self) -> range:
        if self.kind == "year":
            return range(1, 13)
        if self.kind == "quarter":
            return range(3 * self.number - 2, 3 * self.number + 1)
        if self.kind == "month":
            return range(self.number, self.number + 1)
        return range(1, self.number + 1)

    @property
    def start(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def end(self) -> date:
        return date(self.year, self.months[-1], monthrange(self.year, self.months[-1])[1])

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.year}年"
        if self.kind == "quarter":
            return f"{self.year}年{QUARTERS[self.number - 1]}"
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        return f"{self.year}年1-{self.number}月" if self.number > 1 else f"{self.year}年1月"

    @property
    def key(self) -> str:
        """Stable id for exports: 2026, 2026-Q2, 2026-05, 2026-YTD-05."""
        return {"year": f"{self.year}", "quarter": f"{self.year}-Q{self.number}", "month": f"{self.year}-{self.number:02d}",
                "ytd": f"{self.year}-YTD-{self.number:02d}"}[self.kind]
