"""Child processes that never outlive the command that started them, and signals that clean up.

`bulletin build` and `bulletin publish` run the generator (MkDocs) in a child, which starts
Pagefind in turn. A child left running after its parent is killed keeps writing into a folder a
later run may publish, so every child runs under a small guard (`python -m bulletin.ops.processes
CMD...`) that leads a process group of its own:

- the guard dies with its parent: Linux's PR_SET_PDEATHSIG sends it SIGTERM when the parent goes,
  even by SIGKILL (elsewhere it notices by polling its parent's pid);
- on SIGTERM, SIGINT or SIGHUP the guard kills its whole group, so grandchildren go too;
- the parent kills the guard's group whenever it stops waiting (error, Ctrl-C, SIGTERM).

Being in its own group, the child is not hit twice when someone kills the parent's whole group;
it goes because the parent went.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Interrupted(BaseException):
    """A stop signal arrived: unwinds like KeyboardInterrupt, so every `finally` cleans up."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@contextmanager
def stop_signals_unwind():
    """Turn SIGTERM and SIGHUP into `Interrupted` for the duration, so clean-up code runs."""

    def unwind(signum, frame):
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, unwind) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _die_with(parent: int) -> None:
    """Runs in the forked child before exec: ask the kernel for SIGTERM when the parent dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
    except (OSError, AttributeError):
        pass  # not Linux: the guard polls its parent instead
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def run(command: list[str], env: dict | None = None) -> int:
    """Run `command` under a guard; return its exit code. The child never outlives this call."""
    parent = os.getpid()
    guard = subprocess.Popen([sys.executable, "-m", "bulletin.ops.processes", str(parent), *command],
                             env=env, start_new_session=True, preexec_fn=lambda: _die_with(parent))
    try:
        return guard.wait()
    finally:
        if guard.poll() is None:
            kill_group(guard.pid)
            guard.wait()


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _guard(parent: int, command: list[str]) -> int:
    """The guard: run `command` in this process group and take the whole group down with us."""

    def end_group(signum=None, frame=None):
        os.killpg(0, signal.SIGKILL)  # ourselves included: nothing of the group survives

    for sig in STOP_SIGNALS:
        signal.signal(sig, end_group)

    def watch_parent():
        while os.getppid() == parent:
            threading.Event().wait(0.5)
        end_group()

    threading.Thread(target=watch_parent, daemon=True).start()
    child = subprocess.Popen(command)
    code = child.wait()
    # Whatever the command left behind in the group goes as well; the guard itself stays to report.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.killpg(0, signal.SIGTERM)
    return code


if __name__ == "__main__":
    sys.exit(_guard(int(sys.argv[1]), sys.argv[2:]))
