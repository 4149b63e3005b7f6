"""The Python floor: the least a Python build of the same items can cost (issue #12).

For each item file under CONTENT/items/: read it, split the front matter, parse it with libyaml
(`yaml.CSafeLoader`), turn the body into HTML with python-markdown (one `markdown.Markdown`
reused, `.reset()` between items, no extensions), render a minimal Jinja2 template (title, date,
body) and write `OUT/<id>/index.html`. Nothing else: no checking, no cross-references, no
listings, no theme. The benchmark divides a build's site phase by (floor per page x pages).

    python -m testsupport.floor CONTENT OUT
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import jinja2
import markdown
import yaml
from markupsafe import Markup

TEMPLATE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><article><h1>{{ title }}</h1><p><time>{{ date }}</time></p>
{{ body }}
</article></body></html>
"""


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def floor(content: Path, out: Path) -> dict:
    """Write one page per item file; return seconds, CPU seconds, pages and ms per page."""
    files = sorted((Path(content) / "items").glob("*/*.md"))
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)   # set-up, once: not per page
    md = markdown.Markdown()
    wall, cpu = time.perf_counter(), _cpu()
    for path in files:
        text = path.read_text(encoding="utf-8")
        _, head, body = text.split("---\n", 2)
        meta = yaml.load(head, Loader=yaml.CSafeLoader)
        md.reset()
        html = template.render(title=meta["title"], date=meta["date"], body=Markup(md.convert(body)))
        target = out / str(meta["id"]) / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    seconds, cpu = time.perf_counter() - wall, _cpu() - cpu
    pages = len(files)
    return {"pages": pages, "seconds": seconds, "cpu": cpu, "ms_per_page": 1000 * seconds / pages if pages else 0.0}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print(json.dumps(floor(Path(sys.argv[1]), Path(sys.argv[2]))))
