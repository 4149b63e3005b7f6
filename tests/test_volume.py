"""The year's volume (年度汇编) joined from the issues' own PDFs (bulletin/site/paper/volume.py), read
back with poppler (pdftotext, pdfinfo): the cover, the contents, then every issue's pages as the
issue's PDF prints them, in the year's order; the contents' page numbers land on the right pages;
and a change to one issue typesets that issue and the volume's front, nothing else.

The truth is worked out here from the issue PDFs alone: the volume's front (cover and contents) is
made even by a blank page, and every issue starts on a right-hand (odd) page, so issue k starts on
page front + sum over the issues before it of (their pages rounded up to even) + 1.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from bulletin.labels import cn_date
from conftest import ROOT, SAMPLE, SITE_URL, run_cli
from testsupport.reference import BUILD_DATE


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = ["-f", str(first), "-l", str(last or first)] if first else []
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def page_texts(pdf: Path) -> list[str]:
    """Every page's text from one pdftotext run (it ends each page with a form feed), the same text
    as page by page: a process a PDF, not one a page for every title looked for."""
    return text(pdf).split("\f")[:-1]


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def issue_pdf(site: Path, issue) -> Path:
    return site / f"issues/{issue.series}/{issue.year}/{issue.slug}/{issue.series}-{issue.year}-{issue.slug}.pdf"


def contents(pdf: Path) -> list[tuple[str, int]]:
    """(entry, page) of every contents line, in order: 第N期（date） and item titles with their page.
    A title that fills its line leaves the leader no room: its number follows it and the leader's
    dot falls on a line of its own."""
    listed, pending, page = [], "", 2
    while True:
        found = False
        lines = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                               capture_output=True, text=True).stdout.splitlines()
        for n, line in enumerate(lines):
            entry = re.match(r"^\s*(.+?)\s*(?:\.\s*)+(\d+)\s*$", line)
            flat = squashed(line)
            if n + 1 < len(lines) and re.fullmatch(r"[.\s]+", lines[n + 1]) and re.search(r"\D\d+$", flat):
                entry = re.match(r"^\s*(.+?)()(\d+)$", flat)
            if re.fullmatch(r"\.+", flat):
                continue
            if not entry and pending and flat.isdigit():   # the number wrapped alone
                listed.append((pending.rstrip("."), int(flat)))
                pending, found = "", True
            elif entry:
                listed.append((pending + squashed(entry.group(1)), int(entry.group(entry.lastindex))))
                pending, found = "", True
            elif flat and flat != "目录" and not flat.startswith("—"):
                pending += flat
        if not found:
            return listed
        page += 1


def volumes(archive):
    for series, years in archive.series_years.items():
        for year, issues in years.items():
            yield series, year, issues


def test_the_volume_is_the_cover_the_contents_then_each_issue_as_printed(sample_site, sample_archive):
    for series, year, issues in volumes(sample_archive):
        pdf = sample_site.root / f"issues/{series}/{year}/{series}-{year}-huibian.pdf"
        whole = squashed(text(pdf))
        printed = "".join(squashed(text(issue_pdf(sample_site.root, issue))) for issue in issues)
        assert whole.endswith(printed), (pdf.name, "the issues' text, in order, closes the volume")
        front = whole[: len(whole) - len(printed)]
        name = sample_archive.settings.series[series].name
        assert front.startswith(f"{name}{year}年汇编"), front[:40]
        assert "目录" in front and front.index("目录") > front.index("共"), "the cover, then the contents"
        numbers = [("增刊" if i.supplement else "") + f"第{i.number}期（{cn_date(i.date)}）" for i in issues]
        places = [front.find(number) for number in numbers]
        assert -1 not in places and places == sorted(places), (pdf.name, numbers, places)
        # the pages: front (even), then each issue's pages, a blank after an odd-length issue but the last
        counts = [page_count(issue_pdf(sample_site.root, issue)) for issue in issues]
        front_pages = page_count(pdf) - sum(c + c % 2 for c in counts[:-1]) - counts[-1]
        assert front_pages >= 2 and front_pages % 2 == 0, (pdf.name, front_pages)
    # 《政务信息》2026: 18 issues on the cover as the office counts them
    cover = squashed(text(sample_site.root / "issues/zwxx/2026/zwxx-2026-huibian.pdf", 1))
    assert "第1期至第17期，共18期（含增刊1期）" in cover, cover


def test_the_contents_page_numbers_point_to_each_issue_and_item(sample_site, sample_archive):
    checked = 0
    for series, year, issues in volumes(sample_archive):
        pdf = sample_site.root / f"issues/{series}/{year}/{series}-{year}-huibian.pdf"
        listed = contents(pdf)
        counts = [page_count(issue_pdf(sample_site.root, issue)) for issue in issues]
        front = page_count(pdf) - sum(c + c % 2 for c in counts[:-1]) - counts[-1]
        expected, start = [], front + 1
        for issue, count in zip(issues, counts):
            expected.append((("增刊" if issue.supplement else "") + f"第{issue.number}期（{cn_date(issue.date)}）", start))
            pages = [squashed(page) for page in page_texts(issue_pdf(sample_site.root, issue))]
            assert len(pages) == count, issue
            for item in sample_archive.issue_items(issue):
                # the page of the issue's PDF where the item's title stands over its byline （红旗乡）;
                # the 本期目录 before the items lists it the same way (1．title（unit）): the last one is the item's
                head = squashed(item.title + "（" + "、".join(sample_archive.unit_name(u) for u in item.units) + "）")
                page = [p for p in range(1, count + 1) if head in pages[p - 1]][-1]
                expected.append((squashed(item.title), start + page - 1))
            start += count + count % 2
        assert listed == expected, (pdf.name, [(a, b) for a, b in zip(listed, expected) if a != b][:3])
        in_volume = page_texts(pdf)
        assert len(in_volume) == page_count(pdf)
        for entry, page in listed:   # and the page itself, read in the volume, shows it
            assert entry.split("（")[0] in squashed(in_volume[page - 1]), (pdf.name, entry, page)
            checked += 1
    assert checked >= 41 + 150, checked   # every issue and item of the sample


def test_every_issue_starts_on_a_right_hand_page_with_its_own_page_numbers(sample_site, sample_archive):
    """Kept as printed: issue pages carry the issue's folios (— 1 — on its first page), not the volume's."""
    for series, year, issues in volumes(sample_archive):
        pdf = sample_site.root / f"issues/{series}/{year}/{series}-{year}-huibian.pdf"
        in_volume = page_texts(pdf)
        for entry, page in contents(pdf):
            if re.match(r"^(增刊)?第\d+期（", entry):
                assert page % 2 == 1, (pdf.name, entry, page)
                lines = [squashed(line) for line in in_volume[page - 1].splitlines() if line.strip()]
                assert lines[-1] == "—1—", (pdf.name, entry, lines[-1])


# Put in every Python process of the build (the CLI runs MkDocs in a child): each typesetting logged.
COUNTING = """
import os
if os.environ.get("TYPESET_LOG"):
    from bulletin.site.paper.typesetter import Typesetter
    plain = Typesetter.pdf
    def counted(self, document, timestamp, name=""):
        with open(os.environ["TYPESET_LOG"], "a", encoding="utf-8") as log:
            log.write(name + "\\n")
        return plain(self, document, timestamp, name)
    Typesetter.pdf = counted
"""


def test_a_change_to_one_issue_typesets_that_issue_and_the_volume_front_only(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    log = tmp_path / "typeset.log"
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook/sitecustomize.py").write_text(COUNTING, encoding="utf-8")
    env = {"BULLETIN_PDF_CACHE": str(tmp_path / "pdf-cache"), "TYPESET_LOG": str(log),
           "PYTHONPATH": os.pathsep.join([str(tmp_path / "hook"), str(ROOT)]),
           "SOURCE_DATE_EPOCH": "1796601600"}   # built on 2026-12-07: December still runs, so it has no circular PDF

    def build(out: str) -> list[str]:
        log.write_text("")
        result = run_cli("build", "--content", content, "--out", tmp_path / out, env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        return log.read_text(encoding="utf-8").split()

    first = build("a")
    assert len(first) == 41 + 23 + 4, len(first)   # 41 issues, 23 circulars (2025's 12, 2026's January-November), 4 volume fronts
    item = content / "items/2026/2026-0013.md"      # in 《政务信息》2026年第3期
    item.write_text(item.read_text(encoding="utf-8") + "\n这一句为测试汇编而加。\n", encoding="utf-8")
    assert sorted(build("b")) == sorted(["《政务信息》2026年第3期", "《政务信息》2026年汇编"])
    volume = tmp_path / "b/issues/zwxx/2026/zwxx-2026-huibian.pdf"
    assert "这一句为测试汇编而加。" in squashed(text(volume))
    assert (tmp_path / "a/issues/zwxx/2025/zwxx-2025-huibian.pdf").read_bytes() == \
        (tmp_path / "b/issues/zwxx/2025/zwxx-2025-huibian.pdf").read_bytes(), "another year's volume untouched"
    assert build("c") == [], "nothing changed: nothing typeset"
    assert volume.read_bytes() == (tmp_path / "c/issues/zwxx/2026/zwxx-2026-huibian.pdf").read_bytes()


def test_the_same_issues_give_the_same_volume_bytes(sample_site, tmp_path):
    """The session's sample build is one typesetting; a second, in a process of its own with an empty
    PDF cache and no page cache (so nothing is reused from the first), on the same build date."""
    result = run_cli("build", "--content", SAMPLE, "--out", tmp_path / "again", "--site-url", SITE_URL,
                     env={**BUILD_DATE, "BULLETIN_PDF_CACHE": str(tmp_path / "pdf-cache"), "BULLETIN_CACHE": "off"})
    assert result.returncode == 0, result.stderr
    made = [{p.name: p.read_bytes() for p in root.rglob("*-huibian.pdf")} for root in (sample_site.root, tmp_path / "again")]
    assert made[0] == made[1] and len(made[0]) == 4
