// Building the page's nodes: every node is created here with createElement and its text set
// with textContent or text nodes, never parsed from HTML, so text from a feed stays text.

export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// `text` with the `highlights` (character offsets, docs/json.md) as <mark> elements: slices of
// Array.from(text), so characters outside the Basic Multilingual Plane count once.
export function highlighted(text, highlights) {
  const chars = Array.from(text);
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const highlight of highlights || []) {
    const [start, end] = highlight.chars;
    if (start < at || end < start || end > chars.length) continue;
    if (start > at) fragment.append(chars.slice(at, start).join(""));
    fragment.append(el("mark", { text: chars.slice(start, end).join("") }));
    at = end;
  }
  if (at < chars.length) fragment.append(chars.slice(at).join(""));
  return fragment;
}

// Only web links become links: a feed's `javascript:` or `data:` link stays text.
export function safeHref(link) {
  try {
    const url = new URL(link);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch (_) {
    return null;
  }
}

export function day(time) {
  return time ? time.slice(0, 10) : "undated";
}

export function number(count) {
  return count.toLocaleString("en-US");
}

export function plural(count, one, many) {
  return number(count) + " " + (count === 1 ? one : many);
}
