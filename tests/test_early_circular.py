"""A circular issued early (bulletin.yml's early_circulars) keeps the figures of its date: built on
that day and again a week later with a new item in the month, its page and PDF are the same, and the
month's figures since are on its own page (leaderboard/<year>/<month>/zuixin/)."""

import shutil

from bs4 import BeautifulSoup

from conftest import SAMPLE, run_cli
from test_leaderboard_site import page_tables

NEW_ITEM = """---
id: 2026-0085
title: 行署信访局推行信访事项全程网上办理
unit: xinfang
authors: [古丽]
category: 动态
topics: [petition]
date: 2026-11-24
status: approved
approved_by: 张建国
events:
  - {type: forwarded, level: state, date: 2026-11-24}
---
11月，行署信访局推行信访事项全程网上办理。
"""


class Built:
    def __init__(self, root):
        self.root = root

    def soup(self, url):
        return BeautifulSoup((self.root / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def build(content, out, epoch: str) -> Built:
    result = run_cli("build", "--content", content, "--out", out, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(out)


def xinfang(tables) -> dict:
    return next(row for row in tables["行署部门"] if row["单位"] == "信访局")


def test_an_early_circular_keeps_its_date_s_figures_and_the_month_runs_on(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    settings = content / "bulletin.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nearly_circulars: [2026-11-20]\n", encoding="utf-8")
    first = build(content, tmp_path / "on-the-20th", "1795132800")            # 2026-11-20
    (content / "items/2026/2026-0085.md").write_text(NEW_ITEM, encoding="utf-8")
    later = build(content, tmp_path / "on-the-27th", "1795737600")            # 2026-11-27

    circular, latest = "leaderboard/2026/11", "leaderboard/2026/11/zuixin"
    issued = [site.soup(circular).select_one("article.bl-circular") for site in (first, later)]
    assert issued[0].select_one(".bl-circular__number").get_text(strip=True) == "巴署办信〔2026〕11号"
    assert issued[0].select_one(".bl-circular__sign time")["datetime"] == "2026-11-20"
    assert issued[0].get_text(" ", strip=True) == issued[1].get_text(" ", strip=True)   # not a figure moved
    assert "2026-0085" not in str(issued[1]) and "信访事项全程网上办理" not in str(issued[1])
    pdf = "leaderboard/2026/11/tongbao-2026-11.pdf"
    assert (first.root / pdf).read_bytes() == (later.root / pdf).read_bytes()
    banner = later.soup(circular).select_one(".bl-provisional").get_text(strip=True)
    assert banner.startswith("本通报按设置于2026年11月20日提前印发，所列数字截至2026年11月20日，印发后不再变动")

    # the month as it stands on the 27th: the new item's 上报 to 国家级 is 10 points (2026 rules, forwarded state: 10)
    as_issued, now = xinfang(page_tables(first, circular)), xinfang(page_tables(later, latest))
    assert int(now["上报"]) == int(as_issued["上报"]) + 1
    assert float(now["得分"]) == float(as_issued["得分"]) + 10
    page = later.soup(latest)
    assert page.h1.get_text(strip=True) == "2026年11月最新情况" and page.select_one(".bl-circular__number") is None
    assert page.select_one(".bl-circular__asof time")["datetime"] == "2026-11-27"
    assert "截至2026年11月27日（暂未结束）" in page.select_one(".bl-provisional").get_text(strip=True)
    assert not (later.root / latest / "tongbao-2026-11.pdf").exists()
