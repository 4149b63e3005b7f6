"""Nothing reaches content/ before it is whole and checked: the issues are written into a copy of
the content in a temporary folder beside it (hard links, so the copy costs no space), checked
there, those that would make `bulletin check` fail taken back, and only then each issue's files
moved into content/ (items and images first, the issue file last), never over a file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from bulletin.content import compose
from bulletin.content.load import check_content
from bulletin.word_import.review import Review
from bulletin.word_import.writing import Plan

_TAKE_BACK_ROUNDS = 3
_NOT_COPIED = {".git", ".svn", ".hg"}


def write_checked(plans: list[Plan], root: Path, review: Review) -> int:
    """Writes every plan's new files into content/ once the content with them passes the check;
    returns how many files were written. The plans taken back are refused in `review`."""
    try:
        stage = Path(tempfile.mkdtemp(prefix=".bulletin-import-", dir=root.parent))
    except OSError:   # a folder above content/ we may not write in: the system's (files are copied then)
        stage = Path(tempfile.mkdtemp(prefix="bulletin-import-"))
    try:
        copy = stage / root.name
        _mirror(root, copy)
        staged: dict[int, list[Path]] = {}   # a plan's id: its files in the copy
        for plan in plans:
            try:
                staged[id(plan)] = _write(plan, root, copy)
            except OSError as error:   # a full disk, a read-only folder: that issue is not imported, and says why
                review.at(plan.source).refused(f"写入失败（{error}），{plan.label} 未导入")
                plan.files, plan.images = [], []
        _check(plans, staged, copy, review)
        return sum(_move(plan, staged[id(plan)], root, copy, review) for plan in plans if id(plan) in staged)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _mirror(root: Path, copy: Path) -> None:
    for folder, names, files in os.walk(root):
        names[:] = [n for n in names if n not in _NOT_COPIED]
        target = copy / Path(folder).relative_to(root)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            source = Path(folder) / name
            try:
                os.link(source, target / name, follow_symlinks=False)   # a link stays a link, as check reads it
            except OSError:   # another file system, or links not allowed: a copy then
                shutil.copy2(source, target / name, follow_symlinks=False)


def _write(plan: Plan, root: Path, copy: Path) -> list[Path]:
    written = []
    try:
        for path, data in plan.images:
            staged = copy / path.relative_to(root)
            if not staged.exists():
                staged.parent.mkdir(parents=True, exist_ok=True)
                with open(staged, "xb") as handle:
                    handle.write(data)
                written.append(staged)
        for new in plan.files:
            staged = copy / new.path.relative_to(root)
            if not staged.exists():
                compose.write_new(compose.NewFile(staged, new.text))
                written.append(staged)
    except OSError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def _check(plans: list[Plan], staged: dict[int, list[Path]], copy: Path, review: Review) -> None:
    """Takes back the issues a problem names (all of this run's, when a problem is at a file this
    run did not write) until the copy passes the check."""
    owner_of = {path: plan for plan in plans if id(plan) in staged for path in staged[id(plan)]}
    for round_ in range(_TAKE_BACK_ROUNDS + 1):
        problems = list(check_content(copy)) if owner_of else []
        if not problems:
            return
        culprits: dict[int, tuple[Plan, str]] = {}
        for problem in problems:
            owner = owner_of.get(copy.parent / problem.path) if problem.path else None   # shown from content's name on
            if owner is None or round_ == _TAKE_BACK_ROUNDS:
                culprits = {id(plan): (plan, str(problem)) for plan in owner_of.values()}
                break
            culprits.setdefault(id(owner), (owner, str(problem)))
        for plan, problem in culprits.values():
            for path in staged.pop(id(plan), []):
                path.unlink(missing_ok=True)
                owner_of.pop(path, None)
            review.at(plan.source).refused(f"写入后内容检查不通过，已撤回 {plan.label}：{problem}")
            plan.files, plan.images = [], []


def _place(staged: Path, target: Path) -> None:
    """Links (or, across file systems, copies) the file in; fails where one is there already."""
    try:
        os.link(staged, target)
    except FileExistsError:
        raise
    except OSError:
        with open(staged, "rb") as source, open(target, "xb") as handle:
            shutil.copyfileobj(source, handle)


def _move(plan: Plan, files: list[Path], root: Path, copy: Path, review: Review) -> int:
    """The plan's staged files into content/, in order; all of them or none."""
    moved = []
    try:
        for staged in files:
            target = root / staged.relative_to(copy)
            target.parent.mkdir(parents=True, exist_ok=True)
            _place(staged, target)
            moved.append(target)
    except OSError as error:
        for path in moved:
            path.unlink(missing_ok=True)
        review.at(plan.source).refused(f"写入失败（{error}），{plan.label} 未导入")
        plan.files, plan.images = [], []
        return 0
    return len(moved)
