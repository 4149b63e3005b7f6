"""One build's settings, decided once by the command and handed to the generator whole.

The command line decides most of them; a few knobs documented in the README come from the
environment (BULLETIN_JOBS, BULLETIN_PDF, ...). This is the one module that reads them: the
command makes a `BuildRequest`, writes it beside its staging folder, and the generator (a child
process, MkDocs or ProperDocs) reads it back from the file that BULLETIN_REQUEST names. A
generator run by hand (`mkdocs build`) has no such file and takes the same knobs from its
environment, so both ways build alike.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime, timezone
from pathlib import Path

REQUEST_ENV = "BULLETIN_REQUEST"   # the file the command wrote for its generator

# The knobs a person may set, by field (README: "Settings"). Nothing else in the package reads
# the environment for a build.
KNOBS = {
    "content": "BULLETIN_CONTENT",         # the content folder; default mkdocs.yml's extra.bulletin.content
    "site_url": "BULLETIN_SITE_URL",       # where the site is served; default mkdocs.yml's site_url
    "cache": "BULLETIN_CACHE",             # the incremental build's cache folder, or "off"
    "pdf": "BULLETIN_PDF",                 # on | off; unset: on for build, off for serve
    "pdf_cache": "BULLETIN_PDF_CACHE",     # default issue-pdf/ in the cache folder
    "jobs": "BULLETIN_JOBS",               # page-rendering workers; default one a core
    "phases": "BULLETIN_PHASES",           # append each phase as a JSON line to this file
    "source_date_epoch": "SOURCE_DATE_EPOCH",  # the build's date, for a rebuild to be reproduced
}


@dataclass(frozen=True)
class BuildRequest:
    content: str | None = None
    site_url: str | None = None
    cache: str = ""
    pdf: str = ""
    pdf_cache: str = ""
    jobs: int = 0
    phases: str = ""
    source_date_epoch: int | None = None
    checked: str = ""   # the content the command checked, pickled: the generator builds exactly that
    plan: str = ""      # where the generator lists the files it planned, for the command to check

    @classmethod
    def from_environment(cls, environ=None, **given) -> BuildRequest:
        """The knobs from the environment, overridden by what the command was given (None: not given)."""
        environ = os.environ if environ is None else environ
        found = {}
        for spec in fields(cls):
            name = KNOBS.get(spec.name)
            raw = environ.get(name, "").strip() if name else ""
            if raw:
                found[spec.name] = _typed(spec.name, raw)
        found.update({key: value for key, value in given.items() if value is not None})
        request = cls(**found)
        if request.site_url and not request.site_url.endswith("/"):
            request = replace(request, site_url=request.site_url + "/")
        return request

    @classmethod
    def handed(cls) -> BuildRequest:
        """In the generator: the command's request, or the environment's when run by hand."""
        path = os.environ.get(REQUEST_ENV)
        if path and Path(path).is_file():
            return cls(**json.loads(Path(path).read_text(encoding="utf-8")))
        return cls.from_environment()

    def write(self, path: Path) -> dict:
        """Write the request for a child; returns the child's environment."""
        path.write_text(json.dumps(asdict(self), ensure_ascii=False), encoding="utf-8")
        return dict(os.environ, **{REQUEST_ENV: str(path)})

    def built(self) -> date:
        """The build's date (footer, 本月): SOURCE_DATE_EPOCH when given, so a rebuild can be reproduced."""
        if self.source_date_epoch is not None:
            return datetime.fromtimestamp(self.source_date_epoch, timezone.utc).date()
        return date.today()

    def pdfs_wanted(self, command: str) -> bool:
        """PDFs are part of a build; `serve` leaves them out so a save reloads in a second, not after
        reprinting (pdf=on prints them in serve too, from the same cache)."""
        if self.pdf.lower() in ("on", "off"):
            return self.pdf.lower() == "on"
        return command != "serve"

    def cache_dir(self, project: Path) -> Path | None:
        """The cache folder, None for `off` (bulletin build --clean); default .cache/ beside mkdocs.yml."""
        if self.cache.lower() == "off":
            return None
        return Path(self.cache) if self.cache else project / ".cache"

    def jobs_wanted(self) -> tuple[int, bool]:
        """Workers to render with, and whether the request asked for exactly that many."""
        if self.jobs > 0:
            return self.jobs, True
        return (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)), False


def _typed(field_name: str, raw: str):
    if field_name in ("jobs", "source_date_epoch"):
        unset = 0 if field_name == "jobs" else None
        return int(raw) if raw.isdigit() else unset   # not a number: as if unset
    if field_name in ("cache", "pdf_cache", "phases", "content") and raw.lower() != "off":
        return str(Path(raw).absolute())
    return raw


CI_USER = "GITLAB_USER_LOGIN"   # who merged, when a GitLab runner publishes: named in the publish log


def ci_user(environ=None) -> str | None:
    """The CI's word for who triggered a publish (not a build setting, but read here like every
    other variable, so the package's reads of the environment stay in one place)."""
    return (os.environ if environ is None else environ).get(CI_USER) or None
