"""What the site tells the intranet's crawler: robots.txt as bulletin.yml's `site: robots:` says,
and each page's sitemap lastmod from the content it shows, not the build's date."""

import re

import pytest

from conftest import ROOT, SITE_URL, build_site
from test_validation import edit


def sitemap(site):
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    return dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", xml))


def test_lastmod_is_the_newest_content_date_a_page_shows_and_robots_lets_the_crawler_in(minimal_site):
    site = minimal_site.root      # the minimal bulletin built once a run on 2026-11-25 (the reference build's date)
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


@pytest.mark.parametrize("site_url", [None, "http://intranet.example/", "http://intranet.example/bulletin",
                                      "https://内网.example/政务信息/", "http://intranet.example/?from=portal"])
def test_sitemap_urls_are_those_mkdocs_gives_its_pages(site_url):
    """The sitemap's entries for pages rendered outside MkDocs' loop are made without a MkDocs Page
    each (a second at 5,000 items): their addresses are still the ones a Page would have."""
    from mkdocs.config import load_config
    from bulletin.site.pages.spec import PageSpec
    from bulletin_mkdocs.page_writer import SitemapPages, planned_page
    config = load_config(str(ROOT / "mkdocs.yml"), site_url=site_url)
    config.plugins._current_plugin = "bulletin"   # as while a plugin's event runs
    pages = SitemapPages(config.site_url)
    for url in ("", "units/linshuang/", "issues/zwxx/2026/zk1/", "units/x/page/2/", "topics/防汛/", "a b/", "x/../"):
        spec = PageSpec(url, "bulletin/listing.html", "标题")
        mkdocs, ours = planned_page(config, spec), pages.page(spec)
        assert (ours.canonical_url, ours.abs_url, ours.is_link) == (mkdocs.canonical_url, mkdocs.abs_url, False), url
