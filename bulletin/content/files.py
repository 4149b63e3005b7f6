"""Reading one content file into text, YAML or front matter: every OS, size and encoding error becomes a problem.

Nothing here raises for anything a file may hold; a file that cannot be read comes back as None with
its problem reported at the file (and line, where there is one).
"""

from __future__ import annotations

import re
from pathlib import Path

from bulletin.content import parse_memo
from bulletin.content.problems import Problems
from bulletin.content.yamltext import LineDict, load, split_front_matter

# A long research report is ~150 KB and the largest YAML (units.yml, 150 units) ~20 KB: anything near
# these limits is a mistake, and refusing it keeps a check of any input within seconds.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_YAML_BYTES = 1024 * 1024  # for .yml files and an item's front matter
# C0 controls other than tab and line breaks, and DEL: invisible in editors, never meant in a bulletin
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.1f} MB".replace(".0 MB", " MB")


def read_text(path: Path, problems: Problems, limit: int = MAX_FILE_BYTES) -> str | None:
    try:
        status = path.stat()
        if status.st_size > limit:
            problems.add(path, None, "", f"文件过大（{_megabytes(status.st_size)}，上限 {_megabytes(limit)}）")
            return None
        raw = path.read_bytes()
        parse_memo.note_read(path, status, raw)   # what was read, for the index and the kept readings
    except OSError as exc:
        problems.add(path, None, "", f"无法读取此文件（{exc.strerror or exc}）")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.add(path, line, "", f"不是 UTF-8 编码（第 {line} 行有无法解码的字节），请另存为 UTF-8")
        return None


def read_yaml(path: Path, problems: Problems, what_to_write: str):
    """A YAML file's data; an empty or comment-only file is a problem (it was meant to say something)."""
    text = read_text(path, problems, MAX_YAML_BYTES)
    if text is None:
        return None
    found = len(problems)
    data = load(text, path, problems)
    if data is None and len(problems) == found:
        problems.add(path, 1, "", f"文件是空的：{what_to_write}")
    return data


def read_front_matter(path: Path, problems: Problems) -> tuple[LineDict, str, int] | None:
    """An item file: (its front matter mapping, its Markdown body, the body's first line), or None
    when either is unusable."""
    text = read_text(path, problems)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        problems.add(path, 1, "", "缺少以“---”开头和结尾的 YAML 头部（front matter）")
        return None
    front, offset, body, body_line = parts
    if len(front) > MAX_YAML_BYTES:  # characters, at least as many bytes
        problems.add(path, 1, "", f"YAML 头部过长（上限 {_megabytes(MAX_YAML_BYTES)}）：结尾的“---”漏写了？")
        return None
    control = _CONTROL.search(body)
    if control:
        line = body_line + body.count("\n", 0, control.start())
        problems.add(path, line, "", f"正文含有不可见的控制字符（U+{ord(control.group()):04X}），请删除")
        return None
    found = len(problems)
    data = load(front, path, problems, line_offset=offset)
    if data is None:
        # Nothing, a comment, `~` or `null` all read as no value: the item would vanish unreported.
        if len(problems) == found:
            problems.add(path, 2, "", "YAML 头部是空的：至少要写 id、title、unit 等字段")
        return None
    if not isinstance(data, LineDict):
        problems.add(path, 2, "", "YAML 头部应为“键: 值”形式的映射")
        return None
    return data, body, body_line
