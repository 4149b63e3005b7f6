"""The tests' runner of many `bulletin` commands (testsupport/cli_pool.py: a few processes, each running
command after command through bulletin.cli.main) answers exactly as the installed command does, a
process a command: the same exit code, standard output and standard error."""

import sys
from pathlib import Path

from conftest import MINIMAL
from testsupport.cli_pool import CliPool, console


def test_the_pool_answers_as_the_installed_command(content):
    item = content / "items/2026/2026-0001.md"
    item.write_text(item.read_text(encoding="utf-8").replace("date: 2026-05-12", "date: 2026-13-12"), encoding="utf-8")
    commands = [["check", "--content", MINIMAL],                   # passes: 0
                ["check", "--content", content],                   # a month 13: refused, 1
                ["check", "--content", content, "--no-such-option"],   # refused by argparse: 2
                ["stats", "--content", MINIMAL, "--year", "2026"]]     # a table on standard output: 0
    installed = console(Path(sys.executable).with_name("bulletin"))
    with CliPool(jobs=1) as pool:
        answers = [pool(command) for command in commands]
        assert answers == [installed(command) for command in commands]
        assert pool(commands[0]) == answers[0], "a command after others answers as the first time"
    assert [done.returncode for done in answers] == [0, 1, 2, 0]
    assert "内容检查通过" in answers[0].stdout and "2026-0001.md:7: date" in answers[1].stderr + answers[1].stdout
    assert "--no-such-option" in answers[2].stderr and answers[3].stdout.strip()
