"""The command line speaks Chinese around its Chinese help: argparse's usage, section titles and
errors too, every --date error, and `bulletin --version`."""

import re
import tomllib

import pytest

from conftest import ROOT, run_cli

ENGLISH_CHROME = re.compile(r"usage:|options:|positional arguments|show this help|error:|argument |invalid|required")


def test_version_is_the_installed_release():
    result = run_cli("--version")
    released = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert result.returncode == 0 and result.stdout == f"bulletin {released}\n"


@pytest.mark.parametrize("command", ["", "new-item", "stats", "publish"])
def test_help_has_no_english_chrome(command):
    result = run_cli(*filter(None, [command, "--help"]))
    assert result.returncode == 0
    assert result.stdout.startswith("用法：bulletin") and "显示此帮助并退出" in result.stdout
    assert not ENGLISH_CHROME.search(result.stdout), ENGLISH_CHROME.search(result.stdout)


@pytest.mark.parametrize("command", [["new-item", "--unit", "linshuang"], ["new-issue", "zwxx"], ["stats"], ["export", "--json"]])
@pytest.mark.parametrize("written", ["2026-13-01", "昨天"])
def test_every_date_error_is_chinese(command, written, content):
    result = run_cli(*command, "--content", content, "--date", written)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last == f"bulletin {command[0]}：错误：参数 --date：“{written}”不是日期，请写作 YYYY-MM-DD，如 2026-11-25"
    assert not ENGLISH_CHROME.search(result.stderr)


@pytest.mark.parametrize("arguments, said", [
    (["nosuch"], "bulletin：错误：参数 command：无效的选项："),
    (["new-item"], "bulletin new-item：错误：缺少必需的参数：--unit"),
    (["check", "--extra"], "bulletin：错误：无法识别的参数：--extra"),
    (["stats", "--month", "1", "--quarter", "1"], "bulletin stats：错误：参数 --quarter：不能与参数 --month 同时使用"),
    (["build", "--out"], "bulletin build：错误：参数 --out：需要给出一个值"),
])
def test_argparse_errors_are_chinese(arguments, said):
    result = run_cli(*arguments)
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1].startswith(said), result.stderr
    assert result.stderr.startswith("用法：bulletin")
