"""What the plan is made of: a page (PageSpec), a data file (DataFile), and the one paginator every
list goes through, so no page grows with the archive: a unit with 3,000 items gets 60 pages of 50."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Sequence, TypeVar

from bulletin.model import Item
from bulletin.site.urls import URLS

PAGE_SIZE = 50
T = TypeVar("T")


@dataclass(frozen=True)
class PageSpec:
    url: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    item: Item | None = None  # item pages: whose body is the page content
    crumb: str = ""           # its name in breadcrumbs (第3期, 2026年, 第2页); the title when empty
    parent: str | None = None  # the page it sits under when its URL does not say (items: their issue)
    section: str = ""         # the sidebar section it belongs to (a nav page's URL), set by placement.placed
    # A family that declares what its pages read (items.py; period_reads.py): every record and value the page's
    # context is made from. The build cache keys the page by these alone (page_cache.PageCache.key),
    # and the context is made by `make_context` only when the page is rendered.
    reads: tuple | None = None
    make_context: Callable[[], dict] | None = None
    # A family whose read set is coarser than what a page shows (a whole year's scoring: period_reads.py):
    # when its declared key changed, the page is still reused if its whole context's digest has not.
    recheck: bool = False

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md" if self.url else "index.md"

    def full_context(self) -> dict:
        """What the template is given: the made context, then what the plan set (crumbs)."""
        return {**self.make_context(), **self.context} if self.make_context else self.context


@dataclass(frozen=True)
class DataFile:
    """A file of the site that is not a rendered page (JSON, CSV, a feed, a redirect page), declared by
    the family whose pages link it: its path, and how to make it (only when the site is written)."""

    path: str
    build: Callable[[], str | bytes]
    copy_of: str | None = None   # a file copied as it is (an item's picture): the generator copies it, unread

    def content(self) -> bytes:
        made = self.build()
        return made if isinstance(made, bytes) else made.encode("utf-8")


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    base: str

    def url(self, number: int) -> str:
        return self.base if number == 1 else URLS["page"].format(base=self.base, number=number)

    def url_of(self, index: int) -> str:
        """The page that shows the entry at `index` of the whole list."""
        return self.url(index // PAGE_SIZE + 1)

    def title(self, title: str) -> str:
        """A page's title: the list's on its first page, with （第N页） after."""
        return title if self.number == 1 else f"{title}（第{self.number}页）"

    def crumb(self, first: str = "") -> str:
        return first if self.number == 1 else f"第{self.number}页"

    @property
    def window(self) -> list[int | None]:
        """Page numbers to show: first, last and two either side of this one; None marks a gap."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        result: list[int | None] = []
        for number in shown:
            if result and number - result[-1] > 1:
                result.append(None)
            result.append(number)
        return result


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a list: its pager, its entries and the index of its first entry in the list."""

    pager: Pager
    entries: Sequence[T]
    start: int

    @property
    def url(self) -> str:
        return self.pager.url(self.pager.number)


def paginate(entries: Sequence[T], base: str) -> list[Paged[T]]:
    """A list as pages of PAGE_SIZE at `base`, base/page/2/, ...; an empty list still has its first page."""
    count = max(1, -(-len(entries) // PAGE_SIZE))
    return [Paged(Pager(number, count, base), entries[(number - 1) * PAGE_SIZE: number * PAGE_SIZE], (number - 1) * PAGE_SIZE)
            for number in range(1, count + 1)]


@dataclass(frozen=True)
class Row:
    """One line of a term index: a unit, topic, category, year or month, and its counts."""

    label: str
    url: str
    count: int
    note: str = ""
