#!/usr/bin/env python3
"""Search quality for Chinese: does Pagefind find the items that contain a word?

For each word of a list of 2-4 character words taken from the items' own subjects, compare the
items Pagefind returns in headless Chromium with the items whose title or body contains the word.
Segmentation at build time and at query time must agree for this to be high.

    .venv/bin/python scripts/search_recall.py --site site --content content
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WORDS = ["棉花", "玉米", "葡萄", "农田", "细毛羊", "口蹄疫", "草料", "奶业", "肉牛", "矿山", "尾矿库", "矿区", "景区",
         "民宿", "冰雪", "口岸", "互市", "跨境电商", "再就业", "毕业生", "劳务", "集体经济", "返贫", "防汛", "防火", "抗旱",
         "锅炉", "危化品", "燃气", "白色污染", "草原", "河湖", "信访", "积案", "订单", "冷链", "春耕", "搬迁"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def expected(archive, word: str) -> set[str]:
    return {item.id for item in archive.items.values() if word in item.title or word in item.body}


def serve_root(site: Path, prefix: str = "/", headers: list[tuple[str, str]] = ()):
    """Serve `site` under `prefix` on a free loopback port, adding `headers`; returns (server, base URL)."""

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path):
            if not path.startswith(prefix):
                return str(site / "__outside_the_site__")
            return super().translate_path("/" + path[len(prefix):])

        def end_headers(self):
            for name, value in headers:
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{prefix}"


FIND = """async (word) => {
  const pf = window.__pf || (window.__pf = await import(new URL('pagefind/pagefind.js', location.href).href));
  const search = await pf.search(word);
  const urls = await Promise.all(search.results.map(r => r.data().then(d => d.url)));
  return urls.filter(u => u.includes('/items/')).map(u => u.split('/items/')[1].replace(/\\/$/, ''));
}"""


def measure(site: Path, archive, browser, words=WORDS) -> dict:
    """Per word: expected, found (of those), extra (found without the word); overall recall."""
    server, url = serve_root(site)
    rows = []
    page = browser.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        for word in words:
            want = expected(archive, word)
            if not want:
                continue
            got = set(page.evaluate(FIND, word))
            rows.append({"word": word, "expected": len(want), "found": len(want & got), "extra": len(got - want)})
    finally:
        page.close()
        server.shutdown()
    wanted = sum(r["expected"] for r in rows)
    return {"words": rows, "recall": sum(r["found"] for r in rows) / wanted if wanted else 1.0}


def launch(playwright):
    """Debian's Chromium, headless; never a downloaded browser build."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--content", type=Path, required=True)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bulletin.archive import Archive
    from bulletin.load import load_content
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        result = measure(args.site, Archive(load_content(args.content)), launch(playwright))
    for row in result["words"]:
        print(f"{row['word']}\texpected {row['expected']}\tfound {row['found']}\textra {row['extra']}")
    print(f"recall {result['recall']:.1%} over {len(result['words'])} words")


if __name__ == "__main__":
    main()
