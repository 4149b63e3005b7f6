"""The bulletin's records, as read from content files. Derived views live in `archive`."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Sequence, TypeVar

APPROVED = "approved"
CLASSIFIED = ("秘密", "机密", "绝密")

# The upward events (上报, 采用, 批示: bulletin/labels.py), as content files name them.
EVENT_TYPES = ("forwarded", "adopted", "instruction")
FORMS = ("single", "combined")   # an adoption as a single item (单条) or folded into a report (综合)


@dataclass(frozen=True)
class Level:
    id: str
    name: str


@dataclass(frozen=True)
class Series:
    id: str
    name: str
    distribution: dict[str, str]


@dataclass(frozen=True)
class RuleSet:
    since: date
    published: Fraction
    forwarded: dict[str, Fraction]
    adopted: dict[str, Fraction]
    publications: dict[str, dict[str, Fraction]]
    combined: Fraction
    instruction: dict[str, Fraction]
    # The unit's own points, not any item's: 约稿 answered on time / late / missed, a month under
    # quota (定额), and recorded penalties by type (扣分). Deductions are written negative.
    request_answered: Fraction = Fraction(0)
    request_late: Fraction = Fraction(0)
    request_missed: Fraction = Fraction(0)
    quota_missed: Fraction = Fraction(0)
    penalties: dict[str, Fraction] = field(default_factory=dict)
    # 批示督办 (bulletin/cycle/followups.py): a follow-up reported by its due date, late, or not at all
    followup_done: Fraction = Fraction(0)
    followup_late: Fraction = Fraction(0)
    followup_missed: Fraction = Fraction(0)


@dataclass(frozen=True)
class FeeRule:
    """付酬制: yuan per publication in our issues, per adoption and per instruction, by level."""

    since: date
    published: Fraction
    forwarded: dict[str, Fraction]
    adopted: dict[str, Fraction]
    instruction: dict[str, Fraction]


@dataclass(frozen=True)
class Awards:
    """年终评先: 先进单位 per group (the top N by the year's points) and 先进个人 (the top N authors)."""

    units: dict[str, int]
    authors: int


@dataclass(frozen=True)
class EligibilityRule:
    """一票否决 and the 信息员's year-end thresholds (bulletin/cycle/eligibility.py, staff.py), dated like
    the scoring rules. None: the rule is not applied."""

    since: date
    barring_penalties: tuple[str, ...] = ()          # one of these penalty types in a year bars 先进单位
    zeroing_missed_requests: int | None = None       # this many 约稿 missed in a year: the year's points count 0
    barring_missed_followups: int | None = None      # this many 批示 follow-ups missed in a year bar 先进单位
    staff_months_not_excellent: int | None = None    # 信息员: months missed that bar 优秀
    staff_months_unfit: int | None = None            # months missed that make 不称职
    staff_items_short_unfit: int | None = None       # items short over the year that make 不称职


Dated = TypeVar("Dated", RuleSet, FeeRule, EligibilityRule)


def in_force(rules: Sequence[Dated], day: date) -> Dated | None:
    """The newest rule whose `since` is on or before `day` (rules are checked to be in date order)."""
    at = bisect.bisect_right([rule.since for rule in rules], day)
    return rules[at - 1] if at else None


def in_force_during(rules: Sequence[Dated], first: date, last: date) -> list[Dated]:
    """The rules some day from `first` to `last` is governed by, oldest first: usually one, two or
    more when they change in between (a rules table shows each with its date)."""
    return [rule for index, rule in enumerate(rules)
            if rule.since <= last and (index + 1 == len(rules) or rules[index + 1].since > first)]


@dataclass(frozen=True)
class Site:
    """bulletin.yml's `site:`: the office's site name (None: mkdocs.yml's), and whether robots.txt
    lets the intranet's crawler index it."""

    name: str | None = None
    description: str | None = None
    robots: str = "allow"


@dataclass(frozen=True)
class Settings:
    """content/bulletin.yml."""

    publisher: str
    series: dict[str, Series]
    categories: list[str]
    groups: list[str]
    levels: dict[str, Level]
    markings: list[str]
    scoring: list[RuleSet]
    circular_number: str = "〔{year}〕{month}号"
    early_circulars: tuple[date, ...] = ()   # months whose 通报 is issued before they end, on these dates
    publish_fees: bool = False               # per-person fees on the public pages and data files
    fees: list[FeeRule] = field(default_factory=list)
    awards: Awards | None = None
    eligibility: list[EligibilityRule] = field(default_factory=list)
    site: Site = field(default_factory=Site)


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    short: str
    group: str
    order: int
    target: int | None = None
    until: date | None = None
    successor: str | None = None
    aliases: tuple[str, ...] = ()   # other names it is printed under, e.g. in old Word issues
    quota: int | None = None        # items owed a month (定额)
    since: date | None = None       # established (a unit founded by a 机构改革); absent: always was

    def existed(self, first: date, last: date) -> bool:
        """Whether the unit existed on any day from `first` to `last`."""
        return (self.since is None or self.since <= last) and (self.until is None or self.until >= first)


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    order: int
    description: str | None = None


@dataclass(frozen=True)
class Event:
    type: str  # one of EVENT_TYPES
    level: str
    date: date
    publication: str | None = None
    form: str = "single"
    issue: str | None = None
    leader: str | None = None
    text: str | None = None
    recorded: date | None = None   # learned after its month's circular was issued (an adoption or 批示 told late)


@dataclass(frozen=True)
class Correction:
    """更正: what was corrected in a published item, and when."""

    date: date
    text: str


@dataclass(frozen=True)
class ItemImage:
    """A picture a body shows (bulletin/content/item_images.py): the site copies `file` beside each
    page showing the body, at `source`; `digest` is its bytes', so a changed picture changes the page's key."""

    source: str   # as the body writes it: images/2026-0153-1.png
    file: str     # the content file's absolute path
    digest: str


@dataclass(eq=False)
class Item:
    id: str
    title: str
    unit: str
    category: str
    topics: list[str]
    date: date
    status: str
    body: str
    path: str
    co_units: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    approved_by: str | None = None
    marking: str | None = None
    summary: str | None = None
    events: list[Event] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    request: str | None = None   # the 约稿 it answers
    images: tuple[ItemImage, ...] = ()   # the pictures its body shows, in body order

    def __post_init__(self):
        self.corrections = [c if isinstance(c, Correction) else Correction(**c) for c in self.corrections]

    @property
    def approved(self) -> bool:
        return self.status == APPROVED

    @property
    def units(self) -> list[str]:
        """The submitting unit first, then joint submitters."""
        return [self.unit, *self.co_units]


@dataclass(eq=False)
class Issue:
    series: str
    number: int
    date: date
    signer: str
    item_ids: list[str]
    path: str
    total: int | None = None
    supplement: bool = False
    editor: str | None = None
    marking: str | None = None
    foreword: str | None = None
    distribution: dict[str, str] | None = None
    copies: int | None = None

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def key(self) -> str:
        """The one key of a checked issue: series/year/number (zk<N> for a supplement), as in its
        URL, the published record and the export. Before the check passes two files may claim one
        key; the checks tell issues apart by `path`, their file."""
        return f"{self.series}/{self.year}/{self.slug}"

    @property
    def slug(self) -> str:
        """The last URL segment: the number, or zk<N> for a supplement (增刊), numbered apart."""
        return f"zk{self.number}" if self.supplement else str(self.number)


ALL_UNITS = "all"


@dataclass(frozen=True)
class Request:
    """约稿 (《信息报送要点》): what units were asked to report, by when."""

    id: str
    title: str
    date: date
    due: date
    path: str
    units: tuple[str, ...] | None = None   # None: every unit active on `date`
    topics: tuple[str, ...] = ()
    text: str | None = None

    @property
    def year(self) -> int:
        return self.date.year


@dataclass(frozen=True)
class Penalty:
    """扣分: a recorded event against a unit (迟报, 漏报瞒报...), scored by the rules of its date."""

    unit: str
    type: str
    date: date
    path: str
    item: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class FollowUp:
    """督办: a 批示 on an item that asks the unit concerned to report its 落实情况 by `due`, and the
    unit's 落实反馈 once it came (`done`, what it said, and an item reporting it, if any)."""

    item: str
    instruction: date    # the 批示's date: which instruction event of the item
    unit: str
    due: date
    path: str
    done: date | None = None
    text: str | None = None
    report: str | None = None

    @property
    def year(self) -> int:
        return self.instruction.year


@dataclass(frozen=True)
class StaffMember:
    """The office's own 信息员 (staff.yml) and their tasks: items written a week or a month, issues
    edited a month, counted from items' `authors` and issues' `editor`."""

    name: str
    order: int
    role: str | None = None
    unit: str | None = None          # only items of this unit count as the person's
    since: date | None = None
    until: date | None = None
    items_per_week: int = 0
    items_per_month: int = 0
    issues_per_month: int = 0


@dataclass
class Content:
    """Everything in a content folder, validated."""

    settings: Settings
    units: dict[str, Unit]
    topics: dict[str, Topic]
    items: dict[str, Item]  # every item file, approved or not
    issues: list[Issue]
    submissions: dict[int, dict[str, dict[int, int]]]  # year -> unit -> month -> count
    requests: dict[str, Request] = field(default_factory=dict)
    penalties: list[Penalty] = field(default_factory=list)   # by date, then file order
    followups: list[FollowUp] = field(default_factory=list)  # by 批示 date, then file order
    staff: list[StaffMember] = field(default_factory=list)   # staff.yml's order
