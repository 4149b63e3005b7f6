"""The build's `url` filter answers exactly as MkDocs' own, on every shape of path."""

import random

from mkdocs.utils import get_relative_url, normalize_url

from bulletin_mkdocs.relative_urls import normalize_url as ours_normalized
from bulletin_mkdocs.relative_urls import relative_url


class _Page:
    def __init__(self, url):
        self.url = url


def test_relative_urls_match_mkdocs_for_random_paths():
    segments = ["a", "b", "items", "x.y", "..", ".", "units", "c d", "index.html", "", "第3期", "#m5", "a?b=1"]
    rng = random.Random(12)
    for _ in range(50_000):
        url = "/".join(rng.choice(segments) for _ in range(rng.randint(0, 5))) + rng.choice(["", "/"])
        page = "/".join(rng.choice(segments) for _ in range(rng.randint(0, 5))) + rng.choice(["", "/"])
        assert relative_url(url, page) == get_relative_url(url, page), (url, page)
        assert ours_normalized(url, _Page(page)) == normalize_url(url, _Page(page)), (url, page)
    for absolute in ("http://x/y", "/abs/", "#top", "mailto:a@b"):
        assert ours_normalized(absolute, _Page("items/x/")) == normalize_url(absolute, _Page("items/x/"))
