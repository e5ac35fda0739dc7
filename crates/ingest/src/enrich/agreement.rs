//! The agreement types (CMAA, MRA, ...) a release can report, and one detected agreement with
//! its evidence. Which sentences report one is `reports.rs`'s rule.

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

/// One detected agreement, with the sentence that triggered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    /// Which type.
    pub kind: AgreementKind,
    /// The sentence of the release that reports it.
    pub evidence: String,
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
}
