"""A .docx looked at before it is parsed: a zip whose parts would inflate past a bound, or whose
XML declares a DTD or entities, is refused unopened, so a hostile or broken file can cost neither
the machine's memory nor minutes of CPU (a 200 MB document.xml took 2.7 GB and 206 s).

zipfile stops reading a part at the size its header declares (and fails its CRC past it), so the
declared sizes are a bound python-docx's reading keeps to as well.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

MB = 1024 * 1024
TOTAL_LIMIT = 50 * MB       # every part inflated: images included
XML_LIMIT = 20 * MB         # one XML part: lxml's tree takes several times its size in memory
NODES_LIMIT = 800_000       # tags and attributes in all XML parts: memory goes by nodes more than by
                            # bytes (a 40-page issue has about 300,000); at the limit it stays under 300 MB
PARTS_LIMIT = 2000          # a real issue has a few dozen parts
_CHUNK = MB
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


class Unreadable(Exception):
    """The file is not a Word document the import can open; the message is for the user."""


def check(path: Path) -> None:
    """Unreadable when the .docx must not be parsed; the message says why."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Unreadable(f"无法打开（不是有效的 .docx 文件：{type(error).__name__}）") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > PARTS_LIMIT:
            raise Unreadable(f"拒绝读取：压缩包内有 {len(infos)} 个部件（上限 {PARTS_LIMIT}），不像一期刊物")
        total = sum(info.file_size for info in infos)
        if total > TOTAL_LIMIT:
            raise Unreadable(f"拒绝读取：解压后共 {total / MB:.0f} MB，超过上限 {TOTAL_LIMIT // MB} MB（可能是恶意或损坏的文件）")
        nodes = 0
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            if info.file_size > XML_LIMIT:
                raise Unreadable(f"拒绝读取：{info.filename} 解压后 {info.file_size / MB:.0f} MB，"
                                 f"超过上限 {XML_LIMIT // MB} MB（可能是恶意或损坏的文件）")
            declares, part_nodes = _scan(archive, info)
            if declares:
                raise Unreadable(f"拒绝读取：{info.filename} 含 DOCTYPE/ENTITY 声明（Word 从不写这些，可能是恶意文件）")
            nodes += part_nodes
            if nodes > NODES_LIMIT:
                raise Unreadable(f"拒绝读取：XML 标记和属性超过 {NODES_LIMIT:,} 个（一期刊物约数万个；可能是恶意或损坏的文件）")


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[bool, int]:
    """Whether the part declares a DTD or entities, and how many tags and attributes (<, =) it has."""
    try:
        with archive.open(info) as part:
            head = part.read(4)
            if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:2] in (b"<\x00", b"\x00<"):
                # UTF-16 XML: decoded whole (it is under XML_LIMIT) to look for the same words
                text = (head + part.read()).decode("utf-16", errors="replace")
                return any(word.decode() in text for word in _DECLARATIONS), text.count("<") + text.count("=")
            tail, nodes = head, head.count(b"<") + head.count(b"=")
            while True:
                chunk = part.read(_CHUNK)
                nodes += chunk.count(b"<") + chunk.count(b"=")
                window = tail + chunk
                if any(word in window for word in _DECLARATIONS):
                    return True, nodes
                if not chunk:
                    return False, nodes
                tail = window[-16:]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError) as error:   # bad CRC, encrypted part
        raise Unreadable(f"无法读取（文件已损坏：{info.filename}，{type(error).__name__}）") from error
