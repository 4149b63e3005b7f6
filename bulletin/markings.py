"""Classified markings (秘密/机密/绝密) are recognised however they are typed.

涉密信息不上网: a marking that only looks different (全角 forms, spaces, zero-width characters,
traditional or variant characters such as 祕 for 秘) must not slip past the check.
"""

from __future__ import annotations

import unicodedata

from bulletin.model import CLASSIFIED

# Variant and traditional forms of the characters in CLASSIFIED (NFKC does not fold these).
_VARIANTS = str.maketrans({"祕": "秘", "袐": "秘", "機": "机", "絕": "绝", "絶": "绝", "宻": "密"})
_INVISIBLE = {"Cf", "Zs", "Zl", "Zp", "Cc", "Mn"}  # format (zero-width), spaces, controls, combining marks


def folded(text: str) -> str:
    """The marking reduced to what a reader sees: normalised, without spaces or invisible characters."""
    normal = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normal if unicodedata.category(ch) not in _INVISIBLE).translate(_VARIANTS)


def is_classified(marking: str) -> bool:
    plain = folded(marking)
    return any(word in plain for word in CLASSIFIED)

