"""Problems found in content, reported all at once as `path:line: field: message`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePath

# One problem, one line: text quoted from content never breaks the `path:line: field: message` shape.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")
_LONGEST_FIELD = 80


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class Problems:
    """Collects problems for one run; the loader never stops at the first one."""

    def __init__(self, root: Path | None = None):
        self.root = root
        self._items: list[Problem] = []
        # a path joined onto the root is shown without pathlib's cost (a check shows every file's)
        self._inside = f"{root}{os.sep}" if root is not None and root.name not in ("", ".", "..") else None

    def add(self, path: Path | str, line: int | None, field: str, message: str) -> None:
        field = _one_line(field)
        if len(field) > _LONGEST_FIELD:
            field = field[:_LONGEST_FIELD] + "…"
        # the path too: a file name may hold a line break, and the line must stay one problem
        self._items.append(Problem(_one_line(self.display(path)), line, field, _one_line(message)))

    def about(self, path: Path | str) -> bool:
        """Whether a problem was reported at this file already."""
        shown = _one_line(self.display(path))
        return any(problem.path == shown for problem in self._items)

    def display(self, path: Path | str) -> str:
        """The path as the editor knows it: from the content folder's name on."""
        if self._inside and isinstance(path, PurePath) and str(path).startswith(self._inside):
            return f"{self.root.name}/{str(path)[len(self._inside):]}".replace(os.sep, "/")
        path = Path(path)
        if self.root is not None:
            for candidate, base in ((lambda: path, lambda: self.root.parent),
                                    (path.resolve, lambda: self.root.resolve().parent)):  # resolving only if needed
                try:
                    return candidate().relative_to(base()).as_posix()
                except ValueError:
                    continue
        return path.as_posix()

    def __iter__(self):
        return iter(sorted(self._items, key=lambda p: (p.path, p.line or 0, p.field)))

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


def _one_line(text: str) -> str:
    return _LINE_BREAKING.sub(lambda match: f"\\u{ord(match.group()):04x}", str(text))


class ContentError(Exception):
    """Raised when content has problems; carries all of them."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in content")

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"共 {len(lines)} 个问题，未生成网站。")
        return "\n".join(lines)


class Refused(Exception):
    """A command refused to act, having changed nothing; the message (maybe several lines) says why."""
