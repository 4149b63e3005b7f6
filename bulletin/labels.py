"""Every word the office reads, in one place: dates (2026年5月18日), numbers (第15期, 总第412期),
how an issue is cited, and the names of the upward events (上报, 采用, 批示). Pages, tables, the
CSV, the terminal and the checks' messages all take them from here."""

from __future__ import annotations

from datetime import date

from bulletin.model import EVENT_TYPES, FORMS


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(year: int, month: int) -> str:
    return f"{year}年{month}月"


def issue_number(number: int, supplement: bool = False) -> str:
    return f"增刊第{number}期" if supplement else f"第{number}期"


def total_number(total: int | None) -> str:
    return f"总第{total}期" if total else ""


def issue_label(series_name: str, year: int, number: int, supplement: bool = False) -> str:
    """How an issue is cited everywhere (site, CSV, JSON, terminal): 《政务信息》2026年第3期."""
    return f"《{series_name}》{year}年{issue_number(number, supplement)}"


# The upward events as the office names them; the content files use the English keys.
EVENT_LABELS = dict(zip(EVENT_TYPES, ("上报", "采用", "批示"), strict=True))
FORM_LABELS = dict(zip(FORMS, ("单条", "综合"), strict=True))


def event_label(event_type: str, form: str = "single") -> str:
    """上报, 批示, or 采用（单条）/采用（综合）: an adoption always says which form it took."""
    label = EVENT_LABELS[event_type]
    return f"{label}（{FORM_LABELS[form]}）" if event_type == "adopted" else label


def upward_label(event_type: str, level_name: str, publication: str | None = None, form: str = "single",
                 issue: str | None = None) -> str:
    """One upward event as a line reads it: 上报地区, 自治区《参阅信息》第5期综合采用, 自治区领导批示."""
    if event_type == "forwarded":
        return f"{EVENT_LABELS['forwarded']}{level_name}"
    if event_type == "adopted":
        cited = f"《{publication}》" if publication else ""
        return f"{level_name}{cited}{issue or ''}{FORM_LABELS['combined'] if form == 'combined' else ''}{EVENT_LABELS['adopted']}"
    return f"{level_name}领导{EVENT_LABELS['instruction']}"


# A unit's answer to a 约稿 (bulletin/cycle/requests.py's outcomes).
OUTCOME_LABELS = {"on_time": "按时报送", "late": "逾期报送", "missed": "未报送", "pending": "尚未报送", "dissolved": "已撤并，不计"}


# The unit's own credits (bulletin/cycle/scoring.py UNIT_KINDS), as columns and table headers name them.
OWN_KIND_LABELS = {"request": "约稿", "quota": "定额", "penalty": "扣分", "followup": "督办"}
# A 批示 follow-up's outcome (bulletin/cycle/followups.py).
FOLLOWUP_LABELS = {"done": "按期反馈", "late": "逾期反馈", "overdue": "逾期未反馈", "open": "待反馈"}


def own_label(kind: str, outcome: str | None = None, penalty_type: str | None = None, quota: tuple[int, int] | None = None) -> str:
    """A unit's own credit as a line reads it: 约稿按时报送, 未完成月度定额（报送0篇，定额2篇）, 扣分（迟报）."""
    if kind == "request":
        return f"约稿{OUTCOME_LABELS[outcome]}"
    if kind == "quota":
        submitted, owed = quota
        return f"未完成月度定额（报送{submitted}篇，定额{owed}篇）"
    if kind == "followup":
        return f"批示督办{FOLLOWUP_LABELS[outcome]}"
    return f"扣分（{penalty_type}）"


def own_rule_label(kind: str, outcome: str | None = None, penalty_type: str | None = None) -> str:
    """A row of the scoring-rules table for the unit's own points: 约稿按时报送（每次）, 未完成月度定额（每月）,
    扣分（迟报，每次）."""
    if kind == "request":
        return f"{own_label(kind, outcome)}（每次）"
    if kind == "quota":
        return "未完成月度定额（每月）"
    if kind == "followup":
        return f"{own_label(kind, outcome)}（每件）"
    return f"扣分（{penalty_type}，每次）"


# A 约稿's state, and its units' answers counted as a line reads them.
REQUEST_STATES = {True: "进行中", False: "已截止"}   # open (not yet due on the build date) or decided
OUTCOME_HEADINGS = dict(OUTCOME_LABELS, dissolved="已撤并")   # a request page's sections: 不计 is said beside the heading


def days_late(days: int) -> str:
    return f"逾期{days}天"


def days_left(days: int) -> str:
    """How long an open request has: 今天截止 on its due date, else 还剩N天."""
    return "今天截止" if days <= 0 else f"还剩{days}天"


def request_counts(held: int, counts: dict[str, int], is_open: bool) -> str:
    """应报4个单位，按时1，逾期2，未报1 once decided; 应报15个单位，已报2，尚未报送13 while open.
    Units dissolved before the due date are not held to it: 另有1个单位已撤并，不计."""
    if is_open:
        parts = [f"已报{counts.get('on_time', 0) + counts.get('late', 0)}", f"尚未报送{counts.get('pending', 0)}"]
    else:
        parts = [f"按时{counts.get('on_time', 0)}", f"逾期{counts.get('late', 0)}", f"未报{counts.get('missed', 0)}"]
    text = f"应报{held}个单位，" + "，".join(parts)
    if counts.get("dissolved"):
        text += f"（另有{counts['dissolved']}个单位已撤并，不计）"
    return text
