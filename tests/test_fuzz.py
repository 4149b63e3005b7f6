"""Seeded mutations of the sample: `bulletin check` never raises, always exits 0 or 1, and every problem it
prints is `path:line: field: message` with a path inside the content folder. What check accepts, build builds.

The sample is cut to its first months (every item and issue up to a date: still a consistent archive,
总第 included) so that a thousand checks take seconds. `BULLETIN_FUZZ_SEED` and `BULLETIN_FUZZ_CASES`
change the run; a failure names the seed, the case and the mutation, so it can be replayed.

tests/test_fuzz_structured.py mutates the structure rather than the bytes, `BULLETIN_FUZZ_STRUCT_CASES`
cases of it; `scripts/fuzz_campaign.sh` runs both far longer than CI.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from fuzzing import BUILDS, CASES, SEED, Mutant, _check, _cut_sample, _misreported


@pytest.mark.slow   # a thousand cases; the structured ones (tests/test_fuzz_structured.py) are the fast lane's
def test_check_keeps_its_promise_on_mutated_content(tmp_path, monkeypatch):
    content = _cut_sample(tmp_path)
    outside = tmp_path / "outside.md"
    outside.write_text(next((content / "items/2025").glob("*.md")).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # problems show paths from the content folder's name on: content/...
    assert _check(Path("content"))[0] == 0, "the cut sample is clean"
    files = sorted(p for p in content.rglob("*") if p.is_file())
    rng = random.Random(SEED)
    accepted: list[tuple[str, Path]] = []
    failures = []
    for case in range(CASES):
        mutant = Mutant(content, files, rng, outside)
        done = "; ".join(mutant.apply() for _ in range(rng.choice([1, 1, 2, 3])))
        try:
            code, stdout = _check(Path("content"))
        except BaseException as error:  # noqa: BLE001 - the promise under test is "never raises"
            failures.append(f"case {case} ({done}): raised {type(error).__name__}: {error}")
            code, stdout = None, ""
        if code is not None:
            failures += [f"case {case} ({done}): {wrong}" for wrong in _misreported(Path("content"), code, stdout)]
        if code == 0 and len(accepted) < BUILDS and (";" in done) == bool(accepted):  # a single mutation, then stacked ones
            keep = tmp_path / f"accepted-{case}"
            shutil.copytree(content, keep / "content", symlinks=True)
            accepted.append((done, keep / "content"))
        mutant.undo()
    assert not failures, f"seed {SEED}: {len(failures)} of {CASES} cases broke the promise:\n" + "\n".join(failures[:20])
    assert _check(Path("content"))[0] == 0, "every mutation was undone"
    assert accepted, f"seed {SEED}: no mutation was accepted, so build was not tried"
    for done, folder in accepted:  # whatever check accepts, build builds
        result = run_cli("build", "--content", folder, "--out", folder.parent / "site")
        assert result.returncode == 0, f"seed {SEED}: check accepted ({done}) but build failed:\n{result.stderr[-2000:]}"
