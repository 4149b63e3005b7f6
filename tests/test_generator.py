"""The site builds the same on ProperDocs and MkDocs, and a build short of pages is never published."""

import importlib.util
import re

import pytest

from bulletin import cli
from bulletin.ops import generators
from bulletin.ops.site_build import write_manifest
from conftest import MINIMAL, ROOT, SAMPLE, build_site, run_cli
from testsupport.reference import manifest


def other_generator() -> str:
    """The generator the session's sample site was not built with (scripts/test.sh installs both)."""
    chosen = generators.choose()
    other = next(name for name in generators.NAMES if name != chosen)
    assert importlib.util.find_spec(other), f"{other} is not installed: the tests build with both (bash scripts/setup.sh properdocs)"
    return other


def built_by(site) -> str:
    line = re.search(r'<meta name="generator" content="([^"]*)"', (site / "index.html").read_text(encoding="utf-8"))
    return "properdocs" if "ProperDocs" in line.group(1) else "mkdocs"


def test_the_other_generator_builds_the_same_site(sample_site, tmp_path, monkeypatch):
    name = other_generator()
    monkeypatch.setenv(generators.ENV, name)
    other = build_site(SAMPLE, tmp_path / "site")
    assert (built_by(sample_site.root), built_by(other)) == (generators.NAMES[1 - generators.NAMES.index(name)], name)
    ours, theirs = manifest(sample_site.root), manifest(other)
    assert sorted(theirs) == sorted(ours), "the two generators wrote different files"
    changed = [path for path in ours if ours[path] != theirs[path]]
    assert not changed, f"{len(changed)} files differ between the generators, e.g. {changed[:5]}"


def test_a_site_short_of_one_planned_page_is_refused(tmp_path):
    site, plan = tmp_path / "site", tmp_path / "plan.json"
    (site / "items" / "2026-0001").mkdir(parents=True)
    (site / "items" / "2026-0001" / "index.html").write_text("<html></html>")
    plan.write_text('["items/2026-0001/index.html", "items/2026-0002/index.html"]')
    assert generators.missing_pages(plan, site) == "网站只有计划页面 2 个中的 1 个，缺少如 items/2026-0002/index.html。"
    (site / "items" / "2026-0002").mkdir()
    (site / "items" / "2026-0002" / "index.html").write_text("<html></html>")
    assert generators.missing_pages(plan, site) is None


def test_build_with_a_generator_that_ignores_the_hooks_keeps_the_old_site(tmp_path):
    # What Zensical does with this project: it skips `hooks:`, exits 0 and writes a near-empty site.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("hooks:\n  - hooks/bulletin_site.py\n", "").split("\nnav:")[0]
    config = config.replace("docs_dir: pages", f"docs_dir: {ROOT / 'pages'}").replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    assert "hooks:" not in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the site published yesterday", encoding="utf-8")
    write_manifest(site)  # an earlier build's output: the only kind build replaces
    result = run_cli("build", "--content", MINIMAL, "--out", site, "--config", tmp_path / "mkdocs.yml")
    assert result.returncode != 0
    assert "生成器没有运行本项目的 hooks" in result.stderr and "输出目录保持原样" in result.stderr
    assert sorted(p.name for p in site.iterdir()) == [".bulletin-build.json", "index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the site published yesterday"


@pytest.mark.parametrize("name", generators.NAMES)
def test_bulletin_generator_picks_the_generator(name, monkeypatch):
    monkeypatch.setenv(generators.ENV, name)
    assert generators.choose() == name


def test_properdocs_is_preferred_when_installed(monkeypatch):
    monkeypatch.delenv(generators.ENV, raising=False)
    assert generators.choose() == "properdocs"
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "properdocs" else real(name))
    assert generators.choose() == "mkdocs"


@pytest.mark.parametrize("name", generators.NAMES)
def test_a_missing_generator_is_named(name, monkeypatch, tmp_path, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda module: None if module == name else real(module))
    monkeypatch.setenv(generators.ENV, name)
    assert cli.main(["build", "--content", str(MINIMAL), "--out", str(tmp_path / "site")]) == 2
    error = capsys.readouterr().err
    assert f"没有安装网站生成器 {name}" in error and f"BULLETIN_GENERATOR={name} bash scripts/setup.sh" in error
    assert not (tmp_path / "site").exists()


def test_an_unknown_generator_is_refused(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(generators.ENV, "zensical")
    assert cli.main(["build", "--content", str(MINIMAL), "--out", str(tmp_path / "site")]) == 2
    assert "BULLETIN_GENERATOR=zensical" in capsys.readouterr().err
