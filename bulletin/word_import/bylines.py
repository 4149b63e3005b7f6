"""Bylines as offices print them: “（林双县人民政府办公室）”, “（林双县政府办供稿）”, “【北岭镇】”,
“（西山乡 王明 李强）” (the unit, then its authors), “（北岭镇、西山乡联合供稿）” (joint units),
“供稿单位：北岭镇”, “——县卫健局” signed with a dash, a bare “测试县北岭镇人民政府” set right at an item's foot or alone under its title,
“林双县：” before the title, and the office's own patterns from the import profile.
"""

from __future__ import annotations

import re
import unicodedata

from bulletin.word_import.imported import Byline, ImportedItem
from bulletin.word_import.markdown import unescape
from bulletin.word_import.profile import Profile

_SIGNED = re.compile(r"^[—–－-]{1,4}\s*(?=[^—–－-])")   # “——县卫健局”: a dash signs the byline
_BRACKETED = re.compile(r"^[(（【\[〔［](.+)[)）】\]〕］]$")
_WORDS = re.compile(r"(联合)?(供稿|来稿|报送|提供|撰稿|整理|供)$")
_LABEL = re.compile(r"^(供稿单位|报送单位|信息来源|稿件来源|来源|供稿|稿源|报送)\s*[:：]\s*")
_TITLE_PREFIX = re.compile(r"^([^:：]{2,16})[:：](.+)$")
UNIT_ENDINGS = ("县", "市", "区", "旗", "州", "盟", "局", "委", "办", "乡", "镇", "街道", "厅", "院", "公司", "中心",
                "政府", "办公室", "所", "站", "队", "会", "部", "处", "场", "社区", "村")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_SEPARATORS = re.compile(r"[、,，/;；]")
_BARE_LONGEST = 40
_RUN_ON = re.compile(r"(?<=[。！？!?”」])\s*((?:\*\*)?[（(【〔][^（）()【】〔〕]{2,40}[）)】〕](?:\*\*)?)\s*$")


def parse(text: str, is_unit, profile: Profile, bare: bool = False) -> Byline | None:
    """The byline `text` is, or None. `bare`: the line stands where a byline without brackets
    does (right-aligned at the foot, alone under the title), so it may lack brackets and labels."""
    line = " ".join(unicodedata.normalize("NFKC", text).split())
    for pattern in profile.bylines:
        if match := pattern.fullmatch(line):
            units = [u for u in _SEPARATORS.split(match.group("unit")) if u.strip()]
            authors = match.groupdict().get("authors") or ""
            return Byline([u.strip() for u in units], authors.split(), text.strip(), f"导入配置 {profile.source}") if units else None
    kind = "括注"
    if signed := _SIGNED.match(line):
        line, bare = line[signed.end():], True   # then as a bare line: it must name a unit units.yml knows
    if match := _BRACKETED.match(line):
        inner = match.group(1).strip()
    elif _LABEL.match(line):
        inner, kind = line, "供稿"
    elif bare and len(line) <= _BARE_LONGEST and not any(mark in line for mark in "。，；：:！？"):
        inner, kind = line, "署名"
    else:
        return None
    if _LABEL.match(inner):
        inner, kind = _LABEL.sub("", inner), "供稿"
    units, authors = [], []
    for word in inner.split():
        stripped = _WORDS.sub("", word)
        if stripped != word:
            kind = "供稿"
        for part in _SEPARATORS.split(stripped):
            if not part:
                continue
            if not units or (_unit_like(part, is_unit) and not authors):
                units.append(part)
            elif _PERSON.match(part):
                authors.append(part)
            else:
                return None   # words that are neither a unit nor a name: a remark, not a byline
    if not units or (kind == "署名" and not is_unit(units[0])) or (kind == "括注" and not _unit_like(units[0], is_unit)):
        return None   # “（完）”, “（图为……）”: a remark; a bare line must name a unit units.yml knows
    return Byline(units, authors, text.strip(), kind)


def _unit_like(text: str, is_unit) -> bool:
    return is_unit(text) or (len(text) > 2 and text.endswith(UNIT_ENDINGS))


def closing(item: ImportedItem, is_unit, profile: Profile) -> None:
    """A byline at the item's foot: bracketed or labelled, or bare and set right-aligned."""
    if item.byline is not None or not item.body:
        return
    byline = parse(unescape(item.body[-1]), is_unit, profile, bare=item.tail_right)
    if byline:
        byline.foot = True
        item.byline = byline
        item.body.pop()
        return
    # run on at the end of the last paragraph: “……全覆盖。（城关镇供稿）”
    if (run_on := _RUN_ON.search(item.body[-1])) and (byline := parse(unescape(run_on.group(1)), is_unit, profile)):
        if byline.kind == "供稿" or is_unit(byline.units[0]):
            byline.foot = True
            item.byline = byline
            item.body[-1] = item.body[-1][:run_on.start()].rstrip()


def title_prefix(item: ImportedItem, is_unit) -> None:
    """“林双县：今年棉花……”: the unit before the colon, when it names a unit or looks like one."""
    match = _TITLE_PREFIX.match(item.title)
    if not match:
        return
    prefix = match.group(1).strip()
    if is_unit(prefix, exact=True) or (item.byline is None and prefix.endswith(UNIT_ENDINGS)):
        if item.byline is None:
            item.byline = Byline([prefix], [], f"{prefix}：", "标题前缀")
        item.title = match.group(2).strip()
