"""What a release was built from, so a publish of the very same inputs need not build it again.

A release's head (bulletin/ops/chain.py) carries the digest of its inputs: every file under the
content folder (but content/published.lock, which publish itself writes and which no page shows),
this code with its theme, hooks, nav pages and mkdocs.yml, every installed package's version, the
generator, and the build's own settings that show in the site (address, date, PDFs). Two builds
from equal inputs write equal sites, so when a publish finds the served release's digest equal to
its own, the new release is the served one's files, linked (bulletin/ops/publish.py).

When in doubt there is no digest (None), and the site is built as always: a folder linked into the
content (the walk would not follow it), a mkdocs.yml that safe YAML cannot read, a file that cannot
be read.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from pathlib import Path

import yaml

from bulletin.content.discover import VERSION_CONTROL
from bulletin.content.published_record import FILE as RECORD_FILE
from bulletin.ops import generators
from bulletin.ops.request import BuildRequest
from bulletin.site.page_cache import code_fingerprint

FORMAT = 1
KEY = "inputs"   # the head's field


class _Doubt(Exception):
    pass


def _add_tree(digest, label: str, root: Path) -> None:
    """Every file under `root` by relative name and bytes; a linked folder is a doubt."""
    if not root.exists():
        digest.update(f"{label}:absent;".encode())
        return
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in VERSION_CONTROL and name != "__pycache__")
        for name in folders:
            if os.path.islink(os.path.join(folder, name)):
                raise _Doubt(name)
        relative = os.path.relpath(folder, root)
        for name in sorted(files):
            if label == "content" and relative == "." and name == RECORD_FILE:
                continue
            with open(os.path.join(folder, name), "rb") as file:
                data = file.read()
            path = f"{relative}/{name}".encode("utf-8", "surrogateescape")
            digest.update(f"{label}:{len(path)}:".encode() + path + f":{len(data)}:".encode() + data)


def _settings(config: Path) -> dict:
    return yaml.safe_load(config.read_text(encoding="utf-8")) or {}


def _docs(config: Path, settings: dict) -> Path:
    return config.parent / settings.get("docs_dir", "docs")


def _product_trees(config: Path) -> list[tuple[str, Path]]:
    """The theme, hooks and nav pages mkdocs.yml names (the code itself is code_fingerprint's)."""
    settings = _settings(config)
    base = config.parent
    theme = settings.get("theme") or {}
    trees = [("docs", _docs(config, settings))]
    if isinstance(theme, dict) and theme.get("custom_dir"):
        trees.append(("theme", base / theme["custom_dir"]))
    trees += [(f"hook{index}", base / hook) for index, hook in enumerate(settings.get("hooks") or [])]
    return trees


def nav_pages(config: Path) -> dict[str, str]:
    """The product's own pages (mkdocs.yml's docs_dir: the editors' guide, the help), as the site
    path each is written to -> its Markdown. They are the same for every office and read no content:
    what they say cannot be a draft's leak (bulletin/ops/verify.py). None found: an empty dict."""
    try:
        docs = _docs(config, _settings(config))
        pages = sorted(docs.rglob("*.md"))
        return {_page_path(page.relative_to(docs)): page.read_text(encoding="utf-8") for page in pages}
    except (OSError, ValueError, yaml.YAMLError):
        return {}


def _page_path(source: Path) -> str:
    """Where MkDocs writes a page (directory URLs): editors.md -> editors/index.html."""
    folder = source.parent if source.stem.lower() in ("index", "readme") else source.with_suffix("")
    return (folder / "index.html").as_posix().removeprefix("./")


def digest(content: Path, config: Path, request: BuildRequest) -> str | None:
    """The digest of everything the site built from `content` depends on, or None when unsure."""
    digest = hashlib.blake2b(digest_size=20)
    try:
        digest.update(f"format:{FORMAT};code:{code_fingerprint(str(config))};".encode())
        for label, tree in _product_trees(config):
            if tree.is_file():
                digest.update(f"{label}:{len(tree.read_bytes())}:".encode() + tree.read_bytes())
            else:
                _add_tree(digest, label, tree)
        versions = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions())
        settings = {"site_url": request.site_url, "built": request.built().isoformat(),
                    "pdf": request.pdfs_wanted("build"), "generator": generators.choose(), "versions": versions}
        digest.update(repr(sorted(settings.items())).encode("utf-8"))
        _add_tree(digest, "content", content)
    except (_Doubt, OSError, ValueError, yaml.YAMLError, generators.GeneratorError):
        return None
    return digest.hexdigest()
