"""`bulletin`: check content, build, publish or serve the site, compose an issue, scaffold an item,
export the archive.

The site commands run the generator (ProperDocs or MkDocs) in a child process, so this package
needs no MkDocs import and the generator can be swapped without touching the domain.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
import tempfile
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

from bulletin.content import compose
from bulletin.word_import import command as word_import
from bulletin.ops import generators
from bulletin.ops import run_lock
from bulletin.ops import processes
from bulletin.ops import publish
from bulletin.ops import site_build
from bulletin.archive import Archive
from bulletin.export import export_json
from bulletin.content.load import check_content, load_content, read_content
from bulletin.content.problems import ContentError, Refused
from bulletin.ops.processes import Interrupted, stop_signals_unwind
from bulletin.ops.progress import Phases
from bulletin.ops.review import write_review
from bulletin.ops.verify import verify
from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.ops.request import BuildRequest
from bulletin.cycle.circular import circular_summary
from bulletin.tables.board_columns import columns

REPO_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"
BUSY = 75  # EX_TEMPFAIL: another run holds the lock; trying again later will work


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
    _cache_arguments(build)
    serve = command("serve", "检查内容并在本机预览网站，修改后自动刷新")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
    serve.add_argument("--config", type=Path)
    new_item = command("new-item", "为某单位新建一篇稿件（今天的日期、下一个空闲编号，状态为 draft）")
    new_item.add_argument("--unit", required=True, help="报送单位 id")
    new_item.add_argument("--title", default="（请填写标题）")
    new_item.add_argument("--category", help="类别（默认 bulletin.yml 的第一个）")
    new_item.add_argument("--topic", action="append", help="主题 id，可多次给出（默认该单位上一篇的主题）")
    new_item.add_argument("--date", type=date.fromisoformat, default=None, help="报送日期（默认今天）")
    _publish_arguments(command)
    _new_issue_arguments(command)
    verify_site = command("verify", "核验已生成的网站（与发布前的核验相同）：链接、资源、外部引用、页面齐全、未审核稿件不外泄")
    verify_site.add_argument("--site", type=Path, default=Path("site"), help="网站目录（默认 site/）")
    verify_site.add_argument("--site-url", help="生成时用的发布地址（没有给出时不填）")
    review = command("review", "为审阅人写出本次改动摘要（对照 content/published.lock）和新增、改动刊物的 PDF")
    review.add_argument("--site", type=Path, default=Path("site"), help="已生成的网站目录（取其中的 PDF）")
    review.add_argument("--out", type=Path, default=Path("review"), help="写入 summary.md 和 pdf/ 的目录（默认 review/）")

    stats = command("stats", "在终端打印采用情况统计表（与网站、CSV 相同的数字）")
    stats.add_argument("--year", type=int, help="年份（默认最近一年）")
    when = stats.add_mutually_exclusive_group()
    when.add_argument("--month", type=int, choices=range(1, 13), metavar="M", help="月份：当月通报")
    when.add_argument("--quarter", type=int, choices=range(1, 5), metavar="Q", help="季度")
    stats.add_argument("--group", help="只看一个分组")
    stats.add_argument("--date", type=_day, default=None, metavar="YYYY-MM-DD", help=JUDGED_ON_HELP)

    export = command("export", "导出全部已刊发内容（不生成网站）")
    export.add_argument("--json", action="store_true", required=True, help="JSON 格式（格式见 docs/export.md）")
    export.add_argument("--out", type=Path, help="输出文件（默认打印到标准输出）")
    export.add_argument("--date", type=_day, default=None, metavar="YYYY-MM-DD", help=JUDGED_ON_HELP)

    word_import.add_arguments(command("import", "导入 Word 刊物（.docx；.doc/.wps 需 LibreOffice）为刊物和稿件文件，并列出核对清单"))

    args = parser.parse_args(argv)
    handler = {"check": _check, "build": _build, "serve": _serve, "new-item": _new_item, "stats": _stats,
                "publish": _publish, "new-issue": _new_issue, "export": _export, "verify": _verify, "review": _review,
                "import": word_import.run}[args.command]
    try:
        with stop_signals_unwind():
            code = handler(args)
            sys.stdout.flush()  # here, not at exit: a reader gone by then is handled below too
            return code
    except BrokenPipeError:
        return _reader_went_away()
    except run_lock.Busy as busy:
        print(f"另一个运行正在进行，本次未做任何改动：{busy}", file=sys.stderr)
        return BUSY
    except Refused as refused:
        print(refused, file=sys.stderr)
        return 1
    except generators.GeneratorError as error:
        print(error, file=sys.stderr)
        return 2
    except Interrupted as stop:
        print("已中止：子进程已结束，未完成的生成已清理，已发布的网站保持原样。", file=sys.stderr)
        return stop.exit_code


PIPE_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a command whose reader stopped reading


def _reader_went_away() -> int:
    """`bulletin stats | head`: the reader has what it wanted. Point stdout at /dev/null so that the
    interpreter's last flush at exit cannot raise again, and end quietly as other commands do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return PIPE_CLOSED


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("至少为 1")
    return value


def _publish_arguments(command) -> None:
    sub = command("publish", "检查、生成、核验并原子发布到 WEBROOT/releases/，切换 WEBROOT/current；或回退")
    sub.add_argument("--to", type=Path, required=True, metavar="WEBROOT", help="发布目录（nginx 服务 WEBROOT/current）")
    sub.add_argument("--keep", type=_positive, default=5, help="保留最近几个版本（默认 5）")
    sub.add_argument("--site-url", help="发布地址，如 https://intranet/bulletin/")
    sub.add_argument("--config", type=Path)
    sub.add_argument("--rollback", action="store_true", help="把 current 改指前一个版本（不生成）")
    _cache_arguments(sub)


def _cache_arguments(sub) -> None:
    """The incremental build's cache (rendered pages, search bundles, PDFs), kept outside the site."""
    sub.add_argument("--cache", type=Path, metavar="DIR", help="增量生成的缓存目录（默认 mkdocs.yml 旁的 .cache/；publish 默认 WEBROOT/.cache/）")
    sub.add_argument("--clean", action="store_true", help="不用任何缓存，从头完整生成")


def _request(args, site_url: str | None = None) -> BuildRequest:
    """The build's settings, handed to the generator (a child process) whole."""
    cache = "off" if getattr(args, "clean", False) else str(args.cache.absolute()) if getattr(args, "cache", None) else None
    return BuildRequest.from_environment(content=str(args.content.absolute()), site_url=site_url, cache=cache)


def _new_issue_arguments(command) -> None:
    sub = command("new-issue", "编一期新刊物：下一期号、总期号，以及尚未刊于该刊物的已审核稿件（或指定的稿件）")
    sub.add_argument("series", help="刊物 id，如 zwxx")
    sub.add_argument("--date", type=date.fromisoformat, default=None, help="本期日期（默认今天）")
    sub.add_argument("--items", nargs="+", metavar="ID", help="按印刷顺序给出稿件 id（默认：未刊发的已审核稿件，从早到晚）")
    sub.add_argument("--signer", help="签发人（默认沿用上一期）")
    sub.add_argument("--dry-run", action="store_true", help="只打印将要写入的文件，不写")


JUDGED_ON_HELP = "统计日期：约稿是否到期、定额统计到哪个月，都按这一天判断（默认与生成网站相同：SOURCE_DATE_EPOCH，否则今天）"


def _judged_on(args) -> date:
    """The day requests and quotas are judged by: --date, else the build's own date, so the figures
    printed or exported agree with the site built the same day."""
    return args.date or BuildRequest.from_environment().built()


def _load(args) -> Archive | None:
    try:
        return Archive(load_content(args.content))
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return None


def _check(args) -> int:
    content, problems = read_content(Path(args.content))   # read once: the passing run's summary needs the content too
    if problems:
        for problem in problems:
            print(problem)
        print(f"共 {len(problems)} 个问题。", file=sys.stderr)
        return 1
    archive = Archive(content)
    print(f"内容检查通过：稿件 {len(content.items)} 篇（已审核 {len(archive.items)} 篇），"
          f"刊物 {len(content.issues)} 期，单位 {len(content.units)} 个，主题 {len(content.topics)} 个"
          + (f"，约稿 {len(content.requests)} 次" if content.requests else "") + "。")
    return 0


def _config(args) -> Path:
    if args.config:
        return args.config
    return Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else REPO_CONFIG


def _checked(args, request: BuildRequest) -> Archive | None:
    """Read and check the content before building (the generator builds from what was checked)."""
    with Phases(report=request.phases).phase("check", "读取并检查内容"):
        return _load(args)


def _build(args) -> int:
    request = _request(args, args.site_url)
    archive = _checked(args, request)
    if archive is None:
        return 1
    out = args.out.absolute()
    site_build.build(request, _config(args), out, archive)
    print(f"网站已生成：{out}")
    return 0


def _publish(args) -> int:
    if args.rollback:
        publish.rollback(args.to.absolute())
        return 0
    request = _request(args, args.site_url)
    archive = _checked(args, request)
    if archive is None:
        print("内容检查未通过，未发布。", file=sys.stderr)
        return 1
    root = args.to.absolute()
    if not request.cache:   # kept with the releases, so a fresh clone (a wiped CI workspace) builds warm
        request = replace(request, cache=str(publish.default_cache(root)))
    publish.publish(request, _config(args), root, archive, args.keep)
    return 0


def _verify(args) -> int:
    """The merge request's check of the site it built: the same verification publish runs."""
    archive = _load(args)
    if archive is None:
        return 1
    problems = verify(args.site, archive, args.site_url)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"网站 {args.site} 核验未通过：共 {len(problems)} 处问题。", file=sys.stderr)
        return 1
    print(f"网站核验通过：{args.site}")
    return 0


def _review(args) -> int:
    archive = _load(args)
    if archive is None:
        return 1
    summary = write_review(archive, args.content, args.site, args.out)
    print(summary.read_text(encoding="utf-8"))
    return 0


def _serve(args) -> int:
    busy = _cannot_listen(args.addr)  # before the check and the whole first build, not after them
    if busy:
        print(busy, file=sys.stderr)
        return 1
    if _load(args) is None:
        return 1
    command = generators.command("serve", "-a", args.addr, "-f", str(_config(args)))
    with tempfile.TemporaryDirectory(prefix="bulletin-serve-") as folder:
        return processes.run(command, _request(args).write(Path(folder) / "request.json"))


def _cannot_listen(addr: str) -> str | None:
    """Why the preview server could not listen at `addr` (host:port), or None."""
    host, _, port = addr.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        return f"--addr {addr} 不对：应为“地址:端口”，如 127.0.0.1:8000"
    try:
        family = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # as the preview server binds: a port left in TIME_WAIT by the last preview is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, int(port)))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return (f"无法预览：端口 {port} 已被占用（{host}:{port}）。请关闭占用它的程序（可能是另一个 bulletin serve），"
                    f"或换一个端口，如 --addr {host}:{int(port) + 1}")
        return f"无法在 {addr} 上预览：{error.strerror or error}。请检查 --addr 的地址是否属于本机"
    return None


def _new_issue(args) -> int:
    archive = _load(args)
    if archive is None:
        print("内容检查未通过：请先改正上面的问题再编新一期。", file=sys.stderr)
        return 1
    new = compose.next_issue(archive, args.content, args.series, args.date or date.today(), args.items, args.signer)
    if args.dry_run:
        print(f"# {new.path}（--dry-run：未写入）\n{new.text}", end="")
        return 0
    return _write_checked(args.content, new)


def _write_checked(content: Path, new: compose.NewFile) -> int:
    """Write a new file, then check the content with it; a file that breaks the content is taken back."""
    compose.write_new(new)
    problems = check_content(content)
    if problems:
        new.path.unlink()
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"新文件会使内容检查不通过，已撤回：{new.path}", file=sys.stderr)
        return 1
    print(new.path)
    return 0


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
    item_id = compose.next_item_id(args.content, day.year)
    new = compose.draft_item(args.content, item_id, args.title, unit.id, category, topics, day)
    code = _write_checked(args.content, new)
    if code == 0:
        print("写好正文，审核通过后把 status 改为 approved 并填写 approved_by。", file=sys.stderr)
    return code


def _stats(args) -> int:
    archive = _load(args)
    if archive is None:
        return 1
    board = Leaderboard(archive, _judged_on(args))
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
    text = export_json(archive, Leaderboard(archive, _judged_on(args)))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))  # UTF-8 whatever the terminal's locale
    return 0


def _day(text: str) -> date:
    """A date given on the command line, YYYY-MM-DD; anything else is refused with a message, never a traceback."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请写作 YYYY-MM-DD，如 2026-11-25") from None


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap



if __name__ == "__main__":
    sys.exit(main())
