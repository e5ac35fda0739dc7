//! One release's title and Drupal HTML, written from its plan the way the CBP newsroom renders a
//! node into its RSS description, with the facts a reader should recover from it.

use std::fmt::Write as _;

use chrono::Datelike;

use crate::prose;
use crate::release::{Plan, STREAM_BODY, STREAM_EDIT, STREAM_TITLE, Topic, skewed_index};
use crate::rng::Rng;
use crate::vocab::{self, CountryWords};

impl Plan {
    /// The title, and the countries it names.
    pub(crate) fn title(&self) -> (String, Vec<usize>) {
        let mut writer =
            Writer::new(self, Rng::derive(&[self.seed, self.index as u64, STREAM_TITLE]));
        writer.links = false;
        let mut title = String::new();
        writer.expand(self.title_template, &mut title);
        (capitalise(title), writer.mentions)
    }

    /// Renders the item's HTML (its RSS description, not yet XML-escaped) at `revision`.
    pub(crate) fn render(&self, revision: u32, out: &mut String) -> Rendered {
        let (title, title_mentions) = self.title();
        let mut writer =
            Writer::new(self, Rng::derive(&[self.seed, self.index as u64, STREAM_BODY]));
        let newsroom = self.topic != Topic::Page;
        let mut paragraphs = writer.paragraphs();
        for edit in 1..=revision {
            writer.rng = Rng::derive(&[self.seed, self.index as u64, STREAM_EDIT, edit.into()]);
            writer.edit(&mut paragraphs);
        }
        writer.rng = Rng::derive(&[self.seed, self.index as u64, STREAM_BODY, 1]);

        let local = self.created_local;
        let _ = write!(
            out,
            "<span class=\"field field--name-title field--type-string field--label-hidden\">{title}</span> \
             <span class=\"field field--name-uid field--type-entity-reference field--label-hidden\"><span>{account}</span></span> \
             <span class=\"field field--name-created field--type-created field--label-hidden\"><time datetime=\"{iso}\" title=\"{long}\" class=\"datetime\">{short}</time> </span> ",
            account = self.account,
            iso = local.format("%Y-%m-%dT%H:%M:%S%:z"),
            long = local.format("%A, %B %-d, %Y - %H:%M"),
            short = local.format("%a, %m/%d/%Y - %H:%M"),
        );
        if newsroom && writer.rng.chance(40) {
            let _ = write!(
                out,
                "<div class=\"field field--name-field-news-info field--type-string field--label-inline clearfix\"> \
                 <div class=\"field__label\">For More Information</div> <div class=\"field__item\">{}</div> </div> ",
                writer.rng.pick(vocab::PHONES)
            );
        }
        if self.section.ends_with("national-media-release") && writer.rng.chance(30) {
            out.push_str(
                "<div class=\"clearfix text-formatted field field--name-field-page-header field--type-text-long field--label-hidden field__item\">\
                 <p class=\"usa-intro text-align-center\"><em>",
            );
            let summary = writer.rng.pick(prose::SUMMARIES);
            writer.expand(summary, out);
            out.push_str("</em></p> </div> ");
        }
        out.push_str(
            "<div class=\"clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item\">",
        );
        writer.body(&paragraphs, out);
        out.push_str("</div> ");
        if newsroom {
            let _ = write!(
                out,
                "<div class=\"clearfix text-formatted field field--name-field-page-footer field--type-text-long field--label-hidden field__item\">\
                 <p><em>{}</em></p> </div> \
                 <div class=\"field field--name-field-date-release field--type-datetime field--label-inline clearfix\"> \
                 <div class=\"field__label\">Release Date</div> <div class=\"field__item\">{}</div> </div> ",
                vocab::FOOTER,
                local.format("%a, %m/%d/%Y"),
            );
        }
        if self.section.ends_with("local-media-release") && writer.rng.chance(70) {
            let _ = write!(
                out,
                "<div class=\"field field--name-field-news-location field--type-string field--label-hidden field__item\">{}, {}</div> ",
                self.port.city, self.port.state
            );
        }
        out.push_str("<div class=\"node_view\"></div>");

        let mut countries: Vec<&'static str> = Vec::new();
        for index in title_mentions.into_iter().chain(writer.mentions) {
            let name = vocab::COUNTRIES[index].name;
            if !countries.contains(&name) {
                countries.push(name);
            }
        }
        let agreements =
            if self.topic == Topic::Signing { vec![self.agreement.code] } else { Vec::new() };
        let kind = match self.section {
            "newsroom/national-media-release" => "national-media-release",
            "newsroom/local-media-release" => "local-media-release",
            "newsroom/speeches-and-statements" => "speeches-and-statements",
            _ => "page",
        };
        Rendered { title, countries, agreements, kind }
    }
}

/// The facts of one rendered item (see [`crate::GeneratedItem`]).
pub(crate) struct Rendered {
    pub title: String,
    pub countries: Vec<&'static str>,
    pub agreements: Vec<&'static str>,
    pub kind: &'static str,
}

/// Fills templates for one item, and remembers which countries it named.
struct Writer<'a> {
    plan: &'a Plan,
    rng: Rng,
    mentions: Vec<usize>,
    official_named: bool,
    /// Titles are plain text: no links in them.
    links: bool,
    /// Templates already used in this item, so a release does not repeat itself.
    used: Vec<&'static str>,
}

impl<'a> Writer<'a> {
    fn new(plan: &'a Plan, rng: Rng) -> Writer<'a> {
        Writer {
            plan,
            rng,
            mentions: Vec::new(),
            official_named: false,
            links: true,
            used: Vec::new(),
        }
    }

    fn country(&self) -> &'static CountryWords {
        &vocab::COUNTRIES[self.plan.country]
    }

    /// The paragraphs of the body (text with inline HTML, without `<p>`).
    fn paragraphs(&mut self) -> Vec<String> {
        let (openings, details): (&[&str], &[&str]) = match self.plan.topic {
            Topic::Signing => (prose::SIGNING_OPENINGS, prose::SIGNING_DETAILS),
            Topic::Seizure => (prose::SEIZURE_OPENINGS, prose::SEIZURE_DETAILS),
            Topic::Cooperation => (prose::COOPERATION_OPENINGS, prose::COOPERATION_DETAILS),
            Topic::Repatriation => (prose::REPATRIATION_OPENINGS, prose::REPATRIATION_DETAILS),
            Topic::Engagement => (prose::ENGAGEMENT_OPENINGS, prose::ENGAGEMENT_DETAILS),
            Topic::Statement => (prose::STATEMENT_OPENINGS, prose::STATEMENT_DETAILS),
            Topic::Page => (prose::PAGE_PARAGRAPHS, prose::PAGE_PARAGRAPHS),
        };
        // Program pages are short and have few sentences to choose from.
        let count = if self.plan.topic == Topic::Page {
            self.rng.between(3, 5)
        } else {
            self.rng.between(3, 10)
        };
        let mut paragraphs = Vec::with_capacity(count + 1);
        let mut first = String::new();
        if self.plan.topic != Topic::Page {
            self.dateline(&mut first);
        }
        let opening = self.rng.pick(openings);
        self.expand(opening, &mut first);
        paragraphs.push(first);
        let mut quotes = 0;
        while paragraphs.len() < count {
            let mut paragraph = String::new();
            let roll = self.rng.below(100);
            if self.plan.topic != Topic::Page && roll < 22 && quotes < 2 {
                quotes += 1;
                self.quote(&mut paragraph);
            } else if self.plan.topic == Topic::Signing && roll < 45 {
                let background = self.fresh(prose::AGREEMENT_BACKGROUND);
                self.expand(background, &mut paragraph);
            } else if self.plan.topic != Topic::Page
                && paragraphs.len() + 1 == count
                && self.rng.chance(60)
            {
                let closing = self.fresh(prose::CLOSINGS);
                self.expand(closing, &mut paragraph);
            } else {
                for sentence in 0..self.rng.between(1, 3) {
                    if sentence > 0 {
                        paragraph.push(' ');
                    }
                    let detail = self.fresh(details);
                    self.expand(detail, &mut paragraph);
                }
            }
            paragraphs.push(paragraph);
        }
        paragraphs
    }

    /// One edit between snapshots: a corrected paragraph or an editor's note.
    fn edit(&mut self, paragraphs: &mut Vec<String>) {
        if paragraphs.len() > 1 && self.rng.chance(50) {
            let index = self.rng.between(1, paragraphs.len() - 1);
            let mut paragraph = String::new();
            let closing = self.fresh(prose::CLOSINGS);
            self.expand(closing, &mut paragraph);
            paragraphs[index] = paragraph;
        } else {
            let mut note =
                String::from("<em>Editor\u{2019}s note: This release was updated to correct ");
            let correction = self.rng.pick(prose::CORRECTIONS);
            self.expand(correction, &mut note);
            note.push_str(".</em>");
            paragraphs.push(note);
        }
    }

    /// Writes the paragraphs as Drupal body HTML, with figures and the stray empty paragraphs
    /// the CMS leaves around them.
    fn body(&mut self, paragraphs: &[String], out: &mut String) {
        let figures = match self.rng.below(10) {
            0..6 => 0,
            6..9 => 1,
            _ => 2,
        };
        let figure_after: Vec<usize> =
            (0..figures).map(|_| self.rng.below(paragraphs.len())).collect();
        for (index, paragraph) in paragraphs.iter().enumerate() {
            out.push_str("<p>");
            out.push_str(paragraph);
            out.push_str("</p>");
            for _ in figure_after.iter().filter(|after| **after == index) {
                if self.rng.chance(50) {
                    out.push_str(" <p> </p>");
                }
                out.push(' ');
                self.figure(out);
            }
            out.push(' ');
        }
        if self.rng.chance(15) {
            out.push_str("<p> </p> ");
        }
    }

    fn figure(&mut self, out: &mut String) {
        let mut caption = String::new();
        let template = self.rng.pick(match self.plan.topic {
            Topic::Signing => prose::SIGNING_CAPTIONS,
            Topic::Seizure => prose::SEIZURE_CAPTIONS,
            Topic::Cooperation => prose::COOPERATION_CAPTIONS,
            _ => prose::OTHER_CAPTIONS,
        });
        self.expand(template, &mut caption);
        let style = if self.rng.chance(50) { "300px" } else { "500px" };
        let align = self.rng.pick(&["center", "right", "left"]);
        let created = self.plan.created_local;
        let file = format!(
            "{:02}{:02}{:02}-h-{}{:03}-{:04}",
            created.year() % 100,
            created.month(),
            created.day(),
            self.rng.pick(&["fi", "do", "ca", "mx"]),
            self.rng.below(1000),
            self.rng.below(10_000),
        );
        let uuid = self.uuid();
        let itok = self.token();
        let _ = write!(
            out,
            "<figure role=\"group\" class=\"caption caption-drupal-entity align-{align}\">\
             <div alt=\"{caption}\" data-embed-button=\"file_browser\" data-entity-embed-display=\"image:image\" \
             data-entity-embed-display-settings=\"{{&quot;image_style&quot;:&quot;{style}_newsroom_body_image&quot;,&quot;image_link&quot;:&quot;&quot;,&quot;image_loading&quot;:{{&quot;attribute&quot;:&quot;lazy&quot;}}}}\" \
             data-entity-type=\"file\" data-entity-uuid=\"{uuid}\" data-langcode=\"en\" class=\"embedded-entity\"> \
             <img loading=\"lazy\" src=\"/sites/default/files/styles/{style}_newsroom_body_image/public/{file}.jpg?itok={itok}\" alt=\"{caption}\" class=\"image-style-_00px-newsroom-body-image\" /></div> \
             <figcaption>{caption}</figcaption></figure>",
        );
    }

    fn uuid(&mut self) -> String {
        let bits = self.rng.next_u64();
        let more = self.rng.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            bits >> 32,
            (bits >> 16) & 0xffff,
            bits & 0xfff,
            (more >> 48) & 0x3fff | 0x8000,
            more & 0xffff_ffff_ffff
        )
    }

    fn token(&mut self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..8).map(|_| char::from(self.rng.pick(ALPHABET))).collect()
    }

    /// "SAN DIEGO — " or "<strong>WASHINGTON –</strong> ", as the two newsroom styles do.
    fn dateline(&mut self, out: &mut String) {
        let place = if self.plan.section.ends_with("local-media-release") {
            self.plan.port.city.to_uppercase()
        } else {
            "WASHINGTON".to_owned()
        };
        if self.rng.chance(50) {
            let _ = write!(out, "<strong>{place} \u{2013}</strong> ");
        } else {
            let _ = write!(out, "{place} \u{2014} ");
        }
    }

    fn quote(&mut self, out: &mut String) {
        out.push('\u{201c}');
        let quotes = match self.plan.topic {
            Topic::Signing => prose::SIGNING_QUOTES,
            Topic::Seizure => prose::SEIZURE_QUOTES,
            Topic::Cooperation | Topic::Statement => prose::COOPERATION_QUOTES,
            Topic::Repatriation => prose::REPATRIATION_QUOTES,
            Topic::Engagement | Topic::Page => prose::ENGAGEMENT_QUOTES,
        };
        let quote = self.fresh(quotes);
        self.expand(quote, out);
        out.push_str(",\u{201d} said ");
        self.expand("{official}", out);
        out.push('.');
    }

    /// Writes `text`, the name of a body of `country`, recording a mention of the country when
    /// `text` names it.
    fn push_place(&mut self, country: usize, text: &str, out: &mut String) {
        let words = &vocab::COUNTRIES[country];
        let names = std::iter::once(words.name)
            .chain(words.aliases.iter().copied())
            .chain(std::iter::once(words.demonym));
        if names.into_iter().any(|name| text.contains(name)) {
            self.mentions.push(country);
        }
        out.push_str(text);
    }

    /// A template of `pool` this item has not used yet, when a few draws find one.
    fn fresh(&mut self, pool: &[&'static str]) -> &'static str {
        let mut template = self.rng.pick(pool);
        for _ in 0..4 {
            if !self.used.contains(&template) {
                break;
            }
            template = self.rng.pick(pool);
        }
        self.used.push(template);
        template
    }

    /// Fills the placeholders of `template` (see [`prose`]) into `out`.
    fn expand(&mut self, template: &str, out: &mut String) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                out.push_str(&rest[open..]);
                return;
            };
            self.placeholder(&rest[open + 1..open + close], out);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
    }

    fn placeholder(&mut self, name: &str, out: &mut String) {
        let country = self.country();
        let created = self.plan.created_local;
        match name {
            "country" => {
                self.mentions.push(self.plan.country);
                if !country.aliases.is_empty() && (country.ambiguous || self.rng.chance(25)) {
                    out.push_str(self.rng.pick(country.aliases));
                } else {
                    out.push_str(country.name);
                }
            }
            "demonym" => {
                self.mentions.push(self.plan.country);
                out.push_str(country.demonym);
            }
            // An agency names its country only sometimes ("Japan Customs", but "SUNAT"): count it
            // as a mention only then.
            "agency" => self.push_place(self.plan.country, country.agency, out),
            // Cities are not countries ("Guatemala City"), except a city-state ("Singapore").
            "fcity" => {
                if country.city == country.name {
                    self.mentions.push(self.plan.country);
                }
                out.push_str(country.city);
            }
            "other" => {
                let mut other = skewed_index(&mut self.rng);
                if other == self.plan.country {
                    other = (other + 1) % vocab::COUNTRIES.len();
                }
                self.mentions.push(other);
                let words = &vocab::COUNTRIES[other];
                out.push_str(if words.ambiguous { words.aliases[0] } else { words.name });
            }
            "port" => out.push_str(self.plan.port.name),
            "city" => out.push_str(self.plan.port.city),
            "state" => out.push_str(self.plan.port.state),
            "office" => out.push_str(self.plan.port.field_office),
            "agreement" => out.push_str(self.plan.agreement.full),
            "short" => out.push_str(self.plan.agreement.short),
            "code" => out.push_str(self.plan.agreement.code),
            "goods" => out.push_str(self.plan.goods),
            "unit" => out.push_str(self.rng.pick(vocab::UNITS)),
            "amount" => push_thousands(out, self.rng.between(2, 5_000) as u64),
            "count" => {
                let _ = write!(out, "{}", self.rng.between(2, 200));
            }
            "age" => {
                let _ = write!(out, "{}", self.rng.between(19, 64));
            }
            "value" => {
                if self.rng.chance(50) {
                    let _ =
                        write!(out, "${}.{} million", self.rng.between(1, 90), self.rng.below(10));
                } else {
                    out.push('$');
                    push_thousands(out, self.rng.between(5, 999) as u64 * 1000);
                }
            }
            "official" => {
                let (title, first, surname) = self.plan.official;
                if self.official_named {
                    out.push_str(surname);
                } else {
                    self.official_named = true;
                    let _ = write!(out, "{title} {first} {surname}");
                }
            }
            "surname" => out.push_str(self.plan.official.2),
            "program" => {
                let program = self.rng.pick(vocab::PROGRAMS);
                if self.links && self.rng.chance(30) {
                    let _ = write!(
                        out,
                        "<a href=\"https://www.cbp.gov/border-security/international-initiatives\">{program}</a>"
                    );
                } else {
                    out.push_str(program);
                }
            }
            "year" => {
                let _ = write!(out, "{}", created.year() - self.rng.between(1, 9) as i32);
            }
            "month" => {
                let _ = write!(out, "{}", created.format("%B %-d"));
            }
            other => {
                debug_assert!(false, "unknown placeholder {{{other}}}");
                out.push_str(other);
            }
        }
    }
}

fn push_thousands(out: &mut String, value: u64) {
    let digits = value.to_string();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
}

fn capitalise(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_thousands(value: u64, expected: &str) {
        let mut out = String::new();
        push_thousands(&mut out, value);
        assert_eq!(out, expected);
    }

    #[test]
    fn thousands_separators() {
        check_thousands(7, "7");
        check_thousands(999, "999");
        check_thousands(1000, "1,000");
        check_thousands(123_456_789, "123,456,789");
    }
}
