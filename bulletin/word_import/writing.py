"""An imported issue as content files: the issue file and one item file per item, or a refusal.

Everything written follows from the Word file and the content's settings alone, never from what
is in the folder already, so importing the same file again gives the same ids and the same bytes:
an issue whose files are there as they would be written is “已导入过”, one whose files are there
but differ (edited since, or another issue of that number) is never overwritten.
Item ids are the issue's own, `<year>-<series>-<NNN>-<k>` (2019-zwxx-005-03): stable, and apart
from the `YYYY-NNNN` ids `bulletin new-item` hands out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bulletin.content import compose
from bulletin.word_import import guesses, images
from bulletin.word_import.body import title_key
from bulletin.word_import.imported import ImportedIssue
from bulletin.word_import.profile import Profile
from bulletin.word_import.review import Review
from bulletin.word_import.units import UnitMatcher
from bulletin.model import APPROVED, Settings


class NotImported(Exception):
    """The issue cannot be written; the reasons are in the review."""


@dataclass
class Context:
    root: Path
    settings: Settings
    series: str
    approved_by: str | None
    units: UnitMatcher
    topics: guesses.TopicGuesser
    profile: Profile = field(default_factory=Profile)


@dataclass
class Plan:
    source: Path
    issue_path: Path
    files: list[compose.NewFile] = field(default_factory=list)   # items first, the issue last
    label: str = ""
    images: list[tuple[Path, bytes]] = field(default_factory=list)   # written beside the items

    def unchanged(self) -> bool:
        return all(_same(new) for new in self.files) and all(_same_bytes(p, d) for p, d in self.images)


def plan(issue: ImportedIssue, source: Path, number_hint: int | None, context: Context, review: Review) -> Plan:
    """The files for one issue; NotImported (with its reasons in `review`) when it cannot be written."""
    at = review.at(source)
    refusals: list[str] = []
    series = context.settings.series[context.series]
    if issue.classified:
        refusals.append(f"报头标有“{issue.classified}”：涉密刊物不得导入")
    other = [name for name in dict.fromkeys(issue.series_names) if name != series.name]
    if other and series.name not in issue.series_names:
        refusals.append(f"报头刊名为《{other[0]}》，不是 --series {context.series} 的《{series.name}》：请用 --series 选对刊物")
    elif not issue.series_names:
        at.unsure("报头", f"未见刊名，按 --series 作《{series.name}》导入")
    number = _one(issue.numbers, "期号", at)
    if number is None and number_hint:
        number = number_hint
        at.unsure("报头", f"未见“第N期”，期号取自文件名：第{number}期")
    if number is None:
        refusals.append("未找到期号（第N期）")
    day = _one(issue.dates, "日期", at)
    if day is None and issue.printed_on:
        day = issue.printed_on
        at.unsure("报头", f"报头无日期，取版记印发日期 {day.isoformat()}")
    if day is None:
        refusals.append("未找到日期（报头或版记印发日期）")
    elif day > date.today():
        at.unsure("报头", f"日期 {day.isoformat()} 在今天之后：请核对是否印错")
    total = _one(issue.totals, "总期号", at)
    signer = issue.signer
    if signer is None and context.approved_by:
        signer = context.approved_by
        at.unsure("报头", f"未印签发人，取 --approved-by：{signer}")
    elif signer is None:
        refusals.append("未印签发人：请用 --approved-by 给出审核/签发人")
    if not issue.items:
        refusals.append("未找到稿件（标题应为 Word 标题样式，或加粗居中的段落）")
    for note in issue.notes:
        at.unsure("报头", note)
    if number is not None and day is not None:
        at.read("报头", f"{_label(series.name, issue.supplement, number, day, total)}，{day.isoformat()}，签发人 {signer}，"
                f"稿件 {len(issue.items)} 篇" + ("，编者按" if issue.foreword else "") + ("，目录" if issue.toc else "")
                + (f"，印数 {issue.copies}" if issue.copies else "")
                + (f"，版记 {'/'.join(issue.distribution)}" if issue.distribution else ""))
    fronts = _items(issue, context, at, refusals, day)
    if refusals or number is None or day is None:
        for reason in refusals:
            at.refused(reason)
        raise NotImported()
    return _files(issue, source, number, day, total, signer, fronts, context, at)


def _one(values: list, what: str, at) -> object | None:
    """The first value read; two different ones are two candidates, reported."""
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 1:
        shown = "、".join(v.isoformat() if isinstance(v, date) else str(v) for v in distinct)
        at.unsure("报头", f"{what}有两个候选：{shown}；取第一个")
    return distinct[0] if distinct else None


def _items(issue: ImportedIssue, context: Context, at, refusals: list[str], day: date | None) -> list[tuple[dict, str]]:
    fronts = []
    if issue.toc and [title_key(t) for t in issue.toc] != [title_key(i.printed_title) for i in issue.items]:
        at.unsure("目录", f"目录列 {len(issue.toc)} 条，正文识别出 {len(issue.items)} 篇，标题不尽一致：请核对")
    for index, item in enumerate(issue.items, 1):
        where = f"第{index}篇《{item.title}》"
        at.read(where, f"标题（{item.rule}）")
        for note in item.notes:
            at.unsure(where, note)
        front: dict = {"title": item.title}
        if item.byline is None:
            refusals.append(f"{where}：未找到报送单位（如“（林双县人民政府办公室）”“（林双县政府办供稿）”或标题前的“林双县：”）")
        else:
            ids = []
            for printed in item.byline.units:
                match = context.units.match(printed, day)
                if match.unit is None:
                    refusals.append(f"{where}：单位“{printed}”未匹配 units.yml 的全称、简称或别名（aliases）")
                    continue
                if len(match.candidates) > 1:
                    at.unsure(where, f"单位“{printed}”有两个候选：{'、'.join(match.candidates)}；取 {match.unit}")
                elif not match.sure:
                    at.unsure(where, f"单位“{printed}”{match.how}为 {match.unit}")
                else:
                    at.read(where, f"单位 {match.unit}（{item.byline.kind}“{printed}”，{match.how}）")
                ids.append(match.unit)
            ids = list(dict.fromkeys(ids))
            if ids:
                front["unit"] = ids[0]
                if ids[1:]:
                    front["co_units"] = ids[1:]
            if item.byline.authors:
                front["authors"] = item.byline.authors
        category = guesses.category(item.title, context.settings.categories)
        topic = context.topics.guess(item.title, item.markdown)
        for what, guess in (("类别", category), ("主题", topic)):
            (at.read if guess.sure else at.unsure)(where, f"{what} {guess.value}（{guess.reason}）")
        front.update(category=category.value, topics=[topic.value])
        if not item.body:
            at.unsure(where, "未识别出正文")
        fronts.append((front, item.markdown or "（正文未能导入，请对照原件补全）"))
    return fronts


def _files(issue: ImportedIssue, source: Path, number: int, day: date, total: int | None, signer: str,
           fronts: list[tuple[dict, str]], context: Context, at) -> Plan:
    series = context.settings.series[context.series]
    name = f"zk{number}" if issue.supplement else f"{number:03d}"
    issue_path = context.root / "issues" / context.series / str(day.year) / f"{name}.yml"
    result = Plan(source, issue_path)
    approved_by = context.approved_by or signer
    ids = []
    for index, ((front, body), item) in enumerate(zip(fronts, issue.items), 1):
        item_id = f"{day.year}-{context.series}-{name}-{index:02d}"
        where = f"第{index}篇《{item.title}》"
        body, beside = images.place(body, item.images, item_id, context.root / "items" / str(day.year),
                                    lambda text: at.unsure(where, text))
        result.images += beside
        data = {"id": item_id, **front, "date": day, "status": APPROVED, "approved_by": approved_by}
        result.files.append(compose.NewFile(context.root / "items" / str(day.year) / f"{item_id}.md",
                                            compose.item_text(data, body)))
        ids.append(item_id)
    data: dict = {"series": context.series, "number": number}
    if total:
        data["total"] = total
    if issue.supplement:
        data["supplement"] = True
    data.update(date=day, signer=signer)
    for key in ("editor", "marking"):
        if getattr(issue, key):
            data[key] = getattr(issue, key)
    if issue.foreword:
        data["foreword"] = "\n\n".join(issue.foreword)
    data["items"] = ids
    if issue.distribution and issue.distribution != series.distribution:   # else the series' default prints
        data["distribution"] = issue.distribution
    if issue.copies:
        data["copies"] = issue.copies
    result.files.append(compose.NewFile(issue_path, compose.dump(data)))
    result.label = _label(series.name, issue.supplement, number, day, total)
    return result


def _label(name: str, supplement: bool, number: int, day: date, total: int | None) -> str:
    return f"《{name}》{day.year}年{'增刊' if supplement else ''}第{number}期" + (f"（总第{total}期）" if total else "")


def _same(new: compose.NewFile) -> bool:
    return _same_bytes(new.path, new.text.encode("utf-8"))


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def conflicts(result: Plan) -> list[Path]:
    """Files of the plan that exist with other content: never overwritten."""
    return ([new.path for new in result.files if new.path.exists() and not _same(new)]
            + [path for path, data in result.images if path.exists() and not _same_bytes(path, data)])
