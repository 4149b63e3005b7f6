"""Search quality, measured through the site's own search page in headless Chromium.

Three groups of queries, each typed into the 检索 page as a reader would:
  domain  -- the words in testsupport/search_words/domain.txt (several hundred, kept in the repository);
  random  -- seeded random 2-4 character substrings of approved items' titles and bodies;
  absent  -- testsupport/search_words/absent.txt, words that must find nothing (checked against the content).
The truth is substring containment (Ctrl+F) in an approved item's title or body. Per group it prints
recall and precision over all results, precision@10 (of the first ten a reader sees), the time to
the first results on the page (the newest bundles' rows: data-state=showing) and to the whole answer
(every bundle, the counts and the help: data-state=done), the KB fetched per query after the page
has loaded, then the worst queries.
scripts/search_quality.py is its command line; tests/test_search.py holds it to the thresholds.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.archive import Archive
from bulletin.site.search.text import runs
from testsupport import serve_root

WORDS = Path(__file__).resolve().parent / "search_words"   # kept in the repository, beside this module


def word_list(name: str) -> list[str]:
    lines = (WORDS / name).read_text(encoding="utf-8").splitlines()
    return [word for line in lines if not line.startswith("#") for word in line.split()]


class Truth:
    """Which approved items contain a word, as Ctrl+F finds it (case aside)."""

    def __init__(self, archive: Archive):
        self.texts = {item.id: (item.title.lower(), item.body.lower()) for item in archive.items.values()}

    def __call__(self, word: str) -> set[str]:
        word = word.lower()
        return {id for id, (title, body) in self.texts.items() if word in title or word in body}


def random_substrings(archive: Archive, count: int, seed: int) -> list[str]:
    """Half from titles, half from bodies: a run of letters and digits, 2-4 characters of it."""
    rng = random.Random(seed)
    items = sorted(archive.items.values(), key=lambda item: item.id)
    found: list[str] = []
    while len(found) < count:
        item = rng.choice(items)
        text = item.title if len(found) % 2 == 0 else item.body
        candidates = [run for run in runs(text) if len(run) >= 2]
        if not candidates:
            continue
        run = rng.choice(candidates)
        length = rng.randint(2, min(4, len(run)))
        start = rng.randrange(len(run) - length + 1)
        word = run[start:start + length]
        if word not in found:
            found.append(word)
    return found


@dataclass
class Answer:
    query: str
    expected: int
    returned: int
    correct: int
    top_correct: int        # relevant among the first ten
    top_shown: int
    ms: float               # from pressing 检索 to the first results on the page (or the whole answer, if none)
    done_ms: float          # from pressing 检索 to the whole answer: every bundle, the counts, the help
    kb: float               # fetched for this query after the page had loaded (index chunks cached by earlier queries are not fetched again)
    status: str
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


class SearchPage:
    """The site's 检索 page in a browser tab, asked one query at a time."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context()
        self.tab = self.context.new_page()
        self.fetched: list[tuple[str, int]] | None = []
        self.context.on("requestfinished", self._count)   # the context sees the worker's fetches too
        start = time.perf_counter()
        self.tab.goto(url + "search/", wait_until="networkidle")
        self.tab.wait_for_selector("[data-bl-search][data-state=done]")
        self.first_load_ms = (time.perf_counter() - start) * 1000
        self.first_load = {"all": kb(self.fetched), **{part: kb(self.fetched, marks) for part, marks in FIRST_LOAD_PARTS.items()}}
        self.fetched = None

    def _count(self, request):
        if self.fetched is not None:
            self.fetched.append((request.url, max(0, request.sizes()["responseBodySize"])))

    def ask(self, query: str) -> tuple[list[str], float, float, float, str]:
        """Result URLs in order (items and issues), ms to the first results, ms to the whole answer, KB
        fetched, the status line."""
        tab = self.tab
        tab.evaluate("() => { document.querySelector('[data-bl-search]').dataset.state = 'asked'; }")
        tab.fill("#bl-q", query)
        self.fetched = []
        start = time.perf_counter()
        tab.press("#bl-q", "Enter")
        tab.wait_for_selector("[data-bl-search][data-state=showing], [data-bl-search][data-state=done]", timeout=60_000)
        ms = (time.perf_counter() - start) * 1000
        tab.wait_for_selector("[data-bl-search][data-state=done]", timeout=60_000)
        done_ms = (time.perf_counter() - start) * 1000
        fetched = kb(self.fetched)
        self.fetched = None
        status = tab.locator(".bl-search__status").inner_text()
        urls = [row["url"] for row in tab.evaluate("() => window.bulletinSearch.urls()")]
        return urls, ms, done_ms, fetched, status

    def close(self):
        self.context.close()


# what the search page loads before its first search, by the piece of Pagefind's bundle it is
FIRST_LOAD_PARTS = {"search_js": ("/pagefind/pagefind", ".js"), "wasm": ("/pagefind/wasm.",),
                    "index_meta": (".pf_meta",), "filter_index": ("/filter/",)}


def kb(fetched: list[tuple[str, int]], marks: tuple[str, ...] = ()) -> float:
    return sum(size for url, size in fetched if all(mark in url for mark in marks)) / 1024


def item_id(url: str) -> str | None:
    parts = url.rstrip("/").split("/")
    return parts[-1] if len(parts) >= 2 and parts[-2] == "items" else None


def answer(page: SearchPage, truth: Truth, query: str) -> Answer:
    urls, ms, done_ms, fetched, status = page.ask(query)
    want = truth(query)
    got = [item_id(url) or url for url in urls]
    top = got[:10]
    return Answer(query, len(want), len(got), len(want & set(got)), len(want & set(top)), len(top), ms, done_ms, fetched, status,
                  missed=sorted(want - set(got))[:5], extra=[g for g in got if g not in want][:5])


def p95(values: list[float]) -> float:
    """The 95th percentile, the nearest rank: of 20 values the 19th smallest; 0 for none."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)] if ordered else 0


def summary(answers: list[Answer]) -> dict:
    expected = sum(a.expected for a in answers)
    returned = sum(a.returned for a in answers)
    correct = sum(a.correct for a in answers)
    shown = [a for a in answers if a.top_shown]
    return {
        "queries": len(answers),
        "recall": correct / expected if expected else 1.0,
        "precision": correct / returned if returned else 1.0,
        "precision_at_10": statistics.mean(a.top_correct / a.top_shown for a in shown) if shown else 1.0,
        "no_result": sum(1 for a in answers if a.returned == 0) / len(answers) if answers else 1.0,
        "no_result_message": all("没有找到" in a.status for a in answers if a.returned == 0),
        "ms_median": statistics.median(a.ms for a in answers) if answers else 0,
        "ms_p95": p95([a.ms for a in answers]),
        "ms_max": max((a.ms for a in answers), default=0),
        "done_ms_median": statistics.median(a.done_ms for a in answers) if answers else 0,
        "done_ms_p95": p95([a.done_ms for a in answers]),
        "done_ms_max": max((a.done_ms for a in answers), default=0),
        "kb_median": statistics.median(a.kb for a in answers) if answers else 0,
        "kb_max": max((a.kb for a in answers), default=0),
    }


COLD = ["棉花", "防汛 乡镇", "再就业 政策", "信访", "期走势分"]


def cold_costs(browser, url: str, words=COLD) -> list[dict]:
    """Each query on a fresh page, as a reader's first search: ms to the first results and KB
    fetched after the page has loaded (index chunks and the shown results' fragments)."""
    rows = []
    for word in words:
        page = SearchPage(browser, url)
        try:
            _, ms, done_ms, fetched, status = page.ask(word)
        finally:
            page.close()
        rows.append({"query": word, "ms": round(ms), "done_ms": round(done_ms), "kb": round(fetched, 1), "status": status,
                     "first_load_kb": round(page.first_load["all"])})
    return rows


def queries(archive: Archive, truth: Truth, random_count: int, seed: int, domain_sample: int | None) -> dict[str, list[str]]:
    domain = word_list("domain.txt")
    if domain_sample and domain_sample < len(domain):
        domain = random.Random(seed).sample(domain, domain_sample)
    absent = [word for word in word_list("absent.txt") if not truth(word)]
    return {"domain": domain, "random": random_substrings(archive, random_count, seed), "absent": absent}


def evaluate(site: Path, archive: Archive, browser, random_count: int = 200, seed: int = 1,
             domain_sample: int | None = None) -> dict:
    """Every group's summary and answers, and the search page's own first load."""
    truth = Truth(archive)
    server, url = serve_root(site)
    page = SearchPage(browser, url)
    try:
        groups = {name: [answer(page, truth, q) for q in words]
                  for name, words in queries(archive, truth, random_count, seed, domain_sample).items()}
        cold = cold_costs(browser, url)
    finally:
        page.close()
        server.shutdown()
    return {"first_load": page.first_load, "first_load_ms": page.first_load_ms, "cold": cold,
            "groups": {name: summary(answers) for name, answers in groups.items()}, "answers": groups}


def worst(answers: list[Answer], count: int) -> list[Answer]:
    def score(a: Answer):
        recall = a.correct / a.expected if a.expected else 1.0
        precision = a.correct / a.returned if a.returned else 1.0
        return min(recall, precision)
    return sorted((a for a in answers if score(a) < 1), key=score)[:count]


def report(result: dict, show_worst: int) -> str:
    load = result["first_load"]
    lines = [f"first load of the search page: {load['all']:.0f} KB in {result['first_load_ms']:.0f} ms, of it Pagefind's"
             f" JS {load['search_js']:.0f} KB, WebAssembly {load['wasm']:.0f} KB, index metadata {load['index_meta']:.0f} KB,"
             f" filter index {load['filter_index']:.0f} KB",
             "group    queries  recall  precision  p@10    no-result  first ms(median/p95/max)  done ms(median/p95/max)"
             "  KB/query(median/max, warm cache)"]
    for name, s in result["groups"].items():
        lines.append(f"{name:8} {s['queries']:7}  {s['recall']:6.1%}  {s['precision']:9.1%}  {s['precision_at_10']:6.1%}"
                     f"  {s['no_result']:9.0%}  {s['ms_median']:5.0f}/{s['ms_p95']:5.0f}/{s['ms_max']:5.0f}"
                     f"         {s['done_ms_median']:5.0f}/{s['done_ms_p95']:5.0f}/{s['done_ms_max']:5.0f}"
                     f"        {s['kb_median']:6.1f}/{s['kb_max']:6.1f}")
    cold = [row["ms"] for row in result["cold"]]
    if cold:
        lines.append(f"first search on a fresh page, {len(cold)} queries: median {statistics.median(cold):.0f} ms, max {max(cold)} ms"
                     f" to the first results; max {max(row['done_ms'] for row in result['cold'])} ms to the whole answer")
    for row in result["cold"]:
        lines.append(f"first search on a fresh page: {row['query']}: {row['ms']} ms to the first results, {row['done_ms']} ms to"
                     f" the whole answer, {row['kb']} KB fetched;"
                     f" {row['status']}")
    for name, answers in result["answers"].items():
        for a in worst(answers, show_worst):
            lines.append(f"worst {name}: {a.query} expected {a.expected} returned {a.returned} correct {a.correct}"
                         f" missed {a.missed} extra {a.extra}")
    return "\n".join(lines)


# -- "did you mean" -------------------------------------------------------------------------------

def typo_pairs() -> list[tuple[str, str]]:
    """(typo, the word meant), from search_words/typos.txt."""
    lines = (WORDS / "typos.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split()) for line in lines if line.strip() and not line.startswith("#")]


def did_you_mean(site: Path, archive: Archive, browser) -> dict:
    """What the 检索 page offers as 您要找的是不是 (window.bulletinSearch.meant, the page's own code) for each
    typo (recall: the word meant, nothing else) and for each correct word: every domain and absent word,
    those the sample lacks being the ones a reader would see it for (precision: nothing offered)."""
    truth = Truth(archive)
    server, url = serve_root(site)
    page = SearchPage(browser, url)
    try:
        def meant(query: str) -> str:
            return page.tab.evaluate("q => window.bulletinSearch.meant(q)", query)
        typos = [(typo, word, meant(typo)) for typo, word in typo_pairs()]
        words = list(dict.fromkeys(word_list("domain.txt") + word_list("absent.txt")))
        correct = [(word, bool(truth(word)), meant(word)) for word in words]
    finally:
        page.close()
        server.shutdown()
    return {"typos": typos, "fixed": [t for t in typos if t[2] == t[1]],
            "wrong": [t for t in typos if t[2] and t[2] != t[1]], "correct": correct,
            "absent": [c for c in correct if not c[1]], "corrected": [c for c in correct if c[2]]}


def did_you_mean_report(result: dict) -> str:
    lines = [f"typos fixed: {len(result['fixed'])} of {len(result['typos'])}; offered a wrong word: {len(result['wrong'])}",
             f"correct words 'corrected': {len(result['corrected'])} of {len(result['correct'])}"
             f" (of them finding nothing in the archive, where the page offers it: {len(result['absent'])})"]
    lines += [f"  not fixed: {typo} (meant {word}) offered {offered or '—'}" for typo, word, offered in result["typos"] if offered != word]
    lines += [f"  wrongly corrected: {word} -> {offered}" for word, _, offered in result["corrected"]]
    return "\n".join(lines)
