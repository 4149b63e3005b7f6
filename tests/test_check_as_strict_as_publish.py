"""Whatever publish would refuse for a reason that lives in content, `bulletin check` refuses first,
at the file, line and field that hold it.

Each refusal of publish (bulletin/ops/publish.py) and of its verification of the built site
(bulletin/ops/verify.py) is listed in REFUSALS: those content can cause name their broken-content
cases, the others say why content cannot cause them. Every case is shown both ways on the sample:
`check` refuses it at its line; and with check's rule for it set aside, the site built from that
content is refused by verify (or publish) for it. A clean sample passes both.
"""

import ast
import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bulletin.archive import Archive
from bulletin.content import published_record
from bulletin.content.cross_checks import Rules
from bulletin.content.draft_leaks import Shown
from bulletin.content.load import read_content
from bulletin.content.problems import Refused
from bulletin.ops import publish as releases
from bulletin.ops import site_build
from bulletin.ops.request import BuildRequest
from bulletin.ops.verify import verify
from conftest import ROOT, SAMPLE, SITE_URL
from test_validation import edit, problems_of
from testsupport.reference import BUILD_DATE, BUILD_DAY

PENALTIES = "penalties/2026.yml"
YD03 = "requests/2026/2026-yd03.yml"
YD11 = "requests/2026/2026-yd11.yml"
FOREWORD = "issues/zwxx/2026/001.yml"
DRAFT_0062 = ("2026-0062", "林双县尾矿库治理令人担忧")   # a draft of the sample (status: draft)

# name: (file, text written there, its replacement (None: `file` is new, with this text),
#        check's (path, line, field, message fragment), what verify's problem says)
CASES = {
    "penalty citing a draft": (
        PENALTIES, "note: 7月2日暴雨灾情迟报}", "item: 2026-0035, note: 7月2日暴雨灾情迟报}",
        (PENALTIES, 2, "[1].item", "稿件“2026-0035”未审核通过（status: draft）"),
        "data/requests.json: 出现了未审核稿件的编号 2026-0035"),
    "body image as HTML": (
        "items/2026/2026-0019.md", "主要负责同志多次专题研究、现场调度。", "主要负责同志多次专题研究、现场调度。<img src=x>",
        ("items/2026/2026-0019.md", 15, "body", "图片“x”指向网站内的文件"), "链接 x 指向不存在的文件"),
    "body image as Markdown": (
        "items/2026/2026-0020.md", "\n**存在的主要问题**", "\n![现场](photo.png)\n\n**存在的主要问题**",
        ("items/2026/2026-0020.md", 16, "body", "图片“photo.png”指向网站内的文件"), "链接 photo.png 指向不存在的文件"),
    "foreword image": (
        FOREWORD, "防寒防雪灾事关群众切身利益。", "防寒防雪灾事关群众切身利益。![](snow.png)",
        (FOREWORD, 8, "foreword", "图片“snow.png”"), "链接 snow.png 指向不存在的文件"),
    "request text image": (
        YD03, "各报送1篇信息。", "各报送1篇信息。<img src='form.png'>",
        (YD03, 8, "text", "图片“form.png”"), "链接 form.png 指向不存在的文件"),
    "body link to another host": (
        "items/2026/2026-0019.md", "现场调度。", "现场调度，见[通知](http://example.gov/a)。",
        ("items/2026/2026-0019.md", 15, "body", "链接指向其他网站"), "引用了外部地址 http://example.gov/a"),
    "body link to a path of the site": (
        "items/2026/2026-0020.md", "开展了为期一个月的专项行动。", "开展了为期一个月的专项行动（[附表](files/a.xls)）。",
        ("items/2026/2026-0020.md", 14, "body", "指向网站内的路径"), "链接 files/a.xls 指向不存在的文件"),
    "draft with a request's id": (
        "items/2026/2026-yd06.md", None,
        "---\nid: 2026-yd06\ntitle: 青原县春季造林进展情况一则\nunit: qingyuan\ncategory: 动态\ntopics: [agriculture]\n"
        "date: 2026-06-20\nstatus: draft\n---\n正文。\n",
        ("items/2026/2026-yd06.md", 2, "id", "与单位、主题、约稿、刊物、级别或类别的 id 相同"), "出现了未审核稿件的编号 2026-yd06"),
    "draft with a scoring period's id": (
        "items/2026/2026-05.md", None,
        "---\nid: 2026-05\ntitle: 青原县五月造林进展情况一则\nunit: qingyuan\ncategory: 动态\ntopics: [agriculture]\n"
        "date: 2026-06-20\nstatus: draft\n---\n正文。\n",
        ("items/2026/2026-05.md", 2, "id", "是日期或统计期间（如 2026-05、2026-Q2）的写法"), "出现了未审核稿件的编号 2026-05"),
    "request text naming a draft": (
        YD11, "11月30日前报信息科。", f"11月30日前报信息科（参见 {DRAFT_0062[0]}）。",
        (YD11, 7, "text", f"{DRAFT_0062[0]}.md，status: draft）的编号“{DRAFT_0062[0]}”"),
        f"出现了未审核稿件的编号 {DRAFT_0062[0]}"),
    "penalty note naming a draft's title": (
        PENALTIES, "note: 山洪灾情未及时报送}", f"note: 《{DRAFT_0062[1]}》未及时报送}}",
        (PENALTIES, 3, "[2].note", f"的标题“{DRAFT_0062[1]}”"), f"出现了未审核稿件的标题“{DRAFT_0062[1]}”"),
    "draft titled with part of a topic's description": (
        "items/2025/2025-0027.md", "title: 新华街道连夜组织开展外贸企业稳订单", "title: 农产品加工、农企",
        ("items/2025/2025-0027.md", 3, "title", "是网站上显示的名称“种植业、农产品加工、农企协作”的一部分"),
        "出现了未审核稿件的标题“农产品加工、农企”"),
    "issue's editor naming a draft": (
        "issues/zwxx/2026/002.yml", "editor: 赵丽", f"editor: 赵丽（代 {DRAFT_0062[1]} 作者）",
        ("issues/zwxx/2026/002.yml", 5, "editor", f"的标题“{DRAFT_0062[1]}”"), f"出现了未审核稿件的标题“{DRAFT_0062[1]}”"),
    "correction naming a draft": (
        "items/2026/2026-0019.md", "approved_by: 王志刚\n",
        f"approved_by: 王志刚\ncorrections:\n  - {{date: 2026-03-20, text: 删去误引的 {DRAFT_0062[0]} 一段}}\n",
        ("items/2026/2026-0019.md", 13, "corrections[1]", f"的编号“{DRAFT_0062[0]}”"), f"出现了未审核稿件的编号 {DRAFT_0062[0]}"),
}

# What check lets through near each case, which verify passes too: check is not stricter than it must be.
PASSING = {
    "image from another host (the sanitizer drops it)": (
        "items/2026/2026-0019.md", "现场调度。", "现场调度。![](http://cdn.example/x.png)<img src='data:image/png;base64,AAAA'>"),
    "image of an anchor, and one in code": (
        "items/2026/2026-0020.md", "开展了为期一个月的专项行动。", "开展了为期一个月的专项行动。<img src=\"#top\"> `<img src=x.png>`"),
    "a draft's id inside a longer token": (YD11, "11月30日前报信息科。", f"11月30日前报信息科（文号 {DRAFT_0062[0]}1）。"),
    "a draft's id that a published body cites": (
        YD03, "各报送1篇信息。", "各报送1篇信息（同 2026-0035）。"),
    "penalty citing a co-unit's joint item": (PENALTIES, "{unit: jinsha, type: 漏报瞒报, date: 2026-09-14,",
                                              "{unit: qingyuan, type: 漏报瞒报, date: 2026-09-14, item: 2026-0020,"),
}
CITING_0035 = ("items/2026/2026-0017.md", "\n---\n", "\n---\n据报，2026-0035 所述情况已在核实。\n")   # an approved tahe item

# Every refusal of publish and verify, by its message as the source writes it: the cases above that
# show content causing it, or why content cannot.
REFUSALS = {
    "verify.py": {
        "网站目录中没有生成清单": "the generator's own output: written by every finished build",
        "没有页面": "the generator's promise: every approved item and issue gets its page (generators.missing_pages)",
        "缺失": "the generator's promise: every data file the plan declares is written",
        "符号链接": "a symlink in the built site: the generator writes none",
        "使用了 {}: 协议": "the sanitizer keeps only http, https and mailto links from content (bulletin/site/sanitize.py)",
        "内嵌文档": "the sanitizer keeps no iframe, object or embed from content",
        "引用了外部地址": ["body link to another host"],
        "指向网站之外": "content links are refused by check when they hold any path (test_validation's link cases)",
        "指向不存在的文件": ["body image as HTML", "body image as Markdown", "foreword image", "request text image",
                       "body link to a path of the site"],
        "出现了未审核稿件的": ["penalty citing a draft", "draft with a request's id", "draft with a scoring period's id", "request text naming a draft",
                       "penalty note naming a draft's title", "correction naming a draft", "issue's editor naming a draft",
                       "draft titled with part of a topic's description"],
    },
    "publish.py": {
        "不是目录": "the web root, not content", "是真实的目录或文件": "the web root, not content",
        "不是 bulletin 的发布目录": "the web root, not content", "文件操作失败": "the file system, not content",
        "生成失败": "the generator failing: any content gives problems or a site (test_fuzz)",
        "发布前核验未通过": "verify's refusals, listed above",
        "内容与已发布版本的发布记录": ["published title changed without a correction"],
        "无法回退": "rollback, not content",
        "版本链": "the web root's chain of releases, not content", "发布日志": "the web root's publish log, not content",
        "不在 releases/ 中": "the web root, not content", "只应由 bulletin publish 写入": "the web root, not content",
        "恢复：": "the web root's repair, not content", "中止": "a killed run, not content",
        "不是版本的文件夹": "the web root, not content",
    },
}
# Strings of those files that are not refusals of their own: parts of one above, labels of a count,
# what a successful run prints. Each is the whole string ({} for a field), or its start when it ends in “：”.
NOT_REFUSALS = {
    "verify.py": ("未审核稿件外泄", "外部引用", "无效链接", "……{}共 {} 处", "编号 {}", "标题“{}”"),
    "publish.py": ("磁盘空间不足", "超出磁盘配额", "只读文件系统", "没有写入权限", "未发布，读者看到的仍是原来的版本：",
                   "未回退，读者看到的仍是原来的版本：", "已发布 {}（读者已看到新版本），但发布记录未能写入或旧版本未能清理：",
                   "已发布：", "已回退：", "发布记录已更新：", "已清理旧版本：", "这些文件", "全部文件",
                   "……共 {} 处", "（无）", "发布", "回退", "发布目录",
                   "内容、程序与设置都与正在发布的版本 {} 相同：新版本与它共用全部文件，未重新生成。"),
}


def _write(content: Path, case: str) -> None:
    relative, old, new, *_ = CASES[case]
    if old is None:
        (content / relative).write_text(new, encoding="utf-8")
    else:
        edit(content, relative, old, new)


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """The sample with every case written in, each where no other case is."""
    content = tmp_path_factory.mktemp("broken") / "content"
    shutil.copytree(SAMPLE, content)
    for case in CASES:
        _write(content, case)
    return content


def _build(content: Path, archive: Archive, into: Path) -> Path:
    request = BuildRequest.from_environment({**os.environ, **BUILD_DATE}, content=str(content), site_url=SITE_URL, pdf="off")
    assert site_build.generate(request, ROOT / "mkdocs.yml", into, archive) == 0
    return into


@pytest.fixture(scope="module")
def verified(broken, tmp_path_factory):
    """verify's problems with the site built from the broken content, had check let every case through."""
    lenient = pytest.MonkeyPatch()
    lenient.setattr(Rules, "links", lambda *args: True)
    lenient.setattr(Rules, "draft_not_shown_anyway", lambda *args: True)
    lenient.setattr(Rules, "_penalised_item", lambda *args: True)
    lenient.setattr(Shown, "refuse_drafts_named", lambda *args: None)
    try:
        content, problems = read_content(broken)
    finally:
        lenient.undo()
    assert not problems, problems
    archive = Archive(content)
    site = _build(broken, archive, tmp_path_factory.mktemp("broken-site") / "site")
    return verify(site, archive, SITE_URL, built=BUILD_DAY)


@pytest.mark.parametrize("case", CASES)
def test_check_refuses_each_case_at_its_line(broken, case):
    path, line, field, fragment = CASES[case][3]
    found = problems_of(broken)
    assert any(p[:3] == (path, line, field) and fragment in p[3] for p in found), found


@pytest.mark.parametrize("case", CASES)
def test_without_check_verify_refuses_each_case(verified, case):
    assert any(CASES[case][4] in problem for problem in verified), verified


def _messages(source: Path) -> list[tuple[int, str]]:
    """(line, text) of every string in `source` written in Chinese, docstrings aside; an f-string's
    fields as {}."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and isinstance(node.body[0], ast.Expr)}
    parts = {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for value in node.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in docstrings | parts:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            found.append((node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)))
    return [(line, text) for line, text in found if re.search(r"[\u4e00-\u9fff]", text)]


def test_every_message_of_publish_and_verify_is_in_the_table():
    """A refusal added to publish or verify must be entered above: caused by content (then with
    its cases, and check refusing it first) or not."""
    def not_a_refusal(text: str, source: str) -> bool:
        return any(text == words or (words.endswith("：") and text.startswith(words)) for words in NOT_REFUSALS[source])

    for source, refusals in REFUSALS.items():
        unlisted = [(line, text) for line, text in _messages(ROOT / "bulletin" / "ops" / source)
                    if not any(key in text for key in refusals) and not not_a_refusal(text, source)]
        assert not unlisted, f"{source}: messages not in REFUSALS: {unlisted}"


def test_every_refusal_of_publish_and_verify_is_accounted_for():
    shown = {"published title changed without a correction"}   # test_a_changed_published_title_... below
    for source, refusals in REFUSALS.items():
        text = (ROOT / "bulletin" / "ops" / source).read_text(encoding="utf-8")
        for message, cases in refusals.items():
            if isinstance(cases, list):   # content causes it: check must refuse it first, with these cases
                assert message in text, f"{source} no longer says “{message}”: update REFUSALS"
                assert set(cases) <= set(CASES) | shown, cases
    listed = {case for refusals in REFUSALS.values() for cases in refusals.values() if isinstance(cases, list) for case in cases}
    assert listed >= set(CASES), set(CASES) - listed


def test_a_changed_published_title_is_refused_by_check_before_publish(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    archive = Archive(read_content(content)[0])
    text = published_record.render(archive, datetime(2026, 11, 1, tzinfo=timezone.utc), None)
    published_record.save(content / published_record.FILE, text)
    root = tmp_path / "webroot"   # a served release carrying the same record
    (root / "releases" / "20261101T000000Z").mkdir(parents=True)
    published_record.save(root / "releases" / "20261101T000000Z" / releases.RECORD, text)
    (root / "current").symlink_to("releases/20261101T000000Z")
    from bulletin.ops import chain, publish_log   # sealed and logged as publish would: the chain holds
    release = root / "releases" / "20261101T000000Z"
    sealed = chain.seal(release, {releases.RECORD: chain.file_hash(release / releases.RECORD)}, None, {})
    publish_log.append(root, {"action": "deploy", "release": release.name, "sha256": sealed, "from": None})
    edit(content, "items/2026/2026-0019.md", "title: 当前林双县牧区定居点建设亟待加强", "title: 林双县牧区定居点建设亟待加强")
    found = problems_of(content)
    assert any(p[:3] == ("items/2026/2026-0019.md", 3, "title") and "已发布稿件的标题有改动" in p[3] for p in found), found
    changed = Archive(read_content(content)[0])
    request = BuildRequest.from_environment(content=str(content), site_url=SITE_URL, pdf="off")
    with pytest.raises(Refused, match="内容与已发布版本的发布记录"):
        releases.publish(request, ROOT / "mkdocs.yml", root, changed, keep=3)


def test_a_clean_sample_passes_check_and_verify(tmp_path):
    content, problems = read_content(SAMPLE)
    assert not problems, problems
    archive = Archive(content)
    assert verify(_build(SAMPLE, archive, tmp_path / "site"), archive, SITE_URL, built=BUILD_DAY) == []


def test_what_check_lets_through_verify_passes_too(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    for relative, old, new in (*PASSING.values(), CITING_0035):
        edit(content, relative, old, new)
    content_read, problems = read_content(content)
    assert not problems, problems
    archive = Archive(content_read)
    assert verify(_build(content, archive, tmp_path / "site"), archive, SITE_URL, built=BUILD_DAY) == []
