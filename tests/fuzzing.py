"""What both fuzz tests share (tests/test_fuzz.py, byte-level; tests/test_fuzz_structured.py,
structure-aware): the cut sample, the byte-level mutant, and the oracle for check's answer."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import random
import re
import shutil
from datetime import date
from pathlib import Path
from unittest import mock

from bulletin import cli
from conftest import SAMPLE

SEED = int(os.environ.get("BULLETIN_FUZZ_SEED", "20261127"))
CASES = int(os.environ.get("BULLETIN_FUZZ_CASES", "1000"))
CUT = date(2025, 3, 20)  # the sample up to this date: 20 items, 3 issues
BUILDS = 2               # accepted mutants built in full (a build takes seconds; checks take milliseconds)

TOKENS = [
    ":", "：", ": ", " ", "\t", "\n", "\r\n", "- ", "[", "]", "{", "}", ",", "#", "&a ", "*a", "!!", "!foo ", "!!python/object:os.system ",
    "'", '"', "|", ">", "?", "%", "@", "`", "\x00", "\x07", "\x1b", "\ufeff", "\u200b", "\u2028", "---\n", "...\n", "010", "yes", "no",
    ".nan", ".inf", "1e300", "-1", "0", "99999999999999999999999999999999", "2026-02-30", "2062-01-01", "0000-01-01", "~", "null",
    "[]", "{}", "<<: *a\n", "祕密", "机密", "<img src=\\\\evil.example/x.png>", "<script>alert(1)</script>", "\\", "../", "zwxx",
    "2025-0002", "approved", "status: approved\n", "total: 1\n", "supplement: true\n", "[[[[[[[[[[[[[[[[[[[[[[[[[", "&b [*b]",
]
SCALARS = ["", "~", "010", "yes", ".nan", "-.inf", "1e300", "-5", "0", "2026-02-30", "2062-01-01", "1900-01-01", "[]", "{}",
            "[a, b]", "{a: 1}", "!!binary aGk=", "*a", "&a x", "'quoted'", "\"\\u0000\"", "\"x\\n\"", "祕 密", "a：b", "|\n  block",
            "zwxx", "qkfy", "province", "state", "adopted", "combined", "2025-0002", "linshuang", "true", "99999"]
PROBLEM_LINE = re.compile(r"^(?P<path>[^:\n]+)(?::(?P<line>[1-9][0-9]*))?: \S")


def _cut_sample(target: Path) -> Path:
    """Every file of the sample dated up to CUT; nothing else. Returns the content folder."""
    content = target / "content"
    for name in ("bulletin.yml", "units.yml", "topics.yml"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / name, content / name)
    dated = re.compile(r"^date: (\d{4}-\d{2}-\d{2})$", re.M)
    for path in sorted((SAMPLE / "items").glob("*/*.md")) + sorted((SAMPLE / "issues").glob("*/*/*.yml")):
        text = path.read_text(encoding="utf-8")
        if date.fromisoformat(dated.search(text).group(1)) <= CUT:
            (content / path.relative_to(SAMPLE)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, content / path.relative_to(SAMPLE))
    shutil.copytree(SAMPLE / "submissions", content / "submissions")
    _cycle_within_cut(content)
    return content


def _cycle_within_cut(content: Path) -> None:
    """The sample's requests and penalties fall after CUT: one of each (and the rules that score them)
    is written inside it, so the mutations reach those files and the fields that refer to them too."""
    bulletin = content / "bulletin.yml"
    rules = "    instruction: {city: 5, province: 50, state: 100}\n"
    bulletin.write_text(bulletin.read_text(encoding="utf-8").replace(
        rules, rules + "    request_answered: 2\n    request_missed: -3\n    quota_missed: -2\n    penalties: {迟报: -10}\n", 1), encoding="utf-8")
    (content / "requests" / "2025").mkdir(parents=True)
    (content / "requests" / "2025" / "2025-yd01.yml").write_text(
        "id: 2025-yd01\ntitle: 关于报送春节期间市场供应情况的约稿\ndate: 2025-01-05\ndue: 2025-01-31\nunits: all\n"
        "topics: [agriculture]\ntext: |\n  请各单位报送春节期间市场供应情况。\n", encoding="utf-8")
    (content / "penalties").mkdir()
    (content / "penalties" / "2025.yml").write_text("- {unit: tahe, type: 迟报, date: 2025-02-10, note: 雪灾灾情迟报}\n", encoding="utf-8")
    answer = content / "items" / "2025" / "2025-0002.md"
    answer.write_text(answer.read_text(encoding="utf-8").replace("\nstatus: approved\n", "\nstatus: approved\nrequest: 2025-yd01\n", 1),
                      encoding="utf-8")


class Mutant:
    """One mutation applied to the content folder, and undone afterwards."""

    def __init__(self, content: Path, files: list[Path], rng: random.Random, outside: Path):
        self.content = content
        self.files = files
        self.rng = rng
        self.outside = outside
        self.restore: dict[Path, bytes] = {}
        self.created: list[Path] = []

    def _change(self, path: Path, data: bytes) -> None:
        self.restore.setdefault(path, path.read_bytes())
        path.write_bytes(data)

    def _create(self, path: Path) -> Path | None:
        """Make room for a new file or link at `path`, remembering what to remove; None if it is taken."""
        if path.exists() or path.is_symlink():
            return None
        for parent in reversed([path, *path.parents]):
            if parent != self.content and self.content in parent.parents and not parent.exists():
                self.created.append(parent)
                break
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def apply(self) -> str:
        """Mutate; return what was done, for the failure message."""
        rng = self.rng
        path = rng.choice([p for p in self.files if p.is_file()])  # an earlier mutation may have moved one
        text = path.read_bytes().decode("utf-8", errors="replace")
        relative = path.relative_to(self.content).as_posix()
        kind = rng.choice(["insert", "insert", "delete", "line", "line", "value", "value", "value", "bytes", "file"])
        at = rng.randrange(len(text) + 1)
        if kind == "insert":
            token = rng.choice(TOKENS)
            self._change(path, (text[:at] + token + text[at:]).encode("utf-8"))
            return f"insert {token!r} at {at} of {relative}"
        if kind == "delete":
            span = rng.choice([1, 1, 2, 5, 20])
            self._change(path, (text[:at] + text[at + span:]).encode("utf-8"))
            return f"delete {span} at {at} of {relative}"
        lines = text.split("\n")
        index = rng.randrange(len(lines))
        if kind == "line":
            how = rng.choice(["drop", "repeat", "swap", "indent", "dedent"])
            other = rng.randrange(len(lines))
            if how == "drop":
                del lines[index]
            elif how == "repeat":
                lines.insert(index, lines[index])
            elif how == "swap":
                lines[index], lines[other] = lines[other], lines[index]
            elif how == "indent":
                lines[index] = "  " + lines[index]
            else:
                lines[index] = lines[index].lstrip()
            self._change(path, "\n".join(lines).encode("utf-8"))
            return f"{how} line {index + 1} of {relative}"
        if kind == "value":
            candidates = [i for i, line in enumerate(lines) if re.search(r"[:\-] \S", line)] or [index]
            index = rng.choice(candidates)
            value = rng.choice(SCALARS)
            lines[index] = re.sub(r"([:\-] ).*$", lambda m: m.group(1) + value, lines[index], count=1)
            self._change(path, "\n".join(lines).encode("utf-8"))
            return f"value {value!r} on line {index + 1} of {relative}"
        if kind == "bytes":
            raw = path.read_bytes()
            at = rng.randrange(len(raw) + 1)
            junk = rng.choice([b"\xff", b"\xc3", b"\xe4\xb8", b"\xef\xbb\xbf", b"\x00", b""])
            self._change(path, raw[:at] + junk + raw[at:] if junk else raw[:at])
            return f"bytes {junk!r} at {at} of {relative}"
        return self._file_level(path, relative)

    def _file_level(self, path: Path, relative: str) -> str:
        rng = self.rng
        how = rng.choice(["empty", "stray", "link-out", "link-dangling", "link-in", "folder", "rename"])
        if how == "empty":
            self._change(path, rng.choice([b"", b"# \n", b"---\n---\n", b"\xef\xbb\xbf"]))
            return f"empty {relative}"
        names = {"stray": rng.choice(["notes.txt", "items/2025/x.markdown", "issues/zwxx/009.yml", "submissions/2025.yaml",
                                      "items/25/2025-0900.md", "issues/zwxx/2025/.yaml", "_ignored.md", "items/2025/_draft.md"]),
                 "link-out": path.with_name("linked.md"), "link-dangling": path.with_name(".#lock.md"),
                 "link-in": path.with_name("2025-0999.md"), "folder": path.with_name("x.md") / "inner.yml",
                 "rename": path.with_suffix(rng.choice([".yaml", ".markdown", ".txt", ""]))}
        target = self._create(self.content / names[how])
        if target is None:
            return f"{how} near {relative}: taken"
        if how in ("stray", "folder"):
            target.write_text("id: x\n", encoding="utf-8")
        elif how == "rename":
            self._change(path, path.read_bytes())
            shutil.move(path, target)
        else:
            os.symlink({"link-out": self.outside, "link-dangling": "nowhere", "link-in": path}[how], target)
        return f"{how} {relative} -> {target.relative_to(self.content)}"

    def undo(self) -> None:
        for created in reversed(self.created):
            if created.is_symlink() or created.is_file():
                created.unlink()
            elif created.exists():
                shutil.rmtree(created)
        for path, data in self.restore.items():
            path.write_bytes(data)


# The command line's parser, built once for every case: building it costs more than a small check's
# parse (3.6 ms a case, 1,500 cases a run), and parse_args leaves a parser as it found it.
_parser_once = functools.cache(cli.parser)


def _check(content: Path) -> tuple[int, str]:
    """`bulletin check` in this process: cli.main whole (its exit codes and its handling of what a
    command meets), only its parser not built again."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), mock.patch.object(cli, "parser", _parser_once):
        code = cli.main(["check", "--content", str(content)])
    return code, out.getvalue()


def _misreported(content: Path, code: int, stdout: str) -> list[str]:
    """What is wrong with check's answer; empty when it keeps its promise."""
    if code == 0:
        return [] if stdout.startswith("内容检查通过") else [f"exit 0 without the pass line: {stdout[:200]!r}"]
    if code != 1:
        return [f"exit {code}"]
    lines = stdout.splitlines()
    wrong = [line for line in lines if not PROBLEM_LINE.match(line)]
    for line in lines:
        match = PROBLEM_LINE.match(line)
        if match:
            shown = Path(match.group("path"))
            if shown.parts[0] != content.name or ".." in shown.parts:
                wrong.append(f"path outside the content folder: {line}")
    return wrong or ([] if lines else ["exit 1 without any problem"])
