"""Bylines matched to units.yml: by full name, short name or `aliases:`; a name printed with its
county or city before it (测试县北岭镇人民政府 for 北岭镇人民政府) by the name it ends with; else by
the longest short name or alias the byline starts with (“林双县政府办” is 林双县's), which is a guess
and says so. Where two units share a name (one re-founded under a dissolved one's), the issue's date
and each unit's `since`/`until` decide; where they cannot, the match is doubtful and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


from bulletin.word_import.patterns import plain
from bulletin.model import Unit


@dataclass(frozen=True)
class Match:
    unit: str | None        # the unit id, or None when nothing matched
    how: str                # 全称 / 简称 / 别名 / 按前缀推断 / 未匹配
    candidates: tuple[str, ...] = ()   # more than one: the guess took the first (units.yml order)

    @property
    def sure(self) -> bool:
        return self.how.startswith(("全称", "简称", "别名")) and len(self.candidates) <= 1


_AREA_ENDINGS = ("省", "市", "县", "区", "旗", "州", "盟", "自治县", "地区")


class UnitMatcher:
    def __init__(self, units: dict[str, Unit]):
        self._units = units
        self._names: dict[str, list[tuple[str, str]]] = {}
        for unit in sorted(units.values(), key=lambda u: u.order):
            for how, name in [("全称", unit.name), ("简称", unit.short), *(("别名", a) for a in unit.aliases)]:
                entries = self._names.setdefault(plain(name), [])
                if unit.id not in (u for u, _ in entries):
                    entries.append((unit.id, how))

    def match(self, printed: str, day: date | None = None) -> Match:
        """The unit `printed` names on `day` (the issue's date)."""
        found = self._match(printed)
        if day is None or len(found.candidates) < 2:
            return found
        living = tuple(u for u in found.candidates if self._units[u].existed(day, day))
        if len(living) == 1:
            return Match(living[0], f"{found.how}，按 since/until 取 {day.isoformat()} 时存在的单位", living)
        return found

    def _match(self, printed: str) -> Match:
        key = plain(printed)
        if key in self._names:
            entries = self._names[key]
            return Match(entries[0][0], entries[0][1], tuple(u for u, _ in entries))
        # the county or city printed before the unit's own name
        ends = sorted((name for name in self._names if len(name) >= 3 and key.endswith(name)
                       and key[:-len(name)].endswith(_AREA_ENDINGS)), key=len, reverse=True)
        if ends:
            entries = self._names[ends[0]]
            return Match(entries[0][0], f"{entries[0][1]}（前加“{key[:-len(ends[0])]}”）", tuple(u for u, _ in entries))
        prefixes = sorted((name for name in self._names if len(name) >= 2 and key.startswith(name)), key=len, reverse=True)
        if prefixes:
            longest = [name for name in prefixes if len(name) == len(prefixes[0])]
            ids = tuple(dict.fromkeys(u for name in longest for u, _ in self._names[name]))
            return Match(ids[0], "按前缀推断", ids)
        return Match(None, "未匹配")

    def knows(self, printed: str, exact: bool = False) -> bool:
        """Whether `printed` names a unit: exactly (for the “林双县：” title prefix), or also with a
        county before it or as the start of a longer name (for a byline, which says it is one)."""
        if exact:
            return plain(printed) in self._names
        return self._match(printed).unit is not None
