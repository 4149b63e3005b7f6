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
// The index is one Pagefind bundle per year (bulletin_mkdocs/search_index.py): pagefind/<year>/,
// listed newest first in pagefind/years.json. Each year is its own Pagefind instance (the bundle at
// pagefind/, of no results, with the year merged in), all in one web worker on one WebAssembly
// module, and this file merges their answers: by score, or by date year after year, and the facet
// counts summed. A 从/到 range asks only the years it reaches.
//
// Beside the results: what a query names outright (an item id, a 文号, an issue's number: 第16期,
// 总第331期), and for a query with no match the archive's own spelling of its words (search-help.js).
// Back from a result restores the rows shown and the scroll (the place, kept in history.state).
import {issuesNamed, loadLexicon, respelt} from "./search-help.js";

const root = document.querySelector("[data-bl-search]");
const FACETS = [["unit", "单位"], ["topic", "主题"], ["category", "类别"], ["series", "刊物"]];
const KINDS = ["稿件", "期刊", "全部"];
const PAGE = 20;
const EXCERPT = 90;   // characters around the first match
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

const escapeHtml = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);

// -- the query, as the index spells it (bulletin/searchtext.py) ----------------------------------

const searchable = (char) => /[\p{L}\p{N}]/u.test(char) && char.codePointAt(0) <= 0xFFFF;
const code = (char) => String(char.codePointAt(0)).padStart(5, "0");

function runs(text) {
  const found = [];
  let current = "";
  for (const char of text.toLowerCase()) {
    if (searchable(char)) current += char;
    else if (current) { found.push(current); current = ""; }
  }
  if (current) found.push(current);
  return found;
}

// The words a reader asked for: each run, or with 整句匹配 all of them as one.
function wordsOf(state) {
  const found = runs(state.q);
  return [...new Set(state.exact && found.length ? [found.join("")] : found)];
}

function pagefindQuery(word, titleOnly) {
  const prefix = titleOnly ? "9" : "";
  const chars = [...word];
  if (chars.length === 1) return prefix + code(chars[0]);
  return `"${chars.slice(1).map((c, i) => prefix + code(chars[i]) + code(c)).join(" ")}"`;
}

// -- state in the URL ------------------------------------------------------------------------------

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const [key] of FACETS) {
    const values = params.getAll(key);
    if (values.length) filters[key] = values;
  }
  const kind = KINDS.includes(params.get("kind")) ? params.get("kind") : "稿件";
  return {q: params.get("q") || "", sort: params.get("sort") || "", kind, filters,
          from: params.get("from") || "", to: params.get("to") || "",
          exact: params.get("exact") === "1", title: params.get("title") === "1"};
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.kind !== "稿件") params.set("kind", state.kind);
  if (state.sort) params.set("sort", state.sort);
  if (state.exact) params.set("exact", "1");
  if (state.title) params.set("title", "1");
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  for (const [key, values] of Object.entries(state.filters)) values.forEach((v) => params.append(key, v));
  const query = params.toString();
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

let state = readState();
let years = [];       // [{year, pagefind}], newest first
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

// The years a search can find anything in: a record's year is its month's.
function yearsAsked() {
  const [from, to] = [state.from.slice(0, 4), state.to.slice(0, 4)];
  return years.filter(({year}) => (!from || year >= from) && (!to || year <= to));
}

// One search over every year asked, as one Pagefind search over the whole archive would answer it.
// Pagefind ranks a sorted search by its place in the sort (its score), so a year's results keep their
// order, and years follow one another in the sort's direction; otherwise by score, newest year first
// among equals. Each result is tagged with its year: Pagefind's ids are unique within a bundle only.
async function searchYears(term, options) {
  const asked = yearsAsked();
  const found = await Promise.all(asked.map(({pagefind}) => pagefind.search(term, options)));
  found.forEach((search, i) => search.results.forEach((result) => { result.key = `${asked[i].year}/${result.id}`; }));
  let results;
  if (options.sort) {
    results = (options.sort.date === "asc" ? [...found].reverse() : found).flatMap((search) => search.results);
  } else {
    results = found.flatMap((search) => search.results).sort((a, b) => b.score - a.score);
  }
  return {results, filters: found.reduce((total, search) => addCounts(total, search.filters), {})};
}

function pagefindOptions(kind) {
  const options = {filters: pagefindFilters(kind)};
  if (state.sort) options.sort = {date: state.sort === "date" ? "desc" : "asc"};
  return options;
}

// One kind's results: every word's search, those with all words first. The facet counts are
// Pagefind's for the results with every word; for several words they come from one search of all
// their tokens, which is the same set but for the rare page holding every bigram out of order.
async function searchKind(words, kind) {
  const options = pagefindOptions(kind);
  if (!words.length) {
    const search = await searchYears(null, options);
    return {full: search.results, partial: [], counts: search.filters};
  }
  const searches = await Promise.all(words.map((w) => searchYears(pagefindQuery(w, state.title), options)));
  if (words.length === 1) return {full: searches[0].results, partial: [], counts: searches[0].filters};
  const hits = new Map();
  for (const search of searches) {
    for (const result of search.results) {
      const seen = hits.get(result.key) || {result, words: 0};
      seen.words += 1;
      hits.set(result.key, seen);
    }
  }
  const ordered = [...hits.values()];   // first word's order first: relevance or date, as asked
  const full = ordered.filter((h) => h.words === words.length).map((h) => h.result);
  const partial = ordered.filter((h) => h.words < words.length).sort((a, b) => b.words - a.words).map((h) => h.result);
  const all = words.map((w) => pagefindQuery(w, state.title).replaceAll('"', "")).join(" ");
  const counts = (await searchYears(all, options)).filters;
  return {full, partial, counts};
}

function addCounts(total, counts) {
  for (const [key, values] of Object.entries(counts || {})) {
    total[key] ||= {};
    for (const [value, n] of Object.entries(values)) total[key][value] = (total[key][value] || 0) + n;
  }
  return total;
}

async function search(words) {
  // items before issues: a reader looks for items; an issue is the way to one
  const kinds = state.kind === "全部" ? ["稿件", "期刊"] : [state.kind];
  const found = await Promise.all(kinds.map((kind) => searchKind(words, kind)));
  return {
    full: found.flatMap((f) => f.full.map((result) => ({result, partial: false}))),
    partial: found.flatMap((f) => f.partial.map((result) => ({result, partial: true}))),
    counts: found.reduce((total, f) => addCounts(total, f.counts), {}),
  };
}

// -- showing ---------------------------------------------------------------------------------------

// The marked excerpt: the text around the first match, every word marked; the text is escaped
// piece by piece, so nothing in it is ever read as markup.
function marked(text, words, length) {
  const lower = text.toLowerCase();
  const spans = [];
  for (const word of words) {
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) spans.push([at, at + word.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let start = 0;
  let end = text.length;
  if (length) {
    start = Math.max(0, (spans.length ? spans[0][0] : 0) - Math.floor(length / 3));
    end = Math.min(text.length, start + length);
  }
  let html = start > 0 ? "…" : "";
  let at = start;
  for (const [from, to] of spans) {
    if (from < at || to > end) continue;
    html += escapeHtml(text.slice(at, from)) + `<mark>${escapeHtml(text.slice(from, to))}</mark>`;
    at = to;
  }
  return html + escapeHtml(text.slice(at, end)) + (end < text.length ? "…" : "");
}

function resultHtml(data, words, partial) {
  const meta = data.meta;
  const facts = [meta.unit, meta.date].filter(Boolean).map((v) => `<span>${escapeHtml(v)}</span>`);
  if (meta.unit !== undefined) facts.push(`<span>${meta.issue ? `刊于${escapeHtml(meta.issue)}` : "未在本机关刊物刊发"}</span>`);
  return `<li class="bl-result${partial ? " bl-result--partial" : ""}">` +
    `<a class="bl-result__title" href="${escapeHtml(data.url)}">${marked(meta.title, words)}</a>` +
    `<p class="bl-result__meta">${facts.join("")}</p>` +
    `<p class="bl-result__excerpt">${marked(meta.text || "", state.title ? [] : words, EXCERPT)}</p></li>`;
}

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

async function showMore(mine = generation) {
  const batch = results.slice(shown, shown + PAGE);
  const data = await Promise.all(batch.map((r) => r.result.data()));
  if (mine !== generation) return;
  const words = wordsOf(state);
  list.insertAdjacentHTML("beforeend", batch.map((r, i) => {
    const heading = r.partial && (shown + i === 0 || !results[shown + i - 1].partial)
      ? `<li class="bl-result__divider">以下结果只包含部分词语</li>` : "";
    return heading + resultHtml(data[i], words, r.partial);
  }).join(""));
  shown += batch.length;
  more.hidden = shown >= results.length;
  keepPlace();
}

function renderFacets(counts) {
  facets.innerHTML = FACETS.map(([key, label]) => {
    const chosen = state.filters[key] || [];
    const values = Object.entries(counts[key] || {}).filter(([value, n]) => n > 0 || chosen.includes(value));
    if (!values.length) return "";
    values.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "zh-CN"));
    const items = values.map(([value, n]) => {
      const checked = chosen.includes(value) ? " checked" : "";
      return `<li><label><input type="checkbox" name="${key}" value="${escapeHtml(value)}"${checked}> ${escapeHtml(value)} <span class="bl-count">${n}</span></label></li>`;
    }).join("");
    const typeAhead = values.length > TYPE_AHEAD
      ? `<input type="search" class="bl-facet__find" data-find="${key}" placeholder="输入${label}名称" aria-label="查找${label}" autocomplete="off">` : "";
    return `<fieldset class="bl-facet" data-filter="${key}"><legend>${label}</legend>${typeAhead}<ul>${items}</ul></fieldset>`;
  }).join("");
}

const monthText = (value) => value ? `${value.slice(0, 4)}年${Number(value.slice(5))}月` : "";

// Active filters and options as chips: each one removes itself; 清除筛选 removes them all.
function renderChips() {
  const active = [];
  for (const [key, label] of FACETS) {
    for (const value of state.filters[key] || []) active.push([`${label}：${value}`, {filter: key, value}]);
  }
  if (wholeYear()) active.push([`时间：${wholeYear()}年`, {dates: "1"}]);
  else if (state.from || state.to) active.push([`时间：${monthText(state.from) || "最早"} 至 ${monthText(state.to) || "最新"}`, {dates: "1"}]);
  if (state.exact) active.push(["整句匹配", {option: "exact"}]);
  if (state.title) active.push(["只查标题", {option: "title"}]);
  chips.innerHTML = active.map(([text, data]) => {
    const attributes = Object.entries(data).map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`).join("");
    return `<button type="button" class="bl-chip"${attributes} aria-label="去掉 ${escapeHtml(text)}">${escapeHtml(text)}<span aria-hidden="true">×</span></button>`;
  }).join("") + (active.length ? `<button type="button" class="bl-chip bl-chip--clear" data-clear="1">清除筛选</button>` : "");
  activeCount.textContent = active.length ? `（${active.length}）` : "";
}

function announce(words, full, partial) {
  if (!full && !partial) {
    const asked = state.q ? `包含“${state.q}”的${state.kind === "期刊" ? "期刊" : state.kind === "全部" ? "稿件或期刊" : "稿件"}` : "结果";
    return `没有找到${asked}。请换个关键词或减少筛选条件。`;
  }
  if (words.length > 1) return `找到 ${full} 条同时包含全部词语的结果` + (partial ? `，另有 ${partial} 条只包含部分词语` : "");
  return `找到 ${full} 条结果`;
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
  const found = await search(words);
  if (mine !== generation) return;
  results = [...found.full, ...found.partial];
  shown = 0;
  list.innerHTML = "";
  renderFacets(found.counts);
  await showMore(mine);
  const named = await recognised();
  if (mine !== generation) return;
  // announced once the results are on the page, so the status never describes an empty list; what
  // the query names outright (an id, a 文号, an issue's number) is the answer, never "没有找到" above it
  const count = found.full.length + found.partial.length;
  status.textContent = named.length ? namedStatus(named) + (count ? `另外${announce(words, found.full.length, found.partial.length)}` : "")
    : announce(words, found.full.length, found.partial.length);
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

const squeeze = (text) => runs(text).join("");
const pageUrl = (url) => new URL(url, new URL(root.dataset.site, document.baseURI)).href;

// Every issue's numbers, fetched once and only when a query names an issue: the list grows with the archive.
let issueList = null;
const issuesKnown = () => issueList ??= fetch(pageUrl(known.issues)).then((r) => (r.ok ? r.json() : [])).catch(() => []);

// An item's id (2025-0003) opens the item; a circular's 文号 (巴署办信〔2026〕10号, or 〔2026〕10号) the circular;
// an issue's number (第16期, 2026年第16期, 《政务信息》第十六期, 增刊第1期, 总第331期) the issue. [{kind, html}]
async function recognised() {
  const q = state.q.trim();
  const found = [];
  if (/^\d{4}-\d{4}$/.test(q)) {
    const url = pageUrl(known.item.replace("ID", q));
    const response = await fetch(url).catch(() => null);
    if (response && response.ok) {
      const title = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("h1")?.textContent.trim();
      found.push({kind: "稿件编号", html: `稿件编号 ${escapeHtml(q)}：<a href="${escapeHtml(url)}">${escapeHtml(title || q)}</a>`});
    }
  }
  const number = squeeze(q);
  if (/\d/.test(number) && number.endsWith("号")) {
    for (const circular of known.circulars) {
      if (squeeze(circular.number).endsWith(number)) {
        found.push({kind: "文号", html: `文号 ${escapeHtml(circular.number)}：<a href="${escapeHtml(pageUrl(circular.url))}">${escapeHtml(circular.title)}</a>`});
      }
    }
  }
  for (const issue of number.includes("期") ? issuesNamed(await issuesKnown(), number) : []) {
    found.push({kind: "期号", html: `<a href="${escapeHtml(pageUrl(issue.url))}">${escapeHtml(issue.label)}</a>` +
      (issue.total ? `（总第${issue.total}期）` : "")});
  }
  return found;
}

function namedStatus(named) {
  const kinds = [...new Set(named.map((n) => n.kind))].join("、");
  return `按${kinds}找到${named.length > 1 ? ` ${named.length} 项` : ""}，见下方链接。`;
}

// A query that finds nothing: the same Chinese characters as two words (防汛工作 → 防汛 工作) where that finds
// something, and the topics whose name or description shares a word of two characters with it.
async function suggestions(words, mine) {
  const found = [];
  for (const word of words.filter((w) => /^\p{Script=Han}+$/u.test(w))) {   // Chinese runs: numbers and ids are not split
    const chars = [...word];
    const splits = [];
    for (let at = 2; at <= chars.length - 2 && splits.length < 6; at += 1) splits.push([chars.slice(0, at).join(""), chars.slice(at).join("")]);
    for (const pair of splits) {
      const asked = (await search(pair)).full.length;
      if (mine !== generation) return [];
      if (asked) {
        const q = state.q.replace(word, pair.join(" "));
        const params = new URLSearchParams(location.search);
        params.set("q", q);
        found.push(`分开检索：<a href="?${escapeHtml(params.toString())}" data-q="${escapeHtml(q)}">${escapeHtml(q)}</a>（${asked} 条）`);
      }
    }
  }
  const pairs = new Set(words.flatMap((word) => [...word].slice(1).map((c, i) => [...word][i] + c)));
  const topics = known.topics.filter((t) => [...pairs].some((pair) => (t.name + t.note).includes(pair)));
  if (topics.length) {
    found.push("相关主题：" + topics.map((t) => `<a href="${escapeHtml(pageUrl(t.url))}">${escapeHtml(t.name)}</a>` +
      (t.note ? `（${escapeHtml(t.note)}）` : "")).join("；"));
  }
  return found;
}

// -- did you mean: the archive's own pairs of characters (bulletin/site/search/words.py) -----------

// The query respelt where the archive spells its Chinese words otherwise, if that finds something.
async function meant(query, words) {
  const han = words.filter((w) => /^\p{Script=Han}{2,}$/u.test(w));
  if (!han.length) return null;
  const lex = await loadLexicon(`${bundle.href}words.json`);
  let q = query;
  const asked = [];
  for (const word of words) {
    const pieces = han.includes(word) ? respelt(word, lex) : null;
    if (pieces) q = q.replace(word, pieces.join(" "));
    asked.push(...(pieces || [word]));
  }
  if (q === query) return null;
  const count = (await search(asked)).full.length;
  return count ? {q, count} : null;
}

async function didYouMean(words, mine) {
  const found = await meant(state.q, words);
  if (!found || mine !== generation) return [];
  const params = new URLSearchParams(location.search);
  params.set("q", found.q);
  return [`您要找的是不是：<a href="?${escapeHtml(params.toString())}" data-q="${escapeHtml(found.q)}">${escapeHtml(found.q)}</a>（${found.count} 条）`];
}

async function offerHelp(words, named, full, count, mine) {
  const meant = named.length || full ? [] : await didYouMean(words, mine);
  const lines = [...named.map((n) => n.html), ...meant, ...(count || named.length ? [] : await suggestions(words, mine))];
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
  meant: async (q) => (await meant(q, wordsOf({...state, q})))?.q ?? "",
};

fillForm();
// open beside the results on a wide screen; folded on a phone, where the results come first
panel.open = matchMedia("(min-width: 60em)").matches;
const bundle = new URL(root.dataset.bundle, document.baseURI);
const site = new URL(root.dataset.site, document.baseURI).pathname;
const [bundleModule, listed] = await Promise.all([import(`${bundle.href}pagefind.js`),
  fetch(`${bundle.href}years.json`, {cache: "no-cache"}).then((response) => response.json())]);   // a new year shows at once
async function openYear(year) {
  const pagefind = bundleModule.createInstance({basePath: bundle.pathname, baseUrl: site});
  await pagefind.mergeIndex(`${bundle.pathname}${year}/`, {baseUrl: site});
  return {year, pagefind};
}
// the newest year opens first and alone, so the others find the WebAssembly in the browser's cache
const opened = listed.years.length ? [await openYear(listed.years[0])] : [];
opened.push(...await Promise.all(listed.years.slice(1).map(openYear)));
// also loads each year's filter index, without which search counts are empty
totals = (await Promise.all(opened.map(({pagefind}) => pagefind.filters()))).reduce(addCounts, {});
months = Object.keys(totals.month || {}).sort();
years = opened;
ready = true;
await run();
