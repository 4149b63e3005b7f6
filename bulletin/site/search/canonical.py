"""The same pages, the same bytes: Pagefind 1.5 writes a bundle's filters in hash-map order, different
on every run: the filter chunks (CBOR [filter, [[value, [page, ...]], ...]]) and the metadata's list of
them. Sorting both makes a bundle a function of its pages, so a warm cache and a fresh build give the
same bytes (bulletin/site/search/index.py calls canonical() on every bundle it makes)."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def _cbor_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise ValueError(value)


def cbor_encode(value) -> bytes:
    """The CBOR subset Pagefind's metadata and filters use: unsigned and negative integers, text, arrays."""
    if isinstance(value, bool) or value is None:
        raise TypeError(value)
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, str):
        data = value.encode()
        return _cbor_head(3, len(data)) + data
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    raise TypeError(value)


def cbor_decode(data: bytes):
    def item(at: int):
        major, extra = data[at] >> 5, data[at] & 31
        at += 1
        if extra < 24:
            value = extra
        elif extra <= 27:
            size = 1 << (extra - 24)
            value, at = int.from_bytes(data[at:at + size], "big"), at + size
        else:
            raise ValueError(f"CBOR item {data[at - 1]:#x} at {at - 1}: not in Pagefind's subset")
        if major == 0:
            return value, at
        if major == 1:
            return -1 - value, at
        if major in (2, 3):
            raw = data[at:at + value]
            return (raw.decode() if major == 3 else bytes(raw)), at + value
        if major == 4:
            found = []
            for _ in range(value):
                one, at = item(at)
                found.append(one)
            return found, at
        raise ValueError(f"CBOR major type {major} at {at}: not in Pagefind's subset")
    value, end = item(0)
    if end != len(data):
        raise ValueError("CBOR: trailing bytes")
    return value


def _unpack(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return cbor_decode(data[len(SIGNATURE):])


def _pack(value) -> tuple[bytes, str]:
    data = SIGNATURE + cbor_encode(value)
    return gzip.compress(data, compresslevel=9, mtime=0), hashlib.sha256(data).hexdigest()


def canonical(bundle: Path) -> None:
    """Sort the bundle's filters and rename what that changes by the sha256 of its content."""
    renamed = {}
    for chunk in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = _unpack(chunk)
        packed, sha = _pack([name, sorted(values, key=lambda v: v[0])])
        language = chunk.stem.rsplit("_", 1)[0]
        renamed[chunk.stem] = f"{language}_{sha[:7]}"
        chunk.unlink()
        (bundle / "filter" / f"{renamed[chunk.stem]}.pf_filter").write_bytes(packed)
    entry = bundle / "pagefind-entry.json"
    text = entry.read_text(encoding="utf-8")
    for meta in sorted(bundle.glob("pagefind.*.pf_meta")):
        index = _unpack(meta)
        index[3] = sorted([name, renamed.get(chunk, chunk)] for name, chunk in index[3])
        packed, sha = _pack(index)
        old = meta.name[len("pagefind."):-len(".pf_meta")]
        new = f"{old.rsplit('_', 1)[0]}_{sha[:10]}"
        meta.unlink()
        (bundle / f"pagefind.{new}.pf_meta").write_bytes(packed)
        if f'"{old}"' not in text:
            raise ValueError(f"{entry}: no {old}")
        text = text.replace(f'"{old}"', f'"{new}"')
    entry.write_text(text, encoding="utf-8")
