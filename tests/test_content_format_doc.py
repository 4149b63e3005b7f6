"""docs/content-format.md and the schemas in bulletin/content/contract.py are one: every field a
schema declares is in the doc's table for that schema, and every field a table lists is in its schema,
so a field added, renamed or dropped in the code without the doc (or the other way) fails here.

Each table of fields in the doc follows a `<!-- schema: NAME -->` line naming the schema (a dict of
`Field`s in contract.py); its rows start with the field name in backticks.
"""

from __future__ import annotations

import re
from pathlib import Path

from bulletin.content import contract
from bulletin.content.schema import Field

DOC = Path(__file__).resolve().parent.parent / "docs" / "content-format.md"
MARKER = re.compile(r"<!-- schema: (\w+) -->")
ROW = re.compile(r"\|\s*`([^`]+)`\s*\|")


def schemas() -> dict[str, dict[str, Field]]:
    """Every schema contract.py declares: its module-level dicts of Fields."""
    return {name: value for name, value in vars(contract).items()
            if isinstance(value, dict) and value and all(isinstance(field, Field) for field in value.values())}


def nested(kind, seen: set[int]) -> list[dict]:
    """The schemas a field's kind reads (record(...) inside list_of(...) and the like), by its closure."""
    found = []
    for cell in getattr(kind, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        if isinstance(value, dict) and value and all(isinstance(f, Field) for f in value.values()):
            found.append(value)
        elif callable(value) and id(value) not in seen:
            seen.add(id(value))
            found += nested(value, seen)
    return found


def documented(text: str) -> dict[str, list[str]]:
    """The fields of each table of the doc, by the schema its marker names."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        marker = MARKER.search(line)
        if marker:
            current = tables.setdefault(marker.group(1), [])
        elif current is not None and line.startswith("|"):
            row = ROW.match(line)
            if row:
                current.append(row.group(1))
        elif current is not None and line.strip() and not line.startswith("|"):
            current = None   # the table ended
    return tables


def test_every_schema_reachable_is_a_named_one():
    """A schema written inline inside another would escape the doc check: each one is named."""
    named = {id(schema) for schema in schemas().values()}
    for name, schema in schemas().items():
        for field_name, field in schema.items():
            for inner in nested(field.kind, set()):
                assert id(inner) in named, f"{name}.{field_name} reads a schema contract.py does not name"


def test_the_doc_has_a_table_for_each_schema_and_no_other():
    assert set(documented(DOC.read_text(encoding="utf-8"))) == set(schemas())


def test_each_table_lists_exactly_its_schema_fields():
    tables = documented(DOC.read_text(encoding="utf-8"))
    for name, schema in schemas().items():
        listed = tables.get(name, [])
        missing = [field for field in schema if field not in listed]
        unknown = [field for field in listed if field not in schema]
        twice = sorted({field for field in listed if listed.count(field) > 1})
        assert not missing, f"docs/content-format.md, table {name}: fields not documented: {missing}"
        assert not unknown, f"docs/content-format.md, table {name}: fields no schema has: {unknown}"
        assert not twice, f"docs/content-format.md, table {name}: fields listed twice: {twice}"


def test_the_doc_names_every_file_kind():
    from bulletin.content.kinds import KINDS
    text = DOC.read_text(encoding="utf-8")
    for kind in KINDS:
        if kind.reader:
            assert f"`{kind.name}" in text, f"docs/content-format.md does not name {kind.pattern}"
