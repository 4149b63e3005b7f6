"""Every leaderboard page leads to the rest of the cycle: its period's 撰稿人 ranking, the year's
年度考核 and the 约稿, each link landing on a page that exists. The 稿酬 table names people's pay: it
is off the public site unless bulletin.yml says `publish_fees: true` (finance reads `bulletin fees`)."""

import pytest


def cycle_links(site, url):
    row = site.soup(url).select_one(".bl-cycle")
    return [(a.get_text(strip=True), a["href"]) for a in row.select("a")] if row else []


@pytest.mark.parametrize("url, period", [("leaderboard/2026/", "2026年"), ("leaderboard/2026/q2/", "2026年第二季度"),
                                         ("leaderboard/2026/05/", "2026年5月")])
def test_a_board_page_links_its_periods_authors_and_the_years_assessment(sample_site, url, period):
    links = cycle_links(sample_site, url)
    assert [label for label, _ in links] == [f"{period}撰稿人排名", "2026年度考核", "约稿"]
    here = sample_site.path(url).parent
    targets = [(here / href).resolve().relative_to(sample_site.root.resolve()).as_posix() + "/" for _, href in links]
    assert targets == [f"{url}authors/", "leaderboard/2026/kaohe/", "requests/"]
    for target in targets:
        assert sample_site.path(target).is_file(), target
    assert not sample_site.path(f"{url}fees/").exists()


def test_without_fees_or_requests_the_row_names_only_what_exists(minimal_site):
    labels = [label for label, _ in cycle_links(minimal_site, "leaderboard/")]
    assert labels and all("稿酬" not in label and label != "约稿" for label in labels), labels
