"""MkDocs hooks: the thin adapter from the bulletin archive to generated MkDocs pages.

The content is loaded and validated before anything is built; on any problem the build stops with
every problem listed. Pages are `File.generated` (MkDocs 1.6), each a real `Page` rendered by a
template in theme/bulletin/ that gets its model objects through the page context.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import date, datetime, timezone
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel

from bulletin import chinese
from bulletin.archive import Archive
from bulletin.export import leaderboard_file
from bulletin.generators import PLAN_ENV
from bulletin.load import load_content
from bulletin.problems import ContentError
from bulletin.scoring import Leaderboard, one_decimal, percent
from bulletin.sitebuild import CONTENT_ENV, write_manifest
from bulletin.tables import csv_for_year
from bulletin_mkdocs.charts import bar_chart
from bulletin_mkdocs.issue_pdf import Job, PdfUnavailable, check_printer, print_issues
from bulletin_mkdocs.render import Renderer
from bulletin_mkdocs.search_index import write_index
from bulletin_mkdocs.site_plan import URLS, Links, plan_site
from bulletin_mkdocs.stable_links import stable_files

log = logging.getLogger("mkdocs.hooks.bulletin")


class _Build:
    archive: Archive
    board: Leaderboard
    renderer: Renderer
    pages: dict
    built: date
    command: str = "build"
    pdf: bool = True
    lit = None  # the nav Page lit for the page being rendered (on_page_context to on_post_page)


build = _Build()

PDF_ENV = "BULLETIN_PDF"              # on | off; unset: on for `build`, off for `serve`
PDF_CACHE_ENV = "BULLETIN_PDF_CACHE"  # default: .cache/issue-pdf/ beside mkdocs.yml, never in the site


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


def on_config(config):
    root = content_dir(config)
    try:
        content = load_content(root)
    except ContentError as error:
        raise Abort(f"内容检查未通过（{root}）：\n{error.report()}") from None
    build.archive = Archive(content)
    build.renderer = Renderer(config.markdown_extensions, config.mdx_configs)
    build.board = Leaderboard(build.archive)
    build.built = build_date()
    build.pages = plan_site(build.archive, build.board, build.built)
    build.pdf = pdfs_wanted(build.command)
    if build.pdf and build.archive.content.issues:
        try:
            check_printer()        # before building anything: a missing Chromium is said at once
        except PdfUnavailable as error:
            raise Abort(str(error)) from None
    config.watch.append(str(root))
    log.info(f"bulletin: {len(build.archive.items)} items, {len(content.issues)} issues, {len(build.pages)} pages")
    return config


def on_files(files, config):
    # Generated pages stay out of the navigation (mkdocs.yml names the few that belong there), or
    # every page would carry the whole archive in its sidebar.
    planned = [File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV) for src_uri in build.pages]
    # The data files are the export's own (bulletin/export.py), so the site and `bulletin export` agree.
    planned.append(File.generated(config, URLS["board_json"], content=leaderboard_file(build.board)))
    planned += [File.generated(config, Links.csv(year), content=csv_for_year(build.board, year).encode("utf-8"))
                for year in build.board.years]
    planned += stable_files(config, build.archive)  # feeds and the latest-issue pages
    for file in planned:
        files.append(file)
    if os.environ.get(PLAN_ENV):
        # `bulletin build` checks every planned file is in the site before publishing it.
        Path(os.environ[PLAN_ENV]).write_text(json.dumps([f.dest_uri for f in planned]), encoding="utf-8")
    return files


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


def on_page_context(context, page, config, nav):
    spec = build.pages.get(page.file.src_uri)
    if spec:
        context.update(spec.context)
        # Generated pages are kept out of the nav; lighting their section's entry (until on_post_page)
        # shows the reader where they are in the sidebar.
        build.lit = next((p for p in nav.pages if spec.section and p.file.src_uri == f"{spec.section}index.md"), None)
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
    env.globals.update(archive=build.archive, links=Links, markdown=build.renderer.html, body_of=build.renderer.body,
                       bar_chart=bar_chart, built=build.built, pdf_enabled=build.pdf)
    env.filters.update(cn_date=chinese.cn_date, issue_number=chinese.issue_number, total_number=chinese.total_number,
                       event_label=chinese.event_label, points=one_decimal, percent=percent)
    return env


def on_post_build(config):
    site_dir = Path(config.site_dir)
    if build.pdf:
        jobs = [Job(site_dir / Links.issue(issue) / "index.html", site_dir / Links.pdf(issue))
                for issue in build.archive.content.issues]
        cache = os.environ.get(PDF_CACHE_ENV) or Path(config.config_file_path).parent / ".cache" / "issue-pdf"
        try:
            log.info(str(print_issues(site_dir, jobs, Path(cache))))
        except PdfUnavailable as error:
            raise Abort(str(error)) from None
    try:
        write_index(build.archive, site_dir)
    except Exception as error:      # Pagefind's own report, whatever failed
        raise Abort(f"检索索引生成失败：{error}") from error
    # Last, so that only a finished build carries it (bulletin build and publish rely on that).
    write_manifest(config.site_dir, items={item.id: Links.item(item) for item in build.archive.items.values()},
                   issues={issue.path: Links.issue(issue) for issue in build.archive.content.issues})
