"""Structure-aware mutations of the sample for `bulletin check` (the byte-level ones are in tests/test_fuzz.py;
the cut sample and the oracle they share, in tests/fuzzing.py)."""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path


from conftest import SITE_URL, run_cli
from fuzzing import SEED, Mutant, _check, _cut_sample, _misreported


# -- structure-aware mutations (issue 18) ----------------------------------------------------------
# The byte-level mutations above rarely produce what a careless or hostile editor writes on purpose:
# a field's value as another YAML type, a delimiter inside a block scalar, a character of any Unicode
# category in any text, a classified marking in disguise, a list element twice, a required file
# replaced by a folder, link, FIFO or nothing. Each mutation says what check must then do, beyond
# "no traceback, well-formed problems": refuse (must_refuse), or, if it passes, keep the value as typed
# (kept), and in any case lose nothing that is not reported (the silent-drop oracle below).

STRUCT_CASES = int(os.environ.get("BULLETIN_FUZZ_STRUCT_CASES", "500"))
FIELD = re.compile(r"^(?P<lead>\s*(?:- )?\{?)(?P<key>[a-z_]+): (?P<value>[^,{}\[\]\n]*)$")
TEXT_FIELDS = ("title", "approved_by", "summary")  # item fields whose text the oracle compares
TYPED = ["010", "0x1F", "0o17", "1e3", "-1.5e-3", ".nan", "-.inf", ".INF", "+3", "0", "99999999999999999999999999999999",
         "true", "False", "~", "null", "", "'010'", '"0x10"', "2026-05-12", "20260512", "[a, a]", "{a: 1}", "[]", "1_000"]
PLAIN_TEXT = re.compile(r"^(?![~\[{'\"]|null$|true$|false$|True$|False$)\S.*$")
DELIMITERS = ["---", "...", "--- x", "...  ", "---\t"]
CATEGORIES = ("Lu Ll Lt Lm Lo Mn Mc Me Nd Nl No Pc Pd Ps Pe Pi Pf Po Sm Sc Sk So Zs Zl Zp Cc Cf Co Cn").split()
# Drawn blank or not at all: what a disguise puts between the characters of 秘密.
DISGUISES = ["\u3164", "\uffa0", "\u115f", "\u1160", "\u2800", "\u200b", "\u200d", "\u2060", "\ufeff", "\u034f", "\u00ad",
             "\u180e", "\u3000", "\u00a0", "\u202e", "\ufe0f", "\U000e0041", "\U0001d173", "\u17b4", "\u0301", "\u20dd",
             " ", "\t", "·", "-", "\u3001"]
VARIANTS = {"秘": ["秘", "祕", "袐"], "机": ["机", "機"], "绝": ["绝", "絕", "絶"], "密": ["密", "宻"]}
_BY_CATEGORY: dict[str, list[int]] = {}


def _code_points(category: str) -> list[int]:
    """Every code point of a general category (computed once, when first asked for)."""
    if not _BY_CATEGORY:
        import unicodedata
        for code in range(0x110000):
            _BY_CATEGORY.setdefault(unicodedata.category(chr(code)), []).append(code)
    return _BY_CATEGORY[category]


def _escaped(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text`, whatever characters it has."""
    return '"' + "".join(ch if ch.isalnum() and ord(ch) < 0x10000 and ch.isprintable() else f"\\U{ord(ch):08x}"
                         for ch in text) + '"'


class Structured(Mutant):
    """One structure-aware mutation; `must_refuse` and `kept` say what check must then do."""

    def __init__(self, *args):
        super().__init__(*args)
        self.must_refuse = False
        self.refusal_word = ""              # a word the refusal must contain (when the mutation is alone)
        self.kept: tuple[str, str, str] | None = None  # (item id, field, text) the item must keep if accepted
        self.replaced: dict[Path, bytes | None] = {}
        self.changed: list[Path] = []   # every file changed, in order, by this and stacked mutations

    def _change(self, path: Path, data: bytes) -> None:
        self.changed.append(path)
        super()._change(path, data)

    def touched(self) -> set[Path]:
        return set(self.changed) | set(self.replaced)

    def _fields(self, path: Path, text: str) -> list[tuple[int, re.Match]]:
        lines = text.split("\n")
        end = len(lines)
        if path.suffix == ".md":  # the front matter only
            end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), len(lines))
        return [(i, m) for i in range(end) if (m := FIELD.match(lines[i]))]

    def apply(self) -> str:
        how = self.rng.choice(["scalar-type", "scalar-type", "block-delimiter", "unicode", "unicode", "classified",
                               "duplicate", "replace-file", "replace-file", "ignore"])
        return getattr(self, "_" + how.replace("-", "_"))()

    def _pick(self, suffix: str | None = None) -> Path:
        return self.rng.choice([p for p in self.files if p.is_file() and (suffix is None or p.suffix == suffix)])

    def _set_field(self, path: Path, key_filter, value: str) -> str | None:
        text = path.read_text(encoding="utf-8")
        fields = [(i, m) for i, m in self._fields(path, text) if key_filter(m.group("key"))]
        if not fields:
            return None
        index, match = self.rng.choice(fields)
        lines = text.split("\n")
        lines[index] = f"{match.group('lead')}{match.group('key')}: {value}"
        self._change(path, "\n".join(lines).encode("utf-8"))
        return match.group("key")

    def _scalar_type(self) -> str:
        path = self._pick()
        value = self.rng.choice(TYPED)
        key = self._set_field(path, lambda key: True, value)
        relative = path.relative_to(self.content).as_posix()
        if key in TEXT_FIELDS and path.suffix == ".md" and PLAIN_TEXT.match(value):
            self.kept = (path.stem, key, value)
        return f"scalar-type {key}: {value!r} in {relative}"

    def _block_delimiter(self) -> str:
        path = self._pick(self.rng.choice([".md", ".yml"]))
        relative = path.relative_to(self.content).as_posix()
        delimiter = self.rng.choice(DELIMITERS)
        key = "summary" if path.suffix == ".md" else "foreword"
        lines = path.read_text(encoding="utf-8").split("\n")
        lines = [line for line in lines if not line.startswith(f"{key}:")]  # no duplicate key from us
        at = 1 if path.suffix == ".md" else 0  # after the opening `---`: every key after it must stay
        if path.suffix == ".md" and (not lines or lines[0] != "---"):
            return f"block-delimiter: {relative} has no front matter"
        lines[at:at] = [f"{key}: |", "  第一段", f"  {delimiter}", "  第二段"]
        self._change(path, "\n".join(lines).encode("utf-8"))
        if path.suffix == ".md":
            self.kept = (path.stem, key, f"第一段\n{delimiter}\n第二段")
        return f"block-delimiter {delimiter!r} in {key} of {relative}"

    def _unicode(self) -> str:
        path = self._pick()
        category = self.rng.choice(CATEGORIES)
        code = self.rng.choice(_code_points(category))
        character = chr(code)
        text = path.read_text(encoding="utf-8")
        fields = [(i, m) for i, m in self._fields(path, text) if m.group("value").strip()]
        if not fields:
            return f"unicode: no field in {path.name}"
        index, match = self.rng.choice(fields)
        value = match.group("value").strip().strip("'\"")
        at = self.rng.randrange(len(value) + 1)
        changed = value[:at] + character + value[at:]
        written = _escaped(changed) if self.rng.random() < 0.5 else changed
        lines = text.split("\n")
        lines[index] = f"{match.group('lead')}{match.group('key')}: {written}"
        try:
            self._change(path, "\n".join(lines).encode("utf-8"))
        except UnicodeEncodeError:  # a lone surrogate cannot be written as UTF-8: write it escaped
            self._change(path, "\n".join(lines[:index] + [f"{match.group('lead')}{match.group('key')}: {_escaped(changed)}"]
                                         + lines[index + 1:]).encode("utf-8"))
        return f"unicode {category} U+{code:04X} in {match.group('key')} of {path.relative_to(self.content)}"

    def _classified(self) -> str:
        word = self.rng.choice(["秘密", "机密", "绝密"])
        disguised = "".join(self.rng.choice(VARIANTS[ch]) for ch in word)
        fillers = self.rng.choices(DISGUISES, k=self.rng.choice([1, 1, 2, 3]))
        cut = self.rng.randrange(3)
        disguised = disguised[:cut] + "".join(fillers) + disguised[cut:]
        prefix = self.rng.choice(["", "内部资料 ", "★", "【", "内部资料 注意保存"])
        path = self._pick(self.rng.choice([".md", ".yml"]))
        if path.parent.parent.name not in ("items", "zwxx", "qkfy", "xxzb") and path.parts[-4:-3] != ("issues",):
            path = self._pick(".md")
        lines = path.read_text(encoding="utf-8").split("\n")
        lines = [line for line in lines if not line.startswith("marking:")]
        lines.insert(1, f"marking: {_escaped(prefix + disguised)}")
        self._change(path, "\n".join(lines).encode("utf-8"))
        if self.rng.random() < 0.5:  # allowed in bulletin.yml too: only the classified rule can refuse it
            settings = self.content / "bulletin.yml"
            text = settings.read_text(encoding="utf-8")
            self._change(settings, text.replace("markings: [", f"markings: [{_escaped(prefix + disguised)}, ", 1).encode("utf-8"))
        if path.suffix == ".md" and path.parts[-3] == "items" or path.parts[-4] == "issues":
            self.must_refuse, self.refusal_word = True, "涉密"
        return f"classified {prefix + disguised!r} in {path.relative_to(self.content)}"

    def _duplicate(self) -> str:
        path = self._pick(".md")
        text = path.read_text(encoding="utf-8")
        match = re.search(r"^(co_units|topics|authors): \[([^,\]\n]+)", text, re.M)
        if not match:
            return f"duplicate: no list in {path.name}"
        self._change(path, (text[:match.end()] + f", {match.group(2).strip()}" + text[match.end():]).encode("utf-8"))
        self.must_refuse, self.refusal_word = True, "重复"
        return f"duplicate {match.group(2).strip()} in {match.group(1)} of {path.relative_to(self.content)}"

    def _replace_file(self) -> str:
        rng = self.rng
        name = rng.choice(["bulletin.yml", "units.yml", "topics.yml", "published.lock", "item", "issue"])
        path = {"item": lambda: self._pick(".md"), "issue": lambda: self._pick(".yml")}.get(name, lambda: self.content / name)()
        if path.parts[-2:-1] == ("submissions",) or (name == "issue" and "issues" not in path.parts):
            path = self.content / "topics.yml"
        relative = path.relative_to(self.content).as_posix()
        what = rng.choice(["folder", "folder-with-file", "link-dangling", "link-loop", "link-out", "fifo", "nothing", "empty"])
        if path.is_symlink() or path.exists():
            self.replaced.setdefault(path, path.read_bytes() if path.is_file() else None)
            path.unlink()
        else:
            self.replaced.setdefault(path, None)
        if what == "folder":
            path.mkdir()
        elif what == "folder-with-file":
            path.mkdir()
            (path / "inner.yml").write_text("id: x\n", encoding="utf-8")
        elif what == "link-dangling":
            os.symlink("nowhere", path)
        elif what == "link-loop":
            os.symlink(path.name, path)
        elif what == "link-out":
            os.symlink(self.outside, path)
        elif what == "fifo":
            os.mkfifo(path)
        elif what == "empty":
            path.write_bytes(b"")
        required = relative in ("bulletin.yml", "units.yml", "topics.yml")
        # an item deleted outright may leave consistent content (nothing printed it); anything else
        # standing in a content file's place must be reported
        if required or (what != "nothing" and relative != "published.lock") or (what in ("folder", "fifo", "link-loop", "link-dangling", "link-out", "folder-with-file") and relative == "published.lock"):
            self.must_refuse = True
        return f"replace {relative} by {what}"

    def _ignore(self) -> str:
        patterns = self.rng.sample(["*", "*.yml", "bulletin.yml", "units.yml", "topics.yml", "/units.yml", "items/",
                                    "items/2025/*.md", "!units.yml", "issues/**", "/*", "**/*.md", "# 注释", "u*.yml",
                                    "[bt]*.yml", "?nits.yml", "**/topics.yml"], k=self.rng.choice([1, 2, 3]))
        path = self.content / ".bulletinignore"
        self.replaced.setdefault(path, None)
        path.write_text("\n".join(patterns) + "\n", encoding="utf-8")
        import pathspec
        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        if any(spec.match_file(name) for name in ("bulletin.yml", "units.yml", "topics.yml")):
            self.must_refuse, self.refusal_word = True, "不能忽略必需的文件"
        return f"ignore {patterns!r}"

    def undo(self) -> None:
        super().undo()  # first: a stacked byte-level change may have saved the replacement's bytes
        for path, data in self.replaced.items():
            if path.is_symlink() or path.is_file() or _is_fifo(path):
                path.unlink()
            elif path.exists():
                shutil.rmtree(path)
            if data is not None:
                path.write_bytes(data)


def _is_fifo(path: Path) -> bool:
    import stat
    try:
        return stat.S_ISFIFO(path.lstat().st_mode)
    except OSError:
        return False


def _silent_drops(content: Path) -> list[str]:
    """After a passing check: every item and issue file there is in the content, every unit listed is."""
    import yaml

    from bulletin.content.load import read_content
    loaded, problems = read_content(content)
    if problems:
        return [f"check passed but read_content found {len(problems)} problems"]
    if (content / ".bulletinignore").exists():
        return []  # ignoring is documented: only required files may not be (a must_refuse oracle)
    lost = [p.relative_to(content).as_posix() for p in sorted(content.glob("items/*/*.md"))
            if not p.name.startswith("_") and p.stem not in loaded.items]
    printed = {issue.path for issue in loaded.issues}
    lost += [p.relative_to(content).as_posix() for p in sorted(content.glob("issues/*/*/*.yml"))
             if f"{content.name}/{p.relative_to(content).as_posix()}" not in printed]
    try:
        listed = yaml.safe_load((content / "units.yml").read_text(encoding="utf-8"))
        if isinstance(listed, list) and len(listed) != len(loaded.units):
            lost.append(f"units.yml lists {len(listed)} units, the content has {len(loaded.units)}")
    except (yaml.YAMLError, OSError):
        pass  # YAML 1.1 (PyYAML) may read what YAML 1.2 reads otherwise; units.yml may not be a file
    return [f"silently dropped: {what}" for what in lost]


def _kept_as_typed(content: Path, kept) -> list[str]:
    from bulletin.content.load import read_content
    item_id, field, text = kept
    item = read_content(content)[0].items.get(item_id)
    if item is None:
        return []  # the mutation may have turned the id: the drop oracle speaks for the item
    value = getattr(item, field)
    return [] if value == text.strip() else [f"{field} typed {text!r} became {value!r}"]


def test_check_keeps_its_promise_on_structured_mutations(tmp_path, monkeypatch):
    from bulletin.archive import Archive
    from bulletin.content.load import load_content
    from bulletin.ops.verify import verify
    content = _cut_sample(tmp_path)
    outside = tmp_path / "outside.md"
    outside.write_text(next((content / "items/2025").glob("*.md")).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _check(Path("content"))[0] == 0, "the cut sample is clean"
    files = sorted(p for p in content.rglob("*") if p.is_file())
    rng = random.Random(SEED)
    failures, accepted, refused = [], None, 0
    for case in range(STRUCT_CASES):
        mutant = Structured(content, files, rng, outside)
        done = mutant.apply()
        alone = rng.random() < 0.8
        if not alone:  # stacked with a byte-level mutation: only "never raises" and "must refuse" hold
            ours, count = mutant.touched(), len(mutant.changed)
            done += "; " + Mutant.apply(mutant)
            if ours & set(mutant.changed[count:]):  # it changed the same file: it may have undone ours
                mutant.must_refuse = False
        try:
            code, stdout = _check(Path("content"))
        except BaseException as error:  # noqa: BLE001 - the promise under test is "never raises"
            failures.append(f"case {case} ({done}): raised {type(error).__name__}: {error}")
            mutant.undo()
            continue
        wrong = _misreported(Path("content"), code, stdout)
        if mutant.must_refuse and code == 0:
            wrong.append("let through: check passed")
        elif mutant.must_refuse and alone and mutant.refusal_word and mutant.refusal_word not in stdout:
            wrong.append(f"refused without saying {mutant.refusal_word!r}: {stdout[:300]!r}")
        if code == 0:
            wrong += _silent_drops(content)
            if mutant.kept and alone:
                wrong += _kept_as_typed(content, mutant.kept)
            if accepted is None and alone and mutant.kept:
                accepted = (done, tmp_path / f"accepted-{case}" / "content")
                shutil.copytree(content, accepted[1], symlinks=True)
        refused += code == 1
        failures += [f"case {case} ({done}): {what}" for what in wrong]
        mutant.undo()
        if os.environ.get("BULLETIN_FUZZ_DEBUG"):
            assert _check(Path("content"))[0] == 0, f"case {case} ({done}) was not undone"
    if os.environ.get("BULLETIN_FUZZ_REPORT"):  # a campaign's every finding, for counting by kind
        Path(os.environ["BULLETIN_FUZZ_REPORT"]).write_text("\n".join(failures) + "\n", encoding="utf-8")
    assert not failures, (f"seed {SEED}: {len(failures)} findings in {STRUCT_CASES} structured cases:\n"
                          + "\n".join(failures[:30]))
    assert _check(Path("content"))[0] == 0, "every mutation was undone"
    assert 0 < refused < STRUCT_CASES, f"seed {SEED}: {refused} of {STRUCT_CASES} refused: the mutations do not vary"
    assert accepted, f"seed {SEED}: no typed value was accepted, so build and verify were not tried"
    done, folder = accepted  # what check accepts, build builds and publish's verification accepts
    site = folder.parent / "site"
    # under a sub-path, as publish is tested (a site at the root "/" is issue 17's)
    result = run_cli("build", "--content", folder, "--out", site, "--site-url", SITE_URL,
                     env={"BULLETIN_PDF": "off"})
    assert result.returncode == 0, f"seed {SEED}: check accepted ({done}) but build failed:\n{result.stderr[-2000:]}"
    assert verify(site, Archive(load_content(folder)), SITE_URL) == [], f"seed {SEED}: ({done})"
