// The search page: Pagefind's API with filters, sort and the query kept in the URL.
// Everything is loaded from this site; the bundle path is relative, so a sub-path works.
const root = document.querySelector("[data-bl-search]");
const FILTERS = [["kind", "类型"], ["unit", "单位"], ["topic", "主题"], ["category", "类别"], ["series", "刊物"], ["year", "年份"]];
const PAGE = 20;
const form = root.querySelector("form");
const status = root.querySelector(".bl-search__status");
const list = root.querySelector(".bl-search__results ol");
const more = root.querySelector(".bl-search__more");
const facets = root.querySelector(".bl-search__filters");

const escapeHtml = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);
// Pagefind's excerpt is text with <mark> around matches: keep the marks, nothing else.
const safeExcerpt = (html) => {
  const text = new DOMParser().parseFromString(html.replace(/<(\/?)mark>/g, "\u0001$1\u0002"), "text/html").body.textContent;
  return escapeHtml(text).replace(/\u0001(\/?)\u0002/g, "<$1mark>");
};

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const [key] of FILTERS) {
    const values = params.getAll(key);
    if (values.length) filters[key] = values;
  }
  return {q: params.get("q") || "", sort: params.get("sort") || "", filters};
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.sort) params.set("sort", state.sort);
  for (const [key, values] of Object.entries(state.filters)) values.forEach((v) => params.append(key, v));
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

let state = readState();
let pagefind;
let results = [];
let shown = 0;
let generation = 0;   // a newer search makes the results of an older one stale

function renderFacets(counts) {
  facets.innerHTML = FILTERS.map(([key, label]) => {
    const values = Object.entries(counts[key] || {}).filter(([value, n]) => n > 0 || (state.filters[key] || []).includes(value));
    if (!values.length) return "";
    values.sort((a, b) => key === "year" ? b[0].localeCompare(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0], "zh-CN"));
    const items = values.map(([value, n]) => {
      const checked = (state.filters[key] || []).includes(value) ? " checked" : "";
      return `<li><label><input type="checkbox" name="${key}" value="${escapeHtml(value)}"${checked}> ${escapeHtml(value)} <span class="bl-count">${n}</span></label></li>`;
    }).join("");
    return `<fieldset class="bl-facet" data-filter="${key}"><legend>${label}</legend><ul>${items}</ul></fieldset>`;
  }).join("");
}

async function showMore(mine = generation) {
  const batch = await Promise.all(results.slice(shown, shown + PAGE).map((r) => r.data()));
  if (mine !== generation) return;
  list.insertAdjacentHTML("beforeend", batch.map((data) => {
    const meta = [data.meta.unit, data.meta.date, data.meta.issue].filter(Boolean).map(escapeHtml).join(" · ");
    return `<li class="bl-row bl-result"><a class="bl-row__title" href="${escapeHtml(data.url)}">${escapeHtml(data.meta.title)}</a>` +
      `<span class="bl-row__meta">${meta}</span><p class="bl-result__excerpt">${safeExcerpt(data.excerpt)}</p></li>`;
  }).join(""));
  shown += batch.length;
  more.hidden = shown >= results.length;
}

async function run() {
  writeState(state);
  const filters = Object.fromEntries(Object.entries(state.filters).map(([k, v]) => [k, {any: v}]));
  const options = {filters};
  if (state.sort === "date") options.sort = {date: "desc"};
  const mine = ++generation;
  const search = await pagefind.search(state.q || null, options);
  if (mine !== generation) return;
  results = search.results;
  shown = 0;
  list.innerHTML = "";
  const searching = Boolean(state.q) || Object.keys(filters).length > 0;
  renderFacets(searching ? search.filters : totals);
  if (!searching) {
    status.textContent = "请输入关键词，或在左侧选择单位、主题、类别、刊物、年份。";
    more.hidden = true;
    return;
  }
  await showMore(mine);
  if (mine !== generation) return;
  // announced once the results are on the page, so the status never describes an empty list
  status.textContent = results.length ? `找到 ${results.length} 条结果` : "没有找到结果，请换个关键词或减少筛选条件。";
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  state.q = form.q.value.trim();
  state.sort = form.sort.value;
  run();
});
form.sort.addEventListener("change", () => { state.sort = form.sort.value; run(); });
facets.addEventListener("change", (event) => {
  const box = event.target;
  const values = new Set(state.filters[box.name] || []);
  box.checked ? values.add(box.value) : values.delete(box.value);
  if (values.size) state.filters[box.name] = [...values]; else delete state.filters[box.name];
  run();
});
more.addEventListener("click", () => showMore());

form.q.value = state.q;
form.sort.value = state.sort;
const bundle = new URL(root.dataset.bundle, document.baseURI).href;
pagefind = await import(`${bundle}pagefind.js`);
await pagefind.options({baseUrl: new URL(root.dataset.site, document.baseURI).pathname, excerptLength: 40});
await pagefind.init();
const totals = await pagefind.filters();   // also loads the filter index, without which search counts are empty
await run();
