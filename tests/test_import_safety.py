"""Hostile and oversized files: refused before parsing (inflated parts, DTD/entities, too many XML
nodes) within the memory bound, and an issue too big for the check never reaches content/."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from testsupport.peak_memory import run_measured
from testsupport.word_issues import OfficeIssue, OfficeItem, write_office_issue
from test_word_import import content, run, snapshot  # noqa: F401 - the fixture and helpers

MEMORY_BOUND_MB = 300


def hostile(source: Path, target: Path, write_body) -> Path:
    """`source` with `write_body(part)` writing into document.xml before its section properties."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            data = original.read(info)
            if info.filename != "word/document.xml":
                out.writestr(info.filename, data)
                continue
            cut = data.rindex(b"<w:sectPr")
            with out.open(info.filename, "w", force_zip64=True) as part:
                part.write(data[:cut])
                write_body(part)
                part.write(data[cut:])
    return target


def plain_issue(tmp_path: Path, items=None) -> Path:
    return write_office_issue(tmp_path / "plain.docx", OfficeIssue(
        items=items or [OfficeItem("红旗乡抓好春耕", "（红旗乡）", ["今年以来，红旗乡积极组织春耕备耕。"])],
        colophon=[("报", "自治区人民政府办公厅")]))


def import_measured(content: Path, source: Path) -> tuple[int, str, float]:
    """`bulletin import` in a process of its own: exit code, output, and its peak memory in MB."""
    result = run_measured([sys.executable, "-c", "import sys; from bulletin.cli import main; sys.exit(main())", "import", str(source),
                           "--series", "zwxx", "--approved-by", "李华", "--content", str(content)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return result.returncode, result.stdout.decode(), result.peak_mib


def test_a_zip_bomb_is_refused_unparsed_within_the_memory_bound(tmp_path, content):
    def sixty_megabytes(part):
        line = b"<w:p><w:r><w:t>" + b"A" * (1024 * 1024 - 30) + b"</w:t></w:r></w:p>"
        for _ in range(60):
            part.write(line)
    bomb = hostile(plain_issue(tmp_path), tmp_path / "bomb.docx", sixty_megabytes)
    assert bomb.stat().st_size < 1024 * 1024   # under a megabyte on disk
    before = snapshot(content)
    code, out, memory = import_measured(content, bomb)
    assert code == 1 and re.search(r"未导入: 拒绝读取：解压后共 6\d MB，超过上限 50 MB", out), out   # 60 MB and the template's parts
    assert memory < MEMORY_BOUND_MB, f"{memory:.0f} MB"
    assert snapshot(content) == before


def test_entities_are_refused(tmp_path, content, capsys):
    source = plain_issue(tmp_path)
    laughs = tmp_path / "laughs.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(laughs, "w") as out:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
            out.writestr(info, data)
    code, out = run(capsys, content, laughs, "--series", "zwxx")
    assert code == 1 and "未导入: 拒绝读取：word/document.xml 含 DOCTYPE/ENTITY 声明" in out


def test_too_many_nodes_are_refused_and_just_under_stays_in_bound(tmp_path, content):
    def paragraphs(count):
        def write(part):
            for _ in range(count):   # 6 tags a paragraph
                part.write("<w:p><w:r><w:t>测试文字，测试文字，测试文字，测试文字。</w:t></w:r></w:p>".encode())
        return write
    source = plain_issue(tmp_path)
    code, out, memory = import_measured(content, hostile(source, tmp_path / "many.docx", paragraphs(140_000)))
    assert code == 1 and "拒绝读取：XML 标记和属性超过 800,000 个" in out, out
    # 120,000 × 6 = 720,000 tags and the template's 54,000 nodes (styles.xml twice): under the bound, read within memory
    code, out, memory = import_measured(content, hostile(source, tmp_path / "under.docx", paragraphs(120_000)))
    assert "拒绝读取" not in out
    assert memory < MEMORY_BOUND_MB, f"{memory:.0f} MB"


def test_an_item_too_big_for_the_check_never_reaches_content(tmp_path, content, capsys):
    huge = OfficeItem("红旗乡抓好春耕", "（红旗乡）", ["今年以来，红旗乡积极组织春耕备耕。" * 80_000])   # 1.4 M characters
    before = snapshot(content)
    code, out = run(capsys, content, plain_issue(tmp_path, [huge]), "--series", "zwxx", "--approved-by", "李华")
    assert code == 1 and "写入后内容检查不通过，已撤回" in out, out
    assert snapshot(content) == before
    assert not [p for p in content.parent.iterdir() if p.name.startswith(".bulletin-import-")]   # no staging left


def test_the_peak_measured_is_the_importers_own_whatever_its_parent_holds(tmp_path, content):
    # CI ran these tests in a pytest worker that had grown to 340 MB, and a child's ru_maxrss starts
    # from its parent's: the measure must not see the parent's 400 MB below.
    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"x" * len(range(0, len(ballast), 4096))
    code, out, memory = import_measured(content, plain_issue(tmp_path))
    assert code == 0, out
    assert memory < 200, f"{memory:.0f} MB"
    del ballast
