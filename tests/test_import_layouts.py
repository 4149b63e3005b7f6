"""`bulletin import` on issues laid out as offices make them after GB/T 9704-2012 (titles 22 pt
regular and centred in Normal or an office style, the masthead in a text box or a layout table,
本期要目 under it, an 编者按 box, bylines without 供稿, ★ ★ ★ separators, the colophon as a table,
header and footer, LibreOffice's w:jc="start"), and a .doc twin through LibreOffice: every field
read back from the files written, against the truth written here by hand."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml

from testsupport.word_issues import OfficeIssue, OfficeItem, write_office_issue
from test_word_import import content, front, run, snapshot  # noqa: F401 - the fixture and helpers

SPRING = OfficeItem("红旗乡多措并举抓好春耕生产", "（红旗乡 王明 李强）",
                    ["今年以来，红旗乡积极组织春耕备耕，确保不误农时。", "一、加强农资保障", "全乡储备化肥两千吨，种子充足。"])
COTTON = OfficeItem("林双县棉花播种进度过半", "【林双县】", ["截至5月15日，全县棉花播种进度达到百分之五十二。"],
                    subtitle="——林双县春播工作综述", foot=False)
FLOOD = OfficeItem("", "巴尔市城关镇人民政府", ["该镇组织专家进村入户指导防汛工作，效果明显。"],
                   title_lines=["城关镇扎实做好", "汛前准备工作"], separator="————")
COLOPHON = [("报", "自治区人民政府办公厅"), ("送", "地委办公室"), ("发", "各县（市）人民政府办公室")]


def office_issue(**changes) -> OfficeIssue:
    issue = OfficeIssue(foreword_box="本期聚焦春耕生产。", items=[SPRING, COTTON, FLOOD], colophon=COLOPHON)
    for key, value in changes.items():
        setattr(issue, key, value)
    return issue


EXPECTED_ISSUE = {
    "series": "zwxx", "number": 12, "date": date(2024, 5, 20), "signer": "李华", "foreword": "本期聚焦春耕生产。",
    "items": ["2024-zwxx-012-01", "2024-zwxx-012-02", "2024-zwxx-012-03"],
    "distribution": {"报": "自治区人民政府办公厅", "送": "地委办公室", "发": "各县（市）人民政府办公室"}, "copies": 60,
}
# title, unit, authors, body: typed from the items above (the byline, the ★/———— and the colophon never in a body)
EXPECTED_ITEMS = [
    ("红旗乡多措并举抓好春耕生产", "hongqi", ["王明", "李强"],
     "今年以来，红旗乡积极组织春耕备耕，确保不误农时。\n\n一、加强农资保障\n\n全乡储备化肥两千吨，种子充足。\n"),
    ("林双县棉花播种进度过半——林双县春播工作综述", "linshuang", None, "截至5月15日，全县棉花播种进度达到百分之五十二。\n"),
    ("城关镇扎实做好汛前准备工作", "chengguan", None, "该镇组织专家进村入户指导防汛工作，效果明显。\n"),
]


def read_back(content: Path) -> tuple[dict, list[tuple]]:
    issue = yaml.safe_load((content / "issues/zwxx/2024/012.yml").read_text(encoding="utf-8"))
    items = []
    for item_id in issue["items"]:
        meta, body = front(content / f"items/2024/{item_id}.md")
        items.append((meta["title"], meta["unit"], meta.get("authors"), body))
    return issue, items


@pytest.mark.parametrize("changes", [
    {"masthead": "textbox"}, {"masthead": "table"}, {"masthead": "paragraphs", "toc": False},
    {"alignment_start": True}, {"title_style": "信息标题"},
], ids=["text-box", "layout-table", "one-line-masthead", "libreoffice-start", "office-style"])
def test_office_layouts_read_back_every_field(tmp_path, content, capsys, changes):
    source = write_office_issue(tmp_path / "word" / "第12期.docx", office_issue(**changes))
    code, out = run(capsys, content, source, "--series", "zwxx", "--approved-by", "李华")
    assert code == 0, out
    issue, items = read_back(content)
    assert issue == EXPECTED_ISSUE
    assert items == EXPECTED_ITEMS
    assert "未识别" not in out and "目录列" not in out   # the masthead, 本期要目 and colophon: all read
    assert "标题（居中、22 磅（正文 16 磅））" in out or "标题（样式“信息标题”）" in out   # the rule that decided, named
    assert "需核对: 第3篇《城关镇扎实做好汛前准备工作》: 标题分两行印，已合为一行" in out


def test_check_passes_after_import(tmp_path, content, capsys):
    from bulletin.content.load import check_content
    source = write_office_issue(tmp_path / "第12期.docx", office_issue())
    assert run(capsys, content, source, "--series", "zwxx", "--approved-by", "李华")[0] == 0
    assert list(check_content(content)) == []


def test_an_image_is_written_beside_the_item_and_shown_where_it_stood(tmp_path, content, capsys):
    issue = office_issue(items=[OfficeItem(SPRING.title, SPRING.byline, SPRING.paragraphs, image=True), COTTON, FLOOD])
    source = write_office_issue(tmp_path / "i.docx", issue)
    code, out = run(capsys, content, source, "--series", "zwxx", "--approved-by", "李华")
    assert code == 0, out
    _, body = front(content / "items/2024/2024-zwxx-012-01.md")
    first, image, rest = body.split("\n\n", 2)
    assert first == "今年以来，红旗乡积极组织春耕备耕，确保不误农时。" and rest.startswith("一、加强农资保障")
    assert image == "![图1](images/2024-zwxx-012-01-1.png)"   # never a data: URL, which the site drops
    with zipfile.ZipFile(source) as word:   # the very bytes Word holds
        png = next(word.read(n) for n in word.namelist() if n.startswith("word/media/"))
    assert (content / "items/2024/images/2024-zwxx-012-01-1.png").read_bytes() == png
    assert "需核对: 第1篇《红旗乡多措并举抓好春耕生产》: 图1（png，1 KB）存为 images/2024-zwxx-012-01-1.png，显示在正文原处" in out


def test_a_too_large_image_is_kept_aside_and_named(tmp_path, content, capsys, monkeypatch):
    from bulletin.word_import import images
    monkeypatch.setattr(images, "LIMIT", 0)   # as a photograph of several MB would be
    issue = office_issue(items=[OfficeItem(SPRING.title, SPRING.byline, SPRING.paragraphs, image=True), COTTON, FLOOD])
    code, out = run(capsys, content, write_office_issue(tmp_path / "i.docx", issue), "--series", "zwxx", "--approved-by", "李华")
    assert code == 0, out
    assert (content / "items/2024/_images/2024-zwxx-012-01-1.png").read_bytes().startswith(b"\x89PNG")
    assert not (content / "items/2024/images").exists()
    _, body = front(content / "items/2024/2024-zwxx-012-01.md")
    assert "\n\n［图1］\n\n一、加强农资保障" in body
    assert "图1（png，1 KB）超过 0 MB，未显示：原件另存为 _images/2024-zwxx-012-01-1.png，正文原处留有“［图1］”" in out


def test_future_date_and_re_founded_unit(tmp_path, content, capsys):
    # 安监局 (anjian) was dissolved 2025-06-30; a new one of the same name, since 2025-07-01
    units = content / "units.yml"
    units.write_text(units.read_text(encoding="utf-8") + "- {id: anjian2, name: 行署安全生产监督管理局, short: 安监局, "
                     "group: 行署部门, since: 2025-07-01}\n", encoding="utf-8")
    future = date.today().replace(day=1)
    future = future.replace(year=future.year + 1) if future.month == 12 else future.replace(month=future.month + 1)
    issue = office_issue(items=[OfficeItem("安全生产检查全面展开", "（安监局）", ["全区开展安全生产大检查。"])],
                         office_line=f"巴尔地区行政公署办公室编    {future.year}年{future.month}月{future.day}日",
                         printed=f"{future.year}年{future.month}月{future.day}日印发")
    code, out = run(capsys, content, write_office_issue(tmp_path / "f.docx", issue), "--series", "zwxx", "--approved-by", "李华")
    assert f"需核对: 报头: 日期 {future.isoformat()} 在今天之后" in out
    assert code == 0, out
    meta, _ = front(content / f"items/{future.year}/{future.year}-zwxx-012-01.md")
    assert meta["unit"] == "anjian2"   # the one that existed on the issue's date


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装（scripts/test.sh 会装 libreoffice-writer-nogui）")
def test_doc_twin_imports_exactly_as_its_docx(tmp_path, content, capsys):
    source = write_office_issue(tmp_path / "docx" / "第12期.docx", office_issue())
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(source)],
                   check=True, capture_output=True, timeout=180)
    twin = tmp_path / "twin-content"
    shutil.copytree(content, twin)
    assert run(capsys, content, source, "--series", "zwxx", "--approved-by", "李华")[0] == 0
    code, out = run(capsys, twin, tmp_path / "doc" / "第12期.doc", "--series", "zwxx", "--approved-by", "李华")
    assert code == 0, out
    assert snapshot(twin) == snapshot(content)


def empty_page_pdf() -> bytes:
    """A one-page PDF without any text, as a scanner's would be but for the image: made by hand."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length 22 >>\nstream\n0 0 595 842 re S\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + table + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, len(out))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装（scripts/test.sh 会装 libreoffice-writer-nogui）")
def test_a_printed_pdf_reads_as_its_docx(tmp_path, content, capsys):
    source = write_office_issue(tmp_path / "docx" / "第12期.docx", office_issue(masthead="paragraphs"))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(source)],
                   check=True, capture_output=True, timeout=180)
    code, out = run(capsys, content, tmp_path / "pdf" / "第12期.pdf", "--series", "zwxx", "--approved-by", "李华")
    assert code == 0, out
    issue, items = read_back(content)
    assert issue == EXPECTED_ISSUE
    # a PDF keeps no paragraph styles: the 黑体 sub-heading runs as text, as in the .docx
    assert items == EXPECTED_ITEMS


def test_a_scanned_pdf_is_named_as_such(tmp_path, content, capsys):
    scan = tmp_path / "2019年第3期.pdf"
    scan.write_bytes(empty_page_pdf())
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    code, out = run(capsys, content, scan, broken, "--series", "zwxx")
    assert code == 1
    assert f"{scan}: 未导入: 扫描件（PDF 没有文字层，只有图片）" in out
    assert f"{broken}: 未导入: 无法打开（不是有效的 PDF 文件，或加了密码" in out


def test_a_byline_run_on_at_the_end_of_the_last_paragraph(tmp_path, content, capsys):
    run_on = OfficeItem("城关镇扎实做好汛前准备工作", "", ["该镇组织专家进村入户指导防汛工作，效果明显。（城关镇供稿）"])
    remark = OfficeItem("红旗乡抓好春耕", "（红旗乡）", ["全乡储备化肥两千吨（完）。"])   # a remark in brackets stays text
    source = write_office_issue(tmp_path / "r.docx", office_issue(items=[run_on, remark], toc=False))
    code, out = run(capsys, content, source, "--series", "zwxx", "--approved-by", "李华")
    assert code == 0, out
    _, items = read_back(content)
    assert items == [("城关镇扎实做好汛前准备工作", "chengguan", None, "该镇组织专家进村入户指导防汛工作，效果明显。\n"),
                     ("红旗乡抓好春耕", "hongqi", None, "全乡储备化肥两千吨（完）。\n")]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装（scripts/test.sh 会装 libreoffice-writer-nogui）")
def test_doc_files_of_one_name_in_two_folders_and_a_broken_one(tmp_path, content, capsys):
    """One LibreOffice for the run: two folders' 第12期.doc do not overwrite each other's .docx,
    and a file it cannot convert is named, the others imported."""
    first = write_office_issue(tmp_path / "src" / "a" / "第12期.docx", office_issue())
    second = write_office_issue(tmp_path / "src" / "b" / "第12期.docx", office_issue(
        number_line="第13期", office_line="巴尔地区行政公署办公室编          2024年5月27日", printed="2024年5月27日印发"))
    for source, folder in ((first, "2024上"), (second, "2024下")):
        subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                        "--convert-to", "doc", "--outdir", str(tmp_path / "word" / folder), str(source)],
                       check=True, capture_output=True, timeout=180)
    broken = tmp_path / "word" / "2023" / "第9期.doc"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)   # an OLE signature and nothing else
    code, out = run(capsys, content, tmp_path / "word", "--series", "zwxx", "--approved-by", "李华")
    assert code == 1
    assert f"{broken}: 未导入: LibreOffice 未能转换此文件" in out
    numbers = [yaml.safe_load(p.read_text(encoding="utf-8"))["number"] for p in sorted((content / "issues/zwxx/2024").glob("01*.yml"))]
    assert numbers == [12, 13]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装（scripts/test.sh 会装 libreoffice-writer-nogui）")
def test_two_imports_at_once_in_one_process_both_convert_their_doc(tmp_path):
    """A process keeps its LibreOffice profile for its next import (convert.py); two imports at once
    must not both start a LibreOffice on it: the second would hand its files to the first and get
    nothing back. Then a third, alone, on the kept profile."""
    from concurrent.futures import ThreadPoolExecutor
    from bulletin.word_import.convert import to_docx_all
    corpus = Path(__file__).parent / "fixtures/import-corpus/doc"
    docs = sorted(corpus.glob("*.doc"))[:3]

    def convert(index):
        work = tmp_path / f"work{index}"
        work.mkdir()
        return to_docx_all([docs[index]], work)[docs[index]]
    with ThreadPoolExecutor(2) as pool:
        made = list(pool.map(convert, [0, 1]))
    made.append(convert(2))
    for doc, docx in zip(docs, made):
        assert isinstance(docx, Path) and docx.is_file(), f"{doc.name}: {docx}"
        assert zipfile.is_zipfile(docx) and "word/document.xml" in zipfile.ZipFile(docx).namelist()


def test_a_text_box_is_read_once_and_header_and_footer_not_at_all(tmp_path):
    from bulletin.word_import.blocks import read_blocks
    # the masthead's text box is in the file twice (DrawingML and its VML fallback); header “政务信息    第12期”, footer “— 1 —”
    texts = [b.text for b in read_blocks(write_office_issue(tmp_path / "t.docx", office_issue(masthead="textbox")))
             if hasattr(b, "text")]
    assert texts[:3] == ["政 务 信 息", "第12期", "巴尔地区行政公署办公室编          2024年5月20日"]
    assert texts.count("政 务 信 息") == 1 and "— 1 —" not in texts and not any("政务信息" in t for t in texts)


def test_a_byline_signed_with_a_dash_at_the_foot(tmp_path, content, capsys):
    """“——红旗乡” right-aligned at the foot is the byline (the dash signs it as brackets do); a
    ——line that names no unit stays text, and “——subtitle” under the title stays the subtitle."""
    signed = OfficeItem("红旗乡抓好春耕", "——红旗乡", ["全乡储备化肥两千吨，种子充足。"])
    quoted = OfficeItem("城关镇扎实做好汛前准备工作", "（城关镇）", ["专家说：", "——要早动手"], separator="")
    source = write_office_issue(tmp_path / "d.docx", office_issue(items=[signed, quoted, COTTON], toc=False))
    code, out = run(capsys, content, source, "--series", "zwxx", "--approved-by", "李华")
    assert code == 0, out
    _, items = read_back(content)
    assert items == [("红旗乡抓好春耕", "hongqi", None, "全乡储备化肥两千吨，种子充足。\n"),
                     ("城关镇扎实做好汛前准备工作", "chengguan", None, "专家说：\n\n——要早动手\n"),
                     EXPECTED_ITEMS[1]]


def titled(*titles: str) -> list[OfficeItem]:
    return [OfficeItem(title, unit, [f"第{k}篇正文。"]) for k, (title, unit) in
            enumerate(zip(titles, ["（红旗乡）", "（城关镇）", "【林双县】"]), 1)]


@pytest.mark.parametrize("titles, expected", [
    (("一、红旗乡抓好春耕", "二、城关镇防汛", "三、林双县播种"), ["红旗乡抓好春耕", "城关镇防汛", "林双县播种"]),
    (("【1】红旗乡抓好春耕", "【2】城关镇防汛"), ["红旗乡抓好春耕", "城关镇防汛"]),
    # not a run of serials: a numeral word begins a title, one title numbered alone, a run not from one
    (("三大举措抓春耕", "城关镇防汛"), ["三大举措抓春耕", "城关镇防汛"]),
    (("一、红旗乡抓好春耕", "城关镇防汛"), ["一、红旗乡抓好春耕", "城关镇防汛"]),
    (("二、红旗乡抓好春耕", "三、城关镇防汛"), ["二、红旗乡抓好春耕", "三、城关镇防汛"]),
], ids=["一二三", "brackets", "numeral-word", "one-alone", "not-from-one"])
def test_serials_before_every_title_are_layout(tmp_path, content, capsys, titles, expected):
    source = write_office_issue(tmp_path / "s.docx", office_issue(items=titled(*titles)))
    code, out = run(capsys, content, source, "--series", "zwxx", "--approved-by", "李华")
    assert code == 0, out
    assert [title for title, *_ in read_back(content)[1]] == expected
    assert "目录列" not in out   # the 目录's “◆一、…” entries match the titles with or without the serial


def test_the_staff_line_at_the_foot_gives_the_signer(tmp_path, content, capsys):
    source = write_office_issue(tmp_path / "f.docx", office_issue(staff_line="责任编辑：王芳　　审核：李明　　签发：陈志远"))
    code, out = run(capsys, content, source, "--series", "zwxx", "--approved-by", "李华")
    assert code == 0, out
    issue, items = read_back(content)
    assert issue == {**EXPECTED_ISSUE, "signer": "陈志远", "editor": "王芳"}   # as printed, not --approved-by
    assert items == EXPECTED_ITEMS   # the line is in no body (the last item's ends with its own text)


def test_pdf_running_heads_go_by_repetition_and_bold_fonts_by_name():
    from bulletin.word_import.pdf import _BOLD_NAME, _Line, _without_running_heads
    # three A4 pages (842 pt): a head at 736 pt (12.5 % down, under the 7 % band) on pages 2 and 3,
    # a page number at 40 pt on all three; a body line that repeats but mid-page stays
    def line(text, top, page):
        return _Line(text, 90, 500, top, top - 16, 16, page, 842)
    lines = [line("政务信息", 780, 0), line("一、总体情况", 400, 0), line("— 1 —", 40, 0),
             line("云溪县人民政府办公室　政务信息", 736, 1), line("一、总体情况", 400, 1), line("— 2 —", 40, 1),
             line("云溪县人民政府办公室　政务信息", 737.5, 2), line("合计", 700, 2), line("— 3 —", 41, 2)]
    kept = [(l.text, l.page) for l in _without_running_heads(lines)]
    assert kept == [("政务信息", 0), ("一、总体情况", 0), ("一、总体情况", 1), ("合计", 2)]
    assert _without_running_heads(lines[:3]) == lines[:3]   # one page: nothing repeats
    assert [bool(_BOLD_NAME.search(n)) for n in ("NotoSansCJKjp-Bold", "SimHei", "SourceHanSerifSC-Heavy",
                                                 "NotoSerifCJKsc-Regular", "FangSong", "Shenzhen")] == \
        [True, True, True, False, False, False]


def test_a_pdf_table_across_a_page_is_named():
    from bulletin.word_import.pdf import _Line, _tables
    # rows in 5 columns on pages 1 and 2 (7 rows in all), a paragraph between, then 2 rows alone: too few
    def line(columns, page):
        return _Line("x", 90, 500, 400, 384, 16, page, 842, columns=columns)
    lines = [line(1, 0), *[line(5, 0)] * 3, *[line(5, 1)] * 4, line(1, 1), line(4, 1), line(4, 1)]
    assert _tables(lines) == [(1, 7)]
