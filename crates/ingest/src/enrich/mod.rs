//! Enrichment: the countries and agreement types a release is about, from its text.

mod agreement;
mod country;

pub use agreement::{Agreement, AgreementKind};
pub use country::Country;

use crate::PressRelease;

/// Fills `release.countries` and `release.agreements` from its title, summary, body and
/// captions.
pub fn enrich(release: &mut PressRelease) {
    release.countries = country::extract_countries(release);
    release.agreements = agreement::extract_agreements(release);
}
