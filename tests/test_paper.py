"""The PDFs on paper, read back with poppler (pdftotext -bbox, pdfinfo, pdffonts): GB/T 9704-2012's
grid, titles, 版记 and page numbers on every issue of the sample, the monthly circulars, the year's
volumes, and the same bytes from the same content.

The figures are worked out here by hand from the standard, not taken from the code under test:
A4 is 595.28 x 841.89 pt; the text block starts 37 mm (104.88 pt) from the top and ends 262 mm
(742.68 pt) from it; 22 lines in 225 mm is a line every 28.99 pt; 28 characters fill 156 mm.
"""

import functools
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from bulletin.cycle.circular import circular_number
from bulletin.labels import cn_date
from bulletin.cycle.scoring import Period
from conftest import ROOT, run_cli

MM = 72 / 25.4
TOP, BOTTOM = 37 * MM, 262 * MM          # the text block's top and bottom edges
PITCH = 225 * MM / 22                    # 28.99 pt
BINDING, OUTER = 28 * MM, 26 * MM


def words(pdf: Path, page: int):
    """(xMin, yMin, xMax, yMax, text) of every word on one page, in points from the top left."""
    stat = pdf.stat()
    return _words_by_page(pdf, stat.st_size, stat.st_mtime_ns)[page - 1]


@functools.cache
def _words_by_page(pdf: Path, size: int, mtime_ns: int) -> list[list[tuple]]:
    """Every page's words from one pdftotext run, kept for the module's tests (which read each page of
    the sample's PDFs several times): the same words, page for page, as a run a page gives."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    word = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<')
    return [[(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in word.findall(page)]
            for page in out.split("<page ")[1:]]


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def rows(pdf: Path, page: int):
    """The text block's lines on one page, top to bottom: (grid cell 0-21, text, xMin, xMax, centre y).
    A line's cell is the 28.99 pt band its glyphs' centre falls in."""
    lines: dict[int, list] = {}
    for x0, y0, x1, y1, text in words(pdf, page):
        centre = (y0 + y1) / 2
        if TOP <= centre <= BOTTOM:
            lines.setdefault(int((centre - TOP) // PITCH), []).append((x0, x1, text, centre))
    return [(cell, "".join(w[2] for w in sorted(ws)), min(w[0] for w in ws), max(w[1] for w in ws),
             sum(w[3] for w in ws) / len(ws)) for cell, ws in sorted(lines.items())]


def folio(pdf: Path, page: int):
    """The words under the text block: the page number."""
    return [w for w in words(pdf, page) if (w[1] + w[3]) / 2 > BOTTOM]


def issue_pdfs(sample_site, sample_archive):
    for issue in sample_archive.content.issues:
        yield issue, sample_site.root / f"issues/{issue.series}/{issue.year}/{issue.slug}/{issue.series}-{issue.year}-{issue.slug}.pdf"


# -- the grid ----------------------------------------------------------------------------------

def test_every_line_sits_on_the_22_line_grid_and_full_pages_hold_22(sample_site, sample_archive):
    checked = 0
    for issue, pdf in issue_pdfs(sample_site, sample_archive):
        count = pages(pdf)
        for page in range(1, count + 1):
            lines = rows(pdf, page)
            assert len(lines) <= 22, (pdf.name, page)
            for cell, text, _, _, centre in lines:
                if text == sample_archive.series_name(issue):
                    continue   # the red masthead name, 42 pt: three lines high, centred in them
                # a line's glyphs are centred in their 28.99 pt cell (within 4 pt: 16 pt and 22 pt
                # glyphs sit on one baseline, so their boxes' centres differ a little)
                assert abs(centre - (TOP + (cell + 0.5) * PITCH)) < 4, (pdf.name, page, text)
            # a page that ends inside a paragraph (its last line does not end a sentence) is full:
            # its text reaches the 22nd line (cell 21; blank lines before titles are lines too)
            last = lines[-1][1]
            if page < count and len(last) >= 25 and not last.endswith(("。", "！", "？", "：", "）", "；")):
                checked += 1
                assert lines[-1][0] == 21, (pdf.name, page, lines[-1])
    assert checked >= 5, "the sample has pages whose text runs on: each of them is full"


def test_a_full_line_holds_28_characters(sample_site, sample_archive):
    """156 mm at 3号 (16 pt) holds 28 characters: the body's longest all-Chinese lines have 28
    (a paragraph's first line 26 after its two-character indent)."""
    widths = []
    for _, pdf in issue_pdfs(sample_site, sample_archive):
        for page in range(1, pages(pdf) + 1):
            binding = BINDING if page % 2 else OUTER
            for cell, text, left, right, _ in rows(pdf, page):
                if all(unicodedata.east_asian_width(c) in "WF" for c in text) and right > binding + 150 * MM:
                    indent = round((left - binding) / (156 * MM / 28))
                    widths.append(len(text) + indent)
    assert max(widths) == 28 and widths.count(28) >= 50, sorted(set(widths))


def test_the_text_block_and_page_numbers_follow_the_binding(sample_site, sample_archive):
    """Odd pages bind on the left (28 mm), even ones on the right; "— N —" 4号 7 mm under the
    block, one character (14 pt) in from the block's outer edge: right on odd pages, left on even."""
    for issue, pdf in issue_pdfs(sample_site, sample_archive):
        for page in range(1, pages(pdf) + 1):
            binding = BINDING if page % 2 else OUTER    # the block's left edge
            lines = rows(pdf, page)
            assert min(line[2] for line in lines) >= binding - 1, (pdf.name, page)
            assert max(line[3] for line in lines) <= binding + 156 * MM + 1, (pdf.name, page)
            foot = folio(pdf, page)
            assert "".join(w[4] for w in foot) == f"—{page}—", (pdf.name, page)
            centre = sum((w[1] + w[3]) / 2 for w in foot) / len(foot)
            assert BOTTOM + 5 * MM < centre < BOTTOM + 12 * MM, (pdf.name, page, centre)
            if page % 2:
                assert abs(max(w[2] for w in foot) - (BINDING + 156 * MM - 14)) < 3, (pdf.name, page)
            else:
                assert abs(min(w[0] for w in foot) - (OUTER + 14)) < 3, (pdf.name, page)


def test_no_title_ends_a_page(sample_site, sample_archive):
    """A title (or its first line, or the byline under it: （红旗乡）) is never a page's last line."""
    for issue, pdf in issue_pdfs(sample_site, sample_archive):
        titles = [item.title for item in sample_archive.issue_items(issue)]
        bylines = {"（" + "、".join(sample_archive.unit_name(u) for u in item.units) + "）" for item in sample_archive.issue_items(issue)}
        count = pages(pdf)
        for page in range(1, count):
            last = rows(pdf, page)[-1][1]
            assert not any(title.startswith(last) for title in titles), (pdf.name, page, last)
            assert last not in bylines, (pdf.name, page, last)


def test_the_colophon_ends_on_the_block_s_last_line(sample_site, sample_archive):
    """版记 at the foot of the last page: its last line in the 22nd line (713.7-742.7 pt), the
    distribution lines above it, and never alone: the text's last lines share its page."""
    for issue, pdf in issue_pdfs(sample_site, sample_archive):
        last_page = pages(pdf)
        lines = rows(pdf, last_page)
        printed = f"{sample_archive.settings.publisher}{cn_date(issue.date)}印发"
        assert lines[-1][0] == 21 and BOTTOM - PITCH < lines[-1][4] < BOTTOM, (pdf.name, lines[-1])
        assert lines[-1][1].startswith(f"签发：{issue.signer}"), lines[-1]
        if issue.copies:
            assert lines[-1][1].endswith(f"（共印{issue.copies}份）"), lines[-1]
        assert lines[-2][1] == printed and lines[-2][0] == 20, (pdf.name, lines[-2])
        labels = [text[:2] for _, text, *_ in lines[-2 - len(sample_archive.distribution(issue)):-2]]
        assert labels == [f"{label}：" for label in sample_archive.distribution(issue)], (pdf.name, labels)
        assert not lines[0][1].startswith("报："), f"{pdf.name}: 版记 alone on its page"


def test_fonts_fall_back_to_noto_serif_for_fangsong(sample_site):
    """This machine has only fonts-noto-cjk: the 仿宋 body falls back to Noto Serif CJK SC (the
    office PCs' FangSong_GB2312/FangSong come first in the stack), titles to its Bold."""
    fonts = subprocess.run(["pdffonts", str(sample_site.root / "issues/zwxx/2026/3/zwxx-2026-3.pdf")],
                           check=True, capture_output=True, text=True).stdout
    assert "NotoSerifCJKsc-Regular" in fonts and "NotoSerifCJKsc-Bold" in fonts, fonts
    assert "Type 3" not in fonts, "outline fonts embedded, not bitmaps"


def test_content_prints_as_text_never_as_typst_code(tmp_path):
    """Titles and bodies are people's text: Typst syntax in them (an import that would fetch a
    package, a file read, math, comments, labels) prints as the characters typed."""
    import string
    from bulletin.site.paper import markup
    from bulletin.site.paper.documents import _paper, library
    from bulletin.site.paper.typesetter import Typesetter
    typed = string.punctuation + ' #import "@preview/x:1.0.0" #read("/etc/passwd") $x^2$ // c /* c */ = H <l> @r `r` ~ -- \\'
    document = (library() + _paper("t", "a") + f"#par[{markup.text(typed)}]\n"
                + markup.body("<p>&lt;script&gt; <strong>#b</strong></p><table><tr><th>#h</th></tr><tr><td>$1</td></tr></table>"))
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(Typesetter().pdf(document, 0, "hostile"))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert text.startswith(re.sub(r"\s+", "", typed)), text
    assert "<script>#b#h$1" in text


# -- the 编者按 ---------------------------------------------------------------------------------

def test_a_foreword_prints_after_its_label_without_brackets(tmp_path):
    """A foreword of two paragraphs, bold, a link, a heading and a table, as the page's HTML: printed
    as one run after 编者按： (as the page shows it), its own brackets kept, none added, and the table
    after it, not lost."""
    from bulletin.site.paper import markup
    from bulletin.site.paper.documents import _paper, library
    from bulletin.site.paper.typesetter import Typesetter
    html = ('<p>第一段见[附件]，<strong>要点</strong>。</p><h3>小标题</h3><p>第二段<a href="#x">链接</a>。</p>'
            '<table><tr><th>单位</th><th>篇数</th></tr><tr><td>林双县</td><td>3</td></tr></table>')
    run, apart = markup.run_in(html)
    pdf = tmp_path / "foreword.pdf"
    pdf.write_bytes(Typesetter().pdf(library() + _paper("t", "a") + f"#foreword[{run}]\n" + "".join(apart) + "#par[正文。]\n", 0, "t"))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert text.startswith("编者按：第一段见[附件]，要点。小标题第二段链接。单位篇数林双县3正文。"), text


def test_every_foreword_in_the_issue_and_volume_pdfs_reads_as_written(sample_site, sample_archive):
    """Every sample issue with a 编者按 (10 of them) and its year's volume: 编者按： then the text as written, never 编者按：[…]."""
    with_foreword = [issue for issue in sample_archive.content.issues if issue.foreword]
    assert len(with_foreword) == 10
    volumes = {}
    for issue, pdf in issue_pdfs(sample_site, sample_archive):
        if not issue.foreword:
            continue
        written = "编者按：" + re.sub(r"\s+", "", issue.foreword)
        volume = volumes.setdefault((issue.series, issue.year), re.sub(r"\s+", "", subprocess.run(
            ["pdftotext", str(sample_site.root / f"issues/{issue.series}/{issue.year}/{issue.series}-{issue.year}-huibian.pdf"), "-"],
            capture_output=True, text=True).stdout))
        for text in (re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout), volume):
            assert written in text, (pdf.name, written)
            assert "编者按：[" not in text and "。]" not in text, pdf.name


# -- the same bytes ----------------------------------------------------------------------------

@pytest.mark.slow   # two clean builds; the reference build (test_reference.py) holds the site's bytes in the fast lane
def test_the_same_content_gives_the_same_bytes(content, tmp_path):
    made = []
    for name in ("a", "b"):
        result = run_cli("build", "--content", content, "--out", tmp_path / name,
                         env={"BULLETIN_PDF_CACHE": str(tmp_path / f"cache-{name}"), "BULLETIN_CACHE": "off"})
        assert result.returncode == 0, result.stderr
        made.append({p.relative_to(tmp_path / name): p.read_bytes() for p in (tmp_path / name).rglob("*.pdf")})
    assert made[0] == made[1] and len(made[0]) >= 3, sorted(made[0])   # issue, circulars, volume
    info = subprocess.run(["pdfinfo", str(tmp_path / "a/issues/zwxx/2026/1/zwxx-2026-1.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"CreationDate:\s+Mon May 18 00:00:00 2026 UTC", info), "dated by the issue, not the clock"


# -- the circular ------------------------------------------------------------------------------



def test_every_monthly_circular_has_its_pdf_linked(sample_site, sample_board):
    from bulletin.cycle.circular import issued
    circulars = sorted(sample_site.root.glob("leaderboard/*/[01][0-9]/index.html"))
    assert len(circulars) >= 12
    for page in circulars:
        year, month = int(page.parent.parent.name), int(page.parent.name)
        link = sample_site.soup(f"leaderboard/{year}/{month:02d}/").select_one(".bl-pdf a")
        if not issued(sample_board, Period("month", year, month)):   # November, running on the build date (11-25)
            assert (year, month) == (2026, 11) and link is None and not list(page.parent.glob("*.pdf")), page
            continue
        assert link and link["href"] == f"tongbao-{year}-{month:02d}.pdf", page
        pdf = page.parent / link["href"]
        text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
        assert circular_number(sample_board, Period("month", year, month)) in text
        assert f"关于{year}年{month}月信息采用情况的通报" in text and "各报送单位：" in text
        for number in range(1, pages(pdf)):
            last = rows(pdf, number)[-1][1]
            assert not re.match(r"^[一二三四]、|^（[一二三四]）", last), f"{pdf.name}: heading {last} at the foot of page {number}"
            assert "".join(w[4] for w in folio(pdf, number)) == f"—{number}—"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NotoSerifCJKsc-Regular" in fonts, "a 仿宋 (here: its Noto Serif fallback) body, not a sans"


# -- the year's volume -------------------------------------------------------------------------

def test_each_series_year_has_a_volume_with_contents_and_the_issues_as_printed(sample_site, sample_archive):
    """The cover unnumbered; the contents numbered as the volume's pages (— 2 — on the page after the
    cover); each issue keeps its own page numbers from — 1 —, as printed (tests/test_volume.py)."""
    from test_volume import contents
    for series, years in sample_archive.series_years.items():
        for year, issues in years.items():
            link = sample_site.soup(f"issues/{series}/{year}/").select_one(".bl-pdf a")
            assert link and link["href"] == f"{series}-{year}-huibian.pdf"
            pdf = sample_site.root / f"issues/{series}/{year}" / link["href"]
            count = pages(pdf)
            assert folio(pdf, 1) == [], "the cover has no page number"
            listed = dict(contents(pdf))
            starts = []
            for issue in issues:
                number = ("增刊" if issue.supplement else "") + f"第{issue.number}期"
                entry = f"{number}（{cn_date(issue.date).replace(' ', '')}）"
                assert entry in listed, (pdf.name, entry)
                start = listed[entry]
                starts.append(start)
                first = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-f", str(start), "-l", str(start), str(pdf), "-"],
                                                           capture_output=True, text=True).stdout)
                assert sample_archive.settings.series[series].name in first and f"{number}" in first, (pdf.name, entry, start)
                assert cn_date(issue.date) in first
                for item in sample_archive.issue_items(issue):
                    assert listed.get(item.title, 0) >= start, (pdf.name, item.title)
            for page in range(2, starts[0]):   # the contents, and a blank page to make the front even
                assert "".join(w[4] for w in folio(pdf, page)) in (f"—{page}—", ""), (pdf.name, page)
            assert "".join(w[4] for w in folio(pdf, 2)) == "—2—"
            for start, end in zip(starts, starts[1:] + [count + 1]):
                printed = pages(issue_pdf(sample_site.root, issues[starts.index(start)]))
                for page in range(start, start + printed):
                    assert "".join(w[4] for w in folio(pdf, page)) == f"—{page - start + 1}—", (pdf.name, page)
                assert end - start - printed in (0, 1), "at most a blank back page between issues"


def issue_pdf(root: Path, issue) -> Path:
    return root / f"issues/{issue.series}/{issue.year}/{issue.slug}/{issue.series}-{issue.year}-{issue.slug}.pdf"


# -- one design with the reader's 打印 ---------------------------------------------------------

def test_the_print_stylesheet_uses_the_paper_s_measurements():
    """Ctrl+P (bulletin.css, @media print) and the PDFs (measures.py) keep one design: the same
    margins, grid, letter spacing, red and font stacks."""
    from bulletin.site.paper import measures
    css = (ROOT / "theme/assets/stylesheets/bulletin.css").read_text(encoding="utf-8")
    right = re.search(r"@page\s*\{[^}]*margin:\s*([^;]+);", css).group(1).split()
    left = re.search(r"@page :left\s*\{[^}]*?margin:\s*([^;]+);", css).group(1).split()
    assert right == [f"{measures.TOP_MM}mm", f"{measures.OUTER_MM}mm", f"{measures.BOTTOM_MM}mm", f"{measures.BINDING_MM}mm"]
    assert left == [f"{measures.TOP_MM}mm", f"{measures.BINDING_MM}mm", f"{measures.BOTTOM_MM}mm", f"{measures.OUTER_MM}mm"]
    assert right == ["37mm", "26mm", "35mm", "28mm"], "GB/T 9704: 37 mm top, 28 mm binding, 156 x 225 mm block"
    assert f"--bl-line: calc({measures.BLOCK_MM[1]}mm / {measures.LINES})" in css
    assert f"letter-spacing: calc({measures.BLOCK_MM[0]}mm / {measures.CHARS} - {measures.BODY_PT}pt)" in css
    assert f"--bl-red: {measures.RED};" in css

    def stack(name):
        value = re.search(rf"--bl-{name}:\s*([^;]+);", css).group(1)
        return tuple(f.strip().strip('"') for f in value.split(",") if f.strip() != "serif")
    assert stack("fang") == measures.FANG
    assert stack("song") == measures.TITLE
    assert stack("kai") == measures.KAI
    assert stack("kai")[0] == "KaiTi_GB2312" and stack("fang")[0] == "FangSong_GB2312", "the office PCs' GB2312 faces first"
