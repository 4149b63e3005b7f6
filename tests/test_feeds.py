"""Atom feeds are valid per RFC 4287 and list the newest issues; `latest` pages lead to the newest issue."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import pytest

from conftest import SITE_URL

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[a-z][a-z0-9+.-]*:\S+$")


def only(parent, tag):
    found = parent.findall(A + tag)
    assert len(found) == 1, f"{parent.tag} must have exactly one {tag}, has {len(found)}"
    return found[0]


def assert_atom(root):
    """The constraints of RFC 4287 sections 3, 4.1.1 and 4.1.2 a feed reader depends on."""
    assert root.tag == A + "feed"
    assert IRI.match(only(root, "id").text)
    assert only(root, "title").text
    assert RFC3339.match(only(root, "updated").text)
    assert root.find(A + "author/" + A + "name").text  # no entry has its own author
    alternates = [link for link in root.findall(A + "link") if link.get("rel", "alternate") == "alternate"]
    assert len({(link.get("type"), link.get("hreflang")) for link in alternates}) == len(alternates)
    ids = []
    for entry in root.findall(A + "entry"):
        ids.append(only(entry, "id").text)
        assert IRI.match(ids[-1])
        assert only(entry, "title").text
        assert RFC3339.match(only(entry, "updated").text) and RFC3339.match(only(entry, "published").text)
        assert len([link for link in entry.findall(A + "link") if link.get("rel") == "alternate"]) == 1
        assert only(entry, "content").get("type") == "html"
    assert len(ids) == len(set(ids))


def local(site, url):
    """The file a feed link (absolute, under SITE_URL) stands for."""
    assert url.startswith(SITE_URL), url
    return site.path(url[len(SITE_URL):] or "/")


@pytest.mark.parametrize("series", [None, "zwxx", "qkfy"])
def test_feeds_are_atom_listing_the_newest_issues_with_their_items(sample_site, sample_archive, series):
    path = "feed.xml" if series is None else f"issues/{series}/feed.xml"
    root = ET.parse(sample_site.root / path).getroot()
    assert_atom(root)
    issues = sample_archive.issues_newest_first if series is None else sample_archive.series_issues[series][::-1]
    entries = root.findall(A + "entry")
    assert len(entries) == min(50, len(issues))
    self_link = next(link for link in root.findall(A + "link") if link.get("rel") == "self")
    assert self_link.get("href") == SITE_URL + path
    for entry, issue in zip(entries, issues):
        link = entry.find(A + "link").get("href")
        assert local(sample_site, link).is_file()
        assert f"{issue.year}年第{issue.number}期" in entry.find(A + "title").text or issue.supplement
        content = ET.fromstring(f"<div>{entry.find(A + 'content').text}</div>")
        titles = [a.text for a in content.iter("a")]
        assert titles == [sample_archive.items[i].title for i in issue.item_ids]
        for a in content.iter("a"):
            assert local(sample_site, a.get("href")).is_file()


@pytest.mark.slow   # a second build of the sample
def test_entry_ids_do_not_depend_on_the_site_address(sample_site, tmp_path):
    from conftest import SAMPLE, build_site
    other = build_site(SAMPLE, tmp_path / "site", site_url="https://elsewhere.example/")
    ids = lambda root: [e.text for e in ET.parse(root / "feed.xml").getroot().iter(A + "id")]  # noqa: E731
    assert ids(sample_site.root) == ids(other)


@pytest.mark.parametrize("where", ["latest/", "issues/zwxx/latest/", "issues/qkfy/latest/"])
def test_latest_leads_to_the_newest_issue(sample_site, sample_archive, where):
    series = where.split("/")[1] if where.startswith("issues/") else None
    newest = sample_archive.issues_newest_first[0] if series is None else sample_archive.latest_issue(series)
    soup = sample_site.soup(where)
    refresh = soup.select_one('meta[http-equiv="refresh"]')["content"]
    target = refresh.split("url=", 1)[1]
    assert soup.select_one("body a")["href"] == target
    resolved = urljoin(SITE_URL + where, target)
    assert resolved == f"{SITE_URL}issues/{newest.series}/{newest.year}/{newest.slug}/"
    assert local(sample_site, resolved).is_file()


def test_every_page_announces_the_feeds(sample_site):
    from bs4 import BeautifulSoup
    wanted = {SITE_URL + "feed.xml", SITE_URL + "issues/zwxx/feed.xml", SITE_URL + "issues/qkfy/feed.xml"}
    pages = [p for p in sample_site.pages() if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]  # not the latest/ redirects
    assert len(pages) > 100
    for path in pages:
        url = SITE_URL + path.relative_to(sample_site.root).as_posix()
        links = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(
            'head link[rel~="alternate"][type="application/atom+xml"]')   # rel is a list of words
        found = {urljoin(url, link["href"]) for link in links}
        assert found == wanted, path
    assert all((sample_site.root / feed[len(SITE_URL):]).is_file() for feed in wanted)
    links = sample_site.soup("/").select('link[type="application/atom+xml"]')
    titles = [link["title"] for link in links]
    assert links[0]["rel"] == ["alternate"] and links[0]["href"] == "./feed.xml"   # the site's feed, as feed readers look for it
    assert titles[1:] == ["《政务信息》", "《情况反映》"] and titles[0].endswith("刊物")


def test_a_correction_updates_its_issue_s_entry(content, tmp_path):
    from conftest import Site, build_site
    item = content / "items/2026/2026-0001.md"
    item.write_text(item.read_text(encoding="utf-8").replace(
        "\n---", "\ncorrections:\n  - {date: 2026-06-03, text: 更正了病虫害等级}\n---", 1), encoding="utf-8")
    site = Site(build_site(content, tmp_path / "site", pdf=False))
    root = ET.parse(site.root / "issues/zwxx/feed.xml").getroot()
    entry = root.find(A + "entry")   # 第1期 of 2026-05-18, whose item 2026-0001 was corrected on 2026-06-03
    assert only(entry, "published").text == "2026-05-18T00:00:00+08:00"
    assert only(entry, "updated").text == "2026-06-03T00:00:00+08:00"
    assert only(root, "updated").text == "2026-06-03T00:00:00+08:00"
