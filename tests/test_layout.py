"""The house rules that keep the design: the domain free of the generator, pages fed by their
context, a build's settings read in one place and handed to the generator whole."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

from bulletin.ops.request import REQUEST_ENV, BuildRequest

ROOT = Path(__file__).resolve().parent.parent


def test_the_domain_imports_no_generator():
    """Every module of the bulletin package loads without MkDocs, Jinja or Markdown."""
    code = ("import importlib, pkgutil, sys, bulletin\n"
            "for m in pkgutil.walk_packages(bulletin.__path__, 'bulletin.'): importlib.import_module(m.name)\n"
            "print(sorted(n for n in ('mkdocs', 'properdocs', 'jinja2', 'markdown', 'material') if n in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "[]"


def test_templates_ask_the_archive_nothing():
    """Page data arrives by one channel, the page's context (bulletin/site/views.py)."""
    asking = [f"{path.relative_to(ROOT)}:{number}" for path in sorted((ROOT / "theme").rglob("*.html"))
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if re.search(r"\barchive\b(?!/)", line) and "links.index('archive')" not in line]
    assert not asking


def test_build_settings_are_read_from_the_environment_in_one_module():
    readers = sorted(str(path.relative_to(ROOT)) for folder in ("bulletin", "bulletin_mkdocs", "hooks")
                     for path in (ROOT / folder).rglob("*.py") if "os.environ" in path.read_text(encoding="utf-8"))
    # generators.py reads BULLETIN_GENERATOR in the command itself; nothing crosses to the child that way.
    assert readers == ["bulletin/ops/generators.py", "bulletin/ops/request.py"]


def test_a_request_takes_the_knobs_and_the_command_overrides_them():
    environ = {"BULLETIN_JOBS": "3", "BULLETIN_PDF": "off", "BULLETIN_CACHE": "/srv/cache",
               "BULLETIN_SITE_URL": "https://host/a", "SOURCE_DATE_EPOCH": "1779062400"}
    request = BuildRequest.from_environment(environ, site_url="https://intranet/bulletin", cache="off")
    assert request.jobs_wanted() == (3, True)
    assert request.pdfs_wanted("build") is False
    assert request.site_url == "https://intranet/bulletin/"        # given wins, and is a folder
    assert request.cache_dir(Path("/project")) is None               # --clean
    assert request.built().isoformat() == "2026-05-18"


def test_a_request_with_nothing_set_builds_as_before():
    request = BuildRequest.from_environment({})
    assert request.pdfs_wanted("build") and not request.pdfs_wanted("serve")
    assert request.cache_dir(Path("/project")) == Path("/project/.cache")
    assert request.site_url is None and request.jobs == 0


def test_the_generator_reads_back_the_request_it_was_handed(tmp_path, monkeypatch):
    sent = BuildRequest.from_environment({}, content=str(tmp_path / "content"), jobs=2, phases=str(tmp_path / "p.jsonl"))
    child_env = sent.write(tmp_path / "request.json")
    assert json.loads((tmp_path / "request.json").read_text(encoding="utf-8"))["jobs"] == 2
    monkeypatch.setenv(REQUEST_ENV, child_env[REQUEST_ENV])
    monkeypatch.setenv("BULLETIN_JOBS", "7")      # the request, not the environment, decides
    assert BuildRequest.handed() == sent


def _bulletin_imports() -> dict[str, set[str]]:
    """Module -> the bulletin modules it imports, read from the source: absolute `bulletin.*` imports
    anywhere in the module (inside functions too, so an import hidden there still counts)."""
    modules = {}
    for path in sorted((ROOT / "bulletin").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                # `from bulletin.site.pages import home` imports the module bulletin.site.pages.home
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target not in ("bulletin", name):
                    imported.add(target)
        graph[name] = imported
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a chain (a -> b -> a), or [] when there is none: a depth-first search."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str]:
        if module in path:
            return path[path.index(module):] + [module]
        if module in done:
            return []
        path.append(module)
        for imported in sorted(graph[module]):
            found = visit(imported)
            if found:
                return found
        path.pop()
        done.add(module)
        return []

    for module in sorted(graph):
        found = visit(module)
        if found:
            return found
    return []


def test_the_bulletin_package_has_no_import_cycle():
    """A module that imports one which imports it back is two jobs in one: each import goes one way."""
    graph = _bulletin_imports()
    assert "bulletin.site.plan" in graph and "bulletin.site.pages.home" in graph["bulletin.site.plan"]
    cycle = _cycle(graph)
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_the_adapter_holds_only_what_touches_mkdocs():
    """Material's end of life is a theme change, not a rewrite: every module of the MkDocs adapter
    imports MkDocs, and whatever needs no generator lives in bulletin/."""
    free = []
    for path in sorted((ROOT / "bulletin_mkdocs").glob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        if not any(name == "mkdocs" or name.startswith("mkdocs.") for name in names):
            free.append(path.name)
    assert not free, f"generator-free modules in the adapter (move them under bulletin/): {free}"


def test_the_readme_map_names_every_module_and_only_modules_that_exist():
    """README's "How it is built" is how a newcomer finds a file's job: a module missing from it, or a
    name in it that no longer exists, sends them astray. A module is listed in the row of the deepest
    folder that has one (`bulletin/site/paper/`), by its path below that folder."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## How it is built", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in readme.splitlines():
        cells = line.split(" | ")
        folder = re.fullmatch(r"\| `((?:bulletin|bulletin_mkdocs|hooks)[\w/]*/)`", cells[0].strip())
        if folder and len(cells) > 1:
            rows[folder[1]] = {name for name in re.findall(r"`([\w/]+\.py)`", " | ".join(cells[1:]))
                               if not (ROOT / name.split("/")[0]).is_dir()}   # `scripts/x.py`: a reference out
    assert {"bulletin/", "bulletin_mkdocs/", "hooks/"} <= set(rows)
    named = {folder + name for folder, names in rows.items() for name in names}
    def has_code(path: Path) -> bool:   # a package's __init__.py counts once it defines something
        return any(isinstance(node, (ast.FunctionDef, ast.ClassDef)) for node in ast.parse(path.read_text(encoding="utf-8")).body)
    modules = {path.relative_to(ROOT).as_posix() for folder in ("bulletin", "bulletin_mkdocs", "hooks")
               for path in (ROOT / folder).rglob("*.py") if path.name != "__init__.py" or has_code(path)}
    assert sorted(modules - named) == [], "modules missing from README's map"
    assert sorted(named - modules) == [], "README's map names modules that do not exist"
    misplaced = [f"{folder}: {name}" for folder, names in rows.items() for name in names
                 if max((f for f in rows if (folder + name).startswith(f)), key=len) != folder]
    assert misplaced == [], "listed in a shallower folder's row than its own"
