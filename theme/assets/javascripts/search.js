// The search page: substring search over Pagefind's index of character bigrams, with filters,
// options and the whole state in the URL. Everything is loaded from this site; the bundle path is
// relative, so a sub-path works.
//
// The index holds each text as bigram tokens (bulletin/searchtext.py, which this file mirrors):
// a word of two or more characters is the quoted phrase of its bigrams, which Pagefind matches at
// consecutive positions, so a result contains the word exactly as typed; a one-character word is
// a token prefix. Several words are one Pagefind search each: results with every word come
// first, then those with some of them, labelled as such.
//
// The index is Pagefind bundles by age (bulletin/site/search/index.py): the last two months, the rest of
// their year, each older year (pagefind/2026-10_2026-11/, 2026-01_2026-09/, 2025-01_2025-12/, ...),
// listed newest first with their first and last months in pagefind/years.json. Each bundle is its own
// Pagefind instance (the bundle at pagefind/, of no results, with the bundle merged in), all in one web
// worker, and this file lists their answers bundle after bundle in the sort's direction,
// each bundle's rows shown as soon as it and those before it have answered, and sums the facet
// counts (search-bundles.js asks and merges). Bundles are asked one at a time until one has rows, so
// the first rows need not wait behind the older bundles' scoring; the rest are asked together after.
// A 从/到 range asks only the bundles holding a month it reaches.
//
// Beside the results: what a query names outright (an item id, a 文号, an issue's number: 第16期,
// 总第331期), and for a query with no match the archive's own spelling of its words (search-help.js).
// Back from a result restores the rows shown and the scroll (the place, kept in history.state).
// What is made of text (the query as the index spells it, a result's row, the help) is in search-help.js.
import {addCounts, answerAll, answerInTurn, combine, searchBundle} from "./search-bundles.js";
import {activeFilters, announce, chipsHtml, facetsHtml, pagefindQuery, queryHelp, resultHtml, stateFrom, stateParams,
  wordsOf} from "./search-help.js";

const root = document.querySelector("[data-bl-search]");
const FACETS = [["unit", "单位"], ["topic", "主题"], ["category", "类别"], ["series", "刊物"]];
const KINDS = ["稿件", "期刊", "全部"];
const PAGE = 20;
const form = root.querySelector("form");
const field = form.elements;   // by name; form.title would be the form's own title attribute
const status = root.querySelector(".bl-search__status");
const list = root.querySelector(".bl-search__results ol");
const more = root.querySelector(".bl-search__more");
const facets = root.querySelector(".bl-search__filters");
const chips = root.querySelector(".bl-search__chips");
const panel = root.querySelector(".bl-search__panel");
const activeCount = root.querySelector(".bl-search__active");
const helpBox = root.querySelector(".bl-search__help");
// What the page knows besides the index (theme/bulletin/search.html): topics, circulars by 文号, the item URL.
const known = JSON.parse(helpBox.dataset.known);
const TYPE_AHEAD = 8;   // a facet with more values than this gets a box to type into
const pageUrl = (url) => new URL(url, new URL(root.dataset.site, document.baseURI)).href;
const help = queryHelp({known, pageUrl, search: (words) => search(words), lexiconUrl: () => `${bundle.href}words.json`});

// -- state in the URL ------------------------------------------------------------------------------

function writeState(state) {
  const query = stateParams(state).toString();
  history.replaceState(returning ? history.state : null, "", query ? `?${query}` : location.pathname);
}

function readForm() {
  state.q = field.q.value.trim();
  state.kind = field.kind.value;
  state.sort = field.sort.value;
  state.exact = field.exact.checked;
  state.title = field.title.checked;
  [state.from, state.to] = [field.from.value, field.to.value];
  if (state.from && state.to && state.from > state.to) [state.from, state.to] = [state.to, state.from];
}

// A whole year picked in 年份 is the range from its January to its December: one action for "2025".
const wholeYear = () => state.from && state.from.endsWith("-01") && state.to === `${state.from.slice(0, 4)}-12` ? state.from.slice(0, 4) : "";

function fillForm() {
  field.q.value = state.q;
  field.year.value = [...field.year.options].some((o) => o.value === wholeYear()) ? wholeYear() : "";
  field.kind.value = state.kind;
  field.sort.value = state.sort;
  field.exact.checked = state.exact;
  field.title.checked = state.title;
  field.from.value = state.from;
  field.to.value = state.to;
}

// -- searching -------------------------------------------------------------------------------------

let state = stateFrom(location.search, FACETS, KINDS);
let bundles = [];     // [{name, from, to, pagefind}], newest first: from and to are YYYY-MM
let ready = false;    // the index has loaded
let totals = {};   // every filter value's count, for the page before a search
let months = [];      // every YYYY-MM that has a record, from the filter index
let results = [];     // [{result, partial}]
let shown = 0;
let generation = 0;   // a newer search makes the results of an older one stale

function pagefindFilters(kind) {
  const filters = Object.fromEntries(Object.entries(state.filters).map(([k, v]) => [k, {any: v}]));
  if (state.from || state.to) {
    const inRange = months.filter((m) => (!state.from || m >= state.from) && (!state.to || m <= state.to));
    filters.month = {any: inRange.length ? inRange : ["none"]};
  }
  if (kind) filters.kind = kind;
  return filters;
}

// The bundles a search can find anything in: those holding a month of the range.
function bundlesAsked() {
  return bundles.filter((b) => (!state.from || b.to >= state.from) && (!state.to || b.from <= state.to));
}

function pagefindOptions(kind) {
  const options = {filters: pagefindFilters(kind)};
  if (state.sort) options.sort = {date: state.sort === "date" ? "desc" : "asc"};
  return options;
}

// The order of the list, whatever the sort: items before issues (a reader looks for items; an issue is
// the way to one), then bundle after bundle in the sort's direction (newest first but for 日期：早的在前),
// each bundle's results in Pagefind's order (its score, or the date). So a bundle's rows follow those of
// the bundles before it and the first rows are final as soon as the first bundles answer: nothing shown
// ever moves. (Scores of different bundles were never comparable: each bundle weighs a word by its own
// counts.) One function that asks per kind and bundle, in that order (search-bundles.js asks them).
function searchParts(words) {
  const kinds = state.kind === "全部" ? ["稿件", "期刊"] : [state.kind];
  const asked = state.sort === "date-asc" ? bundlesAsked().reverse() : bundlesAsked();
  const title = state.title;
  const query = (word) => pagefindQuery(word, title);
  return kinds.map((kind) => {
    const options = pagefindOptions(kind);
    return asked.map((bundle) => () => searchBundle(bundle, words, query, options));
  });
}

async function search(words) {
  return answerAll(searchParts(words));
}

// -- showing ---------------------------------------------------------------------------------------

// -- the place, kept for Back: how many results were shown and how far down, in this history entry ---
// Read before the first search replaces the entry's state; restored once that search has shown its first rows.
let returning = history.state?.bulletinSearch || null;
history.scrollRestoration = "manual";   // the browser would scroll before the results are back
function keepPlace() {
  if (returning) return;   // not before the place being restored is
  history.replaceState({bulletinSearch: {shown, scroll: Math.round(scrollY)}}, "", location.href);
}
let keepSoon = 0;
addEventListener("scroll", () => { clearTimeout(keepSoon); keepSoon = setTimeout(keepPlace, 150); }, {passive: true});
addEventListener("pagehide", keepPlace);

async function restorePlace(mine) {
  const place = returning;
  returning = null;
  if (!place || mine !== generation) return;
  while (shown < Math.min(place.shown, results.length)) {
    await showMore(mine);
    if (mine !== generation) return;
  }
  scrollTo(0, place.scroll);
  keepPlace();
}

// The next rows of the list, up to `upTo` shown. One call at a time (the list fills as bundles answer
// while a reader may press 显示更多), each appending after the last.
let appending = Promise.resolve();
function showMore(mine = generation, upTo = shown + PAGE) {
  appending = appending.then(() => appendRows(mine, upTo));
  return appending;
}

async function appendRows(mine, upTo) {
  if (mine !== generation) return;
  const batch = results.slice(shown, upTo);
  const data = await Promise.all(batch.map((r) => r.result.data()));
  if (mine !== generation) return;
  const words = wordsOf(state);
  list.insertAdjacentHTML("beforeend", batch.map((r, i) => {
    const heading = r.partial && (shown + i === 0 || !results[shown + i - 1].partial)
      ? `<li class="bl-result__divider">以下结果只包含部分词语</li>` : "";
    return heading + resultHtml(data[i], words, r.partial, state.title);
  }).join(""));
  shown += batch.length;
  more.hidden = shown >= results.length;
  keepPlace();
}

function renderFacets(counts) {
  facets.innerHTML = facetsHtml(FACETS, counts, state.filters, TYPE_AHEAD);
}

// Active filters and options as chips: each one removes itself; 清除筛选 removes them all.
function renderChips() {
  const active = activeFilters(state, FACETS, wholeYear());
  chips.innerHTML = chipsHtml(active);
  activeCount.textContent = active.length ? `（${active.length}）` : "";
}

async function run() {
  if (!ready) return;   // before the index has loaded: its first run reads the state
  writeState(state);
  renderChips();
  const words = wordsOf(state);
  const searching = words.length > 0 || Object.keys(pagefindFilters()).length > 0;
  const mine = ++generation;
  root.dataset.state = "searching";
  helpBox.hidden = true;
  helpBox.innerHTML = "";
  if (!searching) {
    returning = null;
    list.innerHTML = "";
    results = [];
    renderFacets(totals);
    status.textContent = "请输入词语，或在“筛选与选项”中选择单位、主题、类别、刊物、时间。";
    more.hidden = true;
    root.dataset.state = "done";
    return;
  }
  results = [];
  shown = 0;
  list.innerHTML = "";
  more.hidden = true;
  status.textContent = "正在检索……";
  // each bundle's rows with every word go on the page as soon as it and the bundles before it have
  // answered (data-state=showing), up to a first page; what the others find is appended below them.
  // Bundles are asked one at a time until one has rows, the rest once those are shown (search-bundles.js).
  const parts = searchParts(words);
  const answers = parts.map(() => []);
  await answerInTurn(parts, async (k, answer) => {
    if (mine !== generation) return false;
    answers[k].push(answer);
    results.push(...answer.full.map((result) => ({result, partial: false})));
    if (shown < PAGE && results.length > shown) {
      await showMore(mine, PAGE);
      if (mine !== generation) return false;
      if (shown && root.dataset.state === "searching") {
        root.dataset.state = "showing";
        status.textContent = "正在检索其余年份……";
      }
    }
    return true;
  });
  if (mine !== generation) return;
  const found = combine(answers);
  results.push(...found.partial);
  renderFacets(found.counts);
  await showMore(mine, Math.max(PAGE, shown));
  if (mine !== generation) return;
  const named = await help.recognised(state.q);
  if (mine !== generation) return;
  // announced once the results are on the page, so the status never describes an empty list; what
  // the query names outright (an id, a 文号, an issue's number) is the answer, never "没有找到" above it
  const count = found.full.length + found.partial.length;
  status.textContent = named.length ? help.namedStatus(named) + (count ? `另外${announce(state, words, found.full.length, found.partial.length)}` : "")
    : announce(state, words, found.full.length, found.partial.length);
  await offerHelp(words, named, found.full.length, count, mine);
  await restorePlace(mine);
  root.dataset.state = "done";
}

// A unit typed into 单位 (the page lists every unit for the browser's suggestions): its exact short
// name, or the one unit whose name contains what was typed, or the first that does.
function typedUnit() {
  const typed = field["unit-typed"].value.trim();
  if (!typed) return "";
  const names = [...document.querySelectorAll("#bl-unit-names option")].map((o) => o.value);
  const matches = names.filter((name) => name.includes(typed));
  return names.includes(typed) ? typed : matches[0] || null;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const unit = typedUnit();
  if (unit === null) {
    status.textContent = `没有名称含“${field["unit-typed"].value.trim()}”的单位。`;
    return;
  }
  if (unit) {
    state.filters.unit = [...new Set([...(state.filters.unit || []), unit])];
    field["unit-typed"].value = "";
  }
  readForm();
  run();
});
form.addEventListener("change", (event) => {
  const box = event.target;
  if (box.name === "year") {
    [state.from, state.to] = box.value ? [`${box.value}-01`, `${box.value}-12`] : ["", ""];
    state.q = field.q.value.trim();
    fillForm();
  } else if (box.classList.contains("bl-facet__find") || box.name === "unit-typed") {
    return;
  } else if (FACETS.some(([key]) => key === box.name)) {
    const values = new Set(state.filters[box.name] || []);
    box.checked ? values.add(box.value) : values.delete(box.value);
    if (values.size) state.filters[box.name] = [...values]; else delete state.filters[box.name];
  } else if (box.name !== "q") {
    readForm();
  } else {
    return;
  }
  run();
});
chips.addEventListener("click", (event) => {
  const chip = event.target.closest(".bl-chip");
  if (!chip) return;
  const {filter, value, dates, option, clear} = chip.dataset;
  if (clear) {
    Object.assign(state, {filters: {}, from: "", to: "", exact: false, title: false});
  } else if (filter) {
    state.filters[filter] = state.filters[filter].filter((v) => v !== value);
    if (!state.filters[filter].length) delete state.filters[filter];
  } else if (dates) {
    state.from = state.to = "";
  } else if (option) {
    state[option] = false;
  }
  fillForm();
  run();
});
more.addEventListener("click", () => showMore());
list.addEventListener("click", (event) => { if (event.target.closest("a")) keepPlace(); });
// Type-ahead in a long facet: only the values containing what is typed stay; Enter picks the first.
facets.addEventListener("input", (event) => {
  const find = event.target.closest(".bl-facet__find");
  if (!find) return;
  const typed = find.value.trim();
  for (const row of find.parentElement.querySelectorAll("li")) {
    row.hidden = Boolean(typed) && !row.querySelector("input").value.includes(typed);
  }
});
facets.addEventListener("keydown", (event) => {
  const find = event.target.closest(".bl-facet__find");
  if (!find || event.key !== "Enter") return;
  event.preventDefault();
  const first = [...find.parentElement.querySelectorAll("li:not([hidden]) input:not(:checked)")][0];
  if (first) first.click();
});

// -- help beside the results: what the query may have meant ---------------------------------------

async function offerHelp(words, named, full, count, mine) {
  const current = () => mine === generation;
  const meant = named.length || full ? [] : await help.didYouMean(state.q, words, current);
  const lines = [...named.map((n) => n.html), ...meant, ...(count || named.length ? [] : await help.suggestions(state.q, words, current))];
  if (mine !== generation || !lines.length) return;
  helpBox.innerHTML = `<ul>${lines.map((line) => `<li>${line}</li>`).join("")}</ul>`;
  helpBox.hidden = false;
}

// A suggested query runs here, without reloading the index.
helpBox.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-q]");
  if (!link) return;
  event.preventDefault();
  state.q = link.dataset.q;
  fillForm();
  run();
});

// For scripts/search_quality.py and the tests: every result's URL, in order, loaded as a reader
// would by pressing 显示更多 to the end.
window.bulletinSearch = {
  urls: async () => {
    const urls = [];
    for (let i = 0; i < results.length; i += 100) {
      const data = await Promise.all(results.slice(i, i + 100).map((r) => r.result.data()));
      urls.push(...data.map((d, j) => ({url: d.url, partial: results[i + j].partial})));
    }
    return urls;
  },
  // what "您要找的是不是" offers for a query (the words as the search reads them), or ""
  meant: async (q) => (await help.meant(q, wordsOf({...state, q})))?.q ?? "",
};

fillForm();
// open beside the results on a wide screen; folded on a phone, where the results come first
panel.open = matchMedia("(min-width: 60em)").matches;
const bundle = new URL(root.dataset.bundle, document.baseURI);
const site = new URL(root.dataset.site, document.baseURI).pathname;
const [bundleModule, listed] = await Promise.all([import(`${bundle.href}pagefind.js`),
  fetch(`${bundle.href}years.json`, {cache: "no-cache"}).then((response) => response.json())]);   // new bundles show at once
async function openBundle({name, from, to}) {
  const pagefind = bundleModule.createInstance({basePath: bundle.pathname, baseUrl: site});
  await pagefind.mergeIndex(`${bundle.pathname}${name}/`, {baseUrl: site});
  return {name, from, to, pagefind};
}
// the newest bundle opens first and alone, so the others find the WebAssembly in the browser's cache
const opened = listed.bundles.length ? [await openBundle(listed.bundles[0])] : [];
opened.push(...await Promise.all(listed.bundles.slice(1).map(openBundle)));
// also loads each year's filter index, without which search counts are empty
totals = (await Promise.all(opened.map(({pagefind}) => pagefind.filters()))).reduce(addCounts, {});
months = Object.keys(totals.month || {}).sort();
bundles = opened;
ready = true;
await run();
