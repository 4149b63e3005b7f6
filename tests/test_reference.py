"""The sample site is the reference build: any change to the output shows up in review."""

import json

from conftest import SITE_URL
from testsupport.reference import COMMAND, REFERENCE, manifest
from testsupport.reference import SITE_URL as REFERENCE_SITE_URL


def test_the_sample_site_matches_the_reference_build(sample_site):
    assert SITE_URL == REFERENCE_SITE_URL, "the reference is built under the tests' site URL"
    stored = json.loads(REFERENCE.read_text(encoding="utf-8"))["files"]
    built = manifest(sample_site.root)
    added = sorted(set(built) - set(stored))
    removed = sorted(set(stored) - set(built))
    changed = sorted(path for path in set(built) & set(stored) if built[path] != stored[path])
    assert not (added or removed or changed), (
        f"The built sample differs from tests/reference/: {len(changed)} changed, {len(added)} added, "
        f"{len(removed)} removed (e.g. {(changed + added + removed)[:5]}). If the change is intended, "
        f"regenerate the reference with `{COMMAND}` and review `git diff tests/reference/` with the change.")
