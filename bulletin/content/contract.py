"""The content format, field by field (README, "Writing content"), as schemas, with the checks
bulletin.yml's fields declare (ids and names once, dated rules in order, levels and groups that
bulletin.yml lists).

Extend here where users need more; never rename or drop a field.
"""

import re
from fractions import Fraction

from bulletin.content.schema import (
    At, Field, Invalid, boolean, deduction, ident, integer, iso_date, list_of, mapping_of, markdown, number, one_of, record, text,
)
from bulletin.content.yamltext import LineDict, LineList
from bulletin.model import ALL_UNITS, EVENT_TYPES, FORMS

LEVEL = {"id": Field(ident, required=True), "name": Field(text, required=True)}

SERIES = {
    "id": Field(ident, required=True),
    "name": Field(text, required=True),
    "distribution": Field(mapping_of(text), default=dict),
}

POINTS_BY_LEVEL = mapping_of(number, key_kind=ident)

RULE_SET = {
    "since": Field(iso_date, required=True),
    "published": Field(number, default=0),
    "forwarded": Field(POINTS_BY_LEVEL, default=dict),
    "adopted": Field(POINTS_BY_LEVEL, default=dict),
    "publications": Field(mapping_of(POINTS_BY_LEVEL), default=dict),
    "combined": Field(number, default=1),
    "instruction": Field(POINTS_BY_LEVEL, default=dict),
    # the unit's own points (约稿, 定额, 扣分): each 0 when absent
    "request_answered": Field(number, default=0),
    "request_late": Field(number, default=0),
    "request_missed": Field(deduction, default=0),
    "quota_missed": Field(deduction, default=0),
    "penalties": Field(mapping_of(deduction), default=dict),
    # 批示督办: per follow-up reported by its due date, late, or missed (scored on the due date)
    "followup_done": Field(number, default=0),
    "followup_late": Field(deduction, default=0),
    "followup_missed": Field(deduction, default=0),
}

FEE_RULE = {   # 付酬制, yuan per item; a list of these, each with `since`, when the rates change
    "since": Field(iso_date),
    "published": Field(number, default=0),
    "forwarded": Field(POINTS_BY_LEVEL, default=dict),
    "adopted": Field(POINTS_BY_LEVEL, default=dict),
    "instruction": Field(POINTS_BY_LEVEL, default=dict),
}


def fee_rules(value, at) -> list[dict]:
    """`fees:` one set of rates (in force always), or a list of dated ones."""
    if isinstance(value, LineDict):
        return [record(FEE_RULE)(value, at)]
    if isinstance(value, LineList):
        rules = list_of(record(FEE_RULE), allow_single=False)(value, at)
        for index, rule in enumerate(rules):
            if rule["since"] is None:
                at.child(f"[{index + 1}].since", value.line_of(index)).report("稿酬标准有多条时，每条都须写 since（起用日期）")
        if any(rule["since"] is None for rule in rules):
            raise Invalid(None)
        return rules
    raise Invalid("应为稿酬标准（published、adopted、instruction），或按 since 日期排列的多条标准")


URL_UNSAFE = re.compile(r"[/\\?#%]")


def unknown_group(group: str, groups: list[str]) -> str:
    return f"未知分组“{group}”（bulletin.yml groups：{'、'.join(groups)}）"


# -- checks of bulletin.yml's fields, once it parsed (see `Field.checks`) -------------------------

def ids_once(noun: str):
    def check(entries: list[dict], written, settings: dict, at: At) -> None:
        seen = set()
        for entry in entries:
            if entry["id"] in seen:
                at.report(f"{noun} id “{entry['id']}”重复")
            seen.add(entry["id"])

    return check


def names_once(names: list[str], written, settings: dict, at: At) -> None:
    if len(set(names)) != len(names):
        at.report("有重复的名称")


def url_safe(categories: list[str], written, settings: dict, at: At) -> None:
    for category in categories:
        if URL_UNSAFE.search(category):
            at.report(f"类别“{category}”含有 / \\ ? # % 等字符：类别名用在网址中")


def _entries(rules: list[dict], written, at: At) -> list[tuple[dict, LineDict, At]]:
    """Each dated rule set with its mapping as written and where it stands (one set may stand alone)."""
    if isinstance(written, LineDict):
        return [(rules[0], written, at)]
    return [(rule, written[index], at.child(f"[{index + 1}]", written[index].line)) for index, rule in enumerate(rules)]


def in_date_order(message: str):
    def check(rules: list[dict], written, settings: dict, at: At) -> None:
        entries = _entries(rules, written, at)
        for (before, _, _), (rule, raw, where) in zip(entries, entries[1:]):
            if rule["since"] <= before["since"]:
                where.child("since", raw.line_of("since")).report(message)

    return check


def levels_listed(rules: list[dict], written, settings: dict, at: At) -> None:
    """Points by level only for the levels bulletin.yml lists."""
    levels = {level["id"] for level in settings["levels"]}

    def known(points: dict, where: At) -> None:
        for level in points:
            if level not in levels:
                where.report(f"未知级别“{level}”（bulletin.yml levels 中没有）")

    for rule, raw, where in _entries(rules, written, at):
        for kind in EVENT_TYPES:
            known(rule[kind], where.child(kind, raw.line_of(kind)))
        for publication, points in rule.get("publications", {}).items():
            known(points, where.child(f"publications.{publication}", raw.line_of("publications")))


def whole_fen(rules: list[dict], written, settings: dict, at: At) -> None:
    """Fees are paid in fen: a rate finer than that (0.004 元) would be rounded, to 0 in silence."""
    names = {level["id"]: level["name"] for level in settings["levels"]}
    for rule, raw, where in _entries(rules, written, at):
        for kind in ("published", *EVENT_TYPES):
            rates = rule[kind] if isinstance(rule[kind], dict) else {"": rule[kind]}
            for level, rate in rates.items():
                if (rate * 100).denominator != 1:
                    named = f"{names.get(level, level)}（{level}）" if level else ""
                    where.child(kind, raw.line_of(kind)).report(
                        f"{named}稿酬 {float(rate):g} 元不是整分：稿酬按分计付，会被四舍五入"
                        f"{'为 0' if abs(rate) < Fraction(1, 200) else ''}；请写到小数点后两位（如 0.05）")


def groups_listed(awards: dict, written, settings: dict, at: At) -> None:
    for group in awards["units"]:
        if group not in settings["groups"]:
            at.child(f"units.{group}", written.line_of("units")).report(unknown_group(group, settings["groups"]))


AWARDS = {
    "units": Field(mapping_of(integer(minimum=0, maximum=1000)), default=dict),   # 先进单位 per group
    "authors": Field(integer(minimum=0, maximum=10_000), default=0),              # 先进个人 per year
}

# -- 一票否决 and the 信息员's thresholds (bulletin/cycle/eligibility.py, staff.py) -------------------

COUNT = integer(minimum=1, maximum=1000)

ELIGIBILITY_RULE = {
    "since": Field(iso_date, required=True),
    "barring_penalties": Field(list_of(text, unique=True), default=list),
    "zeroing_missed_requests": Field(COUNT),
    "barring_missed_followups": Field(COUNT),
    "staff_months_not_excellent": Field(integer(minimum=1, maximum=12)),
    "staff_months_unfit": Field(integer(minimum=1, maximum=12)),
    "staff_items_short_unfit": Field(integer(minimum=1, maximum=100_000)),
}


def penalties_named(rules: list[dict], written, settings: dict, at: At) -> None:
    """A barring penalty type is one some scoring rule set prices: a typo would bar no one, in silence."""
    named = {kind for rule in settings.get("scoring") or () for kind in rule["penalties"]}
    for rule, raw, where in _entries(rules, written, at):
        for kind in rule["barring_penalties"]:
            if kind not in named:
                where.child("barring_penalties", raw.line_of("barring_penalties")).report(
                    f"未知扣分类型“{kind}”（scoring 各规则集的 penalties 中" + (f"有：{'、'.join(sorted(named))}）" if named else "没有任何类型）"))


def staff_thresholds_in_order(rules: list[dict], written, settings: dict, at: At) -> None:
    """不称职 takes more missed months than losing 优秀: the other way round no one would be 称职 and barred."""
    for rule, raw, where in _entries(rules, written, at):
        fair, unfit = rule["staff_months_not_excellent"], rule["staff_months_unfit"]
        if fair and unfit and unfit < fair:
            where.child("staff_months_unfit", raw.line_of("staff_months_unfit")).report(
                f"不称职的月数 {unfit} 小于不评优秀的月数 {fair}：应不小于它")


def one_line(value: str, written, settings: dict, at: At) -> None:
    """A page title or meta text: a line break there is a slip (a browser shows it as a space)."""
    if any(mark in value for mark in "\r\n\u2028\u2029"):
        at.report("应为一行文字，不能换行")


SITE = {   # the office's site, set here rather than in mkdocs.yml (a product file an upgrade replaces)
    "name": Field(text, checks=(one_line,)),       # every page's title and the home page's masthead
    "description": Field(text, checks=(one_line,)),
    "robots": Field(one_of("allow", "deny"), default="allow"),   # robots.txt: may the intranet's crawler index it
}

BULLETIN = {
    "publisher": Field(text, required=True),
    "series": Field(list_of(record(SERIES), allow_single=False), required=True, checks=(ids_once("刊物"),)),
    "categories": Field(list_of(text, allow_single=False), required=True, checks=(names_once, url_safe)),
    "groups": Field(list_of(text, allow_single=False), required=True, checks=(names_once,)),
    "levels": Field(list_of(record(LEVEL), allow_single=False), default=list, checks=(ids_once("级别"),)),
    "markings": Field(list_of(text, allow_single=False), default=list, checks=(names_once,)),
    "scoring": Field(list_of(record(RULE_SET), allow_single=False), default=list,
                     checks=(in_date_order("规则集应按 since 日期从早到晚排列，且日期不重复"), levels_listed)),
    # 文号 of the monthly circular (采用情况通报): {year} and {month} are filled in, e.g. 巴署办信〔2026〕10号.
    "circular_number": Field(text, default="〔{year}〕{month}号"),
    # a month's 通报 issued before the month ends (文号 and PDF), on the date written: never by accident
    "early_circulars": Field(list_of(iso_date, unique=True), default=list),
    # per-person fees (稿酬) on the public site and its data files: off, finance reads the build's private output
    "publish_fees": Field(boolean, default=False),
    "fees": Field(fee_rules, default=list,
                  checks=(in_date_order("稿酬标准应按 since 日期从早到晚排列，且日期不重复"), levels_listed, whole_fen)),
    "awards": Field(record(AWARDS), checks=(groups_listed,)),
    "eligibility": Field(list_of(record(ELIGIBILITY_RULE), allow_single=False), default=list,
                         checks=(in_date_order("评先规则应按 since 日期从早到晚排列，且日期不重复"), penalties_named,
                                 staff_thresholds_in_order)),
    "site": Field(record(SITE)),
}

UNIT = {
    "id": Field(ident, required=True),
    "name": Field(text, required=True),
    "short": Field(text),
    "group": Field(text, required=True),
    "target": Field(integer(minimum=0, maximum=100_000)),
    "until": Field(iso_date),
    "successor": Field(ident),
    "aliases": Field(list_of(text), default=list),   # other names it appears under (imported Word issues)
    "quota": Field(integer(minimum=0, maximum=10_000)),   # items to submit per month (定额)
    "since": Field(iso_date),   # established on that date (机构改革): before it, nothing is owed
}

TOPIC = {
    "id": Field(ident, required=True),
    "name": Field(text, required=True),
    "description": Field(text),
}

EVENT = {
    "type": Field(one_of(*EVENT_TYPES), required=True),
    "level": Field(ident, required=True),
    "date": Field(iso_date, required=True),
    "publication": Field(text),
    "form": Field(one_of(*FORMS), default="single"),
    "issue": Field(text),
    "leader": Field(text),
    "text": Field(text),
    "recorded": Field(iso_date),
}

CORRECTION = {  # 更正: a change to a published item's title or body, shown on its page
    "date": Field(iso_date, required=True),
    "text": Field(text, required=True),
}

ITEM = {
    "id": Field(ident, required=True),
    "title": Field(text, required=True),
    "unit": Field(ident, required=True),
    "co_units": Field(list_of(ident, unique=True), default=list),
    "authors": Field(list_of(text, unique=True), default=list),
    "category": Field(text, required=True),
    "topics": Field(list_of(ident, non_empty=True, unique=True), required=True),
    "date": Field(iso_date, required=True),
    "status": Field(text, required=True),
    "approved_by": Field(text),
    "marking": Field(text),
    "summary": Field(text),
    "events": Field(list_of(record(EVENT), allow_single=False), default=list),
    "corrections": Field(list_of(record(CORRECTION), allow_single=False), default=list),
    "request": Field(ident),   # the 约稿 (requests/<YYYY>/<id>.yml) it answers
}

ISSUE = {
    "series": Field(ident, required=True),
    "number": Field(integer(minimum=1, maximum=9999), required=True),
    "total": Field(integer(minimum=1, maximum=999_999)),
    "supplement": Field(boolean, default=False),
    "date": Field(iso_date, required=True),
    "signer": Field(text, required=True),
    "editor": Field(text),
    "marking": Field(text),
    "foreword": Field(markdown),
    "items": Field(list_of(ident, allow_single=False, non_empty=True), required=True),
    "distribution": Field(mapping_of(text)),
    "copies": Field(integer(minimum=1, maximum=1_000_000)),
}

MONTHLY_COUNTS = mapping_of(integer(minimum=0, maximum=100_000), key_kind=integer(minimum=1, maximum=12))


def asked_units(value, at) -> tuple[str, ...] | None:
    """`units: all` (None: every unit active on the request's date) or a list of unit ids."""
    if value == ALL_UNITS:
        return None
    return tuple(list_of(ident, non_empty=True, unique=True)(value, at))


REQUEST = {   # 约稿 (《信息报送要点》), requests/<YYYY>/<id>.yml
    "id": Field(ident, required=True),
    "title": Field(text, required=True),
    "date": Field(iso_date, required=True),
    "due": Field(iso_date, required=True),
    "units": Field(asked_units, default=None),
    "topics": Field(list_of(ident, unique=True), default=list),
    "text": Field(markdown),
}

PENALTY = {   # 扣分, one entry of penalties/<YYYY>.yml
    "unit": Field(ident, required=True),
    "type": Field(text, required=True),
    "date": Field(iso_date, required=True),
    "item": Field(ident),
    "note": Field(text),
}


# -- 批示督办 and 信息员 (bulletin/cycle/followups.py, staff.py) -------------------------------------

FOLLOWUP = {   # 督办, one entry of followups/<YYYY>.yml (the year of the 批示)
    "item": Field(ident, required=True),
    "instruction": Field(iso_date),   # the 批示's date; may be left out when the item has one 批示
    "unit": Field(ident),             # who reports; default the item's unit
    "due": Field(iso_date, required=True),
    "done": Field(iso_date),
    "text": Field(text),
    "report": Field(ident),
}

STAFF = {   # 信息员, one entry of staff.yml
    "name": Field(text, required=True),
    "role": Field(text),
    "unit": Field(ident),
    "since": Field(iso_date),
    "until": Field(iso_date),
    "items_per_week": Field(integer(minimum=0, maximum=1000), default=0),
    "items_per_month": Field(integer(minimum=0, maximum=10_000), default=0),
    "issues_per_month": Field(integer(minimum=0, maximum=1000), default=0),
}
