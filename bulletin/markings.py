"""Classified markings (秘密/机密/绝密) are recognised however they are typed.

涉密信息不上网: a marking that only looks different (全角 forms, spaces, zero-width characters,
traditional or variant characters such as 祕 for 秘) must not slip past the check.
"""

from __future__ import annotations

import unicodedata

from bulletin.model import CLASSIFIED

# Variant and traditional forms of the characters in CLASSIFIED (NFKC does not fold these).
_VARIANTS = str.maketrans({"祕": "秘", "袐": "秘", "機": "机", "絕": "绝", "絶": "绝", "宻": "密"})
# What a reader reads in a marking is its letters and digits. Everything else may stand between the
# characters of 秘密 without changing what a reader sees: spaces, format and control characters,
# combining marks, punctuation, symbols (U+2800 BRAILLE PATTERN BLANK is a symbol), private-use and
# unassigned code points. So only letters and numbers are kept, by category, not by a list.
_KEPT = frozenset("L N".split())
# Letters that draw nothing: the only letters in Unicode's Default_Ignorable_Code_Point property
# (the Hangul fillers: CHOSEONG/JUNGSEONG FILLER, HANGUL FILLER and its halfwidth form).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def folded(text: str) -> str:
    """The marking reduced to what a reader sees: normalised, letters and digits only."""
    normal = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normal
                   if unicodedata.category(ch)[0] in _KEPT and ch not in _BLANK_LETTERS).translate(_VARIANTS)


def is_classified(marking: str) -> bool:
    plain = folded(marking)
    return any(word in plain for word in CLASSIFIED)

