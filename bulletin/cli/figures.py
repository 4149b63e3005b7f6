"""The cycle's figures out of the site: `bulletin stats` prints the leaderboard's tables in the
terminal (and a month's circular sentences), `bulletin export --json` writes the whole archive.
Both judge requests and quotas on the day the site built that day would."""

from __future__ import annotations

import sys
import unicodedata
from datetime import date

from bulletin.cli.loading import load
from bulletin.cycle.circular import circular_summary
from bulletin.cycle.scoring import Leaderboard, Period
from bulletin.export import export_json
from bulletin.ops.request import BuildRequest
from bulletin.tables.board_columns import columns


def _judged_on(args) -> date:
    """The day requests and quotas are judged by: --date, else the build's own date, so the figures
    printed or exported agree with the site built the same day."""
    return args.date or BuildRequest.from_environment().built()


def stats(args) -> int:
    archive = load(args)
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


def export(args) -> int:
    archive = load(args)
    if archive is None:
        return 1
    text = export_json(archive, Leaderboard(archive, _judged_on(args)))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))  # UTF-8 whatever the terminal's locale
    return 0


def fees(args) -> int:
    """Finance's CSVs, off the site: per year the sectioned table (people read it) and every payment
    as one flat table (Excel sums it), whatever `publish_fees` says."""
    from bulletin.cycle.authors import Authors
    from bulletin.tables.author_columns import fees_csv_for_year, payments_csv_for_year
    archive = load(args)
    if archive is None:
        return 1
    if not archive.settings.fees:
        print("bulletin.yml 没有设置稿酬标准（fees），没有稿酬表可写。", file=sys.stderr)
        return 1
    if args.out.resolve().is_relative_to(args.content.resolve()):
        print(f"不能写入 {args.out}：它在内容目录中，稿酬表会被提交进版本库", file=sys.stderr)
        return 1
    authors = Authors.of(Leaderboard(archive, _judged_on(args)))
    args.out.mkdir(parents=True, exist_ok=True)
    for year in authors.board.years:
        (args.out / f"gaochou-{year}.csv").write_text(fees_csv_for_year(authors, year), encoding="utf-8", newline="")
        (args.out / f"gaochou-{year}-mingxi.csv").write_text(payments_csv_for_year(authors, year), encoding="utf-8", newline="")
    print(f"已写出 {len(authors.board.years) * 2} 个稿酬表到 {args.out}/（供财务，不在网站上）")
    return 0


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap
