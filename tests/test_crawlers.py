"""What the site tells the intranet's crawler: robots.txt as bulletin.yml's `site: robots:` says,
and each page's sitemap lastmod from the content it shows, not the build's date."""

import re

from conftest import SITE_URL, build_site
from test_validation import edit


def sitemap(site):
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    return dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", xml))


def test_lastmod_is_the_newest_content_date_a_page_shows_and_robots_lets_the_crawler_in(content, tmp_path):
    site = build_site(content, tmp_path / "site", pdf=False)      # built on 2026-11-25 (the reference build's date)
    dated = sitemap(site)
    assert dated[SITE_URL + "items/2026-0001/"] == "2026-05-13"      # dated 05-12, forwarded to the province 05-13
    assert dated[SITE_URL + "items/2026-0002/"] == "2026-03-02"      # its date alone
    assert dated[SITE_URL + "issues/zwxx/2026/1/"] == "2026-05-18"   # the issue's date, after its items' 05-13 and 03-02
    assert dated[SITE_URL + "units/"] == "2026-05-18"                # an index: the archive's newest date
    # Only the product's own pages (pages/help.md, editors.md: no content date) keep the build's
    assert {url for url, day in dated.items() if day == "2026-11-25"} == {SITE_URL + "help/", SITE_URL + "editors/"}
    assert (site / "robots.txt").read_text(encoding="utf-8") == f"User-agent: *\nDisallow:\n\nSitemap: {SITE_URL}sitemap.xml\n"


def test_a_correction_dates_its_item_and_issue_and_deny_keeps_every_crawler_out(content, tmp_path):
    edit(content, "items/2026/2026-0001.md", "\n---", "\ncorrections:\n  - {date: 2026-06-01, text: 等级改为重度}\n---")
    edit(content, "bulletin.yml", "publisher:", "site:\n  robots: deny\npublisher:")
    site = build_site(content, tmp_path / "site", pdf=False)
    dated = sitemap(site)
    assert dated[SITE_URL + "items/2026-0001/"] == dated[SITE_URL + "issues/zwxx/2026/1/"] == "2026-06-01"
    assert dated[SITE_URL + "items/2026-0002/"] == "2026-03-02"
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
