"""A command's CPU seconds and peak memory, measured apart from the process that starts it.

On Linux a child's `ru_maxrss` starts from its parent's: exec records the high-water mark of the
address space it replaces, and a vfork'd child (how Python's subprocess starts one) replaces its
parent's. A pytest worker or a benchmark holding 400 MB is then counted in every command it runs
(CI saw a refused import "use" 340 MB). So the command runs under a small launcher, a fresh
interpreter of some 10 MB, and the launcher's own `wait4` gives the figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

_LAUNCHER = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as report:
    json.dump({"cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024}, report)
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: bytes | None
    stderr: bytes | None
    cpu: float         # seconds, the command and the children it waited for
    peak_mib: float    # the largest resident set among them


def run_measured(command: list[str], **popen) -> Measured:
    """Run `command` to its end (`popen` as for subprocess.Popen; pipes are drained) and measure it."""
    with tempfile.TemporaryDirectory(prefix="peak-") as folder:
        report = Path(folder) / "usage.json"
        process = subprocess.Popen([sys.executable, "-I", "-c", _LAUNCHER, str(report), *command], **popen)
        stdout, stderr = process.communicate()
        usage = json.loads(report.read_text()) if report.exists() else {"cpu": 0.0, "peak_mib": 0.0}
    return Measured(process.returncode, stdout, stderr, usage["cpu"], usage["peak_mib"])
