"""An air-gapped CI machine installs everything from a wheel folder, with no index at all.

The wheel folder is $BULLETIN_WHEELS when set (an offline CI runner has one), else it is filled
once with scripts/wheelhouse.sh into test-output/wheels/ and reused by later runs.
"""

import hashlib
import os
import platform
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from conftest import OUTPUT, ROOT

NORMAL = re.compile(r"[-_.]+")


def pins(path):
    found = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", line)
        if match:
            found[NORMAL.sub("-", match.group(1)).lower()] = match.group(2)
    return found


def test_requirements_pin_every_constraint_with_a_hash():
    files = ("requirements.txt", "requirements-properdocs.txt")
    pinned = {**pins(files[0]), **pins(files[1])}
    assert pinned == pins("constraints.txt"), "run bash scripts/pin.sh after editing constraints.txt"
    for name in files:
        # one entry per requirement, each with the hash of every file pip picks for it (3.11-3.13)
        entries = re.split(r"\n(?=[A-Za-z])", (ROOT / name).read_text(encoding="utf-8").split("\n\n")[-1])
        pinned_entries = [entry for entry in entries if re.match(r"^[A-Za-z0-9_.-]+==", entry)]
        assert len(pinned_entries) == len(pins(name))
        assert all("--hash=sha256:" in entry for entry in pinned_entries), name
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = project["dependencies"] + project["optional-dependencies"]["test"]
    for requirement in base + project["optional-dependencies"]["properdocs"]:
        name, version = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^]]*\])?==(.+)$", requirement).groups()
        where = pins(files[0]) if requirement in base else pinned
        assert where.get(NORMAL.sub("-", name).lower()) == version, requirement


def wheel_folder():
    given = os.environ.get("BULLETIN_WHEELS")
    if given:
        return given
    assert os.environ.get("PIP_NO_INDEX") != "1", "PIP_NO_INDEX=1 and no BULLETIN_WHEELS: set it to the runners' wheel folder"
    folder = OUTPUT / "wheels"
    # This machine's targets only (every Python, both glibc ends): the test needs no aarch64 wheels.
    machine = platform.machine()
    targets = "\n".join(f"{python} {machine} {glibc}" for python in ("3.11.2", "3.12", "3.13") for glibc in ("2_28", "2_41"))
    # pip download spends 10 s a target even when every file is there: filled once for these pins
    pinned = b"".join((ROOT / name).read_bytes() for name in ("requirements.txt", "requirements-properdocs.txt"))
    stamp = hashlib.sha256(pinned + targets.encode()).hexdigest()
    if (folder / ".filled").is_file() and (folder / ".filled").read_text() == stamp:
        return str(folder)
    result = subprocess.run(["bash", ROOT / "scripts/wheelhouse.sh", folder], capture_output=True, text=True,
                            env=dict(os.environ, BULLETIN_TARGETS=targets))
    assert result.returncode == 0, "cannot fill a wheel folder (set BULLETIN_WHEELS offline):\n" + result.stderr[-2000:]
    (folder / ".filled").write_text(stamp)
    return str(folder)


@pytest.mark.slow
def test_setup_installs_from_the_wheel_folder_with_no_index(tmp_path):
    wheels = wheel_folder()
    checkout = tmp_path / "bulletin"
    tracked = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    for name in tracked:
        if (ROOT / name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, checkout / name)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    # No configuration, and an index that cannot answer: any attempt to reach one fails the install.
    env.update(BULLETIN_WHEELS=wheels, PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL="http://127.0.0.1:9/simple",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    # As on a Debian 12 server: only the system's own python3 (3.11.2) on PATH, no pyenv, no ~/.local
    debian = python("3.11") == "/usr/bin/python3"
    if debian:
        env["PATH"] = "/usr/bin:/bin"
    result = subprocess.run(["bash", "scripts/setup.sh"], cwd=checkout, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    if debian:
        used = subprocess.run([checkout / ".venv/bin/python", "-c", "import platform; print(platform.python_version())"],
                              capture_output=True, text=True).stdout.strip()
        assert used == subprocess.run(["/usr/bin/python3", "-c", "import platform; print(platform.python_version())"],
                                      capture_output=True, text=True).stdout.strip(), used
    check = subprocess.run([checkout / ".venv/bin/bulletin", "check", "--content", "tests/fixtures/sample"], cwd=checkout,
                           capture_output=True, text=True)
    assert check.returncode == 0 and "内容检查通过" in check.stdout, check.stderr
    pagefind = subprocess.run([checkout / ".venv/bin/python", "-m", "pagefind", "--version"], capture_output=True, text=True)
    assert pagefind.returncode == 0 and "1.5.2" in pagefind.stdout
    # the typesetter from the wheel folder makes a Chinese PDF with the system's fonts alone
    script = ("import sys\nfrom bulletin.site.paper.typesetter import Typesetter\n"
              "sys.stdout.buffer.write(Typesetter().pdf('#set text(font: \"Noto Serif CJK SC\")\\n政务信息', 0))\n")
    typeset = subprocess.run([checkout / ".venv/bin/python", "-c", script], cwd=checkout, capture_output=True)
    assert typeset.returncode == 0 and typeset.stdout[:5] == b"%PDF-", typeset.stderr


def python(version):
    """An interpreter of `version` on this machine: Debian's /usr/bin/python3 for 3.11 (Debian 12's
    own 3.11.2 here), else on PATH or one of pyenv's builds; None when there is none."""
    candidates = ["/usr/bin/python3"] if version == "3.11" else []
    candidates += [shutil.which(f"python{version}"),
                   *sorted(map(str, Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}")))]
    for candidate in filter(None, candidates):
        said = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True, text=True)
        if said.returncode == 0 and said.stdout.strip() == version:
            return candidate
    return None


@pytest.mark.slow
@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_the_pinned_requirements_install_offline_on_the_pythons_offices_have(version, tmp_path):
    """Every dependency has a file for Debian 12's own 3.11.2, 3.12 and Debian 13's 3.13 in the wheel
    folder, with its hash listed (--require-hashes refuses any other), and pip reaches no index."""
    if version == "3.11" and python("3.11") == "/usr/bin/python3":
        pytest.skip("Debian 12's own python3 installs the whole project in the test above")
    interpreter = python(version)
    if interpreter is None:
        pytest.skip(f"no python{version} on this machine")
    wheels = wheel_folder()
    subprocess.run([interpreter, "-m", "venv", tmp_path / "venv"], check=True)
    venv_python = tmp_path / "venv" / "bin" / "python"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL="http://127.0.0.1:9/simple", PIP_DISABLE_PIP_VERSION_CHECK="1")
    # --no-compile: no bytecode for every installed module (the import below compiles what it needs)
    installed = subprocess.run([venv_python, "-m", "pip", "install", "-q", "--no-index", "--find-links", wheels,
                                "--require-hashes", "--no-deps", "--no-compile", "--only-binary=:all:",
                                "-r", ROOT / "requirements.txt"], capture_output=True, text=True, env=env)
    assert installed.returncode == 0, installed.stderr[-3000:]
    checked = subprocess.run([venv_python, "-c", "import nh3, yaml, lxml, markupsafe, typst, pagefind, pymdownx; print('ok')"],
                             capture_output=True, text=True)
    assert checked.stdout.strip() == "ok", checked.stderr[-2000:]
