"""Rendered pages kept between builds, outside the site, reused when nothing they show has changed.

A page is reused when two things match what the build that rendered it saw:
- the build's *global* fingerprint: this code, the theme and templates, mkdocs.yml and the nav
  pages' sources, the installed generator, theme and Markdown versions, the build's options (not
  its date: what a page shows of the day is in its context, so a new day renders only those pages);
- the page's own fingerprint: template, URL, title, section and its whole context (bulletin/site/fingerprint.py),
  or, for a family that declares what its pages read (PageSpec.reads), the digest of that read set;
  where that set is coarser than the page (PageSpec.recheck: a year's scoring), a page whose
  declared key changed is still reused when the digest of its whole context, kept with it, has not;
Anything else (no cache, an unreadable index, a doubtful page) renders the page again, so a
reused page is always the page a clean build would write. `bulletin build --clean` uses no cache.

Layout: <cache>/pages/index.pickle (what each page was made from) and <cache>/pages/html/<digest>
(the pages, named by the SHA-256 of their bytes). An entry is written once, beside its place and
renamed into it, and made read-only; a reused entry is copied into the site, never linked, after
its bytes are checked against its name. So a kept page edited in place is never served: not the
live page (no served file shares its inode), and not the next build's (it no longer matches its
name, so the page is rendered again and the damaged entry dropped): bulletin/site/kept_files.py,
as PDFs and search bundles are kept.

When publish builds beside a served release, it hands the build that release's files and hashes
(as checked against its manifest in this same publish, bulletin/ops/publish.py): a reused page
whose bytes the served release holds at the same place is a hard link to that file, neither read
nor copied, and the release keeps sharing it (bulletin/ops/release_links.py). Its kept entry is
then only looked at: one whose change time is not the one it was kept with (written, chmod-ed, or
restored from an archive) is read and checked against its name, as any other reuse.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from pathlib import Path

from bulletin.site.fingerprint import Fingerprints, Unknown
# A kept page is named by its SHA-256, as a release's manifest gives a file's.
from bulletin.site.kept_files import copy_checked, sha256 as _digest, store, write_copy

FORMAT = 7   # entries are (page key, kept page name: its SHA-256, its ctime, its whole context's digest or None); 2 named pages by BLAKE2b; 5: keys by pickle; 6: the writer's memo; 7: the context's digest
_VERSIONED = ("mkdocs", "properdocs", "mkdocs-material", "jinja2", "markdown", "pymdown-extensions", "nh3", "markupsafe")


def _tree(root: Path, pattern: str = "*") -> list[tuple[str, bytes]]:
    return sorted((str(path.relative_to(root)), path.read_bytes())
                  for path in root.rglob(pattern) if path.is_file() and "__pycache__" not in path.parts)


class _Digest:
    def __init__(self) -> None:
        self._digest = hashlib.blake2b(digest_size=16)

    def add(self, label: str, data) -> None:
        data = data if isinstance(data, bytes) else repr(data).encode("utf-8")
        self._digest.update(f"{label}:{len(data)}:".encode() + data)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def _add_code(digest: _Digest, config_file: str) -> None:
    """This code (its Python and the Typst library beside it), mkdocs.yml and the installed
    versions of what turns content into HTML."""
    project = Path(__file__).resolve().parents[2]   # bulletin/site/page_cache.py -> the checkout
    # By content and relative name, never absolute path: a copy of the project shares its cache.
    for package in ("bulletin", "bulletin_mkdocs"):
        for name, data in _tree(project / package, "*.py"):
            digest.add(f"{package}/{name}", data)
    for name, data in _tree(project / "bulletin" / "site" / "paper", "*.typ"):
        digest.add(f"paper/{name}", data)
    digest.add("config", Path(config_file).read_bytes())
    for package in _VERSIONED:
        try:
            digest.add(package, importlib.metadata.version(package))
        except importlib.metadata.PackageNotFoundError:
            digest.add(package, None)


def code_fingerprint(config_file: str) -> str:
    """What every document made from the archive depends on besides its own data: the PDFs' inputs
    key starts with it (bulletin/site/paper/jobs.py). Not the build date: a PDF prints none."""
    digest = _Digest()
    digest.add("format", FORMAT)
    _add_code(digest, config_file)
    return digest.hexdigest()


def global_fingerprint(config, nav, extra: dict) -> str:
    """Everything every page depends on that is not in its own context or the archive."""
    digest = _Digest()
    add = digest.add
    add("format", FORMAT)
    _add_code(digest, config.config_file_path)
    for index, hook in enumerate((config.get("hooks") or {}).values()):
        add(f"hook{index}", Path(hook.__file__).read_bytes())
    if config.theme.custom_dir:   # the installed theme is known by its version (below)
        for name, data in _tree(Path(config.theme.custom_dir)):
            add(f"theme/{name}", data)
    for name, data in _tree(Path(config.docs_dir)):
        add(f"docs/{name}", data)
    add("site_url", config.site_url)
    add("generator", sorted(name for name in ("mkdocs", "properdocs") if name in sys.modules))
    add("nav", _nav_outline(nav.items))
    add("extra", sorted(extra.items()))
    return digest.hexdigest()


def _nav_outline(items) -> list:
    return [(item.title, getattr(item, "url", None), _nav_outline(item.children or [])) for item in items]


def _link(source: str, target: str) -> None:
    """`target` as a hard link to `source`, in place of whatever was there (never written through)."""
    try:
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        os.link(source, target)


class PageCache:
    def __init__(self, folder: Path | None, fingerprint: str, fingerprints: Fingerprints,
                 served: tuple[Path, dict[str, str]] | None = None):
        self.folder = folder / "pages" if folder else None
        self._html = str(self.folder / "html") if self.folder else ""
        self._fingerprint = fingerprint
        self._fingerprints = fingerprints
        self._served, self._served_hashes = served or (None, {})
        self.linked = 0   # pages reused as links to the served release's files
        # What the page writer learnt of the theme (its shells, bulletin_mkdocs/page_writer.py): a
        # function of what the global fingerprint covers, so kept with it. Opaque here.
        self.writer_memo: dict[str, dict] = {}
        self._old: dict = self._load() if self.folder else {}
        self._new: dict = {}
        self._shown: dict[str, str | None] = {}   # recheck pages' whole-context digests, by source path

    def _load(self) -> dict:
        try:
            with (self.folder / "index.pickle").open("rb") as file:
                kept = pickle.load(file)
            if kept.get("format") == FORMAT and kept.get("global") == self._fingerprint:
                self.writer_memo = kept["writer"]
                return kept["pages"]
        except Exception:  # a missing, old or damaged index: render everything, as a clean build
            pass
        return {}

    def key(self, spec) -> str | None:
        try:
            if spec.reads is not None:   # a declared family: what it reads, its context never made for this
                return "d" + self._fingerprints.of((spec.template, spec.url, spec.title, spec.section, spec.parent,
                                                    spec.crumb, spec.context, spec.reads))
            return self._fingerprints.of((spec.template, spec.url, spec.title, spec.section, spec.context, spec.item))
        except Unknown:
            return None

    def shown(self, spec) -> str | None:
        """A recheck page's second key: the digest of all it is rendered from, its whole context
        made (once a build); None for other pages, or one whose context cannot be vouched for."""
        if not spec.recheck:
            return None
        if spec.src_uri not in self._shown:
            try:
                self._shown[spec.src_uri] = "s" + self._fingerprints.of(
                    (spec.template, spec.url, spec.title, spec.section, spec.full_context(), spec.item))
            except Unknown:
                self._shown[spec.src_uri] = None
        return self._shown[spec.src_uri]

    def reuse(self, spec, key: str | None, target: str) -> bool:
        """Put the kept page at `target` if nothing it was made from has changed. Paths as strings:
        this runs for every kept page, and pathlib's joins cost more than the link."""
        old = self._old.get(spec.src_uri)
        if old is None or key is None:
            return False
        if old[0] != key:
            shown = self.shown(spec)
            if shown is None or shown != old[3]:
                return False
            old = (key, *old[1:])   # the same page, kept under its new key
        _, name, kept_at, _ = old
        here = f"{spec.url}index.html"
        stored = os.path.join(self._html, name)
        if self._served_hashes.get(here) == name:
            try:
                if os.stat(stored).st_ctime_ns != kept_at:   # touched (or restored) since: read it, below
                    raise OSError("changed since kept")
                _link(os.path.join(self._served, here), target)
                self._new[spec.src_uri] = old
                self.linked += 1
                return True
            except OSError:   # gone, or another file system: the copy below
                pass
        try:
            if not copy_checked(Path(stored), name, Path(target)):   # changed since kept: render again, entry dropped
                return False
        except OSError:
            return False
        self._new[spec.src_uri] = old
        return True

    def keep(self, spec, key: str | None, html: bytes, target: Path) -> tuple | None:
        """Write a freshly rendered page and keep a copy; returns its entry for the index (see
        `adopt`), or None for a doubtful page, which is rendered again next time."""
        write_copy(target, html)
        if key is None:
            return None
        if self.folder is None:
            return ()
        name = _digest(html)
        stored = self.folder / "html" / name
        if not stored.exists():
            store(stored, html)
        try:
            return (key, name, os.stat(stored).st_ctime_ns, self.shown(spec))
        except OSError:
            return None

    def adopt(self, entries: dict, writer_memo: dict | None = None) -> None:
        """Entries from `keep` (perhaps made in worker processes), by page source path; and what a
        page writer learnt, for the next build's writers."""
        self._new.update((src, entry) for src, entry in entries.items() if entry)
        for part, learnt in (writer_memo or {}).items():
            self.writer_memo[part] = {**self.writer_memo.get(part, {}), **learnt}

    def save(self) -> None:
        """Write the index for the next build and drop kept pages no page uses any more."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        used = {entry[1] for entry in self._new.values()}
        html = self.folder / "html"
        if html.is_dir():
            for stored in html.iterdir():
                if stored.name not in used:
                    stored.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=self.folder, prefix=".index-", delete=False) as file:
            pickle.dump({"format": FORMAT, "global": self._fingerprint, "pages": self._new, "writer": self.writer_memo}, file,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, self.folder / "index.pickle")
