"""The reader's 打印 against the PDF: Debian's Chromium prints the issue and the circular pages (as
a reader's Ctrl+P does, @media print), poppler reads the printed PDF back, and the tests measure what
the PDF sets (tests/test_paper_gbt9704.py measures the PDFs themselves).

The browser cannot put the 版记 at the foot of the last page, nor break lines where Typst does, so
the pages no longer say "也可直接打印本页，版式相同": they offer the PDF for printing. What the
browser does print must still read as the document: titles bold as in the PDF, the circular's
署名 and 成文日期 where GB/T 9704 7.3.5.2 puts them, and nothing of the site (另见, 下载, the rules)
after them.

Chromium's text comes back with some characters as their Kangxi radical look-alikes (⾏ for 行):
text is compared after NFKC. Figures: the block's right edge on an odd page is 210 - 26 = 184 mm
= 521.57 pt, on an even one 182 mm = 515.91 pt; its centre 300.47 / 294.80 pt; 二字 = 2 x 15.79 pt.
"""

import re
import subprocess
import unicodedata

from test_paper_gbt9704 import BOTTOM, CELL, Text, centre, page_count, right, texts

from conftest import OUTPUT


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def printed(page, url: str, name: str):
    page.goto(url, wait_until="networkidle")
    OUTPUT.mkdir(exist_ok=True)
    pdf = OUTPUT / f"print-{name}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    return pdf


def lines(pdf, page_number: int) -> list[Text]:
    """One page's runs joined into lines (Chromium splits a line where it falls back to another font):
    runs whose tops are within 3 pt, left to right."""
    groups: list[list[Text]] = []
    for run in (t for t in texts(pdf) if t.page == page_number):
        same = next((group for group in groups if abs(group[0].top - run.top) < 3), None)
        if same is None:
            groups.append([run])
        else:
            same.append(run)
    joined = []
    for group in groups:
        group.sort(key=lambda run: run.x0)
        first = group[0]
        joined.append(Text(first.page, first.x0, min(r.top for r in group), max(r.x1 for r in group), max(r.bottom for r in group),
                           nfkc("".join(r.text for r in group)), max(r.size for r in group), first.family, first.colour,
                           all(r.bold for r in group)))
    return sorted(joined, key=lambda line: line.top)


def squashed(pdf) -> str:
    return nfkc(re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout))


def test_the_pages_offer_the_pdf_for_printing_and_no_longer_claim_the_same_layout(sample_site):
    for url, pdf in (("issues/zwxx/2026/3/", "zwxx-2026-3.pdf"), ("leaderboard/2026/10/", "tongbao-2026-10.pdf")):
        offer = sample_site.soup(url).select_one(".bl-pdf")
        assert offer.a["href"] == pdf and (sample_site.path(url).parent / pdf).is_file()
        assert "打印请用 PDF" in offer.get_text(), offer
    for page in sample_site.pages():
        assert "版式相同" not in page.read_text(encoding="utf-8"), page
    assert "版式与 PDF 相同" not in sample_site.text("help/")


def test_a_printed_issue_sets_its_titles_bold_as_its_pdf(page, sample_url, sample_site, sample_archive):
    issue = next(i for i in sample_archive.content.issues if (i.series, i.year, i.number) == ("zwxx", 2026, 3))
    pdf = printed(page, sample_url + "issues/zwxx/2026/3/", "issue")
    typeset = sample_site.root / "issues/zwxx/2026/3/zwxx-2026-3.pdf"
    for title in (item.title for item in sample_archive.issue_items(issue)):
        for document in (pdf, typeset):
            big = [line for n in range(1, page_count(document) + 1) for line in lines(document, n)
                   if line.size >= 20 and line.text in title]
            assert big and all(line.bold for line in big), (document.name, title, big)
    text = squashed(pdf)
    assert not any(chrome in text for chrome in ("下载本期", "打印请用", "往期刊物", "上一期")), "no site chrome"


def test_a_printed_circular_ends_with_its_signature_placed_as_gbt_9704_says(page, sample_url, sample_archive):
    pdf = printed(page, sample_url + "leaderboard/2026/10/", "circular")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(OUTPUT / "print-circular-page1")],
                   check=True)
    text = squashed(pdf)
    for site in ("另见", "下载", "各年度", "计分规则", "每个事件按其发生当日"):
        assert site not in text, f"{site} printed with the circular"
    first = lines(pdf, 1)
    title = next(line for line in first if line.text == "关于2026年10月信息采用情况的通报")
    assert title.bold and abs((title.x0 + title.x1) / 2 - centre(1)) < 3, title
    last = page_count(pdf)
    on_last = lines(pdf, last)
    office = next(line for line in on_last if line.text == sample_archive.settings.publisher)
    date = next(line for line in on_last if line.text == "2026年10月31日")
    assert all(line.top > BOTTOM for line in on_last if line.top > date.top), "the date ends the document"
    assert abs(office.x1 - (right(last) - 2 * CELL)) < 2.5, (office.x1, right(last) - 2 * CELL)
    assert abs(date.x0 - (office.x0 + 2 * CELL)) < 2.5, (date.x0, office.x0 + 2 * CELL)
    assert 24 < date.top - office.top < 32, "the date on the line under the office"
    assert office.x0 > centre(last) and date.x0 > centre(last)


def test_a_printed_item_page_sets_its_title_bold_as_the_issue_pdf(page, sample_url, sample_archive):
    """An item printed from its own page: its 2号 title bold and centred, as in the issue's PDF
    (Material's h1 is weight 300 and flush left)."""
    item = sample_archive.content.items["2026-0034"]
    pdf = printed(page, sample_url + "items/2026-0034/", "item")
    title = [line for line in lines(pdf, 1) if line.size == 22 and line.text in item.title]
    assert "".join(line.text for line in title) == item.title, title
    for line in title:
        assert line.bold and abs((line.x0 + line.x1) / 2 - centre(1)) < 3, line
