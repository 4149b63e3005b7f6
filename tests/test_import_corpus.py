"""Issue 28's proof: `bulletin import` on issues laid out the ways county offices really make them
(tests/fixtures/import-corpus/: .docx from Word-like settings, .docx re-saved by LibreOffice, .doc,
born-digital and scanned PDF), scored field by field against truth written by hand.

Done when (issue 28): at least 95% of fields right, no file wrongly written (no wrong unit, no item
holding another item's or the 版记's text), everything imported passes `bulletin check`, and a .doc
imports exactly as its .docx twin. `scripts/import_score.py` prints the same figures as a table.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from testsupport.cli_pool import CliPool
from testsupport.import_scoring import (APPROVER, CORPUS, ISSUE_FIELDS, ITEM_FIELDS, Written, load_truths, plain,
                                        score_corpus, score_file, shortfalls, twin_result)

BULLETIN = Path(sys.executable).with_name("bulletin")
TRUTHS = load_truths()


def _document_text(path: Path) -> str:
    """Every w:t of the body (text boxes and tables included), headers and footers, as one plain string."""
    with zipfile.ZipFile(path) as archive:
        xml = "".join(archive.read(name).decode("utf-8") for name in sorted(archive.namelist())
                      if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name))
    return plain("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))


def test_the_corpus_is_large_and_varied_enough():
    formats = {source.split("/")[0] for truth in TRUTHS.values() for source in truth["files"]}
    assert len([t for t in TRUTHS.values() if not t.get("scanned")]) >= 15, "issue 28 asks for at least 15 issues"
    assert formats == {"docx-word", "docx-libreoffice", "doc", "pdf"}
    assert any(t.get("scanned") for t in TRUTHS.values()), "one scanned PDF, no text layer"
    assert any(t.get("supplement") for t in TRUTHS.values()) and len({t["series"] for t in TRUTHS.values()}) == 2


@pytest.mark.parametrize("name", sorted(TRUTHS))
def test_the_hand_written_truth_is_in_the_document(name):
    """A typo in the truth would count against the importer: every title, first and last sentence,
    版记 line and foreword is printed in the Word file the other formats were made from."""
    truth = TRUTHS[name]
    for source in truth["files"]:
        assert (CORPUS / source).is_file(), source
    if truth.get("scanned"):
        return
    text = _document_text(CORPUS / "docx-word" / f"{name}.docx")
    expected = [truth["foreword"]] if truth.get("foreword") else []
    expected += truth.get("colophon_text", []) + truth.get("not_in_bodies", [])
    for item in truth["items"]:
        expected += [item["first"], item["last"]] + item.get("not_in_body", [])
        expected += item["title"].split("——") if "——" in item["title"] else [item["title"]]
    missing = [piece for piece in expected if plain(piece) not in text]
    assert not missing, f"{name}: truth not printed in the document: {missing}"


def test_the_corpus_content_passes_check():
    done = subprocess.run([str(BULLETIN), "check", "--content", str(CORPUS / "content")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    units = (CORPUS / "content" / "units.yml").read_text(encoding="utf-8")
    assert units.count("name: 测试县工业园区管理委员会") == 2, "a unit dissolved and re-founded under its old name"


def _perfect(truth: dict) -> Written:
    """What a faultless import of `truth` would write, item bodies being the first and last sentence."""
    issue = {"series": truth["series"], "number": truth["number"], "date": truth["date"],
             "signer": truth.get("signer") or APPROVER, "items": []}
    issue.update({key: truth[key] for key in ("total", "foreword") if truth.get(key)})
    if truth.get("supplement"):
        issue["supplement"] = True
    items = []
    for number, item in enumerate(truth["items"], 1):
        front = {"id": f"x-{number}", "title": item["title"], "unit": item["unit"]}
        front.update({key: item[key] for key in ("co_units", "authors") if item.get(key)})
        body = f"{item['first']}\n\n" + "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n" * item.get("tables", 0)
        body += "![](x.png)\n\n" * item.get("images", 0) + item["last"]
        items.append({"path": f"items/x-{number}.md", "front": front, "body": body})
        issue["items"].append(front["id"])
    return Written(0, "", {"issues/x.yml": b""}, issue, items)


def test_the_scorer_counts_right_and_wrong_fields():
    """zwxx-plain-red: 6 issue fields + 3 items x 8 item fields = 30 fields."""
    truth, source = TRUTHS["zwxx-plain-red"], "docx-word/zwxx-plain-red.docx"
    assert len(ISSUE_FIELDS) + 3 * len(ITEM_FIELDS) == 30
    perfect = score_file(truth, source, _perfect(truth))
    assert [name for name, right, _ in perfect.fields if not right] == [] and len(perfect.fields) == 30
    assert perfect.wrongly_written == []

    spoiled = _perfect(truth)
    spoiled.items[0]["front"]["unit"] = "beiling"                                   # a wrong unit
    spoiled.items[2]["body"] += "\n\n报：市人民政府办公室"                             # the 版记 in the last item
    spoiled.items[1]["front"]["title"] = "县发改局多措并举推进重点项目建设（县发改局供稿）"   # title with its byline
    spoiled.issue["total"] = 330
    score = score_file(truth, source, spoiled)
    wrong = sorted(name for name, right, _ in score.fields if not right)
    assert wrong == ["body clean", "title", "total", "unit"]                      # 26/30 right
    assert len(score.wrongly_written) == 2                                        # item 1 (unit), item 3 (版记)

    missing = _perfect(truth)
    del missing.items[1]
    score = score_file(truth, source, missing)
    assert sum(not right for _, right, _ in score.fields) == len(ITEM_FIELDS)     # the lost item's 8 fields

    nothing = Written(1, "未导入: 未找到稿件", {})
    assert sum(right for _, right, _ in score_file(truth, source, nothing).fields) == 0


def test_a_doc_and_its_docx_twin_must_both_write_the_same_bytes():
    written = {"issues/zwxx/2024/012.yml": b"number: 12\n", "items/2024/2024-zwxx-012-01.md": b"---\n"}
    assert twin_result("doc/a.doc", "docx-word/a.docx", dict(written), dict(written))[2] is True
    assert twin_result("doc/a.doc", "docx-word/a.docx", {}, {})[2] is False           # nothing imported is no proof
    other = dict(written, **{"items/2024/2024-zwxx-012-01.md": b"---\nx"})
    same, detail = twin_result("doc/a.doc", "docx-word/a.docx", other, written)[2:]
    assert not same and detail == "不同的文件：items/2024/2024-zwxx-012-01.md"


@pytest.mark.slow
def test_import_on_the_corpus_meets_issue_28():
    """Every corpus file imported on its own, then `bulletin check`: 124 commands, run by two
    processes that import the product once (testsupport/cli_pool.py) rather than a process each."""
    with CliPool(jobs=2) as bulletin:
        assert shortfalls(score_corpus(bulletin)) == []
