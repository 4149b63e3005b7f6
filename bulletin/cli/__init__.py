"""`bulletin`: check content, build, publish or serve the site, compose an issue, scaffold an item,
print or export the figures, import Word issues.

Every command is one row of `COMMANDS`: its name, its help, its arguments (bulletin/cli/arguments.py)
and its handler (checking.py, site.py, writing.py, figures.py, bulletin/word_import/command.py), imported only when
its command runs, so `bulletin check` does not load the Word import or the export. `main` reads the command
line by the table, runs the handler, and turns what any command can meet (a busy lock, a refusal,
a missing generator, Ctrl-C, a reader gone) into one message and an exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from bulletin.cli.arguments import CACHE, JUDGED_ON, Adder, arg, date_argument, one_of, positive, speak_chinese
from bulletin.cli.handlers import Handler
from bulletin.content.problems import Refused
from bulletin.ops import generators, run_lock
from bulletin.ops.processes import Interrupted, stop_signals_unwind

BUSY = 75          # EX_TEMPFAIL: another run holds the lock; trying again later will work
PIPE_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a command whose reader stopped reading


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: tuple[Adder, ...] = ()   # besides --content, which every command takes


COMMANDS = (
    Command("check", "检查内容：列出全部问题，有问题时返回非零", Handler("checking", "check")),
    Command("build", "检查内容并生成网站（原子替换输出目录）", Handler("site", "build"), (
        arg("--out", type=Path, default=Path("site"), help="输出目录（默认 site/）"),
        arg("--config", type=Path, help="mkdocs.yml（默认当前目录的，否则本项目自带的）"),
        arg("--site-url", help="发布地址，如 http://intranet/bulletin/（部署在子路径下时必填）"),
        *CACHE)),
    Command("serve", "检查内容并在本机预览网站，修改后自动刷新", Handler("site", "serve"), (
        arg("--addr", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）"),
        arg("--config", type=Path))),
    Command("new-item", "为某单位新建一篇稿件（今天的日期、下一个空闲编号，状态为 draft）", Handler("writing", "new_item"), (
        arg("--unit", required=True, help="报送单位 id"),
        arg("--title", default="（请填写标题）"),
        arg("--category", help="类别（默认 bulletin.yml 的第一个）"),
        arg("--topic", action="append", help="主题 id，可多次给出（默认该单位上一篇的主题）"),
        date_argument("报送日期（默认今天）"))),
    Command("publish", "检查、生成、核验并原子发布到 WEBROOT/releases/，切换 WEBROOT/current；或回退", Handler("site", "publish"), (
        arg("--to", type=Path, required=True, metavar="WEBROOT", help="发布目录（nginx 服务 WEBROOT/current）"),
        arg("--keep", type=positive, default=5, help="保留最近几个版本（默认 5）"),
        arg("--site-url", help="发布地址，如 https://intranet/bulletin/"),
        arg("--config", type=Path),
        arg("--rollback", action="store_true", help="把 current 改指前一个版本（不生成）"),
        arg("--repair-chain", action="store_true",
            help="版本链有问题时：从保留的版本和版本库重建版本链，再完整地生成并发布（见 docs/publishing.md）"),
        *CACHE)),
    Command("new-issue", "编一期新刊物：下一期号、总期号，以及上一期以来报送、尚未刊于该刊物的已审核稿件（或指定的稿件）", Handler("writing", "new_issue"), (
        arg("series", help="刊物 id，如 zwxx"),
        date_argument("本期日期（默认今天）"),
        arg("--items", nargs="+", metavar="ID", help="按印刷顺序给出稿件 id（默认：上一期以来报送、未刊发的已审核稿件，从早到晚）"),
        arg("--limit", type=positive, help="不给 --items 时本期至多几篇（默认 10），其余留待下一期"),
        arg("--signer", help="签发人（默认沿用上一期）"),
        arg("--dry-run", action="store_true", help="只打印将要写入的文件，不写"))),
    Command("verify", "核验已生成的网站（与发布前的核验相同）：链接、资源、外部引用、页面齐全、未审核稿件不外泄", Handler("site", "verify"), (
        arg("--site", type=Path, default=Path("site"), help="网站目录（默认 site/）"),
        arg("--site-url", help="生成时用的发布地址（没有给出时不填）"),
        arg("--served", type=Path, metavar="WEBROOT",
            help="改为核对发布目录：每个版本的每个文件对照其清单，每个版本记录对照版本链和发布日志（不读内容）"))),
    Command("review", "为审阅人写出本次合并请求的改动摘要（对照目标分支）、改动的页面和新增、改动刊物的 PDF", Handler("site", "review"), (
        arg("--site", type=Path, default=Path("site"), help="已生成的网站目录（取其中的页面和 PDF）"),
        arg("--out", type=Path, default=Path("review"), help="写入 summary.md、site/ 和 pdf/ 的目录（默认 review/）"),
        arg("--against", metavar="REF",
            help="目标分支或合并基点（git 提交，CI 中为 $CI_MERGE_REQUEST_DIFF_BASE_SHA）；不给出时全部列为新增"))),
    Command("stats", "在终端打印采用情况统计表（与网站、CSV 相同的数字）", Handler("figures", "stats"), (
        arg("--year", type=int, help="年份（默认最近一年）"),
        one_of(arg("--month", type=int, choices=range(1, 13), metavar="M", help="月份：当月通报"),
               arg("--quarter", type=int, choices=range(1, 5), metavar="Q", help="季度")),
        arg("--group", help="只看一个分组"),
        JUDGED_ON)),
    Command("export", "导出全部已刊发内容（不生成网站）", Handler("figures", "export"), (
        arg("--json", action="store_true", required=True, help="JSON 格式（格式见 docs/export.md）"),
        arg("--out", type=Path, help="输出文件（默认打印到标准输出）"),
        JUDGED_ON)),
    Command("fees", "写出稿酬表 CSV 供财务（每年一份分段表、一份可在 Excel 中求和的明细表；不放到网站上）", Handler("figures", "fees"), (
        arg("--out", type=Path, default=Path("gaochou"), help="写入的目录（默认 gaochou/；不要放在网站目录或 content/ 中）"),
        JUDGED_ON)),
    Command("import", "导入 Word 刊物（.docx；.doc/.wps 需 LibreOffice）和 PDF 刊物为刊物和稿件文件，并列出核对清单", Handler("word_import", "run"), (
        arg("paths", nargs="+", type=Path, metavar="PATH", help="刊物文件（.docx/.doc/.wps/.pdf）或其所在文件夹"),
        arg("--series", required=True, help="刊物 id，如 zwxx"),
        arg("--approved-by", help="审核/签发人（默认取每期印的签发人）"),
        arg("--topic", help="认不出主题时用的主题 id（默认 topics.yml 的第一个）"),
        arg("--review", type=Path, metavar="FILE", help="把核对清单另写入此文件"),
        arg("--profile", type=Path, metavar="FILE", help="导入配置（本机关的版式，见 docs/import.md；默认 content/_import.yml，如有）"),
        arg("--dry-run", action="store_true", help="只读取并列出核对清单，不写文件"))),
)


def version() -> str:
    from importlib import metadata   # here: importing it costs every command about a tenth of a second
    try:
        return metadata.version("bulletin")
    except metadata.PackageNotFoundError:   # run from a checkout that was never installed
        return "（未安装）"


class _Version(argparse._VersionAction):
    """argparse's --version, the release looked up only when it is asked for."""

    def __call__(self, parser, namespace, values, option_string=None):
        self.version = f"bulletin {version()}"
        super().__call__(parser, namespace, values, option_string)


def parser() -> argparse.ArgumentParser:
    """The command line as the table declares it."""
    speak_chinese()
    top = argparse.ArgumentParser(prog="bulletin", description="政务信息刊物网站：检查内容、生成和预览网站。")
    top.add_argument("--version", action=_Version)
    commands = top.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        sub.add_argument("--content", type=Path, default=Path("content"), help="内容目录（默认 content/）")
        for add in command.arguments:
            add(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    run = next(command.run for command in COMMANDS if command.name == args.command)
    try:
        with stop_signals_unwind():
            code = run(args)
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


def _reader_went_away() -> int:
    """`bulletin stats | head`: the reader has what it wanted. Point stdout at /dev/null so that the
    interpreter's last flush at exit cannot raise again, and end quietly as other commands do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return PIPE_CLOSED
