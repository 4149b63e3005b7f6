"""The content a merge request starts from: the content folder as the target branch has it (git's
merge base), read into an Archive the review compares against, so the reviewer's summary is the
merge request's own changes and never depends on a committed record of what was published.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from bulletin.archive import Archive
from bulletin.content.load import ContentError, load_content
from bulletin.content.problems import Refused


def _git(folder: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True)
    if result.returncode != 0:
        raise Refused(f"git {' '.join(args)} 失败（{folder}）：{result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout


def base_archive(content: Path, ref: str) -> Archive | None:
    """The content folder at `ref` (a commit, a branch), or None when `ref` had no content yet.
    Raises Refused when `content` is not in a git checkout or `ref` is unknown; a base whose
    content does not pass the check (it was merged before a stricter release) counts as none."""
    content = content.resolve()
    top = Path(_git(content, "rev-parse", "--show-toplevel").decode().strip())
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    inside = content.relative_to(top).as_posix()
    if not _git(top, "ls-tree", "--name-only", commit, "--", inside).strip():
        return None
    with tempfile.TemporaryDirectory(prefix="bulletin-base-") as folder:
        with tarfile.open(fileobj=io.BytesIO(_git(top, "archive", "--format=tar", commit, "--", inside))) as tar:
            # git's own archive of the office's commit; the filter where Python has it (3.11.4+)
            try:
                tar.extractall(folder, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
            except tarfile.TarError as error:   # a symlink out of the folder (the filter refuses it), and the like
                raise Refused(f"目标分支 {ref}（{commit[:12]}）上的 {inside} 无法取出对照：{error}。"
                              "内容目录中不应有指向其外的符号链接；请在目标分支上修正后再审阅") from None
        try:
            return Archive(load_content(Path(folder) / inside))
        except ContentError:
            return None
