// What the 检索 page (theme/assets/javascripts/search.js, which imports it) makes of text: a query as
// the index spells it, its state in the URL, a result's row, the filters and chips, an issue's
// number, what a query names outright and the archive's own spelling of a misspelt word. No page
// state: the page passes what these read. The page's only other module, so that its first load asks
// for the same two files as before the page was split in two.

export const escapeHtml = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);

// -- the query, as the index spells it (bulletin/searchtext.py) ----------------------------------

const searchable = (char) => /[\p{L}\p{N}]/u.test(char) && char.codePointAt(0) <= 0xFFFF;
const code = (char) => String(char.codePointAt(0)).padStart(5, "0");

export function runs(text) {
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
export function wordsOf(state) {
  const found = runs(state.q);
  return [...new Set(state.exact && found.length ? [found.join("")] : found)];
}

export function pagefindQuery(word, titleOnly) {
  const prefix = titleOnly ? "9" : "";
  const chars = [...word];
  if (chars.length === 1) return prefix + code(chars[0]);
  return `"${chars.slice(1).map((c, i) => prefix + code(chars[i]) + code(c)).join(" ")}"`;
}

export const squeeze = (text) => runs(text).join("");

const EXCERPT = 90;   // characters around the first match

// The marked excerpt: the text around the first match, every word marked; the text is escaped
// piece by piece, so nothing in it is ever read as markup.
export function marked(text, words, length) {
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

// A result's row; `titleOnly` (只查标题): the excerpt marks nothing.
export function resultHtml(data, words, partial, titleOnly) {
  const meta = data.meta;
  const facts = [meta.unit, meta.date].filter(Boolean).map((v) => `<span>${escapeHtml(v)}</span>`);
  if (meta.unit !== undefined) facts.push(`<span>${meta.issue ? `刊于${escapeHtml(meta.issue)}` : "未在本机关刊物刊发"}</span>`);
  return `<li class="bl-result${partial ? " bl-result--partial" : ""}">` +
    `<a class="bl-result__title" href="${escapeHtml(data.url)}">${marked(meta.title, words)}</a>` +
    `<p class="bl-result__meta">${facts.join("")}</p>` +
    `<p class="bl-result__excerpt">${marked(meta.text || "", titleOnly ? [] : words, EXCERPT)}</p></li>`;
}

export const monthText = (value) => value ? `${value.slice(0, 4)}年${Number(value.slice(5))}月` : "";

// -- the page's state in its URL (?q=…&unit=…&from=2025-01) ------------------------------------------

export function stateFrom(search, facets, kinds) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const [key] of facets) {
    const values = params.getAll(key);
    if (values.length) filters[key] = values;
  }
  const kind = kinds.includes(params.get("kind")) ? params.get("kind") : "稿件";
  return {q: params.get("q") || "", sort: params.get("sort") || "", kind, filters,
          from: params.get("from") || "", to: params.get("to") || "",
          exact: params.get("exact") === "1", title: params.get("title") === "1"};
}

export function stateParams(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.kind !== "稿件") params.set("kind", state.kind);
  if (state.sort) params.set("sort", state.sort);
  if (state.exact) params.set("exact", "1");
  if (state.title) params.set("title", "1");
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  for (const [key, values] of Object.entries(state.filters)) values.forEach((v) => params.append(key, v));
  return params;
}

// -- the filters and the status line -----------------------------------------------------------------

// The filter lists: each facet's values with their counts, most first; a long one (over `typeAhead`
// values) with a box to type into.
export function facetsHtml(facets, counts, filters, typeAhead) {
  return facets.map(([key, label]) => {
    const chosen = filters[key] || [];
    const values = Object.entries(counts[key] || {}).filter(([value, n]) => n > 0 || chosen.includes(value));
    if (!values.length) return "";
    values.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "zh-CN"));
    const items = values.map(([value, n]) => {
      const checked = chosen.includes(value) ? " checked" : "";
      return `<li><label><input type="checkbox" name="${key}" value="${escapeHtml(value)}"${checked}> ${escapeHtml(value)} <span class="bl-count">${n}</span></label></li>`;
    }).join("");
    const find = values.length > typeAhead
      ? `<input type="search" class="bl-facet__find" data-find="${key}" placeholder="输入${label}名称" aria-label="查找${label}" autocomplete="off">` : "";
    return `<fieldset class="bl-facet" data-filter="${key}"><legend>${label}</legend>${find}<ul>${items}</ul></fieldset>`;
  }).join("");
}

// The active filters and options, [text, data]: the chips' (each removes itself).
export function activeFilters(state, facets, wholeYear) {
  const active = [];
  for (const [key, label] of facets) {
    for (const value of state.filters[key] || []) active.push([`${label}：${value}`, {filter: key, value}]);
  }
  if (wholeYear) active.push([`时间：${wholeYear}年`, {dates: "1"}]);
  else if (state.from || state.to) active.push([`时间：${monthText(state.from) || "最早"} 至 ${monthText(state.to) || "最新"}`, {dates: "1"}]);
  if (state.exact) active.push(["整句匹配", {option: "exact"}]);
  if (state.title) active.push(["只查标题", {option: "title"}]);
  return active;
}

// The chips, and 清除筛选 where there are any.
export function chipsHtml(active) {
  return active.map(([text, data]) => {
    const attributes = Object.entries(data).map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`).join("");
    return `<button type="button" class="bl-chip"${attributes} aria-label="去掉 ${escapeHtml(text)}">${escapeHtml(text)}<span aria-hidden="true">×</span></button>`;
  }).join("") + (active.length ? `<button type="button" class="bl-chip bl-chip--clear" data-clear="1">清除筛选</button>` : "");
}

// The status line for a search's results.
export function announce(state, words, full, partial) {
  if (!full && !partial) {
    const asked = state.q ? `包含“${state.q}”的${state.kind === "期刊" ? "期刊" : state.kind === "全部" ? "稿件或期刊" : "稿件"}` : "结果";
    return `没有找到${asked}。请换个关键词或减少筛选条件。`;
  }
  if (words.length > 1) return `找到 ${full} 条同时包含全部词语的结果` + (partial ? `，另有 ${partial} 条只包含部分词语` : "");
  return `找到 ${full} 条结果`;
}

const DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9};

// 16, 十六, 一十六, 二十, 一百零二 as a number; NaN for anything else.
export function numberOf(text) {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[〇零一二两三四五六七八九十百]+$/.test(text)) return NaN;
  let total = 0;
  let digit = 0;
  for (const char of text) {
    if (char === "百") { total += (digit || 1) * 100; digit = 0; }
    else if (char === "十") { total += (digit || 1) * 10; digit = 0; }
    else digit = DIGITS[char];
  }
  return total + digit;
}

// The issues a query cites by number, newest first: a series name and a year narrow it.
export function issuesNamed(issues, squeezed) {
  const total = squeezed.match(/^(.*?)总第([\d〇零一二两三四五六七八九十百]+)期$/);
  if (total) return issues.filter((i) => i.total === numberOf(total[2]) && i.series.includes(total[1]));
  // 第 may go after a year (2026年16期), not alone: 二期 is also a project's second phase
  const cited = squeezed.match(/^(.*?)(?:(\d{4})年)?(增刊)?(第?)([\d〇零一二两三四五六七八九十百]+)期$/);
  if (!cited || !(cited[4] || cited[2])) return [];
  const [, series, year, supplement, , number] = cited;
  return issues.filter((i) => i.number === numberOf(number) && i.supplement === Boolean(supplement) &&
      (!year || i.year === Number(year)) && i.series.includes(series))
    .sort((a, b) => b.year - a.year);
}

let lexicon = null;   // loaded the first time a query finds nothing
export async function loadLexicon(url) {
  if (!lexicon) {
    const data = await fetch(url).then((response) => response.json());
    const sound = new Map();
    for (const group of data.sounds) for (const char of group) sound.set(char, group);
    const after = new Map();   // a character -> the characters the archive puts after it
    for (const pair of Object.keys(data.pairs)) {
      const [a, b] = [...pair];
      if (!after.has(a)) after.set(a, []);
      after.get(a).push(b);
    }
    lexicon = {pairs: data.pairs, sound, after};
  }
  return lexicon;
}

const MIN_TEXTS = 2;   // a pair in fewer of the archive's texts is too rare to propose
const MAX_SWAPS = 2;   // more than two wrong characters in one word is another word

// The word as the archive spells it, in pieces, or null. A character beside a pair of characters the
// archive never uses is swapped for one of the same sound (or, inside a long word, one both neighbours
// pair with) that makes such a pair one the archive uses, breaking none it does; the commonest such
// swap wins, a homophone first. Pairs still unknown after that split the word (防讯工作 -> 防汛 工作),
// into pieces of two characters or more.
export function respelt(word, lex) {
  const chars = [...word];
  const texts = (a, b) => (a && b && lex.pairs[a + b]) || 0;
  const unknown = () => chars.slice(1).map((c, j) => j).filter((j) => !texts(chars[j], chars[j + 1]));
  let swaps = 0;
  for (let missing = unknown(); missing.length && swaps < MAX_SWAPS; missing = unknown()) {
    let best = null;
    for (const at of new Set(missing.flatMap((j) => [j, j + 1]))) {
      const alike = lex.sound.get(chars[at]) || "";
      // a different sound only inside a word of four or more: two neighbours and enough of the word
      // to tell a slip from another word (下半年 is not 下一年)
      const inside = at > 0 && at < chars.length - 1 && chars.length >= 4;
      const candidates = new Set([...alike, ...(inside ? lex.after.get(chars[at - 1]) || [] : [])]);
      const [left, right] = [chars[at - 1], chars[at + 1]];
      for (const char of candidates) {
        if (char === chars[at]) continue;
        const homophone = alike.includes(char);
        const sides = [[texts(left, chars[at]), texts(left, char), left], [texts(chars[at], right), texts(char, right), right]]
          .filter(([, , neighbour]) => neighbour);
        if (sides.some(([was, now]) => was && now < MIN_TEXTS)) continue;   // breaks a pair the archive uses
        if (!homophone && sides.some(([, now]) => now < MIN_TEXTS)) continue;   // a different sound needs both sides
        const fixed = sides.filter(([was, now]) => !was && now >= MIN_TEXTS).map(([, now]) => now);
        if (!fixed.length) continue;
        const score = [homophone ? 1 : 0, Math.min(...fixed)];
        if (!best || score[0] > best.score[0] || (score[0] === best.score[0] && score[1] > best.score[1])) best = {at, char, score};
      }
    }
    if (!best) break;
    chars[best.at] = best.char;
    swaps += 1;
  }
  if (!swaps) return null;
  const pieces = [""];
  chars.forEach((char, i) => {
    if (i && !texts(chars[i - 1], char)) pieces.push("");
    pieces[pieces.length - 1] += char;
  });
  return pieces.some((piece) => piece.length < 2) ? null : pieces;   // 公安局 is not 工安 局
}

// -- what a query may have meant -------------------------------------------------------------------

// The page's help (search.js): `known` (theme/bulletin/search.html's topics, circulars, item URL),
// `pageUrl` (a site path as a URL), `search` (words -> {full, partial}: the page's own search) and
// `lexiconUrl` (the archive's words.json). `current()` says whether the query asked is still the page's.
export function queryHelp({known, pageUrl, search, lexiconUrl}) {

  // Every issue's numbers, fetched once and only when a query names an issue: the list grows with the archive.
  let issueList = null;
  const issuesKnown = () => issueList ??= fetch(pageUrl(known.issues)).then((r) => (r.ok ? r.json() : [])).catch(() => []);

  // An item's id (2025-0003) opens the item; a circular's 文号 (巴署办信〔2026〕10号, or 〔2026〕10号) the circular;
  // an issue's number (第16期, 2026年第16期, 《政务信息》第十六期, 增刊第1期, 总第331期) the issue. [{kind, html}]
  async function recognised(query) {
    const q = query.trim();
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
  async function suggestions(query, words, current) {
    const found = [];
    for (const word of words.filter((w) => /^\p{Script=Han}+$/u.test(w))) {   // Chinese runs: numbers and ids are not split
      const chars = [...word];
      const splits = [];
      for (let at = 2; at <= chars.length - 2 && splits.length < 6; at += 1) splits.push([chars.slice(0, at).join(""), chars.slice(at).join("")]);
      for (const pair of splits) {
        const asked = (await search(pair)).full.length;
        if (!current()) return [];
        if (asked) {
          const q = query.replace(word, pair.join(" "));
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

  // did you mean: the archive's own pairs of characters (bulletin/site/search/words.py)

  // The query respelt where the archive spells its Chinese words otherwise, if that finds something.
  async function meant(query, words) {
    const han = words.filter((w) => /^\p{Script=Han}{2,}$/u.test(w));
    if (!han.length) return null;
    const lex = await loadLexicon(lexiconUrl());
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

  async function didYouMean(query, words, current) {
    const found = await meant(query, words);
    if (!found || !current()) return [];
    const params = new URLSearchParams(location.search);
    params.set("q", found.q);
    return [`您要找的是不是：<a href="?${escapeHtml(params.toString())}" data-q="${escapeHtml(found.q)}">${escapeHtml(found.q)}</a>（${found.count} 条）`];
  }

  return {recognised, namedStatus, suggestions, meant, didYouMean};
}
