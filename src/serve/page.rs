//! The search page: plain HTML, CSS and JavaScript from `web/`, embedded in the binary (no CDN,
//! no build step, works offline). The script fetches the API and builds every node itself,
//! inserting feed text with `textContent`, never as HTML.

use axum::response::Response;

use super::respond;

const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const DOM_JS: &str = include_str!("../../web/dom.js");
const TIMELINE_JS: &str = include_str!("../../web/timeline.js");
const APP_CSS: &str = include_str!("../../web/app.css");
const FAVICON_SVG: &str = include_str!("../../web/favicon.svg");

/// `GET /` (whatever its query string: the page reads its state from the URL).
pub async fn index() -> Response {
    respond::asset(INDEX_HTML.as_bytes(), "text/html; charset=utf-8")
}

/// `GET /app.js`.
pub async fn script() -> Response {
    respond::asset(APP_JS.as_bytes(), "text/javascript; charset=utf-8")
}

/// `GET /dom.js` (a module `app.js` imports: building nodes).
pub async fn dom_script() -> Response {
    respond::asset(DOM_JS.as_bytes(), "text/javascript; charset=utf-8")
}

/// `GET /timeline.js` (a module `app.js` imports: the date histogram).
pub async fn timeline_script() -> Response {
    respond::asset(TIMELINE_JS.as_bytes(), "text/javascript; charset=utf-8")
}

/// `GET /app.css`.
pub async fn style() -> Response {
    respond::asset(APP_CSS.as_bytes(), "text/css; charset=utf-8")
}

/// `GET /favicon.svg`.
pub async fn icon() -> Response {
    respond::asset(FAVICON_SVG.as_bytes(), "image/svg+xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Under the Content-Security-Policy an inline script or style attribute would not run:
    /// the page has none, so it works as written.
    #[test]
    fn the_page_has_no_inline_script_or_style() {
        let html = INDEX_HTML.to_ascii_lowercase();
        for forbidden in ["<style", " style=", "javascript:", " onload=", " onclick=", " onerror="]
        {
            assert!(!html.contains(forbidden), "index.html holds {forbidden:?}");
        }
        for tag in html.split("<script").skip(1) {
            let head = &tag[..tag.find('>').expect("a closed tag")];
            assert!(head.contains(" src="), "an inline <script>: {head}");
        }
        for script in [APP_JS, DOM_JS, TIMELINE_JS] {
            assert!(!script.contains(".innerHTML") && !script.contains("insertAdjacentHTML"));
            assert!(!script.contains("document.write") && !script.contains("eval("));
        }
    }
}
