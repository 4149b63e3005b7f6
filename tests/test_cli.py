"""The command line is one table (bulletin/cli/__init__.py COMMANDS): every --date, whichever command
takes it, is read by one parser and refused in one message, never a traceback or argparse's English."""

import argparse

import pytest

from bulletin import cli


def date_commands() -> list[str]:
    commands = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    return [name for name, sub in commands.choices.items() if any("--date" in a.option_strings for a in sub._actions)]


def test_the_commands_that_take_a_date():
    assert date_commands() == ["new-item", "new-issue", "stats", "export", "fees"]


@pytest.mark.parametrize("command", date_commands())
def test_a_date_that_is_not_one_is_refused_alike(command, capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main([command, "--date", "2026-02-30"])
    errors = capsys.readouterr().err
    assert exit.value.code == 2 and "“2026-02-30”不是日期，请写作 YYYY-MM-DD" in errors and "invalid" not in errors


def test_every_command_is_one_row_with_a_handler():
    names = [command.name for command in cli.COMMANDS]
    assert len(names) == len(set(names)) and all(callable(command.run.resolve()) for command in cli.COMMANDS)
    assert "stats" in names and "import" in names


def test_a_command_loads_only_its_own_modules():
    """`bulletin check` (run on every save by editors and on every merge request) does not pay for the
    Word import, python-docx or the export: handlers are imported when their command runs."""
    import subprocess
    import sys
    code = ("import sys\nfrom bulletin import cli\ncli.parser()\n"
            "print(sorted(m for m in ('bulletin.word_import.command', 'docx', 'bulletin.export', 'bulletin.ops.publish') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
