"""The check a built site passes before it is published, on a real build with one thing broken."""

import shutil

import pytest

from bulletin.archive import Archive
from bulletin.content.load import load_content
from bulletin.ops.release_inputs import nav_pages
from bulletin.ops.verify import verify
from conftest import MINIMAL, ROOT, SITE_URL, build_site, run_cli
from testsupport.reference import BUILD_DAY

DRAFT_TITLE = "塔河县草稿一篇尚未审核"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("verify")
    return build_site(MINIMAL, root / "site"), Archive(load_content(MINIMAL))


@pytest.fixture
def site(built, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built[0], copy)
    return copy


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_clean_build_passes(built):
    assert verify(built[0], built[1], SITE_URL) == []
    assert verify(built[0], built[1], SITE_URL, built=BUILD_DAY) == []


def test_a_missing_data_file_fails_when_the_build_date_is_known(site, built):
    """data/requests.json is linked from no page: only the plan says it belongs to the site."""
    (site / "data/requests.json").unlink()
    (site / "data/leaderboard-2026.csv").unlink()
    problems = verify(site, built[1], SITE_URL, built=BUILD_DAY)
    assert "数据文件 data/requests.json 缺失" in problems and "数据文件 data/leaderboard-2026.csv 缺失" in problems


@pytest.mark.parametrize("page, message", [
    ("items/2026-0002/index.html", "已审核稿件 2026-0002 没有页面"),
    ("issues/zwxx/2026/1/index.html", "刊物 minimal/issues/zwxx/2026/001.yml 没有页面"),
])
def test_a_missing_page_fails(site, built, page, message):
    (site / page).unlink()
    assert message in verify(site, built[1], SITE_URL)


@pytest.mark.parametrize("leak", [DRAFT_TITLE, "草稿编号 2026-0003。", "标题：塔河县草稿一篇尚未审核（转）"])
def test_an_unapproved_item_anywhere_fails(site, built, leak):
    append(site / "topics/agriculture/index.html", f"<p>{leak}</p>")
    problems = verify(site, built[1], SITE_URL)
    assert any(p.startswith("topics/agriculture/index.html: 出现了未审核稿件") for p in problems), problems


def test_the_title_of_an_unapproved_item_in_data_files_fails(site, built):
    append(site / "data/leaderboard.json", DRAFT_TITLE)
    assert any("data/leaderboard.json" in p for p in verify(site, built[1], SITE_URL))


@pytest.mark.parametrize("markup, message", [
    ('<img src="http://cdn.example/x.png">', "引用了外部地址 http://cdn.example/x.png"),
    ('<script src="//cdn.example/x.js"></script>', "引用了外部地址 //cdn.example/x.js"),
    ('<link href="../assets/gone.css" rel="stylesheet">', "指向不存在的文件"),
    ('<a href="/outside/">x</a>', "指向网站之外"),
])
def test_broken_or_outside_references_fail(site, built, markup, message):
    append(site / "units/index.html", markup)
    problems = verify(site, built[1], SITE_URL)
    assert any(p.startswith("units/index.html:") and message in p for p in problems), problems


def test_links_to_the_site_s_own_address_are_internal(site, built):
    append(site / "units/index.html", f'<a href="{SITE_URL}items/2026-0001/">x</a>')
    assert verify(site, built[1], SITE_URL) == []
    append(site / "units/index.html", f'<a href="{SITE_URL}items/nothing/">x</a>')
    assert any("指向不存在的文件" in p for p in verify(site, built[1], SITE_URL))


def test_a_draft_s_id_and_title_on_one_page_are_both_named(site, built):
    """Ids and titles are looked for by two scans of each file (one pattern each is 2.7x faster
    than one of both): a page that leaks both, beside an id inside longer tokens, names exactly
    the two, in that order (digits sort before the title's characters)."""
    append(site / "units/index.html", f"<p>文号 2026-00031，x2026-0003；{DRAFT_TITLE}，编号 2026-0003。</p>")
    problems = [p.split("（")[0] for p in verify(site, built[1], SITE_URL)]
    assert problems == ["units/index.html: 出现了未审核稿件的编号 2026-0003",
                        f"units/index.html: 出现了未审核稿件的标题“{DRAFT_TITLE}”"]


def test_an_id_counts_only_as_a_whole_token(site, built):
    append(site / "units/index.html", "<p>文号 2026-00031 与 x2026-0003</p>")
    assert verify(site, built[1], SITE_URL) == []



@pytest.mark.parametrize("site_url", ["https://bulletin.intranet/", None])
def test_links_to_the_home_page_resolve_at_the_host_root(built, tmp_path, site_url):
    # Served at the host root (or with no address, i.e. relative links), `.` and `/.` are the home
    # page: they once read as site / "/" and were reported missing, refusing every such publish.
    result = run_cli("build", "--content", MINIMAL, "--out", tmp_path / "site", *(["--site-url", site_url] if site_url else []))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert verify(site, built[1], site_url) == []
    append(site / "index.html", '<a href=".">首页</a><a href="/.">首页</a><a href="./">首页</a>')
    append(site / "units/index.html", '<a href="..">首页</a><a href="/">首页</a>')
    assert verify(site, built[1], site_url) == []
    append(site / "units/index.html", '<a href="/gone/">x</a>')
    assert any(p.startswith("units/index.html:") and "指向不存在的文件" in p for p in verify(site, built[1], site_url))


# Every place a browser finds a URL, each in a hostile page of its own: refused, naming the file and the URL.
HOSTILE = [
    ('<img src="../assets/images/favicon.png" srcset="../assets/images/favicon.png 1x, http://cdn.example/x.png 2x">',
     "引用了外部地址 http://cdn.example/x.png"),
    ('<picture><source srcset="gone.webp"><img src="../assets/images/favicon.png"></picture>', "链接 gone.webp 指向不存在的文件"),
    ('<link rel="preload" as="image" imagesrcset="//cdn.example/p.png 2x">', "引用了外部地址 //cdn.example/p.png"),
    ('<div style="background:url(http://cdn.example/bg.png)">x</div>', "引用了外部地址 http://cdn.example/bg.png"),
    ('<div style="background-image:URL(&quot;//cdn.example/q.png&quot;)">x</div>', "引用了外部地址 //cdn.example/q.png"),
    ('<div style=background:url(http://cdn.example/bare.png)>x</div>', "引用了外部地址 http://cdn.example/bare.png"),
    ('<style>@import "http://cdn.example/a.css";</style>', "引用了外部地址 http://cdn.example/a.css"),
    ('<style>.x{background:\\75rl(http://cdn.example/escaped.png)}</style>', "引用了外部地址 http://cdn.example/escaped.png"),
    ('<style>.x{background-image:image-set("http://cdn.example/set.png" 1x)}</style>', "引用了外部地址 http://cdn.example/set.png"),
    ('<object data="http://cdn.example/o.swf"></object>', "引用了外部地址 http://cdn.example/o.swf"),
    ('<embed src=http://cdn.example/e.swf>', "引用了外部地址 http://cdn.example/e.swf"),
    ('<iframe src="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "内嵌了 data: 内容（text/html）"),
    ('<object data="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"></object>', "内嵌了 data: 内容（image/svg+xml）"),
    ('<iframe src="../no-such-frame/"></iframe>', "链接 ../no-such-frame/ 指向不存在的文件"),
    ('<meta http-equiv="refresh" content="0;url=http://cdn.example/">', "引用了外部地址 http://cdn.example/"),
    ("<meta content='5; //cdn.example/later' http-equiv=Refresh>", "引用了外部地址 //cdn.example/later"),
    ('<svg><image href="http://cdn.example/i.png"/></svg>', "引用了外部地址 http://cdn.example/i.png"),
    ('<svg><use xlink:href="http://cdn.example/s.svg#i"/></svg>', "引用了外部地址 http://cdn.example/s.svg#i"),
    ('<svg><rect fill="url(http://cdn.example/g.svg#g)"/></svg>', "引用了外部地址 http://cdn.example/g.svg#g"),
    ('<IMG SRC="http://cdn.example/upper.png">', "引用了外部地址 http://cdn.example/upper.png"),
    ('<img src="/\\cdn.example/b.png">', "引用了外部地址 //cdn.example/b.png"),
    ('<img src="ht\ttp://cdn.example/t.png">', "引用了外部地址 http://cdn.example/t.png"),
    ('<a href="javascript:alert(1)">x</a>', "地址 javascript:alert(1) 使用了 javascript: 协议（只允许本站的 http/https 地址）"),
    ('<a href="file:///etc/passwd">x</a>', "地址 file:///etc/passwd 使用了 file: 协议（只允许本站的 http/https 地址）"),
    ('<form action="http://cdn.example/post"></form>', "引用了外部地址 http://cdn.example/post"),
    ('<base href="/bulletin/">', "使用了 <base>：页面内每个相对地址都会改按它解析"),
]


@pytest.mark.parametrize("markup, message", HOSTILE)
def test_every_url_a_browser_loads_from_a_page_is_checked(site, built, markup, message):
    append(site / "units/index.html", markup)
    problems = verify(site, built[1], SITE_URL)
    assert f"units/index.html: {message}" in [p.split("：浏览器")[0] for p in problems], problems


@pytest.mark.parametrize("path, text, message", [
    ("assets/stylesheets/bulletin.css", '\n@import url("http://cdn.example/x.css");', "引用了外部地址 http://cdn.example/x.css"),
    ("assets/stylesheets/bulletin.css", "\n@import 'print.css';", "链接 print.css 指向不存在的文件"),
    ("assets/stylesheets/bulletin.css", "\n.x{background:url(../images/gone.png)}", "链接 ../images/gone.png 指向不存在的文件"),
    ("assets/stylesheets/bulletin.css", '\n@import url("data:text/css,*{background:url(http://cdn.example/)}");',
     "@import 了 data: 样式表：它可以再载入任何地址"),
    ("assets/stylesheets/bulletin.css", "\n/*# sourceMappingURL=http://cdn.example/m.map */", "引用了外部地址 http://cdn.example/m.map"),
    ("assets/images/hostile.svg", '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://cdn.example/p.png"/></svg>',
     "引用了外部地址 http://cdn.example/p.png"),
    ("assets/javascripts/hostile.js", "x();\n//# sourceMappingURL=//cdn.example/x.js.map\n", "引用了外部地址 //cdn.example/x.js.map"),
])
def test_every_url_a_browser_loads_from_a_stylesheet_svg_or_script_is_checked(site, built, path, text, message):
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    append(site / path, text) if (site / path).exists() else (site / path).write_text(text, encoding="utf-8")
    assert f"{path}: {message}" in verify(site, built[1], SITE_URL)


@pytest.mark.parametrize("name, target, message", [
    ("passwd.html", "/etc/passwd", "passwd.html: 符号链接指向网站之外的 /etc/passwd：网站服务器会把那个文件当作网站的一部分送出"),
    ("assets/etc", "/etc", "assets/etc: 符号链接指向网站之外的 /etc：网站服务器会把那个文件当作网站的一部分送出"),
    ("units/up.html", "../../outside.html", "units/up.html: 符号链接指向网站之外的 {outside}：网站服务器会把那个文件当作网站的一部分送出"),
    ("units/dangling.html", "no-such-file.html", "units/dangling.html: 符号链接指向不存在的 no-such-file.html"),
    ("units/loop.html", "loop.html", "units/loop.html: 符号链接成环，无法解析（loop.html）"),
])
def test_a_symbolic_link_out_of_the_site_is_refused(site, built, name, target, message):
    (site.parent / "outside.html").write_text("<p>outside</p>", encoding="utf-8")
    (site / name).symlink_to(target)
    problems = verify(site, built[1], SITE_URL)
    assert message.format(outside=site.parent / "outside.html") in problems, problems


def test_what_only_looks_like_a_url_passes(site, built):
    # prose and script that merely contain "src=" or "URL(", a data: picture, a link within the site
    append(site / "units/index.html", '<p>参数 src=abc 与 style=url(x) 照写</p><script>var src=a; u=new URL("x")</script>'
           '<img src="data:image/png;base64,iVBORw0KGgo=" srcset="../assets/images/favicon.png 1x, ../assets/images/favicon.png 2x">'
           '<div style="background:url(../assets/images/favicon.png)">x</div><svg><rect fill="url(#g)"/></svg>')
    (site / "units/same.html").symlink_to("index.html")
    assert verify(site, built[1], SITE_URL) == []


def test_the_built_sample_passes_with_material_s_own_stylesheets_and_scripts(sample_site, sample_archive):
    # Material's CSS is full of url(data:...) icons and source maps: they resolve, none is refused
    assert verify(sample_site.root, sample_archive, SITE_URL) == []


def test_an_id_the_editors_guide_uses_as_its_example_is_not_a_leak_there(tmp_path):
    """The editors' guide (pages/editors.md) shows a filled-in item numbered 2026-0087. An office's
    own draft numbered 2026-0087 made every publish fail on editors/index.html, though `check`
    passed (found on a 20,000-item archive whose 2026 reached 1,822 items). The product's own page
    says it whatever the content; on a page made from content the same id is still a leak."""
    guide = nav_pages(ROOT / "mkdocs.yml")
    assert "2026-0087" in guide["editors/index.html"]
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    draft = content / "items/2026/2026-0003.md"   # the minimal bulletin's one draft, renumbered
    draft.rename(draft.with_name("2026-0087.md"))
    renamed = draft.with_name("2026-0087.md")
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("id: 2026-0003", "id: 2026-0087"), encoding="utf-8")
    site = build_site(content, tmp_path / "site", pdf=False)
    archive = Archive(load_content(content))
    assert "2026-0087" in (site / "editors/index.html").read_text(encoding="utf-8")
    assert verify(site, archive, SITE_URL, fixed=guide) == []
    result = run_cli("verify", "--site", site, "--site-url", SITE_URL, "--content", content)   # what CI runs on a merge request
    assert result.returncode == 0, result.stderr
    # without knowing the product's pages, the guide's example reads as a leak (what publish said)
    assert [p.split("（")[0] for p in verify(site, archive, SITE_URL)] == ["editors/index.html: 出现了未审核稿件的编号 2026-0087"]
    # the same id on a page made from content, or the draft's title on the guide, is still refused
    append(site / "topics/agriculture/index.html", "<p>草稿编号 2026-0087。</p>")
    title = archive.content.items["2026-0087"].title
    append(site / "editors/index.html", f"<p>{title}</p>")
    problems = verify(site, archive, SITE_URL, fixed=guide)
    assert any(p.startswith("topics/agriculture/index.html: 出现了未审核稿件的编号 2026-0087") for p in problems), problems
    assert any(p.startswith(f"editors/index.html: 出现了未审核稿件的标题“{title}”") for p in problems), problems
