"""Older Word (.doc) and WPS (.wps) files, converted to .docx by LibreOffice headless.

python-docx reads only .docx. LibreOffice is the one converter that runs offline on the office's
Linux machines; it is optional: where it is not installed, such a file is reported by name with
what to do, and the other files are imported all the same.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CONVERTED = (".doc", ".wps")
TIMEOUT = 120  # seconds for one file; a hung conversion must not hang the whole import

NOT_INSTALLED = ("需要 LibreOffice 才能读取 .doc/.wps 文件，但本机未安装（找不到 soffice）："
                 "请安装 LibreOffice（Debian：apt-get install libreoffice-writer），"
                 "或在 Word/WPS 中把此文件另存为 .docx 后再导入")


class ConversionFailed(Exception):
    """The message says why, for the user."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(path: Path, workdir: Path) -> Path:
    """The .docx LibreOffice makes of `path`, in `workdir`; ConversionFailed with the reason."""
    program = soffice()
    if program is None:
        raise ConversionFailed(NOT_INSTALLED)
    out = Path(tempfile.mkdtemp(dir=workdir))
    # a profile of its own: a LibreOffice the user has open would otherwise take the job and exit 0
    profile = (out / "profile").as_uri()
    command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
               "--outdir", str(out), str(path)]
    try:
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ConversionFailed(f"LibreOffice 转换超过 {TIMEOUT} 秒未完成，已放弃") from None
    except OSError as error:
        raise ConversionFailed(f"无法运行 LibreOffice（{error}）") from None
    converted = out / f"{path.stem}.docx"
    if not converted.is_file():
        raise ConversionFailed("LibreOffice 未能转换此文件（文件可能已损坏或加了密码）")
    return converted
