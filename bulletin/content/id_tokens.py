"""What counts as an id found in text: a whole token, so 2026-0003 is not in 2026-00031 or a-2026-0003.

One rule for the check that refuses a draft named in content (draft_leaks.py) and for the
verification of the built site that refuses the same leak (bulletin/ops/verify.py), so check is
never more lenient than publish.
"""

from __future__ import annotations

import re

ID_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*")
TOKEN_CHAR = re.compile(r"[0-9A-Za-z_-]")


def inside_token(text: str, match: re.Match) -> bool:
    """Whether an id-shaped match is only part of a longer token of `text`."""
    if not ID_TOKEN.fullmatch(match.group()):
        return False
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return bool(before and TOKEN_CHAR.match(before)) or bool(after and TOKEN_CHAR.match(after))
