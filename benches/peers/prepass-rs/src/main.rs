//! `prepass FEED.xml OUT.jsonl`: every RSS `<item>` as one JSON line (guid, link, published,
//! title, body), the body being the text of the HTML description: tags dropped, HTML entities
//! decoded, whitespace collapsed. Streams: memory does not grow with the feed.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::process::ExitCode;

use quick_xml::Reader;
use quick_xml::escape::resolve_html5_entity;
use quick_xml::events::Event;
use serde::Serialize;

#[derive(Default, Serialize)]
struct Release {
    guid: String,
    link: String,
    published: String,
    title: String,
    body: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: prepass FEED.xml OUT.jsonl");
        return ExitCode::from(2);
    }
    match run(&args[1], &args[2]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("prepass: {err}");
            ExitCode::from(2)
        }
    }
}

fn run(feed: &str, out: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut reader = Reader::from_reader(BufReader::with_capacity(1 << 16, File::open(feed)?));
    let mut out = BufWriter::with_capacity(1 << 16, File::create(out)?);
    let mut buf = Vec::new();
    let mut text_buf = Vec::new();
    let mut release: Option<Release> = None;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf)? {
            Event::Start(start) => {
                let name = start.name();
                if name.as_ref() == "item" {
                    release = Some(Release::default());
                    continue;
                }
                let Some(release) = release.as_mut() else { continue };
                let field = match name.as_ref() {
                    "guid" => &mut release.guid,
                    "link" => &mut release.link,
                    "pubDate" => &mut release.published,
                    "title" => &mut release.title,
                    "description" => &mut release.body,
                    _ => continue,
                };
                let end = start.to_end().into_owned();
                text_buf.clear();
                let raw = reader.read_text_into(end.name(), &mut text_buf)?;
                let raw = raw.xml10_content();
                let text = xml_text(&raw);
                *field = if name.as_ref() == "description" {
                    html_text(&text)
                } else {
                    text.into_owned()
                };
            }
            Event::End(end) if end.name().as_ref() == "item" => {
                if let Some(release) = release.take() {
                    serde_json::to_writer(&mut out, &release)?;
                    out.write_all(b"\n")?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out.flush()?;
    Ok(())
}

/// XML character data with its entities and CDATA sections resolved.
fn xml_text(raw: &str) -> Cow<'_, str> {
    if let Some(inner) =
        raw.trim().strip_prefix("<![CDATA[").and_then(|rest| rest.strip_suffix("]]>"))
    {
        return Cow::Borrowed(inner);
    }
    decode_entities(raw)
}

/// The text of an HTML fragment: each tag (or comment) becomes a space, entities are decoded
/// and runs of whitespace collapse to one space.
fn html_text(html: &str) -> String {
    let mut stripped = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        stripped.push_str(&rest[..open]);
        stripped.push(' ');
        let tag = &rest[open..];
        let close = if tag.starts_with("<!--") {
            tag.find("-->").map(|end| end + 3)
        } else {
            tag.find('>').map(|end| end + 1)
        };
        match close {
            Some(close) => rest = &tag[close..],
            None => {
                rest = "";
            }
        }
    }
    stripped.push_str(rest);
    let decoded = decode_entities(&stripped);
    let mut body = String::with_capacity(decoded.len());
    for word in decoded.split_whitespace() {
        if !body.is_empty() {
            body.push(' ');
        }
        body.push_str(word);
    }
    body
}

/// `&name;` and `&#N;` / `&#xN;` decoded (HTML5 names); an `&` that starts no known reference
/// stays as written, as browsers do.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semicolon = after.bytes().take(40).position(|byte| byte == b';');
        let reference = semicolon.map(|semi| &after[..semi]);
        let resolved = reference.and_then(|name| match name.strip_prefix('#') {
            Some(number) => {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                };
                code.and_then(char::from_u32).map(|c| (name.len(), Cow::Owned(c.to_string())))
            }
            None => {
                let value = match name {
                    // RSS escapes its HTML with these: skip the 2,000-name HTML5 table for them.
                    "lt" => Some("<"),
                    "gt" => Some(">"),
                    "amp" => Some("&"),
                    "quot" => Some("\""),
                    _ => resolve_html5_entity(name),
                };
                value.map(|value| (name.len(), Cow::Borrowed(value)))
            }
        });
        match resolved {
            Some((length, value)) => {
                decoded.push_str(&value);
                rest = &after[length + 1..];
            }
            None => {
                decoded.push('&');
                rest = after;
            }
        }
    }
    decoded.push_str(rest);
    Cow::Owned(decoded)
}
