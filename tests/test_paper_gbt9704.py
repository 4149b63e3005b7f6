"""GB/T 9704-2012 measured on every circular, issue and volume PDF of the sample: poppler turns each
page into text boxes (pdftohtml -xml: position, size, font, colour, bold) and a 144 dpi grey image
(pdftoppm: the rules), and the tests compare them with the standard's figures, worked out here by hand.

A4 is 595.28 x 841.89 pt. The text block (版心) is 156 x 225 mm: its top edge 37 mm = 104.88 pt from
the page's top, its bottom edge 262 mm = 742.68 pt; its left edge 28 mm = 79.37 pt on odd pages and
26 mm = 73.70 pt on even ones (the binding alternates), its width 442.20 pt, so its centre line is
79.37 + 221.10 = 300.47 pt (odd) or 294.80 pt (even). A character cell (一字) is 442.20 / 28 = 15.79 pt
of 3号 text; a line (一行) 225 mm / 22 = 28.99 pt. Poppler's box of a glyph run is as tall as its
font size (16 pt of 3号, 22 pt of 2号, 14 pt of 4号), so a box's height reads the size.

What the standard places (clauses of GB/T 9704-2012), and the tolerance allowed:
- 7.2.4 发文机关标志: red 小标宋, centred, its top 35 mm (99.21 pt) under the block's top (± 1 pt);
- 7.2.5 发文字号 two lines under the 标志, centred; 7.2.7 the red rule as wide as the block, 4 mm
  (11.34 pt) under the 文号 (± 2 pt);
- 7.3.1 标题: 2号 (22 pt) bold 小标宋 (here Noto Serif CJK SC Bold), every line centred (± 2 pt),
  two lines under the red rule; 7.3.2 主送机关 one line under it, flush left;
- 7.3.3 正文 3号 仿宋 (16 pt; here its Noto Serif CJK SC fallback); its headings 一、 in 黑体 and （一） in
  楷体, two characters in (31.58 pt) as every paragraph;
- 7.3.5.2 (no seal) 发文机关署名 one line under the text, two characters in from the right; the
  成文日期 on the next line, its first character two right of the office's first (a date longer than
  that: two in from the right, and the office moves left with it); 7.3.5.4 in Arabic digits, no
  leading zeros; both in the right half of the block;
- 7.4 版记 at the foot of the last page: its last rule on the block's bottom edge (± 1.5 pt), a
  thick rule above its first line; 7.4.3 印发机关 one 4号 character (14 pt) in from the left, 印发日期
  one in from the right (± 1.5 pt), in 4号 (14 pt).
The images of the pages are written to test-output/ (paper-*.png) for a person to look at.
"""

import re
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from bulletin.cycle.circular import circular_date
from bulletin.cycle.scoring import Period
from bulletin.labels import cn_date
from conftest import OUTPUT

MM = 72 / 25.4
TOP, BOTTOM = 37 * MM, 262 * MM           # 104.88, 742.68
WIDTH = 156 * MM                          # 442.20
CELL = WIDTH / 28                         # 15.79: 一字 of 3号
PITCH = 225 * MM / 22                     # 28.99: 一行
RED = "#c8161d"
BODY_FONTS = ("FangSong", "STFangsong", "NotoSerifCJKsc")   # the 仿宋 stack's fonts as PDFs name them
KAI_FONTS = ("KaiTi", "NotoSerifCJKsc")                      # the 楷体 stack's (bylines)


def left(page: int) -> float:
    return (28 if page % 2 else 26) * MM


def right(page: int) -> float:
    return left(page) + WIDTH


def centre(page: int) -> float:
    return left(page) + WIDTH / 2


@dataclass
class Text:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float
    family: str
    colour: str
    bold: bool

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


@cache
def texts(pdf: Path) -> tuple[Text, ...]:
    """Every run of text poppler finds, page by page, top to bottom."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-zoom", "1", "-stdout", "-q", str(pdf)],
                         check=True, capture_output=True, text=True).stdout
    found, fonts = [], {}
    for page in ElementTree.fromstring(xml).iter("page"):
        number = int(page.get("number"))
        for spec in page.iter("fontspec"):
            fonts[spec.get("id")] = (float(spec.get("size")), spec.get("family"), spec.get("color"))
        for run in page.iter("text"):
            words = "".join(run.itertext())
            if not words.strip():
                continue
            x, y, w, h = (float(run.get(k)) for k in ("left", "top", "width", "height"))
            size, family, colour = fonts[run.get("font")]
            found.append(Text(number, x, y, x + w, y + h, words.strip(), size, family.split("+")[-1], colour,
                              run.find(".//b") is not None))
    return tuple(sorted(found, key=lambda t: (t.page, t.top, t.x0)))


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def rules(pdf: Path, page: int) -> list[float]:
    """The y (pt from the top) of every horizontal rule as wide as the text block on one page: rows of
    a 144 dpi grey image dark over 95% of the block's width, each rule given once (its middle)."""
    stem = OUTPUT / f"rules-{pdf.stem}-{page}"
    OUTPUT.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-gray", "-r", "144", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
                   check=True)
    data = Path(f"{stem}.pgm").read_bytes()
    Path(f"{stem}.pgm").unlink()
    magic, size, _depth, pixels = data.split(b"\n", 3)
    width, height = map(int, size.split())
    x0, x1 = round(left(page) * 2) + 2, round(right(page) * 2) - 2
    dark = [y for y in range(height)
            if sum(1 for b in pixels[y * width + x0:y * width + x1] if b < 160) > 0.95 * (x1 - x0)]
    found: list[list[int]] = []
    for y in dark:
        if found and y - found[-1][-1] <= 1:
            found[-1].append(y)
        else:
            found.append([y])
    return [(rows[0] + rows[-1] + 1) / 4 for rows in found]


def snapshot(pdf: Path, page: int, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(OUTPUT / f"paper-{name}")], check=True)


def lines_between(upper: Text, lower: Text) -> float:
    """Empty lines between two runs of 3号 text (or larger above): 0 for consecutive lines. Two 3号
    lines in a row have 28.99 - 16 = 12.99 pt between their boxes."""
    return (lower.top - upper.bottom - (PITCH - 16)) / PITCH


def assert_centred(run: Text, what: str) -> None:
    assert abs(run.middle - centre(run.page)) < 2, f"{what}: {run.text} centred at {run.middle:.1f} pt, the block's centre is {centre(run.page):.1f}"


def assert_colophon(pdf: Path, page: int, publisher: str, printed: str, lines_under: int = 0) -> None:
    """7.4: 印发机关 and 印发日期 on the block's last line (an issue's 签发 line is under them:
    `lines_under` 1), one 4号 character in from each side, between a thick rule above and one on the
    block's bottom edge."""
    on_page = [t for t in texts(pdf) if t.page == page and t.bottom < BOTTOM + 1]
    office = next(t for t in reversed(on_page) if t.text == publisher and t.size == 14)
    date = next(t for t in on_page if t.text == printed and abs(t.top - office.top) < 1)
    line_top = BOTTOM - (lines_under + 1) * PITCH
    assert line_top < office.top and office.bottom < line_top + PITCH, (pdf.name, page, office)
    assert abs(office.x0 - (left(page) + 14)) < 1.5, (pdf.name, page, office.x0, left(page) + 14)
    assert abs(date.x1 - (right(page) - 14)) < 1.5, (pdf.name, page, date.x1, right(page) - 14)
    assert date.size == 14 and re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日印发", date.text), date
    found = rules(pdf, page)
    assert any(abs(y - BOTTOM) < 1.5 for y in found), (pdf.name, page, "no rule on the block's bottom edge", found)
    assert any(office.top - 2 * PITCH < y < office.top for y in found), (pdf.name, page, "no rule above 印发", found)


# -- the circulars -----------------------------------------------------------------------------

def circulars(sample_site):
    return sorted(sample_site.root.glob("leaderboard/*/[01][0-9]/tongbao-*.pdf"))


def test_every_circular_s_head_and_title_are_placed_as_gbt_9704_says(sample_site, sample_archive):
    pdfs = circulars(sample_site)
    assert len(pdfs) >= 12
    publisher = sample_archive.settings.publisher
    for pdf in pdfs:
        first = [t for t in texts(pdf) if t.page == 1]
        mark, number, *rest = first
        assert mark.text == publisher and mark.colour == RED and mark.bold and mark.size >= 22, mark
        assert abs(mark.top - (TOP + 35 * MM)) < 1, (pdf.name, "标志 35 mm under the block's top", mark.top - TOP)
        assert_centred(mark, pdf.name)
        assert re.fullmatch(r".+〔\d{4}〕[1-9]\d*号", number.text) and number.size == 16, number
        assert_centred(number, pdf.name)
        assert 1.75 < lines_between(mark, number) < 2.75, (pdf.name, "文号 two lines under the 标志", lines_between(mark, number))
        red_rule = [y for y in rules(pdf, 1) if number.bottom < y < number.bottom + 20]
        assert len(red_rule) == 1 and abs(red_rule[0] - (number.bottom + 4 * MM)) < 2, (pdf.name, red_rule, number.bottom)
        title = [t for t in rest if t.size == 22]
        assert title and all(t.bold for t in title), (pdf.name, title)
        for line in title:
            assert_centred(line, pdf.name)
        assert "".join(t.text for t in title).startswith("关于") and title[-1].text.endswith("的通报")
        assert 1.5 < (title[0].top - red_rule[0]) / PITCH < 2.5, (pdf.name, "标题 two lines under the rule")
        addressee = rest[len(title)]
        assert addressee.text == "各报送单位：" and abs(addressee.x0 - left(1)) < 1, addressee
        assert 0.75 < lines_between(title[-1], addressee) < 1.25, (pdf.name, "主送 one line under the title")
    snapshot(pdfs[-1], 1, "circular-page1")


def test_every_circular_s_body_is_3hao_fangsong(sample_site):
    for pdf in circulars(sample_site):
        body = [t for t in texts(pdf) if TOP < t.top and t.bottom < BOTTOM and t.size not in (10, 11, 22) and t.colour != RED]
        # headings 一、 and （一） are 3号 黑体; everything else of 3号 is the 仿宋 body
        plain = [t for t in body if not re.match(r"^[一二三四五六七八九十]、|^（[一二三四五六七八九十]）", t.text)]
        assert plain and all(t.size in (14, 16) for t in plain), (pdf.name, {t.size for t in plain})
        sixteen = [t for t in plain if t.size == 16]
        assert len(sixteen) >= 8 and all(t.family.startswith(BODY_FONTS) and not t.bold for t in sixteen), \
            (pdf.name, {(t.family, t.bold) for t in sixteen})
        # 7.3.3: 一、 in 黑体 (here Noto Sans CJK SC), （一） in 楷体 (here Noto Serif CJK SC), both two
        # characters in, as the text's paragraphs
        first = [t for t in body if re.match(r"^[一二三]、", t.text)]
        second = [t for t in body if re.match(r"^（[一二三四]）", t.text)]
        assert [t.text[:2] for t in first] == ["一、", "二、", "三、"] and second, (pdf.name, first, second)
        for heading in first + second:
            assert abs(heading.x0 - (left(heading.page) + 2 * CELL)) < 1.5 and heading.size == 16, (pdf.name, heading)
        assert all(t.family.startswith(("SimHei", "NotoSansCJKsc")) for t in first), (pdf.name, {t.family for t in first})
        assert all(t.family.startswith(("KaiTi", "NotoSerifCJKsc")) for t in second), (pdf.name, {t.family for t in second})


def test_every_circular_ends_with_office_date_and_colophon_on_its_last_page(sample_site, sample_archive, sample_board):
    publisher = sample_archive.settings.publisher
    for pdf in circulars(sample_site):
        year, month = map(int, re.match(r"tongbao-(\d{4})-(\d{2})", pdf.stem).groups())
        dated = cn_date(circular_date(sample_board, Period("month", year, month)))
        last = page_count(pdf)
        on_last = [t for t in texts(pdf) if t.page == last]
        office = next(t for t in on_last if t.text == publisher and t.size == 16)
        date = next(t for t in on_last if t.text == dated)
        assert re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", date.text), "成文日期 in Arabic digits, no 0 in front"
        # the sample's office (11 characters) is longer than its dates: the office ends two characters
        # in from the right, the date starts two characters right of the office's start, a line under it
        assert abs(office.x1 - (right(last) - 2 * CELL)) < 1.5, (pdf.name, office.x1, right(last) - 2 * CELL)
        assert abs(date.x0 - (office.x0 + 2 * CELL)) < 1.5, (pdf.name, date.x0, office.x0 + 2 * CELL)
        assert abs(date.top - office.top - PITCH) < 1, (pdf.name, "the date on the line under the office")
        assert office.x0 > centre(last) and date.x0 > centre(last), "署名 and 日期 in the right half"
        above = [t for t in on_last if t.bottom < office.top and TOP < t.top]
        if above:   # one empty line under the text (or the table) before it
            assert lines_between(above[-1], office) > 0.6, (pdf.name, above[-1].text)
        assert_colophon(pdf, last, publisher, dated + "印发")
        assert office.top < BOTTOM - 3 * PITCH, "the signature above the 版记"
    snapshot(pdf, last, "circular-last-page")


def test_a_date_longer_than_the_office_keeps_two_characters_from_the_right(tmp_path):
    """7.3.5.2's other case, typeset on its own: a four-character office over a longer date (7.5 of
    3号's cells: 2026 and 12, 31 are half-width digits) puts the date two characters in from the
    right and the office two characters left of the date's start."""
    from bulletin.site.paper import markup
    from bulletin.site.paper.documents import _paper, library
    from bulletin.site.paper.typesetter import Typesetter
    office, dated = markup.content("县政府办"), markup.content("2026年12月31日")
    document = (library() + _paper("t", "a") + "#par[正文。]\n#blank()\n"
                + f"#colophon(last-lines: signature({office}, {dated}), publisher: {office}, printed: [2026年12月31日印发])\n")
    pdf = tmp_path / "short-office.pdf"
    pdf.write_bytes(Typesetter().pdf(document, 0, "short-office"))
    found = texts(pdf)
    office_run = next(t for t in found if t.text == "县政府办" and t.size == 16)
    date_run = next(t for t in found if t.text == "2026年12月31日")
    assert abs(date_run.x1 - (right(1) - 2 * CELL)) < 1.5, (date_run.x1, right(1) - 2 * CELL)
    assert abs(office_run.x0 - (date_run.x0 - 2 * CELL)) < 1.5, (office_run.x0, date_run.x0 - 2 * CELL)
    assert_colophon(pdf, 1, "县政府办", "2026年12月31日印发")


# -- the issues and volumes --------------------------------------------------------------------

def issue_pdf(sample_site, issue) -> Path:
    return sample_site.root / f"issues/{issue.series}/{issue.year}/{issue.slug}/{issue.series}-{issue.year}-{issue.slug}.pdf"


def bylines(archive, issues) -> list[str]:
    """The byline printed under each item's title, as the paper prints it: （红旗乡）, joint units
    （甲县、乙县）; never the web's old "unit · category"."""
    return ["（" + "、".join(archive.unit_name(u) for u in item.units) + "）"
            for issue in issues for item in archive.issue_items(issue)]


def assert_titles_centred(pdf: Path, runs, expected_bylines: list[str]) -> int:
    """Every 2号 title line centred on its page's block, and under each title the line right below
    its last line (within one grid line): the item's byline, 3号, not bold, in 楷体 (here its Noto
    Serif CJK SC fallback), centred; one for each item, in the issue's order."""
    titles = [t for t in runs if t.size == 22]
    for line in titles:
        assert line.bold, (pdf.name, line)
        assert_centred(line, pdf.name)
    under = [t for t in runs if t.size == 16
             and any(line.page == t.page and 0 < t.top - line.bottom < PITCH for line in titles)]
    assert [t.text for t in under] == expected_bylines, (pdf.name, [t.text for t in under][:5], expected_bylines[:5])
    for byline in under:
        assert not byline.bold and byline.family.startswith(KAI_FONTS), (pdf.name, byline)
        assert_centred(byline, pdf.name)
    return len(titles)


def test_every_issue_s_masthead_titles_and_colophon_are_placed(sample_site, sample_archive):
    publisher = sample_archive.settings.publisher
    for issue in sample_archive.content.issues:
        pdf = issue_pdf(sample_site, issue)
        runs = texts(pdf)
        name = next(t for t in runs if t.colour == RED)
        assert name.text.replace(" ", "") == sample_archive.series_name(issue) and name.size == 42, name
        assert abs(name.middle - centre(1)) < 5, (pdf.name, "the red series name centred", name.middle)
        items = sample_archive.issue_items(issue)
        assert assert_titles_centred(pdf, runs, bylines(sample_archive, [issue])) >= len(items), pdf.name
        body = [t for t in runs if t.size == 16 and t.top > name.bottom and t.family.startswith(BODY_FONTS) and not t.bold]
        assert len(body) >= 3, (pdf.name, "a 3号 仿宋 body")
        assert_colophon(pdf, page_count(pdf), publisher, cn_date(issue.date) + "印发", lines_under=1)
    snapshot(issue_pdf(sample_site, sample_archive.content.issues[0]), 1, "issue-page1")


def test_every_volume_keeps_each_issue_s_titles_and_colophon(sample_site, sample_archive):
    publisher = sample_archive.settings.publisher
    for series, years in sample_archive.series_years.items():
        for year, issues in years.items():
            pdf = sample_site.root / f"issues/{series}/{year}/{series}-{year}-huibian.pdf"
            runs = texts(pdf)
            assert assert_titles_centred(pdf, [t for t in runs if t.page > 1], bylines(sample_archive, issues)) >= sum(len(sample_archive.issue_items(i)) for i in issues)
            body = [t for t in runs if t.page > 1 and t.size == 16 and t.family.startswith(BODY_FONTS) and not t.bold]
            assert len(body) >= 10 * len(issues), (pdf.name, "a 3号 仿宋 body in every issue")
            cover = [t for t in runs if t.page == 1]
            for line in cover:
                assert abs(line.middle - centre(1)) < 5, (pdf.name, "the cover's lines centred", line)
            # one 版记 at the foot of the last page of each issue
            colophons = [t.page for t in runs if t.text.endswith("印发") and BOTTOM - 2 * PITCH < t.top < BOTTOM - PITCH]
            assert len(colophons) == len(issues), (pdf.name, colophons)
            for page, issue in zip(colophons, issues):
                assert_colophon(pdf, page, publisher, cn_date(issue.date) + "印发", lines_under=1)
    snapshot(pdf, 1, "volume-cover")


def test_the_volume_cover_counts_supplements_apart(sample_site, sample_archive):
    """《政务信息》2026 has 第1期 to 第17期 and 增刊第1期: 18 issues, which the cover must add up."""
    issues = sample_archive.series_years["zwxx"][2026]
    assert len(issues) == 18 and sum(i.supplement for i in issues) == 1
    pdf = sample_site.root / "issues/zwxx/2026/zwxx-2026-huibian.pdf"
    cover = "".join(t.text for t in texts(pdf) if t.page == 1)
    assert "第1期至第17期，共18期（含增刊1期）" in cover, cover
    plain = sample_site.root / "issues/zwxx/2025/zwxx-2025-huibian.pdf"   # no supplement: no 含增刊
    cover = "".join(t.text for t in texts(plain) if t.page == 1)
    assert re.search(r"第1期至第\d+期，共\d+期", cover) and "增刊" not in cover, cover


@pytest.mark.parametrize("count, expected", [
    ((3, 0), "第1期至第3期，共3期"),
    ((17, 1), "第1期至第17期，共18期（含增刊1期）"),
    ((1, 2), "第1期，共3期（含增刊2期）"),
    ((0, 2), "增刊2期"),
])
def test_volume_count_wording(count, expected):
    from datetime import date
    from bulletin.model import Issue
    from bulletin.site.paper.documents import volume_count
    regular, supplements = count
    def issue(number, supplement):
        return Issue(series="zwxx", number=number, date=date(2026, 2 if supplement else 1, number), signer="王",
                     item_ids=[], path="x.yml", supplement=supplement)
    issues = [issue(n, False) for n in range(1, regular + 1)] + [issue(n, True) for n in range(1, supplements + 1)]
    assert volume_count(issues) == expected


def test_every_pdf_sets_its_text_only_in_the_font_stacks(sample_site):
    """Every character of every PDF is in a font of measures.py's stacks (the office PCs' faces, or on
    this machine their Noto CJK fallbacks), never one of Typst's own Latin fonts (Libertinus, New
    Computer Modern, DejaVu) that a character missing from the stacks would fall through to."""
    allowed = ("FangSong", "STFangsong", "SimSun", "SimHei", "KaiTi", "FZXiaoBiaoSong", "NotoSerifCJKsc", "NotoSansCJKsc")
    pdfs = sorted(sample_site.root.rglob("*.pdf"))
    assert len(pdfs) >= 60   # 41 issues, 23 circulars, 4 volumes
    for pdf in pdfs:
        listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
        names = {line.split()[0].split("+")[-1] for line in listing}
        assert names and all(name.startswith(allowed) for name in names), (pdf.name, names)
