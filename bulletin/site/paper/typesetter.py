"""Typst (the `typst` package on PyPI: the compiler itself, in a wheel) turning markup into PDF.

One `Typesetter` loads the fonts once (a quarter of a second) and then compiles each document in
milliseconds. It reads fonts only from the folders named in measures.FONT_DIRS, never the
network: the documents import no Typst packages, and the package cache points at an empty folder
so that a stray `#import "@preview/..."` fails instead of downloading.
"""

from __future__ import annotations

import hashlib
import tempfile
from functools import cached_property
from pathlib import Path

from bulletin.site.paper.measures import FONT_DIRS


class TypesetError(Exception):
    """Typst refused a document; the message names the document and Typst's reason."""


class Typesetter:
    def __init__(self, font_dirs: tuple[str, ...] = FONT_DIRS):
        self.font_dirs = [d for d in font_dirs if Path(d).is_dir()]
        self._empty = tempfile.TemporaryDirectory(prefix="bulletin-typst-")

    @cached_property
    def compiler(self):
        import typst
        return typst.Compiler(font_paths=self.font_dirs, ignore_system_fonts=True,
                              package_path=self._empty.name, package_cache_path=self._empty.name)

    @cached_property
    def fingerprint(self) -> str:
        """Changes when Typst or the fonts change (a new 仿宋 installed): cached PDFs are typeset again."""
        import typst
        digest = hashlib.sha256(f"typst {getattr(typst, '__version__', '')}".encode())
        for folder in self.font_dirs:
            for font in sorted(Path(folder).rglob("*")):
                if font.suffix.lower() in (".ttf", ".otf", ".ttc", ".otc"):
                    stat = font.stat()
                    digest.update(f"{font} {stat.st_size} {stat.st_mtime_ns}".encode())
        return digest.hexdigest()[:16]

    def pdf(self, document: str, timestamp: int, name: str = "") -> bytes:
        """The PDF of one document, dated `timestamp` (seconds since 1970, UTC) so that it is
        byte-reproducible: the same markup gives the same bytes."""
        import typst
        try:
            # Warnings are taken, not printed: the font stacks name the office PCs' fonts first, and
            # "unknown font family: fangsong" on a Debian build machine is expected, not news.
            pdf, _warnings = self.compiler.compile_with_warnings(input=document.encode("utf-8"), format="pdf",
                                                                  timestamp=timestamp)
            return pdf
        except typst.TypstError as error:
            raise TypesetError(f"{name}：排版失败：{error.message}\n{error.diagnostic}") from None

    def close(self) -> None:
        self._empty.cleanup()
