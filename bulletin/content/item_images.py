"""An item's pictures: files beside the items, `items/<YYYY>/images/<item id>-<label>.<png|jpg|gif|webp>`
(the kinds table's row), each shown by the body of the item it is named after, written relatively
as `![图1](images/2026-0153-1.png)`: so an editor's Markdown preview shows it, and the site copies it
beside every page that shows the body (the item's and each issue's printing it), where the same
relative address finds it (bulletin/site/pages/items.py). The item's id in the name keeps two items'
pictures apart on the issue page they share.

`bulletin check` accepts a reference when the file is there, is the image its ending says (by its
first bytes, not its name), and is within `LIMIT`; anything else is refused at the body's line, and
a picture no item shows is reported at the file.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from bulletin.model import ItemImage
from bulletin.content.problems import Problems

FOLDER = "images"
LIMIT = 2 * 1024 * 1024   # as an item file: a picture on an intranet page need not be larger
TYPES = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP"}
NAME = re.compile(r"[^/\\]+-[0-9A-Za-z_]+\.(png|jpe?g|gif|webp)", re.I)
NAMED = f"<稿件id>-<序号>.{'、.'.join(('png', 'jpg', 'gif', 'webp'))}"


def is_image_name(name: str) -> bool:
    """The kinds table's test of a file name in an `images/` folder."""
    return bool(NAME.fullmatch(name))


def sniffed(head: bytes) -> str | None:
    """The image type the first bytes say (PNG, JPEG, GIF, WebP), or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return None


@dataclass(frozen=True)
class _File:
    shown: str            # as problems name it
    fault: str | None     # why no page may show it, or None
    digest: str = ""


class ImageFiles:
    """The picture files found (read before the items), and which of them items show."""

    def __init__(self, problems: Problems):
        self.problems = problems
        self.found: dict[Path, _File] = {}
        self.shown: set[Path] = set()

    def read(self, path: Path) -> None:
        shown = self.problems.display(path)
        size = path.stat().st_size
        expected = TYPES[path.suffix.lower().lstrip(".")]
        if size > LIMIT:
            self.found[path] = _File(shown, f"图片文件 {shown} 有 {size / 1048576:.1f} MB，超过 {LIMIT // 1048576} MB："
                                            f"请缩小（如宽 1600 像素以内）后再引用")
            return
        data = path.read_bytes()
        actual = sniffed(data[:16])
        if actual != expected:
            what = f"实为 {actual} 图片" if actual else "不是网页能显示的图片"
            self.found[path] = _File(shown, f"图片文件 {shown} 的扩展名是 {path.suffix}，内容却{what}：请另存为正确格式或改正扩展名")
            return
        self.found[path] = _File(shown, None, hashlib.blake2b(data, digest_size=16).hexdigest())

    def of_item(self, item_path: Path, item_id: str) -> "BodyImages":
        return BodyImages(self, item_path.parent, item_id)

    def report_unshown(self) -> None:
        for path, file in self.found.items():
            if path not in self.shown:
                self.problems.add(path, None, "", f"没有稿件正文引用此图片：请在稿件正文中写 ![图1]({FOLDER}/{path.name})，"
                                                  f"或删去此文件（不需发布的文件请以“_”开头命名）")


_URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")


class BodyImages:
    """One item's references: `refusal` judges each (links.py calls it at the body's line), and
    `kept` is what the site copies."""

    def __init__(self, files: ImageFiles, folder: Path, item_id: str):
        self.files, self.folder, self.item_id = files, folder, item_id
        self.kept: list[ItemImage] = []

    def _file(self, source: str) -> tuple[Path | None, str]:
        """The file a reference names, or None and why it names none."""
        read = _URL_EDGES.sub("", html.unescape(source)).replace("\\", "/")
        example = f"{FOLDER}/{self.item_id}-1.png"
        if not read.startswith(f"{FOLDER}/") or read.count("/") != 1 or "?" in read or "#" in read or "%" in read:
            return None, (f"图片“{source}”指向网站内的文件，但网站只收存稿件自己的图片：应写作 {FOLDER}/<文件名>"
                          f"（本稿件所在年份目录下 {FOLDER}/ 中的文件，如 {example}），不能用 ../、/ 开头的路径或其他目录")
        name = read.removeprefix(f"{FOLDER}/")
        if not name.startswith(f"{self.item_id}-") or not is_image_name(name):
            return None, (f"图片文件名“{name}”应为 {self.item_id}-<序号>.png、.jpg、.gif 或 .webp（以本稿件 id 开头），"
                          f"如 {example}：同一期的各稿件图片放在一起，不能重名")
        return self.folder / FOLDER / name, ""

    def refusal(self, source: str) -> str | None:
        path, why = self._file(source)
        if path is None:
            return why
        self.files.shown.add(path)
        file = self.files.found.get(path)
        if file is None:
            return f"图片文件 {self.files.problems.display(path)} 不存在（文件名区分大小写）"
        if file.fault:
            return file.fault
        normal = f"{FOLDER}/{path.name}"
        if all(image.source != normal for image in self.kept):
            self.kept.append(ItemImage(normal, str(path.resolve()), file.digest))
        return None

    def mark_shown(self, sources) -> None:
        """A draft's references: not judged (a draft is never on the site), but its pictures are in use."""
        for source in sources:
            path, _ = self._file(source)
            if path is not None:
                self.files.shown.add(path)
