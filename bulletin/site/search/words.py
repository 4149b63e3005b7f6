"""What "did you mean" knows: the archive's own character pairs, and which characters sound alike.

A reader who types 防讯 for 防汛 picked the wrong character of the same sound from the input method.
The archive itself says which is meant: 防汛 stands in dozens of its texts and 防讯 in none. So the
search page gets the archive's character pairs (bigrams of Han characters in titles, bodies, unit
and topic names) with the number of texts each stands in, and the groups of characters that share a
reading (sounds.txt, GB 2312 by ICU's reading). theme/assets/javascripts/search.js swaps, in a query
that finds nothing, a character whose pairs the archive never uses for one that sounds the same (or,
inside a word, one both neighbours pair with) and offers the result only if it finds something.
No dictionary: a word the archive does not use is never proposed.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bulletin.archive import Archive

SOUNDS = Path(__file__).with_name("sounds.txt")
HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
# A pair in fewer texts than this is too rare to propose; an archive's pairs beyond the commonest
# LIMIT would make the file large for little gain (a pair past that is in very few texts).
LIMIT = 60000


def sound_groups() -> list[str]:
    """Characters of one reading each, e.g. 勋熏循旬询寻驯巡殉汛训讯逊迅…"""
    lines = SOUNDS.read_text(encoding="utf-8").splitlines()
    return [line.split(" ", 1)[1] for line in lines if line and not line.startswith("#")]


def _pairs(text: str) -> set[str]:
    return {run[i:i + 2] for run in HAN.findall(text) for i in range(len(run) - 1)}


def pair_counts(archive: Archive) -> Counter:
    """In how many texts (item, unit, topic) each pair of Han characters stands."""
    counts: Counter = Counter()
    for item in archive.items.values():
        counts.update(_pairs(f"{item.title}\n{item.body}"))
    for unit in archive.units.values():
        counts.update(_pairs(f"{unit.name}\n{unit.short}"))
    for topic in archive.topics.values():
        counts.update(_pairs(f"{topic.name}\n{topic.description or ''}"))
    return counts


def vocabulary(archive: Archive) -> dict:
    """The data file the search page reads: {"pairs": {pair: texts}, "sounds": [chars of one reading]}."""
    common = dict(pair_counts(archive).most_common(LIMIT))
    return {"pairs": dict(sorted(common.items())), "sounds": sound_groups()}
