"""Bylines matched to units.yml: by full name, short name or `aliases:`, else by the longest short
name or alias the byline starts with (“林双县政府办” is 林双县's), which is a guess and says so.

`aliases` is in the content contract (“other names the unit appears under, e.g. in imported Word
issues”) but not yet in the checked schema (bulletin/content/contract.py), so the model's units
lack it: it is read here from units.yml itself.
"""

from __future__ import annotations

from dataclasses import dataclass


from bulletin.word_import.patterns import plain
from bulletin.model import Unit


@dataclass(frozen=True)
class Match:
    unit: str | None        # the unit id, or None when nothing matched
    how: str                # 全称 / 简称 / 别名 / 按前缀推断 / 未匹配
    candidates: tuple[str, ...] = ()   # more than one: the guess took the first (units.yml order)

    @property
    def sure(self) -> bool:
        return self.how in ("全称", "简称", "别名") and len(self.candidates) <= 1


class UnitMatcher:
    def __init__(self, units: dict[str, Unit]):
        self._names: dict[str, list[tuple[str, str]]] = {}
        for unit in sorted(units.values(), key=lambda u: u.order):
            for how, name in [("全称", unit.name), ("简称", unit.short), *(("别名", a) for a in unit.aliases)]:
                entries = self._names.setdefault(plain(name), [])
                if unit.id not in (u for u, _ in entries):
                    entries.append((unit.id, how))

    def match(self, printed: str) -> Match:
        key = plain(printed)
        if key in self._names:
            entries = self._names[key]
            return Match(entries[0][0], entries[0][1], tuple(u for u, _ in entries))
        prefixes = sorted((name for name in self._names if len(name) >= 2 and key.startswith(name)), key=len, reverse=True)
        if prefixes:
            longest = [name for name in prefixes if len(name) == len(prefixes[0])]
            ids = tuple(dict.fromkeys(u for name in longest for u, _ in self._names[name]))
            return Match(ids[0], "按前缀推断", ids)
        return Match(None, "未匹配")

    def knows(self, printed: str) -> bool:
        """Exactly a unit's name, short name or alias (for the “林双县：” title prefix)."""
        return plain(printed) in self._names
