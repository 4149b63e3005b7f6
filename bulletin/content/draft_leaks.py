"""Text the site shows beside published items that names a draft: refused by `check` where it is
written, before publish's verification refuses the built site for it (`ops/verify.py`, a leak).

Verify refuses any page or data file on which an unapproved item's id (as a whole token) or title
appears, unless published content says it itself (an approved body citing the id, a published item
of the same title). Content puts text on the site that is not an item's own: a 约稿's title and
text, a 扣分's note, a published item's authors, events and corrections, an issue's signer, editor
and distribution. Readers hand such text here with where it stands (`Shown.add`), and once every
record is read `refuse_drafts_named` finds each draft named in it, by verify's own rules, so the
two cannot differ. A draft whose title is part of a name the site shows (a unit's, a topic's) is
reported at its own title instead: there the name is right and the title is what to change.

Verify also scans the theme's own text (navigation, CSS): a draft's title or id that only those
hold (a title such as 首页) is not seen here; drafts' ids shaped like the site's own tokens
(dates, period keys) are refused when the draft is read (`cross_checks.draft_not_shown_anyway`).
"""

from __future__ import annotations

import re

from bulletin.content.id_tokens import ID_TOKEN, inside_token
from bulletin.content.schema import At
from bulletin.model import Content


class Shown:
    """Text that reaches the site though no published item says it, with where it is written."""

    def __init__(self) -> None:
        self.texts: list[tuple[At, str]] = []
        self.draft_titles: dict[str, At] = {}   # a draft's id -> where its title is written

    def add(self, at: At, *texts) -> None:
        self.texts += [(at, text) for text in texts if isinstance(text, str) and text]

    def refuse_drafts_named(self, content: Content, names) -> None:
        """Report each place that names a draft; and each draft whose title is part of a name the
        site shows (a unit's, a topic's, bulletin.yml's), at its title: the name is right there."""
        drafts = [item for item in content.items.values() if not item.approved]
        if not drafts:
            return
        published: str | None = None
        names = sorted(names)
        for item in drafts:
            name = next((name for name in names if item.title in name), None)
            if name is not None and item.id in self.draft_titles:
                published = _published_text(content) if published is None else published
                if item.title not in published:
                    self.draft_titles[item.id].report(
                        f"未审核稿件的标题“{item.title}”是网站上显示的名称“{name}”的一部分：发布核验会当作未审核稿件外泄而拒绝发布；"
                        f"请写完整的标题")
        if self.texts:
            self._refuse_drafts_in_texts(content, drafts, published)

    def _refuse_drafts_in_texts(self, content: Content, drafts: list, published: str | None) -> None:

        named = {form: item for item in drafts for form in (item.id, item.title)}
        pattern = re.compile("|".join(map(re.escape, sorted(named, key=len, reverse=True))))
        hits = [(at, match.group()) for at, text in self.texts for match in pattern.finditer(text)
                if not (ID_TOKEN.fullmatch(match.group()) and inside_token(text, match))]
        if not hits:
            return
        published = _published_text(content) if published is None else published
        cited = set(ID_TOKEN.findall(published))
        reported = set()
        for at, hit in hits:
            item, where = named[hit], (at.path, at.line, at.field, hit)
            if where in reported:
                continue
            reported.add(where)
            if (hit == item.id and hit in cited) or (hit == item.title and hit in published):
                continue   # published content says it itself: no leak to verify
            what = f"编号“{hit}”" if hit == item.id else f"标题“{hit}”"
            at.report(f"写有未审核稿件（{item.path}，status: {item.status}）的{what}：此处文字显示在网站上，"
                      f"发布核验会当作未审核稿件外泄而拒绝发布；请改写此处，或待该稿件审核通过后再写")


def _published_text(content: Content) -> str:
    """What verify counts as published content's own words: approved items and issue forewords."""
    words = [f"{item.title}\n{item.summary or ''}\n{item.body}" for item in content.items.values() if item.approved]
    return "\n".join(words) + "\n".join(issue.foreword or "" for issue in content.issues)
