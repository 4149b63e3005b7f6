"""The archive a command works on: the content read and checked, or its problems printed."""

from __future__ import annotations

import sys

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.content.problems import ContentError


def load(args) -> Archive | None:
    try:
        return Archive(load_content(args.content))
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return None
