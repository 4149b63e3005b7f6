"""Category and topic, which a Word issue does not print but every item needs: guessed from the
title and body, each guess with its reason for the review list.

Category: words that mark a 预测, 问题建议, 调研, 经验 or 紧急 item in the titles offices write
(“预计”, “亟待”, “对策”, “措施”…); else the first category of bulletin.yml (usually 动态).
Topic: the topic whose name or description words (topics.yml, split at 、) occur most in the title
(counted three times) and body; else `--topic` or the first topic, marked unsure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin.model import Topic

CATEGORY_WORDS = {
    "紧急": ("紧急", "突发"),
    "预测": ("预计", "预测", "预期", "趋势"),
    "问题建议": ("问题", "建议", "亟待", "亟需", "堪忧", "担忧", "短缺", "警惕", "困难", "隐患", "不惠"),
    "调研": ("调研", "调查", "对策", "思考", "分析"),
    "经验": ("措施", "做法", "经验", "率先", "创新", "探索", "举措", "机制"),
}


@dataclass(frozen=True)
class Guess:
    value: str
    reason: str
    sure: bool


def category(title: str, categories: list[str]) -> Guess:
    for name, words in CATEGORY_WORDS.items():
        if name in categories:
            for word in words:
                if word in title:
                    return Guess(name, f"标题含“{word}”", True)
    return Guess(categories[0], "标题无类别用词，取第一个类别", False)


class TopicGuesser:
    def __init__(self, topics: dict[str, Topic], fallback: str | None):
        self._words = {}
        for topic in sorted(topics.values(), key=lambda t: t.order):
            words = [topic.name, *re.split(r"[、，,；;\s]+", topic.description or "")]
            self._words[topic.id] = [w for w in words if len(w) >= 2]
        self._fallback = fallback or next(iter(self._words))

    def guess(self, title: str, body: str) -> Guess:
        best, best_score, best_word = None, 0, ""
        for topic_id, words in self._words.items():
            score, top = 0, ""
            for word in words:
                count = title.count(word) * 3 + body.count(word)
                if count and not top:
                    top = word
                score += count
            if score > best_score:
                best, best_score, best_word = topic_id, score, top
        if best is None:
            return Guess(self._fallback, "标题和正文未见主题词，取默认主题", False)
        return Guess(best, f"含“{best_word}”", True)
