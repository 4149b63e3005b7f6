"""Charts say nothing rather than something false (issue 31, point 11)."""

from bs4 import BeautifulSoup

from bulletin.site.charts import bar_chart


def test_bars_all_zero_draw_no_chart_and_no_scale():
    html = BeautifulSoup(str(bar_chart([("甲县", 0.0), ("乙县", 0.0), ("丙县", -2.0)], "县市区 · 2026年12月得分排名")), "html.parser")
    assert not html.select("svg, rect")
    assert "最高" not in html.get_text()                     # was: 最高 1.0 分 over bars all 0.0
    assert html.get_text(strip=True) == "县市区 · 2026年12月得分排名：没有得正分的，不画图。"


def test_a_positive_bar_sets_the_scale_it_names():
    html = BeautifulSoup(str(bar_chart([("甲县", 6.5), ("乙县", 0.0), ("丙县", -2.0)], "得分排名")), "html.parser")
    assert [rect["width"] for rect in html.select("rect")] == ["55.00%", "0.00%", "0.00%"]   # 6.5 is the longest (55%)
    assert "最长的横条为最高 6.5 分；负分不画横条" in html.select_one(".bl-figure__note").get_text()
