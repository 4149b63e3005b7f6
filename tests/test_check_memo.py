"""`bulletin check` on a one-file change parses only that file: the rest is taken from the parses
kept by the digest of their text (bulletin/content/parse_memo.py), with the same messages as a
check that parses everything."""

import os
import pickle

from bulletin.content import parse_memo, yamltext
from bulletin.content.load import read_content
from conftest import run_cli
from test_validation import ITEM_1, edit


def check(content, cache) -> tuple[int, str]:
    result = run_cli("check", "--content", content, env={"BULLETIN_CACHE": str(cache)})
    return result.returncode, result.stdout


def test_a_check_with_kept_parses_says_what_a_full_check_says(content, tmp_path):
    cache = tmp_path / "cache"
    assert check(content, cache)[0] == 0 and (cache / "check/parsed.pickle").is_file()
    # One file broken in a way only its YAML shows (a key written twice), one in a way the schema shows.
    edit(content, ITEM_1, "unit: linshuang", "unit: linshuang\nunit: tahe")
    edit(content, "items/2026/2026-0002.md", "co_units: [tahe]", "co_units: [tahe, nosuch]")
    kept, full = check(content, cache), check(content, "off")
    assert kept == full and kept[0] == 1
    assert "2026-0001.md:5: unit: 重复的键（第 4 行已有）" in kept[1] and "未知单位“nosuch”" in kept[1]
    # Same size, same modification time, one character changed: still read as it now is.
    path = content / ITEM_1
    edit(content, ITEM_1, "unit: linshuang\nunit: tahe", "unit: linshaung")   # a typo of a unit id
    stat = path.stat()
    edit(content, ITEM_1, "unit: linshaung", "unit: linshuanh")                # the same length
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    kept, full = check(content, cache), check(content, "off")
    assert kept == full and "未知单位“linshuanh”" in kept[1]
    # A damaged memo is no memo.
    (cache / "check/parsed.pickle").write_bytes(b"not a pickle")
    assert check(content, cache) == full


def test_only_the_changed_file_is_parsed_again(content, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    with parse_memo.kept(cache):
        first, problems = read_content(content)
    assert not problems
    parsed = []
    compose = yamltext._compose
    monkeypatch.setattr(yamltext, "_compose", lambda text, path, *rest: parsed.append(path.name) or compose(text, path, *rest))
    with parse_memo.kept(cache):
        again, _ = read_content(content)
    assert parsed == []                                   # nothing changed: nothing parsed
    assert pickle.dumps(again) == pickle.dumps(first)     # and the very records a full read gives
    edit(content, "items/2026/2026-0002.md", "title: ", "title: 改过的")
    with parse_memo.kept(cache):
        changed, _ = read_content(content)
    assert parsed == ["2026-0002.md"]
    assert changed.items["2026-0002"].title.startswith("改过的")


# -- the editors' commands: new-item and new-issue read the content under the same memo ------------

def new_item(content, cache, title="测试稿件") -> tuple[int, str, str]:
    result = run_cli("new-item", "--content", content, "--unit", "linshuang", "--title", title, "--date", "2026-05-20",
                     env={"BULLETIN_CACHE": str(cache)})
    return result.returncode, result.stdout, result.stderr


def test_new_item_with_kept_parses_refuses_as_a_full_check_does(content, tmp_path):
    cache = tmp_path / "cache"
    assert check(content, cache)[0] == 0   # the memo holds every file's parse
    edit(content, ITEM_1, "unit: linshuang", "unit: linshuang\nunit: tahe")
    edit(content, "items/2026/2026-0002.md", "co_units: [tahe]", "co_units: [tahe, nosuch]")
    kept, full = new_item(content, cache), new_item(content, "off")
    assert kept == full and kept[0] == 1
    assert "2026-0001.md:5: unit: 重复的键（第 4 行已有）" in kept[2] and "未知单位“nosuch”" in kept[2]
    assert sorted(p.name for p in (content / "items/2026").glob("*.md")) == ["2026-0001.md", "2026-0002.md", "2026-0003.md"]


def test_new_item_parses_only_its_draft(content, tmp_path, monkeypatch):
    from bulletin import cli
    cache = tmp_path / "cache"
    monkeypatch.setenv("BULLETIN_CACHE", str(cache))
    assert cli.main(["check", "--content", str(content)]) == 0
    parsed = []
    compose = yamltext._compose
    monkeypatch.setattr(yamltext, "_compose", lambda text, path, *rest: parsed.append(path.name) or compose(text, path, *rest))
    assert cli.main(["new-item", "--content", str(content), "--unit", "linshuang", "--title", "测试稿件", "--date", "2026-05-20"]) == 0
    assert parsed == ["2026-0004.md"]   # read twice (before and with the draft); only the draft parsed, once
    # new-issue finds nothing approved to print (the draft is not), having parsed nothing: nothing changed since
    assert cli.main(["new-issue", "zwxx", "--content", str(content), "--date", "2026-05-21", "--dry-run"]) == 1
    assert parsed == ["2026-0004.md"]
