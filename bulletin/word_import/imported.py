"""What one Word issue says, as the import reads it (`recognise`, `body`) and writes it (`writing`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Byline:
    units: list[str]        # the unit names as printed: the submitting unit, then any joint ones
    authors: list[str]
    printed: str            # the byline as it stands in the file
    kind: str               # 括注 / 供稿 / 标题前缀
    foot: bool = False      # set at the item's foot, after its body


@dataclass
class ImportedItem:
    title: str
    byline: Byline | None
    body: list[str] = field(default_factory=list)   # Markdown blocks
    notes: list[str] = field(default_factory=list)
    printed_title: str = ""                          # as printed, a “林双县：” prefix included
    rule: str = ""                                   # what made its title a title, for the review
    tail_right: bool = False                         # the body's last paragraph is set right-aligned
    images: list = field(default_factory=list)       # blocks.Image, in order; the body names each
    footnotes: list[str] = field(default_factory=list)   # “①……”, printed as 注： at the body's end

    def __post_init__(self):
        self.printed_title = self.printed_title or self.title

    @property
    def markdown(self) -> str:
        return "\n\n".join(self.body)


@dataclass
class ImportedIssue:
    series_names: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)
    supplement: bool = False
    signer: str | None = None
    editor: str | None = None
    marking: str | None = None
    classified: str | None = None
    foreword: list[str] = field(default_factory=list)
    toc: list[str] = field(default_factory=list)
    items: list[ImportedItem] = field(default_factory=list)
    distribution: dict[str, str] = field(default_factory=dict)
    printed_on: date | None = None
    copies: int | None = None
    notes: list[str] = field(default_factory=list)
