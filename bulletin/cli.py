"""`bulletin`: check content, build or serve the site, scaffold an item, export the archive.

The site commands run the generator (ProperDocs or MkDocs) in a child process, so this package
needs no MkDocs import and the generator can be swapped without touching the domain.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

from . import generators
from .archive import Archive
from .export import export_json
from .load import check_content, load_content
from .problems import ContentError
from .scoring import Leaderboard, Period
from .tables import circular_summary, columns

REPO_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"
CONTENT_ENV = "BULLETIN_CONTENT"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bulletin", description="政务信息刊物网站：检查内容、生成和预览网站。")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--content", type=Path, default=Path("content"), help="内容目录（默认 content/）")
        return sub

    command("check", "检查内容：列出全部问题，有问题时返回非零")
    build = command("build", "检查内容并生成网站（原子替换输出目录）")
    build.add_argument("--out", type=Path, default=Path("site"), help="输出目录（默认 site/）")
    build.add_argument("--config", type=Path, help="mkdocs.yml（默认当前目录的，否则本项目自带的）")
    build.add_argument("--site-url", help="发布地址，如 http://intranet/bulletin/（部署在子路径下时必填）")
    serve = command("serve", "检查内容并在本机预览网站，修改后自动刷新")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
    serve.add_argument("--config", type=Path)
    new_item = command("new-item", "为某单位新建一篇稿件（今天的日期、下一个空闲编号，状态为 draft）")
    new_item.add_argument("--unit", required=True, help="报送单位 id")
    new_item.add_argument("--title", default="（请填写标题）")
    new_item.add_argument("--category", help="类别（默认 bulletin.yml 的第一个）")
    new_item.add_argument("--topic", action="append", help="主题 id，可多次给出（默认该单位上一篇的主题）")
    new_item.add_argument("--date", type=date.fromisoformat, default=None, help="报送日期（默认今天）")

    stats = command("stats", "在终端打印采用情况统计表（与网站、CSV 相同的数字）")
    stats.add_argument("--year", type=int, help="年份（默认最近一年）")
    when = stats.add_mutually_exclusive_group()
    when.add_argument("--month", type=int, choices=range(1, 13), metavar="M", help="月份：当月通报")
    when.add_argument("--quarter", type=int, choices=range(1, 5), metavar="Q", help="季度")
    stats.add_argument("--group", help="只看一个分组")

    export = command("export", "导出全部已刊发内容（不生成网站）")
    export.add_argument("--json", action="store_true", required=True, help="JSON 格式（格式见 docs/export.md）")
    export.add_argument("--out", type=Path, help="输出文件（默认打印到标准输出）")

    args = parser.parse_args(argv)
    handler = {"check": _check, "build": _build, "serve": _serve, "new-item": _new_item, "stats": _stats,
               "export": _export}[args.command]
    return handler(args)


def _load(args) -> Archive | None:
    try:
        return Archive(load_content(args.content))
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return None


def _check(args) -> int:
    problems = check_content(args.content)
    if problems:
        for problem in problems:
            print(problem)
        print(f"共 {len(problems)} 个问题。", file=sys.stderr)
        return 1
    archive = Archive(load_content(args.content))
    content = archive.content
    print(f"内容检查通过：稿件 {len(content.items)} 篇（已审核 {len(archive.items)} 篇），"
          f"刊物 {len(content.issues)} 期，单位 {len(content.units)} 个，主题 {len(content.topics)} 个。")
    return 0


def _config(args) -> Path:
    if args.config:
        return args.config
    return Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else REPO_CONFIG


def _mkdocs_env(args) -> dict:
    env = dict(os.environ, **{CONTENT_ENV: str(args.content.resolve())})
    if getattr(args, "site_url", None):
        env["BULLETIN_SITE_URL"] = args.site_url if args.site_url.endswith("/") else args.site_url + "/"
    return env


def _site_command(args, *words: str) -> list[str] | None:
    try:
        return generators.command(*words, "-f", str(_config(args)))
    except generators.GeneratorError as error:
        print(error, file=sys.stderr)
        return None


def _build(args) -> int:
    if _load(args) is None:
        return 1
    out = args.out.resolve()
    staging = out.with_name(f".{out.name}.building")
    plan = out.with_name(f".{out.name}.plan")
    shutil.rmtree(staging, ignore_errors=True)
    plan.unlink(missing_ok=True)
    command = _site_command(args, "build", "--strict", "-d", str(staging))
    if command is None:
        return 2
    result = subprocess.run(command, env=dict(_mkdocs_env(args), **{generators.PLAN_ENV: str(plan)}))
    problem = f"生成器退出码 {result.returncode}" if result.returncode != 0 else generators.missing_pages(plan, staging)
    plan.unlink(missing_ok=True)
    if problem:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"{problem}\n生成失败，输出目录保持原样。", file=sys.stderr)
        return result.returncode or 1
    _swap_into_place(staging, out)
    print(f"网站已生成：{out}")
    return 0


def _swap_into_place(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with renames only, so readers never see a half-written site."""
    retired = out.with_name(f".{out.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if out.exists():
        out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)


def _serve(args) -> int:
    if _load(args) is None:
        return 1
    command = _site_command(args, "serve", "-a", args.addr)
    if command is None:
        return 2
    return subprocess.call(command, env=_mkdocs_env(args))


def _new_item(args) -> int:
    archive = _load(args)
    if archive is None:
        return 1
    content = archive.content
    unit = content.units.get(args.unit)
    if unit is None:
        print(f"未知单位“{args.unit}”；可用：{', '.join(content.units)}", file=sys.stderr)
        return 1
    day = args.date or date.today()
    category = args.category or content.settings.categories[0]
    previous = next((i for i in sorted(content.items.values(), key=lambda i: i.date, reverse=True) if i.unit == unit.id), None)
    topics = args.topic or (previous.topics if previous else [next(iter(content.topics))])
    item_id = next_item_id(args.content, day.year)
    path = args.content / "items" / str(day.year) / f"{item_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\nid: {item_id}\ntitle: {args.title}\nunit: {unit.id}\nauthors: []\ncategory: {category}\n"
        f"topics: [{', '.join(topics)}]\ndate: {day.isoformat()}\nstatus: draft   # 审核通过后改为 approved 并填写 approved_by\n"
        f"---\n（正文）\n", encoding="utf-8")
    print(path)
    return 0


def _stats(args) -> int:
    archive = _load(args)
    if archive is None:
        return 1
    board = Leaderboard(archive)
    year = args.year or (board.years[0] if board.years else date.today().year)
    if args.month:
        period = Period("month", year, args.month)
    elif args.quarter:
        period = Period("quarter", year, args.quarter)
    else:
        period = Period("year", year)
    groups = [args.group] if args.group else archive.settings.groups
    unknown = [g for g in groups if g not in archive.settings.groups]
    if unknown:
        print(f"未知分组“{unknown[0]}”；可用：{'、'.join(archive.settings.groups)}", file=sys.stderr)
        return 1
    cols = columns(board, period, cumulative=period.kind == "month")
    if period.kind == "month":
        print("\n".join(circular_summary(board, period)) + "\n")
    for group in groups:
        print(f"{period.label} · {group}")
        rows = [[c.header for c in cols]] + [[c.cell(s) for c in cols] for s in board.table(period, group)]
        widths = [max(_width(row[i]) for row in rows) for i in range(len(cols))]
        for row in rows:
            print("  ".join(_pad(cell, width, cols[i].numeric) for i, (cell, width) in enumerate(zip(row, widths, strict=True))).rstrip())
        print()
    return 0


def _export(args) -> int:
    archive = _load(args)
    if archive is None:
        return 1
    text = export_json(archive)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))  # UTF-8 whatever the terminal's locale
    return 0


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def next_item_id(content: Path, year: int) -> str:
    """The next free YYYY-NNNN among every item file of the year, drafts included."""
    pattern = re.compile(rf"^{year}-(\d+)$")
    numbers = [int(m.group(1)) for p in (content / "items" / str(year)).glob("*.md") if (m := pattern.match(p.stem))]
    return f"{year}-{max(numbers, default=0) + 1:04d}"


if __name__ == "__main__":
    sys.exit(main())
