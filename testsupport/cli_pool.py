"""`bulletin` commands for tests that run many of them: each command goes through `bulletin.cli.main`
with its own argument list, as the console script runs it, in one of a few long-lived processes
rather than a process of its own. A `bulletin check` of a small content folder is about 0.6 s of CPU
as a process and 0.01 s in one that has the product imported already.

    with CliPool(jobs=2) as bulletin:
        done = bulletin(["check", "--content", folder])   # done.returncode, done.stdout, done.stderr

`console(path)` runs the installed command as a process each time, with the same result type:
scripts take either.
"""

from __future__ import annotations

import io
import multiprocessing
import subprocess
import traceback
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


Runner = Callable[[list[str]], Done]


def console(bulletin: Path, timeout: int = 600) -> Runner:
    """The installed `bulletin` command, a process a command."""
    def run(args: list[str]) -> Done:
        done = subprocess.run([str(bulletin), *map(str, args)], capture_output=True, text=True, timeout=timeout)
        return Done(done.returncode, done.stdout, done.stderr)
    return run


def _stream() -> io.TextIOWrapper:
    # with a .buffer, as a real stdout has: commands that print bytes write to it
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8", errors="backslashreplace")


def _main(args: list[str]) -> Done:
    """One command in this process, its exit code and output as the console script's would be: an
    uncaught exception is a traceback on stderr and exit code 1, as Python gives."""
    from bulletin.cli import main
    out, err = _stream(), _stream()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as stop:          # argparse's refusals and --help
            code = stop.code
            if not isinstance(code, int | None):
                print(code, file=err)
                code = 1
        except Exception:                   # noqa: BLE001 - reported as the interpreter would
            traceback.print_exc(file=err)
            code = 1
    return Done(code or 0, _text(out), _text(err))


def _warm() -> None:
    import bulletin.cli  # noqa: F401 - imported once per process, not once per command


class CliPool:
    """`jobs` processes (spawned, not forked: the caller may hold threads and a browser), each
    running commands one at a time in its main thread, where the commands' signal handlers go."""

    def __init__(self, jobs: int = 2):
        self._pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_warm)

    def __call__(self, args: list[str]) -> Done:
        return self._pool.submit(_main, [str(arg) for arg in args]).result()

    def __enter__(self) -> CliPool:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown()
