//! quick-xml's DOCTYPE scanner, one byte at a time (the guard must end a DOCTYPE where
//! quick-xml does).

use quick_xml::parser::{CommentParser, ElementParser, Parser as _, PiParser};

/// quick-xml's DOCTYPE scanner (`DtdParser`, private to it), one byte at a time: quoted
/// strings and the internal subset may hold `>`.
#[derive(Clone, Copy)]
pub(super) enum Dtd {
    BeforeSubset(Option<u8>),
    InSubset,
    AfterSubset,
    /// After `<` in the subset: up to 9 bytes until the kind of declaration is known.
    Undecided([u8; 9], usize),
    InComment(CommentParser),
    InPi(PiParser),
    InElementDecl,
    InQuoted(ElementParser),
}

impl Dtd {
    /// Reads one byte; `true` when it is the `>` that ends the DOCTYPE.
    pub(super) fn feed(&mut self, byte: u8) -> bool {
        match self {
            Dtd::BeforeSubset(None) => match byte {
                b'\'' | b'"' => *self = Dtd::BeforeSubset(Some(byte)),
                b'[' => *self = Dtd::InSubset,
                b'>' => return true,
                _ => {}
            },
            Dtd::BeforeSubset(Some(quote)) => {
                if byte == *quote {
                    *self = Dtd::BeforeSubset(None);
                }
            }
            Dtd::InSubset => match byte {
                b']' => *self = Dtd::AfterSubset,
                b'<' => *self = Dtd::Undecided([0; 9], 0),
                _ => {}
            },
            Dtd::AfterSubset => return byte == b'>',
            Dtd::Undecided(bytes, len) => {
                bytes[*len] = byte;
                *len += 1;
                let markup = &bytes[..*len];
                let quoted = Dtd::InQuoted(ElementParser::Outside);
                *self = match markup {
                    [b'?', ..] => Dtd::InPi(PiParser(false)),
                    [b'!', b'-', b'-', ..] => Dtd::InComment(CommentParser::Seen0),
                    [b'!', b'E', b'L', b'E', b'M', b'E', b'N', b'T', ..] => Dtd::InElementDecl,
                    [b'!', b'E', b'N', b'T', b'I', b'T', b'Y', ..] => quoted,
                    [b'!', b'A', b'T', b'T', b'L', b'I', b'S', b'T', ..] => quoted,
                    [b'!', b'N', b'O', b'T', b'A', b'T', b'I', b'O', b'N', ..] => quoted,
                    _ if byte == b'>' => Dtd::InSubset,
                    _ if markup.len() == 9 => Dtd::InElementDecl,
                    _ => return false,
                };
            }
            Dtd::InComment(parser) => {
                if parser.feed(&[byte]).is_some() {
                    *self = Dtd::InSubset;
                }
            }
            Dtd::InPi(parser) => {
                if parser.feed(&[byte]).is_some() {
                    *self = Dtd::InSubset;
                }
            }
            Dtd::InElementDecl => {
                if byte == b'>' {
                    *self = Dtd::InSubset;
                }
            }
            Dtd::InQuoted(parser) => {
                if parser.feed(&[byte]).is_some() {
                    *self = Dtd::InSubset;
                }
            }
        }
        false
    }
}
