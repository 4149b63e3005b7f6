"""The JSON data files' memo in the build cache (bulletin/site/data_memo.py): an equal document's text
is reused, anything else is encoded again. That the site built with it is the clean build's, byte for
byte, after each kind of change: tests/test_incremental.py (its warm cache holds the memo)."""

import json
import pickle

from bulletin.site.data_memo import JsonMemo


class Encoder:
    """json.dumps, counting its calls: a reused text is one not encoded."""

    def __init__(self):
        self.calls = 0

    def __call__(self, document: dict) -> str:
        self.calls += 1
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _build(folder, code: str, documents: list[dict]) -> tuple[list[str], int]:
    memo, encode = JsonMemo(folder, code), Encoder()
    texts = [memo.dump(document, encode) for document in documents]
    memo.save()
    return texts, encode.calls


YEAR_2025 = {"year": 2025, "periods": [{"key": "2025", "points": 12.5}]}
YEAR_2026 = {"year": 2026, "periods": [{"key": "2026", "points": 3.0}]}


def test_a_document_as_it_was_is_not_encoded_again_and_a_changed_one_is(tmp_path):
    first, calls = _build(tmp_path, "code-1", [YEAR_2025, YEAR_2026])
    assert calls == 2
    changed = {"year": 2026, "periods": [{"key": "2026", "points": 6.0}]}   # a new issue's 刊用 in 2026
    second, calls = _build(tmp_path, "code-1", [YEAR_2025, changed])
    assert calls == 1                                   # 2026 only
    assert second[0] == first[0] and json.loads(second[1])["periods"][0]["points"] == 6.0


def test_another_code_or_a_damaged_text_is_encoded_again(tmp_path):
    _build(tmp_path, "code-1", [YEAR_2025])
    texts, calls = _build(tmp_path, "code-2", [YEAR_2025])      # the encoder may have changed
    assert calls == 1 and json.loads(texts[0]) == YEAR_2025
    kept_file = tmp_path / "json-memo.pickle"
    kept = pickle.loads(kept_file.read_bytes())
    key = next(iter(kept["texts"]))
    digest, text = kept["texts"][key]
    kept["texts"][key] = (digest, text.replace("12.5", "99.5"))     # altered in the cache
    kept_file.write_bytes(pickle.dumps(kept))
    texts, calls = _build(tmp_path, "code-2", [YEAR_2025])
    assert calls == 1 and json.loads(texts[0]) == YEAR_2025
    kept_file.write_bytes(b"not a pickle")
    texts, calls = _build(tmp_path, "code-2", [YEAR_2025])
    assert calls == 1 and json.loads(texts[0]) == YEAR_2025


def test_without_a_cache_every_document_is_encoded(tmp_path):
    assert _build(None, "code-1", [YEAR_2025])[1] == 1
    assert _build(None, "code-1", [YEAR_2025])[1] == 1
    assert list(tmp_path.iterdir()) == []
