"""The reference build: the sample site's manifest, stored in tests/reference/ and rebuilt by

    .venv/bin/python scripts/update_reference.py

The manifest maps every file of the built sample to a short sha256 of its normalized bytes, so a
change to a template, to Material, MkDocs or ProperDocs, or to any other pinned dependency shows
in review as the list of files whose line changed; `git diff tests/reference/` is that list.
tests/test_reference.py builds the same site and fails when it differs. Normalized away: the
generator's name and version (MkDocs and ProperDocs must give the same reference), the sitemap's
build dates, and Pagefind's index, whose file names are content hashes that vary between runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime, timezone
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference" / "sample-site.json"
SAMPLE = ROOT / "tests" / "fixtures" / "sample"   # the tests' sample, never the office's content/
SITE_URL = "http://intranet.example/bulletin/"  # the tests' build (tests/conftest.py) uses the same
# The build date (footer, 本月 and 上月 on the home page) is fixed, or the reference would change daily.
BUILD_DATE = {"SOURCE_DATE_EPOCH": "1795564800"}   # 2026-11-25, days after the sample's last issue
# The same day as a date: requests and quotas are judged on it, so tests that score the sample
# themselves (or run `bulletin stats --date` / `export --date`) judge it on the build's day, not the clock's.
BUILD_DAY = datetime.fromtimestamp(int(BUILD_DATE["SOURCE_DATE_EPOCH"]), timezone.utc).date()
COMMAND = ".venv/bin/python scripts/update_reference.py"

SKIPPED = re.compile(r"^(pagefind/|sitemap\.xml\.gz$)")
GENERATOR_LINE = re.compile(rb'[ \t]*<meta name="generator" content="[^"]*">\r?\n?')
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def normalized(path: str, data: bytes) -> bytes:
    if path.endswith(".html"):
        return GENERATOR_LINE.sub(b"", data)
    if path == "sitemap.xml":
        return LASTMOD.sub(b"", data)
    return data


def manifest(site: Path) -> dict[str, str]:
    """Site path -> the first 16 hex digits of the sha256 of its normalized bytes (64 bits: plenty to see a change)."""
    result = {}
    for file in sorted(site.rglob("*")):
        path = file.relative_to(site).as_posix()
        if file.is_file() and not SKIPPED.match(path):
            result[path] = hashlib.sha256(normalized(path, file.read_bytes())).hexdigest()[:16]
    return result


def build_sample(out: Path) -> Path:
    command = [sys.executable, "-m", "bulletin.cli", "build", "--content", str(SAMPLE), "--out", str(out),
               "--site-url", SITE_URL]
    subprocess.run(command, cwd=ROOT, check=True, env=dict(os.environ, PYTHONUTF8="1", **BUILD_DATE))
    return out


def write(files: dict[str, str]) -> None:
    REFERENCE.parent.mkdir(parents=True, exist_ok=True)
    document = {"about": f"Reference build of the sample bulletin; regenerate with {COMMAND}", "files": files}
    # One file per line, sorted: a diff of this file is the list of pages that changed.
    REFERENCE.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        files = manifest(build_sample(Path(tmp) / "site"))
    write(files)
    print(f"{REFERENCE.relative_to(ROOT)}: {len(files)} files; review with: git diff {REFERENCE.relative_to(ROOT)}")
    return 0


