"""The archive a command works on: the content read and checked, or its problems printed; and the
settings every command that reads content shares (its build request, mkdocs.yml, the parse memo)."""

from __future__ import annotations

import sys
from pathlib import Path

from bulletin.archive import Archive
from bulletin.content import parse_memo
from bulletin.content.load import Reading, read
from bulletin.content.problems import ContentError
from bulletin.ops.request import BuildRequest

REPO_CONFIG = Path(__file__).resolve().parent.parent.parent / "mkdocs.yml"


def load(args) -> Archive | None:
    found = load_found(args)
    return found[0] if found else None


def load_found(args) -> tuple[Archive, Reading] | None:
    """The archive and the read it came from (for a command that writes one file and reads again)."""
    reading = read(Path(args.content))
    if reading.problems:
        print(ContentError(reading.problems).report(), file=sys.stderr)
        return None
    return Archive(reading.content), reading


def request_for(args, site_url: str | None = None) -> BuildRequest:
    """The build's settings, handed to the generator (a child process) whole."""
    cache = "off" if getattr(args, "clean", False) else str(args.cache.absolute()) if getattr(args, "cache", None) else None
    return BuildRequest.from_environment(content=str(args.content.absolute()), site_url=site_url, cache=cache)


def config_file(args) -> Path:
    if getattr(args, "config", None):
        return args.config
    return Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else REPO_CONFIG


def parse_memo_in_cache(args, request: BuildRequest | None = None):
    """Parsed YAML kept with the build's cache (bulletin/content/parse_memo.py), none for --clean: so
    `check`, `new-item` and `new-issue` parse only the files that changed since any of them last ran."""
    request = request or request_for(args)
    return parse_memo.kept(request.cache_dir(config_file(args).parent))
