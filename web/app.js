// pressdex's search page. Plain JavaScript, no build step, no library: it reads its state from
// the URL, asks the JSON API (/api/search, /api/facets, /api/releases/ID) and builds every node
// itself. Text from feeds is only ever inserted as text (textContent, text nodes), never as HTML;
// the server's Content-Security-Policy forbids inline script besides. ES modules (dom.js builds
// nodes, timeline.js draws the histogram), served by pressdex itself: no bundler.

import { day, el, highlighted, number, plural, safeHref } from "./dom.js";
import { renderTimeline } from "./timeline.js";

// Filter parameters, as the API names them; a facet the index adds (region, ...) is a filter of
// the same name.
const DATE_FIELD = "date";
const FACET_TITLES = {
  country: "Country",
  region: "Region",
  agreement: "Agreement",
  date: "Year",
  feed: "Feed",
  kind: "Kind",
};
const FILTER_TITLES = { since: "Since", until: "Until" };
const PAGE_SIZE = 10;
const EXPORT_LIMIT = 1000;
const TYPING_DELAY_MS = 250;
const FACET_VALUES_SHOWN = 8;

const $ = (id) => document.getElementById(id);
const box = $("q");

// Labels of filter values seen in answers (a country's code -> its name).
const labels = new Map();
// Answers are applied only if no newer request was sent since.
let generation = 0;
// True while a typed query is being refined: the first search of a typing session adds a
// history entry, the next ones replace it.
let typing = false;
let typingTimer = 0;
// The release opened from the results, to go back to the results and to its link there.
let cameFromResults = false;
let openedGuid = null;
// Expanded facet lists survive a new search.
const expanded = new Set();

// ---- state <-> URL --------------------------------------------------------------------------

function readState() {
  const params = new URLSearchParams(location.search);
  const state = { q: "", sort: "relevance", all: false, offset: 0, id: null, filters: [] };
  for (const [name, value] of params) {
    if (name === "q") state.q = value;
    else if (name === "sort") state.sort = value === "date" ? "date" : "relevance";
    else if (name === "all") state.all = value !== "" && value !== "0" && value !== "false";
    else if (name === "offset") state.offset = Math.max(0, parseInt(value, 10) || 0);
    else if (name === "id") state.id = value;
    else if (value !== "") state.filters.push([name, value]);
  }
  return state;
}

// The query string of `state` for the page (with `id`) or the API (`api`: without it).
function query(state, api) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, value] of state.filters) params.append(name, value);
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.all) params.set("all", "1");
  if (state.offset > 0) params.set("offset", String(state.offset));
  if (state.id && !api) params.set("id", state.id);
  return params;
}

function pageUrl(state) {
  const text = query(state, false).toString();
  return text ? "/?" + text : "/";
}

// Shows `state`: a new history entry, or (replace) the current one rewritten.
function go(state, replace) {
  const url = pageUrl(state);
  if (url !== location.pathname + location.search) {
    if (replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }
  render();
}

function change(edit, replace) {
  const state = readState();
  edit(state);
  go(state, replace);
}

// ---- the API --------------------------------------------------------------------------------

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const error = (body && body.error) || { code: "http", message: response.statusText };
    throw Object.assign(new Error(error.message), { api: error });
  }
  return body;
}


function labelOf(name, value) {
  return labels.get(name + "\u0000" + value) || value;
}

function remember(field, value, label) {
  labels.set(field + "\u0000" + value, label);
}

// ---- rendering ------------------------------------------------------------------------------

async function render() {
  const state = readState();
  if (document.activeElement !== box) box.value = state.q;
  $("sort").value = state.sort;
  $("all").checked = state.all;
  renderChips(state);
  if (state.id) {
    await showRelease(state);
  } else {
    await showResults(state);
  }
}

async function showResults(state) {
  const mine = ++generation;
  $("release").hidden = true;
  $("results").hidden = false;
  $("results").setAttribute("aria-busy", "true");
  const params = query(state, true);
  params.set("limit", String(PAGE_SIZE));
  // The facets count every release the search matches: no order, no page.
  const facetParams = query({ ...state, sort: "relevance", offset: 0 }, true);
  facetParams.set("by", "month");
  try {
    const [page, facets] = await Promise.all([
      api("/api/search?" + params),
      api("/api/facets?" + facetParams),
    ]);
    if (mine !== generation) return;
    showError(null);
    for (const facet of facets.facets) {
      for (const count of facet.counts) remember(facet.field, count.value, count.label);
    }
    renderChips(state);
    renderStatus(state, page);
    renderHits(state, page);
    renderPager(state, page);
    renderExports(state, page);
    renderFacets(state, facets);
    const dates = facets.facets.find((facet) => facet.field === DATE_FIELD);
    renderTimeline(dates && dates.counts, (value) => isPeriod(state, value), setPeriod);
  } catch (err) {
    if (mine !== generation) return;
    showError(err, state);
    $("hits").replaceChildren();
    $("pager").hidden = true;
    $("exports").hidden = true;
    $("status").textContent = "";
  } finally {
    if (mine === generation) $("results").removeAttribute("aria-busy");
  }
}

function showError(err, state) {
  const alert = $("error");
  if (!err) {
    alert.hidden = true;
    alert.replaceChildren();
    return;
  }
  const detail = err.api || { message: String(err.message || err) };
  alert.replaceChildren(el("p", { text: detail.message }));
  // A mistake in the query: the query with a caret under it, as the command line shows.
  if (detail.code === "bad_query" && state && detail.position !== null) {
    const caret = " ".repeat(detail.position) + "^";
    alert.append(el("pre", { className: "caret", text: state.q + "\n" + caret }));
  }
  alert.hidden = false;
}

function renderStatus(state, page) {
  const status = $("status");
  const parts = [];
  if (page.total === 0) {
    parts.push("No releases match.");
  } else if (!state.q.trim()) {
    parts.push(plural(page.total, "release", "releases") + ", newest first.");
  } else if (state.all) {
    parts.push(plural(page.total, "release", "releases") + " with every word.");
  } else {
    parts.push(plural(page.total, "release matches", "releases match") +
      " (" + number(page.matched_all_words) + " with every word).");
  }
  parts.push("Took " + page.took_ms + " ms.");
  status.replaceChildren(parts.join(" "));
  if (page.corrected) {
    status.append(" Showing results for ", el("strong", { text: page.corrected }), ".");
  }
}

function renderHits(state, page) {
  const list = $("hits");
  list.start = page.offset + 1;
  list.replaceChildren(...page.hits.map((hit) => renderHit(state, hit)));
}

function renderHit(state, hit) {
  const target = { ...state, id: hit.guid };
  const link = el("a", { href: pageUrl(target), className: "hit-link" },
    highlighted(hit.title || hit.link || hit.guid, hit.title ? hit.title_highlights : []));
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    cameFromResults = true;
    openedGuid = hit.guid;
    go(target, false);
  });
  const meta = el("p", { className: "meta" },
    el("time", { datetime: hit.published || "", text: day(hit.published) }),
    " · " + hit.feed,
    " · " + hit.kind.replace(/-/g, " "),
    hit.location ? " · " + hit.location : null);
  const article = el("article", { className: "hit" },
    el("h3", { className: "hit-title" }, link), meta, tags(hit));
  if (hit.snippet.text) {
    article.append(el("p", { className: "snippet" }, highlighted(hit.snippet.text, hit.snippet.highlights)));
  }
  return el("li", { "data-guid": hit.guid }, article);
}

// Countries and agreements as chips; each filters by its value.
function tags(release) {
  const list = el("ul", { className: "tags", "aria-label": "Countries and agreements" });
  const seen = new Set();
  for (const country of release.countries) {
    remember("country", country.code, country.name);
    list.append(el("li", {}, tagButton("country", country.code, country.name, "tag country")));
  }
  for (const agreement of release.agreements) {
    if (seen.has(agreement.code)) continue;
    seen.add(agreement.code);
    list.append(el("li", {}, tagButton("agreement", agreement.code, agreement.code, "tag agreement")));
  }
  return list.childElementCount ? list : null;
}

function tagButton(field, value, label, className) {
  const button = el("button", {
    type: "button",
    className,
    text: label,
    title: "Show only releases with " + (FACET_TITLES[field] || field).toLowerCase() + " " + label,
  });
  button.addEventListener("click", () => addFilter(field, value));
  return button;
}

function renderPager(state, page) {
  const pager = $("pager");
  const shown = page.hits.length;
  pager.hidden = page.total <= PAGE_SIZE;
  $("page-info").textContent = shown
    ? number(page.offset + 1) + "–" + number(page.offset + shown) + " of " + number(page.total)
    : "";
  const previous = $("prev");
  const next = $("next");
  previous.disabled = page.offset === 0;
  next.disabled = page.offset + shown >= page.total;
}

function renderExports(state, page) {
  const params = query({ ...state, offset: 0 }, true);
  params.set("limit", String(EXPORT_LIMIT));
  $("export-csv").href = "/api/search.csv?" + params;
  $("export-md").href = "/api/search.md?" + params;
  $("exports").hidden = page.total === 0;
}

// ---- filters --------------------------------------------------------------------------------

function isActive(state, name, value) {
  return state.filters.some(([n, v]) => n === name && v.toLowerCase() === value.toLowerCase());
}

function addFilter(name, value) {
  change((state) => {
    if (!isActive(state, name, value)) state.filters.push([name, value]);
    state.offset = 0;
    state.id = null;
  }, false);
}

function removeFilter(name, value) {
  change((state) => {
    state.filters = state.filters.filter(
      ([n, v]) => !(n === name && v.toLowerCase() === value.toLowerCase()));
    state.offset = 0;
  }, false);
}

function setPeriod(period) {
  change((state) => {
    const active = state.filters.some(([n, v]) => n === "since" && v === period) &&
      state.filters.some(([n, v]) => n === "until" && v === period);
    state.filters = state.filters.filter(([n]) => n !== "since" && n !== "until");
    if (!active) state.filters.push(["since", period], ["until", period]);
    state.offset = 0;
  }, false);
}

function renderChips(state) {
  const chips = $("chips");
  const items = [];
  const since = state.filters.find(([n]) => n === "since");
  const until = state.filters.find(([n]) => n === "until");
  const samePeriod = since && until && since[1] === until[1];
  for (const [name, value] of state.filters) {
    if (samePeriod && name === "until") continue;
    const title = samePeriod && name === "since" ? "Date" : FILTER_TITLES[name] || FACET_TITLES[name] || name;
    const label = labelOf(name, value);
    const button = el("button", {
      type: "button",
      className: "chip",
      "aria-label": "Remove filter " + title + ": " + label,
    }, el("span", { text: title + ": " }), el("strong", { text: label }), el("span", { className: "x", "aria-hidden": "true", text: " ×" }));
    button.addEventListener("click", () => {
      if (samePeriod && name === "since") {
        change((s) => {
          s.filters = s.filters.filter(([n]) => n !== "since" && n !== "until");
          s.offset = 0;
        }, false);
      } else {
        removeFilter(name, value);
      }
    });
    items.push(el("li", {}, button));
  }
  chips.replaceChildren(...items);
  chips.hidden = items.length === 0;
}

// The sidebar: one list per facet, its values as toggle buttons with their counts.
function renderFacets(state, facets) {
  const aside = $("facets");
  const sections = [el("h2", { className: "section-title", text: "Filters" })];
  for (const facet of facets.facets) {
    let counts = facet.counts;
    let name = facet.field;
    if (facet.field === DATE_FIELD) {
      counts = byYear(counts);
      name = "year";
    }
    if (!counts.length) continue;
    const title = FACET_TITLES[facet.field] || facet.field;
    const id = "facet-" + facet.field;
    const open = expanded.has(facet.field);
    const list = el("ul", { className: "facet-values", id: id + "-values" });
    counts.forEach((count, index) => {
      if (!open && index >= FACET_VALUES_SHOWN) return;
      const active = facet.field === DATE_FIELD
        ? isPeriod(state, count.value)
        : isActive(state, facet.field, count.value);
      const button = el("button", {
        type: "button",
        className: "facet-value",
        "aria-pressed": active ? "true" : "false",
        "data-field": name,
        "data-value": count.value,
      }, el("span", { className: "facet-label", text: count.label }),
      el("span", { className: "count", text: number(count.count) }));
      button.addEventListener("click", () => {
        if (facet.field === DATE_FIELD) setPeriod(count.value);
        else if (active) removeFilter(facet.field, count.value);
        else addFilter(facet.field, count.value);
      });
      list.append(el("li", {}, button));
    });
    const section = el("section", { className: "facet", "aria-labelledby": id },
      el("h3", { id, text: title }), list);
    if (counts.length > FACET_VALUES_SHOWN) {
      const more = el("button", {
        type: "button",
        className: "more",
        "aria-expanded": open ? "true" : "false",
        "aria-controls": id + "-values",
        text: open ? "Show fewer" : "Show all " + counts.length,
      });
      more.addEventListener("click", () => {
        if (open) expanded.delete(facet.field);
        else expanded.add(facet.field);
        renderFacets(readState(), facets);
        document.querySelector("#" + id + " ~ .more").focus();
      });
      section.append(more);
    }
    sections.push(section);
  }
  aside.replaceChildren(...sections);
}

function isPeriod(state, period) {
  return state.filters.some(([n, v]) => n === "since" && v === period) &&
    state.filters.some(([n, v]) => n === "until" && v === period);
}

// Month counts (`2023-09`) added up by year, newest year first.
function byYear(counts) {
  const years = new Map();
  for (const count of counts) {
    const year = count.value.slice(0, 4);
    years.set(year, (years.get(year) || 0) + count.count);
  }
  return [...years.entries()]
    .sort((a, b) => (a[0] < b[0] ? 1 : -1))
    .map(([year, count]) => ({ value: year, label: year, count }));
}
// ---- one release ----------------------------------------------------------------------------

async function showRelease(state) {
  const mine = ++generation;
  const view = $("release");
  view.setAttribute("aria-busy", "true");
  try {
    const release = await api("/api/releases/" + encodeURIComponent(state.id));
    if (mine !== generation) return;
    showError(null);
    $("results").hidden = true;
    $("timeline").hidden = true;
    renderRelease(state, release);
    view.hidden = false;
    $("release-title").focus();
  } catch (err) {
    if (mine !== generation) return;
    showError(err, state);
    view.hidden = true;
  } finally {
    if (mine === generation) view.removeAttribute("aria-busy");
  }
}

function renderRelease(state, release) {
  const back = el("button", { type: "button", className: "back", text: "← Back to results" });
  back.addEventListener("click", () => {
    if (cameFromResults) {
      history.back();
    } else {
      change((s) => { s.id = null; }, false);
    }
  });
  const parts = [
    back,
    el("h2", { id: "release-title", tabindex: "-1", text: release.title || release.guid }),
    el("p", { className: "meta" },
      el("time", { datetime: release.published || "", text: day(release.published) }),
      " · " + release.feed,
      " · " + release.kind.replace(/-/g, " "),
      release.location ? " · " + release.location : null),
  ];
  const href = safeHref(release.link);
  if (href) {
    parts.push(el("p", {}, el("a", { href, rel: "noopener noreferrer", className: "source", text: "Read it on the agency's site" })));
  } else if (release.link) {
    parts.push(el("p", { className: "meta", text: release.link }));
  }
  parts.push(tags(release));
  if (release.agreements.length) {
    const evidence = el("section", { className: "evidence", "aria-labelledby": "evidence-title" },
      el("h3", { id: "evidence-title", text: "Agreements reported" }));
    for (const agreement of release.agreements) {
      evidence.append(el("figure", {},
        el("figcaption", { text: agreement.code }),
        el("blockquote", { text: agreement.evidence })));
    }
    parts.push(evidence);
  }
  if (release.summary) parts.push(el("p", { className: "lead", text: release.summary }));
  const body = el("div", { className: "body" });
  for (const paragraph of release.body.split(/\n\s*\n/)) {
    if (paragraph.trim()) body.append(el("p", { text: paragraph }));
  }
  parts.push(body);
  if (release.captions.length) {
    const captions = el("section", { className: "captions", "aria-labelledby": "captions-title" },
      el("h3", { id: "captions-title", text: "Photo captions" }));
    const list = el("ul");
    for (const caption of release.captions) list.append(el("li", { text: caption }));
    captions.append(list);
    parts.push(captions);
  }
  const provenance = release.provenance;
  if (provenance) {
    const rows = [
      ["First seen", provenance.first_seen.replace("T", " ").replace("Z", " UTC")],
      ["Last seen", provenance.last_seen.replace("T", " ").replace("Z", " UTC")],
      ["Snapshot", provenance.snapshot],
      ["Revisions", String(provenance.revisions)],
      ["Guid", release.guid],
    ];
    const list = el("dl");
    for (const [term, value] of rows) list.append(el("dt", { text: term }), el("dd", { text: value }));
    parts.push(el("section", { className: "provenance", "aria-labelledby": "provenance-title" },
      el("h3", { id: "provenance-title", text: "Provenance" }), list));
  }
  $("release").replaceChildren(...parts.filter(Boolean));
}

// ---- wiring ---------------------------------------------------------------------------------

$("search").addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  typing = false;
  change((state) => {
    state.q = box.value;
    state.offset = 0;
    state.id = null;
  }, false);
});

box.addEventListener("input", () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    const replace = typing;
    typing = true;
    change((state) => {
      state.q = box.value;
      state.offset = 0;
      state.id = null;
    }, replace);
  }, TYPING_DELAY_MS);
});

$("sort").addEventListener("change", () => {
  change((state) => {
    state.sort = $("sort").value;
    state.offset = 0;
  }, false);
});

$("all").addEventListener("change", () => {
  change((state) => {
    state.all = $("all").checked;
    state.offset = 0;
  }, false);
});

function turnPage(step) {
  change((state) => {
    state.offset = Math.max(0, state.offset + step * PAGE_SIZE);
  }, false);
  $("results").focus();
}
$("prev").addEventListener("click", () => turnPage(-1));
$("next").addEventListener("click", () => turnPage(1));

// `/` jumps to the search box from anywhere but another text field.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  const editing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement || (target && target.isContentEditable);
  if (editing) return;
  event.preventDefault();
  box.focus();
  box.select();
});

window.addEventListener("popstate", () => {
  typing = false;
  clearTimeout(typingTimer);
  const state = readState();
  box.value = state.q;
  render().then(() => {
    if (!state.id && cameFromResults) {
      cameFromResults = false;
      const item = [...$("hits").children].find((li) => li.dataset.guid === openedGuid);
      if (item) item.querySelector("a").focus();
    }
  });
});

box.value = readState().q;
render();
