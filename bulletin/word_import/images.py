"""An item's images, kept: one in a format browsers show and within the check's size limit is
written beside the item as `items/<year>/images/<item id>-<n>.<ext>` and shown where it stood
(`![图1](images/2026-0153-1.png)`: the rule of bulletin/content/item_images.py, which `bulletin check`
and the site follow). One that cannot be shown (emf, wmf, tiff, or too large) is written under
`items/<year>/_images/` (a name `bulletin check` passes over) for an editor to convert, and the body
keeps “［图1］” where it stood. The review list names each, so an editor can look at it."""

from __future__ import annotations

from pathlib import Path

from bulletin.content.item_images import FOLDER, LIMIT, sniffed

ASIDE = "_images"                # what a page cannot show, kept for the editor
ENDINGS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WebP": "webp"}   # by the bytes, as the check reads them
ASIDE_LIMIT = 10 * 1024 * 1024   # larger than this, it is only named


def place(body: str, images: list, item_id: str, folder: Path, note) -> tuple[str, list[tuple[Path, bytes]]]:
    """The body with its images shown or marked, and the files to write beside it; `note(text)`
    records each for the review list."""
    beside = []
    for number, image in enumerate(images, 1):
        mark, size = f"［图{number}］", f"{image.extension}，{max(1, len(image.data) // 1024)} KB"
        kind = sniffed(image.data[:16])
        if kind and len(image.data) <= LIMIT:
            name = f"{item_id}-{number}.{ENDINGS[kind]}"
            beside.append((folder / FOLDER / name, image.data))
            body = body.replace(mark, f"![图{number}]({FOLDER}/{name})", 1)
            note(f"图{number}（{size}）存为 {FOLDER}/{name}，显示在正文原处")
        elif len(image.data) <= ASIDE_LIMIT:
            path = folder / ASIDE / f"{item_id}-{number}.{image.extension}"
            beside.append((path, image.data))
            why = f"超过 {LIMIT // 1024 // 1024} MB" if kind else "网页不能显示此格式"
            note(f"图{number}（{size}）{why}，未显示：原件另存为 {ASIDE}/{path.name}，正文原处留有“{mark}”；"
                 f"转为 png 或 jpg（{LIMIT // 1024 // 1024} MB 以内）放入 {FOLDER}/ 后可在正文引用")
        else:
            note(f"图{number}（{size}）超过 {ASIDE_LIMIT // 1024 // 1024} MB，未保存：正文原处留有“{mark}”，请从原件另取")
    return body, beside
