"""CSV files for Excel on office PCs: UTF-8 with a BOM (else Excel reads the Chinese as GBK), CRLF
line ends, and no cell that Excel would run as a formula. The leaderboard's and the fees' CSV
are both written here."""

from __future__ import annotations

import csv
import io
import re
from typing import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEGATIVE_NUMBER = re.compile(r"^-\d+(\.\d+)?%?$")


def inert(cell: str) -> str:
    """A cell Excel would run as a formula (=, +, -, @) is prefixed with ' so it stays text; a plain
    negative number (a deduction, -10.0) is a number, not a formula, and stays one."""
    if NEGATIVE_NUMBER.match(cell):
        return cell
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell


def excel_csv(rows: Iterable[Sequence[str]]) -> str:
    """Rows of text cells (an empty row separates sections), as one CSV document with its BOM."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([inert(cell) for cell in row])
    return "\ufeff" + out.getvalue()
