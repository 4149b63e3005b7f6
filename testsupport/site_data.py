"""The site's year-split data files read back as one, the way a reader of the site does: the index
(data/leaderboard.json, data/authors.json) names a file per year beside it; their periods (and
payments) joined in the index's order, newest year first."""

from __future__ import annotations

import json
from pathlib import Path


def read_split(site_root: Path, name: str) -> dict:
    """data/<name>.json with `periods` and `payments` gathered from the year files it lists."""
    data = site_root / "data"
    index = json.loads((data / f"{name}.json").read_text(encoding="utf-8"))
    joined = dict(index, periods=[], payments=[])
    for entry in index["years"]:
        part = json.loads((data / entry["file"]).read_text(encoding="utf-8"))
        assert part["year"] == entry["year"] and part["schema_version"] == index["schema_version"]
        joined["periods"] += part["periods"]
        joined["payments"] += part.get("payments", [])
    return joined
