"""What the search index stores: text as runs of characters, each run as its character bigrams.

Chinese has no spaces, and a dictionary segmenter (Pagefind's, jieba's) splits 期走势分 or 信访 where
its dictionary says, so a query that crosses its boundaries finds nothing, and a word it does not
know is searched character by character, which finds everything. Ctrl+F semantics need no
dictionary: a text contains a word exactly when it contains the word's consecutive character pairs
at consecutive positions (the bigrams of Lucene's CJK analyzer). Pagefind checks positions for a
quoted phrase, so a phrase of bigram tokens is substring containment, read from the index alone.

Each bigram is written as a token of digits (the two code points, five digits each), because
Pagefind splits, stems and lowercases words, and digits come through all three unchanged. A run's
last character also gets a token with 00000 as its partner, so a one-character query (a token
prefix, as Pagefind matches the last word of a query) finds the character wherever it stands.
Title tokens carry a leading 9 (no BMP code point starts with 9 when padded to five digits), so a
title-only search cannot match the body. theme/assets/javascripts/search.js does the same for queries.
"""

from __future__ import annotations

import re

END = "00000"
TITLE = "9"
MARKUP = re.compile(r"[*_`#>|~]+|!?\[([^\]]*)\]\([^)]*\)")


def searchable(char: str) -> bool:
    """Letters and digits (Han included); punctuation and spaces separate runs. Astral characters
    would not fit five digits and are rare in office text, so they separate runs too."""
    return char.isalnum() and ord(char) <= 0xFFFF


def runs(text: str) -> list[str]:
    """The maximal runs of searchable characters, lower-cased: 信访积案，2026年 -> [信访积案, 2026年]."""
    found, current = [], []
    for char in text.lower():
        if searchable(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def code(char: str) -> str:
    return f"{ord(char):05d}"


def run_tokens(run: str, prefix: str = "") -> list[str]:
    """One token per position: the character and the next one, the last one with END."""
    return [prefix + code(a) + (code(b) if b else END) for a, b in zip(run, [*run[1:], ""])]


def tokens(text: str, prefix: str = "") -> str:
    """The indexed form of `text`: its runs' tokens, runs apart by a line so no phrase spans two."""
    return "\n".join(" ".join(run_tokens(run, prefix)) for run in runs(text))


def plain(markdown: str) -> str:
    """A body as a reader sees it, for excerpts: Markdown marks dropped, link text kept, one line."""
    return " ".join(MARKUP.sub(lambda m: m.group(1) or "", markdown).split())
