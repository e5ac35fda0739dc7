//! The guard's markers: what it changed, carried in the stream to the parser as a processing
//! instruction `<?pressdex OFFSET WHAT ...?>`.

/// The target of the guard's processing instructions.
const TARGET: &str = "pressdex";

/// What the guard changed, announced where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    /// Elements nested deeper than [`MAX_DEPTH`] were dropped from here.
    TooDeep,
    /// An end tag closed this element, which was still open inside the one it names.
    Unclosed(String),
    /// An end tag (its name) that closes no open element was dropped.
    Stray(String),
    /// Markup quick-xml cannot read (its first bytes) was dropped.
    Invalid(String),
    /// A tag (its name) of this many bytes lost its attributes.
    LongTag(String, usize),
    /// A comment, processing instruction or DOCTYPE of this many bytes was dropped.
    LongMarkup(Skipped, usize),
}

/// Markup dropped for its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Skipped {
    Comment,
    ProcessingInstruction,
    Doctype,
}

/// A marker, and the byte offset in the guard's input where the change happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Marked {
    pub(crate) marker: Marker,
    pub(crate) offset: u64,
}

impl Marked {
    /// The processing instruction that carries it. Names travel as hex, so no byte of a name
    /// can end the instruction.
    pub(super) fn encode(&self) -> String {
        let hex = |name: &str| name.bytes().map(|byte| format!("{byte:02x}")).collect::<String>();
        let body = match &self.marker {
            Marker::TooDeep => "deep".to_owned(),
            Marker::Unclosed(name) => format!("unclosed {}", hex(name)),
            Marker::Stray(name) => format!("stray {}", hex(name)),
            Marker::Invalid(start) => format!("invalid {}", hex(start)),
            Marker::LongTag(name, len) => format!("tag {len} {}", hex(name)),
            Marker::LongMarkup(what, len) => {
                let what = match what {
                    Skipped::Comment => "comment",
                    Skipped::ProcessingInstruction => "pi",
                    Skipped::Doctype => "doctype",
                };
                format!("{what} {len}")
            }
        };
        format!("<?{TARGET} {} {body}?>", self.offset)
    }

    /// Reads the content of a processing instruction (between `<?` and `?>`); `None` when it
    /// is not a marker.
    pub(crate) fn decode(content: &str) -> Option<Marked> {
        let mut words = content.strip_prefix(TARGET)?.split_ascii_whitespace();
        let offset = words.next()?.parse().ok()?;
        let unhex = |hex: &str| -> Option<String> {
            let bytes: Option<Vec<u8>> = (0..hex.len())
                .step_by(2)
                .map(|at| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok())
                .collect();
            Some(String::from_utf8_lossy(&bytes?).into_owned())
        };
        let name = |word: Option<&str>| unhex(word.unwrap_or(""));
        let marker = match words.next()? {
            "deep" => Marker::TooDeep,
            "unclosed" => Marker::Unclosed(name(words.next())?),
            "stray" => Marker::Stray(name(words.next())?),
            "invalid" => Marker::Invalid(name(words.next())?),
            "tag" => {
                let len = words.next()?.parse().ok()?;
                Marker::LongTag(name(words.next())?, len)
            }
            what => {
                let what = match what {
                    "comment" => Skipped::Comment,
                    "pi" => Skipped::ProcessingInstruction,
                    "doctype" => Skipped::Doctype,
                    _ => return None,
                };
                Marker::LongMarkup(what, words.next()?.parse().ok()?)
            }
        };
        Some(Marked { marker, offset })
    }
}
