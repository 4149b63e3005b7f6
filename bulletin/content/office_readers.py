"""Reading the files of what follows a 批示 and of the office's own people: followups/<YYYY>.yml
(督办 and 落实反馈) and staff.yml (信息员 and their tasks). A mixin of `readers.RecordReader`, whose
helpers it uses; each entry is checked against the items, units and issues read before it, and a
mistake is reported at its line and field, in Chinese, like every other record.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bulletin.content import contract
from bulletin.content.registry import Known
from bulletin.labels import cn_date
from bulletin.model import FollowUp, StaffMember


class OfficeReaders:
    """`followups` and `staff`, named by `kinds.KINDS`; what they read joins `gathered`."""

    def followups(self, path: Path) -> None:
        seen: dict[tuple, str] = getattr(self, "_followups_seen", {})
        self._followups_seen = seen
        for values, ok, raw, index in self._list_of_records(path, contract.FOLLOWUP, Known()):
            if not ok:
                continue
            at = lambda field: self._at(path, raw.line_of(field) if field in raw else raw.line, f"[{index + 1}].{field}")  # noqa: E731
            followup = self._followup(path, values, at)
            if followup is None:
                continue
            key = (followup.item, followup.instruction, followup.unit)
            if key in seen:   # twice would score twice
                at("item").report(f"稿件“{followup.item}”{cn_date(followup.instruction)}批示的督办已写过（{seen[key]}）：同一督办只写一次")
                continue
            seen[key] = f"{self.problems.display(path)} 第 {raw.line} 行"
            self.gathered.followups.append(followup)

    def _followup(self, path: Path, values: dict, at) -> FollowUp | None:
        """One 督办 entry, or None once what is wrong with it is reported."""
        items = self.registry.items
        item = items.get(values["item"])
        if item is None:
            if values["item"] not in items.broken:
                at("item").report(f"稿件“{values['item']}”不存在（items/ 下没有此 id）")
            return None
        if not item.approved:
            at("item").report(f"稿件“{item.id}”未审核通过（status: {item.status}）：督办列在网站上，只能督办已审核稿件的批示")
            return None
        instruction = self._instruction_of(item, values["instruction"], at("instruction" if values["instruction"] else "item"))
        if instruction is None:
            return None
        ok = True
        if int(path.stem) != instruction.year:
            at("instruction" if values["instruction"] else "item").report(
                f"批示日期在 {instruction.year} 年，却记在 {path.name}：督办按批示的年份记")
            ok = False
        unit_id = values["unit"] or item.unit
        unit = self.registry.units.get(unit_id)
        if unit_id not in self.registry.units:
            at("unit").report(f"未知单位“{unit_id}”（units.yml 中没有）")
            ok = False
        elif unit and not unit.existed(instruction, instruction):
            at("unit").report(f"单位“{unit.short}”在批示日期 {instruction.isoformat()} 不存在（since/until）")
            ok = False
        for field in ("due", "done"):
            day = values[field]
            if day is not None and day < instruction:
                at(field).report(f"{'反馈期限' if field == 'due' else '反馈日期'} {day.isoformat()} 早于批示日期 {instruction.isoformat()}")
                ok = False
            ok &= self.rules.date_not_ahead(day, at(field))
        if values["text"] and not values["done"]:
            at("text").report("写了落实情况（text），须写 done（反馈日期）")
            ok = False
        ok &= self._report_item(values, unit_id, instruction, at("report"))
        self.rules.shown.add(at("text"), values["text"])
        if not ok:
            return None
        return FollowUp(item=item.id, instruction=instruction, unit=unit_id, due=values["due"], path=self.problems.display(path),
                        done=values["done"], text=values["text"], report=values["report"])

    def _instruction_of(self, item, written: date | None, at) -> date | None:
        """The date of the 批示 followed up: the one written, or the item's only one."""
        days = [event.date for event in item.events if event.type == "instruction"]
        if not days:
            at.report(f"稿件“{item.id}”没有领导批示（events 中没有 type: instruction），不能督办")
            return None
        if written is None:
            if len(days) > 1:
                at.report(f"稿件“{item.id}”有 {len(days)} 次批示（{'、'.join(d.isoformat() for d in days)}），须写 instruction（批示日期）")
                return None
            return days[0]
        if written not in days:
            at.report(f"稿件“{item.id}”在 {written.isoformat()} 没有批示（批示日期：{'、'.join(d.isoformat() for d in days)}）")
            return None
        return written

    def _report_item(self, values: dict, unit_id: str, instruction: date, at) -> bool:
        """The item that reports the 落实情况: an approved item of the unit, between the 批示 and the feedback."""
        report_id = values["report"]
        if not report_id:
            return True
        if not values["done"]:
            at.report("写了报告稿件（report），须写 done（反馈日期）")
            return False
        item = self.registry.items.get(report_id)
        if item is None:
            if report_id not in self.registry.items.broken:
                at.report(f"稿件“{report_id}”不存在（items/ 下没有此 id）")
            return False
        if not item.approved:
            at.report(f"稿件“{report_id}”未审核通过（status: {item.status}）：网站上列出报告稿件，请引用已审核的稿件")
            return False
        if unit_id not in item.units:
            at.report(f"稿件“{report_id}”不是督办单位报送的（报送单位：{'、'.join(item.units)}）")
            return False
        if not instruction <= item.date <= values["done"]:
            at.report(f"稿件“{report_id}”报送于 {item.date.isoformat()}，应在批示日期 {instruction.isoformat()} "
                      f"与反馈日期 {values['done'].isoformat()} 之间")
            return False
        return True

    def staff(self, path: Path) -> None:
        names: dict[str, int] = {}
        for values, ok, raw, index in self._list_of_records(path, contract.STAFF, Known()):
            if not ok:
                continue
            at = lambda field: self._at(path, raw.line_of(field) if field in raw else raw.line, f"[{index + 1}].{field}")  # noqa: E731
            if values["name"] in names:
                at("name").report(f"信息员“{values['name']}”重复（第 {names[values['name']]} 项已有）")
                continue
            names[values["name"]] = index + 1
            if values["unit"] and values["unit"] not in self.registry.units:
                at("unit").report(f"未知单位“{values['unit']}”（units.yml 中没有）")
                ok = False
            for field in ("since", "until"):
                ok &= self.rules.date_not_ahead(values[field], at(field))
            if values["since"] and values["until"] and values["since"] > values["until"]:
                at("since").report(f"到岗日期 {values['since'].isoformat()} 晚于离岗日期 {values['until'].isoformat()}")
                ok = False
            if not (values["items_per_week"] or values["items_per_month"] or values["issues_per_month"]):
                at("name").report("没有任务：items_per_week、items_per_month、issues_per_month 至少写一项")
                ok = False
            self.rules.shown.add(at("name"), values["name"])
            self.rules.shown.add(at("role"), values["role"])
            if ok:
                self.gathered.staff.append(StaffMember(order=index, **values))
