// Asking the 检索 page's Pagefind bundles (theme/assets/javascripts/search.js, which imports this) and
// merging their answers: one bundle's answer to the words, the parts asked in turn, the whole list and
// the facet counts summed. No page state: search.js passes the query, the options and what to do with
// each answer.

// One kind's answer from one bundle: every word's search, the results with all words first. Each result
// is tagged with its bundle: Pagefind's ids are unique within a bundle only. The facet counts are
// Pagefind's for the results with every word; for several words they come from one search of all their
// tokens, which is the same set but for the rare page holding every bigram out of order.
// `query(word)` is the word as the index spells it (search-help.js's pagefindQuery).
export async function searchBundle({name, pagefind}, words, query, options) {
  const tagged = (search) => {
    search.results.forEach((result) => { result.key = `${name}/${result.id}`; });
    return search;
  };
  if (words.length <= 1) {
    const search = tagged(await pagefind.search(words.length ? query(words[0]) : null, options));
    return {full: search.results, partial: [], counts: search.filters};
  }
  // the words' searches are asked first (their results are shown), the counts' search beside them
  const searches = Promise.all(words.map((w) => pagefind.search(query(w), options)));
  const counted = pagefind.search(words.map((w) => query(w).replaceAll('"', "")).join(" "), options);
  const hits = new Map();
  for (const search of await searches) {
    for (const result of tagged(search).results) {
      const seen = hits.get(result.key) || {result, words: 0};
      seen.words += 1;
      hits.set(result.key, seen);
    }
  }
  const ordered = [...hits.values()];   // first word's order first: relevance or date, as asked
  return {full: ordered.filter((h) => h.words === words.length).map((h) => h.result),
    partial: ordered.filter((h) => h.words < words.length), counts: (await counted).filters};
}

// The parts (per kind, per bundle in the list's order: functions that ask) handed to `take(kind, answer)`
// in that order. They are asked one at a time until one has rows with every word (`take` shows them),
// and the rest only then, together: Pagefind answers in one worker, so a part asked beside the others
// waits behind their scoring, and the first rows would wait for the oldest, largest bundles. A word
// found only in older years so waits for the bundles before them, one by one, not for all of them.
// `take` returns false when the search is stale, and nothing more is asked.
export async function answerInTurn(parts, take) {
  const queue = parts.flatMap((kind, k) => kind.map((ask) => ({k, ask})));
  let next = 0;
  while (next < queue.length) {
    const {k, ask} = queue[next++];
    const answer = await ask();
    if (!await take(k, answer)) return;
    if (answer.full.length) break;
  }
  const rest = queue.slice(next).map(({k, ask}) => ({k, answer: ask()}));   // asked together, taken in order
  for (const {k, answer} of rest) {
    if (!await take(k, await answer)) return;
  }
}

// Every part asked at once, for a search whose whole answer is wanted (the help's suggestions).
export async function answerAll(parts) {
  return combine(await Promise.all(parts.map((kind) => Promise.all(kind.map((ask) => ask())))));
}

// The whole list from every part's answer: each kind's rows with every word, then its rows with some of
// them (most words first), and the facet counts summed.
export function combine(answers) {
  const rows = (results, partial) => results.map((result) => ({result, partial}));
  return {
    full: answers.flatMap((kind) => kind.flatMap((a) => rows(a.full, false))),
    partial: answers.flatMap((kind) => rows(kind.flatMap((a) => a.partial).sort((a, b) => b.words - a.words)
      .map((h) => h.result), true)),
    counts: answers.flat().reduce((total, a) => addCounts(total, a.counts), {}),
  };
}

export function addCounts(total, counts) {
  for (const [key, values] of Object.entries(counts || {})) {
    total[key] ||= {};
    for (const [value, n] of Object.entries(values)) total[key][value] = (total[key][value] || 0) + n;
  }
  return total;
}
