"""The review list: per Word file, what was read (读取), what was guessed or unsure (需核对) and
why an issue was not imported (未导入), one line each as `file: where: what`, so an editor can go
through the unsure lines with the original at hand (grep 需核对)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

READ, UNSURE, REFUSED = "读取", "需核对", "未导入"


@dataclass(frozen=True)
class Entry:
    file: str
    kind: str
    where: str
    text: str

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}: {self.kind}: {where}{self.text}"


@dataclass
class Review:
    entries: list[Entry] = field(default_factory=list)

    def at(self, source: Path) -> "_At":
        return _At(self, str(source))

    def lines(self) -> list[str]:
        return [str(entry) for entry in self.entries]

    def count(self, kind: str) -> int:
        return sum(entry.kind == kind for entry in self.entries)

    def write(self, path: Path, summary: str) -> None:
        path.write_text("\n".join([*self.lines(), summary]) + "\n", encoding="utf-8")


@dataclass
class _At:
    review: Review
    file: str

    def _add(self, kind: str, where: str, text: str) -> None:
        self.review.entries.append(Entry(self.file, kind, where, text))

    def read(self, where: str, text: str) -> None:
        self._add(READ, where, text)

    def unsure(self, where: str, text: str) -> None:
        self._add(UNSURE, where, text)

    def refused(self, text: str, where: str = "") -> None:
        self._add(REFUSED, where, text)
