// The date histogram: an SVG drawn from the date facet's counts, one bar per month (per year
// past MAX_MONTH_BARS months), each a keyboard-reachable button that filters to its period.

import { plural } from "./dom.js";

// Months shown as bars up to this many; a longer span is shown by year.
const MAX_MONTH_BARS = 48;

const $ = (id) => document.getElementById(id);
// Every month (or year) from the first to the last with a count, empty ones as zero.
function buckets(counts) {
  const months = counts.filter((count) => /^\d{4}-\d{2}$/.test(count.value));
  if (!months.length) return [];
  const values = months.map((count) => count.value).sort();
  const byValue = new Map(months.map((count) => [count.value, count.count]));
  const [firstYear, firstMonth] = values[0].split("-").map(Number);
  const [lastYear, lastMonth] = values[values.length - 1].split("-").map(Number);
  const span = (lastYear - firstYear) * 12 + (lastMonth - firstMonth) + 1;
  if (span > MAX_MONTH_BARS) {
    const years = new Map();
    for (const count of months) {
      const year = count.value.slice(0, 4);
      years.set(year, (years.get(year) || 0) + count.count);
    }
    const all = [];
    for (let year = firstYear; year <= lastYear; year++) {
      all.push({ value: String(year), count: years.get(String(year)) || 0 });
    }
    return all;
  }
  const all = [];
  for (let index = 0; index < span; index++) {
    const year = firstYear + Math.floor((firstMonth - 1 + index) / 12);
    const month = ((firstMonth - 1 + index) % 12) + 1;
    const value = year + "-" + String(month).padStart(2, "0");
    all.push({ value, count: byValue.get(value) || 0 });
  }
  return all;
}

// Draws the histogram of the date facet's `counts` (months, `2023-09`) into #timeline; the bar
// `isActive(value)` is pressed, and choosing a bar (click, Enter, Space) calls `choose(value)`.
export function renderTimeline(counts, isActive, choose) {
  const bars = buckets(counts || []);
  const section = $("timeline");
  section.hidden = bars.length < 2;
  if (section.hidden) return;
  const svgNs = "http://www.w3.org/2000/svg";
  const width = 600;
  const height = 100;
  const gap = bars.length > 30 ? 1 : 2;
  const barWidth = width / bars.length;
  const most = Math.max(...bars.map((bar) => bar.count), 1);
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-labelledby", "timeline-title");
  svg.setAttribute("aria-describedby", "timeline-help");
  const activeIndex = bars.findIndex((bar) => isActive(bar.value));
  bars.forEach((bar, index) => {
    const group = document.createElementNS(svgNs, "g");
    group.setAttribute("class", "bar" + (index === activeIndex ? " active" : ""));
    group.setAttribute("role", "button");
    group.setAttribute("aria-pressed", index === activeIndex ? "true" : "false");
    group.setAttribute("aria-label", bar.value + ": " + plural(bar.count, "release", "releases"));
    group.setAttribute("data-value", bar.value);
    group.setAttribute("tabindex", index === (activeIndex >= 0 ? activeIndex : bars.length - 1) ? "0" : "-1");
    // A full-height hit area, so that short bars are easy to choose.
    const area = document.createElementNS(svgNs, "rect");
    area.setAttribute("class", "hit-area");
    area.setAttribute("x", String(index * barWidth));
    area.setAttribute("y", "0");
    area.setAttribute("width", String(barWidth));
    area.setAttribute("height", String(height));
    const rect = document.createElementNS(svgNs, "rect");
    const barHeight = bar.count ? Math.max(2, (bar.count / most) * (height - 4)) : 0;
    rect.setAttribute("class", "fill");
    rect.setAttribute("x", String(index * barWidth + gap / 2));
    rect.setAttribute("y", String(height - barHeight));
    rect.setAttribute("width", String(Math.max(barWidth - gap, 1)));
    rect.setAttribute("height", String(barHeight));
    const title = document.createElementNS(svgNs, "title");
    title.textContent = bar.value + ": " + plural(bar.count, "release", "releases");
    group.append(title, area, rect);
    group.addEventListener("click", () => choose(bar.value));
    group.addEventListener("keydown", (event) => {
      const step = { ArrowLeft: -1, ArrowRight: 1, Home: -index, End: bars.length - 1 - index }[event.key];
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        choose(bar.value);
      } else if (step !== undefined) {
        event.preventDefault();
        const groups = svg.querySelectorAll("g.bar");
        const target = groups[Math.min(Math.max(index + step, 0), groups.length - 1)];
        groups.forEach((g) => g.setAttribute("tabindex", g === target ? "0" : "-1"));
        target.focus();
      }
    });
    svg.append(group);
  });
  $("histogram").replaceChildren(svg);
  $("axis-first").textContent = bars[0].value;
  $("axis-last").textContent = bars[bars.length - 1].value;
}
