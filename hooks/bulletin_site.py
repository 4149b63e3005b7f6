"""MkDocs hooks: the thin adapter from the bulletin archive to generated MkDocs pages.

The content is loaded and validated before anything is built; on any problem the build stops with
every problem listed. Pages are `File.generated` (MkDocs 1.6), each a real `Page` rendered by a
template in theme/bulletin/ that gets its model objects through the page context.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import tempfile
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel

from bulletin import labels
from bulletin.archive import Archive
from bulletin.export import leaderboard_file
from bulletin.site.fingerprint import Fingerprints, Reads
from bulletin.ops.generators import PLAN_ENV
from bulletin.content.load import load_content
from bulletin.content.problems import ContentError
from bulletin.ops.progress import Phases
from bulletin.scoring import Leaderboard, one_decimal, percent
from bulletin.ops.site_build import CACHE_ENV, CHECKED_ENV, CONTENT_ENV, write_manifest
from bulletin.board_columns import csv_for_year
from bulletin_mkdocs.charts import bar_chart
from bulletin_mkdocs.issue_pdf import Job, PdfUnavailable, check_printer, print_issues
from bulletin_mkdocs.page_cache import PageCache, global_fingerprint
from bulletin_mkdocs.page_writer import PageWriter, planned_page
from bulletin_mkdocs.relative_urls import url_filter
from bulletin_mkdocs.safe_markdown import Renderer
from bulletin_mkdocs.page_workers import jobs_wanted, write_pages
from bulletin_mkdocs.search_index import write_index
from bulletin.site.plan import URLS, Links, plan_site
from bulletin_mkdocs.stable_links import stable_files

log = logging.getLogger("mkdocs.hooks.bulletin")


class _Build:
    archive: Archive
    board: Leaderboard
    renderer: Renderer
    pages: dict
    in_nav: dict        # the planned pages mkdocs.yml's nav names: MkDocs renders these
    bulk: list          # every other planned page, rendered by bulletin_mkdocs/page_writer.py
    env = None
    nav = None
    phases: Phases
    mkdocs_phase = None
    built: date
    command: str = "build"
    pdf: bool = True
    lit = None  # the nav Page lit for the page being rendered (on_page_context to on_post_page)


build = _Build()

PDF_ENV = "BULLETIN_PDF"              # on | off; unset: on for `build`, off for `serve`
PDF_CACHE_ENV = "BULLETIN_PDF_CACHE"  # default: issue-pdf/ in the build cache (cache_dir), never in the site


def build_date() -> date:
    """The build's date (footer, 本月): SOURCE_DATE_EPOCH when set, so a rebuild can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), timezone.utc).date() if epoch else date.today()


def pdfs_wanted(command: str) -> bool:
    """PDFs are part of a build; `serve` leaves them out so a save reloads in a second, not after
    reprinting (BULLETIN_PDF=on prints them in serve too, from the same cache)."""
    setting = os.environ.get(PDF_ENV, "").lower()
    if setting in ("on", "off"):
        return setting == "on"
    return command != "serve"


def on_startup(command, dirty):
    build.command = command


def content_dir(config) -> Path:
    """BULLETIN_CONTENT (set by `bulletin build --content`) wins over extra.bulletin.content."""
    configured = os.environ.get(CONTENT_ENV) or config.extra.get("bulletin", {}).get("content", "content")
    return (Path(config.config_file_path).parent / configured).resolve()


def checked_content():
    """The content `bulletin build` or `publish` has just checked, handed over pickled, or None
    (serve, or the generator run by hand): then the hooks read and check the folder themselves."""
    handed = os.environ.get(CHECKED_ENV)
    if not handed or not Path(handed).is_file():
        return None
    return pickle.loads(Path(handed).read_bytes())


def _nav_sources(entries) -> set[str]:
    """The source paths mkdocs.yml's nav names, at any depth."""
    found = set()
    for entry in entries or []:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            found |= _nav_sources(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return found


def on_config(config):
    root = content_dir(config)
    build.phases = Phases()
    try:
        handed = checked_content()
        with build.phases.phase("load", "接收已检查的内容" if handed else "读取并检查内容"):
            content = handed or load_content(root)
    except ContentError as error:
        raise Abort(f"内容检查未通过（{root}）：\n{error.report()}") from None
    with build.phases.phase("plan", "汇编、计分、规划页面"):
        build.archive = Archive(content)
        build.renderer = Renderer(config.markdown_extensions, config.mdx_configs)
        build.board = Leaderboard(build.archive)
        build.fingerprints = Fingerprints()
        build.reads = Reads(build.archive, build.fingerprints)  # the archive as templates ask it
        build.built = build_date()
        build.pages = plan_site(build.archive, build.board, build.built)
        named = _nav_sources(config.nav)
        build.in_nav = {src: spec for src, spec in build.pages.items() if src in named}
        build.bulk = [spec for src, spec in build.pages.items() if src not in named]
    build.pdf = pdfs_wanted(build.command)
    if build.pdf and build.archive.content.issues:
        try:
            check_printer()        # before building anything: a missing Chromium is said at once
        except PdfUnavailable as error:
            raise Abort(str(error)) from None
    config.watch.append(str(root))
    log.info(f"bulletin: {len(build.archive.items)} items, {len(content.issues)} issues, {len(build.pages)} pages")
    build.mkdocs_phase = build.phases.start("mkdocs", "MkDocs 主题与导航页")
    return config


def on_files(files, config):
    # Generated pages stay out of the navigation (mkdocs.yml names the few that belong there), or
    # every page would carry the whole archive in its sidebar. Only those few are MkDocs' to render.
    planned = [File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV) for src_uri in build.in_nav]
    # The data files are the export's own (bulletin/export.py), so the site and `bulletin export` agree.
    planned.append(File.generated(config, URLS["board_json"], content=leaderboard_file(build.board)))
    planned += [File.generated(config, Links.csv(year), content=csv_for_year(build.board, year).encode("utf-8"))
                for year in build.board.years]
    planned += stable_files(config, build.archive)  # feeds and the latest-issue pages
    for file in planned:
        files.append(file)
    if os.environ.get(PLAN_ENV):
        # `bulletin build` checks every planned file is in the site before publishing it.
        dests = [f.dest_uri for f in planned] + [spec.url + "index.html" for spec in build.bulk]
        Path(os.environ[PLAN_ENV]).write_text(json.dumps(dests), encoding="utf-8")
    return files


def on_nav(nav, config, files):
    build.nav = nav
    return nav


def on_page_markdown(markdown, page, config, files):
    spec = build.pages.get(page.file.src_uri)
    if spec:
        # Escaped here, once: Material prints titles unescaped (<title>, header, search), ours
        # autoescape, and Markup reads right in both.
        page.meta.update(title=escape(spec.title), template=spec.template, hide=["toc"])
    return markdown


def on_page_content(html, page, config, files):
    spec = build.pages.get(page.file.src_uri)
    if spec and spec.item:
        return build.renderer.body(spec.item)
    return html


def lit_section(spec):
    """Generated pages are kept out of the nav; lighting their section's entry while one renders
    shows the reader where they are in the sidebar."""
    return next((p for p in build.nav.pages if spec.section and p.file.src_uri == f"{spec.section}index.md"), None)


def on_page_context(context, page, config, nav):
    spec = build.pages.get(page.file.src_uri)
    if spec:
        context.update(spec.context)
        build.lit = lit_section(spec)
        if build.lit:
            build.lit.active = True
    return context


def on_post_page(output, page, config):
    if build.lit:
        build.lit.active = False
        build.lit = None
    return output


def _ours(template_name: str | None) -> bool:
    return bool(template_name) and template_name.startswith("bulletin/")


def on_env(env, config, files):
    # MkDocs leaves autoescaping off for Material's templates; ours, and their partials, escape
    # every value, so a title or name in content can never become markup.
    env.autoescape = _ours
    env.globals.update(archive=build.reads, links=Links, markdown=build.renderer.html, body_of=build.renderer.body,
                       bar_chart=bar_chart, built=build.built, pdf_enabled=build.pdf)
    env.filters.update(cn_date=labels.cn_date, issue_number=labels.issue_number, total_number=labels.total_number,
                       event_label=labels.event_label, points=one_decimal, percent=percent)
    env.filters["url"] = url_filter   # MkDocs' own, answered from a per-build memo
    build.env = env
    build.files_for_context = files.documentation_pages()
    return env


def on_template_context(context, template_name, config):
    """The sitemap lists every page, those rendered outside MkDocs' loop too, in the plan's order."""
    if template_name == "sitemap.xml":
        ours = {spec.src_uri for spec in build.pages.values()}
        pages = [file for file in context["pages"] if file.src_uri not in ours]
        named = {file.src_uri: file for file in context["pages"]}
        for src_uri, spec in build.pages.items():
            pages.append(named.get(src_uri) or _SitemapEntry(config, spec))
        context["pages"] = pages
    return context


class _SitemapEntry:
    """What sitemap.xml reads of a page's file, for a page MkDocs did not render."""

    def __init__(self, config, spec):
        self.page = planned_page(config, spec)


def cache_dir(config) -> Path | None:
    """BULLETIN_CACHE: a folder, or `off` (bulletin build --clean); default .cache/ beside mkdocs.yml."""
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() == "off":
        return None
    return Path(setting) if setting else Path(config.config_file_path).parent / ".cache"


def _write_pages(site_dir: Path, config) -> None:
    """Every planned page MkDocs does not render: reused from the cache when nothing it shows has
    changed, else rendered (bulletin_mkdocs/page_writer.py) and kept for the next build."""
    fingerprint = global_fingerprint(config, build.nav, {"built": build.built, "pdf": build.pdf})
    cache = PageCache(cache_dir(config), fingerprint, build.reads, build.fingerprints)
    writer = partial(PageWriter, config, build.env, build.nav, build.files_for_context, lit_section, build.reads)
    with build.phases.phase("render", "渲染页面", total=len(build.bulk)) as phase:
        done = write_pages(build.bulk, site_dir, cache, writer, build.renderer.body, build.reads, phase, jobs_wanted())
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


def on_post_build(config):
    site_dir = Path(config.site_dir)
    build.phases.finish(build.mkdocs_phase)
    _write_pages(site_dir, config)
    if build.pdf:
        jobs = [Job(site_dir / Links.issue(issue) / "index.html", site_dir / Links.pdf(issue))
                for issue in build.archive.content.issues]
        with build.phases.phase("pdf", "打印刊物 PDF") as phase, tempfile.TemporaryDirectory(prefix="bulletin-pdf-") as fresh:
            # --clean prints every PDF again, into a cache of its own that goes with the build
            cache = os.environ.get(PDF_CACHE_ENV) or (cache_dir(config) or Path(fresh)) / "issue-pdf"
            try:
                report = print_issues(site_dir, jobs, Path(cache))
            except PdfUnavailable as error:
                raise Abort(str(error)) from None
            phase.note = f"；{report}"
    with build.phases.phase("search", "生成检索索引"):
        try:
            cache = cache_dir(config)
            write_index(build.archive, site_dir, cache / "search" if cache else None)
        except Exception as error:      # Pagefind's own report, whatever failed
            raise Abort(f"检索索引生成失败：{error}") from error
    # Last, so that only a finished build carries it (bulletin build and publish rely on that).
    write_manifest(config.site_dir, items={item.id: Links.item(item) for item in build.archive.items.values()},
                   issues={issue.path: Links.issue(issue) for issue in build.archive.content.issues})
