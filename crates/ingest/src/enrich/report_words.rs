//! Word lists for agreements: the agreement names, generic words and trigger verbs the
//! automaton of `scan.rs` finds, and the words `reports.rs` (and `salience.rs`) look for around
//! them to tell news from background, wishes, counts and other documents. Lookup tables, alone.

use super::agreement::AgreementKind;

/// Which kind of trigger verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Trigger {
    /// sign, conclude, renew, enter into force, finalize, ink...
    Act,
    /// announce: reports intent as news, even of a future signing.
    Announce,
    /// enter into force, come into effect...: news even in the future tense when a day is named
    /// ("will come into effect on Sunday 1 October").
    Force,
}

/// Agreement names, acronyms and plurals. Full names are lower case so they match in any case;
/// acronyms keep their capitals ("MoU" matches "MOU" and "MoU").
pub(crate) const AGREEMENT_PATTERNS: &[(&str, AgreementKind)] = &[
    ("customs mutual assistance agreement", AgreementKind::Cmaa),
    ("customs mutual assistance agreements", AgreementKind::Cmaa),
    ("agreement on mutual assistance in customs matters", AgreementKind::Cmaa),
    ("agreement on mutual administrative assistance in customs matters", AgreementKind::Cmaa),
    ("agreements on mutual administrative assistance in customs matters", AgreementKind::Cmaa),
    ("mutual administrative assistance agreement", AgreementKind::Cmaa),
    // With co-operation joined to the assistance: "agreement on cooperation and mutual
    // assistance in customs matters", "Co-operative and Mutual Assistance Arrangement".
    ("agreement on cooperation and mutual assistance in customs matters", AgreementKind::Cmaa),
    ("agreement on co-operation and mutual assistance in customs matters", AgreementKind::Cmaa),
    (
        "agreement on cooperation and mutual administrative assistance in customs matters",
        AgreementKind::Cmaa,
    ),
    ("mutual assistance arrangement", AgreementKind::Cmaa),
    ("CMAA", AgreementKind::Cmaa),
    ("CMAAs", AgreementKind::Cmaa),
    ("mutual recognition arrangement", AgreementKind::Mra),
    ("mutual recognition arrangements", AgreementKind::Mra),
    ("mutual recognition agreement", AgreementKind::Mra),
    ("mutual recognition agreements", AgreementKind::Mra),
    ("MRA", AgreementKind::Mra),
    ("MRAs", AgreementKind::Mra),
    ("joint work plan", AgreementKind::Jwp),
    ("joint work plans", AgreementKind::Jwp),
    ("joint workplan", AgreementKind::Jwp),
    ("joint workplans", AgreementKind::Jwp),
    ("JWP", AgreementKind::Jwp),
    ("JWPs", AgreementKind::Jwp),
    ("memorandum of understanding", AgreementKind::Mou),
    ("memoranda of understanding", AgreementKind::Mou),
    ("memorandums of understanding", AgreementKind::Mou),
    ("memorandum of cooperation", AgreementKind::Mou),
    ("memoranda of cooperation", AgreementKind::Mou),
    ("memorandums of cooperation", AgreementKind::Mou),
    ("MoU", AgreementKind::Mou),
    ("MoUs", AgreementKind::Mou),
    ("MoC", AgreementKind::Mou),
    ("MoCs", AgreementKind::Mou),
    ("preclearance agreement", AgreementKind::Preclearance),
    ("preclearance agreements", AgreementKind::Preclearance),
    ("pre-clearance agreement", AgreementKind::Preclearance),
    ("pre-clearance agreements", AgreementKind::Preclearance),
    ("agreement on preclearance", AgreementKind::Preclearance),
    ("letter of intent", AgreementKind::Loi),
    ("letters of intent", AgreementKind::Loi),
    ("LOI", AgreementKind::Loi),
    ("LOIs", AgreementKind::Loi),
    ("memorandum of agreement", AgreementKind::Mou),
    // A plain memorandum, signed, is one of understanding by another name ("signed a memorandum
    // on co-operative arrangements", "the memorandum ... was signed by"): the longer names above
    // win where they match.
    ("memorandum", AgreementKind::Mou),
    ("memoranda", AgreementKind::Mou),
    ("memorandums", AgreementKind::Mou),
    ("memoranda of agreement", AgreementKind::Mou),
    ("MoA", AgreementKind::Mou),
    ("mutual recognition decision", AgreementKind::Mra),
    ("mutual recognition decisions", AgreementKind::Mra),
    ("work plan", AgreementKind::Jwp),
    ("work plans", AgreementKind::Jwp),
    ("workplan", AgreementKind::Jwp),
    ("joint statement", AgreementKind::Jsd),
    ("joint statements", AgreementKind::Jsd),
    ("joint media statement", AgreementKind::Jsd),
    ("joint press statement", AgreementKind::Jsd),
    ("joint declaration", AgreementKind::Jsd),
    ("joint declarations", AgreementKind::Jsd),
    ("declaration of principles", AgreementKind::Jsd),
    ("declarations of principles", AgreementKind::Jsd),
    ("DOP", AgreementKind::Jsd),
];

/// Words for an agreement that do not say its type: a report of one may name the type by its
/// purpose ("an agreement to open a preclearance facility") or in the next sentence ("This
/// document is called a letter of intent").
pub(crate) const GENERIC_AGREEMENTS: &[&str] =
    &["agreement", "agreements", "arrangement", "arrangements", "accord", "accords"];

/// Names of the European Union, which can be a party (never a country).
pub(crate) const EUROPEAN_UNION: &[&str] =
    &["European Union", "EU", "E.U.", "European Commission", "European Communities"];

/// Verbs that report an agreement as news, in any case.
pub(crate) const TRIGGER_PATTERNS: &[(&str, Trigger)] = &[
    ("sign", Trigger::Act),
    ("signs", Trigger::Act),
    ("signed", Trigger::Act),
    ("signing", Trigger::Act),
    ("signature", Trigger::Act),
    ("conclude", Trigger::Act),
    ("concludes", Trigger::Act),
    ("concluded", Trigger::Act),
    ("concluding", Trigger::Act),
    ("renew", Trigger::Act),
    ("renews", Trigger::Act),
    ("renewed", Trigger::Act),
    ("renewing", Trigger::Act),
    ("renewal", Trigger::Act),
    ("enter into force", Trigger::Force),
    ("enters into force", Trigger::Force),
    ("entered into force", Trigger::Force),
    ("entering into force", Trigger::Force),
    ("entry into force", Trigger::Force),
    ("came into force", Trigger::Force),
    ("comes into force", Trigger::Force),
    ("come into effect", Trigger::Force),
    ("comes into effect", Trigger::Force),
    ("came into effect", Trigger::Force),
    ("coming into effect", Trigger::Force),
    ("enter into effect", Trigger::Force),
    ("enters into effect", Trigger::Force),
    ("entered into effect", Trigger::Force),
    ("go into effect", Trigger::Force),
    ("goes into effect", Trigger::Force),
    ("went into effect", Trigger::Force),
    ("took effect", Trigger::Force),
    ("takes effect", Trigger::Force),
    ("finalize", Trigger::Act),
    ("finalizes", Trigger::Act),
    ("finalized", Trigger::Act),
    ("finalizing", Trigger::Act),
    ("finalise", Trigger::Act),
    ("finalised", Trigger::Act),
    ("ink", Trigger::Act),
    ("inks", Trigger::Act),
    ("inked", Trigger::Act),
    ("execute", Trigger::Act),
    ("executes", Trigger::Act),
    ("executed", Trigger::Act),
    ("formalize", Trigger::Act),
    ("formalizes", Trigger::Act),
    ("formalized", Trigger::Act),
    ("formalise", Trigger::Act),
    ("formalised", Trigger::Act),
    ("initialed", Trigger::Act),
    ("initialled", Trigger::Act),
    ("extend", Trigger::Act),
    ("extends", Trigger::Act),
    ("extended", Trigger::Act),
    ("launch", Trigger::Act),
    ("launches", Trigger::Act),
    ("launched", Trigger::Act),
    ("reached", Trigger::Act),
    ("adopt", Trigger::Act),
    ("adopts", Trigger::Act),
    ("adopted", Trigger::Act),
    ("issue", Trigger::Act),
    ("issues", Trigger::Act),
    ("issued", Trigger::Act),
    ("issuing", Trigger::Act),
    ("announce", Trigger::Announce),
    ("announces", Trigger::Announce),
    ("announced", Trigger::Announce),
    ("announcing", Trigger::Announce),
    ("announcement", Trigger::Announce),
];

/// Words that, among the three before a trigger, make it hypothetical or negated.
pub(super) const HEDGES: &[&str] =
    &["once", "if", "when", "until", "unless", "whether", "not", "never", "yet", "without", "no"];

/// Phrases that date a sentence to the past.
pub(super) const HISTORY: &[&str] = &[
    "last year",
    "previously",
    "years ago",
    "in the past",
    "decades ago",
    "the past year",
    "over the past",
];

/// Phrases that, besides [`HISTORY`], make a sentence background for the countries it names:
/// "with previous arrangements signed with New Zealand, Canada, Jordan and Japan".
pub(super) const COUNTRY_HISTORY: &[&str] =
    &["previous", "first signed", "since 19", "since 20", "building on", "built on"];

/// Words that, among the few words right before a country, make it the scene of a threat the
/// release only refers to rather than its news: "the recent terrorist attacks in Niger",
/// "terrorist organisations in Syria", "Russia's war" (see `salience.rs`).
pub(super) const COUNTRY_THREATS: &[&str] = &[
    "terrorist",
    "terrorists",
    "terrorism",
    "attack",
    "attacks",
    "war",
    "conflict",
    "invasion",
    "insurgency",
    "violence",
];

/// Words that, before a country in its sentence, make it a wish or a plan rather than news:
/// "hopes it will also include participation from Mexico", "is in the process of discussing MRAs with Malaysia", "will visit the
/// Federal Customs Service of Russia tomorrow", "is actively pursuing such agreements with South
/// Korea", "seek to adopt the Strategic Frameworks with Armenia".
pub(super) const COUNTRY_WISHES: &[&str] = &[
    "hope",
    "hopes",
    "hoped",
    "hoping",
    "wish",
    "wishes",
    "intend",
    "intends",
    "would",
    "might",
    "will",
    "discussing",
    "negotiate",
    "negotiating",
    "explore",
    "exploring",
    "pursue",
    "pursuing",
    "seek",
    "seeks",
    "future",
];

/// Documents of kinds the facet does not tag, found so that they bound an agreement's clause
/// ("signed the MRA with South Africa, MRA Action Plans with Chile and Peru"; "an MOU for a road
/// map to apply bilateral recognition of AEO status": the memorandum is not the recognition).
pub(crate) const OTHER_DOCUMENTS: &[&str] = &[
    "action plan",
    "action plans",
    "agreed minutes",
    "road map",
    "road maps",
    "roadmap",
    "roadmaps",
];

/// Words after an agreement's name that make it the subject of another document or event, not
/// the document itself: "MRA Action Plans", "MRA negotiations", "a joint China-NZ MRA
/// conference".
pub(super) const NOT_THE_DOCUMENT: &[&str] = &[
    "action plan",
    "action plans",
    "negotiation",
    "negotiations",
    "talks",
    "conference",
    "working group",
    "committee",
    "network",
    "programme",
    "program",
];

/// Words before an agreement's name that make it the basis of something else, not news:
/// "under the CMAA signed in 2012", "pursuant to the MOU".
pub(super) const BASES: &[&str] = &["under", "pursuant", "accordance", "per"];

/// Words that, anywhere before a trigger in its sentence, make it a wish, not a report.
pub(super) const WISHES: &[&str] = &[
    "hope",
    "hopes",
    "hoped",
    "hoping",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "intending",
    "expect",
    "expects",
    "expected",
    "expecting",
    "aim",
    "aims",
    "aiming",
    "seek",
    "seeks",
    "seeking",
    "forward",
    "would",
    "will",
    "shall",
    "could",
    "may",
    "might",
    "should",
    "wish",
    "wishes",
    "want",
    "wants",
    "negotiate",
    "negotiates",
    "negotiating",
    "negotiation",
    "negotiations",
    "toward",
    "towards",
    "proposed",
    "preparation",
    "preparations",
    "preparing",
];

/// Quantities that make a plural agreement phrase a count when its sentence is in the perfect.
pub(super) const QUANTITIES: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "dozen",
    "more",
    "over",
    "nearly",
    "almost",
    "about",
    "around",
    "approximately",
    "some",
    "several",
    "multiple",
];

/// Quantities that make a plural agreement phrase a count in any tense: no single signing
/// produces them.
pub(super) const MULTITUDES: &[&str] =
    &["dozens", "hundreds", "scores", "numerous", "many", "countless"];
