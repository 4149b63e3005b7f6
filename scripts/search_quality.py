#!/usr/bin/env python3
"""Search quality of a built site, measured in headless Chromium through its own 检索 page:
recall, precision and precision@10 for domain words, random substrings and absent words, the
time and bytes per query, the page's first load, and the worst queries (testsupport/search_quality.py);
with --typos, what 您要找的是不是 offers for misspelt and for correct words.

    .venv/bin/python scripts/search_quality.py --site site --content content
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bulletin.archive import Archive
from bulletin.content.load import load_content
from testsupport import launch
from testsupport.search_quality import did_you_mean, did_you_mean_report, evaluate, report


def main() -> None:
    from playwright.sync_api import sync_playwright
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, required=True, help="a built site (bulletin build --out DIR)")
    parser.add_argument("--content", type=Path, required=True, help="the content it was built from")
    parser.add_argument("--random", type=int, default=200, help="random substrings (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--domain-sample", type=int, help="ask only this many domain words (seeded sample)")
    parser.add_argument("--worst", type=int, default=10, help="worst queries shown per group")
    parser.add_argument("--json", action="store_true", help="print the summaries as JSON")
    parser.add_argument("--typos", action="store_true", help="measure 您要找的是不是 instead: typos fixed, correct words left alone")
    args = parser.parse_args()
    archive = Archive(load_content(args.content))
    with sync_playwright() as playwright:
        browser = launch(playwright)
        if args.typos:
            print(did_you_mean_report(did_you_mean(args.site, archive, browser)))
            browser.close()
            return
        result = evaluate(args.site, archive, browser, args.random, args.seed, args.domain_sample)
        browser.close()
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "answers"}, ensure_ascii=False))
    else:
        print(report(result, args.worst))


if __name__ == "__main__":
    main()
