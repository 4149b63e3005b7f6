"""Rules across records: what an item, an event or an issue refers to, and how issues number.

Each rule reports at the field that breaks it and returns whether the record may stay. Add a rule
here as a method taking the parsed values and an `At` (or the accepted records), and call it from
`readers.py` (per record) or `load.py` (over all records at the end).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from datetime import date, timedelta

from bulletin.content.draft_leaks import Shown
from bulletin.content.links import refused_links
from bulletin.labels import issue_number, total_number
from bulletin.markings import is_classified
from bulletin.model import APPROVED, Issue, Settings, in_force
from bulletin.numbering import print_order, running_totals
from bulletin.content.problems import Problems
from bulletin.content.registry import Registry
from bulletin.content.schema import At

# A date more than this far after today is a typo (2062 for 2026), not a plan: it would make a year
# that has not come the site's current one.
DATE_TOLERANCE = timedelta(days=366)

# Dates and the keys of scoring periods (2026-05-12, 2026-05, 2026-Q2, 2026-YTD-05) are on every
# leaderboard page and data file: a draft's id of that shape would be found there as a leak.
_DATE_OR_PERIOD = re.compile(r"\d{4}-(?:\d{1,2}(?:-\d{1,2})?|Q\d|YTD-\d{1,2})")


class Rules:
    def __init__(self, problems: Problems, registry: Registry, today: date):
        self.problems = problems
        self.registry = registry
        self.latest_date = today + DATE_TOLERANCE
        self.settings: Settings | None = None
        self.printed: dict[tuple[str, str], str] = {}  # (series, item id) -> path of the issue printing it
        self.shown = Shown()   # text the site shows that no published item says: a draft named in it leaks

    # -- dates and markings ----------------------------------------------------------------------

    def date_not_ahead(self, day: date | None, at: At) -> bool:
        if day is not None and day > self.latest_date:
            at.report(f"日期 {day.isoformat()} 在一年多以后，是否写错了年份？")
            return False
        return True

    def marking(self, marking: str | None, at: At) -> bool:
        if not marking:
            return True
        if is_classified(marking):
            at.report(f"“{marking}”是涉密标识：涉密信息不得上网")
            return False
        if self.settings and marking not in self.settings.markings:
            at.report(f"未知标识“{marking}”（bulletin.yml markings 中没有）")
            return False
        return True

    # -- Markdown ----------------------------------------------------------------------------------

    def links(self, markdown: str | None, first_line: int | None, at: At, pictures=None) -> bool:
        """Links publish's verification would refuse (`links.py`), each at its own line; `pictures`
        judges an item's references to its pictures (`item_images.BodyImages.refusal`)."""
        ok = True
        for line, message in refused_links(markdown, pictures):
            At(at.path, self.problems, at.field, (first_line or 0) + line or at.line).report(message)
            ok = False
        return ok

    # -- items -----------------------------------------------------------------------------------

    def item_refs(self, values: dict, at) -> bool:
        """`at(field)` gives where a field of the item stands."""
        ok = True
        units = self.registry.units
        for field, ids in (("unit", [values.get("unit")]), ("co_units", values.get("co_units") or [])):
            for unit_id in ids:
                if unit_id and unit_id not in units:
                    at(field).report(f"未知单位“{unit_id}”（units.yml 中没有）")
                    ok = False
        if values.get("unit") in (values.get("co_units") or []):
            at("co_units").report("联合报送单位不应包含报送单位本身")
            ok = False
        unit = units.get(values.get("unit"))
        if unit and unit.until and values.get("date") and values["date"] > unit.until:
            at("unit").report(f"单位“{unit.short}”已于 {unit.until.isoformat()} 撤并，不能报送此后的稿件")
            ok = False
        for topic_id in values.get("topics") or []:
            if topic_id not in self.registry.topics:
                at("topics").report(f"未知主题“{topic_id}”（topics.yml 中没有）")
                ok = False
        if self.settings and values.get("category") and values["category"] not in self.settings.categories:
            at("category").report(f"未知类别“{values['category']}”（bulletin.yml categories：{'、'.join(self.settings.categories)}）")
            ok = False
        ok &= self.marking(values.get("marking"), at("marking"))
        return self.date_not_ahead(values.get("date"), at("date")) and ok

    def draft_not_shown_anyway(self, values: dict, at) -> bool:
        """Publish's verification refuses a site on which an unapproved item's id or title appears
        (`ops/verify.py`: a leak). A draft whose id or title the site prints anyway, as a year, a
        number, another record's id or a name, would make every publish fail, naming pages, not
        the draft: so check refuses it here, at the field."""
        if not values.get("status") or values["status"] == APPROVED:
            return True
        ok = True
        item_id, title = values.get("id"), values.get("title")
        why = item_id and ("是纯数字" if item_id.isdigit() else "是日期或统计期间（如 2026-05、2026-Q2）的写法"
                           if _DATE_OR_PERIOD.fullmatch(item_id) else "与单位、主题、约稿、刊物、级别或类别的 id 相同"
                           if item_id in self._shown_ids() else None)
        if why:
            at("id").report(f"未审核稿件的 id “{item_id}”{why}：网站页面上本来就有它，发布核验会当作未审核稿件外泄而拒绝发布；"
                            f"请改用如 2026-0003 的编号")
            ok = False
        if title and title in self.shown_names():
            at("title").report(f"未审核稿件的标题“{title}”与网站上显示的名称（单位、主题、类别、刊物等）相同："
                               f"发布核验会当作未审核稿件外泄而拒绝发布；请写完整的标题")
            ok = False
        return ok

    @functools.cache  # noqa: B019 - one Rules per check; units, topics and settings are read before items
    def _shown_ids(self) -> set[str]:
        settings = self.settings
        return (set(self.registry.units.good) | set(self.registry.topics.good) | set(self.registry.requests.good)
                | (set(settings.series) | set(settings.levels) | set(settings.categories) | set(settings.groups) if settings else set()))

    @functools.cache  # noqa: B019
    def shown_names(self) -> set[str]:
        """Names the site shows whatever the items say: a draft's title in one of them leaks."""
        names = {name for unit in self.registry.units.good.values() for name in (unit.name, unit.short)}
        names |= {text for topic in self.registry.topics.good.values() for text in (topic.name, topic.description) if text}
        settings = self.settings
        if settings:
            names |= {settings.publisher, *settings.categories, *settings.groups, *settings.markings}
            names |= {series.name for series in settings.series.values()} | {level.name for level in settings.levels.values()}
        return names

    def event(self, event: dict, raw, item_date: date | None, at: At) -> bool:
        """An upward event. A level no rule set scores is fine: it scores 0 (content-format.md)."""
        ok = True
        if self.settings and event["level"] not in self.settings.levels:
            at.child("level", raw.line_of("level")).report(f"未知级别“{event['level']}”（bulletin.yml levels 中没有）")
            ok = False
        if item_date and event["date"] < item_date:
            at.child("date", raw.line_of("date")).report(
                f"事件日期 {event['date'].isoformat()} 早于稿件报送日期 {item_date.isoformat()}")
            ok = False
        ok &= self.date_not_ahead(event["date"], at.child("date", raw.line_of("date")))
        ok &= self._recorded(event, at.child("recorded", raw.line_of("recorded")))
        if event["type"] == "adopted" and not event["publication"]:
            at.child("publication", raw.line).report("采用（adopted）须写 publication（采用刊物）")
            ok = False
        return ok

    def _recorded(self, event: dict, at: At) -> bool:
        """When an adoption or 批示 became known: a day, only for what a higher office does and tells."""
        recorded = event.get("recorded")
        if recorded is None:
            return True
        if event["type"] == "forwarded":
            at.report("上报（forwarded）是本单位自己报出的，没有“得知日期”：请删去 recorded")
            return False
        if recorded < event["date"]:
            at.report(f"得知日期 {recorded.isoformat()} 早于事件日期 {event['date'].isoformat()}")
            return False
        return self.date_not_ahead(recorded, at)

    # -- 约稿 and 扣分 -------------------------------------------------------------------------------

    def asked_units(self, values: dict, raw, at: At) -> bool:
        """A request asks units that exist on its date (a list; `all` asks exactly those)."""
        ok = True
        day = values.get("date")
        for index, unit_id in enumerate(values.get("units") or ()):
            where = at.child(f"[{index + 1}]", raw.line_of(index)) if isinstance(raw, list) else at
            unit = self.registry.units.get(unit_id)
            if unit_id not in self.registry.units:
                where.report(f"未知单位“{unit_id}”（units.yml 中没有）")
                ok = False
            elif unit and day and not unit.existed(day, day):
                where.report(f"单位“{unit.short}”在约稿日期 {day.isoformat()} 不存在（since/until）")
                ok = False
        return ok

    def answers_request(self, values: dict, at: At) -> bool:
        """`request:` names a request, issued on or before the item's date, that asked one of its units."""
        request_id = values.get("request")
        requests = self.registry.requests
        if not request_id or request_id in requests.broken:
            return True
        request = requests.get(request_id)
        if request is None:
            at.report(f"未知约稿“{request_id}”（requests/ 下没有此 id）")
            return False
        day = values.get("date")
        if day and day < request.date:
            at.report(f"稿件报送日期 {day.isoformat()} 早于约稿“{request_id}”的日期 {request.date.isoformat()}")
            return False
        units = [values.get("unit"), *(values.get("co_units") or [])]
        if request.units is not None and not any(u in request.units for u in units):
            at.report(f"约稿“{request_id}”未向本稿件的报送单位约稿（约稿单位：{'、'.join(request.units)}）")
            return False
        return True

    def penalty(self, values: dict, at) -> bool:
        """`at(field)` gives where a field of the penalty stands. Its type must score in the rules of
        its date: a type no rule names would score 0 in silence (a typo such as 迟 报)."""
        ok = True
        unit = self.registry.units.get(values["unit"])
        if values["unit"] not in self.registry.units:
            at("unit").report(f"未知单位“{values['unit']}”（units.yml 中没有）")
            ok = False
        elif unit and not unit.existed(values["date"], values["date"]):
            at("unit").report(f"单位“{unit.short}”在 {values['date'].isoformat()} 不存在（since/until）")
            ok = False
        if self.settings is not None:
            rules = in_force(self.settings.scoring, values["date"])
            named = list(rules.penalties) if rules else []
            if values["type"] not in named:
                since = f"{rules.since.isoformat()} 起的计分规则" if rules else "计分规则"
                at("type").report(f"未知扣分类型“{values['type']}”（{since} penalties 中"
                                  + (f"有：{'、'.join(named)}）" if named else "没有任何类型）"))
                ok = False
        if values["item"] and values["item"] not in self.registry.items:
            at("item").report(f"稿件“{values['item']}”不存在（items/ 下没有此 id）")
            ok = False
        elif values["item"]:
            ok &= self._penalised_item(values, at("item"))
        return self.date_not_ahead(values["date"], at("date")) and ok

    def _penalised_item(self, values: dict, at: At) -> bool:
        """The item a penalty cites is on the site beside it (data/requests.json): an approved item
        of the penalised unit, submitted on or before the penalty's date."""
        item = self.registry.items.get(values["item"])
        if item is None:   # its file has problems of its own, reported there
            return True
        if not item.approved:
            at.report(f"稿件“{item.id}”未审核通过（status: {item.status}）：网站上列出扣分所引稿件的编号，"
                      f"发布核验会当作未审核稿件外泄而拒绝发布；请引用已审核的稿件，或删去 item")
            return False
        if values["unit"] not in (item.unit, *item.co_units):
            at.report(f"稿件“{item.id}”是“{self._unit_name(item.unit)}”报送的，不是“{self._unit_name(values['unit'])}”的："
                      f"扣分只能引用被扣分单位报送的稿件")
            return False
        if item.date > values["date"]:
            at.report(f"稿件“{item.id}”报送于 {item.date.isoformat()}，晚于扣分日期 {values['date'].isoformat()}："
                      f"扣分不能引用此后的稿件，请核对日期")
            return False
        return True

    def _unit_name(self, unit_id: str) -> str:
        unit = self.registry.units.get(unit_id)
        return unit.short if unit else unit_id

    def counted_while_existing(self, unit, year: int, counts: dict[int, int], written, at: At) -> bool:
        """Submissions (submissions/<YYYY>.yml) only for months the unit existed in: a count after its
        `until` or before its `since` would change its 采用率 and 定额 in silence."""
        if unit is None or (unit.until is None and unit.since is None):
            return True
        ok = True
        for key, (month, count) in zip(written, counts.items()):
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            if unit.existed(first, last):
                continue
            when = (f"已于 {unit.until.isoformat()} 撤并" if unit.until and first > unit.until
                    else f"于 {unit.since.isoformat()} 才设立")
            at.child(str(month), written.line_of(key)).report(
                f"单位“{unit.short}”{when}，{year}年{month}月不应有报送数（{count}）：请删去这个月，"
                f"或核对 units.yml 的 since/until")
            ok = False
        return ok

    # -- issues ----------------------------------------------------------------------------------

    def issue_items(self, issue: Issue, raw_items, at: At) -> bool:
        ok, seen = True, set()
        items = self.registry.items
        for index, item_id in enumerate(issue.item_ids):
            where = at.child(f"[{index + 1}]", raw_items.line_of(index))
            item = items.get(item_id)
            if item_id in seen:
                where.report(f"稿件“{item_id}”在本期列了两次")
            elif (issue.series, item_id) in self.printed:
                where.report(f"稿件“{item_id}”已刊于同一刊物的 {self.printed[(issue.series, item_id)]}")
            elif item is None:
                if item_id in items.broken:
                    continue
                where.report(f"稿件“{item_id}”不存在（items/ 下没有此 id）")
            elif not item.approved:
                where.report(f"稿件“{item_id}”未审核通过（status: {item.status}），不能刊发")
            elif item.date > issue.date:
                where.report(f"稿件“{item_id}”报送于 {item.date.isoformat()}，晚于本期日期 {issue.date.isoformat()}")
            else:
                seen.add(item_id)
                continue
            ok = False
        return ok

    def remember_printed(self, issue: Issue) -> None:
        self.printed.update(((issue.series, item_id), issue.path) for item_id in issue.item_ids)

    def numbering(self, issues: list[Issue], line_of) -> list[Issue]:
        """第N期 unique and rising with dates within a series and year; 总第M期 rising over the whole run.

        `line_of(issue, field)` gives a field's line. Returns the issues that keep their place.
        """
        refused: set[str] = set()
        runs: dict[tuple, list[Issue]] = defaultdict(list)
        for issue in issues:
            runs[(issue.series, issue.year, issue.supplement)].append(issue)
        for run in runs.values():
            run.sort(key=lambda i: (i.number, i.path))
            for before, issue in zip(run, run[1:]):
                where = At(issue.path, self.problems, "number", line_of(issue, "number"))
                name = f"{issue.year}年{issue_number(issue.number, issue.supplement)}"
                if issue.number == before.number:
                    where.report(f"期号重复：{before.path} 已是{name}")
                    refused.add(issue.path)
                elif issue.date < before.date:
                    At(issue.path, self.problems, "date", line_of(issue, "date")).report(
                        f"{name}日期 {issue.date.isoformat()} 早于{issue_number(before.number, before.supplement)}（{before.path}，"
                        f"{before.date.isoformat()}）：期号应随日期递增")
                    refused.add(issue.path)
        series: dict[str, list[Issue]] = defaultdict(list)
        for issue in issues:
            if issue.path not in refused:
                series[issue.series].append(issue)
        for run in series.values():
            previous = None
            for issue, total, written in running_totals(sorted(run, key=print_order)):
                if written and previous and total <= previous[1]:
                    counted = "" if previous[2] else "（该期未写 total，由更早的期逐期推算）"
                    At(issue.path, self.problems, "total", line_of(issue, "total")).report(
                        f"{total_number(total)}不大于前一期 {previous[0].path} 的{total_number(previous[1])}{counted}：总期号应逐期递增")
                    refused.add(issue.path)
                previous = (issue, total, written)
        return [issue for issue in issues if issue.path not in refused]
