"""Reading each kind of content file into model records: its schema (`contract`), then what the file
alone can tell (file name against id, number and year), then the rules across records (`cross_checks`).

Each reader takes one file's path (the methods `kinds.KINDS` names); what it reads joins the registry
(ids other files refer to), `rules.settings` (bulletin.yml) or what the reader has `gathered`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bulletin.content import contract
from bulletin.content.cross_checks import Rules
from bulletin.content.files import read_front_matter, read_yaml
from bulletin.content.discover import Layout
from bulletin.content.item_images import ImageFiles
from bulletin.content.kept_readings import KeptReadings
from bulletin.content.kinds import is_year
from bulletin.content.links import image_sources
from bulletin.content.office_readers import OfficeReaders
from bulletin.content.problems import Problems
from bulletin.content.registry import Known, Registry
from bulletin.content.schema import At, attempt, parse_record
from bulletin.content.yamltext import LineDict, source_text, text_line
from bulletin.model import (
    APPROVED, Awards, EligibilityRule, Event, FeeRule, FollowUp, Issue, Item, Level, Penalty, Request, RuleSet, Series,
    Settings, Site, StaffMember, Topic, Unit,
)


@dataclass
class Gathered:
    """What the readers of issues, counts and penalties found (other records join the registry)."""

    issues: list[Issue] = field(default_factory=list)   # in path order, numbered once all are read
    submissions: dict[int, dict[str, dict[int, int]]] = field(default_factory=dict)  # year -> unit -> month -> count
    penalties: list[Penalty] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)   # office_readers.py
    staff: list[StaffMember] = field(default_factory=list)


class RecordReader(OfficeReaders):
    def __init__(self, problems: Problems, registry: Registry, rules: Rules, layout: Layout):
        self.problems = problems
        self.registry = registry
        self.rules = rules
        self.gathered = Gathered()
        self.issue_lines: dict[str, LineDict] = {}  # issue.path -> its mapping, for rules over all issues
        self.images = ImageFiles(problems)   # items/<YYYY>/images/: read before the items that show them
        self.kept = KeptReadings(self, layout)   # clean readings of unchanged files, from the last check

    def image(self, path: Path) -> None:
        self.images.read(path)

    def _at(self, path, line: int | None = None, field: str = "") -> At:
        return At(path, self.problems, field, line)

    def _fields(self, path, data: LineDict):
        return lambda field: self._at(path, data.line_of(field), field)

    def _mapping(self, path: Path, what_to_write: str, shape: str) -> LineDict | None:
        """A file that must hold one mapping: its data, or None once the problem is reported."""
        data = read_yaml(path, self.problems, what_to_write)
        if data is not None and not isinstance(data, LineDict):
            self._at(path, getattr(data, "line", 1)).report(shape)
            return None
        return data

    def _list_of_records(self, path: Path, schema: dict, known: Known):
        """A file holding a list of records; yield (values, ok, raw mapping, index)."""
        data = read_yaml(path, self.problems, "应为列表（每项以“- ”开头）")
        if not isinstance(data, list):
            if data is not None:
                self._at(path, getattr(data, "line", 1)).report("应为列表（每项以“- ”开头）")
            known.readable = False
            return
        for index, raw in enumerate(data):
            values, ok = parse_record(raw, schema, self._at(path, data.line_of(index), f"[{index + 1}]"))
            yield values, ok, raw, index

    def _never_silently(self, path: Path, read):
        """Run one file's reader; a file left out of the content always says why (nothing lost)."""
        found = len(self.problems)
        result = read()
        if result is None and len(self.problems) == found:
            self._at(path, 1).report("此文件未能读取，也未发现具体问题：请检查其格式；如无法解决，请报告维护人员")
        return result

    # -- bulletin.yml ----------------------------------------------------------------------------

    def _early_circulars(self, days: list, written, at) -> None:
        """One early 通报 a month (two dates would leave its date and 文号 to chance), none years ahead."""
        months: dict[tuple[int, int], date] = {}
        for index, day in enumerate(days):
            where = at.child(f"[{index + 1}]", written.line_of(index)) if hasattr(written, "line_of") else at
            if (day.year, day.month) in months:
                where.report(f"{day.year}年{day.month}月已有提前印发的日期 {months[(day.year, day.month)].isoformat()}：每月的通报只印发一次")
            months.setdefault((day.year, day.month), day)
            self.rules.date_not_ahead(day, where)

    def settings(self, path: Path) -> None:
        """bulletin.yml, which the other files are checked against: none when it is broken."""
        data = read_yaml(path, self.problems, "至少要写 publisher、series、categories、groups")
        if data is None:
            return
        values, ok = parse_record(data, contract.BULLETIN, self._at(path, 1))
        if not ok:
            return
        for marking in values["markings"]:   # a classified marking: the content rule, not the format
            self.rules.marking(marking, self._at(path, data.line_of("markings"), "markings"))
        self._early_circulars(values["early_circulars"], data.get("early_circulars"), self._at(path, data.line_of("early_circulars"), "early_circulars"))
        awards = values["awards"]
        self.rules.settings = Settings(   # an id written twice is reported (contract): the last one stands
            publisher=values["publisher"],
            series={entry["id"]: Series(**entry) for entry in values["series"]},
            categories=values["categories"], groups=values["groups"], markings=values["markings"],
            levels={entry["id"]: Level(**entry) for entry in values["levels"]},
            scoring=[RuleSet(**entry) for entry in values["scoring"]],
            circular_number=values["circular_number"],
            early_circulars=tuple(values["early_circulars"]), publish_fees=values["publish_fees"],
            # one set of rates written alone has no since: in force always
            fees=[FeeRule(**dict(entry, since=entry["since"] or date.min)) for entry in values["fees"]],
            awards=Awards(**awards) if awards is not None else None,
            eligibility=[EligibilityRule(**dict(entry, barring_penalties=tuple(entry["barring_penalties"])))
                         for entry in values["eligibility"]],
            site=Site(**values["site"]) if values["site"] is not None else Site())

    # -- units.yml, topics.yml -------------------------------------------------------------------

    def units(self, path: Path) -> None:
        known, settings = self.registry.units, self.rules.settings
        known.readable = True   # found: from now on an id it does not list is unknown
        successors = []
        for values, ok, raw, index in self._list_of_records(path, contract.UNIT, known):
            unit_id = values.get("id")
            # only called once the record parsed, so `raw` is a mapping
            at = lambda field: self._at(path, raw.line_of(field), f"[{index + 1}].{field}")  # noqa: E731
            if unit_id in known:
                at("id").report(f"单位 id “{unit_id}”重复")
                continue
            if settings and values.get("group") and values["group"] not in settings.groups:
                at("group").report(contract.unknown_group(values["group"], settings.groups))
                ok = False
            if values.get("successor") and not values.get("until"):
                at("successor").report("有 successor 时须写 until（撤并日期）")
                ok = False
            if values.get("since") and values.get("until") and values["since"] > values["until"]:
                at("since").report(f"设立日期 {values['since'].isoformat()} 晚于撤并日期 {values['until'].isoformat()}")
                ok = False
            if not ok:
                known.mark_broken(unit_id)
                continue
            values["short"] = values["short"] or values["name"]
            values["aliases"] = tuple(values["aliases"])
            known.add(unit_id, Unit(order=index, **values))
            if values["successor"]:
                successors.append((unit_id, values["successor"], at("successor")))
        for unit_id, successor, at in successors:
            if successor == unit_id or successor not in known:
                at.report(f"未知的继任单位“{successor}”")

    def topics(self, path: Path) -> None:
        known = self.registry.topics
        known.readable = True
        for values, ok, raw, index in self._list_of_records(path, contract.TOPIC, known):
            topic_id = values.get("id")
            if topic_id in known:
                self._at(path, raw.line_of("id"), f"[{index + 1}].id").report(f"主题 id “{topic_id}”重复")
            elif ok:
                known.add(topic_id, Topic(order=index, **values))
            else:
                known.mark_broken(topic_id)

    # -- files named by their record: items/<YYYY>/<id>.md, requests/<YYYY>/<id>.yml ---------------

    def _placed(self, path: Path, values: dict, at, known: Known, noun: str) -> tuple[str | None, bool]:
        """The record's id, unless another file has it (None: reported, the record is dropped); and
        whether the file is where its id and date say (<YYYY>/<id>), each mismatch reported."""
        record_id = values.get("id") or path.stem
        if not self.claim(record_id, self.problems.display(path), at("id"), known, noun):
            return None, False
        ok = True
        if values.get("id") and values["id"] != path.stem:
            at("id").report(f"id “{values['id']}”应与文件名“{path.name}”一致")
            ok = False
        if values.get("date") and is_year(path.parent.name) and int(path.parent.name) != values["date"].year:
            at("date").report(f"日期在 {values['date'].year} 年，文件却在 {path.parent.name}/ 目录")
            ok = False
        return record_id, ok

    @staticmethod
    def claim(record_id: str, shown_path: str, at: At, known: Known, noun: str) -> bool:
        """The id is this file's, unless another file read before has it (reported at `at`)."""
        if record_id in known:
            at.report(f"{noun} id “{record_id}”重复（另见 {known.paths.get(record_id, '另一文件')}）")
            return False
        known.paths[record_id] = shown_path
        return True

    # -- items -----------------------------------------------------------------------------------

    def item(self, path: Path) -> None:
        kept = self.kept.recall("item", path)
        if kept is not None:
            self.kept.item_again(path, kept)
        else:
            self._never_silently(path, lambda: self._item(path) or None)

    def _item(self, path: Path) -> bool:
        """Read one item; True when it joined the content."""
        known = self.registry.items
        watch = self.kept.watch(path)
        read = read_front_matter(path, self.problems)
        if read is None:
            known.mark_broken(path.stem)
            return False
        data, body, body_line = read
        values, ok = parse_record(data, contract.ITEM, self._at(path, 2))
        at = self._fields(path, data)
        item_id, placed = self._placed(path, values, at, known, "稿件")
        if item_id is None:
            return False
        ok &= placed
        ok &= self.rules.item_refs(values, at)
        ok &= self.rules.answers_request(values, at("request"))
        ok &= self.rules.draft_not_shown_anyway(values, at)
        pictures = self.images.of_item(path, item_id)
        if values.get("status") == APPROVED:  # a draft is never on the site: its links block nothing
            ok &= self.rules.links(body, body_line, self._at(path, body_line, "body"), pictures.refusal)
        else:
            pictures.mark_shown(image_sources(body))
        values["images"] = tuple(pictures.kept)
        if values.get("status") == APPROVED and not values.get("approved_by"):
            self._at(path, data.line_of("status"), "approved_by").report("已审核（status: approved）的稿件须写 approved_by（审核/签发人）")
            ok = False
        events = []
        for index, event in enumerate(values.get("events") or []):
            raw = data["events"][index]
            if self.rules.event(event, raw, values.get("date"), at("events").child(f"[{index + 1}]", raw.line)):
                events.append(Event(**event))
            else:
                ok = False
        if values.get("status") == APPROVED:   # even if refused: it is shown once the rest is put right
            self._shown_beside(values, data, at)
        else:
            self.rules.shown.draft_titles[item_id] = at("title")
        if not ok:
            known.mark_broken(item_id)
            return False
        values["events"] = events
        item = Item(body=body, path=known.paths[item_id], **values)
        known.add(item_id, item)
        watch.keep_item(item, data)
        return True

    def _shown_beside(self, values: dict, data: LineDict, at) -> None:
        """What a published item's page and the data files show besides its title and body."""
        shown = self.rules.shown
        shown.add(at("authors"), *(values.get("authors") or ()))
        shown.add(at("approved_by"), values.get("approved_by"))
        for index, event in enumerate(values.get("events") or ()):
            shown.add(at("events").child(f"[{index + 1}]", data["events"][index].line),
                      event["publication"], event["issue"], event["leader"], event["text"])
        for index, correction in enumerate(values.get("corrections") or ()):
            shown.add(at("corrections").child(f"[{index + 1}]", data["corrections"][index].line), correction["text"])

    # -- issues ----------------------------------------------------------------------------------

    def issue(self, path: Path) -> None:
        kept = self.kept.recall("issue", path)
        read = (lambda: self._printing(path, kept.issue, kept.data)) if kept else lambda: self._issue(path, self.rules.settings)
        issue = self._never_silently(path, read)
        if issue is not None:
            self.gathered.issues.append(issue)

    def _issue(self, path: Path, settings: Settings | None) -> Issue | None:
        watch = self.kept.watch(path)
        data = self._mapping(path, "应写 series、number、date、signer、items", "应为“键: 值”形式的映射")
        if data is None:
            return None
        values, ok = parse_record(data, contract.ISSUE, self._at(path, 1))
        at = self._fields(path, data)
        series_dir, year_dir = path.parent.parent.name, path.parent.name
        if settings and values.get("series") and values["series"] not in settings.series:
            at("series").report(f"未知刊物“{values['series']}”（bulletin.yml series 中没有）")
            ok = False
        elif values.get("series") and values["series"] != series_dir:
            at("series").report(f"刊物为“{values['series']}”，文件却在 issues/{series_dir}/ 目录")
            ok = False
        if values.get("date") and int(year_dir) != values["date"].year:
            at("date").report(f"日期在 {values['date'].year} 年，文件却在 {year_dir}/ 目录")
            ok = False
        number, supplement = values.get("number"), bool(values.get("supplement"))
        named = int(path.stem.removeprefix("zk"))  # discovery lets only NNN.yml and zkN.yml through
        if number and (named != number or path.stem.startswith("zk") != supplement):
            expected = f"zk{number}" if supplement else f"{number:03d}"
            at("number").report(f"期号与文件名“{path.name}”不一致（应为 {expected}.yml）")
            ok = False
        ok &= self.rules.marking(values.get("marking"), at("marking"))
        ok &= self.rules.date_not_ahead(values.get("date"), at("date"))
        ok &= self.rules.links(values.get("foreword"), text_line(data, "foreword"), at("foreword"))
        if not ok:
            return None
        issue = Issue(path=self.problems.display(path), item_ids=values.pop("items"), **values)
        watch.keep_issue(issue, data)
        return self._printing(path, issue, data)

    def _printing(self, path: Path, issue: Issue, data: LineDict) -> Issue | None:
        """An issue as its file says it, checked against the other files: its items, what it prints."""
        at = self._fields(path, data)
        if not self.rules.issue_items(issue, data["items"], at("items")):
            return None
        self.rules.remember_printed(issue)
        self.issue_lines[issue.path] = data
        self.rules.shown.add(at("signer"), issue.signer)   # printed on the issue's page and its PDF
        self.rules.shown.add(at("editor"), issue.editor)
        self.rules.shown.add(at("distribution"), *(issue.distribution or {}).values())
        return issue

    def issue_line(self, issue: Issue, field: str) -> int:
        return self.issue_lines[issue.path].line_of(field)

    # -- requests (约稿) and penalties (扣分) -------------------------------------------------------

    def request(self, path: Path) -> None:
        self._never_silently(path, lambda: self._request(path) or None)

    def _request(self, path: Path) -> bool:
        known = self.registry.requests
        data = self._mapping(path, "应写 id、title、date、due、units", "应为“键: 值”形式的映射")
        if data is None:
            known.mark_broken(path.stem)
            return False
        values, ok = parse_record(data, contract.REQUEST, self._at(path, 1))
        at = self._fields(path, data)
        request_id, placed = self._placed(path, values, at, known, "约稿")
        if request_id is None:
            return False
        ok &= placed
        if values.get("date") and values.get("due") and values["due"] < values["date"]:
            at("due").report(f"报送期限 {values['due'].isoformat()} 早于约稿日期 {values['date'].isoformat()}")
            ok = False
        ok &= self.rules.date_not_ahead(values.get("date"), at("date"))
        ok &= self.rules.asked_units(values, data.get("units"), at("units"))
        for topic_id in values.get("topics") or []:
            if topic_id not in self.registry.topics:
                at("topics").report(f"未知主题“{topic_id}”（topics.yml 中没有）")
                ok = False
        ok &= self.rules.links(values.get("text"), text_line(data, "text"), at("text"))
        self.rules.shown.add(at("title"), values.get("title"))
        self.rules.shown.add(at("text"), values.get("text"))
        if not ok:
            known.mark_broken(request_id)
            return False
        values["topics"] = tuple(values["topics"])
        known.add(request_id, Request(path=known.paths[request_id], **values))
        return True

    def penalties(self, path: Path) -> None:
        found: list[Penalty] = []
        known = Known()   # only to learn whether the file could be read as a list
        written: dict[tuple, tuple[int, int]] = {}   # a penalty's fields -> (its number, its line)
        for values, ok, raw, index in self._list_of_records(path, contract.PENALTY, known):
            if not ok:
                continue
            at = lambda field: self._at(path, raw.line_of(field), f"[{index + 1}].{field}")  # noqa: E731
            if int(path.stem) != values["date"].year:
                at("date").report(f"日期在 {values['date'].year} 年，却记在 {path.name}")
                ok = False
            key = tuple(values[field] for field in contract.PENALTY)
            if key in written:   # every entry counts: the same one twice would deduct twice
                first, line = written[key]
                self._at(path, raw.line, f"[{index + 1}]").report(
                    f"与第 {first} 项（第 {line} 行）完全相同：同一扣分写了两次，会扣两次分；"
                    f"如确是两次扣分，请在 note 中分别写明各自的情形")
                continue
            written[key] = (index + 1, raw.line)
            ok &= self.rules.penalty(values, at)
            self.rules.shown.add(at("note"), values.get("note"))
            if ok:
                found.append(Penalty(path=self.problems.display(path), **values))
        self.gathered.penalties += found

    # -- submissions -----------------------------------------------------------------------------

    def submissions(self, path: Path) -> None:
        shape = "应为“单位id: {月: 报送数}”形式的映射"
        data = self._mapping(path, shape, shape)
        if data is None:
            return
        counts = {}
        for key, months in data.items():
            unit_id = source_text(key)  # a unit `010` is the id "010", as units.yml reads it
            at = self._at(path, data.line_of(key), unit_id)
            if unit_id not in self.registry.units:
                at.report(f"未知单位“{unit_id}”（units.yml 中没有）")
                continue
            parsed, ok = attempt(contract.MONTHLY_COUNTS, months, at)
            if ok and self.rules.counted_while_existing(self.registry.units.get(unit_id), int(path.stem), parsed, months, at):
                counts[unit_id] = parsed
        self.gathered.submissions[int(path.stem)] = counts

