"""总第M期: the running number of a series' main run, as written or counted on from the issue before.

Shared by the archive (what is printed) and the check (which refuses numbers that would collide or
fall back), so both always count the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from bulletin.model import Issue


def print_order(issue: Issue):
    """Issues of a series in the order they came out: by date, then main run before supplements, then number."""
    return (issue.date, issue.supplement, issue.number)


def running_totals(issues: Iterable[Issue]) -> Iterable[tuple[Issue, int, bool]]:
    """(issue, 总第, written?) for the main-run issues of one series, given in print order."""
    running = 0
    for issue in issues:
        if issue.supplement:
            continue
        running = issue.total or running + 1
        yield issue, running, issue.total is not None
