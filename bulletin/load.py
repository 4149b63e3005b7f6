"""Read a content folder into validated records, reporting every problem in one run.

Files are read in dependency order (bulletin.yml, units, topics, items, issues, submissions) so that
each record is checked against the ones it refers to while its line numbers are still at hand. A
record with problems of its own is left out of later checks, but its id stays known, so that one
mistake is reported once and not again by everything that refers to it.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import spec
from .model import APPROVED, CLASSIFIED, Content, Event, Issue, Item, Level, RuleSet, Series, Settings, Topic, Unit
from .problems import ContentError, Problems
from .schema import At, attempt, parse_record
from .yamltext import LineDict, decode, load, split_front_matter

YEAR_DIR = re.compile(r"^\d{4}$")
URL_UNSAFE = re.compile(r"[/\\?#%]")


def load_content(root: Path | str) -> Content:
    """Load and validate a content folder; raise ContentError listing every problem."""
    loader = _Loader(Path(root))
    content = loader.run()
    if loader.problems:
        raise ContentError(loader.problems)
    return content


def check_content(root: Path | str) -> Problems:
    loader = _Loader(Path(root))
    loader.run()
    return loader.problems


class _Loader:
    def __init__(self, root: Path):
        self.root = root
        self.problems = Problems(root)
        self.settings: Settings | None = None
        self.units: dict[str, Unit] = {}
        self.topics: dict[str, Topic] = {}
        self.items: dict[str, Item] = {}
        self.issues: list[Issue] = []
        self.submissions: dict[int, dict[str, dict[int, int]]] = {}
        # ids that exist but failed their own checks: referring to them is not a second problem
        self.broken_units: set[str] = set()
        self.broken_topics: set[str] = set()
        self.broken_items: set[str] = set()
        self.item_paths: dict[str, str] = {}
        self.scored_levels: set[tuple[str, str]] = set()  # (event type, level) some rule set gives points for
        # what earlier issue files took, so that each new one is checked in constant time
        self.issue_numbers: dict[tuple, str] = {}          # (series, year, supplement, number) -> path
        self.issue_totals: dict[tuple[str, int], str] = {}  # (series, total) -> path
        self.printed: dict[tuple[str, str], str] = {}       # (series, item id) -> path of the issue

    def run(self) -> Content:
        if not self.root.is_dir():
            self.problems.add(self.root, None, "", "内容目录不存在")
            return self._content()
        self._load_settings()
        self._load_units()
        self._load_topics()
        for path in sorted((self.root / "items").glob("**/*.md")):
            self._load_item(path)
        for path in sorted((self.root / "issues").glob("*/*/*.yml")):
            self._load_issue(path)
        for path in sorted((self.root / "submissions").glob("*.yml")):
            self._load_submissions(path)
        return self._content()

    def _content(self) -> Content:
        return Content(self.settings, self.units, self.topics, self.items, self.issues, self.submissions)

    # -- reading -------------------------------------------------------------------------------

    def _read_yaml(self, path: Path):
        if not path.is_file():
            self.problems.add(path, None, "", "文件不存在")
            return None
        text = decode(path.read_bytes(), path, self.problems)
        return None if text is None else load(text, path, self.problems)

    def _at(self, path: Path, line: int | None = None, field: str = "") -> At:
        return At(path, self.problems, field, line)

    def _records(self, path: Path, schema: dict):
        """Parse a file holding a list of records; yield (values, ok, raw mapping, index)."""
        data = self._read_yaml(path)
        if data is None:
            return
        if not isinstance(data, list):
            self._at(path, getattr(data, "line", 1)).report("应为列表（每项以“- ”开头）")
            return
        for index, raw in enumerate(data):
            values, ok = parse_record(raw, schema, self._at(path, data.line_of(index), f"[{index + 1}]"))
            yield values, ok, raw, index

    # -- bulletin.yml --------------------------------------------------------------------------

    def _load_settings(self) -> None:
        path = self.root / "bulletin.yml"
        data = self._read_yaml(path)
        if data is None:
            return
        values, ok = parse_record(data, spec.BULLETIN, self._at(path, 1))
        if not ok:
            return
        at = lambda field: self._at(path, data.line_of(field), field)  # noqa: E731
        series = {}
        for entry in values["series"]:
            if entry["id"] in series:
                at("series").report(f"刊物 id “{entry['id']}”重复")
            series[entry["id"]] = Series(entry["id"], entry["name"], entry["distribution"])
        levels = {}
        for entry in values["levels"]:
            if entry["id"] in levels:
                at("levels").report(f"级别 id “{entry['id']}”重复")
            levels[entry["id"]] = Level(entry["id"], entry["name"])
        for name in ("categories", "groups", "markings"):
            if len(set(values[name])) != len(values[name]):
                at(name).report("有重复的名称")
        for category in values["categories"]:
            if URL_UNSAFE.search(category):
                at("categories").report(f"类别“{category}”含有 / \\ ? # % 等字符：类别名用在网址中")
        for marking in values["markings"]:
            if any(word in marking for word in CLASSIFIED):
                at("markings").report(f"“{marking}”是涉密标识：涉密信息不得上网")
        rule_sets = []
        for index, entry in enumerate(values["scoring"]):
            raw = data["scoring"][index]
            where = at("scoring").child(f"[{index + 1}]", raw.line)
            if rule_sets and entry["since"] <= rule_sets[-1].since:
                where.child("since", raw.line_of("since")).report("规则集应按 since 日期从早到晚排列，且日期不重复")
            for kind in ("forwarded", "adopted", "instruction"):
                self._known_levels(entry[kind], levels, where.child(kind, raw.line_of(kind)))
            for publication, points in entry["publications"].items():
                self._known_levels(points, levels, where.child(f"publications.{publication}", raw.line_of("publications")))
            rule_sets.append(RuleSet(**entry))
            self.scored_levels.update(("forwarded", level) for level in entry["forwarded"])
            self.scored_levels.update(("adopted", level) for level in entry["adopted"])
            self.scored_levels.update(("adopted", level) for points in entry["publications"].values() for level in points)
            self.scored_levels.update(("instruction", level) for level in entry["instruction"])
        self.settings = Settings(
            publisher=values["publisher"], series=series, categories=values["categories"],
            groups=values["groups"], levels=levels, markings=values["markings"], scoring=rule_sets,
            circular_number=values["circular_number"],
        )

    def _known_levels(self, points: dict, levels: dict, at: At) -> None:
        for level in points:
            if level not in levels:
                at.report(f"未知级别“{level}”（bulletin.yml levels 中没有）")

    # -- units.yml, topics.yml -----------------------------------------------------------------

    def _load_units(self) -> None:
        path = self.root / "units.yml"
        successors = []
        for values, ok, raw, index in self._records(path, spec.UNIT):
            unit_id = values.get("id")
            at = self._at(path, raw.line_of("id") if isinstance(raw, LineDict) else None, f"[{index + 1}].id")
            if unit_id in self.units or unit_id in self.broken_units:
                at.report(f"单位 id “{unit_id}”重复")
                continue
            if self.settings and values.get("group") and values["group"] not in self.settings.groups:
                self._at(path, raw.line_of("group"), f"[{index + 1}].group").report(
                    f"未知分组“{values['group']}”（bulletin.yml groups：{'、'.join(self.settings.groups)}）")
                ok = False
            if values.get("successor") and not values.get("until"):
                self._at(path, raw.line_of("successor"), f"[{index + 1}].successor").report("有 successor 时须写 until（撤并日期）")
                ok = False
            if not ok:
                if unit_id:
                    self.broken_units.add(unit_id)
                continue
            values["short"] = values["short"] or values["name"]
            self.units[unit_id] = Unit(order=index, **values)
            if values["successor"]:
                successors.append((unit_id, values["successor"], raw.line_of("successor"), index))
        for unit_id, successor, line, index in successors:
            if successor == unit_id or (successor not in self.units and successor not in self.broken_units):
                self._at(path, line, f"[{index + 1}].successor").report(f"未知的继任单位“{successor}”")

    def _load_topics(self) -> None:
        path = self.root / "topics.yml"
        for values, ok, raw, index in self._records(path, spec.TOPIC):
            topic_id = values.get("id")
            if topic_id in self.topics or topic_id in self.broken_topics:
                self._at(path, raw.line_of("id"), f"[{index + 1}].id").report(f"主题 id “{topic_id}”重复")
            elif ok:
                self.topics[topic_id] = Topic(order=index, **values)
            elif topic_id:
                self.broken_topics.add(topic_id)

    # -- items ---------------------------------------------------------------------------------

    def _load_item(self, path: Path) -> None:
        text = decode(path.read_bytes(), path, self.problems)
        if text is None:
            self.broken_items.add(path.stem)
            return
        parts = split_front_matter(text)
        if parts is None:
            self._at(path, 1).report("缺少以“---”开头和结尾的 YAML 头部（front matter）")
            self.broken_items.add(path.stem)
            return
        front, offset, body = parts
        data = load(front, path, self.problems, line_offset=offset)
        if not isinstance(data, LineDict):
            if data is not None:
                self._at(path, 2).report("YAML 头部应为“键: 值”形式的映射")
            self.broken_items.add(path.stem)
            return
        values, ok = parse_record(data, spec.ITEM, self._at(path, 2))
        item_id = values.get("id") or path.stem
        at = lambda field: self._at(path, data.line_of(field), field)  # noqa: E731
        if item_id in self.items or item_id in self.broken_items:
            at("id").report(f"稿件 id “{item_id}”重复（另见 {self.item_paths.get(item_id, '另一文件')}）")
            return
        self.item_paths[item_id] = self.problems._display(path)
        if values.get("id") and values["id"] != path.stem:
            at("id").report(f"id “{values['id']}”应与文件名“{path.stem}.md”一致")
            ok = False
        if values.get("date") and YEAR_DIR.match(path.parent.name) and int(path.parent.name) != values["date"].year:
            at("date").report(f"日期在 {values['date'].year} 年，文件却在 {path.parent.name}/ 目录")
            ok = False
        ok &= self._check_item_refs(values, at)
        if values.get("status") == APPROVED and not values.get("approved_by"):
            self._at(path, data.line_of("status"), "approved_by").report("已审核（status: approved）的稿件须写 approved_by（审核/签发人）")
            ok = False
        events = []
        for index, event in enumerate(values.get("events") or []):
            raw = data["events"][index]
            where = at("events").child(f"[{index + 1}]", raw.line)
            if self._check_event(event, raw, values.get("date"), where):
                events.append(Event(**event))
            else:
                ok = False
        if not ok:
            self.broken_items.add(item_id)
            return
        values["events"] = events
        self.items[item_id] = Item(body=body, path=self.item_paths[item_id], **values)

    def _check_item_refs(self, values: dict, at) -> bool:
        ok = True
        unit = self.units.get(values.get("unit"))
        for field, ids in (("unit", [values.get("unit")]), ("co_units", values.get("co_units") or [])):
            for unit_id in ids:
                if unit_id and unit_id not in self.units and unit_id not in self.broken_units:
                    at(field).report(f"未知单位“{unit_id}”（units.yml 中没有）")
                    ok = False
        if values.get("unit") in (values.get("co_units") or []):
            at("co_units").report("联合报送单位不应包含报送单位本身")
            ok = False
        if unit and unit.until and values.get("date") and values["date"] > unit.until:
            at("unit").report(f"单位“{unit.short}”已于 {unit.until.isoformat()} 撤并，不能报送此后的稿件")
            ok = False
        for topic_id in values.get("topics") or []:
            if topic_id not in self.topics and topic_id not in self.broken_topics:
                at("topics").report(f"未知主题“{topic_id}”（topics.yml 中没有）")
                ok = False
        if self.settings:
            if values.get("category") and values["category"] not in self.settings.categories:
                at("category").report(
                    f"未知类别“{values['category']}”（bulletin.yml categories：{'、'.join(self.settings.categories)}）")
                ok = False
            ok &= self._check_marking(values.get("marking"), at("marking"))
        return ok

    def _check_marking(self, marking: str | None, at: At) -> bool:
        if not marking:
            return True
        if any(word in marking for word in CLASSIFIED):
            at.report(f"“{marking}”是涉密标识：涉密信息不得上网")
            return False
        if self.settings and marking not in self.settings.markings:
            at.report(f"未知标识“{marking}”（bulletin.yml markings 中没有）")
            return False
        return True

    def _check_event(self, event: dict, raw: LineDict, item_date, at: At) -> bool:
        ok = True
        if self.settings and event["level"] not in self.settings.levels:
            at.child("level", raw.line_of("level")).report(f"未知级别“{event['level']}”（bulletin.yml levels 中没有）")
            ok = False
        elif self.settings and self.settings.scoring and (event["type"], event["level"]) not in self.scored_levels:
            at.child("level", raw.line_of("level")).report(
                f"没有任何计分规则给“{event['type']}”在级别“{event['level']}”记分（bulletin.yml scoring）")
            ok = False
        if item_date and event["date"] < item_date:
            at.child("date", raw.line_of("date")).report(
                f"事件日期 {event['date'].isoformat()} 早于稿件报送日期 {item_date.isoformat()}")
            ok = False
        if event["type"] == "adopted" and not event["publication"]:
            at.child("publication", raw.line).report("采用（adopted）须写 publication（采用刊物）")
            ok = False
        return ok

    # -- issues --------------------------------------------------------------------------------

    def _load_issue(self, path: Path) -> None:
        data = self._read_yaml(path)
        if not isinstance(data, LineDict):
            if data is not None:
                self._at(path, 1).report("应为“键: 值”形式的映射")
            return
        values, ok = parse_record(data, spec.ISSUE, self._at(path, 1))
        at = lambda field: self._at(path, data.line_of(field), field)  # noqa: E731
        series_dir, year_dir = path.parent.parent.name, path.parent.name
        if self.settings and values.get("series") and values["series"] not in self.settings.series:
            at("series").report(f"未知刊物“{values['series']}”（bulletin.yml series 中没有）")
            ok = False
        elif values.get("series") and values["series"] != series_dir:
            at("series").report(f"刊物为“{values['series']}”，文件却在 issues/{series_dir}/ 目录")
            ok = False
        if values.get("date") and YEAR_DIR.match(year_dir) and int(year_dir) != values["date"].year:
            at("date").report(f"日期在 {values['date'].year} 年，文件却在 {year_dir}/ 目录")
            ok = False
        if values.get("number") and not values.get("supplement") and path.stem.isdigit() and int(path.stem) != values["number"]:
            at("number").report(f"期号 {values['number']} 与文件名“{path.name}”不一致")
            ok = False
        ok &= self._check_marking(values.get("marking"), at("marking"))
        if not ok:
            return
        issue = Issue(path=self.problems._display(path), item_ids=values.pop("items"), **values)
        number = (issue.series, issue.year, issue.supplement, issue.number)
        if number in self.issue_numbers:
            at("number").report(f"期号重复：{self.issue_numbers[number]} 已是 {issue.year} 年第 {issue.number} 期")
            return
        if issue.total and (issue.series, issue.total) in self.issue_totals:
            at("total").report(f"总期号重复：{self.issue_totals[(issue.series, issue.total)]} 已是总第 {issue.total} 期")
            return
        if self._check_issue_items(issue, data["items"], at):
            self.issues.append(issue)
            self.issue_numbers[number] = issue.path
            if issue.total:
                self.issue_totals[(issue.series, issue.total)] = issue.path
            self.printed.update(((issue.series, item_id), issue.path) for item_id in issue.item_ids)

    def _check_issue_items(self, issue: Issue, raw_items, at) -> bool:
        ok, seen = True, set()
        for index, item_id in enumerate(issue.item_ids):
            where = self._at(issue.path, raw_items.line_of(index), f"items[{index + 1}]")
            item = self.items.get(item_id)
            if item_id in seen:
                where.report(f"稿件“{item_id}”在本期列了两次")
            elif (issue.series, item_id) in self.printed:
                where.report(f"稿件“{item_id}”已刊于同一刊物的 {self.printed[(issue.series, item_id)]}")
            elif item is None:
                if item_id in self.broken_items:
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

    # -- submissions ---------------------------------------------------------------------------

    def _load_submissions(self, path: Path) -> None:
        if not YEAR_DIR.match(path.stem):
            self._at(path).report("文件名应为年份，如 2026.yml")
            return
        data = self._read_yaml(path)
        if data is None:
            return
        if not isinstance(data, LineDict):
            self._at(path, 1).report("应为“单位id: {月: 报送数}”形式的映射")
            return
        counts = {}
        for unit_id, months in data.items():
            at = self._at(path, data.line_of(unit_id), str(unit_id))
            if unit_id not in self.units and unit_id not in self.broken_units:
                at.report(f"未知单位“{unit_id}”（units.yml 中没有）")
                continue
            parsed, ok = attempt(spec.MONTHLY_COUNTS, months, at)
            if not ok:
                continue
            bad = [month for month in parsed if month > 12]
            if bad:
                at.report(f"月份 {bad[0]} 不存在（应为 1-12）")
                continue
            counts[unit_id] = parsed
        self.submissions[int(path.stem)] = counts
