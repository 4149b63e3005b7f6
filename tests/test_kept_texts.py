"""Texts kept in the build cache by their inputs (bulletin/site/kept_texts.py), which both the JSON data
files and the record's YAML parts use: an equal input's text is reused, anything else is made again.
That the site and record built with them are the clean build's, byte for byte: tests/test_incremental.py
(its warm cache holds the data files' texts) and tests/test_record_parts.py."""

import json

from bulletin.site.kept_texts import KeptTexts


class Encoder:
    """json.dumps, counting its calls: a reused text is one not encoded."""

    def __init__(self):
        self.calls = 0

    def __call__(self, document: dict) -> str:
        self.calls += 1
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _build(file, stamp: str, documents: list[dict]) -> tuple[list[str], int]:
    kept, encode = KeptTexts(file, stamp), Encoder()
    texts = [kept.of(document, encode) for document in documents]
    kept.save()
    return texts, encode.calls


YEAR_2025 = {"year": 2025, "periods": [{"key": "2025", "points": 12.5}]}
YEAR_2026 = {"year": 2026, "periods": [{"key": "2026", "points": 3.0}]}


def test_a_document_as_it_was_is_not_encoded_again_and_a_changed_one_is(tmp_path):
    file = tmp_path / "texts.json"
    first, calls = _build(file, "code-1", [YEAR_2025, YEAR_2026])
    assert calls == 2
    changed = {"year": 2026, "periods": [{"key": "2026", "points": 6.0}]}   # a new issue's 刊用 in 2026
    second, calls = _build(file, "code-1", [YEAR_2025, changed])
    assert calls == 1                                   # 2026 only
    assert second[0] == first[0] and json.loads(second[1])["periods"][0]["points"] == 6.0
    # only this run's texts are kept: 2026's old text is gone, so going back encodes it again
    assert _build(file, "code-1", [YEAR_2026])[1] == 1


def test_another_stamp_or_a_damaged_text_is_made_again(tmp_path):
    file = tmp_path / "texts.json"
    _build(file, "code-1", [YEAR_2025])
    texts, calls = _build(file, "code-2", [YEAR_2025])      # the encoder may have changed
    assert calls == 1 and json.loads(texts[0]) == YEAR_2025
    kept = json.loads(file.read_bytes())
    key = next(iter(kept["texts"]))
    text, digest = kept["texts"][key]
    kept["texts"][key] = [text.replace("12.5", "99.5"), digest]     # altered in the cache
    file.write_text(json.dumps(kept), encoding="utf-8")
    texts, calls = _build(file, "code-2", [YEAR_2025])
    assert calls == 1 and json.loads(texts[0]) == YEAR_2025
    for damage in (b"not json", b"[1, 2]", b'{"format": 1, "stamp": "code-2", "texts": {"%s": "x"}}' % key.encode()):
        file.write_bytes(damage)
        texts, calls = _build(file, "code-2", [YEAR_2025])
        assert calls == 1 and json.loads(texts[0]) == YEAR_2025


def test_texts_by_key_are_reused_and_counted(tmp_path):
    file = tmp_path / "parts.json"
    kept = KeptTexts(file, "w")
    assert kept.text("a", lambda: "  2020-0001: {title: x}\n") == "  2020-0001: {title: x}\n"
    kept.save()
    again = KeptTexts(file, "w")
    assert again.text("a", lambda: "made again") == "  2020-0001: {title: x}\n"
    assert again.text("b", lambda: "  2020-0002: {title: y}\n") == "  2020-0002: {title: y}\n"
    assert (again.reused, again.made, again.keys()) == (1, 1, ["a", "b"])


def test_without_a_cache_every_document_is_encoded(tmp_path):
    assert _build(None, "code-1", [YEAR_2025])[1] == 1
    assert _build(None, "code-1", [YEAR_2025])[1] == 1
    assert list(tmp_path.iterdir()) == []


def test_a_cache_that_cannot_be_written_costs_nothing_but_a_remake(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    texts, calls = _build(blocked / "texts.json", "code-1", [YEAR_2025])   # its folder is a file
    assert calls == 1 and json.loads(texts[0]) == YEAR_2025
