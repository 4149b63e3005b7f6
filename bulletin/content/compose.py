"""Writing new content files: the next issue of a series, a draft item.

Files are made as data and written by the YAML library, never by pasting strings into a template:
a title like “会议纪要: 第一次” must come back as the same title, not break every later command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from bulletin.archive import Archive
from bulletin.labels import cn_date, issue_number
from bulletin.model import Item
from bulletin.content.problems import Refused


@dataclass(frozen=True)
class LeftOut:
    """Items a proposed issue does not take, and why: shown to the editor, who may name them with --items."""
    reason: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class NewFile:
    path: Path
    text: str
    left_out: tuple[LeftOut, ...] = ()


# What an issue takes when no items are named: more would not be an issue an office prints in one go.
DEFAULT_LIMIT = 10


class _Dumper(yaml.SafeDumper):
    """Text of several lines (an imported 编者按) as a `|` block, as editors write it by hand."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=120)


def item_text(front: dict, body: str) -> str:
    """An item file: the front matter, then the body in Markdown."""
    return f"---\n{dump(front)}---\n{body.rstrip()}\n"


def next_issue(archive: Archive, root: Path, series: str, day: date, item_ids: list[str] | None,
               signer: str | None, limit: int = DEFAULT_LIMIT) -> NewFile:
    """The next issue of `series` on `day`: its number, 总第M期 and items, or Refused. Without item_ids,
    the approved items reported since the series' last issue, oldest first, at most `limit`; what it
    leaves out and why comes with the file."""
    if series not in archive.settings.series:
        raise Refused(f"未知刊物“{series}”；可用：{'、'.join(archive.settings.series)}")
    name = archive.settings.series[series].name
    issues = archive.series_issues[series]
    main_run = [issue for issue in issues if not issue.supplement]
    this_year = [issue for issue in main_run if issue.year == day.year]
    if this_year and this_year[-1].date > day:
        last = this_year[-1]
        raise Refused(f"{archive.label(last)}的日期是 {last.date.isoformat()}，晚于新一期的 {day.isoformat()}："
                      f"期号会与日期顺序冲突。请用 --date 给出不早于 {last.date.isoformat()} 的日期。")
    number = max((issue.number for issue in this_year), default=0) + 1
    path = root / "issues" / series / str(day.year) / f"{number:03d}.yml"
    if path.exists():
        raise Refused(f"{path} 已存在（{issue_number(number)}已被占用，但未能读取）：期号冲突，未写入。")
    printed = {item_id: issue for issue in issues for item_id in issue.item_ids}
    left_out: tuple[LeftOut, ...] = ()
    if item_ids:
        items = _chosen(archive, item_ids, printed, day, name)
    else:
        items, left_out = _proposed(archive, printed, day, name, main_run[-1] if main_run else None, limit)
    signer = signer or (issues[-1].signer if issues else None)
    if not signer:
        raise Refused(f"《{name}》还没有任何一期可沿用签发人：请用 --signer 给出签发人。")
    data: dict = {"series": series, "number": number}
    if main_run:
        data["total"] = archive.total(main_run[-1]) + 1
    data.update(date=day, signer=signer, items=items)
    return NewFile(path, dump(data), left_out)


def _proposed(archive: Archive, printed: dict, day: date, name: str, last, limit: int) -> tuple[list[str], tuple[LeftOut, ...]]:
    """What an editor would take: the approved items not yet in the series, reported since its last
    issue (that day included) and not after this one, oldest first, up to `limit`. An archive's
    old approved items that never went into the series are not this issue's business: listed, not taken."""
    def oldest_first(items):
        return tuple(sorted(items, key=lambda item: (item.date, item.id)))
    since = last.date if last else date.min
    unprinted = [item for item in archive.items.values() if item.id not in printed]
    new = oldest_first(item for item in unprinted if since <= item.date <= day)
    taken, over = new[:limit], new[limit:]
    groups = [
        (f"报送于上一期（{archive.label(last)}，{cn_date(since)}）之前、未刊于《{name}》的已审核稿件：不是本期的稿件；"
         f"确要刊发，请用 --items 指定" if last else "", oldest_first(item for item in unprinted if item.date < since)),
        (f"超出每期 {limit} 篇的上限（--limit），按报送先后留待下一期", over),
        (f"报送日期晚于本期日期 {cn_date(day)}，留待以后各期", oldest_first(item for item in unprinted if item.date > day)),
        (f"上一期以来报送、尚未审核通过（status 不是 approved）", oldest_first(
            item for item in archive.content.items.values() if not item.approved and since <= item.date <= day)),
    ]
    left_out = tuple(LeftOut(reason, items) for reason, items in groups if items)
    if not taken:
        raise Refused(f"没有可刊发的稿件：上一期以来（{cn_date(since)}起）报送、不晚于 {cn_date(day)} 的已审核稿件"
                      f"都已刊于《{name}》。\n{left_out_text(left_out)}".rstrip() if last else
                      f"没有可刊发的稿件：报送日期不晚于 {cn_date(day)} 的已审核稿件都已刊于《{name}》。")
    return [item.id for item in taken], left_out


def left_out_text(left_out: tuple[LeftOut, ...], shown: int = 20) -> str:
    """The editor's list: each reason with its count, then its items (id, date, title); past `shown`
    items of one reason, the rest by id only."""
    lines = []
    for group in left_out:
        lines.append(f"未编入 {len(group.items)} 篇：{group.reason}")
        lines += [f"  {item.id}  {cn_date(item.date)}  {item.title}" for item in group.items[:shown]]
        if len(group.items) > shown:
            lines.append(f"  另有 {len(group.items) - shown} 篇：" + "、".join(item.id for item in group.items[shown:]))
    return "\n".join(lines)


def _chosen(archive: Archive, item_ids: list[str], printed: dict, day: date, name: str) -> list[str]:
    reasons = []
    for index, item_id in enumerate(item_ids):
        item = archive.content.items.get(item_id)
        if item_id in item_ids[:index]:
            reasons.append(f"稿件“{item_id}”列了两次")
        elif item is None:
            reasons.append(f"稿件“{item_id}”不存在（items/ 下没有此 id）")
        elif not item.approved:
            reasons.append(f"稿件“{item_id}”未审核通过（status: {item.status}），不能刊发：{item.path}")
        elif item_id in printed:
            reasons.append(f"稿件“{item_id}”已刊于《{name}》：{printed[item_id].path}")
        elif item.date > day:
            reasons.append(f"稿件“{item_id}”报送于 {item.date.isoformat()}，晚于本期日期 {day.isoformat()}")
    if reasons:
        raise Refused("\n".join(reasons))
    return list(item_ids)


def draft_item(root: Path, item_id: str, title: str, unit: str, category: str, topics: list[str], day: date) -> NewFile:
    front = {"id": item_id, "title": title, "unit": unit, "authors": [], "category": category,
             "topics": list(topics), "date": day, "status": "draft"}
    path = root / "items" / str(day.year) / f"{item_id}.md"
    return NewFile(path, item_text(front, "（正文）"))


def next_item_id(root: Path, year: int) -> str:
    """The next free YYYY-NNNN among every item file of the year, drafts included."""
    pattern = re.compile(rf"^{year}-(\d+)$")
    numbers = [int(m.group(1)) for p in (root / "items" / str(year)).glob("*.md") if (m := pattern.match(p.stem))]
    return f"{year}-{max(numbers, default=0) + 1:04d}"


def write_new(new: NewFile) -> None:
    """Create the file; never overwrite one (exclusive create)."""
    new.path.parent.mkdir(parents=True, exist_ok=True)
    with open(new.path, "x", encoding="utf-8") as handle:
        handle.write(new.text)
