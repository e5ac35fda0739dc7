use super::*;

/// What the guard hands quick-xml for `input`, read whole and one byte at a time (which
/// must agree).
fn guard(input: &[u8]) -> String {
    let mut whole = Vec::new();
    Guard::new(input).read_to_end(&mut whole).expect("read");
    let mut trickled = Vec::new();
    let one_byte = io::BufReader::with_capacity(1, input);
    Guard::new(one_byte).read_to_end(&mut trickled).expect("read");
    assert_eq!(whole, trickled, "the reads' sizes change the output");
    String::from_utf8(whole).expect("UTF-8 in, UTF-8 out")
}

fn check(input: &str, expected: &str) {
    let output = guard(input.as_bytes());
    if output != expected {
        let short = |text: &str| text.chars().take(300).collect::<String>();
        panic!("{}\ngave    {}\nexpected {}", short(input), short(&output), short(expected));
    }
}

/// A marker as the guard writes it.
fn marker(offset: u64, marker: Marker) -> String {
    Marked { marker, offset }.encode()
}

#[test]
fn well_formed_feeds_pass_unchanged() {
    for input in [
        "<rss version=\"2.0\"><channel><item><title>A &amp; B</title></item></channel></rss>",
        "<?xml version='1.0' encoding='utf-8'?>\n<feed><entry a='>' b=\"/>\"/></feed>",
        "<a><![CDATA[<b>x</b> ]] ]>]]></a>",
        "<!DOCTYPE rss [<!ENTITY e \"x>y\"><!-- > --><?pi >?>]><rss>&e;</rss>",
        "<a>&bogus;&#233;&#x1F600;& AT&T</a>",
        "<a:b xmlns:a='u'>text</a:b >",
        "<a>\u{e9}\u{1F600}</a>",
        "<>x</>",
        "",
    ] {
        check(input, input);
    }
}

#[test]
fn comments_and_processing_instructions_are_dropped() {
    check("<a>x<!-- c -->y</a>", "<a>xy</a>");
    check("<a><!-- a -- b --->x</a>", "<a>x</a>");
    check(
        "<?xml version='1.0'?><?xml-stylesheet href='s'?><?pi?><a/>",
        "<?xml version='1.0'?><a/>",
    );
    check("<?xml?><a/>", "<?xml?><a/>");
    check("<a><?>x</a>", "<a>x</a>");
    // A feed's own `<?pressdex ...?>` is dropped like any other.
    check("<a><?pressdex 0 deep?></a>", "<a></a>");
    let comment = format!("<a><!--{}--></a>", "c".repeat(MAX_MARKUP));
    let len = MAX_MARKUP + 7;
    check(&comment, &format!("<a>{}</a>", marker(3, Marker::LongMarkup(Skipped::Comment, len))));
}

#[test]
fn nesting_is_repaired() {
    check("<a></b></a>", &format!("<a>{}</a>", marker(3, Marker::Stray("b".into()))));
    check(
        "<a><b><c></a>x",
        &format!("<a><b><c>{}</c></b></a>x", marker(9, Marker::Unclosed("c".into()))),
    );
    check("<a><b/></a >", "<a><b/></a >");
    check("<a><b /></a>", "<a><b /></a>");
    // quick-xml reads `<a / >` as a start tag.
    check("<a / ></a>", "<a / ></a>");
}

#[test]
fn markup_quick_xml_cannot_read_is_dropped() {
    let invalid = |offset, start: &str| marker(offset, Marker::Invalid(start.into()));
    check("<a><!x y>z</a>", &format!("<a>{}z</a>", invalid(3, "<!x")));
    check("<a><!-x-->z</a>", &format!("<a>{}z</a>", invalid(3, "<!-x")));
    check("<a><![x[y]]>z</a>", &format!("<a>{}z</a>", invalid(3, "<![x")));
    check("<a><!Dx>z</a>", &format!("<a>{}z</a>", invalid(3, "<!Dx")));
    check("<a><'b x='1>'>z</a>", &format!("<a>{}'>z</a>", invalid(3, "<'b x='1>")));
    check("<!DOCTYPE>", &invalid(0, "<!DOCTYPE>"));
}

#[test]
fn too_deep_elements_are_dropped_and_their_text_kept() {
    let deep = MAX_DEPTH + 10;
    let input = format!("{}x{}<b/>", "<a>".repeat(deep), "</a>".repeat(deep));
    let kept = format!("{}x{}<b/>", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
    let at = kept.find('x').expect("x");
    let expected =
        format!("{}{}{}", &kept[..at], marker(3 * MAX_DEPTH as u64, Marker::TooDeep), &kept[at..]);
    check(&input, &expected);
    // An end tag that closes a kept element closes the dropped ones inside it.
    let input = format!("<r>{}<i>{}</r><i>y</i>", "<a>".repeat(MAX_DEPTH - 1), "<b>".repeat(5));
    let output = guard(input.as_bytes());
    assert!(output.ends_with("</a></r><i>y</i>"), "{output}");
}

#[test]
fn long_tags_keep_their_name() {
    let value = "v".repeat(MAX_MARKUP);
    let input = format!("<r><link href='{value}'/><a x='{value}'>t</a></r>");
    let len = MAX_MARKUP + 15;
    let expected = format!(
        "<r>{}<link/>{}<a>t</a></r>",
        marker(3, Marker::LongTag("link".into(), len)),
        marker(len as u64 + 3, Marker::LongTag("a".into(), MAX_MARKUP + 8)),
    );
    check(&input, &expected);
    let name = "n".repeat(MAX_NAME + 5);
    let output = guard(format!("<{name}>x</{name}>").as_bytes());
    let cut = &name[..MAX_NAME];
    assert!(output.ends_with(&format!("<{cut}>x</{cut}>")), "{output}");
}

#[test]
fn text_and_cdata_are_cut_into_bounded_events() {
    // 'é' is two bytes: no cut may fall inside one, or inside `&amp;`.
    let text = format!("{}&amp;{}", "é".repeat(TEXT_CHUNK / 2 - 1), "x".repeat(3 * TEXT_CHUNK));
    let output = guard(format!("<a>{text}</a>").as_bytes());
    let events: Vec<&str> = output.split("<![CDATA[]]>").collect();
    assert_eq!(events.len(), text.len() / TEXT_CHUNK + 1);
    assert!(events.iter().all(|event| event.len() <= TEXT_CHUNK + 10));
    assert!(output.contains("&amp;"), "cut inside a reference");
    assert_eq!(events.concat(), format!("<a>{text}</a>"));
    let cdata = "y".repeat(2 * TEXT_CHUNK + 1);
    let output = guard(format!("<a><![CDATA[{cdata}]]></a>").as_bytes());
    assert_eq!(output.matches("]]><![CDATA[").count(), 2);
    assert_eq!(output.replace("]]><![CDATA[", ""), format!("<a><![CDATA[{cdata}]]></a>"));
}

#[test]
fn cut_markup_at_the_end_stays_cut() {
    for (input, expected) in [
        ("<a><!-- x", "<a><!--"),
        ("<a><b x='", "<a><b x='"),
        ("<a><?xml ver", "<a><?xml "),
        ("<a><?pi x", "<a><?pi x"),
        ("<a><![CDATA[x", "<a><![CDATA[x"),
        ("<a><!", "<a><!"),
        ("<a><", "<a><"),
        ("<!DOCTYPE x [", "<!DOCTYPE x ["),
    ] {
        check(input, expected);
    }
}

#[test]
fn markers_round_trip() {
    for marker in [
        Marker::TooDeep,
        Marker::Unclosed("a:b".into()),
        Marker::Stray("x?>\"y".into()),
        Marker::Invalid("<!x".into()),
        Marker::LongTag("link".into(), 70_000),
        Marker::LongMarkup(Skipped::Doctype, 123),
    ] {
        let marked = Marked { marker, offset: 42 };
        let encoded = marked.encode();
        let content = &encoded[2..encoded.len() - 2];
        assert_eq!(Marked::decode(content), Some(marked));
    }
    assert_eq!(Marked::decode("pressdexy 1 deep"), None);
    assert_eq!(Marked::decode("other"), None);
}

/// Reads `bytes` as the parser does, through the guard: every event, and the deepest
/// nesting; `Err` for an error that is not the input ending inside markup.
fn events(bytes: &[u8]) -> Result<(usize, usize), String> {
    let mut reader = quick_xml::Reader::from_reader(io::BufReader::new(Guard::new(bytes)));
    reader.config_mut().check_end_names = true;
    reader.config_mut().allow_dangling_amp = true;
    let (mut depth, mut deepest, mut largest) = (0usize, 0usize, 0usize);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => return Ok((deepest, largest)),
            Ok(event) => {
                match event {
                    quick_xml::events::Event::Start(_) => depth += 1,
                    quick_xml::events::Event::End(_) => depth -= 1,
                    _ => {}
                }
                deepest = deepest.max(depth);
                largest = largest.max(buf.len());
            }
            Err(quick_xml::Error::Syntax(_)) => return Ok((deepest, largest)),
            Err(err) => return Err(err.to_string()),
        }
    }
}

const TOKENS: [&str; 24] = [
    "<a>",
    "</a>",
    "<b x='1>'>",
    "</b>",
    "<c/>",
    "</c >",
    "text ",
    "&amp;",
    "&",
    "\u{e9}",
    "<!-- c -->",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?pi x?>",
    "<?xml version='1.0'?>",
    "<!x>",
    "<!DOCTYPE r [<!ENTITY e 'v'>]>",
    "<",
    ">",
    "'",
    "\"",
    "</>",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 512, failure_persistence: None, ..Default::default()
    })]

    /// Any soup of markup: quick-xml reads the guard's output to its end without a
    /// nesting or markup error, never deeper than the limit, in bounded events, whatever
    /// the sizes of the reads.
    #[test]
    fn any_markup_reads_to_the_end(
        parts in proptest::collection::vec(proptest::sample::select(TOKENS.to_vec()), 0..200),
        deep in 0usize..300,
    ) {
        let soup = format!("{}{}", "<d>".repeat(deep), parts.concat());
        let _ = guard(soup.as_bytes());
        let (deepest, largest) = events(soup.as_bytes()).map_err(|err| {
            proptest::test_runner::TestCaseError::fail(format!("{err} in {soup:?}"))
        })?;
        proptest::prop_assert!(deepest <= MAX_DEPTH);
        proptest::prop_assert!(largest <= MAX_MARKUP + 64);
    }

    /// Well-formed markup without comments or processing instructions passes unchanged.
    #[test]
    fn well_formed_markup_passes_unchanged(
        shape in proptest::collection::vec(0u8..4, 0..300),
    ) {
        let mut xml = String::new();
        let mut open = Vec::new();
        for step in shape {
            match step {
                0 if open.len() < MAX_DEPTH => {
                    xml.push_str(&format!("<e{} k=\"{}\">", open.len(), open.len()));
                    open.push(open.len());
                }
                1 if !open.is_empty() => {
                    let depth = open.pop().unwrap_or_default();
                    xml.push_str(&format!("</e{depth}>"));
                }
                2 => xml.push_str("t &lt; \u{1F600}"),
                _ => xml.push_str("<![CDATA[c]]><s/>"),
            }
        }
        proptest::prop_assert_eq!(guard(xml.as_bytes()), xml);
    }
}
