//! The agreement types (CMAA, MRA, ...) a release can report, and one detected agreement with
//! its parties, evidence and date. Which sentences report one is `reports.rs`'s rule, who is a
//! party `parties.rs`'s, when it happened `dates.rs`'s.

use chrono::NaiveDate;

use super::country::Country;

/// A type of international customs agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgreementKind {
    /// Customs Mutual Assistance Agreement.
    Cmaa,
    /// Mutual Recognition Arrangement or Agreement.
    Mra,
    /// Joint Work Plan.
    Jwp,
    /// Memorandum of Understanding or of Cooperation.
    Mou,
    /// Preclearance agreement.
    Preclearance,
    /// Letter of Intent.
    Loi,
    /// Joint Statement or Declaration of Principles.
    Jsd,
}

impl AgreementKind {
    /// Every kind, in a stable order.
    pub const ALL: [AgreementKind; 7] = [
        AgreementKind::Cmaa,
        AgreementKind::Mra,
        AgreementKind::Jwp,
        AgreementKind::Mou,
        AgreementKind::Preclearance,
        AgreementKind::Loi,
        AgreementKind::Jsd,
    ];

    /// The canonical code: `CMAA`, `MRA`, `JWP`, `MOU`, `Preclearance`, `LOI`, `JSD`.
    pub fn code(self) -> &'static str {
        match self {
            AgreementKind::Cmaa => "CMAA",
            AgreementKind::Mra => "MRA",
            AgreementKind::Jwp => "JWP",
            AgreementKind::Mou => "MOU",
            AgreementKind::Preclearance => "Preclearance",
            AgreementKind::Loi => "LOI",
            AgreementKind::Jsd => "JSD",
        }
    }

    /// The full name, e.g. "Customs Mutual Assistance Agreement".
    pub fn full_name(self) -> &'static str {
        match self {
            AgreementKind::Cmaa => "Customs Mutual Assistance Agreement",
            AgreementKind::Mra => "Mutual Recognition Arrangement",
            AgreementKind::Jwp => "Joint Work Plan",
            AgreementKind::Mou => "Memorandum of Understanding",
            AgreementKind::Preclearance => "Preclearance agreement",
            AgreementKind::Loi => "Letter of Intent",
            AgreementKind::Jsd => "Joint Statement or Declaration of Principles",
        }
    }

    /// The kind whose code or full name is `text`, in any case.
    pub fn from_code(text: &str) -> Option<AgreementKind> {
        let text = text.trim();
        AgreementKind::ALL.into_iter().find(|kind| {
            kind.code().eq_ignore_ascii_case(text) || kind.full_name().eq_ignore_ascii_case(text)
        })
    }
}

/// A party to an agreement besides the United States: a country, or the European Union (a
/// party, never a country).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Party {
    /// A country (or area with its own ISO 3166-1 code, such as Hong Kong or Taiwan).
    Country(Country),
    /// The European Union (its Commission signs for it).
    EuropeanUnion,
}

impl Party {
    /// The party's key: the country's ISO 3166-1 alpha-2 code, or `EU`.
    pub fn code(self) -> &'static str {
        match self {
            Party::Country(country) => country.alpha2(),
            Party::EuropeanUnion => "EU",
        }
    }

    /// The party's name: the country's common name, or "European Union".
    pub fn name(self) -> &'static str {
        match self {
            Party::Country(country) => country.name(),
            Party::EuropeanUnion => "European Union",
        }
    }

    /// The party whose key is exactly `code` (`MX`, `EU`): for stored keys.
    pub fn from_code(code: &str) -> Option<Party> {
        match code {
            "EU" => Some(Party::EuropeanUnion),
            _ => Country::from_alpha2(code).map(Party::Country),
        }
    }

    /// The country, when the party is one.
    pub fn country(self) -> Option<Country> {
        match self {
            Party::Country(country) => Some(country),
            Party::EuropeanUnion => None,
        }
    }
}

/// One detected agreement: its type, who signed it with the U.S. (or with each other, in a
/// foreign agency's release), the sentence that reports it and the day it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    /// Which type.
    pub kind: AgreementKind,
    /// The parties besides the United States, from the evidence (or the title), in order of
    /// mention; empty when the text names none.
    pub parties: Vec<Party>,
    /// The sentence of the release that reports it (or the title).
    pub evidence: String,
    /// The day it was signed, renewed or issued, when the text says ("today", "on Sept. 26",
    /// "Monday" against the release's date); `None` when it does not.
    pub event_date: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_code_accepts_codes_and_names() {
        assert_eq!(AgreementKind::from_code("cmaa"), Some(AgreementKind::Cmaa));
        assert_eq!(AgreementKind::from_code("Joint Work Plan"), Some(AgreementKind::Jwp));
        assert_eq!(AgreementKind::from_code("preclearance"), Some(AgreementKind::Preclearance));
        assert_eq!(AgreementKind::from_code("nope"), None);
    }

    #[test]
    fn parties_round_trip_by_code() {
        for party in Country::all().map(Party::Country).chain([Party::EuropeanUnion]) {
            assert_eq!(Party::from_code(party.code()), Some(party));
        }
        assert_eq!(Party::from_code("eu"), None, "codes are exact");
        assert_eq!(Party::EuropeanUnion.name(), "European Union");
    }
}
