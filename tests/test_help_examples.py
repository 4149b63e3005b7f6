"""The editors' help (pages/editors.md, 编辑说明) trains by example, and its examples are real: every
file it shows is placed in a copy of the sample and `bulletin check` must pass (issue 31, point 10),
so the help cannot drift from the checks; and among them is one of each thing an editor records."""

import re
import shutil

import pytest
import yaml

from conftest import ROOT, SAMPLE, run_cli

HELP = ROOT / "pages" / "editors.md"
# an example: a line naming the file (文件 `content/<path>`…), then the fenced file itself
EXAMPLE = re.compile(r"文件 `content/([^`]+)`[^`\n]*\n\n```\w+\n(.*?)\n```", re.S)


def examples() -> dict[str, str]:
    return {path: text + "\n" for path, text in EXAMPLE.findall(HELP.read_text(encoding="utf-8"))}


def front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else yaml.safe_load(text)


def placed(tmp_path, files: dict[str, str]):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    for path, text in files.items():
        assert not (content / path).exists(), f"{path}: an example must add a file, not replace the sample's"
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")
    return content


def test_every_example_in_the_editors_help_passes_check(tmp_path):
    files = examples()
    assert len(files) == 8, sorted(files)   # 稿件×5 (事件, 联合, 答复约稿, 更正, 增刊的稿件), 一期, 增刊, 约稿
    result = run_cli("check", "--content", placed(tmp_path, files))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_examples_show_each_thing_an_editor_records():
    data = [front(text) for text in examples().values()]
    items = [d for d in data if "title" in d]
    issues = [d for d in data if "series" in d]
    events = {e["type"] for item in items for e in item.get("events", [])}
    assert events == {"forwarded", "adopted", "instruction"}            # 上报, 采用, 批示
    assert any(item.get("authors") for item in items)                  # 撰稿人
    assert any(item.get("co_units") for item in items)                 # 联合报送
    assert any(item.get("request") for item in items)                  # 答复约稿
    assert any(item.get("corrections") for item in items)              # 更正
    assert any(issue.get("foreword") for issue in issues)              # 编者按
    assert any(issue.get("supplement") for issue in issues)            # 增刊
    text = HELP.read_text(encoding="utf-8")
    assert "bulletin check" in text and "合并" in text and "../shared" not in text   # how it reaches the site


@pytest.mark.parametrize("broken, message", [
    (("level: province, date: 2026-11-22", "level: county, date: 2026-11-22"), "county"),
    (("request: 2026-yd11", "request: 2026-yd99"), "2026-yd99"),
])
def test_a_broken_example_would_fail_this_test(tmp_path, broken, message):
    """The check is the judge, not this test's reading: an example made wrong is refused, naming its file."""
    files = examples()
    path = next(p for p, text in files.items() if broken[0] in text)
    files[path] = files[path].replace(broken[0], broken[1])
    result = run_cli("check", "--content", placed(tmp_path, files))
    said = result.stdout + result.stderr
    assert result.returncode != 0 and f"content/{path}:" in said and message in said, said
