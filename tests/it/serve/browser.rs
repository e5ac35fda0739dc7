//! The search page in a real headless Chromium (Debian's package, installed by `.ci/run`),
//! driven over the DevTools protocol: typing, highlights, facets and chips, the histogram, the
//! release view, back and reload keeping the state, keyboard use, labels, contrast, a 360 px
//! screen, and a hostile feed whose markup shows as text and never runs. Screenshots are left in
//! `target/tmp/screenshots/` (the one in README is `docs/screenshot.png`, copied from there).

use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::{Emulation, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

use super::server::{PATIENCE, Server, bundled_sandbox};
use crate::util::Sandbox;

/// Where Debian's `chromium` package puts the browser; `PRESSDEX_CHROMIUM` overrides it.
const CHROMIUM: &str = "/usr/bin/chromium";

/// Set before any script of the page runs: every error, rejected promise and Content-Security-
/// Policy violation is written down, so a test can say there was none.
const WATCH_ERRORS: &str = "window.__errors = [];
addEventListener('error', (e) => window.__errors.push('error: ' + e.message));
addEventListener('unhandledrejection', (e) => window.__errors.push('rejection: ' + e.reason));
addEventListener('securitypolicyviolation', (e) =>
  window.__errors.push('CSP: ' + e.violatedDirective + ' ' + e.blockedURI));";

fn chromium() -> PathBuf {
    let path = std::env::var_os("PRESSDEX_CHROMIUM")
        .map_or_else(|| PathBuf::from(CHROMIUM), PathBuf::from);
    assert!(
        path.is_file(),
        "no Chromium at {}: the browser test needs Debian's `chromium` package, which .ci/run \
         installs (apt-get update && apt-get install chromium); set PRESSDEX_CHROMIUM to use \
         another Chromium",
        path.display()
    );
    path
}

/// A fresh headless Chromium with its own profile under `sandbox`.
fn launch(sandbox: &Sandbox) -> Browser {
    let profile = sandbox.path().join("chromium-profile");
    let args: Vec<&OsStr> = [
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-gpu",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium()))
        .headless(true)
        .sandbox(false)
        .user_data_dir(Some(profile))
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(PATIENCE)
        .args(args)
        .build()
        .expect("launch options");
    Browser::new(options).expect("Chromium starts")
}

/// A tab of `browser` at `width` x `height` CSS pixels (a phone when `mobile`), watching for
/// errors.
fn tab(browser: &Browser, width: u32, height: u32, mobile: bool) -> Arc<Tab> {
    let tab = browser.new_tab().expect("a tab");
    tab.set_default_timeout(PATIENCE);
    resize(&tab, width, height, mobile);
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source: WATCH_ERRORS.to_string(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .expect("watch for errors");
    tab
}

fn resize(tab: &Tab, width: u32, height: u32, mobile: bool) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .expect("set the screen size");
}

/// The JSON value of `expression`, evaluated in the page.
fn js(tab: &Tab, expression: &str) -> Value {
    let wrapped = format!("JSON.stringify((() => {{ return ({expression}); }})() ?? null)");
    let result = tab.evaluate(&wrapped, false).unwrap_or_else(|err| panic!("{expression}: {err}"));
    match result.value {
        Some(Value::String(text)) => serde_json::from_str(&text).expect("JSON from the page"),
        other => panic!("{expression}: no value ({other:?})"),
    }
}

fn text(tab: &Tab, selector: &str) -> String {
    let expression = format!("document.querySelector({selector:?})?.textContent ?? ''");
    js(tab, &expression).as_str().unwrap_or_default().to_string()
}

/// Waits (boundedly) until `condition` is true in the page.
fn wait_for(tab: &Tab, what: &str, condition: &str) {
    let deadline = Instant::now() + PATIENCE;
    while js(tab, condition) != Value::Bool(true) {
        assert!(
            Instant::now() < deadline,
            "never {what}: url {}, status {:?}, error {:?}",
            tab.get_url(),
            text(tab, "#status"),
            text(tab, "#error")
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn click(tab: &Tab, selector: &str) {
    tab.wait_for_element(selector)
        .unwrap_or_else(|err| panic!("{selector}: {err}"))
        .click()
        .unwrap_or_else(|err| panic!("click {selector}: {err}"));
}

fn hits(tab: &Tab) -> usize {
    js(tab, "document.querySelectorAll('#hits > li').length").as_u64().expect("a count") as usize
}

fn no_errors(tab: &Tab) {
    assert_eq!(js(tab, "window.__errors"), Value::Array(Vec::new()), "errors in the page");
}

fn screenshot(tab: &Tab, name: &str) {
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("a screenshot");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("a screenshot folder");
    std::fs::write(dir.join(name), png).expect("save the screenshot");
}

/// WCAG contrast ratios of the page's text: each selector's first element, its colour against
/// the first opaque background behind it, as `[selector, ratio]`.
const CONTRAST: &str = "(() => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color.length === 3 || color[3] > 0.5) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return SELECTORS.map((selector) => {
    const node = document.querySelector(selector);
    if (!node) return [selector, null];
    const fore = luminance(rgb(getComputedStyle(node).color));
    const back = luminance(background(node));
    return [selector, (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05)];
  });
})()";

#[test]
fn the_page_searches_filters_opens_a_release_and_keeps_its_state_in_the_url() {
    let sandbox = bundled_sandbox();
    let server = Server::start(&sandbox, &[]);
    let browser = launch(&sandbox);
    let tab = tab(&browser, 1280, 900, false);
    tab.navigate_to(&format!("{}/", server.base))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    wait_for(
        &tab,
        "the newest releases listed",
        "document.querySelectorAll('#hits > li').length === 10",
    );

    // `/` jumps to the box; typing searches (debounced), with the words highlighted.
    tab.press_key("/").expect("press /");
    assert_eq!(js(&tab, "document.activeElement.id"), "q", "`/` focuses the search box");
    tab.type_str("mutual assistance agreement").expect("type");
    wait_for(
        &tab,
        "the typed search shown",
        "location.search === '?q=mutual+assistance+agreement' && document.querySelectorAll('#hits > li').length === 9",
    );
    tab.press_key("Enter").expect("Enter searches");
    let first = text(&tab, "#hits > li:first-child .hit-title");
    assert_eq!(first, "CBP, Cabo Verde sign Customs Mutual Assistance Agreement");
    assert_eq!(
        js(
            &tab,
            "[...document.querySelectorAll('#hits > li:first-child .hit-title mark')].map((m) => m.textContent)"
        ),
        serde_json::json!(["Mutual", "Assistance", "Agreement"])
    );
    assert!(
        js(&tab, "document.querySelectorAll('#hits > li:first-child .snippet mark').length")
            .as_u64()
            >= Some(3)
    );
    assert!(
        text(&tab, "#status").starts_with("9 releases match (3 with every word)."),
        "{}",
        text(&tab, "#status")
    );
    assert!(text(&tab, "#hits > li:first-child .tags").contains("Cabo Verde"));
    screenshot(&tab, "desktop.png");

    // Keyboard: the controls after the box, in order.
    let mut order = Vec::new();
    for _ in 0..3 {
        tab.press_key("Tab").expect("Tab");
        order.push(js(&tab, "document.activeElement.id"));
    }
    assert_eq!(order, ["go", "sort", "all"], "focus order after the search box");

    // The histogram: a bar filters to its month; its chip removes the filter.
    click(&tab, "#histogram g.bar[data-value='2023-09']");
    wait_for(&tab, "the month chosen", "location.search.includes('since=2023-09&until=2023-09')");
    wait_for(
        &tab,
        "the month's chip",
        "document.querySelector('#chips').textContent.includes('Date: 2023-09')",
    );
    let in_september = hits(&tab);
    assert!((1..9).contains(&in_september), "{in_september} hits in 2023-09");
    click(&tab, "#chips button.chip");
    wait_for(
        &tab,
        "the month filter removed",
        "document.querySelectorAll('#hits > li').length === 9",
    );

    // A facet value filters, shows its count and a chip.
    let cmaa = "#facets button[data-field='agreement'][data-value='CMAA']";
    assert_eq!(text(&tab, &format!("{cmaa} .count")), "1");
    click(&tab, cmaa);
    wait_for(
        &tab,
        "the CMAA filter",
        "document.querySelectorAll('#hits > li').length === 1 && location.search.includes('agreement=CMAA')",
    );
    wait_for(
        &tab,
        "the CMAA chip",
        "document.querySelector('#chips').textContent.includes('Agreement: CMAA')",
    );
    assert_eq!(
        js(&tab, &format!("document.querySelector(\"{cmaa}\").getAttribute('aria-pressed')")),
        "true"
    );
    assert_eq!(text(&tab, &format!("{cmaa} .count")), "1");
    assert!(text(&tab, "#status").starts_with("1 release matches"), "{}", text(&tab, "#status"));
    let searched = tab.get_url();

    // The release: its text, evidence and provenance.
    click(&tab, "#hits > li:first-child a.hit-link");
    wait_for(
        &tab,
        "the release shown",
        "!document.getElementById('release').hidden && document.getElementById('results').hidden",
    );
    assert_eq!(
        text(&tab, "#release-title"),
        "CBP, Cabo Verde sign Customs Mutual Assistance Agreement"
    );
    assert_eq!(
        js(&tab, "document.activeElement.id"),
        "release-title",
        "focus moves to the release"
    );
    assert!(text(&tab, "#release .evidence").contains("CMAA"));
    assert!(text(&tab, "#release .evidence blockquote").contains("Cabo Verde"));
    assert!(
        text(&tab, "#release .body")
            .contains("U.S. Customs and Border Protection signed a Customs Mutual Assistance")
    );
    let provenance = text(&tab, "#release .provenance");
    assert!(
        provenance.contains("Revisions1") && provenance.contains("427630 at https://www.cbp.gov"),
        "{provenance}"
    );
    assert!(tab.get_url().contains("id=427630+at+https%3A%2F%2Fwww.cbp.gov"), "{}", tab.get_url());
    screenshot(&tab, "release.png");

    // Back: the same results, the chip, focus on the release's link.
    click(&tab, "#release button.back");
    wait_for(
        &tab,
        "the results again",
        "!document.getElementById('results').hidden && document.querySelectorAll('#hits > li').length === 1",
    );
    assert_eq!(tab.get_url(), searched);
    assert!(text(&tab, "#chips").contains("Agreement: CMAA"));
    wait_for(
        &tab,
        "focus back on the link",
        "document.activeElement.classList.contains('hit-link')",
    );

    // Reload: the URL alone gives the same state.
    tab.reload(false, None).expect("reload").wait_until_navigated().expect("reloaded");
    wait_for(
        &tab,
        "the state after a reload",
        "document.querySelectorAll('#hits > li').length === 1 && document.querySelector('#chips').textContent.includes('Agreement: CMAA')",
    );
    assert_eq!(js(&tab, "document.getElementById('q').value"), "mutual assistance agreement");
    assert_eq!(text(&tab, "#hits > li:first-child .hit-title"), first);
    assert_eq!(tab.get_url(), searched);

    // A mistake in the query: the API's message, with a caret under it.
    tab.navigate_to(&format!("{}/?q=trade+%22open", server.base))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    wait_for(&tab, "the query error", "!document.getElementById('error').hidden");
    assert_eq!(text(&tab, "#error pre"), "trade \"open\n      ^");

    // Every control has a label; text passes WCAG AA contrast.
    tab.navigate_to(&format!("{}/?q=customs", server.base))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    // Nine of the ten bundled releases say "customs".
    wait_for(&tab, "customs results", "document.querySelectorAll('#hits > li').length === 9");
    let unlabelled = js(&tab, "[...document.querySelectorAll('input, select, button, a, [role=button]')].filter((node) => {
        const name = (node.getAttribute('aria-label') || node.textContent || '').trim();
        const labelled = node.labels && node.labels.length > 0;
        return !labelled && !name;
      }).map((node) => node.outerHTML.slice(0, 80))");
    assert_eq!(unlabelled, Value::Array(Vec::new()), "controls without a label");
    let selectors = [
        "body",
        "#status",
        ".help",
        ".hit-title a",
        ".meta",
        ".snippet",
        "mark",
        ".tag.country",
        ".facet-value .facet-label",
        ".facet-value .count",
        ".facet h3",
        "#go",
        ".axis",
        "#page-info",
        ".button.secondary",
        "footer",
    ];
    let contrast =
        js(&tab, &CONTRAST.replace("SELECTORS", &serde_json::to_string(&selectors).expect("JSON")));
    for pair in contrast.as_array().expect("pairs") {
        let ratio = pair[1].as_f64().unwrap_or_else(|| panic!("{} is not on the page", pair[0]));
        assert!(ratio >= 4.5, "{} has contrast {ratio:.2}, under WCAG AA's 4.5", pair[0]);
    }
    no_errors(&tab);

    // A phone: one column, nothing wider than the screen.
    let phone = self::tab(&browser, 360, 800, true);
    phone
        .navigate_to(&format!("{}/?q=mutual+assistance+agreement", server.base))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    wait_for(&phone, "results on a phone", "document.querySelectorAll('#hits > li').length === 9");
    assert_eq!(
        js(&phone, "document.documentElement.scrollWidth <= 360"),
        Value::Bool(true),
        "no sideways scrolling at 360 px"
    );
    assert_eq!(
        js(
            &phone,
            "document.querySelector('.facets').getBoundingClientRect().top > document.querySelector('#hits').getBoundingClientRect().top"
        ),
        Value::Bool(true),
        "filters below the results"
    );
    screenshot(&phone, "mobile.png");
    no_errors(&phone);
}

/// A feed whose title, body and link carry markup and script.
const HOSTILE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile &lt;b&gt;feed&lt;/b&gt;</title><link>https://www.cbp.gov/</link><description></description>
<item>
<title>&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror="window.__pwned=1"&gt; quokkahostile customs</title>
<link>javascript:window.__pwned=1</link>
<description>&lt;p&gt;quokkahostile &amp;lt;img src=x onerror=window.__pwned=1&amp;gt; and &amp;lt;script&amp;gt;window.__pwned=1&amp;lt;/script&amp;gt; as text.&lt;/p&gt;</description>
<pubDate>Mon, 02 Oct 2023 12:00:00 +0000</pubDate>
<guid isPermaLink="false">hostile-1 at https://www.cbp.gov</guid>
</item>
<item>
<title>&lt;b onmouseover="window.__pwned=1"&gt;Bold&lt;/b&gt; quokkahostile &amp;lt;i&amp;gt;</title>
<link>https://www.cbp.gov/newsroom/hostile-2</link>
<description>&lt;p&gt;A second quokkahostile release.&lt;/p&gt;</description>
<pubDate>Tue, 03 Oct 2023 12:00:00 +0000</pubDate>
<guid isPermaLink="false">hostile-2 at https://www.cbp.gov</guid>
</item>
</channel></rss>
"#;

#[test]
fn feed_markup_shows_as_text_and_never_runs() {
    let sandbox = bundled_sandbox();
    let hostile = sandbox.write("hostile.xml", HOSTILE);
    let run = sandbox.run_idx(["index".as_ref(), hostile.as_os_str()]);
    assert!(run.success(), "{}", run.stderr());
    let server = Server::start(&sandbox, &[]);
    let browser = launch(&sandbox);
    let tab = tab(&browser, 1280, 900, false);

    tab.navigate_to(&format!("{}/?q=quokkahostile&sort=date", server.base))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    wait_for(&tab, "the hostile releases", "document.querySelectorAll('#hits > li').length === 2");
    let titles = js(
        &tab,
        "[...document.querySelectorAll('#hits .hit-title')].map((node) => node.textContent)",
    );
    // Exactly the titles the index holds (the API's), markup and entities as characters.
    let page: Value = server.get("/api/search?q=quokkahostile&sort=date").json();
    let stored: Vec<Value> =
        page["hits"].as_array().expect("hits").iter().map(|hit| hit["title"].clone()).collect();
    assert_eq!(titles, Value::from(stored));
    let shown = titles.to_string();
    assert!(shown.contains("<script>window.__pwned=1</script><img src=x onerror="), "{shown}");
    assert!(shown.contains("<b onmouseover=\\\"window.__pwned=1\\\">Bold</b>"), "{shown}");
    let feed = page["hits"][0]["feed"].as_str().expect("a feed").to_string();
    assert!(text(&tab, "#hits .meta").contains(&feed), "the feed's name as text: {feed}");
    assert_eq!(
        js(&tab, "document.querySelectorAll('#main script, #main img, #main b, #main i').length"),
        0,
        "no element from a feed"
    );
    assert_eq!(js(&tab, "window.__pwned === undefined"), Value::Bool(true), "no feed script ran");

    // Its page: the body's markup as text, and a `javascript:` link that is not a link.
    click(&tab, "#hits > li:last-child a.hit-link");
    wait_for(&tab, "the hostile release", "!document.getElementById('release').hidden");
    assert!(text(&tab, "#release .body").contains("quokkahostile <img src=x onerror=window.__pwned=1> and <script>window.__pwned=1</script> as text."));
    assert_eq!(
        js(
            &tab,
            "document.querySelectorAll('#main script, #main img, a[href^=\"javascript\"]').length"
        ),
        0
    );
    assert!(
        text(&tab, "#release").contains("javascript:window.__pwned=1"),
        "the link shown as text"
    );
    assert_eq!(js(&tab, "window.__pwned === undefined"), Value::Bool(true));

    // Paging: twelve releases, ten a page; the second page has the rest.
    tab.navigate_to(&format!("{}/", server.base))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    wait_for(&tab, "the first page", "document.querySelectorAll('#hits > li').length === 10");
    assert_eq!(text(&tab, "#page-info"), "1–10 of 12");
    assert_eq!(js(&tab, "document.getElementById('prev').disabled"), Value::Bool(true));
    click(&tab, "#next");
    wait_for(
        &tab,
        "the second page",
        "document.querySelectorAll('#hits > li').length === 2 && location.search === '?offset=10'",
    );
    assert_eq!(text(&tab, "#page-info"), "11–12 of 12");
    assert_eq!(js(&tab, "document.getElementById('next').disabled"), Value::Bool(true));
    assert_eq!(js(&tab, "document.getElementById('hits').start"), 11);
    no_errors(&tab);
}
