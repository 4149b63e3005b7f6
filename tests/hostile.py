"""Hostile text in every field of the minimal fixture: what an attacker, or a careless paste, puts there."""

import re
from pathlib import Path

SCRIPT = "<script>alert('s')</script>"
IMG = "<img src=x onerror=alert('i')>"
BREAK = "\"><svg onload=alert('b')>"
BODY = """
<script>alert('body')</script>
<iframe src="http://evil.example/"></iframe>
<img src="http://evil.example/track.png" alt="off-site">
<div onclick="alert('click')">点我</div>
[链接](javascript:alert('link')) <a href="javascript:alert('a')">另一个</a>
<style>body{display:none}</style>
<object data="http://evil.example/x.swf"></object>
"""


def _swap(path: Path, pairs: list[tuple[str, str]]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, (path.name, old)
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_hostile(content: Path) -> None:
    _swap(content / "bulletin.yml", [
        ("publisher: 测试地区行政公署办公室", f"publisher: {_quoted('测试办' + SCRIPT)}"),
        ("name: 政务信息", f"name: {_quoted('政务信息' + BREAK)}"),
        ("报: 自治区人民政府办公厅", f"报: {_quoted(SCRIPT)}"),
        ("categories: [动态, 经验, 问题建议]", f"categories: [{_quoted('动态' + IMG.replace('/', ''))}, 经验, 问题建议]"),
        ("{id: province, name: 省级}", f"{{id: province, name: {_quoted('省级' + IMG)}}}"),
        ("markings: [内部资料 注意保存]", f"markings: [{_quoted('内部资料' + IMG)}]"),
    ])
    _swap(content / "units.yml", [
        ("name: 林双县人民政府办公室, short: 林双县", f"name: {_quoted('林双县' + SCRIPT)}, short: {_quoted('林双' + BREAK)}"),
    ])
    _swap(content / "topics.yml", [
        ("{id: agriculture, name: 农业产业化}", f"{{id: agriculture, name: {_quoted('农业' + SCRIPT)}, description: {_quoted(IMG)}}}"),
    ])
    item = content / "items/2026/2026-0001.md"
    category = "动态" + IMG.replace("/", "")
    _swap(item, [
        ("title: 今年林双县棉花病虫害预计为中度偏重发生", f"title: {_quoted(SCRIPT + '棉花')}\nauthors: [{_quoted(IMG)}]\nsummary: {_quoted(BREAK)}"),
        ("category: 动态", f"category: {_quoted(category)}"),
        ("approved_by: 李华", f"approved_by: {_quoted(IMG)}\nmarking: {_quoted('内部资料' + IMG)}"),
        ("  - {type: forwarded, level: province, date: 2026-05-13}",
         "  - {type: forwarded, level: province, date: 2026-05-13}\n"
         f"  - {{type: adopted, level: province, publication: {_quoted(BREAK)}, issue: {_quoted(SCRIPT)}, date: 2026-05-14}}\n"
         f"  - {{type: instruction, level: province, leader: {_quoted(SCRIPT)}, text: {_quoted(IMG)}, date: 2026-05-15}}"),
    ])
    item.write_text(item.read_text(encoding="utf-8") + BODY, encoding="utf-8")
    _swap(content / "items/2026/2026-0003.md", [("category: 动态", f"category: {_quoted(category)}")])
    _swap(content / "issues/zwxx/2026/001.yml", [
        ("signer: 张建国", f"signer: {_quoted(SCRIPT)}\neditor: {_quoted(IMG)}\nmarking: {_quoted('内部资料' + IMG)}\n"
                          f"foreword: {_quoted('编者按' + SCRIPT + ' [看](javascript:alert(1))')}"),
    ])


DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data:text/html)", re.I)


def dangers_in(soup) -> list[str]:
    """Everything in a page that could run script, load from another host or frame content."""
    found = []
    for tag in soup.find_all(True):
        if tag.name in ("iframe", "object", "embed", "frame"):
            found.append(f"<{tag.name}>")
        if tag.name == "script" and "alert(" in (tag.string or ""):
            found.append(f"script: {tag.string[:60]}")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=...>")
            if name in ("href", "src", "action", "formaction") and DANGEROUS_URL.match(value):
                found.append(f"<{tag.name} {name}={value[:40]}>")
            if name == "src" and "evil.example" in value:
                found.append(f"<{tag.name} src={value}>")
    return found
