"""`bulletin import PATH... --series ID`: Word issues into content files, with the review list.

Never a traceback for a bad file: each file is read on its own, and whatever goes wrong with it
is a 未导入 line naming it, while the others go on. The content must pass the check before (an
import cannot make broken content pass) and after: files that would make it fail are taken back.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from bulletin.content.load import check_content, read_content
from bulletin.content.problems import Problems, Refused
from bulletin.word_import import convert, profile, staging, writing
from bulletin.word_import.guesses import TopicGuesser
from bulletin.word_import.review import REFUSED, UNSURE, Review
from bulletin.word_import.units import UnitMatcher

WORD = (".docx", *convert.CONVERTED, ".pdf")
_NUMBER_IN_NAME = re.compile(r"第\s*(\d+)\s*期")


def run(args) -> int:
    root = Path(args.content)
    content, problems = read_content(root)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise Refused(f"共 {len(problems)} 个问题：内容检查未通过，请先改正再导入（未写入任何文件）。")
    settings = content.settings
    if args.series not in settings.series:
        raise Refused(f"未知刊物“{args.series}”；可用：{'、'.join(settings.series)}")
    if args.topic and args.topic not in content.topics:
        raise Refused(f"未知主题“{args.topic}”；可用：{'、'.join(content.topics)}")
    try:
        office = profile.load(getattr(args, "profile", None), root)
    except profile.ProfileError as error:
        raise Refused(str(error)) from None
    context = writing.Context(root, settings, args.series, args.approved_by,
                              UnitMatcher(content.units),
                              TopicGuesser(content.topics, args.topic), office)
    review = Review()
    plans = _read_all(_sources(args.paths, review), context, review)
    written = 0
    if not args.dry_run:
        written = staging.write_checked(plans, root, review)
    for line in review.lines():
        print(line)
    kept = [p for p in plans if p.files]
    summary = (f"共读取 {len({e.file for e in review.entries})} 个文件：" + ("（--dry-run，未写入）" if args.dry_run else "")
               + f"可导入 {len(kept)} 期（稿件 {sum(len(p.files) - 1 for p in kept)} 篇，新写入文件 {written} 个），"
               f"未导入 {review.count(REFUSED)} 处，需核对 {review.count(UNSURE)} 处。")
    print(summary)
    if args.review:
        review.write(args.review, summary)
    return 1 if review.count(REFUSED) else 0


def _sources(paths: list[Path], review: Review) -> list[Path]:
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in WORD and p.is_file()
                            and not p.name.startswith(("~$", ".")))   # ~$ : Word's lock file of an open document
        elif not path.exists():
            review.at(path).refused("文件不存在")
        elif path.suffix.lower() not in WORD:
            review.at(path).refused(f"不是刊物文件（只导入 {'、'.join(WORD)}）")
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _read_all(sources: list[Path], context: writing.Context, review: Review) -> list[writing.Plan]:
    from bulletin.word_import.blocks import Unreadable  # python-docx and lxml: only when importing
    plans: list[writing.Plan] = []
    planned: dict[Path, writing.Plan] = {}
    with tempfile.TemporaryDirectory(prefix="bulletin-import-") as work:
        converted = convert.to_docx_all([s for s in sources if s.suffix.lower() in convert.CONVERTED], Path(work))
        for source in sources:
            at = review.at(source)
            try:
                readable = converted.get(source, source)
                if isinstance(readable, convert.ConversionFailed):
                    raise readable
                plan = _read_one(source, readable, context, review)
            except writing.NotImported:
                continue
            except (Unreadable, convert.ConversionFailed) as error:
                at.refused(str(error))
                continue
            except Exception as error:  # noqa: BLE001 - a file we cannot read is reported, never a traceback
                at.refused(f"读取时出错（{type(error).__name__}: {error}），未导入；请检查此文件，如无法解决请报告维护人员")
                continue
            shown = Problems(context.root).display(plan.issue_path)
            if plan.issue_path in planned:
                other = planned[plan.issue_path]
                if [f.text for f in other.files] == [f.text for f in plan.files]:
                    at.read("", f"与 {other.source} 是同一期，跳过")
                else:
                    at.refused(f"与 {other.source} 同为 {plan.label}，内容不同：未导入，请核对是哪一份")
                continue
            if bad := writing.conflicts(plan):
                at.refused(f"{plan.label} 已存在且内容不同，未覆盖：{'、'.join(Problems(context.root).display(p) for p in bad)}")
                continue
            planned[plan.issue_path] = plan
            if plan.unchanged():
                at.read("", f"已导入过，未改动：{shown}")
            else:
                at.read("", f"导入为 {shown}")
            plans.append(plan)
    return plans


def _read_one(source: Path, readable: Path, context: writing.Context, review: Review) -> writing.Plan:
    from bulletin.word_import.blocks import read_blocks
    from bulletin.word_import.pdf import read_pdf_blocks
    from bulletin.word_import.recognise import recognise
    if readable.suffix.lower() == ".pdf":
        blocks, images, tables = read_pdf_blocks(readable)
        for page, count in images.items():
            review.at(source).unsure(f"第{page}页", f"有图片 {count} 张：PDF 中的图片不导入，需要时请从原件另取")
        for page, rows in tables:
            review.at(source).unsure(f"第{page}页", f"有表格（约 {rows} 行）：PDF 中的表格按文字行导入正文，请对照原件改为表格")
    else:
        blocks = read_blocks(readable)
    issue = recognise(blocks, context.settings, context.units.knows, context.profile)
    hint = _NUMBER_IN_NAME.search(source.stem)
    return writing.plan(issue, source, int(hint.group(1)) if hint else None, context, review)
