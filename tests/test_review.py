"""`bulletin review`: what the reviewer of a merge request gets beside the built site."""

from conftest import run_cli
from test_publish import add_second_issue, publish
from test_validation import edit


def test_the_review_names_what_the_merge_request_adds_and_changes_and_carries_their_pdfs(content, tmp_path):
    assert publish(content, tmp_path / "www").returncode == 0      # 第1期 published: the record is committed
    add_second_issue(content)                                        # 第2期 with 2026-0003
    edit(content, "items/2026/2026-0001.md", "预计为中度偏重发生", "预计为重度发生")
    edit(content, "items/2026/2026-0001.md", "\n---", "\ncorrections:\n  - {date: 2026-06-01, text: 等级改为重度}\n---")
    site, out = tmp_path / "review/site", tmp_path / "review"
    assert run_cli("build", "--content", content, "--out", site).returncode == 0
    result = run_cli("review", "--content", content, "--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    summary = (out / "summary.md").read_text(encoding="utf-8")
    sections = {block.split("\n", 1)[0]: block.split("\n", 1)[1].strip() for block in summary.split("## ")[1:]}
    assert sections["新增刊物（1）"].startswith("- 《政务信息》2026年第2期（2026-05-25，稿件 1 篇）")
    assert sections["新刊发的稿件（1）"] == "- 2026-0003 塔河县草稿一篇尚未审核（塔河县）"
    assert sections["已刊发稿件的改动（1）"].startswith("- 2026-0001 今年林双县棉花病虫害预计为重度发生")
    assert sections["更正（1）"] == "- 2026-0001 2026-06-01：等级改为重度"
    # the new issue, and the published one whose item was corrected: the reviewer reads both on paper
    assert sorted(p.name for p in (out / "pdf").iterdir()) == ["zwxx-2026-1.pdf", "zwxx-2026-2.pdf"]
    assert (out / "pdf/zwxx-2026-2.pdf").read_bytes()[:5] == b"%PDF-"
