"""An item's images, kept: a small one in a format browsers show is embedded in the body where it
stood (`![图1](data:image/png;base64,…)`, which `bulletin check` and publish accept: the item file
holds it whole); a larger one, or one in a format no browser shows (emf, wmf, tiff), is written
beside the item under `items/<year>/_images/` (a name `bulletin check` passes over) and the body
keeps “［图1］” where it stood. The review list names each, so an editor can look at it."""

from __future__ import annotations

import base64
from pathlib import Path

FOLDER = "_images"
WEB_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
INLINE_LIMIT = 200 * 1024        # bytes of an image embedded in the body (an item file may hold 2 MB)
BESIDE_LIMIT = 10 * 1024 * 1024  # larger than this, it is only named


def place(body: str, images: list, item_id: str, folder: Path, note) -> tuple[str, list[tuple[Path, bytes]]]:
    """The body with its images embedded or marked, and the files to write beside it; `note(text)`
    records each for the review list."""
    beside = []
    for number, image in enumerate(images, 1):
        mark, size = f"［图{number}］", f"{image.extension}，{max(1, len(image.data) // 1024)} KB"
        if image.extension in WEB_TYPES and len(image.data) <= INLINE_LIMIT:
            data = base64.b64encode(image.data).decode("ascii")
            body = body.replace(mark, f"![图{number}](data:{WEB_TYPES[image.extension]};base64,{data})", 1)
            note(f"图{number}（{size}）嵌入正文原处")
        elif len(image.data) <= BESIDE_LIMIT:
            path = folder / FOLDER / f"{item_id}-{number}.{image.extension}"
            beside.append((path, image.data))
            note(f"图{number}（{size}）过大或网页不能显示，另存为 {FOLDER}/{path.name}，正文原处留有“{mark}”")
        else:
            note(f"图{number}（{size}）超过 {BESIDE_LIMIT // 1024 // 1024} MB，未保存：正文原处留有“{mark}”，请从原件另取")
    return body, beside
