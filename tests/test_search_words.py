"""What the search page's 您要找的是不是 knows (bulletin/site/search/words.py): in how many of the
archive's texts each pair of Chinese characters stands, and which characters sound alike."""

from types import SimpleNamespace as Record

from bulletin.site.search.words import pair_counts, sound_groups, vocabulary


def archive():
    items = {"a": Record(title="防汛工作", body="防汛，防汛。2026年"), "b": Record(title="汛期防汛", body="")}
    units = {"yingji": Record(name="应急管理局", short="应急局")}
    topics = {"disaster": Record(name="防灾减灾", description=None)}
    return Record(items=items, units=units, topics=topics)


def test_pairs_count_the_texts_they_stand_in_not_their_repeats():
    counts = pair_counts(archive())
    # 防汛: item a (three times, one text) and item b = 2; 汛工 and 工作 in a alone; across the comma
    # (汛防) and the digits (2026年) nothing; 应急 in the unit's name and short name: one unit, 1
    assert counts["防汛"] == 2 and counts["汛工"] == counts["工作"] == counts["汛期"] == counts["期防"] == 1
    assert counts["应急"] == 1 and counts["急局"] == 1 and counts["防灾"] == 1
    assert "汛防" not in counts and not any(ch.isdigit() for pair in counts for ch in pair)
    assert sum(counts.values()) == 3 + 3 + 5 + 3   # a, b, the unit (应急 急管 管理 理局 急局), the topic


def test_characters_of_one_sound_share_a_group():
    groups = sound_groups()
    assert sum(len(g) for g in groups) == 6763, "GB 2312's characters, each once"
    flood = next(g for g in groups if "汛" in g)
    assert "讯" in flood and "迅" in flood and "信" not in flood
    assert vocabulary(archive())["pairs"]["防汛"] == 2
