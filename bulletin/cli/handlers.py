"""A command's handler, named in the command table and imported only when its command runs: each
command pays for its own modules (the Word import, the export, publishing), not for every other's."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

HOMES = {"checking": "bulletin.cli.checking", "site": "bulletin.cli.site", "writing": "bulletin.cli.writing", "figures": "bulletin.cli.figures",
         "word_import": "bulletin.word_import.command"}


@dataclass(frozen=True)
class Handler:
    module: str
    name: str

    def resolve(self):
        return getattr(importlib.import_module(HOMES[self.module]), self.name)

    def __call__(self, args) -> int:
        return self.resolve()(args)

