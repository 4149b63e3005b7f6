"""The MkDocs adapter: one object per build that turns the bulletin archive into generated pages.

The content is loaded and validated before anything is built; on any problem the build stops with
every problem listed. Pages are `File.generated` (MkDocs 1.6), each a real `Page` rendered by a
template in theme/bulletin/ that gets its model objects through the page context.

Everything a build knows lives on the `BulletinPlugin` instance, from `on_config` on; the
settings come whole from the command's `BuildRequest` (bulletin/ops/request.py).
"""

from __future__ import annotations

import json
import logging
import pickle
import shutil
import tempfile
from functools import partial
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from markupsafe import escape
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel

from bulletin import labels
from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.content.problems import ContentError
from bulletin.ops.progress import Phases
from bulletin.ops.request import BuildRequest
from bulletin.ops.site_build import read_served, write_manifest
from bulletin.cycle.scoring import Leaderboard, one_decimal, percent
from bulletin.site.fingerprint import Fingerprints
from bulletin.site.pages.spec import DataFile, PageSpec
from bulletin.site.plan import plan_site
from bulletin.site.urls import Links
from bulletin.site.views import office
from bulletin.site.charts import bar_chart
from bulletin.site.crawlers import LastChanged, robots_txt
from bulletin.site.paper.printer import PdfUnavailable, TypesetError, check_typesetter
from bulletin.site.paper.jobs import print_documents
from bulletin.site.kept_texts import KeptTexts
from bulletin.site.page_cache import PageCache, code_fingerprint, global_fingerprint
from bulletin.site.page_workers import write_pages
from bulletin_mkdocs.page_writer import PageWriter, SitemapPages
from bulletin_mkdocs.relative_urls import url_filter
from bulletin_mkdocs.safe_markdown import Renderer
from bulletin.site.search.index import write_index

log = logging.getLogger("mkdocs.hooks.bulletin")


def nav_sources(entries) -> set[str]:
    """The source paths mkdocs.yml's nav names, at any depth."""
    found = set()
    for entry in entries or []:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            found |= nav_sources(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return found


def _ours(template_name: str | None) -> bool:
    return bool(template_name) and template_name.startswith("bulletin/")


class BulletinPlugin:
    """MkDocs' events for one build (or one `serve` session), in the order MkDocs calls them."""

    def __init__(self) -> None:
        self.request = BuildRequest.handed()
        self.command = "build"
        self.phases = Phases(report=self.request.phases)
        self.archive: Archive | None = None
        self.board: Leaderboard | None = None
        self.renderer: Renderer | None = None
        self.fingerprints: Fingerprints | None = None
        self.pages: dict[str, PageSpec] = {}
        self.data: list[DataFile] = []          # every other planned file (JSON, CSV, feeds, latest pages)
        self.in_nav: dict[str, PageSpec] = {}   # the planned pages mkdocs.yml's nav names: MkDocs renders these
        self.bulk: list[PageSpec] = []          # every other planned page, rendered by page_writer.py
        self.pdf = True
        self.office: dict = {}
        self.env = None
        self.nav = None
        self.nav_files = None
        self.mkdocs_phase = None
        self.built = self.request.built()
        self.lit = None   # the nav Page lit for the page being rendered (on_page_context to on_post_page)

    # -- before MkDocs reads the docs ---------------------------------------------------------------

    def on_startup(self, command, dirty):
        self.command = command

    def content_dir(self, config) -> Path:
        """The request's content folder, else mkdocs.yml's extra.bulletin.content."""
        configured = self.request.content or config.extra.get("bulletin", {}).get("content", "content")
        return (Path(config.config_file_path).parent / configured).resolve()

    def _handed(self) -> Archive | None:
        """The archive the command has just checked, handed over pickled, or None (serve, or the
        generator run by hand): then the folder is read and checked here."""
        handed = Path(self.request.checked) if self.request.checked else None
        return pickle.loads(handed.read_bytes()) if handed and handed.is_file() else None

    def on_config(self, config):
        root = self.content_dir(config)
        if self.request.site_url:
            config.site_url = self.request.site_url
        try:
            handed = self._handed()
            with self.phases.phase("load", "接收已检查的内容" if handed else "读取并检查内容"):
                self.archive = handed or Archive(load_content(root))
        except ContentError as error:
            raise Abort(f"内容检查未通过（{root}）：\n{error.report()}") from None
        with self.phases.phase("plan", "汇编、计分、规划页面"):
            self.renderer = Renderer(config)
            self.board = Leaderboard(self.archive, self.built)
            self.office = office(self.archive.settings)   # every page's footer and feeds: in the global fingerprint
            # The office's site name is the content's (bulletin.yml site:), not mkdocs.yml's: the
            # office never edits a product file, so an upgrade never conflicts with it.
            config.site_name = self.office["site_name"] or config.site_name
            config.site_description = self.office["site_description"] or config.site_description
            self.fingerprints = Fingerprints()
            cache = self.request.cache_dir(Path(config.config_file_path).parent)
            self.json_texts = KeptTexts(cache / "data" / "json-texts.json" if cache else None, code_fingerprint(config.config_file_path))
            plan = plan_site(self.archive, self.board, self.built, config.site_url, self.json_texts.of)
            self.pages, self.data = plan.pages, plan.data
            named = nav_sources(config.nav)
            self.in_nav = {src: spec for src, spec in self.pages.items() if src in named}
            self.bulk = [spec for src, spec in self.pages.items() if src not in named]
        self.pdf = self.request.pdfs_wanted(self.command)
        if self.pdf and self.archive.content.issues:
            try:
                check_typesetter()   # before building anything: a missing typesetter is said at once
            except PdfUnavailable as error:
                raise Abort(str(error)) from None
        config.watch.append(str(root))
        log.info(f"bulletin: {len(self.archive.items)} items, {len(self.archive.content.issues)} issues, {len(self.pages)} pages")
        self.mkdocs_phase = self.phases.start("mkdocs", "MkDocs 主题与导航页")
        return config

    def on_files(self, files, config):
        # Generated pages stay out of the navigation (mkdocs.yml names the few that belong there), or
        # every page would carry the whole archive in its sidebar. Only those few are MkDocs' to render.
        planned = [File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV) for src_uri in self.in_nav]
        # Every other file is the plan's (declared by the family whose pages link it): the data files
        # are the export's own (bulletin/export.py), so the site and `bulletin export` agree; then the
        # feeds and the latest-issue pages.
        planned += [File.generated(config, data.path, abs_src_path=data.copy_of, inclusion=InclusionLevel.NOT_IN_NAV) if data.copy_of
                    else File.generated(config, data.path, content=data.content(), inclusion=InclusionLevel.NOT_IN_NAV) for data in self.data]
        planned.append(File.generated(config, "robots.txt", content=robots_txt(self.archive.settings.site.robots, config.site_url),
                                      inclusion=InclusionLevel.NOT_IN_NAV))
        self.json_texts.save()   # the data files' contents are made: keep their texts for the next build
        for file in planned:
            files.append(file)
        if self.request.plan:
            # `bulletin build` checks every planned file is in the site before publishing it.
            dests = [f.dest_uri for f in planned] + [spec.url + "index.html" for spec in self.bulk]
            Path(self.request.plan).write_text(json.dumps(dests), encoding="utf-8")
        return files

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        # MkDocs leaves autoescaping off for Material's templates; ours, and their partials, escape
        # every value, so a title or name in content can never become markup.
        env.autoescape = _ours
        env.globals.update(office=self.office, event_names=labels.EVENT_LABELS, links=Links, markdown=self.renderer.html, body_of=self.renderer.body,
                           bar_chart=bar_chart, built=self.built, pdf_enabled=self.pdf)
        env.filters.update(cn_date=labels.cn_date, issue_number=labels.issue_number, total_number=labels.total_number,
                           event_label=labels.event_label, upward_label=labels.upward_label, own_label=labels.own_label,
                           points=one_decimal, percent=percent)
        env.filters["url"] = url_filter   # MkDocs' own, answered from a per-build memo
        cache = self.request.cache_dir(Path(config.config_file_path).parent)
        if cache:
            env.bytecode_cache = template_cache(cache / "templates", code_fingerprint(config.config_file_path))
        self.env = env
        self.nav_files = files.documentation_pages()
        return env

    # -- the pages MkDocs renders (the nav's) --------------------------------------------------------

    def on_page_markdown(self, markdown, page, config, files):
        spec = self.pages.get(page.file.src_uri)
        if spec:
            # Escaped here, once: Material prints titles unescaped (<title>, header, search), ours
            # autoescape, and Markup reads right in both.
            page.meta.update(title=escape(spec.title), template=spec.template, hide=["toc"])
        return markdown

    def on_page_content(self, html, page, config, files):
        spec = self.pages.get(page.file.src_uri)
        if spec and spec.item:
            return self.renderer.body(spec.item)
        return html

    def lit_section(self, spec: PageSpec):
        """Generated pages are kept out of the nav; lighting their section's entry while one renders
        shows the reader where they are in the sidebar."""
        return next((p for p in self.nav.pages if spec.section and p.file.src_uri == f"{spec.section}index.md"), None)

    def on_page_context(self, context, page, config, nav):
        spec = self.pages.get(page.file.src_uri)
        if spec:
            context.update(spec.full_context())
            self.lit = self.lit_section(spec)
            if self.lit:
                self.lit.active = True
        return context

    def on_post_page(self, output, page, config):
        if self.lit:
            self.lit.active = False
            self.lit = None
        return output

    def on_template_context(self, context, template_name, config):
        """The sitemap lists every page, those rendered outside MkDocs' loop too, in the plan's order,
        each planned page with the newest content date it shows (bulletin/site/crawlers.py)."""
        if template_name == "sitemap.xml":
            ours = {spec.src_uri for spec in self.pages.values()}
            pages = [file for file in context["pages"] if file.src_uri not in ours]
            named = {file.src_uri: file for file in context["pages"]}
            changed = LastChanged(self.archive, self.built)
            planned = SitemapPages(config.site_url)
            for src_uri, spec in self.pages.items():
                entry = named.get(src_uri) or _SitemapEntry(planned.page(spec))
                entry.page.update_date = changed(spec).isoformat()
                pages.append(entry)
            context["pages"] = pages
        return context

    # -- everything else, after MkDocs' own loop -----------------------------------------------------

    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        self.phases.finish(self.mkdocs_phase)
        cache = self.request.cache_dir(Path(config.config_file_path).parent)
        self._write_pages(site_dir, config, cache)
        if self.pdf:
            self._print_pdfs(site_dir, cache, config.config_file_path)
        with self.phases.phase("search", "生成检索索引"):
            try:
                write_index(self.archive, site_dir, cache / "search" if cache else None)
            except Exception as error:      # Pagefind's own report, whatever failed
                raise Abort(f"检索索引生成失败：{error}") from error
        # Last, so that only a finished build carries it (bulletin build and publish rely on that).
        write_manifest(config.site_dir)

    def _write_pages(self, site_dir: Path, config, cache_dir: Path | None) -> None:
        """Every planned page MkDocs does not render: reused from the cache when nothing it shows has
        changed, else rendered (page_writer.py) and kept for the next build."""
        # Not the build date: a page that shows the day has it in its context or declared reads
        # (home, a running period's 截至, 约稿 and 批示 due dates), so a new day renders those alone.
        fingerprint = global_fingerprint(config, self.nav, {"pdf": self.pdf, "office": self.office})
        cache = PageCache(cache_dir, fingerprint, self.fingerprints, read_served(site_dir))
        writer = partial(PageWriter, config, self.env, self.nav, self.nav_files, self.lit_section)
        with self.phases.phase("render", "渲染页面", total=len(self.bulk)) as phase:
            done = write_pages(self.bulk, site_dir, cache, writer, self.renderer.body, phase,
                               self.request.jobs_wanted())
            with phase.part("write", "写出页面"):
                cache.save()
            phase.add_part("write", "写出页面", done.write_seconds, done.write_cpu)
            notes = []
            if done.untrusted:
                notes.append(f"{len(done.untrusted)} 类页面逐页完整渲染")
                log.info(f"bulletin: page shells not trusted, rendered whole: {done.untrusted}")
            if done.doubtful:
                notes.append(f"{done.doubtful} 页无法判断输入、不入缓存")
            phase.note = "".join(f"；{note}" for note in notes)

    def _print_pdfs(self, site_dir: Path, cache_dir: Path | None, config_file: str) -> None:
        with self.phases.phase("pdf", "排版刊物、通报、汇编 PDF") as phase, tempfile.TemporaryDirectory(prefix="bulletin-pdf-") as fresh:
            # --clean prints every PDF again, into a cache of its own that goes with the build
            cache = Path(self.request.pdf_cache) if self.request.pdf_cache else (cache_dir or Path(fresh)) / "issue-pdf"
            try:
                report = print_documents(self.archive, self.board, self.pages.values(), self.renderer, site_dir, cache,
                                         code_fingerprint(config_file), read_served(site_dir))
            except (PdfUnavailable, TypesetError) as error:
                raise Abort(str(error)) from None
            phase.note = f"；{report}"
            phase.total = phase.done = sum(report.made.values()) + sum(report.cached.values())
            phase.reused = sum(report.cached.values())   # counted in BULLETIN_PHASES as pages and reused


class _TemplateCache(FileSystemBytecodeCache):
    """Compiled templates kept between builds (each compile of Material's and our templates cost a
    build seconds). Jinja finds one by the template's name, file and the SHA-1 of its source; the
    folder is named by this code, mkdocs.yml and the installed versions, which decide how a
    template compiles. A cache that cannot be written costs a compile, never the build."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def template_cache(folder: Path, fingerprint: str) -> FileSystemBytecodeCache | None:
    """The compiled templates of this code in `folder`, other codes' dropped; None where it cannot be made."""
    try:
        if folder.is_dir():
            for other in folder.iterdir():
                if other.name != fingerprint:
                    shutil.rmtree(other, ignore_errors=True)
        (folder / fingerprint).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder / fingerprint))


class _SitemapEntry:
    """What sitemap.xml reads of a page's file, for a page MkDocs did not render."""

    def __init__(self, page):
        self.page = page
