"""The content format, field by field: the contract in shared/specs/content-format.md as schemas.

Extend here where users need more; never rename or drop a field.
"""

from bulletin.content.schema import (
    Field, boolean, ident, integer, iso_date, list_of, mapping_of, markdown, number, one_of, record, text,
)
from bulletin.model import EVENT_TYPES, FORMS

LEVEL = {"id": Field(ident, required=True), "name": Field(text, required=True)}

SERIES = {
    "id": Field(ident, required=True),
    "name": Field(text, required=True),
    "distribution": Field(mapping_of(text), default=dict),
}

POINTS_BY_LEVEL = mapping_of(number, key_kind=ident)

RULE_SET = {
    "since": Field(iso_date, required=True),
    "published": Field(number, default=0),
    "forwarded": Field(POINTS_BY_LEVEL, default=dict),
    "adopted": Field(POINTS_BY_LEVEL, default=dict),
    "publications": Field(mapping_of(POINTS_BY_LEVEL), default=dict),
    "combined": Field(number, default=1),
    "instruction": Field(POINTS_BY_LEVEL, default=dict),
}

BULLETIN = {
    "publisher": Field(text, required=True),
    "series": Field(list_of(record(SERIES), allow_single=False), required=True),
    "categories": Field(list_of(text, allow_single=False), required=True),
    "groups": Field(list_of(text, allow_single=False), required=True),
    "levels": Field(list_of(record(LEVEL), allow_single=False), default=list),
    "markings": Field(list_of(text, allow_single=False), default=list),
    "scoring": Field(list_of(record(RULE_SET), allow_single=False), default=list),
    # 文号 of the monthly circular (采用情况通报): {year} and {month} are filled in, e.g. 巴署办信〔2026〕10号.
    "circular_number": Field(text, default="〔{year}〕{month}号"),
}

UNIT = {
    "id": Field(ident, required=True),
    "name": Field(text, required=True),
    "short": Field(text),
    "group": Field(text, required=True),
    "target": Field(integer(minimum=0, maximum=100_000)),
    "until": Field(iso_date),
    "successor": Field(ident),
    "aliases": Field(list_of(text), default=list),   # other names it appears under (imported Word issues)
}

TOPIC = {
    "id": Field(ident, required=True),
    "name": Field(text, required=True),
    "description": Field(text),
}

EVENT = {
    "type": Field(one_of(*EVENT_TYPES), required=True),
    "level": Field(ident, required=True),
    "date": Field(iso_date, required=True),
    "publication": Field(text),
    "form": Field(one_of(*FORMS), default="single"),
    "issue": Field(text),
    "leader": Field(text),
    "text": Field(text),
}

CORRECTION = {  # 更正: a change to a published item's title or body, shown on its page
    "date": Field(iso_date, required=True),
    "text": Field(text, required=True),
}

ITEM = {
    "id": Field(ident, required=True),
    "title": Field(text, required=True),
    "unit": Field(ident, required=True),
    "co_units": Field(list_of(ident, unique=True), default=list),
    "authors": Field(list_of(text, unique=True), default=list),
    "category": Field(text, required=True),
    "topics": Field(list_of(ident, non_empty=True, unique=True), required=True),
    "date": Field(iso_date, required=True),
    "status": Field(text, required=True),
    "approved_by": Field(text),
    "marking": Field(text),
    "summary": Field(text),
    "events": Field(list_of(record(EVENT), allow_single=False), default=list),
    "corrections": Field(list_of(record(CORRECTION), allow_single=False), default=list),
}

ISSUE = {
    "series": Field(ident, required=True),
    "number": Field(integer(minimum=1, maximum=9999), required=True),
    "total": Field(integer(minimum=1, maximum=999_999)),
    "supplement": Field(boolean, default=False),
    "date": Field(iso_date, required=True),
    "signer": Field(text, required=True),
    "editor": Field(text),
    "marking": Field(text),
    "foreword": Field(markdown),
    "items": Field(list_of(ident, allow_single=False, non_empty=True), required=True),
    "distribution": Field(mapping_of(text)),
    "copies": Field(integer(minimum=1, maximum=1_000_000)),
}

MONTHLY_COUNTS = mapping_of(integer(minimum=0, maximum=100_000), key_kind=integer(minimum=1, maximum=12))
