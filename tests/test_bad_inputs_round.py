"""Issue 30's new round of bad inputs, against what the last sessions added: followups/<YYYY>.yml,
staff.yml, `eligibility`, `circulars:` in content/published.lock, `early_circulars:`, `site:`, item
pictures under items/<YYYY>/images/.

Each case breaks the office fixture one way an office could (a slip, a paste, a tool gone wrong).
The oracle, for every case: `bulletin check` does not raise, refuses, and names the broken file
with a line (file:line: field: message; a whole-file problem has no field, a picture no line).
Also odd refs for `review --against`, and hostile import profiles (_import.yml). Counts of this
round (issue 30): 98 bad inputs (71 content, 15 refs, 12 profiles), 20 mishandled before its fixes
(6 accepted by check in silence, 2 review tracebacks, 12 profile messages without a line or with
none at all), 0 after; and 3 inputs that mean a valid one, accepted.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from bulletin.archive import Archive
from conftest import fast_lane
from bulletin.content.load import check_content, load_content
from bulletin.content.published_record import FILE, render, save
from testsupport.office_archive import compose

FOLLOWUPS = "followups/2026.yml"
STAFF = "staff.yml"
SETTINGS = "bulletin.yml"
LOCK = FILE
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
ITEM = "items/2026/2026-0001.md"
PICTURE_LINE = "1月，巴尔市针对汛期地质灾害防范中群众反映集中的问题，开展了为期一个月的专项行动。"


def _replace(old: str, new: str):
    def apply(content):
        path = content / apply.file
        text = path.read_text(encoding="utf-8")
        assert old in text, (apply.file, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def _write(data: str | bytes):
    def apply(content):
        path = content / apply.file
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


def _append(text: str):
    def apply(content):
        path = content / apply.file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return apply


def _picture(name: str, data: bytes | None = PNG, shown: str | None = None, symlink: str | None = None):
    """A file under items/2026/images/ (or a symlink, or a folder when data is None), shown by
    2026-0001's body at `shown` (its address) when given."""
    def apply(content):
        images = content / "items/2026/images"
        images.mkdir(parents=True, exist_ok=True)
        target = images / name
        if symlink:
            target.symlink_to(symlink)
        elif data is None:
            target.mkdir()
        else:
            target.write_bytes(data)
        if shown is not None:
            item = content / ITEM
            item.write_text(item.read_text(encoding="utf-8").replace(PICTURE_LINE, f"{PICTURE_LINE}\n\n![图1]({shown})\n"),
                            encoding="utf-8")
    return apply


def _early(value: str):
    return _replace("circular_number: 巴署办信〔{year}〕{month}号", f"circular_number: 巴署办信〔{{year}}〕{{month}}号\nearly_circulars: {value}")


def _site(value: str):
    return _replace("circular_number: 巴署办信〔{year}〕{month}号", f"circular_number: 巴署办信〔{{year}}〕{{month}}号\nsite: {value}")


def _lock(transform):
    """The published record written for the office, then its circulars: section bent by `transform`."""
    def apply(content):
        text = (content / LOCK).read_text(encoding="utf-8")
        (content / LOCK).write_text(transform(text), encoding="utf-8")
    return apply


def _first_circular(old: str, new: str):
    def transform(text):
        start = text.index("circulars:")
        head, tail = text[:start], text[start:]
        assert old in tail, old
        return head + tail.replace(old, new, 1)
    return transform


CASES = {
    # followups/<YYYY>.yml
    "follow-ups as a mapping": (FOLLOWUPS, _write("2026-0034: {due: 2026-06-30}\n")),
    "follow-ups file of a scalar": (FOLLOWUPS, _write("督办\n")),
    "follow-up entry null": (FOLLOWUPS, _append("- \n")),
    "follow-up entry a list": (FOLLOWUPS, _append("- [2026-0034, 2026-06-30]\n")),
    "follow-up item a number": (FOLLOWUPS, _replace("- item: 2026-0051", "- item: 20260051")),
    "follow-up due not a date": (FOLLOWUPS, _replace("due: 2026-08-31", "due: 月底前")),
    "follow-up due on Feb 30": (FOLLOWUPS, _replace("due: 2026-08-31", "due: 2026-02-30")),
    "follow-up done before its 批示": (FOLLOWUPS, _replace("done: 2026-09-18", "done: 2026-08-01")),
    "follow-up text a list": (FOLLOWUPS, _replace("text: 已开展森林草原防火隐患排查整治，整改隐患127处。", "text: [已开展, 排查]")),
    "follow-up report a list": (FOLLOWUPS, _replace("report: 2026-0901", "report: [2026-0901]")),
    "follow-up unit a list": (FOLLOWUPS, _replace("unit: jinsha", "unit: [jinsha, yingji]")),
    "follow-up key twice": (FOLLOWUPS, _replace("  due: 2026-08-31", "  due: 2026-08-31\n  due: 2026-09-30")),
    "follow-up anchor loop": (FOLLOWUPS, _append("- &a {item: 2026-0034, due: 2026-06-30, text: *a}\n")),
    "follow-up file in a folder named like a year": ("followups/2027.yml", _write("- item: 2026-0034\n  due: 2026-06-30\n")),
    "follow-up of a report that is the followed item": (FOLLOWUPS, _replace("report: 2026-0901", "report: 2026-0034")),
    # staff.yml
    "staff as a mapping": (STAFF, _write("李敏: {since: 2026-03-01}\n")),
    "staff name empty": (STAFF, _replace("{name: 刘洋,", "{name: '',")),
    "staff name of spaces": (STAFF, _replace("{name: 刘洋,", "{name: '   ',")),
    "staff name twice, once with a full-width space": (STAFF, _replace("{name: 赵丽,", "{name: 李敏\u3000,")),
    "staff until before since": (STAFF, _replace("since: 2026-01-01, items_per_month: 1}\n- {name: 马涛",
                                                 "since: 2026-01-01, until: 2025-12-01, items_per_month: 1}\n- {name: 马涛")),
    "staff task negative": (STAFF, _replace("{name: 马涛, role: 兼职信息员, since: 2026-01-01, items_per_month: 1}",
                                            "{name: 马涛, role: 兼职信息员, since: 2026-01-01, items_per_month: -1}")),
    "staff task a float": (STAFF, _replace("{name: 马涛, role: 兼职信息员, since: 2026-01-01, items_per_month: 1}",
                                           "{name: 马涛, role: 兼职信息员, since: 2026-01-01, items_per_month: 1.5}")),
    "staff task a bool": (STAFF, _replace("{name: 马涛, role: 兼职信息员, since: 2026-01-01, items_per_month: 1}",
                                          "{name: 马涛, role: 兼职信息员, since: 2026-01-01, items_per_month: yes}")),
    "staff since far ahead": (STAFF, _replace("since: 2026-07-01", "since: 2062-07-01")),
    "staff entry null": (STAFF, _append("- \n")),
    "staff with a typo'd field": (STAFF, _replace("role: 兼职信息员, since: 2026-01-01, items_per_month: 1}\n- {name: 马涛",
                                                  "role: 兼职信息员, snice: 2026-01-01, items_per_month: 1}\n- {name: 马涛")),
    # bulletin.yml: eligibility
    "eligibility a mapping": (SETTINGS, _replace("eligibility:\n  - since: 2026-01-01", "eligibility:\n    since: 2026-01-01")),
    "eligibility without since": (SETTINGS, _replace("  - since: 2026-01-01\n    barring_penalties", "  - barring_penalties")),
    "eligibility count zero": (SETTINGS, _replace("zeroing_missed_requests: 2 ", "zeroing_missed_requests: 0 ")),
    "eligibility count a word": (SETTINGS, _replace("zeroing_missed_requests: 2 ", "zeroing_missed_requests: 两次 ")),
    "eligibility months over a year": (SETTINGS, _replace("staff_months_unfit: 3 ", "staff_months_unfit: 13 ")),
    "eligibility barring twice": (SETTINGS, _replace("barring_penalties: [漏报瞒报]", "barring_penalties: [漏报瞒报, 漏报瞒报]")),
    "eligibility rule sets on one day": (SETTINGS, _append("  - {since: 2026-01-01, zeroing_missed_requests: 3}\n")),
    # bulletin.yml: early_circulars
    "early circular not a date": (SETTINGS, _early("[五月二十日]")),
    "early circular on Feb 30": (SETTINGS, _early("[2026-02-30]")),
    "early circular twice": (SETTINGS, _early("[2026-05-20, 2026-05-20]")),
    "early circulars twice in one month": (SETTINGS, _early("[2026-05-20, 2026-05-25]")),
    "early circular far ahead": (SETTINGS, _early("[2062-05-20]")),
    "early circular a mapping": (SETTINGS, _early("{2026-05: 2026-05-20}")),
    # bulletin.yml: site
    "site a scalar": (SETTINGS, _site("巴尔政务信息")),
    "site a list": (SETTINGS, _site("[巴尔政务信息]")),
    "site robots unknown": (SETTINGS, _site("{robots: nofollow}")),
    "site robots a bool": (SETTINGS, _site("{robots: no}")),
    "site name a list": (SETTINGS, _site("{name: [巴尔, 政务]}")),
    "site with a typo'd field": (SETTINGS, _site("{nmae: 巴尔政务信息}")),
    "site name with a line break": (SETTINGS, _site('{name: "巴尔\\n政务信息"}')),
    # items/<YYYY>/images/
    "picture with text for bytes": (ITEM, _picture("2026-0001-1.png", b"not a picture at all", "images/2026-0001-1.png")),
    "picture empty": (ITEM, _picture("2026-0001-1.png", b"", "images/2026-0001-1.png")),
    "picture a folder": (ITEM, _picture("2026-0001-1.png", None, "images/2026-0001-1.png")),
    "picture a symlink out of content": (ITEM, _picture("2026-0001-1.png", shown="images/2026-0001-1.png", symlink="/etc/passwd")),
    "picture a dangling symlink": (ITEM, _picture("2026-0001-1.png", shown="images/2026-0001-1.png", symlink="/nonexistent/x.png")),
    "picture shown with a query": (ITEM, _picture("2026-0001-1.png", PNG, "images/2026-0001-1.png?x=1")),
    "picture shown with a fragment": (ITEM, _picture("2026-0001-1.png", PNG, "images/2026-0001-1.png#x")),
    "picture shown percent-encoded": (ITEM, _picture("2026-0001-1.png", PNG, "images/2026%2D0001-1.png")),
    "picture shown by backslash": (ITEM, _picture("2026-0001-1.png", PNG, "images\\2026-0001-1.png")),
    "picture shown by file: URL": (ITEM, _picture("2026-0001-1.png", PNG, "file:///etc/passwd")),
    "picture shown as data: URL": (ITEM, _picture("2026-0001-1.png", PNG, "data:image/png;base64,iVBORw0KGgo=")),
    "picture of another year's folder": (ITEM, _picture("2026-0001-1.png", PNG, "../2025/images/2026-0001-1.png")),
    "picture name with a space": (ITEM, _picture("2026-0001 1.png", PNG, "<images/2026-0001 1.png>")),
    "picture upper-case extension": (ITEM, _picture("2026-0001-1.PNG", b"GIF89a" + b"\0" * 32, "images/2026-0001-1.PNG")),
    "picture unshown, not an item's": ("items/2026/images/logo.png", _picture("logo.png", PNG)),
    # content/published.lock: circulars
    "record circulars a list": (LOCK, _lock(lambda text: text[:text.index("circulars:")] + "circulars: [2026-01]\n")),
    "record circular month 13": (LOCK, _lock(_first_circular("  2025-01:\n", "  2025-13:\n"))),
    "record circular as_of not a date": (LOCK, _lock(_first_circular("as_of: '2025-01-31'", "as_of: 一月底"))),
    "record circular as_of on Feb 30": (LOCK, _lock(_first_circular("as_of: '2025-02-28'", "as_of: '2025-02-30'"))),
    "record circular figures not a hash": (LOCK, _lock(_first_circular("figures: sha256:", "figures: md5:"))),
    "record circular lines a scalar": (LOCK, _lock(_first_circular("lines: [", "lines: x #["))),
    "record circular entry null": (LOCK, _lock(_first_circular("  2025-01:\n", "  2025-01: ~\n  2025-00:\n"))),
    "record circular number changed": (LOCK, _lock(_first_circular("number: 巴署办信〔2025〕1号", "number: 巴署办信〔2025〕9号"))),
    "record circular key a date": (LOCK, _lock(_first_circular("  2025-01:\n", "  2025-01-01:\n"))),
    "record circular lines with one dropped": (LOCK, _lock(_first_circular("lines: [ea837d112bd2, ", "lines: ["))),
}


# Inputs that look wrong but mean what a valid one means, by the contract's general rules: accepted.
SAME_AS_VALID = {
    "eligibility barring one type written alone": (SETTINGS, _replace("barring_penalties: [漏报瞒报]", "barring_penalties: 漏报瞒报")),
    "early circular one date written alone": (SETTINGS, _early("2026-05-20")),   # a list of one, as everywhere
    "site name empty": (SETTINGS, _site("{name: ''}")),                          # an empty field is an absent one
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The office fixture with its published record (circulars included), checked clean."""
    root = compose(tmp_path_factory.mktemp("round") / "content")
    save(root / LOCK, render(Archive(load_content(root)), datetime(2026, 12, 1, tzinfo=timezone.utc), None))
    assert [str(p) for p in check_content(root)] == []
    return root


def judge(content, expected: str) -> str | None:
    """None when check handled the case; else what it did wrong."""
    try:
        found = list(check_content(content))
    except Exception as error:   # noqa: BLE001 - a traceback is what this round looks for
        return f"traceback: {type(error).__name__}: {error}"
    if not found:
        return "accepted in silence"
    at = [p for p in found if p.path == f"content/{expected}"]
    if not at:
        return f"not named at {expected}: {[str(p) for p in found]}"
    picture = expected.startswith("items/2026/images/")   # a binary file has no lines
    if not any(p.line or picture for p in at):
        return f"no line: {[str(p) for p in at]}"
    return None


# The fast lane: the cases check mishandled before this round's fixes, and one of each file.
FAST_CASES = ["staff since far ahead", "site name with a line break", "early circulars twice in one month",
              "early circular far ahead", "record circular number changed", "record circular lines with one dropped",
              "follow-up anchor loop", "eligibility months over a year", "picture a symlink out of content"]


@pytest.mark.parametrize("name", fast_lane(list(CASES), FAST_CASES))
def test_each_bad_input_is_refused_at_its_file_line_and_field(pristine, tmp_path, name):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(pristine, content, symlinks=True)
    expected, apply = CASES[name]
    apply.file = expected if not expected.startswith("items/2026/images/") else ITEM
    apply(content)
    assert judge(content, expected) is None, judge(content, expected)


@pytest.mark.parametrize("name", SAME_AS_VALID)
def test_an_input_that_means_a_valid_one_passes(pristine, tmp_path, name):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(pristine, content, symlinks=True)
    expected, apply = SAME_AS_VALID[name]
    apply.file = expected
    apply(content)
    assert [str(p) for p in check_content(content)] == []


# -- review --against REF with odd refs ---------------------------------------------------------------

def _repository(root):
    """The minimal content committed twice in a repository around it: first as a regular file named
    content (a slip of a merge), then as it is; returns (content, the first commit)."""
    import shutil
    import subprocess
    from conftest import MINIMAL
    git = ["git", "-c", "user.name=信息科", "-c", "user.email=xxk@office.example", "-C", str(root)]
    subprocess.run(git + ["init", "-q"], check=True)
    (root / "content").write_text("不是文件夹\n", encoding="utf-8")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "content 是文件"], check=True)
    first = subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    (root / "content").unlink()
    (root / "content").symlink_to("/etc")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "content 是指向 /etc 的符号链接"], check=True)
    second = subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    (root / "content").unlink()
    shutil.copytree(MINIMAL, root / "content")
    (root / "content" / "items" / "2026" / "escape.md").symlink_to("/etc/passwd")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "内容里有指向 /etc/passwd 的符号链接"], check=True)
    third = subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    (root / "content" / "items" / "2026" / "escape.md").unlink()
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "目标分支"], check=True)
    return root / "content", {"content-a-file": first, "content-a-symlink": second, "symlink-inside": third}


REFS = ["", " ", "-h", "--all", "--output=/tmp/x", "HEAD~5", "HEAD:content", "HEAD^{tree}", "HEAD..HEAD", "no such ref",
        "refs/heads/../../etc", "HEAD\nrm", "content-a-file", "content-a-symlink", "symlink-inside"]
FAST_REFS = ["", "--output=/tmp/x", "content-a-symlink", "symlink-inside"]


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    return _repository(tmp_path_factory.mktemp("review-repo"))


def reviewed_against(repository, tmp_path, ref: str):
    from conftest import run_cli
    content, commits = repository
    return run_cli("review", "--content", content, "--site", tmp_path / "no-site", "--out", tmp_path / "review",
                   "--against", commits.get(ref, ref))


def review_judgement(result) -> str | None:
    """A review against an odd ref: refused in a sentence (no traceback), or a summary that says what it compared."""
    said = result.stdout + result.stderr
    if "Traceback" in said or result.returncode not in (0, 1, 2):   # 2: the command line's usage error
        return f"exit {result.returncode}: {said[-600:]}"
    if result.returncode == 0 and "对照合并请求的目标分支" not in said and "--against" not in said:
        return f"passed without saying what it compared: {said[-300:]}"
    return None



@pytest.mark.parametrize("ref", fast_lane(REFS, FAST_REFS, ids=repr))
def test_review_against_an_odd_ref_refuses_in_a_sentence(repository, tmp_path, ref):
    result = reviewed_against(repository, tmp_path, ref)
    assert review_judgement(result) is None, review_judgement(result)


# -- the import profile (content/_import.yml, or --profile FILE) --------------------------------------

PROFILES = {
    # name: (the profile's text, or bytes; the line its message must name)
    "a list, not a mapping": ("- title_styles\n", 1),
    "an alias bomb": ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 2),
    "a tag": ("title_styles: !!python/object:os.system [x]\n", 1),
    "a field twice": ("title_styles: [信息题目]\ntitle_styles: [标题]\n", 2),
    "a typo'd field on line 3": ("title_styles: [信息题目]\nbody_size: 16\nbyline: ['^据(?P<unit>.+)报送$']\n", 3),
    "a byline not a regular expression": ("title_styles: [信息题目]\nbylines: ['^据(?P<unit>.+报送$']\n", 2),
    "a size a list": ("title_styles: [x]\nbody_size: [16]\n", 2),
    "a size a bool": ("body_size: yes\n", 1),
    "a style a mapping": ("title_styles: [{a: b}]\n", 1),
    "not UTF-8": ("title_styles: [信息题目]\n".encode("gbk"), 1),
    "a NUL": ("title_styles: [x\x00]\n", 1),
    "a full-width colon": ("title_styles：[信息题目]\n", 1),
}


@pytest.mark.parametrize("name", PROFILES)
def test_a_hostile_import_profile_is_refused_at_its_line(tmp_path, name):
    from bulletin.word_import.profile import ProfileError, load
    text, line = PROFILES[name]
    path = tmp_path / "_import.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(ProfileError) as refused:
        load(None, tmp_path)
    assert f"{path}:{line}: " in str(refused.value), str(refused.value)
