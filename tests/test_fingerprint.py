"""A page's key (bulletin/site/fingerprint.py) is equal for equal contexts built apart, and differs
for any change a reader could see; what it cannot vouch for makes the page doubtful (rendered every time)."""

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markupsafe import Markup

from bulletin.site.fingerprint import Fingerprints, Unknown


@dataclass
class Row:
    title: str
    tags: list = field(default_factory=list)


@dataclass
class Listed:
    """A record holding another (an item's row holds the item): the inner one stands in by its digest."""
    row: Row
    label: str


def context(title="防汛", tags=("a", "b"), rows=20, note="注", inner="抗洪"):
    """A page's context as the plan makes it: records, a record in a record, a large shared list, small
    dicts, Markup."""
    listing = [Row(f"第{n}条") for n in range(rows)]
    return {"item": Row(title, list(tags)), "rows": listing, "note": Markup(note), "count": {"2026": 3},
            "listed": Listed(Row(inner, ["c"]), "第3期")}


def key(value) -> str:
    return Fingerprints().of(value)   # a fresh build's fingerprints each time


def test_equal_contexts_built_apart_have_one_key():
    assert key(context()) == key(context())
    assert key({"s": {"乙", "甲", "丙"}}) == key({"s": {"丙", "甲", "乙"}})   # a set, in any order


@pytest.mark.parametrize("changed", [
    context(title="抗旱"),                       # a record's field
    context(inner="抗旱"),                       # a field of a record inside a record
    {**context(), "listed": Listed(Row("抗洪", ["c"]), "第4期")},   # the outer record's own field
    {**context(), "listed": Row("抗洪", ["c"])},  # the same fields in a record of another kind
    context(tags=("a", "c")),                    # a list inside a record
    context(rows=21),                            # the large shared list
    context(note="注。"),                        # a Markup value
    {**context(), "note": "注"},                 # str where it was Markup: they print differently
    {**context(), "count": {"2026": 4}},         # a small dict's value
    dict(reversed(list(context().items()))),     # the order a template lists them in
])
def test_any_change_changes_the_key(changed):
    assert key(changed) != key(context())


@pytest.mark.parametrize("value", [{"f": len}, {"f": lambda: 1}, {"path": Path("x")}, [object()]])
def test_what_cannot_be_vouched_for_is_unknown(value):
    with pytest.raises(Unknown):
        key(value)


def test_a_shared_value_is_keyed_by_its_content_in_every_page_that_holds_it():
    """A year's scoring (Shared) is digested once a build, then stands in by that digest: pages built
    apart from equal values share a key, and any change inside it changes every holder's key."""
    from bulletin.site.fingerprint import Shared

    def pages(value) -> list[str]:
        prints = Fingerprints()   # one build: two pages hold the same Shared object
        shared = Shared(value)
        return [prints.of(("points", 1, shared)), prints.of(("points", 2, shared))]

    before = pages(context())
    assert before == pages(context()) and before[0] != before[1]
    for changed in (context(title="抗旱"), context(rows=21), {"s": {"甲"}}, context(inner="抗旱")):
        after = pages(changed)
        assert after[0] != before[0] and after[1] != before[1]
    # not the digest of the bare value: a page holding the tuple itself is keyed apart
    assert Fingerprints().of(("points", 1, context())) != before[0]
    with pytest.raises(Unknown):   # what cannot be vouched for inside it still makes the page doubtful
        Fingerprints().of(("points", Shared({"f": len})))
