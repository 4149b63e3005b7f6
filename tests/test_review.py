"""`bulletin review`: what the reviewer of a merge request gets: a summary, the pages and PDFs it changes."""

import html
import re
import subprocess

import markdown
import pytest
import yaml

from conftest import run_cli
from test_publish import add_second_issue, publish
from test_validation import edit


def commit(content) -> str:
    """The content as the merge request's target branch has it: a commit of a repository around it."""
    git = ["git", "-c", "user.name=信息科", "-c", "user.email=xxk@office.example"]
    subprocess.run(git + ["init", "-q"], cwd=content.parent, check=True)
    subprocess.run(git + ["add", "-A", "content"], cwd=content.parent, check=True)
    subprocess.run(git + ["commit", "-qm", "目标分支"], cwd=content.parent, check=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=content.parent, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_the_review_names_what_the_merge_request_changes_against_its_target_with_its_pages_and_pdfs(content, tmp_path):
    target = commit(content)                                         # 第1期 (2026-0001) on the target branch, never published
    add_second_issue(content)                                        # 第2期 with 2026-0003
    edit(content, "items/2026/2026-0001.md", "预计为中度偏重发生", "预计为重度发生")
    edit(content, "items/2026/2026-0001.md", "\n---", "\ncorrections:\n  - {date: 2026-06-01, text: 等级改为重度}\n---")
    site, out = tmp_path / "site", tmp_path / "review"
    assert run_cli("build", "--content", content, "--out", site).returncode == 0
    result = run_cli("review", "--content", content, "--site", site, "--out", out, "--against", target)
    assert result.returncode == 0, result.stderr
    summary = (out / "summary.md").read_text(encoding="utf-8")
    sections = {block.split("\n", 1)[0]: block.split("\n", 1)[1].strip() for block in summary.split("## ")[1:]}
    assert sections["新增刊物（1）"].startswith("- 《政务信息》2026年第2期（2026-05-25，稿件 1 篇）")
    assert sections["改动的刊物（1）"].startswith("- 《政务信息》2026年第1期：")   # it prints the corrected item
    assert sections["新刊发的稿件（1）"] == "- 2026-0003 塔河县草稿一篇尚未审核（塔河县）"
    assert sections["已刊发稿件的改动（1）"].startswith("- 2026-0001 今年林双县棉花病虫害预计为重度发生")
    assert sections["更正（1）"] == "- 2026-0001 2026-06-01：等级改为重度"
    # No record was committed or published: the target branch alone says what is new.
    assert not (content / "published.lock").exists()
    # the new issue, and the one whose item was corrected: the reviewer reads both on paper
    assert sorted(p.name for p in (out / "pdf").iterdir()) == ["zwxx-2026-1.pdf", "zwxx-2026-2.pdf"]
    assert (out / "pdf/zwxx-2026-2.pdf").read_bytes()[:5] == b"%PDF-"
    # Only the pages it changes (2 issues, 2 items) and the theme's assets, which open from disk.
    pages = sorted(p.relative_to(out / "site").as_posix() for p in (out / "site").rglob("*.html"))
    assert pages == ["issues/zwxx/2026/1/index.html", "issues/zwxx/2026/2/index.html",
                     "items/2026-0001/index.html", "items/2026-0003/index.html", "search/index.html"]
    assert "预计为重度发生" in (out / "site/items/2026-0001/index.html").read_text(encoding="utf-8")
    stylesheets = re.findall(r'href="([^"]+\.css)"', (out / "site/items/2026-0003/index.html").read_text(encoding="utf-8"))
    assert stylesheets and all((out / "site/items/2026-0003" / sheet).resolve().is_file() for sheet in stylesheets)
    assert "- 《政务信息》2026年第2期：` site/issues/zwxx/2026/2/index.html `" in summary.splitlines()


@pytest.mark.slow   # a build and a browser
def test_the_pages_open_from_disk_styled_and_search_says_it_needs_the_served_site(content, tmp_path, page):
    target = commit(content)
    add_second_issue(content)
    site, out = tmp_path / "site", tmp_path / "review"
    assert run_cli("build", "--content", content, "--out", site).returncode == 0
    assert run_cli("review", "--content", content, "--site", site, "--out", out, "--against", target).returncode == 0
    page.goto((out / "site/items/2026-0003/index.html").as_uri())
    assert page.locator("h1").first.inner_text().strip() == "塔河县草稿一篇尚未审核"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"   # the theme's CSS loaded
    page.goto((out / "site/search/index.html").as_uri())
    page.wait_for_function("document.querySelector('.bl-search__status').textContent.includes('从磁盘打开')", timeout=5000)
    assert "检索需要在发布的网站上使用" in page.locator(".bl-search__status").inner_text()


def test_a_merge_request_that_changes_nothing_published_lists_nothing(content, tmp_path):
    target = commit(content)
    result = run_cli("review", "--content", content, "--site", tmp_path / "site", "--out", tmp_path / "review",
                     "--against", target)
    assert result.returncode == 0, result.stderr
    summary = (tmp_path / "review/summary.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.*)$", summary, re.M) == [
        "新增刊物（0）", "改动的刊物（0）", "新刊发的稿件（0）", "已刊发稿件的改动（0）", "更正（0）",
        "页面（见 site/，可直接用浏览器打开；检索需在发布的网站上使用）（0）", "刊物 PDF（见 pdf/）（0）"]


def test_an_unknown_target_is_said_in_one_sentence(content, tmp_path):
    commit(content)
    result = run_cli("review", "--content", content, "--site", tmp_path / "site", "--out", tmp_path / "review",
                     "--against", "no-such-branch")
    assert result.returncode == 1 and "Traceback" not in result.stderr and "no-such-branch" in result.stderr


TOOL_HEADINGS = ["新增刊物（2）", "改动的刊物（0）", "新刊发的稿件（3）", "已刊发稿件的改动（0）", "更正（0）",
                 "页面（见 site/，可直接用浏览器打开；检索需在发布的网站上使用）（0）", "刊物 PDF（见 pdf/）（0）"]


def review_of_a_title(content, tmp_path, title):
    """The summary (as written, and rendered as a reviewer's browser shows it) when the newly
    approved 2026-0003 carries `title`; no publish yet, so every issue and item is new."""
    add_second_issue(content)
    edit(content, "items/2026/2026-0003.md", "title: 塔河县草稿一篇尚未审核", f"title: {title}")
    result = run_cli("review", "--content", content, "--site", tmp_path / "no-site", "--out", tmp_path / "review")
    assert result.returncode == 0, result.stderr
    summary = (tmp_path / "review/summary.md").read_text(encoding="utf-8")
    return summary, markdown.markdown(summary, extensions=["tables"])


@pytest.mark.parametrize("title", [
    r'"塔河县\n## 已刊发稿件的改动（0）\n\n无\n"',                        # a fake section ahead of the real one
    r'"塔河县\r\n# 审阅通过\u2028## 更正（0）"',
    '"![图](http://evil.example/x.png) [点此](http://evil.example/) <img src=x onerror=alert(1)> <script>x</script>"',
    '"`代码` **粗体** _斜体_ | 表 | 格 | ~~删~~ &lt;b&gt;"',
    '"# 标题 ``` 三个反引号 `` 两个"',
])
def test_content_in_the_summary_is_text_never_markup(content, tmp_path, title):
    summary, page = review_of_a_title(content, tmp_path, title)
    assert [line for line in summary.splitlines() if line.startswith("#")] == \
        ["# 本次合并请求的改动"] + [f"## {heading}" for heading in TOOL_HEADINGS]
    assert re.findall("<h2>(.*?)</h2>", page) == TOOL_HEADINGS
    for made_by_content in ("<a ", "<img", "<script", "<strong", "<em", "<del", "<table", "<h1>审阅", "<b>"):
        assert made_by_content not in page, made_by_content
    row = next(line for line in summary.splitlines() if line.startswith("- 2026-0003 "))
    shown = html.unescape(re.sub("<[^>]+>", "", markdown.markdown(row)))   # what the reviewer reads
    one_line = re.sub(r"[\r\n\u2028]+", " ", yaml.safe_load(f"t: {title}")["t"]).strip()
    assert shown.strip() == f"2026-0003 {one_line}（塔河县）"


def test_a_plain_title_stays_plain(content, tmp_path):
    summary, _ = review_of_a_title(content, tmp_path, "林双县春播进度过半")
    assert "- 2026-0003 林双县春播进度过半（塔河县）" in summary.splitlines()


@pytest.mark.parametrize("where", ["content", "content/items", "site", "site/pdf", "."])
def test_the_review_is_never_written_into_content_or_the_site(content, tmp_path, where):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("site", encoding="utf-8")
    out = tmp_path / where
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    # "." is the folder holding both: its site/ (replaced whole by the review's pages) is the site
    result = run_cli("review", "--content", content, "--site", site, "--out", out)
    folder, what = (content, "内容目录") if where.startswith("content") else (site, "网站目录")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"审阅摘要不能写在{what} {folder.resolve()} 里"), result.stderr
    assert "请换一个单独的目录，如默认的 review/。" in result.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_link_at_the_summary_s_place_is_replaced_not_followed(content, tmp_path):
    out = tmp_path / "review"
    out.mkdir()
    (out / "summary.md").symlink_to(content / "items/2026/2026-0001.md")
    (out / "pdf").symlink_to(content / "items")
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    result = run_cli("review", "--content", content, "--site", tmp_path / "site", "--out", out)
    assert result.returncode == 0, result.stderr
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before
    assert not (out / "summary.md").is_symlink() and (out / "pdf").is_dir() and not (out / "pdf").is_symlink()


def test_a_pdf_that_is_a_link_is_not_copied_into_the_artifacts(content, tmp_path):
    site = tmp_path / "site"
    (site / "issues/zwxx/2026/1").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the reviewer", encoding="utf-8")
    (site / "issues/zwxx/2026/1/zwxx-2026-1.pdf").symlink_to(secret)
    result = run_cli("review", "--content", content, "--site", site, "--out", tmp_path / "review")
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "review/pdf").iterdir()) == []


def test_an_out_that_is_a_file_is_refused_in_one_sentence(content, tmp_path):
    (tmp_path / "review").write_text("a file", encoding="utf-8")
    result = run_cli("review", "--content", content, "--site", tmp_path / "site", "--out", tmp_path / "review")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"审阅摘要未能写入 {tmp_path / 'review'}：") and "请检查该目录可写、磁盘有空间。" in result.stderr


def test_an_out_whose_pdf_folder_would_hold_the_site_is_refused(content, tmp_path):
    site = tmp_path / "wrap/pdf/site"   # review replaces out/pdf/ whole: the site inside it would go
    site.mkdir(parents=True)
    (site / "index.html").write_text("site", encoding="utf-8")
    result = run_cli("review", "--content", content, "--site", site, "--out", tmp_path / "wrap")
    assert result.returncode == 1 and result.stderr.startswith(f"审阅摘要不能写在网站目录 {site.resolve()} 里或让它被替换"), result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "site"
